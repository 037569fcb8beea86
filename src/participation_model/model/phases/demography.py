"""Phase 1, demography: ageing, leaving (death, emigration, turning 75), AOW, school leaving, entrants, in-migrants.

A shrinking, ageing region: every month persons age one month, some die or move away (hazards
by age), those turning 75 leave the 15-75 population, persons reaching the AOW age (a dated
rule) lose their WW, bijstand, AO or Wsw and most stop working, students leave initial
education around an age that depends on their education, and a new cohort of 15-year-olds
enters. Out-migration of the young is selective by education (tables: the higher educated leave
more often), and statushouders housed in the region arrive (2015-2017 most of all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model.codes import MAX_AGE_YEARS, Benefit, Contract, Status

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def demography(m: ParticipationModel) -> None:
    p = m.persons
    n = p.n
    p.age_months[:n] += 1  # rows of persons who left age too; nothing reads them
    ages = p.age_months[:n]
    m.refresh_cells(np.flatnonzero(m.tables.band_change_at_month[ages]))  # turned 25, 35, 45, 55 or 65
    # death and emigration: each person's exponential clock runs down at their age's hazard
    # (the inverse-transform form of a monthly draw, one subtraction per person instead of a draw)
    p.leave_clock[:n] -= m.tables.leave_hazard_by_month[p.education[:n], ages]
    out = np.flatnonzero(((p.leave_clock[:n] <= 0) | (ages >= MAX_AGE_YEARS * 12)) & p.alive[:n])
    m.remove(out)
    older = np.flatnonzero((ages >= 12 * m.params["demography.early_retirement_age"]) & p.alive[:n])
    _aow(m, older)
    _early_retirement(m, older)
    _leave_education(m)
    _entrants(m)
    _statushouders(m)


def leave_clocks(crn, uids: np.ndarray) -> np.ndarray:
    """Exponential(1) thresholds for the death/emigration clock, one per person (init stream)."""
    return (-np.log1p(-crn.uniform("leave_clock", -1, uids))).astype(np.float32)


def _aow(m: ParticipationModel, alive: np.ndarray) -> None:
    """Persons reaching the AOW age: benefits end; most workers retire, others later."""
    p = m.persons
    aow_age = m.rules.aow_age_months(m.year, m.month)
    new = alive[(p.age_months[alive] >= aow_age) & ~p.pensioner[alive]]
    if len(new):
        p.pensioner[new] = True
        ww = new[p.benefit[new] == Benefit.WW]
        p.ww_left[ww] = 0
        sheltered = new[p.contract[new] == Contract.SHELTERED]
        m.leave_job(sheltered)
        m.set_status(sheltered, Status.RETIRED)
        emp = new[p.status[new] == Status.EMPLOYED]
        retire = emp[m.draw("aow_retire", emp) < m.params["demography.retire_at_aow_share"]]
        m.leave_job(retire)
        m.set_status(retire, Status.RETIRED)
        nonemp = new[(p.status[new] != Status.EMPLOYED) & (p.status[new] != Status.RETIRED)]
        m.set_status(nonemp, Status.RETIRED)
        m.events["bijstand_exit"].append(new[p.benefit[new] == Benefit.BIJSTAND])  # AOW replaces bijstand
        p.benefit[new] = Benefit.NONE
    working_pensioners = alive[p.pensioner[alive] & (p.status[alive] == Status.EMPLOYED)]
    stop = working_pensioners[m.draw("aow_retire", working_pensioners) < m.params["demography.retire_after_aow_rate"]]
    m.leave_job(stop)
    m.set_status(stop, Status.RETIRED)


def _early_retirement(m: ParticipationModel, older: np.ndarray) -> None:
    """Workers and job seekers from the early-retirement age to the AOW age retire at a small monthly hazard."""
    p = m.persons
    cand = older[~p.pensioner[older] & (p.status[older] <= Status.UNEMPLOYED) & (p.contract[older] != Contract.SHELTERED)]
    go = cand[m.draw("early_retirement", cand) < m.params["demography.early_retirement_rate"]]
    m.leave_job(go[p.status[go] == Status.EMPLOYED])
    ww = go[p.benefit[go] == Benefit.WW]
    p.benefit[ww] = Benefit.NONE
    p.ww_left[ww] = 0
    m.set_status(go, Status.RETIRED)


def _leave_education(m: ParticipationModel) -> None:
    """Students past their school-leaving age leave education at a monthly hazard."""
    p = m.persons
    students = p.where(p.student)
    age_y = p.age_months[students] // 12
    due = students[age_y >= m.tables.leave_age[p.education[students]]]
    u = m.draw("leave_education", due)
    leave = due[u < m.params["demography.education_leave_rate"]]
    p.student[leave] = False
    studying = leave[p.status[leave] == Status.STUDYING]
    v = m.draw("after_education", studying)
    m.set_status(studying[v < m.params["demography.leave_education_to_search"]], Status.UNEMPLOYED)
    m.set_status(studying[v >= m.params["demography.leave_education_to_search"]], Status.DISCOURAGED)


def _entrants(m: ParticipationModel) -> None:
    """A cohort of 15-year-olds enters each month (deterministic count, scaled)."""
    m.entrant_carry += m.tables.entrants_per_month
    count = int(np.floor(m.entrant_carry))
    m.entrant_carry -= count
    if count <= 0:
        return
    p = m.persons
    uids = p.append(count, age_months=15 * 12, status=Status.STUDYING, student=True)
    u = m.draw("entrant", uids)
    p.sex[uids] = (u < m.tables.share_women).astype(np.int8)
    v = m.draw("entrant_education", uids)
    p.education[uids] = np.searchsorted(m.tables.entrant_education_cum, v, side="right").clip(0, 2).astype(np.int8)
    w = m.draw("entrant_gemeente", uids)
    p.gemeente[uids] = np.searchsorted(m.tables.gemeente_cum, w, side="right").clip(0, len(m.region.gemeenten) - 1).astype(np.int8)
    p.partner_income[uids] = m.draw("entrant_partner", uids) < m.params["init.partner_income_share"]
    p.leave_clock[uids] = leave_clocks(m.crn, uids)
    m.refresh_cells(uids)
    p.distance[uids] = m.params["distance.unemployed"]
    p.status_history[:, uids] = Status.STUDYING
    m.events["entrants"].append(uids)


def _statushouders(m: ParticipationModel) -> None:
    """Statushouders housed in the region this month arrive: mostly young, often low educated, on bijstand.

    The national number housed in the year (region file, ``migration.statushouders_national``)
    times the region's share and the share aged 15-75, spread evenly over the months (the
    fraction carried as for entrants). They start outside the labour force (DISCOURAGED: the
    inburgering and the language come first), far from the labour market
    (``migration.statushouder_distance``), and almost all on bijstand; the search and benefit
    phases take them from there like anyone else.
    """
    t = m.tables
    m.statushouder_carry += m.region.series_value("migration.statushouders_national", m.year) * t.statushouders_factor / 12.0
    count = int(np.floor(m.statushouder_carry))
    m.statushouder_carry -= count
    if count <= 0:
        return
    p = m.persons
    uids = p.append(count, status=Status.DISCOURAGED)
    group = np.searchsorted(t.statushouder_age_cum, m.draw("newcomer_age", uids), side="right").clip(0, len(t.statushouder_age_cum) - 1)
    first, last = t.statushouder_age_edges[group], t.statushouder_age_edges[group + 1]
    p.age_months[uids] = (12 * (first + (last - first) * m.draw("newcomer_age_within", uids))).astype(p.age_months.dtype)
    p.sex[uids] = (m.draw("newcomer_sex", uids) < t.statushouder_share_women).astype(np.int8)
    p.education[uids] = np.searchsorted(t.statushouder_education_cum, m.draw("newcomer_education", uids), side="right").clip(0, 2).astype(np.int8)
    w = m.draw("newcomer_gemeente", uids)
    p.gemeente[uids] = np.searchsorted(t.gemeente_cum, w, side="right").clip(0, len(m.region.gemeenten) - 1).astype(np.int8)
    p.leave_clock[uids] = leave_clocks(m.crn, uids)
    p.distance[uids] = m.params["migration.statushouder_distance"]
    p.status_history[:, uids] = Status.DISCOURAGED
    on_bijstand = uids[m.draw("newcomer_bijstand", uids) < t.statushouder_bijstand_share]
    p.benefit[on_bijstand] = Benefit.BIJSTAND
    m.events["bijstand_inflow"].append(on_bijstand)
    m.refresh_cells(uids)
    m.events["in_migrants"].append(uids)
