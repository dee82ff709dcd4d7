"""The chapter registry: which notebook backs which chapter, which tables it
reads (its data dependencies) and which parameters it takes.

A chapter's notebook may load only the tables listed in `reads`; the pipeline
enforces this, so a change to any other table never needs to re-run it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import ParameterError
from .params import Param, ParamSet


@dataclass(frozen=True)
class Chapter:
    slug: str  # file stem: chapters/<slug>.qmd and chapters/<slug>.ipynb
    key: str  # namespace of its values in _variables.yml
    title: str
    reads: tuple[str, ...]
    params: ParamSet = field(default_factory=ParamSet)

    @property
    def notebook(self) -> Path:
        return paths.chapters_dir() / f"{self.slug}.ipynb"

    @property
    def qmd(self) -> Path:
        return paths.chapters_dir() / f"{self.slug}.qmd"


POLL_WAVE = Param(
    "poll_wave", "choice", "poll wave (wave_id in poll_waves) for the poll table", choices_from=("poll_waves", "wave_id"),
    allow_latest=True,
)
COUNTER = Param(
    "counter", "choice", "political-prisoner counter drawn as the main series",
    choices=("viasna", "politzek", "dissidentby"),
)
JURISDICTIONS = Param(
    "jurisdictions", "choices", "comma-separated sanctioning jurisdictions to draw", choices=("EU", "US", "UK", "CA"),
)

CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        slug="01-introduction",
        key="introduction",
        title="Introduction: Belarus between 2020 and the war",
        reads=("events", "political_prisoners"),
        params=ParamSet(
            own=(COUNTER,),
            defaults={"paper": {"counter": "viasna"}, "latest": {"counter": "viasna"}},
        ),
    ),
    Chapter(
        slug="03-sanctions",
        key="sanctions",
        title="Sanctions: too little, too late, then too broad",
        reads=("sanctions_events", "sanctions_totals", "events", "trade_eu_belarus", "trade_exports",
               "poll_waves", "poll_results"),
        params=ParamSet(
            own=(JURISDICTIONS, POLL_WAVE),
            defaults={
                # wave 12 (15-31 August 2022): the source of the paper's Table 1
                "paper": {"jurisdictions": "EU,US,UK,CA", "poll_wave": "CH-2022-08b"},
                "latest": {"jurisdictions": "EU,US,UK,CA", "poll_wave": "latest"},
            },
        ),
    ),
)


def by_name(name: str) -> Chapter:
    """Find a chapter by slug ("03-sanctions"), key ("sanctions") or number ("3")."""
    for chapter in CHAPTERS:
        number = chapter.slug.split("-", 1)[0]
        if name in (chapter.slug, chapter.key, number, number.lstrip("0")):
            return chapter
    known = ", ".join(chapter.slug for chapter in CHAPTERS)
    raise ParameterError(f"unknown chapter {name!r}; known chapters: {known}")
