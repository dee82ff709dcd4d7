"""Guarded prose: sentences whose premise is checked against the data.

A sentence that states something about the data which the notebook does not
compute is marked in the chapter, `[The sentence.]{guard="isolation.most_releases_without_contact"}`
(a span, or a `::: {guard="..."}` div for several sentences), and its notebook
records the check with `out.guard("most_releases_without_contact", condition, "premise")`.
Before Quarto runs (`belpolicy stage`) and in `belpolicy check-book`, every guard
marked in text visible in the edition must be recorded and hold; otherwise the
build stops with one line per sentence: file, line, guard, premise.

`BELPOLICY_STALE_PROSE=mark` publishes such sentences instead, visibly marked as
no longer holding (the `filters/guarded-prose.lua` filter reads `_build/<edition>/stale-prose.lua`),
and lists them in the appendix *What changed since the paper*.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from belpolicy import paths
from belpolicy.errors import StagingError

GUARD = re.compile(r"""guard\s*=\s*"([a-z0-9_]+)\.([a-z0-9_]+)\"""")
DIV_OPEN = re.compile(r"^\s*:::+\s*\{(.*)\}\s*$")
DIV_CLOSE = re.compile(r"^\s*:::+\s*$")
PROFILE = re.compile(r"""(content-visible|content-hidden)\b[^}]*?when-profile\s*=\s*"([^"]+)\"""")
POLICY_ENV = "BELPOLICY_STALE_PROSE"
STALE_FILE = "stale-prose.lua"
STALE_LIST = "stale-prose.json"


@dataclass(frozen=True)
class StaleSentence:
    file: str
    line: int
    guard: str
    premise: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: guard {self.guard} {self.reason}: {self.premise}"


def marked_lines(text: str, edition: str):
    """(line number, chapter key, guard name) for every guard marked in text that the
    edition shows (outside `.content-visible when-profile` divs of other editions)."""
    stack: list[bool] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        opening = DIV_OPEN.match(line)
        if opening:
            profile = PROFILE.search(opening.group(1))
            shown = True
            if profile:
                kind, names = profile.groups()
                listed = edition in [name.strip() for name in names.split(",")]
                shown = listed if kind == "content-visible" else not listed
            stack.append(shown)
        elif DIV_CLOSE.match(line) and stack:
            stack.pop()
        if all(stack):
            for chapter, name in GUARD.findall(line):
                yield number, chapter, name


def stale_sentences(edition: str, summary: dict | None = None) -> list[StaleSentence]:
    """Every marked sentence of the book whose guard is missing or fails on the edition's data."""
    from belpolicy.build.quarto import listed_files

    if summary is None:
        summary = json.loads((paths.build_dir() / edition / "values.json").read_text(encoding="utf-8"))
    recorded = summary.get("guards", {})
    root = paths.project_root()
    found = []
    for listed in listed_files(paths.quarto_config()):
        path = root / listed
        if not path.is_file():
            continue
        for number, chapter, name in marked_lines(path.read_text(encoding="utf-8"), edition):
            check = recorded.get(chapter, {}).get(name)
            dotted = f"{chapter}.{name}"
            if check is None:
                found.append(StaleSentence(listed, number, dotted, "(none recorded)",
                                           f"is not recorded by the {chapter} notebook"))
            elif not check["holds"]:
                found.append(StaleSentence(listed, number, dotted, check["premise"],
                                           f"no longer holds on the {edition} edition's data"))
    return found


def marking() -> bool:
    return os.environ.get(POLICY_ENV, "").strip().lower() == "mark"


def apply_policy(edition: str, summary: dict) -> list[StaleSentence]:
    """Refuse the edition when a guarded sentence's premise fails, or with
    BELPOLICY_STALE_PROSE=mark write the list the Lua filter and the appendix use."""
    stale = stale_sentences(edition, summary)
    failing = [s for s in stale if "not recorded" not in s.reason]
    missing = [s for s in stale if "not recorded" in s.reason]
    if missing or (failing and not marking()):
        lines = [str(s) for s in missing + failing]
        hint = "" if missing else f" (set {POLICY_ENV}=mark to publish them marked as no longer holding)"
        raise StagingError("prose whose premise no longer holds" + hint + ":\n" + "\n".join(lines))
    write_stale_list(edition, failing)
    return failing


STALE_APPENDIX = "appendix/stale.md"


def write_stale_list(edition: str, stale: list[StaleSentence]) -> None:
    """The stale guards for the Lua filter and the What-changed appendix (both empty when none)."""
    folder = paths.build_dir() / edition
    names = ", ".join(f'["{s.guard}"] = true' for s in stale)
    (folder / STALE_FILE).write_text(f"return {{{names}}}\n", encoding="utf-8")
    (folder / STALE_LIST).write_text(json.dumps([s.__dict__ for s in stale], indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    (folder / STALE_APPENDIX).parent.mkdir(parents=True, exist_ok=True)
    (folder / STALE_APPENDIX).write_text(stale_markdown(stale), encoding="utf-8")


def stale_markdown(rows: list[StaleSentence]) -> str:
    """The appendix section listing sentences published marked (empty when none)."""
    if not rows:
        return ""
    from belpolicy.text import escape

    parts = ["## Sentences that no longer hold {#sec-changes-stale}", "",
             "These sentences are published marked: their premise fails on this edition's data.", ""]
    parts += [f"- `{escape(r.file)}`, line {r.line}: {escape(r.premise)} (check `{r.guard}`)" for r in rows]
    return "\n".join(parts) + "\n"
