"""Phase 2, separations: layoffs with notice, temporary contracts ending, quits, sickness into AO; WW inflow.

One draw per employed person per month, split into disjoint slices (competing risks), so the
draw of one person never depends on another's: [0, c1) involuntary separation (a layoff for the
employer's own reasons, a demand-led layoff when the employer group has more staff than its
target demand, a temporary contract or student job ending), [c1, c2) quit out of the labour
force (care, education, other), [c2, c3) sickness into AO; the top slices of the same draw
decide conversion of a temporary contract and on-the-job search (which moves with national
vacancies). Hazards fall with tenure (new jobs end more often) and are higher in the first two
years of a job entered from WW or bijstand. A worker trained for the sector of the job is laid
off less often and shed last (``training.layoff_multiplier``), one trained for another sector
searches on the job more often (``training.on_the_job_search_factor``), both fading with the
months since the course (model/training.py). Demand-led layoffs pick short tenure and temporary
contracts first; in-commuters leave at their own rate and take their share of them.
Involuntary separations with enough tenure give a WW entitlement by work history (a dated rule).

Notice of dismissal: a layoff (for the employer's own reasons or of excess headcount, and a
mass layoff, :func:`dismiss`) of an employee does not end the job at once. The worker gets the
statutory notice by tenure (``Rules.notice_months``, BW 7:672) in the person column
``notice_until``: employed and searching on the job until then, not laid off again, the seat no
longer counted as the employer's headcount (so excess-headcount layoffs do not hit a second
worker for the same job); a job-to-job move ends the notice with the job. When it ends the
worker is separated as any involuntary separation (:func:`_end_notices`). Temporary contracts
ending, student jobs ending, quits and sickness have no notice.

Hooks for interventions, inert in the baseline (``m.job_protection`` False, the hook lists empty):

- protected jobs: a worker whose ``protected_until`` is this month or later (a work-study place,
  brug-WW training, a job guarantee) is not separated involuntarily; quits and sickness still
  happen;
- notices: each intervention in ``m.notice_hooks`` is told of the workers given notice
  (``on_notice``; van-werk-naar-werk enrols some); the notice runs as in the baseline;
- intercepted separations: before the month's involuntary separations without notice are
  carried out, each intervention in ``m.separation_hooks`` may take some of the persons
  (``intercept_separations``); the rest are separated as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

import numpy as np

from participation_model.model import training
from participation_model.model.codes import Benefit, Contract, Status

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def separations(m: ParticipationModel) -> None:
    p, par = m.persons, m.params
    n = p.n
    leaving = _end_notices(m)
    emp = np.flatnonzero((p.status[:n] == Status.EMPLOYED) & p.alive[:n])
    contract = p.contract[emp]
    under_notice = np.zeros(len(emp), dtype=bool)
    under_notice[np.searchsorted(emp, leaving)] = True  # (emp is sorted; those under notice are employed)
    p_inv, p_quit, p_ao = worker_hazards(m, emp)
    base_inv = p_inv
    employee = (contract == Contract.PERMANENT) | (contract == Contract.TEMPORARY)
    excess = _excess(m, leaving)
    p_inv = p_inv + _excess_hazard(m, emp, employee & ~under_notice, excess)
    u = m.draw("separation", emp)
    c1 = p_inv
    c2 = c1 + p_quit
    inv = (u < c1) & ~under_notice  # a worker under notice already has the end of the job fixed
    if m.job_protection:  # work-study places, training, job guarantees
        inv &= p.protected_until[emp] < m.t
    quit = (u >= c1) & (u < c2)
    sick = (u >= c2) & (u < c2 + p_ao)
    top = 1.0 - u
    conv_p = par["separations.temporary_to_permanent_rate"]
    temp = contract == Contract.TEMPORARY
    convert = temp & (top < conv_p) & ~under_notice
    p.contract[emp[convert]] = Contract.PERMANENT
    ojs_p = par["search.on_the_job_rate"] * m.employers.drivers.vacancy_index[m.t] ** par["search.on_the_job_cycle_elasticity"]
    ojs_p = ojs_p * training.search_factor(m, emp)  # retrained for another sector: searches more (fades)
    ojs = (top >= conv_p) & (top < conv_p + ojs_p) & employee
    dismissed = np.zeros(len(emp), dtype=bool)
    dismissed[inv] = _is_dismissal(m, emp[inv], u[inv], base_inv[inv])
    searching = (ojs & ~inv) | under_notice | dismissed  # workers under notice search on the job
    m.on_the_job_searchers = emp[searching & ~quit & ~sick]
    _incommuters(m, excess)
    ended = inv & ~dismissed
    _involuntary(m, *_intercept(m, emp[ended], u[ended] / np.maximum(c1[ended], 1e-12)))
    give_notice(m, emp[dismissed])
    _quit(m, emp[quit])
    _sick(m, emp[sick])


def worker_hazards(m: ParticipationModel, emp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly hazards of workers ``emp``: involuntary separation, quit, sickness into AO.

    The group hazards (contract, student, age, sex) fall with tenure: a new job ends
    ``separations.new_job_multiplier`` times as often as a long-tenured one, the excess fading
    over ``separations.new_job_months``; a job entered from WW or bijstand is more fragile in
    its first two years (``separations.benefit_hire_multiplier``). An employee trained for the
    job's sector has the involuntary hazard times ``training.layoff_multiplier`` (faded with the
    months since the course, :func:`training.retention`). Demand-led layoffs of excess headcount
    come on top (:func:`_excess_hazard`).
    """
    p, hazards = m.persons, m.tables.separation_hazards
    no_ao = (p.benefit[emp] == Benefit.AO) | p.pensioner[emp]  # already on AO, or past AOW age
    group = _hazard_group(p.contract[emp], p.student[emp], p.age_months[emp], p.sex[emp], no_ao)
    tenure = np.minimum(p.job_months[emp], hazards.max_tenure)
    cell = group * (hazards.max_tenure + 1) + tenure
    p_inv, p_quit = hazards.involuntary[cell], hazards.quit[cell]
    p_inv *= training.retention(m, emp)  # trained for the job's sector: kept more often (fades)
    fragile = np.flatnonzero(p.hired_from_benefit[emp] & (tenure < m.tables.fragile_months))
    if len(fragile):
        extra = m.params["separations.benefit_hire_multiplier"]
        p_inv[fragile] *= extra
        p_quit[fragile] *= extra
    return p_inv, p_quit, hazards.sickness[group]


def expected_separations(m: ParticipationModel, n_markets: int) -> np.ndarray:
    """Expected separations in a month per regular employer group (residents and in-commuters).

    Used once at the start to set each group's target so that it starts near its balance.
    """
    p = m.persons
    emp = p.where((p.status == Status.EMPLOYED) & (p.market >= 0) & (p.market < n_markets))
    p_inv, p_quit, p_ao = worker_hazards(m, emp)
    residents = np.bincount(p.market[emp], weights=p_inv + p_quit + p_ao, minlength=n_markets)
    return residents + m.employers.incommuters * m.params["commuting.incommuter_separation_rate"]


N_GROUPS = 4 * 2 * 3 * 2 * 2  # contract x student x age group (<25, 25-44, 45+) x sex x not eligible for AO


def _hazard_group(contract, student, age_months, sex, no_ao) -> np.ndarray:
    """Index of each worker's hazard group (see :func:`separation_hazards`); ages <25, 25-44, 45+."""
    group = contract.astype(np.intp) * 2 + student
    group *= 3
    group += age_months >= 25 * 12
    group += age_months >= 45 * 12
    group *= 2
    group += sex
    group *= 2
    group += no_ao
    return group


@dataclass(frozen=True)
class SeparationHazards:
    """Monthly hazards by worker group (and tenure), computed once per run from the parameters.

    ``involuntary`` and ``quit`` are indexed by ``group x (max_tenure + 1) + tenure``: the
    group's hazard times the tenure multiplier; ``sickness`` by group. Few groups and tenures,
    so the per-person work each month is one lookup instead of a dozen array expressions.
    """

    involuntary: np.ndarray
    quit: np.ndarray
    sickness: np.ndarray
    max_tenure: int
    #: per group, the share of the involuntary hazard that is a layoff for the employer's own
    #: reasons (a dismissal, with notice); the rest is a temporary contract or student job
    #: ending, the self-employed stopping, a Wsw job ending (no notice)
    dismissal: np.ndarray | None = None


def separation_hazards(par, tenure_multiplier: np.ndarray) -> SeparationHazards:
    """The lookup tables of :class:`SeparationHazards` (see ``_hazard_group`` for the groups).

    Example:
        >>> from participation_model.params import load_parameters
        >>> h = separation_hazards(load_parameters(), np.array([3.0, 1.0]))
        >>> bool(h.involuntary[0] == 3 * h.involuntary[1]), h.max_tenure
        (True, 1)
    """
    g = np.arange(N_GROUPS)
    no_ao = g % 2 == 1
    women = (g // 2) % 2 == 1
    age_group = (g // 4) % 3
    student = (g // 12) % 2 == 1
    contract = g // 24
    employee = (contract == Contract.PERMANENT) | (contract == Contract.TEMPORARY)
    p_inv = np.where(employee, par["separations.layoff_rate"], 0.0)
    layoff = p_inv.copy()
    p_inv += np.where(contract == Contract.TEMPORARY, par["separations.temporary_end_rate"], 0.0)
    p_inv += np.where(student, par["separations.student_job_end_rate"], 0.0)
    p_inv += np.where(contract == Contract.SELF_EMPLOYED, par["separations.self_employed_exit_rate"], 0.0)
    p_inv += np.where(contract == Contract.SHELTERED, par["separations.wsw_exit_rate"], 0.0)
    p_quit = par["separations.quit_rate"] + np.where(women & (age_group == 1), par["separations.quit_to_care_women_25_44"], 0.0)
    p_ao = np.where(age_group == 2, par["separations.ao_inflow_45_plus"], par["separations.ao_inflow_under_45"])
    p_ao = np.where(no_ao, 0.0, p_ao)
    by_tenure = lambda rates: (rates[:, None] * tenure_multiplier[None, :]).ravel()  # noqa: E731
    dismissal = layoff / np.maximum(p_inv, 1e-300)
    return SeparationHazards(by_tenure(p_inv), by_tenure(p_quit), p_ao, len(tenure_multiplier) - 1, dismissal)


def separate_involuntarily(m: ParticipationModel, uids: np.ndarray, stream: str = "forced_separation", intercept: bool = True) -> None:
    """End the jobs of ``uids`` now, outside the normal hazards, with their own draws (no notice).

    Args:
        m: the model.
        uids: employed persons whose job ends.
        stream: the random stream of the draws that decide what follows (unemployed or not).
        intercept: offer the persons to the interventions' ``intercept_separations`` first.

    A dismissal (a mass layoff) goes through :func:`dismiss` instead, with the statutory notice.
    """
    v = m.draw(stream, uids)
    if intercept:
        uids, v = _intercept(m, uids, v)
    _involuntary(m, uids, v)


def dismiss(m: ParticipationModel, uids: np.ndarray) -> np.ndarray:
    """Give employed ``uids`` notice of dismissal outside the normal hazards (a mass layoff).

    Workers already under notice are not dismissed a second time: they leave when their notice
    ends. Returns the workers given notice now. The dismissed search on the job from this
    month (phase 6), so a mass layoff in phase 4 adds them to ``m.on_the_job_searchers``.
    """
    p = m.persons
    fresh = uids[p.notice_until[uids] < m.t]
    give_notice(m, fresh)
    if len(fresh):
        m.on_the_job_searchers = np.union1d(m.on_the_job_searchers, fresh)
    return fresh


def give_notice(m: ParticipationModel, uids: np.ndarray) -> None:
    """Put dismissed employees under notice: employed until ``notice_until``, then separated.

    Why: Dutch law (BW 7:672) keeps a dismissed worker employed for a notice period that grows
    with tenure; in it the worker searches on the job and may move job to job without
    unemployment. The period is the rules file's (``Rules.notice_months``). Each intervention
    in ``m.notice_hooks`` is told of the new notices (van-werk-naar-werk enrols some).

    Example: a worker with 7 years of tenure dismissed in month 10 gets ``notice_until`` 12,
    is employed in months 10 and 11, and is separated in phase 2 of month 12 (:func:`_end_notices`).
    """
    if not len(uids):
        return
    p = m.persons
    p.notice_until[uids] = m.t + m.rules.notice_months(p.job_months[uids])
    for hook in m.notice_hooks:
        hook.on_notice(m, uids)


def _end_notices(m: ParticipationModel) -> np.ndarray:
    """Separate the workers whose notice ends this month; return those still under notice.

    The ending ones are separated as any involuntary separation (WW by work history), with
    their own draw in the stream ``notice_end`` deciding whether they become unemployed; they
    are kept in ``m.notice_ended`` for the interventions of phase 4. A notice is cleared when the
    job ends (``leave_job``), so everyone still under notice is employed. One scan of the
    column a month: a few hundred workers are under notice at full scale.
    """
    p = m.persons
    noticed = np.flatnonzero(p.notice_until[: p.n] >= m.t)
    noticed = noticed[(p.status[noticed] == Status.EMPLOYED) & p.alive[noticed]]  # (a safeguard: leave_job clears notices)
    ends = p.notice_until[noticed] == m.t
    ending = noticed[ends]
    m.notice_ended = ending
    if len(ending):
        _involuntary(m, ending, m.draw("notice_end", ending))
    return noticed[~ends]


def _is_dismissal(m: ParticipationModel, who: np.ndarray, u: np.ndarray, base_inv: np.ndarray) -> np.ndarray:
    """Which of the month's involuntary separations ``who`` are dismissals (with notice).

    The involuntary slice ``[0, c1)`` of the separation draw is split once more: ``[0, base x
    dismissal share)`` is a layoff for the employer's own reasons, the rest of ``[0, base)`` a
    contract ending (no notice), and ``[base, c1)`` a demand-led layoff of excess headcount.
    Only employees (permanent or temporary contract) are dismissed.

    Example: a permanent employee with base hazard 0.01, all of it layoffs, and draw u = 0.012
    below c1 = 0.015 is a demand-led layoff, a dismissal.
    """
    p, hazards = m.persons, m.tables.separation_hazards
    contract = p.contract[who]
    employee = (contract == Contract.PERMANENT) | (contract == Contract.TEMPORARY)
    no_ao = (p.benefit[who] == Benefit.AO) | p.pensioner[who]
    group = _hazard_group(contract, p.student[who], p.age_months[who], p.sex[who], no_ao)
    own_reasons = u < base_inv * hazards.dismissal[group]
    return employee & (own_reasons | (u >= base_inv))


def _intercept(m: ParticipationModel, uids: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Persons (and their draws) still to be separated after the interventions took theirs."""
    for intervention in m.separation_hooks:
        if not len(uids):
            break
        taken = intervention.intercept_separations(m, uids)
        if len(taken):
            keep = ~np.isin(uids, taken)
            uids, v = uids[keep], v[keep]
    return uids, v


def _excess(m: ParticipationModel, leaving: np.ndarray) -> np.ndarray:
    """Filled jobs above the target per group; seats of workers under notice (``leaving``) do not count."""
    emp = m.employers
    if not len(leaving):
        return emp.excess()
    p = m.persons
    market = p.market[leaving]
    seats = np.bincount(market[market >= 0], minlength=len(emp.filled))[: emp.n_markets]
    return np.where(emp.inside, np.maximum(emp.jobs() - seats - emp.target, 0.0), 0.0)


def _excess_hazard(m: ParticipationModel, emp: np.ndarray, employee: np.ndarray, excess: np.ndarray) -> np.ndarray:
    """Demand-led layoffs: a group above its target sheds ``excess_layoff_speed`` of the excess a month.

    The residents' part of the excess (their share of the group's jobs) is spread over the
    group's employees with weight ``exp(-tenure / excess_tenure_months)``, times
    ``excess_temporary_weight`` for temporary contracts, times the trained worker's retention
    (:func:`training.retention`): last in, first out, the trained last. In-commuters
    shed their part in :func:`_incommuters`.
    """
    if not excess.any():
        return np.zeros(len(emp))
    p, par, e = m.persons, m.params, m.employers
    market = p.market[emp]
    at_risk = employee & (market >= 0) & (market < e.n_markets)
    at_risk[at_risk] = excess[market[at_risk]] > 0
    if not at_risk.any():
        return np.zeros(len(emp))
    who, where = emp[at_risk], market[at_risk]
    weight = np.exp(-p.job_months[who] / par["separations.excess_tenure_months"])
    weight = np.where(p.contract[who] == Contract.TEMPORARY, weight * par["separations.excess_temporary_weight"], weight)
    weight = weight * training.retention(m, who)  # the trained for the sector are shed last
    residents = e.filled[: e.n_markets].astype(float)
    layoffs = par["separations.excess_layoff_speed"] * excess * residents / np.maximum(e.jobs(), 1e-9)
    total = np.bincount(where, weights=weight, minlength=e.n_markets)
    hazard = np.zeros(len(emp))
    hazard[at_risk] = np.minimum(layoffs[where] * weight / np.maximum(total[where], 1e-12), 1.0)
    return hazard


def _incommuters(m: ParticipationModel, excess: np.ndarray) -> None:
    """In-commuters leave at their own rate and take their share of demand-led layoffs."""
    e, par = m.employers, m.params
    leaving = e.incommuters * par["commuting.incommuter_separation_rate"]
    if excess.any():
        leaving = leaving + par["separations.excess_layoff_speed"] * excess * e.incommuters / np.maximum(e.jobs(), 1e-9)
    leaving = np.minimum(leaving, e.incommuters)
    e.incommuters = e.incommuters - leaving
    e.flows["incommuter_leavers"] += leaving


def _involuntary(m: ParticipationModel, uids: np.ndarray, v: np.ndarray) -> None:
    """Lose the job; most become unemployed (ILO), with WW if the weeks condition is met."""
    p, par = m.persons, m.params
    tenure_ok = p.status_months[uids] >= m.rules.ww_weeks_condition
    m.events["separations"].append(uids)
    m.leave_job(uids)
    student = p.student[uids]
    to_u = np.where(student, v >= par["separations.student_back_to_study_share"], v < par["separations.to_unemployed_share"])
    m.set_status(uids[to_u], Status.UNEMPLOYED)
    m.set_status(uids[~to_u & student], Status.STUDYING)
    m.set_status(uids[~to_u & ~student], Status.DISCOURAGED)
    m.events["job_loss"].append(uids[to_u])
    ww = uids[tenure_ok & ~student & ~p.pensioner[uids] & (p.benefit[uids] == Benefit.NONE)]
    p.benefit[ww] = Benefit.WW
    p.ww_left[ww] = m.rules.ww_entitlement(p.work_years[ww], m.year, m.month)
    m.events["ww_inflow"].append(ww)


def _quit(m: ParticipationModel, uids: np.ndarray) -> None:
    """Leave work for care, education or other reasons outside the labour force (no WW)."""
    p = m.persons
    m.events["separations"].append(uids)
    m.leave_job(uids)
    student = p.student[uids]
    m.set_status(uids[student], Status.STUDYING)
    rest = uids[~student]
    women = p.sex[rest] == 1
    m.set_status(rest[women], Status.CARING)
    m.set_status(rest[~women], Status.DISCOURAGED)


def _sick(m: ParticipationModel, uids: np.ndarray) -> None:
    """Long-term sickness ending in a disability benefit (AO) outside the labour force."""
    p = m.persons
    m.events["separations"].append(uids)
    m.leave_job(uids)
    m.set_status(uids, Status.DISABLED)
    p.benefit[uids] = Benefit.AO
    p.ww_left[uids] = 0
