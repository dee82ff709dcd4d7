"""The book's charts. Each function takes tidy data and returns a matplotlib
figure; the notebook saves it with the same data through ChapterOutputs."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from .style import COUNTER_COLOURS, JURISDICTION_COLOURS, OKABE_ITO

CATEGORY_ORDER = ("election", "repression", "migration", "sanctions", "war", "military", "diplomacy", "release")


def _mark(ax, day: pd.Timestamp, label: str, colour: str = OKABE_ITO["black"], y: float = 0.98) -> None:
    ax.axvline(day, color=colour, linestyle=":", linewidth=1)
    ax.annotate(label, xy=(day, y), xycoords=("data", "axes fraction"), xytext=(3, 0),
                textcoords="offset points", fontsize=8, va="top", color=colour)


def _date_axis(ax) -> None:
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def timeline(events: pd.DataFrame):
    """One row per event category, one marker per event."""
    present = [c for c in CATEGORY_ORDER if c in set(events["category"])]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    palette = list(OKABE_ITO.values())
    for index, category in enumerate(present):
        rows = events[events["category"] == category]
        ax.scatter(rows["date"], [index] * len(rows), s=36, color=palette[index % len(palette)],
                   edgecolor="white", linewidth=0.5, zorder=3)
    ax.set_yticks(range(len(present)), present)
    ax.set_ylim(-0.7, len(present) - 0.3)
    ax.invert_yaxis()
    ax.grid(axis="y", alpha=0)
    _date_axis(ax)
    ax.set_xlabel("")
    return fig


def prisoners(tidy: pd.DataFrame, main_counter: str, marks: dict[str, pd.Timestamp]):
    """Counts by counter: the main series bold, other named counters thin, one-off
    figures from others as grey dots; `marks` draws labelled vertical lines."""
    fig, ax = plt.subplots()
    for group in ("viasna", "politzek", "dissidentby"):
        rows = tidy[tidy["group"] == group]
        if rows.empty:
            continue
        main = group == main_counter
        ax.plot(rows["date"], rows["count"], marker="o" if not main else None, markersize=3,
                linewidth=2.4 if main else 1.2, linestyle="-" if main else "--",
                color=COUNTER_COLOURS[group], label=f"{group.capitalize()}{' (main series)' if main else ''}")
    others = tidy[tidy["group"] == "other"]
    if not others.empty:
        ax.scatter(others["date"], others["count"], s=14, color=COUNTER_COLOURS["other"],
                   label="Other sources (one-off figures)", zorder=2)
    for label, day in marks.items():
        _mark(ax, day, label)
    ax.set_ylabel("Political prisoners")
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig


def neighbourhood_map(region, belarus_a3: str, borders: dict[str, tuple[object, str]], labels: dict[str, str]):
    """Belarus highlighted among its neighbours; `borders` maps a legend label to
    (line geometry, colour)."""
    import geopandas as gpd

    fig, ax = plt.subplots(figsize=(6.5, 6.5))
    region.plot(ax=ax, color="#EEEEEE", edgecolor="#777777", linewidth=0.4)
    region[region["ADM0_A3"] == belarus_a3].plot(ax=ax, color=OKABE_ITO["sky"], edgecolor="#333333", linewidth=0.6)
    for label, (line, colour) in borders.items():
        gpd.GeoSeries([line], crs=region.crs).plot(ax=ax, color=colour, linewidth=3.2, label=label)
    for a3, name in labels.items():
        shape = region.loc[region["ADM0_A3"] == a3]
        if shape.empty:
            continue
        point = shape.geometry.union_all().representative_point()
        ax.annotate(name, xy=(point.x, point.y), ha="center", va="center", fontsize=9,
                    fontweight="bold" if a3 == belarus_a3 else "normal")
    # Frame Belarus with its neighbours rather than the ragged edge of the clip box.
    minx, miny, maxx, maxy = region.loc[region["ADM0_A3"] == belarus_a3].total_bounds
    margin = 550_000
    ax.set_xlim(minx - margin, maxx + margin)
    ax.set_ylim(miny - margin * 0.8, maxy + margin * 0.8)
    ax.set_axis_off()
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    return fig


def cumulative_listings(cumulative: pd.DataFrame, stated: pd.DataFrame, marks: dict[str, pd.Timestamp]):
    """Steps: running sum of the acts' listings; crosses: totals as officially
    stated (which net out delistings the sum of acts cannot see)."""
    fig, ax = plt.subplots()
    for jurisdiction, rows in cumulative.groupby("jurisdiction", sort=True):
        colour = JURISDICTION_COLOURS.get(jurisdiction)
        ax.step(rows["date"], rows["cumulative"], where="post", linewidth=2, color=colour,
                label=f"{jurisdiction}: sum of acts")
        official = stated[stated["jurisdiction"] == jurisdiction]
        if not official.empty:
            ax.scatter(official["date"], official["stated_total"], marker="x", s=30, color=colour,
                       label=f"{jurisdiction}: stated total", zorder=3)
    for index, (label, day) in enumerate(marks.items()):
        _mark(ax, day, label, y=0.98 - 0.07 * index)
    ax.set_ylabel("Persons and entities listed (running total)")
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return fig


def annual_bars(frame: pd.DataFrame, value: str, label: str, note_column: str | None = None):
    """Bars by year; years whose period is not a full year are hatched."""
    fig, ax = plt.subplots(figsize=(6, 3.6))
    partial = frame["period"] != "full year"
    bars = ax.bar(frame["year"].astype(str), frame[value], color=OKABE_ITO["blue"])
    for bar, is_partial in zip(bars, partial):
        if is_partial:
            bar.set_hatch("//")
            bar.set_facecolor("white")
            bar.set_edgecolor(OKABE_ITO["blue"])
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in frame[value]], fontsize=8, padding=2)
    ax.set_ylabel(label)
    ax.grid(axis="x", alpha=0)
    return fig
