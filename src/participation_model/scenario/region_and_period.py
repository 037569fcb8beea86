"""The region and the period: which region file a scenario runs on and which months it covers.

A region is a bundled name or a path next to the scenario file; once loaded it bounds the
months (``start``, ``end``, ``warm_up_from``) to the years it has data for. Drivers files are
named the same way, so ``_load_named`` serves both.

Example:
    >>> problems: list[Problem] = []
    >>> _check_period("2014-01", "2013-12", None, problems)
    ('2014-01', None)
    >>> problems[0].message
    'end is before start'
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from participation_model.months import parse_month as _month_number
from participation_model.region import RegionData, RegionError, bundled_regions, load_region
from participation_model.scenario.limits import ALLOWED_MONTH, MONTH_PATTERN
from participation_model.scenario.problems import Problem, _suggest, _words


def _check_region(value: Any, base_dir: Path, problems: list[Problem]) -> RegionData | None:
    """Load the region (bundled name or path relative to the scenario folder) or record why not."""
    return _load_named(
        "region", value, base_dir, problems,
        what="region", names=bundled_regions(), loader=load_region, errors=(RegionError, OSError, ValueError), hint=_region_hint,
    )  # fmt: skip


def _load_named(
    key: str, value: Any, base_dir: Path, problems: list[Problem], *,
    what: str, names: list[str], loader: Callable[..., Any], errors: tuple[type[Exception], ...], hint: Callable[[str, Exception], str],
) -> Any:  # fmt: skip
    """Load a bundled file by name, or by a path relative to the scenario folder, or record why not.

    Regions and drivers files are both named this way; ``hint`` turns the loader's error into
    the message (a suggestion for a mistyped bundled name, the file's own fault for a path).
    """
    allowed = (
        f"a bundled {what} name ({_words(names)}) or a path to a {what} .toml "
        "file, relative to the scenario file's folder"
    )
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(key, value, "", allowed))
        return None
    try:
        return loader(value, base_dir=base_dir)
    except errors as exc:
        problems.append(Problem(key, value, hint(value, exc), allowed))
        return None


def _region_hint(value: str, exc: Exception) -> str:
    """Explain a region that failed to load: suggest a bundled name, or pass on the file's fault.

    A bare name (no slash, no ".toml") means a bundled region, whose list is already in the
    'allowed' part; for a path the region loader's own message says what is wrong with the file.
    """
    if "/" in value or "\\" in value or value.endswith(".toml"):
        return str(exc)
    hint = _suggest(value, bundled_regions())
    return f"unknown region {value!r}" + (f"; {hint}" if hint else "")


def _check_month(
    key: str, value: Any, region: RegionData | None, problems: list[Problem]
) -> str | None:
    """Return a valid "YYYY-MM" month inside the region's years, else record a problem."""
    match = re.fullmatch(MONTH_PATTERN, value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        message = 'write it in quotes as "YYYY-MM"' if isinstance(value, (_dt.date, int)) else ""
        problems.append(Problem(key, value, message, ALLOWED_MONTH))
        return None
    year = int(match.group(1))
    if region is not None and not region.first_year <= year <= region.last_year:
        allowed = (
            f"a month from {region.first_year}-01 to {region.last_year}-12 "
            f"(the years region {region.name!r} has data for)"
        )
        problems.append(Problem(key, value, "", allowed))
        return None
    return value


def _check_period(
    start: Any, end: Any, region: RegionData | None, problems: list[Problem]
) -> tuple[str | None, str | None]:
    """Check start and end, and that end is not before start."""
    start_ok = _check_month("start", start, region, problems)
    end_ok = _check_month("end", end, region, problems)
    if start_ok and end_ok and _month_number(end_ok) < _month_number(start_ok):
        allowed = f"a month not before start ({start_ok!r})"
        problems.append(Problem("end", end, "end is before start", allowed))
        return start_ok, None
    return start_ok, end_ok


def _check_warm_up(value: Any, start: str | None, region: RegionData | None, problems: list[Problem]) -> str | None:
    """An optional month before ``start`` from which the model runs unreported (a warm-up).

    The start population is built from the region's figures for the warm-up's year and lives
    through the model's own flows up to ``start``, where the outputs begin; without a warm-up it
    is built for ``start`` itself (docs/scenario-reference.md, "warm_up_from").
    """
    if value is None:
        return None
    month = _check_month("warm_up_from", value, region, problems)
    if month is not None and start is not None and _month_number(month) >= _month_number(start):
        problems.append(Problem("warm_up_from", value, "the warm-up must begin before start", f"a month before start ({start!r})"))
        return None
    return month
