"""Comparison measures between a baseline and a scenario run with the same seed (pure functions).

Everything here works on the tables of a paired replication and on person-by-month employment
arrays; :mod:`participation_model.experiments.compare` runs the models and calls these.

Example:
    >>> import pandas as pd
    >>> b = pd.DataFrame({"month": ["2016-01", "2016-02"], "netto_participation_15_75": [60.0, 60.2]})
    >>> s = pd.DataFrame({"month": ["2016-01", "2016-02"], "netto_participation_15_75": [60.1, 60.5]})
    >>> aggregate_differences(b, s, ["netto_participation_15_75"])["diff"].round(2).tolist()
    [0.1, 0.3]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from participation_model.codes import Benefit
from participation_model.measure_catalogue import MEASURES, to_real

AGGREGATE_MEASURES = (
    "netto_participation_15_75", "bruto_participation_15_75", "netto_participation_15_65",
    "bruto_participation_15_65", "unemployment_rate_15_75", "employed_15_75", "unemployed_15_75",
    "ww", "bijstand", "ao", "wsw",
)  # fmt: skip
#: The rates among them, by their kind in the measure catalogue (the others are stocks; no flows).
RATE_MEASURES = {m for m in AGGREGATE_MEASURES if MEASURES[m].kind == "rate"}

TARGET_GROUPS = {
    "15-26": lambda p: p["age"] <= 26,
    "27-54": lambda p: (p["age"] >= 27) & (p["age"] <= 54),
    "55+": lambda p: p["age"] >= 55,
    "low-educated": lambda p: p["education"] == 0,
    "WW": lambda p: p["benefit"] == Benefit.WW,
    "bijstand": lambda p: p["benefit"] == Benefit.BIJSTAND,
    "AO": lambda p: p["benefit"] == Benefit.AO,
    "Wsw": lambda p: p["benefit"] == Benefit.WSW,
    "long-term unemployed": lambda p: p["long_term"],
}


def aggregate_differences(baseline: pd.DataFrame, scenario: pd.DataFrame, measures: Sequence[str] = AGGREGATE_MEASURES) -> pd.DataFrame:
    """Scenario minus baseline per month and measure (long: month, measure, baseline_value, scenario_value, diff)."""
    b = baseline.set_index("month")[list(measures)]
    s = scenario.set_index("month")[list(measures)].reindex(b.index)
    out = pd.DataFrame({"baseline_value": b.stack(), "scenario_value": s.stack()})
    out["diff"] = out["scenario_value"] - out["baseline_value"]
    out.index.names = ["month", "measure"]
    return out.reset_index()


def annual(diffs: pd.DataFrame) -> pd.DataFrame:
    """Annual averages of monthly differences (rates, stocks alike: the mean over the months).

    Right for :data:`AGGREGATE_MEASURES`, which holds no flows (a flow would be summed; checked
    in ``tests/test_measure_catalogue.py``).
    """
    d = diffs.assign(year=diffs["month"].str[:4].astype(int))
    return d.groupby(["year", "measure"], as_index=False)[["baseline_value", "scenario_value", "diff"]].mean()


def first_enrolments(uids: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Indices of each person's first enrolment, in enrolment order: every participant counted once.

    A person who leaves a programme and enters it again has two enrolments; the participant
    measures (counts, extra person-years from enrolment on, deadweight, target groups) take
    them once, from the first.

    Example:
        >>> first_enrolments(np.array([7, 3, 7, 5]), np.array([0, 0, 4, 6])).tolist()
        [0, 1, 3]
    """
    order = np.lexsort((np.arange(len(uids)), months))  # by month, then as enrolled
    _, first = np.unique(uids[order], return_index=True)
    return np.sort(order[first])


def participant_effect_curve(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, horizon: int) -> np.ndarray:
    """Mean scenario-minus-baseline employment of participants by months since enrolment.

    Example:
        >>> b = np.array([[0, 0], [0, 1], [0, 1]], dtype=bool)
        >>> s = np.array([[0, 0], [1, 1], [1, 0]], dtype=bool)
        >>> participant_effect_curve(b, s, np.array([0]), np.array([0]), horizon=3).round(2).tolist()
        [0.0, 1.0, 1.0]
    """
    out = np.full(horizon, np.nan)
    T = emp_b.shape[0]
    for k in range(horizon):
        t = months + k
        ok = t < T
        if ok.any():
            out[k] = float(np.mean(emp_s[t[ok], uids[ok]].astype(float) - emp_b[t[ok], uids[ok]]))
    return out


def participant_person_years(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, scale: float) -> float:
    """Participants' extra person-years in work from enrolment on, against their baseline selves."""
    T = emp_b.shape[0]
    total = 0.0
    for t0 in np.unique(months):
        who = uids[months == t0]
        total += float(emp_s[t0:T, who].sum() - emp_b[t0:T, who].sum())
    return to_real(total / 12.0, scale)


def lock_in_months(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, duration: int, scale: float) -> float:
    """Months in work that participants lose while in the programme (employed in the baseline, not in the scenario)."""
    T = emp_b.shape[0]
    total = 0
    for t0 in np.unique(months):
        who = uids[months == t0]
        t1 = min(t0 + duration, T)
        total += int((emp_b[t0:t1, who] & ~emp_s[t0:t1, who]).sum())
    return to_real(total, scale)


def deadweight_share(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, follow_up: int) -> float:
    """Among participants in work ``follow_up`` months after enrolment, the share also in work then in the baseline."""
    t = np.minimum(months + follow_up, emp_b.shape[0] - 1)
    placed = emp_s[t, uids]
    if not placed.any():
        return float("nan")
    return float(emp_b[t[placed], uids[placed]].mean())


def displacement_person_years(emp_b: np.ndarray, emp_s: np.ndarray, participants: np.ndarray, scale: float) -> float:
    """Net person-years in work that non-participants lose in the scenario.

    Non-participants' employment in the baseline minus in the scenario, summed over persons and
    months: the jobs participants took that others would have had, net of the jobs others
    gained (vacancy chains). So ``net extra person-years = participants' extra person-years -
    displacement``.

    Example:
        >>> b = np.array([[1, 1, 0]], dtype=bool); s = np.array([[1, 0, 1]], dtype=bool)
        >>> displacement_person_years(b, s, np.array([2]), scale=1.0) * 12
        1.0
    """
    others = np.ones(emp_b.shape[1], dtype=bool)
    others[participants] = False
    return float(to_real((emp_b[:, others].sum() - emp_s[:, others].sum()) / 12.0, scale))


def net_person_years(emp_b: np.ndarray, emp_s: np.ndarray, scale: float) -> float:
    """Extra person-years in work over the whole population."""
    return float(to_real((emp_s.sum() - emp_b.sum()) / 12.0, scale))


#: Series of the employers' side whose scenario-minus-baseline difference is summed into person-years
MARKET_ACCOUNT = {
    "extra_jobs_inside_person_years": "jobs_inside",
    "extra_desired_jobs_person_years": "desired_jobs_inside",
    "extra_open_vacancy_years": "vacancies",
    "incommuter_jobs_change_person_years": "incommuters",
}


def market_account(baseline: pd.DataFrame, scenario: pd.DataFrame) -> dict[str, float]:
    """Where a scenario's jobs inside the region come from, in person-years (monthly series summed / 12).

    Jobs located in the region = target demand - open vacancies - the unposted gap, so a
    programme adds local jobs only by raising demand (a wage-cost subsidy), by filling
    vacancies that would have stayed open, or through the gap; the in-commuters' change shows
    how much of the participants' gain was taken from residents of other regions.

    Example:
        >>> b = pd.DataFrame({c: [10.0, 10.0] for c in MARKET_ACCOUNT.values()})
        >>> s = b.assign(jobs_inside=[10.0, 22.0], incommuters=[10.0, 4.0])
        >>> market_account(b, s)["extra_jobs_inside_person_years"], market_account(b, s)["incommuter_jobs_change_person_years"]
        (1.0, -0.5)
    """
    return {name: float((scenario[column].to_numpy() - baseline[column].to_numpy()).sum() / 12.0) for name, column in MARKET_ACCOUNT.items()}


def summarise(values: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Mean, 5/50/95% and the share above zero across replications.

    Example:
        >>> df = pd.DataFrame({"k": ["a"] * 4, "value": [1.0, 2.0, 3.0, -1.0]})
        >>> summarise(df, ["k"])[["mean", "p50", "prob_positive"]].values.tolist()
        [[1.25, 1.5, 0.75]]
    """
    g = values.groupby(list(by))[value]
    out = g.agg(mean="mean", p5=lambda x: x.quantile(0.05), p50="median", p95=lambda x: x.quantile(0.95), prob_positive=lambda x: float((x > 0).mean()), n_replications="count")
    return out.reset_index()
