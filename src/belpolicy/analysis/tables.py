"""Publication tables: what a notebook displays for the book, in one style.

A raw DataFrame came out of Quarto as a pandas dump in every format: `<NA>`,
the index name as a second header row, code names as headers, centred text,
dates broken over two lines. `publish` turns a frame into a Markdown pipe
table instead (a `text/markdown` output, which Quarto makes a real table in
HTML, Typst and Word, captioned by the cell's `#| tbl-cap`):

- the index, if any, becomes the first column (no extra header row);
- headers are readable words (given, or the column name without underscores),
  units belong in them (e.g. "Share (%)");
- missing values read as `MISSING` ("not given") instead of `<NA>`;
- numbers get thousands separators and are right-aligned, text left-aligned;
- dates read "29 Sep 2020" and never break across lines;
- every cell is escaped (`markdown.escape`): data text cannot inject HTML,
  Markdown or Quarto shortcodes.

A table whose cell has no `tbl-cap` (the "claims, re-tested" tables) takes its
caption here.
"""

from __future__ import annotations

import re

from belpolicy.text import escape

MISSING = "not given"
WIDEST = 40  # characters: a column of long text gets at most this share of the width
NBSP = "&nbsp;"  # pandoc reads the entity as a no-break space in every format
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Table(str):
    """Markdown of a publication table; Jupyter shows it as `text/markdown`."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are not missing
        return False


def date_text(value) -> str:
    """29 Sep 2020 (or Sep 2020 for a month), joined by no-break spaces."""
    if hasattr(value, "strftime"):
        value = value.strftime("%Y-%m-%d")
    text = str(value)
    day = _ISO_DAY.fullmatch(text)
    if day:
        year, month, date = day.groups()
        return NBSP.join([str(int(date)), _MONTHS[int(month) - 1], year])
    month = _ISO_MONTH.fullmatch(text)
    if month:
        return NBSP.join([_MONTHS[int(month.group(2)) - 1], month.group(1)])
    return escape(text)


def number_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return f"{value:,}"


def _is_number(value) -> bool:
    import numbers

    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def header_text(name) -> str:
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def publish(frame, *, headers: dict | None = None, caption: str | None = None, dates: tuple = (),
            missing: str = MISSING) -> Table:
    """The frame as a publication table (see the module text). `headers` renames
    columns (others get readable forms of their names); `dates` names the columns
    holding dates; `caption` is for cells without `#| tbl-cap`."""
    import pandas as pd

    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    headers = headers or {}
    columns = list(frame.columns)
    rows = [[value.item() if hasattr(value, "item") and not isinstance(value, str) else value for value in row]
            for row in frame.astype(object).values.tolist()]  # numpy scalars as Python numbers
    numeric = [all(_is_number(row[i]) or _is_missing(row[i]) for row in rows)
               and any(_is_number(row[i]) and not _is_missing(row[i]) for row in rows) for i in range(len(columns))]

    def cell(value, index: int) -> str:
        if _is_missing(value):
            return escape(missing)
        if columns[index] in dates:
            return date_text(value)
        if numeric[index]:
            return number_text(value)
        if hasattr(value, "strftime"):
            return date_text(value)
        return escape(value)

    names = [escape(headers.get(name, header_text(name))) for name in columns]
    body = [[cell(value, i) for i, value in enumerate(row)] for row in rows]
    # pandoc sizes the columns of a wrapping pipe table by the dashes under each header
    widths = [max(3, min(WIDEST, max([len(names[i].split()[0]) if names[i] else 0]
                                      + [len(row[i].replace(NBSP, " ")) for row in body])))
              for i in range(len(columns))]
    lines = ["| " + " | ".join(names) + " |",
             "|" + "|".join(("-" * (widths[i] - 1) + ":") if numeric[i] else (":" + "-" * (widths[i] - 1))
                            for i in range(len(columns))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    if caption:
        lines += ["", f": {escape(caption)}"]
    return Table("\n".join(lines) + "\n")


CLAIMS_HEADERS = {"id": "Claim", "claim": "What the paper says", "status": "Status in this edition",
                  "evidence": "Evidence from the data"}
CLAIMS_CAPTION = ("The paper's checkable claims in this chapter, re-tested against this edition's data: "
                  "each claim's status and the evidence for it.")


def claims_table(verdicts) -> Table:
    """The "claims, re-tested" table every chapter ends with."""
    return publish(verdicts[list(CLAIMS_HEADERS)], headers=CLAIMS_HEADERS, caption=CLAIMS_CAPTION)
