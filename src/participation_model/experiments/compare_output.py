"""Write a comparison folder: tables, scenario cards and a manifest, atomically.

Files: ``effects_monthly`` (per scenario, replication, month and measure: baseline, scenario,
difference), ``effects_annual`` (per scenario, year and measure: mean, 5/50/95% of the
difference, share of replications above zero), ``scenario_totals``, ``interventions``,
``target_groups``, ``gemeenten``, ``probabilities`` (each Parquet and CSV),
``scenario_cards.md``, ``drivers.csv`` (the national drivers of the baseline, and of every
scenario whose drivers differ from the baseline's, with a ``scenario`` column) and
``manifest.json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from participation_model.experiments.compare import ComparisonResult
from participation_model.experiments.output import (
    COMPARE_FORMAT,
    DRIVERS_FILE,
    _atomic_folder,
    drivers_table,
    environment,
    git_state,
    package_version,
    sha256_file,
)
from participation_model.reports.cards import scenario_cards


def comparison_tables(result: ComparisonResult) -> dict[str, pd.DataFrame]:
    """The comparison's tables keyed by their file names in the folder, in file order.

    One mapping for the folder writer, the static dashboard and the live app, so the three
    always agree on what ``effects_monthly`` or ``probabilities`` is.

    Example:
        >>> list(comparison_tables(result))  # doctest: +SKIP
        ['effects_monthly', 'effects_annual', 'scenario_totals', 'interventions', 'target_groups', 'gemeenten', 'probabilities']
    """
    return {
        "effects_monthly": result.monthly,
        "effects_annual": result.annual,
        "scenario_totals": result.scenario_totals,
        "interventions": result.interventions,
        "target_groups": result.target_groups,
        "gemeenten": result.gemeenten,
        "probabilities": result.probabilities,
    }


def comparison_drivers(result: ComparisonResult) -> pd.DataFrame | None:
    """The baseline's national drivers and those of every scenario whose drivers differ from them.

    One row per scenario and year: ``scenario`` first, then the columns of
    :func:`participation_model.experiments.output.drivers_table`. None when the baseline has no
    economy (stand-in results).

    Example:
        >>> from types import SimpleNamespace
        >>> from participation_model.scenario import scenario_from_dict
        >>> base = scenario_from_dict({"name": "b", "start": "2019-01", "end": "2020-12"})
        >>> slump = scenario_from_dict({"name": "s", "start": "2019-01", "end": "2020-12",
        ...                             "economy": {"shift": {"gdp_growth": {2020: -2.0}}}})
        >>> table = comparison_drivers(SimpleNamespace(baseline=base, scenarios=[base.model_copy(update={"name": "c"}), slump]))
        >>> table[["scenario", "year"]].values.tolist()
        [['b', 2019], ['b', 2020], ['s', 2019], ['s', 2020]]
    """
    baseline = drivers_table(result.baseline)
    if baseline is None:
        return None
    tables = [baseline.assign(scenario=result.baseline.name)]
    for scenario in result.scenarios:
        own = drivers_table(scenario)
        if own is not None and not own.equals(baseline):
            tables.append(own.assign(scenario=scenario.name))
    table = pd.concat(tables, ignore_index=True)
    return table[["scenario", *(c for c in table.columns if c != "scenario")]]


def write_comparison(result: ComparisonResult, out_dir: str | Path, command_line: Sequence[str] | None = None) -> Path:
    """Write the folder; an older folder of the same name is replaced only when complete."""
    tables = comparison_tables(result)
    with _atomic_folder(out_dir, COMPARE_FORMAT) as (partial, target):
        written = []
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet", engine="pyarrow", index=False)
            table.to_csv(partial / f"{name}.csv", index=False, lineterminator="\n")
            written += [f"{name}.parquet", f"{name}.csv"]
        (partial / "scenario_cards.md").write_text(scenario_cards(result), encoding="utf-8", newline="\n")
        written.append("scenario_cards.md")
        drivers = comparison_drivers(result)
        if drivers is not None:
            drivers.to_csv(partial / DRIVERS_FILE, index=False, lineterminator="\n")
            written.append(DRIVERS_FILE)
        manifest = _manifest(result, {n: partial / n for n in written}, command_line)
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return target


def _manifest(result: ComparisonResult, files: dict[str, Path], command_line: Sequence[str] | None) -> dict:
    def scenario(s) -> dict:
        return {
            "name": s.name,
            "path": str(s.source_path) if s.source_path else None,
            "sha256": s.sha256,
            "interventions": [spec.type for spec in s.interventions],
        }

    first = result.baseline
    return {
        "format": COMPARE_FORMAT,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "package": {"name": "participation-model", "version": package_version(), "git": git_state()},
        "command_line": list(sys.argv if command_line is None else command_line),
        "baseline": scenario(first),
        "scenarios": [scenario(s) for s in result.scenarios],
        "paired": {"seed": first.seed, "replications": first.replications, "scale": first.scale, "warm_up_from": first.warm_up_from, "start": first.start, "end": first.end, "replication_seeds": result.seeds},
        "year": result.year,
        "environment": environment(),
        "seconds_total": round(result.seconds, 3),
        "files": [{"name": n, "sha256": sha256_file(p), "bytes": p.stat().st_size} for n, p in files.items()],
    }
