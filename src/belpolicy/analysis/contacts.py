"""Western contacts with Lukashenka and the releases of prisoners that followed.

Shared by chapter 2 (isolation that could not hold) and chapter 8 (a direct
channel to Lukashenka). The rules, in one place:

- A *contact* is an `events` row whose `kinds` include `contact` (a call, a
  meeting, a conversation, a visit or credentials presented, as `contact_mode`
  says, with the Western `party`). Statements about Belarus made in Western
  capitals are diplomacy but not contacts. The kinds are data, not read from
  the text (data/datapackage.yaml).
- A *release record* is a row of `prisoner_releases` with `is_cumulative = no`
  (one pardon, one brokered release, or a month's figure), or an `events` row
  whose `kinds` include `release` on a day for which `prisoner_releases` has no
  single row (the same release is never counted twice). A summary of a period
  is neither a contact nor a release. Running totals
  (`is_cumulative = yes`) are kept apart and never added to single records.
- A release *followed* a contact when both are dated to the day and the release
  came 0 to `window` days after it, or when either is known to the month only
  and both fall in the same calendar month (the order inside the month is then
  not known from the dates). Following is a matter of timing, not proof of cause.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from belpolicy.analysis import releases
from belpolicy.analysis.figures import date_axis
from belpolicy.text import fmt_count
from belpolicy.analysis.style import FIGURE_WIDTH_IN, OKABE_ITO, SMALLEST_FONT_PT, wrap
from belpolicy.data.semantics import newest_order

WINDOW_DAYS = 30
MONTH_ONLY = frozenset({"month"})
LANE_CONTACT = "Contact with Lukashenka"
LANE_RELEASE = "Release"
LANE_OTHER = "Other diplomatic step"
LANES = (LANE_OTHER, LANE_CONTACT, LANE_RELEASE)


# --------------------------------------------------------------------------- text helpers


def has_kind(kinds, kind: str) -> bool:
    """Whether an `events.kinds` cell ('contact', 'contact;release', ...) includes `kind`."""
    return isinstance(kinds, str) and kind in kinds.split(";")


def _kind_mask(events: pd.DataFrame, kind: str) -> pd.Series:
    return pd.Series([has_kind(k, kind) for k in events["kinds"]], index=events.index, dtype=bool)


def when(day, precision: str) -> str:
    """A date as precisely as the source gives it: '12 February 2025' or 'February 2022'."""
    day = pd.Timestamp(day)
    if precision in MONTH_ONLY:
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"


def on_or_in(day, precision: str) -> str:
    """The date with the preposition English wants: 'on 12 February 2025', 'in February 2022'."""
    return ("in " if precision in MONTH_ONLY else "on ") + when(day, precision)


# --------------------------------------------------------------------------- tables


def contacts(events: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Contacts up to `cutoff`, numbered 1.. in date order."""
    rows = events[(events["date"] <= cutoff) & _kind_mask(events, "contact")]
    rows = rows.sort_values(["date", "event"], kind="mergesort").reset_index(drop=True)
    rows.insert(0, "no", range(1, len(rows) + 1))
    rows["when"] = [when(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    return rows[["no", "date", "date_precision", "when", "event", "party", "contact_mode", "source_url"]]


def release_events(events: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Rows of `events` whose kinds include release, up to `cutoff`."""
    rows = events[_kind_mask(events, "release") & (events["date"] <= cutoff)]
    rows = rows.sort_values(["date", "event"], kind="mergesort").reset_index(drop=True)
    rows["when"] = [when(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    return rows[["date", "date_precision", "when", "event", "source_url"]]


def lanes(events: pd.DataFrame, records: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """The timeline's rows up to `cutoff`: diplomacy events (contacts numbered,
    other steps apart) and the release records (from `release_records` or
    `event_release_records`), each in one lane."""
    contact = _kind_mask(events, "contact")
    diplomacy = events[((events["category"] == "diplomacy") | contact) & (events["date"] <= cutoff)]
    numbered = contacts(events, cutoff).set_index(["date", "event"])["no"]
    steps = pd.DataFrame({
        "date": diplomacy["date"], "date_precision": diplomacy["date_precision"],
        "lane": [LANE_CONTACT if has_kind(k, "contact") else LANE_OTHER for k in diplomacy["kinds"]],
        "contact_no": pd.array([numbered.get((d, t), pd.NA) for d, t in zip(diplomacy["date"], diplomacy["event"])],
                               dtype="Int64"),
        "description": diplomacy["event"], "number_released": pd.array([pd.NA] * len(diplomacy), dtype="Int64"),
        "source_url": diplomacy["source_url"],
    })
    released = records[records["date"] <= cutoff]
    freed = pd.DataFrame({
        "date": released["date"], "date_precision": released["date_precision"], "lane": LANE_RELEASE,
        "contact_no": pd.array([pd.NA] * len(released), dtype="Int64"), "description": released["description"],
        "number_released": released["number_released"].astype("Int64"), "source_url": released["source_url"],
    })
    rows = pd.concat([frame for frame in (steps, freed) if not frame.empty] or [steps], ignore_index=True)
    rows = rows.sort_values(["date", "lane", "description"], kind="mergesort").reset_index(drop=True)
    rows["when"] = [when(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    return rows[["date", "date_precision", "when", "lane", "contact_no", "description", "number_released", "source_url"]]


_RECORD_COLUMNS = ["date", "date_precision", "when", "description", "number_released", "qualifier", "origin",
                   "source_url"]


def _records(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.sort_values(["date", "origin", "description"], kind="mergesort").reset_index(drop=True)
    rows["number_released"] = rows["number_released"].astype("Int64")
    rows["when"] = [when(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    return rows[_RECORD_COLUMNS]


def event_release_records(events: pd.DataFrame, cutoff: pd.Timestamp, skip_dates=()) -> pd.DataFrame:
    """Release events as records (no number: `events` has no such column),
    leaving out the days in `skip_dates`."""
    rows = release_events(events, cutoff)
    rows = rows[~rows["date"].isin(set(skip_dates))]
    return _records(pd.DataFrame({
        "date": rows["date"], "date_precision": rows["date_precision"], "description": rows["event"],
        "number_released": pd.array([pd.NA] * len(rows), dtype="Int64"), "qualifier": None,
        "origin": "events", "source_url": rows["source_url"],
    }))


def release_records(events: pd.DataFrame, releases: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Single release records up to `cutoff` from both tables (see the module
    doc): number_released is empty where the source gives no number."""
    single = releases[(releases["is_cumulative"] == "no") & (releases["date"] <= cutoff)]
    from_table = pd.DataFrame({
        "date": single["date"], "date_precision": single["date_precision"],
        "description": single["context"], "number_released": single["number_released"].astype("Int64"),
        "qualifier": single["qualifier"], "origin": "prisoner_releases", "source_url": single["source_url"],
    })
    from_events = event_release_records(events, cutoff, skip_dates=single["date"])
    frames = [frame for frame in (from_table, from_events) if not frame.empty]
    if not frames:
        return from_events
    return _records(pd.concat(frames, ignore_index=True))


def running_totals(table: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Running totals of releases as stated (is_cumulative = yes) up to `cutoff`, with their
    text and the series each belongs to (one counter, one start date)."""
    rows = releases.running_totals(table, cutoff)
    rows["text"] = [fmt_count(n, q) for n, q in zip(rows["number_released"], rows["qualifier"])]
    rows["main"] = rows.index.isin(releases.in_series(rows, releases.main_series("prisoner_releases")).index)
    return rows[["date", "date_precision", "number_released", "qualifier", "text", "series", "main", "context",
                 "counted_by", "counted_since", "source_url"]]


def day_dated(records: pd.DataFrame) -> pd.DataFrame:
    """Release records dated to a day and carrying a number: each is one release."""
    return records[~records["date_precision"].isin(MONTH_ONLY) & records["number_released"].notna()]


# The paper's cases (notes 7 and 8): key -> (what, word that identifies the row
# in `events`, category). The Swiss case has two rows: the credentials and the release.
PAPER_CASES = {
    "pompeo": ("Pompeo's call and Shklyarov's release", "Pompeo", "diplomacy"),
    "merkel": ("Merkel's call and the easing of the border crisis", "Merkel", "diplomacy"),
    "herzog": ("Reiten-Stoll's release after Herzog's call", "Reiten-Stoll", "release"),
    "swiss": ("the Swiss ambassador's credentials", "Swiss ambassador", "diplomacy"),
    "hersche": ("Hersche's release", "Hersche", "release"),
}


def paper_case(events: pd.DataFrame, key: str, cutoff: pd.Timestamp) -> pd.Series | None:
    """The `events` row holding one of the paper's cases, or None if the data do not hold it."""
    _, word, category = PAPER_CASES[key]
    rows = events[(events["category"] == category) & (events["date"] <= cutoff)
                  & events["event"].str.contains(word, regex=False)]
    return None if rows.empty else rows.sort_values("date", kind="stable").iloc[0]


# --------------------------------------------------------------------------- pairing


def relation(contact_day, contact_precision, release_day, release_precision, window: int = WINDOW_DAYS):
    """How a release stands to a contact: 'same day', 'N days later', 'same month'
    or None when it did not follow it (see the module doc)."""
    contact_day, release_day = pd.Timestamp(contact_day), pd.Timestamp(release_day)
    if contact_precision in MONTH_ONLY or release_precision in MONTH_ONLY:
        same = (contact_day.year, contact_day.month) == (release_day.year, release_day.month)
        return "same month" if same else None
    lag = (release_day - contact_day).days
    if 0 <= lag <= window:
        return "same day" if lag == 0 else f"{lag} day{'s' if lag > 1 else ''} later"
    return None


def pairs(contact_rows: pd.DataFrame, records: pd.DataFrame, window: int = WINDOW_DAYS) -> pd.DataFrame:
    """One row per (contact, release record) where the release followed the contact."""
    found = []
    for contact in contact_rows.itertuples():
        for record in records.itertuples():
            link = relation(contact.date, contact.date_precision, record.date, record.date_precision, window)
            if link:
                found.append({"contact_no": contact.no, "contact_date": contact.date, "contact": contact.event,
                              "release_date": record.date, "release_when": record.when, "relation": link,
                              "release": record.description, "number_released": record.number_released,
                              "qualifier": record.qualifier})
    columns = ["contact_no", "contact_date", "contact", "release_date", "release_when", "relation", "release",
               "number_released", "qualifier"]
    frame = pd.DataFrame(found, columns=columns)
    frame["number_released"] = frame["number_released"].astype("Int64")
    return frame


def _followed_text(rows: pd.DataFrame, with_numbers: bool, shared: dict) -> str:
    if rows.empty:
        return "no dated release record follows it"  # a release the paper mentions without a date is not a record
    parts = []
    for row in rows.itertuples():
        if with_numbers and pd.notna(row.number_released):
            what = f"{fmt_count(row.number_released, row.qualifier)} released"
        else:
            what = row.release
        others = [no for no in shared[(row.release_date, row.release)] if no != row.contact_no]
        also = f"; the same release also follows contact {', '.join(str(no) for no in others)}" if others else ""
        parts.append(f"{what} ({row.release_when}; {row.relation}{also})")
    return "; ".join(parts)


def outcomes(contact_rows: pd.DataFrame, paired: pd.DataFrame, *, with_numbers: bool = False) -> pd.DataFrame:
    """Each contact with the releases recorded as following it; a release that
    follows more than one contact says so, so that it is not read as two."""
    rows = contact_rows.copy()
    shared = paired.groupby(["release_date", "release"])["contact_no"].apply(list).to_dict() if not paired.empty else {}
    rows["releases_followed"] = [int((paired["contact_no"] == no).sum()) for no in rows["no"]]
    rows["followed_by"] = [_followed_text(paired[paired["contact_no"] == no], with_numbers, shared) for no in rows["no"]]
    return rows


# --------------------------------------------------------------------------- charts

_LANE_COLOURS = {LANE_OTHER: OKABE_ITO["grey"], LANE_CONTACT: OKABE_ITO["blue"], LANE_RELEASE: OKABE_ITO["vermillion"]}
_MARGIN = pd.Timedelta(days=60)


def _label_contacts(ax, rows: pd.DataFrame, y, **kwargs) -> None:
    """Write the contact numbers once per date ('3, 4' when two share a date).
    A label that would touch one already written goes a line higher, on the
    lowest line where it has room (at the house width dates a few weeks apart
    would print on top of each other)."""
    left, right = ax.get_xlim()
    per_inch = (right - left) / (ax.get_window_extent().width / ax.figure.dpi)

    def half_width(text: str) -> float:
        """Half a label's width in data units: about 0.55 em per character, plus a small gap."""
        return (len(text) * 0.55 * SMALLEST_FONT_PT / 72 + 0.06) / 2 * per_inch

    right_edges: list[float] = []  # per line, where its last label ends
    for day, group in rows.groupby("date", sort=True):
        text = ", ".join(str(n) for n in group["contact_no"] if pd.notna(n))
        if not text:
            continue
        x = mdates.date2num(day)
        line = next((i for i, edge in enumerate(right_edges) if x - half_width(text) >= edge), len(right_edges))
        if line == len(right_edges):
            right_edges.append(x)
        right_edges[line] = x + half_width(text)
        ax.annotate(text, xy=(day, y(day)), xytext=(0, 6 + 12 * line), textcoords="offset points", ha="center",
                    va="bottom", fontsize=SMALLEST_FONT_PT, fontweight="bold", color=OKABE_ITO["blue"], **kwargs)


def _frame_time(axes, start: pd.Timestamp, end: pd.Timestamp, marks: dict[str, pd.Timestamp]) -> None:
    """Same time span on every panel, from `start` to `end` (the edition's date);
    `marks` draws labelled dotted lines (e.g. the paper's date)."""
    for ax in axes:
        ax.set_xlim(start - _MARGIN, end + _MARGIN)
        for label, day in marks.items():
            ax.axvline(day, color=OKABE_ITO["black"], linestyle=(0, (1, 3)), linewidth=1, zorder=1)
    for label, day in marks.items():
        # At the top of the panel, left of its line: clear of markers on the time axis.
        axes[0].annotate(label, xy=(day, 1), xycoords=("data", "axes fraction"), xytext=(-3, -3),
                         textcoords="offset points", ha="right", va="top", fontsize=SMALLEST_FONT_PT,
                         color=OKABE_ITO["black"])
    date_axis(axes[-1])


def timeline_figure(lane_rows: pd.DataFrame, end: pd.Timestamp, marks: dict[str, pd.Timestamp] | None = None):
    """One lane per kind of event up to `end`; filled markers for events dated to
    the day, hollow ones for events known to the month only; contacts numbered."""
    present = [lane for lane in LANES if lane in set(lane_rows["lane"])]
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 3.0), layout="constrained")
    for index, lane in enumerate(present):
        rows = lane_rows[lane_rows["lane"] == lane]
        colour = _LANE_COLOURS[lane]
        month = rows["date_precision"].isin(MONTH_ONLY)
        ax.scatter(rows.loc[~month, "date"], [index] * int((~month).sum()), s=46, color=colour,
                   edgecolor="white", linewidth=0.6, zorder=3)
        ax.scatter(rows.loc[month, "date"], [index] * int(month.sum()), s=46, facecolor="white",
                   edgecolor=colour, linewidth=1.4, zorder=3)
    ax.scatter([], [], s=46, color=OKABE_ITO["black"], label="dated to the day")
    ax.scatter([], [], s=46, facecolor="white", edgecolor=OKABE_ITO["black"], linewidth=1.4,
               label="known to the month only")
    ax.set_yticks(range(len(present)), [wrap(lane, share=0.3) for lane in present])
    ax.set_ylim(-0.6, len(present) - 0.1)
    ax.invert_yaxis()
    ax.grid(axis="y", alpha=0)
    _frame_time([ax], lane_rows["date"].min(), end, marks or {})
    if present and LANE_CONTACT in present:
        _label_contacts(ax, lane_rows[lane_rows["lane"] == LANE_CONTACT], lambda day: present.index(LANE_CONTACT))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    return fig


def channel_figure(records: pd.DataFrame, contact_rows: pd.DataFrame, totals: pd.DataFrame, end: pd.Timestamp,
                   marks: dict[str, pd.Timestamp] | None = None):
    """Upper panel: release records (stems where a number is given; crosses on the
    axis where none is) with contacts as numbered dotted lines, up to `end`.
    Lower panel, only when there are any: running totals as stated, never added
    to the records."""
    with_totals = not totals.empty
    if with_totals:
        fig, (ax, low) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH_IN, 7.4), sharex=True, height_ratios=(3, 2),
                                      layout="constrained")
    else:
        fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 3.6), layout="constrained")
    colour = OKABE_ITO["vermillion"]
    for day in sorted(set(contact_rows["date"])):
        ax.axvline(day, color=OKABE_ITO["blue"], linestyle=":", linewidth=1.2, zorder=1)
    if not contact_rows.empty:
        ax.plot([], [], color=OKABE_ITO["blue"], linestyle=":", linewidth=1.2,
                label="contact with Lukashenka (numbered)")
    numbered = records[records["number_released"].notna()]
    values = numbered["number_released"].astype(float)
    month = numbered["date_precision"].isin(MONTH_ONLY)
    ax.vlines(numbered["date"], 0, values, color=colour, linewidth=1.2)
    if (~month).any():
        ax.scatter(numbered.loc[~month, "date"], values[~month], s=30, color=colour, zorder=3,
                   label="release dated to the day (people released)")
    if month.any():
        ax.scatter(numbered.loc[month, "date"], values[month], s=30, facecolor="white", edgecolor=colour,
                   linewidth=1.3, zorder=3, label="figure for a whole month (drawn on its first day)")
    unnumbered = records[records["number_released"].isna()]
    if not unnumbered.empty:
        ax.scatter(unnumbered["date"], [0] * len(unnumbered), marker="X", s=55, color=colour, zorder=4,
                   clip_on=False, label="release with no number in the data")
    top = max(float(values.max()) if not numbered.empty else 0, 5) * 1.25
    ax.set_ylim(0, top)
    if numbered.empty:
        ax.set_yticks([])
    ax.set_ylabel("People released")
    starts = [frame["date"].min() for frame in (records, contact_rows) if not frame.empty]
    start = min(starts) if starts else end
    handles, labels = ax.get_legend_handles_labels()
    if with_totals:
        stated = totals["number_released"].astype(float)
        # One line per series (one counter, one start date); series are never joined.
        colours = (OKABE_ITO["black"], OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["grey"], OKABE_ITO["sky"])
        for (series, rows), colour in zip(totals.groupby("series", sort=True), colours):
            exact = rows["qualifier"].fillna("exact") == "exact"
            values = rows["number_released"].astype(float)
            low.plot(rows["date"], values, color=colour, linewidth=1.2, zorder=2)
            low.scatter(rows.loc[exact, "date"], values[exact], s=22, color=colour, zorder=3,
                        label=wrap(f"running total, {series}"))
            if (~exact).any():
                low.scatter(rows.loc[~exact, "date"], values[~exact], s=22, facecolor="white", edgecolor=colour,
                            linewidth=1.2, zorder=3)
        if (totals["qualifier"].fillna("exact") != "exact").any():
            low.scatter([], [], s=22, facecolor="white", edgecolor=OKABE_ITO["black"], linewidth=1.2,
                        label=wrap("hollow: total given as a lower bound or approximately"))
        main = totals[totals["main"]]
        if not main.empty:
            newest = newest_order(main).iloc[-1]
            low.annotate(f"{newest['text']} ({when(newest['date'], 'exact')})",
                         xy=(newest["date"], float(newest["number_released"])), xytext=(-6, 8),
                         textcoords="offset points", ha="right", va="bottom", fontsize=SMALLEST_FONT_PT)
        low.set_ylim(0, float(stated.max()) * 1.35)
        low.set_ylabel("Running total\n(as stated)")
        more = low.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
        _frame_time([ax, low], start, end, marks or {})
    else:
        _frame_time([ax], start, end, marks or {})
    # Numbered once the time axis is set: how close two labels may sit depends on it.
    _label_contacts(ax, contact_rows.rename(columns={"no": "contact_no"}), lambda day: top, annotation_clip=False)
    fig.legend(handles, labels, loc="outside lower center", ncol=1, frameon=False)
    return fig


# --------------------------------------------------------------------------- generated text (lists that grow)

PARTY_NAMES = {"US": "the United States", "DE": "Germany", "FR": "France", "CH": "Switzerland", "IL": "Israel",
               "EU": "the European Union", "GB": "the United Kingdom", "PL": "Poland", "LT": "Lithuania"}
MODE_WORDS = {"call": ("call", "calls"), "visit": ("visit to Minsk", "visits to Minsk"),
              "meeting": ("meeting with him", "meetings with him"), "conversation": ("conversation", "conversations"),
              "credentials": ("presentation of credentials", "presentations of credentials")}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def parties_text(rows: pd.DataFrame) -> str:
    """The Western parties of the given contacts, in order of first contact: 'the United States'."""
    seen = list(dict.fromkeys(rows.sort_values(["date", "event"], kind="mergesort")["party"]))
    return _and([PARTY_NAMES.get(code, code) for code in seen]) if seen else "none"


def modes_text(rows: pd.DataFrame) -> str:
    """How the given contacts took place, counted: '2 visits to Minsk, 1 meeting with him and 1 call'."""
    counts = rows["contact_mode"].value_counts()
    order = sorted(counts.index, key=lambda mode: (-counts[mode], list(MODE_WORDS).index(mode)))
    parts = [f"{counts[m]} {MODE_WORDS[m][0] if counts[m] == 1 else MODE_WORDS[m][1]}" for m in order]
    return _and(parts) if parts else "none"


def list_text(rows: pd.DataFrame) -> str:
    """One entry per contact, with its date and the site it was read on (the row's own source)."""
    from belpolicy.data.sources import domain_of
    from belpolicy.text import plain_text

    entries = [f"{plain_text(event)} ({when_text}, {domain_of(url)})"
               for event, when_text, url in zip(rows["event"], rows["when"], rows["source_url"])]
    return "; ".join(entries) if entries else "none"


def without_contact(records: pd.DataFrame, paired: pd.DataFrame) -> pd.DataFrame:
    """The release records that followed no contact."""
    followed = set(zip(paired["release_date"], paired["release"]))
    keep = pd.Series([(day, text) not in followed for day, text in zip(records["date"], records["description"])],
                     index=records.index, dtype=bool)
    return records[keep]
