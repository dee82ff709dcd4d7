"""Chapter 8 (a direct channel to Lukashenka): contacts and the releases that
followed, single releases and running totals kept apart, nothing after the
paper's date in the paper edition; plus the pairing rules of belpolicy.analysis.contacts."""

from __future__ import annotations

import pandas as pd
import pytest

from belpolicy.analysis import contacts
from belpolicy.data import sources
from conftest import chapter_values, figure_data, load_data, PAPER_DATE, PAPER_DAY

SLUG = "08-direct-channel"


def _cutoff(edition: str) -> pd.Timestamp:
    if edition == "paper":
        return PAPER_DAY
    return max(load_data("events")["date"].max(), load_data("prisoner_releases")["date"].max())


def _kind(events, kind):
    return events["kinds"].fillna("").str.split(";").map(lambda kinds: kind in kinds)


def _contacts(cutoff):
    events = load_data("events")
    return events[_kind(events, "contact") & (events["date"] <= cutoff)]


def _single(cutoff):
    releases = load_data("prisoner_releases")
    return releases[(releases["is_cumulative"] == "no") & (releases["date"] <= cutoff)]


def _totals(cutoff):
    releases = load_data("prisoner_releases")
    return releases[(releases["is_cumulative"] == "yes") & (releases["date"] <= cutoff)].sort_values("date")


def _event_releases(cutoff):
    events = load_data("events")
    single = _single(cutoff)
    return events[_kind(events, "release") & (events["date"] <= cutoff)
                  & ~events["date"].isin(set(single["date"]))]


# --------------------------------------------------------------------------- paper edition


def test_the_paper_edition_has_nothing_after_the_papers_date(built):
    values = chapter_values("paper", SLUG)
    assert values["as_of"]["value"] == PAPER_DATE
    plotted = figure_data("paper", SLUG, "contacts-and-releases")
    assert pd.to_datetime(plotted["date"]).max() <= PAPER_DAY
    assert set(plotted["kind"]) <= {"contact", "release record"}  # no running total existed yet
    for key in ("contacts_since_paper", "contacts_followed_since_paper", "release_records_since_paper",
                "released_after_contacts_since_paper"):
        assert values[key]["value"] == 0, key
    for key in ("running_total", "running_total_date", "largest_release", "largest_release_date",
                "first_contact_since_paper", "pardon_wave_start"):
        assert values[key]["value"] is None and values[key]["text"] == "not available", key


def test_the_paper_edition_counts_the_papers_contacts_and_releases(built):
    values = chapter_values("paper", SLUG)
    assert values["contacts"]["value"] == len(_contacts(PAPER_DAY)) == 4
    assert values["release_records"]["value"] == len(_single(PAPER_DAY)) + len(_event_releases(PAPER_DAY)) == 2
    # The Swiss credentials and Macron's conversation share February 2022 with Hersche's release.
    assert values["contacts_followed"]["value"] == 2


# --------------------------------------------------------------------------- both editions


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_counts_equal_a_recomputation_from_the_data(built, edition):
    cutoff = _cutoff(edition)
    values = chapter_values(edition, SLUG)
    found = _contacts(cutoff)
    assert values["contacts"]["value"] == len(found)
    assert values["newest_contact"]["value"] == found["date"].max().date().isoformat()
    records = len(_single(cutoff)) + len(_event_releases(cutoff))
    assert values["release_records"]["value"] == records
    assert values["contacts_since_paper"]["value"] == int((found["date"] > PAPER_DAY).sum())
    assert values["window_days"]["value"] == contacts.WINDOW_DAYS


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_figure_csv_holds_exactly_the_plotted_rows(built, edition):
    cutoff = _cutoff(edition)
    plotted = figure_data(edition, SLUG, "contacts-and-releases")
    plotted["date"] = pd.to_datetime(plotted["date"])
    kinds = plotted.groupby("kind").size().to_dict()
    assert kinds.get("contact", 0) == len(_contacts(cutoff))
    assert kinds.get("release record", 0) == len(_single(cutoff)) + len(_event_releases(cutoff))
    assert kinds.get("running total as stated", 0) == len(_totals(cutoff))
    # Single releases and running totals stay apart: each plotted row is one data row of its own kind.
    stated = plotted[plotted["kind"] == "running total as stated"]
    assert sorted(zip(stated["date"], stated["number_released"])) == sorted(zip(_totals(cutoff)["date"],
                                                                              _totals(cutoff)["number_released"]))
    numbered = plotted[(plotted["kind"] == "release record") & plotted["number_released"].notna()]
    single = _single(cutoff)
    assert sorted(zip(numbered["date"], numbered["number_released"].astype(int))) == sorted(
        zip(single["date"], single["number_released"].astype(int)))


# --------------------------------------------------------------------------- latest edition


def test_largest_release_dated_to_a_day(built):
    cutoff = _cutoff("latest")
    day_dated = _single(cutoff)
    day_dated = day_dated[day_dated["date_precision"] != "month"]
    top = day_dated.loc[day_dated["number_released"].astype(float).idxmax()]
    values = chapter_values("latest", SLUG)
    assert values["largest_release"]["value"] == top["number_released"]
    assert values["largest_release_date"]["value"] == top["date"].date().isoformat()
    assert values["largest_release"]["source"] == top["source_url"]
    # Month figures may be larger, but they can bundle several decrees and are not single releases.
    assert values["largest_release"]["value"] <= _single(cutoff)["number_released"].max()


def test_newest_running_total_is_one_stated_figure_never_a_sum(built):
    # The main series (one counter, one start date), newest by date then by number: never file order;
    # quoted from citable rows only.
    totals = sources.citable(_totals(_cutoff("latest")))
    main = totals[(totals["counted_by"] == "viasna") & (totals["counted_since"] == pd.Timestamp("2024-07-01"))]
    newest = main.sort_values(["date", "number_released"]).iloc[-1]
    values = chapter_values("latest", SLUG)
    assert values["running_total"]["value"] == newest["number_released"]
    assert values["running_total_date"]["value"] == newest["date"].date().isoformat()
    assert values["running_total"]["source"] == newest["source_url"]
    words = {"exact": "", "more_than": "more than ", "at_least": "at least ", "approx": "about "}
    assert values["running_total"]["text"] == f"{words[newest['qualifier']]}{newest['number_released']:,}"


def test_releases_that_followed_the_contacts_after_the_paper(built):
    cutoff = _cutoff("latest")
    found = _contacts(cutoff)
    after = found[(found["date"] > PAPER_DAY) & (found["date_precision"] != "month")]
    single = _single(cutoff)
    single = single[single["date_precision"] != "month"]
    followed, same_day, freed = 0, 0, {}
    for day in after["date"]:
        lag = (single["date"] - day).dt.days
        within = single[(lag >= 0) & (lag <= contacts.WINDOW_DAYS)]
        followed += not within.empty
        same_day += int((lag == 0).sum())
        freed.update({(row.date, row.context): row.number_released for row in within.itertuples()})
    values = chapter_values("latest", SLUG)
    assert values["contacts_since_paper"]["value"] == int((found["date"] > PAPER_DAY).sum())
    assert values["contacts_followed_since_paper"]["value"] == followed
    assert values["same_day_pairs"]["value"] == same_day
    assert values["released_after_contacts_since_paper"]["value"] == sum(freed.values())
    assert values["first_contact_since_paper"]["value"] == after["date"].min().date().isoformat()


def test_the_pardon_wave_start_is_the_first_row_of_the_releases_table(built):
    first = load_data("prisoner_releases").sort_values("date").iloc[0]
    assert chapter_values("latest", SLUG)["pardon_wave_start"]["text"] == first["date"].strftime("%B %Y")


# --------------------------------------------------------------------------- the rules (no build needed)


def test_contacts_and_releases_are_the_kinds_the_data_give():
    events = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"]),
        "event": ["visit that brought a release", "annual summary", "call", "statement in a capital"],
        "category": ["release", "release", "diplomacy", "diplomacy"],
        "kinds": ["contact;release", "summary", "contact", None], "party": ["US", None, "DE", None],
        "contact_mode": ["visit", None, "call", None], "date_precision": ["exact"] * 4,
        "source_url": ["https://example.org"] * 4,
    })
    cutoff = pd.Timestamp("2025-12-31")
    assert contacts.contacts(events, cutoff)["event"].tolist() == ["visit that brought a release", "call"]
    assert contacts.release_events(events, cutoff)["event"].tolist() == ["visit that brought a release"]
    assert contacts.parties_text(contacts.contacts(events, cutoff)) == "the United States and Germany"
    assert contacts.modes_text(contacts.contacts(events, cutoff)) == "1 call and 1 visit to Minsk"


@pytest.mark.parametrize("contact, c_precision, release, r_precision, expected", [
    ("2025-02-12", "exact", "2025-02-12", "exact", "same day"),
    ("2025-02-12", "exact", "2025-03-14", "exact", "30 days later"),
    ("2025-02-12", "exact", "2025-03-15", "exact", None),
    ("2025-02-12", "exact", "2025-02-11", "exact", None),
    ("2022-02-01", "month", "2022-02-01", "month", "same month"),
    ("2021-11-01", "month", "2021-12-01", "month", None),
    ("2024-07-04", "exact", "2024-07-01", "month", "same month"),
])
def test_when_a_release_follows_a_contact(contact, c_precision, release, r_precision, expected):
    assert contacts.relation(contact, c_precision, release, r_precision, window=30) == expected


def test_counts_keep_their_qualifier_and_dates_their_precision():
    assert contacts.fmt_count(300, "more_than") == "more than 300"
    assert contacts.fmt_count(1234, "exact") == "1,234"
    assert contacts.when(pd.Timestamp("2022-02-01"), "month") == "February 2022"
    assert contacts.when(pd.Timestamp("2025-02-12"), "exact") == "12 February 2025"
