"""Write a comparison folder: tables, scenario cards and a manifest, atomically.

Files: ``effects_monthly`` (per scenario, replication, month and measure: baseline, scenario,
difference), ``effects_annual`` (per scenario, year and measure: mean, 5/50/95% of the
difference, share of replications above zero), ``scenario_totals``, ``interventions``,
``target_groups``, ``gemeenten``, ``probabilities`` (each Parquet and CSV),
``scenario_cards.md`` and ``manifest.json``.
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
    _atomic_folder,
    environment,
    git_state,
    package_version,
    sha256_file,
)
from participation_model.reports.cards import scenario_cards

COMPARE_FORMAT = "participation-model-comparison/1"


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


def write_comparison(result: ComparisonResult, out_dir: str | Path, command_line: Sequence[str] | None = None) -> Path:
    """Write the folder; an older folder of the same name is replaced only when complete."""
    tables = comparison_tables(result)
    with _atomic_folder(out_dir) as (partial, target):
        written = []
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet", engine="pyarrow", index=False)
            table.to_csv(partial / f"{name}.csv", index=False, lineterminator="\n")
            written += [f"{name}.parquet", f"{name}.csv"]
        (partial / "scenario_cards.md").write_text(scenario_cards(result), encoding="utf-8", newline="\n")
        written.append("scenario_cards.md")
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
        "paired": {"seed": first.seed, "replications": first.replications, "scale": first.scale, "start": first.start, "end": first.end, "replication_seeds": result.seeds},
        "year": result.year,
        "environment": environment(),
        "seconds_total": round(result.seconds, 3),
        "files": [{"name": n, "sha256": sha256_file(p), "bytes": p.stat().st_size} for n, p in files.items()],
    }
