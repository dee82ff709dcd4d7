"""Property tests (hypothesis): generated tables and update files, full of what
breaks naive CSV code (U+2028 and U+2029, quotes, commas, byte-order marks,
CRLF, fields over 128 KB, extra and missing cells, other delimiters, bad bytes),
never make `data check` or `data add` fail with anything but a clean refusal.

On refusal no byte of data/ changes; on success the table reads back as
exactly its old rows (each record's text untouched) plus the new ones, and
passes `data check`. The library runs in-process for speed, with a few cases
through the CLI as a user runs it. The seed is fixed; the number of examples
is bounded for `make test` and raised with BELPOLICY_FUZZ_EXAMPLES, e.g.
`BELPOLICY_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_data_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belpolicy.data import csvio, updates
from belpolicy import data
from belpolicy.errors import BelpolicyError

from conftest import ROOT, belpolicy, register_example_domain

EXAMPLES = int(os.environ.get("BELPOLICY_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PRISONERS, POLLS = "political_prisoners", "poll_results"
FILES = {PRISONERS: "political_prisoners.csv", POLLS: "poll_results.csv"}
TODAY = dt.date.today()

# --------------------------------------------------------------------------- strategies

AWKWARD = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1e", "\r", "\n", "\r\n", '"', '""', ",", ";", "\t",
           "\ufeff", " ", "'", "’", "~", "<b>", "{{< var x >}}", "\x00", "\x1b[31m", "\udcff", "Ў", "ł", "é",
           "javascript:alert(1)", "=cmd|' /C calc'!A0"]
awkward_text = st.lists(st.one_of(st.text(max_size=6), st.sampled_from(AWKWARD)), max_size=5).map("".join)
# Over the csv module's default field limit of 128 KiB, in one-, two- and three-byte characters.
long_text = st.sampled_from(["Sixty-eight persons. ", "Ў ", "x\u2028", 'a "quote", '])\
    .map(lambda unit: (unit * (140_000 // len(unit.encode("utf-8")) + 1)).strip())
plain_text = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=40)\
    .map(str.strip).filter(bool)
# Valid text that breaks naive CSV code: separators, quotes, commas and line breaks inside a cell.
INSIDE = ["\u2028", "\u2029", '"', '""', ",", "\n", "\r\n", "\ufeff", "'", " ; ", "Ў", "ł"]
tricky_text = st.tuples(plain_text, st.lists(st.one_of(st.sampled_from(INSIDE), plain_text), max_size=4), plain_text)\
    .map(lambda parts: parts[0] + "".join(parts[1]) + parts[2])
text_cell = st.one_of(plain_text, tricky_text, awkward_text, long_text)


# hypothesis does not draw sampled_from uniformly, so rare events are three coin flips (about 1 in 8).
rarely = st.tuples(st.booleans(), st.booleans(), st.booleans()).map(all)


def _days(start: dt.date, end: dt.date):
    return st.integers(0, (end - start).days).map(lambda n: (start + dt.timedelta(days=n)).isoformat())


date_cell = st.one_of(_days(dt.date(2025, 6, 26), TODAY), _days(dt.date(2020, 1, 1), TODAY),
                      _days(TODAY, TODAY + dt.timedelta(days=800)), st.sampled_from(["2025-02-30", "2025-7-1", "", "２０２５-07-01", "2025-07-01T00:00"]),
                      awkward_text)
count_cell = st.one_of(st.integers(0, 3000).map(str), st.integers(-5, 10**10).map(str),
                       st.sampled_from(["1,111", " 12", "12 ", "1e3", "", "1_000", "+5", "٣", "１２", "0x10", "nan"]),
                       awkward_text)
enum_cell = lambda values: st.one_of(st.sampled_from(values), st.sampled_from(values), awkward_text)  # noqa: E731
good_url = st.one_of(st.uuids().map(lambda n: f"https://example.org/fuzz/{n}"),
                     st.uuids().map(lambda n: f"http://example.org/{n}?q=a,b"))
url_cell = st.one_of(good_url, awkward_text)


def _sometimes(strategy, usual):
    """Mostly the usual (valid) value, rarely a wild one."""
    return st.tuples(rarely, usual, strategy).map(lambda drawn: drawn[2] if drawn[0] else drawn[1])


VALID_COUNT = {
    "date": _days(dt.date(2025, 6, 26), TODAY),
    "count": st.integers(0, 5000).map(str),
    "counter": st.sampled_from(["viasna", "politzek", "dissidentby", "other: a newspaper"]),
    "source_url": good_url,
    "evidence": st.one_of(plain_text, tricky_text, tricky_text, long_text),
    "qualifier": st.sampled_from(["exact", "at_least", "more_than", "approx"]),
    "date_precision": st.sampled_from(["exact", "publication", "end_of_month", "month"]),
    "note": st.one_of(st.just(""), plain_text, tricky_text),
}
WILD_COUNT = {"date": date_cell, "count": count_cell, "counter": awkward_text, "source_url": url_cell,
              "evidence": text_cell, "qualifier": awkward_text, "date_precision": awkward_text, "note": text_cell}


@st.composite
def prisoner_row(draw) -> dict:
    """A valid count, or one with a cell or two made wild."""
    row = draw(st.fixed_dictionaries(VALID_COUNT))
    wild = draw(st.one_of(st.just([]), st.just([]), st.lists(st.sampled_from(list(WILD_COUNT)), max_size=2,
                                                             unique=True)))
    for column in wild:
        row[column] = draw(WILD_COUNT[column])
    return row


def _full_set(cuts: list[int]) -> list[str]:
    """Percentages of a full set of answers: 100 cut at the given points."""
    points = [0, *sorted(cuts), 100]
    return [str(b - a) for a, b in zip(points, points[1:])]


@st.composite
def poll_rows(draw) -> list[dict]:
    """The answers of one question of an existing wave: a full set, or percentages summing to anything."""
    question = draw(st.sampled_from(["fuzz_question", "fuzz_other", "Bad-Id"][: draw(st.sampled_from([2, 2, 3]))]))
    full = st.lists(st.integers(0, 100), max_size=3).map(_full_set)
    anything = st.lists(st.one_of(st.integers(0, 100).map(str), st.floats(0, 100).map(lambda x: f"{x:.1f}"),
                                  count_cell), min_size=1, max_size=4)
    answers = draw(st.one_of(full, full, anything))
    wave = draw(_sometimes(st.just("NO-SUCH-WAVE"), st.sampled_from(["CH-2022-08b", "CH-2024-06"])))
    url = draw(_sometimes(url_cell, good_url))
    return [{"pollster": "Chatham House Belarus Initiative", "wave_id": wave, "question_id": question,
             "question_text": draw(_sometimes(text_cell, st.just("A fuzzed question?"))),
             "question_text_basis": "paraphrase", "subgroup": draw(_sometimes(awkward_text, st.just("all"))),
             "answer": f"answer {number}", "percent": percent, "source_url": url,
             "evidence": draw(_sometimes(text_cell, tricky_text))} for number, percent in enumerate(answers)]


@st.composite
def csv_bytes(draw, header: list[str], rows: list[list[str]]) -> bytes:
    """A CSV file as people and tools write them: any line ending, maybe a BOM,
    a final empty line, another delimiter, a row with a cell too many or too few,
    a byte that is not UTF-8, a quote cut short."""
    rows = [list(row) for row in rows]
    if rows and draw(rarely):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if draw(st.booleans()):  # one cell more, or one less
            row.append(draw(text_cell))
        elif row:
            row.pop()
    buffer = io.StringIO(newline="")
    delimiter = draw(st.sampled_from([";", "\t"])) if draw(rarely) else ","
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([header] + rows)
    text = buffer.getvalue() + (newline if draw(st.booleans()) else "")  # a final empty line
    raw = (csvio.BOM if draw(st.booleans()) else b"") + text.encode("utf-8", "surrogatepass")
    if draw(rarely):  # one byte that is not UTF-8, or a cut, somewhere
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\n", b'"', b""])) + raw[at + draw(st.integers(0, 3)):]
    return raw


def _update_header(draw, fields: list[str]) -> list[str]:
    change = draw(st.sampled_from(["drop", "add", "shuffle"])) if draw(rarely) else "none"
    header = list(fields)
    if change == "drop":
        header.remove(draw(st.sampled_from(header)))
    elif change == "add":
        header.append(draw(st.sampled_from(["colour", "Date", "\ufeffdate", "date", ""])))
    elif change == "shuffle":
        header = draw(st.permutations(header))
    return header


@st.composite
def update_case(draw, name: str):
    spec = data_spec(name)
    fields = [field["name"] for field in spec["schema"]["fields"]]
    rows = draw(st.lists(prisoner_row(), min_size=draw(st.sampled_from([0] + [1] * 9)), max_size=3)) \
        if name == PRISONERS else draw(poll_rows())
    header = _update_header(draw, fields)
    raw = draw(csv_bytes(header, [[row.get(column, "") for column in header] for row in rows]))
    options = {"partial": draw(st.booleans()), "allow_backfill": draw(st.booleans())}
    return raw, options


@st.composite
def table_case(draw, name: str):
    """The table itself, its real rows with a few cells rewritten, written anew."""
    template = TEMPLATE[name]
    rows = [list(record.cells) for record in template.records]
    for _ in range(draw(st.integers(0, 3))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.sampled_from(["evidence", "note", "source_url", "evidence"]))
        rows[row][template.header.index(column)] = draw(text_cell)
    return draw(csv_bytes(template.header, rows))


def data_spec(name: str) -> dict:
    return next(r for r in DESCRIPTOR["resources"] if r["name"] == name)


DESCRIPTOR = __import__("yaml").safe_load((ROOT / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
TEMPLATE = {name: csvio.read((ROOT / "data" / file).read_bytes())[0] for name, file in FILES.items()}

# --------------------------------------------------------------------------- the property


@contextlib.contextmanager
def project():
    """A throw-away project holding a copy of data/ (BELPOLICY_ROOT points at it)."""
    previous = os.environ.get("BELPOLICY_ROOT")
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "data", root / "data")
        register_example_domain(root)
        os.environ["BELPOLICY_ROOT"] = str(root)
        try:
            yield root
        finally:
            if previous is None:
                os.environ.pop("BELPOLICY_ROOT", None)
            else:
                os.environ["BELPOLICY_ROOT"] = previous


def _snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted((root / "data").rglob("*")) if path.is_file()}


def _one_line_each(error: BelpolicyError) -> None:
    problems = getattr(error, "problems", None)
    if problems is not None:
        assert problems and all(len(str(problem).splitlines()) == 1 for problem in problems)
        assert len(str(error).splitlines()) == len(problems)


def exercise(name: str, table_raw: bytes | None, update_raw: bytes, options: dict) -> int:
    """`data check` then `data add` on a fresh copy; returns the add's exit status."""
    with project() as root:
        table_path = root / "data" / FILES[name]
        if table_raw is not None:
            table_path.write_bytes(table_raw)
        before = _snapshot(root)
        try:
            table_valid = data.check([name]) == []
        except BelpolicyError as error:  # refused: a message, never a traceback
            _one_line_each(error)
            table_valid = False
        if table_valid:  # what the check passes, the chapters can read
            assert len(data.load(name)) == len(csvio.read(before[f"data/{table_path.name}"])[0].records)
        assert _snapshot(root) == before  # checking never writes

        update = root / "update.csv"
        update.write_bytes(update_raw)
        try:
            rows, lines = updates.read_rows_file(update)
            _, added = updates.add_rows(name, rows, source=str(update), lines=lines, **options)
        except BelpolicyError as error:
            _one_line_each(error)
            assert _snapshot(root) == before  # refused: not one byte of data/ changed
            return 1

        assert table_valid  # a broken table never takes new rows
        after = _snapshot(root)
        assert {k: v for k, v in after.items() if k != f"data/{table_path.name}"} == \
               {k: v for k, v in before.items() if k != f"data/{table_path.name}"}
        old, _ = csvio.read(before[f"data/{table_path.name}"])
        new, issues = csvio.read(after[f"data/{table_path.name}"])
        assert not issues and new.header == old.header and new.bom == old.bom and new.newline == old.newline
        by_line = {record.line: record for record in new.records}
        fresh = [by_line[line] for line in added]
        kept = [record for record in new.records if record.line not in added]
        # the new rows, each where its date puts it (so in date order, not necessarily input order)
        assert sorted(record.cells for record in fresh) == sorted([row.get(c, "") for c in old.header] for row in rows)
        assert [record.cells for record in kept] == [record.cells for record in old.records]
        for was, now in zip(old.records, kept):  # untouched rows keep every byte (a last row may gain its ending)
            assert now.text in (was.text, was.text + new.newline)
        assert data.check([name]) == []
        assert len(data.load(name)) == len(new.records)
        return 0


OUTCOMES: dict[str, list[int]] = {"table": [], "prisoners": [], "polls": []}


@FUZZ
@given(case=update_case(PRISONERS))
def test_generated_update_files_for_prisoner_counts(case):
    raw, options = case
    OUTCOMES["prisoners"].append(exercise(PRISONERS, None, raw, options))


@FUZZ
@given(case=update_case(POLLS))
def test_generated_update_files_for_poll_answers(case):
    raw, options = case
    OUTCOMES["polls"].append(exercise(POLLS, None, raw, options))


@FUZZ
@given(table=table_case(PRISONERS), case=update_case(PRISONERS))
def test_generated_tables_take_generated_updates(table, case):
    raw, options = case
    OUTCOMES["table"].append(exercise(PRISONERS, table, raw, options))


def test_the_generated_cases_reach_both_outcomes():
    """The generators are not so wild that everything is refused, nor so tame that nothing is."""
    if min(len(outcomes) for outcomes in OUTCOMES.values()) < 20:
        pytest.skip("run with the property tests above")
    for outcomes in OUTCOMES.values():
        assert 0 in outcomes and 1 in outcomes


@settings(max_examples=3, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(case=update_case(PRISONERS))
def test_generated_update_files_through_the_cli(project_copy, case):
    raw, options = case
    update = project_copy / "update.csv"
    update.write_bytes(raw)
    before = _snapshot(project_copy)
    flags = [f"--{key.replace('_', '-')}" for key, on in options.items() if on]
    result = belpolicy("data", "add", "prisoners", "--file", str(update), *flags, root=project_copy)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 1:
        assert _snapshot(project_copy) == before

