"""Phase 5, search: who searches, and how hard.

One draw per person outside work. The unemployed may stop searching (discouragement rises with
duration; young people return to school; care); persons outside the labour force may start
(by reason: students looking for a side job, carers, discouraged, disabled, early retired);
the top slice of the same draw decides entry into self-employment. Then every unemployed person
gets a search intensity: by age, falling with unemployment duration, lower on bijstand, and
much lower while locked in a course.
"""

from __future__ import annotations

import numpy as np

from participation_model.model.codes import Contract, Status


def search(m) -> None:
    p, par = m.persons, m.params
    out_of_work = p.where(p.status != Status.EMPLOYED)
    status = p.status[out_of_work]
    age_y = p.age_months[out_of_work] // 12
    dur = p.status_months[out_of_work]
    u = m.draw("search", out_of_work)
    unemployed = status == Status.UNEMPLOYED
    p_stop = par["search.stop_base"] + par["search.stop_per_month"] * np.minimum(dur, 60)
    p_stop = p_stop + np.where(age_y < 23, par["search.stop_back_to_school_young"], 0.0)
    pull = _labour_market_pull(m)
    p_start = m.tables.start_search_by_status[status] * np.where(status == Status.DISCOURAGED, m.cycle, 1.0) * pull
    p_start = np.where(p.pensioner[out_of_work], 0.0, p_start)
    stop = unemployed & (u < p_stop)
    start = ~unemployed & (u < p_start)
    stoppers = out_of_work[stop]
    young = age_y[stop] < 23
    m.set_status(stoppers[young & p.student[stoppers]], Status.STUDYING)
    rest = stoppers[~(young & p.student[stoppers])]
    women = p.sex[rest] == 1
    v = m.draw("stop_reason", rest)
    m.set_status(rest[women & (v < par["search.stop_to_care_share_women"])], Status.CARING)
    m.set_status(rest[~(women & (v < par["search.stop_to_care_share_women"]))], Status.DISCOURAGED)
    m.set_status(out_of_work[start], Status.UNEMPLOYED)
    self_emp = unemployed & ~stop & ((1.0 - u) < par["search.self_employment_entry_rate"]) & ~p.student[out_of_work]
    _start_business(m, out_of_work[self_emp])
    _intensity(m)


def _labour_market_pull(m) -> float:
    """Discouraged-worker effect: more people start searching when vacancies are plentiful.

    ``(tightness / reference tightness) ** elasticity``, bounded to [1/2, 2]; the reference is
    the region's tightness figure (about 1 vacancy per 10 unemployed in 2014).
    """
    p = m.persons
    unemployed = max(int(np.count_nonzero(p.status[: p.n] == Status.UNEMPLOYED)), 1)
    tightness = float(m.employers.vacancies.sum()) / unemployed
    ratio = max(tightness, 1e-6) / m.tables.reference_tightness
    return float(np.clip(ratio ** m.params["search.start_tightness_elasticity"], 0.5, 2.0))


def _start_business(m, uids: np.ndarray) -> None:
    """Unemployed persons who start as self-employed in their own (or a random) sector."""
    p = m.persons
    sector = p.sector[uids].copy()
    none = sector < 0
    draw = m.draw("business_sector", uids[none])
    sector[none] = np.floor(draw * len(m.region.sectors)).astype(np.int8)
    m.employ(uids, market=np.full(len(uids), -1), sector=sector, location=np.zeros(len(uids)), contract=Contract.SELF_EMPLOYED)
    m.events["self_employment_entry"].append(uids)


def _intensity(m) -> None:
    p, par = m.persons, m.params
    unemployed = p.where(p.status == Status.UNEMPLOYED)
    age_y = p.age_months[unemployed] // 12
    base = m.tables.search_by_age[age_y]
    decay = np.exp(-par["search.duration_decay"] * np.minimum(p.status_months[unemployed], 120))
    benefit_factor = m.tables.search_by_benefit[p.benefit[unemployed]]
    lockin = np.where(p.course[unemployed] >= 0, par["search.lockin_factor"], 1.0)
    programme = np.where(p.programme[unemployed] >= 0, m.programme_search_factor[p.programme[unemployed]], 1.0)
    p.search[unemployed] = (base * decay * benefit_factor * lockin * programme).astype(np.float32)
    m.searchers = unemployed
