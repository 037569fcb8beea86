"""Cost per net extra person-year, defined once: total cost over total effect, with an interval.

Why one definition: an average of per-replication ratios is dominated by the replications
whose effect happens to be near zero (a ratio of EUR 68,597 from the 3 of 10 replications with
a positive effect, while the mean effect is negative, is not a cost of anything). So:

- **the ratio** is the total cost over the total effect across all runs (replications, and
  parameter draws when there are any): ``sum(cost) / sum(effect)``, never a mean of ratios and
  never conditioned on the sign of a run's effect;
- **its interval** (5-95%) is a percentile bootstrap of that same ratio, resampling whole runs
  (or, with parameter draws, whole draws with their replications, since the runs of one draw
  share its parameters), with a fixed seed so a table is reproducible;
- **it is shown only when the effect is distinguishable from the baseline and positive**
  (:mod:`participation_model.metrics.noise`); otherwise the ratio is not defined in any sense a
  decision can use, and :func:`cost_effectiveness` says why in ``reason``.

Example:
    >>> import pandas as pd
    >>> runs = pd.DataFrame({"cost": [100.0, 100.0, 100.0, 100.0], "effect": [1.0, 3.0, 2.0, 2.0]})
    >>> r = ratio_of_totals(runs["cost"], runs["effect"])
    >>> r.ratio, r.low <= r.ratio <= r.high
    (50.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from participation_model.metrics.noise import detectability

#: bootstrap resamples of the ratio's interval; 2,000 give stable 5% and 95% points
RESAMPLES = 2000
#: seed of the bootstrap, so every table of the same runs shows the same interval
BOOTSTRAP_SEED = 20140101
#: why a ratio is not shown (tables, cards, dashboards and the app use these words)
REASON_NOT_DISTINGUISHABLE = "not shown: the effect is not distinguishable from the baseline"
REASON_NOT_POSITIVE = "not shown: the effect is not positive"
REASON_NO_COST = "no cost booked"


@dataclass(frozen=True)
class Ratio:
    """A ratio of totals and its bootstrap interval (``high`` is inf when resamples reach an effect <= 0)."""

    cost: float  # mean cost per run
    effect: float  # mean effect per run
    ratio: float
    low: float
    high: float


def ratio_of_totals(cost: pd.Series, effect: pd.Series, clusters: pd.Series | None = None,
                    resamples: int = RESAMPLES, seed: int = BOOTSTRAP_SEED) -> Ratio:  # fmt: skip
    """``sum(cost) / sum(effect)`` over runs, with a 5-95% percentile bootstrap over runs or clusters.

    ``clusters`` (the parameter draw of each run) makes the bootstrap resample whole draws.
    A resample whose total effect is zero or negative has no finite cost per unit of effect;
    it counts as infinitely expensive, so a fragile effect shows as an open upper end.

    Example:
        >>> r = ratio_of_totals(pd.Series([10.0, 10.0]), pd.Series([1.0, -1.0]))
        >>> r.ratio, r.high
        (inf, inf)
    """
    cost = cost.astype(float).to_numpy()
    effect = effect.astype(float).to_numpy()
    keep = np.isfinite(cost) & np.isfinite(effect)
    cost, effect = cost[keep], effect[keep]
    if not len(cost):
        return Ratio(float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
    groups = np.unique(clusters.to_numpy()[keep], return_inverse=True)[1] if clusters is not None else np.arange(len(cost))
    n = int(groups.max()) + 1
    cost_by = np.bincount(groups, weights=cost, minlength=n)
    effect_by = np.bincount(groups, weights=effect, minlength=n)
    pick = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    boot = _ratio(cost_by[pick].sum(axis=1), effect_by[pick].sum(axis=1))
    low, high = np.quantile(boot, [0.05, 0.95], method="inverted_cdf") if len(boot) else (float("nan"), float("nan"))
    return Ratio(float(cost.mean()), float(effect.mean()), float(_ratio(cost.sum(), effect.sum())), float(low), float(high))


def _ratio(cost: np.ndarray | float, effect: np.ndarray | float) -> np.ndarray:
    """Cost over effect, infinite where the effect is zero or negative."""
    cost, effect = np.asarray(cost, dtype=float), np.asarray(effect, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(effect > 0, cost / np.where(effect > 0, effect, 1.0), np.inf)


def cost_effectiveness(runs: pd.DataFrame, cost: str, effect: str, distinguishable: bool) -> dict[str, object]:
    """One row of the cost-effectiveness table: the ratio of totals, its interval, whether shown, and why not.

    ``runs`` has one row per run with the columns ``cost`` and ``effect`` (and ``draw`` with
    parameter draws). ``distinguishable`` is the effect's verdict from
    :func:`participation_model.metrics.noise.detectability`, so the ratio is shown exactly when
    the effect is reported as an effect.

    Example:
        >>> runs = pd.DataFrame({"spend": [300.0, 300.0], "py": [3.0, 3.0]})
        >>> row = cost_effectiveness(runs, "spend", "py", distinguishable=True)
        >>> row["ratio"], row["shown"], row["reason"]
        (100.0, True, '')
        >>> cost_effectiveness(runs, "spend", "py", distinguishable=False)["reason"]
        'not shown: the effect is not distinguishable from the baseline'
    """
    r = ratio_of_totals(runs[cost], runs[effect], runs["draw"] if "draw" in runs.columns else None)
    if r.cost == 0 or np.isnan(r.cost):  # a net cost below zero is a gain per person-year, and shown
        reason = REASON_NO_COST
    elif not r.effect > 0:
        reason = REASON_NOT_POSITIVE
    elif not distinguishable:
        reason = REASON_NOT_DISTINGUISHABLE
    else:
        reason = ""
    return {"cost_mean": r.cost, "effect_mean": r.effect, "ratio": r.ratio, "low": r.low, "high": r.high,
            "shown": reason == "", "reason": reason}  # fmt: skip


#: Ratios of a whole scenario: measure, cost metric, effect metric (of ``scenario_totals``)
SCENARIO_RATIOS = (
    ("cost_per_net_extra_person_year", "spending", "net_extra_person_years"),
    ("net_public_cost_per_net_extra_person_year", "net_public_cost", "net_extra_person_years"),
)
#: Ratios of one intervention: measure, cost metric, effect metric (of ``interventions``)
INTERVENTION_RATIOS = (("cost_per_extra_participant_person_year", "spending", "participant_extra_person_years"),)
COLUMNS = ("scenario", "intervention", "measure", "cost_mean", "effect_mean", "ratio", "low", "high", "shown", "reason", "runs")


def cost_effectiveness_table(totals: pd.DataFrame, interventions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every cost-effectiveness ratio of a comparison, from its per-run rows: one table for every reader.

    ``totals`` has one row per scenario, run and metric (``scenario``, ``replication``, optional
    ``draw``, ``metric``, ``value``), as the comparison collects them; ``interventions`` the
    same with ``intervention``. The whole scenario gets the cost and the net public cost per net
    extra person-year (everyone, after displacement), each intervention the cost per extra
    person-year of its participants (before displacement). ``intervention`` is empty for the
    scenario's rows.

    Example:
        >>> runs = pd.DataFrame({"scenario": "s", "replication": [0, 0, 1, 1], "metric": ["spending", "net_extra_person_years"] * 2,
        ...                      "value": [1000.0, 10.0, 1000.0, 10.0]})
        >>> row = cost_effectiveness_table(runs).iloc[0]
        >>> row["measure"], float(row["ratio"]), bool(row["shown"])
        ('cost_per_net_extra_person_year', 100.0, True)
    """
    rows = _ratios(totals, ["scenario"], SCENARIO_RATIOS)
    if interventions is not None and not interventions.empty:
        rows += _ratios(interventions, ["scenario", "intervention"], INTERVENTION_RATIOS)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["intervention"] = table["intervention"].astype(object).where(table["intervention"].notna(), "")
    return table


def _ratios(runs: pd.DataFrame, by: list[str], ratios: tuple[tuple[str, str, str], ...]) -> list[dict[str, object]]:
    """The rows of ``ratios`` for every group of ``by`` whose runs have both metrics."""
    keys = [k for k in ("draw", "replication") if k in runs.columns]
    out = []
    for measure, cost, effect in ratios:
        wanted = runs[runs["metric"].isin([cost, effect])]
        if wanted.empty:
            continue
        wide = wanted.pivot_table(index=[*by, *keys], columns="metric", values="value", aggfunc="first").reset_index()
        if cost not in wide.columns or effect not in wide.columns:
            continue
        verdicts = detectability(wide.rename(columns={effect: "value"}), by).set_index(by)["distinguishable"]
        for key, group in wide.groupby(by, sort=False):
            key = key if isinstance(key, tuple) else (key,)
            verdict = bool(verdicts.loc[key if len(key) > 1 else key[0]])
            out.append({**dict(zip(by, key)), "measure": measure, **cost_effectiveness(group, cost, effect, verdict), "runs": len(group)})
    return out
