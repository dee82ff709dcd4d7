"""CSV bytes in and out, for `data check`, `data load` and `data add` alike.

The reader turns a file's bytes into a header and records, each record with
the line it starts on and its exact text, or into `Issue`s saying why it
cannot: not UTF-8, another delimiter than the comma, a row with more or fewer
cells than the header, a cell beyond the field size limit, broken quoting.
Only carriage return and line feed end a record; the other characters that
`str.splitlines` treats as breaks (U+2028, U+2029, U+0085, form feed...) are
ordinary text inside a cell. A byte-order mark is allowed and remembered, and
so is the file's line ending; empty lines at the very end are tolerated.

The writer puts records back together: records it was not asked to change
keep their exact text, new ones are serialised by the csv module with the
file's own line ending, and the result is read back before anyone writes it.
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

BOM = b"\xef\xbb\xbf"
# Large enough for any quote a row could carry (the csv module's default is
# 128 KiB); anything longer is refused with a message, never a traceback.
FIELD_SIZE_LIMIT = 16 * 1024 * 1024
OTHER_DELIMITERS = (";", "\t", "|")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
EMPTY_FILE = "the file is empty (expected a header row and data rows)"


class Issue(NamedTuple):
    """One reason a file cannot be read as the project's CSV (callers add the file name)."""

    line: int | None
    column: str | None
    value: str | None
    rule: str


@dataclass(frozen=True)
class Record:
    cells: list[str]
    line: int  # physical line the record starts on; the header is line 1
    text: str  # the record exactly as in the file, its line ending included


@dataclass(frozen=True)
class Table:
    header: list[str]
    records: list[Record]
    header_text: str
    tail: str  # empty lines after the last record, kept as they were
    newline: str  # the file's own line ending, used for new records
    bom: bool


@contextmanager
def _field_size_limit(limit: int):
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _physical_lines(text: str) -> list[str]:
    # newline="" splits at \r, \n and \r\n only (as the csv module does) and keeps them.
    return io.StringIO(text, newline="").readlines()


def _line_ending(text: str) -> str | None:
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return ending
    return None


def decode(raw: bytes) -> tuple[str | None, bool, list[Issue]]:
    """The text of `raw` without its byte-order mark, whether it had one, and issues."""
    bom = raw.startswith(BOM)
    body = raw[len(BOM):] if bom else raw
    if not body.strip():
        return None, bom, [Issue(None, None, None, EMPTY_FILE)]
    if body.startswith(_UTF16_BOMS):
        return None, bom, [Issue(1, None, None, "the file is UTF-16 text; save it as UTF-8 (rule: encoding utf-8)")]
    try:
        return body.decode("utf-8"), bom, []
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        bad = body[error.start : error.start + 4].hex(" ")
        return None, bom, [Issue(line, None, f"bytes {bad}", "the file is not UTF-8 text (rule: encoding utf-8)")]


def read(raw: bytes) -> tuple[Table | None, list[Issue]]:
    """Parse the bytes of a CSV file; the table is None when it cannot be read at all."""
    text, bom, issues = decode(raw)
    if issues:
        return None, issues
    lines = _physical_lines(text)
    reader = csv.reader(lines, strict=True)
    records: list[tuple[list[str], int, str]] = []
    consumed = 0
    with _field_size_limit(FIELD_SIZE_LIMIT):
        try:
            for cells in reader:
                records.append((cells, consumed + 1, "".join(lines[consumed : reader.line_num])))
                consumed = reader.line_num
        except csv.Error as error:
            return None, [_syntax_issue(error, consumed + 1)]
    (header, _, header_text), body = records[0], records[1:]
    tail = []
    while body and not body[-1][0]:  # empty lines at the end of the file
        tail.insert(0, body.pop()[2])
    issues = _header_issues(header)
    if issues:
        return None, issues
    for cells, line, _ in body:
        issues += _shape_issues(header, cells, line)
    table = Table(header=header, records=[Record(cells, line, text) for cells, line, text in body],
                  header_text=header_text, tail="".join(tail), newline=_line_ending(header_text) or "\n", bom=bom)
    return table, issues


def _syntax_issue(error: csv.Error, line: int) -> Issue:
    if "field larger than field limit" in str(error):
        return Issue(line, None, None, f"a cell is longer than {FIELD_SIZE_LIMIT // (1024 * 1024)} MiB "
                                       "(rule: field size limit)")
    return Issue(line, None, None, f"not valid CSV from this line on: {error} (rule: CSV quoting)")


def _header_issues(header: list[str]) -> list[Issue]:
    if not header:
        return [Issue(1, None, None, "the first line is empty; it must be the header (the column names)")]
    for delimiter in OTHER_DELIMITERS:
        if sum(name.count(delimiter) for name in header) > len(header) - 1:
            shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
            return [Issue(1, None, None, f"the columns are separated by {shown}, not by commas (rule: delimiter ',')")]
    issues = [Issue(1, None, None, "the header has an empty column name")] if "" in header else []
    seen = set()
    for name in header:
        if name in seen:
            issues.append(Issue(1, name, None, "column appears twice in the header"))
        seen.add(name)
    return issues


def _shape_issues(header: list[str], cells: list[str], line: int) -> list[Issue]:
    if not cells:
        return [Issue(line, None, None, "empty line inside the table (rule: no blank rows)")]
    if len(cells) > len(header):
        extra = cells[len(header)]
        return [Issue(line, None, extra, f"the row has {len(cells)} cells but the header names {len(header)} "
                                         f"columns; the value shown is the first extra cell (rule: one cell per column)")]
    if len(cells) < len(header):
        return [Issue(line, header[len(cells)], None, f"the row has {len(cells)} cells but the header names "
                                                      f"{len(header)} columns (rule: one cell per column)")]
    return []


def format_record(cells: list[str], newline: str) -> str:
    """One record as the csv module writes it, ending in `newline`."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=newline).writerow(cells)
    return buffer.getvalue()


def line_count(text: str) -> int:
    """Physical lines of a record's text."""
    return len(_physical_lines(text))


def compose(table: Table, pieces: list[str]) -> bytes:
    """The file with `pieces` (record texts, old and new, in order) after its header.

    A header or record that ended the file without a line ending gains the
    file's own before anything follows it; every other byte is kept."""
    parts = [table.header_text, *pieces]
    for index in range(len(parts) - 1):
        if _line_ending(parts[index]) is None:
            parts[index] += table.newline
    if table.tail and _line_ending(parts[-1]) is None:
        parts[-1] += table.newline
    text = "".join(parts) + table.tail
    return (BOM if table.bom else b"") + text.encode("utf-8")
