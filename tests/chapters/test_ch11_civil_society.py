"""Chapter 11: the paper's Figure 1 (war support by media consumption) rebuilt
from the March 2023 breakdown, and the media-consumption groups across waves."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import chapter_values, figure_data, load_data, PAPER_DAY

SLUG = "11-civil-society"
CHATHAM_HOUSE = "Chatham House Belarus Initiative"
# The published March 2023 breakdown: share supporting the war in each group.
FIGURE_1 = {"state_media_users": 53, "non_state_media_users": 7, "both_media_users": 33, "inactive_media_users": 18}


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_figure_1_is_rebuilt_from_the_march_2023_breakdown(built, edition):
    plotted = figure_data(edition, SLUG, "war-support-by-media")
    assert set(plotted["wave_id"]) == {"CH-2023-03"}
    assert dict(zip(plotted["subgroup"], plotted["percent"])) == FIGURE_1
    assert plotted["subgroup"].tolist() == list(FIGURE_1)
    values = chapter_values(edition, SLUG)
    assert values["figure1_wave"]["value"] == "CH-2023-03"
    for group, key in (("state_media_users", "state"), ("non_state_media_users", "non_state"),
                       ("both_media_users", "both"), ("inactive_media_users", "inactive")):
        assert values[f"figure1_{key}"]["value"] == FIGURE_1[group]
    assert values["figure1_gap"]["value"] == 53 - 7
    assert values["claim_media_status"]["text"].startswith("holds")


def test_figure_1_equals_a_filter_of_the_poll_data(built):
    results = load_data("poll_results")
    expected = results[(results["wave_id"] == "CH-2023-03") & (results["question_id"] == "war_support")
                       & results["subgroup"].isin(list(FIGURE_1)) & (results["answer"] == "support")]
    plotted = figure_data("paper", SLUG, "war-support-by-media")
    assert sorted(zip(plotted["subgroup"], plotted["percent"], plotted["source_url"])) == \
        sorted(zip(expected["subgroup"], expected["percent"], expected["source_url"]))


def test_the_march_2023_wave_belongs_to_the_paper_edition_and_its_caption_says_so(built):
    waves = load_data("poll_waves").set_index("wave_id")
    assert waves.at["CH-2023-03", "fieldwork_end"] <= PAPER_DAY
    caption = chapter_values("paper", SLUG)["figure1_wave_caption"]["text"]
    assert "CH-2023-03" in caption
    assert "15–27 March 2023" in caption
    assert f"{int(waves.at['CH-2023-03', 'sample_size']):,} respondents" in caption


def _independent_groups(cutoff: pd.Timestamp) -> pd.DataFrame:
    results, waves = load_data("poll_results"), load_data("poll_waves")
    dated = waves[(waves["pollster"] == CHATHAM_HOUSE) & waves["fieldwork_end"].notna()
                  & (waves["fieldwork_end"] <= cutoff)]
    return results[(results["question_id"] == "media_consumption_group") & (results["subgroup"] == "all")
                   & results["wave_id"].isin(dated["wave_id"])]


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_media_groups_chart_equals_a_filter_of_the_poll_data(built, edition):
    cutoff = PAPER_DAY if edition == "paper" else load_data("poll_waves")["fieldwork_end"].max()
    expected = _independent_groups(cutoff)
    plotted = figure_data(edition, SLUG, "media-groups")
    assert sorted(zip(plotted["wave_id"], plotted["answer"], plotted["percent"])) == \
        sorted(zip(expected["wave_id"], expected["answer"], expected["percent"]))
    assert chapter_values(edition, SLUG)["media_waves"]["value"] == expected["wave_id"].nunique()
