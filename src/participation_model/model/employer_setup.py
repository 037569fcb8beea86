"""Setting up the employers of a run from region data, parameters and the national drivers.

Everything here runs once, before the first month: the national driver series become the
monthly arrays the employers read (:func:`demand_drivers`), region figures become per-group
arrays (in-commuters, the reach of outside groups, the vacancy mix of each group), and the
parameters become :class:`~participation_model.model.employers.DemandSettings`.

Example:
    >>> from participation_model.region import load_region
    >>> from participation_model.params import load_parameters
    >>> region = load_region("oost-groningen")
    >>> settings = demand_settings(region, load_parameters())
    >>> round(float(settings.sector_trend[region.sectors.index("zorg")]), 2)
    0.5
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from participation_model.drivers import DriverPath, Drivers, load_drivers
from participation_model.model.employers import (
    CELL_EDUCATION,
    CELL_QUALIFIED,
    N_CELLS,
    DemandDrivers,
    DemandSettings,
    market_index,
    n_employee_locations,
)
from participation_model.params import ParameterSet
from participation_model.region import RegionData, employer_locations

DEFAULT_DRIVERS = "netherlands"


def demand_drivers(path: DriverPath | None, params: ParameterSet, start_month: int, months: int, reference_year: int) -> DemandDrivers:
    """Monthly national drivers of a run starting at month index ``start_month``.

    ``labour_demand`` is ``output_elasticity x`` the national output gap: ln GDP lagged by
    ``output_lag_months``, less its trend (the mean observed growth of the drivers file), so
    that it is the national cycle and the region's own trend is ``demand.regional_trend``.
    Vacancies and unemployment are indexed to the region's reference year. Trend and indices
    come from the unedited path, so a scenario's edits move the drivers, not the yardstick.
    """
    if path is None:
        path = load_drivers(DEFAULT_DRIVERS).path()
    lag = int(round(params["demand.output_lag_months"]))
    drivers = load_drivers(path.file)
    gap = path.log_level("gdp_growth", start_month - lag, months) - output_trend(drivers) * np.arange(months) / 12.0
    demand = params["demand.output_elasticity"] * gap
    reference = drivers.path(path.path) if path.edits else path
    first = reference_year * 12

    def index(series: str) -> np.ndarray:
        return path.monthly(series, start_month, months) / reference.monthly(series, first, 12).mean()

    return DemandDrivers(demand, index("vacancies"), index("unemployment_rate"))


def output_trend(drivers: Drivers) -> float:
    """Trend growth of national output: the mean of ln(1 + growth) over the observed years (per year).

    DERIVED from the drivers file, so another file (country, vintage) brings its own trend.

    Example:
        >>> round(output_trend(load_drivers("netherlands")), 4)
        0.0119
    """
    series = drivers.series["gdp_growth"]
    observed = np.asarray(series.numbers[: series.observed], dtype=float)
    return float(np.mean(np.log1p(observed / 100.0)))


def demand_settings(region: RegionData, params: ParameterSet, sector_trend: Mapping[str, float] | None = None) -> DemandSettings:
    """The employers' numbers: parameters, the region's sector trends (scenario overrides applied) and shocks."""
    trend = dict(region.figure("demand.sector_trend")["values"])
    trend.update(sector_trend or {})
    shocks = [
        (market_index(region, s["sector"], s["location"]), float(s["first_year"]), float(s["last_year"]), float(s["change"]))
        for s in region.figure("demand.shocks")["shocks"]
    ]
    return DemandSettings(
        loading=params["demand.cyclical_loading"],
        drift=params["demand.regional_trend"],
        sector_trend=np.array([float(trend[s]) for s in region.sectors]),
        posting_speed=params["demand.vacancy_posting_speed"],
        withdrawal_rate=params["demand.vacancy_withdrawal_rate"],
        max_age=int(round(params["demand.vacancy_max_age_months"])),
        recruitment_months=int(round(params["demand.recruitment_months"])),
        wage_elasticity=params["demand.wage_elasticity"],
        incommuter_search=params["commuting.incommuter_search"],
        incommuter_cycle_elasticity=params["commuting.incommuter_cycle_elasticity"],
        incommuter_separation_rate=params["commuting.incommuter_separation_rate"],
        outside_vacancy_rate=params["commuting.outside_vacancy_rate"],
        outside_competition=params["commuting.outside_competition"],
        shocks=shocks,
    )


def per_group(region: RegionData, values: Mapping[str, float], location: str) -> np.ndarray:
    """A per-sector figure placed on the groups of one location (zero elsewhere)."""
    out = np.zeros(len(region.sectors) * n_employee_locations(region))
    for s, sector in enumerate(region.sectors):
        out[market_index(region, sector, location)] = float(values.get(sector, 0.0))
    return out


def incommuters(region: RegionData) -> np.ndarray:
    """In-commuter jobs per regular group at the start (inside the region only), real persons."""
    return per_group(region, region.figure("jobs.incommuters")["values"], "inside")


def outside_reach(region: RegionData) -> np.ndarray:
    """Resident jobs per outside group (``jobs.residents``): the scale of the vacancies residents can reach there."""
    jobs = region.figure("jobs.residents")
    out = np.zeros(len(region.sectors) * n_employee_locations(region))
    for location in employer_locations(region.locations)[1:]:
        out += per_group(region, jobs[location], location)
    return out


def cell_share(region: RegionData, education: np.ndarray, market: np.ndarray) -> np.ndarray:
    """Mix of new vacancies over the six cells of each regular group, shape (groups, 6).

    The education asked for follows the education of the group's workers at the start (a
    vacancy asks for the level of the people doing that work); the share that asks for a
    sector qualification is the region's ``jobs.qualification_required``.

    Args:
        education: education of the resident employees at the start.
        market: their employer group.
    """
    n = len(region.sectors) * n_employee_locations(region)
    counts = np.zeros((n, 3))
    regular = market < n
    np.add.at(counts, (market[regular], education[regular]), 1.0)
    edu = (counts + 1e-3) / (counts + 1e-3).sum(axis=1, keepdims=True)
    qual = region.figure("jobs.qualification_required")["values"]
    q = np.repeat([float(qual[s]) for s in region.sectors], n_employee_locations(region))
    share = edu[:, CELL_EDUCATION] * np.where(CELL_QUALIFIED[None, :], q[:, None], 1.0 - q[:, None])
    assert share.shape == (n, N_CELLS)
    return share
