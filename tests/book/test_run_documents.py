"""`belpolicy run` gives a reader the chapter with their numbers: key values in
the terminal, or (with Quarto) the rendered chapter under _book/runs/."""

from __future__ import annotations

import os

import yaml

from belpolicy.build import runs
from belpolicy.build.chapters import by_name
from belpolicy.build.render import INSTALL_HINT

from conftest import belpolicy


def test_run_prints_its_key_values_as_a_table(project_copy):
    result = belpolicy("run", "bureaucracy", "-p", "as_of=2024-06-30", "--name", "system-2024",
                       root=project_copy, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "outputs: _build/runs/system-2024/09-bureaucracy/" in result.stdout
    for label, text, key in runs.key_values("system-2024", by_name("bureaucracy")):
        assert key in result.stdout
    assert "as_of=2024-06-30" in result.stdout


def test_run_format_without_quarto_executes_then_says_what_make_book_says(project_copy, monkeypatch):
    result = belpolicy("run", "bureaucracy", "-p", "as_of=2024-06-30", "--format", "docx", root=project_copy,
                       env={"PATH": os.path.dirname(os.sys.executable)})
    assert result.returncode == 1
    assert "outputs: _build/runs/bureaucracy-as_of=2024-06-30/09-bureaucracy/" in result.stdout
    assert " ".join(INSTALL_HINT.split()[:8]) in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    bad = belpolicy("run", "bureaucracy", "--format", "epub", root=project_copy)
    assert bad.returncode == 1 and "choose html, docx, pdf" in bad.stderr


def test_a_staged_run_is_what_quarto_reads(project_copy):
    result = belpolicy("run", "sanctions", "-p", "as_of=2024-06-30", "--name", "s24", root=project_copy)
    assert result.returncode == 0, result.stderr
    chapter = by_name("sanctions")
    params = chapter.params.resolve("latest", {"as_of": "2024-06-30"})
    runs.stage_run("s24", "latest", chapter, params)
    current = project_copy / "_build" / "current"
    assert os.readlink(current) == "runs/s24"
    variables = yaml.safe_load((project_copy / "_variables.yml").read_text(encoding="utf-8"))
    assert variables["sanctions"]["as_of"] == "30 June 2024" and variables["as_of"] == "30 June 2024"
    cite = (current / "cite" / "03-sanctions.md").read_text(encoding="utf-8")
    assert "as_of=2024-06-30" in cite and "## Cite this chapter" in cite and "`" not in cite.split("```")[0]
    assert "as_of=2024-06-30" in (current / "edition-banner.html").read_text(encoding="utf-8")
    assert (current / "03-sanctions" / "03-sanctions.ipynb").is_file()


def test_papermill_documents_every_parameter_of_every_notebook():
    import subprocess
    import sys
    from pathlib import Path

    from belpolicy.build.chapters import all_chapters

    papermill = Path(sys.executable).with_name("papermill")
    for chapter in all_chapters():
        result = subprocess.run([str(papermill), "--help-notebook", str(chapter.notebook)], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        for param in chapter.params.all:
            assert f"  {param.name}: " in result.stdout, (chapter.slug, param.name)
        assert "Unknown type" not in result.stdout and result.stdout.count(" (default ") == len(chapter.params.all) + 1
