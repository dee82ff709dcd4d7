"""Chapter 5 (fading West) against the sourced data: the poll trend and the
visa and permit chart hold exactly the data rows they should, and the numbers
the prose quotes are those rows. Recomputed here without belpolicy.analysis.perceptions."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import chapter_values, figure_data, load_data, PAPER_DATE

SLUG = "05-fading-west"
QUESTIONS = {  # question -> pollster whose waves make the series
    "geopolitical_union": "Chatham House Belarus Initiative",
    "attitude_russia": "Chatham House Belarus Initiative",
    "geopolitical_union_binary": "Belarusian Analytical Workshop (BAW, A. Vardomatski)",
}
SAME_ANSWER = {"union with both Russia and EU": "both", "both Russia and EU": "both",
               "positive (total)": "positive", "very good or mostly good": "positive", "positive": "positive"}
VISA_ROWS = {  # (metric, geography) of the comparable series
    ("Schengen uniform visas issued (consulates in Belarus)", "Schengen consulates in Belarus"),
    ("Schengen C visas issued (consulates in Belarus)", "Schengen consulates in Belarus"),
    ("first residence permits issued to Belarusian citizens in the EU", "EU (Eurostat)"),
    ("first residence permits issued to Belarusian citizens in the EU", "EU (Eurostat, Zerkalo calculation)"),
    ("first residence permits issued to Belarusian citizens in Poland", "Poland (Eurostat)"),
    ("first residence permits issued to Belarusian citizens in Lithuania", "Lithuania (Eurostat)"),
}


def _wave_dates() -> dict[str, pd.Timestamp]:
    """Every wave's place in time is the schema's fieldwork_date (data/datapackage.yaml)."""
    waves = load_data("poll_waves")
    return dict(zip(waves["wave_id"], waves["fieldwork_date"]))


def _cutoff(edition: str) -> pd.Timestamp:
    if edition == "paper":
        return pd.Timestamp(PAPER_DATE)
    visas = load_data("visas_residence")
    years = [int(y) for y in visas["year"] if y.isdigit()]
    return max(max(_wave_dates().values()), pd.Timestamp(max(years), 12, 31))


def _expected_poll_rows(cutoff: pd.Timestamp) -> pd.DataFrame:
    results = load_data("poll_results")
    dates = _wave_dates()
    rows = results[results["question_id"].isin(QUESTIONS) & (results["subgroup"] == "all")].copy()
    rows = rows[rows["pollster"] == rows["question_id"].map(QUESTIONS)]
    rows["date"] = rows["wave_id"].map(dates)
    rows = rows[rows["date"].notna() & (rows["date"] <= cutoff)]
    rows["same"] = rows["answer"].map(lambda a: SAME_ANSWER.get(a, a))
    return rows.drop_duplicates(["question_id", "wave_id", "same"], keep="first")


def _assert_same_rows(plotted: pd.DataFrame, expected: pd.DataFrame, key: list[str]) -> None:
    """The figure's CSV holds exactly the expected data rows, compared on `key`."""
    def as_set(frame):
        return set(map(tuple, frame[key].astype(str).values))

    assert len(plotted) == len(expected)
    assert as_set(plotted) == as_set(expected)


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_poll_trend_csv_equals_the_data_rows(built, edition):
    expected = _expected_poll_rows(_cutoff(edition))
    plotted = figure_data(edition, SLUG, "perceptions")
    _assert_same_rows(plotted, expected, ["wave_id", "question_id", "answer", "percent", "source_url"])
    assert (pd.to_datetime(plotted["wave_date"]) <= _cutoff(edition)).all()


def test_paper_edition_trend_stops_at_the_paper_date(built):
    plotted = figure_data("paper", SLUG, "perceptions")
    assert pd.to_datetime(plotted["wave_date"]).max() <= pd.Timestamp(PAPER_DATE)
    assert "CH-2023-11" not in set(plotted["wave_id"])
    values = chapter_values("paper", SLUG)
    assert values["ch_valid_visa"]["text"] == "not available"


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_quoted_poll_values_are_the_first_and_last_data_rows(built, edition):
    rows = _expected_poll_rows(_cutoff(edition))
    values = chapter_values(edition, SLUG)
    for question, same, key in (("geopolitical_union", "union with Russia only", "union_russia"),
                                ("geopolitical_union", "both", "union_both"),
                                ("attitude_russia", "positive", "russia_positive"),
                                ("geopolitical_union_binary", "union with Russia", "baw_russia")):
        series = rows[(rows["question_id"] == question) & (rows["same"] == same)].sort_values("date")
        assert values[f"{key}_first"]["value"] == series.iloc[0]["percent"]
        assert values[f"{key}_last"]["value"] == series.iloc[-1]["percent"]
        assert values[f"{key}_last"]["source"] == series.iloc[-1]["source_url"]


def _expected_visa_rows(cutoff: pd.Timestamp) -> pd.DataFrame:
    visas = load_data("visas_residence")
    keep = pd.Series([(m, g) in VISA_ROWS for m, g in zip(visas["metric"], visas["geography"])], index=visas.index)
    rows = visas[keep & visas["year"].str.fullmatch(r"\d{4}") & visas["value"].str.fullmatch(r"\d+")]
    return rows[rows["year"].astype(int) <= cutoff.year - (0 if cutoff.month == 12 and cutoff.day == 31 else 1)]


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_visa_csv_equals_the_data_rows(built, edition):
    expected = _expected_visa_rows(_cutoff(edition))
    plotted = figure_data(edition, SLUG, "visas-permits")
    _assert_same_rows(plotted, expected, ["metric", "geography", "year", "value", "source_url"])
    assert (plotted["number"] == plotted["value"].astype(float)).all()


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_quoted_visa_values_are_the_data_rows(built, edition):
    rows = _expected_visa_rows(_cutoff(edition))
    values = chapter_values(edition, SLUG)
    schengen = rows[rows["geography"] == "Schengen consulates in Belarus"].assign(y=lambda f: f["year"].astype(int))
    schengen = schengen.sort_values("y")
    assert values["visas_first"]["value"] == float(schengen.iloc[0]["value"])
    assert values["visas_last"]["value"] == float(schengen.iloc[-1]["value"])
    change = (float(schengen.iloc[-1]["value"]) / float(schengen.iloc[0]["value"]) - 1) * 100
    assert values["visas_change"]["value"] == round(change, 1)
    eu = rows[rows["metric"] == "first residence permits issued to Belarusian citizens in the EU"]
    by_year = dict(zip(eu["year"], eu["value"].astype(float)))
    assert values["permits_2019"]["value"] == by_year["2019"]
    assert values["permits_2022"]["value"] == by_year["2022"]
    poland = rows[(rows["geography"] == "Poland (Eurostat)") & (rows["year"] == "2022")]["value"].astype(float).iloc[0]
    assert values["poland_share_2022"]["value"] == round(poland / by_year["2022"] * 100, 1)
    newest = max(by_year, key=int)
    assert values["permits_newest"]["value"] == by_year[newest]
    assert values["permits_newest_year"]["value"] == int(newest)
