"""Pure functions that turn model output tables into the numbers people read.

Nothing here runs the model or writes files: every function takes DataFrames and returns
DataFrames, so it can be tested on small hand-made tables.

Example:
    >>> from participation_model.metrics import summarise_series, measure_kind
    >>> measure_kind("job_finding")
    'flow'
"""

from participation_model.metrics.summary import (
    MEASURE_KINDS,
    PERCENTILES,
    PREFIX_KINDS,
    STAT_COLUMNS,
    annual_values,
    distribution,
    headline_year,
    measure_kind,
    monthly_bands,
    summarise_groups,
    summarise_series,
)

__all__ = [
    "MEASURE_KINDS",
    "PERCENTILES",
    "PREFIX_KINDS",
    "STAT_COLUMNS",
    "annual_values",
    "distribution",
    "headline_year",
    "measure_kind",
    "monthly_bands",
    "summarise_groups",
    "summarise_series",
]
