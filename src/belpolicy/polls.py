"""Opinion polls: picking a wave and reading one question's answers."""

from __future__ import annotations

import pandas as pd

from .params import LATEST
from .staging import plain_text


def waves_asking(results: pd.DataFrame, waves: pd.DataFrame, question_id: str,
                 as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Waves that asked `question_id`, oldest first, dated (fieldwork_date) by `as_of`."""
    asked = waves[waves["wave_id"].isin(results.loc[results["question_id"] == question_id, "wave_id"])]
    # Every wave is placed in time by fieldwork_date (the end of fieldwork, or of the
    # month or period the source names; fieldwork_date_precision says which).
    if as_of is not None:
        asked = asked[asked["fieldwork_date"] <= as_of]
    return asked.sort_values(["fieldwork_date", "wave_id"], kind="mergesort").reset_index(drop=True)


def pick_wave(results, waves, question_id: str, wave: str, as_of: pd.Timestamp | None = None) -> str | None:
    """`wave` itself, or for 'latest' the newest wave that asked the question."""
    if wave != LATEST:
        return wave
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
