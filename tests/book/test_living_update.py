"""Issue 13: the living edition stays true when the data move.

Fast tests check the schema's row semantics, the Unicode-safe variable pattern and
the file-order-free rules. The slow tests work on a temporary copy of the
project: they take the 2025-H2 rows out of data/, add them back with
`belpolicy data add`, rebuild the latest edition and check what it says; then
rewrite the data so that guarded sentences become false and check that the build
refuses them. Nothing here reads the current contents of data/ beyond the rows of
the update itself (compared with ../shared when it is there).
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from belpolicy import data
from conftest import PROJECT_FILES, ROOT, SHARED, belpolicy, register_example_domain

UPDATE = ROOT / "data" / "updates" / "2025-H2"
RECEIVED = SHARED / "data" / "updates" / "2025-H2"
# table file -> (data add alias, extra options)
ADDS = {
    "political_prisoners.csv": ("prisoners", []),
    "prisoner_releases.csv": ("release", []),
    "sanctions_events.csv": ("sanctions", []),
    "events.csv": ("event", []),
    "poll_waves.csv": ("wave", []),
    "poll_results.csv": ("poll", ["--partial"]),
    "sanctioning_jurisdictions.csv": ("sanctioning_jurisdictions", []),
}
ORDER_CHAPTERS = "2,6,7,8,12"
ORDER_TABLES = ("events", "prisoner_releases", "political_prisoners", "sanctions_events", "roadmap")


def _records(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("_build", "_scratch"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    register_example_domain(destination)
    return destination


def _remove_update_rows(project: Path) -> None:
    """Take out of the copy's data/ every row of the 2025-H2 update (matched on all its cells)."""
    for name in ADDS:
        header, added = _records((UPDATE / name).read_text(encoding="utf-8"))
        path = project / "data" / name
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        reader = csv.reader(io.StringIO(text))
        next(reader)
        start, drop = 1, set()
        for record in reader:
            end = reader.line_num
            if record in added:
                drop.update(range(start, end))
            start = end
        path.write_text("".join(line for i, line in enumerate(lines) if i not in drop), encoding="utf-8")


def _values(project: Path, edition: str = "latest") -> dict:
    return json.loads((project / "_build" / edition / "values.json").read_text(encoding="utf-8"))


def _outputs(project: Path, slugs: list[str]) -> dict[str, bytes]:
    """values.json and every figure and table CSV of the given chapters (latest edition)."""
    found = {}
    for slug in slugs:
        folder = project / "_build" / "latest" / slug
        for path in [folder / "values.json", *sorted(folder.glob("figures/*.csv")), *sorted(folder.glob("tables/*.csv"))]:
            found[str(path.relative_to(project / "_build"))] = path.read_bytes()
    return found


# --------------------------------------------------------------------------- fast


@pytest.mark.skipif(not RECEIVED.is_dir(), reason="../shared/data/updates/2025-H2 is not beside the project")
def test_update_files_hold_the_received_rows_unchanged():
    for name in ADDS:
        received_header, received = _records((RECEIVED / name).read_text(encoding="utf-8"))
        header, rows = _records((UPDATE / name).read_text(encoding="utf-8"))
        assert header[:len(received_header)] == received_header
        assert [row[:len(received_header)] for row in rows] == received


def test_variables_admit_any_script_and_refuse_markup():
    from belpolicy.errors import StagingError
    from belpolicy.build.staging import check_value, plain_text

    for text in ("с 8 по 14 ноября 2023 года", "Łukašenka, 27 sakavika 2023", "Białoruś: 44%"):
        assert check_value("t.v", text) == text
        assert plain_text(text) == text
    for bad in ("a <b>", "{{< meta x >}}", "[link](x)", "*bold*", "under_score", "`code`", "# h", "a | b", "a\\b",
                "@key"):
        with pytest.raises(StagingError):
            check_value("t.v", bad)
    assert plain_text("с 8 по 14 ноября <b>") == "с 8 по 14 ноября less than b more than"


def test_a_running_total_must_name_its_series(project_copy):
    row = ["release", "date=2025-12-30", "number_released=600", "context=running total (test)",
           "source_url=https://example.org/t", "evidence=600 (test)", "is_cumulative=yes", "qualifier=exact",
           "date_precision=exact"]
    before = (project_copy / "data" / "prisoner_releases.csv").read_bytes()
    refused = belpolicy("data", "add", *row, root=project_copy)
    assert refused.returncode != 0
    assert "column 'counted_by'" in refused.stdout + refused.stderr
    assert "required when is_cumulative = yes (rule: row_rules)" in refused.stdout + refused.stderr
    assert (project_copy / "data" / "prisoner_releases.csv").read_bytes() == before
    accepted = belpolicy("data", "add", *row, "counted_by=viasna", "counted_since=2024-07-01", root=project_copy)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_a_contact_must_name_its_party_and_a_wave_its_date(project_copy):
    contact = ["event", "date=2025-12-30", "event=Test call with Lukashenka", "category=diplomacy",
               "source_url=https://example.org/t", "evidence=test", "date_precision=exact", "kinds=contact"]
    refused = belpolicy("data", "add", *contact, root=project_copy)
    assert refused.returncode != 0 and "column 'party'" in refused.stdout + refused.stderr
    wave = ["wave", "pollster=Test", "wave_id=TEST-2025", "wave_number_basis=n/a", "fieldwork_text=2025",
            "method=CAWI", "population=test", "source_url=https://example.org/t"]
    refused = belpolicy("data", "add", *wave, root=project_copy)
    assert refused.returncode != 0 and "column 'fieldwork_date'" in refused.stdout + refused.stderr


def test_the_newest_value_of_a_series_does_not_depend_on_file_order():
    from belpolicy.analysis import releases

    rows = pd.DataFrame({
        "date": pd.to_datetime(["2025-12-23", "2025-12-23", "2025-12-13", "2025-12-01"]),
        "number_released": [342, 569, 430, 405], "context": ["a", "b", "c", "d"], "is_cumulative": ["yes"] * 4,
        "qualifier": ["exact", "exact", "more_than", "exact"], "date_precision": ["exact"] * 4,
        "counted_by": ["viasna", "viasna", "other: aggregator", "dissidentby"],
        "counted_since": pd.to_datetime(["2025-01-01", "2024-07-01", "2024-07-01", "2025-01-01"]),
        "source_url": ["https://u/1", "https://u/1", "https://g/1", "https://c/1"],
    })
    cutoff = pd.Timestamp("2025-12-31")
    for seed in range(6):
        shuffled = rows.sample(frac=1, random_state=seed).reset_index(drop=True)
        newest = releases.newest_running_total(shuffled, cutoff)
        assert (newest["number_released"], newest["counted_by"]) == (569, "viasna")
        assert set(releases.running_totals(shuffled, cutoff)["series"]) == {
            "counted by Viasna since 1 January 2025", "counted by Viasna since 1 July 2024",
            "counted by aggregator since 1 July 2024", "counted by Dissidentby since 1 January 2025"}


def test_guards_are_found_only_in_text_the_edition_shows():
    from belpolicy.build.guards import marked_lines

    text = ('[Always.]{guard="a.one"}\n::: {.content-visible when-profile="latest"}\n[Latest.]{guard="a.two"}\n:::\n'
            '::: {.content-visible when-profile="paper"}\n[Paper.]{guard="a.three"}\n:::\n')
    assert [(n, c, g) for n, c, g in marked_lines(text, "latest")] == [(1, "a", "one"), (3, "a", "two")]
    assert [(n, c, g) for n, c, g in marked_lines(text, "paper")] == [(1, "a", "one"), (6, "a", "three")]


# --------------------------------------------------------------------------- slow: the update, end to end


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """A copy of the project without the 2025-H2 rows, which are then added back
    with `data add` and the latest edition built; returns (project, outputs)."""
    project = _copy_project(tmp_path_factory.mktemp("living") / "book")
    _remove_update_rows(project)
    for name, (alias, options) in ADDS.items():
        added = belpolicy("data", "add", alias, "--file", str(UPDATE / name), *options, root=project)
        assert added.returncode == 0, added.stdout + added.stderr
    built = belpolicy("build", "--edition", "latest", "--no-render", "--workers", "2", root=project)
    assert built.returncode == 0, built.stdout + built.stderr
    slugs = [p.parent.name for p in sorted((project / "_build" / "latest").glob("*/values.json"))]
    return project, _outputs(project, [s for s in slugs if s.split("-")[0] in {"02", "06", "07", "08", "12"}])


@pytest.mark.slow
def test_the_update_added_through_the_cli_gives_the_project_data(updated):
    project, _ = updated
    for name in ADDS:  # data add puts the rows where the project's own files have them
        assert (project / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


@pytest.mark.slow
def test_the_latest_edition_after_the_update(updated):
    project, _ = updated
    summary = _values(project)
    chapters = summary["chapters"]
    # One basis per release series and per quoted total: the main series, its newest value.
    for key, value in (("priority", "release_total_basis"), ("channel", "running_total_basis"),
                       ("conclusion", "releases_basis")):
        assert chapters[key][value]["text"] == "counted by Viasna since 1 July 2024"
    releases = pd.read_csv(io.StringIO((UPDATE / "prisoner_releases.csv").read_text(encoding="utf-8")))
    main = releases[(releases["counted_by"] == "viasna") & (releases["counted_since"] == "2024-07-01")]
    newest = main.sort_values(["date", "number_released"]).iloc[-1]
    for key, value in (("priority", "release_total"), ("channel", "running_total"), ("conclusion", "releases_measure")):
        assert chapters[key][value]["value"] == newest["number_released"]
    figure = (project / "_build" / "latest" / "08-direct-channel" / "figures" / "contacts-and-releases.csv").read_text()
    assert "counted by Dissidentby since 1 January 2025" not in chapters["channel"]["running_total_basis"]["text"]
    assert figure.count("running total as stated") == int((pd.read_csv(
        project / "data" / "prisoner_releases.csv")["is_cumulative"] == "yes").sum())
    # The largest release is the largest single event of the update.
    single = releases[releases["is_cumulative"] == "no"]
    assert chapters["channel"]["largest_release"]["value"] == single["number_released"].max() == 123
    # Contacts include the envoy visits and the call, all with the United States; the summary is no release.
    listed = chapters["isolation"]["contacts_since_paper_list"]["text"]
    assert "John Coale" in listed and "Keith Kellogg" in listed and "phone call" in listed
    assert chapters["isolation"]["contacts_since_paper_parties"]["text"] == "the United States"
    assert chapters["channel"]["contacts_since_paper_modes"]["text"] == "2 visits to Minsk, 1 call and 1 meeting with him"
    timeline = (project / "_build" / "latest" / "02-isolation" / "figures" / "contacts-timeline.csv").read_text()
    assert "Viasna annual summary" not in timeline
    # Relief is never counted as restriction.
    acts = pd.read_csv(project / "data" / "sanctions_events.csv")
    assert chapters["pressure"]["acts_total"]["value"] == int((acts["direction"] != "relief").sum())
    assert chapters["pressure"]["acts_relief"]["value"] == int((acts["direction"] == "relief").sum()) >= 3
    assert chapters["pressure"]["acts_aviation_relief"]["value"] == 2
    assert "lifted measures" in chapters["pressure"]["acts_aviation_newest_any"]["text"]
    # Poll vintage moves with the dated waves; the book's date comes from the core series.
    assert summary["vintage"]["poll_waves"] == "2025-11-30"
    assert summary["vintage"]["sanctioning_jurisdictions"].startswith("2026")
    staged = belpolicy("stage", "latest", root=project)  # no guard failing
    assert staged.returncode == 0, staged.stdout + staged.stderr
    variables = (project / "_variables.yml").read_text(encoding="utf-8")
    assert "vintage_overall: 31 December 2025" in variables
    assert "data as of 18 February 2026" in (project / "_build" / "latest" / "cite" / "04-partners.md").read_text()
    assert "data as of 28 December 2025" in (project / "_build" / "latest" / "cite" / "08-direct-channel.md").read_text()
    assert all(check["holds"] for guards in summary["guards"].values() for check in guards.values())


@pytest.mark.slow
def test_shuffled_rows_give_byte_identical_outputs(updated, tmp_path):
    project, expected = updated
    shuffled = _copy_project(tmp_path / "shuffled")
    generator = random.Random(13)
    for name in ORDER_TABLES:
        path = shuffled / "data" / f"{name}.csv"
        header, rows = _records(path.read_text(encoding="utf-8"))
        generator.shuffle(rows)
        # A table whose rows must keep date order (a `date_order` table rule) is shuffled
        # within each date: ties and the interleaving of groups still move.
        ordered = [rule["field"] for rule in data.resource_spec(name).get("table_rules", []) if rule["rule"] == "date_order"]
        if ordered:
            rows.sort(key=lambda row: row[header.index(ordered[0])])
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
        path.write_text(buffer.getvalue(), encoding="utf-8")
    built = belpolicy("build", "--edition", "latest", "--no-render", "--workers", "2", "--chapters", ORDER_CHAPTERS,
                      root=shuffled)
    assert built.returncode == 0, built.stdout + built.stderr
    slugs = sorted({key.split("/")[1] for key in expected})
    got = _outputs(shuffled, slugs)
    assert got.keys() == expected.keys()
    assert [key for key in expected if got[key] != expected[key]] == []


@pytest.mark.slow
def test_the_build_refuses_a_sentence_whose_premise_no_longer_holds(updated, tmp_path):
    """A large release right after a new Western contact: chapter 8's 'most people
    freed ... with no Western contact recorded just before them' becomes false."""
    project, _ = updated
    contact = ["event", "date=2025-12-29", "event=German chancellor calls Lukashenka (test)", "category=diplomacy",
               "source_url=https://example.org/t", "evidence=test", "date_precision=exact", "kinds=contact",
               "party=DE", "contact_mode=call"]
    release = ["release", "date=2025-12-30", "number_released=2000", "context=release after the call (test)",
               "source_url=https://example.org/t", "evidence=2000 (test)", "is_cumulative=no", "qualifier=exact",
               "date_precision=exact"]
    for row in (contact, release):
        added = belpolicy("data", "add", *row, root=project)
        assert added.returncode == 0, added.stdout + added.stderr
    built = belpolicy("build", "--edition", "latest", "--no-render", "--workers", "2", root=project)
    assert built.returncode == 0, built.stdout + built.stderr
    chapters = _values(project)["chapters"]
    assert chapters["isolation"]["contacts_since_paper_parties"]["text"] == "the United States and Germany"

    staged = belpolicy("stage", "latest", root=project)
    assert staged.returncode != 0
    qmd = (project / "chapters" / "08-direct-channel.qmd").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(qmd, start=1) if 'guard="channel.most_freed_without_contact"' in text)
    assert f"chapters/08-direct-channel.qmd:{line}: guard channel.most_freed_without_contact no longer holds" \
        in staged.stdout + staged.stderr
    checked = belpolicy("check-book", "--edition", "latest", root=project)
    assert checked.returncode != 0 and "guard channel.most_freed_without_contact" in checked.stdout + checked.stderr

    marked = belpolicy("stage", "latest", root=project, env={"BELPOLICY_STALE_PROSE": "mark"})
    assert marked.returncode == 0, marked.stdout + marked.stderr
    appendix = (project / "_build" / "latest" / "appendix" / "stale.md").read_text(encoding="utf-8")
    assert f"`chapters/08-direct-channel.qmd`, line {line}" in appendix
    assert '["channel.most_freed_without_contact"] = true' in (project / "_build" / "latest" / "stale-prose.lua").read_text()


def _pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except Exception:  # pypandoc_binary is optional: the filter is checked where pandoc exists
        return shutil.which("pandoc")


@pytest.mark.skipif(_pandoc() is None, reason="pandoc is not installed")
def test_the_filter_marks_only_sentences_whose_premise_fails(tmp_path):
    import subprocess

    (tmp_path / "filters").mkdir()
    shutil.copy2(ROOT / "filters" / "guarded-prose.lua", tmp_path / "filters" / "guarded-prose.lua")
    (tmp_path / "_build" / "current").mkdir(parents=True)
    (tmp_path / "_build" / "current" / "stale-prose.lua").write_text('return {["a.one"] = true}\n')
    (tmp_path / "page.md").write_text('[Stale.]{guard="a.one"} [Fine.]{guard="a.two"}\n', encoding="utf-8")
    html = subprocess.run([_pandoc(), "page.md", "--lua-filter", str(tmp_path / "filters" / "guarded-prose.lua"), "-t", "html"],
                          cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    html = " ".join(html.split())
    assert html.count("stale-premise") == 1
    assert '<span class="stale-premise" data-guard="a.one"><strong>[No longer holds on this' in html
    assert '<span data-guard="a.two">Fine.</span>' in html
