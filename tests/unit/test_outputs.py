"""belpolicy.analysis.outputs: what a notebook records, formatted by kind, under the key its metadata gives."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from belpolicy.analysis.outputs import CHAPTER_ENV, ChapterOutputs, chapter_key
from belpolicy.errors import BelpolicyError, StagingError


@pytest.fixture
def outputs(tmp_path, monkeypatch):
    monkeypatch.setenv(CHAPTER_ENV, "sanctions")
    return ChapterOutputs(tmp_path / "out", {"edition": "paper", "as_of": "2023-03-28"})


def test_values_are_printed_by_kind(outputs, tmp_path):
    outputs.value("count", 1465, kind="int", label="count")
    outputs.value("share", 33.3, kind="pct", label="share")
    outputs.value("day", pd.Timestamp("2023-03-28"), kind="date", label="day", source="https://example.net/x")
    outputs.value("words", 3, "three", label="words")
    payload = outputs.finish()
    assert payload["chapter"] == "sanctions"
    assert {k: v["text"] for k, v in payload["values"].items()} == {
        "count": "1,465", "share": "33%", "day": "28 March 2023", "words": "three"}
    assert payload["values"]["day"]["value"] == "2023-03-28"
    written = json.loads((tmp_path / "out" / "values.json").read_text())
    assert written == payload


def test_a_value_needs_exactly_one_of_text_and_kind(outputs):
    with pytest.raises(BelpolicyError, match="either its text or a kind"):
        outputs.value("k", 1, label="k")
    with pytest.raises(BelpolicyError, match="either its text or a kind"):
        outputs.value("k", 1, "1", kind="int", label="k")
    with pytest.raises(BelpolicyError, match="unknown kind 'money'"):
        outputs.value("k", 1, kind="money", label="k")


def test_unsafe_text_is_refused_naming_the_chapter(outputs):
    with pytest.raises(StagingError, match="sanctions.bad"):
        outputs.value("bad", 1, "{{< env HOME >}}", label="bad")


def test_the_key_comes_from_the_notebook_metadata_in_jupyterlab(tmp_path, monkeypatch):
    notebook = tmp_path / "03-sanctions.ipynb"
    notebook.write_text(json.dumps({"metadata": {"belpolicy": {"key": "sanctions"}}, "cells": []}))
    monkeypatch.delenv(CHAPTER_ENV, raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook))
    assert chapter_key() == "sanctions"
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert chapter_key() == "scratch"
