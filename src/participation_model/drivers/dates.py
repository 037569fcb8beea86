"""Dates of a drivers file: where a date key stands in time, and the months of a run.

An annual key ``"YYYY"`` is an annual average and stands at mid-year; ``"YYYY-MM"`` is a stock
at the end of that month. The model reads a path at the middle of each month. Keeping both
conventions in one place keeps the file's points and the run's months on the same clock.

Example:
    >>> date_time("2014"), _when("2014-12")
    (2014.5, 'end of 2014-12')
"""

from __future__ import annotations

import numpy as np

from participation_model.drivers.layout import DATE


def date_time(key: str) -> float:
    """The decimal year at which the value of a date key stands.

    Example:
        >>> date_time("2013"), date_time("2015-12"), date_time("2008-06")
        (2013.5, 2016.0, 2008.5)
    """
    match = DATE.fullmatch(key)
    if match is None:
        raise ValueError(f"not a date key: {key!r}")
    year, month = int(match.group(1)), match.group(2)
    return year + 0.5 if month is None else year + int(month) / 12


def _when(key: str) -> str:
    """A date key in words, for messages: ``_when("2013") == "mid-2013"``."""
    return f"mid-{key}" if "-" not in key else f"end of {key}"


def _month_middles(first_month: int, months: int) -> np.ndarray:
    """Decimal years of the middles of months ``year * 12 + (month - 1)``.

    Example:
        >>> _month_middles(2014 * 12, 2).round(4).tolist()
        [2014.0417, 2014.125]
    """
    return (np.arange(first_month, first_month + months) + 0.5) / 12
