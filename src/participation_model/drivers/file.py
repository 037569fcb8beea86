"""The file and its paths: a checked drivers file, and the edits that make a path of it.

``Drivers`` holds the checked series and the names of the file's paths; ``Drivers.path``
applies a path's own edits, then a scenario's ``set`` and ``shift``, checking each against the
file (known series, years in range and in order, values within the series' range).
``apply_edits`` is the rule for one table of edits (see the package docstring: pins keep an
edit from leaking into neighbouring years).

Example:
    >>> from participation_model.drivers import load_drivers
    >>> load_drivers("netherlands").path(shift={"vacancies": {2016: 10.0}}).edits
    (('shift', 'vacancies', 2016, 10.0),)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from participation_model.drivers.layout import EDITS, _fail
from participation_model.drivers.path import DriverPath
from participation_model.drivers.series import DriverSeries, Point, _Line


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
        >>> from participation_model.drivers import load_drivers
        >>> drivers = load_drivers("netherlands")
        >>> drivers.paths, drivers.last_observed_year
        (('historical', 'recession', 'fast_recovery'), 2024)
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
            >>> from participation_model.drivers import load_drivers
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
