"""Chapter 12: the tracker reports the book's indicators, not victories. A status
says whether an indicator is met; the repression indicator's peak is an exact
count, never a round press figure; the goal claim is reached or not, never
"holds"; and the releases figure says who reported it."""

from __future__ import annotations

import pandas as pd
import pytest

from belpolicy.analysis import claims, progress
from belpolicy.build.appendices import claim_statuses
from belpolicy.analysis.attribution import publisher
from belpolicy.errors import DataShapeError
from conftest import chapter_values, figure_data

SLUG = "12-conclusion"


def _counts(rows):
    frame = pd.DataFrame(rows, columns=["date", "count", "qualifier"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.assign(counter="viasna", date_precision="exact", source_url="https://example.org")


def test_the_peak_is_the_highest_exact_count_not_a_round_press_figure():
    counts = _counts([("2023-04-28", 1500, "approx"), ("2023-05-31", 1496, "exact"), ("2025-03-27", 1200, "exact")])
    verdict = progress.repression_verdict(counts, "viasna", pd.Timestamp("2025-12-31"), drop_pct=10)
    assert verdict.measure == round((1496 - 1200) / 1496 * 100, 1) == 19.8
    assert verdict.status == progress.INDICATOR_MET
    assert "1,496" in verdict.evidence and "1,500" not in verdict.evidence
    # a counter with no exact count at all still has a peak: its highest count
    rough = _counts([("2023-04-28", 1500, "approx"), ("2025-03-27", 1400, "at_least")])
    assert progress.repression_verdict(rough, "viasna", pd.Timestamp("2025-12-31")).measure == round(100 / 15, 1)


def test_status_words_name_an_indicator_and_the_rule_disclaims_weaker_repression():
    assert (progress.INDICATOR_MET, progress.INDICATOR_NOT_MET) == ("indicator met", "indicator not met")
    counts = _counts([("2023-05-31", 1496, "exact"), ("2025-03-27", 1200, "exact")])
    verdict = progress.repression_verdict(counts, "viasna", pd.Timestamp("2025-12-31"))
    assert "not evidence of weaker repression" in verdict.rule


def test_the_goal_claim_is_reached_or_not_never_holds():
    frame = pd.DataFrame({"date": pd.to_datetime(["2024-12-05"]), "number_released": [205], "is_cumulative": ["yes"],
                          "qualifier": ["exact"], "context": ["x"], "source_url": ["https://example.org"],
                          "date_precision": ["exact"], "counted_by": ["viasna"],
                          "counted_since": pd.to_datetime(["2024-07-01"])})
    assert progress.releases_verdict(frame, pd.Timestamp("2024-12-31"), threshold=200).status \
        == progress.INDICATOR_MET
    assert claims.REACHED in claims.STATUSES and claims.NOT_REACHED in claims.STATUSES


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_built_tracker_uses_only_indicator_statuses(built, edition):
    table = figure_data(edition, SLUG, "victories", folder="tables")
    assert set(table["status"]) <= {progress.INDICATOR_MET, progress.INDICATOR_NOT_MET, progress.NOT_TESTABLE}
    values = chapter_values(edition, SLUG)
    assert "achieved" not in values and values["indicators_met"]["value"] == \
        (table["status"] == progress.INDICATOR_MET).sum()
    goal = claim_statuses(edition)["few-hundred-released"]["status"]
    assert goal in (claims.REACHED, claims.NOT_REACHED, claims.UNTESTABLE) and goal != claims.HOLDS


def test_the_releases_figure_names_who_reported_it(built):
    values = chapter_values("latest", SLUG)
    measure = values["releases_measure"]
    if measure["source"]:  # None where the rule summed single releases
        assert values["releases_reported_by"]["text"] == publisher(measure["source"])
        assert values["releases_reported_by"]["source"] == measure["source"]


def test_reported_by_is_the_domain_of_the_row():
    assert publisher("https://www.newstrenders.com/?p=790656") == "newstrenders.com"
    assert publisher("https://spring96.org./en/news/100211") == "spring96.org"
    with pytest.raises(DataShapeError):
        publisher("not a url")
