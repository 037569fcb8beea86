"""Phase 5, search: who searches, and how hard.

One draw per person outside work. The unemployed may stop searching (often in the first months
of a spell, when many who just started to look give up again; discouragement rises with
duration; young people return to school; care); persons outside the labour force may start
(by reason: students looking for a side job, carers, discouraged, disabled, early retired,
all more often when the region's vacancies per unemployed person are high);
the top slice of the same draw decides entry into self-employment. Then every unemployed person
gets a search intensity: by age, falling with unemployment duration, lower on bijstand, and
much lower while locked in a course.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model.codes import Contract, Status

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def search(m: ParticipationModel) -> None:
    p, par = m.persons, m.params
    n = p.n
    status_all = p.status[:n]
    alive = p.alive[:n]
    unemployed = np.flatnonzero((status_all == Status.UNEMPLOYED) & alive)
    outside = np.flatnonzero((status_all > Status.UNEMPLOYED) & alive & ~p.pensioner[:n])
    # the unemployed: stop searching (discouragement grows with duration), or start a business
    dur = np.minimum(p.status_months[unemployed], par["search.stop_duration_cap"])
    age_y = p.age_months[unemployed] // 12
    young = age_y < par["search.back_to_school_max_age"]
    p_stop = par["search.stop_base"] + par["search.stop_per_month"] * dur + young * par["search.stop_back_to_school_young"]
    p_stop = p_stop + m.tables.early_stop_by_duration[np.minimum(p.status_months[unemployed], len(m.tables.early_stop_by_duration) - 1)]
    u = m.draw("search", unemployed)
    stop = u < p_stop
    self_emp = ~stop & ((1.0 - u) < _self_employment_rate(m, unemployed)) & ~p.student[unemployed]
    # outside the labour force: start searching, by reason and the labour-market pull
    status = p.status[outside]
    p_start = m.tables.start_search_by_status[status] * _labour_market_pull(m, len(unemployed))
    start = outside[m.draw("search", outside) < p_start]
    _stop(m, unemployed[stop], young[stop])
    m.set_status(start, Status.UNEMPLOYED)
    _start_business(m, unemployed[self_emp])
    _intensity(m)


def _self_employment_rate(m: ParticipationModel, unemployed: np.ndarray) -> float | np.ndarray:
    """Monthly self-employment entry rate of the unemployed: the parameter, unless an intervention bounds it.

    Example: in the baseline every unemployed person has ``search.self_employment_entry_rate``
    (one number); with ESF active inclusion the persons its trajectories activated have its
    bounded rate (an array, one rate per person).
    """
    rate = m.params["search.self_employment_entry_rate"]
    if not m.self_employment_hooks:
        return rate
    rates = np.full(len(unemployed), rate)
    for intervention in m.self_employment_hooks:
        rates = intervention.self_employment_rate(m, unemployed, rates)
    return rates


def _stop(m: ParticipationModel, stoppers: np.ndarray, young: np.ndarray) -> None:
    """Job seekers who stop: young students back to study; women partly to care; others discouraged."""
    p, par = m.persons, m.params
    back = young & p.student[stoppers]
    m.set_status(stoppers[back], Status.STUDYING)
    rest = stoppers[~back]
    care = (p.sex[rest] == 1) & (m.draw("stop_reason", rest) < par["search.stop_to_care_share_women"])
    m.set_status(rest[care], Status.CARING)
    m.set_status(rest[~care], Status.DISCOURAGED)


def _labour_market_pull(m: ParticipationModel, unemployed: int) -> float:
    """Discouraged-worker effect: more people start searching when vacancies are plentiful.

    ``(tightness / reference tightness) ** elasticity``, bounded to [1/b, b] with
    b = ``search.start_pull_bound``; the reference is
    the region's tightness figure (about 1 vacancy per 10 unemployed in 2014). Tightness is the
    open vacancies inside the region per unemployed resident, so re-entry and discouragement
    move with the region's own labour market. ``unemployed``: the number of unemployed residents.
    """
    tightness = float(m.employers.open_by_group()[m.employers.inside].sum()) / max(unemployed, 1)
    ratio = max(tightness, 1e-6) / m.tables.reference_tightness
    bound = m.params["search.start_pull_bound"]
    return float(np.clip(ratio ** m.params["search.start_tightness_elasticity"], 1.0 / bound, bound))


def _start_business(m: ParticipationModel, uids: np.ndarray) -> None:
    """Unemployed persons who start as self-employed in their own (or a random) sector."""
    p = m.persons
    sector = p.sector[uids].copy()
    none = sector < 0
    draw = m.draw("business_sector", uids[none])
    sector[none] = np.floor(draw * len(m.region.sectors)).astype(np.int8)
    m.employ(uids, market=np.full(len(uids), -1), sector=sector, location=np.zeros(len(uids)), contract=Contract.SELF_EMPLOYED)
    m.events["self_employment_entry"].append(uids)


def _intensity(m: ParticipationModel) -> None:
    p, par = m.persons, m.params
    n = p.n
    unemployed = np.flatnonzero((p.status[:n] == Status.UNEMPLOYED) & p.alive[:n])
    base = m.tables.search_by_age_months[p.age_months[unemployed]]
    decay = np.exp(-par["search.duration_decay"] * np.minimum(p.status_months[unemployed], par["search.decay_duration_cap"]))
    benefit_factor = m.tables.search_by_benefit[p.benefit[unemployed]]
    intensity = base * decay * benefit_factor
    course = p.course[unemployed] >= 0
    intensity[course] *= par["search.lockin_factor"]
    programme = p.programme[unemployed]
    in_programme = programme >= 0
    if in_programme.any():
        intensity[in_programme] *= m.programme_search_factor[programme[in_programme]]
    p.search[unemployed] = intensity
    m.searchers = unemployed
