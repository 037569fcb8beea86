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
    """The same scenario, except that the shipped file adds the calibration (a file of the repository)."""
    from_file = load_scenario(BASELINE)
    built = default_scenario()

    provenance = {"source_path", "sha256", "calibration", "calibration_values", "calibration_sha256"}
    assert from_file.calibration is not None and built.calibration is None
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
        {"name": "pickled", "economy": {"jobs_index": {"inside": {"2020": 1.1}}}}
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
        name = "krimp"
        [economy]
        path = "historical"
        [economy.jobs_index.inside]
        2020 = 0.95
        2025 = 0.9
        [economy.sector_trend]
        zorg = 2.5
        industrie = -3
        [economy.cycle]
        2020 = 1.4
        """,
    )
    economy = load_scenario(path).economy

    assert economy.jobs_index == {"inside": {2020: 0.95, 2025: 0.9}}
    assert economy.sector_trend == {"zorg": 2.5, "industrie": -3.0}
    assert economy.cycle == {2020: 1.4}


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


def test_unknown_location_and_sector_in_economy_are_named() -> None:
    error = error_for(
        {
            "economy": {
                "jobs_index": {"insde": {"2020": 1.0}},
                "sector_trend": {"zorgg": 1.0},
            }
        }
    )

    assert error.keys == ["economy.jobs_index.insde", "economy.sector_trend.zorgg"]
    text = str(error)
    assert "unknown location 'insde'; did you mean 'inside'?" in text
    assert "unknown sector 'zorgg'; did you mean 'zorg'?" in text
    assert "allowed: a location: 'inside', 'rest_of_province'" in text


def test_economy_numbers_path_and_years_are_range_checked() -> None:
    error = error_for(
        {
            "economy": {
                "path": "boom",
                "jobs_index": {"inside": {"2020": 0}},
                "sector_trend": {"bouw": 25},
                "cycle": {"1900": 1.0, "2020": 3.5},
            }
        }
    )

    assert error.keys == [
        "economy.path",
        "economy.jobs_index.inside.2020",
        "economy.sector_trend.bouw",
        "economy.cycle.1900",
        "economy.cycle.2020",
    ]
    text = str(error)
    assert "key 'economy.path': got 'boom'; allowed: a demand path of region 'oost-groningen': 'historical'" in text
    assert "got 0; allowed: a number above 0 (jobs index" in text
    assert "got 25; allowed: a number from -20 to 20" in text
    assert "key 'economy.cycle.1900': got '1900'; allowed: a year from 2008" in text
    assert "got 3.5; allowed: a number above 0 and at most 3" in text


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
