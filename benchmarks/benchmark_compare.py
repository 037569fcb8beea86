"""Benchmark: a full comparison, baseline against one scenario, paired replications.

Prints the wall time of ``compare`` (all runs, person-level tracking and the tables) and per
run. Usage:

    python benchmarks/benchmark_compare.py                      # 10 replications, full scale
    python benchmarks/benchmark_compare.py --replications 3 --scale 0.5
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from participation_model.experiments.compare import compare
from participation_model.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scenario", default="sectorplan-retraining")
    args = parser.parse_args()
    base = load_scenario(ROOT / "scenarios" / "baseline.toml").with_overrides(replications=args.replications, scale=args.scale)
    scen = load_scenario(ROOT / "scenarios" / f"{args.scenario}.toml").with_overrides(replications=args.replications, scale=args.scale)
    started = time.perf_counter()
    compare(base, [scen])
    seconds = time.perf_counter() - started
    runs = 2 * args.replications
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"compare baseline vs {args.scenario}: {args.replications} paired replications at scale {args.scale:g}, 2014-01..2025-12")
    print(f"wall {seconds:.1f} s for {runs} runs ({seconds / runs:.2f} s per run incl. tracking and tables); peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
