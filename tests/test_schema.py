"""The JSON Schema of scenario files: generated from the validation's declarations, it accepts
every shipped scenario and refuses what the validator refuses by key and type."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from participation_model.cli import main
from participation_model.interventions import available_interventions
from participation_model.params import load_parameters
from participation_model.schema import scenario_schema

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_scenario_satisfies_the_schema(validator, path):
    errors = [e.message for e in validator.iter_errors(tomllib.loads(path.read_text(encoding="utf-8")))]
    assert errors == []


@pytest.mark.parametrize(
    "data",
    [
        {"name": "s", "replicationz": 3},  # a typo of a top-level key
        {"name": "s", "replications": 0},
        {"name": "s", "scale": "0.1"},
        {"name": "s", "start": "2014-1"},
        {"name": "s", "parameters": {"matching.efficency": 0.5}},
        {"name": "s", "parameters": {"matching.efficiency": 99}},
        {"name": "s", "interventions": [{"type": "no_such_type", "start": "2015-01"}]},
        {"name": "s", "interventions": [{"type": "brug_ww", "start": "2015-01"}]},  # target_sectors is required
        {"name": "s", "interventions": [{"type": "leerwerkplekken", "start": "2015-01", "target_sectors": ["zorgg"]}]},
        {"name": "s", "interventions": [{"type": "esf_active_inclusion", "start": "2015-01", "eligibility": {"age_mim": 20}}]},
        {"name": "s", "interventions": [{"type": "esf_active_inclusion", "start": "2015-01", "funding": {"esf": 2}}]},
    ],
    ids=["typo", "replications", "text-scale", "month", "parameter-name", "parameter-range", "type", "required", "sector", "filter", "funding"],
)
def test_the_schema_refuses_what_the_validator_refuses(validator, data):
    assert list(validator.iter_errors(data))


def test_every_declared_field_and_parameter_is_in_the_schema():
    schema = scenario_schema()
    for name, cls in available_interventions().items():
        assert set(schema["$defs"][name]["properties"]) == {"type", *(f.name for f in cls.fields)}
    assert set(schema["properties"]["parameters"]["properties"]) == set(load_parameters().specs)


def test_the_command_writes_the_schema(tmp_path, capsys):
    out = tmp_path / "scenario.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "participation-model scenario file"
    assert main(["schema", "--region", "nowhere"]) == 2
    assert "unknown region 'nowhere'" in capsys.readouterr().err
