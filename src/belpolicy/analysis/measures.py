"""Western sanctions on Belarus by kind of measure.

`sanctions_events.measure_type` is free text ("individual listings + trade",
"sectoral (trade, financial, insurance)", ...). An act counts under every kind
its measure_type names, by the keywords below, so one act can count under
several kinds and the kinds do not add up to the number of acts. Every act has a
direction (imposition, extension, relief); counts of restrictions leave relief out.
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
# Directions that restrict; relief lifts and is never counted among restrictions.
RESTRICTIONS = ("imposition", "extension")


def kinds_of(measure_type: str) -> list[str]:
    text = (measure_type or "").lower()
    found = [kind for kind, words in KINDS.items() if any(word in text for word in words)]
    return found or [UNCLASSIFIED]


def acts(frame: pd.DataFrame, jurisdictions: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """The acts of the given jurisdictions up to `as_of`, in date order."""
    rows = frame[frame["jurisdiction"].isin(jurisdictions) & (frame["date"] <= as_of)]
    return rows.sort_values(["date", "jurisdiction", "package_or_act"], kind="mergesort").reset_index(drop=True)


def by_kind(frame: pd.DataFrame, jurisdictions: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per act and kind it names (long format)."""
    rows = acts(frame, jurisdictions, as_of)
    rows = rows.assign(kind=rows["measure_type"].map(kinds_of)).explode("kind")
    columns = ["date", "jurisdiction", "kind", "measure_type", "direction", "package_or_act", "source_url"]
    return rows[columns].reset_index(drop=True)


def kind_counts(long: pd.DataFrame) -> pd.DataFrame:
    """Acts per kind and direction. `acts` counts restrictions only (acts imposing,
    extending or renewing measures); relief (lifting) is its own column and never
    counted as a restriction. `first` and `newest` date the restrictions of each
    kind, `newest_relief` the newest relief naming it."""
    order = [kind for kind in (*KINDS, UNCLASSIFIED) if kind in set(long["kind"])]
    table = (long.groupby(["kind", "direction"]).size().unstack("direction")
             .reindex(index=order, columns=list(DIRECTIONS)).fillna(0).astype(int))
    table["acts"] = table[list(RESTRICTIONS)].sum(axis=1)
    restrictive = long[long["direction"].isin(RESTRICTIONS)]
    dates = restrictive.groupby("kind")["date"].agg(["min", "max"]).reindex(order)
    table["first"] = dates["min"].dt.strftime("%Y-%m-%d")
    table["newest"] = dates["max"].dt.strftime("%Y-%m-%d")
    lifted = long[long["direction"] == "relief"].groupby("kind")["date"].max().reindex(order)
    table["newest_relief"] = lifted.dt.strftime("%Y-%m-%d")
    table.columns.name = None
    return table.reset_index()[["kind", "acts", *DIRECTIONS, "first", "newest", "newest_relief"]]


def restrictions(frame: pd.DataFrame) -> pd.DataFrame:
    """The acts that impose, extend or renew measures (relief left out)."""
    return frame[frame["direction"].isin(RESTRICTIONS)]
