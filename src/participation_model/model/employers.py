"""Employers: employer groups by sector and location, with demand, vacancies, hires and layoffs.

An employer group ("market") is one sector at one location (inside Oost-Groningen, the rest of
the province, outside the province), plus one group per sheltered-work company (Wsw). Groups
hold the jobs of residents: their desired headcount follows the demand path (jobs index per
location, sector trends), and their open vacancies are the desired headcount they have not
filled. Separations open vacancies; hires fill them; when the desired headcount falls below
the filled jobs, groups lay off the excess gradually.

Employers are arrays (a few dozen rows) because the matching phase works on all groups at
once; the person columns say who works where (``Persons.market``).

Example:
    >>> from participation_model.region import load_region
    >>> region = load_region("oost-groningen")
    >>> path = DemandPath.from_region(region)
    >>> round(path.location_index(0, 2016.0) / path.location_index(0, 2014.0), 3)
    0.985
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from participation_model.region import RegionData, employer_locations, interpolate_years


def n_employee_locations(region: RegionData) -> int:
    """Locations with regular employers (all but the last, 'sheltered')."""
    return len(employer_locations(region.locations))


def n_employee_markets(region: RegionData) -> int:
    return len(region.sectors) * n_employee_locations(region)


def market_index(region: RegionData, sector: str, location: str) -> int:
    """Employer group of a sector at a regular location (sector-major order).

    Example:
        >>> from participation_model.region import load_region
        >>> market_index(load_region("oost-groningen"), "handel", "rest_of_province")
        4
    """
    return region.sectors.index(sector) * n_employee_locations(region) + region.locations.index(location)


def sheltered_market_of_gemeente(region: RegionData) -> np.ndarray:
    """Market id of the sheltered-work company serving each gemeente."""
    fig = region.figure("jobs.sheltered_companies")
    names = list(fig["names"])
    base = n_employee_markets(region)
    return np.array([base + names.index(fig["serves"][g]) for g in region.gemeenten], dtype=np.int16)


def job_distribution(region: RegionData) -> np.ndarray:
    """Cumulative probabilities over employee markets per education level, shape (3, markets).

    Jobs of residents by sector and location, weighted by the education affinity of each sector.
    """
    jobs = region.figure("jobs.residents")
    aff = region.figure("jobs.education_affinity")
    locs = employer_locations(region.locations)
    base = np.array([[jobs[loc][sec] for loc in locs] for sec in region.sectors], dtype=float).ravel()
    out = np.empty((3, base.size))
    for e, key in enumerate(("low", "mid", "high")):
        weights = np.repeat([aff[key][sec] for sec in region.sectors], len(locs)) * base
        out[e] = np.cumsum(weights) / weights.sum()
    return out


@dataclass(frozen=True)
class DemandPath:
    """Demand for labour over time: jobs index per location, sector trends, business cycle.

    Built from a named path in the region file with optional overrides from the scenario.
    """

    jobs_index: Mapping[str, Mapping[int, float]]
    sector_trend: Mapping[str, float]
    cycle_points: Mapping[int, float]
    locations: tuple[str, ...] = field(default=())
    sectors: tuple[str, ...] = field(default=())

    @classmethod
    def from_region(
        cls,
        region: RegionData,
        path: str = "historical",
        jobs_index: Mapping[str, Mapping[int, float]] | None = None,
        sector_trend: Mapping[str, float] | None = None,
        cycle: Mapping[int, float] | None = None,
    ) -> "DemandPath":
        base = region.raw["economy"][path]
        index = {loc: {int(k): float(v) for k, v in base["jobs_index"][loc].items()} for loc in employer_locations(region.locations)}
        for loc, points in (jobs_index or {}).items():
            index[loc] = {int(k): float(v) for k, v in points.items()}
        trend = {s: float(base["sector_trend"].get(s, 0.0)) for s in region.sectors}
        trend.update({s: float(v) for s, v in (sector_trend or {}).items()})
        cyc = {int(k): float(v) for k, v in base["cycle"].items()}
        if cycle:
            cyc = {int(k): float(v) for k, v in cycle.items()}
        return cls(index, trend, cyc, employer_locations(region.locations), tuple(region.sectors))

    def location_index(self, loc: int, year: float) -> float:
        return interpolate_years(self.jobs_index[self.locations[loc]], year)

    def cycle(self, year: float) -> float:
        return interpolate_years(self.cycle_points, year)

    def demand_factor(self, year: float, start_year: float) -> np.ndarray:
        """Desired headcount relative to the start, per employee market (sector-major)."""
        loc = np.array([self.location_index(i, year) / self.location_index(i, start_year) for i in range(len(self.locations))])
        trend = np.array([(1.0 + self.sector_trend[s] / 100.0) ** (year - start_year) for s in self.sectors])
        return (trend[:, None] * loc[None, :]).ravel()


class Employers:
    """State of all employer groups: desired headcount, filled jobs, vacancies and flows."""

    def __init__(self, region: RegionData, path: DemandPath, filled: np.ndarray, initial_vacancies: np.ndarray) -> None:
        self.region = region
        self.path = path
        self.n_markets = n_employee_markets(region)
        n_loc = n_employee_locations(region)
        self.sector = np.repeat(np.arange(len(region.sectors)), n_loc)
        self.location = np.tile(np.arange(n_loc), len(region.sectors))
        self.base_demand = filled[: self.n_markets].astype(float) + initial_vacancies
        self.demand = self.base_demand.copy()
        self.filled = filled.astype(np.int64)
        self.vacancies = np.zeros(self.n_markets)
        self.companies = list(region.figure("jobs.sheltered_companies")["names"])
        self.shifts: list[tuple[int, int, int, float]] = []

    def add_demand_shift(self, market: int, first: int, last: int, jobs: float) -> None:
        """Add ``jobs`` (simulated persons) to a group's desired headcount in steps first..last."""
        self.shifts.append((market, first, last, jobs))

    def update_demand(self, year: float, start_year: float, step: int = 0, regional_trend: float = 0.0) -> None:
        """Desired headcount for this month from the demand path (plus scheduled shifts).

        ``regional_trend`` (percent a year) tilts the path of the groups inside the region.
        """
        self.demand = self.base_demand * self.path.demand_factor(year, start_year)
        if regional_trend:
            self.demand[self.location == 0] *= (1.0 + regional_trend / 100.0) ** (year - start_year)
        for market, first, last, jobs in self.shifts:
            if first <= step <= last:
                self.demand[market] = max(self.demand[market] + jobs, 0.0)

    def open_vacancies(self) -> np.ndarray:
        """Vacancies = desired headcount not filled (never negative)."""
        self.vacancies = np.maximum(self.demand - self.filled[: self.n_markets], 0.0)
        return self.vacancies

    def excess(self) -> np.ndarray:
        """Filled jobs above the desired headcount, per market (drives demand-led layoffs)."""
        return np.maximum(self.filled[: self.n_markets] - self.demand, 0.0)
