"""``leerwerkplekken``: BBL work-study places for young people with employers of target sectors.

Mechanism: participants (typically unemployed young people with little or middle education)
are hired into a work-study place (beroepsbegeleidende leerweg, BBL) with an employer group of
one of the ``target_sectors`` at ``location`` (default: inside the region): they are employed
while they train, on a temporary contract, for ``duration_months``. The place is protected: the
contract is not ended by the employer and the participant does not search for another job.
On completion the participant is trained for the sector (the same lasting advantage with its
employers as a completed course) and a little closer to the labour market, and stays with the
employer with a job guarantee of ``job_guarantee_months`` (no involuntary separation).

Places are additional jobs: while a participant holds a place, the employer group's desired
headcount is one higher, so the place does not take a vacancy a regular applicant would have
filled. A ``substitution_share`` of places, drawn per participant, replace a regular hire
instead (no extra headcount: one vacancy fewer for the others), which is displacement. When
the place ends, the extra headcount ends with it: a graduate who stays on is then regular staff,
so the group opens fewer vacancies (or sheds excess headcount among its unprotected staff).

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

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import (
    COMMON_FIELDS,
    PROGRAMME_FIELDS,
    REPORT_FIELDS,
    Programme,
    with_defaults,
)
from participation_model.interventions.fields import FieldSpec, employer_choices
from participation_model.model.employers import market_index
from participation_model.model.codes import Contract, Status


@register("leerwerkplekken")
class Leerwerkplekken(Programme):
    type_name = "leerwerkplekken"
    summary = "BBL work-study places with employers of target sectors"
    protects_jobs = True
    report_fields = REPORT_FIELDS + ("places_additional", "places_substituting")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        duration_months=(24, "months in the work-study place (ASSUMPTION: a BBL programme at mbo level 2-3 takes about two years)"),
    ) + (
        FieldSpec("target_sectors", "list", required=True, choices=lambda ctx: ctx.sectors, help="sectors whose employers offer the places"),
        FieldSpec("location", "choice", default="inside", choices=employer_choices, help="location of the employers offering the places"),
        FieldSpec("job_guarantee_months", "int", default=6, min=0, max=60, help="months after completion in which the employer does not dismiss the graduate (ASSUMPTION, as the brug-WW guarantee)"),
        FieldSpec("substitution_share", "float", default=0.3, min=0.0, max=1.0, help="share of places that replace a regular hire instead of adding a job (ASSUMPTION)"),
    )

    def initialize(self, model) -> None:
        super().initialize(model)
        self.markets = np.array([market_index(model.region, s, self.values["location"]) for s in self.values["target_sectors"]], dtype=np.int64)
        self.additional = np.empty(0, dtype=np.int64)  # participants whose place adds a job
        self.entered = np.empty(0, dtype=np.int64)
        self.entered_month = -1

    def extra_eligible(self, model, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        status = p.status[uids]
        return (status != Status.EMPLOYED) & (status != Status.RETIRED) & ~p.student[uids] & ~p.pensioner[uids]

    def on_enrol(self, model, uids: np.ndarray) -> None:
        """Hire into a place: an employer group of a target sector (by its size), temporary contract, protected."""
        p, emp = model.persons, model.employers
        weights = np.maximum(emp.demand[self.markets], 0.0) + 1e-9
        pick = np.searchsorted(np.cumsum(weights) / weights.sum(), model.draw(f"place_market:{self.name}", uids), side="right")
        market = self.markets[np.clip(pick, 0, len(self.markets) - 1)]
        model.employ(uids, market=market, sector=emp.sector[market], location=emp.location[market], contract=Contract.TEMPORARY)
        model.events["job_finding"].append(uids)
        model.events["hires"].append(uids)
        p.protected_until[uids] = model.t + self.values["duration_months"]
        adds = model.draw(f"substitution:{self.name}", uids) >= self.values["substitution_share"]
        self.additional = np.union1d(self.additional, uids[adds])
        self.entered = np.concatenate([self.entered, uids]) if self.entered_month == model.t else uids.copy()
        self.entered_month = model.t

    def apply(self, model) -> None:
        """Progress and enrol (the common steps), then the extra headcount of the places held."""
        super().apply(model)
        if model.t < self.start_t:
            return
        p, emp = model.persons, model.employers
        holders = self.participants(model)
        additional = holders[np.isin(holders, self.additional)]
        extra = np.bincount(p.market[additional], minlength=len(emp.filled))[: emp.n_markets]
        emp.demand = emp.demand + extra
        emp.vacancies[self.markets] = np.maximum(emp.demand[self.markets] - emp.filled[self.markets], 0.0)
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = ojs[p.programme[ojs] != self.index]
        self.reports.add(model.t, "places_additional", len(additional) / model.scale)
        self.reports.add(model.t, "places_substituting", (len(holders) - len(additional)) / model.scale)

    def on_month(self, model, uids: np.ndarray) -> None:
        """Participants who left their place (quit, sickness, AOW) drop out."""
        p = model.persons
        self.dropout(model, uids[p.status[uids] != Status.EMPLOYED])

    def on_complete(self, model, uids: np.ndarray) -> None:
        """Trained for the sector; they stay with the employer under the job guarantee (a placement)."""
        p = model.persons
        p.trained_sector[uids] = p.sector[uids]
        p.distance[uids] = np.maximum(p.distance[uids] - np.float32(model.params["programmes.completion_distance_reduction"]), 0)
        p.protected_until[uids] = model.t + self.values["job_guarantee_months"]
        self.reports.add(model.t, "placed", len(uids) / model.scale)
        model.events["programme_placement"].append(uids)

    def leave(self, model, uids: np.ndarray) -> None:
        super().leave(model, uids)
        self.additional = self.additional[~np.isin(self.additional, uids)]

    def describe(self) -> str:
        where = f" in {', '.join(self.values['target_sectors'])} ({self.values['location']}, {self.values['duration_months']} months)"
        return super().describe().replace("; eligible:", where + "; eligible:", 1)

    def placement_hires(self, model) -> np.ndarray:
        """Entries into a place are not placements."""
        hired = super().placement_hires(model)
        if self.entered_month == model.t:
            hired = hired[~np.isin(hired, self.entered)]
        return hired
