"""Write a sensitivity folder: indices, samples, noise, one-at-a-time swings, report, manifest."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import pandas as pd

from participation_model.analysis.sensitivity import SensitivityResult
from participation_model.analysis.uncertainty import Uncertainty
from participation_model.experiments.output import SENSITIVITY_FORMAT, _atomic_folder, environment, git_state, package_version, sha256_file
from participation_model.reports.sensitivity import write_report
from participation_model.scenario import Scenario


def write_sensitivity(
    result: SensitivityResult,
    oat: pd.DataFrame | None,
    scenario: Scenario,
    uncertainty: Uncertainty,
    out_dir: str | Path,
    command_line: Sequence[str] | None = None,
) -> Path:
    """Write the folder atomically; return its path."""
    names = result.problem["names"]
    rows = []
    for i, x in enumerate(result.samples):
        for r in range(result.values.shape[1]):
            row = {"set": i, "replication": r, **dict(zip(names, x))}
            row.update({o.label: result.values[i, r, k] for k, o in enumerate(result.outcomes)})
            rows.append(row)
    tables = {"indices": result.indices, "samples": pd.DataFrame(rows), "noise": result.noise}
    if oat is not None:
        tables["one_at_a_time"] = oat
    with _atomic_folder(out_dir, SENSITIVITY_FORMAT) as (partial, target):
        written = []
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet", index=False)
            table.to_csv(partial / f"{name}.csv", index=False, lineterminator="\n")
            written += [f"{name}.parquet", f"{name}.csv"]
        meta = {
            "scenario": scenario.name, "method": result.method, "parameter sets": len(result.samples),
            "replications per set": result.values.shape[1], "scale": scenario.scale, "seed": scenario.seed,
            "parameters": ", ".join(names), "package version": package_version(),
            "created": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        }  # fmt: skip
        write_report(partial / "report.html", f"Sensitivity of {scenario.name} ({result.method})", result.method, result.indices, oat, result.noise, meta)
        written += ["report.html", "plotly.min.js"]  # the report loads plotly.js from the file next to it
        manifest = {
            "format": SENSITIVITY_FORMAT,
            "created_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "package": {"name": "participation-model", "version": package_version(), "git": git_state()},
            "command_line": list(sys.argv if command_line is None else command_line),
            "scenario": {"name": scenario.name, "path": str(scenario.source_path) if scenario.source_path else None, "sha256": scenario.sha256},
            "uncertainty": {"path": str(uncertainty.path), "sha256": uncertainty.sha256},
            "method": result.method, "sets": len(result.samples), "replications": int(result.values.shape[1]),
            "seed": scenario.seed, "scale": scenario.scale, "outcomes": [o.label for o in result.outcomes],
            "environment": environment(), "seconds": round(result.seconds, 3),
            "files": [{"name": n, "sha256": sha256_file(partial / n)} for n in written],
        }  # fmt: skip
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return target
