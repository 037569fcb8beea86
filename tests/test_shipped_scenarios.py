"""Every scenario file we ship loads, and pairs with its design's base run: the baseline (from
2014), or the history run (from 2008) for scenarios of that design (same seed and period)."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation_model.experiments.paired import check_pairable
from participation_model.interventions import available_interventions
from participation_model.scenario import load_scenario

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenario_is_valid_and_pairs_with_the_baseline(path):
    scenario = load_scenario(path)
    baseline = load_scenario(path.parent / "baseline.toml")
    if scenario.start != baseline.start:
        baseline = load_scenario(path.parent / "history.toml")
    check_pairable(baseline, scenario)
    assert scenario.name == path.stem
    assert scenario.description


def test_there_is_a_scenario_per_shipped_instrument():
    types = {spec.type for path in SCENARIOS for spec in load_scenario(path).interventions}
    assert set(available_interventions()) <= types  # every registered instrument has a scenario
