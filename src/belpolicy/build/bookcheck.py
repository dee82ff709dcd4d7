"""Check without Quarto everything Quarto will consume.

Quarto only warns (or says nothing) about a missing image, an unknown variable,
an unresolved cross-reference or citation. This check makes each of them a
failure, for one edition's executed outputs:

- every chapter listed in `_quarto.yml` exists;
- every `@fig-`/`@tbl-`/`@sec-` reference has a target (in the prose or in an
  embedded notebook cell's `#| label:`);
- every citation key is in a bibliography file (`references.bib`, `references-be.yaml`);
- every `{{< embed >}}` notebook and cell exists and the cell has outputs;
- every image (SVG and PNG, for extension-less paths) and linked local file exists;
- every `{{< var >}}` resolves in the edition's variables, and `{{< include >}}` files exist;
- every guarded sentence (`guard="chapter.check"`) shown in the edition has its check recorded, holding.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path


from belpolicy import paths
from belpolicy.build.edition import read_summary, summary_path as summary_file
from belpolicy.build.guards import marking, stale_sentences
from belpolicy.build.quarto import bibliography_files, listed_files
from belpolicy.build.staging import variables_for

ID = re.compile(r"\{#((?:sec|fig|tbl)-[A-Za-z0-9_-]+)")
CROSSREF = re.compile(r"(?<![\w@])@((?:sec|fig|tbl)-[A-Za-z0-9_-]*[A-Za-z0-9])")
CITATION = re.compile(r"(?<![\w@/.])@([A-Za-z][A-Za-z0-9_:-]*[A-Za-z0-9])")
EMBED = re.compile(r"\{\{<\s*embed\s+([^#\s]+)#([^\s>]+)\s*>\}\}")
INCLUDE = re.compile(r"\{\{<\s*include\s+(\S+)\s*>\}\}")
VAR = re.compile(r"\{\{<\s*var\s+([^\s>]+)\s*>\}\}")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
IMAGE = re.compile(r"\]\(([^)\s]+)\)\{#fig-")
CELL_LABEL = re.compile(r"^#\|\s*label:\s*(\S+)", re.M)
BIB_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")
NOT_CITATIONS = {"sec", "fig", "tbl"}


@dataclass(frozen=True)
class BookProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def bib_keys(path: Path) -> set[str]:
    """The entry keys of one bibliography file: BibTeX (`@type{key,`) or CSL YAML (`id:`)."""
    if not path.is_file():
        return set()
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml

        return {str(entry["id"]) for entry in (yaml.safe_load(text) or {}).get("references", [])}
    return set(BIB_KEY.findall(text))


def bibliography_keys(root: Path, config: dict) -> set[str]:
    """The keys of every file the book lists under `bibliography:`."""
    return set().union(*(bib_keys(root / name) for name in bibliography_files(config)))


def notebook_cells(path: Path) -> dict[str, dict]:
    """Label -> cell for every code cell carrying `#| label:`."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            for label in CELL_LABEL.findall("".join(cell["source"])):
                cells[label] = cell
    return cells


def resolve_target(chapter_dir: Path, target: str, edition: str) -> Path:
    """A chapter-relative path, with the `_build/current` pointer read as the edition."""
    path = Path(os.path.normpath(chapter_dir / target))
    try:
        return paths.build_dir() / edition / path.relative_to(paths.build_dir() / "current")
    except ValueError:
        return path


def _prose_lines(text: str):
    """(line number, line) outside fenced code blocks, where Quarto reads no references."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            yield number, line


def expand_includes(text: str, chapter_dir: Path, edition: str) -> str:
    """Inline the generated files that `{{< include >}}` pulls in, so their
    references and links are checked too (a missing file stays as the line)."""
    lines = []
    for line in text.splitlines():
        match = INCLUDE.search(line)
        target = resolve_target(chapter_dir, match.group(1), edition) if match else None
        if target is not None and target.is_file():
            lines += target.read_text(encoding="utf-8").splitlines()
        else:
            lines.append(line)
    return "\n".join(lines)


def _lookup(tree: dict, dotted: str) -> bool:
    node = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return not isinstance(node, dict)


def check(edition: str) -> list[BookProblem]:
    root = paths.project_root()
    config = paths.quarto_config()
    problems: list[BookProblem] = []
    summary_path = summary_file(edition)
    if not summary_path.is_file():
        return [BookProblem(str(summary_path.relative_to(root)), 0,
                            f"edition not executed: run `belpolicy build --edition {edition} --no-render`")]
    summary = read_summary(edition)
    variables = variables_for(summary)
    keys = bibliography_keys(root, config)
    texts: dict[str, str] = {}
    for listed in listed_files(config):
        if not (root / listed).is_file():
            problems.append(BookProblem("_quarto.yml", 0, f"chapter {listed} is listed but does not exist"))
        else:
            texts[listed] = expand_includes((root / listed).read_text(encoding="utf-8"), (root / listed).parent,
                                             edition)

    for output, options in (config.get("format") or {}).items():
        for key in ("include-before-body", "include-after-body", "include-in-header"):
            for target in [options.get(key)] if isinstance(options, dict) and options.get(key) else []:
                if not resolve_target(root, target, edition).is_file():
                    problems.append(BookProblem("_quarto.yml", 0, f"{output} {key} file {target} does not exist"))

    targets: set[str] = set()
    for text in texts.values():
        targets |= set(ID.findall(text))
    embedded: list[tuple[str, int, Path, str]] = []
    for listed, text in texts.items():
        chapter_dir = (root / listed).parent
        for number, line in _prose_lines(text):
            for target, label in EMBED.findall(line):
                embedded.append((listed, number, resolve_target(chapter_dir, target, edition), label))
    for listed, number, notebook, label in embedded:
        if not notebook.is_file():
            problems.append(BookProblem(listed, number, f"embedded notebook {notebook} does not exist"))
            continue
        cells = notebook_cells(notebook)
        if label not in cells:
            problems.append(BookProblem(listed, number, f"cell '{label}' does not exist in {notebook.name}"))
        elif not cells[label].get("outputs"):
            problems.append(BookProblem(listed, number, f"cell '{label}' of {notebook.name} has no output"))
        else:
            targets.add(label)

    for listed, text in texts.items():
        chapter_dir = (root / listed).parent
        for number, line in _prose_lines(text):
            problems += _check_line(listed, number, line, chapter_dir, edition, targets, keys, variables)
    for stale in stale_sentences(edition, summary):
        if marking() and "not recorded" not in stale.reason:
            continue  # published marked, and listed in the What-changed appendix
        problems.append(BookProblem(stale.file, stale.line, f"guard {stale.guard} {stale.reason}: {stale.premise}"))
    return problems


def _check_line(listed, number, line, chapter_dir, edition, targets, keys, variables) -> list[BookProblem]:
    problems = []
    for ref in CROSSREF.findall(line):
        if ref not in targets:
            problems.append(BookProblem(listed, number, f"cross-reference @{ref} has no target"))
    for key in CITATION.findall(line):
        if key.split("-", 1)[0] in NOT_CITATIONS:
            continue
        if key not in keys:
            problems.append(BookProblem(listed, number, f"citation @{key} is not in the bibliography"))
    for name in VAR.findall(line):
        if not _lookup(variables, name):
            problems.append(BookProblem(listed, number, f"variable {name} is not defined for the {edition} edition"))
    for target in INCLUDE.findall(line):
        if not resolve_target(chapter_dir, target, edition).is_file():
            problems.append(BookProblem(listed, number, f"included file {target} does not exist"))
    images = set(IMAGE.findall(line))
    for target in LINK_TARGET.findall(line):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # web links and in-page anchors
        path = resolve_target(chapter_dir, target.split("#", 1)[0], edition)
        if target in images and not path.suffix:
            for extension in (".svg", ".png"):
                if not path.with_suffix(extension).is_file():
                    problems.append(BookProblem(listed, number, f"image {target}{extension} does not exist"))
        elif not path.exists():
            problems.append(BookProblem(listed, number, f"linked file {target} does not exist"))
    return problems
