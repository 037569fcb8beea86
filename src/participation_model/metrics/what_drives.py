"""What drives a comparison's answer: the market the programmes met, and the parameters the effect leans on.

Two facts a scenario card needs to say *why* an effect is what it is:

- **the market** (:func:`market_conditions`): per year, the baseline's regional tightness
  (vacancies per unemployed resident) and each sector's vacancy rate (open vacancies per 100
  jobs inside the region). Displacement depends on it: a participant who fills a vacancy that
  would have stayed open displaces no one, one who takes a job another job seeker would have
  had does (docs/interventions.md, "Net effects, displacement and deadweight");
- **the parameters** (:func:`parameter_drivers`): with parameter draws from the calibration's
  ensemble, the rank correlation over draws between each parameter's value and the draw's mean
  effect. A parameter with a strong correlation is one whose true value would change the
  conclusion most; with few draws the ranking is rough, and the table says over how many
  draws it was made.

Example:
    >>> effects = pd.DataFrame({"scenario": "s", "metric": "m", "draw": [0, 0, 1, 1, 2, 2, 3, 3],
    ...                         "value": [1.0, 1.2, 2.0, 2.2, 3.0, 3.2, 4.0, 4.2]})
    >>> draws = [{"a": 0.1, "b": 5.0}, {"a": 0.2, "b": 4.0}, {"a": 0.3, "b": 7.0}, {"a": 0.4, "b": 6.0}]
    >>> parameter_drivers(effects, draws)[["parameter", "correlation"]].values.tolist()
    [['a', 1.0], ['b', 0.6]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: fewer draws than this give no ranking at all (a rank correlation over three points says little)
MIN_DRAWS = 4
DRIVER_COLUMNS = ("scenario", "metric", "parameter", "correlation", "low_value_effect", "high_value_effect", "draws")
MARKET_COLUMNS = ("year", "sector", "measure", "value")


def parameter_drivers(effects: pd.DataFrame, draws: Sequence[Mapping[str, float]], by: Sequence[str] = ("scenario", "metric")) -> pd.DataFrame:
    """Per group of ``by``: each parameter's rank correlation over draws with the draw's mean effect.

    ``effects`` has one row per run (``draw``, ``value``); ``draws[d]`` the parameter values of
    draw ``d``. Also the mean effect of the draws in the lower and the upper half of the
    parameter's values (what the effect would be if the parameter were low or high). Sorted by
    the strength of the correlation within each group; empty with fewer than :data:`MIN_DRAWS`
    draws. Why Spearman: the effect need not be linear in a parameter, and a rank correlation
    is robust to one odd draw.
    """
    if effects.empty or "draw" not in effects.columns or effects["draw"].nunique() < MIN_DRAWS:
        return pd.DataFrame(columns=list(DRIVER_COLUMNS))
    from scipy.stats import spearmanr  # imported here: scipy.stats takes most of a second, and runs without draws never need it
    rows = []
    for key, group in effects.dropna(subset=["value"]).groupby(list(by), sort=False):
        means = group.groupby("draw")["value"].mean()
        if len(means) < MIN_DRAWS:
            continue
        keys = key if isinstance(key, tuple) else (key,)
        for parameter in sorted({p for d in means.index for p in draws[int(d)]}):
            values = np.array([draws[int(d)].get(parameter, np.nan) for d in means.index], dtype=float)
            if np.isnan(values).any() or np.ptp(values) == 0:
                continue
            correlation = float(spearmanr(values, means.to_numpy()).statistic)
            low = values <= np.median(values)
            rows.append({**dict(zip(by, keys)), "parameter": parameter, "correlation": round(correlation, 6),
                         "low_value_effect": float(means[low].mean()), "high_value_effect": float(means[~low].mean()),
                         "draws": len(means)})  # fmt: skip
    table = pd.DataFrame(rows, columns=list(DRIVER_COLUMNS))
    if table.empty:
        return table
    table = table.assign(strength=table["correlation"].abs()).sort_values([*by, "strength"], ascending=[True] * len(by) + [False], kind="stable")
    return table.drop(columns="strength").reset_index(drop=True)


def market_conditions(series: pd.DataFrame, sectors: pd.DataFrame | None) -> pd.DataFrame:
    """Per year: the region's tightness and each sector's vacancy rate inside the region (one run).

    ``series`` needs ``month`` and ``tightness`` (vacancies per unemployed resident);
    ``sectors`` (optional) ``month``, ``sector``, ``location``, ``vacancies`` and ``jobs``.
    ``sector`` is empty for the region's row.

    Example:
        >>> series = pd.DataFrame({"month": ["2016-01", "2016-02"], "tightness": [0.2, 0.4]})
        >>> sectors = pd.DataFrame({"month": "2016-01", "sector": "zorg", "location": "inside", "vacancies": [5.0], "jobs": [100.0]})
        >>> market_conditions(series, sectors)[["sector", "measure", "value"]].values.tolist()
        [['', 'tightness', 0.30000000000000004], ['zorg', 'vacancy_rate', 5.0]]
    """
    year = series["month"].str[:4].astype(int)
    region = series.assign(year=year).groupby("year", as_index=False)["tightness"].mean()
    out = [region.rename(columns={"tightness": "value"}).assign(sector="", measure="tightness")]
    if sectors is not None and not sectors.empty:
        inside = sectors[sectors["location"] == "inside"].assign(year=sectors["month"].str[:4].astype(int))
        by = inside.groupby(["year", "sector"], as_index=False)[["vacancies", "jobs"]].sum()
        rate = 100.0 * by["vacancies"] / by["jobs"].where(by["jobs"] > 0)
        out.append(by[["year", "sector"]].assign(measure="vacancy_rate", value=rate))
    return pd.concat(out, ignore_index=True)[list(MARKET_COLUMNS)]
