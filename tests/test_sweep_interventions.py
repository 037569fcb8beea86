"""Sweeps over intervention sizes and target groups (``interventions[i].<field>`` grid keys)."""

from __future__ import annotations

import pytest

from participation_model.experiments.executors import InProcessExecutor, run_spec
from participation_model.experiments.specs import batch_from_sweep
from participation_model.scenario import ScenarioError, scenario_from_dict

BLOCK = {
    "type": "van_werkloosheid_naar_werk", "start": "2015-01", "places_per_month": 20,
    "eligibility": {"status": ["unemployed"], "age_max": 26},
}  # fmt: skip


def scenario(grid):
    return scenario_from_dict({"name": "s", "end": "2015-06", "scale": 0.05, "replications": 1, "interventions": [BLOCK], "sweep": {"grid": grid}})


def test_grid_over_size_and_target_group_builds_one_scenario_per_point():
    s = scenario({"interventions[1].places_per_month": [10, 40], "interventions[1].eligibility.age_max": [26, 54], "matching.efficiency": [0.3]})
    batch = batch_from_sweep(s)
    assert len(batch) == 4
    seen = {(spec.scenario.interventions[0].options["places_per_month"], spec.scenario.interventions[0].options["eligibility"]["age_max"]) for spec in batch}
    assert seen == {(10, 26), (10, 54), (40, 26), (40, 54)}
    assert all(dict(spec.parameters) == {"matching.efficiency": 0.3} for spec in batch)
    assert len({spec.key for spec in batch}) == 4
    assert s.interventions[0].options["places_per_month"] == 20  # the scenario itself is unchanged


def test_the_sizes_of_the_points_reach_the_model():
    s = scenario({"interventions[1].places_per_month": [2, 40]})
    with InProcessExecutor() as ex:
        results = {spec.point: out for spec, out in ex.map_unordered(run_spec, batch_from_sweep(s))}
    enrolled = {p: r.interventions.query("measure == 'enrolled'")["value"].sum() for p, r in results.items()}
    assert enrolled[0] < enrolled[1]
    assert enrolled[0] <= 2 * 6 + 1e-9  # never more than the places of the small point


@pytest.mark.parametrize(
    ("grid", "key", "allowed"),
    [
        ({"interventions[2].places_per_month": [10]}, "sweep.grid.interventions[2].places_per_month", "with i from 1 to 1"),
        ({"interventions[1].places_per_month": [-5]}, "sweep.grid.interventions[1].places_per_month[0]", "for places_per_month: a whole number of at least 0"),
        ({"interventions[1].eligibility.status": [["jobless"]]}, "sweep.grid.interventions[1].eligibility.status[0]", "for eligibility.status"),
        ({"interventions[1].colour": ["red"]}, "sweep.grid.interventions[1].colour[0]", "for colour: one of the keys"),
        ({"interventions[1].places_per_month": 10}, "sweep.grid.interventions[1].places_per_month", "a non-empty list"),
    ],
)
def test_bad_intervention_sweeps_name_the_key_and_what_is_allowed(grid, key, allowed):
    with pytest.raises(ScenarioError) as caught:
        scenario(grid)
    lines = [line for line in str(caught.value).splitlines() if f"key '{key}'" in line]
    assert lines, str(caught.value)
    assert allowed in lines[0]
