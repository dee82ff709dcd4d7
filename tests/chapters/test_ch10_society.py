"""Chapter 10: Table 2 of the paper and the August 2022 war figures reproduced
exactly (paper edition); the war-support trend follows the data (latest)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import chapter_values, figure_data, load_data, PAPER_DOI_URL, PAPER_DAY

SLUG = "10-society-west"
CHATHAM_HOUSE = "Chatham House Belarus Initiative"
ANSWERS = ["extremely positive", "somewhat positive", "not sure", "somewhat negative", "extremely negative"]
# Table 2 as published in the paper (per cent).
TABLE_2 = {
    "all": [11, 42, 24, 16, 7],
    "visited_eu_5y": [24, 46, 20, 7, 3],
    "not_visited_eu_5y": [7, 41, 26, 18, 8],
}


def test_paper_edition_reproduces_table_2(built):
    table = figure_data("paper", SLUG, "table2-western-lifestyle", folder="tables")
    assert set(table["wave_id"]) == {"CH-2022-08b"}
    for subgroup, published in TABLE_2.items():
        rows = table[table["subgroup"] == subgroup]
        assert rows["answer"].tolist() == ANSWERS
        assert rows["percent"].tolist() == published
    assert len(table) == 15
    plotted = figure_data("paper", SLUG, "western-lifestyle")
    pd.testing.assert_frame_equal(plotted, table)


def test_paper_edition_quotes_table_2_shares(built):
    values = chapter_values("paper", SLUG)
    assert values["table2_wave"]["value"] == "CH-2022-08b"
    assert values["table2_positive_all"]["text"] == "53%"
    assert values["table2_positive_visited"]["text"] == "70%"
    assert values["table2_positive_not_visited"]["text"] == "48%"
    assert values["table2_extremely_positive_all"]["value"] == 11
    assert values["table2_somewhat_positive_all"]["value"] == 42
    assert values["table2_not_sure_all"]["value"] == 24
    assert values["table2_negative_all"]["value"] == 16 + 7
    assert "wave 12" in values["table2_wave_caption"]["text"]
    assert "15–31 August 2022" in values["table2_wave_caption"]["text"]
    assert values["claim_lifestyle_status"]["text"].startswith("holds")


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_august_2022_war_figures_are_the_papers(built, edition):
    values = chapter_values(edition, SLUG)
    assert values["war_paper_oppose"]["value"] == 45
    assert values["war_paper_unsure"]["value"] == 24
    assert values["war_paper_oppose"]["text"] == "45%"
    assert values["war_paper_unsure"]["text"] == "24%"
    assert values["war_paper_oppose"]["source"] == PAPER_DOI_URL
    assert "wave 11" in values["war_paper_wave_caption"]["text"]


def _independent_trend(cutoff: pd.Timestamp) -> pd.DataFrame:
    results, waves = load_data("poll_results"), load_data("poll_waves")
    dated = waves[(waves["pollster"] == CHATHAM_HOUSE) & waves["fieldwork_end"].notna()
                  & (waves["fieldwork_end"] <= cutoff)]
    rows = results[(results["question_id"] == "war_support") & (results["subgroup"] == "all")
                   & results["wave_id"].isin(dated["wave_id"])]
    rows = rows.merge(dated[["wave_id", "fieldwork_end"]], on="wave_id")
    return rows.sort_values(["fieldwork_end", "wave_id", "answer"]).reset_index(drop=True)


def _key(frame: pd.DataFrame) -> list[tuple]:
    return sorted(zip(frame["wave_id"], frame["answer"], frame["percent"].astype(float), frame["source_url"]))


def test_latest_edition_trend_equals_a_filter_of_the_poll_data(built):
    waves = load_data("poll_waves")
    expected = _independent_trend(waves["fieldwork_end"].max())
    plotted = figure_data("latest", SLUG, "war-support-trend")
    assert _key(plotted) == _key(expected)
    assert set(plotted["pollster"]) == {CHATHAM_HOUSE}
    values = chapter_values("latest", SLUG)
    assert values["trend_waves"]["value"] == expected["wave_id"].nunique()
    support = plotted[plotted["category"] == "support"].sort_values("fieldwork_end")
    assert values["trend_newest_support"]["value"] == support.iloc[-1]["percent"]


def test_paper_edition_trend_stops_at_the_papers_date(built):
    plotted = figure_data("paper", SLUG, "war-support-trend")
    assert _key(plotted) == _key(_independent_trend(PAPER_DAY))
    assert pd.to_datetime(plotted["fieldwork_end"]).max() <= PAPER_DAY


def test_harmonised_categories_keep_the_original_answers(built):
    from belpolicy.analysis.opinion import WAR_SUPPORT_CATEGORIES

    plotted = figure_data("latest", SLUG, "war-support-trend")
    for answer, category in zip(plotted["answer"], plotted["category"]):
        assert WAR_SUPPORT_CATEGORIES[answer] == category
    # The harmonisation never merges two answers of one wave into one category.
    assert not plotted.duplicated(["wave_id", "category"]).any()


def test_latest_edition_table_2_uses_the_newest_wave_asking(built):
    results, waves = load_data("poll_results"), load_data("poll_waves")
    asked = waves[waves["wave_id"].isin(results.loc[results["question_id"] == "western_lifestyle", "wave_id"])
                  & waves["fieldwork_end"].notna()]
    newest = asked.sort_values("fieldwork_end").iloc[-1]["wave_id"]
    assert chapter_values("latest", SLUG)["table2_wave"]["value"] == newest


def test_contacts_with_the_eu_are_latest_only(built):
    results, waves = load_data("poll_results"), load_data("poll_waves")
    rows = results[(results["question_id"] == "schengen_visa") & (results["answer"] == "have a valid visa")
                   & (results["subgroup"] == "all")].merge(waves[["wave_id", "fieldwork_end"]], on="wave_id")
    newest = rows[rows["fieldwork_end"].notna()].sort_values("fieldwork_end").iloc[-1]
    assert chapter_values("latest", SLUG)["valid_visa"]["value"] == newest["percent"]
    expected_paper = None if newest["fieldwork_end"] > PAPER_DAY else newest["percent"]
    assert chapter_values("paper", SLUG)["valid_visa"]["value"] == expected_paper
