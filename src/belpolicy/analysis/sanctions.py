"""Western sanctions on Belarus: listings over time, by jurisdiction."""

from __future__ import annotations

import re

import pandas as pd


def listed_in_act(frame: pd.DataFrame) -> pd.Series:
    """Persons plus entities an act listed; the combined figure where only that
    was published. Missing parts count as zero only when the other part exists."""
    persons = frame["persons_listed"]
    entities = frame["entities_listed"]
    split = persons.fillna(0) + entities.fillna(0)
    has_split = persons.notna() | entities.notna()
    return split.where(has_split, frame["total_listed"])


def cumulative_listings(frame: pd.DataFrame, jurisdictions: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """Running total of new listings per jurisdiction, from acts that imposed
    listings (extensions and renewals add nobody), up to `as_of`.

    Acts whose number of listings was not published are kept with `listed`
    empty and do not move the total; `counted` says which rows were summed.
    """
    rows = frame[(frame["direction"] == "imposition") & frame["jurisdiction"].isin(jurisdictions)
                 & (frame["date"] <= as_of)].copy()
    rows["listed"] = listed_in_act(rows)
    rows["counted"] = rows["listed"].notna()
    rows = rows.sort_values(["jurisdiction", "date"], kind="stable")
    rows["cumulative"] = rows.groupby("jurisdiction")["listed"].transform(lambda s: s.fillna(0).cumsum())
    columns = ["date", "jurisdiction", "package_or_act", "persons_listed", "entities_listed", "total_listed",
               "listed", "counted", "cumulative", "trigger", "source_url"]
    return rows[columns].reset_index(drop=True)


_COMBINED = re.compile(r"combined_total=(?P<total>\d+); qualifier=(?P<qualifier>exact|more_than)")
# A row whose scope starts so counts part of a list only and is never drawn as the jurisdiction's total.
SUBSET_SCOPE = "Subset:"


def stated_totals(totals: pd.DataFrame, jurisdictions: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """Running totals as stated: persons plus entities where the split was given,
    else the combined figure tagged in `note` (`qualifier` more_than marks a
    lower bound). `counts` says what the figure covers. Rows whose scope marks
    them as a subset of the list are left out."""
    rows = totals[totals["jurisdiction"].isin(jurisdictions) & (totals["date"] <= as_of)
                  & ~totals["scope"].str.startswith(SUBSET_SCOPE)].copy()
    tags = rows["note"].fillna("").str.extract(_COMBINED)
    split = rows["persons_total"].astype("Float64") + rows["entities_total"].astype("Float64").fillna(0)
    rows["stated_total"] = split.fillna(tags["total"].astype("Float64")).astype("Int64")
    rows["qualifier"] = tags["qualifier"].where(rows["persons_total"].isna(), "exact").fillna("exact")
    rows["counts"] = ["persons and entities combined" if pd.isna(p) else
                      "persons only" if pd.isna(e) else "persons and entities"
                      for p, e in zip(rows["persons_total"], rows["entities_total"])]
    rows = rows[rows["stated_total"].notna()]
    columns = ["date", "jurisdiction", "persons_total", "entities_total", "stated_total", "qualifier", "counts",
               "source_url"]
    return rows.sort_values(["jurisdiction", "date"], kind="stable")[columns].reset_index(drop=True)


def incomplete_acts(cumulative: pd.DataFrame, stated: pd.DataFrame) -> list[str]:
    """Jurisdictions whose acts are known to be incomplete: the running sum of
    the acts recorded up to the newest stated total falls short of it (a sum
    may exceed a stated total, since people are also taken off lists, but it
    can fall short only if acts are missing)."""
    short = []
    for jurisdiction, official in stated.groupby("jurisdiction", sort=True):
        newest = official.sort_values("date", kind="stable").iloc[-1]
        acts = cumulative[(cumulative["jurisdiction"] == jurisdiction) & (cumulative["date"] <= newest["date"])]
        summed = int(acts["cumulative"].iloc[-1]) if not acts.empty else 0
        if summed < int(newest["stated_total"]):
            short.append(jurisdiction)
    return short


def stated_total_before(totals: pd.DataFrame, jurisdiction: str, before: pd.Timestamp) -> pd.Series | None:
    """The newest officially stated cumulative total dated before `before`."""
    rows = totals[(totals["jurisdiction"] == jurisdiction) & (totals["date"] < before)].sort_values("date")
    return None if rows.empty else rows.iloc[-1]


def annual_flow(trade: pd.DataFrame, flow: str, unit: str = "EUR million") -> pd.DataFrame:
    """One value per year for an EU-side trade flow, preferring the Eurostat
    figures over press figures for the same year; `period` tells whether the
    year is complete."""
    rows = trade[(trade["flow"] == flow) & (trade["unit"] == unit)].copy()
    rows["_press"] = ~rows["reporter"].str.startswith("Eurostat")
    rows = rows.sort_values(["year", "_press"], kind="stable").drop_duplicates("year")
    return rows.drop(columns="_press").reset_index(drop=True)


def trigger_events(events: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, pd.Timestamp]:
    """The three turns the paper ties to sanctions escalation, found in `events`:
    the Ryanair diversion, the start of the border crisis, the invasion of Ukraine."""
    shown = events[events["date"] <= as_of].sort_values("date", kind="stable")
    found = {
        "Ryanair diversion": shown[shown["event"].str.contains("Ryanair", case=False)],
        "Border crisis": shown[shown["category"] == "migration"],
        "Invasion of Ukraine": shown[shown["category"] == "war"],
    }
    return {label: rows.iloc[0]["date"] for label, rows in found.items() if not rows.empty}
