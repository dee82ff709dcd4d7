"""The package's shape: three wings in one direction of flow.

data/ (tables) → analysis/ (what notebooks import) → build/ (the driver), on
foundations every wing may use (errors, paths, text). Nothing flows back: the
analysis and data wings never import the build wing, so the library hash (all
code outside build/) covers everything a notebook can run, and there is no
import cycle anywhere."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "belpolicy"
CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
FOUNDATIONS = {"belpolicy", "belpolicy.errors", "belpolicy.paths", "belpolicy.text"}
# Which wing may import which (besides itself and the foundations).
MAY_IMPORT = {"data": set(), "analysis": {"data"}, "build": {"data", "analysis"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every belpolicy module `path` imports, at module level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("belpolicy"):
            assert node.level == 0, f"{path.name}: relative import"
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("belpolicy")}
    return found


def _is_module(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}


def wing(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in MAY_IMPORT) else None


def test_every_module_lives_in_a_wing_or_is_a_foundation():
    for module in graph():
        assert module in FOUNDATIONS or wing(module) in MAY_IMPORT, module


@pytest.mark.parametrize("source_wing", sorted(MAY_IMPORT))
def test_imports_follow_the_flow(source_wing):
    for module, targets in graph().items():
        if wing(module) != source_wing:
            continue
        for target in targets:
            allowed = target in FOUNDATIONS or wing(target) in MAY_IMPORT[source_wing] | {source_wing}
            assert allowed, f"{module} imports {target}"


def test_foundations_import_only_foundations():
    for module in FOUNDATIONS:
        assert graph()[module] <= FOUNDATIONS, module


def test_no_import_cycle():
    edges = graph()
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if target == node or target not in edges:
                continue
            if state.get(target) == "open":
                cycle = trail[trail.index(target):] + [target] if target in trail else [node, target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])


def test_notebooks_never_import_the_build_wing():
    for notebook in sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
        tree = ast.parse("\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))))
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert any(m.startswith("belpolicy") for m in modules), notebook.name
        assert not any(m.startswith("belpolicy.build") for m in modules), notebook.name


def test_no_module_uses_another_modules_private_names():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("belpolicy"):
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in {"data", "figures", "paths", "polls", "releases"}:
                    raise AssertionError(f"{path.name} reaches into {owner.id}.{node.attr}")


def test_every_test_folder_is_one_pytest_collects():
    """pytest silently skips folders named like build outputs (its default `norecursedirs`),
    which once hid a whole folder of tests."""
    skipped_by_default = {"build", "dist", "node_modules", "venv", "CVS", "_darcs", "{arch}"}
    tests = Path(__file__).resolve().parents[1]
    folders = {path.parent.relative_to(tests) for path in tests.rglob("test_*.py")}
    for folder in folders:
        assert not set(folder.parts) & skipped_by_default and not any(p.startswith(".") or p.endswith(".egg")
                                                                     for p in folder.parts), folder
