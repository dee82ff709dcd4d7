"""What makes a chapter stale (belpolicy.build.pipeline fingerprints), on a copy of the project."""

from __future__ import annotations

from belpolicy import data
from belpolicy.build import pipeline
from belpolicy.build.chapters import by_name


def _append_row(path, row: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + row + "\n", encoding="utf-8")


def test_a_row_after_a_runs_date_changes_nothing_it_can_read(project_copy):
    chapter = by_name("priority")  # reads political_prisoners
    paper = chapter.params.resolve("paper")
    latest = chapter.params.resolve("latest")
    before = pipeline.fingerprint(chapter, paper), pipeline.fingerprint(chapter, latest)
    header = (project_copy / "data" / "political_prisoners.csv").read_text(encoding="utf-8").splitlines()[0]
    row = {name: "" for name in header.split(",")} | {"date": "2025-12-31", "count": "1", "counter": "viasna"}
    _append_row(project_copy / "data" / "political_prisoners.csv", ",".join(row[name] for name in header.split(",")))
    after = pipeline.fingerprint(chapter, paper), pipeline.fingerprint(chapter, latest)
    assert after[0]["data"] == before[0]["data"]  # the paper edition cannot see 2025
    assert after[1]["data"] != before[1]["data"]  # the latest edition can
    assert pipeline.stale_reasons(before[1], after[1]) == ["data changed: political_prisoners"]


def test_a_row_on_or_before_the_date_counts(project_copy):
    assert data.visible_sha256("political_prisoners", "2023-03-28") != data.visible_sha256(
        "political_prisoners", "2021-01-01")


def test_editing_a_claim_reruns_the_chapter_that_owns_it(project_copy):
    claim = data.claims_register()[0]
    owner = by_name(claim["chapter"])
    owners = {c["chapter"] for c in data.claims_register()}
    other = next(c for c in (by_name(n) for n in ("isolation", "bureaucracy", "priority")) if c.key not in owners)
    before = pipeline.fingerprint(owner, owner.params.resolve("paper"))
    before_other = pipeline.fingerprint(other, other.params.resolve("paper"))
    path = project_copy / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"where: {claim['where']}\n" in text
    path.write_text(text.replace(f"where: {claim['where']}\n", f"where: {claim['where']} (edited)\n", 1), encoding="utf-8")
    after = pipeline.fingerprint(owner, owner.params.resolve("paper"))
    assert pipeline.stale_reasons(before, after) == ["claims changed (data/claims.yaml)"]
    assert pipeline.fingerprint(other, other.params.resolve("paper")) == before_other


def test_the_library_hash_leaves_out_the_build_wing(monkeypatch, tmp_path):
    import shutil

    from belpolicy import paths

    library = tmp_path / "belpolicy"
    shutil.copytree(paths.library_dir(), library, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "library_dir", lambda: library)
    before = pipeline.library_digest()
    (library / "build" / "cli.py").write_text("# the driver changed\n", encoding="utf-8")
    assert pipeline.library_digest() == before
    (library / "analysis" / "text_extra.py").write_text("X = 1\n", encoding="utf-8")
    assert pipeline.library_digest() != before
