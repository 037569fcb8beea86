"""Benchmark: how long writing a dashboard takes, and how big the page is.

Makes a run folder (the baseline, full scale, 10 replications: the main job) and a comparison
folder (baseline against three scenarios, scale 0.25, 3 replications) in a temporary
directory, then writes each folder's dashboard ``--repeat`` times and prints the median
seconds and the page size (plotly.js is not in it: the pages of a folder share `plotly.min.js` next to them).
Folders given on the command line are used instead.

Usage:
    python benchmarks/benchmark_dashboard.py
    python benchmarks/benchmark_dashboard.py outputs/baseline outputs/compare-... --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_folders(tmp: Path) -> list[Path]:
    from participation_model.cli import main

    s = ROOT / "scenarios"
    run, compare = tmp / "run", tmp / "compare"
    assert main(["run", str(s / "baseline.toml"), "--out", str(run), "--quiet", "--no-dashboard"]) == 0
    assert main(["compare", str(s / "baseline.toml"), str(s / "sectorplan-retraining.toml"), str(s / "esf-active-inclusion.toml"),
                 str(s / "commission-package.toml"), "--scale", "0.25", "--replications", "3", "--out", str(compare),
                 "--quiet", "--no-dashboard"]) == 0  # fmt: skip
    return [run, compare]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from participation_model.reports.dashboard import dashboard_kind, write_dashboard

    with tempfile.TemporaryDirectory() as tmp:
        folders = args.folders or make_folders(Path(tmp))
        for folder in folders:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                page = write_dashboard(folder)
                times.append(time.perf_counter() - started)
            print(f"{dashboard_kind(folder):12s} {folder.name}: {statistics.median(times):.2f} s (median of {args.repeat}), "
                  f"{page.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
