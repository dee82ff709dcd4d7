"""Shared fixtures and facts: the project's two editions executed once per
session, throw-away copies of the project for tests that break things on
purpose, and the paper's own date and DOI (stated here, not read from the
library, so the tests check the library against the paper).

Layout: tests/unit/ are fast (no notebook runs); tests/chapters/ and
tests/book/ execute notebooks and are marked `slow` here. `make test` runs all;
`make test-fast` (pytest -m "not slow") runs the fast ones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The paper: Astapenia (2023), dated by the prisoner counts it quotes (its note 5).
PAPER_DATE = "2023-03-28"
PAPER_DOI = "10.55317/9781784135638"
PAPER_DOI_URL = f"https://doi.org/{PAPER_DOI}"
PAPER_DAY = pd.Timestamp(PAPER_DATE)
FAST_TESTS = Path(__file__).resolve().parent / "unit"
SHARED = ROOT.parent / "shared"
PROJECT_FILES = ("data", "chapters", "_quarto.yml", "_quarto-paper.yml", "_quarto-latest.yml",
                 "index.qmd", "references.bib", "references-be.yaml", "references.qmd", "filters", "appendix-claims.qmd",
                 "appendix-changes.qmd", "appendix-data.qmd")


def belpolicy(*args: str, root: Path = ROOT, env: dict | None = None, timeout: int = 900):
    """Run the CLI as a user would; returns the CompletedProcess."""
    import os

    environment = {**os.environ, "BELPOLICY_ROOT": str(root), "MPLBACKEND": "Agg", **(env or {})}
    return subprocess.run([sys.executable, "-m", "belpolicy.build.cli", *args], cwd=root, capture_output=True,
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
    from belpolicy.analysis.outputs import read_figure_csv

    return read_figure_csv(ROOT / "_build" / edition / slug / folder / f"{name}.csv")


def load_data(name: str):
    """A table from the project's data/ through the library's loader."""
    from belpolicy import data

    return data.load(name)


def register_example_domain(root: Path) -> None:
    """Test rows cite example.org (reserved for examples, RFC 2606); only a copy's registry knows it."""
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as registry:
        registry.write("example.org,Test fixture (reserved example domain),reputable_secondary,tests only\n")


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
    register_example_domain(destination)
    monkeypatch.setenv("BELPOLICY_ROOT", str(destination))
    return destination


def pytest_collection_modifyitems(config, items):
    """Everything outside tests/unit executes notebooks, and so does any test
    that asks for the executed editions: those are `slow`."""
    for item in items:
        if FAST_TESTS not in Path(item.fspath).parents or "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
