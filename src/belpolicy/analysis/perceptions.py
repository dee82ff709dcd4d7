"""How Belarusians see the West and Russia across poll waves, and the visas and
residence permits Belarusians obtained in the EU: the data of chapter 5.

Polls. Only questions asked in more than one wave make a trend. Answer labels
differ between reports of the same question ("union with both Russia and EU",
"both Russia and EU"), so each answer is mapped to a short series name; a
wave that reports the same series twice (the same figure copied from two
reports) keeps its first row in file order. A wave is placed in time at the
end of its fieldwork, or, where the sources give no fieldwork dates, at the
end of the month its wave_id names (`date_basis` says which).

Visas and permits. `visas_residence` mixes metrics, units, geographies and
periods, and stores `value` as text (a range "low-high" where the unit says
so). A series here is one metric counted one way in one geography, for
calendar years only; ranges are never plotted.
"""

from __future__ import annotations

import re

import pandas as pd

from belpolicy.analysis.polls import wave_dates
from belpolicy.analysis.style import FIGURE_WIDTH_IN, OKABE_ITO, SMALLEST_FONT_PT, TEXT_FONT_PT, wrap

# question_id -> {answer as reported: series}. Answers not listed keep their own label.
POLL_SERIES = {
    "geopolitical_union": {
        "union with Russia only": "Russia only",
        "union with EU": "EU only",
        "union with both Russia and EU": "both Russia and the EU",
        "both Russia and EU": "both Russia and the EU",
        "no union": "no union",
    },
    "attitude_russia": {
        "positive (total)": "positive",
        "positive": "positive",
        "very good or mostly good": "positive",
    },
    "geopolitical_union_binary": {
        "union with Russia": "union with Russia",
        "European Union": "European Union",
    },
}
# How each question is drawn: panel title, and the pollster whose waves count.
POLL_PANELS = {
    "geopolitical_union": ("Chatham House: which foreign-policy union would be best for Belarus?",
                           "Chatham House Belarus Initiative"),
    "attitude_russia": ("Chatham House: attitude towards Russia (share positive)",
                        "Chatham House Belarus Initiative"),
    "geopolitical_union_binary": ("BAW: in which union would Belarusians live better?",
                                  "Belarusian Analytical Workshop (BAW, A. Vardomatski)"),
}
SERIES_COLOURS = {
    "Russia only": OKABE_ITO["vermillion"],
    "EU only": OKABE_ITO["blue"],
    "both Russia and the EU": OKABE_ITO["purple"],
    "no union": OKABE_ITO["grey"],
    "positive": OKABE_ITO["vermillion"],
    "union with Russia": OKABE_ITO["vermillion"],
    "European Union": OKABE_ITO["blue"],
}
SERIES_MARKERS = {"Russia only": "o", "EU only": "s", "both Russia and the EU": "D", "no union": "^",
                  "positive": "o", "union with Russia": "o", "European Union": "s"}


# --------------------------------------------------------------------------- polls


def perception_trend(results: pd.DataFrame, waves: pd.DataFrame, cutoff: pd.Timestamp,
          questions=tuple(POLL_SERIES)) -> pd.DataFrame:
    """One row per (question, wave, series) for the whole sample, waves of the
    question's pollster placed in time up to `cutoff`, oldest first."""
    rows = results[results["question_id"].isin(questions) & (results["subgroup"] == "all")].copy()
    rows["series"] = [POLL_SERIES.get(q, {}).get(a, a) for q, a in zip(rows["question_id"], rows["answer"])]
    rows = rows.drop_duplicates(["question_id", "wave_id", "series"], keep="first")
    rows = rows.merge(wave_dates(waves), on="wave_id", how="left")
    wanted = rows["question_id"].map(lambda q: POLL_PANELS[q][1] if q in POLL_PANELS else None)
    rows = rows[(rows["pollster"] == wanted) & rows["wave_date"].notna() & (rows["wave_date"] <= cutoff)]
    columns = ["question_id", "series", "wave_id", "wave_month", "wave_date", "date_basis", "percent",
               "value_qualifier", "answer", "pollster", "source_url"]
    return rows.sort_values(["question_id", "series", "wave_date"], kind="stable")[columns].reset_index(drop=True)


def perception_figure(tidy: pd.DataFrame):
    """One panel per question, sharing the time axis; lines join the waves in
    which a series was published, with each figure written beside its point.
    Each panel's legend sits between its title and the plot, so the panels take
    the whole width of a phone column."""
    import matplotlib.dates as mdates
    import matplotlib.patheffects as pe
    import matplotlib.pyplot as plt

    questions = [q for q in POLL_PANELS if q in set(tidy["question_id"])]
    heights = [{"geopolitical_union": 1.5, "attitude_russia": 0.8}.get(q, 1.0) for q in questions]
    fig, axes = plt.subplots(len(questions), 1, figsize=(FIGURE_WIDTH_IN, 1.5 + 2.6 * len(questions)),
                             sharex=True, gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, question in zip(axes[:, 0], questions):
        rows = tidy[tidy["question_id"] == question]
        # The series lowest on average is labelled below its points, the others
        # above, so that labels of neighbouring series do not meet.
        lowest = rows.groupby("series", sort=False)["percent"].mean().idxmin() if rows["series"].nunique() > 1 else None
        for series, points in rows.groupby("series", sort=False):
            colour = SERIES_COLOURS.get(series, OKABE_ITO["black"])
            ax.plot(points["wave_date"], points["percent"], linestyle="--", linewidth=1, color=colour, alpha=0.7)
            ax.scatter(points["wave_date"], points["percent"], s=30, color=colour, zorder=3,
                       marker=SERIES_MARKERS.get(series, "o"), label=series)
            offset, vertical = ((5, -3), "top") if series == lowest else ((5, 3), "bottom")
            for day, value, qualifier in zip(points["wave_date"], points["percent"], points["value_qualifier"]):
                shown = f">{value:g}" if qualifier == "more than" else f"{value:g}"
                ax.annotate(shown, xy=(day, value), xytext=offset, textcoords="offset points",
                            fontsize=SMALLEST_FONT_PT, color=colour, va=vertical,
                            path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])
        ax.set_ylabel("% of respondents")
        top = max(50.0, rows["percent"].max() + 12)
        ax.set_ylim(0, top)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False,
                  title=wrap(POLL_PANELS[question][0], 1.0, TEXT_FONT_PT), title_fontsize=TEXT_FONT_PT,
                  alignment="left", borderaxespad=0.2, handletextpad=0.3, columnspacing=1.0)
    axes[-1, 0].xaxis.set_major_locator(mdates.YearLocator())
    axes[-1, 0].xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    lo, hi = tidy["wave_date"].min(), tidy["wave_date"].max()
    axes[-1, 0].set_xlim(lo - pd.Timedelta(days=90), hi + pd.Timedelta(days=120))
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- visas and permits

# (key, legend label, metric pattern, geography pattern, units allowed)
VISA_SERIES = (
    ("schengen_visas", "Schengen short-stay visas issued at consulates in Belarus",
     r"Schengen (uniform|C) visas issued \(consulates in Belarus\)", r"Schengen consulates in Belarus",
     ("visas",)),
    ("eu_permits", "EU, all member states",
     r"first residence permits issued to Belarusian citizens in the EU", r"EU \(Eurostat.*\)",
     ("permits", "permits (rounded)")),
    ("poland_permits", "Poland",
     r"first residence permits issued to Belarusian citizens in Poland", r"Poland \(Eurostat\)", ("permits",)),
    ("lithuania_permits", "Lithuania",
     r"first residence permits issued to Belarusian citizens in Lithuania", r"Lithuania \(Eurostat\)",
     ("permits",)),
)


def parse_value(text: str) -> float | None:
    """A single number from `value`; None for a range "low-high"."""
    text = str(text).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    return None


def visa_series(frame: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """The comparable calendar-year rows of each VISA_SERIES up to the year that
    ended by `cutoff`; `rounded` marks values the source gave rounded."""
    parts = []
    for key, label, metric, geography, units in VISA_SERIES:
        rows = frame[frame["metric"].str.fullmatch(metric) & frame["geography"].str.fullmatch(geography)
                     & frame["unit"].isin(units) & frame["year"].str.fullmatch(r"\d{4}")].copy()
        rows["number"] = rows["value"].map(parse_value)
        rows = rows[rows["number"].notna()]
        rows["year"] = rows["year"].astype(int)
        rows = rows[pd.to_datetime(rows["year"].astype(str) + "-12-31") <= cutoff]
        rows["series"] = key
        rows["label"] = label
        rows["rounded"] = rows["unit"].str.contains("rounded")
        parts.append(rows)
    tidy = pd.concat(parts, ignore_index=True)
    columns = ["series", "label", "year", "number", "value", "unit", "rounded", "metric", "geography", "note",
               "source_url"]
    return tidy.sort_values(["series", "year"], kind="stable")[columns].reset_index(drop=True)


def visa_years_end(frame: pd.DataFrame) -> pd.DataFrame:
    """End of each calendar-year row's year, for resolving 'latest'."""
    years = frame.loc[frame["year"].str.fullmatch(r"\d{4}"), "year"]
    return pd.DataFrame({"period_end": pd.to_datetime(years + "-12-31")})


def visas_figure(tidy: pd.DataFrame):
    """Top: Schengen visas issued in Belarus. Bottom: first residence permits,
    the EU total as bars and two member states as points. The panels share the
    years, so a year lines up across them. Hatched bars: values the source gave
    rounded. Values are in thousands, written without a unit on the bars so that
    neighbouring labels fit a phone column."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH_IN, 6.4), sharex=True)
    thousands = FuncFormatter(lambda v, _: f"{v / 1000:,.0f}")

    def bars(ax, rows, colour):
        drawn = ax.bar(rows["year"], rows["number"], color=colour, width=0.7)
        for bar, rounded in zip(drawn, rows["rounded"]):
            if rounded:
                bar.set_facecolor("white")
                bar.set_edgecolor(colour)
                bar.set_hatch("///")
        ax.bar_label(drawn, labels=[f"{v / 1000:,.0f}" for v in rows["number"]], fontsize=SMALLEST_FONT_PT,
                     padding=2)

    visas = tidy[tidy["series"] == "schengen_visas"]
    if not visas.empty:
        bars(top, visas, OKABE_ITO["blue"])
    top.set_title(wrap("Schengen short-stay visas issued at consulates in Belarus", 0.85, TEXT_FONT_PT), loc="left")
    permits = tidy[tidy["series"] == "eu_permits"]
    if not permits.empty:
        bars(bottom, permits, OKABE_ITO["sky"])
    for key, colour, marker in (("poland_permits", OKABE_ITO["vermillion"], "o"),
                                ("lithuania_permits", OKABE_ITO["green"], "s")):
        rows = tidy[tidy["series"] == key]
        if not rows.empty:
            bottom.scatter(rows["year"], rows["number"], color=colour, marker=marker, s=34, zorder=3,
                           label=rows["label"].iloc[0], edgecolor="white", linewidth=0.5)
    bottom.set_title(wrap("First residence permits issued to Belarusians", 0.85, TEXT_FONT_PT), loc="left")
    handles = [Patch(facecolor=OKABE_ITO["sky"], label="EU, all member states"),
               Patch(facecolor="white", edgecolor="#555555", hatch="///", label="value given rounded")]
    handles += bottom.get_legend_handles_labels()[0]
    bottom.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.26), ncol=2, frameon=False)
    for ax, rows in ((top, visas), (bottom, tidy[tidy["series"] != "schengen_visas"])):
        ax.yaxis.set_major_formatter(thousands)
        ax.set_ylabel("Thousands")
        ax.grid(axis="x", alpha=0)
        if not rows.empty:
            ax.set_ylim(0, rows["number"].max() * 1.18)
    years = sorted(set(tidy["year"]))
    if years:
        # Every year has a tick; only years with data are named, upright when there is room.
        span = range(years[0], years[-1] + 1)
        bottom.set_xticks(list(span), [str(y) if y in years else "" for y in span],
                          rotation=0 if len(span) <= 8 else 90)
        bottom.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    fig.tight_layout()
    return fig
