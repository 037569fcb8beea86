"""What a drivers file looks like: where the bundled files are, its keys, and the error for a bad one.

The names of the tables and keys, the kinds of series and the marks a value may carry are
listed once here, so the checks (``loading``), the path's edits (``file``) and the messages
read the same lists. Every problem with a drivers file is one ``DriverError`` in the
project's message form: file, dotted key, value found, what is allowed.

Example:
    >>> BUNDLED_DIR.name, KINDS
    ('drivers', ('level', 'growth'))
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

BUNDLED_DIR = Path(__file__).parents[1] / "data" / "drivers"  # participation_model/data/drivers
KINDS = ("level", "growth")
AFTER_PROJECTION = ("hold",)
HEADER_TEXT = ("name", "label", "vintage")
HEADER_YEARS = ("first_year", "last_observed_year", "last_year")
SERIES_REQUIRED = ("kind", "unit", "definition", "source", "min", "max", "values")
MARKS = ("derived", "derived_here", "approximate", "interpolated")
EXTRA_TABLES = ("values_new_method", "projection_new_method", "not_used")
TEXTS = ("after_projection_how", "values_new_method_how", "not_used_why", *(f"{m}_how" for m in MARKS))
SERIES_KEYS = (*SERIES_REQUIRED, "projection", "after_projection", *EXTRA_TABLES, *MARKS, *TEXTS)
PATH_KEYS = ("description", "set", "shift")
EDITS = ("set", "shift")
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
ALLOWED_DATE = '"YYYY" (annual average, at mid-year) or "YYYY-MM" (end of that month)'


class DriverError(ValueError):
    """A drivers file is missing or wrong, or an edit of a driver path is not allowed."""

    # Shown and pickled under the package's name, as before the package was split.
    __module__ = "participation_model.drivers"


class _Missing:
    def __repr__(self) -> str:
        return "nothing (the key is missing)"


MISSING: Any = _Missing()


def _fail(file: Path | str, key: str, value: Any, allowed: str) -> DriverError:
    """The error for one bad key, in the project's message form.

    Example:
        >>> print(_fail("d.toml", "series.ww.values.2009-12", float("nan"), "a finite number"))
        d.toml: key 'series.ww.values.2009-12': got nan; allowed: a finite number
    """
    return DriverError(f"{file}: key '{key}': got {value!r}; allowed: {allowed}")
