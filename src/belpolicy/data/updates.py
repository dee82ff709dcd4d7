"""Guided data updates: `belpolicy data add` appends records to a table only
after the whole resulting table validates against the schema and the update
rules below. On any problem nothing is written; on success the file is
replaced atomically, existing lines stay byte-for-byte as they were, and new
rows go where the table's date order puts them."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from belpolicy import data
from belpolicy.data import Problem
from belpolicy.errors import DataValidationError

# Short names readers use for the tables they update most.
ALIASES = {
    "prisoners": "political_prisoners",
    "release": "prisoner_releases",
    "sanctions": "sanctions_events",
    "event": "events",
    "poll": "poll_results",
    "wave": "poll_waves",
}
# A poll question's answers must add up to about 100 % unless the wave
# published only some of them.
PERCENT_TOLERANCE = 2.0


def table_name(alias: str) -> str:
    name = ALIASES.get(alias, alias)
    data.resource_spec(name)  # unknown names fail with the list of known ones
    return name


def read_rows_file(path: Path) -> list[dict]:
    shown = str(path)
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8").lstrip("\\ufeff")
    except UnicodeDecodeError:
        raise DataValidationError([Problem(shown, None, None, None, "the file is not UTF-8 text")]) from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise DataValidationError([Problem(shown, None, None, None, "the file has no data rows")])
    return rows


def _format(rows: list[dict], fields: list[str]) -> list[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(field, "") for field in fields])
    return buffer.getvalue().splitlines(keepends=True)


def _record_ends(text: str) -> list[int]:
    """For each data record, the number of physical lines read once it is complete."""
    reader = csv.reader(io.StringIO(text))
    next(reader)
    ends = []
    for _ in reader:
        ends.append(reader.line_num)
    return ends


def _field_problems(shown: str, rows: list[dict], fields: list[str]) -> list[Problem]:
    problems = []
    for number, row in enumerate(rows, start=1):
        for name in row:
            if name not in fields:
                problems.append(Problem(f"{shown} [new row {number}]", None, name, row[name],
                                        f"no such column; the columns are {', '.join(fields)}"))
    return problems


def _rule_problems(name: str, shown: str, existing: list[dict], rows: list[dict], *, partial: bool,
                   allow_backfill: bool) -> list[Problem]:
    problems = []
    if name == "political_prisoners" and not allow_backfill:
        for number, row in enumerate(rows, start=1):
            older = [r["date"] for r in existing if r["counter"] == row.get("counter")]
            if older and row.get("date", "") < max(older):
                problems.append(Problem(
                    f"{shown} [new row {number}]", None, "date", row.get("date"),
                    f"dates out of order for counter {row.get('counter')}: its newest count is dated {max(older)} "
                    "(pass --allow-backfill to add an older count on purpose)"))
    if name == "poll_results" and not partial:
        groups: dict[tuple, float] = {}
        for row in rows:
            key = (row.get("wave_id"), row.get("question_id"), row.get("subgroup"))
            try:
                groups[key] = groups.get(key, 0.0) + float(row.get("percent", ""))
            except ValueError:
                continue  # a non-number is reported by the schema check
        for (wave, question, subgroup), total in groups.items():
            if abs(total - 100) > PERCENT_TOLERANCE:
                problems.append(Problem(
                    shown, None, "percent", f"{total:g}",
                    f"answers of wave {wave}, question {question}, subgroup {subgroup} sum to {total:g} %, not "
                    f"about 100 % (pass --partial if the wave published only some answers)"))
    return problems


def _renumber(problems: list[Problem], inserted: dict[int, int], shown: str) -> list[Problem]:
    """Name new rows as such; line numbers refer to the file as it would be."""
    named = []
    for problem in problems:
        if problem.line in inserted:
            named.append(Problem(f"{shown} [new row {inserted[problem.line]}]", problem.line, problem.column,
                                 problem.value, problem.rule))
        else:
            named.append(problem)
    return named


def add_rows(alias: str, rows: list[dict], *, partial: bool = False, allow_backfill: bool = False) -> tuple[Path, list[int]]:
    """Append `rows` (dicts of text) to a table. Returns the file and the new rows'
    line numbers; raises DataValidationError and writes nothing on any problem."""
    name = table_name(alias)
    spec = data.resource_spec(name)
    path = data.dataset_path(name)
    shown = data.display_path(path)
    fields = [field["name"] for field in spec["schema"]["fields"]]
    rows = [{key: (value or "").strip() for key, value in row.items()} for row in rows]
    problems = data.check_dataset(name)
    if problems:  # never build on a table that is already broken
        raise DataValidationError(problems)
    problems = _field_problems(shown, rows, fields)
    if problems:
        raise DataValidationError(problems)

    original = path.read_bytes()
    text = original.decode("utf-8")
    if not text.endswith("\n"):
        text += "\n"
    lines = text.splitlines(keepends=True)
    existing = list(csv.DictReader(io.StringIO(text)))
    ends = _record_ends(text)
    date_field = spec.get("date_field")
    inserted_at: dict[int, int] = {}
    # Insert from the last new row backwards so earlier positions stay valid.
    placements = []
    for number, row in enumerate(rows, start=1):
        position = len(lines)
        if date_field and date_field in fields and existing:
            later = [i for i, record in enumerate(existing) if record[date_field] > row.get(date_field, "")]
            position = ends[later[0] - 1] if later and later[0] > 0 else (1 if later else len(lines))
        placements.append((position, number, _format([row], fields)))
    for position, number, formatted in sorted(placements, key=lambda p: (p[0], p[1]), reverse=True):
        lines[position:position] = formatted
    # Recompute where each new row landed (1-based physical line numbers).
    offset = 0
    for position, number, formatted in sorted(placements, key=lambda p: (p[0], p[1])):
        inserted_at[position + offset + 1] = number
        offset += len(formatted)
    candidate_text = "".join(lines)

    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".add-") as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(candidate_text, encoding="utf-8")
        problems = _renumber(data.check_dataset(name, candidate), inserted_at, shown)
        problems += _rule_problems(name, shown, existing, rows, partial=partial, allow_backfill=allow_backfill)
        if problems:
            raise DataValidationError(problems)
        _replace_atomically(path, candidate_text)
    return path, sorted(inserted_at)


def _replace_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
