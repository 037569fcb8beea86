"""National drivers: the national labour-market conditions that drive labour demand.

Labour demand in the region follows national conditions (GDP, unemployment, vacancies, benefit
stocks) instead of a hand-set path, so a scenario can say "a recession in 2020" and the model
works out what it means for the region. The national series are data: a TOML file in
``data/drivers`` (the bundled ``netherlands.toml``) with, per series, unit, definition, source,
allowed range and the values. This module checks the file and turns it into monthly paths.

The file (its header comment says the same):

- ``[drivers]``: name, label, vintage, ``first_year`` .. ``last_year`` (the range of dates and
  of edits) and ``last_observed_year``.
- ``[path.<name>]``: named paths; ``"historical"`` is the series as they are. A path may carry
  ``set``/``shift`` tables of its own (as a scenario's, below), applied first.
- ``[series.<name>]``: ``kind`` ("level", or "growth" for annual growth rates in percent),
  ``unit``, ``definition``, ``source``, ``min``/``max`` (the allowed range of one value),
  ``values`` (observed), optionally ``projection`` (after the observed values) and
  ``after_projection = "hold"``. Date keys: ``"YYYY"`` is an annual average and stands at
  mid-year (YYYY + 0.5); ``"YYYY-MM"`` is a stock at the end of that month (YYYY + MM/12).
  Keys must be in date order (TOML keeps the file order). Marks say where a value came from:
  ``derived`` (the source's "D"), ``derived_here`` (derived in the file), ``approximate``,
  ``interpolated`` (gap years), each with a ``<mark>_how`` text; ``values_new_method``,
  ``projection_new_method`` and ``not_used`` keep published values the path does not use.
- The CBS survey break of 2021/22: the unemployment rate is kept on the old basis (new-method
  values minus the sourced October-2021 gap of 1.1 pp, marked DERIVED); tightness after 2021
  is new-method as published.

The path (``DriverPath``) interpolates linearly between the points in time, held flat before
the first and after the last point (for growth series the last growth rate continues). The
value of a month is the one at its middle. Growth series also give a log volume level: the
cumulated ``ln(1 + g/100)``, anchored at mid-years. A linear path through annual averages does
not keep them as annual means: a year's mean of the monthly path differs from its annual value
by about one eighth of the second difference of the neighbouring years.

Scenario edits ``set`` and ``shift`` (``{series: {year: value}}``) change the points before
interpolation: ``set`` replaces every point of the year by one mid-year point, ``shift`` adds
to the year's points (or inserts a mid-year point at the interpolated value plus the shift).
When an edit adds a point to a year that had none, the neighbouring years without points of
their own are pinned at their previous mid-year value, so an edit does not leak into other
years (without the pins a ``set`` after the last point would hold for ever).

Example:
    >>> drivers = load_drivers("netherlands")
    >>> drivers.series["gdp_growth"].kind, drivers.first_year, drivers.last_year
    ('growth', 2008, 2035)
    >>> path = drivers.path("historical", set={"gdp_growth": {2020: -4.0}})
    >>> path.at("gdp_growth", 2020.5), path.at("unemployment_rate", 2022.5)
    (-4.0, 2.4)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from participation_model.tomlfile import read_toml

__all__ = [
    "DriverError",
    "DriverPath",
    "DriverSeries",
    "Drivers",
    "bundled_drivers",
    "date_time",
    "describe_edits",
    "load_drivers",
]

BUNDLED_DIR = Path(__file__).parent / "data" / "drivers"
KINDS = ("level", "growth")
AFTER_PROJECTION = ("hold",)
HEADER_TEXT = ("name", "label", "vintage")
HEADER_YEARS = ("first_year", "last_observed_year", "last_year")
SERIES_REQUIRED = ("kind", "unit", "definition", "source", "min", "max", "values")
MARKS = ("derived", "derived_here", "approximate", "interpolated")
EXTRA_TABLES = ("values_new_method", "projection_new_method", "not_used")
TEXTS = ("after_projection_how", "values_new_method_how", "not_used_why", *(f"{m}_how" for m in MARKS))
SERIES_KEYS = (*SERIES_REQUIRED, "projection", "after_projection", *EXTRA_TABLES, *MARKS, *TEXTS)
PATH_KEYS = ("description", "set", "shift")
EDITS = ("set", "shift")
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
ALLOWED_DATE = '"YYYY" (annual average, at mid-year) or "YYYY-MM" (end of that month)'


class DriverError(ValueError):
    """A drivers file is missing or wrong, or an edit of a driver path is not allowed."""


class _Missing:
    def __repr__(self) -> str:
        return "nothing (the key is missing)"


MISSING: Any = _Missing()


def _fail(file: Path | str, key: str, value: Any, allowed: str) -> DriverError:
    """The error for one bad key, in the project's message form.

    Example:
        >>> print(_fail("d.toml", "series.ww.values.2009-12", float("nan"), "a finite number"))
        d.toml: key 'series.ww.values.2009-12': got nan; allowed: a finite number
    """
    return DriverError(f"{file}: key '{key}': got {value!r}; allowed: {allowed}")


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


def date_time(key: str) -> float:
    """The decimal year at which the value of a date key stands.

    Example:
        >>> date_time("2013"), date_time("2015-12"), date_time("2008-06")
        (2013.5, 2016.0, 2008.5)
    """
    match = DATE.fullmatch(key)
    if match is None:
        raise ValueError(f"not a date key: {key!r}")
    year, month = int(match.group(1)), match.group(2)
    return year + 0.5 if month is None else year + int(month) / 12


def _when(key: str) -> str:
    """A date key in words, for messages: ``_when("2013") == "mid-2013"``."""
    return f"mid-{key}" if "-" not in key else f"end of {key}"


def _month_middles(first_month: int, months: int) -> np.ndarray:
    """Decimal years of the middles of months ``year * 12 + (month - 1)``.

    Example:
        >>> _month_middles(2014 * 12, 2).round(4).tolist()
        [2014.0417, 2014.125]
    """
    return (np.arange(first_month, first_month + months) + 0.5) / 12


# --------------------------------------------------------------------------------------------
# Checked file contents
# --------------------------------------------------------------------------------------------


class Point(NamedTuple):
    """One point of a series: the year of its date key, where it stands in time, its value."""

    year: int
    time: float
    value: float


@dataclass(frozen=True)
class DriverSeries:
    """One checked ``[series.<name>]`` table.

    Attributes:
        name, kind ("level" or "growth"), unit, definition, source: as in the file.
        min, max: the allowed range of one value.
        dates, numbers: the date keys and values, observed then projected, in date order.
        observed: how many of them are observed (the rest are the projection).
        raw: the table as read (marks and notes), for reports.

    Example:
        >>> load_drivers("netherlands").series["vacancies"].allowed()
        'a finite number from 0 to 2000 (thousand open vacancies)'
    """

    name: str
    kind: str
    unit: str
    definition: str
    source: str
    min: float
    max: float
    dates: tuple[str, ...]
    numbers: tuple[float, ...]
    observed: int
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    def allowed(self) -> str:
        """What one value of the series may be, in words."""
        return f"a finite number from {self.min:g} to {self.max:g} ({self.unit})"

    def accepts(self, number: float) -> bool:
        """Whether ``number`` is a finite value within the series' range."""
        return math.isfinite(number) and self.min <= number <= self.max

    def points(self) -> list[Point]:
        """The series' points in time order (observed and projected)."""
        return [Point(int(d[:4]), date_time(d), v) for d, v in zip(self.dates, self.numbers)]

    def last_projected_year(self) -> int | None:
        """The year of the last projected point, or None without a projection."""
        return int(self.dates[-1][:4]) if len(self.dates) > self.observed else None


class _Line(NamedTuple):
    """A series as the path uses it: points in time after all edits."""

    name: str
    kind: str
    unit: str
    min: float
    max: float
    years: tuple[int, ...]
    times: tuple[float, ...]
    values: tuple[float, ...]


# --------------------------------------------------------------------------------------------
# The monthly path
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriverPath:
    """The driver series of one path after a scenario's edits: what the model reads each month.

    Frozen and picklable (it goes into worker processes). Months are indexed as in
    ``months.month_index``: ``year * 12 + (month - 1)``.

    Attributes:
        name: the drivers file's name ("netherlands"); ``file`` its resolved path, ``sha256``
            its hash.
        path: the path's name ("historical").
        edits: the scenario's edits as (``"set"`` or ``"shift"``, series, year, number).
        first_year, last_observed_year, last_year: from the file's header.
        last_projected_year: the last year with a projected point (of any series).
        lines: the series' points after the edits.

    Example:
        >>> path = load_drivers("netherlands").path()
        >>> path.monthly("vacancies", 2016 * 12 + 11, 1)   # mid-December 2016: 143 + (169 - 143) * 23/24
        array([167.91666667])
    """

    name: str
    file: str
    sha256: str
    path: str
    edits: tuple[tuple[str, str, int, float], ...]
    first_year: int
    last_observed_year: int
    last_year: int
    last_projected_year: int
    lines: tuple[_Line, ...] = field(repr=False)

    @property
    def series(self) -> tuple[str, ...]:
        """The names of the series, in file order."""
        return tuple(line.name for line in self.lines)

    def _line(self, series: str) -> _Line:
        for line in self.lines:
            if line.name == series:
                return line
        raise DriverError(f"{self.file}: no driver series {series!r}; the file has: {', '.join(self.series)}")

    def at(self, series: str, year: float) -> float:
        """The value of a series at a decimal year (linear, flat outside its points).

        Example:
            >>> load_drivers("netherlands").path().at("unemployment_rate", 2014.5)
            7.4
        """
        line = self._line(series)
        return float(np.interp(year, line.times, line.values))

    def monthly(self, series: str, first_month: int, months: int) -> np.ndarray:
        """The value in each month of a run: the path at the middle of the month.

        For growth series this is the interpolated annual growth rate in percent.

        Example:
            >>> path = load_drivers("netherlands").path()
            >>> path.monthly("gdp_growth", 2030 * 12, 2)        # held after the projection
            array([1.5, 1.5])
        """
        line = self._line(series)
        return np.interp(_month_middles(first_month, months), line.times, line.values)

    def log_level(self, series: str, first_month: int, months: int) -> np.ndarray:
        """Natural log of the volume level of a growth series, in each month of a run.

        The level at mid-year Y is the sum of ``ln(1 + g/100)`` over the years after
        first_year up to Y (0 at mid-year of first_year), with g the year's growth rate
        (interpolated over gaps; before the first and after the last point the nearest rate
        continues); between mid-years it is linear.

        Example:
            >>> level = load_drivers("netherlands").path().log_level("gdp_growth", 2030 * 12, 13)
            >>> round(float(level[12] - level[0]), 9) == round(math.log(1.015), 9)   # held 1.5%
            True
        """
        times = _month_middles(first_month, months)
        anchors, levels = self._log_anchors(series, float(times.min(initial=self.first_year)), float(times.max(initial=self.last_year)))
        return np.interp(times, anchors, levels)

    def log_level_at(self, series: str, year: float) -> float:
        """The log level of a growth series at a decimal year (see ``log_level``).

        Example:
            >>> path = load_drivers("netherlands").path()
            >>> round(path.log_level_at("gdp_growth", 2009.5), 6) == round(math.log(1 - 0.037), 6)
            True
        """
        anchors, levels = self._log_anchors(series, year, year)
        return float(np.interp(year, anchors, levels))

    def _log_anchors(self, series: str, start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
        """Mid-year times and log levels covering first_year..last_year and start..end."""
        line = self._line(series)
        if line.kind != "growth":
            raise DriverError(f"{self.file}: series {series!r} is a level series; a log level needs kind = \"growth\"")
        years = np.arange(min(self.first_year, math.floor(start - 0.5)), max(self.last_year, math.ceil(end)) + 1)
        steps = np.cumsum(np.log1p(np.interp(years + 0.5, line.times, line.values) / 100))
        return years + 0.5, steps - steps[years == self.first_year]

    def annual(self, first_year: int, last_year: int) -> pd.DataFrame:
        """One row per year: each series' annual value and the year's ``basis``.

        Level series: the mean of the monthly path over the year; growth series: the year's
        growth rate. ``basis`` is "observed" up to the file's last observed year, "projected"
        up to the last projected year, "held" after it.

        Example:
            >>> table = load_drivers("netherlands").path().annual(2024, 2027)
            >>> table[["year", "gdp_growth", "basis"]].values.tolist()
            [[2024, 0.9, 'observed'], [2025, 1.9, 'projected'], [2026, 1.5, 'projected'], [2027, 1.5, 'held']]
        """
        years = list(range(first_year, last_year + 1))
        table: dict[str, list[Any]] = {"year": years}
        for line in self.lines:
            table[line.name] = [self._annual_value(line, year) for year in years]
        table["basis"] = [self.basis(year) for year in years]
        return pd.DataFrame(table)

    def _annual_value(self, line: _Line, year: int) -> float:
        if line.kind == "growth":
            return self.at(line.name, year + 0.5)
        return float(self.monthly(line.name, year * 12, 12).mean())

    def basis(self, year: int) -> str:
        """Whether a year's values are "observed", "projected" or "held"."""
        if year <= self.last_observed_year:
            return "observed"
        return "projected" if year <= self.last_projected_year else "held"

    def points_in_year(self, series: str, year: int) -> tuple[float, ...]:
        """The values a shift of ``year`` acts on: the year's points, else the mid-year value.

        Example:
            >>> path = load_drivers("netherlands").path()
            >>> path.points_in_year("tightness", 2018), path.points_in_year("vacancies", 2014)
            ((75.0, 80.0), (114.2,))
        """
        line = self._line(series)
        inside = tuple(v for y, v in zip(line.years, line.values) if y == year)
        return inside or (self.at(series, year + 0.5),)

    def shift_bounds(self, series: str, year: int) -> tuple[float, float]:
        """The shifts of ``year`` that keep every value it acts on within the series' range.

        Example:
            >>> load_drivers("netherlands").path().shift_bounds("unemployment_rate", 2014)
            (-7.4, 22.6)
        """
        line = self._line(series)
        values = self.points_in_year(series, year)
        return line.min - min(values), line.max - max(values)

    def describe(self) -> str:
        """One line for manifests and ``validate``: file, path and edits.

        Example:
            >>> load_drivers("netherlands").path(shift={"gdp_growth": {2020: -1.0}}).describe()  # doctest: +ELLIPSIS
            "drivers 'netherlands' (netherlands.toml, sha256 ...), path 'historical', shift gdp_growth 2020 -1"
        """
        head = f"drivers {self.name!r} ({Path(self.file).name}, sha256 {self.sha256[:12]}), path {self.path!r}"
        edits: dict[str, dict[str, dict[int, float]]] = {"set": {}, "shift": {}}
        for op, series, year, number in self.edits:
            edits[op].setdefault(series, {})[year] = number
        text = describe_edits(edits["set"], edits["shift"])
        return f"{head}, {text}" if text else f"{head}, no edits"


def describe_edits(set: Mapping[str, Mapping[int, float]] | None = None,
                   shift: Mapping[str, Mapping[int, float]] | None = None) -> str:
    """Edits in words, or "" when there are none.

    Example:
        >>> describe_edits({"gdp_growth": {2020: -4.0}}, {"unemployment_rate": {2020: 1.5, 2021: 1.0}})
        'set gdp_growth 2020 = -4; shift unemployment_rate 2020 +1.5, 2021 +1'
    """
    parts = [
        f"set {series} " + ", ".join(f"{year} = {number:g}" for year, number in years.items())
        for series, years in (set or {}).items()
    ] + [
        f"shift {series} " + ", ".join(f"{year} {number:+g}" for year, number in years.items())
        for series, years in (shift or {}).items()
    ]
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# The file and its paths
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drivers:
    """A checked drivers file.

    Attributes:
        name, label, vintage: from ``[drivers]``.
        file: the resolved path of the file; ``sha256`` its hash (for manifests).
        first_year, last_observed_year, last_year: the header's years.
        series: name -> ``DriverSeries``, in file order.
        paths: the names of the ``[path.*]`` tables.

    Example:
        >>> drivers = load_drivers("netherlands")
        >>> drivers.paths, drivers.last_observed_year
        (('historical',), 2024)
    """

    name: str
    label: str
    vintage: str
    file: Path
    sha256: str
    first_year: int
    last_observed_year: int
    last_year: int
    series: Mapping[str, DriverSeries]
    paths: tuple[str, ...]
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    def path(
        self,
        name: str = "historical",
        set: Mapping[str, Mapping[int, float]] | None = None,
        shift: Mapping[str, Mapping[int, float]] | None = None,
    ) -> DriverPath:
        """The path ``name`` with the path's own edits, then ``set``, then ``shift``.

        Raises:
            DriverError: for an unknown path, or an edit of an unknown series, a year outside
                the file's years or out of order, a non-finite number, or a value out of range.

        Example:
            >>> drivers = load_drivers("netherlands")
            >>> drivers.path(shift={"unemployment_rate": {2020: 1.0}}).at("unemployment_rate", 2020.5) > 4
            True
        """
        if name not in self.paths:
            raise _fail(self.file, "path", name, f"a path of the drivers file: {', '.join(map(repr, self.paths))}")
        table = self.raw["path"][name]
        points = {key: series.points() for key, series in self.series.items()}
        steps = [(f"path.{name}.{op}", op, table.get(op)) for op in EDITS] + [("set", "set", set), ("shift", "shift", shift)]
        applied: list[tuple[str, str, int, float]] = []
        for where, op, edits in steps:
            for series, years in self._checked_edits(where, edits).items():
                self._check_range(where, op, series, years, points[series])
                points[series] = apply_edits(points[series], years, op)
                if where in EDITS:
                    applied += [(op, series, year, number) for year, number in years.items()]
        return self._make_path(name, points, tuple(applied))

    def _make_path(self, name: str, points: Mapping[str, list[Point]], edits: tuple[Any, ...]) -> DriverPath:
        lines = tuple(
            _Line(key, s.kind, s.unit, s.min, s.max, *(tuple(column) for column in zip(*points[key])))
            for key, s in self.series.items()
        )
        projected = [y for s in self.series.values() if (y := s.last_projected_year()) is not None]
        return DriverPath(
            name=self.name, file=str(self.file), sha256=self.sha256, path=name, edits=edits,
            first_year=self.first_year, last_observed_year=self.last_observed_year, last_year=self.last_year,
            last_projected_year=max(projected, default=self.last_observed_year), lines=lines,
        )

    def _checked_edits(self, where: str, edits: Any) -> dict[str, dict[int, float]]:
        """Edits as ``{series: {year: number}}``: known series, years in range and in order."""
        if edits is None:
            return {}
        if not isinstance(edits, Mapping):
            raise _fail(self.file, where, edits, "a table per series of year = number")
        result = {}
        for series, years in edits.items():
            if series not in self.series:
                raise _fail(self.file, f"{where}.{series}", years, f"a series of the drivers file: {', '.join(self.series)}")
            if not isinstance(years, Mapping):
                raise _fail(self.file, f"{where}.{series}", years, "a table of year = number")
            result[series] = self._checked_years(f"{where}.{series}", years)
        return result

    def _checked_years(self, where: str, years: Mapping[Any, Any]) -> dict[int, float]:
        result: dict[int, float] = {}
        allowed = f"a year from {self.first_year} to {self.last_year}, in ascending order"
        for year, number in years.items():
            key = f"{where}.{year}"
            if not re.fullmatch(r"\d{4}", str(year)) or not self.first_year <= int(year) <= self.last_year:
                raise _fail(self.file, key, year, allowed)
            if result and int(year) <= max(result):
                raise _fail(self.file, key, year, allowed)
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                raise _fail(self.file, key, number, "a finite number")
            result[int(year)] = float(number)
        return result

    def _check_range(self, where: str, op: str, series: str, years: Mapping[int, float], points: list[Point]) -> None:
        spec = self.series[series]
        for year, number in years.items():
            inside = [p.value for p in points if p.year == year] or [_interp(points, year + 0.5)]
            values = [number] if op == "set" else [v + number for v in inside]
            if not all(spec.min <= v <= spec.max for v in values):
                allowed = spec.allowed() if op == "set" else (
                    f"a shift from {spec.min - min(inside):g} to {spec.max - max(inside):g}, "
                    f"keeping {series} within {spec.min:g} to {spec.max:g} ({spec.unit})"
                )
                raise _fail(self.file, f"{where}.{series}.{year}", number, allowed)


def _interp(points: list[Point], time: float) -> float:
    """Linear interpolation in a list of points, flat outside."""
    return float(np.interp(time, [p.time for p in points], [p.value for p in points]))


def apply_edits(points: list[Point], edits: Mapping[int, float], op: str) -> list[Point]:
    """Apply ``set`` or ``shift`` edits ``{year: number}`` to a series' points.

    All edits of one table act on the points as they were before the table (so shifting
    two gap years by 1 raises both by 1); years without points next to an edited year are
    pinned at their previous mid-year value (see the module docstring).

    Example:
        >>> points = [Point(2010, 2010.5, 1.0), Point(2013, 2013.5, 4.0)]
        >>> [(p.year, p.value) for p in apply_edits(points, {2011: 5.0}, "set")]
        [(2010, 1.0), (2011, 5.0), (2012, 3.0), (2013, 4.0)]
        >>> [(p.year, p.value) for p in apply_edits(points, {2011: 1.0, 2012: 1.0}, "shift")]
        [(2010, 1.0), (2011, 3.0), (2012, 4.0), (2013, 4.0)]
    """
    has_points = {p.year for p in points}
    if op == "set":
        kept = [p for p in points if p.year not in edits]
        added = [Point(year, year + 0.5, number) for year, number in edits.items()]
    else:
        kept = [p._replace(value=p.value + edits[p.year]) if p.year in edits else p for p in points]
        added = [Point(y, y + 0.5, _interp(points, y + 0.5) + d) for y, d in edits.items() if y not in has_points]
    pinned = {n for y in edits for n in (y - 1, y + 1) if n not in edits and n not in has_points}
    added += [Point(n, n + 0.5, _interp(points, n + 0.5)) for n in sorted(pinned)]
    return sorted(kept + added, key=lambda p: p.time)


# --------------------------------------------------------------------------------------------
# Loading and checking a file
# --------------------------------------------------------------------------------------------


def bundled_drivers() -> list[str]:
    """Names of the drivers files shipped with the package.

    Example:
        >>> bundled_drivers()
        ['netherlands']
    """
    return sorted(p.stem for p in BUNDLED_DIR.glob("*.toml"))


def is_bundled_name(text: str) -> bool:
    """A bare name (no slash, no ".toml") means a bundled file.

    Example:
        >>> is_bundled_name("netherlands"), is_bundled_name("data/nl.toml")
        (True, False)
    """
    return "/" not in text and "\\" not in text and not text.endswith(".toml")


def resolve_drivers_path(name_or_path: str | Path, base_dir: Path | None = None) -> Path:
    """Turn a bundled name or a (relative) path into a file path.

    Example:
        >>> resolve_drivers_path("netherlands").name
        'netherlands.toml'
    """
    text = str(name_or_path)
    if is_bundled_name(text):
        path = BUNDLED_DIR / f"{text}.toml"
        if not path.exists():
            raise DriverError(
                f"unknown drivers {text!r}; bundled drivers: {', '.join(bundled_drivers())} "
                "(or give a path to a drivers .toml file)"
            )
        return path
    path = Path(text)
    return base_dir / path if not path.is_absolute() and base_dir is not None else path


def load_drivers(name_or_path: str | Path, base_dir: Path | None = None) -> Drivers:
    """Load and check a drivers file: a bundled name ("netherlands") or a path.

    Every path of the file is built once, so its own edits are checked too.

    Raises:
        DriverError: naming the file, the dotted key, the value and what is allowed.

    Example:
        >>> load_drivers("netherlands").series["unemployment_rate"].unit
        'percent of the labour force'
    """
    file = resolve_drivers_path(name_or_path, base_dir)
    raw, digest = read_toml(file, DriverError, "drivers file", finite=False)  # every value is checked with its range below
    head = _check_header(file, raw)
    first, last = head["first_year"], head["last_year"]
    tables = _table(file, "series", raw.get("series", MISSING), "a table [series.<name>] per series")
    drivers = Drivers(
        name=head["name"], label=head["label"], vintage=head["vintage"], file=file.resolve(), sha256=digest,
        first_year=first, last_observed_year=head["last_observed_year"], last_year=last,
        series={name: _check_series(file, name, table, first, last) for name, table in tables.items()},
        paths=_check_paths(file, raw), raw=raw,
    )
    for name in drivers.paths:
        drivers.path(name)
    return drivers


def _table(file: Path, key: str, value: Any, allowed: str) -> Mapping[str, Any]:
    """``value`` if it is a non-empty table, else a DriverError for ``key``."""
    if not isinstance(value, Mapping) or not value:
        raise _fail(file, key, value, allowed)
    return value


def _text(file: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, key, value, "text in quotes")
    return value


def _whole(file: Path, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise _fail(file, key, value, "a year such as 2008")
    return value


def _number(file: Path, key: str, value: Any, allowed: str, low: float = -math.inf, high: float = math.inf) -> float:
    """A finite int or float within [low, high], else a DriverError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise _fail(file, key, value, allowed)
    return float(value)


def _check_header(file: Path, raw: Mapping[str, Any]) -> dict[str, Any]:
    """``[drivers]``: name, label, vintage and first_year <= last_observed_year <= last_year."""
    head = _table(file, "drivers", raw.get("drivers", MISSING), "a table [drivers] with " + ", ".join(HEADER_TEXT + HEADER_YEARS))
    result: dict[str, Any] = {key: _text(file, f"drivers.{key}", head.get(key, MISSING)) for key in HEADER_TEXT}
    result.update({key: _whole(file, f"drivers.{key}", head.get(key, MISSING)) for key in HEADER_YEARS})
    if not result["first_year"] <= result["last_observed_year"] <= result["last_year"]:
        allowed = f"a year from first_year ({result['first_year']}) to last_year ({result['last_year']})"
        raise _fail(file, "drivers.last_observed_year", result["last_observed_year"], allowed)
    return result


def _check_paths(file: Path, raw: Mapping[str, Any]) -> tuple[str, ...]:
    """``[path.<name>]`` tables, each with a description (their edits are checked when built)."""
    paths = _table(file, "path", raw.get("path", MISSING), "at least one table [path.<name>], e.g. [path.historical]")
    for name, table in paths.items():
        table = _table(file, f"path.{name}", table, "a table with a description and optional set/shift tables")
        _check_keys(file, f"path.{name}", table, PATH_KEYS)
        _text(file, f"path.{name}.description", table.get("description", MISSING))
    return tuple(paths)


def _check_keys(file: Path, prefix: str, table: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key, value in table.items():
        if key not in known:
            raise _fail(file, f"{prefix}.{key}", value, f"the keys of [{prefix}]: {', '.join(known)}")


def _check_series(file: Path, name: str, table: Any, first: int, last: int) -> DriverSeries:
    """One ``[series.<name>]`` table: keys, provenance, range, dated values and marks."""
    prefix = f"series.{name}"
    table = _table(file, prefix, table, "a table with " + ", ".join(SERIES_REQUIRED))
    _check_keys(file, prefix, table, SERIES_KEYS)
    head = _check_series_head(file, prefix, table)
    check = _ValueCheck(file, prefix, head["min"], head["max"], head["unit"], first, last, head["kind"] == "growth")
    observed = check.values("values", table.get("values", MISSING))
    projected = check.values("projection", table["projection"]) if "projection" in table else []
    if observed and projected and date_time(projected[0][0]) <= date_time(observed[-1][0]):
        key, last_key = projected[0][0], observed[-1][0]
        allowed = f"projection dates after the last observed value ({last_key!r}, {_when(last_key)})"
        raise _fail(file, f"{prefix}.projection.{key}", key, allowed)
    extra = [d for t in EXTRA_TABLES if t in table for d, _ in check.values(t, table[t], annual_only=False)]
    points = observed + projected
    _check_marks(file, prefix, table, check, [d for d, _ in points] + extra, {int(d[:4]) for d, _ in points})
    return DriverSeries(
        name=name, **head, dates=tuple(d for d, _ in points), numbers=tuple(v for _, v in points),
        observed=len(observed), raw=table,
    )


def _check_series_head(file: Path, prefix: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """A series' kind, provenance texts, range and after_projection rule."""
    kind = table.get("kind", MISSING)
    if kind not in KINDS:
        raise _fail(file, f"{prefix}.kind", kind, " or ".join(map(repr, KINDS)))
    head: dict[str, Any] = {"kind": kind}
    head.update({key: _text(file, f"{prefix}.{key}", table.get(key, MISSING)) for key in ("unit", "definition", "source")})
    head["min"] = low = _number(file, f"{prefix}.min", table.get("min", MISSING), "a finite number")
    above = f"a finite number above min ({low:g})"
    head["max"] = _number(file, f"{prefix}.max", table.get("max", MISSING), above, low=math.nextafter(low, math.inf))
    if table.get("after_projection", "hold") not in AFTER_PROJECTION:
        raise _fail(file, f"{prefix}.after_projection", table["after_projection"], " or ".join(map(repr, AFTER_PROJECTION)))
    for key in TEXTS:
        if key in table:
            _text(file, f"{prefix}.{key}", table[key])
    return head


@dataclass(frozen=True)
class _ValueCheck:
    """Checks the date = number tables of one series."""

    file: Path
    prefix: str
    low: float
    high: float
    unit: str
    first: int
    last: int
    annual_only: bool

    def date(self, key: str, text: str, annual_only: bool) -> float:
        """The time of a date key inside first..last, or a DriverError."""
        match = DATE.fullmatch(text)
        allowed = ('"YYYY" (growth series hold annual rates)' if annual_only else ALLOWED_DATE) + (
            f", with a year from {self.first} to {self.last}"
        )
        if match is None or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
            raise _fail(self.file, key, text, allowed)
        if (annual_only and match.group(2)) or not self.first <= int(match.group(1)) <= self.last:
            raise _fail(self.file, key, text, allowed)
        return date_time(text)

    def values(self, name: str, table: Any, annual_only: bool | None = None) -> list[tuple[str, float]]:
        """A non-empty table of date = number in date order; returns (date, value) pairs."""
        where = f"{self.prefix}.{name}"
        table = _table(self.file, where, table, 'a non-empty table of date = number, e.g. { "2014" = 7.4 }')
        allowed = f"a finite number from {self.low:g} to {self.high:g} ({self.unit})"
        result: list[tuple[str, float]] = []
        previous: tuple[str, float] | None = None
        for text, value in table.items():
            key = f"{where}.{text}"
            time = self.date(key, text, self.annual_only if annual_only is None else annual_only)
            number = _number(self.file, key, value, allowed, self.low, self.high)
            if previous is not None and time <= previous[1]:
                order = f"dates in date order (TOML keeps the file order): {text!r} ({_when(text)}) must come after {previous[0]!r} ({_when(previous[0])})"
                raise _fail(self.file, key, text, order)
            previous = (text, time)
            result.append((text, number))
        return result


def _check_marks(file: Path, prefix: str, table: Mapping[str, Any], check: _ValueCheck, dates: list[str], years: set[int]) -> None:
    """Mark lists name dates of the series (``interpolated``: years without points) and say how."""
    for mark in MARKS:
        if mark not in table:
            continue
        key = f"{prefix}.{mark}"
        items = table[mark]
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise _fail(file, key, items, "a list of date keys in quotes")
        for item in items:
            check.date(key, item, annual_only=False)
            wrong = int(item[:4]) in years if mark == "interpolated" else item not in dates
            if wrong:
                allowed = "years without a point of their own" if mark == "interpolated" else "date keys of this series' value tables"
                raise _fail(file, key, item, allowed)
        _text(file, f"{key}_how", table.get(f"{mark}_how", MISSING))
