"""``loonkostensubsidie``: the Participatiewet's wage-cost subsidy for people with a loonwaarde below the WML.

Participatiewet art. 10c-10d (2015): the gemeente assesses the wage value (loonwaarde) of a
person in its target group who cannot earn the statutory minimum wage (WML) in full-time work,
and pays their employer the difference between the WML and that loonwaarde (at most 70% of the
WML), for as long as the reduced loonwaarde lasts (often structurally, reassessed from time to
time). The subsidy compensates reduced productivity: it makes the person employable at the
WML, it does not make an ordinary worker cheaper.

Mechanism in the model:

- **Assessment.** At enrolment each participant gets a loonwaarde from their distance to the
  labour market (:func:`assess_loonwaarde`: full up to ``full_loonwaarde_distance``, falling by
  ``loonwaarde_loss_per_distance`` per distance unit beyond it), in whole percentages, as a
  loonwaardemeting reports it. The subsidy share is ``1 - loonwaarde``, at most
  ``max_subsidy_share`` (:func:`subsidy_share`).
- **Target group** (:func:`participatiewet_group`): aged 18 to the AOW age, not working, not in
  education, no WW or AO benefit (those are UWV's clients), i.e. on bijstand or without a
  benefit (niet-uitkeringsgerechtigden), and an assessed loonwaarde below the WML (below 1);
  and looking for work, since the loonwaarde is assessed in view of a job.
- **Employer's choice**: the subsidy makes the participant employable rather than cheap.
  Employers discount distance to the labour market (``matching.weight_distance``); the subsidy
  makes up for the part of it that is the compensated loonwaarde gap
  (:func:`compensated_distance`), so the employer ranks the participant as if that part were not
  there (phase 6, through :meth:`employer_hire_bonus`). A loonwaarde below ``1 -
  max_subsidy_share`` is compensated only up to the ceiling.
- **Demand** goes through the wage-cost subsidy machinery of ``interventions/subsidy.py``: each
  subsidised job carries its own share in the ``subsidy`` column and raises its group's target
  demand by ``|demand.wage_elasticity| x share`` (phase 3). Jobs are created only through that
  response; nothing sets a share of additional jobs.
- **Costs**: ``share x wml_wage_cost`` per subsidised month, on the funding streams (default
  ``gemeente``: the subsidy is paid from the gemeente's inkomensdeel), booked through the ledger.
  At enrolment the most a participant can cost is committed (the capped share for
  ``subsidy_months``); what is left goes back when the search ends without a job or the job ends.

Example block::

    [[interventions]]
    type = "loonkostensubsidie"
    start = "2016-01"
    places_per_year = 120
    funding = { gemeente = 1.0 }

Example:
    >>> float(assess_loonwaarde(np.array([0.3, 0.6, 1.0]), 0.4, 1.25)[1])
    0.75
    >>> subsidy_share(np.array([0.75, 0.2]), 0.7).round(2).tolist()
    [0.25, 0.7]
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
from participation_model.interventions.ledger import PROGRAMME, SUBSIDY
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Benefit, Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel

def assess_loonwaarde(distance: np.ndarray, full_distance: float, loss_per_distance: float) -> np.ndarray:
    """Loonwaarde (share of the WML a person earns by their work) from their distance to the labour market.

    Why: the model has no productivity column; its latent distance to the labour market is what
    employers discount (``matching.weight_distance``). Up to ``full_distance`` a person is as
    productive as anyone (their distance is scarring or search, not capacity); beyond it the
    loonwaarde falls linearly. Rounded to whole percentages, as a loonwaardemeting reports it.

    Example:
        >>> assess_loonwaarde(np.array([0.2, 0.5, 0.9, 1.0]), 0.4, 1.25).tolist()
        [1.0, 0.88, 0.38, 0.25]
    """
    value = 1.0 - loss_per_distance * np.maximum(np.asarray(distance, dtype=np.float64) - full_distance, 0.0)
    return np.round(np.clip(value, 0.0, 1.0), 2)


def subsidy_share(loonwaarde: np.ndarray, max_share: float) -> np.ndarray:
    """The loonkostensubsidie as a share of the WML wage cost: ``1 - loonwaarde``, at most ``max_share``.

    Why: art. 10d pays the difference between the WML and the loonwaarde, with a ceiling; a
    person below ``1 - max_share`` still costs the employer more than they produce.

    Example:
        >>> subsidy_share(np.array([1.0, 0.55, 0.1]), 0.7).round(2).tolist()
        [0.0, 0.45, 0.7]
    """
    return np.round(np.clip(1.0 - np.asarray(loonwaarde, dtype=np.float64), 0.0, max_share), 2)


def compensated_distance(share: np.ndarray, loss_per_distance: float) -> np.ndarray:
    """The distance to the labour market the subsidy makes up for: the loonwaarde gap it pays, in distance units.

    Why: the loonwaarde falls by ``loss_per_distance`` per distance unit, so a subsidy of
    ``share`` of the WML compensates ``share / loss_per_distance`` units (all of the gap below the
    ceiling, part of it above).

    Example:
        >>> compensated_distance(np.array([0.5, 0.0]), 1.25).tolist()
        [0.4, 0.0]
    """
    if loss_per_distance <= 0:
        return np.zeros(len(share))
    return np.asarray(share, dtype=np.float64) / loss_per_distance


def participatiewet_group(model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
    """Who the gemeente is responsible for under the Participatiewet and who could take a job now.

    Why: the instruments of art. 10b-10d are the gemeente's, for persons from the bijstand age
    (the rules file's ``bijstand_min_age``, 18) to the AOW age on bijstand or without a benefit;
    WW and AO recipients are UWV's. Workers, students and
    pensioners are not looking for the instrument.

    Example: an unemployed bijstand recipient aged 30 is in the group, a WW recipient is not.
    """
    p = model.persons
    benefit = p.benefit[uids]
    status = p.status[uids]
    return (
        (p.age_months[uids] >= model.rules.bijstand_min_age)
        & ((benefit == Benefit.BIJSTAND) | (benefit == Benefit.NONE))
        & (status != Status.EMPLOYED) & (status != Status.RETIRED)
        & ~p.student[uids] & ~p.pensioner[uids]
    )


def loonwaarde_fields() -> tuple[FieldSpec, ...]:
    """The assessment and subsidy fields of the job-search instruments, with the shared Participatiewet defaults.

    Why: loonkostensubsidie and garantiebanen assess and subsidise by the same rule, so their
    defaults are the one ``[participatiewet.*]`` table of the defaults file.

    Example:
        >>> [s.name for s in loonwaarde_fields()][:2]
        ['subsidy_months', 'wml_wage_cost']
        >>> loonwaarde_fields()[0].default_key
        'participatiewet.subsidy_months'
    """
    return (
        FieldSpec("subsidy_months", "int", default=from_file("participatiewet.subsidy_months"), min=1, max=240, help="months the subsidy on a job runs at most (structural: as long as the reduced loonwaarde lasts)"),
        FieldSpec("wml_wage_cost", "float", default=from_file("participatiewet.wml_wage_cost"), min=0.0, help="EUR a month: the employer's cost of a full-time job at the WML, the base of the subsidy"),
        FieldSpec("max_subsidy_share", "float", default=from_file("participatiewet.max_subsidy_share"), min=0.0, max=0.9, help="the ceiling of the subsidy as a share of the WML wage cost"),
        FieldSpec("full_loonwaarde_distance", "float", default=from_file("participatiewet.full_loonwaarde_distance"), min=0.0, max=1.0, help="distance to the labour market up to which the assessed loonwaarde is the full WML"),
        FieldSpec("loonwaarde_loss_per_distance", "float", default=from_file("participatiewet.loonwaarde_loss_per_distance"), min=0.0, max=10.0, help="fall of the loonwaarde (share of the WML) per distance unit beyond that"),
    )


@register("loonkostensubsidie")
class Loonkostensubsidie(Programme):
    """Participatiewet art. 10d: an assessed loonwaarde, and the difference to the WML paid to the employer."""

    type_name = "loonkostensubsidie"
    summary = "loonkostensubsidie (Participatiewet art. 10d) for people with a loonwaarde below the WML"
    subsidy_on_hire = False  # the share is per person (1 - loonwaarde); this class starts and pays it
    employer_specific_bonus = True  # the preference follows each participant's own share
    report_fields = REPORT_FIELDS + ("subsidised_jobs",)
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("wage_subsidy", "subsidy_months"),
        duration_months=(from_file("loonkostensubsidie.duration_months"), "months a participant searches with the subsidy on offer"),
        referral_rate=(from_file("loonkostensubsidie.referral_rate"), "monthly probability that a person of the target group gets a loonwaarde assessment"),
    ) + loonwaarde_fields()

    def __init__(self, values: Any, index: int) -> None:
        super().__init__(values, index)
        self.subsidises_wages = self.values["max_subsidy_share"] > 0

    @classmethod
    def check_more(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        """The gemeente pays unless the block names other funders; the ledger's subsidy kind uses the ceiling."""
        if values.get("funding") is None:
            values["funding"] = {"gemeente": 1.0}
        values["wage_subsidy"] = values["max_subsidy_share"]  # the common machinery's share: the most a job gets
        return super().check_more(values, ctx)

    # ---------------------------------------------------------------- lifecycle
    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.share_of = np.zeros(0)  # assessed subsidy share by uid (grown on demand)
        self.stream_of = np.zeros(0, dtype=np.int8)  # 0: the funding shares; 1: uwv (garantiebanen, Wajong)
        self.month_cost = self.values["wml_wage_cost"]

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Job seekers of the Participatiewet group with an assessed loonwaarde below the WML.

        The gemeente assesses the loonwaarde in view of a job, so the person searches for work.
        """
        searching = model.persons.status[uids] == Status.UNEMPLOYED
        return participatiewet_group(model, uids) & searching & (self.assess(model, uids) < 1.0)

    def assess(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Each person's loonwaarde now (the assessment at enrolment is kept)."""
        v = self.values
        return assess_loonwaarde(model.persons.distance[uids], v["full_loonwaarde_distance"], v["loonwaarde_loss_per_distance"])

    def commitments(self) -> list[tuple[int, float]]:
        """The programme's own costs and the most a subsidised job can cost: the ceiling share for the longest subsidy."""
        own = self.values["cost_per_participant"] + self.max_stay_months() * self.values["cost_per_month"]
        return [(PROGRAMME, own), (SUBSIDY, self.values["max_subsidy_share"] * self.month_cost * self.values["subsidy_months"])]

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The loonwaarde assessment: each participant's subsidy share is fixed for their job."""
        n = model.persons.n
        if len(self.share_of) < n:
            self.share_of = np.concatenate([self.share_of, np.zeros(n - len(self.share_of))])
            self.stream_of = np.concatenate([self.stream_of, np.zeros(n - len(self.stream_of), dtype=np.int8)])
        self.share_of[uids] = subsidy_share(self.assess(model, uids), self.values["max_subsidy_share"])

    def employer_hire_bonus(self, model: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
        """The subsidy makes the participant employable: the employer's discount for the compensated loonwaarde goes.

        Why: employers discount distance to the labour market (``matching.weight_distance`` per
        unit); beyond ``full_loonwaarde_distance`` that distance is the reduced loonwaarde. The
        subsidy pays the employer for the part of it up to the ceiling, ``share /
        loonwaarde_loss_per_distance`` distance units, so the employer ranks the participant as
        if that part were not there. It is not a cost cut on an ordinary worker, so it is not
        ``matching.subsidy_preference x share`` on top. Example: share 0.5, loss 1.25 and weight
        3.2 give a bonus of 1.28 in log weight.
        """
        loss = self.values["loonwaarde_loss_per_distance"]
        return model.params["matching.weight_distance"] * compensated_distance(self.share_of[uids], loss)

    # ---------------------------------------------------------------- the subsidised jobs
    def start_jobs(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants hired now: their job carries their own share from now on (phase 3 reads it)."""
        if not len(uids):
            return
        self.subsidies.start(model, uids, self.values["subsidy_months"])
        model.persons.subsidy[uids] = self.share_of[uids].astype(np.float32)
        zero = uids[self.share_of[uids] <= 0]  # cannot happen for the target group; keeps the books exact
        self.subsidies.stop(model, zero)

    def subsidy_month(self, model: ParticipationModel) -> None:
        """Pay this month's subsidies, ``share x wml_wage_cost`` each, from the subsidy commitments; release ended ones."""
        current, ended = self.subsidies.month(model)
        self.reports.add(model.t, "subsidised_jobs", to_real(len(current), model.scale))
        self.pay(model, current)
        self.ledger.release(ended, SUBSIDY)

    def pay(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Book the month's subsidy of ``uids``, grouped by share (whole percentages) and stream."""
        shares = self.share_of[uids]
        for uwv in (0, 1):
            mine = self.stream_of[uids] == uwv
            for share in np.unique(shares[mine]):
                who = uids[mine & (shares == share)]
                self.charge(model, who, float(share) * self.month_cost, SUBSIDY, stream="uwv" if uwv else None)

    def record_month(self, model: ParticipationModel) -> None:
        """Participants hired this month start their subsidised job; then placements and leaving as usual."""
        if model.t >= self.start_t:
            p = model.persons
            hired = self.placement_hires(model)
            employee = (p.market[hired] >= 0) & (p.market[hired] < model.employers.n_markets)  # a job with an employer, not self-employment
            self.start_jobs(model, hired[(p.programme[hired] == self.index) & (p.status[hired] == Status.EMPLOYED) & employee])
        super().record_month(model)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Leavers without a subsidised job give their subsidy commitment back."""
        self.ledger.release(uids[~np.isin(uids, self.subsidies.uids)], SUBSIDY)
        super().leave(model, uids)

    def describe(self) -> str:
        v = self.values
        what = f" (up to {v['max_subsidy_share']:.0%} of EUR {v['wml_wage_cost']:,.0f} a month for up to {v['subsidy_months']} months)"
        return super().describe().replace("; eligible:", what + "; eligible:", 1)
