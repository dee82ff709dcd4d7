"""Apply the source audit's upgrades (tools/source_upgrades.csv, a copy of
shared/data/updates/source_upgrades.csv) to the tables in data/.

    .venv/bin/python tools/apply_source_upgrades.py [--check]

Each audit row names a table row by `row_key`; its `csv_line` is informational
only. A row is found by the key's exact parts (dates, numbers, jurisdiction,
counter, wave and question ids) together with its current `source_url`, which
must equal the audit's `old_source_url`; the descriptive parts of a key are
abbreviations and are not matched. Exactly one row must match, or nothing is
written.

Rules, in order:
1. `value_matches` yes: the row's source_url and evidence are replaced by the
   better page and its verbatim quote, and the note records the old source and
   the audit's remark.
2. A better source never replaces one of a higher tier: a primary row keeps its
   source, and the audit's page only supplements it (see DECISIONS).
3. Contradictions (`value_matches` no) replace nothing. They are decided by a
   stated rule, recorded in the row's note: the counter's own monthly review
   first (Viasna's figure for political prisoners), the Council's own running
   total or the legal act over a press copy, and state media only as what the
   authorities said.
4. Where the audit found a date wrong or confirmed an inferred one, the date
   and date_precision change as DECISIONS says, quoting the source in the note.

Every CSV line the script does not change stays byte-identical; `--check`
reports what would change without writing.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AUDIT = Path(__file__).resolve().parent / "source_upgrades.csv"
TAG = "Source audit (issue 12):"

# For each table, what the parts of a row_key are: a column matched exactly, a
# number column, or None (a description, not matched).
KEY_PARTS = {
    "political_prisoners": [("date", "text"), ("counter", "text"), ("count", "number")],
    "prisoner_releases": [("date", "text"), (None, None), ("number_released", "number")],
    "events": [("date", "text"), ("category", "text"), (None, None)],
    "sanctions_events": [("date", "text"), ("jurisdiction", "text"), (None, None)],
    "sanctions_totals": [("date", "text"), ("jurisdiction", "text"), ("totals", "totals")],
    "poll_results": [("wave_id", "text"), ("question_id", "text"), ("subgroup", "text"), ("answer", "text")],
    "poll_waves": [("wave_id", "text"), (None, None)],
}
NOTE_COLUMN = {"poll_results": "notes", "poll_waves": "notes"}

# Decisions beyond rule 1, keyed by (table, row_key). `set` gives columns to
# change; `replace` False keeps the row's source (rules 2 and 3); `note` is the
# decision in words.
DECISIONS = {
    ("political_prisoners", "2024-02-25|other: AP (via TRT)|1400"): {
        "set": {"counter": "other: US State Department"},
        "note": "Counter relabelled from 'other: AP (via TRT)': the new source quotes the US State Department's "
                "statement of the same day. Viasna's own month-end figure is 1,410 (29 Feb 2024, another row).",
    },
    ("political_prisoners", "2025-06-26|other: FIDH/Viasna/OMCT statement|1100"): {
        "note": "Kept under its own counter, not moved into the Viasna series: 'more than 1,100' is a rounded lower "
                "bound in a joint statement, not a count of Viasna's list.",
    },
    ("political_prisoners", "2021-10-31|viasna|831"): {
        "note": "Viasna's own October 2021 review confirms the year 2021 that the row had inferred.",
    },
    ("prisoner_releases", "2024-08-22|pardon (political prisoners among the August pardon, incl. Berasnieu, "
                          "Lutskina)|13"): {
        "set": {"date": "2024-08-21", "qualifier": "at_least", "date_precision": "inferred"},
        "note": "Date corrected from 2024-08-22 (taken from the helm.news URL) to 2024-08-21: Reuters wrote "
                "'human rights activists said on Wednesday' (= 21 Aug 2024; the devdiscourse copy was created "
                "21-08-2024); qualifier at_least per 'at least 13 more prisoners'.",
    },
    ("prisoner_releases", "2024-08-01|pardon (30 people convicted of 'protest crimes')|30"): {
        "replace": False,
        "note": "DECISION on the audit's contradiction (Viasna: 22 political prisoners pardoned in August 2024, "
                "spring96.org/en/news/116197: 'at least 53 people were released in August: 31 fully served their "
                "sentences ... and 22 people were pardoned'): the row stays as the presidential decree's count of "
                "pardoned 'protest' convicts, i.e. what the authorities said; for political-prisoner releases "
                "Viasna's count comes first (its own figure, 22) and a chart must not present the 30 as Viasna's.",
    },
    ("prisoner_releases", "2025-01-26|US-brokered release of US citizen Anastassia Nuhfer|1"): {
        "note": "AP adds that Viasna had not listed her as a political prisoner: not a political-prisoner release.",
    },
    ("sanctions_totals", "2020-11-01|EU|persons 59"): {
        "set": {"date": "2020-11-06", "date_precision": "exact"},
        "note": "Date corrected from 2020-11-01 (month) to 2020-11-06: Belsat quotes the Council press release of "
                "6 Nov 2020 ('Restrictive measures, which now apply to a total of 59 individuals').",
    },
    ("sanctions_totals", "2020-12-07|EU|persons 55"): {
        "replace": False,
        "set": {"scope": "Subset: EU listings under the 2020 packages only (TASS sum 40 + 15; not a running total)"},
        "note": "DECISION on the audit's contradiction: the Council's own running total comes first, and it was 59 "
                "on 6 Nov 2020 (4 persons listed since 2004 over the 1999-2000 disappearances stayed on the list). "
                "TASS's 55 is the sum of the two 2020 packages, so the row is kept as that subset (scope says so) "
                "and is not drawn as an EU total.",
    },
    ("sanctions_events", "2023-08-03|EU|EU listings + export bans (firearms, aviation/space goods)"): {
        "set": {"date_precision": "exact"},
        "note": "Date confirmed: the Finnish MFA (um.fi, primary) says 'The EU Member States approved further "
                "sanctions against Belarus on 3 August 2023'.",
    },
    ("sanctions_events", "2024-08-09|US|OFAC designations (4th anniversary of 2020 election)"): {
        "set": {"date_precision": "exact"},
        "note": "Date confirmed: 'On August 9, 2024, the US, EU, UK and Canada released a joint statement "
                "announcing new sanctions against Belarus' (same Baker McKenzie post).",
    },
    ("sanctions_events", "2021-12-02|EU|EU package 5"): {
        "note": "Date confirmed by the Polish government page ('On 2 December 2021, the European Union adopted "
                "another, fifth package').",
    },
    ("sanctions_events", "2024-07-26|EU|Council Implementing Decision (CFSP) 2024/2116 / Implementing Regulation "
                         "(EU) 2024/2113"): {
        "replace": False,
        "set": {"persons_listed": "28", "date": "2024-08-05", "date_precision": "exact"},
        "note": "Supplemented, source kept (primary): dpa via European Newsroom (europeannewsroom.com/?p=354529): "
                "'The European Union on Monday targeted 28 additional people linked to the ongoing repression' - "
                "hence persons_listed 28. Date corrected from 2024-07-26 (member states' approval) to 2024-08-05, "
                "the date of effect: EUR-Lex consolidated Reg. 765/2006 (CELEX 02006R0765-20240701) lists amending "
                "act 32024R2113 with date of effect 05/08/2024.",
    },
    ("poll_waves", "CH-2025-election|wave metadata"): {
        "set": {"other_source_urls": "https://odessa-journal.com/chatham-house-40-of-belarusians-do-not-support-"
                                     "russia-in-the-war-against-ukraine-another-third-remain-silent-due-to-"
                                     "security-concerns"},
        "note": "Sample size and fieldwork left empty until the Chatham House report's methodology note is read "
                "(a DW summary on an aggregator gives 1,233 respondents, December 2024-January 2025).",
    },
    ("events", "2025-01-26|election|Presidential election; CEC final result Lukashenko 86.82%"): {
        "note": "86.82% is by nature the authorities' (CEC) figure: dpa gives it as the preliminary result of "
                "27 Jan; the final declaration of 3 Feb 2025 (same figure) is so far only in Chinese state media "
                "(shine.cn). Quote it as the official result.",
    },
}


class AuditError(Exception):
    pass


def _number(text: str) -> str:
    return text.replace(",", "").strip()


def _totals(text: str) -> dict[str, str]:
    """'persons 88 entities 7' -> {'persons_total': '88', 'entities_total': '7'}."""
    words = text.split()
    found = {"persons_total": "", "entities_total": ""}
    for name, value in zip(words[::2], words[1::2]):
        found[f"{name}_total"] = value
    return found


def _matches(table: str, key: str, row: dict, old_url: str) -> bool:
    if row.get("source_url", "") != old_url:
        return False
    spec = KEY_PARTS[table]
    parts = key.split("|")
    # A description may itself contain '|': the parts after the known ones join up.
    if len(parts) != len(spec):
        return False
    for (column, kind), part in zip(spec, parts):
        if column is None:
            continue
        if kind == "number" and _number(row[column]) != _number(part):
            return False
        if kind == "text" and row[column] != part:
            return False
        if kind == "totals" and any(row[name] != value for name, value in _totals(part).items()):
            return False
    return True


def _records(text: str) -> tuple[list[str], list[dict], list[tuple[int, int]]]:
    """Header, rows and each row's span of physical lines (0-based, end exclusive)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows, spans, start = [], [], reader.line_num
    for record in reader:
        rows.append(dict(zip(header, record)))
        spans.append((start, reader.line_num))
        start = reader.line_num
    return header, rows, spans


def _format(header: list[str], row: dict) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row[column] for column in header])
    return buffer.getvalue()


def _tier_rank(tier: str) -> int:
    return ("primary", "reputable_secondary", "aggregator_or_mirror", "state_media").index(tier)


def plan(audit_rows: list[dict]) -> dict[str, dict[int, tuple[dict, list[str]]]]:
    """table -> {row index: (new row, what changed)}; raises AuditError when a key matches no row or several."""
    changes: dict[str, dict[int, tuple[dict, list[str]]]] = {}
    cache: dict[str, tuple] = {}
    for audit in audit_rows:
        table, key = audit["table"], audit["row_key"]
        if table not in cache:
            text = (ROOT / "data" / f"{table}.csv").read_text(encoding="utf-8")
            cache[table] = _records(text)
        header, rows, _ = cache[table]
        found = [i for i, row in enumerate(rows) if _matches(table, key, row, audit["old_source_url"])]
        if len(found) != 1:
            raise AuditError(f"{table}: row_key {key!r} with source {audit['old_source_url']} matches "
                             f"{len(found)} rows (audit line {audit['csv_line']} is informational only)")
        index = found[0]
        row, done = changes.setdefault(table, {}).get(index, (dict(rows[index]), []))
        decision = DECISIONS.get((table, key), {})
        verdict = audit["value_matches"].strip().lower()
        replace = decision.get("replace", verdict.startswith("yes") or verdict.startswith("n/a"))
        if replace and _tier_rank(audit["new_tier"]) > _tier_rank(audit["old_tier"]):
            raise AuditError(f"{table}: {key!r} would replace a {audit['old_tier']} source by a {audit['new_tier']} "
                             "one; add a decision that keeps it")
        note_column = NOTE_COLUMN.get(table, "note")
        words = []
        if replace:
            row["source_url"] = audit["new_source_url"]
            if "evidence" in row:
                row["evidence"] = audit["new_evidence"]
            else:
                words.append(f"Quote: '{audit['new_evidence']}'.")
            old = audit["old_source_url"]
            words.insert(0, f"{TAG} source upgraded from {old} ({audit['old_tier']}) to a {audit['new_tier']} "
                            f"page ({audit['value_matches']}).")
            done.append("source_url and evidence replaced" if "evidence" in row else "source_url replaced")
        else:
            words.insert(0, f"{TAG} source kept; audit verdict {audit['value_matches']}.")
        for column, value in decision.get("set", {}).items():
            if column not in row:
                raise AuditError(f"{table}: decision for {key!r} sets unknown column {column}")
            if row[column] != value:
                done.append(f"{column}: {row[column]!r} -> {value!r}")
                row[column] = value
        if decision.get("note"):
            words.append(decision["note"])
        elif audit["note"].strip():
            words.append(f"Audit: {audit['note'].strip()}")
        row[note_column] = " ".join(part for part in (row[note_column].strip(), *words) if part)
        changes[table][index] = (row, done)
    return changes


def apply(changes: dict[str, dict[int, tuple[dict, list[str]]]], write: bool) -> list[str]:
    report = []
    for table, edits in sorted(changes.items()):
        path = ROOT / "data" / f"{table}.csv"
        text = path.read_text(encoding="utf-8")
        header, rows, spans = _records(text)
        lines = text.splitlines(keepends=True)
        for index in sorted(edits, reverse=True):
            row, done = edits[index]
            start, end = spans[index]
            lines[start:end] = [_format(header, row)]
            report.append(f"{table}: row {index + 2} (line {start + 1}): {'; '.join(done) or 'note only'}")
        if write:
            path.write_text("".join(lines), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what would change; write nothing")
    parser.add_argument("--audit", type=Path, default=AUDIT)
    args = parser.parse_args(argv)
    with open(args.audit, encoding="utf-8", newline="") as handle:
        audit_rows = list(csv.DictReader(handle))
    already = [r for r in audit_rows if TAG in (ROOT / "data" / f"{r['table']}.csv").read_text(encoding="utf-8")
               and r["new_source_url"] in (ROOT / "data" / f"{r['table']}.csv").read_text(encoding="utf-8")]
    if already and not args.check:
        print(f"the upgrades look applied already ({len(already)} new sources present); nothing written")
        return 1
    try:
        changes = plan(audit_rows)
    except AuditError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in apply(changes, write=not args.check):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
