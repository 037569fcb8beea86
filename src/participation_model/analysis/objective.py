"""The calibration objective: model statistics against targets (simulated method of moments).

Each target is compared with one statistic of a run's series table, computed the same way
the target is defined (annual averages over the target's years for stocks and rates; shares
of flows summed over those years). Statistics are averaged over the replications, which use
the same seeds for every parameter set (common random numbers), and the objective is the mean
squared standardised distance ``((model - target) / half-width) ** 2`` over the targets: 1
means on average at the edge of the bands.

Targets the model cannot be fitted to are listed in ``NOT_COMPARABLE`` with the reason, and
reported rather than fitted.

Example:
    >>> import pandas as pd
    >>> from participation_model.analysis.targets import Target
    >>> t = Target("netto_participation_2016", 60.9, "percent", 2016, 2016, "rate", "d", "Oost-Groningen", "s", 0.5)
    >>> s = pd.DataFrame({"month": ["2016-01", "2016-02"], "netto_participation_15_75": [61.0, 61.4]})
    >>> statistic(t, s)
    61.2
    >>> round(objective([{"netto_participation_2016": 61.4}], [t]), 6)
    1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from participation_model.analysis.targets import Target

#: Targets the model has no counterpart for, with the reason (reported, not fitted).
NOT_COMPARABLE: Mapping[str, str] = {
    "jobs_zorg_inside_2016": "an input, not an outcome: the cut in the region's care jobs of 2015-2016 comes from the same register figures (region file, demand.shocks)",
}

#: Target name -> series column whose annual mean over the target's years is the statistic.
ANNUAL_MEANS: Mapping[str, str] = {
    "population_15_75_2016": "population_15_75",
    "labour_force_2016": "labour_force_15_75",
    "employed_2016": "employed_15_75",
    "unemployed_2016": "unemployed_15_75",
    "netto_participation_2016": "netto_participation_15_75",
    "bruto_participation_2016": "bruto_participation_15_75",
    "unemployment_rate_2016": "unemployment_rate_15_75",
    "unemployment_rate_2014": "unemployment_rate_15_75",
    "unemployment_rate_2008": "unemployment_rate_15_75",
    "tightness_2014": "tightness",
    "tightness_2016": "tightness",
    "self_employed_2016": "self_employed",
    "incommuter_jobs_2014": "incommuters",
    "ue_quarterly_2008": "ue_quarterly",
    "ue_quarterly_2013": "ue_quarterly",
    "bijstand_2016": "bijstand",
    "wsw_2016": "wsw",
    "ue_quarterly_15_34": "ue_quarterly_15_34",
    "ue_quarterly_35_54": "ue_quarterly_35_54",
    "ue_quarterly_55_74": "ue_quarterly_55_74",
    "eu_quarterly": "eu_quarterly",
    "long_term_share": "long_term_share",
    "nilf_to_labour_force_quarterly": "nilf_to_labour_force_quarterly",
    "residents_jobs_inside_2014": "employees_loc_inside",
    "residents_jobs_rest_of_province_2014": "employees_loc_rest_of_province",
}


def _years(series: pd.DataFrame, t: Target) -> pd.DataFrame:
    years = series["month"].str[:4].astype(int)
    sel = series[(years >= t.first_year) & (years <= t.last_year)]
    if sel.empty:
        raise ValueError(f"target {t.name!r}: years {t.first_year}-{t.last_year} are not simulated")
    return sel


def _ww_shares(series: pd.DataFrame, t: Target) -> float:
    """Share of WW endings to work or at the maximum duration: endings = inflow - change of the stock."""
    sel = _years(series, t)
    change = series["ww"].diff().loc[sel.index].fillna(0.0)
    endings = float((sel["ww_inflow"] - change).sum())
    part = sel["ww_exit_to_work" if t.name == "ww_endings_to_work" else "ww_exhaustion"].sum()
    return 100.0 * float(part) / endings if endings > 0 else float("nan")


def _bijstand_outflow_to_work(series: pd.DataFrame, t: Target) -> float:
    """Exits to work in the years / (stock at the start plus starters), as CBS 83450NED."""
    sel = _years(series, t)
    start = float(series["bijstand"].loc[sel.index[0] - 1]) if sel.index[0] > 0 else float(sel["bijstand"].iloc[0])
    return 100.0 * float(sel["bijstand_exit_to_work"].sum()) / (start + float(sel["bijstand_inflow"].sum()))


def _bijstand_to_work_of_stock(series: pd.DataFrame, t: Target) -> float:
    """Exits to work in the year / the mean stock of the year (CBS news 2014/42: 'of the stock')."""
    sel = _years(series, t)
    return 100.0 * float(sel["bijstand_exit_to_work"].sum()) / float(sel["bijstand"].mean()) / (t.last_year - t.first_year + 1)


def _change_of_annual_means(column: str) -> Callable[[pd.DataFrame, Target], float]:
    """The annual mean of ``column`` in the target's last year minus that in its first year."""

    def change(series: pd.DataFrame, t: Target) -> float:
        years = series["month"].str[:4].astype(int)
        first, last = series.loc[years == t.first_year, column], series.loc[years == t.last_year, column]
        if first.empty or last.empty:
            raise ValueError(f"target {t.name!r}: years {t.first_year} and {t.last_year} are not both simulated")
        return float(last.mean() - first.mean())

    return change


#: Target name -> function of (series, target) for the statistics that are not plain means.
SPECIAL: Mapping[str, Callable[[pd.DataFrame, Target], float]] = {
    "ww_endings_to_work": _ww_shares,
    "ww_endings_maximum_duration": _ww_shares,
    "bijstand_outflow_to_work": _bijstand_outflow_to_work,
    "bijstand_outflow_to_work_2008": _bijstand_to_work_of_stock,
    "bijstand_outflow_to_work_2013": _bijstand_to_work_of_stock,
    "jobs_inside_change_2012_2016": _change_of_annual_means("jobs_inside"),
}


def statistic(t: Target, series: pd.DataFrame) -> float:
    """The model's value for target ``t`` from one replication's series table."""
    if t.name in SPECIAL:
        return SPECIAL[t.name](series, t)
    if t.name not in ANNUAL_MEANS:
        raise KeyError(f"target {t.name!r} has no model statistic; known: {', '.join(sorted([*ANNUAL_MEANS, *SPECIAL]))}")
    return round(float(_years(series, t)[ANNUAL_MEANS[t.name]].mean()), 10)


def comparable(targets: Sequence[Target]) -> list[Target]:
    """The targets the model can be fitted to (``NOT_COMPARABLE`` left out)."""
    return [t for t in targets if t.name not in NOT_COMPARABLE]


def statistics(series: pd.DataFrame, targets: Sequence[Target]) -> dict[str, float]:
    """All comparable statistics of one replication."""
    return {t.name: statistic(t, series) for t in comparable(targets)}


def objective(per_replication: Sequence[Mapping[str, float]], targets: Sequence[Target]) -> float:
    """Mean squared standardised distance of the replication-mean statistics from the targets."""
    used = [t for t in comparable(targets) if all(t.name in s for s in per_replication)]
    if not used:
        raise ValueError("no comparable target has a statistic")
    z = [t.standardised(float(np.mean([s[t.name] for s in per_replication]))) for t in used]
    return float(np.mean(np.square(z)))
