"""``van_werkloosheid_naar_werk``: placement support for the unemployed (sectorplan tranche 3).

Mechanism: for the months of the trajectory the participant searches harder (job coaching,
vacancy matching) and employers see them a little more favourably (the mediator's
introduction); distance to the labour market falls a little at the start. Evaluations of
job-search assistance find effects that are quick and small (Card, Kluve & Weber 2010;
Heyma & Van der Heul, ESB 2015), which is what these defaults are meant to give.

Example block::

    [[interventions]]
    type = "van_werkloosheid_naar_werk"
    start = "2015-01"
    end = "2016-12"
    places_per_year = 300
    cost_per_participant = 7000      # EUR per trajectory to new work (SEO quickscan 4, 2016)
    funding = { rijk_szw = 0.5, sector = 0.5 }
    [interventions.eligibility]
    status = ["unemployed"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import Programme
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import FieldSpec

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("van_werkloosheid_naar_werk")
class VanWerkloosheidNaarWerk(Programme):
    type_name = "van_werkloosheid_naar_werk"
    summary = "job-search support (coaching and mediation) for the unemployed"
    fields = Programme.fields + (
        FieldSpec("search_factor", "float", default=from_file("van_werkloosheid_naar_werk.search_factor"), min=0.0, max=5.0, help="search intensity multiplier while in the trajectory"),
        FieldSpec("hire_bonus", "float", default=from_file("van_werkloosheid_naar_werk.hire_bonus"), min=-2.0, max=3.0, help="log employer-preference bonus while in the trajectory"),
        FieldSpec("distance_reduction", "float", default=from_file("van_werkloosheid_naar_werk.distance_reduction"), min=0.0, max=1.0, help="fall in distance to the labour market at the start"),
    )

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        from participation_model.model.codes import Status

        return model.persons.status[uids] == Status.UNEMPLOYED

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        p = model.persons
        p.distance[uids] = np.maximum(p.distance[uids] - np.float32(self.values["distance_reduction"]), 0)
