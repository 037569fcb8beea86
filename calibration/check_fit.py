"""Print the baseline fit table (model vs targets) as Markdown, for docs/baseline-fit.md.

Usage: python calibration/check_fit.py [--replications 10] [--scale 1.0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from participation_model.experiments.runner import run_scenario
from participation_model.metrics.fit import fit_table, load_targets
from participation_model.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml")
    scenario = scenario.with_overrides(replications=args.replications, scale=args.scale)
    result = run_scenario(scenario)
    table = fit_table(result.series(), load_targets(ROOT / "calibration" / "targets" / "baseline-fit.toml"))
    print("| target | year | CBS/UWV | band | model (mean) | model 5-95% | within |")
    print("|---|---|---|---|---|---|---|")
    for r in table.itertuples():
        print(f"| {r.target} | {r.year} | {r.value:g} | {r.band_low:.4g} to {r.band_high:.4g} | {r.model:.4g} | {r.model_p5:.4g} to {r.model_p95:.4g} | {'yes' if r.within else 'NO'} |")


if __name__ == "__main__":
    main()
