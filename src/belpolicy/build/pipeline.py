"""Stage 3: execute chapter notebooks with papermill into `_build/`.

Each chapter's outputs live in one folder, `_build/<label>/<slug>/`
(label = edition name, or `runs/<name>` for a custom run). A chapter is
executed into a temporary sibling folder and swapped into place only when the
notebook succeeded, so a failure or an interrupt never damages the last good
outputs. A `manifest.json` in each folder records the content hashes of what
produced it; a chapter re-executes only when one of them changed.

This module imports nothing heavy at module level: deciding that nothing is
stale must stay fast.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from belpolicy import data, paths
from belpolicy.analysis.outputs import CHAPTER_ENV
from belpolicy.build.chapters import Chapter, all_chapters
from belpolicy.data.params import LATEST
from belpolicy.errors import BelpolicyError, ChapterExecutionError, DataValidationError

MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
FAILED_DIR = ".failed"
DEFAULT_CELL_TIMEOUT = 600


# --------------------------------------------------------------------------- fingerprints


def _sha(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def notebook_digest(path: Path) -> str:
    """Hash of what the notebook does: cell types, sources and tags, not outputs
    or execution counts, so opening and saving it in JupyterLab changes nothing."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        [cell["cell_type"], "".join(cell["source"]), sorted(cell.get("metadata", {}).get("tags", []))]
        for cell in notebook["cells"]
    ]
    return _sha(json.dumps(cells, sort_keys=True).encode())


# The build wing only drives the build and never runs inside a notebook (a test
# checks that no notebook and no other wing imports it): editing it cannot change
# a chapter's outputs, so it stays out of the library hash.
DRIVER_WING = "build"


def library_digest() -> str:
    """Hash of the library code notebooks can run: every module outside build/."""
    digest = hashlib.sha256()
    for source in sorted(paths.library_dir().rglob("*.py")):
        if source.relative_to(paths.library_dir()).parts[0] == DRIVER_WING:
            continue
        digest.update(source.relative_to(paths.library_dir()).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def data_cutoff(params: dict) -> str | None:
    """The date a run is pinned to (rows after it are never loaded), or None."""
    as_of = params.get("as_of", LATEST)
    return None if as_of == LATEST else as_of


def claims_digest(chapter: Chapter) -> str:
    """Hash of the claims this chapter re-tests (data/claims.yaml entries it owns)."""
    owned = [claim for claim in data.claims_register() if claim.get("chapter") == chapter.key]
    return _sha(json.dumps(owned, sort_keys=True, ensure_ascii=False, default=str).encode())


def fingerprint(chapter: Chapter, params: dict, library: str | None = None) -> dict:
    cutoff = data_cutoff(params)
    return {
        "notebook": notebook_digest(chapter.notebook),
        "params": params,
        "data": data.input_digests(chapter.reads, cutoff),
        "claims": claims_digest(chapter),
        "library": library or library_digest(),
    }


def stale_reasons(previous: dict | None, current: dict) -> list[str]:
    """Why a chapter must re-execute; empty when its outputs are current."""
    if previous is None:
        return ["never built"]
    reasons = []
    if previous.get("notebook") != current["notebook"]:
        reasons.append("notebook changed")
    old_params, new_params = previous.get("params", {}), current["params"]
    changed = sorted(k for k in set(old_params) | set(new_params) if old_params.get(k) != new_params.get(k))
    if changed:
        reasons.append("parameters changed: " + ", ".join(
            f"{k} {old_params.get(k)!r} -> {new_params.get(k)!r}" for k in changed))
    old_data = previous.get("data", {})
    changed_data = sorted(k for k in current["data"] if old_data.get(k) != current["data"][k])
    if changed_data:
        reasons.append("data changed: " + ", ".join(changed_data))
    if previous.get("claims") != current["claims"]:
        reasons.append("claims changed (data/claims.yaml)")
    if previous.get("library") != current["library"]:
        reasons.append("library code changed")
    return reasons


# --------------------------------------------------------------------------- jobs


@dataclass
class Job:
    chapter: Chapter
    params: dict
    label: str  # "paper", "latest" or "runs/<name>"
    fingerprint: dict
    reasons: list[str] = field(default_factory=list)

    @property
    def parent(self) -> Path:
        return paths.build_dir() / self.label

    @property
    def name(self) -> str:
        return f"{self.label}/{self.chapter.slug}"

    @property
    def target(self) -> Path:
        return self.parent / self.chapter.slug


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def plan(label: str, edition: str, chapters: list[Chapter] | None = None, overrides: dict | None = None,
         force: bool = False) -> list[Job]:
    """One job per chapter with its checked parameters and staleness reasons."""
    library = library_digest()
    jobs = []
    for chapter in chapters or all_chapters():
        params = chapter.params.resolve(edition, overrides)
        job = Job(chapter, params, label, fingerprint(chapter, params, library))
        job.reasons = ["forced"] if force else stale_reasons(read_manifest(job.target), job.fingerprint)
        jobs.append(job)
    return jobs


# --------------------------------------------------------------------------- folder safety


@contextmanager
def build_lock(parent: Path):
    """One build per output folder at a time: recovery and swaps assume it."""
    parent.mkdir(parents=True, exist_ok=True)
    with open(parent / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BelpolicyError(f"another build is writing {parent}; wait for it to finish") from None
        yield


def recover(parent: Path) -> None:
    """Undo what an interrupted build left: half-written folders are removed and
    a chapter caught between the two renames of a swap gets its old outputs back."""
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name.startswith(TMP_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(OLD_PREFIX):
            final = parent / entry.name[len(OLD_PREFIX):]
            if final.exists():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.rename(final)


def swap_into_place(fresh: Path, final: Path) -> None:
    old = final.parent / f"{OLD_PREFIX}{final.name}"
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- execution (worker side)


def _failure_message(slug: str, error: Exception) -> str:
    ename = getattr(error, "ename", None)
    if ename is not None:  # papermill.PapermillExecutionError
        source = (getattr(error, "source", "") or "").strip().splitlines()
        first = source[0] if source else ""
        evalue = str(getattr(error, "evalue", "")).strip().splitlines()
        return (f"chapter {slug} failed in cell {error.cell_index} ({first[:60]!r}): "
                f"{ename}: {evalue[0] if evalue else ''}")
    text = str(error).strip().splitlines()
    return f"chapter {slug} failed: {type(error).__name__}: {text[0] if text else ''}"


def execute_job(chapter_slug: str, chapter_key: str, notebook: str, params: dict, parent: str, reads: list[str],
                fingerprint_: dict, cell_timeout: int) -> dict:
    """Run one notebook into a temporary folder; swap it into place on success.
    Runs in a worker process; returns a plain dict (picklable)."""
    import papermill

    started = time.monotonic()
    parent_dir = Path(parent)
    final = parent_dir / chapter_slug
    fresh = parent_dir / f"{TMP_PREFIX}{chapter_slug}-{os.getpid()}-{time.time_ns()}"
    fresh.mkdir(parents=True)
    os.environ.update({
        "BELPOLICY_ROOT": str(paths.project_root()),
        CHAPTER_ENV: chapter_key,
        data.READS_ENV: ",".join(reads),
        data.CUTOFF_ENV: data_cutoff(params) or "",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
    })
    executed = fresh / f"{chapter_slug}.ipynb"
    try:
        papermill.execute_notebook(
            notebook, str(executed),
            parameters={**params, "output_dir": str(fresh)},
            kernel_name="python3", progress_bar=False, log_output=False,
            execution_timeout=cell_timeout, cwd=str(Path(notebook).parent),
            # The kernel's own log is noise here: it warns on every start that its local TCP
            # ports are unencrypted, and on a busy machine logs "KeyboardInterrupt caught in
            # kernel" when the shutdown's interrupt arrives. A failing cell reaches us through
            # papermill's PapermillExecutionError, not through this log.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except Exception as error:  # noqa: BLE001 - every failure is reported, none may escape
        message = _failure_message(chapter_slug, error)
        if executed.exists():  # keep the partly executed notebook for inspection
            kept = parent_dir / FAILED_DIR / executed.name
            kept.parent.mkdir(exist_ok=True)
            shutil.copy2(executed, kept)
            message += f" (executed notebook kept in {kept.relative_to(paths.project_root())})"
        shutil.rmtree(fresh, ignore_errors=True)
        return {"slug": chapter_slug, "ok": False, "seconds": time.monotonic() - started, "error": message}
    from belpolicy.build.provenance import clean_executed_notebook

    clean_executed_notebook(executed, paths.project_root(), fresh, final)  # no timings or builder paths in pages
    seconds = time.monotonic() - started
    (fresh / MANIFEST).write_text(json.dumps(
        {"fingerprint": fingerprint_, "seconds": round(seconds, 2)}, indent=2, sort_keys=True) + "\n",
        encoding="utf-8")
    swap_into_place(fresh, final)
    return {"slug": chapter_slug, "ok": True, "seconds": seconds, "error": None}


# --------------------------------------------------------------------------- execution (driver side)


@dataclass
class Outcome:
    executed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def _validate_inputs(jobs: list[Job]) -> None:
    names = sorted({name for job in jobs for name in data.inputs_of(job.chapter.reads)})
    problems = data.check(names)
    if problems:
        raise DataValidationError(problems)


def run(jobs: list[Job], workers: int = 2, cell_timeout: int = DEFAULT_CELL_TIMEOUT,
        report=None) -> Outcome:
    """Execute the stale jobs, `workers` at a time. `report(event, slug, info)`
    is called with "start"/"done"/"failed" for progress display."""
    outcome = Outcome(skipped=[job.name for job in jobs if not job.reasons])
    todo = [job for job in jobs if job.reasons]
    if todo:
        _validate_inputs(todo)
    report = report or (lambda *args: None)
    parents = sorted({job.parent for job in jobs})
    with _locks(parents):
        for parent in parents:  # even a no-op build clears what an interrupted one left
            recover(parent)
        if todo:
            _run_pool(todo, workers, cell_timeout, report, outcome)
    return outcome


@contextmanager
def _locks(parents: list[Path]):
    if not parents:
        yield
        return
    with build_lock(parents[0]), _locks(parents[1:]):
        yield


def _run_pool(todo: list[Job], workers: int, cell_timeout: int, report, outcome: Outcome) -> None:
    import multiprocessing
    import signal
    from concurrent.futures import ProcessPoolExecutor, as_completed

    def on_term(signum, frame):  # SIGTERM takes the same clean path as Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))),
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = {}
        for job in todo:
            report("start", job.name, {"reasons": job.reasons})
            future = pool.submit(execute_job, job.chapter.slug, job.chapter.key, str(job.chapter.notebook), job.params,
                                 str(job.parent), list(job.chapter.reads), job.fingerprint, cell_timeout)
            futures[future] = job
        for future in as_completed(futures):
            job = futures[future]
            result = future.result()
            if result["ok"]:
                outcome.executed.append(job.name)
                report("done", job.name, result)
            else:
                outcome.failed[job.name] = result["error"]
                report("failed", job.name, result)
    except KeyboardInterrupt:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise ChapterExecutionError(
            "build interrupted; the previous outputs of every chapter are intact "
            "and the next build picks up where this one stopped") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        pool.shutdown(wait=True, cancel_futures=True)
