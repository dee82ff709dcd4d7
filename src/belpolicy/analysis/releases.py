"""Releases of political prisoners (pardons and brokered releases, from July 2024).

The table mixes two kinds of rows that must never be added together:
single release events (`is_cumulative` = "no") and running totals since a start
date (`is_cumulative` = "yes"). Single events can also overlap each other (a
month's total and an event inside that month); the `note` column says where.
"""

from __future__ import annotations

import pandas as pd

def up_to(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    return frame[frame["date"] <= as_of].sort_values("date", kind="stable").reset_index(drop=True)


def single_events(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Rows that report one release (or one month's releases), up to `as_of`."""
    rows = up_to(frame, as_of)
    return rows[rows["is_cumulative"] == "no"].reset_index(drop=True)


def running_totals(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Rows that report a running total since a start date, up to `as_of`."""
    rows = up_to(frame, as_of)
    return rows[rows["is_cumulative"] == "yes"].reset_index(drop=True)


def newest_running_total(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series | None:
    """The newest running total up to `as_of` (the last in file order on a tie), or None."""
    rows = running_totals(frame, as_of)
    return None if rows.empty else rows.iloc[-1]


def monthly_lower_bound(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per calendar month: the largest single release reported in it.

    Rows inside one month may overlap (a month total and an event within it),
    and the data cannot always tell which ones do, so only the largest counts.
    Summed over months this gives a lower bound on the people released, never a
    double count.
    """
    rows = single_events(frame, as_of)
    if rows.empty:
        return pd.DataFrame(columns=["month", "date", "number_released", "qualifier", "context", "rows_in_month",
                                     "source_url"])
    rows = rows.assign(month=rows["date"].dt.strftime("%Y-%m"))
    counts = rows.groupby("month")["date"].transform("size")
    rows = rows.assign(rows_in_month=counts)
    largest = (rows.sort_values(["month", "number_released"], ascending=[True, False], kind="stable")
               .drop_duplicates("month"))
    return largest[["month", "date", "number_released", "qualifier", "context", "rows_in_month", "source_url"]] \
        .reset_index(drop=True)


def plotted(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The release rows a chart shows, with `kind` naming how each is drawn."""
    rows = up_to(frame, as_of)
    kind = rows["is_cumulative"].map({"no": "single event", "yes": "running total"})
    return rows.assign(kind=kind)[["date", "kind", "number_released", "qualifier", "date_precision", "context",
                                   "source_url"]]
