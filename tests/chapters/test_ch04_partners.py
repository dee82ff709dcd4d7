"""Chapter 4 (partners) against the sourced data: the sanctions statuses, their
counts and the five partners' statuses are recomputed here, independently of
belpolicy.analysis.partners, from data/sanctioning_jurisdictions.csv."""

from __future__ import annotations

import calendar
import re

import pandas as pd
import pytest

from conftest import chapter_values, figure_data, load_data, PAPER_DATE

SLUG = "04-partners"
PARTNERS = {"HUN": "Hungary", "ISR": "Israel", "JPN": "Japan", "MDA": "Moldova", "TUR": "Türkiye"}
WORDS = {"yes": "applies sanctions", "aligned_with_eu": "aligns with EU decisions", "partial": "partial measures",
         "no": "no sanctions", None: "no dated row in the data"}


def _end(since) -> pd.Timestamp | None:
    """The last day of a since value (day, month or year); None when empty."""
    if since is None or (isinstance(since, float) and pd.isna(since)):
        return None
    year, month, day = (re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", since).groups())
    if day:
        return pd.Timestamp(since)
    if month:
        return pd.Timestamp(int(year), int(month), calendar.monthrange(int(year), int(month))[1])
    return pd.Timestamp(int(year), 12, 31)


def _per_state() -> list[dict]:
    from belpolicy.analysis.maps import EU_MEMBERS  # the list of 27 codes, not logic

    table = load_data("sanctioning_jurisdictions")
    iso_by_name = {row.jurisdiction: row.iso3 for row in table.itertuples() if isinstance(row.iso3, str)}
    states = []
    for position, row in enumerate(table.itertuples()):
        if row.jurisdiction.startswith("European Union"):
            codes = list(EU_MEMBERS)
        elif isinstance(row.iso3, str):
            codes = [row.iso3]
        else:
            codes = [iso_by_name[name.strip()] for name in row.jurisdiction.split(";")]
        for code in codes:
            states.append({"a3": code, "status": row.applies_belarus_sanctions, "end": _end(row.since),
                           "position": position, "text": f"{row.basis} {row.note or ''}".lower()})
    return states


def _expected(cutoff: pd.Timestamp) -> dict[str, dict]:
    newest: dict[str, dict] = {}
    for entry in _per_state():
        if entry["end"] is None or entry["end"] > cutoff:
            continue
        held = newest.get(entry["a3"])
        if held is None or (entry["end"], entry["position"]) >= (held["end"], held["position"]):
            newest[entry["a3"]] = entry
    return newest


def _cutoffs() -> dict[str, pd.Timestamp]:
    table = load_data("sanctioning_jurisdictions")
    ends = [_end(value) for value in table["since"]]
    return {"paper": pd.Timestamp(PAPER_DATE), "latest": max(e for e in ends if e is not None)}


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_status_counts_match_an_independent_recomputation(built, edition):
    cutoff = _cutoffs()[edition]
    expected = _expected(cutoff)
    values = chapter_values(edition, SLUG)
    for status in ("yes", "aligned_with_eu", "partial", "no"):
        count = sum(entry["status"] == status for entry in expected.values())
        assert values[f"count_{status}"]["value"] == count, status
    assert values["states_with_status"]["value"] == len(expected)
    inferred = sum(e["status"] == "no" and "infer" in e["text"] for e in expected.values())
    assert values["inferred_no"]["value"] == inferred
    assert values["as_of"]["value"] == cutoff.date().isoformat()


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_five_partners_statuses(built, edition):
    expected = _expected(_cutoffs()[edition])
    values = chapter_values(edition, SLUG)
    for a3 in PARTNERS:
        status = expected[a3]["status"] if a3 in expected else None
        assert values[f"status_{a3.lower()}"]["text"] == WORDS[status], a3
    applying = sum(a3 in expected and expected[a3]["status"] in ("yes", "aligned_with_eu") for a3 in PARTNERS)
    assert values["partners_applying"]["value"] == applying


def test_japan_sanctions_from_its_first_dated_row(built):
    table = load_data("sanctioning_jurisdictions")
    japan = table[(table["iso3"] == "JPN") & (table["applies_belarus_sanctions"] == "yes")]
    first = min(_end(value) for value in japan["since"].dropna())
    for edition in ("paper", "latest"):
        values = chapter_values(edition, SLUG)
        assert values["japan_first"]["value"] == first.date().isoformat()
        assert values["status_jpn"]["text"] == "applies sanctions"


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_map_csv_holds_exactly_the_states_coloured(built, edition):
    expected = _expected(_cutoffs()[edition])
    plotted = figure_data(edition, SLUG, "sanctions-map")
    assert len(plotted) == len(set(plotted["a3"]))
    assert dict(zip(plotted["a3"], plotted["status"])) == {a3: e["status"] for a3, e in expected.items()}
    assert plotted["since"].notna().all()  # undated rows never set a status
    assert (pd.to_datetime(plotted["since_end"]) <= _cutoffs()[edition]).all()


def test_partner_table_lists_every_row_on_the_five(built):
    states = [e for e in _per_state() if e["a3"] in PARTNERS]
    for edition, cutoff in _cutoffs().items():
        shown = figure_data(edition, SLUG, "partner-rows", folder="tables")
        dated = [e for e in states if e["end"] is not None and e["end"] <= cutoff]
        undated = [e for e in states if e["end"] is None]
        expected = len(dated) + (len(undated) if edition == "latest" else 0)
        assert len(shown) == expected == chapter_values(edition, SLUG)["partner_rows"]["value"]


def test_trade_with_the_five_is_reported_missing_when_the_data_hold_none(built):
    trade = load_data("trade_exports")
    rows = trade[trade["partner"].isin(list(PARTNERS.values()) + ["Turkey"])]
    for edition in ("paper", "latest"):
        values = chapter_values(edition, SLUG)
        assert values["trade_partners_listed"]["value"] == trade["partner"].nunique()
        if rows.empty:
            assert values["partner_trade_rows"]["value"] == 0
            assert values["partner_trade"]["text"] == "not available"
            assert values["partner_trade"]["missing_reason"]
