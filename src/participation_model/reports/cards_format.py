"""Formatting of the scenario cards' figures: intervals, verdicts, safe text, table lookups.

Example:
    >>> fmt_interval(0.123, 0.05, 0.2, "pp")
    '+0.12 pp (5-95%: +0.05 to +0.20)'
    >>> verdict(pd.Series({"distinguishable": False}))
    ': not distinguishable from the baseline'
    >>> _md("<b>plan</b> & co")
    '&lt;b&gt;plan&lt;/b&gt; &amp; co'
"""

from __future__ import annotations

import html
import math

import pandas as pd

from participation_model.metrics.noise import NOT_DISTINGUISHABLE


def fmt_interval(mean: float, lo: float, hi: float, unit: str, digits: int = 2, signed: bool = True) -> str:
    """``+0.12 pp (5-95%: +0.05 to +0.20)``; ``signed=False`` for levels such as costs."""
    if any(map(math.isnan, (mean, lo, hi))):
        return "not available"
    f = f"{{:{'+' if signed else ''},.{digits}f}}"
    return f"{f.format(mean)} {unit} (5-95%: {f.format(lo)} to {f.format(hi)})"


def _md(text: str) -> str:
    """User text in markdown: no HTML gets through."""
    return html.escape(str(text), quote=False)


def verdict(row: pd.Series) -> str:
    """``": not distinguishable from the baseline"`` for an effect inside the noise, else nothing."""
    return f": {NOT_DISTINGUISHABLE}" if "distinguishable" in row and not bool(row["distinguishable"]) else ""


def row_of(table: pd.DataFrame, **where: object) -> pd.Series | None:
    """The first row of ``table`` where every ``column == value``, or None."""
    sel = table
    for key, value in where.items():
        sel = sel[sel[key] == value]
    return None if sel.empty else sel.iloc[0]
