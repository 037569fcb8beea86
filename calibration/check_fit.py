"""Print the baseline fit table (model vs targets), the region file's gemeente checks and the
history run's path, as Markdown, for docs/baseline-fit.md.

Usage: python calibration/check_fit.py [--replications 10] [--scale 1.0] [--history]

With ``--history`` it also runs scenarios/history.toml (2008-2025) and prints its annual path
next to the national drivers it was driven by.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from participation_model.experiments.runner import run_scenario
from participation_model.metrics.fit import fit_table, gemeente_check_table, load_targets
from participation_model.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
PATH_COLUMNS = {
    "unemployment_rate_15_75": ("unemployment %", "{:.1f}"),
    "netto_participation_15_75": ("netto %", "{:.1f}"),
    "bruto_participation_15_75": ("bruto %", "{:.1f}"),
    "tightness": ("tightness", "{:.2f}"),
    "vacancies": ("vacancies", "{:,.0f}"),
    "jobs_inside": ("jobs inside", "{:,.0f}"),
    "incommuters": ("in-commuters", "{:,.0f}"),
    "employed_15_75": ("employed", "{:,.0f}"),
    "ww": ("WW", "{:,.0f}"),
    "bijstand": ("bijstand", "{:,.0f}"),
    "wsw": ("Wsw", "{:,.0f}"),
}
DRIVER_COLUMNS = {
    "gdp_growth": ("NL GDP %", "{:+.1f}"),
    "unemployment_rate": ("NL unemployment %", "{:.1f}"),
    "vacancies": ("NL vacancies (k)", "{:.0f}"),
}


def fit_rows(replications: int, scale: float) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml").with_overrides(replications=replications, scale=scale)
    result = run_scenario(scenario)
    table = fit_table(result.series(), load_targets(ROOT / "calibration" / "targets" / "baseline-fit.toml"))
    print("| target | year | CBS/UWV | band | model (mean) | model 5-95% | within |")
    print("|---|---|---|---|---|---|---|")
    for r in table.itertuples():
        print(f"| {r.target} | {r.year} | {r.value:g} | {r.band_low:.4g} to {r.band_high:.4g} | {r.model:.4g} | {r.model_p5:.4g} to {r.model_p95:.4g} | {'yes' if r.within else 'NO'} |")
    checks = gemeente_check_table(result.groups(), result.region.local.checks)
    if not checks.empty:  # the region file's figures of several gemeenten together (docs/region-data.md)
        print()
        print("| gemeente check | years | statistic | value | model (mean) | model 5-95% | holds |")
        print("|---|---|---|---|---|---|---|")
        for r in checks.itertuples():
            print(f"| {r.check} ({r.figure}: {r.gemeenten}) | {r.years} | {r.statistic} | {r.value:,.0f} | {r.model:,.0f} | {r.model_p5:,.0f} to {r.model_p95:,.0f} | {'yes' if r.within else 'NO'} |")


def history_rows(replications: int, scale: float) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "history.toml").with_overrides(replications=replications, scale=scale)
    series = run_scenario(scenario).series()
    series["year"] = series["month"].str[:4].astype(int)
    model = series.groupby("year")[list(PATH_COLUMNS)].mean()
    drivers = scenario.economy.driver_path().annual(int(model.index.min()), int(model.index.max())).set_index("year")
    frame = pd.concat([model, drivers[list(DRIVER_COLUMNS)].add_prefix("nl_"), drivers["basis"]], axis=1)
    columns = [(c, *PATH_COLUMNS[c]) for c in PATH_COLUMNS] + [(f"nl_{c}", *DRIVER_COLUMNS[c]) for c in DRIVER_COLUMNS]
    print("| year | " + " | ".join(label for _, label, _ in columns) + " | drivers |")
    print("|---|" + "---|" * len(columns) + "---|")
    for year, row in frame.iterrows():
        cells = [fmt.format(row[c]) for c, _, fmt in columns]
        print(f"| {year} | " + " | ".join(cells) + f" | {row['basis']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--history", action="store_true", help="also print the history run's path 2008-2025")
    args = parser.parse_args()
    fit_rows(args.replications, args.scale)
    if args.history:
        print()
        history_rows(args.replications, args.scale)


if __name__ == "__main__":
    main()
