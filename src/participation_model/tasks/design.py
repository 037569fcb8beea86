"""The ``design`` task: search the best package within a budget, and write its folder.

``prepare`` reads the spec (:mod:`participation_model.analysis.design_spec`) and checks it
against its baseline and the model before anything runs: a bad spec raises TaskInputError
(exit 2, nothing written). ``perform`` runs the search on the executor given (in-process, a
local pool or Dask), with the log of every candidate's runs in the work folder, so an
interrupted design continues with ``resume=True``; it then writes the output folder whole or
not at all (:func:`~participation_model.tasks.folders.atomic_folder`):

====================  ==========================================================================
``manifest.json``     what was run: the spec, the baseline and their hashes, seeds, states,
                      method, evaluations, runs, executor, version, command
``candidates.csv``    every candidate: planned budget, criterion, worst case, mean, largest regret
``allocations.csv``   every candidate's budget, places, start and target group per instrument
``values.csv``        every candidate's value per economy, with its spread over the runs and regret
``runs.csv``          every candidate's paired effects per (economy, draw, replication)
``picks.csv``         the recommended package, the best in each economy, maximin and least regret
``recommended.toml``  the recommended package as a scenario file (run, compare and edit it)
``baseline.toml``     the baseline at the design's settings, to compare it with
``card.md``           the plain-language card: what to fund, what it buys, what it costs net,
                      where it is fragile
``dashboard.html``    the card and charts (plotly)
====================  ==========================================================================

Example:
    >>> prepared = prepare("designs/sectorplan-era.toml", scale=0.05)          # doctest: +SKIP
    >>> with make_executor("local") as executor:                                 # doctest: +SKIP
    ...     folder = perform(prepared, executor).out_dir
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from participation_model import __version__
from participation_model.analysis.design import DesignSetup, load_design
from participation_model.analysis.design_robustness import robustness
from participation_model.analysis.design_search import DesignProgress, DesignResult, ModelEffects, search
from participation_model.analysis.design_spec import DesignSpec, DesignSpecError, load_spec
from participation_model.drivers.loading import is_bundled_name
from participation_model.provenance import environment, git_state, sha256_file
from participation_model.tasks.calibrate import _relative
from participation_model.tasks.common import TaskInputError, checked_target, located
from participation_model.tasks.folders import DESIGN_FORMAT, atomic_folder

#: the tables of a design folder, in the order they are written
TABLES = ("candidates", "allocations", "values", "runs", "picks")


@dataclass(frozen=True)
class PreparedDesign:
    """A checked design: the spec, its setup (baseline, states, budget rules), the output and work folders."""

    spec: DesignSpec
    setup: DesignSetup
    out_dir: Path
    work_dir: Path


@dataclass(frozen=True)
class DesignOutcome:
    """What a finished design wrote and found."""

    out_dir: Path
    result: DesignResult
    tables: dict[str, pd.DataFrame]
    recommended: int
    card: str


def prepare(
    spec_file: str | Path,
    *,
    scale: float | None = None,
    replications: int | None = None,
    parameter_draws: int | None = None,
    evaluations: int | None = None,
    out: str | Path | None = None,
    work: str | Path | None = None,
    check_folder: bool = True,
) -> PreparedDesign:
    """Read and check the spec (with the flags in place of its own values); raises TaskInputError.

    Example:
        >>> prepare("designs/sectorplan-era.toml", scale=0.05).out_dir  # doctest: +SKIP
        PosixPath('outputs/design-sectorplan-era')
    """
    try:
        spec = load_spec(spec_file)
        changes = {k: v for k, v in {"scale": scale, "replications": replications, "parameter_draws": parameter_draws, "evaluations": evaluations}.items() if v is not None}
        for key, value in changes.items():
            lowest = 0 if key == "parameter_draws" else 1
            if (key == "scale" and not 0 < value <= 1) or (key != "scale" and value < lowest):
                raise TaskInputError(f"--{key.replace('_', '-')} {value}: allowed: " + ("a number above 0 to 1" if key == "scale" else f"a whole number of at least {lowest}"))
        spec = replace(spec, **changes)
        setup = load_design(spec)
    except DesignSpecError as error:
        raise located(error) from None
    out_dir = Path(out) if out is not None else Path("outputs") / f"design-{spec.name}"
    if check_folder:
        checked_target(out_dir, DESIGN_FORMAT)
    work_dir = Path(work) if work is not None else Path("outputs") / "design" / spec.name
    return PreparedDesign(spec, setup, out_dir, work_dir)


def fingerprint(prepared: PreparedDesign) -> str:
    """What a candidate's logged runs depend on: the spec (with the flags), the baseline and calibration files, the model code."""
    import hashlib

    from participation_model.analysis.calibration import model_fingerprint

    spec, baseline = prepared.spec, prepared.setup.baseline
    content = {
        "spec": spec.fingerprint(), "scale": spec.scale, "replications": spec.replications, "draws": spec.parameter_draws,
        "baseline": sha256_file(spec.baseline_path), "calibration": sha256_file(baseline.calibration) if baseline.calibration else None,
        "ensemble": sha256_file(baseline.ensemble) if getattr(baseline, "ensemble", None) else None, "model": model_fingerprint(),
    }  # fmt: skip
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def perform(
    prepared: PreparedDesign,
    executor: Any,
    *,
    resume: bool = False,
    progress: Callable[[DesignProgress], None] | None = None,
    command_line: Sequence[str] | None = None,
    on_run: Callable[[int, int], None] | None = None,
) -> DesignOutcome:
    """Search on ``executor`` (the log in the work folder), then write the output folder; raises TaskInputError for a log of another design.

    ``progress`` hears after every generation, ``on_run(done, total)`` after every run of one.
    """
    try:
        result = search(prepared.setup, ModelEffects(prepared.setup, executor, on_run), prepared.work_dir, resume=resume,
                        fingerprint=fingerprint(prepared), progress=progress)  # fmt: skip
    except DesignSpecError as error:
        raise located(error) from None
    tables = robustness(result)
    return write_folder(prepared, result, tables, executor, command_line or [])


def write_folder(prepared: PreparedDesign, result: DesignResult, tables: dict[str, pd.DataFrame], executor: Any, command_line: Sequence[str]) -> DesignOutcome:
    """Write the design folder atomically: tables, the recommended scenario, the card, the dashboard, the manifest last."""
    from participation_model.reports.design import card_text, write_dashboard

    picks = tables["picks"].set_index("pick")["candidate"]
    recommended = int(picks["recommended"])
    with atomic_folder(prepared.out_dir, DESIGN_FORMAT) as (partial, target):
        for name in TABLES:
            tables[name].to_csv(partial / f"{name}.csv", index=False)
        (partial / "baseline.toml").write_text(scenario_file(prepared, None, target, "baseline", _baseline_header(prepared)), encoding="utf-8")
        (partial / "recommended.toml").write_text(recommended_scenario(prepared, result, tables, recommended, target), encoding="utf-8")
        card = card_text(prepared.spec, result, tables, recommended)
        (partial / "card.md").write_text(card, encoding="utf-8")
        write_dashboard(partial, prepared.spec, result, tables, recommended, card)
        (partial / "manifest.json").write_text(json.dumps(_manifest(prepared, result, executor, command_line, recommended), indent=2) + "\n", encoding="utf-8")
    return DesignOutcome(target, result, tables, recommended, card)


def recommended_scenario(prepared: PreparedDesign, result: DesignResult, tables: dict[str, pd.DataFrame], candidate: int, folder: Path) -> str:
    """The recommended package as a scenario file for ``folder``, in the spec's first economy.

    It keeps the design's period, scale, replications and parameter draws, so
    ``participation-model compare baseline.toml recommended.toml`` in the design folder
    reproduces the effect the design reported for that economy.
    """
    spec = prepared.spec
    package = prepared.setup.decode(result.evaluations[candidate].x)
    economy = spec.economies[0]
    value = tables["values"]
    mine = value[(value["candidate"] == candidate) & (value["economy"] == economy)].iloc[0]
    header = [
        f"Written by `participation-model design {spec.path.name}` on {datetime.now(UTC):%Y-%m-%d}: the package the design recommends",
        f"({spec.criterion} over the economies {', '.join(spec.economies)}; objective {spec.objective}).",
        f"In the {economy} economy the design found {spec.objective} = {mine['value']:,.6g} (mean of {spec.replications} replications"
        + (f" x {spec.parameter_draws} parameter draws" if spec.parameter_draws else "") + f" at scale {spec.scale:g}).",
        "Reproduce it from this folder:  participation-model compare baseline.toml recommended.toml",
        "Edit it like any scenario (docs/scenario-reference.md); for reported figures raise scale and replications in both files.",
    ]  # fmt: skip
    description = f"The package recommended by the design '{spec.name}' ({spec.objective}, {spec.criterion} over {', '.join(spec.economies)})."
    return scenario_file(prepared, package, folder, f"{spec.name}-recommended", header, description)


def _baseline_header(prepared: PreparedDesign) -> list[str]:
    spec = prepared.spec
    return [
        f"Written by `participation-model design {spec.path.name}`: the baseline {spec.baseline_path.name} at the design's settings",
        f"(period, scale {spec.scale:g}, {spec.replications} replications, parameter draws {spec.parameter_draws}, economy path {spec.economies[0]}),",
        "so that recommended.toml can be compared with it:  participation-model compare baseline.toml recommended.toml",
    ]


def scenario_file(prepared: PreparedDesign, package: Any, folder: Path, name: str, header: Sequence[str], description: str = "") -> str:
    """A scenario file for ``folder`` of a package (None: the baseline) in the spec's first economy, paths made relative to it."""
    import tomli_w

    spec = prepared.spec
    table = prepared.setup.scenario_table(package, spec.economies[0], name, description)
    for key, base in (("calibration", table), ("parameters_file", table), ("region", table), ("drivers", table.get("economy", {}))):
        value = base.get(key)
        if isinstance(value, str) and (key in ("calibration", "parameters_file") or not is_bundled_name(value)):
            base[key] = _relative(spec.baseline_path.parent / value, folder)  # a bundled name stays a name
    return "\n".join(f"# {line}" for line in header) + "\n\n" + tomli_w.dumps(_plain(table))


def _plain(value: Any) -> Any:
    """A table with tuples and numpy numbers as TOML can hold them."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def _manifest(prepared: PreparedDesign, result: DesignResult, executor: Any, command_line: Sequence[str], recommended: int) -> dict[str, Any]:
    from participation_model.experiments.runner import replication_seed

    spec, baseline = prepared.spec, prepared.setup.baseline
    files = {"spec": spec.path, "baseline": spec.baseline_path, "calibration": baseline.calibration, "ensemble": getattr(baseline, "ensemble", None),
             "region": baseline.region_path}  # fmt: skip
    return {
        "format": DESIGN_FORMAT,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "version": __version__,
        "git": git_state(),
        "environment": environment(),
        "command": " ".join(command_line),
        "inputs": {k: {"path": str(Path(v).resolve()), "sha256": sha256_file(v)} for k, v in files.items() if v is not None},
        "design": {"name": spec.name, "description": spec.description, "spec_file": spec.path.name, "objective": spec.objective, "year": spec.year, "group": spec.group, "criterion": spec.criterion,
                   "economies": list(spec.economies), "replications": spec.replications, "parameter_draws": spec.parameter_draws,
                   "scale": spec.scale, "end": spec.end or baseline.end, "budget": spec.total_budget, "evaluations": spec.evaluations},
        "seed": baseline.seed,
        "replication_seeds": [replication_seed(baseline.seed, r) for r in range(spec.replications)],
        "optimiser_seed": spec.optimiser_seed,
        "method": result.extra.get("method"),
        "feasible_packages": result.extra.get("space"),
        "candidates": len(result.evaluations),
        "reused_from_log": result.reused,
        "model_runs": result.runs,
        "states": len(prepared.setup.states),
        "seconds": round(result.seconds, 2),
        "executor": getattr(executor, "description", type(executor).__name__),
        "work_log": str((prepared.work_dir / "evaluations.jsonl").resolve()),
        "recommended_candidate": recommended,
        "files": [*(f"{t}.csv" for t in TABLES), "baseline.toml", "recommended.toml", "card.md", "dashboard.html", "manifest.json"],
    }  # fmt: skip
