"""What the cards say drives an answer: the market the programmes met and the parameters the effect leans on."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from participation_model.metrics.what_drives import MIN_DRAWS, market_conditions, parameter_drivers
from participation_model.reports.verdict import _displacement_lines, _driver_lines, market_words, programme_years, target_sectors


def _market(tightness: dict[int, float], rates: dict[tuple[int, str], float] | None = None) -> pd.DataFrame:
    rows = [{"year": y, "sector": "", "measure": "tightness", "value": v} for y, v in tightness.items()]
    rows += [{"year": y, "sector": s, "measure": "vacancy_rate", "value": v} for (y, s), v in (rates or {}).items()]
    return pd.DataFrame(rows)


def test_a_parameter_that_raises_the_effect_in_every_draw_ranks_first_with_a_positive_sign():
    rng = np.random.default_rng(3)
    draws = [{"strong": float(k), "weak": float(rng.uniform())} for k in range(8)]
    effects = pd.DataFrame([{"scenario": "s", "metric": "m", "draw": d, "replication": r, "value": 10.0 * d + rng.normal(0, 1)}
                            for d in range(8) for r in range(2)])  # fmt: skip
    table = parameter_drivers(effects, draws)
    assert table["parameter"].tolist()[0] == "strong" and table["correlation"].iloc[0] == 1.0
    first = table.iloc[0]
    assert first["high_value_effect"] > first["low_value_effect"] and first["draws"] == 8
    falling = parameter_drivers(effects.assign(value=-effects["value"]), draws)
    assert falling.iloc[0]["correlation"] == -1.0 and falling.iloc[0]["high_value_effect"] < falling.iloc[0]["low_value_effect"]


def test_too_few_draws_give_no_ranking():
    draws = [{"a": float(k)} for k in range(MIN_DRAWS - 1)]
    effects = pd.DataFrame({"scenario": "s", "metric": "m", "draw": range(MIN_DRAWS - 1), "value": 1.0})
    assert parameter_drivers(effects, draws).empty
    assert parameter_drivers(effects.drop(columns="draw"), draws).empty  # no draws at all


def test_the_market_is_the_regions_tightness_and_the_sectors_vacancy_rates_per_year():
    series = pd.DataFrame({"month": ["2015-01", "2015-02", "2016-01"], "tightness": [0.1, 0.3, 0.5]})
    sectors = pd.DataFrame({"month": ["2015-01", "2015-01", "2015-02"], "sector": ["zorg", "zorg", "zorg"],
                            "location": ["inside", "outside", "inside"], "vacancies": [4.0, 99.0, 6.0], "jobs": [100.0, 1.0, 100.0]})  # fmt: skip
    table = market_conditions(series, sectors).set_index(["year", "sector", "measure"])["value"]
    assert table[(2015, "", "tightness")] == 0.2 and table[(2016, "", "tightness")] == 0.5
    assert table[(2015, "zorg", "vacancy_rate")] == 5.0  # inside the region only: 10 vacancies per 200 jobs


def test_market_words_call_a_market_slack_or_tight_against_the_runs_own_mean_and_name_shortage_sectors():
    market = _market({2014: 0.1, 2015: 0.1, 2018: 0.4, 2019: 0.4}, {(2018, "zorg"): 6.0, (2018, "handel"): 2.0, (2018, "bouw"): 2.0})
    assert "a slack market (0.10" in market_words(market, [2014, 2015], [])
    tight = market_words(market, [2018], ["zorg", "handel"])
    assert "a tight market (0.40" in tight and "against 0.25 over the run" in tight
    assert "zorg had more open vacancies per job" in tight and "handel had no more than average" in tight
    assert "an average market" in market_words(_market({2014: 0.2, 2015: 0.2}), [2014], [])
    assert market_words(market, [], ["zorg"]) == ""


def test_programme_years_and_sectors_come_from_the_scenarios_blocks():
    spec = SimpleNamespace(options={"start": "2015-03", "end": "2016-12", "target_sectors": ("zorg",)})
    other = SimpleNamespace(options={"start": "2013-01", "host_sectors": ("bouw", "zorg")})
    scenario = SimpleNamespace(interventions=(spec, other))
    assert programme_years(scenario, 2014, 2017) == [2014, 2015, 2016, 2017]  # the second runs to the end, from the run's start
    assert target_sectors(scenario) == ["zorg", "bouw"]


def _totals(gain: float, lost: float) -> pd.DataFrame:
    return pd.DataFrame({"mean": [gain, lost]}, index=pd.Index(["participants_extra_person_years", "displacement_person_years"], name="metric"))


def test_the_displacement_line_gives_the_share_of_the_gain_and_the_market_behind_it():
    result = SimpleNamespace(baseline=SimpleNamespace(start="2014-01", end="2019-12"), market=_market({2014: 0.1, 2018: 0.5}))
    scenario = SimpleNamespace(interventions=(SimpleNamespace(options={"start": "2018-01", "end": "2018-12"}),))
    line = _displacement_lines(result, "s", scenario, _totals(200.0, 50.0))[0]
    assert "gain of 200 person-years, 50 (25%) is lost" in line and "tight market" in line
    assert "none in the mean" in _displacement_lines(result, "s", scenario, _totals(200.0, -30.0))[0]
    assert "no person-years" in _displacement_lines(result, "s", scenario, _totals(-5.0, 10.0))[0]


def test_the_driver_line_names_the_two_strongest_parameters_or_says_how_to_find_them():
    drivers = pd.DataFrame({"scenario": "s", "metric": "net_extra_person_years", "parameter": ["a", "b", "c"],
                            "correlation": [0.9, -0.7, 0.1], "low_value_effect": [10.0, 50.0, 30.0],
                            "high_value_effect": [50.0, 10.0, 31.0], "draws": 10})  # fmt: skip
    line = _driver_lines(SimpleNamespace(effect_drivers=drivers, draws=10), "s")[0]
    assert "a (rank correlation +0.90 over 10 draws: higher values, larger effect" in line
    assert "b (rank correlation -0.70" in line and "smaller effect" in line and "c (" not in line
    none = _driver_lines(SimpleNamespace(effect_drivers=drivers.iloc[:0], draws=0), "s")[0]
    assert "--parameter-draws" in none
    few = _driver_lines(SimpleNamespace(effect_drivers=drivers.iloc[:0], draws=3), "s")[0]
    assert "too few parameter draws (3)" in few
