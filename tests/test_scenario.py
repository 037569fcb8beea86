"""Tests for scenario files: loading, defaults, overrides, and the messages for bad input.

Every error test asserts the dotted key and the helpful part of the message, because the
message is the user interface for analysts who write scenario files by hand.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from participation_model import interventions
from participation_model.drivers import load_drivers
from participation_model.params import load_parameters
from participation_model.region import load_region
from participation_model.scenario import (
    DEFAULT_SEED,
    Economy,
    Problem,
    Scenario,
    ScenarioError,
    default_scenario,
    load_scenario,
    scenario_from_dict,
)

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "baseline.toml"
BAD_FILES = Path(__file__).resolve().parent / "data" / "scenarios"

SMALL_PARAMETERS = """
[matching]
efficiency = { value = 0.3, unit = "per month", min = 0.0, max = 1.0, source = "TEST", description = "test" }

[search]
base_intensity = { value = 0.5, unit = "applications per month", min = 0.0, max = 5.0, source = "TEST", description = "test" }
"""


# ------------------------------------------------------------------------------- helpers


def write(folder: Path, name: str, text: str) -> Path:
    """Write a dedented file and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(data: dict) -> ScenarioError:
    """Validate ``data`` (with a valid name added unless given) and return the error."""
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({"name": "t", **data})
    return caught.value


def only_line(error: ScenarioError) -> str:
    """The single message line of an error that should have exactly one problem."""
    assert len(error.problems) == 1, str(error)
    return str(error)


@pytest.fixture
def small_parameters(tmp_path: Path) -> Path:
    """A two-parameter file beside the scenario, so tests do not depend on bundled values."""
    return write(tmp_path, "params.toml", SMALL_PARAMETERS)


@pytest.fixture
def empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """An intervention registry that tests can fill without affecting others."""
    monkeypatch.setattr(interventions, "_REGISTRY", {})


# ------------------------------------------------------------------------------- good input


def test_shipped_baseline_loads_with_documented_values() -> None:
    scenario = load_scenario(BASELINE)

    assert scenario.name == "baseline"
    assert (scenario.start, scenario.end) == ("2014-01", "2025-12")
    assert scenario.months() == 144
    assert scenario.replications == 10
    assert scenario.scale == 1.0
    assert scenario.seed == DEFAULT_SEED
    assert scenario.economy.path == "historical"
    assert scenario.parameters == {}
    assert scenario.interventions == ()
    assert scenario.sha256 == hashlib.sha256(BASELINE.read_bytes()).hexdigest()
    assert scenario.source_path == BASELINE
    assert scenario.region_path == load_region("oost-groningen").path
    assert scenario.region_path.is_file()


def test_default_scenario_matches_shipped_baseline() -> None:
    """The same scenario, except that the shipped file adds the calibration (a file of the repository)
    and the warm-up from 2008 the calibration ran."""
    from_file = load_scenario(BASELINE)
    built = default_scenario()

    provenance = {"source_path", "sha256", "calibration", "calibration_values", "calibration_sha256", "warm_up_from"}
    assert from_file.calibration is not None and built.calibration is None
    assert (from_file.warm_up_from, built.warm_up_from) == ("2008-01", None)
    assert built.model_dump(exclude=provenance) == from_file.model_dump(exclude=provenance)
    assert built.source_path is None and built.sha256 is None


def test_defaults_apply_when_keys_are_absent() -> None:
    scenario = scenario_from_dict({"name": "minimal"})

    assert scenario.region == "oost-groningen"
    assert (scenario.start, scenario.end) == ("2014-01", "2025-12")
    assert scenario.seed == 20140101
    assert scenario.replications == 10
    assert scenario.scale == 1.0
    assert scenario.description == ""
    assert scenario.parameters_file is None
    assert scenario.economy == Economy()
    assert scenario.economy.path == "historical"
    assert scenario.overrides == {}


def test_seed_zero_is_kept_from_file_and_from_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "zero.toml", 'name = "zero"\nseed = 0\n')

    assert load_scenario(path).seed == 0
    assert default_scenario().with_overrides(seed=0).seed == 0


def test_with_overrides_applies_and_records_flags_without_changing_the_original() -> None:
    base = default_scenario()
    quick = base.with_overrides(replications=2, scale=0.1)

    assert (quick.replications, quick.scale, quick.seed) == (2, 0.1, base.seed)
    assert quick.overrides == {"replications": 2, "scale": 0.1}
    assert (base.replications, base.scale, base.overrides) == (10, 1.0, {})
    assert base.with_overrides() is base


def test_months_and_labels_count_both_ends() -> None:
    scenario = scenario_from_dict({"name": "short", "start": "2015-11", "end": "2016-02"})

    assert scenario.months() == 4
    assert scenario.month_labels() == ["2015-11", "2015-12", "2016-01", "2016-02"]


def test_scenario_is_frozen_and_its_tables_are_read_only() -> None:
    scenario = scenario_from_dict(
        {"name": "frozen", "economy": {"sector_trend": {"zorg": 1.0}}}
    )

    with pytest.raises(ValidationError):
        scenario.seed = 1  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        scenario.economy.sector_trend["zorg"] = 5.0  # type: ignore[index]
    assert scenario.economy.sector_trend == {"zorg": 1.0}


def test_scenario_and_error_survive_pickling_for_parallel_runs() -> None:
    scenario = scenario_from_dict(
        {"name": "pickled", "economy": {"set": {"gdp_growth": {"2020": -4.0}}}}
    )
    error = ScenarioError("x.toml", [Problem("scale", 0, "", "a number above 0")])

    assert pickle.loads(pickle.dumps(scenario)) == scenario
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    assert copy.keys == ["scale"]


def test_economy_values_are_checked_and_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "economy.toml",
        """
        name = "recession"
        [economy]
        drivers = "netherlands"
        path = "historical"
        [economy.set.gdp_growth]
        2020 = -4.0
        2021 = 2
        [economy.shift.unemployment_rate]
        2020 = 1.5
        [economy.sector_trend]
        zorg = 2.5
        industrie = -3
        """,
    )
    economy = load_scenario(path).economy

    assert (economy.drivers, economy.path) == ("netherlands", "historical")
    assert economy.drivers_path == load_drivers("netherlands").file
    assert economy.drivers_sha256 == hashlib.sha256(economy.drivers_path.read_bytes()).hexdigest()
    assert economy.set == {"gdp_growth": {2020: -4.0, 2021: 2.0}}
    assert economy.shift == {"unemployment_rate": {2020: 1.5}}
    assert economy.sector_trend == {"zorg": 2.5, "industrie": -3.0}
    with pytest.raises(TypeError, match="read-only"):
        economy.set["gdp_growth"][2020] = 0.0  # type: ignore[index]
    with pytest.raises(ValidationError):
        economy.path = "other"  # type: ignore[misc]
    driver_path = economy.driver_path()
    assert driver_path.at("gdp_growth", 2020.5) == -4.0
    assert driver_path.at("unemployment_rate", 2020.5) == pytest.approx(1.5 + (3.4 + (2.4 - 3.4) / 3))


def test_default_economy_is_the_bundled_historical_drivers() -> None:
    economy = Economy()

    assert (economy.drivers, economy.path, economy.set, economy.shift) == ("netherlands", "historical", {}, {})
    assert economy.drivers_path == load_drivers("netherlands").file
    assert economy.drivers_sha256 == load_drivers("netherlands").sha256
    assert economy.driver_path() == load_drivers("netherlands").path("historical")


def test_drivers_file_is_relative_to_the_scenario_file(tmp_path: Path) -> None:
    copy = tmp_path / "drivers" / "nl.toml"
    copy.parent.mkdir()
    shutil.copyfile(load_drivers("netherlands").file, copy)
    path = write(tmp_path, "s.toml", 'name = "s"\n[economy]\ndrivers = "drivers/nl.toml"\n')

    economy = load_scenario(path).economy

    assert economy.drivers == "drivers/nl.toml"
    assert economy.drivers_path == copy.resolve()
    assert economy.driver_path().file == str(copy.resolve())
def test_region_and_parameter_paths_are_relative_to_the_scenario_file(
    tmp_path: Path, small_parameters: Path
) -> None:
    region_copy = tmp_path / "regions" / "copy.toml"
    region_copy.parent.mkdir()
    shutil.copyfile(load_region("oost-groningen").path, region_copy)
    path = write(
        tmp_path,
        "relative.toml",
        """
        name = "relative"
        region = "regions/copy.toml"
        parameters_file = "params.toml"
        [parameters]
        "matching.efficiency" = 0.5
        search.base_intensity = 1
        """,
    )
    scenario = load_scenario(path)

    assert scenario.region == "regions/copy.toml"
    assert scenario.region_path == region_copy.resolve()
    assert scenario.parameters_file == small_parameters.resolve()
    assert scenario.parameters == {"matching.efficiency": 0.5, "search.base_intensity": 1.0}


def test_registered_intervention_is_accepted_with_its_own_fields(empty_registry: None) -> None:
    @interventions.register("test_coaching")
    class TestCoaching:
        @classmethod
        def check(cls, options, ctx):  # the class checks its own fields; these all pass
            return dict(options), []

    scenario = scenario_from_dict(
        {
            "name": "coaching",
            "interventions": [{"type": "test_coaching", "start": "2016-01", "places": [10, 20]}],
        }
    )

    (spec,) = scenario.interventions
    assert spec.type == "test_coaching"
    assert dict(spec.options) == {"start": "2016-01", "places": (10, 20)}
    assert interventions.available_interventions() == {"test_coaching": TestCoaching}


# ------------------------------------------------------------------------------- the registry


def test_built_in_instruments_are_registered() -> None:
    names = set(interventions.available_interventions())
    assert {"sectorplan_retraining", "van_werkloosheid_naar_werk", "esf_active_inclusion", "mass_layoff", "demand_shock"} <= names
    with pytest.raises(KeyError, match="unknown intervention type 'no_such_programme'; one of"):
        interventions.get_intervention("no_such_programme")


def test_register_rejects_bad_and_taken_names(empty_registry: None) -> None:
    with pytest.raises(ValueError, match="lower-case letters"):
        interventions.register("Brug WW")

    @interventions.register("brug_ww")
    class First:
        pass

    with pytest.raises(ValueError, match="already registered"):

        @interventions.register("brug_ww")
        class Second:
            pass

    assert interventions.get_intervention("brug_ww") is First


# ------------------------------------------------------------------------------- bad files


def test_malformed_toml_names_file_and_line() -> None:
    path = BAD_FILES / "bad-syntax.toml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    message = only_line(caught.value)
    assert message.startswith(f"{path}: line 5: TOML syntax error")
    assert "`replications 10`" in message
    assert caught.value.problems[0].line == 5


def test_missing_file_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(missing)

    assert only_line(caught.value).startswith(f"{missing}: file not found")


def test_all_problems_in_a_file_are_reported_together() -> None:
    path = BAD_FILES / "many-problems.toml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    error = caught.value
    assert error.file == str(path)
    assert set(error.keys) == {
        "replicatons",
        "name",
        "scale",
        "start",
        "economy.sector_trend.zorgg",
        "interventions[1].type",
    }
    lines = str(error).splitlines()
    assert len(lines) == 6
    assert all(line.startswith(f"{path}: key '") for line in lines)


# ------------------------------------------------------------------------------- bad keys


def test_unknown_top_level_key_suggests_the_close_match() -> None:
    line = only_line(error_for({"sead": 5}))

    assert "key 'sead': got 5" in line
    assert "did you mean 'seed'?" in line
    assert "'replications'" in line  # the valid keys are listed


def test_unknown_nested_key_suggests_the_close_match() -> None:
    line = only_line(error_for({"economy": {"paht": "historical"}}))

    assert "key 'economy.paht'" in line
    assert "did you mean 'path'?" in line


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"replications": "10"},
            "key 'replications': got '10'; allowed: a whole number from 1 to 10000; "
            "write numbers without quotes",
        ),
        ({"replications": 2.5}, "key 'replications': got 2.5; allowed: a whole number"),
        ({"seed": True}, "key 'seed': got true; allowed: a whole number >= 0"),
        ({"economy": 5}, "key 'economy': got 5; allowed: a table [economy]"),
        ({"parameters": [1, 2]}, "key 'parameters': got [1, 2]; allowed: a table [parameters]"),
        ({"interventions": {"type": "x"}}, "allowed: a list of tables, each written as [[interventions]]"),
        ({"name": 7}, "key 'name': got 7; allowed: 1 to 64 letters"),
    ],
)
def test_wrong_type_names_key_value_and_expected_type(data: dict, expected: str) -> None:
    assert expected in only_line(error_for(data))


def test_name_with_unsafe_characters_is_rejected() -> None:
    line = only_line(error_for({"name": "../etc"}))

    assert "key 'name': got '../etc'; allowed: 1 to 64 letters, digits, '-' and '_'" in line


def test_missing_name_says_it_is_required() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({"replications": 3})

    assert "key 'name': got nothing (the key is missing)" in only_line(caught.value)
    assert "the name is required" in str(caught.value)


def test_negative_replications_shows_the_allowed_range(tmp_path: Path) -> None:
    path = write(tmp_path, "x.toml", 'name = "x"\nreplications = -3\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    assert only_line(caught.value) == (
        f"{path}: key 'replications': got -3; allowed: a whole number from 1 to 10000"
    )


def test_scale_zero_is_rejected() -> None:
    line = only_line(error_for({"scale": 0}))

    assert "key 'scale': got 0; allowed: a number above 0 and at most 20" in line


@pytest.mark.parametrize("text", ["nan", "inf", "-0.5", "20.5"])
def test_scale_outside_its_range_or_not_finite_is_rejected(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "s.toml", f'name = "s"\nscale = {text}\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    assert caught.value.keys == ["scale"]
    assert "allowed: a number above 0 and at most 20" in str(caught.value)


@pytest.mark.parametrize("month", ["2014-1", "2014-13", "jan 2014", "2014/01"])
def test_bad_month_format_is_rejected(month: str) -> None:
    line = only_line(error_for({"start": month}))

    assert f"key 'start': got {month!r}; allowed: a month written as a quoted \"YYYY-MM\"" in line


def test_unquoted_toml_date_gets_a_quoting_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "date.toml", 'name = "d"\nend = 2020-12-01\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    line = only_line(caught.value)
    assert "key 'end': got the unquoted TOML date/time 2020-12-01" in line
    assert 'write it in quotes as "YYYY-MM"' in line


def test_end_before_start_is_rejected() -> None:
    line = only_line(error_for({"start": "2020-06", "end": "2019-12"}))

    assert "key 'end': got '2019-12'; allowed: a month not before start ('2020-06')" in line


@pytest.mark.parametrize(
    ("warm_up", "message"),
    [
        ("2014-01", "key 'warm_up_from': got '2014-01'; allowed: a month before start ('2014-01'); the warm-up must begin before start"),
        ("2015-06", "the warm-up must begin before start"),
        ("2007-12", "allowed: a month from 2008-01 to"),
        ("2008-1", 'allowed: a month written as a quoted "YYYY-MM" string'),
    ],
)
def test_a_warm_up_must_be_a_month_before_start_within_the_region_years(warm_up: str, message: str) -> None:
    line = only_line(error_for({"start": "2014-01", "warm_up_from": warm_up}))

    assert message in line


def test_years_outside_the_region_range_are_rejected() -> None:
    region = load_region("oost-groningen")
    error = error_for({"start": f"{region.first_year - 1}-12", "end": f"{region.last_year + 1}-01"})

    assert error.keys == ["start", "end"]
    allowed = f"allowed: a month from {region.first_year}-01 to {region.last_year}-12"
    assert all(allowed in line for line in str(error).splitlines())


def test_unknown_region_suggests_the_bundled_name() -> None:
    line = only_line(error_for({"region": "oost-groningn"}))

    assert "key 'region': got 'oost-groningn'; allowed: a bundled region name ('oost-groningen')" in line
    assert "did you mean 'oost-groningen'?" in line


def test_missing_region_file_is_reported_under_region(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", 'name = "s"\nregion = "regions/none.toml"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    line = only_line(caught.value)
    assert "key 'region': got 'regions/none.toml'" in line
    assert "region file not found" in line


def test_unknown_sector_and_driver_series_in_economy_are_named() -> None:
    error = error_for(
        {
            "economy": {
                "set": {"gdp_growht": {"2020": -4.0}},
                "shift": {"vacancy": {"2020": 10.0}},
                "sector_trend": {"zorgg": 1.0},
            }
        }
    )

    assert error.keys == ["economy.set.gdp_growht", "economy.shift.vacancy", "economy.sector_trend.zorgg"]
    text = str(error)
    assert "key 'economy.set.gdp_growht': got a table {'2020': -4.0}; allowed: a driver series: 'unemployment_rate'" in text
    assert "unknown driver series 'gdp_growht'; did you mean 'gdp_growth'?" in text
    assert "unknown driver series 'vacancy'; did you mean 'vacancies'?" in text
    assert "unknown sector 'zorgg'; did you mean 'zorg'?" in text
def test_economy_path_years_and_numbers_are_range_checked() -> None:
    error = error_for(
        {
            "economy": {
                "path": "historcal",
                "set": {"gdp_growth": {"1990": 1.0, "2020": -20.0}, "unemployment_rate": {"2036": 5.0}},
                "sector_trend": {"bouw": 25},
            }
        }
    )

    assert error.keys == [
        "economy.path",
        "economy.set.gdp_growth.1990",
        "economy.set.gdp_growth.2020",
        "economy.set.unemployment_rate.2036",
        "economy.sector_trend.bouw",
    ]
    text = str(error)
    assert "key 'economy.path': got 'historcal'; allowed: a path of the drivers file netherlands.toml: 'historical', 'recession' or 'fast_recovery'; did you mean 'historical'?" in text
    assert "key 'economy.set.gdp_growth.1990': got '1990'; allowed: a year from 2008 to 2035 (the years of drivers file netherlands.toml), in ascending order" in text
    assert "key 'economy.set.gdp_growth.2020': got -20.0; allowed: a finite number from -15 to 15 (percent per year (volume))" in text
    assert "key 'economy.set.unemployment_rate.2036': got '2036'; allowed: a year from 2008 to 2035" in text
    assert "got 25; allowed: a number from -20 to 20" in text


@pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
def test_economy_edits_must_be_finite(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "s.toml", f'name = "s"\n[economy.set.gdp_growth]\n2020 = {text}\n[economy.shift.vacancies]\n2020 = {text}\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    assert caught.value.keys == ["economy.set.gdp_growth.2020", "economy.shift.vacancies.2020"]
    lines = str(caught.value).splitlines()
    assert f"key 'economy.set.gdp_growth.2020': got {text}; allowed: a finite number from -15 to 15 (percent per year (volume))" in lines[0]
    assert f"key 'economy.shift.vacancies.2020': got {text}; allowed: a number from " in lines[1]


def test_shift_must_keep_the_annual_value_in_range() -> None:
    error = error_for({"economy": {"shift": {"unemployment_rate": {"2014": -8.0, "2015": 30.0}}}})

    assert error.keys == ["economy.shift.unemployment_rate.2014", "economy.shift.unemployment_rate.2015"]
    text = str(error)
    assert (
        "key 'economy.shift.unemployment_rate.2014': got -8.0; allowed: a number from -7.4 to 22.6: "
        "unemployment_rate in 2014 is 7.4 and must stay within 0 to 30 (percent of the labour force)"
    ) in text
    assert "key 'economy.shift.unemployment_rate.2015': got 30.0; allowed: a number from -6.9 to 23.1" in text


def test_shift_is_checked_against_the_set_value_of_the_same_year() -> None:
    line = only_line(error_for({"economy": {"set": {"gdp_growth": {"2020": -14.0}}, "shift": {"gdp_growth": {"2020": -2.0}}}}))

    assert "key 'economy.shift.gdp_growth.2020': got -2.0; allowed: a number from -1 to 29: gdp_growth in 2020 is -14" in line


def test_edit_years_must_be_in_ascending_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "order.toml",
        """
        name = "order"
        [economy.set.gdp_growth]
        2021 = 1.0
        2020 = -4.0
        [economy.shift.unemployment_rate]
        2022 = 1.0
        "2019" = 1.0
        """,
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    assert caught.value.keys == ["economy.set.gdp_growth.2020", "economy.shift.unemployment_rate.2019"]
    text = str(caught.value)
    assert (
        "key 'economy.set.gdp_growth.2020': got '2020'; allowed: a year from 2008 to 2035 "
        "(the years of drivers file netherlands.toml), in ascending order; "
        "the years are not in ascending order (2020 comes after 2021)"
    ) in text
    assert "key 'economy.shift.unemployment_rate.2019': got '2019'; allowed: a year from 2008 to 2035" in text
    assert "(2019 comes after 2022)" in text


def test_edits_must_be_tables_of_series() -> None:
    error = error_for({"economy": {"set": 5, "shift": {"gdp_growth": 1.0}}})

    assert error.keys == ["economy.set", "economy.shift.gdp_growth"]
    text = str(error)
    assert "key 'economy.set': got 5; allowed: a table per driver series of year = number, e.g. [economy.set.gdp_growth]" in text
    assert "key 'economy.shift.gdp_growth': got 1.0; allowed: a table of year = number, e.g. 2020 = -4.0" in text


def test_unknown_or_missing_drivers_file_is_reported_under_economy_drivers(tmp_path: Path) -> None:
    line = only_line(error_for({"economy": {"drivers": "netherland"}}))
    assert "key 'economy.drivers': got 'netherland'; allowed: a bundled drivers name ('netherlands') or a path" in line
    assert "unknown drivers 'netherland'; did you mean 'netherlands'?" in line

    path = write(tmp_path, "s.toml", 'name = "s"\n[economy]\ndrivers = "drivers/none.toml"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    line = only_line(caught.value)
    assert "key 'economy.drivers': got 'drivers/none.toml'; allowed: a bundled drivers name" in line
    assert "drivers/none.toml: drivers file not found" in line


def test_broken_drivers_file_passes_on_the_loader_message(tmp_path: Path) -> None:
    text = load_drivers("netherlands").file.read_text(encoding="utf-8")
    write(tmp_path, "bad.toml", text.replace('"2009-12" = 123', '"2009-12" = nan'))
    path = write(tmp_path, "s.toml", 'name = "s"\n[economy]\ndrivers = "bad.toml"\nset.gdp_growth.2020 = -4.0\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    line = only_line(caught.value)
    assert "key 'economy.drivers': got 'bad.toml'; allowed: a bundled drivers name" in line
    assert "key 'series.vacancies.values.2009-12': got nan; allowed: a finite number from 0 to 2000 (thousand open vacancies)" in line


@pytest.mark.parametrize(
    ("key", "replacement"),
    [("jobs_index", "the jobs path now follows the national drivers"), ("cycle", "the business cycle now comes from the national drivers")],
)
def test_removed_economy_keys_say_what_replaces_them(key: str, replacement: str) -> None:
    value = {"inside": {"2020": 0.95}} if key == "jobs_index" else {"2020": 1.3}
    line = only_line(error_for({"economy": {key: value}}))

    assert f"key 'economy.{key}': got a table" in line
    assert "allowed: the keys in [economy]: 'drivers', 'path', 'set', 'shift' or 'sector_trend'" in line
    assert f"'{key}' was removed: {replacement}" in line
    assert "[economy.set.<series>] or [economy.shift.<series>]" in line
    assert "[economy.set.gdp_growth] 2020 = -4.0" in line
def test_unknown_parameter_suggests_close_names(small_parameters: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(
            {
                "name": "p",
                "parameters_file": "params.toml",
                "parameters": {"matching": {"efficency": 0.4}},
            },
            source=small_parameters.parent / "p.toml",
        )

    line = only_line(caught.value)
    assert "key 'parameters.matching.efficency': got 0.4" in line
    assert "unknown parameter 'matching.efficency'; did you mean 'matching.efficiency'?" in line


def test_parameter_out_of_bounds_shows_bounds_and_unit(small_parameters: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(
            {"name": "p", "parameters_file": "params.toml", "parameters": {"search.base_intensity": 9}},
            source=small_parameters.parent / "p.toml",
        )

    assert "key 'parameters.search.base_intensity': got 9; allowed: a number from 0 to 5 (applications per month)" in (
        only_line(caught.value)
    )


def test_bundled_parameters_are_checked_by_name_and_bounds() -> None:
    bundled = load_parameters()
    spec = bundled.spec(bundled.names()[0])
    typo = spec.name + "x"

    error = error_for({"parameters": {typo: spec.value, spec.name: spec.max + 1}})

    assert error.keys == [f"parameters.{typo}", f"parameters.{spec.name}"]
    assert f"did you mean {spec.name!r}?" in str(error)
    assert f"allowed: a number from {spec.min:g} to {spec.max:g}" in str(error)
    accepted = scenario_from_dict({"name": "ok", "parameters": {spec.name: spec.max}})
    assert accepted.parameters == {spec.name: spec.max}


def test_missing_parameters_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", 'name = "s"\nparameters_file = "missing.toml"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)

    line = only_line(caught.value)
    assert "key 'parameters_file': got 'missing.toml'" in line
    assert f"no such file: {tmp_path.resolve() / 'missing.toml'}" in line


def test_unknown_intervention_type_says_none_are_available_yet(empty_registry: None) -> None:
    line = only_line(error_for({"interventions": [{"type": "brug_ww", "start": "2016-01"}]}))

    assert "key 'interventions[1].type': got 'brug_ww'" in line
    assert "no intervention types are available in this version" in line


def test_unknown_intervention_type_lists_valid_names(empty_registry: None) -> None:
    interventions.register("sectorplan_training")(type("SectorplanTraining", (), {}))
    interventions.register("brug_ww")(type("BrugWW", (), {}))

    line = only_line(error_for({"interventions": [{"type": "sectorplan_trainig"}]}))

    assert "allowed: a registered intervention type: 'brug_ww' or 'sectorplan_training'" in line
    assert "did you mean 'sectorplan_training'?" in line


def test_intervention_without_type_is_rejected() -> None:
    error = error_for({"interventions": [{"places": 10}, "not a table"]})

    assert error.keys == ["interventions[1].type", "interventions[2]"]
    text = str(error)
    assert "key 'interventions[1].type': got nothing (the key is missing)" in text
    assert "every [[interventions]] table needs a type" in text
    assert "key 'interventions[2]': got 'not a table'; allowed: a table with a 'type' key" in text


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"replications": 0}, "command line: key '--replications': got 0; allowed: a whole number from 1 to 10000"),
        ({"scale": 25.0}, "command line: key '--scale': got 25.0; allowed: a number above 0 and at most 20"),
        ({"seed": -1}, "command line: key '--seed': got -1; allowed: a whole number >= 0"),
    ],
)
def test_bad_override_names_the_flag(flags: dict, expected: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        default_scenario().with_overrides(**flags)

    assert only_line(caught.value).startswith(expected)
    assert caught.value.file == "command line"


def test_all_bad_overrides_are_reported_together() -> None:
    with pytest.raises(ScenarioError) as caught:
        default_scenario().with_overrides(seed=-1, replications=0, scale=0)

    assert caught.value.keys == ["--seed", "--replications", "--scale"]


def test_scenario_model_rejects_direct_construction_with_wrong_types() -> None:
    with pytest.raises(ValidationError):
        Scenario(name="x", region_path=Path("r.toml"), seed="5")  # type: ignore[arg-type]
