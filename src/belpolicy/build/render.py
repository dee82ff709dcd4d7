"""Stage 4: render an executed, staged edition with Quarto."""

from __future__ import annotations

import shutil
import subprocess

from belpolicy import paths
from belpolicy.errors import BelpolicyError, QuartoMissingError
from belpolicy.build.site import write_site_profile
from belpolicy.build.staging import stage

INSTALL_HINT = (
    "quarto is not on PATH, so the book was executed but not rendered. "
    "Install Quarto (https://quarto.org/docs/get-started/, or `conda install -c conda-forge quarto`, "
    "or `pip install quarto-cli` on a machine with internet access), then run `make book` again; "
    "the executed outputs in _build/ are reused."
)


def quarto_path() -> str:
    found = shutil.which("quarto")
    if not found:
        raise QuartoMissingError(INSTALL_HINT)
    return found


def render_chapter(edition: str, slug: str, output_format: str) -> None:
    """One chapter as its own document (e.g. Word), through the `chapterdoc`
    profile: numbering restarts and cross-references to other chapters print
    as plain text (QUARTO.md section 6)."""
    quarto = quarto_path()
    stage(edition)
    profiles = ",".join([edition, "chapterdoc", *write_site_profile(edition)])
    command = [quarto, "render", f"chapters/{slug}.qmd", "--profile", profiles, "--to", output_format]
    completed = subprocess.run(command, cwd=paths.project_root())
    if completed.returncode != 0:
        raise BelpolicyError(f"{' '.join(command[1:])} failed (exit {completed.returncode}); see above")


def render(edition: str) -> None:
    """Render every format of one edition into _book/<edition>/."""
    quarto = quarto_path()
    stage(edition)  # includes read _build/current while Quarto scans the project
    profiles = ",".join([edition, *write_site_profile(edition)])
    completed = subprocess.run([quarto, "render", "--profile", profiles], cwd=paths.project_root())
    if completed.returncode != 0:
        raise BelpolicyError(f"quarto render --profile {profiles} failed (exit {completed.returncode}); see above")
    chapter_word_files(quarto, edition)


def chapter_word_files(quarto: str, edition: str) -> None:
    """Each chapter as its own Word file beside its page, for briefings
    (`_book/<edition>/chapters/<slug>.docx`, linked above the cite block). Made
    from the rendered page, so the book's numbering and cross-reference text
    stay (QUARTO.md section 6); the site navigation is dropped."""
    from belpolicy.build.chapters import all_chapters

    folder = paths.project_root() / "_book" / edition / "chapters"
    for chapter in all_chapters():
        page = folder / f"{chapter.slug}.html"
        command = [quarto, "pandoc", page.name, "-f", "html", "-t", "docx", "-o", f"{chapter.slug}.docx"]
        completed = subprocess.run(command, cwd=folder)
        if completed.returncode != 0:
            raise BelpolicyError(f"{' '.join(command[1:])} in {folder} failed (exit {completed.returncode}); see above")
