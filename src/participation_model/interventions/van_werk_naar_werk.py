"""``van_werk_naar_werk``: job-to-job mediation for workers under notice of dismissal.

Mechanism: every dismissal in the model (a layoff for the employer's own reasons, a layoff of
excess headcount, a ``mass_layoff``) comes with the statutory notice period by tenure (BW
7:672, ``data/rules/netherlands.toml``): the worker stays employed, searches on the job and may
move job to job, in the baseline as in any scenario. This programme acts on that notice: when an
eligible employee is given notice and it has a free place, it enrols the worker for the rest of
the notice and adds its mediation: search on the job harder (``search_factor`` on top of the
on-the-job search intensity) and the mobility centre's introduction to employers
(``hire_bonus``). It does not add notice months. A participant hired elsewhere before the
notice ends moves job to job without an unemployment spell (a placement); the others are
separated at the end of the notice as in the baseline (``participants_completed``).

The sectorplans ran more than 1,000 van-werk-naar-werk trajectories in the Groningen
labour-market region, at about EUR 7,000 per trajectory to new work (tranche 3; SEO quickscan
4, 2016; lerenenwerken.nl).

The model tells the programme of each notice in phase 2 (and in mass layoffs, phase 4) through
the hook ``Intervention.on_notice``; a dismissal cannot wait, so there is no waiting list:
when the month's places (or the budget) are used up, further dismissed workers go through their
notice without mediation. Places per month do not accumulate: whole places unused in a month lapse.

Example block::

    [[interventions]]
    type = "van_werk_naar_werk"
    start = "2015-01"
    end = "2016-12"
    places_per_year = 300
    cost_per_participant = 7000      # EUR per trajectory to new work (SEO quickscan 4, 2016)
    funding = { rijk_szw = 0.5, sector = 0.5 }
    [interventions.eligibility]
    sector = ["industrie", "handel"]
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
from participation_model.interventions.fields import Context, FieldProblem, FieldSpec
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Contract, Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel

CONTRACTS = {"permanent": Contract.PERMANENT, "temporary": Contract.TEMPORARY}


def max_notice_months() -> int:
    """The longest statutory notice (the bundled rules file): the most months a participant can stay.

    The ledger commits the cost of the longest stay at enrolment, so a budget binds.

    Example:
        >>> max_notice_months()
        4
    """
    from participation_model.model.rules import load_rules

    return int(load_rules().notice_months_by_tenure.max())


@register("van_werk_naar_werk")
class VanWerkNaarWerk(Programme):
    type_name = "van_werk_naar_werk"
    summary = "job-to-job mediation for workers under notice of dismissal"
    watches_notices = True
    report_fields = REPORT_FIELDS + ("job_to_job",)
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("waiting_list", "max_wait_months", "duration_months"),
        referral_rate=(from_file("van_werk_naar_werk.referral_rate"), "probability that an eligible worker about to be dismissed is referred to the programme"),
        follow_up_months=(from_file("van_werk_naar_werk.follow_up_months"), "months after the notice in which a hire still counts as a placement"),
    ) + (
        FieldSpec("search_factor", "float", default=from_file("van_werk_naar_werk.search_factor"), min=0.0, max=10.0, help="multiplier of the on-the-job search intensity while under notice"),
        FieldSpec("hire_bonus", "float", default=from_file("van_werk_naar_werk.hire_bonus"), min=-2.0, max=3.0, help="log employer-preference bonus from the mobility centre's introduction"),
        FieldSpec("contracts", "list", default=("permanent",), choices=tuple(CONTRACTS), help="contracts of the dismissed workers taken (the end of a temporary contract is no dismissal and has no notice; an early dismissal of a temporary worker is)"),
    )

    @classmethod
    def check_instrument(cls, values: dict, ctx: Context) -> list[FieldProblem]:
        values["duration_months"] = max_notice_months()  # the programme lasts the (statutory) notice, at most this
        values["waiting_list"] = False
        values["max_wait_months"] = 0
        return []

    # ---------------------------------------------------------------- lifecycle
    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.contract_codes = [int(CONTRACTS[c]) for c in self.values["contracts"]]
        self.places_month = -1
        self.places_left = 0
        self.places_fraction = 0.0
        self.new_month = -1  # the month of the latest enrolments, and who they were (not charged that month)
        self.new_participants = np.empty(0, dtype=np.int64)

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        return (p.status[uids] == Status.EMPLOYED) & np.isin(p.contract[uids], self.contract_codes) & ~p.student[uids] & ~p.pensioner[uids]

    def on_notice(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Enrol eligible workers just given notice, as far as places and budget allow."""
        if not self.start_t <= model.t <= self.end_t:
            return
        p = model.persons
        candidates = uids[p.programme[uids] < 0]
        candidates = candidates[self.eligibility.mask(model, candidates) & self.extra_eligible(model, candidates)]
        self.reports.add(model.t, "eligible", to_real(len(candidates), model.scale))
        u = model.draw(f"referral:{self.name}", candidates)
        chosen = u < self.values["referral_rate"]
        referred = candidates[chosen][np.argsort(u[chosen], kind="stable")]
        admit = referred[: self._capacity(model, len(referred))]
        if len(admit):
            self._admit(model, admit)
            self.places_left -= len(admit)
            if self.new_month != model.t:
                self.new_month, self.new_participants = model.t, admit
            else:
                self.new_participants = np.concatenate([self.new_participants, admit])
        self.reports.add(model.t, "enrolled", to_real(len(admit), model.scale))

    def _capacity(self, model: ParticipationModel, wanted: int) -> int:
        """Admissions still possible this month: this month's places (unused whole places lapse), per year, budget."""
        v = self.values
        if self.places_month != model.t:
            self.places_month = model.t
            if v["places_per_month"] is not None:
                self.places_fraction += v["places_per_month"] * model.scale
                self.places_left = int(np.floor(self.places_fraction + 1e-9))
                self.places_fraction -= self.places_left
        k = wanted
        if v["places_per_month"] is not None:
            k = min(k, self.places_left)
        if v["places_per_year"] is not None:
            year_cap = int(np.floor(v["places_per_year"] * model.scale + 1e-9))
            k = min(k, year_cap - self.admitted_in_year.get(model.year, 0))
        return max(min(k, self.ledger.admissible(self.expected_cost)), 0)

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The programme lasts the rest of the worker's notice (they already search on the job)."""
        p = model.persons
        p.programme_left[uids] = p.notice_until[uids] - model.t

    def apply(self, model: ParticipationModel) -> None:
        """Phase 4: those whose notice ended (phase 2) complete, other leavers drop out, the rest are charged."""
        if model.t < self.start_t:
            return
        p = model.persons
        participants = self.participants(model)
        gone = participants[p.status[participants] != Status.EMPLOYED]  # notice over, quit, sickness, AOW
        ended = gone[np.isin(gone, model.notice_ended)]
        self.leave(model, ended)
        self.count_completed(model, ended)
        self.dropout(model, gone[~np.isin(gone, ended)])
        participants = participants[p.status[participants] == Status.EMPLOYED]
        running = participants[~np.isin(participants, self.new_participants)] if self.new_month == model.t else participants
        self.charge(model, running, self.values["cost_per_month"])
        self.subsidy_month(model)
        p.programme_left[running] -= 1
        self.count_in_programme(model, participants)

    def record_month(self, model: ParticipationModel) -> None:
        """Job-to-job moves of workers under notice (placements), then the common reports."""
        if model.t < self.start_t:
            return
        p = model.persons
        moved = model.events_of("job_to_job")
        self.reports.add(model.t, "job_to_job", to_real(int((p.programme[moved] == self.index).sum()), model.scale))
        super().record_month(model)

    def describe(self) -> str:
        filt = self.eligibility.describe()
        who = f"employees with a {' or '.join(self.values['contracts'])} contract about to be dismissed" + ("" if filt == "everyone" else f" ({filt})")
        text = super().describe().replace(f"eligible: {filt}", f"eligible: {who}", 1)
        return text.replace("; eligible:", " (during the statutory notice); eligible:", 1)
