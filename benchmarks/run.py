"""Benchmarks of the build, measured side by side in one run on this machine.

    .venv/bin/python benchmarks/run.py [--output benchmarks/RESULTS.md]

Works on a throw-away copy of the project, so the project's own _build/ is not
touched. Reports ratios and wall times against the targets; it is not a test
and never fails on a missed target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("data", "chapters", "_quarto.yml", "_quarto-paper.yml", "_quarto-latest.yml", "index.qmd",
                 "references.bib", "references-be.yaml", "references.qmd")
HEAVY = ("papermill", "geopandas", "matplotlib")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("_scratch"))
        elif source.exists():
            shutil.copy2(source, target / name)
    # The benchmark's added row cites example.org (reserved for examples); only the copy's registry knows it.
    with open(target / "data" / "sources.csv", "a", encoding="utf-8") as registry:
        registry.write("example.org,Benchmark fixture (reserved example domain),reputable_secondary,benchmarks only\n")
    return target


def environment(root: Path) -> dict:
    return {**os.environ, "BELPOLICY_ROOT": str(root), "MPLBACKEND": "Agg"}


def timed(command: list[str], root: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, env=environment(root), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return elapsed


def belpolicy(*args: str) -> list[str]:
    return [sys.executable, "-m", "belpolicy.build.cli", *args]


def naive_loop(root: Path) -> float:
    """The papermill CLI on each chapter notebook in turn, with the paper edition's parameters."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["BELPOLICY_ROOT"] = str(root)
    from belpolicy.build.chapters import all_chapters

    papermill = str(Path(sys.executable).with_name("papermill"))
    started = time.perf_counter()
    for chapter in all_chapters():
        params = chapter.params.resolve("paper")
        out = root / "_naive" / chapter.slug
        out.mkdir(parents=True, exist_ok=True)
        command = [papermill, str(chapter.notebook), str(out / f"{chapter.slug}.ipynb"), "--cwd", str(chapter.notebook.parent),
                   "-y", json.dumps({**params, "output_dir": str(out)}), "--no-progress-bar"]
        subprocess.run(command, check=True, env=environment(root), capture_output=True)
    return time.perf_counter() - started


def noop_imports(root: Path) -> list[str]:
    code = ("import sys\nfrom belpolicy.build.cli import app\n"
            "try:\n    app(['build', '--edition', 'paper', '--no-render'])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=environment(root), capture_output=True, text=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("HEAVY:"))
    return [m for m in line[len("HEAVY:"):].split(",") if m]


def chapter_stats(root: Path, edition: str) -> list[dict]:
    rows = []
    for manifest in sorted((root / "_build" / edition).glob("*/manifest.json")):
        stats_path = manifest.with_name("run-stats.json")
        stats = json.loads(stats_path.read_text()) if stats_path.is_file() else {}
        rows.append({"chapter": manifest.parent.name, "seconds": json.loads(manifest.read_text())["seconds"],
                     "peak_rss_mb": stats.get("peak_rss_mb")})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, help="also write the report (Markdown) to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="belpolicy-bench-") as scratch:
        root = copy_project(Path(scratch) / "book")
        timed(belpolicy("build", "--edition", "paper", "--no-render"), root)  # warm-up: map cache, bytecode
        full = timed(belpolicy("build", "--edition", "paper", "--no-render", "--force"), root)
        naive = naive_loop(root)
        noop = statistics.median(timed(belpolicy("build", "--edition", "paper", "--no-render"), root) for _ in range(5))
        heavy = noop_imports(root)
        per_chapter = chapter_stats(root, "paper")

        counts = root / "data" / "political_prisoners.csv"
        text = counts.read_text(encoding="utf-8")
        counts.write_text(text + "2026-10-31,1111,viasna,https://example.org/benchmark,benchmark row,exact,end_of_month,"
                          "benchmark fixture\n", encoding="utf-8")
        readers = [row["chapter"] for row in per_chapter
                   if "political_prisoners" in json.loads((root / "_build" / "paper" / row["chapter"] /
                                                             "manifest.json").read_text())["fingerprint"]["data"]]
        incremental = timed(belpolicy("build", "--edition", "paper", "--no-render"), root)
        own = sum(row["seconds"] for row in chapter_stats(root, "paper") if row["chapter"] in readers)

    lines = [
        f"Benchmarks of {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()} (`python benchmarks/run.py`)",
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
        f"| full paper build (`--force --no-render`) vs naive papermill loop | {full:.1f} s vs {naive:.1f} s = ratio "
        f"{full / naive:.2f} | ≤ 0.60 | {'yes' if full / naive <= 0.6 else 'no'} |",
        f"| no-op build (median of 5) | {noop:.2f} s | ≤ 1.5 s | {'yes' if noop <= 1.5 else 'no'} |",
        f"| heavy modules imported by the no-op build | {', '.join(heavy) or 'none'} | none | {'yes' if not heavy else 'no'} |",
        f"| incremental build after one new prisoner count ({len(readers)} chapter(s) re-executed) | {incremental:.1f} s "
        f"vs their own {own:.1f} s + 2 s | ≤ {own + 2:.1f} s | {'yes' if incremental <= own + 2 else 'no'} |",
        "",
        "| chapter | execution (s) | peak memory of its kernel (MiB) | targets ≤ 10 s, ≤ 1024 MiB |",
        "|---|---|---|---|",
    ]
    for row in per_chapter:
        met = row["seconds"] <= 10 and (row["peak_rss_mb"] or 0) <= 1024
        lines.append(f"| {row['chapter']} | {row['seconds']:.1f} | {row['peak_rss_mb']} | {'yes' if met else 'no'} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
