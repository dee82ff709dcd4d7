"""Migration of 2026-12 (issue 13): give rows explicit meaning in new columns.

Run once from the project root: `python data/migrations/2026_12_row_semantics.py`.
It appends columns to three tables and fills them for the rows that existed
before the migration; each existing record keeps its bytes and only gains the
new cells at its end. Running it again changes nothing.

- prisoner_releases: `counted_by` and `counted_since`, who counted a running
  total and from which day (empty for single events). A series is one
  (counted_by, counted_since) pair.
- events: `kinds` (contact, release, both, or summary), `party` (the Western
  government on the other side of a contact) and `contact_mode` (call, visit,
  meeting, conversation, credentials). Before the migration a contact was
  inferred from the text of a diplomacy row; the values below are that
  inference made once, checked by hand, and written down.
- poll_waves: `fieldwork_date` and `fieldwork_date_precision`, a date for every
  wave: the end of fieldwork where it is known, otherwise the end of the period
  the source names (read from fieldwork_text, one by one below).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1]

# Running totals: (date, number_released) -> (counted_by, counted_since).
RUNNING_TOTALS = {
    ("2024-12-05", "178"): ("viasna", "2024-07-01"),       # "According to Viasna ... since July"
    ("2025-04-04", "258"): ("viasna", "2024-07-01"),       # Viasna digest, "Since July 2024"
    ("2025-05-07", "300"): ("viasna", "2024-07-01"),       # "According to the Viasna Centre ... since July 2024"
    ("2025-06-21", "314"): ("other: unattributed press report", "2024-07-01"),
}

# events: (date, start of the event text) -> (kinds, party, contact_mode).
EVENTS = {
    ("2020-10-01", "US Secretary of State Mike Pompeo"): ("contact", "US", "call"),
    ("2021-11-01", "German chancellor Angela Merkel"): ("contact", "DE", "call"),
    ("2021-12-01", "Israeli lawyer Maya Reiten-Stoll"): ("release", "", ""),
    ("2022-02-01", "French president Emmanuel Macron"): ("contact", "FR", "conversation"),
    ("2022-02-01", "Swiss ambassador presents"): ("contact", "CH", "credentials"),
    ("2022-02-01", "Political prisoner Natallia Hersche"): ("release", "", ""),
    ("2024-07-04", "Start of the pardon wave"): ("release", "", ""),
    ("2025-02-12", "Secret visit of US Deputy Assistant Secretary"): ("contact;release", "US", "visit"),
    ("2025-06-21", "US envoy Keith Kellogg meets"): ("contact;release", "US", "meeting"),
}

# poll_waves without fieldwork_end: wave_id -> (date, precision), from fieldwork_text.
UNDATED_WAVES = {
    "CH-2022-11": ("2022-11-30", "month"),           # "November 2022"
    "CH-2023-01": ("2023-01-31", "month"),           # "January 2023"
    "CH-2025-election": ("2025-01-25", "before"),    # "before the January 2025 presidential election" (26 Jan)
    "BAW-2020-09": ("2020-09-30", "month"),          # "September 2020"
    "BAW-2022-03": ("2022-03-31", "month"),          # "second half of March 2022"
    "BAW-2022-05": ("2022-05-31", "month"),          # "mid-May 2022"
    "BAW-2022-09": ("2022-09-30", "month"),          # "September 2022 (before the Kharkiv offensive)"
    "ZOIS-2021-06": ("2021-06-30", "month"),         # "June 2021"
    "OSW-2020-11": ("2020-12-31", "period"),         # "turn of Nov/Dec 2020"
    "ISANS-2024": ("2024-12-31", "year"),            # "previous year (2024)"
    "EUNE-2023-02": ("2023-02-28", "month"),         # "February 2023"
}


def _cells(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def add_columns(path: Path, new: list[str], fill) -> bool:
    """Append `new` columns to every record of `path`; `fill(row)` gives their
    values for a record (a dict of the old columns). False if already there."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    if new[0] in header:
        return False
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    next(reader)
    ends = []  # (index of the record's last physical line, row)
    for record in reader:
        ends.append((reader.line_num - 1, dict(zip(header, record))))
    lines[0] = lines[0].rstrip("\r\n") + "," + _cells(new) + "\n"
    for last, row in ends:
        line = lines[last]
        body = line.rstrip("\r\n")
        lines[last] = body + "," + _cells(fill(row)) + line[len(body):]
    path.write_text("".join(lines), encoding="utf-8")
    return True


def _release(row: dict) -> list[str]:
    if row["is_cumulative"] == "no":
        return ["", ""]
    return list(RUNNING_TOTALS[(row["date"], row["number_released"])])


def _event(row: dict) -> list[str]:
    for (day, start), values in EVENTS.items():
        if row["date"] == day and row["event"].startswith(start):
            return list(values)
    return ["", "", ""]


def _wave(row: dict) -> list[str]:
    if row["fieldwork_end"]:
        return [row["fieldwork_end"], "exact"]
    return list(UNDATED_WAVES[row["wave_id"]])


def main() -> int:
    changed = [
        add_columns(DATA / "prisoner_releases.csv", ["counted_by", "counted_since"], _release),
        add_columns(DATA / "events.csv", ["kinds", "party", "contact_mode"], _event),
        add_columns(DATA / "poll_waves.csv", ["fieldwork_date", "fieldwork_date_precision"], _wave),
    ]
    print(f"migrated {sum(changed)} table(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
