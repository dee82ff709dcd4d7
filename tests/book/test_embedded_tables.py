"""Publication tables in the executed editions: every table the book embeds reads as a table, not a pandas
dump (the table style itself: tests/unit/test_publication_tables.py)."""

from __future__ import annotations

import re

import pypandoc
import pytest

from belpolicy.build import flatten
from belpolicy.build.bookcheck import EMBED, notebook_cells

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
