"""House style for figures: colour-blind-safe colours, print-friendly sizes and
settings that make SVG and PNG files byte-identical across runs."""

from __future__ import annotations

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


def apply() -> None:
    """Set the house style; call once at the top of a notebook."""
    import pandas as pd

    # Embedded tables show whole cells: pandas would cut text at 50 characters.
    pd.set_option("display.max_colwidth", None)
    plt.rcParams.update(
        {
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "font.size": 10,
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
