"""``sw_secondment``: seconding Wsw employees to regular employers (detachering).

The Akkoord van Westerlee (February 2015; up to EUR 18M from SZW) set the intention to second
60% of the Wsw employees of the sheltered-work companies to regular employers; nationally only
about 37% were seconded by the end of 2017 (provincie Groningen; Wsw-statistiek 2017).

Mechanism: participants are Wsw employees working inside their sheltered-work company. A
seconded worker keeps the Wsw contract: they stay employed and are counted as Wsw, and they
keep their seat at the sheltered-work company (its headcount does not change), but they work
at a regular employer group of ``host_sectors`` at ``host_location``: their sector and location
become the host's, so employment by sector and location counts them there. The host's desired
headcount and vacancies do not change: a seconded worker comes on top of the host's regular
jobs. Each month a seconded worker moves into a regular contract with the host with probability
``transition_rate`` (their own draw): they leave the Wsw and the sheltered seat, and the job
they were doing at the host becomes a regular job (the host's desired headcount rises by one
for good), so the transition displaces nobody; the sheltered seat is not refilled (the Wsw is
closed to new entrants), and the regular job stays when the worker leaves it. The contract is
temporary with the model's share of temporary new hires
(``matching.temporary_share_new_hires``). Those transitions are placements. After
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
from participation_model.model.codes import Benefit, Contract, Status


@register("sw_secondment")
class SwSecondment(Programme):
    type_name = "sw_secondment"
    summary = "secondment of Wsw employees to regular employers"
    report_fields = REPORT_FIELDS + ("seconded", "wsw_stock", "transitions")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        duration_months=(60, "months a secondment lasts before the worker returns to the sheltered company (ASSUMPTION: secondments are meant to last)"),
    ) + (
        FieldSpec("host_sectors", "list", choices=lambda ctx: ctx.sectors, help="sectors of the host employers (default: all, by their size)"),
        FieldSpec("host_location", "choice", default="inside", choices=employer_choices, help="location of the host employers"),
        FieldSpec("target_share", "float", default=0.6, min=0.0, max=1.0, help="share of the Wsw stock seconded at which enrolment stops (Akkoord van Westerlee 2015: 60%)"),
        FieldSpec("transition_rate", "float", default=0.005, min=0.0, max=1.0, help="monthly probability that a seconded worker moves into a regular contract with the host (ASSUMPTION)"),
    )

    def initialize(self, model) -> None:
        super().initialize(model)
        region = model.region
        self.n_employee_locations = len(region.locations) - 1
        sectors = self.values["host_sectors"] or region.sectors
        self.hosts = np.array([market_index(region, s, self.values["host_location"]) for s in sectors], dtype=np.int64)
        self.sheltered_location = len(region.locations) - 1

    def _wsw(self, model, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        return (p.status[uids] == Status.EMPLOYED) & (p.benefit[uids] == Benefit.WSW) & (p.contract[uids] == Contract.SHELTERED)

    def extra_eligible(self, model, uids: np.ndarray) -> np.ndarray:
        """Wsw employees working inside their sheltered-work company."""
        return self._wsw(model, uids) & (model.persons.location[uids] == self.sheltered_location)

    def _wsw_stock(self, model) -> int:
        p = model.persons
        return int(np.count_nonzero((p.benefit[: p.n] == Benefit.WSW) & p.alive[: p.n]))

    def _capacity(self, model, wanted: int) -> int:
        """Places and budget, and no more than ``target_share`` of the Wsw stock seconded."""
        room = int(np.floor(self.values["target_share"] * self._wsw_stock(model) + 1e-9)) - len(self.participants(model))
        return min(super()._capacity(model, wanted), max(room, 0))

    def on_enrol(self, model, uids: np.ndarray) -> None:
        """Seconded: sector and location of a host employer group (by its size); contract, seat and Wsw kept."""
        p, emp = model.persons, model.employers
        weights = np.maximum(emp.demand[self.hosts], 0.0) + 1e-9
        pick = np.searchsorted(np.cumsum(weights) / weights.sum(), model.draw(f"host:{self.name}", uids), side="right")
        host = self.hosts[np.clip(pick, 0, len(self.hosts) - 1)]
        p.sector[uids] = emp.sector[host]
        p.location[uids] = emp.location[host]

    def on_month(self, model, uids: np.ndarray) -> None:
        """Workers who left the Wsw drop out; some move into a regular contract with the host."""
        p, par = model.persons, model.params
        self.dropout(model, uids[~self._wsw(model, uids)])
        seconded = uids[p.programme[uids] == self.index]
        u = model.draw(f"transition:{self.name}", seconded)
        rate = self.values["transition_rate"]
        moving = seconded[u < rate]
        temporary = u[u < rate] < rate * par["matching.temporary_share_new_hires"]  # a slice of the same draw
        host = (p.sector[moving].astype(np.int64) * self.n_employee_locations + p.location[moving]).astype(np.int64)
        sector, location = p.sector[moving].copy(), p.location[moving].copy()
        model.leave_job(moving)  # frees the sheltered seat; the Wsw contract ends
        # the host keeps the job the seconded worker was doing: it becomes a regular seat (the
        # host's desired headcount rises by one), so the transition displaces no other worker
        np.add.at(model.employers.base_demand, host, 1.0)
        model.employ(moving, market=host, sector=sector, location=location, contract=np.where(temporary, Contract.TEMPORARY, Contract.PERMANENT))
        model.events["job_to_job"].append(moving)
        model.events["hires"].append(moving)
        self.reports.add(model.t, "transitions", len(moving) / model.scale)

    def leave(self, model, uids: np.ndarray) -> None:
        """A secondment that ends returns a worker still in the Wsw to work inside the sheltered company."""
        back = uids[self._wsw(model, uids) & (model.persons.location[uids] != self.sheltered_location)]
        model.persons.sector[back] = model.tables.sheltered_sector
        model.persons.location[back] = self.sheltered_location
        super().leave(model, uids)

    def describe(self) -> str:
        filt = self.eligibility.describe()
        who = "Wsw employees" + ("" if filt == "everyone" else f" ({filt})")
        text = super().describe().replace(f"eligible: {filt}", f"eligible: {who}", 1)
        return text.replace("; eligible:", f" (up to {self.values['target_share']:.0%} of the Wsw stock); eligible:", 1)

    def apply(self, model) -> None:
        super().apply(model)
        if model.t < self.start_t:
            return
        self.reports.add(model.t, "seconded", len(self.participants(model)) / model.scale)
        self.reports.add(model.t, "wsw_stock", self._wsw_stock(model) / model.scale)
