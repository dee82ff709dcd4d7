"""Which states apply sanctions on Belarus, state by state, as of a date; what
the sources say of the partners the paper names (Hungary, Israel, Japan,
Moldova, Türkiye); and the choropleth map of it.

`sanctioning_jurisdictions` has several rows per state over time. Three kinds
of row are spread out to single states here:

- the EU row (one row standing for the 27 member states, `maps.EU_MEMBERS`);
- joint rows naming several states in `jurisdiction`, separated by ";" and
  without iso3 (EU statements listing the states that aligned with a decision);
- ordinary rows, one state with its iso3.

A state's status on a date is that of its newest row whose `since` period had
ended by that date. `since` may be a day, a month or a year; a month or a year
counts from its last day, so a row dated only "2023" never counts before
31 December 2023. Rows without `since` cannot be placed in time and never set a
status; they are shown (flagged undated) in the partners' table of the latest
edition only.
"""

from __future__ import annotations

import re

import pandas as pd

from belpolicy.errors import DataShapeError
from belpolicy.analysis.maps import EU_MEMBERS
from belpolicy.analysis.style import FIGURE_WIDTH_IN, OKABE_ITO, SMALLEST_FONT_PT, wrap

STATUS_ORDER = ("yes", "aligned_with_eu", "partial", "no")
# Legend words for each status; NO_DATA for states with no dated row.
STATUS_LABELS = {
    "yes": "Applies sanctions (own programme, or as an EU member)",
    "aligned_with_eu": "Aligns with EU sanctions decisions",
    "partial": "Partial measures (export controls or a declaration)",
    "no": "No sanctions",
}
NO_DATA = "no data"
NO_DATA_LABEL = "No dated row in the data"
# Short words for prose and tables.
STATUS_WORDS = {
    "yes": "applies sanctions",
    "aligned_with_eu": "aligns with EU decisions",
    "partial": "partial measures",
    "no": "no sanctions",
    NO_DATA: "no dated row in the data",
}
STATUS_COLOURS = {
    "yes": OKABE_ITO["blue"],
    "aligned_with_eu": OKABE_ITO["sky"],
    "partial": OKABE_ITO["yellow"],
    "no": OKABE_ITO["vermillion"],
}
NO_DATA_COLOUR = "#F2F2F2"
TARGET_COLOUR = "#4D4D4D"  # Belarus itself

# The partners the paper names (ADM0_A3 / iso3 -> the name the book uses).
PARTNERS = {"HUN": "Hungary", "ISR": "Israel", "JPN": "Japan", "MDA": "Moldova", "TUR": "Türkiye"}
EU_ROW_PREFIX = "European Union"


# --------------------------------------------------------------------------- dates


def period_end(text) -> pd.Timestamp:
    """Last day of a `since` value: YYYY-MM-DD itself, YYYY-MM its month's end,
    YYYY its 31 December; NaT when empty."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return pd.NaT
    text = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return pd.Timestamp(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return pd.Timestamp(text + "-01") + pd.offsets.MonthEnd(0)
    if re.fullmatch(r"\d{4}", text):
        return pd.Timestamp(f"{text}-12-31")
    raise DataShapeError(f"since value {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def newest_since(frame: pd.DataFrame) -> pd.Timestamp:
    """The newest period end in the table: the cut-off of the latest edition."""
    return frame["since"].map(period_end).max()


# --------------------------------------------------------------------------- rows per state


def _name_index(frame: pd.DataFrame) -> dict[str, str]:
    """State name -> iso3, from the rows that give both."""
    named = frame[frame["iso3"].notna()]
    return dict(zip(named["jurisdiction"].str.strip(), named["iso3"]))


def state_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (source row, state): the EU row becomes its 27 members and a
    joint row each state it names. `row` is the source row's position in the
    file; `state` is the state's name (EU members: "EU member" and the code);
    `via` says how the state got the row (own row, EU row, joint row)."""
    names = _name_index(frame)
    records = []
    for position, row in enumerate(frame.itertuples(index=False)):
        base = row._asdict()
        if row.jurisdiction.startswith(EU_ROW_PREFIX):
            states = [(a3, f"EU member {a3}", "EU row") for a3 in EU_MEMBERS]
        elif isinstance(row.iso3, str) and row.iso3:
            states = [(row.iso3, row.jurisdiction.strip(), "own row")]
        else:
            states = []
            for name in (part.strip() for part in row.jurisdiction.split(";")):
                if name not in names:
                    raise DataShapeError(f"joint row names {name!r}, which no row with an iso3 identifies")
                states.append((names[name], name, "joint row"))
        for a3, state, via in states:
            records.append({**base, "a3": a3, "state": state, "via": via, "row": position})
    rows = pd.DataFrame.from_records(records)
    rows["since_end"] = rows["since"].map(period_end)
    text = (rows["basis"].fillna("") + " " + rows["note"].fillna("")).str.lower()
    rows["inferred"] = (rows["applies_belarus_sanctions"] == "no") & text.str.contains("infer")
    return rows


def status_as_of(frame: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Each state's newest dated row up to `cutoff` (ties: the later row in the file)."""
    rows = state_rows(frame)
    dated = rows[rows["since_end"].notna() & (rows["since_end"] <= cutoff)]
    newest = dated.sort_values(["a3", "since_end", "row"], kind="stable").groupby("a3").tail(1)
    newest = newest.rename(columns={"applies_belarus_sanctions": "status"})
    columns = ["a3", "state", "jurisdiction", "status", "since", "since_end", "via", "inferred", "basis",
               "source_url"]
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    newest = newest.assign(_order=newest["status"].map(order))
    return newest.sort_values(["_order", "a3"], kind="stable")[columns].reset_index(drop=True)


def status_counts(status: pd.DataFrame) -> pd.DataFrame:
    """Number of states in each status (every status listed, zero included)."""
    counts = status["status"].value_counts()
    return pd.DataFrame({
        "status": list(STATUS_ORDER),
        "label": [STATUS_LABELS[s] for s in STATUS_ORDER],
        "states": [int(counts.get(s, 0)) for s in STATUS_ORDER],
    })


def status_of(status: pd.DataFrame, a3: str) -> str:
    found = status.loc[status["a3"] == a3, "status"]
    return found.iloc[0] if not found.empty else NO_DATA


def first_dated(frame: pd.DataFrame, a3: str, value: str, cutoff: pd.Timestamp) -> pd.Series | None:
    """The earliest dated own row of state `a3` with status `value` up to `cutoff`."""
    rows = state_rows(frame)
    rows = rows[(rows["a3"] == a3) & (rows["applies_belarus_sanctions"] == value)
                & rows["since_end"].notna() & (rows["since_end"] <= cutoff)]
    return None if rows.empty else rows.sort_values(["since_end", "row"], kind="stable").iloc[0]


def partner_rows(frame: pd.DataFrame, cutoff: pd.Timestamp, include_undated: bool) -> pd.DataFrame:
    """What the sources say of the paper's five partners: their own rows dated up
    to `cutoff` (and, if asked, their undated rows), oldest first per partner.
    Hungary's status as an EU member comes from the EU row, listed here too."""
    rows = state_rows(frame)
    rows = rows[rows["a3"].isin(PARTNERS)]
    keep = rows["since_end"].notna() & (rows["since_end"] <= cutoff)
    if include_undated:
        keep |= rows["since_end"].isna()
    rows = rows[keep].copy()
    rows["partner"] = rows["a3"].map(PARTNERS)
    rows["since"] = rows["since"].fillna("undated")
    rows["_undated"] = rows["since_end"].isna()
    rows = rows.sort_values(["partner", "_undated", "since_end", "row"], kind="stable")
    columns = ["partner", "a3", "since", "applies_belarus_sanctions", "via", "inferred", "basis", "source_url"]
    return rows[columns].rename(columns={"applies_belarus_sanctions": "status"}).reset_index(drop=True)


def partner_trade(trade: pd.DataFrame, names=None) -> pd.DataFrame:
    """Rows of `trade_exports` whose partner is one of the five (any spelling
    the book uses, and the English exonym Turkey)."""
    names = set(names or PARTNERS.values()) | {"Turkey"}
    return trade[trade["partner"].isin(names)].reset_index(drop=True)


# --------------------------------------------------------------------------- the map

# Europe and its neighbourhood, Iceland to the Caucasus and Israel, as a
# rectangle in EPSG:3035 metres (xmin, ymin, xmax, ymax).
EUROPE_WINDOW = (2_550_000, 1_050_000, 7_450_000, 5_500_000)


def europe_window(window=EUROPE_WINDOW):
    """Countries (ADM0_A3, NAME, geometry) cut to a rectangle of the Europe
    projection; clipped to a generous lon/lat box first so that nothing far
    away is projected."""
    from shapely.geometry import box

    from belpolicy.analysis.maps import EUROPE_CRS, countries

    frame = countries()
    frame = frame.clip(box(-45.0, 15.0, 75.0, 82.0))
    frame = frame[~frame.geometry.is_empty].to_crs(EUROPE_CRS)
    frame = frame.clip(box(*window))
    frame = frame[~frame.geometry.is_empty]
    return frame.sort_values("ADM0_A3", kind="stable").reset_index(drop=True)


def map_frame(region, status: pd.DataFrame, target: str = "BLR"):
    """`region` (countries on the map) with each state's status; states with no
    dated row get NO_DATA, the target state (Belarus) 'target'."""
    shown = region.merge(status[["a3", "status", "since", "via", "inferred"]], left_on="ADM0_A3",
                         right_on="a3", how="left").drop(columns="a3")
    shown["status"] = shown["status"].fillna(NO_DATA)
    shown.loc[shown["ADM0_A3"] == target, "status"] = "target"
    return shown


def sanctions_map(shown, counts: pd.DataFrame, labels: dict[str, str], label_offsets: dict[str, tuple[float, float]],
                  off_map: list[str], target: str = "BLR", target_label: str = "Belarus"):
    """Choropleth of sanctions status. `labels` names the states to label (others
    stay unlabelled so that nothing collides); `label_offsets` moves a label by
    (dx, dy) metres with a leader line; `off_map` lines are listed under the
    legend. The map takes the house width; legend and list sit below it."""
    import matplotlib.patheffects as pe
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from belpolicy.analysis.maps import for_drawing

    minx, miny, maxx, maxy = shown.total_bounds
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, FIGURE_WIDTH_IN * (maxy - miny) / (maxx - minx)))
    fig.subplots_adjust(left=0, right=1, top=1, bottom=0)
    drawn = for_drawing(shown, maxx - minx, FIGURE_WIDTH_IN)  # labels and frame keep the full geometry
    no_data = drawn[drawn["status"] == NO_DATA]
    no_data.plot(ax=ax, color=NO_DATA_COLOUR, edgecolor="#9A9A9A", linewidth=0.3, hatch="....")
    for status_value in STATUS_ORDER:
        rows = drawn[drawn["status"] == status_value]
        if not rows.empty:
            rows.plot(ax=ax, color=STATUS_COLOURS[status_value], edgecolor="white", linewidth=0.35)
    drawn[drawn["status"] == "target"].plot(ax=ax, color=TARGET_COLOUR, edgecolor="black", linewidth=0.6)
    # Outline the labelled states so they can be found among the others.
    drawn[drawn["ADM0_A3"].isin(labels)].plot(ax=ax, facecolor="none", edgecolor="black", linewidth=0.8)

    halo = [pe.withStroke(linewidth=2.6, foreground="white")]
    for a3, name in labels.items():
        shape = shown.loc[shown["ADM0_A3"] == a3]
        if shape.empty:
            continue
        point = shape.geometry.union_all().representative_point()
        dx, dy = label_offsets.get(a3, (0.0, 0.0))
        arrow = dict(arrowstyle="-", color="black", linewidth=0.7) if (dx, dy) != (0.0, 0.0) else None
        colour = "white" if a3 == target else "black"
        effects = [pe.withStroke(linewidth=2.6, foreground=TARGET_COLOUR)] if a3 == target else halo
        ax.annotate(name, xy=(point.x, point.y), xytext=(point.x + dx, point.y + dy), ha="center", va="center",
                    fontsize=SMALLEST_FONT_PT, fontweight="bold", color=colour, path_effects=effects,
                    arrowprops=arrow)

    handles = [Patch(facecolor=STATUS_COLOURS[row.status], edgecolor="#666666", linewidth=0.4,
                     label=wrap(f"{row.label} ({row.states})", 0.85)) for row in counts.itertuples()]
    handles.append(Patch(facecolor=NO_DATA_COLOUR, edgecolor="#9A9A9A", hatch="....", linewidth=0.4,
                         label=NO_DATA_LABEL))
    handles.append(Patch(facecolor=TARGET_COLOUR, edgecolor="black", linewidth=0.4, label=target_label))
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.01), frameon=False,
                       title=wrap("Status on the edition's date (number of states, worldwide)", 0.95),
                       alignment="left")
    if off_map:
        # Anchored to the legend's lower left corner, so the list starts where the legend ends.
        ax.annotate("Outside the map:\n" + "\n".join(wrap(line, 0.95) for line in off_map), xy=(0, 0),
                    xycoords=legend, xytext=(4, -6), textcoords="offset points", fontsize=SMALLEST_FONT_PT,
                    va="top", ha="left", linespacing=1.3)
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_axis_off()
    return fig
