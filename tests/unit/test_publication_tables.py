"""Publication tables (`belpolicy.analysis.tables`): a DataFrame becomes a Markdown table that reads like one."""

from __future__ import annotations

import pandas as pd

from belpolicy.analysis import tables


def test_publish_reads_like_a_table():
    frame = pd.DataFrame({"date": pd.to_datetime(["2020-09-29", "2021-06-04"]), "package_or_act": ["A <b>", "B"],
                          "listed": pd.array([1200, None], dtype="Int64")}).set_index("date")
    text = tables.publish(frame, dates=("date",), headers={"listed": "Listed (persons)"})
    lines = text.splitlines()
    assert lines[0] == "| Date | Package or act | Listed (persons) |"
    assert lines[1] == "|:----------|:----------|--------:|"  # text left, numbers right; widths by content
    assert lines[2] == "| 29&nbsp;Sep&nbsp;2020 | A &lt;b&gt; | 1,200 |"
    assert lines[3] == "| 4&nbsp;Jun&nbsp;2021 | B | not given |"
    assert len(lines) == 4  # no caption unless asked


def test_publish_captions_a_table_and_escapes_it():
    text = tables.publish(pd.DataFrame({"a": ["{{< env HOME >}}"]}), caption="A *caption*")
    assert "{{<" not in text and text.endswith(": A \\*caption\\*\n")


def test_claims_tables_have_a_caption_and_readable_headers():
    verdicts = pd.DataFrame({"id": ["x-1"], "claim": ["c"], "status": ["holds"], "evidence": ["e"], "extra": [1]})
    text = tables.claims_table(verdicts)
    assert text.splitlines()[0] == "| Claim | What the paper says | Status in this edition | Evidence from the data |"
    assert f": {tables.CLAIMS_CAPTION}" in text


def test_the_notebook_display_is_markdown():
    assert tables.publish(pd.DataFrame({"a": [1]}))._repr_markdown_().startswith("| A |")
