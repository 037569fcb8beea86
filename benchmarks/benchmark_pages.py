"""Benchmark: the HTML pages of a run folder and a comparison folder: their size and how long writing them takes.

Makes, in a temporary directory, the baseline run folder at ``--scale 0.05 --replications 2``
and the comparison of the baseline with the commission package at the same scale, then writes
every page of each folder ``--repeat`` times (the run's overview page and its dashboard, the
comparison's dashboard) and prints the median seconds per page, the size of every page and of
every other script file next to them, the folder's total of page bytes, and how many copies of
plotly.js the folder holds (counted by plotly's bundle banner, ``plotly.js v``).

Public tools only: :func:`time.perf_counter` and file sizes. Nothing is asserted: the figures
are printed for docs/performance.md.

Usage:
    python benchmarks/benchmark_pages.py
    python benchmarks/benchmark_pages.py --repeat 5 --scale 0.05 --replications 2
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The first words of plotly.js's bundle banner: one per copy of the library.
BANNER = "plotly.js v"


def timed(write: Callable[[], object], repeat: int) -> float:
    """Median wall seconds of ``repeat`` calls of ``write``.

    Example:
        >>> timed(lambda: None, 3) < 1.0
        True
    """
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        write()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def page_files(folder: Path) -> list[Path]:
    """The folder's pages and the scripts they load (``*.html``, ``*.js``), by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".html", ".js"))


def plotly_copies(folder: Path) -> int:
    """How many copies of plotly.js the folder's pages and scripts hold together."""
    return sum(p.read_text(encoding="utf-8", errors="replace").count(BANNER) for p in page_files(folder))


def report(name: str, folder: Path, seconds: dict[str, float]) -> None:
    """Print the writing times and sizes of one folder's pages."""
    print(f"{name}: {folder.name}")
    for page, value in seconds.items():
        print(f"  write {page:28s} {value:6.2f} s (median)")
    total = 0
    for path in page_files(folder):
        size = path.stat().st_size
        total += size
        print(f"  {path.name:34s} {size / 1e6:6.2f} MB")
    print(f"  {'pages and scripts together':34s} {total / 1e6:6.2f} MB; copies of plotly.js: {plotly_copies(folder)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--replications", type=int, default=2)
    args = parser.parse_args()

    from participation_model.cli import main as cli
    from participation_model.provenance import package_version
    from participation_model.tasks.run import write_run_output
    from participation_model.experiments.runner import run_scenario
    from participation_model.metrics.summary import summarise_series
    from participation_model.reports.dashboard import write_dashboard
    from participation_model.reports.overview import write_overview
    from participation_model.scenario import load_scenario

    scenarios = ROOT / "scenarios"
    flags = ["--scale", str(args.scale), "--replications", str(args.replications), "--quiet", "--no-dashboard"]
    with tempfile.TemporaryDirectory() as tmp:
        run, compare = Path(tmp) / "run", Path(tmp) / "compare"
        scenario = load_scenario(scenarios / "baseline.toml").with_overrides(scale=args.scale, replications=args.replications)
        result = run_scenario(scenario)
        write_run_output(result, run)
        summary = summarise_series(result.series())
        version, created = package_version(), datetime.now(UTC)
        seconds = {
            "overview.html": timed(lambda: write_overview(run / "overview.html", result, summary=summary, version=version,
                                                          created=created), args.repeat),  # fmt: skip
            "dashboard.html": timed(lambda: write_dashboard(run), args.repeat),
        }
        report("run folder", run, seconds)
        assert cli(["compare", str(scenarios / "baseline.toml"), str(scenarios / "commission-package.toml"), *flags,
                    "--out", str(compare)]) == 0  # fmt: skip
        report("comparison folder", compare, {"dashboard.html": timed(lambda: write_dashboard(compare), args.repeat)})


if __name__ == "__main__":
    main()
