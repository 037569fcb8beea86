"""The ``compare`` task: paired runs of scenarios against a baseline, and their folder.

``prepare`` loads the baseline with the run flags and every scenario with the baseline's seed,
replications and scale (paired runs), and makes the checks of a comparison
(:func:`comparison_problem`: the command line and the app use the same ones) and of the
output folder. ``compute`` runs the pairs (:func:`participation_model.experiments.compare.compare`)
with one progress count over all runs; ``perform`` also writes the folder, atomically.

Files: ``effects_monthly`` (per scenario, replication, month and measure: baseline, scenario,
difference), ``effects_annual`` (per scenario, year and measure: mean, 5/50/95% of the
difference, share of replications above zero, the smallest detectable effect ``mde`` and
``distinguishable``), ``scenario_totals``, ``interventions``, ``target_groups``,
``gemeenten`` (with a ``basis`` column), ``probabilities``, ``public_purse``,
``cost_effectiveness``, ``market`` (the baseline's tightness and sectors' vacancy rates
per year), ``effect_drivers`` (with parameter draws: the parameters the effects lean on most), and with
parameter draws ``variance_parts`` (each Parquet and CSV; with draws every table that has
``replication`` also has ``draw``), ``scenario_cards.md``, ``drivers.csv`` (the national
drivers of the baseline, and of every scenario whose drivers differ from the baseline's, with a
``scenario`` column), ``gemeente_basis.csv`` (which gemeente figures are local and which
allocated) and
``manifest.json``.

Example:
    >>> prepared = prepare("scenarios/baseline.toml", ["scenarios/commission-package.toml"], scale=0.05)  # doctest: +SKIP
    >>> perform(prepared).folder.name                                                                   # doctest: +SKIP
    'compare-baseline-commission-package'
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from participation_model.experiments import compare as experiments_compare  # looked up at call time (tests stand in for it)
from participation_model.experiments.compare import ComparisonResult
from participation_model.experiments.paired import check_pairable
from participation_model.provenance import environment, git_state, package_version, sha256_file
from participation_model.reports.cards import scenario_cards
from participation_model.tasks.common import TaskInputError, checked_target, load_scenario_with_flags
from participation_model.tasks.folders import COMPARE_FORMAT, atomic_folder
from participation_model.tasks.sensitivity import read_effect_swings
from participation_model.tasks.run import BASIS_FILE, DRIVERS_FILE, draws_manifest, drivers_table, gemeente_basis_table

if TYPE_CHECKING:
    from participation_model.scenario import Scenario

#: the year of the probability of beating the baseline, unless the user names one
DEFAULT_YEAR = 2018


@dataclass(frozen=True)
class PreparedComparison:
    """A checked comparison: the baseline, the scenarios paired with it, the year and the folder.

    ``out_dir`` is None for a comparison that is shown and not written (the app).
    """

    baseline: Scenario
    scenarios: tuple[Scenario, ...]
    year: int
    out_dir: Path | None = None
    #: one-at-a-time swings of a sensitivity folder (``--sensitivity``), for the cards' "what drives it"
    sensitivity: pd.DataFrame | None = None


@dataclass(frozen=True)
class ComparisonDone:
    """A finished comparison task: the result and the folder written."""

    result: ComparisonResult
    folder: Path


@dataclass(frozen=True)
class OverallProgress:
    """Progress of a comparison as one count over all runs (the baseline's and every scenario's).

    ``replication`` counts runs finished or running, from 0, out of ``replications`` runs in
    all; ``run`` names the scenario (the baseline's name for a baseline run).
    """

    replication: int
    replications: int
    month_index: int
    months: int
    run: str


def comparison_problem(baseline: Scenario, scenarios: Sequence[Scenario], year: int, year_label: str = "--year") -> str | None:
    """Why ``scenarios`` cannot be compared with ``baseline`` in ``year``, or None.

    The one set of checks of a comparison, for the command line and the app alike: names that
    differ from each other and from the baseline, paired runs (:func:`check_pairable`), and a
    reporting year within the simulated years. ``year_label`` names the year in the message as
    the caller's user knows it (the flag, or the app's control).

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> base = scenario_from_dict({"name": "b", "end": "2015-12"})
        >>> comparison_problem(base, [base], 2015)
        "error: scenario names must differ from each other and from the baseline; got 'b' and ['b']"
        >>> comparison_problem(base, [base.model_copy(update={"name": "x"})], 2030)
        'error: --year 2030 is outside the simulated years 2014-2015'
    """
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names) or baseline.name in names:
        return f"error: scenario names must differ from each other and from the baseline; got {baseline.name!r} and {names}"
    try:
        for s in scenarios:
            check_pairable(baseline, s)
    except ValueError as error:
        return f"error: {error}"
    first, last = int(baseline.start[:4]), int(baseline.end[:4])
    if not first <= year <= last:
        return f"error: {year_label} {year} is outside the simulated years {first}-{last}"
    return None


def prepare(
    baseline: str | Path | Scenario,
    scenarios: Sequence[str | Path | Scenario],
    *,
    year: int = DEFAULT_YEAR,
    seed: int | None = None,
    replications: int | None = None,
    scale: float | None = None,
    out: str | Path | None = None,
    year_label: str = "--year",
    check_folder: bool = True,
    parameter_draws: int | None = None,
    sensitivity: str | Path | None = None,
) -> PreparedComparison:
    """Load, pair and check everything before anything runs; raises TaskInputError.

    Every scenario runs with the baseline's seed, replications, scale and parameter draws (after the flags).
    ``check_folder=False`` is for a comparison that is shown and not written (the app).

    Example:
        >>> prepare("scenarios/baseline.toml", ["scenarios/baseline.toml"])  # doctest: +SKIP
        Traceback (most recent call last):
        participation_model.tasks.common.TaskInputError: scenario names must differ ...
    """
    base = load_scenario_with_flags(baseline, seed=seed, replications=replications, scale=scale, parameter_draws=parameter_draws)
    paired = tuple(
        load_scenario_with_flags(s, seed=base.seed, replications=base.replications, scale=base.scale, parameter_draws=base.parameter_draws)
        for s in scenarios
    )
    problem = comparison_problem(base, list(paired), year, year_label)
    if problem is not None:
        raise TaskInputError(problem.removeprefix("error: "))
    names = [s.name for s in paired]
    swings = read_effect_swings(sensitivity, names) if sensitivity is not None else None
    if not check_folder:
        return PreparedComparison(base, paired, year, sensitivity=swings)
    out_dir = Path(out) if out is not None else Path("outputs") / "-".join(["compare", base.name, *names])[:120]
    checked_target(out_dir, COMPARE_FORMAT)
    return PreparedComparison(base, paired, year, out_dir, swings)


def compute(prepared: PreparedComparison, *, progress: Callable[[OverallProgress], None] | None = None) -> ComparisonResult:
    """Run the pairs in this process; ``progress`` hears one count over all runs.

    Example:
        >>> compute(prepared).year  # doctest: +SKIP
        2018
    """
    runs = 1 + len(prepared.scenarios)
    order = {s: k for k, s in enumerate([prepared.baseline.name, *(s.name for s in prepared.scenarios)])}

    def overall(event: Any) -> None:
        if progress is not None:
            progress(OverallProgress(event.replication * runs + order.get(event.run, 0), event.replications * runs, event.month_index, event.months, event.run))

    result = experiments_compare.compare(prepared.baseline, list(prepared.scenarios), year=prepared.year, progress=overall)
    if prepared.sensitivity is not None:  # the cards' "what drives it" for runs without draws
        result.sensitivity_drivers = prepared.sensitivity
    return result


def perform(
    prepared: PreparedComparison,
    *,
    progress: Callable[[OverallProgress], None] | None = None,
    command_line: Sequence[str] | None = None,
) -> ComparisonDone:
    """Run the pairs and write the folder (an older folder of the same name is replaced only when complete)."""
    if prepared.out_dir is None:
        raise ValueError("this comparison was prepared with check_folder=False: it has no output folder to write")
    result = compute(prepared, progress=progress)
    return ComparisonDone(result, write_comparison(result, prepared.out_dir, command_line))


def comparison_tables(result: ComparisonResult) -> dict[str, pd.DataFrame]:
    """The comparison's tables keyed by their file names in the folder, in file order.

    One mapping for the folder writer, the static dashboard and the live app, so the three
    always agree on what ``effects_monthly`` or ``probabilities`` is.

    Example:
        >>> list(comparison_tables(result))  # doctest: +SKIP
        ['effects_monthly', 'effects_annual', 'scenario_totals', 'interventions', 'target_groups', 'gemeenten', 'probabilities', 'public_purse']
    """
    return {
        "effects_monthly": result.monthly,
        "effects_annual": result.annual,
        "scenario_totals": result.scenario_totals,
        "interventions": result.interventions,
        "target_groups": result.target_groups,
        "gemeenten": result.gemeenten,
        "probabilities": result.probabilities,
        "public_purse": result.public_purse,
        "cost_effectiveness": result.cost_effectiveness,
        "market": result.market,
        "effect_drivers": result.effect_drivers,
        **({"variance_parts": result.variance_parts} if getattr(result, "variance_parts", None) is not None else {}),
        **({"sensitivity_drivers": result.sensitivity_drivers} if getattr(result, "sensitivity_drivers", None) is not None else {}),
    }


def comparison_drivers(result: ComparisonResult) -> pd.DataFrame | None:
    """The baseline's national drivers and those of every scenario whose drivers differ from them.

    One row per scenario and year: ``scenario`` first, then the columns of
    :func:`participation_model.tasks.run.drivers_table`. None when the baseline has no
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
    with atomic_folder(out_dir, COMPARE_FORMAT) as (partial, target):
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
        basis = _basis(result)
        if basis is not None:
            basis.to_csv(partial / BASIS_FILE, index=False, lineterminator="\n")
            written.append(BASIS_FILE)
        manifest = _manifest(result, {n: partial / n for n in written}, command_line)
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return target


def _basis(result: ComparisonResult) -> pd.DataFrame | None:
    """The baseline region's gemeente basis table, or None when the baseline names no region file (stand-ins)."""
    path = getattr(result.baseline, "region_path", None)
    if path is None:
        return None
    from participation_model.region import load_region

    return gemeente_basis_table(load_region(path))


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
        **({"parameter_draws": draws_manifest(first)} if getattr(first, "parameter_draws", 0) else {}),
        "bands": result.band,
        "year": result.year,
        **({"sensitivity_folder": str(result.sensitivity_drivers["folder"].iloc[0])}
           if getattr(result, "sensitivity_drivers", None) is not None and not result.sensitivity_drivers.empty else {}),
        "environment": environment(),
        "seconds_total": round(result.seconds, 3),
        "files": [{"name": n, "sha256": sha256_file(p), "bytes": p.stat().st_size} for n, p in files.items()],
    }
