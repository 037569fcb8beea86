"""The ``sensitivity`` task: Morris or Sobol indices of a scenario, checkpointed, and their folder.

``prepare`` checks the scenario, the uncertainty file, the outcomes (a year within the
simulated years; ``effect:`` only for a scenario with interventions), the number of samples
and the output folder before anything runs. ``perform`` samples the uncertain parameters,
runs every set with the scenario's replications on the executor given, every run checkpointed
in a work folder (:func:`~participation_model.tasks.batch.batch_evaluator`: ``resume=True``
continues an interrupted analysis with the same numbers), and writes the folder: indices,
samples, noise, one-at-a-time swings, report, manifest. The work folder is removed once the
folder is written.

Example:
    >>> prepared = prepare("scenarios/baseline.toml", method="morris", samples=4, scale=0.02)  # doctest: +SKIP
    >>> with make_executor("local") as executor:                                             # doctest: +SKIP
    ...     done = perform(prepared, executor)
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from participation_model.analysis.sensitivity import Outcome, SensitivityResult, one_at_a_time, parse_outcome, run_sensitivity
from participation_model.analysis.uncertainty import Uncertainty, UncertaintyError, load_uncertainty
from participation_model.provenance import environment, git_state, package_version, sha256_file
from participation_model.reports.sensitivity import write_report
from participation_model.scenario import Scenario
from participation_model.tasks.batch import BatchError, batch_evaluator
from participation_model.tasks.common import TaskInputError, checked_target, load_scenario_with_flags, located, without_draws
from participation_model.tasks.folders import SENSITIVITY_FORMAT, atomic_folder

#: the default uncertainty file, and the default number of samples per method
UNCERTAINTY_FILE = Path("calibration/parameter-uncertainty.toml")
DEFAULT_SAMPLES = {"morris": 10, "sobol": 64}
DEFAULT_OUTCOME = "netto_participation_15_75@2018"


@dataclass(frozen=True)
class PreparedSensitivity:
    """A checked analysis: what to sample, how often, what to measure and where to write."""

    scenario: Scenario
    uncertainty: Uncertainty
    method: str
    samples: int
    outcomes: tuple[Outcome, ...]
    oat: bool
    out_dir: Path
    work: Path


@dataclass(frozen=True)
class SensitivityDone:
    """A finished analysis: the indices, the one-at-a-time swings (or None) and the folder."""

    result: SensitivityResult
    oat: pd.DataFrame | None
    folder: Path


def prepare(
    source: str | Path | Scenario,
    *,
    method: str,
    samples: int | None = None,
    outcomes: Sequence[str] | None = None,
    uncertainty: str | Path = UNCERTAINTY_FILE,
    oat: bool = True,
    seed: int | None = None,
    replications: int | None = None,
    scale: float | None = None,
    out: str | Path | None = None,
    work: str | Path | None = None,
) -> PreparedSensitivity:
    """Check everything before anything runs; raises TaskInputError.

    The default outcome is netto participation in 2018, as an effect against the baseline
    when the scenario has interventions.

    Example:
        >>> prepare("scenarios/baseline.toml", method="morris", samples=1)  # doctest: +SKIP
        Traceback (most recent call last):
        participation_model.tasks.common.TaskInputError: --samples 1: allowed: at least 2
    """
    scenario = without_draws(load_scenario_with_flags(source, seed=seed, replications=replications, scale=scale), "sensitivity")
    try:
        loaded = load_uncertainty(uncertainty)
        default = ("effect:" if scenario.interventions else "") + DEFAULT_OUTCOME
        parsed = tuple(parse_outcome(text) for text in (outcomes or [default]))
    except (UncertaintyError, ValueError) as error:
        raise located(error) from None
    first, last = int(scenario.start[:4]), int(scenario.end[:4])
    for o in parsed:
        if o.label != o.measure and not first <= o.year <= last:
            raise TaskInputError(f"outcome {o.label!r}: year {o.year} is outside the simulated years {first}-{last}")
        if o.effect and not scenario.interventions:
            raise TaskInputError(f"outcome {o.label!r}: 'effect:' needs a scenario with interventions")
    count = samples if samples is not None else DEFAULT_SAMPLES[method]
    if count < 2:
        raise TaskInputError(f"--samples {count}: allowed: at least 2")
    out_dir = Path(out) if out is not None else Path("outputs") / f"sensitivity-{scenario.name}-{method}"
    checked_target(out_dir, SENSITIVITY_FORMAT)
    work_dir = Path(work) if work is not None else out_dir.with_name(out_dir.name + ".runs")
    return PreparedSensitivity(scenario, loaded, method, count, parsed, oat, out_dir, work_dir)


def perform(
    prepared: PreparedSensitivity,
    executor: Any,
    *,
    resume: bool = False,
    progress: Callable | None = None,
    command_line: Sequence[str] | None = None,
) -> SensitivityDone:
    """Sample, run on ``executor`` (every run checkpointed in the work folder), analyse and write the folder.

    Raises TaskInputError when the work folder cannot be used (another analysis's runs, a
    writer at work); RuntimeError when runs failed (they are kept, and ``resume=True`` retries them).
    """
    s = prepared.scenario
    try:
        evaluate = batch_evaluator(executor, prepared.work, resume=resume, progress=progress)
        result = run_sensitivity(s, prepared.uncertainty, method=prepared.method, samples=prepared.samples, outcomes=list(prepared.outcomes), seed=s.seed, evaluate=evaluate, chunk=None)
        oat = one_at_a_time(s, prepared.uncertainty, list(prepared.outcomes), evaluate=evaluate) if prepared.oat else None
    except BatchError as error:
        raise TaskInputError(str(error)) from None
    folder = write_sensitivity(result, oat, s, prepared.uncertainty, prepared.out_dir, command_line)
    shutil.rmtree(prepared.work, ignore_errors=True)  # the analysis is written: its runs are no longer needed
    return SensitivityDone(result, oat, folder)


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
    with atomic_folder(out_dir, SENSITIVITY_FORMAT) as (partial, target):
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


#: the columns of the one-at-a-time swings a comparison borrows from a sensitivity folder
DRIVER_COLUMNS = ("scenario", "outcome", "parameter", "low_value", "high_value", "swing", "folder")


def read_effect_swings(folder: str | Path, scenarios: Sequence[str], flag: str = "--sensitivity") -> pd.DataFrame:
    """The one-at-a-time swings of a sensitivity folder's ``effect:`` outcomes, for a comparison's cards.

    Why: a card says which parameters would change its conclusion most. With parameter draws the
    comparison ranks them itself; without, a sensitivity analysis of the same scenario (run with
    an ``effect:`` outcome, which writes ``one_at_a_time.csv``) tells it. Raises TaskInputError
    naming the flag, the folder and what is allowed: a folder written by ``sensitivity`` for one
    of the compared scenarios, with one-at-a-time swings of an ``effect:`` outcome.

    Example:
        >>> read_effect_swings("nowhere", ["plan"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        participation_model.tasks.common.TaskInputError: --sensitivity nowhere: not a folder; allowed: ...
    """
    path = Path(folder)
    allowed = ("allowed: a folder written by `participation-model sensitivity` for one of the compared scenarios "
               f"({', '.join(scenarios)}) with an effect: outcome (its one_at_a_time.csv)")  # fmt: skip
    if not path.is_dir():
        raise TaskInputError(f"{flag} {path}: not a folder; {allowed}")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise TaskInputError(f"{flag} {path}: no readable manifest.json; {allowed}") from None
    if manifest.get("format") != SENSITIVITY_FORMAT:
        raise TaskInputError(f"{flag} {path}: format {manifest.get('format')!r}, not {SENSITIVITY_FORMAT!r}; {allowed}")
    name = str((manifest.get("scenario") or {}).get("name", ""))
    if name not in scenarios:
        raise TaskInputError(f"{flag} {path}: an analysis of {name!r}, which is not compared; {allowed}")
    try:
        swings = pd.read_csv(path / "one_at_a_time.csv")
    except (OSError, ValueError):
        raise TaskInputError(f"{flag} {path}: no one_at_a_time.csv; {allowed}") from None
    effect = swings[swings["outcome"].astype(str).str.startswith("effect:")] if "outcome" in swings else swings.iloc[:0]
    if effect.empty or not set(DRIVER_COLUMNS[2:6]) <= set(effect.columns):
        raise TaskInputError(f"{flag} {path}: no effect: outcome among its one-at-a-time swings; {allowed}")
    table = effect.assign(scenario=name, folder=str(path))
    return table.reindex(table["swing"].abs().sort_values(ascending=False).index)[list(DRIVER_COLUMNS)].reset_index(drop=True)
