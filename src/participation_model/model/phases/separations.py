"""Phase 2, separations: layoffs, temporary contracts ending, quits, sickness into AO; WW inflow.

One draw per employed person per month, split into disjoint slices (competing risks), so the
draw of one person never depends on another's: [0, c1) involuntary separation (layoff by the
business cycle, excess headcount of the employer, temporary contract or student job ending),
[c1, c2) quit out of the labour force (care, education, other), [c2, c3) sickness into AO;
the top slices of the same draw decide conversion of a temporary contract and on-the-job search.
Involuntary separations with enough tenure give a WW entitlement by work history (a dated rule).

Two hooks for interventions, inert in the baseline (``m.job_protection`` False and
``m.separation_hooks`` empty):

- protected jobs: a worker whose ``protected_until`` is this month or later (a notice period, a
  work-study place, brug-WW training, a job guarantee) is not separated involuntarily; quits and
  sickness still happen. Seats of workers under notice (``notice_until``) no longer count as the
  employer's headcount, so excess-headcount layoffs do not hit a second worker for the same job;
- intercepted separations: before the involuntary separations of the month (and those of a mass
  layoff, :func:`separate_involuntarily`) are carried out, each intervention in
  ``m.separation_hooks`` may take some of the persons (``intercept_separations``), e.g. put them
  under notice; the rest are separated as usual.
"""

from __future__ import annotations

import numpy as np

from participation_model.model.codes import Benefit, Contract, Status


def separations(m) -> None:
    p, par = m.persons, m.params
    n = p.n
    emp = np.flatnonzero((p.status[:n] == Status.EMPLOYED) & p.alive[:n])
    contract = p.contract[emp]
    age_y = p.age_months[emp] // 12
    no_ao = (p.benefit[emp] == Benefit.AO) | p.pensioner[emp]  # already on AO, or past AOW age
    group = _hazard_group(contract, p.student[emp], age_y, p.sex[emp], no_ao)
    p_inv, p_quit, p_ao = (table[group] for table in _hazard_tables(m))
    excess_rate = _excess(m) / np.maximum(m.employers.filled[: m.employers.n_markets], 1) * par["separations.excess_layoff_speed"]
    if excess_rate.any():
        market = p.market[emp]
        employee = (contract == Contract.PERMANENT) | (contract == Contract.TEMPORARY)
        p_inv = p_inv + np.where(employee, excess_rate[np.clip(market, 0, len(excess_rate) - 1)], 0.0)
    u = m.draw("separation", emp)
    c1 = p_inv
    c2 = c1 + p_quit
    inv = u < c1
    if m.job_protection:  # notice periods, work-study places, training, job guarantees
        inv &= p.protected_until[emp] < m.t
    quit = (u >= c1) & (u < c2)
    sick = (u >= c2) & (u < c2 + p_ao)
    top = 1.0 - u
    conv_p = par["separations.temporary_to_permanent_rate"]
    temp = contract == Contract.TEMPORARY
    convert = temp & (top < conv_p)
    p.contract[emp[convert]] = Contract.PERMANENT
    ojs_p = par["search.on_the_job_rate"] * m.cycle
    ojs = (top >= conv_p) & (top < conv_p + ojs_p) & ((contract == Contract.PERMANENT) | temp)
    m.on_the_job_searchers = emp[ojs & ~inv & ~quit & ~sick]
    _involuntary(m, *_intercept(m, emp[inv], u[inv] / np.maximum(c1[inv], 1e-12)))
    _quit(m, emp[quit])
    _sick(m, emp[sick])


N_GROUPS = 4 * 2 * 3 * 2 * 2  # contract x student x age group (<25, 25-44, 45+) x sex x not eligible for AO


def _hazard_group(contract, student, age_y, sex, no_ao) -> np.ndarray:
    """Index of each worker's hazard group (see ``_hazard_tables``)."""
    age_group = (age_y >= 25).astype(np.int16) + (age_y >= 45)
    return (((contract.astype(np.int16) * 2 + student) * 3 + age_group) * 2 + sex) * 2 + no_ao


def _hazard_tables(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly hazards per group: involuntary separation, quit, sickness into AO.

    Few groups, so the per-person work is one lookup instead of a dozen array expressions.
    """
    par = m.params
    g = np.arange(N_GROUPS)
    no_ao = g % 2 == 1
    women = (g // 2) % 2 == 1
    age_group = (g // 4) % 3
    student = (g // 12) % 2 == 1
    contract = g // 24
    employee = (contract == Contract.PERMANENT) | (contract == Contract.TEMPORARY)
    p_inv = np.where(employee, par["separations.layoff_rate"] / m.cycle, 0.0)
    p_inv += np.where(contract == Contract.TEMPORARY, par["separations.temporary_end_rate"], 0.0)
    p_inv += np.where(student, par["separations.student_job_end_rate"], 0.0)
    p_inv += np.where(contract == Contract.SELF_EMPLOYED, par["separations.self_employed_exit_rate"], 0.0)
    p_inv += np.where(contract == Contract.SHELTERED, par["separations.wsw_exit_rate"], 0.0)
    p_quit = par["separations.quit_rate"] + np.where(women & (age_group == 1), par["separations.quit_to_care_women_25_44"], 0.0)
    p_ao = np.where(age_group == 2, par["separations.ao_inflow_45_plus"], par["separations.ao_inflow_under_45"])
    p_ao = np.where(no_ao, 0.0, p_ao)
    return p_inv, p_quit, p_ao


def separate_involuntarily(m, uids: np.ndarray, stream: str = "forced_separation", intercept: bool = True) -> None:
    """Lay off ``uids`` outside the normal hazards (mass layoffs), with their own draws.

    Args:
        m: the model.
        uids: employed persons to lay off.
        stream: the random stream of the draws that decide what follows (unemployed or not).
        intercept: offer the persons to the interventions' ``intercept_separations`` first (a
            mass layoff does; the end of a notice period, which was already intercepted, does not).

    With ``intercept``, workers already under notice are not laid off a second time: they leave
    when the notice ends (their seat no longer counts as headcount).
    """
    v = m.draw(stream, uids)
    if m.job_protection and intercept:
        again = m.persons.notice_until[uids] >= m.t
        uids, v = uids[~again], v[~again]
    if intercept:
        uids, v = _intercept(m, uids, v)
    _involuntary(m, uids, v)


def _intercept(m, uids: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Persons (and their draws) still to be separated after the interventions took theirs."""
    for intervention in m.separation_hooks:
        if not len(uids):
            break
        taken = intervention.intercept_separations(m, uids)
        if len(taken):
            keep = ~np.isin(uids, taken)
            uids, v = uids[keep], v[keep]
    return uids, v


def _excess(m) -> np.ndarray:
    """Filled jobs above the desired headcount per market; seats of workers under notice do not count."""
    excess = m.employers.excess()
    if m.job_protection:
        p, emp = m.persons, m.employers
        leaving = p.where(p.notice_until >= m.t)
        if len(leaving):
            seats = np.bincount(p.market[leaving][p.market[leaving] >= 0], minlength=len(emp.filled))[: emp.n_markets]
            excess = np.maximum(emp.filled[: emp.n_markets] - seats - emp.demand, 0.0)
    return excess


def _involuntary(m, uids: np.ndarray, v: np.ndarray) -> None:
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


def _quit(m, uids: np.ndarray) -> None:
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


def _sick(m, uids: np.ndarray) -> None:
    """Long-term sickness ending in a disability benefit (AO) outside the labour force."""
    p = m.persons
    m.events["separations"].append(uids)
    m.leave_job(uids)
    m.set_status(uids, Status.DISABLED)
    p.benefit[uids] = Benefit.AO
    p.ww_left[uids] = 0
