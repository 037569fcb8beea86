"""The ``calibrate`` and ``calibration-report`` tasks: the search, the calibrated file, the fit report.

``prepare_calibration`` reads the targets file and its ``[calibration]`` table (the free
parameters, the search, the kept-back targets of a holdout) before anything runs;
``calibrate`` searches on the evaluator given, with a log in the work folder that
``resume=True`` continues, and :func:`write_result` writes ``calibration/calibrated/<name>.toml``
(fitted values, provenance, the fit per target, kept-back targets included).
:func:`write_fit_report` runs the report designs at the calibrated values and writes the fit
report's tables and page into the work folder. ``prepare_report`` checks a calibrated file
(and the scenarios and evidence of a plausibility report) for ``calibration-report``.

Example:
    >>> setup = prepare_calibration("calibration/targets/oost-groningen.toml")  # doctest: +SKIP
    >>> with make_executor("local") as executor:                              # doctest: +SKIP
    ...     done = calibrate(setup, executor, Path("outputs/calibration/oost-groningen"))
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from participation_model import __version__
from participation_model.analysis.calibration import (
    CalibrationError,
    CalibrationProgress,
    CalibrationResult,
    CalibrationSetup,
    load_setup,
    model_fingerprint,
)
from participation_model.analysis.calibration_report import (
    CALIBRATION_RUN,
    FITTED,
    KEPT_BACK,
    agreement,
    baseline_label,
    fit_frames,
    history_label,
    report_drivers,
    target_row,
)
from participation_model.analysis.evaluators import Evaluator
from participation_model.analysis.targets import TargetError
from participation_model.calibrated import Calibrated, CalibrationFileError, load_calibrated, provenance_problems, write_calibrated
from participation_model.scenario import Scenario, ScenarioError, load_scenario
from participation_model.tasks.common import located
from participation_model.tomlfile import read_toml


def prepare_calibration(
    targets: str | Path,
    *,
    holdout: bool = False,
    method: str | None = None,
    budget: int | None = None,
    replications: int | None = None,
    scale: float | None = None,
) -> CalibrationSetup:
    """The checked set-up of a calibration (targets, free parameters, search); raises TaskInputError.

    Example:
        >>> prepare_calibration("calibration/targets/oost-groningen.toml").method  # doctest: +SKIP
        'differential-evolution'
    """
    try:
        return load_setup(targets, holdout=holdout, method=method, budget=budget, replications=replications, scale=scale)
    except (CalibrationError, TargetError) as error:
        raise located(error) from None


def run_calibration(
    setup: CalibrationSetup,
    evaluator: Evaluator,
    work: Path,
    *,
    resume: bool = False,
    progress: Callable[[CalibrationProgress], None] | None = None,
) -> CalibrationResult:
    """Search the free parameters on ``evaluator`` with its log in ``work``; raises TaskInputError for a log that does not fit."""
    from participation_model.analysis.calibration import calibrate

    try:
        return calibrate(setup, evaluator, work, resume=resume, progress=progress)
    except CalibrationError as error:
        raise located(error) from None


@dataclass(frozen=True)
class PreparedReport:
    """A checked ``calibration-report``: the calibrated file, its set-up, and the plausibility runs (if asked)."""

    calibrated: Calibrated
    setup: CalibrationSetup
    baseline: Scenario | None
    scenarios: tuple[Scenario, ...]
    warnings: tuple[str, ...]


def prepare_report(
    calibrated_file: str | Path,
    *,
    plausibility: Sequence[str | Path] = (),
    baseline: str | Path = Path("scenarios/baseline.toml"),
    evidence: str | Path = Path("calibration/evidence.toml"),
    replications: int | None = None,
    scale: float | None = None,
) -> PreparedReport:
    """Check a calibrated file and, for a plausibility report, the evidence and scenarios that use it.

    The calibrated file's provenance names its targets file and the settings of the search
    (holdout, replications, scale), so the report runs the designs the calibration ran.
    Raises TaskInputError; the warnings say where the inputs changed since the calibration.
    """
    from participation_model.analysis.evidence import EvidenceError, load_evidence

    try:
        loaded = load_calibrated(calibrated_file)
        targets = (loaded.path.parent / str(loaded.provenance["targets_file"])).resolve()
        prov = loaded.provenance
        setup = load_setup(targets, holdout=bool(prov.get("holdout", False)), replications=int(prov.get("replications", 0)) or None, scale=prov.get("scale"))
        base, scenarios = None, ()
        if plausibility:
            load_evidence(evidence)  # checked before anything runs
            base = load_scenario(baseline).with_overrides(replications=replications, scale=scale)
            scenarios = tuple(load_scenario(p).with_overrides(replications=replications, scale=scale) for p in plausibility)
            for s in [base, *scenarios]:
                if s.calibration != loaded.path:
                    raise CalibrationError(f"{s.source_path}: key 'calibration': got {s.calibration}; allowed: {loaded.path} (the calibration being reported)")
    except (CalibrationFileError, CalibrationError, TargetError, ScenarioError, EvidenceError) as error:
        raise located(error) from None
    return PreparedReport(loaded, setup, base, scenarios, tuple(provenance_problems(loaded, setup.params)))


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
        "holdout": bool(setup.kept_back),
        "kept_back": [t.name for t in setup.kept_back],
        "search_seeded_with_start": setup.seeded if setup.method == "differential-evolution" else True,
        "objective_start": result.start.objective,
        "objective": result.best.objective,
        "command": " ".join(command_line),
    }
    parameters = {
        p.name: {"value": result.best.parameters[p.name], "unit": p.unit, "start": p.start, "low": p.low, "high": p.high}
        for p in setup.free
    }
    fit = {}
    kept = {t.name for t in setup.kept_back}
    for t in [*setup.fitted, *setup.kept_back]:
        status = KEPT_BACK if t.name in kept else FITTED
        row = target_row(t, [s[t.name] for s in result.best.statistics], status, CALIBRATION_RUN, float("nan"), "")
        fit[t.name] = {"period": row["period"], "target": t.value, "low": row["low"], "high": row["high"],
                       "model": round(row["model_mean"], 6), "z": round(row["z"], 4), "within": bool(row["within"]), "status": status}
    header = (
        f"Calibrated parameters '{setup.name}': written by `participation-model calibrate`; do not edit by hand.\n"
        "Scenarios use it with the key  calibration = \"<path to this file>\"  (docs/calibration.md).\n"
        "[provenance] says what produced the values; [fit] is the fit per target at the fitted values."
    )
    return write_calibrated(out, prov, parameters, fit, header)


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` (with ``..`` where needed), so the file can move with its repository."""
    return Path(os.path.relpath(Path(path).resolve(), folder)).as_posix()


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
    """Run the report designs and write ``fit-report.html``, ``fit.csv``, ``agreement.csv``, ``drivers.csv``
    and ``calibrated.json`` into ``out_dir``.

    ``agreement.csv`` is :func:`agreement` of the history run and the cold start;
    ``drivers.csv`` the national drivers of the history run's years with the history run's own
    annual unemployment rate and tightness (:func:`report_drivers`).
    """
    from participation_model.reports import fit as fit_page

    if progress:
        progress(f"running the fitted and starting values from {setup.scenario.start}, and the fitted values from {setup.baseline_start}, to {setup.report_end}")
    fit, trajectories, points = fit_frames(setup, calibrated.values, evaluator)
    history = history_label(setup)
    agreed = agreement(trajectories, history, baseline_label(setup))
    drivers = report_drivers(setup, trajectories[trajectories["run"] == history])
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in (("fit.csv", fit), ("agreement.csv", agreed), ("drivers.csv", drivers)):
        _write_csv(table, folder / name)
    page = fit_page.write_fit_report(folder / "fit-report.html", fit, trajectories, points, report_meta(setup, calibrated),
                                     agreement=agreed, drivers=drivers, history=history)  # fmt: skip
    pointer = folder / ".calibrated.json.tmp"  # which calibrated file this folder reports (for its dashboard)
    pointer.write_text(json.dumps({"calibrated_file": str(calibrated.path), "sha256": calibrated.sha256}, indent=2) + "\n", encoding="utf-8")
    pointer.replace(folder / "calibrated.json")
    return page, fit


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` as CSV to ``path`` through a temporary file, so the folder never holds half a table."""
    tmp = path.with_name(f".{path.name}.tmp")
    table.to_csv(tmp, index=False)
    tmp.replace(path)

