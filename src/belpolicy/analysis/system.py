"""Box 1 of the paper: Belarus's political system as a small graph.

The rows come from `data/political_system.csv` (the paper's Box 1 and note 26,
transcribed). `layout` places each institution one level below the body it
sits under (`linked_to`); bodies the paper does not place are set apart on a
band of their own, never guessed into the tree. `diagram` draws the result as
an indented tree, one body per line, so that it fits a phone column.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from belpolicy.analysis.style import FIGURE_WIDTH_IN, OKABE_ITO, SMALLEST_FONT_PT, TEXT_FONT_PT, wrap

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
    """Each row with `level` (0 = top, a body one level below the body it sits
    under) and `row`, the line it is drawn on (0 = top): each body directly
    under the body it sits under, after that body's earlier children and theirs.

    Rows with no `linked_to` and no children, other than the root, are
    `placed = False` and go on a separate band below the tree."""
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

    # row: the tree depth first, children in file order; a placed body no path
    # from a top body reaches (its parent unknown, or a loop) follows in file order;
    # then the unplaced band.
    placed_ids = list(frame.loc[frame["placed"], "institution_id"])
    children = {i: [c for c in placed_ids if parents[c] == i] for i in placed_ids}
    order: list[str] = []

    def visit(node: str) -> None:
        if node in order:
            return
        order.append(node)
        for child in children[node]:
            visit(child)

    for node in placed_ids:
        if frame.loc[frame["institution_id"] == node, "level"].iloc[0] == 0:
            visit(node)
    order += [i for i in placed_ids if i not in order]
    order += list(frame.loc[~frame["placed"], "institution_id"])
    frame["row"] = frame["institution_id"].map({node: position for position, node in enumerate(order)})
    return frame


# Sizes of the tree, in inches (the axes are drawn one data unit to the inch).
INDENT_IN = 0.32
LINE_IN = TEXT_FONT_PT * 1.25 / 72  # one line of label text
BOX_PAD_IN = 0.14
GAP_IN = 0.1


def diagram(placed: pd.DataFrame, width_in: float = FIGURE_WIDTH_IN - 0.2):
    """Boxes and arrows as an indented tree: one box per institution, one per
    line, coloured by `likely_pro_change`; an arrow runs from each body down its
    side and across to each body it has under it. Unplaced bodies follow below
    a dotted line, with dashed outlines. `width_in` is the boxes' width; saved
    with its padding the figure has the house width."""
    rows = placed.sort_values("row", kind="stable")
    labels, heights = {}, {}
    for row in rows.itertuples():
        share = (width_in - row.level * INDENT_IN - 0.3) / FIGURE_WIDTH_IN
        labels[row.institution_id] = wrap(row.institution, share, TEXT_FONT_PT)
        heights[row.institution_id] = labels[row.institution_id].count("\n") * LINE_IN + LINE_IN + BOX_PAD_IN

    # Top edge of each box, walking down; the unplaced band starts with its note.
    note = wrap("Named in note 26; the paper does not say where they sit", width_in / FIGURE_WIDTH_IN)
    note_height = (note.count("\n") + 1) * SMALLEST_FONT_PT * 1.25 / 72
    tops, y, note_at = {}, 0.0, None
    for row in rows.itertuples():
        if not row.placed and note_at is None:
            note_at = y + GAP_IN
            y = note_at + note_height + 2 * GAP_IN
        tops[row.institution_id] = y
        y += heights[row.institution_id] + GAP_IN
    height = y

    fig = plt.figure(figsize=(width_in, height + 0.2))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width_in)
    ax.set_ylim(height + 0.1, -0.1)
    ax.set_axis_off()
    for row in rows.itertuples():
        left, top = row.level * INDENT_IN if row.placed else 0.0, tops[row.institution_id]
        box = FancyBboxPatch((left, top), width_in - left, heights[row.institution_id],
                             boxstyle="round,pad=0,rounding_size=0.05",
                             facecolor=PRO_CHANGE_COLOURS[row.likely_pro_change],
                             edgecolor="#333333", linewidth=0.8, linestyle="-" if row.placed else "--")
        ax.add_patch(box)
        ax.text(left + 0.1, top + heights[row.institution_id] / 2, labels[row.institution_id], ha="left",
                va="center", linespacing=1.15, fontweight="bold" if row.placed and row.level == 0 else "normal")
    by_id = rows.set_index("institution_id")
    for row in rows[rows["placed"]].itertuples():
        if pd.isna(row.linked_to) or row.linked_to not in by_id.index or not by_id.at[row.linked_to, "placed"]:
            continue
        parent = by_id.loc[row.linked_to]
        spine = parent["level"] * INDENT_IN + INDENT_IN / 2
        start = (spine, tops[row.linked_to] + heights[row.linked_to])
        end = (row.level * INDENT_IN, tops[row.institution_id] + heights[row.institution_id] / 2)
        arrow = FancyArrowPatch(start, end, connectionstyle="angle,angleA=-90,angleB=180,rad=0",
                                arrowstyle="-|>", mutation_scale=9, color="#555555", linewidth=0.8,
                                shrinkA=0, shrinkB=0)
        ax.add_patch(arrow)
    if note_at is not None:
        ax.axhline(note_at, color="#999999", linewidth=0.6, linestyle=":")
        ax.text(0.0, note_at + GAP_IN, note, fontsize=SMALLEST_FONT_PT, va="top", color="#555555",
                style="italic")
    shown = [key for key in PRO_CHANGE_ORDER if key in set(placed["likely_pro_change"])]
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=PRO_CHANGE_COLOURS[k], edgecolor="#333333") for k in shown]
    ax.legend(handles, [wrap(PRO_CHANGE_LABELS[k], 0.9) for k in shown], loc="upper left",
              bbox_to_anchor=(0.0, height + 0.1), bbox_transform=ax.transData, ncol=1, frameon=False,
              borderaxespad=0, borderpad=0)
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
