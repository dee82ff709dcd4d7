"""The publishing workflow: valid for GitHub Actions (actionlint) and doing what
the book needs (both editions with Quarto, the Pages address as site address)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def test_actionlint_accepts_the_publishing_workflow():
    actionlint = Path(sys.executable).with_name("actionlint")  # from the test extra
    result = subprocess.run([str(actionlint), "-no-color", str(WORKFLOW)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-on: [", 1))
    actionlint = Path(sys.executable).with_name("actionlint")
    assert subprocess.run([str(actionlint), str(broken)], capture_output=True, timeout=120).returncode != 0


def test_the_workflow_builds_both_editions_with_quarto_and_deploys_to_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"]
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(use.startswith("quarto-dev/quarto-actions/setup@") for use in uses)
    assert any(use.startswith("actions/upload-pages-artifact@") for use in uses)
    (book,) = [step for step in steps if step.get("run") == "make book"]
    assert book["env"]["BELPOLICY_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert (ROOT / "Makefile").read_text(encoding="utf-8").count("belpolicy build --edition all") == 1
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
