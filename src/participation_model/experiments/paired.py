"""Paired runs: a baseline and a scenario with the same seed, stepped side by side.

Because every random draw is a person's own (common random numbers), replication ``r`` of the
baseline and of a scenario are identical until the first intervention starts and differ
afterwards only through it. Stepping them side by side and keeping, per month, who is
employed in each run makes effects measurable person by person: what participants gained
against their own baseline selves, and what non-participants lost (displacement).

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> base = scenario_from_dict({"name": "b", "end": "2014-03", "scale": 0.01, "replications": 1})
    >>> pair = run_pair(base, base, 0)
    >>> pair.employed_baseline.shape == pair.employed_scenario.shape, bool((pair.employed_baseline == pair.employed_scenario).all())
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from participation_model.experiments.runner import model_config
from participation_model.model.codes import Status
from participation_model.model.model import ParticipationModel
from participation_model.scenario import Scenario


@dataclass(frozen=True)
class PairedRun:
    """Person-by-month employment in both runs, and who enrolled in which programme when.

    Attributes:
        employed_baseline, employed_scenario: bool arrays (months, persons); rows of persons
            not yet born into the population are False.
        enrol_uid, enrol_month, enrol_programme: one entry per enrolment in the scenario.
        scale: persons per resident (to turn counts into persons of the real population).
        programme_names: names of the scenario's interventions, by programme index.
    """

    employed_baseline: np.ndarray
    employed_scenario: np.ndarray
    enrol_uid: np.ndarray
    enrol_month: np.ndarray
    enrol_programme: np.ndarray
    scale: float
    programme_names: tuple[str, ...]


def run_pair(baseline: Scenario, scenario: Scenario, replication: int) -> PairedRun:
    """Run replication ``replication`` of both scenarios in lockstep."""
    if baseline.seed != scenario.seed or baseline.scale != scenario.scale or baseline.start != scenario.start:
        raise ValueError("paired runs need the same seed, scale and start month in baseline and scenario")
    mb = ParticipationModel(model_config(baseline, replication))
    ms = ParticipationModel(model_config(scenario, replication))
    rows_b, rows_s = [], []
    while mb.running and ms.running:
        mb.step()
        ms.step()
        rows_b.append(_employed(mb))
        rows_s.append(_employed(ms))
    n = max(len(rows_s[-1]), len(rows_b[-1]))
    emp_b = np.zeros((len(rows_b), n), dtype=bool)
    emp_s = np.zeros((len(rows_s), n), dtype=bool)
    for t, (rb, rs) in enumerate(zip(rows_b, rows_s)):
        emp_b[t, : len(rb)] = rb
        emp_s[t, : len(rs)] = rs
    parts = [(t, uids, k) for k, iv in enumerate(ms.interventions) for t, uids in getattr(iv, "enrolments", [])]
    uid = np.concatenate([u for _, u, _ in parts]) if parts else np.empty(0, dtype=np.int64)
    month = np.concatenate([np.full(len(u), t) for t, u, _ in parts]) if parts else np.empty(0, dtype=np.int64)
    programme = np.concatenate([np.full(len(u), k) for _, u, k in parts]) if parts else np.empty(0, dtype=np.int64)
    return PairedRun(emp_b, emp_s, uid, month, programme, ms.scale, tuple(iv.name for iv in ms.interventions))


def _employed(m: ParticipationModel) -> np.ndarray:
    p = m.persons
    return (p.status[: p.n] == Status.EMPLOYED) & p.alive[: p.n]
