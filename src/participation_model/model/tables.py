"""Lookup tables derived once from parameters and region data, indexed by age, status, etc.

The step code indexes these arrays (``tables.search_by_age_months[age_months]``) instead of writing
numbers inline: every value traces back to a named parameter or region figure.

Example:
    >>> from participation_model.region import load_region
    >>> from participation_model.params import load_parameters
    >>> t = Tables.build(load_region("oost-groningen"), load_parameters(), scale=1.0)
    >>> t.leave_hazard_by_month.shape, bool(t.search_by_age_months[20 * 12] >= t.search_by_age_months[60 * 12])
    ((3, 1300), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from participation_model.model.codes import REPORT_BAND_OF_AGE, REPORT_BANDS, Benefit, Status
from participation_model.model.employers import n_employee_locations, sheltered_market_of_gemeente
from participation_model.model.phases.separations import SeparationHazards, separation_hazards
from participation_model.params import ParameterSet
from participation_model.region import RegionData


def _by_age(edges_values: list[tuple[int, float]]) -> np.ndarray:
    """Step function over ages 0..100 from (first age, value) pairs."""
    out = np.zeros(101)
    for age, value in edges_values:
        out[age:] = value
    return out


@dataclass(frozen=True)
class Tables:
    leave_age: np.ndarray
    entrants_per_month: float
    share_women: float
    entrant_education_cum: np.ndarray
    gemeente_cum: np.ndarray
    start_search_by_status: np.ndarray
    search_by_benefit: np.ndarray
    location_share: np.ndarray
    weight_by_age: np.ndarray
    weight_by_education: np.ndarray
    sheltered_market: np.ndarray
    sheltered_sector: int
    report_bands: tuple[str, ...]
    cells_15_65: np.ndarray
    reference_tightness: float
    report_band_of_month: np.ndarray
    search_by_age_months: np.ndarray
    flow_band_of_cell_code: np.ndarray
    band_change_at_month: np.ndarray
    leave_hazard_by_month: np.ndarray  # (education, age in months): death and out-migration
    statushouders_factor: float  # simulated persons aged 15-75 per statushouder housed nationally
    statushouder_age_edges: np.ndarray  # first age (years) of each age group, and the end of the last
    statushouder_age_cum: np.ndarray
    statushouder_education_cum: np.ndarray
    statushouder_share_women: float
    statushouder_bijstand_share: float
    tenure_multiplier: np.ndarray
    fragile_months: int
    education_fit: np.ndarray
    early_stop_by_duration: np.ndarray
    partial_fit_share: np.ndarray
    separation_hazards: SeparationHazards
    first_month_65: int
    training_advantage: np.ndarray

    @classmethod
    def build(cls, region: RegionData, p: ParameterSet, scale: float) -> "Tables":
        leave = _by_age([
            (0, p["demography.mortality_15_44"] + p["demography.emigration_15_24"]),
            (25, p["demography.mortality_15_44"] + p["demography.emigration_25_34"]),
            (35, p["demography.mortality_15_44"] + p["demography.emigration_35_plus"]),
            (45, p["demography.mortality_45_54"] + p["demography.emigration_35_plus"]),
            (55, p["demography.mortality_55_64"] + p["demography.emigration_35_plus"]),
            (65, p["demography.mortality_65_74"] + p["demography.emigration_35_plus"]),
        ]) / 12.0  # fmt: skip
        edu = region.figure("population.education_by_age")
        leave = leave[None, :] + _emigration_by_education(p, edu)
        newcomers = region.figure("migration.statushouders_profile")
        newcomer_edges = [int(g.split("-")[0]) for g in newcomers["age_groups"]] + [int(newcomers["age_groups"][-1].split("-")[1]) + 1]
        entrant_edu = np.array([edu["low"][1], edu["mid"][1], edu["high"][1]], dtype=float)
        shares = region.figure("population.gemeente_share")["values"]
        gem = np.array([shares[g] for g in region.gemeenten], dtype=float)
        age_sex = region.figure("population.age_sex")
        start = np.zeros(len(Status))
        start[Status.STUDYING] = p["search.start_rate_studying"]
        start[Status.DISABLED] = p["search.start_rate_disabled"]
        start[Status.RETIRED] = p["search.start_rate_retired"]
        start[Status.CARING] = p["search.start_rate_caring"]
        start[Status.DISCOURAGED] = p["search.start_rate_discouraged"]
        by_benefit = np.ones(len(Benefit))
        by_benefit[Benefit.BIJSTAND] = p["search.bijstand_factor"]
        by_benefit[Benefit.AO] = p["search.ao_factor"]
        by_benefit[Benefit.WW] = p["search.ww_factor"]
        commute = region.figure("jobs.commuting_by_education")
        locs = region.locations[: n_employee_locations(region)]
        loc_share = np.array([[commute[k][loc] for loc in locs] for k in ("low", "mid", "high")], dtype=float)
        shelter = region.figure("jobs.sheltered_companies")
        n_g = len(region.gemeenten)
        cells = np.arange(len(REPORT_BANDS) * 3 * 2 * n_g)
        band_of_cell = cells // (3 * 2 * n_g)
        return cls(
            leave_age=np.array([p["demography.education_leave_age_low"], p["demography.education_leave_age_mid"], p["demography.education_leave_age_high"]]),
            entrants_per_month=region.figure("population.entrants_per_year")["value"] * scale / 12.0,
            share_women=float(sum(age_sex["women"][:2]) / (sum(age_sex["women"][:2]) + sum(age_sex["men"][:2]))),
            entrant_education_cum=np.cumsum(entrant_edu / entrant_edu.sum()),
            gemeente_cum=np.cumsum(gem / gem.sum()),
            start_search_by_status=start,
            search_by_benefit=by_benefit,
            location_share=loc_share / loc_share.sum(axis=1, keepdims=True),
            weight_by_age=_by_age([(0, 0.0), (35, p["matching.weight_age_35_54"]), (55, p["matching.weight_age_55_plus"])]),
            weight_by_education=np.array([0.0, p["matching.weight_education_mid"], p["matching.weight_education_high"]]),
            sheltered_market=sheltered_market_of_gemeente(region),
            sheltered_sector=region.sectors.index(shelter["sector"]),
            report_bands=REPORT_BANDS,
            cells_15_65=band_of_cell < len(REPORT_BANDS) - 1,
            report_band_of_month=REPORT_BAND_OF_AGE[np.minimum(np.arange(1300) // 12, 100)].astype(np.intp) * (3 * 2 * n_g),
            search_by_age_months=np.repeat(_by_age([(0, p["search.intensity_15_34"]), (35, p["search.intensity_35_54"]), (55, p["search.intensity_55_plus"])]), 12),
            flow_band_of_cell_code=np.array([0, 0, 1, 1, 2, 2])[band_of_cell],
            band_change_at_month=np.isin(np.arange(1300), [12 * a for a in (25, 35, 45, 55, 65)]),
            leave_hazard_by_month=(-np.log1p(-leave[:, np.minimum(np.arange(1300) // 12, 100)])).astype(np.float32),
            statushouders_factor=float(region.figure("migration.statushouders_regional_share")["value"] * newcomers["share_15_75"] * scale),
            statushouder_age_edges=np.array(newcomer_edges),
            statushouder_age_cum=np.cumsum(np.asarray(newcomers["age_shares"], dtype=float) / sum(newcomers["age_shares"])),
            statushouder_education_cum=np.cumsum(np.asarray(newcomers["education_shares"], dtype=float) / sum(newcomers["education_shares"])),
            statushouder_share_women=float(newcomers["share_women"]),
            statushouder_bijstand_share=float(newcomers["bijstand_share"]),
            reference_tightness=float(region.series_value("jobs.vacancies_per_unemployed", region.reference_year)),
            tenure_multiplier=_tenure_multiplier(p),
            fragile_months=int(round(p["separations.benefit_hire_months"])),
            education_fit=_education_fit(p),
            early_stop_by_duration=p["search.stop_early"] * np.exp(-np.arange(121) / p["search.stop_early_months"]),
            partial_fit_share=_partial_fit_share(p),
            separation_hazards=separation_hazards(p, _tenure_multiplier(p)),
            first_month_65=12 * int(REPORT_BANDS[-1].split("-")[0]),  # the 15-65 boundary of the reporting bands
            training_advantage=_training_advantage(p),
        )


def _training_advantage(p: ParameterSet) -> np.ndarray:
    """Advantage of a completed course by months since completion (0 .. horizon + 1; index with the months capped there).

    ``0.5 ** (months / training.advantage_half_life_months)`` up to
    ``training.advantage_horizon_months``, then 0: skills and the certificate's signal fade, and
    an old course no longer counts as a qualification. The last entry (0) stands for every later month.

    Example:
        >>> from participation_model.params import load_parameters
        >>> a = _training_advantage(load_parameters().with_overrides({"training.advantage_half_life_months": 12, "training.advantage_horizon_months": 24}))
        >>> float(a[0]), float(a[12]), float(a[24]), float(a[25]), len(a)
        (1.0, 0.5, 0.25, 0.0, 26)
    """
    horizon = int(round(p["training.advantage_horizon_months"]))
    months = np.arange(horizon + 2)
    return np.where(months <= horizon, 0.5 ** (months / p["training.advantage_half_life_months"]), 0.0)


def _emigration_by_education(p: ParameterSet, edu: dict) -> np.ndarray:
    """Extra monthly out-migration by education and age (3 x 101 ages), selective among the young.

    Ages 15-34 leave at the age group's rate times an education factor (low, 1 for mid, high),
    divided by the factor averaged over the region's education mix at that age, so each age
    group's out-migration keeps its parameter value and only its composition changes: the young
    who leave are more often the higher educated. Older ages are not selective (factor 1).

    Example:
        >>> from participation_model.params import load_parameters
        >>> edu = {"low": [0.5, 0.3, 0.3, 0.5], "mid": [0.4, 0.5, 0.5, 0.4], "high": [0.1, 0.2, 0.2, 0.1]}
        >>> extra = _emigration_by_education(load_parameters(), edu)
        >>> bool(extra[2, 20] > extra[1, 20] > extra[0, 20]), float(extra[:, 50].max())
        (True, 0.0)
    """
    factor = np.array([p["demography.emigration_factor_low"], 1.0, p["demography.emigration_factor_high"]])
    out = np.zeros((3, 101))
    for first, last, rate, group in ((15, 24, p["demography.emigration_15_24"], 0), (25, 34, p["demography.emigration_25_34"], 1)):
        mix = np.array([edu["low"][group], edu["mid"][group], edu["high"][group]], dtype=float)
        relative = factor / float(mix @ factor / mix.sum()) - 1.0  # mean over the mix: 0
        out[:, first : last + 1] = (rate * relative / 12.0)[:, None]
    return out


def _partial_fit_share(p: ParameterSet) -> np.ndarray:
    """Per vacancy cell, the share of its vacancies whose employer takes an applicant who does not fully fit.

    Cells that ask for a sector qualification: ``matching.unqualified_weight``; the others (an
    education level short): ``matching.under_education_weight``.
    """
    from participation_model.model.employers import CELL_QUALIFIED

    return np.where(CELL_QUALIFIED, p["matching.unqualified_weight"], p["matching.under_education_weight"])


def _education_fit(p: ParameterSet) -> np.ndarray:
    """Weight of an applicant (row: education) on a vacancy cell (column: education asked, qualification).

    1 at or above the level asked, ``matching.under_education_weight`` one level below, 0 two
    below; the qualification part of the fit depends on the applicant's sector and is applied
    in matching.
    """
    from participation_model.model.employers import CELL_EDUCATION

    gap = CELL_EDUCATION[None, :] - np.arange(3)[:, None]
    return np.where(gap <= 0, 1.0, np.where(gap == 1, p["matching.under_education_weight"], 0.0))


def _tenure_multiplier(p: ParameterSet) -> np.ndarray:
    """Separation hazard by months of tenure (0..600) relative to a long-tenured job.

    ``1 + (new_job_multiplier - 1) x exp(-tenure / new_job_months)``: several times higher in
    the first months of a job, fading over about a year (Farber 1994).
    """
    tenure = np.arange(601)
    return 1.0 + (p["separations.new_job_multiplier"] - 1.0) * np.exp(-tenure / p["separations.new_job_months"])
