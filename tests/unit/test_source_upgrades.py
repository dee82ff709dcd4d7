"""The audit script (tools/apply_source_upgrades.py): rows found by key and old
source, never by line number; untouched lines byte-identical; decisions recorded."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

HEADER = "date,count,counter,source_url,evidence,qualifier,date_precision,note\n"
MULTILINE = '2021-10-30,700,viasna,https://a.example/1,"two\nlines",exact,exact,kept\n'
WEAK = "2021-10-31,831,viasna,https://mirror.example/x,old quote,exact,end_of_month,old note\n"
OTHER = "2021-10-31,1021,other: joint statement,https://mirror.example/x,other quote,exact,end_of_month,\n"
AUDIT_HEADER = ("table,row_key,old_source_url,old_tier,new_source_url,new_tier,new_evidence,value_matches,note,"
                "csv_line\n")


@pytest.fixture
def script(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("apply_source_upgrades", ROOT / "tools" / "apply_source_upgrades.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "apply_source_upgrades", module)
    spec.loader.exec_module(module)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "political_prisoners.csv").write_text(HEADER + MULTILINE + WEAK + OTHER, encoding="utf-8")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    return module, tmp_path


def _audit(tmp_path, line: str):
    path = tmp_path / "audit.csv"
    path.write_text(AUDIT_HEADER + line, encoding="utf-8")
    return str(path)


def test_upgrade_replaces_source_and_evidence_and_keeps_other_lines(script):
    module, root = script
    audit = _audit(root, "political_prisoners,2021-10-31|viasna|831,https://mirror.example/x,aggregator_or_mirror,"
                         "https://spring96.org/en/news/105572,primary,\"there are 831 political prisoners\","
                         "yes (831),Viasna review,99\n")  # csv_line 99 is wrong on purpose: informational only
    assert module.main(["--audit", audit]) == 0
    text = (root / "data" / "political_prisoners.csv").read_text(encoding="utf-8")
    before, after = text.split("\n2021-10-31,831,")[0], text.split("\n")[-2]
    assert before == (HEADER + MULTILINE).rstrip("\n")
    assert after == OTHER.rstrip("\n")  # same date, same old source, other key: untouched
    changed = text.splitlines()[3]
    assert "https://spring96.org/en/news/105572,there are 831 political prisoners,exact,end_of_month" in changed
    assert "old note Source audit (issue 12): source upgraded from https://mirror.example/x" in changed


def test_an_unmatched_key_writes_nothing(script):
    module, root = script
    before = (root / "data" / "political_prisoners.csv").read_bytes()
    audit = _audit(root, "political_prisoners,2021-10-31|viasna|832,https://mirror.example/x,aggregator_or_mirror,"
                         "https://spring96.org/x,primary,q,yes,,16\n")
    assert module.main(["--audit", audit]) == 1
    assert (root / "data" / "political_prisoners.csv").read_bytes() == before


def test_a_contradiction_replaces_nothing_and_a_weaker_source_never_replaces_a_stronger(script):
    module, root = script
    audit = _audit(root, "political_prisoners,2021-10-31|viasna|831,https://mirror.example/x,aggregator_or_mirror,"
                         "https://spring96.org/x,primary,q,\"no (Viasna: 830)\",,16\n")
    assert module.main(["--audit", audit]) == 0
    row = (root / "data" / "political_prisoners.csv").read_text(encoding="utf-8").splitlines()[3]
    assert "https://mirror.example/x,old quote" in row and "source kept; audit verdict no (Viasna: 830)" in row
    audit = _audit(root, "political_prisoners,2021-10-30|viasna|700,https://a.example/1,primary,"
                         "https://mirror.example/y,aggregator_or_mirror,q,yes,,2\n")
    assert module.main(["--audit", audit]) == 1
