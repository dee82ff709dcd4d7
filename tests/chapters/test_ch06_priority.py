"""Chapter 6 (recommendation 1): the humanitarian yardsticks, political prisoners
and releases, in both editions, against the data recomputed here independently."""

from __future__ import annotations


from belpolicy.data import sources
from conftest import chapter_values, figure_data, load_data, PAPER_DOI_URL, PAPER_DATE, PAPER_DAY

SLUG = "06-priority"


def _latest_cutoff():
    return max(load_data("political_prisoners")["date"].max(), load_data("prisoner_releases")["date"].max())


def test_paper_edition_quotes_the_papers_viasna_count_and_no_release(built):
    values = chapter_values("paper", SLUG)
    counts = load_data("political_prisoners")
    published = counts[(counts["source_url"] == PAPER_DOI_URL) & (counts["counter"] == "viasna")]
    assert values["main_paper_date"]["value"] == published["count"].iloc[0] == 1465
    assert values["main_latest"]["text"] == "1,465"
    assert values["main_latest_date"]["text"] == "28 March 2023"
    assert values["as_of"]["value"] == PAPER_DATE
    assert values["change_since_paper"]["value"] is None
    # No release is recorded before July 2024.
    releases = load_data("prisoner_releases")
    assert (releases["date"] <= PAPER_DAY).sum() == 0
    assert values["release_events"]["value"] == 0
    assert values["release_total"]["text"] == "none up to this date"
    assert values["release_total_date"]["value"] is None
    assert values["first_release_date"]["value"] is None


def test_latest_edition_counts_follow_the_data(built):
    values = chapter_values("latest", SLUG)
    cutoff = _latest_cutoff()
    assert values["as_of"]["value"] == cutoff.date().isoformat()
    counts = load_data("political_prisoners")
    viasna = counts[(counts["counter"] == "viasna") & (counts["date"] <= cutoff)]
    quoted = sources.citable(viasna)  # the text quotes counts resting on primary or reputable rows
    newest = quoted[quoted["date"] == quoted["date"].max()]
    assert values["main_latest_date"]["value"] == newest["date"].iloc[0].date().isoformat()
    assert values["main_latest"]["value"] in set(newest["count"])
    assert values["main_peak"]["value"] == viasna["count"].max()
    on_paper_day = viasna.loc[viasna["date"] == PAPER_DAY, "count"]
    assert values["main_paper_date"]["value"] == on_paper_day.iloc[0]
    assert values["change_since_paper"]["value"] == values["main_latest"]["value"] - on_paper_day.iloc[0]


def test_latest_edition_releases_keep_events_and_running_totals_apart(built):
    values = chapter_values("latest", SLUG)
    cutoff = _latest_cutoff()
    releases = load_data("prisoner_releases")
    releases = releases[releases["date"] <= cutoff]
    single = releases[releases["is_cumulative"] == "no"]
    running = sources.citable(releases[releases["is_cumulative"] == "yes"])  # quoted: citable rows only
    assert values["release_events"]["value"] == len(single)
    newest = running[running["date"] == running["date"].max()]
    assert values["release_total"]["value"] in set(newest["number_released"])
    assert values["release_total_date"]["value"] == newest["date"].iloc[0].date().isoformat()
    # The running total is one reported figure, not a sum of events.
    assert values["release_total"]["value"] != single["number_released"].sum()
    assert values["first_release_date"]["value"] == single["date"].min().date().isoformat()


def test_figure_csv_holds_exactly_the_plotted_rows(built):
    counts = load_data("political_prisoners")
    releases = load_data("prisoner_releases")
    for edition, cutoff in (("paper", PAPER_DAY), ("latest", _latest_cutoff())):
        plotted = figure_data(edition, SLUG, "yardsticks")
        prisoners = plotted[plotted["panel"] == "political prisoners"]
        expected = counts[counts["date"] <= cutoff].drop_duplicates(["counter", "date"])
        assert len(prisoners) == len(expected)
        assert set(prisoners["series"]) == set(expected["counter"])
        freed = plotted[plotted["panel"] == "releases"]
        shown = releases[releases["date"] <= cutoff]
        assert len(freed) == len(shown)
        kinds = freed["series"].value_counts().to_dict()
        assert kinds.get("single event", 0) == (shown["is_cumulative"] == "no").sum()
        running = shown[shown["is_cumulative"] == "yes"]
        assert sum(n for kind, n in kinds.items() if kind.startswith("running total, counted by")) == len(running)
        # One line per series: one counter and one start date.
        assert len([kind for kind in kinds if kind.startswith("running total")]) == \
            len(running[["counted_by", "counted_since"]].drop_duplicates())
        assert sorted(freed["count"].tolist()) == sorted(shown["number_released"].tolist())
        assert set(plotted["source_url"]) <= set(counts["source_url"]) | set(releases["source_url"])
