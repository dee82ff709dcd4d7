"""Opinion polls for the recommendation chapters: the paper's Table 2 (the
'Western lifestyle' by recent EU visit), support for Russia's war across waves,
and the paper's Figure 1 (war support by media consumption).

Answers are worded differently from wave to wave. They are harmonised only
through the explicit mappings below (original wording -> category); an answer
missing from a mapping is an error, never a silent guess. Every frame keeps the
original `answer` text beside its `category`.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from belpolicy.analysis.polls import CHATHAM_HOUSE, dated_waves, wave_row
from belpolicy.analysis.style import FIGURE_WIDTH_IN, OKABE_ITO, SMALLEST_FONT_PT, wrap
from belpolicy.errors import DataShapeError

# The wave the paper cites for 45 % against the war and 24 % unsure (its note 31).
PAPER_WAR_WAVE = "CH-2022-08a"

# --------------------------------------------------------------------------- Table 2

TABLE2_QUESTION = "western_lifestyle"
TABLE2_SUBGROUPS = {
    "all": "All respondents",
    "visited_eu_5y": "Visited the EU in the last five years",
    "not_visited_eu_5y": "Have not visited the EU in the last five years",
}
LIFESTYLE_POSITIVE = ("extremely positive", "somewhat positive")
LIFESTYLE_NEGATIVE = ("somewhat negative", "extremely negative")

# --------------------------------------------------------------------------- war support

WAR_QUESTION = "war_support"
# Original answer wording -> harmonised category. "mixed" (support some actions,
# not others) was offered in April 2022 only and is kept apart from "support".
WAR_SUPPORT_CATEGORIES = {
    "support": "support",
    "support (to some degree)": "support",
    "support to some degree": "support",
    "fully or rather support": "support",
    "fully or partially support Russia": "support",
    "approve": "support",
    "do not support": "do not support",
    "do not support Russia": "do not support",
    "oppose": "do not support",
    "disapprove": "do not support",
    "not sure": "not sure",
    "no opinion": "not sure",
    "difficult to answer": "not sure",
    "support some actions, not others": "mixed",
}
WAR_CATEGORY_ORDER = ("support", "do not support", "not sure", "mixed")
WAR_CATEGORY_COLOURS = {
    "support": OKABE_ITO["vermillion"],
    "do not support": OKABE_ITO["blue"],
    "not sure": OKABE_ITO["grey"],
    "mixed": OKABE_ITO["orange"],
}

# --------------------------------------------------------------------------- media consumption

MEDIA_SUBGROUPS = {
    "state_media_users": "state",
    "non_state_media_users": "non_state",
    "both_media_users": "both",
    "inactive_media_users": "inactive",
}
MEDIA_GROUP_QUESTION = "media_consumption_group"
# Original wording of the media-consumption groups -> the same keys.
MEDIA_GROUP_ANSWERS = {
    "state media only": "state",
    "state media only (Belarusian state and Kremlin)": "state",
    "independent (non-state) media": "non_state",
    "opposition (independent) media": "non_state",
    "both state and non-state": "both",
    "not avid media users (inactive)": "inactive",
}
MEDIA_LABELS = {
    "state": "State media",
    "non_state": "Non-state media",
    "both": "Both state and non-state",
    "inactive": "Inactive media users",
}
MEDIA_COLOURS = {
    "state": OKABE_ITO["vermillion"],
    "non_state": OKABE_ITO["blue"],
    "both": OKABE_ITO["purple"],
    "inactive": OKABE_ITO["grey"],
}


# --------------------------------------------------------------------------- Table 2


def breakdown(results: pd.DataFrame, wave_id: str, question_id: str, subgroups: dict[str, str]) -> pd.DataFrame:
    """Long rows (subgroup, answer, percent, source_url) of one wave's question for
    the given subgroups, answers in file order, subgroups in the given order."""
    rows = results[(results["wave_id"] == wave_id) & (results["question_id"] == question_id)
                   & results["subgroup"].isin(list(subgroups))]
    rows = rows.assign(_order=rows["subgroup"].map(list(subgroups).index))
    rows = rows.sort_values("_order", kind="stable")
    return rows[["wave_id", "subgroup", "answer", "percent", "value_qualifier", "source_url"]].reset_index(drop=True)


def wide(long: pd.DataFrame, subgroups: dict[str, str]) -> pd.DataFrame:
    """Answers down, subgroups across (labelled), in the order given: the paper's layout."""
    answers = list(dict.fromkeys(long["answer"]))
    table = long.pivot(index="answer", columns="subgroup", values="percent")
    table = table.reindex(index=answers, columns=[s for s in subgroups if s in set(long["subgroup"])])
    return table.rename(columns=subgroups).rename_axis(index="Answer", columns=None)


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """For display: numeric columns whose values are all whole as integers
    (11 rather than 11.0); others unchanged."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_float_dtype(values) and ((values.dropna() % 1) == 0).all():
            shown[column] = values.round().astype("Int64")
    return shown


def share(long: pd.DataFrame, subgroup: str, answers: tuple[str, ...]) -> float | None:
    rows = long[(long["subgroup"] == subgroup) & long["answer"].isin(answers)]
    return None if rows.empty else float(rows["percent"].sum())


def lifestyle_bars(long: pd.DataFrame, subgroups: dict[str, str]):
    """One stacked horizontal bar per subgroup, answers from most positive to most
    negative. Each subgroup's name sits above its bar, so the bars take the whole
    width of a phone column."""
    answers = list(dict.fromkeys(long["answer"]))
    palette = [OKABE_ITO["blue"], OKABE_ITO["sky"], "#CCCCCC", OKABE_ITO["orange"], OKABE_ITO["vermillion"]]
    groups = [s for s in subgroups if s in set(long["subgroup"])]
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.9 * len(groups) + 1.7))
    fig.subplots_adjust(left=0.03, right=0.97)
    for position, group in enumerate(groups):
        left = 0.0
        rows = long[long["subgroup"] == group].set_index("answer")["percent"]
        for index, answer in enumerate(answers):
            value = float(rows.get(answer, 0))
            ax.barh(position, value, left=left, color=palette[index % len(palette)], edgecolor="white",
                    label=answer if position == 0 else None, height=0.55)
            if value >= 3:  # narrower segments cannot hold a label
                ax.text(left + value / 2, position, f"{value:.0f}", ha="center", va="center",
                        fontsize=SMALLEST_FONT_PT, color="white" if index in (0, 4) else "black")
            left += value
        ax.text(0, position - 0.32, subgroups[group], ha="left", va="bottom")
    ax.set_yticks([])
    ax.set_ylim(len(groups) - 0.6, -0.7)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of respondents (%)")
    ax.grid(axis="y", alpha=0)
    ax.spines["left"].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.15), ncol=2, frameon=False)
    return fig


# --------------------------------------------------------------------------- war support


def harmonise(rows: pd.DataFrame, mapping: dict[str, str]) -> pd.Series:
    """The category of each row's answer, through `mapping` only."""
    unknown = sorted(set(rows["answer"]) - set(mapping))
    if unknown:
        raise DataShapeError(f"answers with no entry in the mapping: {unknown}; add them explicitly")
    return rows["answer"].map(mapping)


def harmonised_trend(results: pd.DataFrame, waves: pd.DataFrame, question_id: str, mapping: dict[str, str],
          cutoff: pd.Timestamp, pollster: str = CHATHAM_HOUSE, subgroup: str = "all") -> pd.DataFrame:
    """One question's answers across the pollster's dated waves up to `cutoff`,
    with the original answer and its harmonised category, oldest wave first."""
    shown = dated_waves(waves, cutoff, pollster)
    rows = results[(results["question_id"] == question_id) & (results["subgroup"] == subgroup)
                   & results["wave_id"].isin(shown["wave_id"])]
    rows = rows.merge(shown[["wave_id", "fieldwork_start", "fieldwork_end"]], on="wave_id", how="left")
    rows = rows.assign(category=harmonise(rows, mapping))
    rows = rows.sort_values("fieldwork_end", kind="stable").reset_index(drop=True)
    return rows[["wave_id", "pollster", "fieldwork_start", "fieldwork_end", "subgroup", "answer", "category",
                 "percent", "value_qualifier", "source_url"]]


def war_trend_chart(frame: pd.DataFrame, marks: dict[str, pd.Timestamp] | None = None):
    """Lines by harmonised category over the end of fieldwork; a category with
    one reading is a lone marker. Points carry their value."""
    # Tall enough that a label above one line stays clear of the line above it.
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 4.4))
    for category in WAR_CATEGORY_ORDER:
        rows = frame[frame["category"] == category].sort_values("fieldwork_end")
        if rows.empty:
            continue
        colour = WAR_CATEGORY_COLOURS[category]
        ax.plot(rows["fieldwork_end"], rows["percent"], marker="o", markersize=5, linewidth=1.8,
                color=colour, label=category, linestyle="-" if category != "mixed" else "none")
        # "mixed" sits among the other April 2022 points: label it on the left;
        # "not sure", the lowest line, is labelled below its points, clear of "mixed".
        offset, align, vertical = {"mixed": ((-7, 0), "right", "center"),
                                   "not sure": ((0, -7), "center", "top")}.get(category, ((0, 6), "center", "bottom"))
        for day, value in zip(rows["fieldwork_end"], rows["percent"]):
            ax.annotate(f"{value:g}", xy=(day, value), xytext=offset, textcoords="offset points",
                        ha=align, va=vertical, fontsize=SMALLEST_FONT_PT, color=colour)
    for label, day in (marks or {}).items():
        ax.axvline(day, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        ax.annotate(wrap(label, 0.3), xy=(day, 0.98), xycoords=("data", "axes fraction"), xytext=(3, 0),
                    textcoords="offset points", fontsize=SMALLEST_FONT_PT, va="top")
    ax.set_ylim(0, 100)
    ax.set_ylabel("Share of respondents (%)")
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    low, high = frame["fieldwork_end"].min(), frame["fieldwork_end"].max()
    ax.set_xlim(low - pd.Timedelta(days=60), high + pd.Timedelta(days=45))
    ax.legend(loc="upper right", frameon=False, ncol=2)
    return fig


def category_value(frame: pd.DataFrame, wave_id: str, category: str) -> pd.Series | None:
    """The row of `category` in one wave (None when the wave has no such answer)."""
    rows = frame[(frame["wave_id"] == wave_id) & (frame["category"] == category)]
    return None if rows.empty else rows.iloc[0]


# --------------------------------------------------------------------------- Figure 1


def media_breakdown(results: pd.DataFrame, wave_id: str, answer: str = "support") -> pd.DataFrame:
    """War support by media group in one wave: one row per group, in the paper's order."""
    rows = results[(results["wave_id"] == wave_id) & (results["question_id"] == WAR_QUESTION)
                   & results["subgroup"].isin(list(MEDIA_SUBGROUPS)) & (results["answer"] == answer)]
    rows = rows.assign(group=rows["subgroup"].map(MEDIA_SUBGROUPS))
    rows = rows.assign(_order=rows["group"].map(list(MEDIA_LABELS).index)).sort_values("_order")
    rows = rows.assign(label=rows["group"].map(MEDIA_LABELS))
    return rows[["wave_id", "subgroup", "group", "label", "answer", "percent", "source_url"]].reset_index(drop=True)


def media_groups(results: pd.DataFrame, waves: pd.DataFrame, cutoff: pd.Timestamp,
                 pollster: str = CHATHAM_HOUSE) -> pd.DataFrame:
    """How large each media-consumption group is, across dated waves up to `cutoff`."""
    frame = harmonised_trend(results, waves, MEDIA_GROUP_QUESTION, MEDIA_GROUP_ANSWERS, cutoff, pollster)
    frame = frame.rename(columns={"category": "group"})
    return frame.assign(label=frame["group"].map(MEDIA_LABELS))


def media_bars(frame: pd.DataFrame, sizes: pd.DataFrame | None = None):
    """Figure 1 rebuilt: share supporting the war in each media group, one bar each,
    the group's name above its bar. `sizes` (group, percent) adds each group's
    share of respondents to its label."""
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.7 * len(frame) + 1.0))
    fig.subplots_adjust(left=0.03, right=0.97)
    size = {} if sizes is None else dict(zip(sizes["group"], sizes["percent"]))
    labels = [f"{row.label} ({size[row.group]:g}% of respondents)" if row.group in size else row.label
              for row in frame.itertuples()]
    bars = ax.barh(range(len(frame)), frame["percent"], color=[MEDIA_COLOURS[g] for g in frame["group"]],
                   height=0.5)
    ax.bar_label(bars, labels=[f"{v:g}%" for v in frame["percent"]], padding=3)
    for position, label in enumerate(labels):
        ax.text(0, position - 0.3, label, ha="left", va="bottom")
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(len(frame) - 0.6, -0.75)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Support Russia’s war against Ukraine (% of each group)")
    ax.grid(axis="y", alpha=0)
    return fig


def media_group_bars(frame: pd.DataFrame, waves: pd.DataFrame):
    """Size of the media-consumption groups, grouped by wave (a group a wave did
    not report is simply absent)."""
    wave_ids = list(dict.fromkeys(frame["wave_id"]))
    groups = [g for g in MEDIA_LABELS if g in set(frame["group"])]
    width = 0.8 / max(len(wave_ids), 1)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 3.6))
    shades = [OKABE_ITO["sky"], OKABE_ITO["blue"], OKABE_ITO["green"], OKABE_ITO["orange"]]
    for index, wave_id in enumerate(wave_ids):
        rows = frame[frame["wave_id"] == wave_id].set_index("group")
        row = wave_row(waves, wave_id)
        label = f"{wave_id} ({row['fieldwork_end']:%B %Y})"
        xs = [position + (index - (len(wave_ids) - 1) / 2) * width
              for position, group in enumerate(groups) if group in rows.index]
        values = [rows.at[group, "percent"] for group in groups if group in rows.index]
        bars = ax.bar(xs, values, width=width * 0.95, color=shades[index % len(shades)], label=label)
        ax.bar_label(bars, labels=[f"{v:g}" for v in values], padding=2, fontsize=SMALLEST_FONT_PT)
    ax.set_xticks(range(len(groups)), [wrap(MEDIA_LABELS[g], 1 / len(groups)) for g in groups])
    ax.set_ylabel("Share of respondents (%)")
    ax.set_ylim(0, max(frame["percent"].max() * 1.15, 10))
    ax.grid(axis="x", alpha=0)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.25), ncol=1, frameon=False)
    return fig
