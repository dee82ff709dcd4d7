"""The book's own Lua filters, run by plain pandoc as Quarto would run them."""

from __future__ import annotations

import pypandoc

from belpolicy.paths import quarto_config

from conftest import ROOT

NOTEBOOK_PATHS = ROOT / "filters" / "embedded-notebook-paths.lua"


def test_the_notebook_paths_filter_is_registered():
    assert "filters/embedded-notebook-paths.lua" in quarto_config()["filters"]


def test_an_embedded_cell_names_its_notebook_relative_to_the_page(tmp_path):
    chapters = tmp_path / "book" / "chapters"
    chapters.mkdir(parents=True)
    absolute = tmp_path / "book" / "_build" / "current" / "03-sanctions" / "03-sanctions.ipynb"
    page = chapters / "03-sanctions.md"
    page.write_text(
        f':::{{.quarto-embed-nb-cell notebook="{absolute}" notebook-cellId="tbl-sanctions-acts"}}\n\nTable\n\n:::\n\n'
        ':::{.quarto-embed-nb-cell notebook="../_build/current/01-introduction/01-introduction.ipynb"}\n\nKept\n\n:::\n'
        f':::{{.other notebook="{absolute}"}}\n\nNot an embed\n\n:::\n',
        encoding="utf-8")
    html = pypandoc.convert_file(str(page), "html", extra_args=["--lua-filter", str(NOTEBOOK_PATHS)])
    named = [line.strip(">") for line in html.splitlines() if "data-notebook=" in line]
    assert named == ['data-notebook="../_build/current/03-sanctions/03-sanctions.ipynb"',
                     'data-notebook="../_build/current/01-introduction/01-introduction.ipynb"',
                     f'data-notebook="{absolute}"']  # a Div that is not an embed is left alone
    assert 'data-notebook-cellId="tbl-sanctions-acts"' in html
