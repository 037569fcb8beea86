"""One rule for numbers from users: finite reals, whole where a count is asked for.

TOML and JSON both carry ``nan`` and ``inf``, and Python compares them quietly (``nan < 0`` and
``nan > 1`` are both false), so a range check alone lets them through into budgets, rates and
shares, where they crash a run or make it enrol nobody. Every file reader and every field
check uses these two functions instead.

Example:
    >>> finite_number(2.5), finite_number(float("nan")), finite_number(True), finite_number("3")
    (2.5, None, None, None)
    >>> finite_number(4.0, whole=True), finite_number(4.5, whole=True)
    (4, None)
    >>> non_finite_keys({"a": {"b": float("inf")}, "c": [1.0, float("nan")], "d": 2})
    [('a.b', inf), ('c[2]', nan)]
"""

from __future__ import annotations

import math
from typing import Any


def finite_number(value: Any, *, whole: bool = False) -> float | int | None:
    """``value`` as a number when it is a finite real (a whole one when ``whole``), else None.

    Booleans and text are not numbers here, even where Python would convert them.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    if whole:
        return int(value) if float(value).is_integer() else None
    return value


def non_finite_keys(tree: Any, prefix: str = "") -> list[tuple[str, float]]:
    """Dotted keys (``[i]`` for list items, counted from 1) of every NaN or infinity in a parsed file."""
    found: list[tuple[str, float]] = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += non_finite_keys(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(tree, (list, tuple)):
        for i, value in enumerate(tree, start=1):
            found += non_finite_keys(value, f"{prefix}[{i}]")
    elif isinstance(tree, float) and not math.isfinite(tree):
        found.append((prefix, tree))
    return found
