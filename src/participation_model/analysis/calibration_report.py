"""After the search: the fit report's tables (the ``calibrate`` task writes them, :mod:`participation_model.tasks.calibrate`).

:func:`fit_frames` runs the model at the
fitted values (and at the starting values, for comparison) over two designs:

- the history design: from the calibration's start (2008) to ``report_end``, the run every
  target is a statistic of (fitted targets, and kept-back targets as predictions);
- a cold start: from ``baseline_start`` (2014, a start population built from that
  year's figures) to ``report_end``, whose annual paths should agree with the history run
  over the years they share (:func:`agreement`).

Example:
    >>> import pandas as pd
    >>> from participation_model.analysis.targets import Target
    >>> t = Target("x_2016", 10.0, "percent", 2016, 2016, "rate", "d", "Oost-Groningen", "s", 1.0)
    >>> row = target_row(t, [9.0, 10.0, 11.5], "fitted", "calibration", 0.0, "")
    >>> row["model_mean"], row["z"], row["within"]
    (10.166666666666666, 0.16666666666666607, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from participation_model.analysis.calibration import (
    CalibrationSetup,
)
from participation_model.analysis.evaluators import Evaluator
from participation_model.analysis.objective import (
    ANNUAL_MEANS,
    NOT_COMPARABLE,
    statistic,
)
from participation_model.analysis.targets import Target

#: series drawn in the fit report's trajectory charts
TRAJECTORY_MEASURES = (
    "netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75", "tightness", "vacancies",
    "jobs_inside", "employed_15_75", "bijstand", "ww", "wsw", "ao",
)  # fmt: skip
#: series whose annual means the agreement table compares between the history run and the cold start
AGREEMENT_MEASURES = ("unemployment_rate_15_75", "netto_participation_15_75", "bruto_participation_15_75", "tightness", "bijstand", "ww")

CALIBRATION_RUN = "history run from"
FITTED, KEPT_BACK = "fitted", "kept back"


def target_row(t: Target, values: Sequence[float], status: str, run: str, start_z: float, explanation: str) -> dict[str, Any]:
    """One row of the fit table from the per-replication statistics of a target."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    mean = float(v.mean()) if len(v) else float("nan")
    low, high = t.band()
    z = t.standardised(mean) if len(v) else float("nan")
    period = str(t.first_year) if t.first_year == t.last_year else f"{t.first_year}-{t.last_year}"
    return {
        "target": t.name, "label": t.definition, "unit": t.unit, "period": period, "value": t.value, "low": low, "high": high,
        "model_mean": mean, "model_p5": float(np.percentile(v, 5)) if len(v) else float("nan"),
        "model_p95": float(np.percentile(v, 95)) if len(v) else float("nan"),
        "z": z, "start_z": start_z, "within": bool(abs(z) <= 1.0) if len(v) else False,
        "status": status, "run": run, "explanation": explanation,
    }


def fit_frames(
    setup: CalibrationSetup,
    values: Mapping[str, float],
    evaluator: Evaluator,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run the fitted and the starting values over both designs; return (fit, trajectories, target points).

    The trajectories carry the history run (fitted and starting values) and the baseline
    design (fitted values); :func:`agreement` compares the last two.
    """
    designs = {
        "history": setup.scenario.model_copy(update={"end": setup.report_end}),
        "baseline": setup.scenario.model_copy(update={"start": setup.baseline_start, "end": setup.report_end}),
    }
    reps = range(setup.scenario.replications)
    runs = [("history", "fitted", dict(values)), ("history", "start", {}), ("baseline", "fitted", dict(values))]
    jobs, keys = [], []
    for design, which, overrides in runs:
        for r in reps:
            jobs.append((designs[design], overrides, r))
            keys.append((design, which, r))
    outs = dict(zip(keys, evaluator(jobs), strict=True))
    fitted, kept = {t.name for t in setup.fitted}, {t.name for t in setup.kept_back}
    run = f"{CALIBRATION_RUN} {setup.scenario.start}"
    rows = []
    for t in setup.targets.targets:
        explanation = setup.explanations.get(t.name, "")
        if t.name in NOT_COMPARABLE:
            rows.append(target_row(t, [], "not comparable", "", float("nan"), explanation or NOT_COMPARABLE[t.name]))
            continue
        if t.name not in fitted | kept:
            rows.append(target_row(t, [], "not simulated", "", float("nan"), explanation))
            continue
        calibrated = [statistic(t, outs[("history", "fitted", r)].series) for r in reps]
        start = [statistic(t, outs[("history", "start", r)].series) for r in reps]
        status = KEPT_BACK if t.name in kept else FITTED
        rows.append(target_row(t, calibrated, status, run, t.standardised(float(np.mean(start))), explanation))
    fit = pd.DataFrame(rows)
    trajectories = pd.concat(
        [
            _trajectory(outs, "history", "fitted", reps, history_label(setup)),
            _trajectory(outs, "baseline", "fitted", reps, baseline_label(setup)),
            _trajectory(outs, "history", "start", reps, f"starting values, from {setup.scenario.start}"),
        ],
        ignore_index=True,
    )
    return fit, trajectories, target_points(setup.targets.targets)


def history_label(setup: CalibrationSetup) -> str:
    return f"calibrated, from {setup.scenario.start}"


def baseline_label(setup: CalibrationSetup) -> str:
    return f"calibrated, cold start in {setup.baseline_start}"


def agreement(trajectories: pd.DataFrame, history: str, baseline: str) -> pd.DataFrame:
    """Annual means of the history run and the cold start over the years they share.

    One row per year and measure: both means (over months and replications) and their
    difference; the baseline must agree with the history run (docs/calibration.md).

    Example:
        >>> t = pd.DataFrame({"run": ["h", "h", "b"], "replication": 0, "month": ["2014-01", "2015-01", "2015-01"],
        ...                   "unemployment_rate_15_75": [8.0, 7.0, 7.5]})
        >>> row = agreement(t, "h", "b").iloc[0]
        >>> int(row["year"]), row["measure"], float(row["history"]), float(row["baseline"]), float(row["difference"])
        (2015, 'unemployment_rate_15_75', 7.0, 7.5, 0.5)
    """
    measures = [m for m in AGREEMENT_MEASURES if m in trajectories.columns]
    year = trajectories["month"].str[:4].astype(int)
    means = {}
    for label, name in ((history, "history"), (baseline, "baseline")):
        rows = trajectories[trajectories["run"] == label]
        means[name] = rows.groupby(year[rows.index])[measures].mean()
    shared = means["history"].index.intersection(means["baseline"].index)
    out = []
    for measure in measures:
        h, b = means["history"].loc[shared, measure], means["baseline"].loc[shared, measure]
        out.append(pd.DataFrame({"year": shared.astype(int), "measure": measure, "history": h.values, "baseline": b.values, "difference": (b - h).values}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=["year", "measure", "history", "baseline", "difference"])


def _trajectory(outs: Mapping, design: str, which: str, reps: range, label: str) -> pd.DataFrame:
    frames = []
    for r in reps:
        series = outs[(design, which, r)].series
        cols = ["month", *[m for m in TRAJECTORY_MEASURES if m in series.columns]]
        frames.append(series[cols].assign(run=label, replication=r))
    return pd.concat(frames, ignore_index=True)


def target_points(targets: Sequence[Target]) -> pd.DataFrame:
    """The targets that are a yearly value of a trajectory measure (markers on its chart)."""
    rows = [
        {"measure": ANNUAL_MEANS[t.name], "year": t.first_year, "value": t.value, "low": t.band()[0], "high": t.band()[1], "target": t.name}
        for t in targets
        if ANNUAL_MEANS.get(t.name) in TRAJECTORY_MEASURES and t.first_year == t.last_year
    ]
    return pd.DataFrame(rows, columns=["measure", "year", "value", "low", "high", "target"])


#: The history run's measures written next to the national drivers, as ``region_<measure>``.
REGION_DRIVER_MEASURES = ("unemployment_rate_15_75", "tightness")


def report_drivers(setup: CalibrationSetup, history: pd.DataFrame) -> pd.DataFrame:
    """The national drivers of the history run's years, with the run's own annual means next to them.

    One row per year from the calibration's start to ``report_end``: the columns of
    ``DriverPath.annual`` (``year``, the national series, ``basis``) and ``region_<measure>``,
    the history run's mean over months and replications of ``unemployment_rate_15_75`` (%) and
    ``tightness`` (open vacancies inside the region per unemployed resident).

    Example:
        >>> from types import SimpleNamespace
        >>> from participation_model.scenario import scenario_from_dict
        >>> setup = SimpleNamespace(scenario=scenario_from_dict({"name": "h", "start": "2008-01"}), report_end="2009-12")
        >>> history = pd.DataFrame({"month": ["2008-01", "2008-02"], "tightness": [0.4, 0.6]})
        >>> table = report_drivers(setup, history)
        >>> table["year"].tolist(), table["region_tightness"].round(3).tolist()[:1], "region_unemployment_rate_15_75" in table
        ([2008, 2009], [0.5], False)
    """
    drivers = setup.scenario.economy.driver_path().annual(int(setup.scenario.start[:4]), int(setup.report_end[:4]))
    present = [m for m in REGION_DRIVER_MEASURES if m in history.columns]
    if history.empty or not present:
        return drivers
    year = history["month"].astype(str).str[:4].astype(int).rename("year")
    region = history[present].groupby(year).mean().add_prefix("region_").reset_index()
    return drivers.merge(region, on="year", how="left")


