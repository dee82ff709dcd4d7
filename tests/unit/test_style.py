"""belpolicy.analysis.style: a figure's smallest text as a 340 px phone column
and a printed page show it, measured from what matplotlib actually draws."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from belpolicy.analysis import style
from belpolicy.analysis.outputs import CHAPTER_ENV, ChapterOutputs
from belpolicy.errors import FigureLegibilityError


@pytest.fixture(autouse=True)
def house_style():
    style.apply()
    yield
    plt.close("all")


def labelled_figure(width_in: float, label_pt: float, axis_off: bool = False):
    fig, ax = plt.subplots(figsize=(width_in, 3), layout="constrained")
    ax.plot([0, 1], [0, 1])
    ax.annotate("smallest label", xy=(0.5, 0.5), fontsize=label_pt)
    if axis_off:
        ax.set_axis_off()
    return fig


def test_a_house_sized_figure_reads_on_a_phone_and_on_paper():
    measured = style.legibility(labelled_figure(style.FIGURE_WIDTH_IN, 9.5))  # below the ticks' 10 pt
    # the saved width: the drawn content (within the figure) plus savefig's padding on both sides
    assert style.FIGURE_WIDTH_IN < measured.width_in <= style.FIGURE_WIDTH_IN + 0.2
    assert measured.smallest_pt == 9.5
    assert measured.smallest_text == "smallest label"
    expected_px = 9.5 * 4 / 3 * style.PHONE_COLUMN_PX / (measured.width_in * 96)
    assert measured.phone_px == pytest.approx(expected_px)
    assert measured.phone_px >= style.SMALLEST_PHONE_TEXT_PX
    assert measured.print_pt == 9.5  # narrower than the text width: printed at its size
    assert measured.problem() is None


def test_the_old_sizes_are_refused_with_the_text_and_both_measures():
    # the review's case: 7.5 in wide figures with 7.5 pt labels, 4-7 px on a phone
    measured = style.legibility(labelled_figure(7.5, 7.5))
    assert measured.phone_px < 5
    problem = measured.problem()
    assert "'smallest label', 7.5 pt" in problem
    assert f"on a {style.PHONE_COLUMN_PX} px phone column" in problem
    wide = style.legibility(labelled_figure(9.0, 7.5))
    assert wide.print_pt == pytest.approx(7.5 * style.PRINT_TEXT_WIDTH_IN / wide.width_in)
    assert "in print (at least 7)" in wide.problem()


def test_a_narrow_figure_shows_at_its_own_size():
    measured = style.legibility(labelled_figure(3.0, 9.0))
    assert measured.phone_px == pytest.approx(9.0 * 4 / 3)  # under 340 px wide: not shrunk


def test_text_of_a_hidden_axis_is_not_counted():
    fig = labelled_figure(style.FIGURE_WIDTH_IN, style.SMALLEST_FONT_PT, axis_off=True)
    fig.axes[0].set_xlabel("never drawn", fontsize=4)
    assert style.legibility(fig).smallest_pt == style.SMALLEST_FONT_PT


def test_wrap_fits_a_share_of_the_house_width():
    text = "running total, counted by unattributed press report since 1 July 2024"
    whole, half = style.wrap(text), style.wrap(text, share=0.5)
    assert whole.replace("\n", " ") == text == half.replace("\n", " ")
    assert max(map(len, half.splitlines())) < max(map(len, whole.splitlines()))
    assert len(half.splitlines()) >= 2


def test_an_unreadable_figure_is_refused_and_the_last_good_one_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(CHAPTER_ENV, "sanctions")
    out = ChapterOutputs(tmp_path, {"edition": "latest"})
    data = pd.DataFrame({"x": [0, 1], "y": [0, 1]})
    out.figure(labelled_figure(style.FIGURE_WIDTH_IN, 11), "trend", data, title="t", source="s")
    before = {path.name: path.read_bytes() for path in (tmp_path / "figures").iterdir()}
    assert sorted(before) == ["trend.csv", "trend.png", "trend.svg"]
    with pytest.raises(FigureLegibilityError, match=r"figure sanctions/trend: its smallest text \('smallest label'"):
        out.figure(labelled_figure(7.5, 7.5), "trend", data, title="t", source="s")
    assert {path.name: path.read_bytes() for path in (tmp_path / "figures").iterdir()} == before


def test_png_downloads_are_print_resolution(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setenv(CHAPTER_ENV, "sanctions")
    out = ChapterOutputs(tmp_path, {"edition": "latest"})
    out.figure(labelled_figure(style.FIGURE_WIDTH_IN, 11), "trend", pd.DataFrame({"x": [0]}), title="t", source="s")
    with Image.open(tmp_path / "figures" / "trend.png") as png:
        dpi = png.info["dpi"][0]
        width_px = png.size[0]
    assert round(dpi) == style.PRINT_DPI == 300
    assert width_px == pytest.approx(style.legibility(labelled_figure(style.FIGURE_WIDTH_IN, 11)).width_in * 300, abs=3)
