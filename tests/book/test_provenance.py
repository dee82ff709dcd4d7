"""Executed notebooks carry no builder's details into the pages: no per-cell
timings, no absolute paths, and the same inputs give the same embedded cells."""

from __future__ import annotations

import json

from belpolicy.build.bookcheck import notebook_cells

from conftest import ROOT, belpolicy


def _notebooks(build):
    # Published chapters only: `.failed/` keeps a failed run's notebook for inspection.
    return sorted(path for edition in ("paper", "latest") for path in (build / edition).glob("[0-9]*/*.ipynb"))


def test_executed_notebooks_hold_no_timings_per_cell_and_no_absolute_paths(built):
    notebooks = _notebooks(built)
    assert len(notebooks) == 24
    for path in notebooks:
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text and ".tmp-" not in text, path
        notebook = json.loads(text)
        for cell in notebook["cells"]:
            assert not {"papermill", "execution"} & set(cell.get("metadata", {})), path
        run = notebook["metadata"]["papermill"]  # the run's provenance stays, relative to the project
        slug = path.stem
        assert run["input_path"] == f"chapters/{slug}.ipynb"
        assert run["output_path"] == f"_build/{path.parent.parent.name}/{slug}/{slug}.ipynb"
        assert run["parameters"]["output_dir"] == f"_build/{path.parent.parent.name}/{slug}"
        assert run["parameters"]["edition"] == path.parent.parent.name


def test_two_executions_of_the_same_inputs_embed_identical_cells(project_copy):
    def embedded():
        result = belpolicy("build", "--edition", "paper", "--chapters", "3", "--no-render", "--force",
                           root=project_copy)
        assert result.returncode == 0, result.stderr
        cells = notebook_cells(project_copy / "_build" / "paper" / "03-sanctions" / "03-sanctions.ipynb")
        return json.dumps(cells, sort_keys=True)

    first = embedded()
    assert "tbl-sanctions-acts" in first and "claims-sanctions" in first
    assert embedded() == first
