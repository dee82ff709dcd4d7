"""Safe failure, safe rendering, determinism."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from belpolicy.build import appendices
from belpolicy.text import escape
from belpolicy import paths

from conftest import belpolicy


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _insert_cell(notebook_path: Path, source: str, position: int = -1) -> None:
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    notebook["cells"].insert(position, {"cell_type": "code", "execution_count": None, "id": f"test-{time.time_ns()}",
                                        "metadata": {}, "outputs": [], "source": source})
    notebook_path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


@pytest.fixture
def built_copy(project_copy):
    """A project copy whose paper edition of chapter 1 is built once."""
    result = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", root=project_copy)
    assert result.returncode == 0, result.stderr
    return project_copy


def test_a_dying_kernel_is_reported_and_outputs_survive(built_copy):
    good = built_copy / "_build" / "paper" / "01-introduction"
    before = _snapshot(good)
    _insert_cell(built_copy / "chapters" / "01-introduction.ipynb", "import os\nos._exit(3)", position=3)
    result = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", root=built_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "chapter 01-introduction failed" in result.stderr and "Dead" in result.stderr
    assert _snapshot(good) == before


def test_a_hanging_cell_is_stopped_by_the_timeout(built_copy):
    _insert_cell(built_copy / "chapters" / "01-introduction.ipynb", "import time\ntime.sleep(600)", position=3)
    started = time.monotonic()
    result = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", "--timeout", "5",
                       root=built_copy)
    assert time.monotonic() - started < 120
    assert result.returncode == 1
    assert "chapter 01-introduction failed" in result.stderr and "timed out" in result.stderr.lower()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_keeps_outputs_and_the_next_build_recovers(built_copy, signum):
    good = built_copy / "_build" / "paper" / "01-introduction"
    before = _snapshot(good)
    notebook = built_copy / "chapters" / "01-introduction.ipynb"
    original = notebook.read_bytes()
    _insert_cell(notebook, "import time\ntime.sleep(60)", position=3)
    process = subprocess.Popen([sys.executable, "-m", "belpolicy.build.cli", "build", "--edition", "paper", "--chapters", "1",
                                "--no-render"], cwd=built_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "BELPOLICY_ROOT": str(built_copy)})
    parent = built_copy / "_build" / "paper"
    deadline = time.monotonic() + 60
    while not list(parent.glob(".tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # the kernel is running the notebook now
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "build interrupted" in stderr and "Traceback" not in stderr
    assert _snapshot(good) == before

    notebook.write_bytes(original)
    again = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", root=built_copy)
    assert again.returncode == 0, again.stderr
    assert not list(parent.glob(".tmp-*")) and not list(parent.glob(".old-*"))


def test_outputs_are_byte_identical_between_two_builds(built_copy):
    folder = built_copy / "_build" / "paper" / "01-introduction"
    keep = lambda snap: {k: v for k, v in snap.items()
                         if k.suffix in (".svg", ".png", ".csv") or k.name == "values.json"}
    first = keep(_snapshot(folder))
    assert len(first) >= 7
    result = belpolicy("build", "--edition", "paper", "--chapters", "1", "--no-render", "--force", root=built_copy)
    assert result.returncode == 0, result.stderr
    assert keep(_snapshot(folder)) == first


INJECTIONS = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "{{< env HOME >}}"]


def test_injected_data_strings_stay_inert_in_outputs(project_copy):
    events = project_copy / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    extra = [f'2021-0{i + 1}-15,"Injected {text}",diplomacy,https://example.org/x{i},"quote {text}",exact,"{text}",,,\n'
             for i, text in enumerate(INJECTIONS)]
    header, rows = lines[0], lines[1:]
    events.write_text(header + "".join(sorted(rows + extra)), encoding="utf-8")
    acts = project_copy / "data" / "sanctions_events.csv"
    acts.write_text(acts.read_text(encoding="utf-8") + "".join(
        f'2025-04-0{i + 1},EU,"Package {text}",1,,individual listings,test,https://example.org/s{i},test,imposition,,exact,\n'
        for i, text in enumerate(INJECTIONS)), encoding="utf-8")
    result = belpolicy("build", "--edition", "latest", "--chapters", "1,3", "--no-render", root=project_copy)
    assert result.returncode == 0, result.stderr
    for slug in ("01-introduction", "03-sanctions"):
        notebook = json.loads((project_copy / "_build" / "latest" / slug / f"{slug}.ipynb").read_text())
        rendered = [output.get("data", {}) for cell in notebook["cells"] for output in cell.get("outputs", [])]
        shown = "".join("".join(data.get("text/html", "")) + "".join(data.get("text/markdown", ""))
                        for data in rendered)
        assert "Injected" in shown or "Package" in shown  # the rows are shown...
        for raw in ("<script>", "<img src", "{{<"):
            assert raw not in shown  # ...as inert text (tables are escaped Markdown)
    # The strings survive untouched in the downloadable CSV of the plotted data.
    assert INJECTIONS[0] in (project_copy / "_build" / "latest" / "01-introduction" / "figures" /
                             "events-timeline.csv").read_text(encoding="utf-8")


def test_generated_markdown_escapes_data_strings(project_copy):
    for edition in ("paper", "latest"):
        folder = paths.build_dir() / edition / "01-introduction"
        folder.mkdir(parents=True)
        values = {"as_of": {"value": edition, "text": "x", "label": INJECTIONS[0] + INJECTIONS[2],
                            "source": "https://example.org/a<b", "date": None}}
        (folder / "values.json").write_text(json.dumps({"values": values, "claims": []}))
    text = appendices.changes_markdown()
    assert "<script>" not in text and "{{<" not in text and "&lt;script&gt;" in text
    assert "[source](" not in text  # an unsafe URL is printed as escaped text, not a link
    assert escape("*a* [b](c) @key | {{< x >}}") == r"\*a\* \[b\](c) \@key \| \{\{&lt; x &gt;\}\}"
