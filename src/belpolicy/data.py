"""The data layer: every table in `data/` is described in `data/datapackage.yaml`
(a Frictionless Data Package) and validated against it before anyone reads it.

`load(name)` is the only way chapters read data; `check()` validates everything
and returns one `Problem` per broken rule, each naming file, line, column,
value and rule.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path


from . import paths
from .errors import DataValidationError, UndeclaredDatasetError

DESCRIPTOR = "datapackage.yaml"
# Set by the pipeline in a chapter's kernel: the tables the chapter declares.
READS_ENV = "BELPOLICY_CHAPTER_READS"
# Keys of our own in the descriptor that Frictionless does not know.
CUSTOM_RESOURCE_KEYS = ("date_field", "caveats", "core", "series", "newest_rule", "main_series", "row_rules")


@dataclass(frozen=True)
class Problem:
    """One broken rule in one data file."""

    file: str
    line: int | None  # line in the file; the header is line 1
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            where.append(f"value '{shown}'")
        return ", ".join(where) + f": {self.rule}"


# --------------------------------------------------------------------------- descriptor


def descriptor_path() -> Path:
    return paths.data_dir() / DESCRIPTOR


def datapackage() -> dict:
    return paths.read_yaml(descriptor_path())


def claims_register() -> list[dict]:
    """The paper's checkable claims (data/claims.yaml); evaluated by belpolicy.claims."""
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


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(paths.project_root()))
    except ValueError:
        return str(path)


def file_sha256(name: str) -> str:
    return hashlib.sha256(dataset_path(name).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- checking

_CONSTRAINT = re.compile(r'constraint "(?P<name>\w+)" is "(?P<arg>.*)"')
_TYPE_WORDS = {
    "date": "not a date in YYYY-MM-DD form",
    "integer": "not a whole number",
    "number": "not a number",
}


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


def _decode(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    raw = path.read_bytes()
    if not raw.strip():
        return None, [Problem(shown, None, None, None, "the file is empty (expected a header row and data rows)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.start + 4].hex(" ")
        return None, [Problem(shown, line, None, f"bytes {bad}", "the file is not UTF-8 text (rule: encoding utf-8)")]
    return text.lstrip("\ufeff"), []


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


def _frictionless_problems(spec: dict, path: Path, lines: list[list[str]], shown: str) -> list[Problem]:
    frictionless = _import_frictionless()
    Resource, Schema = frictionless.Resource, frictionless.Schema

    schema = Schema.from_descriptor(
        {key: value for key, value in spec["schema"].items() if key != "foreignKeys"}
    )
    resource = Resource(path=path.name, basepath=str(path.parent), schema=schema, format="csv", encoding="utf-8")
    report = resource.validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            line = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            value = getattr(error, "cell", None)
            if error.type == "type-error":
                field_type = next(f["type"] for f in spec["schema"]["fields"] if f["name"] == column)
                rule = _TYPE_WORDS.get(field_type, f"not a valid {field_type}") + f" (rule: type {field_type})"
            elif error.type == "constraint-error":
                rule = _constraint_rule(error.note)
            elif error.type == "primary-key":
                key = spec["schema"]["primaryKey"]
                header = lines[0]
                row = lines[line - 1] if line and line - 1 < len(lines) else []
                value = " | ".join(row[header.index(k)] for k in key if k in header and header.index(k) < len(row))
                column = "+".join(key)
                first = re.search(r"position (\d+)", error.note or "")
                rule = "duplicate primary key" + (f", already on line {first.group(1)}" if first else "")
            else:
                rule = f"{error.title.lower()}: {error.note}"
            problems.append(Problem(shown, line, column, None if value is None else str(value), rule))
    return problems


def _check_foreign_keys(spec: dict, lines: list[list[str]], shown: str) -> list[Problem]:
    problems = []
    for foreign in spec["schema"].get("foreignKeys", []):
        (field,) = foreign["fields"]
        target = foreign["reference"]
        known = {row[target["fields"][0]] for row in _raw_rows(target["resource"])}
        header = lines[0]
        index = header.index(field)
        for number, row in enumerate(lines[1:], start=2):
            if index < len(row) and row[index] and row[index] not in known:
                problems.append(Problem(shown, number, field, row[index],
                                        f"not a {target['fields'][0]} of {target['resource']} (rule: foreign key)"))
    return problems


def _raw_rows(name: str) -> list[dict]:
    with open(dataset_path(name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def check_dataset(name: str, path: Path | None = None) -> list[Problem]:
    """Validate one table (or a candidate file for it at `path`); an empty list means it is good."""
    spec = resource_spec(name)
    shown = _display(paths.data_dir() / spec["path"])
    path = path or paths.data_dir() / spec["path"]
    if not path.is_file():
        return [Problem(shown, None, None, None, "the file does not exist")]
    text, problems = _decode(path, shown)
    if problems:
        return problems
    lines = list(csv.reader(io.StringIO(text)))
    fields = [field["name"] for field in spec["schema"]["fields"]]
    problems = _check_header(lines[0], fields, shown)
    if problems:
        return problems
    if len(lines) < 2:
        return [Problem(shown, None, None, None, "the file has a header but no data rows")]
    problems = _frictionless_problems(spec, path, lines, shown)
    if not problems:
        problems = _check_foreign_keys(spec, lines, shown)
    if not problems:
        from .semantics import row_rule_problems

        problems = row_rule_problems(name, lines[0], lines[1:], shown)
    return problems


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
def _load_validated(name: str, digest: str):
    import pandas as pd

    problems = check_dataset(name)
    if problems:
        raise DataValidationError(problems)
    spec = resource_spec(name)
    frame = pd.read_csv(dataset_path(name), dtype=str, keep_default_na=False, encoding="utf-8")
    frame = _convert(frame, spec["schema"]["fields"])
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
            f"this chapter loads '{name}' but declares only {allowed} in belpolicy.chapters; "
            "add it to the chapter's `reads` so the chapter is rebuilt when that table changes"
        )


def load(name: str):
    """Return the validated table `name` as a pandas DataFrame (a fresh copy)."""
    _guard_declared(name)
    resource_spec(name)  # unknown names fail here with the list of known ones
    return _load_validated(name, file_sha256(name)).copy()


_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def newest_date(name: str, upto: str | None = None) -> str | None:
    """The newest date in the table's `date_field` as text (YYYY-MM-DD, YYYY-MM
    or YYYY, whatever precision the column has); stdlib only, so the no-op build
    path stays fast. Periods such as "2020-08 to 2022-09" count by their start."""
    field = resource_spec(name).get("date_field")
    if not field:
        return None
    values = []
    for row in _raw_rows(name):
        match = _DATE_PREFIX.match(row.get(field, "").strip())
        if match and (upto is None or match.group(0) <= upto):
            values.append(match.group(0))
    return max(values) if values else None
