"""Every number is finite: NaN and infinities are refused in every numeric field and file, by key
(issue: nothing lost, nothing overspent). Whole-number fields take 4 and 4.0 alike and refuse
4.5 everywhere. The rule lives in ``participation_model.numbers``.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from participation_model.analysis.uncertainty import UncertaintyError, load_uncertainty
from participation_model.interventions import available_interventions
from participation_model.params import DEFAULT_PATH, ParameterError, load_parameters
from participation_model.region import RegionError, load_region, resolve_region_path
from participation_model.scenario import ScenarioError, load_scenario, scenario_from_dict

REQUIRED = {  # the required fields of each type, so that only the field under test is wrong
    "brug_ww": {"target_sectors": ["zorg"]},
    "leerwerkplekken": {"target_sectors": ["zorg"]},
    "sectorplan_retraining": {"target_sectors": ["zorg"]},
    "demand_shock": {"sector": "zorg", "jobs": 100},
    "mass_layoff": {"sector": "industrie", "size": 100},
}
NUMERIC = [
    (kind, spec.name)
    for kind, cls in available_interventions().items()
    for spec in cls.fields
    if spec.kind in ("int", "float")
]


def _block(kind: str, **fields) -> dict:
    return {"type": kind, "start": "2015-01", **REQUIRED.get(kind, {}), **fields}


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize(("kind", "field"), NUMERIC, ids=[f"{k}.{f}" for k, f in NUMERIC])
def test_every_numeric_intervention_field_refuses_nan_and_infinities(kind, field, value):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({"name": "s", "interventions": [_block(kind, **{field: value})]})
    assert f"key 'interventions[1].{field}'" in str(caught.value)


def test_nested_numbers_are_refused_by_key_too():
    block = _block("esf_active_inclusion", eligibility={"distance_min": math.nan})
    with pytest.raises(ScenarioError, match=r"key 'interventions\[1\].eligibility.distance_min': got nan; allowed: a number"):
        scenario_from_dict({"name": "s", "interventions": [block]})
    economy = {"set": {"gdp_growth": {"2020": math.inf}}}
    with pytest.raises(ScenarioError, match=r"key 'economy.set.gdp_growth.2020': got inf"):
        scenario_from_dict({"name": "s", "economy": economy})


def test_nan_in_a_scenario_file_is_named_with_its_key(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\n[[interventions]]\ntype = "van_werkloosheid_naar_werk"\nstart = "2015-01"\nbudget = nan\n')
    with pytest.raises(ScenarioError, match=r"key 'interventions\[1\].budget': got nan"):
        load_scenario(path)


@pytest.mark.parametrize(("kind", "field"), [("van_werkloosheid_naar_werk", "places_per_year"), ("mass_layoff", "size")])
def test_whole_number_fields_take_whole_floats_and_refuse_fractions(kind, field):
    scenario = scenario_from_dict({"name": "s", "interventions": [_block(kind, **{field: 40.0})]})
    assert scenario.interventions[0].options[field] == 40
    with pytest.raises(ScenarioError, match=rf"key 'interventions\[1\].{field}': got 40.5; allowed: a whole number"):
        scenario_from_dict({"name": "s", "interventions": [_block(kind, **{field: 40.5})]})
    assert scenario_from_dict({"name": "s", "replications": 3.0}).replications == 3  # the same rule at the top level
    with pytest.raises(ScenarioError, match="key 'replications': got 2.5"):
        scenario_from_dict({"name": "s", "replications": 2.5})


def test_a_region_file_with_nan_is_refused_with_file_and_key(tmp_path: Path):
    text = resolve_region_path("oost-groningen").read_text(encoding="utf-8")
    path = tmp_path / "region.toml"
    path.write_text(text.replace("value = 7.55", "value = nan", 1) if "value = 7.55" in text else text + "\n[extra]\nx = inf\n")
    with pytest.raises(RegionError, match=rf"{path}: key '[^']+': got (nan|inf); allowed: a finite number"):
        load_region(str(path))


def test_a_parameter_file_with_inf_is_refused_with_file_and_key(tmp_path: Path):
    path = tmp_path / "p.toml"
    path.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("value = 1.198", "value = inf", 1))
    with pytest.raises(ParameterError, match=r"key 'matching.efficiency.value': got inf; allowed: a finite number"):
        load_parameters(path)


@pytest.mark.parametrize(("low", "shown"), [('"abc"', "got low='abc'"), ("nan", "got nan"), ("true", "got low=True")])
def test_an_uncertainty_file_refuses_what_is_not_a_finite_number(tmp_path: Path, low: str, shown: str):
    path = tmp_path / "u.toml"
    path.write_text(f'["matching.efficiency"]\nlow = {low}\nhigh = 1.5\ndistribution = "uniform"\nunit = "x"\nreason = "y"\n')
    with pytest.raises(UncertaintyError, match=shown):
        load_uncertainty(path, load_parameters())


def test_a_byte_order_mark_is_not_part_of_a_scenario(tmp_path: Path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbfname = "bom"\nscale = 0.1\n')
    assert load_scenario(path).name == "bom"
