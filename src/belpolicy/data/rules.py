"""The rules `data/datapackage.yaml` declares that Frictionless cannot hold,
enforced here for `data check` and `data add` alike (one rule, both ways).

Every cell of every table:
  - neither begins nor ends with whitespace (`data add` does not strip it: it refuses it, as the check does);
  - holds no control character other than tab and line breaks, and only valid Unicode;
  - a date, whole number or number is written in its one plain form (TYPE_FORMS).

Keys on a field:
  not_after: today      the date (or the year or month a value starts with) is not later than today; a
                        static `maximum` cannot say "today", so the rule is evaluated when the check runs;
  quoted_in_book: true  the text reaches the book's variables as it is, so it must pass the same pattern
                        as staging does (`text.SAFE_VALUE`), here when it enters rather than at the build;
  bound_reason: ...     why the field's minimum or maximum is what it is (printed with a refusal).

Key `table_rules` on a resource, a list of:
  {rule: date_order, field, per}      within each group of `per`, rows go oldest first; `data add` refuses a
                                      row older than its group's newest unless --allow-backfill;
  {rule: answers_sum, field, per, total, tolerance, exempt, named_by}
                                      a group's values never sum to more than total + tolerance; on
                                      `data add`, a group that gains rows must sum to total +- tolerance
                                      unless --partial (a wave that published only some answers).

Functions return `Finding`s that point at rows by index; belpolicy.data turns
them into Problems naming the file and line each row came from.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# C0 and C1 control characters other than tab and line breaks, and lone
# surrogates (which only a command line can carry; they cannot be written as UTF-8).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


# The one written form of each typed value. Frictionless, like Python's int()
# and Decimal(), also takes "1_000", "+5", Arabic-Indic or full-width digits,
# "1e2" or ".5" for a number and "2020-1-1" for a date; pandas, comparing dates
# as text, and people reading the file do not.
TYPE_FORMS = {
    "date": (re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII), "not a date in YYYY-MM-DD form"),
    "integer": (re.compile(r"-?\d+", re.ASCII), "not a whole number"),
    "number": (re.compile(r"-?\d+(\.\d+)?", re.ASCII), "not a number"),
}


class Finding(NamedTuple):
    row: int | None  # index into the rows checked
    column: str | None
    value: str | None
    rule: str


def today() -> dt.date:
    """The date `not_after: today` compares with (a function, so tests can fix it)."""
    return dt.date.today()


def _character_problem(value: str) -> str | None:
    found = _BAD_CHARACTER.search(value)
    if found is None:
        return None
    if "\ud800" <= found.group(0) <= "\udfff":
        return "is not valid Unicode text (rule: encoding utf-8)"
    return f"contains the control character U+{ord(found.group(0)):04X} (rule: no control characters)"


def _unquotable(value: str) -> str:
    from belpolicy.text import SAFE_VALUE

    bad = sorted({char for char in value if not SAFE_VALUE.fullmatch(char)})
    shown = " ".join(repr(char) for char in bad) if bad else "this combination of characters"
    return (f"is quoted in the book as it is, and the book's variables do not accept {shown} "
            "(rule: quoted_in_book, the pattern text.SAFE_VALUE)")


def cell_findings(fields: list[dict], header: list[str], rows: list[list[str]]) -> list[Finding]:
    """Cell rules of every table and the field keys above, for every cell of `rows`."""
    from belpolicy.text import SAFE_VALUE

    specs = [next((field for field in fields if field["name"] == name), {}) for name in header]
    limit = today().isoformat()
    findings = []
    for index, row in enumerate(rows):
        for spec, name, value in zip(specs, header, row):
            problem = _character_problem(value)
            if problem is None and value != value.strip():
                problem = "must not begin or end with whitespace (rule: no surrounding whitespace)"
            form, words = TYPE_FORMS.get(spec.get("type"), (None, None))
            if problem is None and value and form and not form.fullmatch(value):
                problem = f"{words} (rule: type {spec['type']})"
            if problem is None and value and spec.get("not_after") == "today" and _after(value, spec, limit):
                problem = f"must not be after today, {limit} (rule: not_after today)"
            if problem is None and value and spec.get("quoted_in_book") and not SAFE_VALUE.fullmatch(value):
                problem = _unquotable(value)
            if problem:
                findings.append(Finding(index, name, value, problem))
    return findings


def _after(value: str, spec: dict, limit: str) -> bool:
    """Whether a value starts later than the ISO date `limit` (a year or month by its start).
    A value that is not a date at all is left to the type check, which names it as such."""
    start = _DATE_PREFIX.match(value)
    if start is None:
        return False
    if spec.get("type") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
    return start.group(0) > limit[: len(start.group(0))]


def bound_note(field: dict) -> str:
    """Why a field's bound is set where it is, for a refusal's message."""
    reason = field.get("bound_reason")
    return f"; {reason}" if reason else ""


def table_findings(spec: dict, header: list[str], rows: list[list[str]], *, new: frozenset[int] = frozenset(),
                   partial: bool = False, allow_backfill: bool = False) -> list[Finding]:
    """The resource's table_rules over `rows` (whose types are already valid);
    `new` are the indices of rows `data add` is adding."""
    findings = []
    for rule in spec.get("table_rules", []):
        if rule["rule"] == "date_order":
            findings += _date_order(rule, header, rows, new, allow_backfill)
        elif rule["rule"] == "answers_sum":
            findings += _answers_sum(rule, header, rows, new, partial)
        else:
            raise ValueError(f"unknown table rule {rule['rule']!r} in data/datapackage.yaml")
    return findings


def _groups(rows: list[list[str]], header: list[str], columns: list[str]) -> dict[tuple, list[int]]:
    positions = [header.index(column) for column in columns]
    groups: dict[tuple, list[int]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(tuple(row[p] for p in positions), []).append(index)
    return groups


def _describe(columns: list[str], key: tuple) -> str:
    return ", ".join(f"{column} {value}" for column, value in zip(columns, key))


def _date_order(rule: dict, header, rows, new, allow_backfill) -> list[Finding]:
    field, per = rule["field"], rule["per"]
    column = header.index(field)
    findings = []
    for key, members in _groups(rows, header, per).items():
        old = [rows[i][column] for i in members if i not in new]
        newest_old = max(old, default="")
        newest_so_far = ""
        for index in members:
            value = rows[index][column]
            if index in new and not allow_backfill and value < newest_old:
                findings.append(Finding(index, field, value, (
                    f"dates out of order for {_describe(per, key)}: its newest row is dated {newest_old} "
                    "(pass --allow-backfill to add an older row on purpose) (rule: date_order)")))
            elif value < newest_so_far:
                findings.append(Finding(index, field, value, (
                    f"dated before an earlier row of {_describe(per, key)} dated {newest_so_far}; "
                    "each group's rows go oldest first (rule: date_order)")))
            newest_so_far = max(newest_so_far, value)
    return findings


def _answers_sum(rule: dict, header, rows, new, partial) -> list[Finding]:
    field, total, tolerance = rule["field"], float(rule["total"]), float(rule["tolerance"])
    column = header.index(field)
    exempt = {header.index(name): set(values) for name, values in rule.get("exempt", {}).items()}
    named_by = rule.get("named_by", rule["per"])
    findings = []
    for key, members in _groups(rows, header, rule["per"]).items():
        if any(rows[members[0]][position] in values for position, values in exempt.items()):
            continue
        summed = sum(float(rows[i][column]) for i in members if rows[i][column])
        added = [i for i in members if i in new]
        where = (added or members)[0]
        label = _describe(named_by, tuple(rows[where][header.index(name)] for name in named_by))
        if summed > total + tolerance:
            findings.append(Finding(where, field, f"{summed:g}", (
                f"the answers of {label} sum to {summed:g} %, more than {total:g} % even allowing "
                f"{tolerance:g} points for rounding (rule: answers_sum)")))
        elif added and not partial and abs(summed - total) > tolerance:
            findings.append(Finding(where, field, f"{summed:g}", (
                f"the answers of {label} sum to {summed:g} %, not about {total:g} % "
                "(pass --partial if the wave published only some answers) (rule: answers_sum)")))
    return findings


def row_findings(spec: dict, header: list[str], rows: list[list[str]]) -> list[Finding]:
    """Rows breaking a `row_rules` entry of the table: what one kind of row must
    carry (a running total its counter and start) or leave empty."""
    findings = []
    for index, record in enumerate(rows):
        row = dict(zip(header, record))
        for rule in spec.get("row_rules") or []:
            condition = rule["if"]
            if not all(row.get(column, "").strip() in [str(v) for v in values] for column, values in condition.items()):
                continue
            what = " and ".join(f"{column} = {row.get(column, '').strip() or '(empty)'}" for column in condition)
            for column in rule.get("required", []):
                if not row.get(column, "").strip():
                    findings.append(Finding(index, column, "", f"required when {what} (rule: row_rules)"))
            for column in rule.get("empty", []):
                if row.get(column, "").strip():
                    findings.append(Finding(index, column, row[column], f"must be empty when {what} (rule: row_rules)"))
    return findings
