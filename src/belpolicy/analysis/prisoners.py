"""Political-prisoner counts: one series per counter, never mixed."""

from __future__ import annotations

import pandas as pd

MAIN_COUNTERS = ("viasna", "politzek", "dissidentby")
# When a counter has two figures for one day: a monthly review first (the
# counters' own regular series), then the counter's own website, then the smaller
# source_url and count (never file order, so shuffling the table changes nothing).
OWN_SITES = {"viasna": "spring96.org", "politzek": "politzek.me", "dissidentby": "dissidentby.com"}


def counter_group(counter: str) -> str:
    return counter if counter in MAIN_COUNTERS else "other"


def one_per_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep one row per (counter, date) by the rule above; the choice is recorded
    in `chosen_by` so the CSV of a figure shows it."""
    ranked = frame.assign(
        _monthly=(frame["date_precision"] != "end_of_month").astype(int),
        _own=[0 if OWN_SITES.get(c, "\0") in (u or "") else 1 for c, u in zip(frame["counter"], frame["source_url"])],
    ).sort_values(["counter", "date", "_monthly", "_own", "source_url", "count"], kind="mergesort")
    duplicated = ranked.duplicated(["counter", "date"], keep=False)
    kept = ranked.drop_duplicates(["counter", "date"], keep="first").copy()
    kept["chosen_by"] = ["rule: monthly review, own site, source_url" if d else ""
                         for d in duplicated.loc[kept.index]]
    return kept.drop(columns=["_monthly", "_own"]).sort_values(["date", "counter"], kind="mergesort") \
        .reset_index(drop=True)


def tidy(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Counts up to `as_of`, one per counter and day, with a `group` column
    (viasna, politzek, dissidentby or other)."""
    kept = one_per_day(frame[frame["date"] <= as_of])
    kept["group"] = kept["counter"].map(counter_group)
    return kept


def latest_count(frame: pd.DataFrame, counter: str, as_of: pd.Timestamp) -> pd.Series | None:
    """The counter's newest count on or before `as_of` (None if it has none)."""
    rows = tidy(frame, as_of)
    rows = rows[rows["counter"] == counter]
    return None if rows.empty else rows.iloc[-1]


def count_on(frame: pd.DataFrame, counter: str, day: pd.Timestamp) -> pd.Series | None:
    rows = tidy(frame, day)
    rows = rows[(rows["counter"] == counter) & (rows["date"] == day)]
    return None if rows.empty else rows.iloc[-1]
