"""Parameters: the parameter file, the calibrated file and the ``[parameters]`` overrides.

Parameters reach a run in three layers (parameter file, calibrated values, overrides); this
module checks each layer against the parameter set, so an override names a known parameter
and stays within its bounds, and a calibrated file fits the parameter file it is applied to.

Example:
    >>> problems: list[Problem] = []
    >>> _check_parameters({"matching": {"efficiency": 0.5}}, load_parameters(), problems)
    {'matching.efficiency': 0.5}
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from participation_model.calibrated import load_calibrated
from participation_model.params import ParameterSet, load_parameters
from participation_model.scenario.fields import _check_real_number
from participation_model.scenario.problems import Problem, _join, _require_table, _suggest


def _check_parameters_file(value: Any, base_dir: Path, problems: list[Problem]) -> Path | None:
    """An alternative parameter file must exist; relative paths start at the scenario's folder."""
    if value is None:
        return None
    allowed = "a path to a parameter .toml file, relative to the scenario file's folder"
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem("parameters_file", value, "", allowed))
        return None
    path = (base_dir / value).resolve()
    if not path.is_file():
        why = "not a regular file (a folder, a device or a pipe)" if path.exists() else "no such file"
        problems.append(Problem("parameters_file", value, f"{why}: {path}", allowed))
        return None
    return path


def _check_calibration(
    value: Any, base_dir: Path, parameters_file: Path | None, problems: list[Problem]
) -> tuple[Path | None, dict[str, float], str | None]:
    """A calibrated parameter file must exist and fit the parameter set; paths start at the scenario's folder."""
    if value is None:
        return None, {}, None
    allowed = "a path to a calibrated parameter file (participation-model calibrate), relative to the scenario file's folder"
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem("calibration", value, "", allowed))
        return None, {}, None
    path = (base_dir / value).resolve()
    if not path.is_file():
        why = "not a regular file (a folder, a device or a pipe)" if path.exists() else "no such file"
        problems.append(Problem("calibration", value, f"{why}: {path}", allowed))
        return None, {}, None
    try:
        params = load_parameters(parameters_file)
        calibrated = load_calibrated(path, params)
    except (OSError, ValueError) as exc:
        problems.append(Problem("calibration", value, str(exc), allowed))
        return None, {}, None
    return path, calibrated.values, calibrated.sha256


def _load_parameter_set(
    path: Path | None, written: Any, overrides: Any, problems: list[Problem]
) -> ParameterSet | None:
    """Load the parameter set only when something needs it (a file or overrides)."""
    wanted = isinstance(overrides, Mapping) and bool(overrides)
    if path is None and (written is not None or not wanted):
        return None
    try:
        return load_parameters(path)
    except (OSError, ValueError, KeyError) as exc:
        if path is None:
            raise
        allowed = "a readable parameter file in the same format as the bundled one"
        problems.append(Problem("parameters_file", written, str(exc), allowed))
        return None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested tables into dotted names, so both TOML spellings work.

    Example:
        >>> _flatten({"search": {"base_intensity": 0.3}, "ww.max_months": 24})
        {'search.base_intensity': 0.3, 'ww.max_months': 24}
    """
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = _join(prefix, key)
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name))
        else:
            flat[name] = value
    return flat


def _check_parameters(
    value: Any, parameter_set: ParameterSet | None, problems: list[Problem]
) -> dict[str, float]:
    """``[parameters]``: known dotted names with numbers inside the parameter's bounds."""
    if not _require_table("parameters", value, "a table [parameters] of name = number", problems):
        return {}
    result: dict[str, float] = {}
    if parameter_set is None:
        return result
    names = parameter_set.names()
    for name, number in _flatten(value).items():
        key = _join("parameters", name)
        if name not in names:
            hint = _suggest(name, names)
            message = f"unknown parameter {name!r}" + (f"; {hint}" if hint else "")
            allowed = f"a parameter name defined in {parameter_set.path.name}"
            problems.append(Problem(key, number, message, allowed))
            continue
        spec = parameter_set.spec(name)
        unit = f" ({spec.unit})" if spec.unit else ""
        allowed = f"a number from {spec.min:g} to {spec.max:g}{unit}"
        checked = _check_real_number(
            key, number, lambda x, s=spec: s.min <= x <= s.max, allowed, problems
        )
        if checked is not None:
            result[name] = checked
    return result
