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
the host's market, not an assumption.

Each month a seconded worker moves into a regular contract with the host with probability
``transition_rate`` (their own draw), but only into a vacancy the host has posted: a host with
fewer open vacancies than willing movers takes the ones with the lowest draws. The mover leaves
the Wsw and the secondment seat, and takes the vacancy at the full wage cost (the subsidy ends,
so the host's target falls back by the demand response and the host may post less or shed
staff). No job is added for the mover: a host without an open vacancy has none to offer. The
contract is temporary with the model's share of temporary new hires
(``matching.temporary_share_new_hires``). Those transitions are placements. The sheltered seat
is not refilled (the Wsw is closed to new entrants).

Right of return: a seconded worker keeps the Wsw dienstbetrekking during the detachering, so a
secondment that ends (after ``duration_months``, or earlier when the programme ends it) returns
the worker to work inside the sheltered company, never to unemployment. A worker who moved into
a regular contract and loses that job involuntarily (becomes unemployed) within
``return_months`` returns to the sheltered company too, with the Wsw (report ``returned``).
Enrolment stops while the seconded workers make up ``target_share`` of the Wsw stock.

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
    report_fields = REPORT_FIELDS + ("seconded", "wsw_stock", "transitions", "returned")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("subsidy_months",),
        duration_months=(from_file("sw_secondment.duration_months"), "months a secondment lasts before the worker returns to the sheltered company"),
        wage_subsidy=(from_file("sw_secondment.wage_subsidy"), "share of the wage cost the host does not pay"),
    ) + (
        FieldSpec("host_sectors", "list", choices=lambda ctx: ctx.sectors, help="sectors of the host employers (default: all, by their size)"),
        FieldSpec("host_location", "choice", default="inside", choices=employer_choices, help="location of the host employers"),
        FieldSpec("target_share", "float", default=from_file("sw_secondment.target_share"), min=0.0, max=1.0, help="share of the Wsw stock seconded at which enrolment stops"),
        FieldSpec("transition_rate", "float", default=from_file("sw_secondment.transition_rate"), min=0.0, max=1.0, help="monthly probability that a seconded worker moves into a regular contract with the host (into one of its open vacancies)"),
        FieldSpec("return_months", "int", default=from_file("sw_secondment.return_months"), min=0, max=120, help="months after a move into a regular contract in which a worker who loses that job returns to the sheltered company (right of return)"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        region = model.region
        sectors = self.values["host_sectors"] or region.sectors
        self.hosts = np.array([market_index(region, s, self.values["host_location"]) for s in sectors], dtype=np.int64)
        self.sheltered_location = sheltered_location(region.locations)
        self.movers = np.empty(0, dtype=np.int64)  # moved into a regular contract: may return until
        self.return_until = np.empty(0, dtype=np.int64)
        self.returned = np.empty(0, dtype=np.int64)  # returned this month (not placements)
        self.returned_month = -1

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
        """Workers who left the Wsw drop out; some move into a posted vacancy of the host."""
        self.dropout(model, uids[~self._wsw(model, uids)])
        self.subsidies.month(model)
        p = model.persons
        self._transitions(model, uids[p.programme[uids] == self.index])

    def _transitions(self, model: ParticipationModel, seconded: np.ndarray) -> None:
        """Move willing seconded workers into the host's open vacancies, as many as it has.

        Example: three seconded workers of one host draw below ``transition_rate`` while it has
        two open vacancies: the two with the lowest draws take them and leave the Wsw; the third
        stays seconded this month.
        """
        p, par, emp = model.persons, model.params, model.employers
        u = model.draw(f"transition:{self.name}", seconded)
        rate = self.values["transition_rate"]
        willing = np.flatnonzero(u < rate)
        willing = willing[np.lexsort((u[willing], p.market[seconded[willing]]))]  # by host, lowest draw first
        host = p.market[seconded[willing]].astype(np.int64)
        rank = np.arange(len(host)) - np.searchsorted(host, host, side="left")
        ok = willing[rank < np.floor(emp.open_by_group()[host] + 1e-9)]
        moving = seconded[ok]
        temporary = u[ok] < rate * par["matching.temporary_share_new_hires"]  # a slice of the same draw
        host, sector, location = p.market[moving].copy(), p.sector[moving].copy(), p.location[moving].copy()
        model.leave_job(moving)  # the Wsw contract, the subsidy and the secondment seat end ...
        emp.fill_any(host)  # ... and the mover takes one of the host's posted vacancies
        model.employ(moving, market=host, sector=sector, location=location, contract=np.where(temporary, Contract.TEMPORARY, Contract.PERMANENT))
        model.events["job_to_job"].append(moving)
        model.events["hires"].append(moving)
        self.movers = np.concatenate([self.movers, moving])
        self.return_until = np.concatenate([self.return_until, np.full(len(moving), model.t + self.values["return_months"], dtype=np.int64)])
        self.reports.add(model.t, "transitions", to_real(len(moving), model.scale))

    def _right_of_return(self, model: ParticipationModel) -> None:
        """Movers who lost the regular job (unemployed) within the return period go back to the Wsw.

        Example: a worker who moved into a temporary contract in 2016-01 whose contract is not
        renewed in 2016-08, with ``return_months`` 12, works inside the sheltered company again
        from 2016-08, with the Wsw; after 2017-01 the same loss would leave them unemployed.
        """
        p = model.persons
        within = self.return_until >= model.t
        self.movers, self.return_until = self.movers[within], self.return_until[within]
        lost = (p.status[self.movers] == Status.UNEMPLOYED) & p.alive[self.movers] & ~p.pensioner[self.movers]
        back = self.movers[lost]
        self.movers, self.return_until = self.movers[~lost], self.return_until[~lost]
        gone = (p.status[self.movers] != Status.EMPLOYED) | ~p.alive[self.movers]  # out of the labour force: no claim
        self.movers, self.return_until = self.movers[~gone], self.return_until[~gone]
        market = model.tables.sheltered_market[p.gemeente[back]]
        model.employ(back, market=market, sector=np.full(len(back), model.tables.sheltered_sector), location=np.full(len(back), self.sheltered_location), contract=Contract.SHELTERED)
        p.benefit[back] = Benefit.WSW
        model.events["wsw_inflow"].append(back)
        self.returned, self.returned_month = back, model.t
        self.reports.add(model.t, "returned", to_real(len(back), model.scale))

    def placement_hires(self, model: ParticipationModel) -> np.ndarray:
        """A return to the sheltered company is no placement."""
        hired = super().placement_hires(model)
        if self.returned_month == model.t:
            hired = hired[~np.isin(hired, self.returned)]
        return hired

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
        """The right of return first (this month's job losses), then the common steps."""
        if model.t >= self.start_t:
            self._right_of_return(model)
        super().apply(model)
        if model.t < self.start_t:
            return
        self.reports.add(model.t, "seconded", to_real(len(self.participants(model)), model.scale))
        self.reports.add(model.t, "wsw_stock", to_real(self._wsw_stock(model), model.scale))
