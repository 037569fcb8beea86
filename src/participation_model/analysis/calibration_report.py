"""After the search: the calibrated file with its provenance, and the fit report's tables.

:func:`write_result` writes ``calibration/calibrated/<name>.toml`` (fitted values, provenance,
the fit per target). :func:`fit_frames` runs the model at the fitted values (and at the
starting values, for comparison) over two designs:

- from the calibration's start to ``report_end`` (the baseline's design, 2014-2025), which
  gives the fitted targets and the main trajectories;
- from ``validation_start`` (2008) to ``report_end``: targets before the calibration period
  (the 2008 unemployment rate, the 2013 WW endings) are compared in this run, as validation.

Example:
    >>> import pandas as pd
    >>> from participation_model.analysis.targets import Target
    >>> t = Target("x_2016", 10.0, "percent", 2016, 2016, "rate", "d", "Oost-Groningen", "s", 1.0)
    >>> row = target_row(t, [9.0, 10.0, 11.5], "fitted", "calibration", 0.0, "")
    >>> row["model_mean"], row["z"], row["within"]
    (10.166666666666666, 0.16666666666666607, True)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from participation_model import __version__
from participation_model.analysis.calibration import (
    CalibrationResult,
    CalibrationSetup,
    model_fingerprint,
)
from participation_model.analysis.evaluators import Evaluator
from participation_model.analysis.objective import (
    ANNUAL_MEANS,
    NOT_COMPARABLE,
    statistic,
)
from participation_model.analysis.targets import Target
from participation_model.calibrated import Calibrated, write_calibrated
from participation_model.tomlfile import read_toml

#: series drawn in the fit report's trajectory charts
TRAJECTORY_MEASURES = ("netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75", "bijstand", "ww", "wsw", "ao")

CALIBRATION_RUN = "calibration runs"
VALIDATION_RUN = "validation run from"


def write_result(result: CalibrationResult, path: str | Path, command_line: Sequence[str]) -> Path:
    """Write the calibrated file: fitted values, provenance and the fit of every fitted target."""
    setup = result.setup
    out = Path(path).resolve()
    prov: dict[str, Any] = {
        "name": setup.name,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "model_version": __version__,
        "model_fingerprint": model_fingerprint(),
        "targets_file": _relative(setup.targets.path, out.parent),
        "targets_sha256": setup.targets.sha256,
        "parameters_file": _relative(setup.params.path, out.parent),
        "parameters_sha256": setup.params.sha256,
        "region": setup.scenario.region,
        "region_sha256": read_toml(setup.scenario.region_path, ValueError, "region file")[1],
        "method": setup.method,
        "budget": setup.budget,
        "evaluations": len(result.history),
        "optimiser_seed": setup.optimiser_seed,
        "seed": setup.scenario.seed,
        "replications": setup.scenario.replications,
        "scale": setup.scenario.scale,
        "start": setup.scenario.start,
        "end": setup.scenario.end,
        "objective_start": result.start.objective,
        "objective": result.best.objective,
        "command": " ".join(command_line),
    }
    parameters = {
        p.name: {"value": result.best.parameters[p.name], "unit": p.unit, "start": p.start, "low": p.low, "high": p.high}
        for p in setup.free
    }
    fit = {}
    for t in setup.fitted:
        row = target_row(t, [s[t.name] for s in result.best.statistics], "fitted", CALIBRATION_RUN, float("nan"), "")
        fit[t.name] = {"period": row["period"], "target": t.value, "low": row["low"], "high": row["high"],
                       "model": round(row["model_mean"], 6), "z": round(row["z"], 4), "within": bool(row["within"])}
    header = (
        f"Calibrated parameters '{setup.name}': written by `participation-model calibrate`; do not edit by hand.\n"
        "Scenarios use it with the key  calibration = \"<path to this file>\"  (docs/calibration.md).\n"
        "[provenance] says what produced the values; [fit] is the fit per target at the fitted values."
    )
    return write_calibrated(out, prov, parameters, fit, header)


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` (with ``..`` where needed), so the file can move with its repository."""
    return Path(os.path.relpath(Path(path).resolve(), folder)).as_posix()


def target_row(t: Target, values: Sequence[float], status: str, run: str, start_z: float, explanation: str) -> dict[str, Any]:
    """One row of the fit table from the per-replication statistics of a target."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    mean = float(v.mean()) if len(v) else float("nan")
    low, high = t.band()
    z = t.standardised(mean) if len(v) else float("nan")
    period = str(t.first_year) if t.first_year == t.last_year else f"{t.first_year}-{t.last_year}"
    return {
        "target": t.name, "label": t.definition, "unit": t.unit, "period": period, "value": t.value, "low": low, "high": high,
        "model_mean": mean, "model_p5": float(np.percentile(v, 5)) if len(v) else float("nan"),
        "model_p95": float(np.percentile(v, 95)) if len(v) else float("nan"),
        "z": z, "start_z": start_z, "within": bool(abs(z) <= 1.0) if len(v) else False,
        "status": status, "run": run, "explanation": explanation,
    }


def fit_frames(
    setup: CalibrationSetup,
    values: Mapping[str, float],
    evaluator: Evaluator,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run the fitted and the starting values over both designs; return (fit, trajectories, target points)."""
    designs = {
        "main": setup.scenario.model_copy(update={"end": setup.report_end}),
        "validation": setup.scenario.model_copy(update={"start": setup.validation_start, "end": setup.report_end}),
    }
    reps = range(setup.scenario.replications)
    jobs, keys = [], []
    for design, scenario in designs.items():
        for which, overrides in (("fitted", dict(values)), ("start", {})):
            for r in reps:
                jobs.append((scenario, overrides, r))
                keys.append((design, which, r))
    outs = dict(zip(keys, evaluator(jobs), strict=True))
    fitted = {t.name for t in setup.fitted}
    rows = []
    for t in setup.targets.targets:
        explanation = setup.explanations.get(t.name, "")
        if t.name in NOT_COMPARABLE:
            rows.append(target_row(t, [], "not comparable", "", float("nan"), explanation or NOT_COMPARABLE[t.name]))
            continue
        design = _design_for(t, designs)
        if design is None:
            rows.append(target_row(t, [], "not simulated", "", float("nan"), explanation))
            continue
        run = f"{CALIBRATION_RUN} {setup.scenario.start}" if design == "main" else f"{VALIDATION_RUN} {setup.validation_start}"
        calibrated = [statistic(t, outs[(design, "fitted", r)].series) for r in reps]
        start = [statistic(t, outs[(design, "start", r)].series) for r in reps]
        status = "fitted" if t.name in fitted else "validation"
        rows.append(target_row(t, calibrated, status, run, t.standardised(float(np.mean(start))), explanation))
    fit = pd.DataFrame(rows)
    trajectories = pd.concat(
        [
            _trajectory(outs, "main", "fitted", reps, f"calibrated, from {setup.scenario.start}"),
            _trajectory(outs, "validation", "fitted", reps, f"calibrated, from {setup.validation_start}"),
            _trajectory(outs, "main", "start", reps, f"starting values, from {setup.scenario.start}"),
        ],
        ignore_index=True,
    )
    return fit, trajectories, target_points(setup.targets.targets)


def _design_for(t: Target, designs: Mapping[str, Any]) -> str | None:
    for name, s in designs.items():
        if int(s.start[:4]) <= t.first_year and t.last_year <= int(s.end[:4]):
            return name
    return None


def _trajectory(outs: Mapping, design: str, which: str, reps: range, label: str) -> pd.DataFrame:
    frames = []
    for r in reps:
        series = outs[(design, which, r)].series
        cols = ["month", *[m for m in TRAJECTORY_MEASURES if m in series.columns]]
        frames.append(series[cols].assign(run=label, replication=r))
    return pd.concat(frames, ignore_index=True)


def target_points(targets: Sequence[Target]) -> pd.DataFrame:
    """The targets that are a yearly value of a trajectory measure (markers on its chart)."""
    rows = [
        {"measure": ANNUAL_MEANS[t.name], "year": t.first_year, "value": t.value, "low": t.band()[0], "high": t.band()[1], "target": t.name}
        for t in targets
        if ANNUAL_MEANS.get(t.name) in TRAJECTORY_MEASURES and t.first_year == t.last_year
    ]
    return pd.DataFrame(rows, columns=["measure", "year", "value", "low", "high", "target"])


def report_meta(setup: CalibrationSetup, calibrated: Calibrated) -> dict[str, str]:
    """The provenance table at the top of the fit report."""
    prov = calibrated.provenance
    keys = ("name", "created", "model_version", "targets_file", "targets_sha256", "method", "budget", "evaluations",
            "objective_start", "objective", "seed", "optimiser_seed", "replications", "scale", "start", "end")
    meta = {k: str(prov[k]) for k in keys if k in prov}
    meta["calibrated file"] = str(calibrated.path)
    meta["fitted parameters"] = ", ".join(f"{k} = {v:g}" for k, v in calibrated.values.items())
    return meta


def write_fit_report(setup: CalibrationSetup, calibrated: Calibrated, evaluator: Evaluator, out_dir: str | Path,
                     progress: Callable[[str], None] | None = None) -> tuple[Path, pd.DataFrame]:
    """Run the report designs and write ``fit-report.html``, ``fit.csv`` and ``calibrated.json`` into ``out_dir``."""
    from participation_model.reports import fit as fit_page

    if progress:
        progress(f"running the fitted and starting values from {setup.scenario.start} and from {setup.validation_start} to {setup.report_end}")
    fit, trajectories, points = fit_frames(setup, calibrated.values, evaluator)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / "fit.csv"
    tmp = folder / ".fit.csv.tmp"
    fit.to_csv(tmp, index=False)
    tmp.replace(csv)
    page = fit_page.write_fit_report(folder / "fit-report.html", fit, trajectories, points, report_meta(setup, calibrated))
    pointer = folder / ".calibrated.json.tmp"  # which calibrated file this folder reports (for its dashboard)
    pointer.write_text(json.dumps({"calibrated_file": str(calibrated.path), "sha256": calibrated.sha256}, indent=2) + "\n", encoding="utf-8")
    pointer.replace(folder / "calibrated.json")
    return page, fit
