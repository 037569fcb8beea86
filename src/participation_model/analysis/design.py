"""Design a package: what a design runs (the candidates, their scenarios, the states, the budget rules).

``participation-model design SPEC`` searches the mix of instruments within a budget that does
best on the spec's objective, robust over economies and parameters. This module turns a
checked spec (:mod:`.design_spec`) into a :class:`DesignSetup`: a candidate package is an
integer vector (per instrument its budget level, and where the spec allows, its places, start
and target group), decoded into a :class:`Package` and the scenario it runs as; the states
are every economy path x parameter draw x replication; the budget rules (total, funding
streams, gemeente spending, places a provider offers) are linear rows ``A x <= u``, kept
exactly by the search. :mod:`.design_search` searches, :mod:`.design_robustness` ranks.

Example:
    >>> from pathlib import Path
    >>> from participation_model.analysis.design_spec import load_spec
    >>> setup = load_design(load_spec(Path(__file__).parents[3] / "designs" / "sectorplan-era.toml"))  # doctest: +SKIP
    >>> setup.decode(setup.nothing()).total  # doctest: +SKIP
    0.0
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from participation_model.analysis.design_spec import DesignSpec, DesignSpecError
from participation_model.scenario import Scenario, ScenarioError, scenario_from_dict
from participation_model.tomlfile import read_toml

@dataclass(frozen=True)
class State:
    """Where a candidate is evaluated: an economy path, a parameter draw (None: the calibrated values), a replication."""

    economy: str
    draw: int | None
    replication: int


@dataclass(frozen=True)
class Package:
    """A decoded candidate: per instrument its budget (EUR), places a year, start month and target group."""

    x: tuple[int, ...]
    budget: Mapping[str, float]
    places: Mapping[str, int | None]
    start: Mapping[str, str | None]
    target: Mapping[str, str | None]

    @property
    def total(self) -> float:
        """The planned budget of the package (EUR): the sum of the instruments' budgets."""
        return float(sum(self.budget.values()))


@dataclass
class DesignSetup:
    """What a design runs: the checked spec, the baseline's file table, the states and the constraints."""

    spec: DesignSpec
    baseline_raw: Mapping[str, Any]
    baseline: Scenario
    states: tuple[State, ...]
    bounds: tuple[tuple[int, int], ...]
    constraint_rows: np.ndarray
    constraint_upper: np.ndarray
    constraint_labels: tuple[str, ...]

    # ------------------------------------------------------------------ candidates
    def decode(self, x: Sequence[float]) -> Package:
        """The package of an integer vector (values are rounded and clipped to their bounds).

        An instrument without budget has no places, start or target to choose: its other
        variables are set to their first level, so the package has one vector (``Package.x``).
        """
        v = [int(np.clip(round(float(a)), lo, hi)) for a, (lo, hi) in zip(x, self.bounds)]
        budget, places, start, target = {}, {}, {}, {}
        k = 0
        for ins in self.spec.instruments:
            budget[ins.name] = ins.budget_low + v[k] * ins.budget_step
            if budget[ins.name] <= 0:
                v[k + 1 : k + len(ins.variables())] = [0] * (len(ins.variables()) - 1)
            k += 1
            if ins.places_levels:
                places[ins.name] = int(ins.places_low + v[k] * ins.places_step)  # type: ignore[operator]
                k += 1
            else:
                places[ins.name] = ins.block.get("places_per_year")
            if len(ins.starts) > 1:
                start[ins.name] = ins.starts[v[k]]
                k += 1
            else:
                start[ins.name] = ins.starts[0] if ins.starts else ins.block.get("start")
            if len(ins.targets) > 1:
                target[ins.name] = ins.targets[v[k]][0]
                k += 1
            else:
                target[ins.name] = ins.targets[0][0] if ins.targets else None
        return Package(tuple(v), budget, places, start, target)

    def nothing(self) -> np.ndarray:
        """The vector of the smallest package (every budget at its lowest level): the search's first member."""
        return np.array([lo for lo, _ in self.bounds], dtype=float)

    def feasible(self, x: Sequence[float]) -> bool:
        """Whether a vector keeps every budget rule and cap."""
        return bool(np.all(self.constraint_rows @ np.asarray(x, dtype=float) <= self.constraint_upper + 1e-6))

    def blocks(self, package: Package) -> list[dict[str, Any]]:
        """The package's intervention blocks, as a scenario file holds them (instruments with no budget left out)."""
        out = []
        for ins in self.spec.instruments:
            if package.budget[ins.name] <= 0:
                continue
            block = {k: v for k, v in ins.block.items()}
            block["budget"] = float(package.budget[ins.name])
            if package.places[ins.name] is not None:
                block["places_per_year"] = int(package.places[ins.name])  # type: ignore[arg-type]
            if package.start[ins.name] is not None:
                block["start"] = package.start[ins.name]
            if package.target[ins.name] is not None:
                block["eligibility"] = dict(dict(ins.targets)[package.target[ins.name]])  # type: ignore[index]
            out.append(block)
        return out

    def scenario_table(self, package: Package | None, economy: str, name: str, description: str = "") -> dict[str, Any]:
        """The scenario file table of a candidate (None: the baseline) in an economy, at the design's settings."""
        raw = {k: v for k, v in self.baseline_raw.items() if k != "interventions"}
        raw.update(name=name, description=description or raw.get("description", ""), scale=self.spec.scale,
                   replications=self.spec.replications, parameter_draws=self.spec.parameter_draws)  # fmt: skip
        if self.spec.end is not None:
            raw["end"] = self.spec.end
        economy_table = dict(raw.get("economy") or {})
        economy_table["path"] = economy
        raw["economy"] = economy_table
        if package is not None:
            raw["interventions"] = self.blocks(package)
        return raw

    def scenario(self, package: Package | None, economy: str, name: str = "candidate") -> Scenario:
        """The validated scenario of a candidate in an economy (its relative paths as in the baseline's folder)."""
        return scenario_from_dict(self.scenario_table(package, economy, name), source=self.spec.baseline_path)


def load_design(spec: DesignSpec) -> DesignSetup:
    """Check the spec against its baseline and the model: every instrument block and economy must build.

    Raises DesignSpecError naming the spec file and key.
    """
    raw, _ = read_toml(spec.baseline_path, DesignSpecError, "baseline scenario")
    try:
        baseline = scenario_from_dict({**raw, "scale": spec.scale, "replications": spec.replications,
                                       "parameter_draws": spec.parameter_draws, **({"end": spec.end} if spec.end else {})},
                                      source=spec.baseline_path)  # fmt: skip
    except ScenarioError as error:
        raise DesignSpecError(f"{spec.path}: key 'design' (the baseline at the design's settings): {error}") from None
    if raw.get("interventions"):
        raise DesignSpecError(f"{spec.path}: key 'design.baseline': got {spec.baseline_path.name}, which has interventions; allowed: a baseline without interventions")
    bounds = tuple((0, levels - 1) for _, levels in spec.variables())
    rows, upper, labels = _constraints(spec, baseline)
    setup = DesignSetup(spec, raw, baseline, _states(spec), bounds, rows, upper, labels)
    if not setup.feasible(setup.nothing()):
        raise DesignSpecError(f"{spec.path}: key 'budget.total': got {spec.total_budget:,.0f}; allowed: at least the sum of the instruments' lowest budgets "
                              f"and caps they can keep ({', '.join(lbl for lbl, a, u in zip(labels, rows @ setup.nothing(), upper) if a > u + 1e-6)} broken at the lowest levels)")  # fmt: skip
    _check_buildable(setup)
    return setup


def _states(spec: DesignSpec) -> tuple[State, ...]:
    draws: list[int | None] = list(range(spec.parameter_draws)) if spec.parameter_draws else [None]
    return tuple(State(e, d, r) for e in spec.economies for d in draws for r in range(spec.replications))


def _constraints(spec: DesignSpec, baseline: Scenario) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The budget rules as rows ``A x <= u`` over the decision vector (exact: the budgets bind in the model)."""
    variables = spec.variables()
    index = {label: k for k, (label, _) in enumerate(variables)}
    n = len(variables)
    rows, upper, labels = [], [], []

    def spending_row(weight: Callable[[Any], float]) -> tuple[np.ndarray, float]:
        row, constant = np.zeros(n), 0.0
        for ins in spec.instruments:
            w = weight(ins)
            row[index[f"budget:{ins.name}"]] += ins.budget_step * w
            constant += ins.budget_low * w
        return row, constant

    row, constant = spending_row(lambda ins: 1.0)
    rows.append(row), upper.append(spec.total_budget - constant), labels.append("budget.total")
    for stream, cap in spec.stream_caps.items():
        row, constant = spending_row(lambda ins, s=stream: ins.funding.get(s, 0.0))
        rows.append(row), upper.append(cap - constant), labels.append(f"budget.streams.{stream}")
    if spec.gemeente_caps:
        shares = _gemeente_weights(spec, baseline)
        for gemeente, cap in spec.gemeente_caps.items():
            if gemeente not in shares:
                raise DesignSpecError(f"{spec.path}: key 'constraints.gemeente_spending.{gemeente}': got {gemeente!r}; allowed: a gemeente of the region: {', '.join(shares)}")
            row, constant = spending_row(lambda ins, g=gemeente: ins.funding.get("gemeente", 0.0) * shares[g][ins.name])
            rows.append(row), upper.append(cap - constant), labels.append(f"constraints.gemeente_spending.{gemeente}")
    for k, cap in enumerate(spec.places_caps):
        row, constant = np.zeros(n), 0.0
        for name in cap.instruments:
            ins = next(i for i in spec.instruments if i.name == name)
            if ins.places_levels:
                row[index[f"places:{name}"]] += ins.places_step
                constant += ins.places_low  # type: ignore[operator]
            elif ins.block.get("places_per_year") is not None:
                constant += float(ins.block["places_per_year"])
            else:
                raise DesignSpecError(f"{spec.path}: key 'constraints.places[{k}].instruments': got {name!r}, which has no places_per_year; "
                                      "allowed: instruments with places_per_year in the block or a places_per_year range")  # fmt: skip
        rows.append(row), upper.append(cap.max_per_year - constant), labels.append(f"constraints.places[{k}]" + (f" ({cap.provider})" if cap.provider else ""))
    return np.array(rows), np.array(upper), tuple(labels)


def _gemeente_weights(spec: DesignSpec, baseline: Scenario) -> dict[str, dict[str, float]]:
    """Per gemeente and instrument: the share of the instrument's gemeente-funded spending planned there.

    By population share over the gemeenten the block admits (all, without a gemeente filter):
    a planning rule, since who enrols is known only after the run.
    """
    from participation_model.gemeente_shares import population_shares
    from participation_model.region import load_region

    region = load_region(baseline.region_path)
    shares = dict(zip(region.gemeenten, population_shares(region)))
    out: dict[str, dict[str, float]] = {g: {} for g in region.gemeenten}
    for ins in spec.instruments:
        admitted = list((ins.block.get("eligibility") or {}).get("gemeente") or region.gemeenten)
        total = sum(shares[g] for g in admitted if g in shares) or 1.0
        for g in region.gemeenten:
            out[g][ins.name] = shares[g] / total if g in admitted else 0.0
    return out


def _check_buildable(setup: DesignSetup) -> None:
    """Every economy, and every instrument at its largest budget with each start and target: a valid scenario.

    A problem is named by the spec's key: the block itself, a start choice or a target group.
    """
    from participation_model.experiments.runner import model_config

    spec = setup.spec
    for economy in spec.economies:
        try:
            setup.scenario(None, economy)
        except ScenarioError as error:
            raise DesignSpecError(f"{spec.path}: key 'design.economies': got {economy!r}; allowed: a path of the baseline's drivers file ({_inner(error)})") from None
    for k, ins in enumerate(spec.instruments):
        choices = [(f"instruments[{k}].block", None, None)]
        choices += [(f"instruments[{k}].start", start, None) for start in ins.starts]
        choices += [(f"instruments[{k}].targets.{target}", None, target) for target, _ in ins.targets]
        for where, start, target in choices:
            package = setup.decode(setup.nothing())
            budget = {**package.budget, ins.name: max(ins.budget_low + (ins.budget_levels - 1) * ins.budget_step, 1.0)}
            trial = Package(package.x, budget, package.places, {**package.start, ins.name: start or package.start[ins.name]},
                            {**package.target, ins.name: target or package.target[ins.name]})  # fmt: skip
            try:
                model_config(setup.scenario(trial, spec.economies[0]), 0)
            except ScenarioError as error:
                raise DesignSpecError(f"{spec.path}: key '{where}': not a valid intervention block: {_inner(error)}") from None
            except ValueError as error:
                raise DesignSpecError(f"{spec.path}: key '{where}': not a valid intervention block: {error}") from None


def _inner(error: ScenarioError) -> str:
    """A scenario's problems as the spec's author reads them: the block's own keys, without the baseline's file name.

    Example:
        >>> from participation_model.scenario.problems import Problem
        >>> _inner(ScenarioError("b.toml", [Problem("interventions[0].start", "2015-13", "", "a month")]))
        "key 'start': got '2015-13'; allowed: a month"
    """
    out = []
    for problem in error.problems:
        key = re.sub(r"^interventions\[\d+\]\.?", "", problem.key or "")
        out.append(problem.render("").replace(f"key '{problem.key}'", f"key '{key}'").removeprefix(": "))
    return "; ".join(out)
