"""The generated appendices: the claims register, what changed since the paper,
and the data sources. Written as Markdown into `_build/<edition>/appendix/`
after the chapters ran (stdlib only: no notebook, no pandas), and included by
the appendix pages. Every data string is escaped (see markdown.py)."""

from __future__ import annotations

from pathlib import Path

from belpolicy import data, paths
from belpolicy.build.chapters import all_chapters
from belpolicy.build.edition import chapter_payloads
from belpolicy.build.markdown import Raw, link, table
from belpolicy.text import escape

APPENDIX_DIR = "appendix"


def _chapter_sections() -> dict[str, str]:
    """Chapter key -> the section id of its title (for cross-references)."""
    from belpolicy.build.cite import sections

    by_file = {s.chapter_file: s.chapter_id for s in sections().values()}
    return {c.key: by_file.get(f"chapters/{c.slug}.qmd", "") for c in all_chapters()}


def claim_statuses(edition: str) -> dict[str, dict]:
    """Claim id -> {status, evidence, ...} as the chapters of an edition last computed them."""
    return {row["id"]: row for payload in chapter_payloads(edition).values() for row in payload.get("claims", [])}


def claims_markdown(edition: str) -> str:
    results = claim_statuses(edition)
    sections = _chapter_sections()
    lines = ["| Claim | Chapter | Status | Evidence | Data |", "|---|---|---|---|---|"]
    counts: dict[str, int] = {}
    for claim in data.claims_register():
        row = results.get(claim["id"])
        status = row["status"] if row else "not evaluated: its chapter has not been built"
        counts[status] = counts.get(status, 0) + 1
        chapter = f"@{sections[claim['chapter']]}" if sections.get(claim["chapter"]) else escape(claim["chapter"])
        lines.append("| " + " | ".join([
            escape(claim["claim"]) + f" ({escape(claim['where'])})", chapter, f"**{escape(status)}**",
            escape(row["evidence"] if row else ""), escape(", ".join(claim["data"]))]) + " |")
    summary = "; ".join(f"{escape(status)}: {count}" for status, count in sorted(counts.items()))
    return "\n".join([f"Statuses in this edition: {summary}.", "", *lines,
                      "", ": The paper's checkable claims and their status in this edition {#tbl-claims-register}", ""])


def changes_markdown() -> str:
    paper, latest = chapter_payloads("paper"), chapter_payloads("latest")
    if not paper or not latest:
        return "Both editions must be built to compare them: run `belpolicy build --edition all`.\n"
    rows = []
    for key in sorted(set(paper) & set(latest)):
        old_values, new_values = paper[key]["values"], latest[key]["values"]
        for name in sorted(set(old_values) & set(new_values)):
            old, new = old_values[name], new_values[name]
            if old["value"] == new["value"]:
                continue
            source = Raw(link(new["source"])) if new.get("source") else ""
            rows.append([key, old["label"], old["text"], new["text"], new.get("date") or "", source])
    if not rows:
        return "No quoted number differs between the two editions.\n"
    return table(["Chapter", "Number", "Paper edition", "Latest edition", "Dated", "Source"], rows,
                 caption="Numbers quoted in the text whose value moved between the paper edition and the latest edition",
                 label="tbl-what-changed")


def data_markdown(edition: str) -> str:
    package = data.datapackage()
    licence = package["licenses"][0]
    parts = [f"Compilation licence: [{escape(licence['title'])}]({licence['path']}). "
             f"{escape(package['sources'][0]['description'])}", ""]
    from belpolicy.data.sources import REGISTRY

    # The registry describes the other tables' sources, so it comes after them.
    for resource in sorted(package["resources"], key=lambda r: r["name"] == REGISTRY):
        name = resource["name"]
        rows = data.raw_rows(name)
        if name == REGISTRY:
            parts += _registry_section(resource, rows)
            continue
        hosts = sorted({row["source_url"].split("/")[2] for row in rows if row.get("source_url", "").count("/") >= 2})
        newest = data.newest_date(name)
        parts += [
            f"## {escape(resource['title'])} {{#sec-data-{name.replace('_', '-')}}}",
            "",
            escape(resource.get("description", "")),
            "",
            f"- **File:** [`data/{resource['path']}`](data/{resource['path']}) ({len(rows):,} rows; download the CSV)",
            f"- **Newest date:** {escape(newest or 'not dated (see the related waves table)')}",
            f"- **Sources:** {len(hosts)} web sites, every row with its `source_url` and an `evidence` quote"
            f" (for example {escape(', '.join(hosts[:4]))})",
            f"- **Licence:** {escape(licence['name'])} for the compilation; each source under its own terms",
            f"- **Accessed:** compiled before {escape(package['created'][:10])}; per-row access dates were not recorded",
        ]
        if rows and "source_url" in rows[0]:
            parts += _tier_lines(rows)
        caveats = resource.get("caveats", [])
        if caveats:
            parts.append("- **Caveats:** " + " ".join(escape(c) for c in caveats))
        parts.append("")
    return "\n".join(parts)


def _registry_section(resource: dict, rows: list[dict]) -> list[str]:
    counts = {tier: sum(1 for row in rows if row["tier"] == tier) for tier in ("primary", "reputable_secondary",
                                                                             "aggregator_or_mirror", "state_media")}
    shown = "; ".join(f"{tier.replace('_', ' ')} {count:,}" for tier, count in counts.items())
    return [
        f"## {escape(resource['title'])} {{#sec-data-{resource['name']}}}",
        "",
        escape(resource.get("description", "")),
        "",
        f"- **File:** [`data/{resource['path']}`](data/{resource['path']}) ({len(rows):,} domains; download the CSV)",
        f"- **Domains by tier:** {escape(shown)}",
        "- **Caveats:** " + " ".join(escape(c) for c in resource.get("caveats", [])),
        "",
    ]


def _tier_lines(rows: list[dict]) -> list[str]:
    """Rows by source tier and the publishers behind them (from data/sources.csv)."""
    from belpolicy.data import sources

    tiers = sources.rows_by_tier(rows)
    shown = "; ".join(f"{tier.replace('_', ' ')} {count:,}" for tier, count in tiers.items())
    weak = sources.weak_rows(rows)
    publishers = sources.publishers([row.get("source_url") for row in rows])
    return [
        f"- **Rows by source tier:** {escape(shown)}"
        + (f" ({weak:,} rest only on an aggregator, a mirror or state media: quoted only with who reported them)"
           if weak else ""),
        f"- **Publishers ({len(publishers):,}, most rows first):** {escape('; '.join(publishers))}",
    ]


def write_appendices(edition: str) -> list[Path]:
    folder = paths.build_dir() / edition / APPENDIX_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("claims.md", claims_markdown(edition)), ("changes.md", changes_markdown()),
                       ("data.md", data_markdown(edition))):
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
