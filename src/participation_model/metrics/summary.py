"""Annual averages and 5/50/95% bands across replications.

A run produces one monthly table per replication. Policy readers want one number per
calendar year with an uncertainty band, so this module turns the monthly tables into

1. one *annual value* per replication, year and measure, and then
2. the *distribution across replications* of that annual value: mean, 5th, 50th and 95th
   percentile, and the number of replications that had a value.

How a year is formed depends on what a measure is (its kind in ``measure_catalogue``, see
:data:`MEASURE_KINDS`):

- ``rate``  (percentages and ratios, e.g. ``unemployment_rate_15_75``): mean of the monthly
  values, as given. Rates are not recomputed from annual stocks.
- ``stock`` (persons at a moment, e.g. ``ww``, ``employed_15_75``): mean of the monthly values
  (the average stock over the year).
- ``flow``  (persons moving during a month, e.g. ``job_finding``): sum of the monthly values
  (persons moving during the year). A year the run covers only partly sums only the months
  simulated; the ``months`` column of every summary says how many that was.

Percentiles use linear interpolation between order statistics (numpy's and pandas' default,
Hyndman and Fan 1996, definition 7). Missing values (NaN, e.g. a rate for a group that was
empty in a month) are skipped: a year's mean uses the months that have a value and
``n_replications`` counts only the replications that have one, so gaps stay visible.

A run with parameter draws (``--parameter-draws``) has a ``draw`` column next to
``replication``: one monthly table per (draw, replication) pair, and the distributions are
taken over all pairs, so they hold parameter and random uncertainty together
(:func:`run_keys`).

Every function here is pure: it takes DataFrames and returns new ones.

Example:
    >>> import pandas as pd
    >>> series = pd.DataFrame({
    ...     "replication": [0, 0, 1, 1],
    ...     "month": ["2016-01", "2016-02", "2016-01", "2016-02"],
    ...     "job_finding": [10.0, 20.0, 30.0, 50.0],
    ... })
    >>> summarise_series(series)[["year", "measure", "mean", "p50", "n_replications"]]
       year      measure  mean   p50  n_replications
    0  2016  job_finding  55.0  55.0               2
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from participation_model import measure_catalogue
from participation_model.measure_catalogue import MeasureKind

#: Percentiles reported across replications, in percent.
PERCENTILES: tuple[int, ...] = (5, 50, 95)

#: Statistic columns of every summary table, in order.
STAT_COLUMNS: tuple[str, ...] = ("mean", "p5", "p50", "p95", "n_replications")

#: How each measure is turned into an annual value, by name, and by name prefix for families
#: of columns (employment by work location and sector, the per-age-band quarterly U->E rates
#: and long-term shares). Both come from the measure catalogue, the one place a measure's
#: kind is written; a column the catalogue does not know is treated as a stock (averaged),
#: see :func:`measure_kind`.
MEASURE_KINDS, PREFIX_KINDS = measure_catalogue.kinds()

_MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def measure_kind(name: str) -> MeasureKind:
    """Return whether ``name`` is a rate, a stock or a flow.

    Only flows are summed over a year; rates and stocks are averaged. That is why an
    unknown column defaults to ``"stock"``: averaging never multiplies a level by twelve.

    Example:
        >>> measure_kind("job_loss"), measure_kind("ww"), measure_kind("ue_quarterly_15_34")
        ('flow', 'stock', 'rate')
    """
    if name in MEASURE_KINDS:
        return MEASURE_KINDS[name]
    for prefix, kind in PREFIX_KINDS.items():
        if name.startswith(prefix):
            return kind
    return "stock"


def month_years(months: pd.Series) -> pd.Series:
    """Return the calendar year of each ``"YYYY-MM"`` month label, as integers.

    Validates first, because a malformed month would otherwise land in a wrong year
    silently.

    Example:
        >>> month_years(pd.Series(["2015-12", "2016-01"])).tolist()
        [2015, 2016]
    """
    labels = months.astype(str)
    bad = labels[~labels.str.match(_MONTH_PATTERN)]
    if len(bad):
        raise ValueError(
            f"month labels must look like 'YYYY-MM' (e.g. '2016-01'); got {bad.iloc[0]!r}"
            f" ({len(bad)} bad label(s))"
        )
    return labels.str.slice(0, 4).astype("int64")


def run_keys(table: pd.DataFrame) -> list[str]:
    """The columns that identify one run of a table: ``draw`` (with parameter draws) and ``replication``.

    Example:
        >>> run_keys(pd.DataFrame(columns=["replication", "month"])), run_keys(pd.DataFrame(columns=["draw", "replication"]))
        (['replication'], ['draw', 'replication'])
    """
    return ["draw", "replication"] if "draw" in table.columns else ["replication"]


def fold_draws(table: pd.DataFrame) -> pd.DataFrame:
    """A table with parameter draws as one without: each (draw, replication) pair becomes one ``replication``.

    For charts and summaries that know only replications: the pairs are numbered in order, so
    the bands run over all of them. A table without ``draw`` is returned as it is.

    Example:
        >>> t = pd.DataFrame({"draw": [0, 0, 1, 1], "replication": [0, 1, 0, 1], "ww": [1.0, 2.0, 3.0, 4.0]})
        >>> fold_draws(t)[["replication", "ww"]].values.tolist()
        [[0.0, 1.0], [1.0, 2.0], [2.0, 3.0], [3.0, 4.0]]
    """
    if "draw" not in table.columns:
        return table
    pairs = table[["draw", "replication"]].drop_duplicates().reset_index(drop=True)
    number = {(d, r): k for k, (d, r) in enumerate(pairs.itertuples(index=False))}
    out = table.drop(columns=["draw"]).copy()
    out["replication"] = [number[(d, r)] for d, r in zip(table["draw"], table["replication"])]
    return out


def numeric_measures(table: pd.DataFrame, exclude: Iterable[str] = ()) -> list[str]:
    """Return the numeric, non-boolean columns of ``table`` in table order, minus ``exclude``.

    Example:
        >>> numeric_measures(pd.DataFrame({"replication": [0], "month": ["2016-01"], "ww": [1.0]}),
        ...                  exclude=["replication"])
        ['ww']
    """
    skip = set(exclude)
    return [
        str(column)
        for column in table.columns
        if column not in skip
        and pd.api.types.is_numeric_dtype(table[column])
        and not pd.api.types.is_bool_dtype(table[column])
    ]


def annual_values(table: pd.DataFrame, keys: Sequence[str] = ("replication",)) -> pd.DataFrame:
    """Collapse a monthly table to one value per key, year and measure.

    Flows are summed over the months of the year, rates and stocks averaged (see
    :func:`measure_kind`). ``keys`` are the columns that identify one monthly series, e.g.
    ``("replication",)`` for the series table or ``("replication", "dimension", "group")``
    for the group table.

    Returns a long table with columns ``*keys, year, measure, kind, months, value`` where
    ``months`` is the number of monthly rows that year had.

    Example:
        >>> monthly = pd.DataFrame({"replication": [0, 0], "month": ["2016-01", "2016-02"],
        ...                         "ww": [100.0, 200.0], "job_loss": [5.0, 7.0]})
        >>> annual_values(monthly)[["measure", "kind", "months", "value"]]
            measure   kind  months  value
        0        ww  stock       2  150.0
        1  job_loss   flow       2   12.0
    """
    keys = list(keys)
    _require_columns(table, [*keys, "month"])
    duplicated = table.duplicated(subset=[*keys, "month"])
    if duplicated.any():
        first = table.loc[duplicated, [*keys, "month"]].iloc[0].to_dict()
        raise ValueError(f"each month must appear once per {keys}; duplicate row for {first}")
    measures = numeric_measures(table, exclude=keys)
    long = (
        table.assign(year=month_years(table["month"]))
        .melt(id_vars=[*keys, "year"], value_vars=measures, var_name="measure", value_name="value")
    )
    long["value"] = long["value"].astype("float64")
    grouped = long.groupby([*keys, "year", "measure"], sort=False)["value"]
    result = pd.DataFrame(
        {
            "months": grouped.size(),
            "sum": grouped.sum(min_count=1),
            "mean": grouped.mean(),
        }
    ).reset_index()
    result["measure"] = result["measure"].astype(str)
    result["kind"] = result["measure"].map(measure_kind)
    result["value"] = result["sum"].where(result["kind"] == "flow", result["mean"])
    result["months"] = result["months"].astype("int64")
    orders = {"measure": measures, **{key: table[key] for key in keys}}
    result = _sort_by_appearance(result, [*keys, "year", "measure"], orders)
    return result[[*keys, "year", "measure", "kind", "months", "value"]].reset_index(drop=True)


def distribution(long: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Mean, 5/50/95th percentile and count of ``value`` within each ``by`` group.

    Used across replications: each group holds one value per replication. NaN values are
    skipped; ``n_replications`` counts the values that were present.

    Example:
        >>> values = pd.DataFrame({"measure": ["ww", "ww"], "value": [1.0, 3.0]})
        >>> distribution(values, ["measure"])
          measure  mean   p5  p50  p95  n_replications
        0      ww   2.0  1.1  2.0  2.9               2
    """
    by = list(by)
    _require_columns(long, [*by, value])
    grouped = long.groupby(by, sort=False)[value]
    stats = {"mean": grouped.mean()}
    for percentile in PERCENTILES:
        stats[f"p{percentile}"] = grouped.quantile(percentile / 100)
    stats["n_replications"] = grouped.count().astype("int64")
    return pd.DataFrame(stats).reset_index()


def summarise_series(series: pd.DataFrame) -> pd.DataFrame:
    """Summarise the series table: one row per year and measure, statistics over replications.

    Input: the run's series table (columns ``replication``, ``month`` and numeric measures).
    Output columns: ``year, measure, kind, months, mean, p5, p50, p95, n_replications``.
    This is what ``summary.csv`` holds.

    Example:
        >>> series = pd.DataFrame({"replication": [0, 1], "month": ["2016-01", "2016-01"],
        ...                        "unemployment_rate_15_75": [7.0, 8.0]})
        >>> summarise_series(series)[["measure", "p50"]].values.tolist()
        [['unemployment_rate_15_75', 7.5]]
    """
    return _summarise(series, group_keys=())


def summarise_groups(groups: pd.DataFrame) -> pd.DataFrame:
    """Summarise the group table like :func:`summarise_series`, per dimension and group.

    Output columns: ``dimension, group, year, measure, kind, months, mean, p5, p50, p95,
    n_replications``. This is what ``summary_groups.csv`` holds.

    Example:
        >>> groups = pd.DataFrame({"replication": [0], "month": ["2016-01"],
        ...                        "dimension": ["sex"], "group": ["female"], "ww": [10.0]})
        >>> summarise_groups(groups)[["dimension", "group", "measure", "mean"]].values.tolist()
        [['sex', 'female', 'ww', 10.0]]
    """
    return _summarise(groups, group_keys=("dimension", "group"))


def monthly_bands(series: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """Per month and measure: mean, 5/50/95th percentile across replications.

    Feeds the median-and-band lines of the overview charts. Measures absent from ``series``
    raise a KeyError naming them, so a renamed column never turns into an empty chart.

    Example:
        >>> series = pd.DataFrame({"replication": [0, 1], "month": ["2016-01", "2016-01"],
        ...                        "ww": [100.0, 200.0]})
        >>> monthly_bands(series, ["ww"])[["month", "measure", "p5", "p95"]].values.tolist()
        [['2016-01', 'ww', 105.0, 195.0]]
    """
    _require_columns(series, [*run_keys(series), "month", *measures])
    long = series.melt(
        id_vars=[*run_keys(series), "month"],
        value_vars=list(measures),
        var_name="measure",
        value_name="value",
    )
    long["value"] = long["value"].astype("float64")
    bands = distribution(long, ["month", "measure"])
    orders = {"month": sorted(series["month"].astype(str).unique()), "measure": list(measures)}
    bands["month"] = bands["month"].astype(str)
    bands["measure"] = bands["measure"].astype(str)
    return _sort_by_appearance(bands, ["measure", "month"], orders).reset_index(drop=True)


def headline_year(years: Iterable[int], preferred: int = 2016) -> int:
    """Pick the year to headline: ``preferred`` if simulated, else the last simulated year.

    2016 is the year the region's CBS figures (83524NED) describe, so it is the natural
    check of a baseline run.

    Example:
        >>> headline_year([2014, 2015, 2016, 2017]), headline_year([2020, 2021])
        (2016, 2021)
    """
    available = sorted({int(year) for year in years})
    if not available:
        raise ValueError("no years to choose a headline year from: the summary is empty")
    return preferred if preferred in available else available[-1]


def _summarise(table: pd.DataFrame, group_keys: Sequence[str]) -> pd.DataFrame:
    """Annual values per run (replication, or draw and replication), then their distribution across runs."""
    group_keys = list(group_keys)
    annual = annual_values(table, keys=[*run_keys(table), *group_keys])
    by = [*group_keys, "year", "measure"]
    stats = distribution(annual, by)
    shape = annual.groupby(by, sort=False).agg(kind=("kind", "first"), months=("months", "max"))
    result = shape.reset_index().merge(stats, on=by, how="left", validate="one_to_one")
    orders = {"measure": pd.unique(annual["measure"]), **{k: table[k] for k in group_keys}}
    result = _sort_by_appearance(result, by, orders)
    return result[[*group_keys, "year", "measure", "kind", "months", *STAT_COLUMNS]].reset_index(
        drop=True
    )


def _sort_by_appearance(
    frame: pd.DataFrame, columns: Sequence[str], orders: Mapping[str, Iterable[object]]
) -> pd.DataFrame:
    """Sort ``frame`` by ``columns``; columns in ``orders`` sort by first appearance there.

    Keeps measures in table order and groups in the order the model wrote them, instead of
    alphabetical order.
    """
    positions = {
        name: {value: index for index, value in enumerate(pd.unique(pd.Series(list(values))))}
        for name, values in orders.items()
    }

    def key(column: pd.Series) -> pd.Series:
        if column.name in positions:
            return column.map(positions[str(column.name)])
        return column

    return frame.sort_values(list(columns), key=key, kind="stable")


def _require_columns(table: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise a KeyError that names every missing column and the columns that exist."""
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(
            f"table is missing column(s) {missing}; it has {[str(c) for c in table.columns]}"
        )
