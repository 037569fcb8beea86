"""Phase 6, matching: applications, employer choice, hires (job-to-job too).

Searchers (the unemployed and the employed who search on the job) each apply to one vacancy
*cell* of one employer group: a sector (with some probability the one they are qualified for:
a completed course first while it counts, else their last job; otherwise in proportion to the open vacancies
they could fill), a location (the commuting pattern of their education times those vacancies
there) and a cell of the group (education asked for, and whether a sector qualification is
asked for), in proportion to its open vacancies times how well they fit it. In each cell the
number of hires follows an urn-ball matching function, ``H = V (1 - exp(-efficiency x A / V))``
for V open vacancies and A fit- and search-intensity-weighted applications. Residents of other
regions (a pool that grows with national unemployment) apply too and take their share of the
hires: inside the region they become in-commuters, outside it they are the competition for the
vacancies within residents' reach. The rest go to residents, never more than apply. A cell
without applicants who fit keeps its vacancies open: that is mismatch, and it is where a
course for the sector fills vacancies that would otherwise stay empty.

The employer picks whom to hire by weighted sampling without replacement (Gumbel top-k on each
person's own draw): weights rise with search intensity, fit, education, experience in the
sector and a completed course (fading with the months since, model/training.py), and fall with age and distance to the labour market; programme
participants get their programme's bonus (``programme_hire_bonus``, plus an employer-specific
one from interventions in ``hire_bonus_hooks``, and ``matching.subsidy_preference`` per unit of
a wage-cost subsidy they bring) and, when they search from a job (e.g. under notice of
dismissal), their programme's search factor on top of the on-the-job intensity. Hires from a
job open a gap that the employer posts later (vacancy chains); participants hired where someone
else would otherwise have been hired show up as displacement in the comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model import training
from participation_model.model.codes import Contract, Status
from participation_model.model.employers import CELL_QUALIFIED, N_CELLS, N_EDUCATION

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def matching(m: ParticipationModel) -> None:
    p, par, emp = m.persons, m.params, m.employers
    unemployed = m.searchers
    unemployed = unemployed[p.status[unemployed] == Status.UNEMPLOYED]
    ojs = m.on_the_job_searchers
    ojs = ojs[p.status[ojs] == Status.EMPLOYED]
    applicants = np.concatenate([unemployed, ojs])
    ojs_intensity = np.full(len(ojs), par["search.on_the_job_intensity"], dtype=np.float32)
    if m.interventions:  # programme participants searching from a job (e.g. under notice) search harder
        programme = p.programme[ojs]
        in_programme = programme >= 0
        if in_programme.any():
            ojs_intensity[in_programme] *= m.programme_search_factor[programme[in_programme]]
    intensity = np.concatenate([p.search[unemployed], ojs_intensity])
    market, cell, fit = _applications(m, applicants)
    weight = intensity * fit
    cells = market * N_CELLS + cell
    n_cells = emp.n_markets * N_CELLS
    open_cells = emp.fillable_cells()
    vac = open_cells.ravel()
    residents = _effective_applications(m, cells, weight, fit < 1.0, vac)
    pool = (emp.outsider_pool(m.t)[:, None] * open_cells / np.maximum(open_cells.sum(axis=1, keepdims=True), 1e-12)).ravel()
    applications = residents + pool
    expected = vac * (1.0 - np.exp(-par["matching.efficiency"] * applications / np.maximum(vac, 1e-9)))
    expected_residents = expected * residents / np.maximum(applications, 1e-12)
    hires = np.floor(expected_residents)
    hires += m.market_rng.random(n_cells) < (expected_residents - hires)
    hires = np.minimum(hires, np.bincount(cells[fit > 0], minlength=n_cells)).astype(np.int64)
    incommuter_hires = expected - expected_residents
    # only applicants who fit a cell that hires can be chosen: rank those
    ranked = np.flatnonzero((fit > 0) & (hires[cells] > 0))
    key = np.log(np.maximum(weight[ranked], 1e-12)) + _score(m, applicants[ranked], market[ranked]) + m.gumbel("selection", applicants[ranked])
    chosen = ranked[choose(cells[ranked], key, hires)]
    hired, hired_market = applicants[chosen], market[chosen]
    emp.fill(np.arange(n_cells), incommuter_hires + np.bincount(cells[chosen], minlength=n_cells))
    incommuters = incommuter_hires.reshape(emp.n_markets, N_CELLS).sum(axis=1) * emp.inside
    emp.flows["incommuter_hires"] += incommuters
    emp.incommuters = emp.incommuters + incommuters
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


def _effective_applications(m: ParticipationModel, cells: np.ndarray, weight: np.ndarray, partial: np.ndarray, vacancies: np.ndarray) -> np.ndarray:
    """Residents' applications per cell, with those of applicants who do not fully fit capped.

    An applicant one education level short, or without the sector qualification a vacancy asks
    for, is taken only by the employers willing to: at most that share of the cell's vacancies
    (``matching.under_education_weight``, ``matching.unqualified_weight``). Their applications
    count in full while they are few, and saturate at that share of the vacancies however many
    apply, so a vacancy that asks for a qualification stays open when qualified applicants run
    out, even in a slack market.
    """
    n_cells = len(vacancies)
    full = np.bincount(cells[~partial], weights=weight[~partial], minlength=n_cells)
    part = np.bincount(cells[partial], weights=weight[partial], minlength=n_cells)
    cap = vacancies * np.tile(m.tables.partial_fit_share, n_cells // N_CELLS)
    return full + cap * -np.expm1(-part / np.maximum(cap, 1e-12))


def choose(cells: np.ndarray, key: np.ndarray, hires: np.ndarray) -> np.ndarray:
    """Indices of the applicants each cell hires: its ``hires[cell]`` best keys.

    With ``key = log weight + Gumbel noise`` this is weighted sampling without replacement
    (Gumbel top-k): where a cell hires few of many, an applicant's chance is about proportional
    to ``exp(log weight)``, so a log-weight bonus ``b`` makes them ``exp(b)`` times as likely.

    Example:
        >>> choose(np.array([0, 0, 1, 1]), np.array([1.0, 3.0, 2.0, 0.5]), np.array([1, 2])).tolist()
        [1, 2, 3]
    """
    # sort by cell, best key first: one argsort on cell x 1000 - key (keys are far inside +-500)
    # (quicksort: keys carry continuous Gumbel noise, so only never-hired applicants, all at -400, tie)
    order = np.argsort(cells * 1000.0 - np.clip(key, -400.0, 400.0))
    sorted_cells = cells[order]
    first = np.searchsorted(sorted_cells, sorted_cells, side="left")
    rank = np.arange(len(order)) - first
    return np.sort(order[rank < hires[sorted_cells]])


def _applications(m: ParticipationModel, uids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each applicant applies: employer group, vacancy cell, and how well they fit it.

    Sector: with probability ``own_sector_share`` the sector of a completed course, else of the
    last job; otherwise one drawn in proportion to the open vacancies the applicant could fill,
    weighted by where people of their education look for work (commuting) and by their fit.
    Location: by the commuting pattern times those vacancies there. Cell: in proportion to the
    group's open vacancies times the fit. The fit is 1 for a vacancy whose education the
    applicant has and whose sector qualification (if it asks for one) they hold; one education
    level short gives ``matching.under_education_weight``, two levels none; lacking the
    qualification gives ``matching.unqualified_weight``. Qualified for a sector: the last job
    was in it, or a course for it was completed less than ``training.advantage_horizon_months`` ago.
    """
    p, par, emp = m.persons, m.params, m.employers
    n_sec = len(m.region.sectors)
    n_loc = emp.n_markets // n_sec
    edu = p.education[uids].astype(np.intp)
    own, trained = p.sector[uids].astype(np.intp), training.active_trained_sector(m, uids)  # a faded course no longer counts
    wq = par["matching.unqualified_weight"]
    vac = emp.fillable_cells().reshape(n_sec, n_loc, N_CELLS)
    fit_open = np.einsum("slc,ec->esl", vac * ~CELL_QUALIFIED, m.tables.education_fit)  # (edu, sector, location)
    fit_qual = np.einsum("slc,ec->esl", vac * CELL_QUALIFIED, m.tables.education_fit)
    share = m.tables.location_share  # (edu, location)
    base = np.einsum("esl,el->se", fit_open + wq * fit_qual, share) + 1e-9
    bonus = np.einsum("esl,el->se", (1.0 - wq) * fit_qual, share)
    # sector: the preferred one, or drawn (weights laid out (sector, applicant) for a fast column-wise draw)
    u = m.draw("target_sector", uids)
    own_share = par["matching.own_sector_share"]
    preferred = np.where(trained >= 0, trained, own)
    use_own = (preferred >= 0) & (u < own_share)
    sector = preferred.copy()
    drawn = np.flatnonzero(~use_own)
    if len(drawn):
        e, o, t = edu[drawn], own[drawn], trained[drawn]
        weights = base[:, e]
        cols = np.arange(len(drawn))
        has_own, has_trained = o >= 0, (t >= 0) & (t != o)
        weights[o[has_own], cols[has_own]] += bonus[o[has_own], e[has_own]]
        weights[t[has_trained], cols[has_trained]] += bonus[t[has_trained], e[has_trained]]
        v = np.where(preferred[drawn] >= 0, (u[drawn] - own_share) / max(1.0 - own_share, 1e-12), u[drawn])
        sector[drawn] = _pick(weights, v)
    qualified = (own == sector) | (trained == sector)
    # location and cell: weights per (education, sector or group, qualified) computed once for the
    # month, laid out (category, combination) and gathered per applicant in one step
    q_factor = np.array([wq, 1.0])  # by qualified
    reach = fit_open[:, :, None, :] + q_factor[None, None, :, None] * fit_qual[:, :, None, :] + par["matching.location_vacancy_floor"]
    by_location = (share[:, None, None, :] * reach).reshape(-1, n_loc).T  # (location, edu x sector x qualified)
    location = _pick(by_location[:, (edu * n_sec + sector) * 2 + qualified], m.draw("target_location", uids))
    market = (sector * n_loc + location).astype(np.int64)
    fit_table = m.tables.education_fit[:, None, :] * np.where(CELL_QUALIFIED[None, None, :], q_factor[None, :, None], 1.0)  # (edu, qualified, cell)
    combo = (market * N_EDUCATION + edu) * 2 + qualified
    open_cells = vac.reshape(-1, N_CELLS)
    weights = open_cells[:, None, None, :] * fit_table[None, :, :, :]  # (group, edu, qualified, cell)
    empty = weights.sum(axis=3) <= 0
    fallback = emp.cell_share[:, None, None, :] * fit_table[None, :, :, :] + 1e-12  # an open application
    weights = np.where(empty[..., None], fallback, weights).reshape(-1, N_CELLS)
    cell = _pick(weights.T[:, combo], m.draw("target_cell", uids))
    return market, cell, fit_table.reshape(-1, N_CELLS)[edu * 2 + qualified, cell]


def _pick(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Categorical draw per column: the row at which the column's cumulative weight share passes ``u``.

    ``weights`` is (categories, draws): a loop over the few categories with whole-column
    operations is several times faster than a row-wise cumulative sum.

    Example:
        >>> _pick(np.array([[1.0, 0.0], [1.0, 1.0], [2.0, 0.0]]), np.array([0.6, 0.9])).tolist()
        [2, 1]
    """
    target = u * weights.sum(axis=0)
    acc = np.zeros(weights.shape[1])
    index = np.zeros(weights.shape[1], dtype=np.intp)
    for row in weights[:-1]:
        acc += row
        index += target >= acc
    return index


def _trained_preference(m: ParticipationModel, uids: np.ndarray, sector: np.ndarray) -> np.ndarray:
    """Log employer preference for applicants trained for the group's sector: ``matching.weight_trained_sector`` x advantage.

    The advantage of a course fades with the months since completion (model/training.py), so a
    fresh certificate counts in full, one of four years ago (at the default half-life) half.
    Only the trained are looked at.
    """
    out = np.zeros(len(uids))
    trained = np.flatnonzero(m.persons.trained_sector[uids] == sector)
    if len(trained):
        out[trained] = m.params["matching.weight_trained_sector"] * training.advantage(m, uids[trained])
    return out


def _score(m: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
    """Log employer preference for each applicant in the group they applied to."""
    p, par, emp = m.persons, m.params, m.employers
    age_y = p.age_months[uids] // 12
    sector = emp.sector[market]
    score = m.tables.weight_by_age[age_y] + m.tables.weight_by_education[p.education[uids]]
    score = score - par["matching.weight_distance"] * p.distance[uids]
    score = score + np.where(p.sector[uids] == sector, par["matching.weight_own_sector"], 0.0)
    score = score + _trained_preference(m, uids, sector)
    programme = p.programme[uids]
    in_programme = programme >= 0
    if in_programme.any():
        score[in_programme] += m.programme_hire_bonus[programme[in_programme]]
        score[in_programme] += par["matching.subsidy_preference"] * m.programme_wage_subsidy[programme[in_programme]]
        for intervention in m.hire_bonus_hooks:  # a bonus that depends on the employer (e.g. brug-WW)
            mine = np.flatnonzero(programme == intervention.index)
            if len(mine):
                score[mine] += intervention.employer_hire_bonus(m, uids[mine], market[mine])
    return score
