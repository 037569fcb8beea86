"""``sectorplan_retraining``: co-financed retraining towards promising sectors ("kansrijke beroepen").

Participants (the unemployed, or workers at risk in declining sectors) follow a course of the
training providers aimed at one of the target sectors, with that course's duration, completion
and dropout by education. The programme buys seats in the providers' intakes: a course starts
only in its intake months and never with more persons than its seats per intake (programmes
first, regular enrolment takes what is left, ``Courses.free_seats``); a referred person for
whom no seat is free this month waits on the programme's waiting list for a later intake
(``max_wait_months``) or, without a waiting list, is refused. While in training the unemployed
search less (lock-in). On completion participants are skilled for the target sector, with an
advantage that fades (``training.*`` parameters, model/training.py): employers of the sector
prefer them and count them as qualified, and they are a little closer to the labour market; a
worker employed in the trained sector is laid off less often and shed last ("behoud"), one
employed elsewhere searches on the job more often and moves job to job into the trained
sector more often ("van werk naar werk"). The evaluation literature's time profile follows for
job seekers: about zero or negative effects while in training, positive effects that grow
afterwards (Card, Kluve & Weber 2010, 2018; CPB Kansrijk arbeidsmarktbeleid 2016).

Example block::

    [[interventions]]
    type = "sectorplan_retraining"
    start = "2015-01"
    end = "2016-12"
    target_sectors = ["zorg", "bouw", "industrie"]
    places_per_year = 400
    cost_per_participant = 2700      # EUR per planned participant (SEO quickscan 4, 2016)
    funding = { rijk_szw = 0.4, sector = 0.6 }
    [interventions.eligibility]
    status = ["unemployed"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import Programme
from participation_model.interventions.fields import Context, FieldProblem, FieldSpec

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("sectorplan_retraining")
class SectorplanRetraining(Programme):
    type_name = "sectorplan_retraining"
    summary = "retraining towards promising sectors with the training providers' courses"
    ends_on_work = True
    fields = Programme.fields + (
        FieldSpec("target_sectors", "list", required=True, choices=lambda ctx: ctx.sectors, help="sectors the courses train for"),
    )

    @classmethod
    def check_instrument(cls, values: dict, ctx: Context) -> list[FieldProblem]:
        return []

    def initialize(self, model: ParticipationModel) -> None:
        courses = model.courses
        targets = [model.region.sectors.index(s) for s in self.values["target_sectors"]]
        self.course_ids = np.flatnonzero(np.isin(courses.sector, targets))
        if not len(self.course_ids):
            raise ValueError(
                f"intervention {self.name!r}: no course of the training providers trains for "
                f"{', '.join(self.values['target_sectors'])}; courses exist for "
                f"{', '.join(sorted({model.region.sectors[s] for s in courses.sector}))}"
            )
        self.longest_stay = int(courses.duration[self.course_ids].max()) + 1  # the month after the course
        super().initialize(model)

    def max_stay_months(self) -> int:
        """A participant stays for their course and the month after it, whatever ``duration_months`` says."""
        return self.longest_stay

    def _capacity(self, model: ParticipationModel, wanted: int) -> int:
        """Places, budget, and the seats still free in this month's intakes of the target courses."""
        free = model.courses.free_seats(model.t, model.scale)[self.course_ids]
        return min(super()._capacity(model, wanted), int(free.sum()))

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Start a course now, in a free seat of a target course: the programme buys it, the provider runs the course."""
        p, courses = model.persons, model.courses
        free = courses.free_seats(model.t, model.scale)[self.course_ids]
        course = self.course_ids[assign_seats(free, model.draw(f"course_choice:{self.name}", uids))]
        model.end_course(uids[p.course[uids] >= 0])
        model.start_course(uids, course)
        p.programme_left[uids] = courses.duration[course] + 1  # ends the month after the course (max_stay_months)

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants whose course ended: completed, or dropped out."""
        p = model.persons
        ended = uids[p.course[uids] < 0]
        completed = ended[p.course_result[ended] == 1]
        self.count_completed(model, completed)
        self.leave(model, completed)
        self.dropout(model, ended[p.course_result[ended] == 2])


def assign_seats(free: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Course (index into ``free``) for each person with draw ``u``: in proportion to the free seats, never beyond them.

    Each person picks a course by their own draw, in proportion to its free seats; where more
    pick a course than it has seats, the first in line keep them and the others pick again
    among the courses still free (same draw, new weights). Every round fills at least one
    course, so it ends within ``len(free)`` rounds; the caller admits no more persons than
    ``free.sum()``.

    Example:
        >>> assign_seats(np.array([1, 0, 2]), np.array([0.1, 0.2, 0.9])).tolist()
        [0, 2, 2]
    """
    left = np.asarray(free, dtype=np.int64).copy()
    if len(u) > left.sum():
        raise ValueError(f"{len(u)} persons for {int(left.sum())} free seats")
    course = np.full(len(u), -1, dtype=np.intp)
    waiting = np.arange(len(u))
    while len(waiting):
        cum = np.cumsum(left) / left.sum()
        pick = np.searchsorted(cum, u[waiting], side="right").clip(0, len(left) - 1)
        pick = np.where(left[pick] > 0, pick, np.argmax(left))  # rounding at a zero-width step
        order = np.argsort(pick, kind="stable")
        first = np.searchsorted(pick[order], pick[order], side="left")
        keep = (np.arange(len(order)) - first) < left[pick[order]]
        got = waiting[order[keep]]
        course[got] = pick[order[keep]]
        left -= np.bincount(pick[order[keep]], minlength=len(left))
        waiting = np.sort(waiting[order[~keep]])
    return course
