"""The Mesa model: ``ParticipationModel`` runs one replication of a scenario, month by month.

Example:
    >>> from participation_model.model.model import ParticipationModel
    >>> model = ParticipationModel(scale=0.02, seed=3, end="2014-06")
    >>> model.run_model()
    >>> df = model.datacollector.get_model_vars_dataframe()
    >>> len(df), bool(55 < df["netto_participation_15_75"].iloc[-1] < 66)
    (6, True)
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any, Mapping

import mesa
import numpy as np

from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Benefit, Status
from participation_model.model.measures import core_measures, status_benefit
from participation_model.model import employer_setup as setup
from participation_model.model.employers import EMPLOYER_FLOWS, Employers, n_employee_locations, n_employee_markets
from participation_model.model.phases.separations import expected_separations
from participation_model.model.phases import PHASES
from participation_model.model.phases.record import N_CODES
from participation_model.model.population import build_population
from participation_model.model.providers import Courses
from participation_model.model.rng import CommonRandomNumbers
from participation_model.model.rules import Rules, load_rules, parse_month
from participation_model.model.tables import Tables
from participation_model.drivers import DriverPath
from participation_model.params import ParameterSet, load_parameters
from participation_model.region import RegionData, load_region

FLOW_NAMES = (
    "job_finding", "job_loss", "job_to_job", "hires", "separations", "ww_inflow", "ww_exhaustion",
    "bijstand_inflow", "bijstand_exit", "bijstand_exit_to_work", "wsw_inflow", "self_employment_entry",
    "course_completion", "course_dropout", "entrants", "leavers", "in_migrants",
    "programme_enrolment", "programme_placement", "programme_activation", "mass_layoff",
    "ww_exit_to_work",
)  # fmt: skip



@dataclass(frozen=True)
class ModelConfig:
    """Everything one replication needs, resolved and immutable.

    Build it from a scenario with :func:`participation_model.experiments.runner.model_config`,
    or directly for tests.
    """

    region: RegionData
    params: ParameterSet
    rules: Rules
    start: str = "2014-01"
    end: str = "2025-12"
    seed: int = 20140101
    scale: float = 1.0
    drivers: DriverPath | None = None  # national drivers; None: the bundled file's historical path
    sector_trend: Mapping[str, float] | None = None  # scenario overrides of the region's sector trends
    #: built, not yet started interventions (``interventions.base.build_interventions``, done by
    #: the scenario layer); each model starts its own copies, so a config can run many times
    interventions: tuple[Any, ...] = ()
    #: first month of the tables (``results.model_tables``); the months from ``start`` before it
    #: are a warm-up that lets the start population settle into the model's own flows
    report_from: str | None = None

    def __post_init__(self) -> None:
        if self.report_from is not None and not 0 <= parse_month(self.report_from) - parse_month(self.start) < self.months:
            raise ValueError(f"report_from {self.report_from!r} must lie within {self.start} to {self.end}")

    @property
    def months(self) -> int:
        return parse_month(self.end) - parse_month(self.start) + 1

    @property
    def report_offset(self) -> int:
        """Months of warm-up before the first reported month (0 without a warm-up)."""
        return 0 if self.report_from is None else parse_month(self.report_from) - parse_month(self.start)


class Store:
    """Preallocated monthly arrays the record phase fills."""

    def __init__(self, months: int, n_cells: int, n_markets: int, n_sector_loc: int, n_locations: int = 4) -> None:
        self.flow_names = FLOW_NAMES
        self.stocks = np.zeros((months, n_cells, N_CODES), dtype=np.int32)
        self.flows = np.zeros((months, len(FLOW_NAMES), n_cells), dtype=np.int32)
        self.sectors = np.zeros((months, n_sector_loc), dtype=np.int32)
        # employees (permanent or temporary contract: no self-employed, no Wsw) by work location
        self.employees = np.zeros((months, n_locations), dtype=np.int32)
        self.self_employed = np.zeros(months, dtype=np.int32)
        self.vacancies = np.zeros((months, n_markets))
        self.jobs = np.zeros((months, n_markets))  # filled jobs incl. in-commuters
        self.resident_jobs = np.zeros((months, n_markets))  # filled jobs of residents
        self.target = np.zeros((months, n_markets))  # desired headcount (inside the region)
        self.employer_flows = np.zeros((months, len(EMPLOYER_FLOWS), n_markets))
        self.quarterly_u = np.zeros((months, 3), dtype=np.int64)
        self.quarterly_ue = np.zeros((months, 3), dtype=np.int64)
        # [employed then, employed then and unemployed now, outside then, outside then and in the labour force now]
        self.quarterly_other = np.zeros((months, 4), dtype=np.int64)


class ParticipationModel(mesa.Model):
    """Agent-based model of the labour market of one region (Mesa 3 model).

    Persons are columns (:class:`~participation_model.model.persons.Persons`), employers and
    training providers are small tables; each ``step()`` is one month in this order, written
    down once here and executed in this order (``phases.PHASES``):

    1. demography: ageing, deaths and emigration, turning 75, AOW age, school leaving, entrants;
    2. separations: layoffs (own reasons, and demand-led when a group has more staff than its
       target), temporary contracts ending, quits, sickness into AO, all falling with tenure;
       in-commuters leave; WW inflow by work history. A dismissal (a layoff, not a contract
       ending) first gives the statutory notice: employed and searching on the job until it
       ends (interventions may take persons about to be separated; protected jobs are not ended);
    3. labour demand: target demand from the national drivers, vacancies age, close unfilled
       and are posted (inside the region); reachable vacancies outside follow national ones;
    4. programmes: interventions act; training providers run courses (regular enrolment);
    5. search: who searches and how hard (status, duration, benefit, distance, lock-in);
    6. matching: applications to vacancies by sector, location, education and qualification,
       in-commuters competing inside the region, employer choice, hires (job-to-job too);
    7. benefits: WW runs down and exhausts into bijstand or no benefit; bijstand in and out;
       AO; Wsw inflow while it is open;
    8. record: stocks and flows by group, sector employment, Mesa DataCollector.

    Args:
        config: a resolved :class:`ModelConfig`; if omitted, one is built from the bundled
            region and parameters, with the shipped calibrated values applied (the values every
            shipped scenario uses, ``calibration/calibrated/oost-groningen.toml``), and the
            keyword arguments below.
        seed: the replication's seed (common random numbers derive from it). Without a
            ``config``, a model given neither ``seed`` nor ``rng`` draws a fresh seed, as Mesa
            models do (so ``mesa.batch_run`` iterations are different replications); it is
            kept in ``model.config.seed``.
        rng: Mesa's alternative to ``seed``: an int (the same as ``seed``) or a NumPy
            ``Generator`` (the seed is drawn from it).
        scale: persons per resident (1.0 = full scale).
        start, end: first and last month, "YYYY-MM".
        parameters: overrides of parameter values by dotted name (also accepted as extra
            keyword arguments, which is what ``mesa.batch_run`` passes); they apply over the
            calibrated values.
        calibrated: without a ``config``, apply the shipped calibrated values (default True);
            False runs the parameter file's own values.

    Example:
        >>> m = ParticipationModel(seed=1, scale=0.01, end="2014-02")
        >>> m.params["matching.efficiency"] == calibrated_values()["matching.efficiency"]
        True
    """

    def __init__(
        self,
        config: ModelConfig | None = None,
        *,
        seed: int | None = None,
        rng: int | np.random.Generator | None = None,
        scale: float | None = None,
        start: str | None = None,
        end: str | None = None,
        parameters: Mapping[str, float] | None = None,
        calibrated: bool = True,
        **overrides: Any,
    ) -> None:
        seed = _mesa_seed(seed, rng, fresh=config is None)
        config = _resolve_config(config, seed, scale, start, end, {**(parameters or {}), **overrides}, calibrated)
        super().__init__(seed=config.seed)
        self.config = config
        self.region, self.params, self.rules = config.region, config.params, config.rules
        self.scale = config.scale
        self.months = config.months
        self.start_index = parse_month(config.start)
        self.report_offset = config.report_offset
        self.crn = CommonRandomNumbers(config.seed)
        self.market_rng = self.crn.scalar_generator("market_rounding")
        self.t = 0
        self._set_calendar()
        self.start_year_fraction = self.year_fraction
        built = build_population(self.region, self.params, self.rules, self.crn, self.year, config.scale, self.month)
        self.persons = built.persons
        self.tables = Tables.build(self.region, self.params, config.scale)
        self.refresh_cells(self.persons.alive_uids())
        self._init_employers(config)
        self.courses = Courses.from_region(self.region)
        # interventions act in the programmes phase; a person's ``programme`` column indexes
        # the per-programme effects below (-1: in no programme)
        self.interventions = [copy.deepcopy(iv) for iv in config.interventions]  # built by the scenario layer
        self.programme_search_factor = np.ones(max(len(self.interventions), 1), dtype=np.float32)
        self.programme_hire_bonus = np.zeros(max(len(self.interventions), 1))
        # wage-cost subsidy share a participant brings to an employer that hires them (0: none)
        self.programme_wage_subsidy = np.zeros(max(len(self.interventions), 1))
        # hooks some interventions use (empty / False in the baseline, so they cost nothing there):
        # take persons about to be separated (phase 2 and mass layoffs), an employer-specific hire
        # bonus (phase 6), and protected jobs / notice periods (person columns, phase 2)
        self.separation_hooks = [iv for iv in self.interventions if iv.intercepts_separations]
        self.notice_hooks = [iv for iv in self.interventions if iv.watches_notices]  # told of each notice of dismissal
        self.hire_bonus_hooks = [iv for iv in self.interventions if iv.employer_specific_bonus]
        self.self_employment_hooks = [iv for iv in self.interventions if iv.bounds_self_employment]
        self.job_protection = any(iv.protects_jobs for iv in self.interventions)
        self.subsidised_jobs = any(iv.subsidises_wages for iv in self.interventions)
        self.entrant_carry = 0.0
        self.statushouder_carry = 0.0
        self.n_cells = len(self.tables.report_bands) * 3 * 2 * len(self.region.gemeenten)
        n_sector_loc = len(self.region.sectors) * len(self.region.locations)
        self.store = Store(self.months, self.n_cells, self.employers.n_markets, n_sector_loc, len(self.region.locations))
        self.searchers = np.empty(0, dtype=np.int64)
        self.on_the_job_searchers = np.empty(0, dtype=np.int64)
        self.notice_ended = np.empty(0, dtype=np.int64)  # workers whose notice ended this month (phase 2)
        self.latest: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(model_reporters=_reporters())
        for intervention in self.interventions:
            intervention.initialize(self)
        self.running = True

    # ------------------------------------------------------------------ set-up
    def _init_employers(self, config: ModelConfig) -> None:
        """Employer groups at the start: resident employees from the population, in-commuters,
        reachable outside vacancies, the vacancy mix of each group, open vacancies and targets."""
        p, region = self.persons, self.region
        n_loc = n_employee_locations(region)
        n_markets = n_employee_markets(region)
        n_total = n_markets + len(region.figure("jobs.sheltered_companies")["names"])
        employed = p.where((p.status == Status.EMPLOYED) & (p.market >= 0))
        filled = np.bincount(p.market[employed], minlength=n_total)
        self.employers = Employers(
            len(region.sectors), n_loc, n_total - n_markets, filled,
            setup.incommuters(region) * self.scale,
            setup.outside_reach(region) * self.scale,
            setup.cell_share(region, p.education[employed], p.market[employed]),
            setup.demand_drivers(config.drivers, self.params, self.start_index, self.months, region.reference_year),
            setup.demand_settings(region, self.params, config.sector_trend),
            self.year_fraction,
        )
        unemployed = int(((p.status[: p.n] == Status.UNEMPLOYED) & p.alive[: p.n]).sum())
        tightness = region.series_value("jobs.vacancies_per_unemployed", self.year)
        self.employers.open_initial(tightness * unemployed, expected_separations(self, n_markets))

    def _set_calendar(self) -> None:
        index = self.start_index + self.t
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self.year_fraction = self.year + (self.month - 1) / 12.0

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """One month: the phases in the order of the class docstring."""
        if self.t >= self.months:
            self.running = False
            return
        self.begin_month()
        for phase in PHASES:
            phase(self)
        self.end_month()

    def begin_month(self) -> None:
        """Set the calendar and empty event lists for month ``t``.

        ``step()`` calls it; tests call it to run phases one at a time.
        """
        self._set_calendar()
        self.events: dict[str, list[np.ndarray]] = {name: [] for name in FLOW_NAMES}

    def end_month(self) -> None:
        """Collect the month's headline series (Mesa DataCollector) and advance the clock."""
        self.latest = headline(self)
        self.datacollector.collect(self)
        self.t += 1
        if self.t >= self.months:
            self.running = False
            for intervention in self.interventions:
                intervention.finalize(self)

    def run_model(self) -> None:
        """Run all months of the configured horizon."""
        while self.running:
            self.step()

    @property
    def month_label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    # ------------------------------------------------------------------ surface for phases and interventions
    def draw(self, stream: str, uids: np.ndarray) -> np.ndarray:
        """This month's uniform draws of ``uids`` in a named stream (common random numbers)."""
        return self.crn.uniform(stream, self.t, uids)

    def events_of(self, *names: str) -> np.ndarray:
        """Uids of this month's events of the given flows, concatenated (empty if none)."""
        parts = [uids for name in names for uids in self.events[name]]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def gumbel(self, stream: str, uids: np.ndarray) -> np.ndarray:
        return self.crn.gumbel(stream, self.t, uids)

    def cell_of(self, uids: np.ndarray) -> np.ndarray:
        """Reporting cell (age band x education x sex x gemeente) of persons."""
        return self.persons.cell_code[uids] // N_CODES

    def refresh_cells(self, uids: np.ndarray) -> None:
        """Recompute the reporting cell of persons (at creation and when their age band changes)."""
        p = self.persons
        band = self.tables.report_band_of_month[p.age_months[uids]]
        static = (p.education[uids].astype(np.int32) * 2 + p.sex[uids]) * len(self.region.gemeenten) + p.gemeente[uids]
        p.cell_code[uids] = ((band + static) * N_CODES).astype(np.int16)

    def set_status(self, uids: np.ndarray, status: int) -> None:
        """Change labour status (resets months in status)."""
        self.persons.status[uids] = status
        self.persons.status_months[uids] = 0

    def leave_job(self, uids: np.ndarray) -> None:
        """End the current job of employed persons (frees the employer's seat)."""
        p = self.persons
        if not len(uids):
            return
        market = p.market[uids]
        held = market[market >= 0]
        self.employers.filled -= np.bincount(held, minlength=len(self.employers.filled))
        p.market[uids] = -1
        p.location[uids] = -1
        p.contract[uids] = -1
        p.notice_until[uids] = -1  # a notice of dismissal belongs to the job
        if self.job_protection:  # so does a job guarantee
            p.protected_until[uids] = -1
        if self.subsidised_jobs:  # so does a wage-cost subsidy
            p.subsidy[uids] = 0.0
        sheltered = uids[p.benefit[uids] == Benefit.WSW]
        p.benefit[sheltered] = Benefit.NONE

    def employ(self, uids: np.ndarray, market: np.ndarray, sector: np.ndarray, location: np.ndarray, contract: Any) -> None:
        """Start a job: status employed; WW and bijstand end (recorded as exits to work); distance falls; courses end."""
        p = self.persons
        if not len(uids):
            return
        market = np.asarray(market, dtype=np.int16)
        # months in status count continuous employment: a job-to-job move keeps them (WW weeks condition)
        self.set_status(uids[p.status[uids] != Status.EMPLOYED], Status.EMPLOYED)
        p.market[uids] = market
        p.sector[uids] = sector
        p.location[uids] = location
        p.contract[uids] = contract
        p.job_months[uids] = 0
        p.hired_from_benefit[uids] = (p.benefit[uids] == Benefit.WW) | (p.benefit[uids] == Benefit.BIJSTAND)
        held = market[market >= 0]
        self.employers.filled += np.bincount(held, minlength=len(self.employers.filled))
        p.course_result[uids[p.course[uids] >= 0]] = 3  # left the course for work
        bijstand = uids[p.benefit[uids] == Benefit.BIJSTAND]
        self.events["ww_exit_to_work"].append(uids[p.benefit[uids] == Benefit.WW])
        self.events["bijstand_exit"].append(bijstand)
        self.events["bijstand_exit_to_work"].append(bijstand)
        ended = uids[(p.benefit[uids] == Benefit.WW) | (p.benefit[uids] == Benefit.BIJSTAND)]
        p.benefit[ended] = Benefit.NONE
        p.ww_left[uids] = 0
        p.search[uids] = 0.0
        p.distance[uids] = np.minimum(p.distance[uids], np.float32(self.params["distance.employed"]))
        self.end_course(uids[p.course[uids] >= 0])

    def move_seat(self, uids: np.ndarray, market: np.ndarray, sector: np.ndarray, location: np.ndarray) -> None:
        """Move employed persons to another employer group's seat without ending their job or benefit.

        For secondments: the worker keeps the contract (and the Wsw) and works for the host.
        """
        p = self.persons
        if not len(uids):
            return
        held = p.market[uids]
        held = held[held >= 0]
        n = len(self.employers.filled)
        self.employers.filled += np.bincount(np.asarray(market, dtype=np.int64), minlength=n) - np.bincount(held, minlength=n)
        p.market[uids] = market
        p.sector[uids] = sector
        p.location[uids] = location

    def start_course(self, uids: np.ndarray, course: np.ndarray) -> None:
        """Enrol persons in courses; they take seats of this month's intake (``Courses.take`` refuses more than are free)."""
        self.courses.take(self.t, course, self.scale)
        self.persons.course[uids] = course
        self.persons.course_left[uids] = self.courses.duration[course]
        self.persons.course_result[uids] = 0
        self.courses.enrolled_now += np.bincount(course, minlength=len(self.courses.names))

    def end_course(self, uids: np.ndarray) -> None:
        p = self.persons
        if not len(uids):
            return
        self.courses.enrolled_now -= np.bincount(p.course[uids], minlength=len(self.courses.names))
        p.course[uids] = -1
        p.course_left[uids] = 0

    def remove(self, uids: np.ndarray) -> None:
        """Persons leave the population (death, emigration, turning 75)."""
        p = self.persons
        self.leave_job(uids[p.status[uids] == Status.EMPLOYED])
        self.end_course(uids[p.course[uids] >= 0])
        self.events["bijstand_exit"].append(uids[p.benefit[uids] == Benefit.BIJSTAND])  # the stock loses them too
        p.alive[uids] = False
        self.events["leavers"].append(uids)


def headline(m: ParticipationModel) -> dict[str, float]:
    """Headline measures of the month just recorded (for the DataCollector and progress)."""
    sb = status_benefit(m.store.stocks[m.t])
    total = core_measures(sb.sum(axis=0), m.scale)
    working_age = core_measures(sb[m.tables.cells_15_65].sum(axis=0), m.scale)
    out: dict[str, float] = {"month": m.month_label}
    out["population_15_75"] = float(total["population_15_75"])
    out.update({f"{k}_15_75": float(total[k]) for k in ("employed", "unemployed")})
    for k in ("netto_participation", "bruto_participation"):
        out[f"{k}_15_75"] = float(total[k])
        out[f"{k}_15_65"] = float(working_age[k])
    out["unemployment_rate_15_75"] = float(total["unemployment_rate"])
    out.update({k: float(total[k]) for k in ("ww", "bijstand", "ao", "wsw")})
    out["vacancies"] = to_real(float(m.employers.open_by_group()[m.employers.inside].sum()), m.scale)
    return out


def _reporters() -> dict[str, Any]:
    names = (
        "month", "population_15_75", "employed_15_75", "unemployed_15_75", "netto_participation_15_75",
        "bruto_participation_15_75", "netto_participation_15_65", "bruto_participation_15_65",
        "unemployment_rate_15_75", "ww", "bijstand", "ao", "wsw", "vacancies",
    )  # fmt: skip
    return {name: (lambda m, key=name: m.latest[key]) for name in names}


def _mesa_seed(seed: int | None, rng: int | np.random.Generator | None, *, fresh: bool) -> int | None:
    """The model seed from Mesa's ``seed`` / ``rng`` arguments (None: keep the config's).

    Example:
        >>> _mesa_seed(None, 7, fresh=True), _mesa_seed(7, None, fresh=True), _mesa_seed(None, None, fresh=False)
        (7, 7, None)
    """
    if seed is not None and rng is not None:
        raise ValueError("give seed or rng, not both")
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    if rng is not None:
        return int(rng)
    if seed is None and fresh:
        return int(np.random.SeedSequence().entropy % (2**63 - 1))  # a fresh seed, as Mesa models draw one
    return seed


def calibrated_values() -> dict[str, float]:
    """The shipped calibrated parameter values (:data:`participation_model.shipped.CALIBRATED`).

    Example:
        >>> 0 < calibrated_values()["matching.efficiency"] < 5
        True
    """
    return dict(_shipped_calibration())


@functools.lru_cache(maxsize=1)
def _shipped_calibration() -> tuple[tuple[str, float], ...]:
    """Read once per process: ``mesa.batch_run`` builds many models."""
    from participation_model.calibrated import load_calibrated
    from participation_model.shipped import CALIBRATED, shipped_file

    return tuple(load_calibrated(shipped_file(CALIBRATED)).values.items())


def _resolve_config(
    config: ModelConfig | None,
    seed: int | None,
    scale: float | None,
    start: str | None,
    end: str | None,
    overrides: Mapping[str, float],
    calibrated: bool = True,
) -> ModelConfig:
    """The configuration of a model: ``config`` (or the bundled, calibrated one) with the keyword arguments applied."""
    if config is None:
        params = load_parameters()
        if calibrated:
            params = params.with_overrides(calibrated_values())
        config = ModelConfig(region=load_region("oost-groningen"), params=params, rules=load_rules())
    changes: dict[str, Any] = {}
    if seed is not None:
        changes["seed"] = int(seed)
    if scale is not None:
        changes["scale"] = float(scale)
    if start is not None:
        changes["start"] = start
    if end is not None:
        changes["end"] = end
    if overrides:
        changes["params"] = config.params.with_overrides(overrides)
    if changes:
        from dataclasses import replace

        config = replace(config, **changes)
    if config.months < 1:
        raise ValueError(f"end {config.end} is before start {config.start}")
    if config.scale <= 0:
        raise ValueError(f"scale must be positive, got {config.scale}")
    return config
