"""Employers: employer groups by sector and location, their target demand, vacancies and jobs.

An employer group ("market") is one sector at one location: inside Oost-Groningen, the rest of
the province, outside the province; plus one group per sheltered-work company (Wsw). Filled
jobs are an outcome of matching, never an input:

- **Inside the region** a group wants ``D*(t)`` workers (target demand). ``D*`` follows the
  national labour-demand driver (``n(t)``, from the GDP volume of the drivers file) with the
  region's loading and drift, the sector's trend, dated policy shocks of the region file, and
  the demand response to wage-cost subsidies. Its jobs are held by residents (persons) and
  by in-commuters (a count). Each month vacancies age; some are withdrawn; those reaching the
  maximum age close unfilled; a group with more posted than it wants withdraws the oldest;
  and it posts a share of the gap ``D* - filled - open`` as new vacancies. A separation widens
  the gap, so replacement demand is automatic, and it freezes when ``D*`` falls.
- **Outside the region** residents compete for a number of vacancies that follows national
  vacancies (drivers file), against job seekers of other regions whose number follows national
  unemployment; the vacancies residents do not fill go to others, so nothing carries over.

Every vacancy asks for an education level (the mix of the group's workers at the start) and
possibly a qualification in the sector (``jobs.qualification_required``): six *cells* per group,
``cell = 2 x education + qualification``. Who can fill which cell is decided in matching.

Example:
    >>> emp = toy_employers()
    >>> emp.update(t=0)
    >>> bool(emp.open_by_group()[0] > 0), emp.open_cells().shape
    (True, (2, 6))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from participation_model.region import RegionData, employer_locations

N_EDUCATION = 3
#: Monthly flows of every employer group (inside the region; vacancies and in-commuters)
EMPLOYER_FLOWS = ("posted", "closed_unfilled", "withdrawn", "filled", "incommuter_hires", "incommuter_leavers")
N_CELLS = N_EDUCATION * 2  # education required x qualification required
CELL_EDUCATION = np.arange(N_CELLS) // 2
CELL_QUALIFIED = np.arange(N_CELLS) % 2 == 1
INSIDE = 0  # location index of the region itself


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
class DemandDrivers:
    """The national drivers of one run, one value per simulated month.

    Attributes:
        labour_demand: ``n(t)``, log national labour demand (output elasticity x lagged log GDP).
        vacancy_index: national vacancies relative to the region's reference year.
        unemployment_index: national unemployment rate relative to the reference year.
    """

    labour_demand: np.ndarray
    vacancy_index: np.ndarray
    unemployment_index: np.ndarray

    @classmethod
    def constant(cls, months: int) -> "DemandDrivers":
        """Drivers that do not move (for tests of mechanisms)."""
        return cls(np.zeros(months), np.ones(months), np.ones(months))


@dataclass
class DemandSettings:
    """The numbers the employers' monthly update needs (from parameters and region data)."""

    loading: float  # demand.cyclical_loading
    drift: float  # demand.regional_trend, percent per year
    sector_trend: np.ndarray  # percent per year, per sector
    posting_speed: float
    withdrawal_rate: float
    max_age: int
    recruitment_months: int
    wage_elasticity: float
    incommuter_search: float
    incommuter_cycle_elasticity: float
    incommuter_separation_rate: float
    outside_vacancy_rate: float
    outside_competition: float
    shocks: list[tuple[int, float, float, float]] = field(default_factory=list)  # (market, first year, last year, change)


class Employers:
    """State of all employer groups: target demand, filled jobs, in-commuters, open vacancies.

    Args:
        n_sectors, n_locations: regular employer groups are sector-major, ``s x n_locations + l``.
        n_sheltered: sheltered-work companies, after the regular groups (seats only, no vacancies).
        filled: resident employees per group (regular and sheltered) at the start.
        incommuters: jobs held by in-commuters per regular group at the start (0 outside).
        reach: resident jobs per outside group that set the scale of their reachable vacancies.
        cell_share: (groups, 6) mix of new vacancies over the cells.
        drivers, settings: see :class:`DemandDrivers` and :class:`DemandSettings`.
        start_year: decimal year of the first month (trends and shocks are measured from it).
    """

    def __init__(
        self,
        n_sectors: int,
        n_locations: int,
        n_sheltered: int,
        filled: np.ndarray,
        incommuters: np.ndarray,
        reach: np.ndarray,
        cell_share: np.ndarray,
        drivers: DemandDrivers,
        settings: DemandSettings,
        start_year: float,
    ) -> None:
        self.n_markets = n_sectors * n_locations
        self.sector = np.repeat(np.arange(n_sectors), n_locations)
        self.location = np.tile(np.arange(n_locations), n_sectors)
        self.inside = self.location == INSIDE
        self.filled = np.asarray(filled, dtype=np.int64).copy()
        assert len(self.filled) == self.n_markets + n_sheltered
        self.incommuters = np.where(self.inside, incommuters, 0.0).astype(float)
        self.incommuters_start = self.incommuters.copy()
        self.reach = np.where(self.inside, 0.0, reach).astype(float)
        self.cell_share = np.asarray(cell_share, dtype=float)
        self.drivers, self.settings = drivers, settings
        self.start_year = start_year
        self.vac = np.zeros((self.n_markets, N_CELLS, settings.max_age))
        self.base_target = np.zeros(self.n_markets)
        self.target = np.zeros(self.n_markets)
        self.subsidy_jobs = np.zeros(self.n_markets)  # sum of subsidy shares of subsidised jobs (phase 4)
        self.shifts: list[tuple[int, int, int, float]] = []  # demand shocks: (group, first step, last step, jobs)
        self.shift_now = np.zeros(self.n_markets)
        self.flows = {name: np.zeros(self.n_markets) for name in EMPLOYER_FLOWS}  # this month, per group
        self.t = 0

    # ------------------------------------------------------------------ start
    def open_initial(self, open_inside: float, expected_separations: np.ndarray) -> None:
        """Open vacancies at the start and set the target so the groups start near their balance.

        Two kinds of vacancies are open at the start: those still in recruitment (posted in the
        last ``recruitment_months``: about a month's expected separations each month, the
        replacement demand) and ``open_inside`` that can be filled (the region's tightness at the
        start times its unemployed), spread over the inside groups by their jobs. The target is
        filled + open + the unposted gap a group carries in balance, ``(1 - speed) / speed x
        (separations + closures)`` per month. Without the vacancies in recruitment, jobs would
        fall in the first months while the pipeline fills, and stay lower.
        """
        s = self.settings
        jobs = self.jobs()
        share = np.where(self.inside, jobs, 0.0)
        fillable = open_inside * share / max(share.sum(), 1e-12)
        recruiting = np.where(self.inside, expected_separations, 0.0)
        first = min(s.recruitment_months, s.max_age - 1)
        self.vac[:, :, :first] = (recruiting[:, None] * self.cell_share)[:, :, None]
        self.vac[:, :, first] += fillable[:, None] * self.cell_share
        closures = fillable * s.withdrawal_rate
        gap = (1.0 - s.posting_speed) / s.posting_speed * (expected_separations + closures)
        self.base_target = np.where(self.inside, jobs + self.open_by_group() + gap, 0.0)
        self.target = self.base_target.copy()
        self._set_outside(0)

    def add_demand_shift(self, market: int, first: int, last: int, jobs: float) -> None:
        """Add ``jobs`` (simulated persons) to a group's target demand in steps first..last."""
        self.shifts.append((market, first, last, jobs))

    # ------------------------------------------------------------------ monthly
    def jobs(self) -> np.ndarray:
        """Filled jobs per regular group: resident employees plus in-commuters."""
        return self.filled[: self.n_markets] + self.incommuters

    def update_target(self, t: int) -> None:
        """Target demand of the inside groups for month ``t`` (phase 3, before posting)."""
        s, d = self.settings, self.drivers
        years = t / 12.0
        year = self.start_year + years
        factor = np.exp(s.loading * (d.labour_demand[t] - d.labour_demand[0]))
        factor *= (1.0 + s.drift / 100.0) ** years
        factor = factor * (1.0 + s.sector_trend[self.sector] / 100.0) ** years
        for market, first, last, change in s.shocks:
            factor[market] *= _shock(change, first, last, year) / _shock(change, first, last, self.start_year)
        target = self.base_target * factor
        if self.subsidy_jobs.any():  # wage-cost subsidies raise demand for the subsidised jobs
            target = target + abs(s.wage_elasticity) * self.subsidy_jobs
        self.shift_now = np.zeros(self.n_markets)
        for market, first, last, jobs in self.shifts:
            if first <= t <= last:
                self.shift_now[market] += jobs
        self.target = np.where(self.inside, np.maximum(target + self.shift_now, 0.0), 0.0)

    def update(self, t: int) -> None:
        """Phase 3: target demand, vacancies age and close, over-posting withdrawn, new vacancies posted."""
        self.t = t
        self.update_target(t)
        s = self.settings
        inside = self.vac[self.inside]
        self.flows["closed_unfilled"][self.inside] = inside[:, :, -1].sum(axis=1)
        self.flows["withdrawn"][self.inside] = inside[:, :, :-1].sum(axis=(1, 2)) * s.withdrawal_rate
        inside[:, :, 1:] = inside[:, :, :-1] * (1.0 - s.withdrawal_rate)
        inside[:, :, 0] = 0.0
        self.vac[self.inside] = inside
        self._withdraw_over_posting()
        gap = np.maximum(self.target - self.jobs() - self.open_by_group(), 0.0)
        self.flows["posted"] = np.where(self.inside, s.posting_speed * gap, 0.0)
        self.vac[:, :, 0] += self.flows["posted"][:, None] * self.cell_share
        self._set_outside(t)

    def end_month(self) -> None:
        """After the record phase: the month's flows start again from zero."""
        for values in self.flows.values():
            values[:] = 0.0

    def _withdraw_over_posting(self) -> None:
        """Groups whose jobs plus open vacancies exceed the target withdraw their oldest vacancies."""
        over = np.maximum(self.jobs() + self.open_by_group() - self.target, 0.0) * self.inside
        if over.any():
            before = self.open_by_group()
            self.vac = _take_oldest(self.vac, over)
            self.flows["withdrawn"] += before - self.open_by_group()

    def _set_outside(self, t: int) -> None:
        """Outside the region: vacancies within residents' reach follow national vacancies."""
        s = self.settings
        outside = ~self.inside
        self.vac[outside] = 0.0
        reach = np.maximum(self.reach + self.shift_now, 0.0)[outside]  # demand shocks outside change the jobs within reach
        level = s.outside_vacancy_rate * reach * self.drivers.vacancy_index[t]
        self.vac[outside, :, 0] = level[:, None] * self.cell_share[outside]

    def outsider_pool(self, t: int) -> np.ndarray:
        """Search intensity of applicants who do not live in the region, per regular group.

        Inside the region: in-commuters, in proportion to the group's in-commuter jobs at the
        start; outside it: the job seekers of other regions who compete for the vacancies within
        residents' reach, in proportion to the residents' jobs there. Both grow with national
        unemployment (``commuting.incommuter_cycle_elasticity``), so in a national downturn
        residents face more competition inside the region and outside it.
        """
        s = self.settings
        cycle = self.drivers.unemployment_index[t] ** s.incommuter_cycle_elasticity
        base = np.where(self.inside, s.incommuter_search * self.incommuters_start, s.outside_competition * self.reach)
        return base * cycle

    def excess(self) -> np.ndarray:
        """Filled jobs above the target, per regular group (inside the region; drives layoffs)."""
        return np.where(self.inside, np.maximum(self.jobs() - self.target, 0.0), 0.0)

    # ------------------------------------------------------------------ vacancies
    def open_by_group(self) -> np.ndarray:
        """Open vacancies per regular group (inside: the region's own; outside: within reach)."""
        return self.vac.sum(axis=(1, 2))

    def open_cells(self) -> np.ndarray:
        """Open vacancies per group and cell, shape (groups, 6)."""
        return self.vac.sum(axis=2)

    def fillable_cells(self) -> np.ndarray:
        """Open vacancies that can be filled this month, per group and cell (groups, 6).

        Inside the region a vacancy can be filled ``recruitment_months`` after it was posted
        (selection and notice periods take time); the vacancies within reach outside the region
        are set every month and can all be filled.
        """
        ready = self.vac[:, :, self.settings.recruitment_months :].sum(axis=2)
        return np.where(self.inside[:, None], ready, self.vac.sum(axis=2))

    def fill(self, market_cell: np.ndarray, counts: np.ndarray) -> None:
        """Remove filled vacancies, oldest first; ``market_cell`` = group x 6 + cell."""
        before = self.open_by_group()
        flat = self.vac.reshape(-1, self.vac.shape[2])
        taken = np.bincount(market_cell, weights=counts, minlength=flat.shape[0])
        self.vac = _take_oldest(flat, taken).reshape(self.vac.shape)
        self.flows["filled"] += (before - self.open_by_group()) * self.inside

    def fill_any(self, markets: np.ndarray) -> None:
        """Remove one vacancy per entry of ``markets`` from whichever cells are open (oldest first).

        For persons an intervention places directly into a group (a work-study place): the
        place takes an open vacancy if the group has one.
        """
        counts = np.bincount(markets, minlength=self.n_markets).astype(float)
        if counts.any():
            before = self.open_by_group()
            self.vac = _take_oldest(self.vac, counts)
            self.flows["filled"] += (before - self.open_by_group()) * self.inside


def _shock(change: float, first: float, last: float, year: float) -> float:
    """Multiplier of a dated demand shock at ``year``: 1 before, 1 + change after, linear between."""
    share = np.clip((year - first) / max(last - first, 1e-9), 0.0, 1.0)
    return 1.0 + change * float(share)


def _take_oldest(vac: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Remove ``amount`` per leading row from the oldest ages first (proportionally across cells).

    Hires take only what can be filled (``fillable_cells``), and the oldest vacancies are the
    ones that have waited longest, so removing the oldest first never takes a vacancy that is
    still being recruited for while an older one is open.

    ``vac`` is (rows, ages) or (rows, cells, ages); ``amount`` has one value per row.

    Example:
        >>> _take_oldest(np.array([[1.0, 2.0, 3.0]]), np.array([4.0])).tolist()
        [[1.0, 1.0, 0.0]]
    """
    if vac.ndim == 3:
        by_age = vac.sum(axis=1)
        left = _take_oldest(by_age, amount)
        keep = np.divide(left, by_age, out=np.zeros_like(left), where=by_age > 0)
        return vac * keep[:, None, :]
    rev = vac[:, ::-1]
    before = np.cumsum(rev, axis=1) - rev
    take = np.clip(amount[:, None] - before, 0.0, rev)
    return vac - take[:, ::-1]


def toy_employers(months: int = 12) -> Employers:
    """Two inside groups of one sector-like table, for examples and tests."""
    settings = DemandSettings(
        loading=1.0, drift=0.0, sector_trend=np.zeros(2), posting_speed=0.5, withdrawal_rate=0.05, max_age=6, recruitment_months=1,
        wage_elasticity=-0.4, incommuter_search=0.1, incommuter_cycle_elasticity=1.0,
        incommuter_separation_rate=0.015, outside_vacancy_rate=0.05, outside_competition=0.05,
    )
    emp = Employers(2, 1, 0, np.array([100, 50]), np.array([10.0, 5.0]), np.zeros(2), np.full((2, N_CELLS), 1 / N_CELLS),
                    DemandDrivers.constant(months), settings, 2014.0)
    emp.open_initial(10.0, np.array([2.0, 1.0]))
    return emp
