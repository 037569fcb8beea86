"""Run a batch of specs and write each finished run at once, so nothing finished is lost.

A batch of thousands of runs takes hours; a crash, a killed job or a full disk must not throw
away what is done. So every run is written the moment it arrives, as its own Parquet part
(written to a temporary name, then renamed: a part exists completely or not at all), and
logged in ``index.csv``. ``resume=True`` skips every spec whose part exists, so a finished
spec never runs twice, and re-runs those that failed or were in flight.

Folder layout (``docs/batch.md``)::

    batch.json          the data files' hashes and the specs (key, point, replication, seed,
                        parameters), written first, after every check
    .writer.lock        the OS lock of the one process writing the folder
    points.csv          sweep point -> parameter values
    parts/<key>.parquet the monthly series of one run, leading columns key, point, replication
    parts/<key>.interventions.parquet  its intervention reports (only when it has any)
    index.csv           one row per finished run: key, point, replication, seed, status
                        (ok/failed), error, seconds
    summary.csv         annual mean per sweep point, year and measure (written at the end)
    manifest.json       what was run, where, with which code; written last

Example:
    >>> from participation_model.experiments.executors import InProcessExecutor
    >>> summary = run_batch(batch, "outputs/sweep-x", InProcessExecutor())  # doctest: +SKIP
    >>> summary.ok, summary.failed  # doctest: +SKIP
    (12, 0)
"""

from __future__ import annotations

import csv
import json
import itertools
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from participation_model.analysis.evaluators import Evaluator
from participation_model.experiments.executors import Executor, RunError, run_spec
from participation_model.experiments.runner import replication_seed
from participation_model.experiments.specs import Batch, FrozenParameters, RunSpec, input_files
from participation_model.metrics.summary import annual_values
from participation_model.model.results import INTERVENTION_COLUMNS
from participation_model.progress import clock_time
from participation_model.provenance import environment, git_state, package_version, sha256_file
from participation_model.tasks.folder_lock import LOCK_FILE, writer_lock  # noqa: F401  (re-exported)
from participation_model.tasks.folders import BATCH_FORMAT

__all__ = [
    "BATCH_FORMAT",
    "BatchError",
    "BatchProgress",
    "batch_evaluator",
    "BatchSummary",
    "load_index",
    "load_series",
    "run_batch",
    "summarise_batch",
]

# BATCH_FORMAT (tasks.folders) identifies the folder layout; bump it when files or columns change meaning.
INDEX_COLUMNS = ("key", "point", "replication", "seed", "status", "error", "seconds")
_SPEC_COLUMNS = ("key", "point", "replication")


class BatchError(Exception):
    """The batch folder cannot be used as asked; the message says how to fix it."""


@dataclass(frozen=True)
class BatchProgress:
    """Reported after every finished run.

    ``done`` and ``failed`` count runs finished in this session; ``skipped`` were already
    finished by an earlier session (resume) and are part of ``total``.
    """

    done: int
    failed: int
    skipped: int
    total: int
    elapsed: float


@dataclass(frozen=True)
class BatchSummary:
    """What a batch ended with: counts and the errors of failed runs.

    Attributes:
        total: specs in the batch.
        ok: runs with a part on disk (including those skipped on resume).
        failed: runs whose last attempt raised.
        skipped: runs already finished before this call (resume).
        ran: runs attempted in this call.
        seconds: wall time of this call.
        failures: ``(key, error text)`` of every failed run.
    """

    path: Path
    total: int
    ok: int
    failed: int
    skipped: int
    ran: int
    seconds: float
    failures: tuple[tuple[str, str], ...] = field(default=())

    def text(self) -> str:
        """One line for people, e.g. ``12 runs: 11 ok, 1 failed (0 resumed) in 0:00:42``."""
        return (
            f"{self.total} runs: {self.ok} ok, {self.failed} failed "
            f"({self.skipped} already done) in {clock_time(self.seconds)}"
        )


def run_batch(
    batch: Batch,
    out_dir: str | Path,
    executor: Executor,
    *,
    resume: bool = False,
    progress: Callable[[BatchProgress], None] | None = None,
    fn: Callable[[RunSpec], Any] = run_spec,
    command_line: Sequence[str] | None = None,
) -> BatchSummary:
    """Run every spec of ``batch`` not yet finished in ``out_dir`` and write results as they arrive.

    Args:
        batch: the specs to run.
        out_dir: the batch folder (created if missing).
        executor: where runs happen (in-process, local pool, Dask).
        resume: continue a folder that already holds parts of this batch; without it, such a
            folder is refused rather than overwritten.
        progress: called after every finished run.
        fn: the worker function (top level, picklable); :func:`run_spec` by default.
        command_line: recorded in the manifest; defaults to ``sys.argv``.

    Returns:
        A :class:`BatchSummary`; failed runs are counted there, never raised.

    Raises:
        BatchError: the folder holds something else, or results of another batch.

    Example:
        >>> run_batch(batch, "outputs/x", LocalExecutor(2), resume=True).text()  # doctest: +SKIP
        '12 runs: 12 ok, 0 failed (5 already done) in 0:00:31'
    """
    started = time.perf_counter()
    target = Path(out_dir).absolute()
    _check_folder(target, batch, resume)  # before anything is written: a refusal changes nothing
    target.mkdir(parents=True, exist_ok=True)
    with writer_lock(target, BatchError):
        return _run_locked(target, batch, executor, resume, progress, fn, command_line, started)


def _run_locked(target, batch, executor, resume, progress, fn, command_line, started) -> BatchSummary:
    """The body of :func:`run_batch`, while this process holds the folder's writer lock."""
    _check_folder(target, batch, resume)  # again: another writer may have finished in between
    _prepare_folder(target, batch, resume)
    parts = target / "parts"
    finished = _finished_keys(parts)
    rows = {row["key"]: row for row in _read_index_log(target / "index.csv") if row["key"] in finished}
    # the parts are the truth: a run killed after its part was renamed into place but before its
    # index row was written still counts as finished, so its row is rebuilt (time unknown)
    by_key = {spec.key: spec for spec in batch}
    for key in sorted(finished - set(rows)):
        rows[key] = _index_row(by_key[key], None)
    _write_index(target / "index.csv", list(rows.values()))
    todo = [spec for spec in batch if spec.key not in finished]
    skipped = len(batch) - len(todo)
    done = failed = 0
    with open(target / "index.csv", "a", encoding="utf-8", newline="") as log:
        writer = csv.DictWriter(log, fieldnames=INDEX_COLUMNS, lineterminator="\n")
        for spec, outcome in executor.map_unordered(fn, todo):
            row = _index_row(spec, outcome)
            if row["status"] == "ok":
                _write_part(parts, spec, outcome)
            else:
                failed += 1
            rows[spec.key] = row
            writer.writerow(row)
            log.flush()
            done += 1
            if progress is not None:
                progress(BatchProgress(done, failed, skipped, len(batch), time.perf_counter() - started))
    order = {spec.key: i for i, spec in enumerate(batch)}
    _write_index(target / "index.csv", sorted(rows.values(), key=lambda r: order[r["key"]]))
    summarise_batch(target).to_csv(_tmp(target / "summary.csv"), index=False, lineterminator="\n")
    os.replace(_tmp(target / "summary.csv"), target / "summary.csv")
    ok_count = len(_finished_keys(parts))
    failures = tuple((r["key"], r["error"]) for r in rows.values() if r["status"] == "failed")
    summary = BatchSummary(
        target, len(batch), ok_count, len(failures), skipped, done, time.perf_counter() - started, failures
    )
    _write_manifest(target, batch, executor, summary, command_line)
    return summary


def load_index(out_dir: str | Path) -> pd.DataFrame:
    """The batch's ``index.csv`` as a DataFrame (one row per finished run).

    Example:
        >>> load_index("outputs/sweep-x")["status"].value_counts()  # doctest: +SKIP
    """
    return pd.read_csv(Path(out_dir) / "index.csv", keep_default_na=False, dtype={"error": str})


def load_series(out_dir: str | Path, table: str = "series") -> pd.DataFrame:
    """Concatenate the parts of a batch folder: ``series`` or ``interventions``.

    Rows are in key order (point, then replication), whatever order runs finished in.

    Example:
        >>> load_series("outputs/sweep-x").groupby("point").size()  # doctest: +SKIP
    """
    parts = Path(out_dir) / "parts"
    suffix = ".parquet" if table == "series" else f".{table}.parquet"
    files = sorted(
        p for p in parts.glob(f"*{suffix}") if table != "series" or p.name.count(".") == 1
    )
    if not files:
        return pd.DataFrame(columns=list(_SPEC_COLUMNS))
    return pd.concat([pd.read_parquet(p) for p in files], ignore_index=True)


@dataclass(frozen=True)
class StoredRun:
    """A finished run of a batch folder, read from its parts when its tables are asked for.

    What a worker returned is what was stored (Parquet keeps the values bit for bit), so an
    analysis gives the same numbers from the store as from the runs themselves; reading on
    demand keeps memory flat however many runs a Sobol analysis has.
    """

    folder: Path
    key: str

    @property
    def series(self) -> pd.DataFrame:
        return pd.read_parquet(self.folder / "parts" / f"{self.key}.parquet").drop(columns=list(_SPEC_COLUMNS))

    @property
    def interventions(self) -> pd.DataFrame:
        path = self.folder / "parts" / f"{self.key}.interventions.parquet"
        if not path.is_file():  # a run without interventions stores none
            return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in INTERVENTION_COLUMNS})
        return pd.read_parquet(path).drop(columns=list(_SPEC_COLUMNS))


def summarise_batch(out_dir: str | Path) -> pd.DataFrame:
    """Annual mean per sweep point, year and measure, with the point's parameter values.

    Columns: ``point``, one column per swept parameter, ``year``, ``measure``, ``mean``,
    ``n_replications``. Flows are summed within a year, rates and stocks averaged
    (:func:`participation_model.metrics.summary.annual_values`).

    Example:
        >>> summarise_batch("outputs/sweep-x").columns[:2].tolist()  # doctest: +SKIP
        ['point', 'matching.efficiency']
    """
    series = load_series(out_dir)
    if series.empty or "month" not in series.columns:
        return pd.DataFrame(columns=["point", "year", "measure", "mean", "n_replications"])
    annual = annual_values(series.drop(columns=["key"]), keys=("point", "replication"))
    grouped = annual.groupby(["point", "year", "measure"], sort=False)["value"]
    summary = pd.DataFrame({"mean": grouped.mean(), "n_replications": grouped.count()}).reset_index()
    points_file = Path(out_dir) / "points.csv"
    if points_file.is_file():
        points = pd.read_csv(points_file)
        if len(points.columns) > 1:
            summary = points.merge(summary, on="point", how="right")
    return summary.sort_values(["point", "year"], kind="stable").reset_index(drop=True)


def batch_evaluator(executor, folder: str | Path, *, resume: bool = False, progress: Callable | None = None) -> Evaluator:
    """Run jobs as a checkpointed batch (:func:`run_batch`) in ``folder``.

    Every finished run is written to disk at once, so an analysis of hours survives a crash,
    ``kill -9`` or a failed run: run it again with ``resume=True`` and only the missing runs
    run (with the numbers they would have had, so the indices are identical). Each call of the
    evaluator is one stage, ``folder/stage-1``, ``stage-2``, ... in the order of the calls
    (the analysis makes them in a fixed order). Results come back in job order, as runs read
    from the folder when their tables are used (memory stays flat). A run that failed stops the
    analysis with its error; resuming runs it again.

    ``progress`` receives the batch's ``BatchProgress`` events (runs done, failed, skipped, total).
    """
    stages = itertools.count(1)
    root = Path(folder)

    def evaluate(jobs: Sequence[tuple[Any, dict, int]]) -> list:
        specs = tuple(RunSpec(s, FrozenParameters(o), replication_seed(s.seed, r), r, point=i) for i, (s, o, r) in enumerate(jobs))
        stage = root / f"stage-{next(stages)}"
        summary = run_batch(Batch(specs), stage, executor, resume=resume, progress=progress)
        if summary.failed:
            key, error = summary.failures[0]
            raise RuntimeError(f"{summary.failed} run(s) failed, e.g. {key}: {error}; run again with --resume to retry them (finished runs are kept in {stage})")
        return [StoredRun(stage.absolute(), spec.key) for spec in specs]

    return evaluate


# --------------------------------------------------------------------------------------------
# Folder helpers
# --------------------------------------------------------------------------------------------


def _check_folder(target: Path, batch: Batch, resume: bool) -> None:
    """Refuse a folder this batch cannot use, before writing anything to it.

    Refused: a file; a folder with other contents (no ``batch.json``); a folder with results
    when ``resume`` is not asked for; results of another batch; and, on resume, data files
    (region, parameters, drivers) whose contents changed since the batch was started.
    """
    if target.exists() and not target.is_dir():
        raise BatchError(f"cannot write a batch to {target}: it is a file; choose a folder")
    if not target.is_dir():
        return
    contents = [p for p in target.iterdir() if p.name != LOCK_FILE]
    if contents and not (target / "batch.json").is_file():
        raise BatchError(
            f"refusing to use {target}: it holds files but no batch.json, so it is not a batch "
            "folder; choose another folder or empty it"
        )
    finished = _finished_keys(target / "parts")
    if not resume and finished:
        raise BatchError(
            f"{target} already holds results of a batch; pass --resume to continue it or "
            "choose another folder"
        )
    if finished:
        _check_inputs(target, batch)
    unknown = finished - {spec.key for spec in batch}
    if unknown:
        raise BatchError(
            f"{target} holds {len(unknown)} results of another batch (e.g. {sorted(unknown)[0]}); "
            "the scenario or sweep changed since it was written: choose another folder"
        )


def _check_inputs(target: Path, batch: Batch) -> None:
    """On resume: the data files must be those the batch was started with (by content)."""
    try:
        recorded = json.loads((target / "batch.json").read_text(encoding="utf-8")).get("inputs") or {}
    except (OSError, ValueError, AttributeError):
        return  # no record (an older folder): the run keys still tell old results from new
    now = input_files(batch[0].scenario) if len(batch) else {}
    for name, then in sorted(recorded.items()):
        current = now.get(name)
        if current is None or current.get("sha256") != then.get("sha256"):
            shown = current["path"] if current else "none"
            raise BatchError(
                f"{target}: the {name} file changed since this batch was started "
                f"({then.get('path')}, sha256 {str(then.get('sha256'))[:12]} then; {shown}, sha256 "
                f"{(current or {}).get('sha256', 'none')[:12]} now); resuming would mix runs of both. "
                "Restore the file, or start the batch in a new folder"
            )
        if then.get("package_version") and current.get("package_version") != then.get("package_version"):
            raise BatchError(
                f"{target}: the bundled {name} file comes from participation-model {then['package_version']} "
                f"in this batch and from {current.get('package_version')} now; start the batch in a new folder"
            )


def _prepare_folder(target: Path, batch: Batch, resume: bool) -> Path:
    """Clear leftovers of a killed session and write batch.json and points.csv (after the checks)."""
    parts = target / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    for leftover in parts.glob(".*.tmp-*"):
        leftover.unlink(missing_ok=True)
    if not resume:
        for stale in ("index.csv", "summary.csv", "manifest.json"):
            (target / stale).unlink(missing_ok=True)
    specs = [
        {
            "key": s.key,
            "point": s.point,
            "replication": s.replication,
            "seed": s.seed,
            "parameters": dict(s.parameters),
        }
        for s in batch
    ]
    inputs = input_files(batch[0].scenario) if len(batch) else {}
    _write_text(target / "batch.json", json.dumps({"format": BATCH_FORMAT, "inputs": inputs, "specs": specs}, indent=1) + "\n")
    points = batch.points()
    names = sorted({name for p in points.values() for name in p})
    frame = pd.DataFrame(
        [{"point": i, **{n: p.get(n) for n in names}} for i, p in sorted(points.items())],
        columns=["point", *names],
    )
    frame.to_csv(_tmp(target / "points.csv"), index=False, lineterminator="\n")
    os.replace(_tmp(target / "points.csv"), target / "points.csv")
    return target


def _finished_keys(parts: Path) -> set[str]:
    """Keys with a complete series part (temporary files start with '.')."""
    if not parts.is_dir():
        return set()
    return {p.name[: -len(".parquet")] for p in parts.glob("[!.]*.parquet") if p.name.count(".") == 1}


def _write_part(parts: Path, spec: RunSpec, result: Any) -> None:
    """Write a run's tables, interventions first, so the series part marks it complete."""
    lead = {"key": spec.key, "point": spec.point, "replication": spec.replication}
    tables = [("interventions", result.interventions), ("series", result.series)]
    for name, table in tables:
        if name == "interventions" and table.empty:
            continue
        final = parts / (f"{spec.key}.parquet" if name == "series" else f"{spec.key}.{name}.parquet")
        frame = table.assign(**lead)[[*_SPEC_COLUMNS, *table.columns]]
        temporary = parts / f".{final.name}.tmp-{os.getpid()}"
        frame.to_parquet(temporary, engine="pyarrow", index=False)
        os.replace(temporary, final)


def _index_row(spec: RunSpec, outcome: Any) -> dict[str, Any]:
    """The index row of a finished run (``outcome`` None: a part found on disk, time unknown)."""
    failed = isinstance(outcome, RunError)
    return {
        "key": spec.key,
        "point": spec.point,
        "replication": spec.replication,
        "seed": spec.seed,
        "status": "failed" if failed else "ok",
        "error": outcome.text() if failed else "",
        "seconds": "" if failed or outcome is None else round(float(outcome.seconds), 3),
    }


def _read_index_log(path: Path) -> list[dict[str, Any]]:
    """Rows of an index log; a line cut short by a killed process is dropped."""
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if None not in r and all(r.get(c) is not None for c in INDEX_COLUMNS)]


def _write_index(path: Path, rows: list[dict[str, Any]]) -> None:
    temporary = _tmp(path)
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(temporary, path)


def _write_manifest(
    target: Path,
    batch: Batch,
    executor: Executor,
    summary: BatchSummary,
    command_line: Sequence[str] | None,
) -> None:
    scenario = batch[0].scenario if len(batch) else None
    files = [n for n in ("batch.json", "points.csv", "index.csv", "summary.csv") if (target / n).is_file()]
    manifest = {
        "format": BATCH_FORMAT,
        "created_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "package": {"name": "participation-model", "version": package_version(), "git": git_state()},
        "command_line": list(sys.argv if command_line is None else command_line),
        "scenario": None
        if scenario is None
        else {
            "name": scenario.name,
            "path": None if scenario.source_path is None else str(scenario.source_path),
            "sha256": scenario.sha256,
            "seed": scenario.seed,
            "replications": scenario.replications,
            "scale": scenario.scale,
            "start": scenario.start,
            "end": scenario.end,
            "warm_up_from": scenario.warm_up_from,
            "sweep": None if scenario.sweep is None else scenario.sweep.model_dump(mode="json"),
        },
        "executor": executor.description,
        "environment": environment(),
        "runs": {
            "total": summary.total,
            "ok": summary.ok,
            "failed": summary.failed,
            "already_done": summary.skipped,
            "ran": summary.ran,
        },
        "seconds_total": round(summary.seconds, 3),
        "files": [
            {"name": n, "sha256": sha256_file(target / n), "bytes": (target / n).stat().st_size}
            for n in files
        ],
    }
    _write_text(target / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _write_text(path: Path, text: str) -> None:
    temporary = _tmp(path)
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def _tmp(path: Path) -> Path:
    return path.parent / f".{path.name}.tmp-{os.getpid()}"


