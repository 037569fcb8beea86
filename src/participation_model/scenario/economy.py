"""The ``[economy]`` table: the national drivers file, its path, edits of its series, sector trends.

Labour demand follows the national drivers (``participation_model.drivers``). A scenario picks
a drivers file and one of its paths, may ``set`` or ``shift`` a series in given years, and may
add a trend to a sector inside the region. Edits are checked against the file itself: its
series, its years, and the range each series must stay in after a shift.

Example:
    >>> problems: list[Problem] = []
    >>> _check_economy({"path": "historicl"}, None, Path("."), problems) is None
    True
    >>> problems[0].render("x.toml")  # doctest: +ELLIPSIS
    "x.toml: key 'economy.path': got 'historicl'; allowed: a path of the drivers file netherlands.toml: ...; did you mean 'historical'?"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from participation_model.drivers import (
    DriverError,
    DriverPath,
    Drivers,
    bundled_drivers,
    is_bundled_name,
    load_drivers,
)
from participation_model.region import RegionData
from participation_model.scenario.fields import _check_real_number
from participation_model.scenario.limits import (
    DEFAULT_DRIVERS,
    DEFAULT_ECONOMY_PATH,
    ECONOMY_KEYS,
    EDIT_KEYS,
    MAX_SECTOR_TREND,
    REMOVED_ECONOMY_KEYS,
)
from participation_model.scenario.objects import _DRIVERS_CACHE, Economy
from participation_model.scenario.problems import (
    Problem,
    _check_unknown_keys,
    _join,
    _require_table,
    _suggest,
    _words,
)
from participation_model.scenario.region_and_period import _load_named


def _check_economy(
    value: Any, region: RegionData | None, base_dir: Path, problems: list[Problem]
) -> Economy | None:
    """Check [economy]: the drivers file and its path, edits of its series, sector trends."""
    allowed = f"a table [economy] with the keys {_words(ECONOMY_KEYS)}"
    if not _require_table("economy", value, allowed, problems):
        return None
    _check_removed_economy_keys(value, problems)
    current = {key: item for key, item in value.items() if key not in REMOVED_ECONOMY_KEYS}
    _check_unknown_keys(current, ECONOMY_KEYS, "economy", problems)
    count = len(problems)
    written = value.get("drivers", DEFAULT_DRIVERS)
    drivers = _check_drivers(written, base_dir, problems)
    path = _check_economy_path(value.get("path", DEFAULT_ECONOMY_PATH), drivers, problems)
    edits = _check_edits(value, drivers, path, problems)
    sector_trend = _check_sector_trend(value.get("sector_trend", {}), region, problems)
    if len(problems) > count or drivers is None:
        return None
    return Economy(
        drivers=written, drivers_path=drivers.file, drivers_sha256=drivers.sha256, path=path,
        set=edits["set"], shift=edits["shift"], sector_trend=sector_trend,
    )


def _check_removed_economy_keys(table: Mapping[str, Any], problems: list[Problem]) -> None:
    """``jobs_index`` and ``cycle`` gave way to the national drivers: say what replaces them."""
    allowed = f"the keys in [economy]: {_words(ECONOMY_KEYS)}"
    for key, why in REMOVED_ECONOMY_KEYS.items():
        if key in table:
            message = (
                f"{key!r} was removed: {why}; change them with [economy.set.<series>] or "
                "[economy.shift.<series>] of the drivers file, e.g. [economy.set.gdp_growth] 2020 = -4.0"
            )
            problems.append(Problem(_join("economy", key), table[key], message, allowed))


def _check_drivers(value: Any, base_dir: Path, problems: list[Problem]) -> Drivers | None:
    """Load the drivers file (bundled name or path relative to the scenario folder) or record why not."""
    drivers = _load_named(
        "economy.drivers", value, base_dir, problems,
        what="drivers", names=bundled_drivers(), loader=load_drivers, errors=(DriverError, OSError), hint=_drivers_hint,
    )  # fmt: skip
    if drivers is not None:
        _DRIVERS_CACHE.setdefault((str(drivers.file), drivers.sha256), drivers)
    return drivers


def _drivers_hint(value: str, exc: Exception) -> str:
    """An unknown bundled name gets a suggestion; a file's fault is passed on as the loader said it."""
    if not is_bundled_name(value) or value in bundled_drivers():
        return str(exc)
    hint = _suggest(value, bundled_drivers())
    return f"unknown drivers {value!r}" + (f"; {hint}" if hint else "")


def _check_economy_path(value: Any, drivers: Drivers | None, problems: list[Problem]) -> str | None:
    """The path must be one of the drivers file's ``[path.*]`` tables."""
    names = drivers.paths if drivers is not None else ()
    if drivers is None:
        allowed = 'the name of a path of the drivers file, e.g. "historical"'
    else:
        allowed = f"a path of the drivers file {drivers.file.name}: {_words(names)}"
    if not isinstance(value, str) or (drivers is not None and value not in names):
        hint = _suggest(value, names) if isinstance(value, str) else ""
        problems.append(Problem("economy.path", value, hint, allowed))
        return None
    return value


def _check_edits(
    table: Mapping[str, Any], drivers: Drivers | None, path: str | None, problems: list[Problem]
) -> dict[str, dict[str, dict[int, float]]]:
    """``[economy.set.<series>]``, then ``[economy.shift.<series>]`` (checked against the set path)."""
    edits: dict[str, dict[str, dict[int, float]]] = {}
    for op in EDIT_KEYS:
        base = _edit_base(drivers, path, edits.get("set", {})) if op == "shift" else None
        edits[op] = _check_edit_table(op, table.get(op, {}), drivers, base, problems)
    return edits


def _edit_base(drivers: Drivers | None, path: str | None, set_edits: Mapping[str, Any]) -> DriverPath | None:
    """The path a shift acts on (with the scenario's good ``set`` edits), if it can be built."""
    if drivers is None or path is None:
        return None
    try:
        return drivers.path(path, set=set_edits)
    except DriverError:
        return None


def _check_edit_table(
    op: str, value: Any, drivers: Drivers | None, base: DriverPath | None, problems: list[Problem]
) -> dict[str, dict[int, float]]:
    """One of ``[economy.set]``/``[economy.shift]``: a table per series of the drivers file."""
    prefix = f"economy.{op}"
    allowed = f"a table per driver series of year = number, e.g. [{prefix}.gdp_growth] with 2020 = -4.0"
    if not _require_table(prefix, value, allowed, problems) or drivers is None:
        return {}
    result = {}
    for series in _check_named_keys(prefix, value, tuple(drivers.series), "driver series", problems):
        key = _join(prefix, series)
        if _require_table(key, value[series], "a table of year = number, e.g. 2020 = -4.0", problems):
            result[series] = _check_edit_years(op, key, value[series], drivers, series, base, problems)
    return result


def _check_edit_years(
    op: str,
    key: str,
    table: Mapping[str, Any],
    drivers: Drivers,
    series: str,
    base: DriverPath | None,
    problems: list[Problem],
) -> dict[int, float]:
    """The ``year = number`` entries of one series' edits: years in order, numbers in range."""
    result: dict[int, float] = {}
    previous: int | None = None
    for year_text, number in table.items():
        item = _join(key, year_text)
        year = _check_driver_year(item, year_text, drivers, previous, problems)
        previous = year if year is not None else previous
        accept, allowed = _edit_rule(op, drivers, series, base, year)
        checked = _check_real_number(item, number, accept, allowed, problems)
        if year is not None and checked is not None:
            result[year] = checked
    return result


def _check_driver_year(
    key: str, year_text: Any, drivers: Drivers, previous: int | None, problems: list[Problem]
) -> int | None:
    """Edit keys are years ("2020") within the drivers file's years, in ascending order."""
    allowed = (
        f"a year from {drivers.first_year} to {drivers.last_year} (the years of drivers file "
        f"{drivers.file.name}), in ascending order"
    )
    text = str(year_text)
    if not re.fullmatch(r"\d{4}", text):
        problems.append(Problem(key, year_text, "the key must be a year", allowed))
        return None
    year = int(text)
    if not drivers.first_year <= year <= drivers.last_year:
        problems.append(Problem(key, year_text, "year outside the drivers file's years", allowed))
        return None
    if previous is not None and year <= previous:
        message = f"the years are not in ascending order ({year} comes after {previous})"
        problems.append(Problem(key, year_text, message, allowed))
        return None
    return year


def _edit_rule(
    op: str, drivers: Drivers, series: str, base: DriverPath | None, year: int | None
) -> tuple[Callable[[float], bool], str]:
    """What a ``set`` value or a ``shift`` of ``year`` may be, and that in words.

    Example:
        >>> accept, allowed = _edit_rule("shift", load_drivers("netherlands"), "unemployment_rate",
        ...                              load_drivers("netherlands").path(), 2014)
        >>> accept(-8.0), allowed
        (False, 'a number from -7.4 to 22.6: unemployment_rate in 2014 is 7.4 and must stay within 0 to 30 (percent of the labour force)')
    """
    spec = drivers.series[series]
    if op == "set":
        return spec.accepts, spec.allowed()
    if base is None or year is None:
        return (lambda x: True), f"a finite number (added to {series} in that year)"
    low, high = base.shift_bounds(series, year)
    now = ", ".join(f"{v:.4g}" for v in base.points_in_year(series, year))
    allowed = (
        f"a number from {low:.4g} to {high:.4g}: {series} in {year} is {now} and must stay "
        f"within {spec.min:g} to {spec.max:g} ({spec.unit})"
    )
    return (lambda x: low <= x <= high), allowed


def _check_named_keys(
    prefix: str,
    table: Mapping[str, Any],
    known: Sequence[str] | None,
    kind: str,
    problems: list[Problem],
) -> list[str]:
    """Report keys that are not among the region's ``known`` names; return the good keys."""
    good = []
    for key, value in table.items():
        if known is None or key in known:
            good.append(key)
            continue
        hint = _suggest(key, known)
        message = f"unknown {kind} {key!r}" + (f"; {hint}" if hint else "")
        problems.append(Problem(_join(prefix, key), value, message, f"a {kind}: {_words(known)}"))
    return good


def _check_sector_trend(
    value: Any, region: RegionData | None, problems: list[Problem]
) -> dict[str, float]:
    """``[economy.sector_trend]``: sector = extra growth in % per year."""
    prefix = "economy.sector_trend"
    allowed = (
        f"a number from {-MAX_SECTOR_TREND:g} to {MAX_SECTOR_TREND:g} "
        "(extra growth in % per year, e.g. 1.5)"
    )
    if not _require_table(prefix, value, "a table of sector = % per year", problems):
        return {}
    known = region.sectors if region is not None else None
    result = {}
    for sector in _check_named_keys(prefix, value, known, "sector", problems):
        number = _check_real_number(
            _join(prefix, sector),
            value[sector],
            lambda x: -MAX_SECTOR_TREND <= x <= MAX_SECTOR_TREND,
            allowed,
            problems,
        )
        if number is not None:
            result[sector] = number
    return result
