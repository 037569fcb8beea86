"""The ``[sweep]`` table: parameter values (or intervention fields) to run a scenario at.

A sweep is a full ``grid`` of listed values or a Latin hypercube ``sample`` within ranges.
Every value is checked before any run starts: a parameter against its bounds, an
intervention field (``interventions[i].<field>``) by that intervention's own class, on a copy
of the block with the value put in.

Example:
    >>> from participation_model.params import load_parameters
    >>> problems: list[Problem] = []
    >>> _check_sweep({"sample": {"method": "latin", "n": 4, "ranges": {"matching.efficiency": [0.3, 0.5]}}},
    ...              load_parameters(), problems).n
    4
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from participation_model.interventions import available_interventions
from participation_model.interventions.fields import Context
from participation_model.params import ParameterSet
from participation_model.region import RegionData
from participation_model.scenario.fields import _as_float, _check_real_number, _check_seed, _check_whole_number
from participation_model.scenario.limits import MAX_SWEEP_POINTS, SAMPLE_KEYS, SAMPLE_METHODS, SWEEP_KEYS
from participation_model.scenario.objects import (
    INTERVENTION_KEY,
    InterventionSpec,
    Sweep,
    is_intervention_key,
    with_intervention_option,
)
from participation_model.scenario.parameters import _flatten
from participation_model.scenario.problems import (
    MISSING,
    Problem,
    _check_unknown_keys,
    _join,
    _require_table,
    _suggest,
    _words,
)


def _check_sweep_name(
    key: str, name: str, parameter_set: ParameterSet, value: Any, problems: list[Problem]
) -> Any:
    """Return the parameter's spec, or record an unknown-name problem and return None."""
    names = parameter_set.names()
    if name in names:
        return parameter_set.spec(name)
    hint = _suggest(name, names)
    message = f"unknown parameter {name!r}" + (f"; {hint}" if hint else "")
    problems.append(Problem(key, value, message, f"a parameter name defined in {parameter_set.path.name}"))
    return None


def _bounds_text(spec: Any) -> str:
    unit = f" ({spec.unit})" if spec.unit else ""
    return f"a number from {spec.min:g} to {spec.max:g}{unit}"


@dataclass(frozen=True)
class _SweepContext:
    """What intervention keys in a sweep are checked against."""

    interventions: tuple[InterventionSpec, ...] = ()
    region: RegionData | None = None
    start: str | None = None
    end: str | None = None


def _flatten_sweep(table: Mapping[str, Any]) -> dict[str, Any]:
    """Like :func:`_flatten`, but an intervention key's value may itself be a list of tables."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if is_intervention_key(key) or (key.startswith("interventions[") and isinstance(value, Mapping)):
            flat.update(_flatten({key: value}) if isinstance(value, Mapping) else {key: value})
        elif isinstance(value, Mapping):
            flat.update(_flatten(value, key))
        else:
            flat[key] = value
    return flat


def _check_sweep_intervention(
    key: str, name: str, values: Any, context: _SweepContext, problems: list[Problem]
) -> tuple[Any, ...] | None:
    """A sweep over an intervention field: each value must be valid for that block."""
    match = INTERVENTION_KEY.match(name)
    blocks = context.interventions
    allowed = f"interventions[i].<field> with i from 1 to {len(blocks)} (the [[interventions]] blocks of this file)"
    if match is None or not 1 <= int(match.group(1)) <= len(blocks):
        problems.append(Problem(key, values, "", allowed if blocks else "no intervention keys: this scenario has no [[interventions]]"))
        return None
    if not isinstance(values, list) or not values:
        problems.append(Problem(key, values, "", "a non-empty list of values for that field"))
        return None
    if context.region is None or context.start is None or context.end is None:
        return None
    spec = blocks[int(match.group(1)) - 1]
    cls = available_interventions()[spec.type]
    ctx = Context.of_region(context.region, context.start, context.end)
    ok = True
    for i, item in enumerate(values):
        changed = with_intervention_option(blocks, name, item)[int(match.group(1)) - 1]
        _, found = cls.check(dict(changed.options), ctx)
        for fp in found:
            problems.append(Problem(f"{key}[{i}]", item, fp.message, f"for {fp.key}: {fp.allowed}"))
            ok = False
    return tuple(values) if ok else None


def _check_sweep(
    value: Any, parameter_set: ParameterSet | None, problems: list[Problem], context: _SweepContext = _SweepContext()
) -> Sweep | None:
    """``[sweep]``: exactly one of ``grid`` or ``sample``, names and values within bounds.

    Example:
        >>> from participation_model.params import load_parameters
        >>> problems: list[Problem] = []
        >>> _check_sweep({"grid": {"matching.efficiency": [9.0]}}, load_parameters(), problems)
        >>> problems[0].key
        'sweep.grid.matching.efficiency[0]'
    """
    allowed = "a table [sweep] with either a [sweep.grid] or a [sweep.sample] table"
    if not _require_table("sweep", value, allowed, problems):
        return None
    _check_unknown_keys(value, SWEEP_KEYS, "sweep", problems)
    present = [key for key in SWEEP_KEYS if key in value]
    if len(present) != 1:
        problems.append(Problem("sweep", dict(value), "give exactly one of 'grid' or 'sample'", allowed))
        return None
    if parameter_set is None:
        return None
    count = len(problems)
    if present[0] == "grid":
        grid = _check_sweep_grid(value["grid"], parameter_set, problems, context)
        sweep = Sweep(method="grid", grid=grid) if len(problems) == count else None
    else:
        sweep = _check_sweep_sample(value["sample"], parameter_set, problems)
    return sweep if len(problems) == count else None


def _check_sweep_grid(
    value: Any, parameter_set: ParameterSet, problems: list[Problem], context: _SweepContext = _SweepContext()
) -> dict[str, tuple[Any, ...]]:
    """``[sweep.grid]``: dotted parameter name = list of values within the bounds."""
    allowed_table = 'a table [sweep.grid] of "dotted.name" = [values], e.g. "matching.efficiency" = [0.4, 0.5]'
    if not _require_table("sweep.grid", value, allowed_table, problems):
        return {}
    grid: dict[str, tuple[Any, ...]] = {}
    flat = _flatten_sweep(value)
    if not flat:
        problems.append(Problem("sweep.grid", {}, "the grid names no parameter", allowed_table))
    points = 1
    for name, values in flat.items():
        key = _join("sweep.grid", name)
        if is_intervention_key(name):
            checked_values = _check_sweep_intervention(key, name, values, context, problems)
            if checked_values is not None:
                grid[name] = checked_values
                points *= len(checked_values)
            continue
        spec = _check_sweep_name(key, name, parameter_set, values, problems)
        if spec is None:
            continue
        allowed = f"a non-empty list of numbers, each {_bounds_text(spec)}"
        if not isinstance(values, list) or not values:
            problems.append(Problem(key, values, "", allowed))
            continue
        checked = [
            _check_real_number(f"{key}[{i}]", item, lambda x, s=spec: s.min <= x <= s.max, allowed, problems)
            for i, item in enumerate(values)
        ]
        if all(item is not None for item in checked):
            grid[name] = tuple(float(item) for item in checked)  # type: ignore[arg-type]
            points *= len(checked)
    if points > MAX_SWEEP_POINTS:
        problems.append(
            Problem("sweep.grid", f"{points} points", "", f"at most {MAX_SWEEP_POINTS} combinations")
        )
    return grid


def _check_sweep_sample(
    value: Any, parameter_set: ParameterSet, problems: list[Problem]
) -> Sweep | None:
    """``[sweep.sample]``: method "latin", n points, ranges within bounds, a sampler seed."""
    allowed_table = f"a table [sweep.sample] with the keys {_words(SAMPLE_KEYS)}"
    if not _require_table("sweep.sample", value, allowed_table, problems):
        return None
    _check_unknown_keys(value, SAMPLE_KEYS, "sweep.sample", problems)
    count = len(problems)
    method = value.get("method", MISSING)
    if method not in SAMPLE_METHODS:
        problems.append(Problem("sweep.sample.method", method, "", f"one of {_words(SAMPLE_METHODS)}"))
    n = _check_whole_number(
        "sweep.sample.n", value.get("n", MISSING), 1, MAX_SWEEP_POINTS,
        f"a whole number from 1 to {MAX_SWEEP_POINTS}", problems,
    )
    seed = _check_seed("sweep.sample.seed", value.get("seed", 0), problems)
    ranges: dict[str, tuple[float, float]] = {}
    raw_ranges = value.get("ranges", MISSING)
    allowed_ranges = 'a table of "dotted.name" = [low, high], e.g. "matching.efficiency" = [0.4, 0.6]'
    if _require_table("sweep.sample.ranges", raw_ranges, allowed_ranges, problems):
        flat = _flatten(raw_ranges)
        if not flat:
            problems.append(Problem("sweep.sample.ranges", {}, "the sample names no parameter", allowed_ranges))
        for name, pair in flat.items():
            key = _join("sweep.sample.ranges", name)
            spec = _check_sweep_name(key, name, parameter_set, pair, problems)
            if spec is None:
                continue
            allowed = f"[low, high] with low < high, both {_bounds_text(spec)}"
            numbers = [_as_float(item) for item in pair] if isinstance(pair, list) and len(pair) == 2 else None
            if (
                numbers is None
                or any(x is None or not math.isfinite(x) for x in numbers)
                or not spec.min <= numbers[0] < numbers[1] <= spec.max  # type: ignore[operator]
            ):
                problems.append(Problem(key, pair, "", allowed))
                continue
            ranges[name] = (float(numbers[0]), float(numbers[1]))  # type: ignore[arg-type]
    if len(problems) > count:
        return None
    return Sweep(method="latin", n=n, ranges=ranges, seed=seed)
