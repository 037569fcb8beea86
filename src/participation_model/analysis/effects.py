"""Per-participant effect curves by months since enrolment, and their summary per horizon band.

Evaluations report a programme's effect as the difference in the employment probability of
participants and a comparison group, some months or years after the programme. The model can
do better than a comparison group: with common random numbers, replication ``r`` of the
baseline and of a scenario are the same world person by person until the programme starts,
so every participant's own baseline self is the counterfactual. The effect ``k`` months after
enrolment is then the share of participants employed in the scenario minus the share of the
same persons employed in the baseline, ``k`` months after their enrolment, in percentage
points, over the participants whose ``k``-th month lies within the simulated period.

The runs come from :mod:`participation_model.experiments.paired` (``run_tracked``: who is
employed each month, and every enrolment); the curve is
:func:`participation_model.metrics.compare.participant_effect_curve`. This module only pairs
them up and tabulates, and :func:`horizon_summary` holds the curves against the evidence of
:mod:`participation_model.analysis.evidence`.

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> block = {"type": "van_werkloosheid_naar_werk", "start": "2014-02", "end": "2014-06",
    ...          "places_per_year": 2000, "eligibility": {"status": ["unemployed"]}}
    >>> s = scenario_from_dict({"name": "s", "end": "2014-12", "scale": 0.02, "interventions": [block]})
    >>> curves = effect_curves(s, s, replications=1, horizon=6)   # the scenario as its own baseline
    >>> float(curves["effect_pp"].abs().max()), list(curves["months_since_enrolment"])
    (0.0, [0, 1, 2, 3, 4, 5])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from participation_model.analysis.evidence import Evidence
from participation_model.experiments.compare import CompareProgress
from participation_model.experiments.paired import (
    TrackedRun,
    align,
    check_pairable,
    run_tracked,
)
from participation_model.metrics.compare import participant_effect_curve
from participation_model.scenario import Scenario

__all__ = [
    "CURVE_COLUMNS",
    "DEFAULT_HORIZON",
    "SUMMARY_COLUMNS",
    "curves_from_runs",
    "effect_curves",
    "effect_curves_all",
    "horizon_summary",
    "observable_participants",
]

#: Months since enrolment a curve covers by default: the evidence's three years and one more.
DEFAULT_HORIZON = 48
#: Shares to percentage points.
PERCENTAGE_POINTS = 100.0
#: The spread across replications reported next to the mean.
LOWER_QUANTILE, UPPER_QUANTILE = 0.05, 0.95

CURVE_COLUMNS = ("scenario", "intervention", "type", "replication", "months_since_enrolment", "effect_pp", "participants")
SUMMARY_COLUMNS = (
    "scenario", "intervention", "type", "horizon", "model_mean", "model_p5", "model_p95", "low", "high",
    "source", "assumption", "plausible", "coverage", "replications",
)  # fmt: skip

Progress = Callable[[CompareProgress], None]


def observable_participants(months: np.ndarray, n_months: int, horizon: int) -> np.ndarray:
    """How many enrolments can be followed ``k`` months on, for ``k = 0 .. horizon - 1``.

    Enrolments late in the run drop out of the later months, so the curve's far end rests on
    the early enrolments only; the count says how much.

    Example:
        >>> observable_participants(np.array([0, 2, 3]), n_months=4, horizon=3).tolist()
        [3, 2, 1]
    """
    k = np.arange(horizon)
    return (np.asarray(months)[None, :] + k[:, None] < n_months).sum(axis=1)


def curves_from_runs(base: TrackedRun, run: TrackedRun, horizon: int = DEFAULT_HORIZON) -> pd.DataFrame:
    """Effect curve of every programme of ``run`` against the paired ``base`` run.

    Returns one row per programme and month since enrolment: intervention, type,
    months_since_enrolment, effect_pp (NaN where no participant can be followed that far) and
    participants (simulated enrolments followed that far; a person enrolled twice counts twice).
    """
    emp_b, emp_s = align(base.employed, run.employed)
    frames = [
        pd.DataFrame(
            {
                "intervention": e.name,
                "type": e.type,
                "months_since_enrolment": np.arange(horizon),
                "effect_pp": PERCENTAGE_POINTS * participant_effect_curve(emp_b, emp_s, e.uid, e.month, horizon),
                "participants": observable_participants(e.month, emp_b.shape[0], horizon),
            }
        )
        for e in run.enrolments
    ]
    columns = [c for c in CURVE_COLUMNS if c not in ("scenario", "replication")]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def effect_curves(
    baseline: Scenario,
    scenario: Scenario,
    replications: int | None = None,
    horizon: int = DEFAULT_HORIZON,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Effect curves of a scenario's programmes against the baseline, per replication.

    Columns :data:`CURVE_COLUMNS`: one row per scenario, intervention, replication and month since
    enrolment (0 = the month of enrolment). ``replications`` defaults to the baseline's.

    Example:
        >>> curves = effect_curves(baseline, sectorplan, replications=2)   # doctest: +SKIP
        >>> curves.groupby("months_since_enrolment")["effect_pp"].median().head(3)   # doctest: +SKIP
    """
    return effect_curves_all(baseline, [scenario], replications, horizon, progress)


def effect_curves_all(
    baseline: Scenario,
    scenarios: Sequence[Scenario],
    replications: int | None = None,
    horizon: int = DEFAULT_HORIZON,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """:func:`effect_curves` for several scenarios, running the baseline once per replication.

    Raises:
        ValueError: if a scenario cannot be paired with the baseline (seed, scale, region or
            period differ), scenario names repeat, or ``replications`` or ``horizon`` is below 1.
    """
    n = baseline.replications if replications is None else replications
    if n < 1 or horizon < 1:
        raise ValueError(f"replications and horizon must be at least 1; got replications={n}, horizon={horizon}")
    names = [s.name for s in scenarios]
    repeated = sorted({x for x in names if names.count(x) > 1})
    if repeated:
        raise ValueError(f"scenario names must be unique; repeated: {', '.join(repeated)}")
    for s in scenarios:
        check_pairable(baseline, s)
    frames = []
    for r in range(n):
        base = run_tracked(baseline, r, _on_month(progress, r, n, baseline.name))
        for s in scenarios:
            run = run_tracked(s, r, _on_month(progress, r, n, s.name))
            frames.append(curves_from_runs(base, run, horizon).assign(scenario=s.name, replication=r))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(CURVE_COLUMNS))
    return out[list(CURVE_COLUMNS)]


def _on_month(progress: Progress | None, r: int, n: int, name: str) -> Callable[[int, int], None] | None:
    """Adapt ``run_tracked``'s per-month callback to the compare command's progress events."""
    if progress is None:
        return None
    return lambda t, months: progress(CompareProgress(r, n, name, t, months))


def horizon_summary(curves: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """Each programme's mean effect per horizon band of the evidence, and whether it is plausible.

    Per replication the effect is averaged over the band's months (those with participants to
    follow); across replications the mean and the 5% and 95% quantiles are reported.
    ``plausible`` is whether the mean lies in the evidence range ``[low, high]`` (False when the
    curves do not reach the band). ``coverage`` is the share of the band's months with an
    effect, averaged over replications. Programmes whose type has no evidence are left out.

    Example:
        >>> from pathlib import Path
        >>> from participation_model.analysis.evidence import load_evidence
        >>> ev = load_evidence(Path(__file__).parents[3] / "calibration" / "evidence.toml")
        >>> curves = pd.DataFrame({"scenario": "s", "intervention": "jsa", "type": "van_werkloosheid_naar_werk",
        ...                        "replication": 0, "months_since_enrolment": range(37), "effect_pp": 3.0, "participants": 10})
        >>> horizon_summary(curves, ev)[["horizon", "model_mean", "low", "high", "plausible"]].values.tolist()
        [['0-12', 3.0, 0.0, 8.0, True], ['13-24', 3.0, -1.0, 6.0, True], ['25-36', 3.0, -1.0, 6.0, True]]
    """
    rows = []
    for (scenario, intervention, type_), group in curves.groupby(["scenario", "intervention", "type"], sort=False):
        instrument = evidence.instrument(type_)
        if instrument is None:
            continue
        for band in instrument.bands:
            in_band = group[group["months_since_enrolment"].between(band.first, band.last)]
            by_rep = in_band.groupby("replication")["effect_pp"]
            values = by_rep.mean().dropna()
            months = band.last - band.first + 1
            mean = float(values.mean()) if len(values) else float("nan")
            rows.append(
                {
                    "scenario": scenario, "intervention": intervention, "type": type_, "horizon": band.label,
                    "model_mean": mean,
                    "model_p5": float(values.quantile(LOWER_QUANTILE)) if len(values) else float("nan"),
                    "model_p95": float(values.quantile(UPPER_QUANTILE)) if len(values) else float("nan"),
                    "low": band.low, "high": band.high, "source": evidence.sources(band), "assumption": band.assumption,
                    "plausible": band.contains(mean),
                    "coverage": float((by_rep.count() / months).mean()) if len(in_band) else 0.0,
                    "replications": len(values),
                }
            )  # fmt: skip
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
