"""The paper's four "intermediate victories", checked against the data.

The paper's conclusion names four outcomes, any one of which the West needs
to achieve as progress: Lukashenka distancing himself from Russia; the release
of at least a few hundred political prisoners; weaker repression; a change of
sentiment inside the regime. The paper gives no yardstick for any of them, so
the rules below are the book's reading, stated once here and quoted in the
chapter. A rule tests an indicator, not the victory itself: its status says
whether the indicator is met, never that the victory was achieved, and never
who brought the outcome about.

Each function is pure: it takes the tables and the cut-off date and returns a
`Verdict` (status, the rule applied, the evidence, and the number behind it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from belpolicy.analysis import prisoners, releases
from belpolicy.text import fmt_count, fmt_date, fmt_int

INDICATOR_MET = "indicator met"
INDICATOR_NOT_MET = "indicator not met"
NOT_TESTABLE = "not testable with current data"

# "At least a few hundred" political prisoners released. The paper gives no
# number; 200 is the book's reading of "a few hundred" (the smallest number of
# hundreds that is more than one), an interpretation the chapter says it is.
RELEASES_THRESHOLD = 200

# "Weakening of repression": the main counter's newest count at least this many
# per cent below its highest exact count up to the cut-off (a round press figure
# such as "about 1,500" is not a peak). Also an interpretation, and a weak one:
# the count is a stock of prisoners, so it falls when releases outnumber new
# convictions, not necessarily when arrests stop; a met indicator is not
# evidence of weaker repression.
REPRESSION_DROP_PCT = 10

VICTORIES = (
    "Distancing from Russia",
    "Release of at least a few hundred political prisoners",
    "Weaker repression",
    "Change of sentiment inside the regime",
)


@dataclass(frozen=True)
class Verdict:
    victory: str
    status: str
    rule: str
    evidence: str
    measure: float | None = None  # the number the status rests on (None when not testable)
    date: pd.Timestamp | None = None  # the date of that number
    source_url: str | None = None

    def as_row(self) -> dict:
        return asdict(self)


def releases_verdict(table: pd.DataFrame, as_of: pd.Timestamp, threshold: int = RELEASES_THRESHOLD) -> Verdict:
    """Indicator met when the releases recorded up to `as_of` reach `threshold`.

    The figure is the newest running total of releases (a count of political
    prisoners freed since a start date, as the counters report it). Where no
    running total exists yet, it is the sum over calendar months of the largest
    single release reported in each month: a lower bound that never counts
    overlapping reports twice. Single events and running totals are never added
    together.
    """
    victory = VICTORIES[1]
    rule = (f"newest running total of releases up to the date, else the sum of the largest release reported in "
            f"each month; indicator met at {threshold:,} or more")
    total = releases.newest_running_total(table, as_of)
    if total is not None:
        count = int(total["number_released"])
        status = INDICATOR_MET if count >= threshold else INDICATOR_NOT_MET
        evidence = (f"{fmt_count(count, total['qualifier'])} released, {releases.main_series_label()} "
                    f"(running total of {fmt_date(total['date'])})")
        return Verdict(victory, status, rule, evidence, count, total["date"], total["source_url"])
    months = releases.monthly_lower_bound(table, as_of)
    if months.empty:
        evidence = f"no release recorded up to {fmt_date(as_of)} (the releases table begins in July 2024)"
        return Verdict(victory, INDICATOR_NOT_MET, rule, evidence, 0, None, None)
    count = int(months["number_released"].sum())
    status = INDICATOR_MET if count >= threshold else INDICATOR_NOT_MET
    evidence = (f"at least {fmt_int(count)} released: the largest release reported in each of "
                f"{len(months)} months, summed (no running total reported yet)")
    return Verdict(victory, status, rule, evidence, count, months["date"].max(), None)


def repression_verdict(counts: pd.DataFrame, counter: str, as_of: pd.Timestamp,
                       drop_pct: float = REPRESSION_DROP_PCT) -> Verdict:
    """Indicator met when the counter's newest count up to `as_of` lies at least
    `drop_pct` per cent below its highest count up to `as_of`. The peak is taken
    from exact counts where the counter has any, so that a rounded or
    approximate press figure does not set it."""
    victory = VICTORIES[2]
    rule = (f"indicator: newest {counter.capitalize()} count of political prisoners at least {drop_pct:g}% below "
            "its highest exact count up to the date; a stock of prisoners, not a count of arrests or convictions, "
            "so a met indicator is not evidence of weaker repression")
    series = prisoners.tidy(counts, as_of)
    series = series[series["counter"] == counter]
    if series.empty:
        return Verdict(victory, NOT_TESTABLE, rule, f"no {counter} count up to {fmt_date(as_of)}")
    exact = series[series["qualifier"] == "exact"]
    candidates = exact if not exact.empty else series
    peak = candidates.loc[candidates["count"].idxmax()]
    newest = series.iloc[-1]
    drop = (peak["count"] - newest["count"]) / peak["count"] * 100
    status = INDICATOR_MET if drop >= drop_pct else INDICATOR_NOT_MET
    evidence = (f"newest count {fmt_count(newest['count'], newest['qualifier'])} "
                f"({fmt_date(newest['date'])}) against a peak of "
                f"{fmt_count(peak['count'], peak['qualifier'])} ({fmt_date(peak['date'])}): "
                f"{drop:.1f}% below the peak")
    return Verdict(victory, status, rule, evidence, round(float(drop), 1), newest["date"], newest["source_url"])


def distancing_verdict(events: pd.DataFrame, as_of: pd.Timestamp) -> Verdict:
    """Not testable: the data hold no measure of Belarus's political alignment.
    The newest military event recorded is given as context, not as a test."""
    victory = VICTORIES[0]
    rule = "no rule: the data hold no measure of political alignment with Russia"
    military = events[(events["category"] == "military") & (events["date"] <= as_of)].sort_values("date")
    evidence = "no indicator of alignment in the data"
    date = source = None
    if not military.empty:
        last = military.iloc[-1]
        evidence += f"; for context, the newest military event recorded: {last['event']} ({fmt_date(last['date'])})"
        date, source = last["date"], last["source_url"]
    return Verdict(victory, NOT_TESTABLE, rule, evidence, None, date, source)


def sentiment_verdict() -> Verdict:
    """Not testable: no data on what officials think."""
    return Verdict(
        VICTORIES[3], NOT_TESTABLE,
        "no rule: the data hold no survey or record of officials' views",
        "the opinion polls in the data survey urban internet users, not officials",
    )


def tracker(releases_table: pd.DataFrame, counts: pd.DataFrame, events: pd.DataFrame, counter: str,
            as_of: pd.Timestamp) -> pd.DataFrame:
    """All four verdicts, in the paper's order, one row each."""
    verdicts = (
        distancing_verdict(events, as_of),
        releases_verdict(releases_table, as_of),
        repression_verdict(counts, counter, as_of),
        sentiment_verdict(),
    )
    return pd.DataFrame([verdict.as_row() for verdict in verdicts])
