"""Citing and sharing: cite blocks, `belpolicy cite`, CITATION.cff, figure files."""

from __future__ import annotations

import json

import bibtexparser
import jsonschema
import pytest
import yaml

from belpolicy.build import cite
from belpolicy.build.chapters import all_chapters

from conftest import ROOT, belpolicy, PAPER_DATE, PAPER_DOI


def test_every_chapter_ends_with_its_cite_block(built):
    for chapter in all_chapters():
        text = chapter.qmd.read_text(encoding="utf-8").rstrip()
        assert text.endswith(f"{{{{< include ../_build/current/cite/{chapter.slug}.md >}}}}"), chapter.slug
        for edition in ("paper", "latest"):
            block = (built / edition / "cite" / f"{chapter.slug}.md").read_text(encoding="utf-8")
            assert "## Cite this chapter" in block and "**APA:**" in block and "**Chicago:**" in block
            assert "collapse=" not in block  # a collapsed callout cannot be opened from the keyboard
            assert ("Paper edition" if edition == "paper" else "Latest edition") in block


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_cite_prints_bibtex_that_parses_with_the_anchor_url(built, edition):
    site = "https://owner.github.io/belarus-policy"
    result = belpolicy("cite", "sec-sanctions-opinion", "--style", "bibtex", "--edition", edition,
                       "--site-url", site + "/")
    assert result.returncode == 0, result.stderr
    library = bibtexparser.parse_string(result.stdout)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "incollection"
    assert entry.fields_dict["url"].value == f"{site}/{edition}/chapters/03-sanctions.html#sec-sanctions-opinion"
    assert entry.fields_dict["edition"].value.startswith("Paper edition, data as of 28 March 2023"
                                                         if edition == "paper" else "Latest edition, data as of")


def test_cite_apa_and_chicago_name_book_chapter_and_edition(built):
    for style in ("apa", "chicago"):
        result = belpolicy("cite", "sec-introduction", "--style", style, "--edition", "paper",
                           env={"BELPOLICY_SITE_URL": "https://owner.github.io/belarus-policy"})
        assert result.returncode == 0, result.stderr
        text = result.stdout
        assert "Introduction: Belarus between 2020 and the war" in text
        assert "a living edition" in text and "Paper edition, data as of 28 March 2023" in text
        assert "#sec-introduction" in text


def test_cite_refuses_unknown_sections_and_styles():
    assert "no section 'sec-nowhere'" in belpolicy("cite", "sec-nowhere").stderr
    assert "choose one of apa, chicago, bibtex" in belpolicy("cite", "sec-introduction", "--style", "mla").stderr


def test_citation_cff_validates_against_the_cff_1_2_0_schema():
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json").read_text())
    document = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # YAML reads unquoted dates as dates; CFF wants the ISO text.
    jsonschema.validate(json.loads(json.dumps(document, default=str)), schema)
    assert document["references"][0]["doi"] == PAPER_DOI


def test_section_ids_are_unique_across_the_book():
    ids = []
    for path in [ROOT / "index.qmd", *sorted((ROOT / "chapters").glob("*.qmd"))]:
        ids += [m.group(3) for m in map(cite.HEADING.match, path.read_text(encoding="utf-8").splitlines()) if m]
    assert len(ids) == len(set(ids))


def test_figure_csvs_start_with_title_source_and_parameters(built):
    for csv_path in sorted((built / "paper").glob("*/figures/*.csv")):
        head = csv_path.read_text(encoding="utf-8").splitlines()[:3]
        assert head[0].startswith("# ") and head[1].startswith("# Source: ") and head[2].startswith("# Parameters: ")
        assert f"as_of={PAPER_DATE}" in head[2] and "edition=paper" in head[2], csv_path


def test_single_chapter_format_needs_chapters():
    result = belpolicy("build", "--format", "docx", "--no-render")
    assert result.returncode == 1 and "name them with --chapters" in result.stderr


def test_references_bib_parses_without_failed_blocks_or_duplicates():
    library = bibtexparser.parse_file(str(ROOT / "references.bib"))
    assert not library.failed_blocks, [block.raw[:80] for block in library.failed_blocks]
    keys = [entry.key for entry in library.entries]
    # the Belarusian-titled entries (references-be.yaml) share the key space
    keys += [entry["id"] for entry in yaml.safe_load((ROOT / "references-be.yaml").read_text())["references"]]
    assert len(keys) == len(set(keys))
    assert {"astapenia2023", "most2022hersche", "znatkevich2022"} <= set(keys)
    paper = next(entry for entry in library.entries if entry.key == "astapenia2023")
    assert paper.fields_dict["doi"].value == PAPER_DOI
