"""Chapter 12: the tracker of the paper's four intermediate victories. The
library's rules (belpolicy.analysis.progress) are tested on small frames; the chapter's
statuses are checked against the rules applied here independently to the data."""

from __future__ import annotations

import pandas as pd

from belpolicy.analysis import progress
from belpolicy.data import sources
from conftest import chapter_values, figure_data, load_data, PAPER_DAY

SLUG = "12-conclusion"


def _latest_cutoff():
    return max(load_data(name)["date"].max() for name in ("political_prisoners", "prisoner_releases", "events"))


def _releases_rule(releases: pd.DataFrame, cutoff: pd.Timestamp) -> int:
    """Newest running total; else the largest single release of each month, summed."""
    rows = releases[releases["date"] <= cutoff]
    # The main series only (data/datapackage.yaml): newest date, then the larger number.
    running = rows[(rows["is_cumulative"] == "yes") & (rows["counted_by"] == "viasna")
                   & (rows["counted_since"] == pd.Timestamp("2024-07-01"))]
    if not running.empty:
        return int(running.sort_values(["date", "number_released"]).iloc[-1]["number_released"])
    single = rows[rows["is_cumulative"] == "no"]
    return int(single.groupby(single["date"].dt.to_period("M"))["number_released"].max().sum())


def _frame(rows):
    frame = pd.DataFrame(rows, columns=["date", "number_released", "is_cumulative", "qualifier"])
    frame["date"] = pd.to_datetime(frame["date"])
    series = [("viasna", pd.Timestamp("2024-07-01")) if kind == "yes" else (None, pd.NaT)
              for kind in frame["is_cumulative"]]
    return frame.assign(context="x", source_url="https://example.org", date_precision="exact",
                        counted_by=[s[0] for s in series], counted_since=[s[1] for s in series])


def test_releases_rule_never_adds_events_and_totals_and_counts_overlaps_once():
    table = _frame([("2024-07-01", 18, "no", "exact"), ("2024-07-04", 10, "no", "at_least"),
                    ("2024-08-01", 150, "no", "exact")])
    verdict = progress.releases_verdict(table, pd.Timestamp("2024-12-31"), threshold=200)
    assert verdict.measure == 18 + 150  # July counts once (its largest row), August once
    assert verdict.status == progress.INDICATOR_NOT_MET
    table = pd.concat([table, _frame([("2024-09-01", 205, "yes", "exact"), ("2024-09-10", 40, "no", "exact")])])
    verdict = progress.releases_verdict(table, pd.Timestamp("2024-12-31"), threshold=200)
    assert verdict.measure == 205 and verdict.status == progress.INDICATOR_MET
    empty = progress.releases_verdict(table, pd.Timestamp("2024-06-30"))
    assert empty.measure == 0 and empty.status == progress.INDICATOR_NOT_MET


def test_repression_rule_compares_the_newest_count_with_the_peak():
    counts = pd.DataFrame({"date": pd.to_datetime(["2023-01-31", "2023-06-30", "2024-06-30"]),
                           "count": [1000, 1500, 1360], "counter": "viasna", "qualifier": "exact",
                           "date_precision": "end_of_month", "source_url": "https://example.org"})
    verdict = progress.repression_verdict(counts, "viasna", pd.Timestamp("2024-12-31"), drop_pct=10)
    assert verdict.measure == round((1500 - 1360) / 1500 * 100, 1)
    assert verdict.status == progress.INDICATOR_NOT_MET  # 9.3% is below 10%
    assert progress.repression_verdict(counts, "viasna", pd.Timestamp("2024-12-31"), drop_pct=9).status \
        == progress.INDICATOR_MET


def test_paper_edition_has_no_victory(built):
    values = chapter_values("paper", SLUG)
    releases = load_data("prisoner_releases")
    assert releases["date"].min() >= pd.Timestamp("2024-07-01")
    assert values["status_releases"]["value"] == progress.INDICATOR_NOT_MET
    assert values["releases_measure"]["value"] == 0
    counts = load_data("political_prisoners")
    viasna = counts[(counts["counter"] == "viasna") & (counts["date"] <= PAPER_DAY)]
    assert viasna["count"].max() == viasna.loc[viasna["date"].idxmax(), "count"] == 1465
    assert values["status_repression"]["value"] == progress.INDICATOR_NOT_MET
    assert values["status_distancing"]["value"] == progress.NOT_TESTABLE
    assert values["status_sentiment"]["value"] == progress.NOT_TESTABLE
    assert values["indicators_met"]["value"] == 0


def test_latest_edition_statuses_equal_the_rules_applied_to_the_data(built):
    values = chapter_values("latest", SLUG)
    cutoff = _latest_cutoff()
    assert values["as_of"]["value"] == cutoff.date().isoformat()
    released = _releases_rule(sources.citable(load_data("prisoner_releases")), cutoff)  # rules measure citable rows
    assert values["releases_measure"]["value"] == released
    expected = progress.INDICATOR_MET if released >= progress.RELEASES_THRESHOLD else progress.INDICATOR_NOT_MET
    assert values["status_releases"]["value"] == expected

    counts = sources.citable(load_data("political_prisoners"))
    viasna = counts[(counts["counter"] == "viasna") & (counts["date"] <= cutoff)]
    newest = viasna[viasna["date"] == viasna["date"].max()]["count"]
    peak = viasna[viasna["qualifier"] == "exact"]["count"].max()
    drops = {round((peak - count) / peak * 100, 1) for count in newest}
    assert values["repression_drop"]["value"] in drops
    expected = progress.INDICATOR_MET if values["repression_drop"]["value"] >= progress.REPRESSION_DROP_PCT \
        else progress.INDICATOR_NOT_MET
    assert values["status_repression"]["value"] == expected
    statuses = [values[f"status_{key}"]["value"] for key in ("distancing", "releases", "repression", "sentiment")]
    assert values["indicators_met"]["value"] == statuses.count(progress.INDICATOR_MET)


def test_tracker_table_matches_the_values(built):
    for edition in ("paper", "latest"):
        table = figure_data(edition, SLUG, "victories", folder="tables")
        values = chapter_values(edition, SLUG)
        assert table["victory"].tolist() == list(progress.VICTORIES)
        keys = ("distancing", "releases", "repression", "sentiment")
        assert table["status"].tolist() == [values[f"status_{key}"]["value"] for key in keys]
        assert values["releases_threshold"]["value"] == progress.RELEASES_THRESHOLD == 200
