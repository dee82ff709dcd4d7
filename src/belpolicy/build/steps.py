"""What the build does after an edition's chapters ran, declared once and in
order (the way owid/etl declares its steps). Each step reads the edition's
summary; none executes a notebook, so all of them together stay well under a
second and run after every build, including a no-op one."""

from __future__ import annotations

from pathlib import Path

from belpolicy.build import appendices, cite, edition, guards, staging


def _appendices(name: str, summary: dict) -> None:
    appendices.write_appendices(name)


def _cite_blocks(name: str, summary: dict) -> None:
    cite.write_cite_blocks(name, edition.vintage(summary), edition.chapter_vintages(summary))


def _stale_list(name: str, summary: dict) -> None:
    guards.write_stale_list(name, [])  # staging fills it when sentences are published marked


def _banner(name: str, summary: dict) -> None:
    staging.write_banner(edition.folder(name), staging.variables_for(summary))


AFTER_CHAPTERS = (
    ("appendices", _appendices),
    ("cite blocks", _cite_blocks),
    ("stale-sentence list", _stale_list),
    ("edition banner", _banner),
)


def finish_edition(name: str) -> Path:
    """Write the edition summary, then every step after it; staging for Quarto
    (`staging.stage`) follows at render time."""
    summary = edition.write_summary(name)
    for _, step in AFTER_CHAPTERS:
        step(name, summary)
    return edition.summary_path(name)
