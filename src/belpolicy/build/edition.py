"""An edition as the driver sees it: its title, its summary file
(`_build/<edition>/values.json`: every chapter's values plus the data vintage),
and the date its data reach."""

from __future__ import annotations

import json
from pathlib import Path

from belpolicy import data, paths
from belpolicy.build.chapters import all_chapters
from belpolicy.data.params import EDITIONS, LATEST
from belpolicy.data.semantics import book_vintage, chapter_vintage
from belpolicy.errors import StagingError
from belpolicy.text import fmt_date

EDITION_TITLES = {"paper": "Paper edition", "latest": "Latest edition"}
SUMMARY_FILE = "values.json"


def folder(edition: str) -> Path:
    return paths.build_dir() / edition


def summary_path(edition: str) -> Path:
    return folder(edition) / SUMMARY_FILE


def read_summary(edition: str) -> dict:
    path = summary_path(edition)
    if not path.is_file():
        raise StagingError(f"{path} is missing: run `belpolicy build --edition {edition} --no-render` first")
    return json.loads(path.read_text(encoding="utf-8"))


def cutoff(edition: str) -> str | None:
    """The newest date an edition may show: its pinned as_of, or None for 'latest'."""
    as_of = EDITIONS[edition]["as_of"]
    return None if as_of == LATEST else as_of


def vintage(summary: dict) -> str:
    """The date an edition's data reach: its as_of, or for 'latest' the newest date
    any core table reaches (`vintage_rule` in data/datapackage.yaml); a minor
    table's stray newer row never sets it."""
    if summary["as_of"] != LATEST:
        return fmt_date(summary["as_of"])
    return fmt_date(book_vintage(summary["vintage"]))


def chapter_vintages(summary: dict) -> dict[str, str]:
    """Chapter slug -> the date of the data it uses: for the latest edition the
    newest date of the tables it reads; an edition pinned to a date cites that date."""
    if summary["as_of"] != LATEST:
        return {chapter.slug: vintage(summary) for chapter in all_chapters()}
    found = {}
    for chapter in all_chapters():
        day = chapter_vintage(summary["vintage"], list(chapter.reads))
        found[chapter.slug] = (fmt_date(day) if day and len(day) == 10 else day) or vintage(summary)
    return found


def chapter_payloads(edition: str) -> dict[str, dict]:
    """Chapter key -> what its notebook recorded (`<chapter>/values.json`: values,
    claims, parameters), for the chapters of the edition that have run."""
    found = {}
    for chapter in all_chapters():
        source = folder(edition) / chapter.slug / SUMMARY_FILE
        if source.is_file():
            found[chapter.key] = json.loads(source.read_text(encoding="utf-8"))
    return found


def write_summary(edition: str) -> dict:
    summary = {
        "edition": edition,
        "as_of": EDITIONS[edition]["as_of"],
        "vintage": {name: data.newest_date(name, upto=cutoff(edition)) for name in data.dataset_names()},
        "chapters": {key: payload["values"] for key, payload in chapter_payloads(edition).items()},
        "guards": {key: payload.get("guards", {}) for key, payload in chapter_payloads(edition).items()},
    }
    summary_path(edition).write_text(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    return summary
