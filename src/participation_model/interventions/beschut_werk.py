"""``beschut_werk``: sheltered work places of the gemeente (Participatiewet art. 10b, 2015).

For people who can only work in a sheltered setting, with so much supervision or adjustment that
no regular employer can be expected to offer it. Since the Wsw closed to newcomers in 2015 the
gemeente offers them an employment contract in beschut werk (usually with the former
sheltered-work company), pays the loonkostensubsidie and the guidance, and from 2017 must offer
the number of places the Rijk's prognosis assigns to it (``data/parameters/beschut_werk.toml``,
per gemeente and year, read by ``participatiewet_data``).

Mechanism: the target group is the Participatiewet group (aged 18 to the AOW age, on bijstand or
without a benefit, not working, not in education) whose assessed loonwaarde (from the distance
to the labour market, as for ``loonkostensubsidie``) is at most ``max_loonwaarde``: too low for
a regular job even with the subsidy's ceiling. Referred persons (the UWV advice) are admitted
while their gemeente has free places: the places bind per gemeente. A participant is employed by
the sheltered-work company serving their gemeente (its seat, the sheltered location; contract
sheltered, no Wsw), so bijstand ends; they do not search elsewhere. The company's places are the
gemeente's, not the market's: they take no vacancy and there is no demand response, so the
regular jobs of others do not change through them. The place ends after ``duration_months`` or
when the participant leaves work (sickness, quitting, the AOW age), and is then free again.

Costs (on the funding streams, default ``gemeente``): each month the loonkostensubsidie,
``share x wml_wage_cost`` with ``share = min(1 - loonwaarde, max_subsidy_share)``, plus the
guidance, ``cost_per_month``. Both are committed at enrolment for the whole place.

Example block::

    [[interventions]]
    type = "beschut_werk"
    start = "2015-01"
    funding = { gemeente = 1.0 }
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import COMMON_FIELDS, PROGRAMME_FIELDS, REPORT_FIELDS, Programme, with_defaults
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import Context, FieldProblem, FieldSpec
from participation_model.interventions.ledger import PROGRAMME, SUBSIDY
from participation_model.interventions.loonkostensubsidie import assess_loonwaarde, participatiewet_group, subsidy_share
from participation_model.interventions.participatiewet_data import ParticipatiewetDataError, load_places
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Contract, Status
from participation_model.region import sheltered_location

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


def within_places(gemeente: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Which of the queued persons (in queue order) fit into their gemeente's free places.

    Example:
        >>> within_places(np.array([0, 1, 0, 0]), np.array([2, 0])).tolist()
        [True, False, True, False]
    """
    order = np.argsort(gemeente, kind="stable")
    counts = np.bincount(gemeente, minlength=len(room))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(len(gemeente), dtype=np.int64)
    rank[order] = np.arange(len(gemeente)) - np.repeat(starts, counts)
    return rank < room[gemeente]


@register("beschut_werk")
class BeschutWerk(Programme):
    """Participatiewet art. 10b: sheltered work places per gemeente for people who can only work sheltered."""

    type_name = "beschut_werk"
    summary = "beschut werk (Participatiewet art. 10b): sheltered work places of the gemeente"
    ends_on_work = False  # the place is the job
    subsidy_on_hire = False
    report_fields = REPORT_FIELDS + ("in_beschut_werk", "places")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("wage_subsidy", "subsidy_months", "duration_months"),
        cost_per_month=(from_file("beschut_werk.cost_per_month"), "EUR per participant-month for guidance (begeleiding), on top of the loonkostensubsidie"),
        referral_rate=(from_file("beschut_werk.referral_rate"), "monthly probability that a person of the target group gets the UWV advice and is referred"),
    ) + (
        FieldSpec("duration_months", "int", default=from_file("beschut_werk.duration_months"), min=1, max=240, help="months a place lasts (structural: as long as needed)"),
        FieldSpec("wml_wage_cost", "float", default=from_file("participatiewet.wml_wage_cost"), min=0.0, help="EUR a month: the cost of a full-time job at the WML, the base of the subsidy"),
        FieldSpec("max_subsidy_share", "float", default=from_file("participatiewet.max_subsidy_share"), min=0.0, max=1.0, help="the ceiling of the loonkostensubsidie as a share of the WML wage cost"),
        FieldSpec("max_loonwaarde", "float", default=from_file("beschut_werk.max_loonwaarde"), min=0.0, max=1.0, help="highest assessed loonwaarde of a person who can only work sheltered"),
        FieldSpec("full_loonwaarde_distance", "float", default=from_file("participatiewet.full_loonwaarde_distance"), min=0.0, max=1.0, help="distance to the labour market up to which the assessed loonwaarde is the full WML"),
        FieldSpec("loonwaarde_loss_per_distance", "float", default=from_file("participatiewet.loonwaarde_loss_per_distance"), min=0.0, max=10.0, help="fall of the loonwaarde per distance unit beyond that"),
    )

    @classmethod
    def check_more(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        """The gemeente pays unless the block names other funders; the places file must cover the region."""
        if values.get("funding") is None:
            values["funding"] = {"gemeente": 1.0}
        values["wage_subsidy"] = 0.0  # no subsidy on a market job: the place is the gemeente's
        problems = super().check_more(values, ctx)
        try:
            places = load_places()
        except ParticipatiewetDataError as exc:
            return problems + [FieldProblem("type", "beschut_werk", f"a readable places file: {exc}")]
        missing = [g for g in ctx.gemeenten if g not in places.gemeente_share]
        if missing:
            problems.append(FieldProblem("type", "beschut_werk", f"places for every gemeente of the region: {places.path}: key 'gemeente_share.values' lacks {', '.join(missing)}"))
        return problems

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.places_data = load_places()
        self.share_of = np.zeros(0)
        v = self.values
        self.most_share = v["max_subsidy_share"]

    def assess(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        v = self.values
        return assess_loonwaarde(model.persons.distance[uids], v["full_loonwaarde_distance"], v["loonwaarde_loss_per_distance"])

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """The Participatiewet group whose loonwaarde is too low for a regular job."""
        p = model.persons
        return participatiewet_group(model, uids) & (p.status[uids] != Status.STUDYING) & (self.assess(model, uids) <= self.values["max_loonwaarde"])

    def places_now(self, model: ParticipationModel) -> np.ndarray:
        """Whole places per gemeente this year, in simulated persons."""
        return np.array([int(self.places_data.places(model.year, g) * model.scale + 1e-9) for g in model.region.gemeenten], dtype=np.int64)

    def room(self, model: ParticipationModel) -> np.ndarray:
        """Free places per gemeente."""
        occupied = np.bincount(model.persons.gemeente[self.participants(model)], minlength=len(model.region.gemeenten))
        return np.maximum(self.places_now(model) - occupied, 0)

    def _capacity(self, model: ParticipationModel, wanted: int) -> int:
        return min(super()._capacity(model, wanted), int(self.room(model).sum()))

    def _admit(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Admit in queue order within each gemeente's free places; the others wait (if the block lets them)."""
        fits = within_places(model.persons.gemeente[uids].astype(np.int64), self.room(model))
        over = uids[~fits]
        if len(over) and self.values["waiting_list"]:
            self.waiting = np.concatenate([over, self.waiting])
            self.waited = np.concatenate([np.zeros(len(over), dtype=np.int64), self.waited])
        self.reports.add(model.t, "enrolled", -to_real(len(over), model.scale))  # the common step counts the whole batch
        if fits.any():
            super()._admit(model, uids[fits])

    def commitments(self) -> list[tuple[int, float]]:
        """Guidance for the whole place, and the loonkostensubsidie at its ceiling for the whole place."""
        v = self.values
        own = v["cost_per_participant"] + v["duration_months"] * v["cost_per_month"]
        return [(PROGRAMME, own), (SUBSIDY, self.most_share * v["wml_wage_cost"] * v["duration_months"])]

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Employed in the sheltered-work company serving their gemeente, on a sheltered contract (no Wsw)."""
        p = model.persons
        n = p.n
        if len(self.share_of) < n:
            self.share_of = np.concatenate([self.share_of, np.zeros(n - len(self.share_of))])
        self.share_of[uids] = subsidy_share(self.assess(model, uids), self.most_share)
        market = model.tables.sheltered_market[p.gemeente[uids]]
        location = np.full(len(uids), sheltered_location(model.region.locations))
        model.employ(uids, market=market, sector=np.full(len(uids), model.tables.sheltered_sector), location=location, contract=Contract.SHELTERED)
        model.events["job_finding"].append(uids)
        model.events["hires"].append(uids)

    def apply(self, model: ParticipationModel) -> None:
        """The common steps; the month's loonkostensubsidie; participants do not search elsewhere."""
        super().apply(model)
        if model.t < self.start_t:
            return
        here = self.participants(model)
        shares = self.share_of[here] if len(here) else np.zeros(0)
        for share in np.unique(shares):
            self.charge(model, here[shares == share], float(share) * self.values["wml_wage_cost"], SUBSIDY)
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = ojs[model.persons.programme[ojs] != self.index]
        self.reports.add(model.t, "in_beschut_werk", to_real(len(here), model.scale))
        self.reports.add(model.t, "places", float(sum(self.places_data.places(model.year, g) for g in model.region.gemeenten)))

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants who left work (sickness, quitting, AOW) leave their place."""
        self.dropout(model, uids[model.persons.status[uids] != Status.EMPLOYED])

    def on_complete(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The place ends: the job ends and the person is without work again."""
        model.leave_job(uids)
        model.set_status(uids, Status.UNEMPLOYED)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The subsidy commitment goes back with the programme commitment."""
        self.ledger.release(uids, SUBSIDY)
        super().leave(model, uids)

    def placement_hires(self, model: ParticipationModel) -> np.ndarray:
        """Entering a place is not a placement; a participant's later regular hire would be."""
        hired = super().placement_hires(model)
        return hired[model.persons.contract[hired] != Contract.SHELTERED]
