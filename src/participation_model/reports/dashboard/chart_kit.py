"""Small helpers the comparison's chart modules share: a table if usable, scenario colours and order.

Example:
    >>> scenario_names(["b", "a", "b", "c"], {"a": "#000", "b": "#111"})
    ['a', 'b', 'c']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from participation_model.reports.style import PALETTE


def usable_table(tables: Mapping[str, pd.DataFrame], name: str, columns: Sequence[str]) -> pd.DataFrame | None:
    """The table if present, non-empty and with the columns, else None."""
    table = tables.get(name)
    if table is None or table.empty or any(c not in table.columns for c in columns):
        return None
    return table


def scenario_color(colors: Mapping[str, str], scenario: str) -> str:
    """A scenario's colour (the first palette colour for a scenario not in the order)."""
    return colors.get(scenario, PALETTE[0])


def scenario_names(values: Sequence[object], colors: Mapping[str, str] | None = None) -> list[str]:
    """Distinct names as strings, in the order of ``colors`` (the scenario order) and then of appearance.

    Example:
        >>> scenario_names(["b", "a", "b", "c"], {"a": "#000", "b": "#111"})
        ['a', 'b', 'c']
    """
    names = [str(v) for v in pd.unique(pd.Series(list(values), dtype=object))]
    order = list(colors or {})
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), names.index(n)))
