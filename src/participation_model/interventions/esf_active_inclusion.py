"""``esf_active_inclusion``: ESF trajectories for people at a distance from the labour market.

For bijstand recipients, discouraged non-participants and people on a disability benefit:
coaching and training bring participants closer to the labour market month by month; those
outside the labour force are activated into job search with a monthly probability; while in
the trajectory they search harder and, with job coaching and placement grants, employers are
more willing to hire them. Effects are larger for people far from work, where wage-cost
subsidies and coaching also work (CPB Kansrijk arbeidsmarktbeleid 2016).

Self-employment is bounded: a person the trajectory brought into job search (outside the
labour force at the month of activation) starts a business at ``self_employment_entry_rate`` a
month for the rest of that search spell, at most ``self_employment_cap`` times the regular rate
of job seekers (``search.self_employment_entry_rate``); participants who were already job
seekers keep the regular rate, as their baseline selves do. People far from work rarely start a
business, and without the bound the activated participants would do so as often as any job
seeker, a gain no employer's demand limits.

Optional wage-cost subsidy: ESF trajectories often came with a placement grant or a
loonkostensubsidie. ``wage_subsidy`` (default 0: none) subsidises the jobs participants are
hired into during the trajectory for ``subsidy_months``, paid by the programme and working only
through the labour-demand response (``participation_model.interventions.subsidy``).

Example block::

    [[interventions]]
    type = "esf_active_inclusion"
    start = "2015-07"
    end = "2019-12"
    places_per_year = 250
    cost_per_participant = 4000
    wage_subsidy = 0.0               # optional: a wage-cost subsidy on participants' hires
    funding = { esf = 0.5, gemeente = 0.5 }
    [interventions.eligibility]
    benefit = ["bijstand"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import COMMON_FIELDS, PROGRAMME_FIELDS, Programme, with_defaults
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import FieldSpec
from participation_model.model.codes import Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("esf_active_inclusion")
class EsfActiveInclusion(Programme):
    type_name = "esf_active_inclusion"
    summary = "coaching, training, job coaching and placement grants for people far from work"
    bounds_self_employment = True
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        wage_subsidy=(from_file("esf_active_inclusion.wage_subsidy"), "share of the wage cost paid for participants hired during the trajectory (0: none), for subsidy_months; works through the labour-demand response"),
    ) + (
        FieldSpec("activation_rate", "float", default=from_file("esf_active_inclusion.activation_rate"), min=0.0, max=1.0, help="monthly probability that a participant outside the labour force starts searching"),
        FieldSpec("distance_reduction_per_month", "float", default=from_file("esf_active_inclusion.distance_reduction_per_month"), min=0.0, max=1.0, help="monthly fall in distance to the labour market while in the trajectory"),
        FieldSpec("search_factor", "float", default=from_file("esf_active_inclusion.search_factor"), min=0.0, max=5.0, help="search intensity multiplier while in the trajectory"),
        FieldSpec("hire_bonus", "float", default=from_file("esf_active_inclusion.hire_bonus"), min=-2.0, max=3.0, help="log employer-preference bonus from job coaching and placement grants"),
        FieldSpec("self_employment_entry_rate", "float", default=from_file("esf_active_inclusion.self_employment_entry_rate"), min=0.0, max=0.1, help="monthly probability that a person the trajectory activated starts a business, for the rest of that search spell"),
        FieldSpec("self_employment_cap", "float", default=from_file("esf_active_inclusion.self_employment_cap"), min=0.0, max=1.0, help="most the activated persons' self-employment entry rate may be, as a multiple of the regular rate search.self_employment_entry_rate"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.activated = np.empty(0, dtype=np.int64)  # brought into job search by the trajectory, still searching
        self.bounded_rate = bounded_rate(self.values["self_employment_entry_rate"], self.values["self_employment_cap"], model.params["search.self_employment_entry_rate"])

    def self_employment_rate(self, model: ParticipationModel, uids: np.ndarray, rate: np.ndarray) -> np.ndarray:
        """Phase 5: the bounded rate for the activated persons still in their search spell."""
        p = model.persons
        self.activated = self.activated[(p.status[self.activated] == Status.UNEMPLOYED) & p.alive[self.activated]]
        return np.where(np.isin(uids, self.activated), np.minimum(rate, self.bounded_rate), rate)

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
        self.activated = np.concatenate([self.activated, activated])


def bounded_rate(rate: float, cap: float, regular: float) -> float:
    """The activated persons' monthly self-employment entry rate: ``rate``, at most ``cap`` x the regular rate.

    Example:
        >>> bounded_rate(0.002, 1.0, 0.0148)
        0.002
        >>> bounded_rate(0.05, 0.5, 0.0148)
        0.0074
    """
    return float(min(rate, cap * regular))
