"""Releases of political prisoners (pardons and brokered releases, from July 2024).

The table mixes two kinds of rows that must never be added together:
single release events (`is_cumulative` = "no") and running totals (`is_cumulative`
= "yes"), each of one series: one counter (`counted_by`) and one start date
(`counted_since`). Series are never mixed, and the total quoted is the newest
value of the main series by the rule in data/datapackage.yaml. Single events can also overlap each other (a
month's total and an event inside that month); the `note` column says where.
"""

from __future__ import annotations

import pandas as pd

from belpolicy.data.semantics import in_series, main_series, newest_in_series, series_label

def up_to(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Rows dated up to `as_of` in a fixed order that file order cannot change:
    date, then the row's key (context), then the number."""
    rows = frame[frame["date"] <= as_of]
    return rows.sort_values(["date", "context", "number_released"], kind="mergesort").reset_index(drop=True)


def single_events(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Rows that report one release (or one month's releases), up to `as_of`."""
    rows = up_to(frame, as_of)
    return rows[rows["is_cumulative"] == "no"].reset_index(drop=True)


def running_totals(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Rows that report a running total, up to `as_of`, with `series` naming the
    series each belongs to (its counter and start date; see data/datapackage.yaml)."""
    rows = up_to(frame, as_of)
    rows = rows[rows["is_cumulative"] == "yes"].reset_index(drop=True)
    rows["series"] = [series_label(by, since) for by, since in zip(rows["counted_by"], rows["counted_since"])]
    return rows


def main_series_totals(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The running totals of the series the prose quotes (`main_series` in the descriptor)."""
    return in_series(running_totals(frame, as_of), main_series("prisoner_releases")).reset_index(drop=True)


def newest_running_total(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series | None:
    """The newest value of the main series up to `as_of`, by the descriptor's
    `newest_rule` (never file order), or None. Other series are never quoted as it."""
    return newest_in_series(running_totals(frame, as_of), main_series("prisoner_releases"))


def series_names(plotted_rows: pd.DataFrame) -> pd.Series:
    """What each row of `plotted` is, for a figure's CSV: 'single event', or
    'running total, counted by Viasna since 1 July 2024'."""
    return pd.Series([f"running total, {series}" if series else kind
                      for kind, series in zip(plotted_rows["kind"], plotted_rows["total_series"])],
                     index=plotted_rows.index, dtype=object)


def main_series_label() -> str:
    series = main_series("prisoner_releases")
    return series_label(series["counted_by"], series["counted_since"])


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
    largest = (rows.sort_values(["month", "number_released", "date", "context"], ascending=[True, False, True, True],
                                kind="mergesort").drop_duplicates("month"))
    return largest[["month", "date", "number_released", "qualifier", "context", "rows_in_month", "source_url"]] \
        .reset_index(drop=True)


def plotted(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The release rows a chart shows, with `kind` naming how each is drawn."""
    rows = up_to(frame, as_of)
    kind = rows["is_cumulative"].map({"no": "single event", "yes": "running total"})
    series = [series_label(by, since) if cumulative == "yes" else ""
              for by, since, cumulative in zip(rows["counted_by"], rows["counted_since"], rows["is_cumulative"])]
    return rows.assign(kind=kind, total_series=series)[["date", "kind", "total_series", "number_released",
                                                        "qualifier", "date_precision", "context", "source_url"]]
