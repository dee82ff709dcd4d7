"""The chapter registry, read from the chapters themselves.

A chapter is `chapters/NN-slug.qmd` (prose) beside `chapters/NN-slug.ipynb`
(its notebook). The notebook says what the pipeline needs, each thing once:

- its parameters cell (tagged `parameters`, the papermill convention) names the
  parameters the chapter takes and their defaults, which are the latest
  edition's and what an interactive run uses;
- its metadata gives the key, the title, the tables it reads and what another
  edition pins differently:

    "belpolicy": {
      "key": "sanctions",                      # namespace of its values in _variables.yml
      "title": "Sanctions: ...",
      "reads": ["sanctions_events", ...],      # the only tables it may load
      "pins": {"paper": {"poll_wave": "CH-2022-08b"}}
    }

Parameter names must be in `params.KNOWN` (type and allowed values live there);
`edition` and `as_of` are common to all chapters and each edition's `as_of`
lives in `params.EDITIONS`. A chapter's notebook may load only the tables in
`reads`; the pipeline enforces this, so a change to any other table never needs
to re-run it. Adding a chapter therefore means adding its two files and one
line in `_quarto.yml`.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from belpolicy import paths
from belpolicy.errors import BelpolicyError, ParameterError
from belpolicy.data.params import EDITIONS, KNOWN, ParamSet

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


# Assigned in every parameters cell but not chapter parameters: the edition and
# its date are common to all chapters, and output_dir is set by the pipeline.
NOT_CHAPTER_PARAMETERS = ("edition", "as_of", "output_dir")


def parameter_defaults(notebook: dict) -> dict:
    """The assignments of the notebook's `parameters` cell: name -> literal value."""
    cells = [cell for cell in notebook["cells"] if "parameters" in cell.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"expected one cell tagged 'parameters', found {len(cells)}")
    defaults = {}
    for node in ast.parse("".join(cells[0]["source"])).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            defaults[target.id] = ast.literal_eval(node.value)
    return defaults


def _from_notebook(path: Path) -> Chapter:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        meta = notebook["metadata"]["belpolicy"]
        cell = {name: value for name, value in parameter_defaults(notebook).items()
                if name not in NOT_CHAPTER_PARAMETERS}
        unknown = sorted(set(cell) - set(KNOWN))
        if unknown:
            raise BelpolicyError(f"{path.name}: parameters {unknown} are not declared in belpolicy.data.params.KNOWN")
        pins = meta.get("pins", {})
        stray = sorted({name for pinned in pins.values() for name in pinned} - set(cell))
        if stray:
            raise BelpolicyError(f"{path.name}: metadata pins {stray}, which its parameters cell does not define")
        defaults = {edition: {**cell, **pins.get(edition, {})} for edition in EDITIONS}
        return Chapter(
            slug=path.stem, key=meta["key"], title=meta["title"], reads=tuple(meta["reads"]),
            params=ParamSet(own=tuple(KNOWN[name] for name in cell), defaults=defaults),
        )
    except (KeyError, TypeError, ValueError, SyntaxError, AttributeError) as error:
        raise BelpolicyError(f"{path}: notebook metadata 'belpolicy' or its parameters cell is missing or "
                             f"malformed ({error})") from None


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
