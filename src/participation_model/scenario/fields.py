"""Checks of single values: whole and real numbers, and the scalar top-level fields.

TOML hands over ints, floats, strings, bools and dates as the author wrote them; a scenario
wants a few exact kinds (a seed is a whole number >= 0, a scale a finite number in a range).
Each check returns the clean value or records a ``Problem`` and returns None, so the caller
keeps going and reports everything at once. The same checks serve the file's keys and the
command-line flags (``Scenario.with_overrides``). :func:`_check_parameter_draws` also reads
the calibration's ensemble file, since a flag can ask for draws the file did not.

Example:
    >>> problems: list[Problem] = []
    >>> _check_seed("seed", 4.0, problems), _check_scale("scale", "0.5", problems)
    (4, None)
    >>> problems[0].message
    'write numbers without quotes'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from participation_model.calibrated import CalibrationFileError, ensemble_path, load_ensemble
from participation_model.numbers import finite_number
from participation_model.params import load_parameters
from participation_model.scenario.limits import (
    ALLOWED_NAME,
    ALLOWED_PARAMETER_DRAWS,
    ALLOWED_REPLICATIONS,
    ALLOWED_SCALE,
    ALLOWED_SEED,
    MAX_REPLICATIONS,
    MAX_SCALE,
    NAME_PATTERN,
)
from participation_model.scenario.problems import MISSING, Problem


def _quoted_number_hint(value: Any) -> str:
    """Explain that numbers go without quotes when a string holds a number."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return ""
        return "write numbers without quotes"
    return ""


def _check_whole_number(
    key: str, value: Any, low: int, high: int | None, allowed: str, problems: list[Problem]
) -> int | None:
    """Return ``value`` as an int if it is a whole number (``4`` or ``4.0``, never a bool) in
    ``[low, high]``, else record a problem (``numbers.finite_number``: the rule of every field)."""
    number = finite_number(value, whole=True)
    if number is None or number < low or (high is not None and number > high):
        problems.append(Problem(key, value, _quoted_number_hint(value), allowed))
        return None
    return int(number)


def _check_real_number(
    key: str, value: Any, accept: Callable[[float], bool], allowed: str, problems: list[Problem]
) -> float | None:
    """Return ``value`` as float if it is a finite number that ``accept`` likes, else record.

    TOML allows ``nan`` and ``inf``; neither is a usable setting, so both are rejected.
    """
    number = finite_number(value)
    if number is None or not accept(float(number)):
        problems.append(Problem(key, value, _quoted_number_hint(value), allowed))
        return None
    return float(number)


def _as_float(value: Any) -> float | None:
    """``value`` as a float if it is an int or float (bools excluded), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _check_seed(key: str, value: Any, problems: list[Problem]) -> int | None:
    """Seeds are whole numbers >= 0; 0 is kept as a real seed."""
    return _check_whole_number(key, value, 0, None, ALLOWED_SEED, problems)


def _check_replications(key: str, value: Any, problems: list[Problem]) -> int | None:
    """Replications are whole numbers from 1 to MAX_REPLICATIONS."""
    return _check_whole_number(key, value, 1, MAX_REPLICATIONS, ALLOWED_REPLICATIONS, problems)


def _check_scale(key: str, value: Any, problems: list[Problem]) -> float | None:
    """Scale is a number in (0, MAX_SCALE]; 1.0 means one simulated person per resident."""
    return _check_real_number(key, value, lambda x: 0 < x <= MAX_SCALE, ALLOWED_SCALE, problems)


def _check_name(value: Any, problems: list[Problem]) -> str | None:
    """The name becomes a folder name, so it is kept to safe characters."""
    if not isinstance(value, str) or not re.fullmatch(NAME_PATTERN, value):
        message = "the name is required" if value is MISSING else ""
        problems.append(Problem("name", value, message, ALLOWED_NAME))
        return None
    return value


def _check_description(value: Any, problems: list[Problem]) -> str | None:
    """The description is any text."""
    if not isinstance(value, str):
        allowed = 'text in quotes, e.g. "Baseline 2014-2025"'
        problems.append(Problem("description", value, "", allowed))
        return None
    return value


def _check_parameter_draws(
    key: str, value: Any, calibration: Path | None, calibration_values: Any, parameters_file: Path | None, problems: list[Problem]
) -> tuple[int | None, Path | None, str | None, tuple[dict[str, float], ...]]:
    """Draws from the calibration's ensemble: (draws, ensemble file, its sha256, the draws' parameter sets).

    0 runs with the calibrated values alone. More needs a calibration with an ensemble file
    next to it (``<calibrated stem>-ensemble.toml``) that has at least that many members and
    frees the same parameters as the calibrated file.

    Example:
        >>> problems: list[Problem] = []
        >>> _check_parameter_draws("parameter_draws", 0, None, {}, None, problems)
        (0, None, None, ())
        >>> _check_parameter_draws("--parameter-draws", 2, None, {}, None, problems)[0], problems[0].message
        (None, 'draws come from the ensemble of a calibration, and this scenario has no calibration key')
    """
    draws = _check_whole_number(key, value, 0, None, ALLOWED_PARAMETER_DRAWS, problems)
    if not draws:
        return draws, None, None, ()
    if calibration is None:
        problems.append(Problem(key, value, "draws come from the ensemble of a calibration, and this scenario has no calibration key", ALLOWED_PARAMETER_DRAWS))
        return None, None, None, ()
    path = ensemble_path(calibration)
    if not path.is_file():
        message = f"the calibration has no ensemble file: {path} (make it with participation-model ensemble, docs/calibration.md)"
        problems.append(Problem(key, value, message, ALLOWED_PARAMETER_DRAWS))
        return None, None, None, ()
    try:
        ensemble = load_ensemble(path, load_parameters(parameters_file))
    except (OSError, ValueError) as exc:
        problems.append(Problem(key, value, str(exc), ALLOWED_PARAMETER_DRAWS))
        return None, None, None, ()
    if set(ensemble.names) != set(calibration_values or {}):
        problems.append(Problem(key, value, f"{path} draws other parameters than {calibration.name} fits (regenerate it)", ALLOWED_PARAMETER_DRAWS))
        return None, None, None, ()
    if draws > len(ensemble.members):
        problems.append(Problem(key, value, f"the ensemble {path.name} has {len(ensemble.members)} members", f"a whole number from 0 to {len(ensemble.members)}"))
        return None, None, None, ()
    return draws, ensemble.path, ensemble.sha256, ensemble.draws(draws)
