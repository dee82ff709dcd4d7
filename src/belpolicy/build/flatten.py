"""A book page as plain pandoc Markdown, the way Quarto would hand it to pandoc.

Quarto cannot be installed everywhere, but its engines can (pandoc and Typst).
To check that a page compiles to PDF without Quarto, this module does the few
things Quarto does before pandoc sees a page, for one executed edition:

- `{{< include >}}` files are inlined, `{{< var >}}` and `{{< meta edition >}}`
  filled in (from the same values `staging` writes to `_variables.yml`);
- `::: {.content-visible when-profile=…}` blocks of the other edition are dropped;
- each `{{< embed >}}` is replaced by the embedded cell's stored output (a
  Markdown output as is, an HTML table converted by pandoc, anything else a
  placeholder table), captioned with the cell's `tbl-cap` like a Quarto table;
- cross-references (`@fig-…`, `@tbl-…`, `@sec-…`), which only Quarto resolves,
  become plain text.

What it returns still carries figures with their `_build/current/…` sources,
so `filters/figure-downloads.lua` acts on it as it does under Quarto.
"""

from __future__ import annotations

import json
import re

from belpolicy import paths
from belpolicy.build.bookcheck import CROSSREF, EMBED, VAR, expand_includes, resolve_target, notebook_cells
from belpolicy.errors import BelpolicyError
from belpolicy.build.staging import variables_for

META = re.compile(r"\{\{<\s*meta\s+([^\s>]+)\s*>\}\}")
CELL_OPTION = re.compile(r"^#\|\s*([\w-]+):\s*(.*)$", re.M)
FENCE_OPEN = re.compile(r"^(:{3,})\s*\{(.*)\}\s*$")
FENCE_CLOSE = re.compile(r"^:{3,}\s*$")
WHEN_PROFILE = re.compile(r'\.content-visible\s+when-profile="(\w+)"')
CROSSREF_WORDS = {"fig": "Figure", "tbl": "Table", "sec": "Section"}


def _lookup(tree: dict, dotted: str) -> str:
    node = tree
    for part in dotted.split("."):
        node = node[part]
    return node


def _edition_blocks(text: str, edition: str) -> str:
    """Drop the `content-visible when-profile` blocks of the other edition and
    unwrap those of this one; other divs stay as they are."""
    kept, stack = [], []  # one (is a profile div, is hidden) per open div
    for line in text.splitlines():
        opening = FENCE_OPEN.match(line)
        closing = FENCE_CLOSE.match(line) and stack
        if opening:
            profile = WHEN_PROFILE.search(opening.group(2))
            stack.append((bool(profile), bool(profile) and profile.group(1) != edition))
            shown = not any(hidden for _, hidden in stack) and not profile
        elif closing:
            is_profile, hidden = stack.pop()
            shown = not hidden and not is_profile and not any(h for _, h in stack)
        else:
            shown = not any(hidden for _, hidden in stack)
        if shown:
            kept.append(line)
    return "\n".join(kept) + "\n"


def html_to_markdown(html: str) -> str:
    import pypandoc  # a test dependency: only checks convert HTML outputs

    return pypandoc.convert_text(html, "markdown-raw_html-native_divs-native_spans", format="html")


def cell_markdown(cell: dict, label: str) -> str:
    """A cell's stored output as Markdown, captioned like the Quarto table it becomes."""
    options = {key: value.strip().strip('"') for key, value in CELL_OPTION.findall("".join(cell["source"]))}
    body = None
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/markdown" in data:
            body = "".join(data["text/markdown"])
        elif "text/html" in data:
            body = html_to_markdown("".join(data["text/html"]))
        if body is not None:
            break
    if body is None:
        body = f"| {label} |\n|---|\n| output not shown in this check |\n"
    caption = options.get("tbl-cap")
    if caption and label.startswith("tbl-"):
        body = body.rstrip() + f"\n\n: {caption}\n"
    return body


def page_markdown(listed: str, edition: str) -> str:
    """The page `listed` (e.g. chapters/03-sanctions.qmd) as pandoc would get it from Quarto."""
    root = paths.project_root()
    summary_path = paths.build_dir() / edition / "values.json"
    if not summary_path.is_file():
        raise BelpolicyError(f"{summary_path} is missing: run `belpolicy build --edition {edition} --no-render`")
    variables = variables_for(json.loads(summary_path.read_text(encoding="utf-8")))
    source = root / listed
    chapter_dir = source.parent
    text = expand_includes(source.read_text(encoding="utf-8"), chapter_dir, edition)
    text = _edition_blocks(text, edition)

    def embed(match: re.Match) -> str:
        notebook = resolve_target(chapter_dir, match.group(1), edition)
        return cell_markdown(notebook_cells(notebook)[match.group(2)], match.group(2))

    text = EMBED.sub(embed, text)
    text = VAR.sub(lambda match: _lookup(variables, match.group(1)), text)
    text = META.sub(lambda match: edition if match.group(1) == "edition" else match.group(0), text)
    return CROSSREF.sub(lambda match: f"{CROSSREF_WORDS[match.group(1)[:3]]} {match.group(1)[4:]}", text)


def chapter_files() -> list[str]:
    """The chapters listed in _quarto.yml (the pages built from notebooks)."""
    from belpolicy.build.quarto import listed_files

    return [listed for listed in listed_files(paths.quarto_config()) if listed.startswith("chapters/")]

