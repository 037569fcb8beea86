"""``leerwerkplekken``: BBL work-study places for young people with employers of target sectors.

Mechanism: participants (typically unemployed young people with little or middle education)
are hired into a work-study place (beroepsbegeleidende leerweg, BBL) with an employer group of
one of the ``target_sectors`` at ``location`` (default: inside the region): they are employed
while they train, on a temporary contract, for ``duration_months``. The place is protected: the
contract is not ended by the employer and the participant does not search for another job.
On completion the participant is trained for the sector (the same lasting advantage with its
employers as a completed course) and a little closer to the labour market, and stays with the
employer with a job guarantee of ``job_guarantee_months`` (no involuntary separation).

A place is a subsidised job, not an assumed "additional" one: the employer gets a subsidy of
``wage_subsidy`` of the wage cost while the place runs (what the funders pay is
``cost_per_month``). The place is put into one of the target groups that has open vacancies
(in proportion to them) and takes one of them; through the labour-demand response the subsidy
raises the group's target demand by ``|demand.wage_elasticity| x wage_subsidy`` for each place
held (``participation_model.interventions.subsidy``). Whether a place adds a job or takes one a
regular applicant would have filled therefore depends on the market: in a group whose
vacancies stay open for lack of applicants it fills one that would have stayed empty; in a
slack group the vacancy would have gone to someone else, or the place comes on top of a group
already at its target, which then posts fewer vacancies or sheds unprotected staff
(displacement). When the place ends, the subsidy ends with it: a graduate who stays on is
regular staff.

The regional sectorplan "Groningen op voorsprong" funded 475 extra BBL places for young people
(lerenenwerken.nl; provincie Groningen).

Example block::

    [[interventions]]
    type = "leerwerkplekken"
    start = "2015-01"
    end = "2016-12"
    target_sectors = ["bouw", "industrie", "zorg"]
    places_per_year = 240
    cost_per_month = 250             # EUR per participant-month, employer subsidy (ASSUMPTION)
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
    summary = "BBL work-study places with employers of target sectors"
    protects_jobs = True
    subsidy_on_hire = False  # the place itself is the subsidised job
    report_fields = REPORT_FIELDS + ("places_on_open_vacancy",)
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("subsidy_months",),
        duration_months=(from_file("leerwerkplekken.duration_months"), "months in the work-study place"),
        wage_subsidy=(from_file("leerwerkplekken.wage_subsidy"), "share of the place's wage cost the employer does not pay while the place runs"),
    ) + (
        FieldSpec("target_sectors", "list", required=True, choices=lambda ctx: ctx.sectors, help="sectors whose employers offer the places"),
        FieldSpec("location", "choice", default="inside", choices=employer_choices, help="location of the employers offering the places"),
        FieldSpec("job_guarantee_months", "int", default=from_file("leerwerkplekken.job_guarantee_months"), min=0, max=60, help="months after completion in which the employer does not dismiss the graduate"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.markets = np.array([market_index(model.region, s, self.values["location"]) for s in self.values["target_sectors"]], dtype=np.int64)
        self.entered = np.empty(0, dtype=np.int64)
        self.entered_month = -1

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        status = p.status[uids]
        return (status != Status.EMPLOYED) & (status != Status.RETIRED) & ~p.student[uids] & ~p.pensioner[uids]

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Hire into a place with a target-sector employer that is hiring; temporary contract, protected, subsidised."""
        p, emp = model.persons, model.employers
        open_now = emp.open_by_group()[self.markets]
        weights = open_now + 1e-6 * np.maximum(emp.target[self.markets], 1.0)  # groups that are hiring, else by size
        pick = np.searchsorted(np.cumsum(weights) / weights.sum(), model.draw(f"place_market:{self.name}", uids), side="right")
        market = self.markets[np.clip(pick, 0, len(self.markets) - 1)]
        on_vacancy = float(np.minimum(np.bincount(market, minlength=emp.n_markets)[self.markets], open_now).sum())
        emp.fill_any(market)
        model.employ(uids, market=market, sector=emp.sector[market], location=emp.location[market], contract=Contract.TEMPORARY)
        model.events["job_finding"].append(uids)
        model.events["hires"].append(uids)
        p.protected_until[uids] = model.t + self.values["duration_months"]
        self.subsidies.start(model, uids, self.values["duration_months"])
        self.reports.add(model.t, "places_on_open_vacancy", to_real(on_vacancy, model.scale))
        self.entered = np.concatenate([self.entered, uids]) if self.entered_month == model.t else uids.copy()
        self.entered_month = model.t

    def apply(self, model: ParticipationModel) -> None:
        """Progress and enrol (the common steps); the subsidy counts its months; holders do not search elsewhere."""
        super().apply(model)
        if model.t < self.start_t:
            return
        self.subsidies.month(model)
        p = model.persons
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = ojs[p.programme[ojs] != self.index]

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants who left their place (quit, sickness, AOW) drop out."""
        p = model.persons
        self.dropout(model, uids[p.status[uids] != Status.EMPLOYED])

    def on_complete(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Trained for the sector; they stay with the employer under the job guarantee (a placement)."""
        p = model.persons
        p.trained_sector[uids] = p.sector[uids]
        p.trained_at[uids] = model.t  # the advantage fades from now (model/training.py)
        p.distance[uids] = np.maximum(p.distance[uids] - np.float32(model.params["programmes.completion_distance_reduction"]), 0)
        p.protected_until[uids] = model.t + self.values["job_guarantee_months"]
        self.reports.add(model.t, "placed", to_real(len(uids), model.scale))
        model.events["programme_placement"].append(uids)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The subsidy ends with the place."""
        self.subsidies.stop(model, uids)
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
