"""Benchmark: calibration throughput, parameter sets per minute, and the cost of resuming.

Runs a short calibration with the settings of a targets file's ``[calibration]`` table (by
default calibration/targets/oost-groningen.toml: 4 replications at scale 0.5, 2014-01 to
2016-12) on the local process pool for ``--generations`` generations of differential
evolution, in a temporary work folder. Prints parameter sets per minute and seconds per set,
then resumes the finished search from its log and prints how long a resume that re-runs
nothing takes (it must re-run nothing, and give the same best set: the script checks that).

Usage:
    python benchmarks/benchmark_calibration.py                       # 2 generations, 2 workers
    python benchmarks/benchmark_calibration.py --generations 3 --workers 4
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=Path, default=ROOT / "calibration" / "targets" / "oost-groningen.toml")
    parser.add_argument("--generations", type=int, default=2, help="generations of differential evolution (at least 2)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from participation_model.analysis.calibration import calibrate, load_setup
    from participation_model.analysis.evaluators import executor_evaluator
    from participation_model.experiments.executors import LocalExecutor

    probe = load_setup(args.targets)
    per_generation = max(5, probe.population * len(probe.free))
    setup = load_setup(args.targets, budget=per_generation * args.generations, method="differential-evolution")
    s = setup.scenario
    print(f"{len(setup.free)} free parameters, {per_generation} sets per generation, {s.replications} replications "
          f"at scale {s.scale}, {s.start} to {s.end}, {args.workers} workers")
    with tempfile.TemporaryDirectory() as tmp, LocalExecutor(args.workers) as executor:
        evaluator = executor_evaluator(executor)
        t0 = time.perf_counter()
        first = calibrate(setup, evaluator, tmp)
        t1 = time.perf_counter()
        again = calibrate(setup, evaluator, tmp, resume=True)
        t2 = time.perf_counter()
    sets = len(first.history) - first.reused
    print(f"search: {sets} parameter sets ({sets * s.replications} runs) in {t1 - t0:.1f} s "
          f"= {60 * sets / (t1 - t0):.1f} sets/min, {(t1 - t0) / sets:.2f} s per set (pool start-up included)")
    print(f"resume of the finished search: {t2 - t1:.2f} s, {again.reused} sets from the log, "
          f"best objective {again.best.objective:.4f} (first run {first.best.objective:.4f})")
    if again.best != first.best or again.reused != len(again.history):
        raise SystemExit("resume did not reproduce the search from its log")


if __name__ == "__main__":
    main()
