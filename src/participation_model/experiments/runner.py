"""Run a scenario's replications and collect their tables.

Each replication gets its own immutable :class:`~participation_model.model.model.ModelConfig`
and a seed derived from the scenario seed and the replication index, so replication ``r`` of
a baseline and of a scenario with the same seed are paired (common random numbers).

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


@dataclass(frozen=True)
class RunResult:
    scenario: Scenario
    replications: list[ReplicationResult]
    region: RegionData
    parameters: ParameterSet
    rules: Rules
    seconds: float

    def _concat(self, attr: str) -> pd.DataFrame:
        frames = [getattr(r, attr).assign(replication=r.replication) for r in self.replications]
        df = pd.concat(frames, ignore_index=True)
        return df[["replication"] + [c for c in df.columns if c != "replication"]]

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


def run_replication(
    scenario: Scenario, replication: int, progress: Callable[[ProgressEvent], None] | None = None
) -> ReplicationResult:
    """Run one replication to the end and return its tables."""
    config = model_config(scenario, replication)
    started = time.perf_counter()
    model = ParticipationModel(config)
    while model.running:
        model.step()
        if progress is not None:
            progress(ProgressEvent(replication, scenario.replications, model.t, model.months))
    tables = model_tables(model)
    return ReplicationResult(replication, config.seed, time.perf_counter() - started, **tables)


def run_scenario(scenario: Scenario, *, progress: Callable[[ProgressEvent], None] | None = None) -> RunResult:
    """Run all replications of a scenario in this process, in order."""
    started = time.perf_counter()
    results = [run_replication(scenario, r, progress) for r in range(scenario.replications)]
    config = model_config(scenario, 0)
    return RunResult(scenario, results, config.region, config.params, config.rules, time.perf_counter() - started)
