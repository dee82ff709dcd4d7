"""How to cite a chapter or section: APA and Chicago author-date text and BibTeX,
naming the book, the chapter, the edition and its data vintage, and the URL with
the section's anchor (when the build has a site address, see `site.py`). Used by `belpolicy cite` and by the "Cite this chapter"
block the build writes for every chapter (`_build/<edition>/cite/<slug>.md`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from belpolicy import paths
from belpolicy.errors import ParameterError
from belpolicy.build.edition import EDITION_TITLES
from belpolicy.build.quarto import book_metadata, listed_files
from belpolicy.build.site import edition_url

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{[^}]*#(sec-[A-Za-z0-9_-]+)[^}]*\}\s*$")
STYLES = ("apa", "chicago", "bibtex")


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    chapter_file: str  # e.g. chapters/03-sanctions.qmd
    chapter_title: str
    chapter_id: str


def sections() -> dict[str, Section]:
    """Every `{#sec-…}` heading of every file in the book, by id."""
    found = {}
    for listed in listed_files(paths.quarto_config()):
        path = paths.project_root() / listed
        if not path.is_file():
            continue
        chapter_title, chapter_id = "", ""
        for line in path.read_text(encoding="utf-8").splitlines():
            match = HEADING.match(line)
            if not match:
                continue
            level, heading, section_id = match.groups()
            if len(level) == 1:
                chapter_title, chapter_id = heading, section_id
            found[section_id] = Section(section_id, heading, listed, chapter_title, chapter_id)
    return found


def section_url(section: Section, edition: str) -> str | None:
    """The section's web address in that edition, or None for a local build."""
    base = edition_url(edition)
    if base is None:
        return None
    page = Path(section.chapter_file).with_suffix(".html").as_posix()
    return f"{base}/{page}#{section.id}"


def _edition_text(edition: str, vintage: str) -> str:
    return f"{EDITION_TITLES[edition]}, data as of {vintage}"


def render(section: Section, style: str, edition: str, vintage: str) -> str:
    book = book_metadata()
    author = book["author"]
    year = str(book["date"])[:4]
    title = section.chapter_title if section.id == section.chapter_id else f"{section.chapter_title}: {section.heading}"
    url = section_url(section, edition)
    edition_text = _edition_text(edition, vintage)
    if style == "apa":
        return f"{author}. ({year}). {title}. In *{book['title']}* ({edition_text}).{f' {url}' if url else ''}"
    if style == "chicago":
        return f"{author}. {year}. \u201c{title}.\u201d In *{book['title']}*. {edition_text}.{f' {url}.' if url else ''}"
    if style == "bibtex":
        key = f"belpolicy-{section.id}-{edition}"
        return (f"@incollection{{{key},\n"
                f"  author    = {{{{{author}}}}},\n"
                f"  title     = {{{title}}},\n"
                f"  booktitle = {{{book['title']}}},\n"
                f"  edition   = {{{edition_text}}},\n"
                f"  year      = {{{year}}},\n"
                + (f"  url       = {{{url}}},\n" if url else "") +
                "  note      = {A restatement of Astapenia (2023), doi:10.55317/9781784135638}\n"
                "}")
    raise ParameterError(f"unknown citation style {style!r}; choose one of {', '.join(STYLES)}")


def cite_block(section: Section, edition: str, vintage: str) -> str:
    """The callout each chapter ends with (included by Quarto). Not collapsed:
    a collapsed callout's toggle cannot be reached with the keyboard."""
    local = section_url(section, edition) is None
    slug = Path(section.chapter_file).stem
    return "\n".join([
        # Web only: the Word file is made from the rendered page (render.chapter_word_files).
        "```{=html}",
        f'<p class="chapter-download">This chapter as a Word document, with the book\'s numbering: '
        f'<a href="{slug}.docx" download>{slug}.docx</a></p>',
        "```",
        "",
        '::: {.callout-tip appearance="simple"}',
        "## Cite this chapter",
        "",
        *(["This is a local build with no site address, so the citations below give no web address.", ""]
          if local else []),
        f"**APA:** {render(section, 'apa', edition, vintage)}",
        "",
        f"**Chicago:** {render(section, 'chicago', edition, vintage)}",
        "",
        "```bibtex",
        render(section, "bibtex", edition, vintage),
        "```",
        ":::",
        "",
    ])


def write_cite_blocks(edition: str, vintage: str, chapter_vintages: dict[str, str] | None = None) -> list[Path]:
    """One cite block per chapter, dated by the data that chapter uses
    (`chapter_vintages`, by file stem) where given, else by the book's date."""
    folder = paths.build_dir() / edition / "cite"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in sections().values():
        if section.id != section.chapter_id or not section.chapter_file.startswith("chapters/"):
            continue
        stem = Path(section.chapter_file).stem
        target = folder / f"{stem}.md"
        target.write_text(cite_block(section, edition, (chapter_vintages or {}).get(stem, vintage)),
                          encoding="utf-8")
        written.append(target)
    return written
