"""The data layer: every table in `data/` is described in `data/datapackage.yaml`
(a Frictionless Data Package) and validated against it before anyone reads it.

`load(name)` is the only way chapters read data; `check()` validates everything
and returns one `Problem` per broken rule, each naming file, line, column,
value and rule.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path


from belpolicy import paths
from belpolicy.data import csvio, rules, sources
from belpolicy.errors import DataValidationError, UndeclaredDatasetError

DESCRIPTOR = "datapackage.yaml"
# Set by the pipeline in a chapter's kernel: the tables the chapter declares,
# and for a run pinned to a date (the paper edition, `run -p as_of=…`) that date:
# rows dated after it are not loaded, so they cannot change the run's outputs and
# the run's fingerprint leaves them out (see `visible_sha256`).
READS_ENV = "BELPOLICY_CHAPTER_READS"
CUTOFF_ENV = "BELPOLICY_DATA_CUTOFF"
# Keys of our own in the descriptor that Frictionless does not know (belpolicy.data.rules enforces the rules).
CUSTOM_RESOURCE_KEYS = ("date_field", "caveats", "table_rules", "update_alias", "core", "series", "newest_rule", "main_series",
                        "row_rules")
CUSTOM_FIELD_KEYS = ("not_after", "quoted_in_book", "bound_reason")


@dataclass(frozen=True)
class Problem:
    """One broken rule in one data file."""

    file: str
    line: int | None  # line in the file; the header is line 1
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = [_printable(self.file)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{_printable(self.column)}'")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            where.append(f"value '{_printable(shown)}'")
        return ", ".join(where) + f": {_printable(self.rule)}"


def _printable(text: str) -> str:
    """Text for a one-line message: line breaks, control and format characters
    (U+2028, a byte-order mark, terminal escapes) shown as escapes."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in str(text))


# --------------------------------------------------------------------------- descriptor


def descriptor_path() -> Path:
    return paths.data_dir() / DESCRIPTOR


def datapackage() -> dict:
    return paths.read_yaml(descriptor_path())


def claims_register() -> list[dict]:
    """The paper's checkable claims (data/claims.yaml); evaluated by belpolicy.analysis.claims."""
    return paths.read_yaml(paths.data_dir() / "claims.yaml")["claims"]


def dataset_names() -> list[str]:
    return [resource["name"] for resource in datapackage()["resources"]]


def resource_spec(name: str) -> dict:
    for resource in datapackage()["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(dataset_names())
    raise DataValidationError([Problem(DESCRIPTOR, None, None, name, f"unknown dataset (known: {known})")])


def dataset_path(name: str) -> Path:
    return paths.data_dir() / resource_spec(name)["path"]


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(paths.project_root()))
    except ValueError:
        return str(path)


def file_sha256(name: str) -> str:
    return hashlib.sha256(dataset_path(name).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- checking

_CONSTRAINT = re.compile(r'constraint "(?P<name>\w+)" is "(?P<arg>.*)"')
_TYPE_WORDS = {name: words for name, (_, words) in rules.TYPE_FORMS.items()}


def _constraint_rule(note: str) -> str:
    match = _CONSTRAINT.search(note or "")
    if not match:
        return note
    name, arg = match["name"], match["arg"]
    return {
        "required": "must not be empty (rule: required)",
        "minimum": f"must be at least {arg} (rule: minimum)",
        "maximum": f"must be at most {arg} (rule: maximum)",
        "enum": f"must be one of {arg} (rule: enum)",
        "pattern": f"must match the pattern {arg} (rule: pattern)",
        "unique": "must be unique (rule: unique)",
    }.get(name, f"breaks constraint {name} = {arg}")


def read_table(path: Path, shown: str) -> tuple[csvio.Table | None, list[Problem]]:
    """A data or update file read by the shared CSV reader; problems name `shown`."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, None, None, None, f"cannot read the file ({error.strerror or error})")]
    table, issues = csvio.read(raw)
    return table, [Problem(shown, *issue) for issue in issues]


def _check_header(header: list[str], fields: list[str], shown: str) -> list[Problem]:
    problems = [
        Problem(shown, 1, name, None, "required column is missing from the header")
        for name in fields
        if name not in header
    ]
    problems += [
        Problem(shown, 1, name, None, "column is not declared in data/datapackage.yaml")
        for name in header
        if name not in fields
    ]
    return problems


def _import_frictionless():
    """Import frictionless without the 3-second start-up of rfc3987_syntax.

    jsonschema (which frictionless uses on descriptors) compiles dozens of lark
    grammars at import when rfc3987_syntax is installed (Jupyter pulls it in),
    only to check "iri" formats that our descriptor never uses. Marking the
    module absent makes jsonschema skip that optional checker; cell values with
    `format: uri` are still checked by frictionless itself.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import frictionless

    return frictionless


Origin = tuple  # (file as shown, line) of one row: where a problem in it is reported


def _frictionless_problems(spec: dict, header: list[str], rows: list[list[str]],
                           origins: list[Origin]) -> list[Problem]:
    """Types, constraints and the primary key, checked by Frictionless on the rows
    as the shared reader parsed them (so both agree on every byte)."""
    frictionless = _import_frictionless()
    fields = spec["schema"]["fields"]
    names = [field["name"] for field in fields]
    positions = [header.index(name) for name in names]
    schema = frictionless.Schema.from_descriptor(
        {key: value for key, value in spec["schema"].items() if key != "foreignKeys"}
    )
    inline = [names] + [[row[p] for p in positions] for row in rows]
    report = frictionless.Resource(data=inline, schema=schema).validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            number = getattr(error, "row_number", None)
            index = number - 2 if number and 0 <= number - 2 < len(rows) else None
            file, line = origins[index] if index is not None else (origins[0][0], None)
            column = getattr(error, "field_name", None)
            value = getattr(error, "cell", None)
            field = next((f for f in fields if f["name"] == column), {})
            if error.type == "type-error" and field.get("format", "default") != "default":
                rule = f"not a valid {field['format']} (rule: format {field['format']})"
            elif error.type == "type-error":
                field_type = field["type"]
                rule = _TYPE_WORDS.get(field_type, f"not a valid {field_type}") + f" (rule: type {field_type})"
            elif error.type == "constraint-error":
                rule = _constraint_rule(error.note)
                if "(rule: minimum)" in rule or "(rule: maximum)" in rule:
                    rule += rules.bound_note(field)
            elif error.type == "primary-key" and index is not None:
                key = spec["schema"]["primaryKey"]
                value = " | ".join(rows[index][header.index(k)] for k in key)
                column = "+".join(key)
                rule = "duplicate primary key" + _first_seen(error.note, origins, file)
            else:
                rule = f"{error.title.lower()}: {error.note}"
            problems.append(Problem(file, line, column, None if value is None else str(value), rule))
    return problems


def _first_seen(note: str | None, origins: list[Origin], file: str) -> str:
    found = re.search(r"position (\d+)", note or "")
    if not found or not 0 <= int(found.group(1)) - 2 < len(origins):
        return ""
    first_file, first_line = origins[int(found.group(1)) - 2]
    where = f"line {first_line}" if first_line is not None else "the same input"
    return f", already on {where}" if first_file == file else f", already in {first_file}, {where}"


def _check_foreign_keys(name: str, spec: dict, header: list[str], rows: list[list[str]],
                        origins: list[Origin]) -> list[Problem]:
    problems = []
    for foreign in spec["schema"].get("foreignKeys", []):
        (field,) = foreign["fields"]
        target = foreign["reference"]
        (target_field,) = target["fields"]
        if target["resource"] == name:  # a table pointing into itself: the rows being checked
            known = {row[header.index(target_field)] for row in rows}
        else:
            try:
                known = {row.get(target_field) for row in raw_rows(target["resource"])}
            except DataValidationError:
                problems.append(Problem(origins[0][0], None, field, None, f"cannot be checked against "
                                        f"{target['resource']}, which does not read (see its own problems)"))
                continue
        index = header.index(field)
        for row, (file, line) in zip(rows, origins):
            if row[index] and row[index] not in known:
                problems.append(Problem(file, line, field, row[index],
                                        f"not a {target_field} of {target['resource']} (rule: foreign key)"))
    return problems


def _from_findings(findings: list[rules.Finding], origins: list[Origin]) -> list[Problem]:
    return [Problem(*(origins[finding.row] if finding.row is not None else (origins[0][0], None)),
                    finding.column, finding.value, finding.rule) for finding in findings]


def check_rows(name: str, header: list[str], rows: list[list[str]], origins: list[Origin], *,
               new: frozenset[int] = frozenset(), partial: bool = False,
               allow_backfill: bool = False) -> list[Problem]:
    """Every rule of table `name` over `rows` (cells in `header` order), each
    problem reported at its row's origin; `new` marks rows `data add` brings."""
    spec = resource_spec(name)
    fields = spec["schema"]["fields"]
    problems = _from_findings(rules.cell_findings(fields, header, rows), origins)
    found = {(problem.file, problem.line, problem.column) for problem in problems}  # one problem per cell
    problems += [problem for problem in _frictionless_problems(spec, header, rows, origins)
                 if (problem.file, problem.line, problem.column) not in found]
    if problems:
        return problems
    problems = _check_foreign_keys(name, spec, header, rows, origins)
    findings = rules.table_findings(spec, header, rows, new=new, partial=partial, allow_backfill=allow_backfill)
    findings += rules.row_findings(spec, header, rows)
    return problems + _from_findings(findings, origins) + _check_registered(header, rows, origins)


def _check_registered(header: list[str], rows: list[list[str]], origins: list[Origin]) -> list[Problem]:
    """Every source_url's domain has a line (and so a tier) in data/sources.csv."""
    return [Problem(*origins[number - 2], "source_url", domain, sources.UNREGISTERED_RULE)
            for number, domain in sources.unregistered([header, *rows])]


def raw_rows(name: str) -> list[dict]:
    """The table's rows as text, read by the shared reader (stdlib only)."""
    path = dataset_path(name)
    table, problems = read_table(path, display_path(path))
    if table is None:
        raise DataValidationError(problems)
    return [dict(zip(table.header, record.cells + [""] * (len(table.header) - len(record.cells))))
            for record in table.records]


def check_dataset(name: str) -> list[Problem]:
    """Validate one table; an empty list means it is good."""
    spec = resource_spec(name)
    path = paths.data_dir() / spec["path"]
    shown = display_path(path)
    if not path.is_file():
        return [Problem(shown, None, None, None, "the file does not exist")]
    table, problems = read_table(path, shown)
    if table is None:
        return problems
    fields = [field["name"] for field in spec["schema"]["fields"]]
    problems = _check_header(table.header, fields, shown) or problems
    if problems:
        return problems
    if not table.records:
        return [Problem(shown, None, None, None, "the file has a header but no data rows")]
    return check_rows(name, table.header, [record.cells for record in table.records],
                      [(shown, record.line) for record in table.records])


def check(names: list[str] | None = None) -> list[Problem]:
    """Validate the descriptor's tables (all of them by default)."""
    problems = []
    for name in names or dataset_names():
        problems += check_dataset(name)
    return problems


# --------------------------------------------------------------------------- loading


def _convert(frame, fields: list[dict]):
    import pandas as pd

    for field in fields:
        column = field["name"]
        blank = frame[column].str.strip() == ""
        if field["type"] == "date":
            frame[column] = pd.to_datetime(frame[column].where(~blank), format="%Y-%m-%d")
        elif field["type"] == "integer":
            frame[column] = pd.to_numeric(frame[column].where(~blank)).astype("Int64")
        elif field["type"] == "number":
            frame[column] = pd.to_numeric(frame[column].where(~blank)).astype("float64")
        else:
            frame[column] = frame[column].where(~blank, None)
    return frame


@functools.lru_cache(maxsize=32)
def _load_validated(name: str, digest: str, cutoff: str | None, registry_digest: str):
    import pandas as pd

    problems = check_dataset(name)
    if problems:
        raise DataValidationError(problems)
    spec = resource_spec(name)
    path = dataset_path(name)
    table, _ = read_table(path, display_path(path))  # the rows just checked, parsed the same way
    frame = pd.DataFrame([record.cells for record in table.records], columns=table.header, dtype=str)
    if cutoff and spec.get("date_field"):
        frame = frame[frame[spec["date_field"]].map(lambda text: dated_on_or_before(text, cutoff))]
        frame = frame.reset_index(drop=True)
    frame = sources.with_tiers(_convert(frame, spec["schema"]["fields"]))
    frame.attrs["dataset"] = name
    frame.attrs["sha256"] = digest
    return frame


def _guard_declared(name: str) -> None:
    declared = os.environ.get(READS_ENV)
    if declared is None:
        return
    allowed = [item for item in declared.split(",") if item]
    if name not in allowed:
        raise UndeclaredDatasetError(
            f"this chapter loads '{name}' but declares only {allowed} in belpolicy.build.chapters; "
            "add it to the chapter's `reads` so the chapter is rebuilt when that table changes"
        )


def load(name: str):
    """Return the validated table `name` as a pandas DataFrame (a fresh copy);
    a table with `source_url` also gets `source_tier` from data/sources.csv."""
    _guard_declared(name)
    resource_spec(name)  # unknown names fail here with the list of known ones
    return _load_validated(name, file_sha256(name), os.environ.get(CUTOFF_ENV) or None,
                           file_sha256(sources.REGISTRY)).copy()


def input_digests(reads, cutoff: str | None = None) -> dict[str, str]:
    """Content hashes of what a chapter's outputs depend on: each table it reads,
    as far as a run dated `cutoff` can see it (`visible_sha256`), and for the
    source registry only the registry lines its rows' URLs resolve to (so
    registering a domain no row of these tables cites changes nothing)."""
    digests = {name: visible_sha256(name, cutoff) for name in reads}
    if sources.REGISTRY in inputs_of(reads) and sources.REGISTRY not in reads:
        files = tuple((name, file_sha256(name)) for name in reads)
        digests[sources.REGISTRY] = _registry_digest(files, file_sha256(sources.REGISTRY))
    return digests


@functools.lru_cache(maxsize=64)
def _registry_digest(tables: tuple[tuple[str, str], ...], registry_sha: str) -> str:
    known = sources.registry()
    resolved = set()
    for name, _digest in tables:
        for row in raw_rows(name):
            url = row.get("source_url")
            if url:
                found = sources.lookup(url, known)
                resolved.add((sources.domain_of(url) or url, repr(found)))
    return hashlib.sha256(repr(sorted(resolved)).encode()).hexdigest()


def inputs_of(reads) -> list[str]:
    """The tables a chapter's outputs depend on: those it reads, plus the source
    registry whenever one of them has a source_url (its tiers reach the outputs)."""
    names = list(reads)
    if sources.REGISTRY not in names and any(
            "source_url" in (field["name"] for field in resource_spec(name)["schema"]["fields"]) for name in names):
        names.append(sources.REGISTRY)
    return names


_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def dated_on_or_before(text: str, cutoff: str) -> bool:
    """Whether a row dated `text` (YYYY, YYYY-MM, YYYY-MM-DD or a period by its
    start) may be shown as of `cutoff`; undated rows always may. A coarser date
    sorts before the days it contains ("2023-03" <= "2023-03-28"), the same rule
    `newest_date` uses."""
    match = _DATE_PREFIX.match((text or "").strip())
    return match is None or match.group(0) <= cutoff


def visible_sha256(name: str, cutoff: str | None) -> str:
    """Hash of what a run dated `cutoff` can load of the table: the file itself
    when nothing is cut (or the table is undated), else its header and the rows
    `load` keeps. Rows added after the cutoff therefore re-run nothing."""
    field = resource_spec(name).get("date_field")
    if not cutoff or not field:
        return file_sha256(name)
    kept = [row for row in raw_rows(name) if dated_on_or_before(row.get(field, ""), cutoff)]
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False).encode()).hexdigest()


def newest_date(name: str, upto: str | None = None) -> str | None:
    """The newest date in the table's `date_field` as text (YYYY-MM-DD, YYYY-MM
    or YYYY, whatever precision the column has); stdlib only, so the no-op build
    path stays fast. Periods such as "2020-08 to 2022-09" count by their start."""
    field = resource_spec(name).get("date_field")
    if not field:
        return None
    values = []
    for row in raw_rows(name):
        match = _DATE_PREFIX.match(row.get(field, "").strip())
        if match and (upto is None or match.group(0) <= upto):
            values.append(match.group(0))
    return max(values) if values else None
