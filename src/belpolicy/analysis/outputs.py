"""What a chapter notebook writes: figures (SVG + PNG) each with the CSV of
exactly the plotted data, tables, and `values.json` — the numbers its prose quotes.

A notebook makes one `ChapterOutputs` from its parameters and calls
`figure(...)`, `table(...)` and `value(...)`; `finish()` writes values.json.
The chapter's key (its namespace in the book's variables) comes from the
notebook's metadata, through the pipeline, never typed a second time.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path

from belpolicy.errors import BelpolicyError, FigureLegibilityError
from belpolicy.text import check_value, fmt_date, fmt_int, fmt_pct

PUBLISHERS_SHOWN = 4  # a figure's source line names this many publishers, then counts the rest

# Set by the pipeline in a chapter's kernel: the key from the notebook's metadata.
CHAPTER_ENV = "BELPOLICY_CHAPTER"
# How `value(..., kind=…)` prints a number; anything else passes its own text.
FORMATS = {"int": fmt_int, "pct": fmt_pct, "date": fmt_date}


def _plain(value):
    """JSON-friendly version of numpy / pandas scalars and dates."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def chapter_key() -> str:
    """The running chapter's key: from the pipeline, or in JupyterLab (which
    names the notebook it started the kernel for) from the notebook's metadata."""
    key = os.environ.get(CHAPTER_ENV)
    if key:
        return key
    session = Path(os.environ.get("JPY_SESSION_NAME", ""))
    if session.suffix == ".ipynb" and session.is_file():
        return json.loads(session.read_text(encoding="utf-8"))["metadata"]["belpolicy"]["key"]
    return "scratch"


class ChapterOutputs:
    def __init__(self, output_dir: str | Path | None, params: dict):
        chapter = chapter_key()
        # Run interactively (JupyterLab) the notebook writes to a scratch folder
        # instead of the edition's outputs.
        self.root = Path(output_dir) if output_dir else Path("_scratch") / chapter
        self.chapter = chapter
        self.params = params
        self.values: dict[str, dict] = {}
        self.claim_rows: list[dict] = []
        self.guards: dict[str, dict] = {}
        (self.root / "figures").mkdir(parents=True, exist_ok=True)
        (self.root / "tables").mkdir(parents=True, exist_ok=True)

    def _csv_header(self, title: str, source: str) -> str:
        params = ", ".join(f"{key}={value}" for key, value in sorted(self.params.items()))
        return f"# {title}\n# Source: {source}\n# Parameters: {params}\n"

    def figure(self, fig, name: str, data, *, title: str, source: str) -> None:
        """Save `fig` as SVG and PNG and `data` (the plotted rows) as CSV; the
        publishers of the plotted rows become the value `publishers_<name>`
        for the figure's source line."""
        from belpolicy.analysis.style import legibility

        # Checked before anything is written, so the last good figure stays.
        problem = legibility(fig).problem()
        if problem:
            raise FigureLegibilityError(f"figure {self.chapter}/{name}: {problem}; enlarge the text or narrow the figure")
        base = self.root / "figures" / name
        fig.savefig(base.with_suffix(".svg"), format="svg", bbox_inches="tight", metadata={"Date": None})
        fig.savefig(base.with_suffix(".png"), format="png", bbox_inches="tight", metadata={"Software": None})
        self._write_csv(base.with_suffix(".csv"), data, title, source)
        self._record_publishers(name, data)

    def _record_publishers(self, name: str, data) -> None:
        from belpolicy.data.sources import publishers
        from belpolicy.text import plain_text

        found = publishers(data)
        if not found:
            return
        shown = found[:PUBLISHERS_SHOWN]
        text = "; ".join(plain_text(publisher) for publisher in shown)
        if len(found) > len(shown):
            text += f"; and {len(found) - len(shown)} other publisher{'s' if len(found) - len(shown) > 1 else ''}"
        self.value(f"publishers_{name.replace('-', '_')}", len(found), text,
                   label=f"Publishers of the rows drawn in figure {name}, most rows first")

    def table(self, name: str, data, *, title: str, source: str) -> None:
        self._write_csv(self.root / "tables" / f"{name}.csv", data, title, source)

    def _write_csv(self, path: Path, data, title: str, source: str) -> None:
        from belpolicy.data.sources import with_tiers

        body = with_tiers(data).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
        path.write_text(self._csv_header(title, source) + body, encoding="utf-8")

    def value(self, key: str, value, text: str | None = None, *, kind: str | None = None, label: str,
              source: str | None = None, date=None, rows=None, attributed: str | None = None,
              attribute_if_weak: bool = False) -> None:
        """Record a number the prose quotes: `value` raw, printed by `kind`
        ("int", "pct", "date") or as the given `text`.

        The text reaches the book through a Quarto variable, so it is checked here,
        where a bad value names its chapter and cell, not only at render time.
        `source_tier` lists the tiers of the rows the value rests on: `rows`
        (a DataFrame, one row or URLs) when given, else the `source` URL. When
        those are only aggregators, mirrors or state media, the sentence must say
        who reported the value and `attributed` names them (see sources.citation_problem).
        With `attribute_if_weak` the value is attributed to its rows' publishers
        when no primary or reputable row supports it, and its printed text says
        so ("36% (reported by ..., not independently confirmed)").
        """
        from belpolicy.data.sources import citation_problem, reported_by, tiers

        if (text is None) == (kind is None):
            raise BelpolicyError(f"value {self.chapter}.{key}: give either its text or a kind ({', '.join(FORMATS)})")
        if kind is not None:
            if kind not in FORMATS:
                raise BelpolicyError(f"value {self.chapter}.{key}: unknown kind {kind!r} ({', '.join(FORMATS)})")
            text = FORMATS[kind](value)
        check_value(f"{self.chapter}.{key}", text)
        entry = {
            "value": _plain(value),
            "text": text,
            "label": label,
            "source": source if isinstance(source, str) else None,
            "date": _plain(date),
            "source_tier": tiers(rows if rows is not None else source),
            "attributed": attributed,
        }
        if attribute_if_weak:
            entry["attributed"], words = reported_by(rows if rows is not None else source, entry["source_tier"])
            entry["text"] = check_value(f"{self.chapter}.{key}", text + words)
        self.values[key] = entry
        problem = citation_problem(entry)
        if problem:  # printed in the notebook; the citation test fails the build's tests on it
            print(f"citation rule: {self.chapter}.{key} {problem}")

    def missing(self, key: str, *, label: str, reason: str) -> None:
        """Record that a number the prose would quote is not in the data."""
        self.values[key] = {"value": None, "text": "not available", "label": label, "source": None,
                            "date": None, "missing_reason": reason, "source_tier": [], "attributed": None}

    def guard(self, name: str, holds, premise: str) -> None:
        """Record a named check of a sentence's premise. The prose marks the sentence
        with `[...]{guard="<chapter>.<name>"}`; staging and `belpolicy check-book`
        refuse an edition in which a marked sentence's premise does not hold."""
        import re

        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise BelpolicyError(f"guard name {name!r}: use lower-case letters, digits and underscores")
        self.guards[name] = {"holds": bool(holds), "premise": premise}

    def claims(self, verdicts) -> None:
        """Record the statuses of the chapter's claims (a DataFrame from claims.evaluate)."""
        self.claim_rows = verdicts.to_dict(orient="records")

    def _record_resources(self) -> None:
        """Peak memory and CPU time of this kernel, for the benchmarks (kept out of
        values.json, which must be byte-identical between runs)."""
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        stats = {"peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2)}
        (self.root / "run-stats.json").write_text(json.dumps(stats, sort_keys=True) + "\n", encoding="utf-8")

    def finish(self) -> dict:
        self._record_resources()
        payload = {"chapter": self.chapter, "params": self.params, "values": self.values,
                   "claims": self.claim_rows, "guards": self.guards}
        (self.root / "values.json").write_text(
            json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return payload


def read_figure_csv(path: str | Path):
    """Read a figure or table CSV written above, skipping its '# ' header lines."""
    import pandas as pd

    lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and lines[skip].startswith("# "):
        skip += 1
    return pd.read_csv(path, skiprows=skip)
