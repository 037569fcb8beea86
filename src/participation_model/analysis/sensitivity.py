"""Global sensitivity analysis with SALib: Morris screening and Sobol indices.

Which uncertain assumptions drive the answer? Parameter sets are sampled from the ranges of the
parameter-uncertainty file with SALib (Morris trajectories or Saltelli/Sobol sequences), every
set runs ``replications`` times with the same seeds (common random numbers across sets, so
differences between sets are not noise), and SALib's estimators give the indices with
bootstrap confidence intervals. No estimator is written here.

Stochastic noise is handled explicitly: outcomes are averaged over the replications of each
set, and the share of the outcome's variance that is replication noise is reported (the mean
within-set variance over the replications, divided by the number of replications, against the
variance of the set means).

Outcomes are annual averages of any series column in a chosen year (e.g.
``netto_participation_15_75@2018``), or with ``effect:`` in front, the paired change against
the baseline (the same parameters and seeds without the scenario's interventions), e.g.
``effect:netto_participation_15_75@2018``. The cost-effectiveness outcome
``person_years_per_million_eur`` is the net extra person-years in work over the whole run
(scenario minus baseline) per million euros the interventions spent; the cost per extra
person-year is its inverse (which is undefined, and useless to SALib, where the net effect
is zero or negative).

Example:
    >>> parse_outcome("effect:netto_participation_15_75@2018")
    Outcome(measure='netto_participation_15_75', year=2018, effect=True)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from participation_model.analysis.evaluators import (  # noqa: F401  (re-exported)
    Evaluator,
    executor_evaluator,
    in_process,
)
from participation_model.analysis.uncertainty import Uncertainty
from participation_model.scenario import Scenario

METHODS = ("morris", "sobol")


COST_OUTCOME = "person_years_per_million_eur"


@dataclass(frozen=True)
class Outcome:
    measure: str
    year: int
    effect: bool

    @property
    def label(self) -> str:
        if self.measure == COST_OUTCOME:
            return COST_OUTCOME
        return f"{'effect:' if self.effect else ''}{self.measure}@{self.year}"


def parse_outcome(text: str) -> Outcome:
    """``[effect:]<series column>@<year>`` or ``person_years_per_million_eur``.

    Raises ValueError with what is allowed.

    Example:
        >>> parse_outcome("person_years_per_million_eur").effect
        True
    """
    if text == COST_OUTCOME:
        return Outcome(COST_OUTCOME, 0, True)
    effect = text.startswith("effect:")
    body = text.removeprefix("effect:")
    if "@" not in body:
        raise ValueError(f"outcome {text!r}: allowed: [effect:]<series column>@<year>, e.g. netto_participation_15_75@2018, or {COST_OUTCOME}")
    measure, year = body.rsplit("@", 1)
    if not year.isdigit():
        raise ValueError(f"outcome {text!r}: the year after @ must be a number, e.g. @2018")
    return Outcome(measure, int(year), effect)


@dataclass
class SensitivityResult:
    method: str
    outcomes: list[Outcome]
    problem: dict
    samples: np.ndarray
    values: np.ndarray  # (sets, replications, outcomes)
    indices: pd.DataFrame  # outcome, parameter, index columns with confidence intervals
    noise: pd.DataFrame  # outcome, noise_share
    seconds: float


def sample(method: str, problem: dict, n: int, seed: int) -> np.ndarray:
    """Parameter sets: Morris trajectories (``n`` trajectories) or Sobol (``n`` base samples)."""
    if method == "morris":
        return morris_sample.sample(problem, n, num_levels=4, seed=seed)
    if method == "sobol":
        return sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    raise ValueError(f"method {method!r}: allowed: {', '.join(METHODS)}")


def run_sensitivity(
    scenario: Scenario,
    uncertainty: Uncertainty,
    *,
    method: str,
    samples: int,
    outcomes: Sequence[Outcome],
    seed: int = 0,
    evaluate: Evaluator = in_process,
    progress: Callable[[int, int], None] | None = None,
    chunk: int | None = 16,
) -> SensitivityResult:
    """Sample, run every set ``scenario.replications`` times, and analyse with SALib.

    ``chunk`` sets per call of ``evaluate`` bound the memory of an in-process analysis; None
    hands every run over at once, for an evaluator that streams to disk
    (:func:`~participation_model.tasks.batch.batch_evaluator`), so a large cluster is
    never kept waiting for the slowest run of a chunk.
    """
    started = time.perf_counter()
    problem = uncertainty.salib_problem()
    X = sample(method, problem, samples, seed)
    names = problem["names"]
    needs_baseline = any(o.effect for o in outcomes)
    baseline = scenario.model_copy(update={"interventions": ()}) if needs_baseline else None
    values = np.empty((len(X), scenario.replications, len(outcomes)))
    R = scenario.replications
    step = len(X) if chunk is None else chunk
    for first in range(0, len(X), max(step, 1)):
        rows = range(first, min(first + step, len(X)))
        jobs = []
        for i in rows:
            overrides = {name: float(v) for name, v in zip(names, X[i])}
            jobs += [(scenario, overrides, r) for r in range(R)]
            if baseline is not None:
                jobs += [(baseline, overrides, r) for r in range(R)]
        runs = evaluate(jobs)
        per_set = 2 * R if baseline is not None else R
        for j, i in enumerate(rows):
            block = runs[j * per_set : (j + 1) * per_set]
            for r in range(R):
                for k, o in enumerate(outcomes):
                    values[i, r, k] = _value(o, block[r], block[R + r] if baseline is not None else None)
        if progress is not None:
            progress(rows[-1] + 1, len(X))
    means = values.mean(axis=1)
    indices = pd.concat([_analyse(method, problem, X, means[:, k], o, seed) for k, o in enumerate(outcomes)], ignore_index=True)
    noise = pd.DataFrame({"outcome": [o.label for o in outcomes], "noise_share": [noise_share(values[:, :, k]) for k in range(len(outcomes))]})
    return SensitivityResult(method, list(outcomes), problem, X, values, indices, noise, time.perf_counter() - started)


def _value(o: Outcome, run, base) -> float:
    """The outcome of one paired replication (``base`` is the baseline run, or None)."""
    if o.measure == COST_OUTCOME:
        net = (run.series["employed_15_75"].sum() - base.series["employed_15_75"].sum()) / 12.0
        spent = run.interventions.loc[run.interventions["measure"] == "spending", "value"].sum()
        return float(net / (spent / 1e6)) if spent > 0 else 0.0
    value = _annual(run.series, o)
    return value - _annual(base.series, o) if o.effect else value


def _annual(series: pd.DataFrame, o: Outcome) -> float:
    if o.measure not in series.columns:
        raise ValueError(f"outcome {o.label!r}: {o.measure!r} is not a series column; allowed: {', '.join(c for c in series.columns if c != 'month')}")
    sel = series[series["month"].str[:4] == str(o.year)]
    if sel.empty:
        raise ValueError(f"outcome {o.label!r}: year {o.year} is not simulated")
    return float(sel[o.measure].mean())


def noise_share(values: np.ndarray) -> float:
    """Share of the variance of set means that is replication noise (0 = none, 1 = all).

    ``values`` is (sets, replications). The noise variance of a set mean is the within-set
    variance divided by the replications.

    Example:
        >>> round(noise_share(np.array([[1.0, 1.0], [3.0, 3.0]])), 3)
        0.0
    """
    sets, reps = values.shape
    if reps < 2:
        return float("nan")
    within = values.var(axis=1, ddof=1).mean() / reps
    total = values.mean(axis=1).var(ddof=1)
    return float(min(within / total, 1.0)) if total > 0 else 1.0


def _analyse(method: str, problem: dict, X: np.ndarray, Y: np.ndarray, o: Outcome, seed: int) -> pd.DataFrame:
    if method == "morris":
        res = morris_analyze.analyze(problem, X, Y, num_levels=4, seed=seed)
        df = pd.DataFrame({"parameter": res["names"], "mu": res["mu"], "mu_star": res["mu_star"], "mu_star_conf": res["mu_star_conf"], "sigma": res["sigma"]})
    else:
        res = sobol_analyze.analyze(problem, Y, calc_second_order=False, seed=seed)
        df = pd.DataFrame({"parameter": problem["names"], "S1": res["S1"], "S1_conf": res["S1_conf"], "ST": res["ST"], "ST_conf": res["ST_conf"]})
    df.insert(0, "outcome", o.label)
    return df


def one_at_a_time(
    scenario: Scenario,
    uncertainty: Uncertainty,
    outcomes: Sequence[Outcome],
    *,
    evaluate: Evaluator = in_process,
) -> pd.DataFrame:
    """Tornado data: each parameter at its low and high end, the others at their defaults.

    Returns outcome, parameter, low_value, high_value (outcome at each end, replication means)
    and swing (high minus low), sorted by the size of the swing.
    """
    out_rows = []
    needs_baseline = any(o.effect for o in outcomes)
    baseline = scenario.model_copy(update={"interventions": ()}) if needs_baseline else None
    R = scenario.replications
    ends = [(p, end, value) for p in uncertainty.parameters for end, value in (("low", p.low), ("high", p.high))]
    jobs = []
    for p, _, value in ends:  # one call for every end of every parameter: no waiting between them
        jobs += [(scenario, {p.name: value}, r) for r in range(R)]
        if baseline is not None:
            jobs += [(baseline, {p.name: value}, r) for r in range(R)]
    runs = evaluate(jobs)
    per_end = 2 * R if baseline is not None else R
    result: dict[tuple[str, str], list[float]] = {}
    for n, (p, end, _) in enumerate(ends):
        block = runs[n * per_end : (n + 1) * per_end]
        result[p.name, end] = [np.mean([_value(o, block[r], block[R + r] if baseline is not None else None) for r in range(R)]) for o in outcomes]
    for p in uncertainty.parameters:
        low, high = result[p.name, "low"], result[p.name, "high"]
        for k, o in enumerate(outcomes):
            out_rows.append({"outcome": o.label, "parameter": p.name, "low_value": low[k], "high_value": high[k], "swing": high[k] - low[k]})
    df = pd.DataFrame(out_rows)
    return df.reindex(df["swing"].abs().sort_values(ascending=False).index).reset_index(drop=True)
