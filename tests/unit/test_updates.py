"""Guided data updates and the living edition: append data, rebuild only what
depends on it, and see numbers, the What-changed table and claims follow."""

from __future__ import annotations

import csv
import hashlib
import json
import re

import pytest

from belpolicy.data import updates
from belpolicy.build.chapters import all_chapters
from belpolicy.errors import DataValidationError

from conftest import belpolicy

NEW_COUNT = {"date": "2026-10-31", "count": "1111", "counter": "viasna",
             "source_url": "https://example.org/test-viasna-review", "evidence": "1,111 political prisoners (test row)",
             "qualifier": "exact", "date_precision": "end_of_month", "note": "test fixture, not a real count"}


def _digests(root):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "data").glob("*") if p.is_file()}


def _rows(root, table):
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_valid_row_is_inserted_in_date_order_and_nothing_else_changes(project_copy):
    before = (project_copy / "data" / "political_prisoners.csv").read_text(encoding="utf-8").splitlines()
    # A date inside the table (not its newest row, whatever data/ holds), from a counter of its own.
    middle = sorted(r["date"] for r in _rows(project_copy, "political_prisoners"))[len(before) // 2]
    row = {**NEW_COUNT, "date": middle, "counter": "other: test fixture"}
    path, lines = updates.add_rows("prisoners", [row])
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 1
    (line,) = lines
    assert line < len(after)  # inserted before later rows, not appended
    assert after[line - 1].startswith(f"{middle},1111,other: test fixture,")
    assert after[:line - 1] + after[line:] == before  # existing lines untouched, byte for byte
    dates = [r["date"] for r in _rows(project_copy, "political_prisoners")]
    assert dates == sorted(dates)


@pytest.mark.parametrize("row, options, message", [
    ({**NEW_COUNT, "count": "-3"}, {}, "value '-3': must be at least 0"),
    ({**NEW_COUNT, "date": "2099-02-30"}, {}, "not a date"),
    ({**NEW_COUNT, "source_url": ""}, {}, "column 'source_url'"),
    ({**NEW_COUNT, "counter": "rumour"}, {}, "must match the pattern"),
    ({**NEW_COUNT, "colour": "red"}, {}, "column 'colour'"),
    ({**NEW_COUNT, "date": "2020-01-31"}, {}, "dates out of order for counter viasna"),
])
def test_a_malformed_add_leaves_every_file_byte_identical(project_copy, row, options, message):
    before = _digests(project_copy)
    with pytest.raises(DataValidationError) as caught:
        updates.add_rows("prisoners", [row], **options)
    assert message in str(caught.value)
    assert _digests(project_copy) == before
    assert not list((project_copy / "data").glob(".*"))  # no temporary file left behind


def test_a_duplicate_row_is_refused(project_copy):
    existing = _rows(project_copy, "political_prisoners")[0]
    before = _digests(project_copy)
    with pytest.raises(DataValidationError, match="duplicate primary key"):
        updates.add_rows("prisoners", [existing], allow_backfill=True)
    assert _digests(project_copy) == before


def test_poll_answers_must_sum_to_about_100(project_copy):
    rows = [{"pollster": "Test", "wave_id": "CH-2022-08b", "question_id": "test_question", "question_text": "Test?",
             "question_text_basis": "paraphrase", "subgroup": "all", "answer": answer, "percent": percent,
             "source_url": "https://example.org/test", "evidence": "test"} for answer, percent in
            (("yes", "40"), ("no", "30"))]
    before, count = _digests(project_copy), len(_rows(project_copy, "poll_results"))
    with pytest.raises(DataValidationError, match="sum to 70 %"):
        updates.add_rows("poll", rows)
    assert _digests(project_copy) == before
    updates.add_rows("poll", rows, partial=True)  # the wave published only these answers
    assert len(_rows(project_copy, "poll_results")) == count + 2


def test_cli_malformed_add_prints_one_line_and_writes_nothing(project_copy):
    before = _digests(project_copy)
    pairs = [f"{k}={v}" for k, v in {**NEW_COUNT, "count": "many"}.items()]
    result = belpolicy("data", "add", "prisoners", *pairs, root=project_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: command line, column 'count', value 'many': not a whole number (rule: type integer)"]
    assert _digests(project_copy) == before


def _executed(stdout: str) -> set[str]:
    return set(re.findall(r"^latest/(\S+): executing", stdout, re.M))


@pytest.mark.slow  # executes the chapters twice
def test_living_edition_follows_a_new_count_and_a_new_poll_wave(project_copy, tmp_path):
    # Both editions as they stand.
    first = belpolicy("build", "--edition", "all", "--no-render", root=project_copy)
    assert first.returncode == 0, first.stderr
    old = json.loads((project_copy / "_build" / "latest" / "values.json").read_text())["chapters"]

    # A new Viasna count, through the CLI.
    pairs = [f"{k}={v}" for k, v in NEW_COUNT.items()]
    added = belpolicy("data", "add", "prisoners", *pairs, root=project_copy)
    assert added.returncode == 0, added.stderr

    # A new poll wave asking Table 1's question, in which most do NOT want sanctions eased.
    waves = tmp_path / "wave.csv"
    waves.write_text("pollster,wave,wave_id,wave_number_basis,fieldwork_start,fieldwork_end,fieldwork_text,sample_size,"
                     "margin_of_error_pct,method,population,title,source_url,other_source_urls,notes,fieldwork_date,"
                     "fieldwork_date_precision\n"
                     "Chatham House Belarus Initiative,,CH-2026-10,test fixture,2026-10-02,2026-10-20,2-20 October 2026,"
                     "800,3.4,CAWI,urban internet users (test),Test wave,https://example.org/test-wave,,test fixture,"
                     "2026-10-20,exact\n",
                     encoding="utf-8")
    results = tmp_path / "results.csv"
    header = "pollster,wave,wave_id,question_id,question_text,question_text_basis,subgroup,answer,percent,value_qualifier,source_url,evidence,notes\n"
    answers = [("impose severe sanctions", 30), ("impose soft sanctions", 30), ("remove some sanctions", 20),
               ("completely lift sanctions", 20)]
    results.write_text(header + "".join(
        f"Chatham House Belarus Initiative,,CH-2026-10,sanctions_west_should,The West should...,paraphrase,all,"
        f"{answer},{percent},,https://example.org/test-wave,{percent} percent (test),test fixture\n"
        for answer, percent in answers), encoding="utf-8")
    for table, path in (("wave", waves), ("poll", results)):
        result = belpolicy("data", "add", table, "--file", str(path), root=project_copy)
        assert result.returncode == 0, result.stderr

    # Rebuild the latest edition: exactly the chapters reading the changed tables re-execute.
    rebuild = belpolicy("build", "--edition", "latest", "--no-render", root=project_copy)
    assert rebuild.returncode == 0, rebuild.stderr
    changed = {"political_prisoners", "poll_waves", "poll_results"}
    assert _executed(rebuild.stdout) == {c.slug for c in all_chapters() if changed & set(c.reads)}

    new = json.loads((project_copy / "_build" / "latest" / "values.json").read_text())["chapters"]
    assert new["introduction"]["main_latest"]["value"] == 1111
    assert new["introduction"]["main_latest_date"]["value"] == "2026-10-31"
    assert new["sanctions"]["table1_wave"]["value"] == "CH-2026-10"
    assert new["sanctions"]["table1_lift"]["value"] == 20
    assert old["sanctions"]["listed_eu"] == new["sanctions"]["listed_eu"]  # untouched data, same number

    changes = (project_copy / "_build" / "latest" / "appendix" / "changes.md").read_text()
    assert "| introduction | Newest viasna count | 1,465 | 1,111 | 2026-10-31 |" in changes
    assert "| sanctions | Share answering 'completely lift sanctions' | 51% | 20% |" in changes

    claims = {c["id"]: c for c in json.loads(
        (project_copy / "_build" / "latest" / "03-sanctions" / "values.json").read_text())["claims"]}
    assert claims["most-want-sanctions-eased"]["status"] == "no longer holds"
    assert "40 %" in claims["most-want-sanctions-eased"]["evidence"]
    paper_claims = {c["id"]: c for c in json.loads(
        (project_copy / "_build" / "paper" / "03-sanctions" / "values.json").read_text())["claims"]}
    assert paper_claims["most-want-sanctions-eased"]["status"] == "holds"  # the paper edition is pinned
