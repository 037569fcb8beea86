"""Benchmark: the cost of a design search (runs needed, wall time here, projected on a Dask cluster).

Runs the search of a design spec (by default designs/sectorplan-era.toml, with its own scale,
replications, draws and economies unless flags say otherwise) for ``--evaluations``
candidates on the local process pool (or Dask), in a temporary work folder; prints the model
runs it needed (the baselines of the states once, then every candidate in every state), the
wall time, the runs per minute, the seconds per candidate, and the wall time projected on a
cluster of ``--cores`` cores from the measured rate per core. Then resumes the finished search
from its log and checks that it re-runs nothing and picks the same package.

Usage:
    python benchmarks/benchmark_design.py                              # 20 candidates, 2 workers
    python benchmarks/benchmark_design.py --evaluations 40 --scale 0.1 --cores 64
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=ROOT / "designs" / "sectorplan-era.toml")
    parser.add_argument("--evaluations", type=int, default=20, help="candidate packages to evaluate")
    parser.add_argument("--scale", type=float, help="overrides the spec's scale")
    parser.add_argument("--replications", type=int, help="overrides the spec's replications")
    parser.add_argument("--parameter-draws", type=int, help="overrides the spec's parameter draws")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--cores", type=int, default=64, help="cores of the cluster to project the full search on")
    args = parser.parse_args()

    from participation_model.analysis.design_robustness import robustness
    from participation_model.analysis.design_search import ModelEffects, search
    from participation_model.experiments.executors import make_executor
    from participation_model.tasks.design import fingerprint, prepare

    full = prepare(args.spec, scale=args.scale, replications=args.replications, parameter_draws=args.parameter_draws, check_folder=False)
    prepared = prepare(args.spec, scale=args.scale, replications=args.replications, parameter_draws=args.parameter_draws,
                       evaluations=args.evaluations, check_folder=False)  # fmt: skip
    spec, setup = prepared.spec, prepared.setup
    print(f"{args.spec.name}: {len(spec.instruments)} instruments, {len(spec.variables())} decision variables; "
          f"{len(setup.states)} runs per candidate ({len(spec.economies)} economies x {max(spec.parameter_draws, 1)} draws x "
          f"{spec.replications} replications) at scale {spec.scale:g} to {spec.end or setup.baseline.end}; "
          f"{args.evaluations} candidates on {args.executor} with {args.workers} workers")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, make_executor(args.executor, workers=args.workers, dask_workers=args.workers if args.executor == "dask" else None) as executor:
        t0 = time.perf_counter()
        first = search(setup, ModelEffects(setup, executor), tmp, fingerprint=fingerprint(prepared))
        t1 = time.perf_counter()
        again = search(setup, ModelEffects(setup, executor), tmp, resume=True, fingerprint=fingerprint(prepared))
        t2 = time.perf_counter()
    wall = t1 - t0
    runs = first.runs
    rate = 60 * runs / wall
    per_candidate = wall / max(1, len(first.evaluations))
    print(f"search: {len(first.evaluations)} candidates ({first.extra['method']}), {runs} model runs in {wall:.1f} s = "
          f"{rate:.1f} runs/min, {per_candidate:.1f} s per candidate (pool start-up included)")  # fmt: skip
    whole = len(setup.states) * full.spec.evaluations  # the baselines, then every candidate but funding nothing in every state
    per_core = rate / args.workers
    print(f"the spec's whole search ({full.spec.evaluations} candidates): about {whole:,} runs = "
          f"{whole / rate:.0f} min here; on {args.cores} cores at the measured rate per core: "
          f"{whole / (per_core * args.cores):.1f} min (a generation of {max(5, spec.population * len(spec.variables()))} "
          f"candidates x {len(setup.states)} states = "
          f"{max(5, spec.population * len(spec.variables())) * len(setup.states)} runs is the most that run at once)")  # fmt: skip
    picked = robustness(first)["picks"].set_index("pick").loc["recommended", "candidate"]
    again_picked = robustness(again)["picks"].set_index("pick").loc["recommended", "candidate"]
    print(f"resume of the finished search: {t2 - t1:.2f} s, {again.reused} candidates from the log, {again.runs} runs")
    if again.runs or picked != again_picked:
        raise SystemExit("resume did not reproduce the search from its log")


if __name__ == "__main__":
    main()
