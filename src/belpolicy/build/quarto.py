"""The book's Quarto configuration as the driver reads it (`_quarto.yml`)."""

from __future__ import annotations

from belpolicy import paths


def config() -> dict:
    return paths.quarto_config()


def book_metadata() -> dict:
    return config()["book"]


def listed_files(config: dict) -> list[str]:
    """Every file under book.chapters and book.appendices, parts included."""
    found = []

    def walk(entries):
        for entry in entries or []:
            if isinstance(entry, str):
                found.append(entry)
            elif isinstance(entry, dict):
                if isinstance(entry.get("part"), str) and entry["part"].endswith((".qmd", ".md")):
                    found.append(entry["part"])
                walk(entry.get("chapters"))

    book = config.get("book", {})
    walk(book.get("chapters"))
    walk(book.get("appendices"))
    return found


def bibliography_files(config: dict) -> list[str]:
    """The files under `bibliography:` (one name or a list), in their order."""
    listed = config.get("bibliography", [])
    return [listed] if isinstance(listed, str) else list(listed)
