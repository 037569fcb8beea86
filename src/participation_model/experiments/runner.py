"""Run a scenario's replications and collect their tables.

Each replication gets its own immutable :class:`~participation_model.model.model.ModelConfig`
and a seed derived from the scenario seed and the replication index, so replication ``r`` of
a baseline and of a scenario with the same seed are paired (common random numbers).

With ``parameter_draws = D`` (from the calibration's ensemble), the runs are (draw,
replication) pairs: draw ``d`` runs with ensemble member ``d``'s values in place of the
calibrated ones (:func:`draw_scenario`), and replication ``r`` has the same seed in every
draw, so the draws differ only by their parameters. Without draws nothing changes.

Example:
    >>> from participation_model.scenario import default_scenario
    >>> result = run_scenario(default_scenario().with_overrides(replications=2, scale=0.01))  # doctest: +SKIP
    >>> result.series().groupby("replication").size().tolist()  # doctest: +SKIP
    [144, 144]
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from participation_model.interventions.base import build_interventions
from participation_model.interventions.fields import Context
from participation_model.model.model import ModelConfig, ParticipationModel
from participation_model.model.results import model_tables
from participation_model.model.rules import Rules, load_rules
from participation_model.params import ParameterSet, load_parameters
from participation_model.region import RegionData, load_region
from participation_model.scenario import Scenario


@dataclass(frozen=True)
class ProgressEvent:
    """Reported after every simulated month."""

    replication: int
    replications: int
    month_index: int
    months: int


@dataclass(frozen=True)
class ReplicationResult:
    replication: int
    seed: int
    seconds: float
    series: pd.DataFrame
    groups: pd.DataFrame
    sectors: pd.DataFrame
    interventions: pd.DataFrame  # long: month, intervention, type, measure, value (empty without interventions)
    draw: int | None = None  # the ensemble member the replication ran with, or None without draws


@dataclass(frozen=True)
class RunResult:
    scenario: Scenario
    replications: list[ReplicationResult]
    region: RegionData
    parameters: ParameterSet
    rules: Rules
    seconds: float

    def _concat(self, attr: str) -> pd.DataFrame:
        """The replications' tables one under the other, led by ``replication`` (and ``draw``, with draws)."""
        keys = ["draw", "replication"] if self.scenario.parameter_draws else ["replication"]
        frames = [getattr(r, attr).assign(**{k: getattr(r, k) for k in keys}) for r in self.replications]
        df = pd.concat(frames, ignore_index=True)
        return df[keys + [c for c in df.columns if c not in keys]]

    def series(self) -> pd.DataFrame:
        """Monthly series of all replications, leading column ``replication``."""
        return self._concat("series")

    def groups(self) -> pd.DataFrame:
        return self._concat("groups")

    def sectors(self) -> pd.DataFrame:
        return self._concat("sectors")

    def interventions(self) -> pd.DataFrame:
        """Monthly intervention reports of all replications (empty when there are none)."""
        return self._concat("interventions")

    @property
    def seeds(self) -> list[int]:
        return [r.seed for r in self.replications]


def replication_seed(seed: int, replication: int) -> int:
    """Seed of replication ``r``: a hash of (scenario seed, r), the same in every scenario.

    Example:
        >>> replication_seed(1, 0) == replication_seed(1, 0) != replication_seed(1, 1)
        True
    """
    return int(np.random.SeedSequence([int(seed), int(replication)]).generate_state(1, np.uint32)[0])


def model_config(scenario: Scenario, replication: int = 0) -> ModelConfig:
    """The immutable configuration of one replication of a scenario."""
    region = load_region(scenario.region_path)
    params = load_parameters(scenario.parameters_file)
    if scenario.calibration_values:
        params = params.with_overrides(dict(scenario.calibration_values))
    if scenario.parameters:
        params = params.with_overrides(dict(scenario.parameters))
    economy = scenario.economy
    start = scenario.warm_up_from or scenario.start
    context = Context.of_region(region, start, scenario.end)
    return ModelConfig(
        region=region,
        params=params,
        rules=load_rules(),
        start=start,
        end=scenario.end,
        report_from=scenario.start if scenario.warm_up_from else None,
        seed=replication_seed(scenario.seed, replication),
        scale=scenario.scale,
        drivers=economy.driver_path(),
        sector_trend=dict(economy.sector_trend) or None,
        # the plug-ins are built here, through the registry; the model only starts them
        interventions=tuple(build_interventions([(spec.type, spec.options) for spec in scenario.interventions], context)),
    )


def draw_scenario(scenario: Scenario, draw: int) -> Scenario:
    """The scenario as draw ``draw`` runs it: ensemble member ``draw``'s values in place of the calibrated ones.

    The scenario's own ``[parameters]`` still apply on top (they are set by hand, so they win
    over the calibration and over its ensemble alike).

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> s = scenario_from_dict({"name": "x"}).model_copy(update={"parameter_draws": 1, "ensemble_draws": ({"matching.efficiency": 1.1},)})
        >>> dict(draw_scenario(s, 0).calibration_values)
        {'matching.efficiency': 1.1}
    """
    if not 0 <= draw < scenario.parameter_draws:
        raise ValueError(f"draw {draw} of {scenario.name!r}: allowed 0 to {scenario.parameter_draws - 1} (its parameter_draws)")
    return scenario.model_copy(update={"calibration_values": scenario.ensemble_draws[draw]})


def runs(scenario: Scenario) -> list[tuple[int | None, int]]:
    """The (draw, replication) pairs of a scenario, draw by draw; the draw is None without draws.

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> runs(scenario_from_dict({"name": "x", "replications": 2}))
        [(None, 0), (None, 1)]
    """
    draws = range(scenario.parameter_draws) if scenario.parameter_draws else [None]
    return [(d, r) for d in draws for r in range(scenario.replications)]


def run_replication(
    scenario: Scenario, replication: int, progress: Callable[[ProgressEvent], None] | None = None, *, draw: int | None = None
) -> ReplicationResult:
    """Run one replication (of draw ``draw``, with draws) to the end and return its tables."""
    config = model_config(draw_scenario(scenario, draw) if draw is not None else scenario, replication)
    started = time.perf_counter()
    model = ParticipationModel(config)
    while model.running:
        model.step()
        if progress is not None:
            progress(ProgressEvent(replication, scenario.replications, model.t, model.months))
    tables = model_tables(model)
    return ReplicationResult(replication, config.seed, time.perf_counter() - started, **tables, draw=draw)


def run_scenario(scenario: Scenario, *, progress: Callable[[ProgressEvent], None] | None = None) -> RunResult:
    """Run all (draw, replication) pairs of a scenario in this process, in order.

    ``progress`` counts runs: with draws, run ``k`` of ``draws x replications``.
    """
    started = time.perf_counter()
    pairs = runs(scenario)
    results = []
    for k, (d, r) in enumerate(pairs):
        counted = None if progress is None else (lambda e, k=k: progress(ProgressEvent(k, len(pairs), e.month_index, e.months)))
        results.append(run_replication(scenario, r, counted, draw=d))
    config = model_config(scenario, 0)
    return RunResult(scenario, results, config.region, config.params, config.rules, time.perf_counter() - started)
