"""The history run (2008-2025), the baseline (warm-up from 2008) and a cold start from 2014.

The shipped baseline runs unreported from 2008 (``warm_up_from``), so from 2014 on it is the
history run: the same population, the same flows, the same numbers. A cold start builds the
2014 population from the region's 2014 figures instead; with the same calibrated parameters
and national drivers it must tell the same story, but it starts apart: the 2014 figures have
more WW recipients, fewer in bijstand, fewer discouraged and more disabled persons outside the
labour force than the model's own 2014, and the first years work that off
(docs/calibration.md, "A cold start against the history run"). So the test allows a gap in the
first three years and asks that it has closed by the 2020s. Also: the history run has the
crisis inside it (unemployment rises from 2008 to 2013-2014 and falls after), driven by the
national drivers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from participation_model.experiments.runner import run_replication, run_scenario
from participation_model.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
REPLICATIONS, SCALE = 2, 0.5
#: how far apart the cold start and the history run may be, per measure: (2014-2016, 2021-2025), annual means
#: over replications, percentage points
#: Unemployment's early tolerance is 1.3 since the recalibration after issue 13: the history run
#: fits 2014 unemployment at 7.3% (band 7.1-9.1%), 0.8 below the 8.1% the cold start begins from,
#: so the 2014 gap (about 1.26) is the history run's undershoot of the crisis level, not a drift
#: of the cold start; it closes to about 0.1 by 2025 (docs/calibration.md).
TOLERANCE = {
    "unemployment_rate_15_75": (1.3, 0.5),
    "netto_participation_15_75": (1.7, 0.9),
    "bruto_participation_15_75": (1.2, 0.7),
}
EARLY, LATE = range(2014, 2017), range(2021, 2026)


def run(scenario) -> pd.DataFrame:
    series = run_scenario(scenario.with_overrides(replications=REPLICATIONS, scale=SCALE)).series()
    series["year"] = series["month"].str[:4].astype(int)
    return series


def annual(series: pd.DataFrame) -> pd.DataFrame:
    return series.groupby("year")[list(TOLERANCE) + ["bijstand"]].mean()


@pytest.fixture(scope="module")
def designs():
    history = load_scenario(ROOT / "scenarios" / "history.toml")
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    cold = baseline.model_copy(update={"warm_up_from": None})
    return run(history), run(baseline), run(cold)


def test_a_warm_up_is_the_longer_run_with_its_first_months_left_out():
    common = {"seed": 7, "scale": 0.03, "replications": 1, "end": "2014-06"}
    longer = scenario_from_dict({"name": "longer", "start": "2013-01", **common}, source=ROOT / "scenarios" / "x.toml")
    warm = scenario_from_dict({"name": "warm", "warm_up_from": "2013-01", "start": "2014-01", **common}, source=ROOT / "scenarios" / "x.toml")
    a, b = run_replication(longer, 0), run_replication(warm, 0)
    for table in ("series", "groups", "sectors"):
        full, reported = getattr(a, table), getattr(b, table)
        assert reported["month"].min() == "2014-01"
        pd.testing.assert_frame_equal(reported, full[full["month"] >= "2014-01"].reset_index(drop=True))


@pytest.mark.slow
def test_the_baseline_is_the_history_run_from_2014(designs):
    history, baseline, _ = designs
    assert baseline["month"].iloc[0] == "2014-01" and baseline["month"].iloc[-1] == "2025-12"
    shared = history[history["month"] >= "2014-01"].reset_index(drop=True)
    pd.testing.assert_frame_equal(baseline.reset_index(drop=True), shared)


@pytest.mark.slow
def test_a_cold_start_converges_to_the_history_run_over_the_years_they_share(designs):
    history, cold = annual(designs[0]), annual(designs[2])
    shared = history.index.intersection(cold.index)
    assert list(shared) == list(range(2014, 2026))
    gap = (cold - history).loc[shared].abs()
    for measure, (early, late) in TOLERANCE.items():
        assert gap.loc[EARLY, measure].max() <= early, f"{measure}: {gap[measure].round(2).to_dict()}"
        assert gap.loc[LATE, measure].max() <= late, f"{measure}: {gap[measure].round(2).to_dict()}"
        assert gap.loc[LATE, measure].mean() < gap.loc[EARLY, measure].mean()  # the start gap closes
    bijstand = (cold.loc[shared, "bijstand"] / history.loc[shared, "bijstand"] - 1).abs()
    assert bijstand.max() <= 0.2, bijstand.round(3).to_dict()


@pytest.mark.slow
def test_the_crisis_happens_inside_the_history_run(designs):
    u = annual(designs[0])["unemployment_rate_15_75"]
    peak = u.loc[2012:2015].max()
    assert peak > u.loc[2008] + 1.5  # the crisis raises unemployment ...
    assert u.loc[2019] < peak - 1.0  # ... and the recovery lowers it again
