"""The claims register: the paper's checkable statements (`data/claims.yaml`),
each re-tested against the data for an edition's `as_of`.

A rule returns one of three statuses with the evidence behind it. Rules load
their tables with `data.load`, so a chapter that evaluates a claim must declare
the claim's tables in its `reads` (the pipeline enforces it) and is re-executed
when they change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from belpolicy import data

from belpolicy.analysis import polls, prisoners
from belpolicy.data import sources

HOLDS = "holds"
NO_LONGER = "no longer holds"
# A claim that sets a goal rather than stating a fact is reached or not under the
# book's yardstick; "holds" would say the paper's statement was confirmed.
REACHED = "reached"
NOT_REACHED = "not reached"
UNTESTABLE = "not testable with current data"
STATUSES = (HOLDS, NO_LONGER, REACHED, NOT_REACHED, UNTESTABLE)


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: str
    rows: object = None  # the rows (or source URLs) the evidence rests on, for the citation rule


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value.isoformat() if isinstance(value, dt.date) else str(value))


def counts_on_date(rule: dict, as_of: pd.Timestamp) -> Verdict:
    day = _day(rule["date"])
    if as_of < day:
        return Verdict(UNTESTABLE, f"the claim concerns {day.date()}, after this edition's date")
    counts = data.load("political_prisoners")
    found, wrong, used = [], [], []
    for counter, expected in rule["expect"].items():
        row = prisoners.count_on(counts, counter, day)
        if row is None:
            return Verdict(UNTESTABLE, f"no {counter} count dated {day.date()} in the data")
        found.append(f"{counter} {int(row['count']):,}")
        if int(row["count"]) != int(expected):
            wrong.append(counter)
        used.append(row["source_url"])
    evidence = "; ".join(found) + f" on {day.date()}"
    return Verdict(NO_LONGER if wrong else HOLDS, evidence, used)


def event_in_year(rule: dict, as_of: pd.Timestamp) -> Verdict:
    year = int(rule["year"])
    if as_of < pd.Timestamp(year=year, month=1, day=1):
        return Verdict(UNTESTABLE, f"a forecast for {year}, which lies after this edition's date")
    events = data.load("events")
    matches = events[events["event"].str.contains(rule["pattern"], regex=False) & (events["date"] <= as_of)
                     & (events["date"].dt.year == year)]
    if matches.empty:
        if as_of < pd.Timestamp(year=year, month=12, day=31):
            return Verdict(UNTESTABLE, f"no matching event in {year} up to this edition's date")
        return Verdict(NO_LONGER, f"no matching event dated in {year}")
    first = matches.sort_values("date").iloc[0]
    return Verdict(HOLDS, f"{first['date'].date()}: {first['event']}", first)


def stated_total_between(rule: dict, as_of: pd.Timestamp) -> Verdict:
    before = _day(rule["before"])
    totals = data.load("sanctions_totals")
    # Stated totals of the whole list, resting on primary or reputable sources (as the chapter quotes them).
    totals = sources.citable(totals[totals["persons_total"].notna() & ~totals["scope"].str.startswith("Subset:")])
    rows = totals[(totals["jurisdiction"] == rule["jurisdiction"]) & (totals["date"] < before)
                  & (totals["date"] <= as_of)].sort_values("date")
    if rows.empty:
        return Verdict(UNTESTABLE, f"no stated {rule['jurisdiction']} total before {before.date()}")
    last = rows.iloc[-1]
    persons = int(last["persons_total"])
    inside = rule["low"] <= persons <= rule["high"]
    return Verdict(HOLDS if inside else NO_LONGER,
                   f"{persons} persons on the {rule['jurisdiction']} list on {last['date'].date()} ({rule['reading']})",
                   last)


def annual_increase(rule: dict, as_of: pd.Timestamp) -> Verdict:
    if as_of < pd.Timestamp(year=int(rule["to_year"]) + 1, month=1, day=1):
        return Verdict(UNTESTABLE, f"{rule['to_year']} was not over by this edition's date")
    trade = data.load("trade_eu_belarus")
    rows = trade[(trade["flow"] == rule["flow"]) & (trade["unit"] == rule["unit"])
                 & (trade["period"] == "full year") & trade["reporter"].str.startswith("Eurostat")]
    by_year = rows.set_index("year")["value"]
    used = rows[rows["year"].isin([rule["from_year"], rule["to_year"]])]
    if not {rule["from_year"], rule["to_year"]} <= set(by_year.index):
        return Verdict(UNTESTABLE, f"no full-year Eurostat values for both {rule['from_year']} and {rule['to_year']}")
    old, new = by_year[rule["from_year"]], by_year[rule["to_year"]]
    return Verdict(HOLDS if new > old else NO_LONGER,
                   f"{rule['flow']}: {old:,.0f} in {rule['from_year']}, {new:,.0f} in {rule['to_year']} ({rule['unit']})",
                   used)


def _poll_tables():
    return data.load("poll_results"), data.load("poll_waves")


def _share(results, wave_id, question, subgroup, answers) -> float | None:
    rows = polls.answers(results, wave_id, question, subgroup)
    rows = rows[rows["answer"].isin(answers)]
    return None if len(rows) < len(answers) else float(rows["percent"].sum())


def poll_share_above(rule: dict, as_of: pd.Timestamp) -> Verdict:
    results, waves = _poll_tables()
    wave_id = polls.pick_wave(results, waves, rule["question"], "latest", as_of)
    if wave_id is None:
        return Verdict(UNTESTABLE, f"no wave up to this edition's date asked {rule['question']}")
    share = _share(results, wave_id, rule["question"], rule["subgroup"], rule["answers"])
    if share is None:
        return Verdict(UNTESTABLE, f"wave {wave_id} does not report all of {rule['answers']}")
    return Verdict(HOLDS if share > rule["threshold"] else NO_LONGER,
                   f"{share:g} % ({' + '.join(rule['answers'])}) in wave {wave_id}",
                   polls.answers(results, wave_id, rule["question"], rule["subgroup"]))


def poll_shares_equal(rule: dict, as_of: pd.Timestamp) -> Verdict:
    results, waves = _poll_tables()
    wave = waves[waves["wave_id"] == rule["wave"]]
    if wave.empty or wave.iloc[0]["fieldwork_date"] > as_of:
        return Verdict(UNTESTABLE, f"wave {rule['wave']} is not in the data up to this edition's date")
    rows = polls.answers(results, rule["wave"], rule["question"], rule["subgroup"]).set_index("answer")["percent"]
    found = {answer: rows.get(answer) for answer in rule["expect"]}
    if any(value is None for value in found.values()):
        return Verdict(UNTESTABLE, f"wave {rule['wave']} lacks some of the answers {list(rule['expect'])}")
    equal = all(float(found[a]) == float(v) for a, v in rule["expect"].items())
    evidence = ", ".join(f"{a} {found[a]:g} %" for a in rule["expect"]) + f" in wave {rule['wave']}"
    return Verdict(HOLDS if equal else NO_LONGER, evidence, polls.answers(results, rule["wave"], rule["question"],
                                                                          rule["subgroup"]))


def poll_subgroups_order(rule: dict, as_of: pd.Timestamp) -> Verdict:
    results, waves = _poll_tables()
    question = rule["question"]
    with_both = results[(results["question_id"] == question) & results["subgroup"].isin([rule["higher"]])]
    candidates = polls.waves_asking(results[results["wave_id"].isin(with_both["wave_id"])], waves, question, as_of)
    if candidates.empty:
        return Verdict(UNTESTABLE, f"no wave up to this edition's date breaks {question} down by {rule['higher']}")
    wave_id = candidates.iloc[-1]["wave_id"]
    higher = _share(results, wave_id, question, rule["higher"], rule["answers"])
    lower = _share(results, wave_id, question, rule["lower"], rule["answers"])
    if higher is None or lower is None:
        return Verdict(UNTESTABLE, f"wave {wave_id} lacks one of the two groups")
    holds = higher > lower
    evidence = f"{rule['higher']} {higher:g} % against {rule['lower']} {lower:g} % in wave {wave_id}"
    if "overall_above" in rule:
        overall = _share(results, wave_id, question, "all", rule["answers"])
        holds = holds and overall is not None and overall > rule["overall_above"]
        evidence = f"all respondents {overall:g} %; " + evidence
    used = pd.concat([polls.answers(results, wave_id, question, group) for group in (rule["higher"], rule["lower"])])
    return Verdict(HOLDS if holds else NO_LONGER, evidence, used)


def releases_at_least(rule: dict, as_of: pd.Timestamp) -> Verdict:
    """The same reading as the conclusion's tracker (progress.releases_verdict).
    The claim names a goal, so its status is reached or not reached."""
    from belpolicy.analysis.progress import INDICATOR_MET, releases_verdict

    releases = data.load("prisoner_releases")
    if releases[releases["date"] <= as_of].empty:
        return Verdict(UNTESTABLE, "the releases table holds no release up to this edition's date "
                                   "(it begins in July 2024)")
    # Primary and reputable rows only, as the tracker measures.
    verdict = releases_verdict(sources.citable(releases), as_of, threshold=rule["threshold"])
    return Verdict(REACHED if verdict.status == INDICATOR_MET else NOT_REACHED,
                   f"{verdict.evidence} ({rule['reading']})", verdict.source_url)


RULES = {rule.__name__: rule for rule in (counts_on_date, event_in_year, stated_total_between, annual_increase,
                                          poll_share_above, poll_shares_equal, poll_subgroups_order,
                                          releases_at_least)}


def evaluate(chapter: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """Status of every claim of `chapter` for `as_of`, one row per claim."""
    rows = []
    for claim in data.claims_register():
        if claim["chapter"] != chapter:
            continue
        verdict = RULES[claim["rule"]["kind"]](claim["rule"], as_of)
        found = sources.tiers(verdict.rows)
        # Evidence resting only on weak rows says who reported it (the citation rule).
        attributed, words = sources.reported_by(verdict.rows, found)
        rows.append({"id": claim["id"], "claim": claim["claim"], "where": claim["where"],
                     "status": verdict.status, "evidence": verdict.evidence + words, "data": ", ".join(claim["data"]),
                     "source_tier": found, "attributed": attributed or ""})
    return pd.DataFrame(rows, columns=["id", "claim", "where", "status", "evidence", "data", "source_tier",
                                       "attributed"])
