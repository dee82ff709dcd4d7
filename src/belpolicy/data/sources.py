"""The source registry: who published each row's `source_url`, and how far a
reader may lean on it.

`data/sources.csv` holds one line per web domain (domain, publisher, tier,
note). A row's domain is its URL's host, lower-cased, without a trailing dot
or a leading `www.`; a registered domain also covers its subdomains unless a
subdomain has a line of its own (so `bakermckenzie.com` covers
`sanctionsnews.bakermckenzie.com`, while `amp.udf.by` keeps its own tier).
Mirrors on shared hosts (`*.cloudfront.net`) are registered one host at a time
for that reason: never register the shared parent.

Tiers judge who produced or edited the page, not who produced the figure:

- `primary`: the body that produced the figure (Viasna, the EU Council, OFAC ...)
- `reputable_secondary`: news organisations with editorial standards, think
  tanks, law-firm bulletins
- `aggregator_or_mirror`: republishers, content farms, scraped copies, unknown hosts
- `state_media`: Belarusian or Russian state or state-aligned outlets, a record
  only of what the authorities said

The citation rule (checked on every value a chapter records, see
`citation_problem`): a quoted value rests on at least one primary or
reputable row, or the text says who reported it; a value resting on state
media alone is quoted only as what the authorities said.

Stdlib only: `data check` and the appendices use it without pandas.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from belpolicy import paths

REGISTRY = "sources"  # the registry's resource name in data/datapackage.yaml
REGISTRY_FILE = "sources.csv"
TIERS = ("primary", "reputable_secondary", "aggregator_or_mirror", "state_media")
CITABLE_TIERS = frozenset({"primary", "reputable_secondary"})
WEAK_TIERS = frozenset({"aggregator_or_mirror", "state_media"})
TIER_COLUMN = "source_tier"
UNREGISTERED_RULE = "domain not in the source registry; add it to data/sources.csv with a tier"
# Words an attribution of a state-media value must use: it reports what the authorities said.
AUTHORITY_WORDS = ("authorities", "official", "state media", "regime")


@dataclass(frozen=True)
class Source:
    domain: str
    publisher: str
    tier: str
    note: str


def registry_path() -> Path:
    return paths.data_dir() / REGISTRY_FILE


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int) -> dict[str, Source]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["domain"].strip().lower(): Source(row["domain"].strip().lower(), row["publisher"], row["tier"],
                                                      row.get("note") or "")
                for row in csv.DictReader(handle)}


def registry() -> dict[str, Source]:
    """Domain -> Source, re-read whenever data/sources.csv changes."""
    path = registry_path()
    return _read(str(path), path.stat().st_mtime_ns)


def domain_of(url) -> str | None:
    """The host a registry line must cover: lower case, no trailing dot, no `www.`."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def lookup(url, known: dict[str, Source] | None = None) -> Source | None:
    """The registry line covering `url`: its own domain, else the nearest
    registered parent domain (never a bare top-level domain)."""
    host = domain_of(url)
    if host is None:
        return None
    known = registry() if known is None else known
    labels = host.split(".")
    for start in range(len(labels) - 1):
        found = known.get(".".join(labels[start:]))
        if found is not None:
            return found
    return None


def tier_of(url) -> str | None:
    found = lookup(url)
    return found.tier if found else None


def publisher_of(url) -> str | None:
    found = lookup(url)
    return found.publisher if found else None


def unregistered(lines: list[list[str]], column: str = "source_url") -> list[tuple[int, str]]:
    """(line number, domain) of every row whose source domain the registry lacks;
    `lines` is a parsed CSV with its header first (line 1)."""
    header = lines[0]
    if column not in header:
        return []
    index = header.index(column)
    known = registry()
    missing = []
    for number, row in enumerate(lines[1:], start=2):
        url = row[index] if index < len(row) else ""
        if url.strip() and lookup(url, known) is None:
            missing.append((number, domain_of(url) or url))
    return missing


# --------------------------------------------------------------------------- rows


def with_tiers(frame):
    """`frame` with a `source_tier` column beside `source_url` (a copy; unchanged
    when it has no source_url or already carries the tier)."""
    if "source_url" not in getattr(frame, "columns", ()) or TIER_COLUMN in frame.columns:
        return frame
    known = registry()
    tiers = [getattr(lookup(url, known), "tier", None) for url in frame["source_url"]]
    position = list(frame.columns).index("source_url") + 1
    frame = frame.copy()
    frame.insert(position, TIER_COLUMN, tiers)
    return frame


def _urls(rows) -> list[str]:
    """The source URLs of `rows`: a DataFrame, a Series (one row), a URL or a list of URLs."""
    if rows is None:
        return []
    if isinstance(rows, str):
        return [rows]
    if not hasattr(rows, "__iter__"):  # a missing source (NaN) or another scalar
        return []
    if hasattr(rows, "columns"):  # DataFrame
        return [u for u in rows["source_url"].tolist() if isinstance(u, str)] if "source_url" in rows.columns else []
    if hasattr(rows, "index") and hasattr(rows, "get") and not isinstance(rows, dict):  # Series: one row
        url = rows.get("source_url")
        return [url] if isinstance(url, str) else []
    if isinstance(rows, dict):
        url = rows.get("source_url")
        return [url] if isinstance(url, str) else []
    return [u for u in rows if isinstance(u, str)]


def tiers(rows) -> list[str]:
    """The tiers of the rows' sources, in TIERS order (unregistered domains as 'unregistered')."""
    known = registry()
    found = {getattr(lookup(url, known), "tier", "unregistered") for url in _urls(rows)}
    return [tier for tier in (*TIERS, "unregistered") if tier in found]


def publishers(rows) -> list[str]:
    """The publishers of the rows' sources, most rows first (ties: first seen)."""
    known = registry()
    counts = Counter(getattr(lookup(url, known), "publisher", domain_of(url) or url) for url in _urls(rows))
    return [name for name, _ in counts.most_common()]


def citable(frame):
    """The rows of `frame` a value may rest on without an attribution in the text."""
    tiers_ = with_tiers(frame)[TIER_COLUMN]
    return frame[tiers_.isin(CITABLE_TIERS).to_numpy()]


def is_citable_row(row) -> bool:
    return tier_of(row.get("source_url")) in CITABLE_TIERS


# --------------------------------------------------------------------------- the citation rule


def citation_problem(entry: dict) -> str | None:
    """Why a recorded value (an entry of values.json) breaks the citation rule, or None.

    A value with no source rows (a date of the edition, a count of rows, a
    parameter) is not a quoted figure of a source and passes."""
    found = entry.get("source_tier") or []
    if not found or CITABLE_TIERS & set(found):
        return None
    attributed = entry.get("attributed")
    attributed = attributed.strip() if isinstance(attributed, str) else ""
    if not attributed:
        return (f"rests only on {' and '.join(found)} rows and the text does not say who reported it "
                "(pass attributed=... and say it in the sentence, or cite a primary or reputable row)")
    if set(found) == {"state_media"} and not any(word in attributed.lower() for word in AUTHORITY_WORDS):
        return f"rests only on state media, so the text must present it as what the authorities said ({attributed!r})"
    return None


def reported_by(rows, found: list[str]) -> tuple[str | None, str]:
    """(who reported it, the words a sentence prints after the value) for a value
    resting on `rows` with tiers `found`: nobody and no words when a primary or
    reputable row supports it."""
    from belpolicy.text import plain_text

    if not found or CITABLE_TIERS & set(found):
        return None, ""
    who = " and ".join(dict.fromkeys(plain_text(_prose_name(url)) for url in _urls(rows))) or "an unregistered source"
    if set(found) == {"state_media"}:
        return f"the authorities, via {who}", f" (as the authorities said, reported by {who})"
    return who, f" (reported by {who}, not independently confirmed)"


def _prose_name(url: str) -> str:
    """A publisher as a sentence names it: without the registry's parenthetical
    description; an unidentified mirror by its host."""
    found = lookup(url)
    if found is None:
        return domain_of(url) or url
    if found.publisher.startswith(("Unknown", "Unverified")):
        return f"an unverified copy at {domain_of(url)}"
    return found.publisher.split(" (")[0]


def weak_rows(rows: list[dict]) -> int:
    """How many rows rest only on an aggregator, a mirror or state media."""
    known = registry()
    return sum(1 for row in rows if getattr(lookup(row.get("source_url"), known), "tier", None) in WEAK_TIERS)


def rows_by_tier(rows: list[dict]) -> dict[str, int]:
    known = registry()
    counts = Counter(getattr(lookup(row.get("source_url"), known), "tier", "unregistered") for row in rows
                     if row.get("source_url"))
    return {tier: counts[tier] for tier in (*TIERS, "unregistered") if counts[tier]}
