"""Time handling shared by chapters: what `as_of` means for a set of tables."""

from __future__ import annotations

import pandas as pd

from belpolicy.data.params import LATEST


def resolve_as_of(as_of: str, *dated: tuple[pd.DataFrame, str]) -> pd.Timestamp:
    """The cut-off date: the parameter itself, or for 'latest' the newest date
    found in the given (table, date column) pairs."""
    if as_of != LATEST:
        return pd.Timestamp(as_of)
    newest = [frame[column].max() for frame, column in dated if frame[column].notna().any()]
    return max(newest)


def limit(as_of: str) -> pd.Timestamp:
    """The upper bound for selecting data: the date itself, or no bound for 'latest'
    (each question then uses the newest data it has, whatever other tables hold)."""
    return pd.Timestamp.max if as_of == LATEST else pd.Timestamp(as_of)


def until(frame: pd.DataFrame, as_of: pd.Timestamp, column: str = "date") -> pd.DataFrame:
    """Rows dated on or before `as_of`, sorted by date."""
    return frame[frame[column] <= as_of].sort_values(column, kind="stable").reset_index(drop=True)
