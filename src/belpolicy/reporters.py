"""Who reported a value: the web domain of the row it came from.

Prose that quotes a figure from one row says who reported it (for example a
running total of releases that a news site, not Viasna, published), instead of
crediting it to a counter by a hand-typed citation. The domain is what the row
itself records; the publisher's name and the source's tier live in the source
registry.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def reported_by(source_url: str) -> str:
    """The domain of `source_url`, without "www." or a trailing dot ("spring96.org.")."""
    host = urlsplit(str(source_url).strip()).hostname or ""
    host = host.rstrip(".")
    if not host:
        raise ValueError(f"no domain in source_url {source_url!r}")
    return host.removeprefix("www.")
