"""``leerwerkplekken``: BBL work-study places for young people with employers of target sectors.

Mechanism: participants (typically unemployed young people with little or middle education)
look for a work-study place (beroepsbegeleidende leerweg, BBL) for ``search_months``; those
outside the labour force register as job seekers when they enrol. A place is a job like any
other: it is found through matching, never created by the instrument. For employer groups of
the ``target_sectors`` at ``location`` a participant is a cheaper hire, because the place comes
with a wage-cost subsidy of ``wage_subsidy`` (the praktijkleren subsidy and the sectorplan's
grant). That works only through the labour-demand response
(``participation_model.interventions.subsidy``): those employers prefer the participant by
``matching.subsidy_preference x wage_subsidy`` in log weight (``employer_hire_bonus``), and
each place held raises its group's target demand by ``|demand.wage_elasticity| x wage_subsidy``
while it runs. So with an elasticity of 0 the places add no jobs: every place is a vacancy the
group had posted anyway, filled by a participant instead of someone else. No share of the
places is assumed to be "additional".

A participant hired by a target-sector employer enters the place: employed while they train,
on a temporary contract, for ``duration_months``; the place is protected (no involuntary
separation, no on-the-job search). On completion the participant is trained for the sector
(the same lasting advantage with its employers as a completed course), a little closer to the
labour market, and stays with the employer under a job guarantee of ``job_guarantee_months``.
A participant hired elsewhere is an ordinary placement; one who stops searching drops out; one
not hired within the search period leaves (``expired``). When the place ends, the subsidy ends
with it: a graduate who stays on is regular staff.

The regional sectorplan "Groningen op voorsprong" funded 475 extra BBL places for young people
(lerenenwerken.nl; provincie Groningen).

Example block::

    [[interventions]]
    type = "leerwerkplekken"
    start = "2015-01"
    end = "2016-12"
    target_sectors = ["bouw", "industrie", "zorg"]
    places_per_year = 240
    cost_per_month = 250             # EUR per place-month, the sectorplan's grant (ASSUMPTION)
    funding = { rijk_szw = 0.5, sector = 0.5 }
    [interventions.eligibility]
    status = ["unemployed", "discouraged"]
    age_min = 15
    age_max = 26
    education = ["low", "mid"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import (
    COMMON_FIELDS,
    PROGRAMME_FIELDS,
    REPORT_FIELDS,
    Programme,
    with_defaults,
)
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import FieldSpec, employer_choices
from participation_model.measure_catalogue import to_real
from participation_model.model.employers import market_index
from participation_model.model.codes import Contract, Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("leerwerkplekken")
class Leerwerkplekken(Programme):
    type_name = "leerwerkplekken"
    summary = "BBL work-study places with employers of target sectors, found through matching"
    protects_jobs = True
    employer_specific_bonus = True  # only target-sector employers get the place's subsidy
    hire_bonus_for_all_employers = False
    subsidy_on_hire = False  # the place itself is the subsidised job, for its own duration
    report_fields = REPORT_FIELDS + ("entered_place", "in_place", "expired")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("subsidy_months",),
        duration_months=(from_file("leerwerkplekken.duration_months"), "months in the work-study place"),
        wage_subsidy=(from_file("leerwerkplekken.wage_subsidy"), "share of the place's wage cost the employer does not pay while the place runs"),
    ) + (
        FieldSpec("target_sectors", "list", required=True, choices=lambda ctx: ctx.sectors, help="sectors whose employers offer the places"),
        FieldSpec("location", "choice", default="inside", choices=employer_choices, help="location of the employers offering the places"),
        FieldSpec("search_months", "int", default=from_file("leerwerkplekken.search_months"), min=1, max=24, help="months a participant looks for a place before leaving the programme"),
        FieldSpec("job_guarantee_months", "int", default=from_file("leerwerkplekken.job_guarantee_months"), min=0, max=60, help="months after completion in which the employer does not dismiss the graduate"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.markets = np.array([market_index(model.region, s, self.values["location"]) for s in self.values["target_sectors"]], dtype=np.int64)
        self.holders = np.empty(0, dtype=np.int64)  # participants in a place (the others search for one)
        self.entered = np.empty(0, dtype=np.int64)
        self.entered_month = -1

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        status = p.status[uids]
        return (status != Status.EMPLOYED) & (status != Status.RETIRED) & ~p.student[uids] & ~p.pensioner[uids]

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """New participants look for a place: those outside the labour force register as job seekers.

        Example: a discouraged 19-year-old referred in March searches from April on, for
        ``search_months``; the place, if any, comes from a hire in the matching phase.
        """
        p = model.persons
        outside = uids[p.status[uids] != Status.UNEMPLOYED]
        model.set_status(outside, Status.UNEMPLOYED)
        model.events["programme_activation"].append(outside)
        p.programme_left[uids] = self.values["search_months"]

    def employer_hire_bonus(self, model: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
        """Phase 6: employers of the target groups prefer the cheaper hire, by the subsidy's preference.

        Example: with ``wage_subsidy`` 0.3 and ``matching.subsidy_preference`` 1.0 a participant
        applying to bouw inside the region weighs exp(0.3) = 1.35 times an equal applicant;
        applying to handel, the same as anyone.
        """
        bonus = model.params["matching.subsidy_preference"] * self.values["wage_subsidy"]
        return np.where(np.isin(market, self.markets), bonus, 0.0)

    # ---------------------------------------------------------------- lifecycle
    def apply(self, model: ParticipationModel) -> None:
        """The common steps, but ``cost_per_month`` is paid for months in a place only; holders do not search."""
        if model.t < self.start_t:
            return
        participants = self.participants(model)
        self.charge(model, self.holders, self.values["cost_per_month"])
        self.subsidies.month(model)
        self._progress(model, participants)
        if model.t <= self.end_t:
            self._enrol(model)
        self.count_in_programme(model, self.participants(model))
        self.reports.add(model.t, "in_place", to_real(len(self.holders), model.scale))
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = ojs[~np.isin(ojs, self.holders)]

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Holders who left their place and searchers who stopped searching drop out; searches may run out."""
        p = model.persons
        holding = np.isin(uids, self.holders)
        left_place = holding & (p.status[uids] != Status.EMPLOYED)
        stopped = ~holding & (p.status[uids] != Status.UNEMPLOYED)
        self.dropout(model, uids[left_place | stopped])
        self.expire(model, uids[~holding & ~stopped])

    def record_month(self, model: ParticipationModel) -> None:
        """Participants hired this month by a target-sector employer enter a place; other hires are placements."""
        if model.t < self.start_t:
            return
        p = model.persons
        hired = model.events_of("job_finding")
        mine = hired[(p.programme[hired] == self.index) & ~np.isin(hired, self.holders)]
        self._enter(model, mine[np.isin(p.market[mine], self.markets)])
        super().record_month(model)

    def _enter(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Start the place of participants just hired into it: temporary, protected, subsidised for its duration."""
        p = model.persons
        months = self.values["duration_months"]
        p.contract[uids] = Contract.TEMPORARY
        p.protected_until[uids] = model.t + months
        p.programme_left[uids] = months
        self.subsidies.start(model, uids, months)
        self.holders = np.concatenate([self.holders, uids])
        self.reports.add(model.t, "entered_place", to_real(len(uids), model.scale))
        self.entered = np.concatenate([self.entered, uids]) if self.entered_month == model.t else uids.copy()
        self.entered_month = model.t

    def on_complete(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Trained for the sector; they stay with the employer under the job guarantee (a placement)."""
        p = model.persons
        p.trained_sector[uids] = p.sector[uids]
        p.trained_at[uids] = model.t  # the advantage fades from now (model/training.py)
        p.distance[uids] = np.maximum(p.distance[uids] - np.float32(model.params["programmes.completion_distance_reduction"]), 0)
        p.protected_until[uids] = model.t + self.values["job_guarantee_months"]
        self.count_hired(model, uids)
        model.events["programme_placement"].append(uids)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The subsidy ends with the place."""
        self.subsidies.stop(model, uids)
        self.holders = self.holders[~np.isin(self.holders, uids)]
        super().leave(model, uids)

    def describe(self) -> str:
        where = f" in {', '.join(self.values['target_sectors'])} ({self.values['location']}, {self.values['duration_months']} months)"
        return super().describe().replace("; eligible:", where + "; eligible:", 1)

    def placement_hires(self, model: ParticipationModel) -> np.ndarray:
        """Entries into a place are not placements."""
        hired = super().placement_hires(model)
        if self.entered_month == model.t:
            hired = hired[~np.isin(hired, self.entered)]
        return hired
