"""Benchmark: batch throughput with the local process pool, and Dask's overhead per run.

Runs the same batch (default: 6 replications of the baseline at full scale, 2014-01..2025-12)
twice, through :class:`LocalExecutor` and through a Dask ``LocalCluster`` with the same number
of single-threaded worker processes, each writing a batch folder in a temporary directory.
It also prints the median model time per run measured inside the workers, which separates
scheduling overhead from slower runs.
Pool and cluster start-up are timed separately from the runs. Prints runs per minute for
both, and the Dask overhead per run: (Dask batch seconds - pool batch seconds) / runs.
The two batches must give identical series; the script checks that too.

Usage:
    python benchmarks/benchmark_batch.py                      # 6 runs, 2 workers, scale 1.0
    python benchmarks/benchmark_batch.py --runs 12 --workers 4 --scale 0.5
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def timed_batch(executor_factory, batch, folder: Path) -> tuple[float, float]:
    """Start the executor, run the batch; return (start-up seconds, batch seconds)."""
    from participation_model.tasks.batch import run_batch

    t0 = time.perf_counter()
    executor = executor_factory()
    t1 = time.perf_counter()
    try:
        summary = run_batch(batch, folder, executor)
    finally:
        executor.close()
    t2 = time.perf_counter()
    if summary.failed:
        raise SystemExit(f"{summary.failed} runs failed: {summary.failures[0]}")
    return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=6, help="replications in the batch")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for both executors")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    from participation_model.tasks.batch import load_index, load_series
    from participation_model.experiments.executors import DaskExecutor, LocalExecutor
    from participation_model.experiments.specs import batch_from_scenario
    from participation_model.scenario import default_scenario

    scenario = default_scenario().with_overrides(replications=args.runs, scale=args.scale)
    batch = batch_from_scenario(scenario)
    with tempfile.TemporaryDirectory() as tmp:
        pool_start, pool_s = timed_batch(lambda: LocalExecutor(args.workers), batch, Path(tmp) / "pool")
        dask_start, dask_s = timed_batch(lambda: DaskExecutor(n_workers=args.workers), batch, Path(tmp) / "dask")
        same = load_series(Path(tmp) / "pool").equals(load_series(Path(tmp) / "dask"))
        pool_run = load_index(Path(tmp) / "pool")["seconds"].median()
        dask_run = load_index(Path(tmp) / "dask")["seconds"].median()
    print(f"batch: {args.runs} runs of {scenario.months()} months at scale {args.scale:g}, {args.workers} workers")
    print(f"local pool:  start {pool_start:5.2f} s, batch {pool_s:7.2f} s, {args.runs / pool_s * 60:6.2f} runs/min")
    print(f"dask local:  start {dask_start:5.2f} s, batch {dask_s:7.2f} s, {args.runs / dask_s * 60:6.2f} runs/min")
    print(f"median model seconds per run inside the worker: pool {pool_run:.2f} s, dask {dask_run:.2f} s")
    print(f"dask overhead per run: {(dask_s - pool_s) / args.runs:+.3f} s (cluster start-up {dask_start:.2f} s once)")
    print(f"identical series from both executors: {same}")


if __name__ == "__main__":
    main()
