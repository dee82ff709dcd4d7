"""What Quarto consumes, checked without Quarto; Quarto itself when present."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from belpolicy.build import bookcheck
from belpolicy.build.chapters import all_chapters
from belpolicy.build.staging import variables_for
from belpolicy.text import SAFE_VALUE, check_value
from belpolicy.errors import StagingError
from belpolicy.paths import quarto_config

from conftest import ROOT, SHARED, belpolicy


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_every_reference_embed_image_and_variable_resolves(built, edition):
    assert [str(p) for p in bookcheck.check(edition)] == []


def test_the_check_catches_what_quarto_would_let_through(built, project_copy, monkeypatch):
    shutil.copytree(built / "paper", project_copy / "_build" / "paper", ignore=shutil.ignore_patterns(".lock"))
    chapter = project_copy / "chapters" / "01-introduction.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n".join([
        "See @fig-nowhere and [@nobody2020].",
        "{{< var introduction.no_such_value >}}",
        "![Missing.](../_build/current/01-introduction/figures/nothing){#fig-missing}",
        "{{< embed ../_build/current/01-introduction/01-introduction.ipynb#tbl-nothing >}}",
    ]), encoding="utf-8")
    messages = [p.message for p in bookcheck.check("paper")]
    assert "cross-reference @fig-nowhere has no target" in messages
    assert "citation @nobody2020 is not in the bibliography" in messages
    assert "variable introduction.no_such_value is not defined for the paper edition" in messages
    assert any(m.startswith("image ../_build/current/01-introduction/figures/nothing.svg") for m in messages)
    assert "cell 'tbl-nothing' does not exist in 01-introduction.ipynb" in messages


def test_every_chapter_notebook_is_in_the_book_and_vice_versa():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    listed = {f for f in bookcheck.listed_files(config) if f.startswith("chapters/")}
    assert listed == {f"chapters/{c.slug}.qmd" for c in all_chapters()}


def test_every_heading_has_a_stable_section_id():
    for path in [ROOT / "index.qmd", *sorted((ROOT / "chapters").glob("*.qmd"))]:
        depth = 0  # headings inside ::: blocks are callout titles, not sections
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(":::"):
                depth += 1 if line.rstrip() != ":::" else -1
            elif depth == 0 and re.match(r"#{1,3} ", line):
                assert re.search(r"\{[^}]*#sec-[a-z0-9-]+", line), f"{path.name}: {line}"


def test_every_bibliography_entry_is_cited():
    keys = bookcheck.bibliography_keys(ROOT, quarto_config())
    assert {"astapenia2023", "most2022hersche"} <= keys  # from both files
    # references.qmd is read whole, front matter included: keys in its `nocite` count as cited
    sources = [ROOT / "index.qmd", ROOT / "references.qmd", *(ROOT / "chapters").glob("*.qmd")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    cited = set(bookcheck.CITATION.findall(text))
    assert keys - cited == set()


def test_notebooks_are_stored_without_outputs_and_with_a_parameters_cell():
    import json

    for chapter in all_chapters():
        notebook = json.loads(chapter.notebook.read_text(encoding="utf-8"))
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), chapter.slug
        parameters = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
        assert len(parameters) == 1 and parameters[0] is code[0], chapter.slug
        names = set(re.findall(r"^(\w+)\s*(?::[^=]+)?=", "".join(parameters[0]["source"]), re.M))
        assert names == {p.name for p in chapter.params.all} | {"output_dir"}, chapter.slug


@pytest.mark.skipif(not (SHARED / "tools" / "seed_overlap.py").is_file(), reason="shared/tools/seed_overlap.py not present")
def test_no_sentence_is_copied_from_the_paper():
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "seed_overlap.py"), str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "0 passage(s)" in result.stdout


@pytest.mark.parametrize("unsafe", ["<script>alert(1)</script>", "{{< env HOME >}}", "[link](x)", "**bold**",
                                    "<img src=x onerror=alert(1)>", "a|b", "`code`"])
def test_unsafe_variable_values_are_refused(unsafe):
    with pytest.raises(StagingError, match="not allowed"):
        check_value("x", unsafe)


def test_staged_variables_are_all_safe(built):
    import json

    for edition in ("paper", "latest"):
        variables = variables_for(json.loads((built / edition / "values.json").read_text()))

        def walk(tree):
            for value in tree.values():
                if isinstance(value, dict):
                    yield from walk(value)
                else:
                    yield value

        assert all(SAFE_VALUE.fullmatch(v) for v in walk(variables))
        assert variables["edition"] == edition


def test_render_without_quarto_executes_then_explains(built, monkeypatch):
    if shutil.which("quarto"):
        pytest.skip("quarto is installed here; the missing-quarto message cannot be exercised")
    result = belpolicy("build", "--edition", "paper")
    assert result.returncode == 1
    assert "quarto is not on PATH" in result.stderr and "Traceback" not in result.stderr
    assert "up to date" in result.stdout  # it executed (nothing stale) before stopping


@pytest.mark.skipif(shutil.which("quarto") is None, reason="quarto is not on PATH (not installable from this machine's registries)")
@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_quarto_renders_the_edition_without_unresolved_items(built, edition):
    result = belpolicy("build", "--edition", edition, timeout=1800)
    assert result.returncode == 0, result.stderr
    for page in (ROOT / "_book" / edition).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ("?var:", "?meta:", "?@"):
            assert marker not in html, f"{page}: {marker}"
