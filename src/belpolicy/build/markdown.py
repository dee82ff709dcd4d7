"""Generated Markdown (tables, links) built from data for Quarto to read.

Quarto passes raw HTML through to the page and expands shortcodes (`{{< … >}}`)
wherever it finds them, including in generated Markdown, so every data string
goes through `belpolicy.text.escape` here before it is written.
"""

from __future__ import annotations

import re

from belpolicy.text import escape

_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'\\`|]+")


def link(url, text: str = "source") -> str:
    """A Markdown link when `url` is a plain web address, else the escaped text."""
    value = "" if url is None else str(url)
    if _SAFE_URL.fullmatch(value):
        return f"[{escape(text)}]({value})"
    return escape(value)


class Raw(str):
    """Markdown built here from checked parts (a link); `table` leaves it as is."""


def table(header: list[str], rows: list[list], caption: str | None = None, label: str | None = None) -> str:
    """A pipe table whose cells are escaped (except `Raw` ones); optional caption and `tbl-` id."""
    def cell(value) -> str:
        return value if isinstance(value, Raw) else escape(value)

    lines = ["| " + " | ".join(escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    if caption:
        lines += ["", f": {escape(caption)}" + (f" {{#{label}}}" if label else "")]
    return "\n".join(lines) + "\n"
