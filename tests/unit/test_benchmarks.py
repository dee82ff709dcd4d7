"""The benchmark scripts still run on the package as it is laid out now (they
are not timed here: only that they run and add up)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_weak_sources_report_runs_and_its_totals_add_up():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "weak_sources.py"), "--root", str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = [line.strip("|").split("|") for line in result.stdout.splitlines()[2:]]
    tables = [[int(cell) for cell in row[1:]] for row in rows if "**all**" not in row[0]]
    total = next([int(cell) for cell in row[1:]] for row in rows if "**all**" in row[0])
    assert len(tables) >= 13
    assert total == [sum(column) for column in zip(*tables)]
    assert all(row[3] == row[1] + row[2] <= row[0] for row in tables)  # weak = both kinds, never above the rows
