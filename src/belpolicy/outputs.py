"""What a chapter notebook writes: figures (SVG + PNG) each with the CSV of
exactly the plotted data, tables, and `values.json` — the numbers its prose quotes.

A notebook makes one `ChapterOutputs` from its parameters and calls
`figure(...)`, `table(...)` and `value(...)`; `finish()` writes values.json.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

FIGURE_FORMATS = ("svg", "png")


def fmt_int(number) -> str:
    return f"{int(number):,}"


def fmt_pct(number, digits: int = 0) -> str:
    return f"{float(number):.{digits}f}%"


def fmt_date(value) -> str:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.day} {day.strftime('%B %Y')}"


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


class ChapterOutputs:
    def __init__(self, output_dir: str | Path | None, chapter: str, params: dict):
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
        """Save `fig` as SVG and PNG and `data` (the plotted rows) as CSV."""
        base = self.root / "figures" / name
        fig.savefig(base.with_suffix(".svg"), format="svg", bbox_inches="tight", metadata={"Date": None})
        fig.savefig(base.with_suffix(".png"), format="png", bbox_inches="tight", metadata={"Software": None})
        self._write_csv(base.with_suffix(".csv"), data, title, source)

    def table(self, name: str, data, *, title: str, source: str) -> None:
        self._write_csv(self.root / "tables" / f"{name}.csv", data, title, source)

    def _write_csv(self, path: Path, data, title: str, source: str) -> None:
        body = data.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
        path.write_text(self._csv_header(title, source) + body, encoding="utf-8")

    def value(self, key: str, value, text: str, *, label: str, source: str | None = None, date=None) -> None:
        """Record a number the prose quotes: `value` raw, `text` as printed.

        `text` reaches the book through a Quarto variable, so it is checked here,
        where a bad value names its chapter and cell, not only at render time."""
        from .staging import check_value

        check_value(f"{self.chapter}.{key}", text)
        self.values[key] = {
            "value": _plain(value),
            "text": text,
            "label": label,
            "source": source,
            "date": _plain(date),
        }

    def missing(self, key: str, *, label: str, reason: str) -> None:
        """Record that a number the prose would quote is not in the data."""
        self.values[key] = {"value": None, "text": "not available", "label": label, "source": None,
                            "date": None, "missing_reason": reason}

    def guard(self, name: str, holds, premise: str) -> None:
        """Record a named check of a sentence's premise. The prose marks the sentence
        with `[...]{guard="<chapter>.<name>"}`; staging and `belpolicy check-book`
        refuse an edition in which a marked sentence's premise does not hold."""
        import re

        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise ValueError(f"guard name {name!r}: use lower-case letters, digits and underscores")
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
