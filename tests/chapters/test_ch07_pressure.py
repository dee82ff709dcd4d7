"""Chapter 7 (recommendation 2): sanctions by kind and direction, and the
paper's roadmap stored as data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import SHARED, chapter_values, figure_data, load_data, PAPER_DOI_URL, PAPER_DAY

SLUG = "07-pressure-incentives"
# Restated here, not imported: the kinds and the words in measure_type that name them.
KEYWORDS = {
    "listings of persons and entities": ["listing"],
    "trade and sectoral": ["sectoral", "trade"],
    "financial": ["financial"],
    "aviation": ["aviation"],
    "visa restrictions": ["visa"],
    "renewal": ["renewal"],
    "legal framework": ["legal framework"],
    "not stated": ["not stated"],
}


def _acts(cutoff):
    acts = load_data("sanctions_events")
    return acts[acts["date"] <= cutoff]


def _cutoffs():
    return (("paper", PAPER_DAY), ("latest", load_data("sanctions_events")["date"].max()))


def _names(acts, words):
    text = acts["measure_type"].str.lower()
    return acts[pd.concat([text.str.contains(word, regex=False) for word in words], axis=1).any(axis=1)]


def test_counts_by_kind_and_direction_equal_independent_counts(built):
    for edition, cutoff in _cutoffs():
        acts = _acts(cutoff)
        table = figure_data(edition, SLUG, "measures-by-kind-counts", folder="tables").set_index("kind")
        for kind, words in KEYWORDS.items():
            chosen = _names(acts, words)
            if chosen.empty:
                assert kind not in table.index
                continue
            restricting = chosen[chosen["direction"] != "relief"]
            assert table.loc[kind, "acts"] == len(restricting), kind  # relief never counts as a restriction
            for direction in ("imposition", "extension", "relief"):
                assert table.loc[kind, direction] == (chosen["direction"] == direction).sum(), (kind, direction)
            if not restricting.empty:
                assert table.loc[kind, "newest"] == restricting["date"].max().date().isoformat()
        # Every act falls under at least one kind.
        covered = pd.concat([_names(acts, words) for words in KEYWORDS.values()])
        assert set(covered.index) == set(acts.index)
        values = chapter_values(edition, SLUG)
        restricting = acts[acts["direction"] != "relief"]
        assert values["acts_total"]["value"] == len(restricting)
        assert values["acts_listings"]["value"] == len(_names(restricting, ["listing"]))
        assert values["acts_aviation"]["value"] == len(_names(restricting, ["aviation"]))
        assert values["acts_aviation_relief"]["value"] == (_names(acts, ["aviation"])["direction"] == "relief").sum()
        for direction in ("imposition", "extension", "relief"):
            assert values[f"acts_{direction}"]["value"] == (acts["direction"] == direction).sum()
        assert values["acts_on_russian_owners"]["value"] is None


def test_paper_edition_counts_only_acts_up_to_the_papers_date(built):
    values = chapter_values("paper", SLUG)
    acts = load_data("sanctions_events")
    assert values["acts_total"]["value"] == ((acts["date"] <= PAPER_DAY) & (acts["direction"] != "relief")).sum()
    assert values["acts_total"]["value"] < len(acts)
    assert values["as_of"]["text"] == "28 March 2023"


def test_measures_figure_plots_one_row_per_act_and_kind(built):
    for edition, cutoff in _cutoffs():
        acts = _acts(cutoff)
        plotted = figure_data(edition, SLUG, "measures-by-kind")
        expected = sum(len(_names(acts, words)) for words in KEYWORDS.values())
        assert len(plotted) == expected
        shown = set(zip(plotted["date"], plotted["jurisdiction"], plotted["package_or_act"]))
        assert shown == set(zip(acts["date"].dt.strftime("%Y-%m-%d"), acts["jurisdiction"], acts["package_or_act"]))


def test_roadmap_table_equals_the_data_file(built):
    roadmap = load_data("roadmap").sort_values("item").reset_index(drop=True)
    for edition in ("paper", "latest"):
        table = figure_data(edition, SLUG, "roadmap", folder="tables")
        columns = [c for c in table.columns]
        expected = roadmap[columns].fillna("").astype(str)
        assert table.fillna("").astype(str).equals(expected)
        values = chapter_values(edition, SLUG)
        assert values["roadmap_items"]["value"] == len(roadmap)
        cells = roadmap[["concession_by_regime", "possible_western_response", "sanction_that_could_be_lifted"]]
        assert values["roadmap_paired"]["value"] == cells.notna().all(axis=1).sum()
        assert values["roadmap_no_concession"]["value"] == roadmap["concession_by_regime"].isna().sum()


def test_roadmap_quotes_the_paper_exactly():
    roadmap = load_data("roadmap")
    assert set(roadmap["source_url"]) == {PAPER_DOI_URL}
    seed = SHARED / "seed" / "000_29a1de62f3abcc55.txt"
    if not seed.is_file():
        pytest.skip("the paper's text is not available here")
    normal = lambda text: re.sub(r"\s+", " ", text.replace("\u2019", "'"))  # noqa: E731
    paper = normal(seed.read_text(encoding="utf-8"))
    for evidence in roadmap["evidence"]:
        assert normal(evidence) in paper, evidence
