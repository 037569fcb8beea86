"""Synthetic population: one person per resident aged 15-75, matching the region's margins.

Steps:
1. Margins for the start year from the region file: population by age band and sex (projected
   back from the reference year), gemeente shares (the local population figures where the file
   gives them, ``gemeente_shares``), education by age, labour force and
   unemployment by age and sex (the national participation shape scaled to the regional total;
   the unemployment rate of the start year), reasons for non-participation by age, and benefit
   stocks by labour status; where the file gives gemeente figures (benefit stocks,
   participation, population by age), margins by gemeente that keep the region totals.
2. Iterative proportional fitting of the table age x sex x education x gemeente x status x
   benefit to those margins, from a seed table that carries structural zeros (no benefits from
   AOW age, no retirement before 55) and assumed odds (education gradients, caring by sex).
3. Integerisation to ``round(population x scale)`` persons (truncate, replicate, sample, with
   the replication's seed), then per-person
   attributes inside each cell (exact age, durations, sector and location of the job, contract,
   work history, WW entitlement left, distance to the labour market) from the model's common
   random numbers.

Example:
    >>> from participation_model.region import load_region
    >>> from participation_model.params import load_parameters
    >>> from participation_model.model.rules import load_rules
    >>> from participation_model.model.rng import CommonRandomNumbers
    >>> built = build_population(load_region("oost-groningen"), load_parameters(), load_rules(),
    ...                          CommonRandomNumbers(1), start_year=2014, scale=0.01)
    >>> 1000 < built.persons.n < 1200
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from participation_model.gemeente_shares import benefit_shares, commuting_shares, gemeente_age, population_shares, rate_weights, region_commuting_share
from participation_model.model.codes import (
    FIVE_YEAR_BANDS,
    FLOW_BAND_OF_AGE,
    Benefit,
    Contract,
    Status,
)
from participation_model.model.ipf import Margin, integerise, ipf
from participation_model.model.persons import Persons
from participation_model.model.rng import CommonRandomNumbers
from participation_model.model.rules import Rules
from participation_model.params import ParameterSet
from participation_model.region import RegionData, employer_locations

N_A, N_S, N_E, N_T, N_B = len(FIVE_YEAR_BANDS), 2, 3, len(Status), len(Benefit)
STATUS_KEYS = {s.name.lower(): s for s in Status}
BENEFIT_KEYS = {"ww": Benefit.WW, "bijstand": Benefit.BIJSTAND, "ao": Benefit.AO, "wsw": Benefit.WSW}
BROAD_OF_FIVE = np.array([0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3])


@dataclass
class BuiltPopulation:
    """The persons plus the fitted table and margins (kept for tests and documentation)."""

    persons: Persons
    table: np.ndarray
    cell_counts: np.ndarray
    population_total: float


def start_population_total(region: RegionData, start_year: int) -> float:
    """Population 15-75 in January of the start year, projected from the reference year.

    The reference figure is an annual average (CBS), so it stands for the middle of its year,
    half a year after January. The projection uses the 15-75 change when the region file
    gives one (``population.annual_change_15_75``), else the total population's change.

    Example:
        >>> from participation_model.region import load_region
        >>> r = load_region("oost-groningen")
        >>> start_population_total(r, 2016) > r.figure("population.total_15_75")["value"]
        True
    """
    total = region.figure("population.total_15_75")["value"]
    key = "population.annual_change_15_75" if "annual_change_15_75" in region.raw["population"] else "population.annual_change"
    change = region.figure(key)["value"]
    return float(total * (1.0 + change) ** (start_year - region.reference_year - 0.5))


def fit_table(region: RegionData, start_year: int) -> tuple[np.ndarray, float]:
    """IPF table (A, S, E, G, T, B) of expected persons at the start year."""
    total = start_population_total(region, start_year)
    n_g = len(region.gemeenten)
    shape = (N_A, N_S, N_E, n_g, N_T, N_B)
    idx = np.indices(shape)
    a, s, e, g, t, b = idx
    pop_as = _age_sex(region, total, start_year)
    by_gemeente = _gemeente(region, total)
    by_gemeente_age = gemeente_age(region, by_gemeente, pop_as.sum(axis=1))
    margins = [
        Margin(a * N_S + s, pop_as.ravel(), "age x sex"),
        Margin(g, by_gemeente, "gemeente") if by_gemeente_age is None else Margin(g * N_A + a, by_gemeente_age.ravel(), "gemeente x age"),
        Margin(a * N_E + e, _age_education(region, total, start_year).ravel(), "age x education"),
    ]
    lf_as, u_as = _labour_force(region, total, start_year)
    lfs = np.where(t == Status.EMPLOYED, 0, np.where(t == Status.UNEMPLOYED, 1, 2))
    targets_lfs = np.stack([lf_as - u_as, u_as, pop_as - lf_as], axis=-1)
    margins.append(Margin((a * N_S + s) * 3 + lfs, targets_lfs.ravel(), "age x sex x labour force"))
    at = _age_status(region, pop_as, lf_as, u_as)
    margins.append(Margin(a * N_T + t, at.ravel(), "age x status"))
    margins.append(Margin(t * N_B + b, _status_benefit(region, at.sum(axis=0), start_year).ravel(), "status x benefit"))
    margins += _local_margins(region, by_gemeente, start_year, (lf_as - u_as).sum(), lf_as.sum(), g, t, b)
    fit = ipf(_seed(region, shape), margins)
    return fit.table, total


def _local_margins(region: RegionData, by_gemeente: np.ndarray, year: int, employed: float, labour_force: float,
                   g: np.ndarray, t: np.ndarray, b: np.ndarray) -> list[Margin]:  # fmt: skip
    """The margins that put the region's totals into gemeenten by their local figures (none without them).

    Why: without local figures nothing in the seed ties gemeente to status or benefit, so every
    gemeente gets the region's rates; a local benefit stock or participation rate gives its
    gemeente its own share of the region's total (``gemeente_shares``), the other gemeenten share
    the rest by population, and the region totals stay as the other margins set them.

    Example:
        >>> from participation_model.region import load_region
        >>> region = load_region("oost-groningen")   # local AO stocks for three gemeenten
        >>> margins = _local_margins(region, _gemeente(region, 111000.0), 2014, 67000.0, 73000.0, *np.indices((7, 8, 5)))
        >>> [m.name for m in margins]
        ['gemeente x benefit']
    """
    margins = []
    population = by_gemeente / by_gemeente.sum()
    local = {key: benefit_shares(region, key, by_gemeente) for key in BENEFIT_KEYS}
    if any(shares is not None for shares in local.values()):
        targets = np.zeros((len(by_gemeente), N_B))
        for key, benefit in BENEFIT_KEYS.items():
            shares = local[key] if local[key] is not None else population
            targets[:, benefit] = region.series_value(f"benefits.{key}", year) * shares
        targets[:, Benefit.NONE] = by_gemeente - targets.sum(axis=1)
        if (targets[:, Benefit.NONE] < 0).any():
            bad = region.gemeenten[int(np.argmin(targets[:, Benefit.NONE]))]
            raise ValueError(f"{region.path}: the benefit stocks given or allocated to gemeente {bad!r} exceed its population 15-75")
        margins.append(Margin(g * N_B + b, targets.ravel(), "gemeente x benefit"))
    for rate, total, members in (("netto_participation", employed, (Status.EMPLOYED,)),
                                 ("bruto_participation", labour_force, (Status.EMPLOYED, Status.UNEMPLOYED))):  # fmt: skip
        weights = rate_weights(region, rate, by_gemeente)
        if weights is not None:
            inside = total * weights
            margins.append(Margin(g * 2 + np.isin(t, members), np.stack([by_gemeente - inside, inside], axis=-1).ravel(), f"gemeente x {rate}"))
    return margins


def _age_sex(region: RegionData, total: float, year: int | None = None) -> np.ndarray:
    """Population by five-year band and sex at the start ``year``, scaled to ``total``.

    The region file's table is for its reference year; for another start year the cohorts are
    moved back (or forward) by the years in between, so that the model ages the population
    it starts with into the reference year's (:func:`shift_cohorts`).
    """
    fig = region.figure("population.age_sex")
    table = np.array([fig["men"], fig["women"]], dtype=float).T
    if year is not None and year != region.reference_year:
        table = np.stack([shift_cohorts(table[:, k], region.reference_year - year) for k in range(N_S)], axis=1)
    return table * (total / table.sum())


def shift_cohorts(bands: np.ndarray, years: float) -> np.ndarray:
    """Five-year band counts of the same cohorts ``years`` earlier (negative: later).

    Each band's count is spread evenly over its single years; a cohort aged ``a`` at the
    reference year was aged ``a - years`` then. Deaths and migration in between are left out
    (the total is set separately). Cohorts that were inside the 15-75 range then but are 75 or
    older at the reference year are not in the table: they take the density of the oldest band
    (ASSUMPTION, as are the youngest cohorts of a later start, which take the youngest band's).

    Example:
        >>> shift_cohorts(np.array([10.0, 20.0, 30.0]), 5).tolist()   # bands 15-19, 20-24, 25-29
        [20.0, 30.0, 30.0]
    """
    width = 5
    density = np.repeat(bands / width, width)  # single years from 15
    ages = np.arange(len(density)) + years
    shifted = np.interp(ages, np.arange(len(density)), density, left=density[0], right=density[-1])
    return shifted.reshape(len(bands), width).sum(axis=1)


def _gemeente(region: RegionData, total: float) -> np.ndarray:
    """Persons 15-75 per gemeente: local population figures where given, else ``population.gemeente_share``."""
    return population_shares(region) * total


def _age_education(region: RegionData, total: float, year: int) -> np.ndarray:
    fig = region.figure("population.education_by_age")
    shares = np.array([fig["low"], fig["mid"], fig["high"]], dtype=float).T  # broad x E
    shares = shares / shares.sum(axis=1, keepdims=True)
    pop_a = _age_sex(region, total, year).sum(axis=1)
    return pop_a[:, None] * shares[BROAD_OF_FIVE]


def _labour_force(region: RegionData, total: float, year: int) -> tuple[np.ndarray, np.ndarray]:
    """Labour force and unemployed by age band and sex at the start year."""
    pop = _age_sex(region, total, year)
    shape = region.figure("labour.bruto_participation_shape")
    rate = np.array([shape["men"], shape["women"]], dtype=float).T / 100.0
    bruto = region.figure("labour.bruto_participation")["value"] / 100.0
    lf = pop * rate
    lf *= bruto * pop.sum() / lf.sum()
    ur = region.series_value("labour.unemployment_rate", year) / 100.0
    rel_age = np.array(region.figure("labour.unemployment_by_age_relative")["values"], dtype=float)
    rel_sex_fig = region.figure("labour.unemployment_by_sex_relative")["values"]
    rel = rel_age[:, None] * np.array([rel_sex_fig["men"], rel_sex_fig["women"]])[None, :]
    u = lf * rel
    u *= ur * lf.sum() / u.sum()
    return lf, u


def _age_status(region: RegionData, pop: np.ndarray, lf: np.ndarray, u: np.ndarray) -> np.ndarray:
    fig = region.figure("labour.nilf_reason_by_age")
    out = np.zeros((N_A, N_T))
    out[:, Status.EMPLOYED] = (lf - u).sum(axis=1)
    out[:, Status.UNEMPLOYED] = u.sum(axis=1)
    nilf = (pop - lf).sum(axis=1)
    odds = region.figure("population.synthesis_odds")
    reasons = (Status.STUDYING, Status.DISABLED, Status.RETIRED, Status.CARING, Status.DISCOURAGED)
    shares = np.zeros((N_A, len(reasons)))
    for k, status in enumerate(reasons):
        shares[:, k] = np.array(fig[status.name.lower()], dtype=float)[BROAD_OF_FIVE]
        age_odds = odds.get(f"{status.name.lower()}_by_age")
        if age_odds is not None:  # respect the structural zeros of the seed table
            shares[:, k] *= np.array(age_odds, dtype=float)
    shares /= shares.sum(axis=1, keepdims=True)
    for k, status in enumerate(reasons):
        out[:, status] = nilf * shares[:, k]
    return out


def _status_benefit(region: RegionData, status_totals: np.ndarray, year: int) -> np.ndarray:
    """Target persons by status and benefit; 'none' is what the benefits leave over."""
    shares = region.figure("benefits.status_shares")
    out = np.zeros((N_T, N_B))
    for key, benefit in BENEFIT_KEYS.items():
        stock = region.series_value(f"benefits.{key}", year)
        for status_key, share in shares[key].items():
            out[STATUS_KEYS[status_key], benefit] = stock * share
    out[:, Benefit.NONE] = status_totals - out.sum(axis=1)
    if (out[:, Benefit.NONE] < 0).any():
        bad = [Status(i).name.lower() for i in np.flatnonzero(out[:, Benefit.NONE] < 0)]
        raise ValueError(f"{region.path}: benefit stocks exceed the persons with status {bad}")
    return out


def _seed(region: RegionData, shape: tuple[int, ...]) -> np.ndarray:
    """Seed table: structural zeros and the assumed odds in population.synthesis_odds."""
    odds = region.figure("population.synthesis_odds")
    seed = np.ones(shape)
    a, s, e, g, t, b = np.indices(shape)
    for key, benefit in BENEFIT_KEYS.items():
        by_age = np.array(odds[f"{key}_by_age"], dtype=float)
        by_edu = np.array(odds[f"{key}_by_education"], dtype=float)
        mask = b == benefit
        seed[mask] *= by_age[a[mask]] * by_edu[e[mask]]
    for status in Status:
        key = status.name.lower()
        if f"{key}_by_age" in odds:
            mask = t == status
            seed[mask] *= np.array(odds[f"{key}_by_age"], dtype=float)[a[mask]]
        if f"{key}_by_education" in odds:
            mask = t == status
            seed[mask] *= np.array(odds[f"{key}_by_education"], dtype=float)[e[mask]]
        if f"{key}_by_sex" in odds:
            mask = t == status
            seed[mask] *= np.array(odds[f"{key}_by_sex"], dtype=float)[s[mask]]
    return seed


def build_population(
    region: RegionData,
    params: ParameterSet,
    rules: Rules,
    crn: CommonRandomNumbers,
    start_year: int,
    scale: float,
    start_month: int = 1,
) -> BuiltPopulation:
    """Build the persons for a run starting in ``start_year``-``start_month``."""
    table, total = fit_table(region, start_year)
    n = int(round(total * scale))
    counts = integerise(table, n, crn.scalar_generator("integerise"))
    cells = np.repeat(np.arange(counts.size), counts.ravel())
    a, s, e, g, t, b = np.unravel_index(cells, counts.shape)
    persons = Persons(capacity=n + entrant_capacity(region, scale))
    uids = persons.append(
        n,
        sex=s.astype(np.int8),
        education=e.astype(np.int8),
        gemeente=g.astype(np.int8),
        status=t.astype(np.int8),
        benefit=b.astype(np.int8),
    )
    _impute(persons, uids, a, region, params, rules, crn, start_year, start_month)
    return BuiltPopulation(persons, table, counts, total)


def entrant_capacity(region: RegionData, scale: float) -> int:
    """Room for entrants over a long horizon, so arrays rarely need to grow."""
    per_year = region.figure("population.entrants_per_year")["value"]
    return int(per_year * scale * 25) + 16


def _impute(persons, uids, band, region, params, rules, crn, year, month) -> None:
    """Per-person attributes within cells, from the 'init' streams (step -1)."""
    p = persons
    step = -1
    u = lambda name: crn.uniform(f"init_{name}", step, uids)  # noqa: E731
    age_years = 15 + 5 * band + np.floor(u("age") * 5)
    p.age_months[uids] = (age_years * 12 + np.floor(u("age_month") * 12)).astype(np.int16)
    status, benefit = p.status[uids], p.benefit[uids]
    employed = status == Status.EMPLOYED
    unemployed = status == Status.UNEMPLOYED
    young = age_years < 20
    student_share = np.where(young, params["init.student_share_15_19"], np.where(age_years < 25, params["init.student_share_20_24"], 0.0))
    p.student[uids] = (status == Status.STUDYING) | ((employed | unemployed) & (u("student") < student_share))
    p.education[uids] = final_education(p.education[uids], p.student[uids], age_years, params)
    # durations
    flow_band = FLOW_BAND_OF_AGE[age_years.astype(int)]
    mean_u = np.array([params["init.unemployment_duration_15_34"], params["init.unemployment_duration_35_54"], params["init.unemployment_duration_55_74"]])[flow_band]
    dur_u = np.floor(-np.log1p(-u("duration")) * mean_u)
    career = np.clip(age_years - params["init.career_start_age"], 1, params["init.career_max_years"])
    dur_e = np.floor(u("tenure") * career * 12 * params["init.tenure_fraction"])
    dur_n = np.floor(u("nilf_duration") * params["init.nilf_duration_max"])
    p.status_months[uids] = np.where(unemployed, dur_u, np.where(employed, dur_e, dur_n)).clip(0, 600).astype(np.int16)
    p.job_months[uids] = np.where(employed, p.status_months[uids], 0)  # tenure: one job for now
    work_share = np.where(employed, params["init.work_history_share_employed"], params["init.work_history_share_other"])
    since_18 = np.clip(age_years - params["init.work_history_start_age"], 0, None)
    p.work_years[uids] = (since_18 * work_share * (0.5 + u("work_years"))).astype(np.float32)
    p.partner_income[uids] = (benefit != Benefit.BIJSTAND) & (u("partner") < params["init.partner_income_share"])
    _assign_jobs(p, uids, region, params, crn, employed, age_years)
    ww = benefit == Benefit.WW
    ent = rules.ww_entitlement(p.work_years[uids], year, month)
    left = np.maximum(1, np.ceil(ent * u("ww_left"))).astype(np.int16)
    p.ww_left[uids] = np.where(ww, left, 0)
    p.distance[uids] = initial_distance(p, uids, params, u("distance"))
    p.pensioner[uids] = p.age_months[uids] >= rules.aow_age_months(year, month)
    p.leave_clock[uids] = (-np.log1p(-crn.uniform("leave_clock", -1, uids))).astype(np.float32)
    for k in range(3):
        p.status_history[k, uids] = status


def final_education(education: np.ndarray, student: np.ndarray, age_years: np.ndarray, params: ParameterSet) -> np.ndarray:
    """Education as the level a person leaves school with, for students still in school.

    The model's education is the level a person leaves education with (entrants draw it at 15
    and leave school at its leaving age, ``demography.education_leave_age_*``). The CBS margin
    counts the level attained so far, so a 21-year-old student is "low" or "mid" there while on
    the way to a higher level. Left as attained, every such student is past the leaving age of
    that level at the start and leaves school in the first months: a bulge of school leavers
    that no later year has (about 5,000 students at once instead of about 1,500 in a steady
    year), which would raise unemployment by about a point in the first year of every run. So a
    student past the leaving age of their attained level gets the lowest level whose leaving
    age lies ahead; students past every leaving age (23+) keep theirs and leave at the usual
    hazard.

    >>> from participation_model.params import load_parameters
    >>> final_education(np.array([0, 0, 1]), np.array([True, False, True]), np.array([19, 19, 24]), load_parameters())
    array([1, 0, 1])
    """
    leave = np.array([params[f"demography.education_leave_age_{k}"] for k in ("low", "mid", "high")])
    ahead = np.argmax(age_years[:, None] < leave[None, :], axis=1)  # lowest level still ahead
    past = student & (age_years >= leave[education]) & (age_years < leave[-1])
    return np.where(past, np.maximum(education, ahead), education).astype(education.dtype)


def initial_distance(p: Persons, uids: np.ndarray, params: ParameterSet, noise: np.ndarray) -> np.ndarray:
    """Latent distance to the labour market (0 close, 1 far) from status, benefit, education and duration."""
    status, benefit = p.status[uids], p.benefit[uids]
    d = np.where(status == Status.EMPLOYED, params["distance.employed"], params["distance.unemployed"])
    d = d + np.where(np.isin(status, (Status.DISABLED, Status.DISCOURAGED, Status.CARING)), params["distance.outside_labour_force"], 0.0)
    d = d + np.where(benefit == Benefit.BIJSTAND, params["distance.bijstand"], 0.0)
    d = d + np.where(benefit == Benefit.AO, params["distance.ao"], 0.0)
    d = d + np.where(p.education[uids] == 0, params["distance.low_education"], 0.0)
    d = d + np.where(status != Status.EMPLOYED, params["distance.per_month"] * p.status_months[uids], 0.0)
    d = d + params["distance.noise"] * (noise - 0.5)
    return np.clip(d, 0.0, 1.0).astype(np.float32)


def _assign_jobs(p, uids, region, params, crn, employed, age_years) -> None:
    """Sector, location, employer group and contract of the employed; last sector of others."""
    from participation_model.model.employers import job_distribution, sheltered_market_of_gemeente

    u = lambda name: crn.uniform(f"init_{name}", -1, uids)  # noqa: E731
    wsw = p.benefit[uids] == Benefit.WSW
    self_share = region.figure("labour.self_employed_share")["value"]
    n_emp = int(employed.sum())
    self_prob = self_share * n_emp / max(int((employed & ~wsw & ~p.student[uids]).sum()), 1)
    self_emp = employed & ~wsw & (u("self_employed") < self_prob) & ~p.student[uids]
    employee = employed & ~wsw & ~self_emp
    n_loc = len(employer_locations(region.locations))
    edu = p.education[uids]
    # employees: market drawn from the jobs table weighted by education affinity
    dist = job_distribution(region)  # (E, markets) cumulative probabilities
    draw = u("market")
    market = np.empty(len(uids), dtype=np.int16)
    gemeente = p.gemeente[uids]
    by_gemeente = _commuting_distributions(region, dist, n_loc, np.bincount(gemeente[employee], minlength=len(region.gemeenten)))
    for e in range(3):
        rows = edu == e
        if by_gemeente is None:
            market[rows] = np.searchsorted(dist[e], draw[rows], side="right").clip(0, dist.shape[1] - 1)
            continue
        for k in range(len(region.gemeenten)):
            cells = rows & (gemeente == k)
            market[cells] = np.searchsorted(by_gemeente[k, e], draw[cells], side="right").clip(0, dist.shape[1] - 1)
    sector = (market // n_loc).astype(np.int8)
    location = (market % n_loc).astype(np.int8)
    # self-employed: sector from the self-employed sector shares, location inside
    shares = region.figure("jobs.self_employed_sector_share")["values"]
    cum = np.cumsum([shares[name] for name in region.sectors])
    self_sector = np.searchsorted(cum / cum[-1], u("self_sector"), side="right").clip(0, len(region.sectors) - 1).astype(np.int8)
    shelter_market = sheltered_market_of_gemeente(region)[p.gemeente[uids]]
    shelter_sector = region.sectors.index(region.figure("jobs.sheltered_companies")["sector"])
    temp_share = np.interp(age_years, [15, 25, 35, 75], [params["init.temporary_share_15_24"], params["init.temporary_share_15_24"], params["init.temporary_share_35_plus"], params["init.temporary_share_35_plus"]])
    contract = np.where(u("contract") < temp_share, Contract.TEMPORARY, Contract.PERMANENT)
    p.sector[uids] = np.where(wsw, shelter_sector, np.where(self_emp, self_sector, sector))
    p.location[uids] = np.where(employee, location, np.where(wsw, n_loc, np.where(self_emp, 0, -1)))
    p.market[uids] = np.where(employee, market, np.where(wsw, shelter_market, -1))
    p.contract[uids] = np.where(employee, contract, np.where(self_emp, Contract.SELF_EMPLOYED, np.where(wsw, Contract.SHELTERED, -1)))
    never = ~employed & (p.student[uids] | (p.work_years[uids] <= 0))
    p.sector[uids] = np.where(never, -1, p.sector[uids])


def _commuting_distributions(region: RegionData, dist: np.ndarray, n_loc: int, employees: np.ndarray) -> np.ndarray | None:
    """Cumulative market probabilities per gemeente (G, E, markets) tilted to local commuting, or None.

    Why: a gemeente's ``commuting`` figure is the share of its employees' jobs outside the
    region; its jobs inside are scaled by ``(1 - local) / (1 - region)`` and those outside by
    ``local / region`` (so about that share goes outside), and the gemeenten without a figure
    take the share that keeps the region's jobs outside (``gemeente_shares.commuting_shares``).
    """
    region_share = region_commuting_share(region)
    shares = commuting_shares(region, region_share, employees.astype(float))
    if shares is None:
        return None
    probabilities = np.diff(dist, axis=1, prepend=0.0)
    outside = (np.arange(dist.shape[1]) % n_loc) != 0  # the first location is inside the region
    out = np.empty((len(shares),) + dist.shape)
    for k, share in enumerate(shares):
        tilted = probabilities * np.where(outside, share / region_share, (1.0 - share) / (1.0 - region_share))
        out[k] = np.cumsum(tilted, axis=1) / tilted.sum(axis=1, keepdims=True)
    return out
