"""How the book writes numbers, dates and data text, and what text it lets through.

One home for formatting (numbers, shares, counts with their qualifier, dates,
date spans) and for safe text: Quarto passes variable text through as Markdown
and expands shortcodes in it, and it passes raw HTML in generated Markdown to
the page, so data strings are either checked against `SAFE_VALUE` (variables)
or escaped (`escape`, generated Markdown) before they reach the book.

Every wing uses this module (the data wing refuses at entry what the book could
not print), so it imports nothing but the standard library: the no-op build
path must stay free of pandas.
"""

from __future__ import annotations

import datetime as dt
import re

from belpolicy.errors import StagingError

# --------------------------------------------------------------------------- numbers

QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "approx": "about "}


def fmt_int(number) -> str:
    return f"{int(number):,}"


def fmt_pct(number, digits: int = 0) -> str:
    return f"{float(number):.{digits}f}%"


def fmt_count(count, qualifier: str = "exact") -> str:
    """A count with its qualifier in words: 'more than 300', 'at least 10'."""
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{int(count):,}"


def fmt_pct_qualified(percent: float, qualifier: str | None = None) -> str:
    """A share as the prose prints it, keeping the source's qualifier: '7%',
    'more than 20%', or the source's own words ('slightly more than a fifth')
    where the number is only a stand-in for them."""
    if _missing(qualifier) or not str(qualifier).strip():
        return f"{float(percent):.0f}%"
    if qualifier in ("more than", "fewer than", "about"):
        return f"{qualifier} {float(percent):.0f}%"
    return safe_text(str(qualifier))


# --------------------------------------------------------------------------- dates


def _missing(value) -> bool:
    return value is None or value != value  # NaN and NaT are not equal to themselves


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def fmt_date(value) -> str:
    """'28 March 2023'."""
    day = _day(value)
    return f"{day.day} {day.strftime('%B %Y')}"


def fmt_month(value) -> str:
    """'July 2024'."""
    return _day(value).strftime("%B %Y")


def fmt_when(day, precision: str) -> str:
    """A date as precise as its source: 'July 2024' for a month's total."""
    return fmt_month(day) if precision == "month" else fmt_date(day)


def fmt_since(text) -> str:
    """A partial date (YYYY-MM-DD, YYYY-MM or YYYY) for prose: 3 March 2022,
    December 2020, 2023, or 'undated' when empty."""
    if _missing(text) or not str(text).strip():
        return "undated"
    text = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return fmt_date(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return fmt_month(text + "-01")
    return text


def fmt_span(start, end) -> str | None:
    """A span of days, naming month and year once where they are shared:
    '15–31 August 2022', '20 January – 9 February 2022' (an en dash, spaced
    between full dates); None without both dates."""
    if _missing(start) or _missing(end):
        return None
    start, end = _day(start), _day(end)
    gap = "–" if (start.year, start.month) == (end.year, end.month) else " – "
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{gap}{fmt_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%B')}{gap}{fmt_date(end)}"
    return f"{fmt_date(start)}{gap}{fmt_date(end)}"


# --------------------------------------------------------------------------- safe text

# Letters and digits of any script (Latin, Cyrillic, Łacinka, ...), spaces and the
# punctuation numbers and dates need. No <, >, {, }, [, ], *, _, `, #, |, @, ~, ^,
# $, = or backslash: nothing markdown, HTML or Quarto would act on. ([^\W_] is a
# letter or digit of any script: a word character other than the underscore.)
SAFE_VALUE = re.compile(r"(?:[^\W_]|[ ,.%:;()'’+\-–/])*")
_SPELLED_OUT = {"~": "about ", "&": " and ", "=": " ", '"': "'", "<": " less than ", ">": " more than "}


def plain_text(text: str) -> str:
    """Data text made fit for a variable: symbols spelled out or dropped, so a
    caption built from data never fails `check_value` (nor injects anything)."""
    spelled = "".join(_SPELLED_OUT.get(ch, ch) if SAFE_VALUE.fullmatch(ch) is None else ch for ch in str(text))
    kept = "".join(ch if SAFE_VALUE.fullmatch(ch) else " " for ch in spelled)
    return " ".join(kept.split())


def safe_text(text: str) -> str:
    """Text the book's variables accept: straight quotes become ’, '~' becomes
    'about', and anything else outside the allowed set is dropped."""
    text = text.replace("'", "’").replace("~", "about ")
    return re.sub(r"[^A-Za-z0-9 ,.%:;()’+\-–/]", "", text)


def check_value(key: str, text: str) -> str:
    """`text` itself when a Quarto variable may carry it; StagingError otherwise."""
    if not isinstance(text, str) or not SAFE_VALUE.fullmatch(text):
        raise StagingError(f"value {key} = {text!r} contains characters that are not allowed in the book's "
                           "variables (only letters and digits of any script, spaces and , . % : ; ( ) ' + - – /)")
    return text


_MARKDOWN = re.compile(r"([\\`*_\[\]{}#|~^$@!])")


def escape(text) -> str:
    """Data text for generated Markdown: HTML-significant characters become
    entities (so `{{<` can never form a shortcode and `<script>` stays text) and
    Markdown syntax is backslash-escaped; no line breaks (table cells)."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN.sub(r"\\\1", value)
    return " ".join(value.split())
