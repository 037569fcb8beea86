"""The small public API for notebooks: load a scenario, run it, get pandas DataFrames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import participation_model as pm

ROOT = Path(__file__).resolve().parent.parent


def test_load_run_and_get_dataframes():
    scenario = pm.load_scenario(ROOT / "scenarios" / "baseline.toml").with_overrides(replications=2, scale=0.02)
    scenario = scenario.model_copy(update={"end": "2014-06"})
    result = pm.run_scenario(scenario)
    series = result.series()
    assert isinstance(series, pd.DataFrame)
    assert series.groupby("replication").size().tolist() == [6, 6]
    assert set(result.groups()["dimension"]) == {"age_band", "education", "sex", "gemeente"}
    assert {"sector", "location", "employed"} <= set(result.sectors().columns)
    assert result.seeds[0] != result.seeds[1]


def test_unknown_public_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'run_everything'"):
        pm.run_everything  # noqa: B018
