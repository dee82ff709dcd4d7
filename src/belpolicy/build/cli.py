"""The `belpolicy` command: build, run, status, data check, stage."""

from __future__ import annotations

import functools
import re
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from belpolicy import paths
from belpolicy.build import pipeline, steps
from belpolicy.build.chapters import all_chapters, by_name, readers_of
from belpolicy.errors import BelpolicyError, DataValidationError
from belpolicy.data.params import EDITIONS, parse_assignments

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build, re-run and check the living edition of 'Rethinking Western policy towards Belarus'.")
data_app = typer.Typer(no_args_is_help=True, help="Check the tables in data/.")
app.add_typer(data_app, name="data")
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def _reports_errors(command):
    """A command's BelpolicyError becomes its message on stderr and exit status 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BelpolicyError as error:
            _fail(error)

    return wrapper


def _fail(error: BelpolicyError) -> None:
    lines = str(error).splitlines() or [type(error).__name__]
    if isinstance(error, DataValidationError):
        errors.print(f"[bold red]{len(error.problems)} data problem(s):[/]")
    for line in lines:
        errors.print(f"[red]error:[/] {escape(line)}", soft_wrap=True)
    raise typer.Exit(1)


def _editions(edition: str) -> list[str]:
    if edition == "all":
        return list(EDITIONS)
    if edition not in EDITIONS:
        raise BelpolicyError(f"--edition {edition!r}: choose paper, latest or all")
    return [edition]


def _selected(chapters: Optional[str]):
    if not chapters:
        return list(all_chapters())
    return [by_name(name.strip()) for name in chapters.split(",") if name.strip()]


def _progress(event: str, name: str, info: dict) -> None:
    """One line per chapter as it starts, finishes or fails."""
    name = escape(name)
    if event == "start":
        console.print(f"{name}: executing ({escape('; '.join(info['reasons']))})")
    elif event == "done":
        console.print(f"{name}: [green]done[/] in {info['seconds']:.1f} s")
    else:
        console.print(f"{name}: [red]FAILED[/] after {info['seconds']:.1f} s; previous outputs kept")


def _execute(jobs: list, workers=2, timeout=None) -> pipeline.Outcome:
    with console.status("executing notebooks...") if console.is_terminal else nullcontext():
        outcome = pipeline.run(jobs, workers=workers, cell_timeout=timeout or pipeline.DEFAULT_CELL_TIMEOUT,
                               report=_progress)
    if outcome.skipped and not outcome.executed and not outcome.failed:
        console.print(f"up to date: nothing to execute ({len(outcome.skipped)} chapter run(s) current)")
    if outcome.failed:
        raise BelpolicyError("\n".join(outcome.failed.values()))
    return outcome


@app.command()
@_reports_errors
def build(
    edition: str = typer.Option("all", help="paper, latest or all"),
    chapters: Optional[str] = typer.Option(None, help="comma-separated chapters (slug, key or number)"),
    no_render: bool = typer.Option(False, "--no-render", help="execute notebooks only; do not call Quarto"),
    force: bool = typer.Option(False, help="re-execute even when nothing changed"),
    workers: int = typer.Option(2, min=1, help="chapters executed in parallel"),
    timeout: Optional[int] = typer.Option(None, min=1, help="seconds one notebook cell may run"),
    output_format: Optional[str] = typer.Option(None, "--format",
                                                help="with --chapters: render only those chapters, each as its own "
                                                     "document in this format (docx, html or typst)"),
    site_url: Optional[str] = typer.Option(None, "--site-url", envvar="BELPOLICY_SITE_URL",
                                           help="address _book/ is published at (editions under it); "
                                                "unset: a local build, no address printed"),
):
    """Execute the chapters of an edition (only what changed) and render the book."""
    from belpolicy.build.site import published_citation_file, set_site_url

    set_site_url(site_url)
    if not no_render:
        published_citation_file()  # a CITATION.cff naming another address stops the build before it starts
    if output_format and not chapters:
        raise BelpolicyError("--format renders single chapters: name them with --chapters")
    if output_format and output_format not in ("docx", "html", "typst"):
        raise BelpolicyError(f"--format {output_format!r}: choose docx, html or typst")
    editions = _editions(edition)
    selected = _selected(chapters)
    jobs = [job for name in editions for job in pipeline.plan(name, name, selected, force=force)]
    try:
        _execute(jobs, workers=workers, timeout=timeout)
    finally:  # chapters that succeeded are published even when another failed
        for name in editions:
            steps.finish_edition(name)
    if no_render:
        return
    from belpolicy.build.render import render, render_chapter

    for name in editions:
        if output_format:
            for chapter in selected:
                render_chapter(name, chapter.slug, output_format)
        else:
            render(name)
    if not output_format:
        from belpolicy.build.site import write_published_files

        write_published_files(paths.project_root() / "_book")


@app.command()
@_reports_errors
def run(
    chapter: str = typer.Argument(..., help="chapter slug, key or number"),
    param: List[str] = typer.Option([], "-p", "--param", help="key=value (repeatable)"),
    edition: str = typer.Option("latest", help="edition whose parameters the run starts from"),
    name: Optional[str] = typer.Option(None, help="name of the run folder under _build/runs/"),
    timeout: Optional[int] = typer.Option(None, min=1, help="seconds one notebook cell may run"),
    output_format: Optional[str] = typer.Option(None, "--format",
                                                help="also render the chapter with the run's numbers: html, docx "
                                                     "or pdf, into _book/runs/<name>/chapters/"),
):
    """Re-run one chapter with other parameters into _build/runs/<name>/ (never over an edition);
    print its key values, or with --format render it as a document."""
    from belpolicy.build import runs

    if output_format and output_format not in runs.FORMATS:
        raise BelpolicyError(f"--format {output_format!r}: choose {', '.join(runs.FORMATS)}")
    selected = by_name(chapter)
    overrides = parse_assignments(param)
    resolved = selected.params.resolve(edition, overrides)  # refuse bad values before naming folders
    run_name = name or _run_name(selected.key, overrides)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.=,-]{0,120}", run_name):
        raise BelpolicyError(f"--name {run_name!r}: use letters, digits and . _ = , - only")
    _execute(pipeline.plan(f"runs/{run_name}", edition, [selected], overrides), timeout=timeout)
    console.print(f"outputs: _build/runs/{run_name}/{selected.slug}/")
    if output_format:
        document = runs.render_run(run_name, edition, selected, resolved, output_format)
        console.print(f"document: {document.as_posix()}")
    else:
        table = Table("value", "this run", "key", title=f"{selected.slug}: {runs.parameters_text(resolved)}")
        for label, text, key in runs.key_values(run_name, selected):
            table.add_row(escape(label), escape(text), escape(key))
        console.print(table)


def _run_name(key: str, overrides: dict) -> str:
    parts = [key] + [f"{k}={v}" for k, v in sorted(overrides.items())]
    return re.sub(r"[^A-Za-z0-9_.=,-]", "_", "-".join(parts))


@app.command()
@_reports_errors
def status(edition: str = typer.Option("all", help="paper, latest or all")):
    """List which chapters are stale and why."""
    table = Table("edition", "chapter", "state", "why")
    for name in _editions(edition):
        for job in pipeline.plan(name, name):
            table.add_row(name, job.chapter.slug, "stale" if job.reasons else "current",
                          "; ".join(job.reasons) or "-")
    console.print(table)


@app.command()
@_reports_errors
def params(chapter: str = typer.Argument(..., help="chapter slug, key or number")):
    """Show the parameters a chapter accepts, with allowed values and edition defaults."""
    selected = by_name(chapter)
    table = Table("parameter", "kind", "allowed", *EDITIONS, "meaning")
    resolved = {name: selected.params.resolve(name) for name in EDITIONS}
    for param in selected.params.all:
        allowed = ", ".join(param.allowed()) if param.kind in ("choice", "choices") else param.kind
        table.add_row(param.name, param.kind, allowed,
                      *[str(resolved[name].get(param.name, "")) for name in EDITIONS], param.help)
    console.print(table)


@data_app.command("check")
@_reports_errors
def data_check():
    """Validate every table against data/datapackage.yaml."""
    from belpolicy import data

    problems = data.check()
    if problems:
        _fail(DataValidationError(problems))
    console.print(f"data: {len(data.dataset_names())} tables valid")


@data_app.command("add")
@_reports_errors
def data_add(
    table: str = typer.Argument(..., help="prisoners, release, sanctions, event, poll, wave, or any table name"),
    fields: List[str] = typer.Argument(None, help="column=value pairs for one row"),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="a CSV of rows to add (header = column names)"),
    partial: bool = typer.Option(False, help="poll answers need not sum to about 100 %"),
    allow_backfill: bool = typer.Option(False, help="accept a prisoner count older than the counter's newest"),
):
    """Append one record (or a CSV of records) to a table after validating it; on any problem nothing is written."""
    from belpolicy.data import updates

    if bool(fields) == bool(file):
        raise BelpolicyError("give either column=value pairs for one row or --file ROWS.csv")
    if file:
        rows, origin_lines = updates.read_rows_file(file)
        source = str(file)
    else:
        rows, origin_lines, source = [parse_assignments(fields, what="column")], None, updates.COMMAND_LINE
        named = [pair.partition("=")[0] for pair in fields]
        twice = sorted({column for column in named if named.count(column) > 1})
        if twice:
            raise BelpolicyError(f"column {', '.join(twice)} given twice on the command line")
    path, lines = updates.add_rows(table, rows, partial=partial, allow_backfill=allow_backfill,
                                   source=source, lines=origin_lines)
    name = updates.table_name(table)
    console.print(f"added {len(rows)} row(s) to {path.relative_to(path.parents[1])} at line(s) "
                  f"{', '.join(map(str, lines))}")
    readers = readers_of(name)
    console.print(f"chapters reading {name}: {', '.join(readers) or 'none'}; `belpolicy build` re-executes them")


@app.command("check-book")
@_reports_errors
def check_book(edition: str = typer.Option("all", help="paper, latest or all")):
    """Check, without Quarto, everything the render will consume (chapters, cross-references,
    citations, embedded cells, images, variables) against an executed edition."""
    from belpolicy.build import bookcheck

    problems = [f"[{name}] {problem}" for name in _editions(edition) for problem in bookcheck.check(name)]
    if problems:
        _fail(BelpolicyError("\n".join(problems)))
    console.print("book inputs: every chapter, reference, citation, embed, image and variable resolves")


@app.command()
@_reports_errors
def stage(edition: str = typer.Argument(..., help="paper or latest")):
    """Point _build/current at an executed edition and write _variables.yml."""
    from belpolicy.build.staging import stage as do_stage

    do_stage(edition)


@app.command()
@_reports_errors
def claims(edition: str = typer.Option("all", help="paper, latest or all")):
    """Print the paper's checkable claims with their status in each edition (as last built)."""
    from belpolicy.build.appendices import claim_statuses

    table = Table("claim", "chapter", *[f"{name} edition" for name in _editions(edition)], "evidence (last edition)")
    statuses = {name: claim_statuses(name) for name in _editions(edition)}
    last = _editions(edition)[-1]
    from belpolicy.data import claims_register

    for claim in claims_register():
        cells = [statuses[name].get(claim["id"], {}).get("status", "not built") for name in _editions(edition)]
        table.add_row(escape(claim["id"]), escape(claim["chapter"]), *map(escape, cells),
                      escape(statuses[last].get(claim["id"], {}).get("evidence", "")))
    console.print(table)


@app.command()
@_reports_errors
def cite(
    section: str = typer.Argument(..., help="section id, e.g. sec-sanctions or sec-sanctions-opinion"),
    style: str = typer.Option("apa", help="apa, chicago or bibtex"),
    edition: str = typer.Option("latest", help="paper or latest"),
    site_url: Optional[str] = typer.Option(None, "--site-url", envvar="BELPOLICY_SITE_URL",
                                           help="address the book is published at; unset: no address"),
):
    """Print how to cite a chapter or section of an edition."""
    from belpolicy.build import cite as citing
    from belpolicy.build.edition import EDITION_TITLES, chapter_vintages, read_summary, vintage
    from belpolicy.build.site import set_site_url

    set_site_url(site_url)
    found = citing.sections()
    if section not in found:
        raise BelpolicyError(f"no section {section!r}; known ids include: {', '.join(sorted(found)[:12])} ...")
    if style not in citing.STYLES:
        raise BelpolicyError(f"--style {style!r}: choose one of {', '.join(citing.STYLES)}")
    if edition not in EDITION_TITLES:
        raise BelpolicyError(f"--edition {edition!r}: a citation names one edition; choose {' or '.join(EDITION_TITLES)}")
    summary = read_summary(edition)
    # A section is cited with the date of the data its chapter uses.
    when = chapter_vintages(summary).get(Path(found[section].chapter_file).stem, vintage(summary))
    print(citing.render(found[section], style, edition, when))


if __name__ == "__main__":  # `python -m belpolicy.build.cli`, as the tests run it
    app()
