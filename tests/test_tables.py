"""Publication tables: every table the book embeds reads as a table, not a pandas dump."""

from __future__ import annotations

import re

import pandas as pd
import pypandoc
import pytest

from belpolicy import flatten, tables
from belpolicy.bookcheck import EMBED, notebook_cells

from conftest import ROOT


def embedded_cells(edition: str):
    for qmd in sorted((ROOT / "chapters").glob("*.qmd")):
        for target, label in EMBED.findall(qmd.read_text(encoding="utf-8")):
            notebook = ROOT / "_build" / edition / target.replace("../_build/current/", "")
            yield qmd.stem, label, notebook_cells(notebook)[label]


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_every_embedded_table_is_a_captioned_publication_table(built, edition):
    cells = list(embedded_cells(edition))
    assert len(cells) >= 20
    for chapter, label, cell in cells:
        kinds = {kind for output in cell["outputs"] for kind in output.get("data", {})}
        assert "text/markdown" in kinds, (chapter, label, kinds)  # not a DataFrame's HTML
        html = pypandoc.convert_text(flatten.cell_markdown(cell, label), "html", format="markdown")
        where = f"{edition} {chapter} {label}"
        assert html.count("<table") == 1 and "<caption>" in html, where
        (head,) = re.findall(r"<thead>(.*?)</thead>", html, re.S)
        assert head.count("<tr") == 1, where  # no index-name row
        headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
        assert headers and all(text.strip() for text in headers), where
        assert not any("_" in text for text in headers), (where, headers)  # words, not code names
        cells_text = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
        for placeholder in ("&lt;NA&gt;", "NaN", "nan", "None", "NaT"):
            assert placeholder not in cells_text, (where, placeholder)


def test_publish_reads_like_a_table():
    frame = pd.DataFrame({"date": pd.to_datetime(["2020-09-29", "2021-06-04"]), "package_or_act": ["A <b>", "B"],
                          "listed": pd.array([1200, None], dtype="Int64")}).set_index("date")
    text = tables.publish(frame, dates=("date",), headers={"listed": "Listed (persons)"})
    lines = text.splitlines()
    assert lines[0] == "| Date | Package or act | Listed (persons) |"
    assert lines[1] == "|:----------|:----------|--------:|"  # text left, numbers right; widths by content
    assert lines[2] == "| 29&nbsp;Sep&nbsp;2020 | A &lt;b&gt; | 1,200 |"
    assert lines[3] == "| 4&nbsp;Jun&nbsp;2021 | B | not given |"
    assert len(lines) == 4  # no caption unless asked


def test_publish_captions_a_table_and_escapes_it():
    text = tables.publish(pd.DataFrame({"a": ["{{< env HOME >}}"]}), caption="A *caption*")
    assert "{{<" not in text and text.endswith(": A \\*caption\\*\n")


def test_claims_tables_have_a_caption_and_readable_headers():
    verdicts = pd.DataFrame({"id": ["x-1"], "claim": ["c"], "status": ["holds"], "evidence": ["e"], "extra": [1]})
    text = tables.claims_table(verdicts)
    assert text.splitlines()[0] == "| Claim | What the paper says | Status in this edition | Evidence from the data |"
    assert f": {tables.CLAIMS_CAPTION}" in text


def test_the_notebook_display_is_markdown():
    assert tables.publish(pd.DataFrame({"a": [1]}))._repr_markdown_().startswith("| A |")
