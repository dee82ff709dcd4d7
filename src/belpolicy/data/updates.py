"""Guided data updates: `belpolicy data add` appends records to a table only
after the whole resulting table passes every rule `data check` applies (plus
the update rules: a full set of poll answers unless --partial, no count older
than its counter's newest unless --allow-backfill). On any problem nothing is
written and each problem names the input (the --file and its line, or the
command line); on success the file is replaced atomically, existing records
keep every byte, new rows go where the table's date order puts them, written
by the csv module with the file's own line ending."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from belpolicy.data import csvio, tables
from belpolicy.data.tables import Problem
from belpolicy.errors import BelpolicyError, DataValidationError

COMMAND_LINE = "command line"


def table_name(alias: str) -> str:
    """The table a name given to `data add` means: a table name, or the short
    `update_alias` the descriptor gives it (prisoners, release, poll, ...)."""
    aliases = {spec["update_alias"]: spec["name"] for spec in tables.datapackage()["resources"] if "update_alias" in spec}
    name = aliases.get(alias, alias)
    tables.resource_spec(name)  # unknown names fail with the list of known ones
    return name


def read_rows_file(path: Path) -> tuple[list[dict], list[int]]:
    """The rows of an update file (header = column names) and the line each starts on.

    Read by the same reader as the tables: a byte-order mark, CRLF and a final
    empty line are fine; another delimiter, a row with extra or missing cells
    or bad quoting is a problem naming the file and line."""
    shown = str(path)
    table, problems = tables.read_table(Path(path), shown)
    if problems:
        if [problem.rule for problem in problems] == [csvio.EMPTY_FILE]:
            raise BelpolicyError(f"{shown} is empty: give a header line of column names and one line per row")
        raise DataValidationError(problems)
    if not table.records:
        raise BelpolicyError(f"{shown} has a header but no rows: nothing to add (one line per row after the header)")
    return ([dict(zip(table.header, record.cells)) for record in table.records],
            [record.line for record in table.records])


def _origins(source: str, rows: list[dict], lines: list[int] | None) -> list[tuple]:
    if lines is not None:
        return [(source, line) for line in lines]
    if len(rows) == 1:
        return [(source, None)]
    return [(f"{source}, row {number}", None) for number in range(1, len(rows) + 1)]


def _column_problems(name: str, rows: list[dict], fields: list[str], origins: list[tuple],
                     from_file: bool) -> list[Problem]:
    problems = []
    for row, (source, line) in zip(rows, origins):
        for column, value in row.items():
            if column not in fields:
                problems.append(Problem(source, 1 if from_file else line, column, None if from_file else value,
                                        f"{name} has no such column; its columns are {', '.join(fields)}"))
        if from_file:  # the header is the same for every row: report it once
            break
    return problems


def _position(rows: list[list[str]], column: int | None, cells: list[str]) -> int:
    """Where a new row goes: before the first row dated later, else (or when it
    has no date to place it by) at the end."""
    if column is None or not cells[column]:
        return len(rows)
    return next((i for i, existing in enumerate(rows) if existing[column] > cells[column]), len(rows))


@dataclass
class _Entry:
    """One row of the table being built: an existing record or a new row."""

    cells: list[str]
    origin: tuple  # (file, line) a problem in the row is reported at: data/ for old rows, the input for new
    text: str | None  # the record's exact text in the table; None for a new row


def add_rows(alias: str, rows: list[dict], *, partial: bool = False, allow_backfill: bool = False,
             source: str = COMMAND_LINE, lines: list[int] | None = None) -> tuple[Path, list[int]]:
    """Add `rows` (dicts of text, taken exactly as given) to a table. `source`
    and `lines` say where they came from, for the messages. Returns the file
    and the new rows' line numbers; raises DataValidationError and writes
    nothing on any problem."""
    name = table_name(alias)
    spec = tables.resource_spec(name)
    path = tables.dataset_path(name)
    shown = tables.display_path(path)
    fields = [field["name"] for field in spec["schema"]["fields"]]
    problems = tables.check_dataset(name)
    if problems:  # never build on a table that is already broken
        raise DataValidationError(problems)
    origins = _origins(source, rows, lines)
    problems = _column_problems(name, rows, fields, origins, from_file=lines is not None)
    if problems:
        raise DataValidationError(problems)

    table, _ = csvio.read(path.read_bytes())
    header = table.header
    date_field = spec.get("date_field")
    column = header.index(date_field) if date_field in header else None
    entries = [_Entry(record.cells, (shown, record.line), record.text) for record in table.records]
    for row, origin in zip(rows, origins):  # in input order; stable: after rows of the same date
        cells = ["" if row.get(field) is None else str(row.get(field)) for field in header]
        entries.insert(_position([entry.cells for entry in entries], column, cells), _Entry(cells, origin, None))
    new = frozenset(index for index, entry in enumerate(entries) if entry.text is None)
    problems = tables.check_rows(name, header, [entry.cells for entry in entries], [entry.origin for entry in entries],
                               new=new, partial=partial, allow_backfill=allow_backfill)
    if problems:
        raise DataValidationError(problems)

    pieces = [entry.text if entry.text is not None else csvio.format_record(entry.cells, table.newline)
              for entry in entries]
    candidate = csvio.compose(table, pieces)
    _verify(candidate, header, [entry.cells for entry in entries], shown)
    added, line = [], csvio.line_count(table.header_text) + 1
    for index, piece in enumerate(pieces):
        if index in new:
            added.append(line)
        line += csvio.line_count(piece)
    try:
        _replace_atomically(path, candidate)
    except OSError as error:
        raise BelpolicyError(f"{shown}: cannot write the updated table ({error.strerror or error}); "
                             "nothing was changed") from None
    return path, added


def _verify(candidate: bytes, header: list[str], expected: list[list[str]], shown: str) -> None:
    """Read the new file back before writing it: the old rows and the new, nothing else."""
    table, issues = csvio.read(candidate)
    if table is None or issues or table.header != header or [r.cells for r in table.records] != expected:
        raise BelpolicyError(f"{shown}: the updated table would not read back as its old rows plus the new ones; "
                             "nothing was written (please report this as a bug)")


def _replace_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777)  # mkstemp's 0600 would hide the table from others
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
