"""What rows mean, as `data/datapackage.yaml` declares it (issue 13).

- `row_rules`: what a row must carry given what it is (a running total names its
  counter and start date; a contact names its Western party and mode). Checked
  with the schema by `data check` and `data add`, one line per broken rule.
- `series` / `newest_rule` / `main_series`: a table of running totals holds
  several series, one per counter and start date; `newest_in_series` applies the
  descriptor's rule, so the value quoted never depends on file order.
- `core` / `vintage_rule`: the book's date is the newest date of the core tables.

Stdlib only at import time: the no-op build path uses the vintage helpers.
"""

from __future__ import annotations

from belpolicy.data.tables import resource_spec

QUALIFIER_RANK = {"exact": 0, "at_least": 1, "more_than": 1, "approx": 2}


# --------------------------------------------------------------------------- series of running totals


def series_columns(name: str) -> list[str]:
    return list(resource_spec(name).get("series") or [])


def main_series(name: str) -> dict:
    return dict(resource_spec(name).get("main_series") or {})


def newest_order(frame):
    """Rows sorted so that the last row of each series is its newest value by the
    table's `newest_rule`: date, then number, then an exact qualifier, then source_url."""
    ranked = frame.assign(_exact=-frame["qualifier"].map(QUALIFIER_RANK).astype(float).fillna(3.0))
    ranked = ranked.sort_values(["date", "number_released", "_exact", "source_url"],
                                ascending=[True, True, True, False], kind="mergesort")
    return ranked.drop(columns="_exact")


def in_series(frame, series: dict):
    """The rows of one series (e.g. {'counted_by': 'viasna', 'counted_since': '2024-07-01'})."""
    import pandas as pd

    mask = pd.Series(True, index=frame.index)
    for column, value in series.items():
        cells = frame[column]
        if hasattr(cells, "dt"):
            mask &= cells == pd.Timestamp(value)
        else:
            mask &= cells == value
    return frame[mask]


def newest_in_series(frame, series: dict):
    """The newest value of one series by the table's rule, or None."""
    rows = newest_order(in_series(frame, series))
    return None if rows.empty else rows.iloc[-1]


def series_label(counted_by: str, counted_since) -> str:
    """'counted by Viasna since 1 July 2024', for prose and captions."""
    from belpolicy.text import fmt_date

    who = {"viasna": "Viasna", "politzek": "Politzek", "dissidentby": "Dissidentby"}.get(
        counted_by, str(counted_by).removeprefix("other: "))
    return f"counted by {who} since {fmt_date(counted_since)}"


# --------------------------------------------------------------------------- vintage


def core_tables() -> list[str]:
    from belpolicy.data.tables import dataset_names

    return [name for name in dataset_names() if resource_spec(name).get("core")]


def book_vintage(vintage: dict[str, str | None]) -> str | None:
    """The book's date by the descriptor's `vintage_rule`: the newest day any core table reaches."""
    days = [vintage.get(name) for name in core_tables()]
    days = [day for day in days if day and len(day) == 10]
    return max(days) if days else None


def chapter_vintage(vintage: dict[str, str | None], reads: list[str]) -> str | None:
    """The newest date of the tables a chapter reads (each table's own newest date)."""
    days = [vintage.get(name) for name in reads]
    days = [day[:10] if len(day) >= 10 else day for day in days if day]
    full = [day for day in days if len(day) == 10]
    return max(full) if full else (max(days) if days else None)
