"""Tracked and paired runs: who is employed in every month, for person-by-person comparisons.

Because every random draw is a person's own (common random numbers), replication ``r`` of the
baseline and of a scenario are identical until the first intervention starts and differ
afterwards only through it. Keeping, per month, who is employed in each run makes effects
measurable person by person: what participants gained against their own baseline selves, and
what non-participants lost (displacement).

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> base = scenario_from_dict({"name": "b", "end": "2014-03", "scale": 0.01, "replications": 1})
    >>> pair = run_pair(base, base, 0)
    >>> pair.employed_baseline.shape == pair.employed_scenario.shape, bool((pair.employed_baseline == pair.employed_scenario).all())
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from participation_model.experiments.runner import model_config
from participation_model.model.codes import Status
from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables
from participation_model.scenario import Scenario


@dataclass(frozen=True)
class Enrolments:
    """Every enrolment of one programme in a run: month, person, and who they were."""

    name: str
    type: str
    month: np.ndarray
    uid: np.ndarray
    profile: dict[str, np.ndarray]
    duration_months: int
    follow_up_months: int


@dataclass(frozen=True)
class TrackedRun:
    """One replication with its tables and the person-by-month employment array."""

    employed: np.ndarray  # (months, persons) bool; rows beyond a person's lifetime are False
    tables: dict[str, pd.DataFrame]
    enrolments: list[Enrolments]
    scale: float
    seed: int


def run_tracked(scenario: Scenario, replication: int, on_month: Callable[[int, int], None] | None = None) -> TrackedRun:
    """Run one replication, keeping who is employed each month."""
    config = model_config(scenario, replication)
    model = ParticipationModel(config)
    rows = []
    while model.running:
        model.step()
        p = model.persons
        rows.append((p.status[: p.n] == Status.EMPLOYED) & p.alive[: p.n])
        if on_month is not None:
            on_month(model.t, model.months)
    employed = np.zeros((len(rows), len(rows[-1])), dtype=bool)
    for t, row in enumerate(rows):
        employed[t, : len(row)] = row
    return TrackedRun(employed, model_tables(model), _enrolments(model), model.scale, config.seed)


def _enrolments(model: ParticipationModel) -> list[Enrolments]:
    out = []
    for iv in model.interventions:
        found = getattr(iv, "enrolments", None)
        if found is None:
            continue
        months = np.concatenate([np.full(len(u), t) for t, u in found]) if found else np.empty(0, dtype=np.int64)
        uids = np.concatenate([u for _, u in found]) if found else np.empty(0, dtype=np.int64)
        keys = ("age", "education", "sex", "gemeente", "status", "benefit", "long_term")
        profile = {k: np.concatenate([pr[k] for pr in iv.profiles]) if iv.profiles else np.empty(0) for k in keys}
        out.append(Enrolments(iv.name, iv.type_name, months, uids, profile, iv.values["duration_months"], iv.values["follow_up_months"]))
    return out


def align(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pad two employment arrays to the same number of person columns."""
    n = max(a.shape[1], b.shape[1])
    pad = lambda x: np.pad(x, ((0, 0), (0, n - x.shape[1])))  # noqa: E731
    return pad(a), pad(b)


@dataclass(frozen=True)
class PairedRun:
    """Person-by-month employment in both runs, and who enrolled in which programme when."""

    employed_baseline: np.ndarray
    employed_scenario: np.ndarray
    enrol_uid: np.ndarray
    enrol_month: np.ndarray
    enrol_programme: np.ndarray
    scale: float
    programme_names: tuple[str, ...]


def run_pair(baseline: Scenario, scenario: Scenario, replication: int) -> PairedRun:
    """Run replication ``replication`` of a baseline and a scenario with the same seed."""
    check_pairable(baseline, scenario)
    b = run_tracked(baseline, replication)
    s = run_tracked(scenario, replication)
    emp_b, emp_s = align(b.employed, s.employed)
    e = s.enrolments
    uid = np.concatenate([x.uid for x in e]) if e else np.empty(0, dtype=np.int64)
    month = np.concatenate([x.month for x in e]) if e else np.empty(0, dtype=np.int64)
    programme = np.concatenate([np.full(len(x.uid), k) for k, x in enumerate(e)]) if e else np.empty(0, dtype=np.int64)
    return PairedRun(emp_b, emp_s, uid, month, programme, s.scale, tuple(x.name for x in e))


def check_pairable(baseline: Scenario, scenario: Scenario) -> None:
    """Paired runs need the same seed, scale, region, period, calibration and parameter draws."""
    for key in ("seed", "scale", "warm_up_from", "start", "end", "region_path", "calibration_values", "parameter_draws", "ensemble_draws"):
        if getattr(baseline, key) != getattr(scenario, key):
            raise ValueError(
                f"paired runs need the same seed, scale, region, warm-up, start, end, calibration and parameter draws; {key} differs: "
                f"{getattr(baseline, key)!r} in {baseline.name!r} vs {getattr(scenario, key)!r} in {scenario.name!r}"
            )
