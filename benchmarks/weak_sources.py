"""Rows per table that rest only on an aggregator, a mirror or state media
(tiers from data/sources.csv), as a Markdown table.

    .venv/bin/python benchmarks/weak_sources.py [--root PROJECT]

Run it on two checkouts (or before and after a data change) to compare.
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    os.environ["BELPOLICY_ROOT"] = str(args.root.resolve())
    from belpolicy.data import sources, tables as data

    print("| table | rows | aggregator or mirror | state media | weak (both) |")
    print("|---|---|---|---|---|")
    totals = [0, 0, 0]
    for name in data.dataset_names():
        if name == sources.REGISTRY:
            continue
        with open(data.dataset_path(name), encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        tiers = sources.rows_by_tier(rows)
        counts = [len(rows), tiers.get("aggregator_or_mirror", 0), tiers.get("state_media", 0)]
        totals = [a + b for a, b in zip(totals, counts)]
        print(f"| {name} | {counts[0]} | {counts[1]} | {counts[2]} | {counts[1] + counts[2]} |")
    print(f"| **all** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[1] + totals[2]} |")


if __name__ == "__main__":
    main()
