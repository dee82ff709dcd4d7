"""Opinion polls: everything about waves (which wave, when it was in the field,
how a caption describes it) and reading one question's answers."""

from __future__ import annotations

import pandas as pd

from belpolicy.data.params import LATEST
from belpolicy.errors import UnquotableTextError
from belpolicy.text import SAFE_VALUE, fmt_span, plain_text, safe_text

CHATHAM_HOUSE = "Chatham House Belarus Initiative"


def waves_asking(results: pd.DataFrame, waves: pd.DataFrame, question_id: str,
                 as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Waves that asked `question_id`, oldest first, dated (fieldwork_date) by `as_of`."""
    asked = waves[waves["wave_id"].isin(results.loc[results["question_id"] == question_id, "wave_id"])]
    # Every wave is placed in time by fieldwork_date (the end of fieldwork, or of the
    # month or period the source names; fieldwork_date_precision says which).
    if as_of is not None:
        asked = asked[asked["fieldwork_date"] <= as_of]
    return asked.sort_values(["fieldwork_date", "wave_id"], kind="mergesort").reset_index(drop=True)


def pick_wave(results, waves, question_id: str, wave: str, as_of: pd.Timestamp | None = None,
              subgroups: tuple[str, ...] | None = None) -> str | None:
    """`wave` itself, or for 'latest' the newest dated wave up to `as_of` that
    asked the question (of any of `subgroups`, when given)."""
    if wave != LATEST:
        return wave
    if subgroups is not None:
        results = results[results["subgroup"].isin(subgroups)]
    asked = waves_asking(results, waves, question_id, as_of)
    return None if asked.empty else asked.iloc[-1]["wave_id"]


def answers(results: pd.DataFrame, wave_id: str, question_id: str, subgroup: str = "all") -> pd.DataFrame:
    """The answers of one wave to one question for one subgroup, in file order."""
    rows = results[(results["wave_id"] == wave_id) & (results["question_id"] == question_id)
                   & (results["subgroup"] == subgroup)]
    return rows[["answer", "percent", "value_qualifier", "source_url"]].reset_index(drop=True)


def wave_note(waves: pd.DataFrame, wave_id: str) -> str:
    """Fieldwork, sample and method of a wave, for captions and notes."""
    row = waves[waves["wave_id"] == wave_id].iloc[0]
    parts = [str(row["pollster"])]
    if pd.notna(row["wave"]):
        parts.append(f"wave {int(row['wave'])}")
    parts.append(f"fieldwork {row['fieldwork_text']}")
    if pd.notna(row["sample_size"]):
        parts.append(f"{int(row['sample_size']):,} respondents")
    parts.append(str(row["method"]))
    parts.append(str(row["population"]))
    return plain_text("; ".join(parts))


def wave_row(waves: pd.DataFrame, wave_id: str) -> pd.Series:
    return waves[waves["wave_id"] == wave_id].iloc[0]


def fieldwork_dates(row: pd.Series) -> str:
    """'15–31 August 2022', '20 January – 9 February 2022', or the source's own text."""
    return fmt_span(row["fieldwork_start"], row["fieldwork_end"]) or str(row["fieldwork_text"])


def wave_caption(waves: pd.DataFrame, wave_id: str) -> str:
    """Pollster and wave, fieldwork dates, sample size and method, for captions.
    Only characters the book's variables accept (no quotes, no '=')."""
    row = wave_row(waves, wave_id)
    label = f"wave {int(row['wave'])}" if pd.notna(row["wave"]) else "wave number not published"
    sample = (f"{int(row['sample_size']):,} respondents" if pd.notna(row["sample_size"])
              else "sample size not given in the sources used")
    method = str(row["method"])
    method = method if "online" in method.lower() else f"online survey ({method})"
    population = str(row["population"]).split(";")[0]
    text = (f"{row['pollster']}, {label} ({wave_id}), fieldwork {fieldwork_dates(row)}, {sample}, "
            f"method: {method}, {population}")
    return safe_text(text)


def wave_details(waves: pd.DataFrame) -> pd.DataFrame:
    """wave_id, fieldwork dates as printed and sample size, for tables."""
    return pd.DataFrame({"wave_id": waves["wave_id"],
                         "fieldwork": [fieldwork_dates(row) for _, row in waves.iterrows()],
                         "sample_size": [f"{int(v):,}" if pd.notna(v) else "not given" for v in waves["sample_size"]]})


def dated_waves(waves: pd.DataFrame, cutoff: pd.Timestamp, pollster: str | None = None) -> pd.DataFrame:
    """Waves whose fieldwork ended on or before `cutoff` (undated waves excluded)."""
    shown = waves[waves["fieldwork_end"].notna() & (waves["fieldwork_end"] <= cutoff)]
    if pollster is not None:
        shown = shown[shown["pollster"] == pollster]
    return shown.sort_values("fieldwork_end", kind="stable").reset_index(drop=True)


def undated_waves_asking(results: pd.DataFrame, waves: pd.DataFrame, question_id: str,
                         pollster: str | None = None) -> pd.DataFrame:
    """Waves that asked `question_id` but have no fieldwork end date in the data."""
    asked = set(results.loc[results["question_id"] == question_id, "wave_id"])
    found = waves[waves["wave_id"].isin(asked) & waves["fieldwork_end"].isna()]
    if pollster is not None:
        found = found[found["pollster"] == pollster]
    return found.reset_index(drop=True)


def newest_answer(results: pd.DataFrame, waves: pd.DataFrame, question_id: str, answer: str,
                  cutoff: pd.Timestamp, subgroup: str = "all", pollster: str = CHATHAM_HOUSE) -> pd.Series | None:
    """The newest dated reading of one answer up to `cutoff` (None if there is none),
    with the wave's fieldwork end."""
    shown = dated_waves(waves, cutoff, pollster)
    rows = results[(results["question_id"] == question_id) & (results["answer"] == answer)
                   & (results["subgroup"] == subgroup) & results["wave_id"].isin(shown["wave_id"])]
    if rows.empty:
        return None
    rows = rows.merge(shown[["wave_id", "fieldwork_end"]], on="wave_id").sort_values("fieldwork_end", kind="stable")
    return rows.iloc[-1]


DATE_BASIS = {"exact": "end of fieldwork", "month": "end of the month the sources name",
              "period": "end of the period the sources name", "year": "end of the year the sources name",
              "before": "fieldwork ended before this day"}


def wave_dates(waves: pd.DataFrame) -> pd.DataFrame:
    """wave_id, wave_date (the schema's fieldwork_date), date_basis (its precision in
    words), wave_month (month fieldwork began, as text: from fieldwork_start, else
    from the month in the wave id, else from wave_date)."""
    month = waves["wave_id"].str.extract(r"-(\d{4})-(\d{2})")
    from_id = pd.to_datetime(month[0] + "-" + month[1] + "-01", errors="coerce")
    frame = pd.DataFrame({
        "wave_id": waves["wave_id"],
        "wave_date": waves["fieldwork_date"],
        "date_basis": [DATE_BASIS[p] for p in waves["fieldwork_date_precision"]],
    })
    start = waves["fieldwork_start"].where(waves["fieldwork_start"].notna(), from_id)
    start = start.where(start.notna(), frame["wave_date"])
    frame["wave_month"] = start.dt.strftime("%B %Y")
    return frame


def waves_in(tidy: pd.DataFrame, waves: pd.DataFrame) -> pd.DataFrame:
    """The waves a trend draws on, oldest first, with the note every caption needs."""
    used = tidy.drop_duplicates("wave_id").sort_values("wave_date", kind="stable")
    return pd.DataFrame({
        "wave_id": used["wave_id"].tolist(),
        "placed_at": used["wave_date"].dt.strftime("%Y-%m-%d").tolist(),
        "questions": [", ".join(sorted(set(tidy.loc[tidy["wave_id"] == w, "question_id"]))) for w in used["wave_id"]],
        "fieldwork, sample and method": [wave_note(waves, w) for w in used["wave_id"]],
    })


def waves_brief(waves: pd.DataFrame, wave_ids) -> str:
    """Fieldwork dates, sample size and method of several waves, for a caption:
    '22–28 September 2020, 899 respondents, CAWI; ...'."""
    dates = wave_dates(waves).set_index("wave_id")
    parts = []
    for wave_id in wave_ids:
        row = waves[waves["wave_id"] == wave_id].iloc[0]
        span = fmt_span(row["fieldwork_start"], row["fieldwork_end"])
        when = span or f"{dates.loc[wave_id, 'wave_month']} (exact dates not in the sources)"
        size = f"{int(row['sample_size']):,} respondents" if pd.notna(row["sample_size"]) else "sample size not in the sources"
        method = str(row["method"]).replace("(", "").replace(")", "")
        parts.append(f"{when}, {size}, {method}")
    text = "; ".join(parts)
    if not SAFE_VALUE.fullmatch(text):
        raise UnquotableTextError(f"wave summary has characters the book cannot quote: {text!r}")
    return text
