"""The data layer: real tables validate; each kind of bad input gives one clear
problem naming file, line, column, value and rule."""

from __future__ import annotations

import pytest

from belpolicy import data, paths
from belpolicy.errors import DataValidationError, UndeclaredDatasetError

from conftest import belpolicy


def test_every_table_in_data_is_valid():
    assert data.check() == []


def test_every_csv_in_data_is_described():
    described = {spec["path"] for spec in data.datapackage()["resources"]}
    on_disk = {path.name for path in paths.data_dir().glob("*.csv")}
    assert on_disk == described


def test_every_row_keeps_its_source():
    for name in data.dataset_names():
        if name == "sources":  # the source registry itself
            continue
        frame = data.load(name)
        assert frame["source_url"].notna().all(), name
        assert (frame["source_url"].str.strip() != "").all(), name


def _rewrite(root, name, transform):
    path = root / "data" / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(transform(lines)), encoding="utf-8")
    return path


def _drop_column(lines: list[str], column: str) -> list[str]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO("".join(lines))))
    index = rows[0].index(column)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([row[:index] + row[index + 1:] for row in rows])
    return [buffer.getvalue()]


def _replace_cell(line: str, old: str, new: str) -> str:
    assert old in line
    return line.replace(old, new, 1)


# line 2 of political_prisoners.csv is: 2020-09-22,68,viasna,https://newskitchen.eu/...
CASES = {
    "missing column": (
        "political_prisoners",
        lambda lines: _drop_column(lines, "qualifier"),
        ("data/political_prisoners.csv", 1, "qualifier", None, "required column is missing"),
    ),
    "wrong type": (
        "political_prisoners",
        lambda lines: [lines[0], _replace_cell(lines[1], ",68,", ",sixty-eight,")] + lines[2:],
        ("data/political_prisoners.csv", 2, "count", "sixty-eight", "not a whole number"),
    ),
    "unparseable date": (
        "political_prisoners",
        lambda lines: [lines[0], _replace_cell(lines[1], "2020-09-22", "2020-13-45")] + lines[2:],
        ("data/political_prisoners.csv", 2, "date", "2020-13-45", "not a date"),
    ),
    "negative count": (
        "political_prisoners",
        lambda lines: [lines[0], _replace_cell(lines[1], ",68,", ",-68,")] + lines[2:],
        ("data/political_prisoners.csv", 2, "count", "-68", "must be at least 0"),
    ),
    "empty source_url": (
        "political_prisoners",
        lambda lines: [lines[0], _replace_cell(lines[1], "https://newskitchen.eu/2020/09/22/over-250-criminal-cases-opened-since-launch-of-election/", "")] + lines[2:],
        ("data/political_prisoners.csv", 2, "source_url", "", "must not be empty"),
    ),
    "unknown category": (
        "events",
        lambda lines: [lines[0], _replace_cell(lines[1], ",election,", ",gossip,")] + lines[2:],
        ("data/events.csv", 2, "category", "gossip", "must be one of"),
    ),
    "duplicate key": (
        "political_prisoners",
        lambda lines: lines + [lines[1]],
        ("data/political_prisoners.csv", None, "date+counter+source_url", None, "duplicate primary key, already on line 2"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_row_is_named_exactly(project_copy, case):
    name, transform, (file, line, column, value, rule) = CASES[case]
    path = _rewrite(project_copy, name, transform)
    problems = data.check([name])
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == file
    if line is not None:
        assert problem.line == line
    else:  # the duplicate is the appended last line
        assert problem.line == len(path.read_text(encoding="utf-8").splitlines())
    assert problem.column == column
    if value is not None:
        assert problem.value == value
    assert rule in problem.rule


def test_percent_over_100(project_copy):
    _rewrite(project_copy, "poll_results",
             lambda lines: [lines[0], _replace_cell(lines[1], ",20.6,", ",120.6,")] + lines[2:])
    (problem,) = data.check(["poll_results"])
    assert (problem.line, problem.column, problem.value) == (2, "percent", "120.6")
    assert "at most 100" in problem.rule


def test_non_utf8_file(project_copy):
    path = project_copy / "data" / "events.csv"
    raw = path.read_bytes().replace("Tsikhanouskaya".encode(), "Tsikhanouskaya\xe9".encode("latin-1"), 1)
    path.write_bytes(raw)
    (problem,) = data.check(["events"])
    assert problem.line == 2 and "not UTF-8" in problem.rule and problem.value.startswith("bytes e9")


def test_empty_file(project_copy):
    (project_copy / "data" / "events.csv").write_text("", encoding="utf-8")
    (problem,) = data.check(["events"])
    assert problem.file == "data/events.csv" and "empty" in problem.rule


def test_load_refuses_a_broken_table(project_copy):
    _rewrite(project_copy, "political_prisoners",
             lambda lines: [lines[0], _replace_cell(lines[1], ",68,", ",-68,")] + lines[2:])
    with pytest.raises(DataValidationError, match="line 2, column 'count', value '-68'"):
        data.load("political_prisoners")


def test_load_types_columns():
    frame = data.load("political_prisoners")
    assert str(frame["date"].dtype).startswith("datetime64")
    assert str(frame["count"].dtype) == "Int64"


def test_a_chapter_may_load_only_what_it_declares(monkeypatch):
    monkeypatch.setenv(data.READS_ENV, "events")
    assert len(data.load("events")) > 0
    with pytest.raises(UndeclaredDatasetError, match="political_prisoners"):
        data.load("political_prisoners")


def test_cli_data_check_prints_one_line_per_problem(project_copy):
    _rewrite(project_copy, "political_prisoners",
             lambda lines: [lines[0], _replace_cell(lines[1], ",68,", ",-68,"),
                            _replace_cell(lines[2], "2020-10-31", "2020-10-32")] + lines[3:])
    result = belpolicy("data", "check", root=project_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 2
    assert "data/political_prisoners.csv, line 2, column 'count', value '-68': must be at least 0" in lines[0]
    assert "line 3, column 'date', value '2020-10-32'" in lines[1]


def test_cli_data_check_passes_on_the_real_data():
    result = belpolicy("data", "check")
    assert result.returncode == 0, result.stderr
    assert f"{len(data.dataset_names())} tables valid" in result.stdout
