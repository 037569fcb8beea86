"""``esf_active_inclusion``: ESF trajectories for people at a distance from the labour market.

For bijstand recipients, discouraged non-participants and people on a disability benefit:
coaching and training bring participants closer to the labour market month by month; those
outside the labour force are activated into job search with a monthly probability; while in
the trajectory they search harder and, with job coaching and placement grants, employers are
more willing to hire them. Effects are larger for people far from work, where wage-cost
subsidies and coaching also work (CPB Kansrijk arbeidsmarktbeleid 2016).

Example block::

    [[interventions]]
    type = "esf_active_inclusion"
    start = "2015-07"
    end = "2019-12"
    places_per_year = 250
    cost_per_participant = 4000
    funding = { esf = 0.5, gemeente = 0.5 }
    [interventions.eligibility]
    benefit = ["bijstand"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import Programme
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import FieldSpec
from participation_model.model.codes import Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("esf_active_inclusion")
class EsfActiveInclusion(Programme):
    type_name = "esf_active_inclusion"
    summary = "coaching, training, job coaching and placement grants for people far from work"
    fields = Programme.fields + (
        FieldSpec("activation_rate", "float", default=from_file("esf_active_inclusion.activation_rate"), min=0.0, max=1.0, help="monthly probability that a participant outside the labour force starts searching"),
        FieldSpec("distance_reduction_per_month", "float", default=from_file("esf_active_inclusion.distance_reduction_per_month"), min=0.0, max=1.0, help="monthly fall in distance to the labour market while in the trajectory"),
        FieldSpec("search_factor", "float", default=from_file("esf_active_inclusion.search_factor"), min=0.0, max=5.0, help="search intensity multiplier while in the trajectory"),
        FieldSpec("hire_bonus", "float", default=from_file("esf_active_inclusion.hire_bonus"), min=-2.0, max=3.0, help="log employer-preference bonus from job coaching and placement grants"),
    )

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        return (p.status[uids] != Status.EMPLOYED) & ~p.pensioner[uids] & ~p.student[uids]

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        p = model.persons
        p.distance[uids] = np.maximum(p.distance[uids] - np.float32(self.values["distance_reduction_per_month"]), 0)
        outside = uids[(p.status[uids] > Status.UNEMPLOYED) & (p.status[uids] != Status.RETIRED)]
        activated = outside[model.draw(f"activation:{self.name}", outside) < self.values["activation_rate"]]
        model.set_status(activated, Status.UNEMPLOYED)
        model.events["programme_activation"].append(activated)
