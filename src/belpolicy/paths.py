"""Where the project lives. Everything else asks this module for paths."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding `_quarto.yml` and `data/`.

    `BELPOLICY_ROOT` wins (tests build a throw-away copy of the project and
    notebook kernels inherit it); otherwise the nearest parent of the working
    directory that looks like the project; otherwise the checkout this package
    was installed from.
    """
    override = os.environ.get("BELPOLICY_ROOT")
    if override:
        return Path(override).resolve()
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "_quarto.yml").is_file() and (folder / "data" / "datapackage.yaml").is_file():
            return folder
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return project_root() / "data"


def chapters_dir() -> Path:
    return project_root() / "chapters"


def build_dir() -> Path:
    return project_root() / "_build"


def library_dir() -> Path:
    return Path(__file__).resolve().parent
