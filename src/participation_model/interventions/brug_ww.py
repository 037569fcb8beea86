"""``brug_ww``: WW pays the training hours of a WW recipient who starts with a new employer.

The rules (from 2015 in the sectorplans, from April 2016 generally; rendement.nl, UWV): a
person who receives (or will receive) WW starts with a new employer in a promising occupation
that needs training, with a contract of at least 8 hours a week from the start; during the
training WW keeps paying for the training hours and the employer pays for the hours worked;
the employer guarantees the job for at least 6 months after the training. The scheme was
little used: it is complex, and the job guarantee deters employers (Panteia 2018).

Mechanism in the model: participants are WW recipients out of work, referred for a search
period of ``duration_months``. For employers of the ``target_sectors`` a participant is a
cheaper hire: WW pays the training hours, a wage-cost subsidy of ``wage_subsidy`` (the share of
the hours spent training) during the training. That works through the labour-demand response
(``participation_model.interventions.subsidy``): the employer prefers the participant by
``matching.subsidy_preference x wage_subsidy`` in log weight, and a trainee's job raises the
group's target demand by ``|demand.wage_elasticity| x wage_subsidy`` while the training runs.
Only employers that accept the scheme do so: employer reluctance is explicit, as a share
``employer_acceptance`` of the target-sector vacancies a participant applies to (each
participant's own draw per month, so per application). A participant hired by such an
employer starts with the scheme: ``training_months`` of training on the job, during which the
WW paid for the training hours is booked on the funding stream ``uwv`` (``ww_cost_per_month``);
the job is protected during the training and for ``job_guarantee_months`` after it, and on
completion the participant is trained for the sector (the lasting advantage of a completed
course). Participants hired elsewhere are ordinary placements; those whose WW ends or who stop
searching leave; those not hired within the search period leave (``expired``).

The model has no hours, so the rule of a contract of at least 8 hours a week is not modelled:
every job in the model counts. WW recipients hired with the scheme are employed (their WW ends
in the benefit counts); the partial WW for the training hours appears as spending on ``uwv``.
The budget, when set, covers all spending including that WW: at enrolment the full training
cost is committed and released again when the participant leaves without a brug-WW hire.

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
from participation_model.interventions.fields import FieldSpec
from participation_model.interventions.ledger import TRAINING
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Benefit, Status
from participation_model.region import employer_locations

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("brug_ww")
class BrugWW(Programme):
    hire_bonus_for_all_employers = False  # the bonus depends on the employer: employer_hire_bonus
    subsidy_on_hire = False  # the subsidy is the WW for the training hours of brug-WW hires only
    type_name = "brug_ww"
    summary = "brug-WW: WW pays the training hours of WW recipients hired in promising occupations"
    protects_jobs = True
    employer_specific_bonus = True
    report_fields = REPORT_FIELDS + ("hired_brug_ww", "in_training", "expired")
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
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.target_sector_ids = np.array([model.region.sectors.index(s) for s in self.values["target_sectors"]])
        self.n_employee_locations = len(employer_locations(model.region.locations))
        self.training_cost = self.values["training_months"] * self.values["ww_cost_per_month"]
        self.trainees = np.empty(0, dtype=np.int64)
        self.training_left = np.empty(0, dtype=np.int64)

    def commitments(self) -> list[tuple[int, float]]:
        """The budget covers the WW for the training hours too: committed for every searcher."""
        return super().commitments() + [(TRAINING, self.training_cost)]

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        p = model.persons
        return (p.status[uids] == Status.UNEMPLOYED) & (p.benefit[uids] == Benefit.WW)

    def _accepts(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Whether the employer a participant applies to this month accepts the scheme (own draw)."""
        return model.draw(f"brug_ww_acceptance:{self.name}", uids) < self.values["employer_acceptance"]

    def employer_hire_bonus(self, model: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
        """Phase 6: accepting employers of the target sectors prefer the cheaper hire; others do not."""
        target = np.isin(model.employers.sector[market], self.target_sector_ids)
        bonus = model.params["matching.subsidy_preference"] * self.values["wage_subsidy"]
        return np.where(target & self._accepts(model, uids), bonus, 0.0)

    # ---------------------------------------------------------------- lifecycle
    def apply(self, model: ParticipationModel) -> None:
        """Trainees first (WW booked on uwv, leavers, completions), then the common steps for searchers."""
        if model.t >= self.start_t:
            self._train(model)
        super().apply(model)

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
        self.reports.add(model.t, "completed", to_real(len(finished), model.scale))
        self.trainees, self.training_left = self.trainees[~done], self.training_left[~done]
        self.reports.add(model.t, "in_training", to_real(len(self.trainees), model.scale))
        ojs = model.on_the_job_searchers
        model.on_the_job_searchers = ojs[~np.isin(ojs, self.trainees)]  # in training, not looking elsewhere

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Searchers no longer on WW or no longer searching leave; the search period may run out."""
        p = model.persons
        self.dropout(model, uids[(p.status[uids] != Status.UNEMPLOYED) | (p.benefit[uids] != Benefit.WW)])
        still = uids[p.programme[uids] == self.index]
        expired = still[p.programme_left[still] <= 0]
        self.reports.add(model.t, "expired", to_real(len(expired), model.scale))
        self.leave(model, expired)

    def record_month(self, model: ParticipationModel) -> None:
        """Hires of the month: with an accepting target-sector employer they start training (brug-WW)."""
        if model.t < self.start_t:
            return
        p = model.persons
        hired = model.events_of("job_finding")
        mine = hired[p.programme[hired] == self.index]
        target = np.isin(p.sector[mine], self.target_sector_ids) & (p.location[mine] < self.n_employee_locations) & (p.market[mine] >= 0)
        via = mine[target & self._accepts(model, mine)]
        months = self.values["training_months"]
        self.trainees = np.concatenate([self.trainees, via])
        self.training_left = np.concatenate([self.training_left, np.full(len(via), months, dtype=np.int64)])
        p.protected_until[via] = model.t + months + self.values["job_guarantee_months"]
        self.subsidies.start(model, via, months)
        self.reports.add(model.t, "hired_brug_ww", to_real(len(via), model.scale))
        super().record_month(model)  # every hire is a placement; the search period ends

    def describe(self) -> str:
        filt = self.eligibility.describe()
        who = "WW recipients out of work" + ("" if filt == "everyone" else f" ({filt})")
        text = super().describe().replace(f"eligible: {filt}", f"eligible: {who}", 1)
        return text.replace("; eligible:", f" in {', '.join(self.values['target_sectors'])} (employer acceptance {self.values['employer_acceptance']:.0%}); eligible:", 1)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Leaving the search period: without a brug-WW hire the committed training cost is released."""
        self.ledger.release(uids[~np.isin(uids, self.trainees)], TRAINING)
        super().leave(model, uids)
