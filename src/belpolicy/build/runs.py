"""A reader's re-run as a readable chapter.

`belpolicy run CHAPTER -p as_of=2024-06-30` executes one chapter into
`_build/runs/<name>/<slug>/`. This module makes that folder look like an
edition to the book (a `values.json` summary, the chapter's cite block, a
banner naming the parameters), stages it as `_build/current` with its
variables, and renders that one chapter with Quarto into `_book/runs/<name>/`,
so the prose quotes the run's numbers. Without `--format`, `key_values` gives
what the terminal prints instead.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from belpolicy import data, paths
from belpolicy.build.chapters import Chapter
from belpolicy.errors import BelpolicyError

# What `--format` names -> Quarto's format
FORMATS = {"html": "html", "docx": "docx", "pdf": "typst"}


def run_folder(name: str) -> Path:
    return paths.build_dir() / "runs" / name


def parameters_text(params: dict) -> str:
    return ", ".join(f"{key}={','.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in sorted(params.items()))


def key_values(name: str, chapter: Chapter) -> list[tuple[str, str, str]]:
    """(label, value as printed in the book, key) for every value the run computed."""
    values = json.loads((run_folder(name) / chapter.slug / "values.json").read_text(encoding="utf-8"))["values"]
    return [(entry.get("label") or key, entry["text"], key) for key, entry in values.items()]


def run_summary(name: str, edition: str, params: dict) -> dict:
    """The run folder's `values.json`, shaped like an edition's (see edition.write_summary)."""
    from belpolicy.build.edition import chapter_payloads
    from belpolicy.data.params import EDITIONS, LATEST

    as_of = str(params.get("as_of", EDITIONS[edition]["as_of"]))
    cutoff = None if as_of == LATEST else as_of
    return {
        "edition": edition,
        "as_of": as_of,
        "vintage": {table: data.newest_date(table, upto=cutoff) for table in data.dataset_names()},
        "chapters": {key: payload["values"] for key, payload in chapter_payloads(f"runs/{name}").items()},
    }


def stage_run(name: str, edition: str, chapter: Chapter, params: dict) -> None:
    """Make `_build/runs/<name>/` an edition for one chapter and point `_build/current` at it."""
    from belpolicy.build.cite import cite_block, sections
    from belpolicy.build.edition import vintage as edition_vintage
    from belpolicy.build.staging import BANNER_FILE, banner_html, point_current, variables_for

    folder = run_folder(name)
    summary = run_summary(name, edition, params)
    (folder / "values.json").write_text(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    variables = variables_for(summary)
    vintage = edition_vintage(summary)
    made_by = (f"This chapter was re-run with `belpolicy run`, starting from the {edition} edition, with the "
               f"parameters {parameters_text(params)}; data up to {vintage}.")
    section = next(s for s in sections().values() if s.chapter_file == f"chapters/{chapter.slug}.qmd"
                   and s.id == s.chapter_id)
    cite = folder / "cite"
    cite.mkdir(exist_ok=True)
    (cite / f"{chapter.slug}.md").write_text(
        '::: {.callout-note appearance="simple"}\n## Parameters of this run\n\n'
        + made_by.replace("`", "") + "\n:::\n\n" + cite_block(section, edition, vintage), encoding="utf-8")
    (folder / BANNER_FILE).write_text(banner_html(made_by.replace("`", "")), encoding="utf-8")
    point_current(f"runs/{name}", variables)


def render_run(name: str, edition: str, chapter: Chapter, params: dict, output_format: str) -> Path:
    """Render the run's chapter into `_book/runs/<name>/`; returns the document's path."""
    from belpolicy.build.render import quarto_path
    from belpolicy.build.staging import STAGED_RUN_ENV

    if output_format not in FORMATS:
        raise BelpolicyError(f"--format {output_format!r}: choose {', '.join(FORMATS)}")
    quarto = quarto_path()  # the same clear message as `make book` when Quarto is missing
    stage_run(name, edition, chapter, params)
    output_dir = Path("_book") / "runs" / name
    command = [quarto, "render", f"chapters/{chapter.slug}.qmd", "--profile", f"{edition},chapterdoc",
               "--to", FORMATS[output_format], "--output-dir", output_dir.as_posix()]
    completed = subprocess.run(command, cwd=paths.project_root(), env={**os.environ, STAGED_RUN_ENV: name})
    if completed.returncode != 0:
        raise BelpolicyError(f"{' '.join(command[1:])} failed (exit {completed.returncode}); see above")
    return output_dir / "chapters" / f"{chapter.slug}.{output_format}"  # typst renders to .pdf
