"""Flow series add up: WW and bijstand endings, quarterly flows between labour statuses."""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables


@pytest.fixture(scope="module")
def series():
    m = ParticipationModel(scale=0.05, seed=4, end="2015-12")
    m.run_model()
    return model_tables(m)["series"]


def test_ww_stock_changes_by_inflow_minus_endings(series):
    change = series["ww"].diff().to_numpy()[1:]
    endings = series["ww_inflow"].to_numpy()[1:] - change  # everything that left WW
    recorded = (series["ww_exhaustion"] + series["ww_exit_to_work"]).to_numpy()[1:]
    assert (endings >= recorded - 1e-6).all()  # the rest left for AO, retirement, death
    assert (series["ww_exit_to_work"] > 0).any() and (series["ww_exhaustion"] > 0).any()


def test_bijstand_exits_to_work_are_part_of_all_exits(series):
    assert (series["bijstand_exit_to_work"] <= series["bijstand_exit"] + 1e-9).all()
    assert series["bijstand_exit_to_work"].sum() > 0


def test_quarterly_flow_rates_are_rates_and_start_after_three_months(series):
    for column in ("eu_quarterly", "nilf_to_labour_force_quarterly", "ue_quarterly"):
        values = series[column].to_numpy()
        assert np.isnan(values[:3]).all()
        assert ((values[3:] >= 0) & (values[3:] <= 100)).all()
    assert 0 < np.nanmean(series["eu_quarterly"]) < np.nanmean(series["ue_quarterly"])
