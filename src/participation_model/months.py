"""Months as the model counts them: ``"YYYY-MM"`` text and integer month indexes.

A month index counts months since year 0 (``2014-01`` is ``2014 * 12``), so months compare and
subtract as integers. Every module converts through these three functions.

Example:
    >>> parse_month("2016-04") - parse_month("2014-01")
    27
    >>> month_label(parse_month("2016-04")), month_label(month_index(2014, 12) + 1)
    ('2016-04', '2015-01')
"""

from __future__ import annotations


def month_index(year: int, month: int) -> int:
    """Months since year 0 of ``year``-``month`` (month 1-12)."""
    return year * 12 + (month - 1)


def parse_month(text: str) -> int:
    """``"2016-04"`` -> its month index."""
    year, month = text.split("-")
    return month_index(int(year), int(month))


def month_label(index: int) -> str:
    """A month index -> ``"YYYY-MM"`` (the inverse of :func:`parse_month`)."""
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"
