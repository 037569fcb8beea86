"""Checked file contents: one series of a drivers file, and its points in time.

A ``DriverSeries`` is a ``[series.<name>]`` table after its checks: provenance, range, and the
dated values (observed, then projected). The path works on ``Point`` lists (year, time,
value) so that edits can add, replace and pin points before it interpolates; ``_Line`` is a
series as the path keeps it, after all edits.

Example:
    >>> from participation_model.drivers import load_drivers
    >>> load_drivers("netherlands").series["gdp_growth"].points()[0]
    Point(year=2008, time=2008.5, value=2.2)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from participation_model.drivers.dates import date_time


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
        >>> from participation_model.drivers import load_drivers
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
