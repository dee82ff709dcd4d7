"""House style for figures: colour-blind-safe colours, sizes that read on a
phone and in print, and settings that make SVG and PNG files byte-identical
across runs."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
JURISDICTION_COLOURS = {
    "EU": OKABE_ITO["blue"],
    "US": OKABE_ITO["vermillion"],
    "UK": OKABE_ITO["green"],
    "CA": OKABE_ITO["orange"],
}
COUNTER_COLOURS = {
    "viasna": OKABE_ITO["blue"],
    "politzek": OKABE_ITO["vermillion"],
    "dissidentby": OKABE_ITO["green"],
    "other": OKABE_ITO["grey"],
}


# Where a figure is read. On the web an SVG is shown at its natural width
# (1 pt = 4/3 CSS px) or, on a narrow screen, shrunk to the column: about
# 340 px on a 390 px phone (the review's measure). In the PDF a figure up to the
# text width (6 in on Quarto's Typst page) prints at its natural size.
PHONE_COLUMN_PX = 340
PRINT_TEXT_WIDTH_IN = 6.0
# The floor for the smallest text: 9 CSS px on that phone, 7 pt on paper.
SMALLEST_PHONE_TEXT_PX = 9.0
SMALLEST_PRINT_TEXT_PT = 7.0
# The house width: with text of at least 10 pt a figure of this width (plus
# what sits outside its axes) keeps its smallest text above the phone floor.
FIGURE_WIDTH_IN = 4.8
SMALLEST_FONT_PT = 10.0
TEXT_FONT_PT = 11.0  # labels, titles and annotations that are not ticks or legends
PRINT_DPI = 300


@dataclass(frozen=True)
class Legibility:
    """The smallest text of a saved figure, as a phone and as paper show it."""

    width_in: float  # as saved: the tight bounding box and its padding
    smallest_pt: float
    smallest_text: str

    @property
    def phone_px(self) -> float:
        shown_px = min(PHONE_COLUMN_PX, self.width_in * 96)
        return self.smallest_pt * 4 / 3 * shown_px / (self.width_in * 96)

    @property
    def print_pt(self) -> float:
        return self.smallest_pt * min(1.0, PRINT_TEXT_WIDTH_IN / self.width_in)

    def problem(self) -> str | None:
        """Why the figure cannot be read on a phone or on paper, or None."""
        where = []
        if self.phone_px < SMALLEST_PHONE_TEXT_PX:
            where.append(f"{self.phone_px:.1f} px on a {PHONE_COLUMN_PX} px phone column "
                         f"(at least {SMALLEST_PHONE_TEXT_PX:g})")
        if self.print_pt < SMALLEST_PRINT_TEXT_PT:
            where.append(f"{self.print_pt:.1f} pt in print (at least {SMALLEST_PRINT_TEXT_PT:g})")
        if not where:
            return None
        return (f"its smallest text ({self.smallest_text!r}, {self.smallest_pt:g} pt in a "
                f"{self.width_in:.1f} in wide figure) is " + " and ".join(where))


def wrap(text: str, share: float = 1.0, fontsize: float = SMALLEST_FONT_PT) -> str:
    """`text` broken into lines that fit `share` of the house width at `fontsize`
    (a legend in two columns: share=0.5, less room for its markers)."""
    import textwrap

    # DejaVu Sans averages about 0.55 em per character in mixed text
    columns = max(12, int(share * FIGURE_WIDTH_IN * 72 / (0.55 * fontsize)) - 4)
    return textwrap.fill(text, columns, break_on_hyphens=False)


def legibility(fig, pad_inches: float = 0.1) -> Legibility:
    """Measure `fig` as `savefig(bbox_inches="tight")` will save it: its width,
    and the smallest text the renderer actually draws (not the labels of a
    hidden axis, which matplotlib keeps as text objects)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    drawn: list[tuple[float, str]] = []
    draw_text = renderer.draw_text

    def recording(gc, x, y, text, prop, angle, ismath=False, mtext=None):
        if text.strip():
            drawn.append((prop.get_size_in_points(), text.strip()))
        return draw_text(gc, x, y, text, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = recording
    try:
        fig.draw(renderer)
    finally:
        del renderer.draw_text
    width = fig.get_tightbbox(renderer).width + 2 * pad_inches
    smallest_pt, smallest_text = min(drawn, key=lambda entry: entry[0]) if drawn else (SMALLEST_FONT_PT, "")
    return Legibility(round(float(width), 3), float(smallest_pt), smallest_text)


def apply() -> None:
    """Set the house style; call once at the top of a notebook."""
    import pandas as pd

    # Embedded tables show whole cells: pandas would cut text at 50 characters.
    pd.set_option("display.max_colwidth", None)
    plt.rcParams.update(
        {
            "figure.figsize": (FIGURE_WIDTH_IN, 3.2),
            "figure.dpi": 100,
            "savefig.dpi": PRINT_DPI,
            "font.size": TEXT_FONT_PT,
            "axes.titlesize": TEXT_FONT_PT,
            "axes.labelsize": TEXT_FONT_PT,
            "xtick.labelsize": SMALLEST_FONT_PT,
            "ytick.labelsize": SMALLEST_FONT_PT,
            "legend.fontsize": SMALLEST_FONT_PT,
            "legend.title_fontsize": SMALLEST_FONT_PT,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.prop_cycle": plt.cycler(color=list(OKABE_ITO.values())),
            # Determinism: fixed ids in SVG, text kept as paths so fonts need not match.
            "svg.hashsalt": "belpolicy",
            "svg.fonttype": "path",
        }
    )
