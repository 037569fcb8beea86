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


# ---------------------------------------------------------------- a sensitivity folder tells the cards without draws

import json  # noqa: E402

import pytest  # noqa: E402

from participation_model.cli import main  # noqa: E402
from participation_model.tasks.common import TaskInputError  # noqa: E402
from participation_model.tasks.folders import SENSITIVITY_FORMAT  # noqa: E402
from participation_model.tasks.sensitivity import read_effect_swings  # noqa: E402


def _sensitivity_folder(path, scenario: str = "help", outcome: str = "effect:netto_participation_15_75@2015"):
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({"format": SENSITIVITY_FORMAT, "scenario": {"name": scenario}}), encoding="utf-8")
    pd.DataFrame({"outcome": outcome, "parameter": ["matching.efficiency", "search.stop_base", "demand.cyclical_loading"],
                  "low_value": [0.01, 0.05, 0.02], "high_value": [0.09, 0.04, -0.03], "swing": [0.08, -0.01, -0.05]}).to_csv(
        path / "one_at_a_time.csv", index=False)  # fmt: skip
    return path


def test_a_sensitivity_folder_is_read_for_its_effect_swings_largest_first(tmp_path):
    table = read_effect_swings(_sensitivity_folder(tmp_path / "s"), ["help"])
    assert table["parameter"].tolist() == ["matching.efficiency", "demand.cyclical_loading", "search.stop_base"]
    assert set(table["scenario"]) == {"help"}


@pytest.mark.parametrize("make, message", [
    (lambda p: p, "not a folder"),
    (lambda p: (p.mkdir(), p)[1], "no readable manifest.json"),
    (lambda p: _sensitivity_folder(p, scenario="other"), "an analysis of 'other', which is not compared"),
    (lambda p: _sensitivity_folder(p, outcome="netto_participation_15_75@2015"), "no effect: outcome"),
])  # fmt: skip
def test_a_wrong_sensitivity_folder_is_refused_naming_the_flag_and_what_is_allowed(tmp_path, make, message):
    folder = make(tmp_path / "s")
    with pytest.raises(TaskInputError) as error:
        read_effect_swings(folder, ["help"])
    assert str(error.value).startswith(f"--sensitivity {folder}: ") and message in str(error.value)
    assert "allowed: a folder written by `participation-model sensitivity` for one of the compared scenarios (help)" in str(error.value)


def test_compare_with_a_sensitivity_folder_names_its_largest_swings_on_the_card(tmp_path, capsys):
    base = tmp_path / "base.toml"
    base.write_text('name = "base"\nend = "2015-12"\nscale = 0.02\nreplications = 2\n', encoding="utf-8")
    help_ = tmp_path / "help.toml"
    help_.write_text('name = "help"\nend = "2015-12"\nscale = 0.02\nreplications = 2\n[[interventions]]\n'
                     'type = "van_werkloosheid_naar_werk"\nstart = "2014-06"\nplaces_per_year = 200\n', encoding="utf-8")  # fmt: skip
    folder = _sensitivity_folder(tmp_path / "sens")
    out = tmp_path / "cmp"
    args = ["compare", str(base), str(help_), "--year", "2015", "--out", str(out), "--quiet", "--no-dashboard"]
    assert main([*args, "--sensitivity", str(folder)]) == 0
    card = (out / "scenario_cards.md").read_text(encoding="utf-8")
    line = next(line for line in card.splitlines() if line.startswith("- what would change the conclusion most"))
    assert "matching.efficiency" in line and "demand.cyclical_loading" in line and "search.stop_base" not in line
    assert (out / "sensitivity_drivers.csv").is_file()
    assert json.loads((out / "manifest.json").read_text())["sensitivity_folder"] == str(folder)
    assert main([*args, "--out", str(tmp_path / "bad"), "--sensitivity", str(tmp_path / "nowhere")]) == 2
    assert "--sensitivity" in capsys.readouterr().err and not (tmp_path / "bad").exists()
