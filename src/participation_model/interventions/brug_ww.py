"""``brug_ww``: WW pays the training hours of a worker who switches to a new employer in another sector.

The rules (from 2015 in the sectorplans, from April 2016 generally, Regeling brug-WW 2016;
rendement.nl, UWV): a person who receives WW, or who will receive it (a worker at risk of
unemployment, under notice of dismissal), starts with a new employer in an occupation in
another sector that needs training, with a contract of at least 8 hours a week from the start;
during the training WW keeps paying for the training hours and the employer pays for the hours
worked; the employer guarantees the job for at least 6 months after the training. The scheme was
little used: it is complex, and the job guarantee deters employers (Panteia 2018).

Mechanism in the model: participants are WW recipients out of work and employees under notice
(``notice_until``: the seat is being dismissed), referred for a search period of
``duration_months``; those under notice search on the job. For an employer of the
``target_sectors`` that is not the participant's previous sector (the sector switch: the sector
of the last or current job at enrolment), a participant is a cheaper hire: WW pays the training
hours, a wage-cost subsidy of ``wage_subsidy`` (the share of the hours spent training) during
the training. That works through the labour-demand response
(``participation_model.interventions.subsidy``): the employer prefers the participant by
``matching.subsidy_preference x wage_subsidy`` in log weight, and a trainee's job raises the
group's target demand by ``|demand.wage_elasticity| x wage_subsidy`` while the training runs.
Only employers that accept the scheme do so: employer reluctance is explicit, as a share
``employer_acceptance`` of the target-sector vacancies a participant applies to (each
participant's own draw per month, so per application). A participant hired by such an employer
in a sector other than their previous one starts with the scheme: ``training_months`` of
training on the job, during which the WW paid for the training hours is booked on the funding
stream ``uwv`` (``ww_cost_per_month``); the job is protected during the training and for
``job_guarantee_months`` after it, and on completion the participant is trained for the sector
(the lasting advantage of a completed course). Participants hired elsewhere, or back into their
own sector, are ordinary placements; those who lose the WW or the notice (other than by a hire)
or stop searching leave; those not hired within the search period leave (``expired``).

Hours: the model has no hours. The rule of a contract of at least ``min_contract_hours`` (8) a
week is represented as the share of the wage cost the employer pays, ``1 - wage_subsidy``, of
a week of ``full_time_hours``: a block whose ``wage_subsidy`` leaves the employer fewer paid
hours than the rule asks is refused. Every brug-WW hire is thus a job of at least that share.

WW saved: a brug-WW hire from WW ends the WW the person would otherwise have drawn for the
rest of the entitlement (a worker under notice: the entitlement their work history gives). Each
month such a hire is still in work while that entitlement would have run, ``ww_benefit_per_month``
is reported as ``ww_saved`` (EUR, not netted from the spending: the WW paid for the training
hours stays spending on ``uwv``). It is gross: it supposes the person would have stayed on WW;
the paired comparison with the baseline measures the WW stock that really changes.

The budget, when set, covers all spending including the training WW: at enrolment the full
training cost is committed and released again when the participant leaves without a brug-WW
hire.

Example block::

    [[interventions]]
    type = "brug_ww"
    start = "2016-04"
    end = "2018-12"
    target_sectors = ["zorg", "bouw", "industrie"]
    places_per_year = 200
    cost_per_participant = 2500      # EUR training cost per participant (ASSUMPTION)
    funding = { sector = 0.5, rijk_szw = 0.5 }
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from participation_model.interventions.ledger import TRAINING
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Benefit, Contract, Status
from participation_model.region import employer_locations

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("brug_ww")
class BrugWW(Programme):
    hire_bonus_for_all_employers = False  # the bonus depends on the employer: employer_hire_bonus
    subsidy_on_hire = False  # the subsidy is the WW for the training hours of brug-WW hires only
    type_name = "brug_ww"
    summary = "brug-WW: WW pays the training hours of WW recipients and workers under notice who switch sector"
    protects_jobs = True
    employer_specific_bonus = True
    report_fields = REPORT_FIELDS + ("hired_brug_ww", "in_training", "expired", "ww_saved")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("subsidy_months",),
        duration_months=(from_file("brug_ww.duration_months"), "months of the search period in which employers of the target sectors may hire with the scheme"),
        wage_subsidy=(from_file("brug_ww.wage_subsidy"), "share of the wage cost WW pays during the training: the share of the hours spent training"),
    ) + (
        FieldSpec("target_sectors", "list", required=True, choices=lambda ctx: ctx.sectors, help="sectors with promising occupations whose employers may use the scheme"),
        FieldSpec("employer_acceptance", "float", default=from_file("brug_ww.employer_acceptance"), min=0.0, max=1.0, help="share of target-sector vacancies whose employer accepts the scheme"),
        FieldSpec("training_months", "int", default=from_file("brug_ww.training_months"), min=1, max=24, help="months of training on the job after the hire"),
        FieldSpec("ww_cost_per_month", "float", default=from_file("brug_ww.ww_cost_per_month"), min=0.0, help="EUR of WW per trainee-month for the training hours, booked on uwv"),
        FieldSpec("job_guarantee_months", "int", default=from_file("brug_ww.job_guarantee_months"), min=0, max=60, help="months after the training in which the job is guaranteed"),
        FieldSpec("min_contract_hours", "float", default=from_file("brug_ww.min_contract_hours"), min=0.0, max=60.0, help="hours a week the employer must pay from the start (the rule: at least 8)"),
        FieldSpec("full_time_hours", "float", default=from_file("brug_ww.full_time_hours"), min=1.0, max=60.0, help="hours of a full working week, against which wage_subsidy is the share of training hours"),
        FieldSpec("ww_benefit_per_month", "float", default=from_file("brug_ww.ww_benefit_per_month"), min=0.0, help="EUR of WW a month a participant would draw out of work; reported as ww_saved for brug-WW hires"),
    )

    @classmethod
    def check_instrument(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        """The hours rule: the employer pays at least ``min_contract_hours`` of ``full_time_hours``.

        Example: with 36 hours a week and the rule of 8, ``wage_subsidy`` may be at most
        1 - 8/36 = 0.78; 0.9 is refused.
        """
        if any(values.get(k) is None for k in ("wage_subsidy", "full_time_hours", "min_contract_hours")):
            return []  # a value that failed its own check is reported there
        paid = (1.0 - float(values["wage_subsidy"])) * float(values["full_time_hours"])
        if paid + 1e-9 < float(values["min_contract_hours"]):
            most = 1.0 - float(values["min_contract_hours"]) / float(values["full_time_hours"])
            return [FieldProblem("wage_subsidy", values["wage_subsidy"], f"at most {most:.2f}: the employer pays at least {values['min_contract_hours']:g} of {values['full_time_hours']:g} hours a week (brug-WW contract of at least {values['min_contract_hours']:g} hours from the start)")]
        return []

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.target_sector_ids = np.array([model.region.sectors.index(s) for s in self.values["target_sectors"]])
        self.n_employee_locations = len(employer_locations(model.region.locations))
        self.training_cost = self.values["training_months"] * self.values["ww_cost_per_month"]
        self.trainees = np.empty(0, dtype=np.int64)
        self.training_left = np.empty(0, dtype=np.int64)
        self.previous_sector = np.full(0, -1, dtype=np.int16)  # by person: sector at enrolment
        self.ww_left_now = np.zeros(0, dtype=np.int64)  # by person: WW months left in this month's phase 4
        self.saving = np.empty(0, dtype=np.int64)  # brug-WW hires whose avoided WW is still running
        self.saving_left = np.empty(0, dtype=np.int64)

    def commitments(self) -> list[tuple[int, float]]:
        """The budget covers the WW for the training hours too: committed for every searcher."""
        return super().commitments() + [(TRAINING, self.training_cost)]

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """WW recipients out of work, and employees under notice of dismissal (at risk of WW)."""
        return self._on_ww(model, uids) | self._at_risk(model, uids)

    def _on_ww(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        return (p.status[uids] == Status.UNEMPLOYED) & (p.benefit[uids] == Benefit.WW)

    def _at_risk(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Employees (permanent or temporary contract) whose job is under notice this month.

        Example: a worker whose ``notice_until`` is 2016-05 is at risk in 2016-03 to 2016-05.
        """
        p = model.persons
        employee = (p.contract[uids] == Contract.PERMANENT) | (p.contract[uids] == Contract.TEMPORARY)
        return (p.status[uids] == Status.EMPLOYED) & employee & (p.notice_until[uids] >= model.t)

    def _previous(self, uids: np.ndarray) -> np.ndarray:
        """The sector of participants' last (or current) job at enrolment, -1 for none."""
        out = np.full(len(uids), -1, dtype=np.int16)
        known = uids < len(self.previous_sector)
        out[known] = self.previous_sector[uids[known]]
        return out

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Remember the sector they come from: the scheme asks for a switch to another one."""
        p = model.persons
        if len(self.previous_sector) < p.n:
            self.previous_sector = np.concatenate([self.previous_sector, np.full(p.n - len(self.previous_sector), -1, dtype=np.int16)])
        self.previous_sector[uids] = p.sector[uids]

    def _accepts(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Whether the employer a participant applies to this month accepts the scheme (own draw)."""
        return model.draw(f"brug_ww_acceptance:{self.name}", uids) < self.values["employer_acceptance"]

    def _qualifies(self, uids: np.ndarray, sector: np.ndarray) -> np.ndarray:
        """Whether a job in ``sector`` is a brug-WW job for ``uids``: a target sector they switch to."""
        return np.isin(sector, self.target_sector_ids) & (sector != self._previous(uids))

    def employer_hire_bonus(self, model: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
        """Phase 6: accepting employers of a target sector other than the participant's own prefer the cheaper hire.

        Example: a WW recipient who last worked in zorg gets the bonus from accepting bouw and
        industrie employers, not from zorg employers (no sector switch) nor from handel.
        """
        target = self._qualifies(uids, model.employers.sector[market])
        bonus = model.params["matching.subsidy_preference"] * self.values["wage_subsidy"]
        return np.where(target & self._accepts(model, uids), bonus, 0.0)

    # ---------------------------------------------------------------- lifecycle
    def apply(self, model: ParticipationModel) -> None:
        """Trainees first (WW booked on uwv, leavers, completions), then the common steps for searchers."""
        if model.t >= self.start_t:
            self._train(model)
            self._ww_saved(model)
        super().apply(model)
        if model.t < self.start_t:
            return
        p, searchers = model.persons, self.participants(model)
        if len(self.ww_left_now) < p.n:
            self.ww_left_now = np.concatenate([self.ww_left_now, np.zeros(p.n - len(self.ww_left_now), dtype=np.int64)])
        self.ww_left_now[searchers] = p.ww_left[searchers]
        at_risk = searchers[self._at_risk(model, searchers)]  # under notice: they search from the job
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = np.concatenate([ojs, at_risk[~np.isin(at_risk, ojs)]])

    def _ww_saved(self, model: ParticipationModel) -> None:
        """Report the WW not paid this month to brug-WW hires still in work whose WW would have run.

        Example: hired from WW with 10 months left, in work for a year: ``ww_saved`` counts
        ``ww_benefit_per_month`` in each of the 10 months; had they lost the job in month 4, in
        months 1-3 only.
        """
        p = model.persons
        working = (p.status[self.saving] == Status.EMPLOYED) & p.alive[self.saving] & (self.saving_left > 0)
        self.saving, self.saving_left = self.saving[working], self.saving_left[working] - 1
        self.reports.add(model.t, "ww_saved", to_real(len(self.saving), model.scale) * self.values["ww_benefit_per_month"])

    def _train(self, model: ParticipationModel) -> None:
        p = model.persons
        if not len(self.trainees):
            return
        stayed = (p.status[self.trainees] == Status.EMPLOYED) & p.alive[self.trainees]
        left = self.trainees[~stayed]
        self.reports.add(model.t, "dropped_out", to_real(len(left), model.scale))
        self.trainees, self.training_left = self.trainees[stayed], self.training_left[stayed]
        self.ledger.release(left[~np.isin(left, self.trainees)], TRAINING)
        self.charge(model, self.trainees, self.values["ww_cost_per_month"], TRAINING, stream="uwv")
        self.subsidies.month(model)
        self.training_left -= 1
        done = self.training_left <= 0
        finished = self.trainees[done]
        self.ledger.release(finished[~np.isin(finished, self.trainees[~done])], TRAINING)
        p.trained_sector[finished] = p.sector[finished]
        p.trained_at[finished] = model.t  # the advantage fades from now (model/training.py)
        p.distance[finished] = np.maximum(p.distance[finished] - np.float32(model.params["programmes.completion_distance_reduction"]), 0)
        self.count_completed(model, finished)
        self.trainees, self.training_left = self.trainees[~done], self.training_left[~done]
        self.reports.add(model.t, "in_training", to_real(len(self.trainees), model.scale))
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = ojs[~np.isin(ojs, self.trainees)]  # in training, not looking elsewhere

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Searchers no longer on WW or no longer searching leave; the search period may run out."""
        p = model.persons
        self.dropout(model, uids[~(self._on_ww(model, uids) | self._at_risk(model, uids))])
        self.expire(model, uids[p.programme[uids] == self.index])

    def record_month(self, model: ParticipationModel) -> None:
        """Hires of the month: with an accepting target-sector employer they start training (brug-WW)."""
        if model.t < self.start_t:
            return
        p = model.persons
        hired = model.events_of("job_finding", "job_to_job")
        mine = hired[p.programme[hired] == self.index]
        target = self._qualifies(mine, p.sector[mine]) & (p.location[mine] < self.n_employee_locations) & (p.market[mine] >= 0)
        via = mine[target & self._accepts(model, mine)]
        self._start_saving(model, via)
        months = self.values["training_months"]
        self.trainees = np.concatenate([self.trainees, via])
        self.training_left = np.concatenate([self.training_left, np.full(len(via), months, dtype=np.int64)])
        p.protected_until[via] = model.t + months + self.values["job_guarantee_months"]
        self.subsidies.start(model, via, months)
        self.reports.add(model.t, "hired_brug_ww", to_real(len(via), model.scale))
        super().record_month(model)  # every hire is a placement; the search period ends

    def _start_saving(self, model: ParticipationModel, via: np.ndarray) -> None:
        """The WW months brug-WW hires would still have drawn: what was left, or (under notice) their entitlement."""
        p = model.persons
        left = self.ww_left_now[via].copy()
        risk = left <= 0
        entitled = p.status_months[via[risk]] >= model.rules.ww_weeks_condition
        left[risk] = np.where(entitled, model.rules.ww_entitlement(p.work_years[via[risk]], model.year, model.month), 0)
        self.saving = np.concatenate([self.saving, via])
        self.saving_left = np.concatenate([self.saving_left, left.astype(np.int64)])

    def describe(self) -> str:
        filt = self.eligibility.describe()
        who = "WW recipients and workers under notice" + ("" if filt == "everyone" else f" ({filt})")
        text = super().describe().replace(f"eligible: {filt}", f"eligible: {who}", 1)
        return text.replace("; eligible:", f" in {', '.join(self.values['target_sectors'])} (employer acceptance {self.values['employer_acceptance']:.0%}); eligible:", 1)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Leaving the search period: without a brug-WW hire the committed training cost is released."""
        self.ledger.release(uids[~np.isin(uids, self.trainees)], TRAINING)
        super().leave(model, uids)
