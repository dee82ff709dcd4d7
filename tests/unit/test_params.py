"""Parameters are checked before any kernel starts."""

from __future__ import annotations

import time

import pytest

from belpolicy.build.chapters import by_name
from belpolicy.errors import ParameterError
from belpolicy.data.params import parse_assignments

from conftest import ROOT, belpolicy, PAPER_DATE


def test_editions_pin_their_parameters():
    sanctions = by_name("sanctions")
    assert sanctions.params.resolve("paper") == {
        "edition": "paper", "as_of": PAPER_DATE, "jurisdictions": ["EU", "US", "UK", "CA"], "poll_wave": "CH-2022-08b"}
    assert sanctions.params.resolve("latest")["as_of"] == "latest"


@pytest.mark.parametrize("overrides, message", [
    ({"as_of": "2023-13-45"}, "not a date in YYYY-MM-DD form"),
    ({"as_of": "2019-12-31"}, "must lie between 2020-01-01 and today"),
    ({"poll_wave": "CH-2099-01"}, "not one of"),
    ({"poll_wave": "__import__('os').system('id')"}, "not one of"),
    ({"jurisdictions": "EU,XX"}, "each item must be one of"),
    ({"colour": "red"}, "unknown parameter 'colour'"),
    ({"edition": "paper"}, "chosen with --edition"),
])
def test_bad_values_are_refused(overrides, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        by_name("sanctions").params.resolve("latest", overrides)


def test_assignments_must_be_key_value():
    assert parse_assignments(["as_of=2024-01-01"]) == {"as_of": "2024-01-01"}
    with pytest.raises(ParameterError, match="expected key=value"):
        parse_assignments(["as_of"])
    with pytest.raises(ParameterError, match="expected key=value"):
        parse_assignments(["os.system('x')=1"])


def test_unknown_chapter_names_the_known_ones():
    with pytest.raises(ParameterError, match="known chapters: .*01-introduction"):
        by_name("99")


@pytest.mark.parametrize("pair", ["as_of=2023-13-45", "poll_wave=x'); import os; os.system('id'); ('",
                                  "counter=<script>"])
def test_cli_refuses_bad_values_before_any_kernel_starts(pair):
    chapter = "sanctions" if pair.startswith(("as_of", "poll_wave")) else "introduction"
    started = time.monotonic()
    result = belpolicy("run", chapter, "-p", pair)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error: parameter" in result.stderr
    assert time.monotonic() - started < 10  # no kernel: a notebook run takes longer than this
    assert not (ROOT / "_build" / "runs").exists() or not any(
        (ROOT / "_build" / "runs").glob("*2023-13-45*"))
