"""The chapter registry, read from the chapters themselves.

A chapter is `chapters/NN-slug.qmd` (prose) beside `chapters/NN-slug.ipynb`
(its notebook). The notebook's metadata says what the pipeline needs:

    "belpolicy": {
      "key": "sanctions",                      # namespace of its values in _variables.yml
      "title": "Sanctions: ...",
      "reads": ["sanctions_events", ...],      # the only tables it may load
      "params": {"poll_wave": {"paper": "CH-2022-08b", "latest": "latest"}}
    }

Parameter names must be in `params.KNOWN` (type and allowed values live there);
the notebook gives only per-edition defaults. A chapter's notebook may load only
the tables in `reads`; the pipeline enforces this, so a change to any other
table never needs to re-run it. Adding a chapter therefore means adding its two
files and one line in `_quarto.yml`.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from belpolicy import paths
from belpolicy.errors import BelpolicyError, ParameterError
from belpolicy.data.params import KNOWN, ParamSet

NOTEBOOK_NAME = re.compile(r"\d{2}-[a-z0-9-]+\.ipynb")


@dataclass(frozen=True)
class Chapter:
    slug: str  # file stem: chapters/<slug>.qmd and chapters/<slug>.ipynb
    key: str
    title: str
    reads: tuple[str, ...]
    params: ParamSet = field(default_factory=ParamSet)

    @property
    def notebook(self) -> Path:
        return paths.chapters_dir() / f"{self.slug}.ipynb"

    @property
    def qmd(self) -> Path:
        return paths.chapters_dir() / f"{self.slug}.qmd"

    @property
    def number(self) -> str:
        return self.slug.split("-", 1)[0]


def _from_notebook(path: Path) -> Chapter:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["belpolicy"]
        declared = meta.get("params", {})
        unknown = sorted(set(declared) - set(KNOWN))
        if unknown:
            raise BelpolicyError(f"{path.name}: parameters {unknown} are not declared in belpolicy.data.params.KNOWN")
        defaults: dict[str, dict] = {}
        for name, per_edition in declared.items():
            for edition, value in per_edition.items():
                defaults.setdefault(edition, {})[name] = value
        return Chapter(
            slug=path.stem, key=meta["key"], title=meta["title"], reads=tuple(meta["reads"]),
            params=ParamSet(own=tuple(KNOWN[name] for name in declared), defaults=defaults),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BelpolicyError(f"{path}: notebook metadata 'belpolicy' is missing or malformed ({error})") from None


@functools.lru_cache(maxsize=4)
def _discover(folder: str, stamp: tuple) -> tuple[Chapter, ...]:
    notebooks = sorted(p for p in Path(folder).glob("*.ipynb") if NOTEBOOK_NAME.fullmatch(p.name))
    return tuple(_from_notebook(path) for path in notebooks)


def all_chapters() -> tuple[Chapter, ...]:
    folder = paths.chapters_dir()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.ipynb")))
    return _discover(str(folder), stamp)


def by_name(name: str) -> Chapter:
    """Find a chapter by slug ("03-sanctions"), key ("sanctions") or number ("3")."""
    for chapter in all_chapters():
        if name in (chapter.slug, chapter.key, chapter.number, chapter.number.lstrip("0")):
            return chapter
    known = ", ".join(chapter.slug for chapter in all_chapters())
    raise ParameterError(f"unknown chapter {name!r}; known chapters: {known}")


def readers_of(table: str) -> list[str]:
    """The chapters (slugs) that read `table`: what a change to it re-executes."""
    return [chapter.slug for chapter in all_chapters() if table in chapter.reads]
