"""The two pattern chapters against the sourced data: the paper edition
reproduces the paper's published numbers; the latest edition follows the data."""

from __future__ import annotations

import pandas as pd

from belpolicy.data import sources
from conftest import chapter_values, figure_data, load_data, PAPER_DOI_URL, PAPER_DATE



def _paper_rows(table: str):
    frame = load_data(table)
    return frame[frame["source_url"] == PAPER_DOI_URL]


def test_paper_edition_reproduces_the_prisoner_counts_of_28_march_2023(built):
    values = chapter_values("paper", "01-introduction")
    published = _paper_rows("political_prisoners").set_index("counter")["count"]
    assert values["viasna_paper_date"]["value"] == published["viasna"] == 1465
    assert values["politzek_paper_date"]["value"] == published["politzek"] == 1730
    assert values["viasna_paper_date"]["text"] == "1,465"
    assert values["politzek_paper_date"]["source"] == PAPER_DOI_URL
    assert values["as_of"]["text"] == "28 March 2023"


def test_paper_edition_reproduces_table_1(built):
    values = chapter_values("paper", "03-sanctions")
    published = _paper_rows("poll_results")
    published = published[published["question_id"] == "sanctions_west_should"].set_index("answer")["percent"]
    expected = {"severe": ("impose severe sanctions", 8), "soft": ("impose soft sanctions", 18),
                "remove_some": ("remove some sanctions", 23), "lift": ("completely lift sanctions", 51)}
    for key, (answer, paper_value) in expected.items():
        assert values[f"table1_{key}"]["value"] == published[answer] == paper_value
        assert values[f"table1_{key}"]["text"] == f"{paper_value}%"
    assert values["table1_wave"]["value"] == "CH-2022-08b"
    table = figure_data("paper", "03-sanctions", "table1-sanctions-opinion", folder="tables")
    assert table["percent"].tolist() == [8, 18, 23, 51]


def test_latest_edition_table_1_comes_from_the_newest_wave_asking(built):
    results, waves = load_data("poll_results"), load_data("poll_waves")
    asking = waves[waves["wave_id"].isin(results.loc[results["question_id"] == "sanctions_west_should", "wave_id"])]
    newest = asking.sort_values("fieldwork_end").iloc[-1]["wave_id"]
    assert chapter_values("latest", "03-sanctions")["table1_wave"]["value"] == newest


def test_prisoner_figure_plots_one_row_per_counter_and_day_up_to_the_edition_date(built):
    counts = load_data("political_prisoners")
    for edition, cutoff in (("paper", pd.Timestamp(PAPER_DATE)), ("latest", counts["date"].max())):
        plotted = figure_data(edition, "01-introduction", "political-prisoners")
        expected = counts[counts["date"] <= cutoff].drop_duplicates(["counter", "date"])
        assert len(plotted) == len(expected)
        assert pd.to_datetime(plotted["date"]).max() == cutoff
        assert set(plotted["source_url"]) <= set(counts["source_url"])


def test_latest_edition_quotes_the_newest_viasna_count(built):
    counts = load_data("political_prisoners")
    viasna = counts[counts["counter"] == "viasna"]
    quoted = sources.citable(viasna)  # the text quotes counts resting on primary or reputable rows
    newest = quoted[quoted["date"] == quoted["date"].max()]
    values = chapter_values("latest", "01-introduction")
    assert values["main_latest_date"]["value"] == newest["date"].iloc[0].date().isoformat()
    assert values["main_latest"]["value"] in set(newest["count"])
    assert values["main_peak"]["value"] == viasna["count"].max()


def test_exports_to_the_eu_rose_in_2021(built):
    trade = load_data("trade_eu_belarus")
    eurostat = trade[(trade["flow"] == "EU imports from Belarus") & trade["reporter"].str.startswith("Eurostat")]
    by_year = eurostat.set_index("year")["value"]
    values = chapter_values("paper", "03-sanctions")
    assert values["exports_2020"]["value"] == by_year[2020]
    assert values["exports_2021"]["value"] == by_year[2021]
    assert values["exports_change_2021"]["value"] == round((by_year[2021] / by_year[2020] - 1) * 100, 1)
    assert values["exports_change_2021"]["value"] > 0


def test_eu_list_before_the_ryanair_diversion(built):
    totals = load_data("sanctions_totals")
    before = totals[(totals["jurisdiction"] == "EU") & (totals["date"] < "2021-05-23")].sort_values("date").iloc[-1]
    values = chapter_values("paper", "03-sanctions")
    assert values["eu_persons_before_ryanair"]["value"] == before["persons_total"]
    assert values["ryanair_date"]["value"] == "2021-05-23"


def test_cumulative_listings_sum_the_acts_of_each_jurisdiction(built):
    acts = load_data("sanctions_events")
    plotted = figure_data("paper", "03-sanctions", "cumulative-listings")
    sums = plotted[plotted["series"] == "sum of acts"]
    eu = acts[(acts["jurisdiction"] == "EU") & (acts["direction"] == "imposition") & (acts["date"] <= "2023-03-28")]
    listed = eu["persons_listed"].fillna(0) + eu["entities_listed"].fillna(0)
    listed = listed.where(eu["persons_listed"].notna() | eu["entities_listed"].notna(), eu["total_listed"])
    assert sums[sums["jurisdiction"] == "EU"]["cumulative"].iloc[-1] == listed.fillna(0).sum()
    assert chapter_values("paper", "03-sanctions")["listed_eu"]["value"] == listed.fillna(0).sum()
