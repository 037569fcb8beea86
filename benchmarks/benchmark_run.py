"""Benchmark: one replication of the baseline (a warm-up from 2008-01, reported 2014-01..2025-12:
216 simulated months, the same work as the history run) and of a cold start (2014-01..2025-12,
144 months, a population built from the 2014 figures).

Prints, for each design and scale asked for: persons, set-up seconds (synthetic population,
employers), simulation seconds (the monthly steps, the figure the speed targets are about:
1.5 s for 144 months and 2.5 s for 216 months at full scale), seconds to build the output
tables, and the process's peak resident memory (target: 300 MB at full scale). Each run is a
fresh process so that memory figures do not mix. Interpreter start and imports are excluded.

Usage:
    python benchmarks/benchmark_run.py                      # both designs at scale 1.0 (about 111,000 persons)
    python benchmarks/benchmark_run.py --scale 1 10         # and 10x (about 1.1 million persons)
    python benchmarks/benchmark_run.py --repeat 5           # median of 5 runs per design and scale
    python benchmarks/benchmark_run.py --design baseline    # one design
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time


#: simulated months of each design (the baseline's warm-up from 2008 is simulated like any month)
DESIGNS = {"baseline": ("2008-01", "2025-12"), "cold-start": ("2014-01", "2025-12")}


def one_run(scale: float, seed: int, design: str) -> dict[str, float]:
    from participation_model.model.model import ParticipationModel
    from participation_model.model.results import model_tables

    start, end = DESIGNS[design]
    t0 = time.perf_counter()
    model = ParticipationModel(scale=scale, seed=seed, start=start, end=end)
    t1 = time.perf_counter()
    model.run_model()
    t2 = time.perf_counter()
    model_tables(model)
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {"persons": int(model.persons.n), "setup_s": t1 - t0, "simulate_s": t2 - t1, "tables_s": t3 - t2, "peak_rss_mb": peak_mb}


def _median_range(runs: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in runs]
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--design", choices=tuple(DESIGNS), nargs="+", default=list(DESIGNS))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.scale[0], seed=1, design=args.design[0])))
        return
    print(f"python {sys.version.split()[0]}; {args.repeat} run(s) per design and scale, each in a fresh process; median (min-max)")
    print(f"{'design':>9} {'months':>6} {'scale':>6} {'persons':>9} {'setup s':>16} {'simulate s':>18} {'tables s':>16} {'peak RSS MB':>18}")
    for design in args.design:
        start, end = DESIGNS[design]
        months = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:]) + 1
        for scale in args.scale:
            runs = []
            for _ in range(args.repeat):
                command = [sys.executable, __file__, "--child", "--scale", str(scale), "--design", design]
                out = subprocess.run(command, capture_output=True, text=True, check=True)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            cells = [_median_range(runs, key) for key in ("setup_s", "simulate_s", "tables_s", "peak_rss_mb")]
            print(f"{design:>9} {months:>6} {scale:>6g} {runs[0]['persons']:>9d} {cells[0]:>16} {cells[1]:>18} {cells[2]:>16} {cells[3]:>18}")


if __name__ == "__main__":
    main()
