"""Phase 6, matching: applications, employer choice, hires (job-to-job too).

Searchers (the unemployed and the employed who search on the job) each aim at one employer
group: with some probability the sector they are skilled for (a completed course first, else
their last job), otherwise a sector drawn in proportion to its open vacancies; and a location
drawn from the commuting pattern of their education weighted by the sector's open vacancies
there (directed search). In each group the number of hires follows
an urn-ball matching function, ``H = V (1 - exp(-efficiency x A / V))`` for V vacancies and A
search-intensity-weighted applications, never more than the applicants. The employer picks
whom to hire by weighted sampling without replacement (Gumbel top-k on each person's own
draw): weights rise with search intensity, education, skill in the sector and a completed
course, and fall with age and distance to the labour market; programme participants get their
programme's bonus (``programme_hire_bonus``, plus an employer-specific one from interventions in
``hire_bonus_hooks``) and, when they search from a job (e.g. under notice of dismissal), their
programme's search factor on top of the on-the-job intensity. Hires from a job free a vacancy
that is filled in later months (vacancy chains); participants hired by an employer that would
otherwise have hired someone else show up as displacement in the comparison.
"""

from __future__ import annotations

import numpy as np

from participation_model.model.codes import Contract, Status


def matching(m) -> None:
    p, par, emp = m.persons, m.params, m.employers
    unemployed = m.searchers
    unemployed = unemployed[p.status[unemployed] == Status.UNEMPLOYED]
    ojs = m.on_the_job_searchers
    ojs = ojs[p.status[ojs] == Status.EMPLOYED]
    applicants = np.concatenate([unemployed, ojs])
    if not len(applicants):
        return
    ojs_intensity = np.full(len(ojs), par["search.on_the_job_intensity"], dtype=np.float32)
    if m.interventions:  # programme participants searching from a job (e.g. under notice) search harder
        programme = p.programme[ojs]
        in_programme = programme >= 0
        if in_programme.any():
            ojs_intensity[in_programme] *= m.programme_search_factor[programme[in_programme]]
    intensity = np.concatenate([p.search[unemployed], ojs_intensity])
    market = _target_market(m, applicants)
    vac = emp.vacancies
    apps = np.bincount(market, weights=intensity, minlength=emp.n_markets)
    counts = np.bincount(market, minlength=emp.n_markets)
    expected = vac * (1.0 - np.exp(-par["matching.efficiency"] * apps / np.maximum(vac, 1e-9)))
    hires = np.floor(expected)
    hires += m.market_rng.random(emp.n_markets) < (expected - hires)
    hires = np.minimum(hires, counts).astype(np.int64)
    key = np.log(np.maximum(intensity, 1e-12)) + _score(m, applicants, market) + m.gumbel("selection", applicants)
    # sort by group, best key first: one argsort on group x 1000 - key (keys are far inside +-500)
    order = np.argsort(market * 1000.0 - np.clip(key, -400.0, 400.0), kind="stable")
    sorted_market = market[order]
    first = np.searchsorted(sorted_market, sorted_market, side="left")
    rank = np.arange(len(order)) - first
    chosen = order[rank < hires[sorted_market]]
    hired, hired_market = applicants[chosen], market[chosen]
    was_employed = p.status[hired] == Status.EMPLOYED
    m.events["job_to_job"].append(hired[was_employed])
    m.events["job_finding"].append(hired[~was_employed])
    m.events["hires"].append(hired)
    m.leave_job(hired[was_employed])
    age_y = p.age_months[hired] // 12
    young = age_y < par["matching.young_hire_max_age"]
    temp_share = np.where(young, par["matching.temporary_share_new_hires_young"], par["matching.temporary_share_new_hires"])
    contract = np.where(m.draw("new_contract", hired) < temp_share, Contract.TEMPORARY, Contract.PERMANENT)
    m.employ(hired, market=hired_market, sector=emp.sector[hired_market], location=emp.location[hired_market], contract=contract)
    emp.vacancies = np.maximum(emp.vacancies - np.bincount(hired_market, minlength=emp.n_markets), 0.0)


def _target_market(m, uids: np.ndarray) -> np.ndarray:
    p, par, emp = m.persons, m.params, m.employers
    n_loc = len(m.region.locations) - 1
    own = np.where(p.trained_sector[uids] >= 0, p.trained_sector[uids], p.sector[uids])
    u = m.draw("target_sector", uids)
    share = par["matching.own_sector_share"]
    use_own = (own >= 0) & (u < share)
    vac_by_sector = emp.vacancies.reshape(len(m.region.sectors), n_loc).sum(axis=1)
    cum = np.cumsum(vac_by_sector + 1e-9)
    v = np.where(use_own, 0.0, np.where(own >= 0, (u - share) / max(1.0 - share, 1e-12), u))
    drawn = np.searchsorted(cum / cum[-1], v, side="right").clip(0, len(cum) - 1)
    sector = np.where(use_own, own, drawn)
    w = m.draw("target_location", uids)
    vac = emp.vacancies.reshape(len(m.region.sectors), n_loc)[sector] + par["matching.location_vacancy_floor"]
    weights = m.tables.location_share[p.education[uids]] * vac
    cum_loc = np.cumsum(weights, axis=1)
    location = (w[:, None] * cum_loc[:, -1:] >= cum_loc[:, :-1]).sum(axis=1).clip(0, n_loc - 1)
    return (sector * n_loc + location).astype(np.int64)


def _score(m, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
    """Log employer preference for each applicant in the group they applied to."""
    p, par, emp = m.persons, m.params, m.employers
    age_y = p.age_months[uids] // 12
    sector = emp.sector[market]
    score = m.tables.weight_by_age[age_y] + m.tables.weight_by_education[p.education[uids]]
    score = score - par["matching.weight_distance"] * p.distance[uids]
    score = score + np.where(p.sector[uids] == sector, par["matching.weight_own_sector"], 0.0)
    score = score + np.where(p.trained_sector[uids] == sector, par["matching.weight_trained_sector"], 0.0)
    programme = p.programme[uids]
    in_programme = programme >= 0
    if in_programme.any():
        score[in_programme] += m.programme_hire_bonus[programme[in_programme]]
        for intervention in m.hire_bonus_hooks:  # a bonus that depends on the employer (e.g. brug-WW)
            mine = np.flatnonzero(programme == intervention.index)
            if len(mine):
                score[mine] += intervention.employer_hire_bonus(m, uids[mine], market[mine])
    return score
