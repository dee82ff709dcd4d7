"""Chapter 2 (isolation that could not hold) against the sourced data: the
paper's cases of notes 7 and 8, the contacts and releases on the timeline, and
nothing after the paper's date in the paper edition."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import SHARED, chapter_values, figure_data, load_data, PAPER_DOI_URL, PAPER_DATE, PAPER_DAY

SLUG = "02-isolation"
SEED = SHARED / "seed" / "000_29a1de62f3abcc55.txt"


def _cutoff(edition: str) -> pd.Timestamp:
    if edition == "paper":
        return PAPER_DAY
    return max(load_data("events")["date"].max(), load_data("prisoner_releases")["date"].max())


def _kind(events: pd.DataFrame, kind: str) -> pd.Series:
    """Rows whose `kinds` (data/datapackage.yaml) include `kind`."""
    return events["kinds"].fillna("").str.split(";").map(lambda kinds: kind in kinds)


def _contacts(cutoff: pd.Timestamp) -> pd.DataFrame:
    """Events the data mark as contacts (kinds include contact)."""
    events = load_data("events")
    return events[_kind(events, "contact") & (events["date"] <= cutoff)]


def _release_records(cutoff: pd.Timestamp) -> pd.DataFrame:
    events, releases = load_data("events"), load_data("prisoner_releases")
    single = releases[(releases["is_cumulative"] == "no") & (releases["date"] <= cutoff)]
    from_events = events[_kind(events, "release") & (events["date"] <= cutoff)
                         & ~events["date"].isin(set(single["date"]))]
    return pd.concat([single[["date", "source_url"]], from_events[["date", "source_url"]]], ignore_index=True)


def test_the_paper_edition_shows_nothing_after_the_papers_date(built):
    values = chapter_values("paper", SLUG)
    assert values["as_of"]["value"] == PAPER_DATE
    plotted = figure_data("paper", SLUG, "contacts-timeline")
    assert pd.to_datetime(plotted["date"]).max() <= PAPER_DAY
    table = figure_data("paper", SLUG, "contacts-and-outcomes", folder="tables")
    assert pd.to_datetime(table["date"]).max() <= PAPER_DAY
    assert values["contacts_since_paper"]["value"] == 0
    assert values["releases_since_paper"]["value"] == 0
    assert values["first_contact_since_paper"]["value"] is None


@pytest.mark.parametrize("case, word, category, month", [
    ("pompeo", "Pompeo", "diplomacy", "October 2020"),
    ("merkel", "Merkel", "diplomacy", "November 2021"),
    ("herzog", "Reiten-Stoll", "release", "December 2021"),
    ("swiss", "Swiss ambassador", "diplomacy", "February 2022"),
    ("hersche", "Hersche", "release", "February 2022"),
])
def test_the_papers_cases_are_in_the_data_with_the_papers_month(built, case, word, category, month):
    events = load_data("events")
    rows = events[events["event"].str.contains(word, regex=False) & (events["category"] == category)]
    assert len(rows) == 1
    row = rows.iloc[0]
    # Transcribed from the paper: its DOI, its month, dated the first of the month.
    assert row["source_url"] == PAPER_DOI_URL and row["date_precision"] == "month" and row["date"].day == 1
    assert row["date"].strftime("%B %Y") == month
    for edition in ("paper", "latest"):
        value = chapter_values(edition, SLUG)[f"case_{case}"]
        assert value["text"] == month
        assert value["value"] == row["date"].date().isoformat()
        assert value["source"] == PAPER_DOI_URL


def test_all_four_cases_are_found_and_dated_to_the_month_only(built):
    for edition in ("paper", "latest"):
        values = chapter_values(edition, SLUG)
        assert values["paper_cases_found"]["value"] == 4
        assert values["paper_case_rows_month_only"]["value"] == 5


@pytest.mark.skipif(not SEED.is_file(), reason="the paper's text is not present")
def test_rows_taken_from_the_paper_quote_it_exactly():
    text = SEED.read_text(encoding="utf-8")
    events = load_data("events")
    from_paper = events[events["source_url"] == PAPER_DOI_URL]
    assert len(from_paper) >= 6
    for evidence in from_paper["evidence"]:
        assert evidence in text


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_counts_equal_a_recomputation_from_the_data(built, edition):
    cutoff = _cutoff(edition)
    values = chapter_values(edition, SLUG)
    contacts = _contacts(cutoff)
    records = _release_records(cutoff)
    assert values["contacts"]["value"] == len(contacts)
    assert values["releases"]["value"] == len(records)
    assert values["contacts_since_paper"]["value"] == int((contacts["date"] > PAPER_DAY).sum())
    assert values["releases_since_paper"]["value"] == int((records["date"] > PAPER_DAY).sum())
    assert values["first_contact"]["value"] == contacts["date"].min().date().isoformat()
    assert values["newest_contact"]["value"] == contacts["date"].max().date().isoformat()


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_timeline_csv_holds_exactly_the_plotted_rows(built, edition):
    cutoff = _cutoff(edition)
    events = load_data("events")
    plotted = figure_data(edition, SLUG, "contacts-timeline")
    plotted["date"] = pd.to_datetime(plotted["date"])
    diplomacy = events[((events["category"] == "diplomacy") | _kind(events, "contact")) & (events["date"] <= cutoff)]
    steps = plotted[plotted["lane"] != "Release"]
    assert sorted(steps["description"]) == sorted(diplomacy["event"])
    contacts = _contacts(cutoff)
    numbered = plotted[plotted["lane"] == "Contact with Lukashenka"]
    assert sorted(numbered["description"]) == sorted(contacts["event"])
    assert numbered["contact_no"].tolist() == list(range(1, len(contacts) + 1))
    released = plotted[plotted["lane"] == "Release"]
    records = _release_records(cutoff)
    assert sorted(released["date"]) == sorted(records["date"])
    # Running totals never reach the timeline.
    totals = load_data("prisoner_releases")
    totals = totals[totals["is_cumulative"] == "yes"]
    shown = set(zip(released["date"], released["number_released"].fillna(-1).astype(int)))
    assert not shown & set(zip(totals["date"], totals["number_released"].astype(int)))


def test_the_contact_table_has_one_row_per_contact_with_what_followed(built):
    table = figure_data("paper", SLUG, "contacts-and-outcomes", folder="tables")
    assert table["no"].tolist() == list(range(1, len(_contacts(PAPER_DAY)) + 1))
    by_contact = dict(zip(table["contact"], table["followed_by"]))
    swiss = next(text for contact, text in by_contact.items() if "Swiss ambassador" in contact)
    assert "Hersche" in swiss and "same month" in swiss
    merkel = next(text for contact, text in by_contact.items() if "Merkel" in contact)
    assert merkel == "no dated release record follows it"  # Reiten-Stoll's release falls in the next month
    macron = next(text for contact, text in by_contact.items() if "Macron" in contact)
    assert "Hersche" in macron and "same release also follows contact" in macron  # one release, not two


def test_latest_edition_pairs_the_2025_visits_with_same_day_releases(built):
    cutoff = _cutoff("latest")
    contacts = _contacts(cutoff)
    releases = load_data("prisoner_releases")
    single = releases[(releases["is_cumulative"] == "no") & (releases["date_precision"] != "month")]
    after = contacts[(contacts["date"] > PAPER_DAY) & (contacts["date_precision"] != "month")]
    followed = sum(
        bool(((single["date"] >= day) & (single["date"] <= day + pd.Timedelta(days=30))).any()) for day in after["date"]
    )
    values = chapter_values("latest", SLUG)
    assert values["contacts_followed_since_paper"]["value"] == followed
    if not after.empty:
        assert values["first_contact_since_paper"]["value"] == after["date"].min().date().isoformat()


def test_prose_quotes_no_number_by_hand():
    from conftest import ROOT

    text = (ROOT / "chapters" / f"{SLUG}.qmd").read_text(encoding="utf-8")
    prose = re.sub(r"\{\{<[^>]*>\}\}|\[@[^\]]*\]|\([^)]*\.csv\)|\([^)]*\.ipynb\)|\]\([^)]*\)|\{#[^}]*\}"
                   r"|/chapters/[\w-]+\.html#[\w-]+", "", text)  # the figure's printed URL is an address, not a count
    # Years and months of the paper's own account may be typed; data counts may not.
    assert not re.search(r"\b\d{1,3}(,\d{3})*\b(?! ?(?:January|February|March|April|May|June|July|August|September|October|November|December))",
                         re.sub(r"\b(19|20)\d{2}\b", "", prose))
