"""``sectorplan_retraining``: co-financed retraining towards promising sectors ("kansrijke beroepen").

Participants (the unemployed, or workers at risk in declining sectors) follow a course of the
training providers aimed at one of the target sectors, with that course's duration, completion
and dropout by education. While in training they search less (lock-in); on completion they are
skilled for the target sector, which raises their chances with its employers for good, and they
are a little closer to the labour market. The evaluation literature's time profile follows:
about zero or negative effects while in training, positive effects that grow afterwards (Card,
Kluve & Weber 2010, 2018; CPB Kansrijk arbeidsmarktbeleid 2016).

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
from participation_model.measure_catalogue import to_real

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
        weights = courses.seats[self.course_ids].astype(float)
        self.course_cum = np.cumsum(weights) / weights.sum()
        self.longest_stay = int(courses.duration[self.course_ids].max()) + 1  # the month after the course
        super().initialize(model)

    def max_stay_months(self) -> int:
        """A participant stays for their course and the month after it, whatever ``duration_months`` says."""
        return self.longest_stay

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Start a course now: the programme buys the seats, the provider runs the course."""
        p, courses = model.persons, model.courses
        pick = np.searchsorted(self.course_cum, model.draw(f"course_choice:{self.name}", uids), side="right")
        course = self.course_ids[np.clip(pick, 0, len(self.course_ids) - 1)]
        model.end_course(uids[p.course[uids] >= 0])
        model.start_course(uids, course)
        p.programme_left[uids] = courses.duration[course] + 1  # ends the month after the course (max_stay_months)

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants whose course ended: completed, or dropped out."""
        p = model.persons
        ended = uids[p.course[uids] < 0]
        completed = ended[p.course_result[ended] == 1]
        self.reports.add(model.t, "completed", to_real(len(completed), model.scale))
        self.leave(model, completed)
        self.dropout(model, ended[p.course_result[ended] == 2])
