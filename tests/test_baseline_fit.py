"""The hand-tuned baseline reproduces the region's 2014-2016 figures (issue: baseline fit).

Ten full-scale replications from 2014-01 to 2016-12, annual averages, mean over replications,
against calibration/targets/baseline-fit.toml (CBS/UWV figures with their tolerances).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from participation_model.experiments.runner import run_scenario
from participation_model.metrics.fit import fit_table, load_targets
from participation_model.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fit():
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml")
    scenario = scenario.model_copy(update={"end": "2016-12"})
    result = run_scenario(scenario.with_overrides(replications=10, scale=1.0))
    return fit_table(result.series(), load_targets(ROOT / "calibration" / "targets" / "baseline-fit.toml"))


@pytest.mark.slow
def test_every_target_within_its_band(fit):
    misses = fit[~fit["within"]]
    assert misses.empty, "outside the band:\n" + misses[["target", "value", "band_low", "band_high", "model"]].to_string()


@pytest.mark.slow
def test_unemployment_falls_from_2014_to_2016(fit):
    ur = dict(zip(fit["target"], fit["model"]))
    assert ur["unemployment rate 2016"] < ur["unemployment rate 2014"]
