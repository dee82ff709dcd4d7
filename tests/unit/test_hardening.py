"""Bad input never crashes, corrupts or slips through (issue 11): each case seen
failing, as a named regression test. Every test works on a copy of the project."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from belpolicy.data import csvio, rules, updates
from belpolicy import data
from belpolicy import text as staging_text
from belpolicy.errors import BelpolicyError, DataValidationError

from conftest import ROOT, belpolicy

PRISONERS = "political_prisoners"


def _newest_viasna_day() -> dt.date:
    """The newest Viasna count in data/: the test rows are dated after it, whatever data/ holds."""
    with open(ROOT / "data" / "political_prisoners.csv", encoding="utf-8", newline="") as handle:
        return max(dt.date.fromisoformat(row["date"]) for row in csv.DictReader(handle) if row["counter"] == "viasna")


NEWEST = _newest_viasna_day()
DAY = [(NEWEST + dt.timedelta(days=n)).isoformat() for n in range(4)]  # DAY[0] is the newest count itself
COUNT = {"date": DAY[1], "count": "1111", "counter": "viasna",
         "source_url": "https://example.org/test-viasna-review", "evidence": "1,111 political prisoners (test row)",
         "qualifier": "exact", "date_precision": "end_of_month", "note": "test fixture, not a real count"}
HEADER = list(COUNT)


def _digests(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (root / "data").rglob("*") if p.is_file()}


def _table(root: Path, name: str = PRISONERS) -> Path:
    return root / "data" / f"{name}.csv"


def _records(path: Path) -> list[list[str]]:
    table, issues = csvio.read(path.read_bytes())
    assert table is not None and not issues, issues
    return [record.cells for record in table.records]


def _csv_text(rows: list[list[str]], newline: str = "\n", delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=newline, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def _update_file(tmp_path: Path, rows: list[dict], *, header=None, name="rows.csv", **options) -> Path:
    header = header or HEADER
    path = tmp_path / name
    path.write_text(_csv_text([header] + [[row.get(h, "") for h in header] for row in rows], **options),
                    encoding="utf-8", newline="")
    return path


def _add_file(root: Path, path: Path, table: str = "prisoners", *options: str):
    return belpolicy("data", "add", table, "--file", str(path), *options, root=root)


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def _refused_cleanly(result, root: Path, before: dict) -> list[str]:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert _digests(root) == before
    return _errors(result)


# --------------------------------------------------------------------------- tracebacks


def test_a_row_with_one_extra_cell_is_named_not_a_traceback(project_copy, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(_csv_text([HEADER, list(COUNT.values()) + ["surplus"]]), encoding="utf-8")
    before = _digests(project_copy)
    errors = _refused_cleanly(_add_file(project_copy, path), project_copy, before)
    assert errors == [f"error: {path}, line 2, value 'surplus': the row has 9 cells but the header names 8 columns; "
                      "the value shown is the first extra cell (rule: one cell per column)"]


def test_a_semicolon_delimited_file_with_commas_in_values_is_named(project_copy, tmp_path):
    path = _update_file(tmp_path, [COUNT], delimiter=";")  # the evidence "1,111 ..." holds a comma
    before = _digests(project_copy)
    errors = _refused_cleanly(_add_file(project_copy, path), project_copy, before)
    assert errors == [f"error: {path}, line 1: the columns are separated by ';', not by commas (rule: delimiter ',')"]


def test_a_field_over_128_kb_is_read_by_check_and_add(project_copy, tmp_path):
    long_quote = "Sixty-eight persons on the list. " * 5000  # about 165 KB
    rows = _records(_table(project_copy))
    rows[0][HEADER.index("evidence")] = long_quote.strip()
    _table(project_copy).write_text(_csv_text([HEADER] + rows), encoding="utf-8")
    assert data.check([PRISONERS]) == []
    result = _add_file(project_copy, _update_file(tmp_path, [{**COUNT, "evidence": long_quote.strip() + " again"}]))
    assert result.returncode == 0, result.stderr
    after = _records(_table(project_copy))
    assert after[0][HEADER.index("evidence")] == long_quote.strip()
    assert [r for r in after if r[HEADER.index("evidence")].endswith(" again")][0][0] == COUNT["date"]


def test_a_field_beyond_the_reader_limit_is_a_problem_not_a_traceback(project_copy):
    path = _table(project_copy)
    rows = _records(path)
    rows[0][HEADER.index("evidence")] = "x" * (csvio.FIELD_SIZE_LIMIT + 1)
    path.write_text(_csv_text([HEADER] + rows), encoding="utf-8")
    (problem,) = data.check([PRISONERS])
    assert (problem.line, problem.rule) == (2, "a cell is longer than 16 MiB (rule: field size limit)")


def test_add_into_a_table_that_starts_with_a_byte_order_mark(project_copy):
    path = _table(project_copy)
    path.write_bytes(csvio.BOM + path.read_bytes())
    old = path.read_bytes()
    updates.add_rows("prisoners", [COUNT])
    new = path.read_bytes()
    assert new.startswith(csvio.BOM) and not new[3:].startswith(csvio.BOM)
    assert len(_records(path)) == len(old.splitlines())  # header gone, one row more
    assert data.check([PRISONERS]) == []


# --------------------------------------------------------------------------- silent corruption


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_in_evidence_never_shifts_an_insertion(project_copy, separator):
    path = _table(project_copy)
    rows = _records(path)
    rows[1][HEADER.index("evidence")] = f"first part{separator}second part"
    rows[2][HEADER.index("evidence")] = "a quote\nover two lines, with \"quotes\", commas"
    path.write_text(_csv_text([HEADER] + rows), encoding="utf-8")
    assert data.check([PRISONERS]) == []
    first = {**COUNT, "date": rows[1][0], "count": "102", "source_url": "https://example.org/a"}
    second = {**COUNT, "date": rows[2][0], "count": "103", "source_url": "https://example.org/b"}
    _, lines_first = updates.add_rows("prisoners", [first], allow_backfill=True)
    _, lines_second = updates.add_rows("prisoners", [second], allow_backfill=True)
    after = _records(path)
    expected = rows[:2] + [list(first.values())] + rows[2:3] + [list(second.values())] + rows[3:]
    assert after == expected
    assert data.check([PRISONERS]) == []
    physical = path.read_text(encoding="utf-8").split("\n")
    assert physical[lines_second[0] - 1].startswith(f"{second['date']},103,viasna,")


def test_only_cr_and_lf_end_a_record():
    separators = "\u2028\u2029\x85\x1c\x1d\x1e\x0b\x0c"
    table, issues = csvio.read(f"a,b\n1,x{separators}y\r\n2,z\n".encode("utf-8"))
    assert not issues and [r.cells for r in table.records] == [["1", f"x{separators}y"], ["2", "z"]]
    assert [r.line for r in table.records] == [2, 3]


# --------------------------------------------------------------------------- wrongly refused


def test_a_table_ending_in_one_empty_line_is_valid_and_takes_new_rows(project_copy):
    path = _table(project_copy)
    path.write_bytes(path.read_bytes() + b"\n")
    assert data.check([PRISONERS]) == []
    rows = _records(path)
    updates.add_rows("prisoners", [COUNT])
    assert _records(path) == rows + [list(COUNT.values())]
    assert path.read_bytes().endswith(b"\"test fixture, not a real count\"\n\n")  # the empty line stays last


def test_an_update_file_with_a_byte_order_mark_is_accepted(project_copy, tmp_path):
    path = _update_file(tmp_path, [COUNT])
    path.write_bytes(csvio.BOM + path.read_bytes())
    result = _add_file(project_copy, path)
    assert result.returncode == 0, result.stderr
    assert _records(_table(project_copy))[-1] == list(COUNT.values())


def test_a_table_with_a_byte_order_mark_keeps_its_newest_date(project_copy):
    path = _table(project_copy)
    newest = data.newest_date(PRISONERS)
    path.write_bytes(csvio.BOM + path.read_bytes())
    assert data.newest_date(PRISONERS) == newest
    assert data.load(PRISONERS).columns[0] == "date"


# --------------------------------------------------------------------------- wrongly accepted


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "file:///etc/passwd",
                                 "https://", "example.org/page", "https://example.org/a b"])
def test_a_source_url_must_be_http_or_https(project_copy, url):
    before = _digests(project_copy)
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [{**COUNT, "source_url": url}])
    (problem,) = caught.value.problems
    assert (problem.file, problem.column, problem.value) == ("command line", "source_url", url)
    assert "(rule: pattern)" in problem.rule or problem.rule == "not a valid uri (rule: format uri)"
    assert _digests(project_copy) == before


def test_a_table_with_a_javascript_url_fails_the_check(project_copy):
    path = _table(project_copy)
    rows = _records(path)
    rows[0][3] = "javascript:alert(1)"
    path.write_text(_csv_text([HEADER] + rows), encoding="utf-8")
    (problem,) = data.check([PRISONERS])
    assert (problem.line, problem.column, problem.value) == (2, "source_url", "javascript:alert(1)")


def test_a_date_after_today_is_refused_by_add_and_by_check(project_copy, monkeypatch):
    monkeypatch.setattr(rules, "today", lambda: dt.date.fromisoformat(DAY[2]))
    before = _digests(project_copy)
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [{**COUNT, "date": DAY[3]}])
    (problem,) = caught.value.problems
    assert str(problem) == (f"command line, column 'date', value '{DAY[3]}': must not be after today, {DAY[2]} "
                            "(rule: not_after today)")
    assert _digests(project_copy) == before
    past = NEWEST - dt.timedelta(days=30)
    monkeypatch.setattr(rules, "today", lambda: past)  # the table's newest rows are now "future"
    problems = data.check([PRISONERS])
    assert problems and all(p.column == "date" and p.value > past.isoformat() for p in problems)
    assert all("not_after today" in p.rule for p in problems)


def test_a_future_date_is_refused_on_the_command_line(project_copy):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    before = _digests(project_copy)
    pairs = [f"{k}={v}" for k, v in {**COUNT, "date": future}.items()]
    errors = _refused_cleanly(belpolicy("data", "add", "prisoners", *pairs, root=project_copy), project_copy, before)
    assert errors == [f"error: command line, column 'date', value '{future}': must not be after today, "
                      f"{dt.date.today().isoformat()} (rule: not_after today)"]


def test_an_implausible_count_is_refused_with_the_reason(project_copy):
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [{**COUNT, "count": str(10**9)}])
    (problem,) = caught.value.problems
    assert problem.rule.startswith("must be at most 20000 (rule: maximum); plausibility bound: ")


POLL = {"pollster": "Test", "wave_id": "CH-2022-08b", "question_id": "test_question", "question_text": "Test?",
        "question_text_basis": "paraphrase", "subgroup": "all", "source_url": "https://example.org/test",
        "evidence": "test"}


def test_poll_answers_over_100_percent_fail_the_check(project_copy):
    path = _table(project_copy, "poll_results")
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    extra = [[{**POLL, "answer": answer, "percent": percent}.get(h, "") for h in header]
             for answer, percent in (("yes", "80"), ("no", "60"))]
    path.write_text(text + _csv_text(extra), encoding="utf-8")
    (problem,) = data.check(["poll_results"])
    assert problem.column == "percent" and problem.value == "140"
    assert "sum to 140 %, more than 100 %" in problem.rule and "wave_id CH-2022-08b" in problem.rule


def test_poll_answers_over_100_percent_are_refused_even_when_partial(project_copy):
    rows = [{**POLL, "answer": answer, "percent": percent} for answer, percent in (("yes", "80"), ("no", "60"))]
    before = _digests(project_copy)
    for partial in (False, True):
        with pytest.raises(DataValidationError, match="sum to 140 %"):
            updates.add_rows("poll", rows, partial=partial)
    assert _digests(project_copy) == before


def test_answers_completing_a_partial_wave_are_summed_with_it(project_copy):
    first = [{**POLL, "answer": "yes", "percent": "60"}]
    updates.add_rows("poll", first, partial=True)
    with pytest.raises(DataValidationError, match="sum to 110 %"):
        updates.add_rows("poll", [{**POLL, "answer": "no", "percent": "50"}])
    updates.add_rows("poll", [{**POLL, "answer": "no", "percent": "40"}])  # 60 + 40: a full set


def test_prisoner_counts_out_of_date_order_fail_the_check(project_copy):
    path = _table(project_copy)
    rows = _records(path)
    rows[1], rows[2] = rows[2], rows[1]  # two viasna counts swapped
    path.write_text(_csv_text([HEADER] + rows), encoding="utf-8")
    (problem,) = data.check([PRISONERS])
    assert (problem.line, problem.column, problem.value) == (4, "date", rows[2][0])
    assert "dated before an earlier row of counter viasna" in problem.rule


# --------------------------------------------------------------------------- inconsistent


@pytest.mark.parametrize("column, value", [("qualifier", "exact "), ("count", " 1111"), ("note", "padded\u2028")])
def test_whitespace_is_refused_by_add_exactly_as_by_check(project_copy, column, value):
    before = _digests(project_copy)
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [{**COUNT, column: value}])
    (added,) = caught.value.problems
    assert _digests(project_copy) == before
    path = _table(project_copy)
    rows = _records(path)
    rows[0][HEADER.index(column)] = value
    path.write_text(_csv_text([HEADER] + rows), encoding="utf-8")
    (checked,) = data.check([PRISONERS])
    assert added.rule == checked.rule == "must not begin or end with whitespace (rule: no surrounding whitespace)"
    assert (added.column, added.value) == (checked.column, checked.value) == (column, value)


def test_add_messages_name_the_input_file_and_its_line(project_copy, tmp_path):
    path = _update_file(tmp_path, [COUNT, {**COUNT, "date": DAY[2], "count": "many"},
                                   {**COUNT, "date": DAY[3], "qualifier": "roughly"}])
    before = _digests(project_copy)
    errors = _refused_cleanly(_add_file(project_copy, path), project_copy, before)
    assert errors == [f"error: {path}, line 3, column 'count', value 'many': not a whole number (rule: type integer)",
                      f"error: {path}, line 4, column 'qualifier', value 'roughly': must be one of "
                      "['exact', 'at_least', 'more_than', 'approx'] (rule: enum)"]


def test_a_duplicate_of_an_existing_row_names_both_places(project_copy, tmp_path):
    existing = dict(zip(HEADER, _records(_table(project_copy))[0]))
    path = _update_file(tmp_path, [existing])
    before = _digests(project_copy)
    errors = _refused_cleanly(_add_file(project_copy, path, "prisoners", "--allow-backfill"), project_copy, before)
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {path}, line 2, column 'date+counter+source_url'")
    assert errors[0].endswith("duplicate primary key, already in data/political_prisoners.csv, line 2")


def test_an_update_file_with_a_header_and_no_rows_is_a_usage_message(project_copy, tmp_path):
    path = _update_file(tmp_path, [])
    before = _digests(project_copy)
    result = _add_file(project_copy, path)
    errors = _refused_cleanly(result, project_copy, before)
    assert "data problem" not in result.stderr
    assert errors == [f"error: {path} has a header but no rows: nothing to add (one line per row after the header)"]


def test_an_update_file_that_does_not_exist_is_a_message(project_copy, tmp_path):
    before = _digests(project_copy)
    errors = _refused_cleanly(_add_file(project_copy, tmp_path / "missing.csv"), project_copy, before)
    assert errors == [f"error: {tmp_path / 'missing.csv'}: cannot read the file (No such file or directory)"]


def test_add_into_a_crlf_table_keeps_crlf(project_copy, tmp_path):
    path = _table(project_copy)
    rows = _records(path)
    rows[0][HEADER.index("evidence")] = "a quote\r\nover two lines"
    path.write_bytes(_csv_text([HEADER] + rows, newline="\r\n").encode("utf-8"))
    old = path.read_bytes()
    result = _add_file(project_copy, _update_file(tmp_path, [COUNT], newline="\n"))
    assert result.returncode == 0, result.stderr
    new = path.read_bytes()
    assert new.count(b"\n") == new.count(b"\r\n") == old.count(b"\r\n") + 1
    assert new.startswith(old[: old.rindex(b"\r\n" + NEWEST.isoformat().encode())])  # every row before the new one is untouched


def test_a_column_given_twice_on_the_command_line_is_refused(project_copy):
    before = _digests(project_copy)
    pairs = [f"{k}={v}" for k, v in COUNT.items()] + ["count=2222"]
    errors = _refused_cleanly(belpolicy("data", "add", "prisoners", *pairs, root=project_copy), project_copy, before)
    assert errors == ["error: column count given twice on the command line"]


def test_a_problem_is_one_line_even_when_its_value_holds_line_breaks(project_copy):
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [{**COUNT, "qualifier": "exact\u2028\x1b[31mred\nnext"}])
    message = str(caught.value)
    assert len(message.splitlines()) == len(caught.value.problems) == 1
    assert "value 'exact\\u2028\\u001b[31mred\\u000anext'" in message


@pytest.mark.parametrize("raw, rule", [
    ("date,count\n".encode("utf-16"), "the file is UTF-16 text; save it as UTF-8 (rule: encoding utf-8)"),
    (b"date,count\n\"2020-01-01,1\n", "not valid CSV from this line on: unexpected end of data (rule: CSV quoting)"),
    (b"date,count\n2020-01-01,\"1\"x\n", "not valid CSV from this line on: ',' expected after '\"' (rule: CSV quoting)"),
    (b"date\tcount\n2020-01-01\t1\n", "the columns are separated by tab, not by commas (rule: delimiter ',')"),
    (b"date,count,date\n1,2,3\n", "column appears twice in the header"),
    (b"date,count\n\n2020-01-01,1\n", "empty line inside the table (rule: no blank rows)"),
])
def test_malformed_files_are_named_not_tracebacks(raw, rule):
    table, issues = csvio.read(raw)
    assert [issue.rule for issue in issues] == [rule]


def test_a_control_character_is_refused(project_copy):
    with pytest.raises(DataValidationError, match=r"contains the control character U\+0000"):
        updates.add_rows("prisoners", [{**COUNT, "evidence": "nul\x00inside"}])


# --------------------------------------------------------------------------- the package itself


def test_the_reference_validator_accepts_the_whole_package(project_copy):
    validator = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(validator), "validate", "data/datapackage.yaml"], cwd=project_copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not valid" not in result.stdout
    assert result.stdout.count("VALID") == len(data.dataset_names())


def test_created_is_a_datetime():
    created = data.datapackage()["created"]
    assert dt.datetime.fromisoformat(created.replace("Z", "+00:00")).tzinfo is not None


# --------------------------------------------------------------------------- late refusal


@pytest.mark.parametrize("method", ["CAWI_panel", "CAWI <b>online</b>", "CAWI {{< var x >}}", "CAWI ~ online"])
def test_text_the_book_quotes_is_refused_when_it_enters(project_copy, method):
    header = next(csv.reader(open(_table(project_copy, "poll_waves"), encoding="utf-8")))
    wave = dict(zip(header, _records(_table(project_copy, "poll_waves"))[0]))
    wave.update({"wave_id": "TEST-2025-01", "method": method, "fieldwork_start": "", "fieldwork_end": ""})
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("wave", [wave])
    (problem,) = caught.value.problems
    assert problem.column == "method"
    assert "(rule: quoted_in_book, the pattern text.SAFE_VALUE)" in problem.rule
    with pytest.raises(BelpolicyError):  # what staging would have refused at the build
        staging_text.check_value("fading_west.ch_waves_brief", method)


def test_quoted_text_follows_the_staging_pattern_by_name(project_copy, monkeypatch):
    institution = "Палата *прадстаўнікоў*"  # letters of any script pass; the asterisks do not
    rows = _records(_table(project_copy, "political_system"))
    header = next(csv.reader(open(_table(project_copy, "political_system"), encoding="utf-8")))
    row = dict(zip(header, rows[1]))
    row.update({"institution_id": "test_chamber", "institution": institution})
    with pytest.raises(DataValidationError, match="quoted_in_book"):
        updates.add_rows("political_system", [row])
    monkeypatch.setattr(staging_text, "SAFE_VALUE", __import__("re").compile(r"[\w ,.%:;()'’+\-–/*]*"))
    updates.add_rows("political_system", [row])  # a wider SAFE_VALUE is honoured: the rule is used by name
    assert _records(_table(project_copy, "political_system"))[-1][1] == institution


def test_event_text_is_spelled_out_before_it_reaches_a_variable():
    event = "Mass protests; ~3,000 arrests <first night> & \"more\""
    assert staging_text.check_value("bureaucracy.assembly_2024_event", staging_text.plain_text(event))


def test_every_key_of_the_descriptor_is_standard_or_declared():
    """A misspelt rule key (`not_afer`) would be ignored by Frictionless and by us alike."""
    standard_field = {"name", "type", "format", "constraints", "description", "title", "example"}
    standard_resource = {"name", "path", "title", "description", "schema", "format", "encoding", "licenses",
                         "sources"}
    for resource in data.datapackage()["resources"]:
        assert set(resource) <= standard_resource | set(data.CUSTOM_RESOURCE_KEYS), resource["name"]
        for field in resource["schema"]["fields"]:
            assert set(field) <= standard_field | set(data.CUSTOM_FIELD_KEYS), (resource["name"], field["name"])
            assert field.get("not_after", "today") == "today"
        for rule in resource.get("table_rules", []):
            assert rule["rule"] in ("date_order", "answers_sum")


@pytest.mark.parametrize("column, value, rule", [
    ("count", "1_000", "not a whole number (rule: type integer)"),
    ("count", "٣", "not a whole number (rule: type integer)"),
    ("count", "+5", "not a whole number (rule: type integer)"),
    ("date", "2025-7-1", "not a date in YYYY-MM-DD form (rule: type date)"),
    ("date", "２０２５-07-01", "not a date in YYYY-MM-DD form (rule: type date)"),
])
def test_numbers_and_dates_frictionless_would_take_but_readers_cannot(project_copy, column, value, rule):
    """Python's int() reads '1_000' and '٣'; Frictionless with it. pandas and date order do not."""
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [{**COUNT, column: value}])
    assert [(p.column, p.value, p.rule) for p in caught.value.problems] == [(column, value, rule)]
