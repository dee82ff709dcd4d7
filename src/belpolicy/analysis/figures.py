"""The book's charts. Each function takes tidy data and returns a matplotlib
figure; the notebook saves it with the same data through ChapterOutputs."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from belpolicy.analysis.style import (COUNTER_COLOURS, FIGURE_WIDTH_IN, JURISDICTION_COLOURS, OKABE_ITO,
                                      SMALLEST_FONT_PT, TEXT_FONT_PT, wrap)

CATEGORY_ORDER = ("election", "repression", "migration", "sanctions", "war", "military", "diplomacy", "release")


def _mark(ax, day: pd.Timestamp, label: str, colour: str = OKABE_ITO["black"], y: float = 0.98) -> None:
    """A dotted line at `day`, labelled beside it: on its right, or on its left
    when the line stands in the right third (the label would leave the axes)."""
    ax.axvline(day, color=colour, linestyle=":", linewidth=1)
    left, right = ax.get_xlim()
    on_left = (mdates.date2num(day) - left) / (right - left) > 2 / 3
    ax.annotate(label, xy=(day, y), xycoords=("data", "axes fraction"), xytext=(-3 if on_left else 3, 0),
                textcoords="offset points", fontsize=SMALLEST_FONT_PT, va="top", ha="right" if on_left else "left",
                color=colour,
                # on a white ground: where marks are close, the next one's line passes behind the label
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})


def date_axis(ax) -> None:
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def timeline(events: pd.DataFrame):
    """One row per event category, one marker per event."""
    present = [c for c in CATEGORY_ORDER if c in set(events["category"])]
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 3.4), layout="constrained")
    palette = list(OKABE_ITO.values())
    for index, category in enumerate(present):
        rows = events[events["category"] == category]
        ax.scatter(rows["date"], [index] * len(rows), s=36, color=palette[index % len(palette)],
                   edgecolor="white", linewidth=0.5, zorder=3)
    ax.set_yticks(range(len(present)), present)
    ax.set_ylim(-0.7, len(present) - 0.3)
    ax.invert_yaxis()
    ax.grid(axis="y", alpha=0)
    date_axis(ax)
    ax.set_xlabel("")
    return fig


def _prisoner_series(ax, tidy: pd.DataFrame, main_counter: str) -> None:
    """Each named counter as its own line (the main one bold), one-off figures as grey dots."""
    for group in ("viasna", "politzek", "dissidentby"):
        rows = tidy[tidy["group"] == group]
        if rows.empty:
            continue
        main = group == main_counter
        ax.plot(rows["date"], rows["count"], marker=None if main else "o", markersize=3,
                linewidth=2.4 if main else 1.2, linestyle="-" if main else "--",
                color=COUNTER_COLOURS[group], label=f"{group.capitalize()}{' (main series)' if main else ''}")
    others = tidy[tidy["group"] == "other"]
    if not others.empty:
        ax.scatter(others["date"], others["count"], s=14, color=COUNTER_COLOURS["other"],
                   label="Other sources (one-off figures)", zorder=2)


def prisoners(tidy: pd.DataFrame, main_counter: str, marks: dict[str, pd.Timestamp]):
    """Counts by counter: the main series bold, other named counters thin, one-off
    figures from others as grey dots; `marks` draws labelled vertical lines."""
    fig, ax = plt.subplots(layout="constrained")
    _prisoner_series(ax, tidy, main_counter)
    for label, day in marks.items():
        _mark(ax, day, label, y=0.12)  # near the foot: the counts are high after 2021
    ax.set_ylabel("Political prisoners")
    ax.set_ylim(bottom=0)
    date_axis(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)  # inside, it covered a mark
    return fig


def neighbourhood_map(region, belarus_a3: str, borders: dict[str, tuple[object, str]], labels: dict[str, str]):
    """Belarus highlighted among its neighbours; `borders` maps a legend label to
    (line geometry, colour)."""
    import geopandas as gpd

    from belpolicy.analysis.maps import for_drawing

    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, FIGURE_WIDTH_IN), layout="constrained")
    # Frame Belarus with its neighbours rather than the ragged edge of the clip box.
    minx, miny, maxx, maxy = region.loc[region["ADM0_A3"] == belarus_a3].total_bounds
    margin = 550_000
    drawn = for_drawing(region, maxx - minx + 2 * margin, FIGURE_WIDTH_IN)  # borders are measured on the full geometry
    drawn.plot(ax=ax, color="#EEEEEE", edgecolor="#777777", linewidth=0.4)
    drawn[drawn["ADM0_A3"] == belarus_a3].plot(ax=ax, color=OKABE_ITO["sky"], edgecolor="#333333", linewidth=0.6)
    for label, (line, colour) in borders.items():
        gpd.GeoSeries([line], crs=region.crs).plot(ax=ax, color=colour, linewidth=3.2, label=label)
    for a3, name in labels.items():
        shape = region.loc[region["ADM0_A3"] == a3]
        if shape.empty:
            continue
        point = shape.geometry.union_all().representative_point()
        ax.annotate(name, xy=(point.x, point.y), ha="center", va="center", fontsize=SMALLEST_FONT_PT,
                    fontweight="bold" if a3 == belarus_a3 else "normal")
    ax.set_xlim(minx - margin, maxx + margin)
    ax.set_ylim(miny - margin * 0.8, maxy + margin * 0.8)
    ax.set_axis_off()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False)  # below: inside it hid country names
    return fig


def cumulative_listings(cumulative: pd.DataFrame, stated: pd.DataFrame, marks: dict[str, pd.Timestamp],
                        incomplete: list[str] = ()):
    """Lines with markers: totals as stated (crosses; open triangles for a
    stated lower bound, "more than N"). Steps: running sum of the acts'
    listings, which nets out no delistings; for a jurisdiction in `incomplete`
    the sum is drawn thin and dotted. The legend is a key: colour names the
    jurisdiction, line and marker what was drawn (so it stays four rows deep
    however many jurisdictions there are)."""
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 4.0), layout="constrained")
    drawn = set()
    jurisdictions = sorted(set(cumulative["jurisdiction"]) | set(stated["jurisdiction"]))
    for jurisdiction in jurisdictions:
        colour = JURISDICTION_COLOURS.get(jurisdiction)
        official = stated[stated["jurisdiction"] == jurisdiction]
        if not official.empty:
            exact = official[official["qualifier"] == "exact"]
            bound = official[official["qualifier"] != "exact"]
            ax.plot(exact["date"], exact["stated_total"], marker="x", markersize=6, linewidth=1.6, color=colour,
                    zorder=3)
            drawn.add("stated")
            if not bound.empty:
                ax.scatter(bound["date"], bound["stated_total"], marker="^", s=36, facecolor="white",
                           edgecolor=colour, zorder=3)
                drawn.add("bound")
        rows = cumulative[cumulative["jurisdiction"] == jurisdiction]
        if rows.empty:
            continue
        if jurisdiction in incomplete:
            ax.step(rows["date"], rows["cumulative"], where="post", linewidth=1, linestyle=":", color=colour)
            drawn.add("incomplete")
        else:
            ax.step(rows["date"], rows["cumulative"], where="post", linewidth=2, alpha=0.45, color=colour)
            drawn.add("sum")
    for index, (label, day) in enumerate(marks.items()):
        _mark(ax, day, label, y=0.98 - 0.08 * index)
    ax.set_ylabel("Persons and entities listed\n(running total)")
    ax.set_ylim(bottom=0)
    date_axis(ax)
    key_colour = OKABE_ITO["black"]
    handles = [Line2D([], [], color=JURISDICTION_COLOURS.get(j), linewidth=6, label=j) for j in jurisdictions]
    styles = {
        "stated": Line2D([], [], color=key_colour, marker="x", markersize=6, linewidth=1.6, label="stated total"),
        "bound": Line2D([], [], color=key_colour, marker="^", markersize=6, markerfacecolor="white", linewidth=0,
                        label=wrap("stated lower bound (more than)", share=0.45)),
        "sum": Line2D([], [], color=key_colour, linewidth=2, alpha=0.45, drawstyle="steps-post",
                      label="sum of the acts"),
        "incomplete": Line2D([], [], color=key_colour, linewidth=1, linestyle=":",
                             label=wrap("sum of the acts found (incomplete, below the stated totals)", share=0.45)),
    }
    handles += [styles[name] for name in styles if name in drawn]
    # Below the plot, not beside it: a legend at the side widened the image, and a
    # phone shrinks the whole image, text included, to the screen's width.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)
    return fig


def annual_bars(frame: pd.DataFrame, value: str, label: str, note_column: str | None = None):
    """Bars by year; years whose period is not a full year are hatched."""
    fig, ax = plt.subplots(layout="constrained")
    partial = frame["period"] != "full year"
    bars = ax.bar(frame["year"].astype(str), frame[value], color=OKABE_ITO["blue"])
    for bar, is_partial in zip(bars, partial):
        if is_partial:
            bar.set_hatch("//")
            bar.set_facecolor("white")
            bar.set_edgecolor(OKABE_ITO["blue"])
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in frame[value]], fontsize=SMALLEST_FONT_PT, padding=2)
    ax.set_ylabel(wrap(label, share=0.55, fontsize=TEXT_FONT_PT))
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))  # as the bar labels
    ax.grid(axis="x", alpha=0)
    return fig


# --------------------------------------------------------------------------- chapters 6 and 7


_SERIES_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["black"],
                   OKABE_ITO["grey"])


def yardsticks(tidy: pd.DataFrame, main_counter: str, release_rows: pd.DataFrame, marks: dict[str, pd.Timestamp],
               empty_note: str):
    """Two panels on one time axis. Top: political prisoners by counter (as in
    `prisoners`). Bottom: releases, single events as bars and running totals as
    diamonds on a dashed line, never added together; `empty_note` is written in
    the bottom panel when there is no release to draw."""
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(FIGURE_WIDTH_IN, 7.6), height_ratios=(2, 1.25),
                                      layout="constrained")
    _prisoner_series(top, tidy, main_counter)
    for label, day in marks.items():
        _mark(top, day, label, y=0.12)  # near the foot: clear of the series in both editions
    top.set_ylabel("Political prisoners")
    top.set_ylim(bottom=0)

    single = release_rows[release_rows["kind"] == "single event"]
    running = release_rows[release_rows["kind"] == "running total"]
    if not single.empty:
        bottom.bar(single["date"], single["number_released"], width=14, color=OKABE_ITO["orange"],
                   label=wrap("Single release or month's releases (may overlap)"))
    # One line per series (one counter, one start date): totals of different series are never joined.
    for (series, rows), colour, marker in zip(running.groupby("total_series", sort=True), _SERIES_COLOURS, "Dso^v"):
        bottom.plot(rows["date"], rows["number_released"], linestyle="--", linewidth=1.2, marker=marker,
                    markersize=5, color=colour, label=wrap(f"Running total, {series}"))
    if release_rows.empty:
        bottom.text(0.5, 0.5, wrap(empty_note, share=0.8), transform=bottom.transAxes, ha="center", va="center",
                    fontsize=SMALLEST_FONT_PT,
                    color=OKABE_ITO["black"])
        bottom.set_ylim(0, 1)
        bottom.set_yticks([])
    else:
        bottom.set_ylim(bottom=0)
    bottom.set_ylabel("Released")
    date_axis(bottom)
    # One key for both panels, below them: inside, it covered the lines.
    handles, labels = [sum(pair, []) for pair in zip(top.get_legend_handles_labels(),
                                                     bottom.get_legend_handles_labels())]
    fig.legend(handles, labels, loc="outside lower center", ncol=1, frameon=False)
    return fig


def acts_by_kind(long: pd.DataFrame, kinds: list[str]):
    """One row per kind of measure, one marker per act (an act naming several
    kinds appears in each); colour = jurisdiction, filled = imposition,
    hollow = extension or renewal, cross = relief."""
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.62 * len(kinds) + 1.8), layout="constrained")
    order = ("EU", "US", "UK", "CA")
    offsets = {name: (index - 1.5) * 0.16 for index, name in enumerate(order)}
    row = {kind: index for index, kind in enumerate(kinds)}
    for jurisdiction in order:
        rows = long[long["jurisdiction"] == jurisdiction]
        if rows.empty:
            continue
        colour = JURISDICTION_COLOURS[jurisdiction]
        y = rows["kind"].map(row) + offsets[jurisdiction]
        for direction, style in (("imposition", {"facecolor": colour}), ("extension", {"facecolor": "white"}),
                                 ("relief", {"facecolor": colour, "marker": "X"})):
            chosen = rows["direction"] == direction
            if chosen.any():
                ax.scatter(rows.loc[chosen, "date"], y[chosen], s=34, edgecolor=colour, linewidth=1.2, zorder=3,
                           marker=style.get("marker", "o"), facecolor=style["facecolor"])
        ax.scatter([], [], s=34, color=colour, label=jurisdiction)
    ax.scatter([], [], s=34, facecolor="white", edgecolor=OKABE_ITO["black"], label="extension or renewal (hollow)")
    if (long["direction"] == "relief").any():
        ax.scatter([], [], s=34, marker="X", color=OKABE_ITO["black"], label="relief: measures lifted (cross)")
    # Each kind named above its row, not beside it: tick labels at the side took
    # half the width a phone has.
    ax.set_yticks(range(len(kinds)), [""] * len(kinds))
    ax.tick_params(axis="y", length=0)
    for index, kind in enumerate(kinds):
        ax.text(0.0, index - 0.34, kind, transform=ax.get_yaxis_transform(), ha="left", va="bottom")
    ax.set_ylim(-0.85, len(kinds) - 0.4)
    ax.invert_yaxis()
    ax.grid(axis="y", alpha=0)
    date_axis(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False)  # below: see above
    return fig
