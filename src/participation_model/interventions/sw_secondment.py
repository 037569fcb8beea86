"""``sw_secondment``: seconding Wsw employees to regular employers (detachering).

The Akkoord van Westerlee (February 2015; up to EUR 18M from SZW) set the intention to second
60% of the Wsw employees of the sheltered-work companies to regular employers; nationally only
about 37% were seconded by the end of 2017 (provincie Groningen; Wsw-statistiek 2017).

Mechanism: participants are Wsw employees working inside their sheltered-work company. A
seconded worker keeps the Wsw contract (they stay employed and are counted as Wsw) but works
at a regular employer group of ``host_sectors`` at ``host_location``, chosen among the groups
that are hiring (in proportion to their open vacancies): they hold a seat of the host, take
one of its open vacancies if it has one, and count in its sector and location. The host pays a
fee below the wage cost, so a secondment is a wage-cost subsidy of ``wage_subsidy``: through
the labour-demand response (``participation_model.interventions.subsidy``) it raises the
host's target demand by ``|demand.wage_elasticity| x wage_subsidy`` per seconded worker. Whether
a secondment adds a job or takes one a regular applicant would have had is thus an outcome of
the host's market, not an assumption. Each month a seconded worker moves into a regular
contract with the host with probability ``transition_rate`` (their own draw): they leave the
Wsw and keep the seat, now at the full wage cost (the subsidy ends, so the host's target falls
back and the host may post less or shed staff); the contract is temporary with the model's
share of temporary new hires (``matching.temporary_share_new_hires``). Those transitions are
placements. The sheltered seat is not refilled (the Wsw is closed to new entrants). After
``duration_months`` a secondment ends and the worker returns to work inside the sheltered
company. Enrolment stops while the seconded workers make up ``target_share`` of the Wsw stock.

Example block::

    [[interventions]]
    type = "sw_secondment"
    start = "2015-03"
    end = "2018-12"
    places_per_year = 300
    target_share = 0.6               # Akkoord van Westerlee (2015)
    host_sectors = ["industrie", "landbouw", "handel", "horeca_overig"]
    funding = { rijk_szw = 1.0 }
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
from participation_model.model.codes import Benefit, Contract, Status
from participation_model.region import sheltered_location

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("sw_secondment")
class SwSecondment(Programme):
    type_name = "sw_secondment"
    summary = "secondment of Wsw employees to regular employers"
    subsidy_on_hire = False  # the secondment itself is the subsidised job
    report_fields = REPORT_FIELDS + ("seconded", "wsw_stock", "transitions")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("subsidy_months",),
        duration_months=(from_file("sw_secondment.duration_months"), "months a secondment lasts before the worker returns to the sheltered company"),
        wage_subsidy=(from_file("sw_secondment.wage_subsidy"), "share of the wage cost the host does not pay"),
    ) + (
        FieldSpec("host_sectors", "list", choices=lambda ctx: ctx.sectors, help="sectors of the host employers (default: all, by their size)"),
        FieldSpec("host_location", "choice", default="inside", choices=employer_choices, help="location of the host employers"),
        FieldSpec("target_share", "float", default=from_file("sw_secondment.target_share"), min=0.0, max=1.0, help="share of the Wsw stock seconded at which enrolment stops"),
        FieldSpec("transition_rate", "float", default=from_file("sw_secondment.transition_rate"), min=0.0, max=1.0, help="monthly probability that a seconded worker moves into a regular contract with the host"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        region = model.region
        sectors = self.values["host_sectors"] or region.sectors
        self.hosts = np.array([market_index(region, s, self.values["host_location"]) for s in sectors], dtype=np.int64)
        self.sheltered_location = sheltered_location(region.locations)

    def _wsw(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        return (p.status[uids] == Status.EMPLOYED) & (p.benefit[uids] == Benefit.WSW) & (p.contract[uids] == Contract.SHELTERED)

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Wsw employees working inside their sheltered-work company."""
        return self._wsw(model, uids) & (model.persons.location[uids] == self.sheltered_location)

    def _wsw_stock(self, model: ParticipationModel) -> int:
        p = model.persons
        return int(np.count_nonzero((p.benefit[: p.n] == Benefit.WSW) & p.alive[: p.n]))

    def _capacity(self, model: ParticipationModel, wanted: int) -> int:
        """Places and budget, and no more than ``target_share`` of the Wsw stock seconded."""
        room = int(np.floor(self.values["target_share"] * self._wsw_stock(model) + 1e-9)) - len(self.participants(model))
        return min(super()._capacity(model, wanted), max(room, 0))

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Seconded: a seat with a host group that is hiring; contract and Wsw kept; the host's cost subsidised."""
        emp = model.employers
        open_now = emp.open_by_group()[self.hosts]
        weights = open_now + 1e-6 * np.maximum(emp.target[self.hosts] + emp.filled[self.hosts], 1.0)
        pick = np.searchsorted(np.cumsum(weights) / weights.sum(), model.draw(f"host:{self.name}", uids), side="right")
        host = self.hosts[np.clip(pick, 0, len(self.hosts) - 1)]
        emp.fill_any(host)
        model.move_seat(uids, host, emp.sector[host], emp.location[host])
        self.subsidies.start(model, uids, self.values["duration_months"])

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Workers who left the Wsw drop out; some move into a regular contract with the host."""
        p, par = model.persons, model.params
        self.dropout(model, uids[~self._wsw(model, uids)])
        self.subsidies.month(model)
        seconded = uids[p.programme[uids] == self.index]
        u = model.draw(f"transition:{self.name}", seconded)
        rate = self.values["transition_rate"]
        moving = seconded[u < rate]
        temporary = u[u < rate] < rate * par["matching.temporary_share_new_hires"]  # a slice of the same draw
        host, sector, location = p.market[moving].copy(), p.sector[moving].copy(), p.location[moving].copy()
        model.leave_job(moving)  # the Wsw contract and the subsidy end ...
        model.employ(moving, market=host, sector=sector, location=location, contract=np.where(temporary, Contract.TEMPORARY, Contract.PERMANENT))  # ... the seat stays
        model.events["job_to_job"].append(moving)
        model.events["hires"].append(moving)
        self.reports.add(model.t, "transitions", to_real(len(moving), model.scale))

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """A secondment that ends returns a worker still in the Wsw to work inside the sheltered company."""
        p = model.persons
        back = uids[self._wsw(model, uids) & (p.location[uids] != self.sheltered_location)]
        self.subsidies.stop(model, uids)
        market = model.tables.sheltered_market[p.gemeente[back]]
        model.move_seat(back, market, np.full(len(back), model.tables.sheltered_sector), np.full(len(back), self.sheltered_location))
        super().leave(model, uids)

    def describe(self) -> str:
        filt = self.eligibility.describe()
        who = "Wsw employees" + ("" if filt == "everyone" else f" ({filt})")
        text = super().describe().replace(f"eligible: {filt}", f"eligible: {who}", 1)
        return text.replace("; eligible:", f" (up to {self.values['target_share']:.0%} of the Wsw stock); eligible:", 1)

    def apply(self, model: ParticipationModel) -> None:
        super().apply(model)
        if model.t < self.start_t:
            return
        self.reports.add(model.t, "seconded", to_real(len(self.participants(model)), model.scale))
        self.reports.add(model.t, "wsw_stock", to_real(self._wsw_stock(model), model.scale))
