"""Content hashes of everything an edition build publishes, to show that a change
which should not alter the book (a refactor) did not.

    python tools/output_hashes.py > before.txt      # on the old tree, after `belpolicy build --force --no-render`
    python tools/output_hashes.py | diff before.txt -   # on the new tree: no output means byte-identical

Covered: figures (SVG, PNG, CSV), tables, every values.json, the generated
appendices, cite blocks and banner, and the cell outputs of each executed
notebook. Left out, because they record when and how a run happened
rather than what it produced: papermill's execution metadata, manifest.json
(content hashes of the inputs, including the library code itself) and
run-stats.json (memory and CPU time).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SKIPPED = {"manifest.json", "run-stats.json", ".lock"}


def notebook_payload(path: Path) -> bytes:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    # Outputs only: a refactor may change how a cell is written, not what it shows.
    kept = [cell.get("outputs", []) for cell in cells if cell["cell_type"] == "code"]
    # The injected `output_dir` names the run's temporary folder (pid and clock).
    return re.sub(r"\.tmp-[A-Za-z0-9_.-]+", ".tmp-RUN", json.dumps(kept, sort_keys=True)).encode()


def hashes(build: Path) -> dict[str, str]:
    result = {}
    for edition in ("paper", "latest"):
        for path in sorted((build / edition).rglob("*")):
            relative = path.relative_to(build).as_posix()
            if not path.is_file() or path.name in SKIPPED or "/." in f"/{relative}":
                continue
            payload = notebook_payload(path) if path.suffix == ".ipynb" else path.read_bytes()
            result[relative] = hashlib.sha256(payload).hexdigest()
    return result


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for name, digest in hashes(root / "_build").items():
        print(f"{digest}  {name}")
