"""Phase 7, benefits: WW runs down and exhausts, bijstand inflow and exit, AO, Wsw inflow.

WW recipients out of work use one month of entitlement; at zero the WW is exhausted and, when
the household has no other income, the person moves to bijstand with some probability (the
means test and take-up), else to no benefit. Persons out of work without a benefit and without
household income apply for bijstand at a monthly hazard by status; bijstand also ends for
other reasons than work (partner, moving). AO recipients may recover into job search; others
out of work may enter AO. Until the Wsw closes (a dated rule, 2015), a few persons far from the
labour market enter sheltered work. Finally everyone's months in status advance, workers build
work history, and distance to the labour market drifts up while out of work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model.codes import Benefit, Contract, Status
from participation_model.region import sheltered_location

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def benefits(m: ParticipationModel) -> None:
    p, par = m.persons, m.params
    _ww(m)
    out = p.where(p.status != Status.EMPLOYED)
    benefit, status = p.benefit[out], p.status[out]
    age_m = p.age_months[out]
    u = m.draw("benefits", out)
    eligible = (benefit == Benefit.NONE) & ~p.partner_income[out] & ~p.pensioner[out] & ~p.student[out] & (age_m >= m.rules.bijstand_min_age)
    p_in = np.where(status == Status.UNEMPLOYED, par["benefits.bijstand_inflow_unemployed"], par["benefits.bijstand_inflow_outside"])
    enter = eligible & (u < p_in)
    leave = (benefit == Benefit.BIJSTAND) & (u < par["benefits.bijstand_exit_other"])
    p.benefit[out[enter]] = Benefit.BIJSTAND
    p.benefit[out[leave]] = Benefit.NONE
    m.events["bijstand_inflow"].append(out[enter])
    m.events["bijstand_exit"].append(out[leave])
    top = 1.0 - u
    recover = (benefit == Benefit.AO) & (top < par["benefits.ao_recovery_rate"])
    rec = out[recover]
    p.benefit[rec] = Benefit.NONE
    m.set_status(rec[p.status[rec] == Status.DISABLED], Status.UNEMPLOYED)
    ao_in = ((status == Status.UNEMPLOYED) | (status == Status.DISCOURAGED)) & (benefit != Benefit.AO) & ~p.pensioner[out] & (top < par["benefits.ao_inflow_out_of_work"])
    new_ao = out[ao_in]
    m.events["bijstand_exit"].append(new_ao[p.benefit[new_ao] == Benefit.BIJSTAND])
    p.benefit[new_ao] = Benefit.AO
    p.ww_left[new_ao] = 0
    m.set_status(new_ao, Status.DISABLED)
    if m.rules.wsw_open(m.year, m.month):
        # the slice of the draw above the AO inflow slice, so the two never coincide
        offset = par["benefits.ao_inflow_out_of_work"]
        _wsw_inflow(m, out, (top >= offset) & (top < offset + par["benefits.wsw_inflow_rate"]))
    _advance(m)


def _ww(m: ParticipationModel) -> None:
    p, par = m.persons, m.params
    ww = p.where((p.benefit == Benefit.WW) & (p.status != Status.EMPLOYED))
    p.ww_left[ww] -= 1
    done = ww[p.ww_left[ww] <= 0]
    m.events["ww_exhaustion"].append(done)
    u = m.draw("ww_exhaustion", done)
    to_bij = ~p.partner_income[done] & (u < par["benefits.bijstand_after_ww_exhaustion"])
    p.benefit[done] = Benefit.NONE
    p.benefit[done[to_bij]] = Benefit.BIJSTAND
    p.ww_left[done] = 0
    m.events["bijstand_inflow"].append(done[to_bij])


def _wsw_inflow(m: ParticipationModel, out: np.ndarray, drawn: np.ndarray) -> None:
    p, par = m.persons, m.params
    age_y = p.age_months[out] // 12
    cand = (p.education[out] == 0) & (age_y >= par["benefits.wsw_inflow_min_age"]) & (age_y < par["benefits.wsw_inflow_max_age"]) & ~p.pensioner[out] & (
        (p.status[out] == Status.DISABLED) | (p.status[out] == Status.DISCOURAGED)
    )
    enter = out[cand & drawn]
    market = m.tables.sheltered_market[p.gemeente[enter]]
    m.employ(enter, market=market, sector=np.full(len(enter), m.tables.sheltered_sector), location=np.full(len(enter), sheltered_location(m.region.locations)), contract=Contract.SHELTERED)
    p.benefit[enter] = Benefit.WSW
    m.events["wsw_inflow"].append(enter)


def _advance(m: ParticipationModel) -> None:
    p, par = m.persons, m.params
    n = p.n
    p.status_months[:n] += 1
    working = p.status[:n] == Status.EMPLOYED
    p.work_years[:n] += working * np.float32(1.0 / 12.0)
    p.job_months[:n] += working
    distance = p.distance[:n]
    distance += ~working * np.float32(par["distance.drift_per_month"])
    np.minimum(distance, np.float32(1.0), out=distance)
