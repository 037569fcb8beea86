"""Is an effect signal or noise? The smallest detectable effect, distinguishability, and the variance split.

A comparison has one paired difference (scenario minus baseline) per run: per replication,
or, with parameter draws, per (draw, replication) pair. From those values:

- **the smallest detectable effect** (``mde``): the true mean difference a run of this size
  finds with 80% power in a two-sided test at 5%, ``2.8 x`` the standard error of the mean
  difference (2.8 = 1.96 + 0.84). Without draws the standard error is ``sd / sqrt(n)`` over
  the replications. With draws the pairs of one draw share its parameters, so they are not
  independent: the variance of the mean is ``(parameter part + random part / R) / draws``
  (the parts of :func:`variance_parts`, R replications per draw), that is the variance of
  the draw means divided by the draws, floored at what the replications alone give (with
  few draws the draw means can agree by chance).
- **distinguishable from the baseline**: the 5-95% range of the differences excludes zero
  *and* the mean is at least the detectable size. Anything else is reported as "not
  distinguishable from the baseline": an effect of +0.00 pp with a band of +-0.05 pp is
  noise, whatever share of runs lies above zero.
- **the variance split** (:func:`variance_parts`): with draws, how much of the spread of an
  effect comes from what the targets leave open about the parameters, and how much from the
  model's randomness (a one-way random-effects ANOVA over draws).

Example:
    >>> rows = pd.DataFrame({"k": ["a"] * 4, "value": [0.01, -0.02, 0.03, 0.0]})
    >>> row = detectability(rows, ["k"]).iloc[0]
    >>> round(float(row["mde"]), 4), bool(row["distinguishable"])
    (0.0291, False)
    >>> band_label(0, 10)
    '5-95% over 10 replications (random only)'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: 1.96 + 0.84: a two-sided test at 5% with 80% power finds a true effect of this many standard errors
DETECTABLE_STANDARD_ERRORS = 2.8
#: how an effect inside the noise is labelled in tables, cards and dashboards
NOT_DISTINGUISHABLE = "not distinguishable from the baseline"


def band_label(draws: int, replications: int) -> str:
    """What a 5-95% band of a run or comparison holds, in words.

    Example:
        >>> band_label(4, 5)
        '5-95% over 4 parameter draws x 5 replications (parameter and random uncertainty)'
    """
    if draws:
        return f"5-95% over {draws} parameter draws x {replications} replications (parameter and random uncertainty)"
    return f"5-95% over {replications} replications (random only)"


def standard_error(values: pd.Series, draws: pd.Series | None = None) -> float:
    """Standard error of the mean of ``values``; with ``draws``, under the one-way random-effects model.

    With draws: ``sqrt(max(B, W / R) / D)`` for D draws of R replications, B the variance of
    the draw means and W the mean within-draw variance (so the parameter part
    ``max(B - W / R, 0)`` of :func:`variance_parts` plus ``W / R``, over D).

    Example:
        >>> standard_error(pd.Series([1.0, 3.0]))
        1.0
        >>> standard_error(pd.Series([1.0, 3.0, 5.0, 7.0]), pd.Series([0, 0, 1, 1]))  # B = 8, W / R = 1
        2.0
        >>> standard_error(pd.Series([1.0, 3.0, 1.0, 3.0]), pd.Series([0, 0, 1, 1]))  # B = 0, W / R = 1
        0.7071067811865476
    """
    ok = values.notna()
    values = values[ok].astype(float)
    if draws is not None and draws[ok].nunique() >= 2:
        groups = values.groupby(draws[ok])
        between = float(groups.mean().var(ddof=1))
        within = groups.var(ddof=1).dropna()
        floor = float(within.mean()) / float(groups.count().mean()) if len(within) else 0.0
        return float(np.sqrt(max(between, floor) / groups.ngroups))
    if len(values) < 2:
        return float("nan")
    return float(values.std(ddof=1) / np.sqrt(len(values)))


def detectability(rows: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Per group of ``by``: the smallest detectable effect and whether the effect is distinguishable.

    ``rows`` has one value per run (and a ``draw`` column with parameter draws). Returns the
    ``by`` columns, ``mde`` and ``distinguishable`` (a group without two values is not).

    Example:
        >>> rows = pd.DataFrame({"k": ["a"] * 3 + ["b"] * 3, "value": [1.0, 1.2, 1.1, 0.1, -0.1, 0.0]})
        >>> detectability(rows, ["k"])["distinguishable"].tolist()
        [True, False]
    """
    out = []
    for key, group in rows.groupby(list(by), sort=False):
        values = group[value].astype(float)
        se = standard_error(values, group["draw"] if "draw" in group.columns else None)
        mde = DETECTABLE_STANDARD_ERRORS * se
        present = values.dropna()
        if len(present) >= 2 and np.isfinite(mde):
            low, high = present.quantile(0.05), present.quantile(0.95)
            clear = not (low <= 0.0 <= high) and abs(present.mean()) >= mde
        else:
            clear = False
        keys = key if isinstance(key, tuple) else (key,)
        out.append({**dict(zip(by, keys)), "mde": mde, "distinguishable": bool(clear)})
    return pd.DataFrame(out, columns=[*by, "mde", "distinguishable"])


VARIANCE_COLUMNS = ("mean", "variance", "parameter_variance", "random_variance", "parameter_share", "random_share", "draws", "replications")


def variance_parts(rows: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Split the variance of an effect over (draw, replication) pairs into parameter and random parts.

    A one-way random-effects ANOVA over draws: with ``R`` replications per draw, the mean
    within-draw variance ``W`` estimates the random part (the model's randomness at given
    parameters), and the variance of the draw means ``B`` holds the parameter part plus
    ``W / R``. So::

        random part    = W
        parameter part = max(B - W / R, 0)
        variance       = parameter part + random part

    and the shares are the parts over the variance. Example: draw 0 gives 1 and 3, draw 1
    gives 5 and 7. Then W = 2 (each draw's variance), B = 8 (the draw means 2 and 6), the
    parameter part is 8 - 2/2 = 7, the random part 2: 78% of the variance comes from the
    parameters. It needs two draws and two replications; with fewer the missing part is NaN.

    Example:
        >>> rows = pd.DataFrame({"m": ["x"] * 4, "draw": [0, 0, 1, 1], "value": [1.0, 3.0, 5.0, 7.0]})
        >>> [round(float(x), 3) for x in variance_parts(rows, ["m"]).iloc[0][["variance", "parameter_variance", "random_variance", "parameter_share"]]]
        [9.0, 7.0, 2.0, 0.778]
    """
    out = []
    for key, group in rows.dropna(subset=[value]).groupby(list(by), sort=False):
        per_draw = group.groupby("draw")[value]
        draws, replications = int(per_draw.ngroups), float(per_draw.count().mean())
        within = per_draw.var(ddof=1).dropna()
        random = float(within.mean()) if len(within) else float("nan")
        between = float(per_draw.mean().var(ddof=1)) if draws >= 2 else float("nan")
        parameter = max(between - random / replications, 0.0) if np.isfinite(between) and np.isfinite(random) else float("nan")
        total = parameter + random
        share = (lambda part: part / total if np.isfinite(total) and total > 0 else float("nan"))
        keys = key if isinstance(key, tuple) else (key,)
        out.append({**dict(zip(by, keys)), "mean": float(group[value].mean()), "variance": total, "parameter_variance": parameter,
                    "random_variance": random, "parameter_share": share(parameter), "random_share": share(random),
                    "draws": draws, "replications": int(round(replications))})  # fmt: skip
    return pd.DataFrame(out, columns=[*by, *VARIANCE_COLUMNS])
