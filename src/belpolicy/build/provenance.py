"""Executed notebooks without the builder's details.

Quarto embeds cells of the executed notebooks, and carries each cell's
metadata into the page (`data-quarto-private-1`): papermill's start and end
times and the kernel's execution timestamps, so two renders of the same inputs
differed, and the injected parameters held the builder's absolute folders.
After a successful execution the pipeline cleans the notebook:

- per cell, papermill's timing (`metadata.papermill`) and the kernel's
  timestamps (`metadata.execution`) are dropped;
- every absolute path into the project becomes a path relative to the project
  root, and the temporary execution folder becomes the chapter's final folder;
- the notebook-level `papermill` block stays (parameters, version, run time):
  that is where the provenance of the run belongs.
"""

from __future__ import annotations

import json
from pathlib import Path

CELL_KEYS_DROPPED = ("papermill", "execution")


def clean_executed_notebook(path: Path, project_root: Path, temporary: Path, final: Path) -> None:
    """Rewrite the executed notebook at `path` in place (see the module text)."""
    text = path.read_text(encoding="utf-8")
    final_relative = final.relative_to(project_root).as_posix()
    # The temporary folder first: it lies inside the project root.
    text = text.replace(temporary.as_posix(), final_relative)
    text = text.replace(project_root.as_posix() + "/", "")
    notebook = json.loads(text)
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {})
        for key in CELL_KEYS_DROPPED:
            metadata.pop(key, None)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
