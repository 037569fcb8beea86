"""Flow series add up: every stock the outputs publish with its in- and outflows changes by
exactly inflow minus outflow, every month (bijstand, open vacancies, in-commuters' jobs); WW
endings and quarterly flows between labour statuses."""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.experiments.runner import run_scenario
from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables
from participation_model.scenario import scenario_from_dict

# each published stock with the flows that change it: stock[t] - stock[t-1] = in - out
IDENTITIES = {
    "bijstand": (("bijstand_inflow",), ("bijstand_exit",)),
    "vacancies": (("vacancies_posted",), ("vacancies_filled", "vacancies_withdrawn", "vacancies_closed_unfilled")),
    "incommuters": (("incommuter_hires",), ("incommuter_leavers",)),
}


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


@pytest.fixture(scope="module")
def long_series():
    """Twelve years with the crisis, pensioners reaching the AOW age, deaths and programmes that
    move people off bijstand and Wsw workers into regular jobs."""
    scenario = scenario_from_dict({
        "name": "f", "warm_up_from": "2008-01", "start": "2014-01", "end": "2019-12", "scale": 0.1, "replications": 1,
        "interventions": [
            {"type": "esf_active_inclusion", "start": "2015-01", "places_per_year": 500, "eligibility": {"benefit": ["bijstand"]}},
            {"type": "sw_secondment", "start": "2015-03", "places_per_year": 300},
        ],
    })  # fmt: skip
    return run_scenario(scenario).series()


@pytest.mark.parametrize("stock", sorted(IDENTITIES))
def test_every_published_stock_changes_by_its_inflows_minus_its_outflows(long_series, stock):
    ins, outs = IDENTITIES[stock]
    change = long_series[stock].diff().to_numpy()[1:]
    net = (long_series[list(ins)].sum(axis=1) - long_series[list(outs)].sum(axis=1)).to_numpy()[1:]
    np.testing.assert_allclose(change, net, rtol=0, atol=1e-6)
    assert np.abs(change).sum() > 0  # the stock moves: the identity is not trivially true


def test_bijstand_exits_count_those_who_reach_the_aow_age_or_leave_the_population(long_series):
    """Exits other than to work include deaths, emigration and the AOW age (about a quarter)."""
    other = (long_series["bijstand_exit"] - long_series["bijstand_exit_to_work"]).sum()
    assert other > 0.1 * long_series["bijstand_exit"].sum()


def test_hires_are_job_finding_plus_job_to_job(long_series):
    np.testing.assert_allclose(long_series["hires"], long_series["job_finding"] + long_series["job_to_job"], rtol=0, atol=1e-9)
