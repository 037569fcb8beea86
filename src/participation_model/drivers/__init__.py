"""National drivers: the national labour-market conditions that drive labour demand.

Labour demand in the region follows national conditions (GDP, unemployment, vacancies, benefit
stocks) instead of a hand-set path, so a scenario can say "a recession in 2020" and the model
works out what it means for the region. The national series are data: a TOML file in
``data/drivers`` (the bundled ``netherlands.toml``) with, per series, unit, definition, source,
allowed range and the values. This package checks the file and turns it into monthly paths.

The file (its header comment says the same):

- ``[drivers]``: name, label, vintage, ``first_year`` .. ``last_year`` (the range of dates and
  of edits) and ``last_observed_year``.
- ``[path.<name>]``: named paths; ``"historical"`` is the series as they are. A path may carry
  ``set``/``shift`` tables of its own (as a scenario's, below), applied first.
- ``[series.<name>]``: ``kind`` ("level", or "growth" for annual growth rates in percent),
  ``unit``, ``definition``, ``source``, ``min``/``max`` (the allowed range of one value),
  ``values`` (observed), optionally ``projection`` (after the observed values) and
  ``after_projection = "hold"``. Date keys: ``"YYYY"`` is an annual average and stands at
  mid-year (YYYY + 0.5); ``"YYYY-MM"`` is a stock at the end of that month (YYYY + MM/12).
  Keys must be in date order (TOML keeps the file order). Marks say where a value came from:
  ``derived`` (the source's "D"), ``derived_here`` (derived in the file), ``approximate``,
  ``interpolated`` (gap years), each with a ``<mark>_how`` text; ``values_new_method``,
  ``projection_new_method`` and ``not_used`` keep published values the path does not use.
- The CBS survey break of 2021/22: the unemployment rate is kept on the old basis (new-method
  values minus the sourced October-2021 gap of 1.1 pp, marked DERIVED); tightness after 2021
  is new-method as published.

The path (``DriverPath``) interpolates linearly between the points in time, held flat before
the first and after the last point (for growth series the last growth rate continues). The
value of a month is the one at its middle. Growth series also give a log volume level: the
cumulated ``ln(1 + g/100)``, anchored at mid-years. A linear path through annual averages does
not keep them as annual means: a year's mean of the monthly path differs from its annual value
by about one eighth of the second difference of the neighbouring years.

Scenario edits ``set`` and ``shift`` (``{series: {year: value}}``) change the points before
interpolation: ``set`` replaces every point of the year by one mid-year point, ``shift`` adds
to the year's points (or inserts a mid-year point at the interpolated value plus the shift).
When an edit adds a point to a year that had none, the neighbouring years without points of
their own are pinned at their previous mid-year value, so an edit does not leak into other
years (without the pins a ``set`` after the last point would hold for ever).

Example:
    >>> drivers = load_drivers("netherlands")
    >>> drivers.series["gdp_growth"].kind, drivers.first_year, drivers.last_year
    ('growth', 2008, 2035)
    >>> path = drivers.path("historical", set={"gdp_growth": {2020: -4.0}})
    >>> path.at("gdp_growth", 2020.5), path.at("unemployment_rate", 2022.5)
    (-4.0, 2.4)

The package, one idea per module (each imports only the ones above it in this list):

- ``layout``: where the bundled files are, the file's keys, ``DriverError``;
- ``dates``: where a date key stands in time, the middles of a run's months;
- ``series``: a checked series (``DriverSeries``) and its points;
- ``path``: the monthly path the model reads (``DriverPath``), edits in words;
- ``file``: a checked file (``Drivers``) and the edits that make a path of it;
- ``loading``: ``load_drivers`` and the checks of every table of a file.

The bundled files stay in the data folder ``participation_model/data/drivers``. Everything
other code imports is re-exported here: import from ``participation_model.drivers``.
"""

from __future__ import annotations

from participation_model.drivers.dates import date_time
from participation_model.drivers.file import Drivers, apply_edits
from participation_model.drivers.layout import (
    AFTER_PROJECTION,
    ALLOWED_DATE,
    BUNDLED_DIR,
    DATE,
    EDITS,
    EXTRA_TABLES,
    HEADER_TEXT,
    HEADER_YEARS,
    KINDS,
    MARKS,
    MISSING,
    PATH_KEYS,
    SERIES_KEYS,
    SERIES_REQUIRED,
    TEXTS,
    DriverError,
)
from participation_model.drivers.loading import bundled_drivers, is_bundled_name, load_drivers, resolve_drivers_path
from participation_model.drivers.path import DriverPath, describe_edits
from participation_model.drivers.series import DriverSeries, Point

__all__ = [
    "DriverError",
    "DriverPath",
    "DriverSeries",
    "Drivers",
    "bundled_drivers",
    "date_time",
    "describe_edits",
    "load_drivers",
]
