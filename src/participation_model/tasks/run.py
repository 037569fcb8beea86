"""The ``run`` task: a scenario's replications and their output folder, written atomically.

``prepare`` loads the scenario with the run flags and checks the output folder before the
model starts, so a typo never costs a long run; ``perform`` runs the replications and writes
the folder (:func:`write_run_output`) whole or not at all (:mod:`participation_model.tasks.folders`).

Files (``docs/outputs.md`` describes every column):

- ``manifest.json``: what was run, with which inputs, code and environment, and the sha256
  of every other file in the folder.
- ``scenario.toml``: byte copy of the scenario file (absent for a run without a file).
- ``series``, ``groups``, ``sectors`` as ``.parquet`` and ``.csv``: the monthly tables of all
  replications, with a leading ``replication`` column (``draw, replication`` with parameter
  draws: one table per (draw, replication) pair).
- ``summary.csv`` and ``summary_groups.csv``: annual values, mean and 5/50/95% across
  replications, or across all (draw, replication) pairs (:mod:`participation_model.metrics.summary`).
- ``drivers.csv``: the national conditions the run was driven by, one row per simulated year
  (the scenario's ``[economy]`` path with its edits; :func:`drivers_table`). Absent for a run
  without an economy (a stand-in result in tests).
- ``gemeente_basis.csv``: which gemeente figures are local, estimates or allocated by
  population share (:func:`gemeente_basis_table`).
- ``overview.html``: the plotly overview page (:mod:`participation_model.reports.overview`), and
  ``plotly.min.js``, the plotly.js it loads, shared with the folder's dashboards.

Example:
    >>> prepared = prepare("scenarios/baseline.toml", replications=2, scale=0.05)  # doctest: +SKIP
    >>> done = perform(prepared)                                                    # doctest: +SKIP
    >>> sorted(done.folder.files)[:2]                                               # doctest: +SKIP
    ['groups.csv', 'groups.parquet']
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from participation_model.metrics.summary import summarise_groups, summarise_series
from participation_model.provenance import DISTRIBUTION, environment, git_state, package_version, sha256_file
from participation_model.reports.overview import write_overview
from participation_model.tasks.common import TaskInputError, calibration_warnings, checked_target, load_scenario_with_flags
from participation_model.tasks.folders import OUTPUT_FORMAT, OutputError, atomic_folder, data_file, path_text, plain

if TYPE_CHECKING:
    from participation_model.experiments.runner import ProgressEvent, RunResult
    from participation_model.scenario import Scenario


#: The monthly tables written as Parquet and CSV, by file stem.
TABLES: tuple[str, ...] = ("series", "groups", "sectors", "interventions")  # interventions only when the scenario has them

#: The national drivers of a run (or a comparison), one row per simulated year.
DRIVERS_FILE = "drivers.csv"
#: Which gemeente figures are local, estimates or allocated, one row per gemeente and figure.
BASIS_FILE = "gemeente_basis.csv"


@dataclass(frozen=True)
class OutputFolder:
    """What :func:`write_run_output` wrote.

    Attributes:
        path: the finished folder.
        files: names of the files in it, manifest.json last.
        summary: the annual summary (same content as summary.csv), for printing headlines.
        warnings: anything the reader should know, also recorded in the manifest.
    """

    path: Path
    files: tuple[str, ...]
    summary: pd.DataFrame
    warnings: tuple[str, ...]


def output_tables(result: RunResult) -> dict[str, pd.DataFrame]:
    """The run's series, groups and sectors tables, each with ``replication`` first.

    Example:
        >>> list(output_tables(result))  # doctest: +SKIP
        ['series', 'groups', 'sectors']
    """
    tables = {"series": result.series(), "groups": result.groups(), "sectors": result.sectors()}
    interventions = getattr(result, "interventions", None)
    if interventions is not None and getattr(result.scenario, "interventions", ()):
        tables["interventions"] = interventions()
    for name, table in tables.items():
        if "replication" not in table.columns:
            raise OutputError(f"the {name} table of the run has no 'replication' column")
        lead = [c for c in ("draw", "replication") if c in table.columns]
        order = [*lead, *(c for c in table.columns if c not in lead)]
        tables[name] = table[order].reset_index(drop=True)
    return tables


def draws_manifest(scenario: Any) -> dict[str, Any]:
    """What a manifest records of a run's parameter draws: the ensemble file, its sha256, the draws and the bands.

    Example:
        >>> from types import SimpleNamespace
        >>> draws_manifest(SimpleNamespace(parameter_draws=2, replications=3, ensemble=None, ensemble_sha256="ab"))["members"]
        [0, 1]
    """
    from participation_model.metrics.noise import band_label

    return {
        "draws": scenario.parameter_draws,
        "members": list(range(scenario.parameter_draws)),
        "ensemble": path_text(scenario.ensemble),
        "ensemble_sha256": scenario.ensemble_sha256,
        "order": "draw d runs with ensemble member d in place of the calibrated values; replication r has the same seed in every draw",
        "bands": band_label(scenario.parameter_draws, scenario.replications),
    }


def drivers_table(scenario: Any) -> pd.DataFrame | None:
    """The national drivers of ``scenario`` for the years it simulates, or None without an economy.

    One row per calendar year from the first to the last simulated month: ``year``, one column
    per national series of the drivers file (after the scenario's ``[economy]`` edits; units in
    docs/outputs.md) and ``basis`` ("observed", "projected" or "held").

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> table = drivers_table(scenario_from_dict({"name": "x", "start": "2015-07", "end": "2017-06"}))
        >>> table["year"].tolist(), table.columns[0], table.columns[-1]
        ([2015, 2016, 2017], 'year', 'basis')
        >>> drivers_table(object()) is None
        True
    """
    economy = getattr(scenario, "economy", None)
    if economy is None or not hasattr(economy, "driver_path"):
        return None
    first, last = int(str(scenario.start)[:4]), int(str(scenario.end)[:4])
    return economy.driver_path().annual(first, last)


def gemeente_basis_table(region: Any) -> pd.DataFrame | None:
    """Per gemeente and figure: ``basis`` (local, estimate, allocated), value, unit, year, source.

    None for a stand-in region without gemeente figures (tests).

    Example:
        >>> from participation_model.region import load_region
        >>> table = gemeente_basis_table(load_region("oost-groningen"))
        >>> table.query("gemeente == 'Pekela'").set_index("figure")["basis"][["population", "ao", "ww"]].tolist()
        ['estimate', 'local', 'allocated']
    """
    local = getattr(region, "local", None)
    if local is None:
        return None
    return pd.DataFrame(local.rows(), columns=["gemeente", "figure", "basis", "value", "unit", "year", "source"])


def write_run_output(
    result: RunResult,
    out_dir: str | Path,
    *,
    command_line: Sequence[str] | None = None,
    created: datetime | None = None,
) -> OutputFolder:
    """Write the full output folder of ``result`` to ``out_dir``, atomically.

    Args:
        result: the finished run.
        out_dir: the folder to create or replace (see :func:`check_output_target`).
        command_line: recorded in the manifest; defaults to ``sys.argv``.
        created: creation time (UTC); defaults to now.

    Returns:
        An :class:`OutputFolder` describing the finished folder.

    Raises:
        OutputError: ``out_dir`` exists and may not be replaced.
        OSError: writing failed; nothing is left behind and an older folder is kept.

    Example:
        >>> folder = write_run_output(result, "outputs/baseline")  # doctest: +SKIP
        >>> folder.path.name  # doctest: +SKIP
        'baseline'
    """
    created = created or datetime.now(timezone.utc)
    command = list(sys.argv if command_line is None else command_line)
    version = package_version()
    warnings: list[str] = []
    with atomic_folder(out_dir) as (partial, target):
        written: list[str] = []
        copied = _copy_scenario(result, partial, warnings)
        if copied:
            written.append(copied)
        tables = output_tables(result)
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet", engine="pyarrow", index=False)
            table.to_csv(partial / f"{name}.csv", index=False, lineterminator="\n")
            written += [f"{name}.parquet", f"{name}.csv"]
        summary = summarise_series(tables["series"])
        summary.to_csv(partial / "summary.csv", index=False, lineterminator="\n")
        summarise_groups(tables["groups"]).to_csv(
            partial / "summary_groups.csv", index=False, lineterminator="\n"
        )
        written += ["summary.csv", "summary_groups.csv"]
        drivers = drivers_table(result.scenario)
        if drivers is not None:
            drivers.to_csv(partial / DRIVERS_FILE, index=False, lineterminator="\n")
            written.append(DRIVERS_FILE)
        basis = gemeente_basis_table(result.region)
        if basis is not None:
            basis.to_csv(partial / BASIS_FILE, index=False, lineterminator="\n")
            written.append(BASIS_FILE)
        write_overview(
            partial / "overview.html", result, summary=summary, version=version, created=created
        )
        written += ["overview.html", "plotly.min.js"]  # the page loads plotly.js from the file next to it
        manifest = build_manifest(
            result,
            files={name: partial / name for name in written},
            version=version,
            command_line=command,
            created=created,
            warnings=warnings,
        )
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (partial / "manifest.json").write_text(text, encoding="utf-8", newline="\n")
        written.append("manifest.json")
    return OutputFolder(target, tuple(written), summary, tuple(warnings))


def build_manifest(
    result: RunResult,
    *,
    files: dict[str, Path],
    version: str,
    command_line: Sequence[str],
    created: datetime,
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """The manifest of a run as a JSON-ready dict (see ``docs/outputs.md``).

    Example:
        >>> build_manifest(result, files={}, version="0.1.0", command_line=[],
        ...                created=datetime.now(timezone.utc))["format"]  # doctest: +SKIP
        'participation-model-output/1'
    """
    scenario = result.scenario
    return {
        "format": OUTPUT_FORMAT,
        "created_utc": created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "package": {"name": DISTRIBUTION, "version": version, "git": git_state()},
        "command_line": list(command_line),
        "scenario": {
            "name": scenario.name,
            "path": path_text(scenario.source_path),
            "sha256": scenario.sha256,
            "start": scenario.start,
            "end": scenario.end,
            "warm_up_from": scenario.warm_up_from,
            "seed": scenario.seed,
            "replications": scenario.replications,
            "scale": scenario.scale,
            "overrides": plain(getattr(scenario, "overrides", None)),
        },
        "region": {
            "name": result.region.name,
            "path": path_text(result.region.path),
            "sha256": result.region.sha256,
        },
        "drivers": {
            "name": getattr(getattr(scenario, "economy", None), "drivers", None),
            "path": path_text(getattr(getattr(scenario, "economy", None), "drivers_path", None)),
            "sha256": getattr(getattr(scenario, "economy", None), "drivers_sha256", None),
        },
        "parameters": {
            "path": path_text(result.parameters.path),
            "sha256": result.parameters.sha256,
            "overrides": plain(getattr(scenario, "parameters", None)),
            "calibration": {
                "path": path_text(getattr(scenario, "calibration", None)),
                "sha256": getattr(scenario, "calibration_sha256", None),
                "values": plain(getattr(scenario, "calibration_values", None)),
            },
        },
        "rules": data_file(getattr(result, "rules", None)),
        "environment": environment(),
        **({"parameter_draws": draws_manifest(scenario)} if getattr(scenario, "parameter_draws", 0) else {}),
        "replications": [
            {**({"draw": rep.draw} if getattr(rep, "draw", None) is not None else {}),
             "replication": rep.replication, "seed": rep.seed, "seconds": round(rep.seconds, 3)}
            for rep in result.replications
        ],
        "seconds_total": round(result.seconds, 3),
        "files": [
            {"name": name, "sha256": sha256_file(path), "bytes": path.stat().st_size}
            for name, path in files.items()
        ],
        "warnings": list(warnings),
    }


def _copy_scenario(result: RunResult, folder: Path, warnings: list[str]) -> str | None:
    """Copy the scenario file byte for byte; warn if it changed since it was loaded."""
    source = result.scenario.source_path
    if source is None:
        return None
    destination = folder / "scenario.toml"
    shutil.copyfile(source, destination)
    loaded = result.scenario.sha256
    if loaded and sha256_file(destination) != loaded:
        warnings.append(
            f"scenario file {source} changed after it was loaded: scenario.toml is the current "
            f"file, not the one that was run (sha256 at load time: {loaded})"
        )
    return destination.name




@dataclass(frozen=True)
class PreparedRun:
    """A checked run: the scenario with its flags, the output folder, and warnings to show first."""

    scenario: Scenario
    out_dir: Path
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class RunDone:
    """A finished run task: the run itself and the folder written."""

    result: RunResult
    folder: OutputFolder


def prepare(
    source: str | Path | Scenario,
    *,
    seed: int | None = None,
    replications: int | None = None,
    scale: float | None = None,
    out: str | Path | None = None,
    parameter_draws: int | None = None,
) -> PreparedRun:
    """Load and check everything before the model starts; raises TaskInputError.

    ``parameter_draws`` runs every replication with that many parameter sets of the
    calibration's ensemble (draw by draw; replication r has the same seed in every draw).

    Example:
        >>> prepare("scenarios/baseline.toml", scale=0.05).out_dir  # doctest: +SKIP
        PosixPath('outputs/baseline')
    """
    scenario = load_scenario_with_flags(source, seed=seed, replications=replications, scale=scale, parameter_draws=parameter_draws)
    out_dir = Path(out) if out is not None else Path("outputs") / scenario.name
    checked_target(out_dir, OUTPUT_FORMAT)
    return PreparedRun(scenario, out_dir, tuple(calibration_warnings(scenario)))


def perform(
    prepared: PreparedRun,
    *,
    progress: Callable[[ProgressEvent], None] | None = None,
    command_line: Sequence[str] | None = None,
) -> RunDone:
    """Run the replications in this process and write the folder; raises TaskInputError if the folder was taken meanwhile."""
    from participation_model.experiments.runner import run_scenario

    result = run_scenario(prepared.scenario, progress=progress)
    try:
        folder = write_run_output(result, prepared.out_dir, command_line=command_line)
    except OutputError as error:
        raise TaskInputError(str(error)) from None
    return RunDone(result, folder)
