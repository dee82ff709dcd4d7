"""The claims register: every claim is evaluated, the paper edition confirms the
paper wherever the data can test it, and `belpolicy claims` prints the table."""

from __future__ import annotations

from belpolicy.build.appendices import claim_statuses
from belpolicy.build.chapters import all_chapters
from belpolicy.analysis.claims import HOLDS, RULES, STATUSES, UNTESTABLE
from belpolicy.data import claims_register, dataset_names

from conftest import belpolicy


def test_the_register_is_complete_and_well_formed():
    register = claims_register()
    assert len(register) >= 9
    keys = {chapter.key: chapter for chapter in all_chapters()}
    for claim in register:
        assert claim["rule"]["kind"] in RULES, claim["id"]
        assert claim["chapter"] in keys, claim["id"]
        assert set(claim["data"]) <= set(dataset_names()), claim["id"]
        # the chapter that evaluates the claim must declare the tables it is tested on
        assert set(claim["data"]) <= set(keys[claim["chapter"]].reads), claim["id"]


def test_every_claim_is_evaluated_in_both_editions(built):
    ids = {claim["id"] for claim in claims_register()}
    for edition in ("paper", "latest"):
        statuses = claim_statuses(edition)
        assert set(statuses) == ids
        assert all(row["status"] in STATUSES and row["evidence"] for row in statuses.values())


def test_in_the_paper_edition_every_testable_claim_holds(built):
    statuses = claim_statuses("paper")
    assert all(row["status"] in (HOLDS, UNTESTABLE) for row in statuses.values()), statuses
    assert sum(row["status"] == HOLDS for row in statuses.values()) >= 7
    # the two forward-looking claims cannot be tested on data that stop at the paper's date
    assert statuses["assembly-2024"]["status"] == UNTESTABLE
    assert statuses["few-hundred-released"]["status"] == UNTESTABLE


def test_cli_prints_the_claims_table(built):
    result = belpolicy("claims", "--edition", "paper", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "prisoners-early-2023" in result.stdout and "holds" in result.stdout
