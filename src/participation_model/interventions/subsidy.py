"""Wage-cost subsidies on jobs: who holds one, for how long, and what it costs.

A wage-cost subsidy of share ``s`` lowers what an employer pays for one worker by ``s`` of the
wage cost. The model turns that into behaviour in two places, never into a fixed share of
"additional" jobs:

- demand: the employer group's target demand rises by ``|demand.wage_elasticity| x s`` per
  subsidised job (phase 3, from the person column ``subsidy``), so a subsidy creates some jobs
  and the rest of the subsidised hires take jobs that existed anyway;
- choice: an applicant who brings a subsidy is preferred by ``matching.subsidy_preference x s``
  in log weight (phase 6, ``model.programme_wage_subsidy``), so they are hired instead of
  someone else where the queue is long (substitution) and into a vacancy that would have stayed
  open where it is short.

How much of the subsidised employment is additional therefore depends on the market: the ESB
finding that 75-80% of subsidised places would have been filled anyway (Welters & Muysken
2004) is a check on the mechanism, not a parameter.

:class:`SubsidisedJobs` keeps the subsidised jobs of one intervention: it sets and clears the
``subsidy`` column, counts the months, and books the cost when the intervention pays for it
(``wage_subsidy x costs.monthly_wage_cost`` a month).

Example:
    >>> jobs = SubsidisedJobs(share=0.5, months=12)
    >>> jobs.monthly_cost(3000.0)
    1500.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import FieldSpec
from participation_model.model.codes import Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel

SUBSIDY_FIELDS = (
    FieldSpec(
        "wage_subsidy", "float", default=from_file("programme.wage_subsidy"), min=0.0, max=0.9,
        help="share of the wage cost paid for participants hired during the programme (0: none); raises the employer's demand and preference through the labour-demand response (demand.wage_elasticity, matching.subsidy_preference)",
    ),
    FieldSpec("subsidy_months", "int", default=from_file("programme.subsidy_months"), min=1, max=60, help="months a subsidised hire's wage cost is subsidised"),
)


class SubsidisedJobs:
    """The subsidised jobs of one intervention (persons, months left), and their monthly cost."""

    def __init__(self, share: float, months: int) -> None:
        self.share, self.months = float(share), int(months)
        self.uids = np.empty(0, dtype=np.int64)
        self.left = np.empty(0, dtype=np.int64)

    def monthly_cost(self, wage_cost: float) -> float:
        """EUR a subsidised job costs the intervention per month."""
        return self.share * wage_cost

    def start(self, model: ParticipationModel, uids: np.ndarray, months: int | None = None) -> None:
        """Subsidise the current jobs of ``uids`` from now on, for ``months`` (default: the intervention's)."""
        if not len(uids) or self.share <= 0:
            return
        model.persons.subsidy[uids] = np.float32(self.share)
        self.uids = np.concatenate([self.uids, uids])
        self.left = np.concatenate([self.left, np.full(len(uids), self.months if months is None else months, dtype=np.int64)])

    def month(self, model: ParticipationModel) -> tuple[np.ndarray, np.ndarray]:
        """Count one month: the jobs subsidised this month, and the persons whose subsidies all ended.

        A job ends early when the person left it (``leave_job`` cleared the ``subsidy`` column,
        or they are no longer employed); at the end of its months the subsidy stops. A person
        counts as ended only when no subsidy of theirs is left (their commitment can go back).
        """
        p = model.persons
        held = (p.subsidy[self.uids] > 0) & (p.status[self.uids] == Status.EMPLOYED) & p.alive[self.uids]
        lost = self.uids[~held]
        self.uids, self.left = self.uids[held], self.left[held]
        current = self.uids.copy()
        self.left -= 1
        done = self.left <= 0
        p.subsidy[self.uids[done]] = 0.0
        ended = np.concatenate([lost, self.uids[done]])
        self.uids, self.left = self.uids[~done], self.left[~done]
        return current, np.setdiff1d(ended, self.uids)

    def stop(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """End the subsidy of ``uids`` now (e.g. a seconded worker who returns)."""
        mine = np.isin(self.uids, uids)
        model.persons.subsidy[self.uids[mine]] = 0.0
        self.uids, self.left = self.uids[~mine], self.left[~mine]
