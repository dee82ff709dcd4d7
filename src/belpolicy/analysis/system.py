"""Box 1 of the paper: Belarus's political system as a small graph.

The rows come from `data/political_system.csv` (the paper's Box 1 and note 26,
transcribed). `layout` places each institution on a level below the body it
sits under (`linked_to`); bodies the paper does not place are set apart on a
band of their own, never guessed into the tree. `diagram` draws the result.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from belpolicy.analysis.style import OKABE_ITO

PRO_CHANGE_ORDER = ("yes", "partly", "not stated", "no")
PRO_CHANGE_COLOURS = {
    "yes": OKABE_ITO["green"],
    "partly": OKABE_ITO["yellow"],
    "not stated": "#DDDDDD",
    "no": OKABE_ITO["vermillion"],
}
PRO_CHANGE_LABELS = {
    "yes": "named in note 26 as likeliest to favour change",
    "partly": "partly: note 26 names some of its parts",
    "not stated": "no view given in the paper",
    "no": "named as unlikely to favour change",
}


def box1_actors(system: pd.DataFrame) -> pd.DataFrame:
    """The actors Box 1 lists, in the paper's order."""
    return system[system["box1_actor"] == "yes"].reset_index(drop=True)


def pro_change(system: pd.DataFrame) -> pd.DataFrame:
    """Bodies note 26 names as likeliest to favour change, in the paper's order."""
    return system[system["likely_pro_change"] == "yes"].reset_index(drop=True)


def join_names(names: list[str]) -> str:
    """'a, b and c' (the names as the book prints them)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def layout(system: pd.DataFrame) -> pd.DataFrame:
    """Each row with `level` (0 = top) and `x` in [0, 1], read from `linked_to`.

    Rows with no `linked_to` and no children, other than the root, are
    `placed = False` and go on a separate bottom band."""
    frame = system.copy()
    ids = set(frame["institution_id"])
    parents = dict(zip(frame["institution_id"], frame["linked_to"]))
    has_children = set(frame["linked_to"].dropna())
    roots = [i for i in frame["institution_id"] if pd.isna(parents[i]) and i in has_children]

    def depth(node: str, seen: tuple = ()) -> int:
        parent = parents[node]
        if pd.isna(parent) or parent not in ids or node in seen:
            return 0
        return depth(parent, seen + (node,)) + 1

    frame["placed"] = [i in roots or pd.notna(parents[i]) for i in frame["institution_id"]]
    frame["level"] = [depth(i) if placed else None for i, placed in zip(frame["institution_id"], frame["placed"])]
    bottom = int(frame.loc[frame["placed"], "level"].max()) + 1 if frame["placed"].any() else 0
    frame.loc[~frame["placed"], "level"] = bottom
    frame["level"] = frame["level"].astype(int)

    # x: the root and the unplaced band are spread evenly over the width; below
    # the root, each body's children are centred under it at the widest level's spacing.
    spacing = 1 / frame.groupby("level").size().max()
    frame["x"] = 0.0
    for level, rows in frame.groupby("level", sort=True):
        if level == 0 or not rows["placed"].all():
            for position, index in enumerate(rows.index):
                frame.at[index, "x"] = (position + 0.5) / len(rows)
            continue
        for parent, kids in rows.groupby("linked_to", sort=False):
            centre = frame.loc[frame["institution_id"] == parent, "x"].iloc[0]
            width = 1 / len(kids) if level == 1 else spacing
            start = 0.5 / len(kids) if level == 1 else centre - width * (len(kids) - 1) / 2
            for offset, index in enumerate(kids.index):
                frame.at[index, "x"] = start + offset * width
    return frame


def diagram(placed: pd.DataFrame, *, wrap: int = 18):
    """Boxes and arrows: one box per institution coloured by `likely_pro_change`,
    an arrow from each body to the body it sits under."""
    levels = int(placed["level"].max()) + 1
    fig, ax = plt.subplots(figsize=(10, 1.6 * levels + 0.9))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.65, levels - 0.35)
    ax.invert_yaxis()
    ax.set_axis_off()
    half_height = 0.32
    positions = {}
    max_per_level = placed.groupby("level").size().max()
    half_width = min(0.42 / max_per_level, 0.2)
    for row in placed.itertuples():
        positions[row.institution_id] = (row.x, row.level)
        label = textwrap.fill(row.institution, wrap)
        box = FancyBboxPatch((row.x - half_width, row.level - half_height), 2 * half_width, 2 * half_height,
                             boxstyle="round,pad=0.004,rounding_size=0.02",
                             facecolor=PRO_CHANGE_COLOURS[row.likely_pro_change],
                             edgecolor="#333333", linewidth=0.8,
                             linestyle="-" if row.placed else "--", mutation_aspect=1)
        ax.add_patch(box)
        ax.text(row.x, row.level, label, ha="center", va="center", fontsize=7.5,
                fontweight="bold" if row.level == 0 else "normal")
    for row in placed.itertuples():
        if pd.isna(row.linked_to) or row.linked_to not in positions:
            continue
        (x0, y0), (x1, y1) = positions[row.linked_to], (row.x, row.level)
        arrow = FancyArrowPatch((x0, y0 + half_height), (x1, y1 - half_height), arrowstyle="-|>",
                                mutation_scale=9, color="#555555", linewidth=0.8, shrinkA=1, shrinkB=1)
        ax.add_patch(arrow)
    unplaced = placed[~placed["placed"]]
    if not unplaced.empty:
        level = int(unplaced["level"].iloc[0])
        ax.axhline(level - 0.5, color="#999999", linewidth=0.6, linestyle=":")
        ax.text(0.0, level - 0.47, "Named in note 26; the paper does not say where they sit",
                fontsize=7.5, va="top", color="#555555", style="italic")
    shown = [key for key in PRO_CHANGE_ORDER if key in set(placed["likely_pro_change"])]
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=PRO_CHANGE_COLOURS[k], edgecolor="#333333") for k in shown]
    ax.legend(handles, [PRO_CHANGE_LABELS[k] for k in shown], loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=len(shown), fontsize=8.5, frameon=False)
    return fig


def table(system: pd.DataFrame) -> pd.DataFrame:
    """The table the chapter shows: names, the paper's words paraphrased, and where each sits."""
    names = dict(zip(system["institution_id"], system["institution"]))
    shown = system.assign(sits_under=system["linked_to"].map(names).fillna("not stated in the paper"))
    shown = shown[["institution", "listed_in", "role_in_system", "relation", "sits_under", "likely_pro_change"]]
    return shown.rename(columns={"listed_in": "named in", "role_in_system": "role (paraphrased)",
                                 "relation": "relation (paraphrased)", "sits_under": "sits under",
                                 "likely_pro_change": "likely to favour change (note 26)"})


ASSEMBLY = "All-Belarusian People's Assembly"


def assembly_events(events: pd.DataFrame, cutoff: pd.Timestamp, since: str | None = None) -> pd.DataFrame:
    """Dated events that name the All-Belarusian People's Assembly, from `since`
    (if given) up to `cutoff`, oldest first."""
    hits = events[events["event"].str.contains(ASSEMBLY, regex=False) & (events["date"] <= cutoff)]
    if since is not None:
        hits = hits[hits["date"] >= pd.Timestamp(since)]
    return hits.sort_values("date").reset_index(drop=True)
