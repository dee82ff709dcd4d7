"""belpolicy.text: one style for numbers and dates, and what text the book lets through."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from belpolicy.errors import StagingError
from belpolicy.text import (SAFE_VALUE, check_value, escape, fmt_count, fmt_date, fmt_int, fmt_month, fmt_pct,
                            fmt_pct_qualified, fmt_since, fmt_span, fmt_when, plain_text, safe_text)


def test_numbers():
    assert fmt_int(1465.0) == "1,465"
    assert fmt_pct(33.333) == "33%" and fmt_pct(4.25, 1) == "4.2%"
    assert fmt_count(300, "more_than") == "more than 300" and fmt_count(12, "exact") == "12"
    assert fmt_pct_qualified(20, "more than") == "more than 20%"
    assert fmt_pct_qualified(21, "slightly more than a fifth") == "slightly more than a fifth"
    assert fmt_pct_qualified(7.4, None) == fmt_pct_qualified(7.4, float("nan")) == "7%"


@pytest.mark.parametrize("day", ["2023-03-28", dt.date(2023, 3, 28), pd.Timestamp("2023-03-28 10:00")])
def test_one_date_style_whatever_the_type(day):
    assert fmt_date(day) == "28 March 2023"
    assert fmt_month(day) == "March 2023"


def test_dates_as_precise_as_their_source():
    assert fmt_when("2024-07-03", "month") == "July 2024" and fmt_when("2024-07-03", "day") == "3 July 2024"
    assert [fmt_since(v) for v in ("2022-03-03", "2020-12", "2023", "", None)] == [
        "3 March 2022", "December 2020", "2023", "undated", "undated"]


@pytest.mark.parametrize("start, end, expected", [
    ("2022-08-15", "2022-08-31", "15–31 August 2022"),
    ("2020-09-22", "2020-09-28", "22–28 September 2020"),
    ("2022-01-20", "2022-02-09", "20 January – 9 February 2022"),
    ("2021-12-20", "2022-01-09", "20 December 2021 – 9 January 2022"),
])
def test_spans_name_shared_month_and_year_once(start, end, expected):
    assert fmt_span(pd.Timestamp(start), pd.Timestamp(end)) == expected


def test_a_span_without_both_ends_is_none():
    assert fmt_span(pd.NaT, pd.Timestamp("2022-08-31")) is None and fmt_span(None, None) is None


def test_safe_text_never_fails_the_variable_check():
    for raw in ('~50% said "no" <b>', "{{< env HOME >}}", "a=b & c", "it's"):
        assert SAFE_VALUE.fullmatch(plain_text(raw)) and SAFE_VALUE.fullmatch(safe_text(raw))
    assert plain_text("~50% & more") == "about 50% and more"


def test_check_value_refuses_markup_and_shortcodes():
    assert check_value("k", "1,465 (28 March 2023)") == "1,465 (28 March 2023)"
    for bad in ("{{< env HOME >}}", "<script>", "*bold*", 12):
        with pytest.raises(StagingError, match="not allowed"):
            check_value("k", bad)


def test_escape_makes_data_inert_in_markdown():
    assert escape("*a* [b](c) @key | {{< x >}}") == r"\*a\* \[b\](c) \@key \| \{\{&lt; x &gt;\}\}"
    assert escape("two\nlines") == "two lines" and escape(None) == ""
