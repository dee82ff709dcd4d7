"""Execution: incremental, isolated per run, safe on failure."""

from __future__ import annotations

import json
import shutil

from belpolicy.build import pipeline
from belpolicy.build.chapters import by_name

from conftest import ROOT, belpolicy


def _manifests(build):
    return {path: path.stat().st_mtime_ns for path in build.glob("*/*/manifest.json")}


def test_second_identical_build_executes_nothing(built):
    before = _manifests(built)
    assert len(before) >= 4  # at least two chapters in two editions
    result = belpolicy("build", "--edition", "all", "--no-render")
    assert result.returncode == 0, result.stderr
    assert "up to date: nothing to execute" in result.stdout
    assert "executing" not in result.stdout
    assert _manifests(built) == before


def test_edition_outputs_are_complete(built):
    for edition in ("paper", "latest"):
        for chapter in ("01-introduction", "03-sanctions"):
            folder = built / edition / chapter
            assert (folder / f"{chapter}.ipynb").is_file()
            figures = sorted(p.stem for p in (folder / "figures").glob("*.csv"))
            assert figures, folder
            for stem in figures:  # every figure in both formats, with its data
                assert (folder / "figures" / f"{stem}.svg").stat().st_size > 1000
                assert (folder / "figures" / f"{stem}.png").stat().st_size > 1000
        summary = json.loads((built / edition / "values.json").read_text())
        assert summary["edition"] == edition
        assert {"introduction", "sanctions"} <= set(summary["chapters"])


def test_stale_reasons_name_what_changed():
    chapter = by_name("introduction")
    params = chapter.params.resolve("paper")
    current = pipeline.fingerprint(chapter, params)
    assert pipeline.stale_reasons(current, current) == []
    assert pipeline.stale_reasons(None, current) == ["never built"]
    older = json.loads(json.dumps(current))
    older["data"]["political_prisoners"] = "0" * 64
    older["params"]["as_of"] = "2022-01-01"
    older["library"] = "x"
    reasons = pipeline.stale_reasons(older, current)
    assert reasons == ["parameters changed: as_of '2022-01-01' -> '2023-03-28'",
                       "data changed: political_prisoners", "library code changed"]


def test_a_data_change_makes_only_the_chapters_reading_it_stale(built, project_copy):
    shutil.copytree(built / "paper", project_copy / "_build" / "paper",
                    ignore=shutil.ignore_patterns(".lock"))
    assert all(not job.reasons for job in pipeline.plan("paper", "paper"))
    path = project_copy / "data" / "political_prisoners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",68,viasna,", ",69,viasna,", 1), encoding="utf-8")
    stale = {job.chapter.slug: job.reasons for job in pipeline.plan("paper", "paper") if job.reasons}
    readers = {c.slug for c in (by_name(s) for s in [job.chapter.slug for job in pipeline.plan("paper", "paper")])
               if "political_prisoners" in c.reads}
    assert set(stale) == readers and "01-introduction" in readers and "03-sanctions" not in readers
    assert stale["01-introduction"] == ["data changed: political_prisoners"]
    # A wide console, so that rich does not wrap the reason over two lines.
    result = belpolicy("status", "--edition", "paper", root=project_copy, env={"COLUMNS": "200"})
    assert "data changed: political_prisoners" in result.stdout


def _append_cell(notebook_path, source):
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    notebook["cells"].insert(-1, {"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
                                  "outputs": [], "source": source})
    notebook_path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def test_a_failing_notebook_keeps_the_last_good_outputs(project_copy):
    first = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", root=project_copy)
    assert first.returncode == 0, first.stderr
    good = project_copy / "_build" / "paper" / "01-introduction"
    snapshot = {p.relative_to(good): p.read_bytes() for p in good.rglob("*") if p.is_file()}

    _append_cell(project_copy / "chapters" / "01-introduction.ipynb", "raise ValueError('the sky fell')")
    failed = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", root=project_copy)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "chapter 01-introduction failed in cell" in failed.stderr
    assert "ValueError: the sky fell" in failed.stderr
    assert {p.relative_to(good): p.read_bytes() for p in good.rglob("*") if p.is_file()} == snapshot
    assert (project_copy / "_build" / "paper" / ".failed" / "01-introduction.ipynb").is_file()
    assert not list((project_copy / "_build" / "paper").glob(".tmp-*"))
    status = belpolicy("status", "--edition", "paper", root=project_copy)
    assert "notebook changed" in status.stdout


def test_a_custom_run_never_touches_the_editions(project_copy):
    result = belpolicy("run", "introduction", "-p", "as_of=2022-01-01", root=project_copy)
    assert result.returncode == 0, result.stderr
    folder = project_copy / "_build" / "runs" / "introduction-as_of=2022-01-01" / "01-introduction"
    values = json.loads((folder / "values.json").read_text())
    assert values["params"]["as_of"] == "2022-01-01"
    assert values["values"]["as_of"]["text"] == "1 January 2022"
    assert values["values"]["viasna_paper_date"]["value"] is None  # the paper's date lies after this run's date
    assert not (project_copy / "_build" / "paper").exists()
    assert not (project_copy / "_build" / "latest").exists()


def test_interrupted_swap_is_recovered(tmp_path):
    parent = tmp_path / "paper"
    (parent / ".old-01-introduction").mkdir(parents=True)
    (parent / ".old-01-introduction" / "values.json").write_text("{}")
    (parent / ".tmp-01-introduction-1-2").mkdir()
    pipeline.recover(parent)
    assert (parent / "01-introduction" / "values.json").read_text() == "{}"
    assert not list(parent.glob(".tmp-*")) and not list(parent.glob(".old-*"))


def test_the_no_op_build_imports_no_heavy_library(built):
    import subprocess
    import sys

    code = ("import sys\nfrom belpolicy.build.cli import app\n"
            "try:\n    app(['build', '--edition', 'all', '--no-render'])\nexcept SystemExit as stop:\n    assert not stop.code\n"
            "print('HEAVY:' + ','.join(m for m in ('papermill', 'geopandas', 'matplotlib', 'pandas', 'frictionless')"
            " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "HEAVY:\n" in result.stdout + "\n" and "up to date" in result.stdout
