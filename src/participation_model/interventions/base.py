"""The intervention framework: declared fields, lifecycle, eligibility, capacity, budget, funding.

An intervention is a plug-in (Covasim's ``Intervention`` is the model): a class registered by
the name used in scenario files, with declared fields that are validated before anything runs,
and a small lifecycle the model calls:

- ``initialize(model)``: resolve dates to months, set up counters, register lasting effects;
- ``apply(model)``: every month, in the programmes phase (phase 4) of the step;
- ``record_month(model)``: every month after the record phase (placements, reports);
- ``finalize(model)``: after the last month.

:class:`Programme` is the base of the instruments that enrol persons. Per month it:

1. moves its participants on (one month less to go), lets the subclass act on them
   (``on_month``), and ends the programme for those who finish (``on_complete``);
2. between ``start`` and ``end``: refers eligible persons (each eligible person not in a
   programme is referred with probability ``referral_rate``, on their own random draw), puts
   them behind the waiting list, and admits as many as the places of the month and the budget
   allow; the subclass acts on the new participants (``on_enrol``);
3. books the costs (per participant at enrolment, per participant-month) on the funding
   streams by their shares.

The budget binds, through one ledger per intervention (``interventions.ledger``): at
enrolment the most a participant can cost is committed (the one-off cost, the monthly cost of
the longest stay they can have, a wage-cost subsidy on a hire, brug-WW's training WW), every
euro is booked from that person's commitment and never beyond it, and exactly what is left is
released when the obligation ends. No one is admitted whose commitment does not fit into the
budget minus what was spent and what is still committed, so spending can never exceed it, in
any month. Places and budgets are for the real population; with ``scale`` < 1 each simulated
participant stands for ``1 / scale`` persons and costs that much.

Interventions touch the model only through its documented surface: ``draw``, ``employ``,
``leave_job``, ``set_status``, ``start_course``, ``end_course``, the person columns
``programme``, ``programme_left``, ``last_programme``, ``programme_ended``,
``protected_until`` and ``notice_until``, the per-programme arrays ``programme_search_factor``
and ``programme_hire_bonus``, ``employers.add_demand_shift``, the employers' ``demand`` and
``vacancies`` of the month (phase 4, after labour demand), the month's on-the-job searchers
``on_the_job_searchers`` (set in phase 2, read in phase 6), and
``phases.separations.separate_involuntarily``.

Hooks into other phases, for instruments whose mechanism is not in the programmes phase (each
declared by a class flag, so the model calls only the interventions that use it and the
baseline pays nothing):

- ``intercepts_separations`` / :meth:`Intervention.intercept_separations`: phase 2 (and mass
  layoffs) offer the persons about to be separated involuntarily; the intervention returns
  those it takes;
- ``watches_notices`` / :meth:`Intervention.on_notice`: phase 2 (and mass layoffs) tell of the
  workers given notice of dismissal (van-werk-naar-werk enrols some of them);
- ``employer_specific_bonus`` / :meth:`Intervention.employer_hire_bonus`: phase 6 asks for the
  hire bonus of the intervention's participants with the employer group they applied to
  (brug-WW: only employers of the target sectors that accept the scheme);
- ``protects_jobs``: the intervention sets ``protected_until`` (no involuntary separation of
  that job until then) or ``notice_until`` (the seat no longer counts as headcount);
- ``bounds_self_employment`` / :meth:`Intervention.self_employment_rate`: phase 5 asks for the
  monthly self-employment entry rate of unemployed persons (ESF active inclusion: a bounded rate
  for the persons its trajectories brought into job search).

Before ``start`` an intervention draws nothing and changes nothing, so a scenario and its
baseline with the same seed are identical, person by person, until it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Sequence

import numpy as np

from participation_model.interventions.common_fields import (  # noqa: F401  (re-exported: every instrument declares its fields with them)
    COMMON_FIELDS,
    PROGRAMME_FIELDS,
    REPORT_FIELDS,
    check_funding,
    with_defaults,
)
from participation_model.interventions.counts import FirstTimes
from participation_model.interventions.eligibility import Eligibility, parse_eligibility
from participation_model.interventions.fields import Context, FieldProblem, FieldSpec, month_number, parse_fields
from participation_model.interventions.ledger import PROGRAMME, SUBSIDY, Ledger
from participation_model.interventions.subsidy import SubsidisedJobs
from participation_model.codes import STREAMS  # noqa: F401  (re-exported: the plug-ins book on these streams)
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import long_term_unemployed

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@dataclass
class Reports:
    """Monthly report of one intervention: counts (persons of the real population) and EUR by stream."""

    fields: tuple[str, ...]
    counts: np.ndarray  # (months, len(fields))
    spending: np.ndarray  # (months, len(STREAMS))

    def add(self, t: int, field: str, value: float) -> None:
        self.counts[t, self.fields.index(field)] += value


class Intervention:
    """Base of all interventions: declared fields, parsing, and the lifecycle."""

    type_name: ClassVar[str] = ""
    fields: ClassVar[tuple[FieldSpec, ...]] = COMMON_FIELDS
    report_fields: ClassVar[tuple[str, ...]] = ("affected",)
    summary: ClassVar[str] = ""
    # hooks into other phases (see the module docstring); the model calls only those that say so
    intercepts_separations: ClassVar[bool] = False
    #: told (``on_notice``) of every notice of dismissal given, in phase 2 and by mass layoffs
    watches_notices: ClassVar[bool] = False
    employer_specific_bonus: ClassVar[bool] = False
    protects_jobs: ClassVar[bool] = False
    bounds_self_employment: ClassVar[bool] = False
    subsidises_wages: bool = False  # sets the person column ``subsidy`` (programmes with a wage_subsidy)

    def __init__(self, values: Mapping[str, Any], index: int) -> None:
        self.values = dict(values)
        self.index = index
        self.name = values.get("name") or self.type_name
        self.start_text = values["start"]
        self.end_text = values.get("end")

    # ---------------------------------------------------------------- validation
    @classmethod
    def check(cls, options: Mapping[str, Any], ctx: Context) -> tuple[dict[str, Any], list[FieldProblem]]:
        """Parse and check a block's options; problems are keyed within the block."""
        values, problems = parse_fields(options, cls.fields, ctx)
        if values.get("end") is None:
            values["end"] = ctx.end
        if values.get("start") and values.get("end") and month_number(values["end"]) < month_number(values["start"]):
            problems.append(FieldProblem("end", values["end"], f"a month not before start ({values['start']})"))
        problems += cls.check_more(values, ctx)
        return values, problems

    @classmethod
    def check_more(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        """Extra checks of a subclass (values may be modified in place, e.g. parsed tables)."""
        return []

    @classmethod
    def build(cls, options: Mapping[str, Any], ctx: Context, index: int) -> "Intervention":
        """Check and construct; raises ValueError listing the problems."""
        values, problems = cls.check(options, ctx)
        if problems:
            lines = "; ".join(f"key '{p.key}': got {p.value!r}; allowed: {p.allowed}" for p in problems)
            raise ValueError(f"intervention {cls.type_name!r}: {lines}")
        return cls(values, index)

    # ---------------------------------------------------------------- lifecycle
    def initialize(self, model: ParticipationModel) -> None:
        self.start_t = month_number(self.start_text) - model.start_index
        self.end_t = month_number(self.end_text) - model.start_index
        self.reports = Reports(self.report_fields, np.zeros((model.months, len(self.report_fields))), np.zeros((model.months, len(STREAMS))))

    def apply(self, model: ParticipationModel) -> None:
        """Act in month ``model.t`` (programmes phase)."""

    def record_month(self, model: ParticipationModel) -> None:
        """After the record phase of month ``model.t``."""

    def finalize(self, model: ParticipationModel) -> None:
        """After the last month."""

    def intercept_separations(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Of the persons about to be separated involuntarily now, those this intervention takes.

        Called (when ``intercepts_separations`` is set) in phase 2 for the month's involuntary
        separations and by mass layoffs; the persons returned are not separated. Default: none.
        """
        return uids[:0]

    def on_notice(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Workers ``uids`` were just given notice of dismissal (``notice_until`` is set).

        Called (when ``watches_notices`` is set) in phase 2 for the month's dismissals and by
        mass layoffs; the notice runs as in the baseline whatever the intervention does. Default: nothing.
        """

    def employer_hire_bonus(self, model: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
        """Log employer-preference bonus of participants ``uids`` with the groups ``market`` they applied to.

        Called (when ``employer_specific_bonus`` is set) in phase 6, on top of
        ``programme_hire_bonus``. Default: none.
        """
        return np.zeros(len(uids))

    def self_employment_rate(self, model: ParticipationModel, uids: np.ndarray, rate: np.ndarray) -> np.ndarray:
        """Monthly self-employment entry rate of the unemployed ``uids``, given ``rate`` so far.

        Called (when ``bounds_self_employment`` is set) in phase 5. Default: unchanged.
        """
        return rate

    def describe(self) -> str:
        """One sentence for the scenario card."""
        return f"{self.name}: {self.summary} from {self.start_text} to {self.end_text}"


class Programme(Intervention):
    """An instrument that enrols persons: eligibility, places, waiting list, budget, funding."""

    fields = COMMON_FIELDS + PROGRAMME_FIELDS
    report_fields = REPORT_FIELDS
    ends_on_work: ClassVar[bool] = True  # a participant hired during the programme leaves it (hired under the scheme)
    hire_bonus_for_all_employers: ClassVar[bool] = True  # False: the instrument's hire_bonus depends on the employer
    # True: ``wage_subsidy`` subsidises the jobs participants are hired into during the programme
    # (paid by the programme); False: the instrument uses the share for its own subsidised jobs
    subsidy_on_hire: ClassVar[bool] = True

    def __init__(self, values: Mapping[str, Any], index: int) -> None:
        super().__init__(values, index)
        self.eligibility: Eligibility = values["eligibility"]
        self.funding: dict[str, float] = values["funding"]
        self.subsidises_wages = float(values.get("wage_subsidy") or 0.0) > 0

    @classmethod
    def check_more(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        values["eligibility"], found = parse_eligibility(values.get("eligibility"), ctx)
        problems += found
        values["funding"], found = check_funding(values.get("funding"))
        problems += found
        return problems + cls.check_instrument(values, ctx)

    @classmethod
    def check_instrument(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        """Checks of the instrument's own fields."""
        return []

    # ---------------------------------------------------------------- lifecycle
    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.share = np.array([self.funding.get(s, 0.0) for s in STREAMS])
        self.waiting = np.empty(0, dtype=np.int64)
        self.waited = np.empty(0, dtype=np.int64)
        self.place_carry = 0.0
        self.admitted_in_year: dict[int, int] = {}
        self.ledger = Ledger(self.values["budget"], model.scale)
        self.enrolments: list[tuple[int, np.ndarray]] = []  # (month, uids) of every admission
        self.profiles: list[dict[str, np.ndarray]] = []  # who they were at enrolment (target groups)
        # the participant counts, each person once (interventions/counts.py)
        self.started, self.completed, self.hired = FirstTimes(), FirstTimes(), FirstTimes()
        # instruments whose own jobs are the subsidised ones drop ``subsidy_months`` (their own duration applies)
        self.subsidies = SubsidisedJobs(self.values["wage_subsidy"], self.values.get("subsidy_months") or self.values["duration_months"])
        self.subsidy_month_cost = self.subsidies.monthly_cost(model.params["costs.monthly_wage_cost"]) if self.subsidy_on_hire else 0.0
        self.subsidy_cost = self.subsidy_month_cost * self.subsidies.months  # committed at enrolment, released if unused
        if self.subsidy_on_hire:
            model.programme_wage_subsidy[self.index] = self.subsidies.share
        # the programme's effect on its participants' search and on employers' preference: the
        # instrument's own ``search_factor`` and ``hire_bonus`` fields where it declares them
        model.programme_search_factor[self.index] = self.values.get("search_factor", 1.0)
        model.programme_hire_bonus[self.index] = self.values.get("hire_bonus", 0.0) if self.hire_bonus_for_all_employers else 0.0

    # ---------------------------------------------------------------- costs
    def max_stay_months(self) -> int:
        """The most months a participant can spend in the programme (each charged ``cost_per_month``)."""
        return int(self.values["duration_months"])

    def commitments(self) -> list[tuple[int, float]]:
        """(kind of account, EUR per simulated participant) committed at enrolment: the most they can cost."""
        own = self.values["cost_per_participant"] + self.max_stay_months() * self.values["cost_per_month"]
        return [(PROGRAMME, own), (SUBSIDY, self.subsidy_cost)]

    @property
    def expected_cost(self) -> float:
        """EUR committed per simulated participant at enrolment (all kinds)."""
        return float(sum(amount for _, amount in self.commitments()))

    def charge(self, model: ParticipationModel, uids: np.ndarray, per_person: float, kind: int = PROGRAMME, stream: str | None = None) -> None:
        """Book ``per_person`` EUR for each of ``uids`` from their commitment of ``kind``.

        On the funding streams by the programme's shares, or all on ``stream`` (brug-WW's WW on uwv).
        """
        euros = self.ledger.spend(uids, per_person, kind)
        if euros <= 0:
            return
        if stream is None:
            self.reports.spending[model.t] += euros * self.share
        else:
            self.reports.spending[model.t, STREAMS.index(stream)] += euros
        self.reports.add(model.t, "spending", euros)

    def apply(self, model: ParticipationModel) -> None:
        if model.t < self.start_t:
            return
        participants = self.participants(model)
        self.charge(model, participants, self.values["cost_per_month"])
        self.subsidy_month(model)
        self._progress(model, participants)
        if model.t <= self.end_t:
            self._enrol(model)
        self.count_in_programme(model, self.participants(model))

    # ---------------------------------------------------------------- the participant counts (interventions/counts.py)
    def count_in_programme(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Report the persons ``uids`` in the programme at the end of this month (``participants_in_programme``)."""
        self.reports.add(model.t, "participants_in_programme", to_real(len(uids), model.scale))

    def count_completed(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """``uids`` completed the programme this month; report those completing it for the first time."""
        self.reports.add(model.t, "participants_completed", to_real(len(self.completed.first(uids)), model.scale))

    def count_hired(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """``uids`` were hired under the scheme this month; report those hired under it for the first time."""
        self.reports.add(model.t, "hired_under_scheme", to_real(len(self.hired.first(uids)), model.scale))

    def subsidy_month(self, model: ParticipationModel) -> None:
        """The month of the wage-cost subsidies on participants' hires: paid, counted, ended ones released."""
        if self.subsidy_month_cost:
            current, ended = self.subsidies.month(model)
            self.charge(model, current, self.subsidy_month_cost, SUBSIDY)
            self.ledger.release(ended, SUBSIDY)

    def participants(self, model: ParticipationModel) -> np.ndarray:
        p = model.persons
        return p.where(p.programme == self.index)

    def _progress(self, model: ParticipationModel, participants: np.ndarray) -> None:
        p = model.persons
        p.programme_left[participants] -= 1
        self.on_month(model, participants)
        still = participants[p.programme[participants] == self.index]
        done = still[p.programme_left[still] <= 0]
        self.on_complete(model, done)
        self.leave(model, done)
        self.count_completed(model, done)

    def _enrol(self, model: ParticipationModel) -> None:
        p = model.persons
        candidates = p.where(p.programme < 0)
        eligible = candidates[self.eligibility.mask(model, candidates) & self.extra_eligible(model, candidates)]
        self.reports.add(model.t, "eligible", to_real(len(eligible), model.scale))
        still_waiting = np.isin(self.waiting, eligible)
        self.waiting, self.waited = self.waiting[still_waiting], self.waited[still_waiting] + 1
        keep = self.waited <= self.values["max_wait_months"]
        self.waiting, self.waited = self.waiting[keep], self.waited[keep]
        fresh = eligible[~np.isin(eligible, self.waiting)]
        u = model.draw(f"referral:{self.name}", fresh)
        referred = fresh[u < self.values["referral_rate"]]
        referred = referred[np.argsort(u[u < self.values["referral_rate"]], kind="stable")]
        queue = np.concatenate([self.waiting, referred])
        admit = queue[: self._capacity(model, len(queue))]
        rest = queue[len(admit):]
        waited = np.concatenate([self.waited, np.zeros(len(referred), dtype=np.int64)])[len(admit):]
        if self.values["waiting_list"]:
            self.waiting, self.waited = rest, waited
        else:
            self.waiting, self.waited = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        self.reports.add(model.t, "waiting", to_real(len(self.waiting), model.scale))
        if len(admit):
            self._admit(model, admit)
        self.reports.add(model.t, "enrolled", to_real(len(admit), model.scale))

    def _capacity(self, model: ParticipationModel, wanted: int) -> int:
        """Admissions this month: places (scaled, with carry), places per year, and budget."""
        k = wanted
        if self.values["places_per_month"] is not None:
            per_month = self.values["places_per_month"] * model.scale
            # unused places lapse: carry only the fraction of a place that scaling leaves over
            self.place_carry = min(self.place_carry + per_month, per_month + 1.0)
            k = min(k, int(np.floor(self.place_carry + 1e-9)))
        if self.values["places_per_year"] is not None:
            year_cap = int(np.floor(self.values["places_per_year"] * model.scale + 1e-9))
            k = min(k, year_cap - self.admitted_in_year.get(model.year, 0))
        return max(min(k, self.ledger.admissible(self.expected_cost)), 0)

    def _admit(self, model: ParticipationModel, uids: np.ndarray) -> None:
        p = model.persons
        if self.values["places_per_month"] is not None:
            self.place_carry -= len(uids)
        self.admitted_in_year[model.year] = self.admitted_in_year.get(model.year, 0) + len(uids)
        for kind, amount in self.commitments():
            self.ledger.commit(uids, amount, kind)
        p.programme[uids] = self.index
        p.programme_left[uids] = self.values["duration_months"]
        self.charge(model, uids, self.values["cost_per_participant"])
        self.reports.add(model.t, "participants_started", to_real(len(self.started.first(uids)), model.scale))
        model.events["programme_enrolment"].append(uids)
        self.enrolments.append((model.t, uids.copy()))
        self.profiles.append(enrolment_profile(model, uids))
        self.on_enrol(model, uids)

    def leave(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """End the programme for ``uids`` (completed, placed or dropped out).

        What is left of their programme commitment goes back to the budget; so does the
        commitment for a wage-cost subsidy of those who leave without a subsidised job.
        """
        p = model.persons
        self.ledger.release(uids, PROGRAMME)
        if self.subsidy_cost:
            self.ledger.release(uids[~np.isin(uids, self.subsidies.uids)], SUBSIDY)
        p.programme[uids] = -1
        p.programme_left[uids] = 0
        p.last_programme[uids] = self.index
        p.programme_ended[uids] = model.t

    def record_month(self, model: ParticipationModel) -> None:
        """Hires under the scheme: participants and recent leavers who started work this month."""
        if model.t < self.start_t:
            return
        p = model.persons
        hired = self.placement_hires(model)
        ours = (p.programme[hired] == self.index) | (
            (p.last_programme[hired] == self.index) & (model.t - p.programme_ended[hired] <= self.values["follow_up_months"])
        )
        self.count_hired(model, hired[ours])
        model.events["programme_placement"].append(hired[ours])
        if self.subsidy_on_hire:  # participants hired during the programme bring their subsidy
            self.subsidies.start(model, hired[p.programme[hired] == self.index])
        if self.ends_on_work:
            self.leave(model, hired[p.programme[hired] == self.index])
        gone = p.programme[: p.n] == self.index
        dropped = np.flatnonzero(gone & ~p.alive[: p.n])
        self.dropout(model, dropped)

    # ---------------------------------------------------------------- hooks for instruments
    def placement_hires(self, model: ParticipationModel) -> np.ndarray:
        """Persons who started work this month (candidates for a placement).

        An instrument that itself puts participants into a job (a work-study place) leaves out
        those entries, which are not placements.
        """
        return model.events_of("job_finding", "job_to_job", "self_employment_entry", "wsw_inflow")

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Instrument-specific eligibility on top of the declared filter."""
        return np.ones(len(uids), dtype=bool)

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """New participants (already marked in the ``programme`` column)."""

    def on_month(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants at the start of each month of the programme."""

    def on_complete(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Participants who finish the programme this month."""

    def dropout(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """End the programme early for ``uids`` and count them as dropped out."""
        self.reports.add(model.t, "dropped_out", to_real(len(uids), model.scale))
        self.leave(model, uids)

    def expire(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """End the searches among ``uids`` whose time in the programme ran out, counted as ``expired``.

        For instruments whose participants search for a place or hire within a period
        (``leerwerkplekken``, ``brug_ww``): a search that found nothing ends, and is not a completion.
        """
        p = model.persons
        expired = uids[p.programme_left[uids] <= 0]
        self.reports.add(model.t, "expired", to_real(len(expired), model.scale))
        self.leave(model, expired)

    def describe(self) -> str:
        size = []
        if self.values["places_per_year"] is not None:
            size.append(f"{self.values['places_per_year']:,} places a year")
        if self.values["places_per_month"] is not None:
            size.append(f"{self.values['places_per_month']:,} places a month")
        if self.values["budget"] is not None:
            size.append(f"a budget of EUR {self.values['budget']:,.0f}")
        funding = ", ".join(f"{s} {share:.0%}" for s, share in self.funding.items())
        return (
            f"{self.name}: {self.summary}; eligible: {self.eligibility.describe()}; enrolling {self.start_text} to "
            f"{self.end_text}" + (f", {' and '.join(size)}" if size else "") + f"; funded by {funding}."
        )


def enrolment_profile(model: ParticipationModel, uids: np.ndarray) -> dict[str, np.ndarray]:
    """Participants' group attributes at enrolment (for effects by target group)."""
    p = model.persons
    return {
        "age": (p.age_months[uids] // 12).astype(np.int16),
        "education": p.education[uids].copy(),
        "sex": p.sex[uids].copy(),
        "gemeente": p.gemeente[uids].copy(),
        "status": p.status[uids].copy(),
        "benefit": p.benefit[uids].copy(),
        "long_term": long_term_unemployed(p.status[uids], p.status_months[uids]),
    }


def build_interventions(specs: Sequence[tuple[str, Mapping[str, Any]]], ctx: Context) -> list[Intervention]:
    """Instances for ``(type, options)`` pairs, in order (their index is the programme id)."""
    from participation_model.interventions import get_intervention

    return [get_intervention(kind).build(options, ctx, index) for index, (kind, options) in enumerate(specs)]
