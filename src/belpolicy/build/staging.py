"""Stage 4 preparation: make an executed edition visible to Quarto.

Points `_build/current` at `_build/<edition>` (chapters embed and include
through it) and writes `_variables.yml` from the edition's values, so prose
quotes numbers with `{{< var sanctions.table1_lift >}}`. Quarto passes
variable text through as markdown and even expands shortcodes in it, so every
value must match a strict pattern before it is written.
"""

from __future__ import annotations

import os
import re

import yaml

from belpolicy import paths
from belpolicy.build.chapters import all_chapters
from belpolicy.build.edition import EDITION_TITLES, chapter_vintages, read_summary, vintage
from belpolicy.build.guards import apply_policy
from belpolicy.data import resource_spec
from belpolicy.data.params import PAPER_DATE
from belpolicy.errors import StagingError
from belpolicy.text import check_value, fmt_date, plain_text

VARIABLES_FILE = "_variables.yml"
STAGED_RUN_ENV = "BELPOLICY_STAGED_RUN"


def _chapter_vintage_variables(summary: dict) -> dict[str, str]:
    by_slug = chapter_vintages(summary)
    return {chapter.key: by_slug[chapter.slug] for chapter in all_chapters()}


def _vintage_text(name: str, day: str | None) -> str:
    if day:
        return fmt_date(day) if len(day) == 10 else day
    return "none up to this date" if resource_spec(name).get("date_field") else "not dated"


def variables_for(summary: dict) -> dict:
    edition = summary["edition"]
    per_table = {name: _vintage_text(name, day) for name, day in summary["vintage"].items()}
    as_of = summary["as_of"]
    variables = {
        "edition": edition,
        "edition_title": EDITION_TITLES[edition],
        "as_of": fmt_date(as_of) if as_of != "latest" else "the newest data",
        "paper_date": fmt_date(PAPER_DATE),
        "vintage_overall": vintage(summary),
        "vintage": per_table,
        "vintage_chapter": _chapter_vintage_variables(summary),
    }
    for chapter, values in summary["chapters"].items():
        variables[chapter] = {key: entry["text"] for key, entry in values.items()}
        # Every value carries its source: `<key>_site` names the site it was read on, so
        # the citation beside a quoted number comes from the row that produced it.
        for key, entry in values.items():
            if f"{key}_site" not in values:
                variables[chapter][f"{key}_site"] = source_site(entry.get("source"))
    _check_tree("", variables)
    return variables


def source_site(url) -> str:
    """'as reported by ua.news' for a value's source URL; a plain note where it has none."""
    from belpolicy.data.sources import domain_of

    if not isinstance(url, str) or "//" not in url:
        return "no source recorded for this value"
    return plain_text(f"as reported by {domain_of(url)}")


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
    summary = read_summary(edition)
    variables = variables_for(summary)
    apply_policy(edition, summary)  # refuses (or marks) prose whose premise no longer holds, before anything moves
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
