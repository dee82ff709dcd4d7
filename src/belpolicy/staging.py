"""Stage 4 preparation: make an executed edition visible to Quarto.

Points `_build/current` at `_build/<edition>` (chapters embed and include
through it) and writes `_variables.yml` from the edition's values, so prose
quotes numbers with `{{< var sanctions.table1_lift >}}`. Quarto passes
variable text through as markdown and even expands shortcodes in it, so every
value must match a strict pattern before it is written.
"""

from __future__ import annotations

import json
import os
import re

import yaml

from . import paths
from .errors import StagingError
from .outputs import fmt_date
from .params import PAPER_DATE

# Digits, letters, spaces and the punctuation numbers and dates need. No <, >, {,
# }, [, ], *, _, `, #, | or backslash: nothing markdown, HTML or Quarto would act on.
SAFE_VALUE = re.compile(r"[A-Za-z0-9 ,.%:;()'’+\-–/]*")
VARIABLES_FILE = "_variables.yml"
EDITION_TITLES = {"paper": "Paper edition", "latest": "Latest edition"}
STAGED_RUN_ENV = "BELPOLICY_STAGED_RUN"


_SPELLED_OUT = {"~": "about ", "&": " and ", "=": " ", '"': "'", "<": " less than ", ">": " more than "}


def plain_text(text: str) -> str:
    """Data text made fit for a variable: symbols spelled out or dropped, so a
    caption built from data never fails the check below (nor injects anything)."""
    spelled = "".join(_SPELLED_OUT.get(ch, ch) if SAFE_VALUE.fullmatch(ch) is None else ch for ch in str(text))
    kept = "".join(ch if SAFE_VALUE.fullmatch(ch) else " " for ch in spelled)
    return " ".join(kept.split())


def check_value(key: str, text: str) -> str:
    if not isinstance(text, str) or not SAFE_VALUE.fullmatch(text):
        raise StagingError(f"value {key} = {text!r} contains characters that are not allowed in the book's "
                           "variables (only letters, digits, spaces and , . % : ; ( ) ' + - – /)")
    return text


def edition_vintage(summary: dict) -> str:
    """The date an edition's data reach: its as_of, or for 'latest' the newest dated row."""
    if summary["as_of"] != "latest":
        return fmt_date(summary["as_of"])
    days = [day for day in summary["vintage"].values() if day and len(day) == 10]
    return fmt_date(max(days))


def _vintage_text(name: str, day: str | None) -> str:
    from .data import resource_spec

    if day:
        return fmt_date(day) if len(day) == 10 else day
    return "none up to this date" if resource_spec(name).get("date_field") else "not dated"


def variables_for(summary: dict) -> dict:
    edition = summary["edition"]
    vintage = {name: _vintage_text(name, day) for name, day in summary["vintage"].items()}
    as_of = summary["as_of"]
    variables = {
        "edition": edition,
        "edition_title": EDITION_TITLES[edition],
        "as_of": fmt_date(as_of) if as_of != "latest" else "the newest data",
        "paper_date": fmt_date(PAPER_DATE),
        "vintage_overall": edition_vintage(summary),
        "vintage": vintage,
    }
    for chapter, values in summary["chapters"].items():
        variables[chapter] = {key: entry["text"] for key, entry in values.items()}
    _check_tree("", variables)
    return variables


def _check_tree(prefix: str, tree: dict) -> None:
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if not re.fullmatch(r"[a-z0-9_]+", str(key)):
            raise StagingError(f"variable name {name!r} must be lower-case letters, digits and underscores")
        if isinstance(value, dict):
            _check_tree(f"{name}.", value)
        else:
            check_value(name, value)


BANNER_FILE = "edition-banner.html"


def write_banner(folder, variables: dict) -> None:
    """The line every HTML page opens with (Quarto's include-before-body): which
    edition this is and how far its data reach."""
    import html

    text = (f"You are reading the {variables['edition_title'].lower()}: data up to {variables['vintage_overall']}. "
            "The paper edition is pinned to the paper's date; the latest edition follows the newest data.")
    (folder / BANNER_FILE).write_text(banner_html(text), encoding="utf-8")


def banner_html(text: str) -> str:
    """The banner's markup. No Quarto callout classes: where the include reached the
    Word file, a callout div became an empty box (its raw-HTML text is dropped
    there); a plain div shows nothing outside HTML. styles.css draws it."""
    import html

    return f'<div class="edition-banner" role="note"><p>{html.escape(text)}</p></div>\n'


def stage(edition: str) -> None:
    """Point `_build/current` at the edition and write `_variables.yml`."""
    if edition not in EDITION_TITLES:
        raise StagingError(f"edition {edition!r}: stage exactly one of {', '.join(EDITION_TITLES)}")
    build = paths.build_dir()
    summary_path = build / edition / "values.json"
    if not summary_path.is_file():
        raise StagingError(f"{summary_path} is missing: run `belpolicy build --edition {edition} --no-render` first")
    variables = variables_for(json.loads(summary_path.read_text(encoding="utf-8")))
    write_banner(build / edition, variables)
    point_current(edition, variables)


def point_current(label: str, variables: dict) -> None:
    """`_build/current` -> `_build/<label>` (an edition or `runs/<name>`), and `_variables.yml`."""
    build = paths.build_dir()
    current = build / "current"
    temporary = build / ".current-new"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(label, target_is_directory=True)
    os.replace(temporary, current)  # atomic: readers never see a missing link
    target = paths.project_root() / VARIABLES_FILE
    fresh = target.with_suffix(".yml.new")
    fresh.write_text("# Generated by `belpolicy stage` from _build/<edition>/values.json; do not edit.\n"
                     + yaml.safe_dump(variables, sort_keys=True, allow_unicode=True), encoding="utf-8")
    os.replace(fresh, target)


def main() -> None:
    """Quarto pre-render hook: stage the edition named by QUARTO_PROFILE."""
    if os.environ.get(STAGED_RUN_ENV):  # `belpolicy run --format` staged a run's outputs itself
        return
    profiles = [p for p in os.environ.get("QUARTO_PROFILE", "").split(",") if p in EDITION_TITLES]
    if len(profiles) != 1:
        raise SystemExit("belpolicy stage: QUARTO_PROFILE must name exactly one edition (paper or latest)")
    try:
        stage(profiles[0])
    except StagingError as error:
        raise SystemExit(f"belpolicy stage: {error}") from None


if __name__ == "__main__":
    main()
