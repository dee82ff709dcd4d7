"""Chapter parameters: declared once, with type and allowed values, and checked
before any kernel starts. Values reach notebooks through papermill as Python
literals, never as code."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from belpolicy.errors import ParameterError

# The paper's own date: the day of the prisoner counts it quotes (note 5).
PAPER_DATE = "2023-03-28"
EARLIEST_DATE = dt.date(2020, 1, 1)
LATEST = "latest"


@dataclass(frozen=True)
class Param:
    """One parameter a chapter accepts.

    kind: "date" (ISO date or "latest"), "choice" (one of `choices`),
    "choices" (comma-separated subset of `choices`), "int".
    `choices_from` names a (dataset, column) whose distinct values are allowed
    (plus "latest" where `allow_latest`).
    """

    name: str
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    choices_from: tuple[str, str] | None = None
    allow_latest: bool = False
    minimum: int | None = None
    maximum: int | None = None

    def allowed(self) -> list[str]:
        values = list(self.choices)
        if self.choices_from:
            from belpolicy.data.tables import raw_rows  # stdlib csv: no pandas on this path

            dataset, column = self.choices_from
            values += sorted({row[column] for row in raw_rows(dataset) if row[column]})
        if self.allow_latest:
            values.append(LATEST)
        return values

    def validate(self, raw):
        """Return the checked value (typed) or raise ParameterError."""
        text = ",".join(raw) if isinstance(raw, (list, tuple)) else str(raw)
        if self.kind == "date":
            return _check_date(self.name, text)
        if self.kind == "int":
            return _check_int(self, text)
        allowed = self.allowed()
        if self.kind == "choice":
            if text not in allowed:
                raise ParameterError(f"parameter {self.name}={text!r}: not one of {', '.join(allowed)}")
            return text
        if self.kind == "choices":
            items = [item.strip() for item in text.split(",") if item.strip()]
            unknown = [item for item in items if item not in allowed]
            if unknown or not items:
                raise ParameterError(
                    f"parameter {self.name}={text!r}: each item must be one of {', '.join(allowed)}"
                )
            return items
        raise ParameterError(f"parameter {self.name}: unknown kind {self.kind}")


def _check_date(name: str, text: str) -> str:
    if text == LATEST:
        return text
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"parameter {name}={text!r}: not a date in YYYY-MM-DD form (or 'latest')") from None
    if not EARLIEST_DATE <= value <= dt.date.today():
        raise ParameterError(f"parameter {name}={text!r}: must lie between {EARLIEST_DATE} and today")
    return value.isoformat()


def _check_int(param: Param, text: str) -> int:
    if not re.fullmatch(r"-?\d{1,9}", text):
        raise ParameterError(f"parameter {param.name}={text!r}: not a whole number")
    value = int(text)
    if param.minimum is not None and value < param.minimum or param.maximum is not None and value > param.maximum:
        raise ParameterError(f"parameter {param.name}={value}: must lie between {param.minimum} and {param.maximum}")
    return value


# Parameters every chapter takes.
EDITION = Param("edition", "choice", "edition whose defaults the run starts from", choices=("paper", "latest"))
AS_OF = Param("as_of", "date", "date up to which data are shown ('latest' = all data)")
COMMON = (EDITION, AS_OF)


@dataclass(frozen=True)
class ParamSet:
    """The parameters of one chapter, with per-edition defaults."""

    own: tuple[Param, ...] = ()
    defaults: dict = field(default_factory=dict)  # edition -> {name: value}

    @property
    def all(self) -> tuple[Param, ...]:
        return COMMON + self.own

    def by_name(self) -> dict[str, Param]:
        return {param.name: param for param in self.all}

    def resolve(self, edition: str, overrides: dict | None = None) -> dict:
        """Edition defaults, then overrides; every value checked."""
        if edition not in EDITIONS:
            raise ParameterError(f"edition {edition!r}: not one of {', '.join(EDITIONS)}")
        known = self.by_name()
        values = {"edition": edition, **EDITIONS[edition], **self.defaults.get(edition, {})}
        for name, raw in (overrides or {}).items():
            if name not in known:
                raise ParameterError(f"unknown parameter {name!r}; this chapter accepts: {', '.join(known)}")
            if name == "edition":
                raise ParameterError("the edition is chosen with --edition, not as a parameter")
            values[name] = raw
        return {name: known[name].validate(values[name]) for name in known if name in values}


# Chapter parameters: the shared vocabulary. A chapter's notebook names the
# ones it takes (and its per-edition defaults) in its metadata; see chapters.py.
KNOWN = {
    param.name: param
    for param in (
        Param("counter", "choice", "political-prisoner counter drawn as the main series",
              choices=("viasna", "politzek", "dissidentby")),
        Param("jurisdictions", "choices", "comma-separated sanctioning jurisdictions to draw",
              choices=("EU", "US", "UK", "CA")),
        Param("poll_wave", "choice", "poll wave (wave_id in poll_waves) for the chapter's poll table",
              choices_from=("poll_waves", "wave_id"), allow_latest=True),
    )
}

# What each edition pins. Chapter-specific defaults live in ParamSet.defaults.
EDITIONS = {
    "paper": {"as_of": PAPER_DATE},
    "latest": {"as_of": LATEST},
}


def parse_assignments(pairs: list[str], what: str = "-p") -> dict[str, str]:
    """Turn ["key=value", ...] into a dict, refusing malformed pairs; `what`
    names the option or argument in the message."""
    result = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ParameterError(f"{what} {pair!r}: expected key=value with a lower-case key")
        result[name] = value
    return result
