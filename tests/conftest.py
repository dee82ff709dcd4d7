"""Shared fixtures: the project's two editions executed once per session, and
throw-away copies of the project for tests that break things on purpose."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PROJECT_FILES = ("data", "chapters", "_quarto.yml", "_quarto-paper.yml", "_quarto-latest.yml",
                 "index.qmd", "references.bib", "references.qmd", "guards.lua", "appendix-claims.qmd",
                 "appendix-changes.qmd", "appendix-data.qmd")


def belpolicy(*args: str, root: Path = ROOT, env: dict | None = None, timeout: int = 900):
    """Run the CLI as a user would; returns the CompletedProcess."""
    import os

    environment = {**os.environ, "BELPOLICY_ROOT": str(root), "MPLBACKEND": "Agg", **(env or {})}
    return subprocess.run([sys.executable, "-m", "belpolicy.cli", *args], cwd=root, capture_output=True,
                          text=True, env=environment, timeout=timeout)


@pytest.fixture(scope="session")
def built() -> Path:
    """Both editions executed in the project's own _build/ (incrementally)."""
    result = belpolicy("build", "--edition", "all", "--no-render")
    assert result.returncode == 0, result.stdout + result.stderr
    return ROOT / "_build"


def chapter_values(edition: str, slug: str) -> dict:
    return json.loads((ROOT / "_build" / edition / slug / "values.json").read_text(encoding="utf-8"))["values"]


def figure_data(edition: str, slug: str, name: str, folder: str = "figures"):
    from belpolicy.outputs import read_figure_csv

    return read_figure_csv(ROOT / "_build" / edition / slug / folder / f"{name}.csv")


def load_data(name: str):
    """A table from the project's data/ through the library's loader."""
    from belpolicy import data

    return data.load(name)


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the project's inputs; BELPOLICY_ROOT points at it."""
    destination = tmp_path / "book"
    destination.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    monkeypatch.setenv("BELPOLICY_ROOT", str(destination))
    return destination
