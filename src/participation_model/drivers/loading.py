"""Loading and checking a drivers file: the top of the package, which reads a file and builds ``Drivers``.

A drivers file is a bundled name ("netherlands") or a path. Every table and key is checked
before the file is used (header years, paths, each series' provenance, range, dated values in
date order, and the marks that say where a value came from); the first problem raises a
``DriverError`` that names the file, the key, the value and what is allowed. Every path of
the file is built once while loading, so its own edits are checked too.

Example:
    >>> drivers = load_drivers("netherlands")
    >>> drivers.name, drivers.paths, len(drivers.series)
    ('netherlands', ('historical', 'recession', 'fast_recovery'), 10)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from participation_model.drivers.dates import _when, date_time
from participation_model.drivers.file import Drivers
from participation_model.drivers.layout import (
    AFTER_PROJECTION,
    ALLOWED_DATE,
    BUNDLED_DIR,
    DATE,
    EXTRA_TABLES,
    HEADER_TEXT,
    HEADER_YEARS,
    KINDS,
    MARKS,
    MISSING,
    PATH_KEYS,
    SERIES_KEYS,
    SERIES_REQUIRED,
    TEXTS,
    DriverError,
    _fail,
)
from participation_model.drivers.series import DriverSeries
from participation_model.tomlfile import read_toml


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
