"""Who reported a value, in words a reader can cite.

A figure the book quotes is credited to the organisation that counted it only
when the row's own verbatim evidence (or its note) names that organisation;
otherwise the text names the publication it was read in and says that it names
no counter. Used where a total is quoted beside its source (chapter 6).
"""

from __future__ import annotations

import pandas as pd

from belpolicy.data.sources import domain_of
from belpolicy.errors import DataShapeError


def publisher(source_url: str) -> str:
    """The site a row was read on, as a reader would type it: 'newstrenders.com'
    (the source registry's domain rule: no "www.", no port, no trailing dot)."""
    host = domain_of(source_url)
    if not host:
        raise DataShapeError(f"no domain in source_url {source_url!r}")
    return host


def reported_by(row: pd.Series, counter: str) -> str:
    """'Viasna's figure, as reported by pozirk.online' when the row's evidence or
    note names `counter`; else 'a figure reported by newstrenders.com that names
    no counter'."""
    said = " ".join(str(row.get(column) or "") for column in ("evidence", "note"))
    site = publisher(row["source_url"])
    if counter.lower() in said.lower():
        return f"{counter}'s figure, as reported by {site}"
    return f"a figure reported by {site} that names no counter"
