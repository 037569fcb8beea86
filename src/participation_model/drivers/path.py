"""The monthly path: the driver series of one path, after a scenario's edits, as the model reads them.

A ``DriverPath`` is frozen and picklable (it travels into worker processes). It interpolates
linearly between the points, held flat outside them, reads a month at its middle, and gives
growth series a log volume level; it also says what a ``shift`` of a year may be, so the
scenario check can phrase its limits. ``describe_edits`` puts edits into words.

Example:
    >>> from participation_model.drivers import load_drivers
    >>> path = load_drivers("netherlands").path(set={"gdp_growth": {2020: -4.0}})
    >>> path.at("gdp_growth", 2020.5), path.basis(2030)
    (-4.0, 'held')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from participation_model.drivers.dates import _month_middles
from participation_model.drivers.layout import DriverError
from participation_model.drivers.series import _Line


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
        >>> from participation_model.drivers import load_drivers
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
            >>> from participation_model.drivers import load_drivers
            >>> load_drivers("netherlands").path().at("unemployment_rate", 2014.5)
            7.4
        """
        line = self._line(series)
        return float(np.interp(year, line.times, line.values))

    def monthly(self, series: str, first_month: int, months: int) -> np.ndarray:
        """The value in each month of a run: the path at the middle of the month.

        For growth series this is the interpolated annual growth rate in percent.

        Example:
            >>> from participation_model.drivers import load_drivers
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
            >>> from participation_model.drivers import load_drivers
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
            >>> from participation_model.drivers import load_drivers
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
            >>> from participation_model.drivers import load_drivers
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
            >>> from participation_model.drivers import load_drivers
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
            >>> from participation_model.drivers import load_drivers
            >>> load_drivers("netherlands").path().shift_bounds("unemployment_rate", 2014)
            (-7.4, 22.6)
        """
        line = self._line(series)
        values = self.points_in_year(series, year)
        return line.min - min(values), line.max - max(values)

    def describe(self) -> str:
        """One line for manifests and ``validate``: file, path and edits.

        Example:
            >>> from participation_model.drivers import load_drivers
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
