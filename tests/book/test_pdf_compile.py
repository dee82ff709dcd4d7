"""The PDF without Quarto: every page of the book, as Quarto would hand it to
pandoc (variables, includes and embeds filled in by `belpolicy.build.flatten`), is
converted by pandoc with the book's Lua filter, citation style and Typst header
and compiled by Typst, so a caption, table or citation that breaks the PDF
fails here. pandoc (pypandoc_binary) and Typst (typst) are the versions Quarto
1.10 bundles."""

from __future__ import annotations

from pathlib import Path

import pypandoc
import pytest
import typst

from belpolicy.build import flatten
from belpolicy.build.quarto import bibliography_files, listed_files
from belpolicy.paths import quarto_config

from conftest import ROOT

SITE = "https://owner.github.io/belarus-policy"
PAGES = listed_files(quarto_config())


def book_filters() -> list[str]:
    """The Lua filters _quarto.yml lists, in its order (an entry is a path or {path, at})."""
    return [str(ROOT / (entry["path"] if isinstance(entry, dict) else entry)) for entry in quarto_config()["filters"]]


def pandoc_typst(markdown: str, edition: str | None, site: str | None = SITE) -> str:
    """pandoc's Typst for a page, with what _quarto.yml gives Quarto's Typst format."""
    arguments = ["--standalone", *(f"--lua-filter={path}" for path in book_filters()), "--citeproc",
                 *(f"--bibliography={ROOT / name}" for name in bibliography_files(quarto_config())),
                 "--csl", str(ROOT / "styles" / "chicago-author-date.csl"),
                 "--include-in-header", str(ROOT / "styles" / "typst-header.typ"),
                 "--default-image-extension=png"]
    if site and edition:
        arguments += ["--metadata", f"book-url={site}/{edition}"]
    source = pypandoc.convert_text(markdown, "typst", format="markdown", extra_args=arguments,
                                   cworkdir=str(ROOT / "chapters"))
    if edition:  # Typst resolves paths itself: point the pointer folder at the edition
        source = source.replace('"../_build/current/', f'"{ROOT}/_build/{edition}/')
    return source


def compile_typst(source: str, folder: Path) -> bytes:
    path = folder / "page.typ"
    path.write_text(source, encoding="utf-8")
    return typst.compile(str(path), root="/")


def test_the_book_filters_are_the_three_in_filters():
    assert [Path(path).relative_to(ROOT).as_posix() for path in book_filters()] == [
        "filters/figure-downloads.lua", "filters/embedded-notebook-paths.lua", "filters/guarded-prose.lua"]


@pytest.mark.parametrize("edition", ["paper", "latest"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_compiles_to_pdf(built, tmp_path, page, edition):
    markdown = flatten.page_markdown(page, edition)
    assert "{{<" not in markdown, "a shortcode was left for Quarto"
    pdf = compile_typst(pandoc_typst(markdown, edition), tmp_path)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


FIGURE = ("![A caption ending with a link to [the data](../_build/current/03-sanctions/figures/exports-to-eu.csv)."
          "](../_build/current/03-sanctions/figures/exports-to-eu){#fig-sanctions-exports}\n")


def test_the_filter_gives_documents_absolute_downloads_and_the_online_address(built, tmp_path):
    source = pandoc_typst(FIGURE, "paper")
    page = f"{SITE}/paper/chapters/03-sanctions.html#fig-sanctions-exports"
    assert f'#link("{page}")' in source
    for extension in ("svg", "png", "csv"):
        assert f'#link("{SITE}/paper/_build/current/03-sanctions/figures/exports-to-eu.{extension}")' in source
    assert "../_build/current/03-sanctions/figures/exports-to-eu.csv" not in source  # no dead relative link
    assert compile_typst(source, tmp_path).startswith(b"%PDF")


def test_without_a_site_address_documents_get_no_address_and_the_web_relative_links():
    assert "Online" not in pandoc_typst(FIGURE, "paper", site=None)
    html = pypandoc.convert_text(FIGURE, "html", format="markdown",
                                 extra_args=["--lua-filter", str(ROOT / "filters" / "figure-downloads.lua")])
    assert 'href="../_build/current/03-sanctions/figures/exports-to-eu.svg">SVG</a>' in html
    assert "Online" not in html and "https://" not in html


def test_a_hand_typed_online_span_is_what_broke_the_pdf(tmp_path):
    """pandoc issue 11511: the space opening a span is dropped, `].Online` is a field access."""
    typed = ('See [CSV](https://example.invalid/a.csv).[ Online: https://example.invalid/b]'
             '{.content-visible unless-format="html"}\n')
    with pytest.raises(Exception, match="does not have field"):
        compile_typst(pandoc_typst(typed, None), tmp_path)


def test_long_tables_may_break_across_pages():
    assert "#show figure: set block(breakable: true)" in (ROOT / "styles" / "typst-header.typ").read_text()
    typst_format = quarto_config()["format"]["typst"]
    assert typst_format["include-in-header"] == "styles/typst-header.typ"
    assert typst_format["citeproc"] is True  # the same citeproc and CSL as HTML and Word
    assert (ROOT / quarto_config()["csl"]).is_file()
