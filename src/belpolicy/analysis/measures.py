"""Western sanctions on Belarus by kind of measure.

`sanctions_events.measure_type` is free text ("individual listings + trade",
"sectoral (trade, financial, insurance)", ...). An act counts under every kind
its measure_type names, by the keywords below, so one act can count under
several kinds and the kinds do not add up to the number of acts.
"""

from __future__ import annotations

import pandas as pd

# Kind -> words that, found in measure_type (case-insensitive), put an act in it.
KINDS = {
    "listings of persons and entities": ("listing",),
    "trade and sectoral": ("sectoral", "trade"),
    "financial": ("financial",),
    "aviation": ("aviation",),
    "visa restrictions": ("visa",),
    "renewal": ("renewal",),
    "legal framework": ("legal framework",),
    "not stated": ("not stated",),
}
UNCLASSIFIED = "unclassified"
DIRECTIONS = ("imposition", "extension", "relief")


def kinds_of(measure_type: str) -> list[str]:
    text = (measure_type or "").lower()
    found = [kind for kind, words in KINDS.items() if any(word in text for word in words)]
    return found or [UNCLASSIFIED]


def acts(frame: pd.DataFrame, jurisdictions: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """The acts of the given jurisdictions up to `as_of`, in date order."""
    rows = frame[frame["jurisdiction"].isin(jurisdictions) & (frame["date"] <= as_of)]
    return rows.sort_values(["date", "jurisdiction"], kind="stable").reset_index(drop=True)


def by_kind(frame: pd.DataFrame, jurisdictions: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per act and kind it names (long format)."""
    rows = acts(frame, jurisdictions, as_of)
    rows = rows.assign(kind=rows["measure_type"].map(kinds_of)).explode("kind")
    columns = ["date", "jurisdiction", "kind", "measure_type", "direction", "package_or_act", "source_url"]
    return rows[columns].reset_index(drop=True)


def kind_counts(long: pd.DataFrame) -> pd.DataFrame:
    """Acts per kind and direction, with the first and the newest date of each kind."""
    order = [kind for kind in (*KINDS, UNCLASSIFIED) if kind in set(long["kind"])]
    table = (long.groupby(["kind", "direction"]).size().unstack("direction")
             .reindex(index=order, columns=list(DIRECTIONS)).fillna(0).astype(int))
    table["acts"] = table[list(DIRECTIONS)].sum(axis=1)
    dates = long.groupby("kind")["date"].agg(["min", "max"]).reindex(order)
    table["first"] = dates["min"].dt.strftime("%Y-%m-%d")
    table["newest"] = dates["max"].dt.strftime("%Y-%m-%d")
    table.columns.name = None
    return table.reset_index()[["kind", "acts", *DIRECTIONS, "first", "newest"]]
