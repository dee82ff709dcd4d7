"""Where the project lives. Everything else asks this module for paths."""

from __future__ import annotations

import functools
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


def read_yaml(path: Path) -> dict:
    """A YAML file, parsed once per change of the file (callers must not mutate it)."""
    return _parse_yaml(str(path), path.stat().st_mtime_ns)


def quarto_config() -> dict:
    return read_yaml(project_root() / "_quarto.yml")


@functools.lru_cache(maxsize=4)
def _parse_yaml(path: str, mtime_ns: int) -> dict:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)
