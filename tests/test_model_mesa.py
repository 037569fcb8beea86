"""The model as a Mesa 3 model: steps, DataCollector and ``mesa.batch_run``."""

from __future__ import annotations

import itertools

import mesa
import numpy as np
import pytest

from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables
from participation_model.params import ParameterError

HEADLINE = (
    "month", "population_15_75", "employed_15_75", "unemployed_15_75", "netto_participation_15_75",
    "bruto_participation_15_75", "netto_participation_15_65", "bruto_participation_15_65",
    "unemployment_rate_15_75", "ww", "bijstand", "ao", "wsw", "vacancies",
)  # fmt: skip


@pytest.fixture(scope="module")
def finished():
    m = ParticipationModel(scale=0.02, seed=9, end="2014-09")
    m.run_model()
    return m


def test_model_is_a_mesa_model_with_seeded_rng():
    m = ParticipationModel(scale=0.01, seed=4, end="2014-02")
    assert isinstance(m, mesa.Model)
    assert isinstance(m.datacollector, mesa.DataCollector)
    assert m.running
    again = ParticipationModel(scale=0.01, seed=4, end="2014-02")
    assert m.random.random() == again.random.random()
    assert m.rng.random() == again.rng.random()


def test_run_model_steps_once_per_month_and_stops(finished):
    assert finished.months == 9
    assert finished.t == 9
    assert finished.steps == 9
    assert not finished.running
    finished.step()  # past the horizon: nothing happens
    assert finished.t == 9
    assert len(finished.datacollector.get_model_vars_dataframe()) == 9


def test_datacollector_has_one_row_per_month(finished):
    df = finished.datacollector.get_model_vars_dataframe()
    assert len(df) == finished.months
    assert set(HEADLINE) <= set(df.columns)
    assert list(df["month"]) == [f"2014-{k:02d}" for k in range(1, 10)]
    assert df["netto_participation_15_75"].between(0, 100).all()
    assert (df["netto_participation_15_75"] < df["bruto_participation_15_75"]).all()


def test_datacollector_agrees_with_the_result_tables(finished):
    df = finished.datacollector.get_model_vars_dataframe()
    series = model_tables(finished)["series"]
    for col in HEADLINE[1:]:
        np.testing.assert_allclose(df[col].to_numpy(dtype=float), series[col].to_numpy(dtype=float), err_msg=col)


def test_step_by_step_equals_run_model():
    a = ParticipationModel(scale=0.01, seed=6, end="2014-04")
    a.run_model()
    b = ParticipationModel(scale=0.01, seed=6, end="2014-04")
    while b.running:
        b.step()
    np.testing.assert_array_equal(
        a.datacollector.get_model_vars_dataframe().to_numpy(), b.datacollector.get_model_vars_dataframe().to_numpy()
    )


def test_guard_rails():
    with pytest.raises(ValueError, match="before start"):
        ParticipationModel(scale=0.01, start="2015-01", end="2014-12")
    with pytest.raises(ValueError, match="scale"):
        ParticipationModel(scale=0.0, end="2014-01")
    with pytest.raises(ParameterError, match="unknown parameter"):
        ParticipationModel(scale=0.01, end="2014-01", parameters={"matching.no_such_thing": 1.0})
    with pytest.raises(ParameterError, match="allowed"):
        ParticipationModel(scale=0.01, end="2014-01", parameters={"matching.efficiency": -1.0})


@pytest.fixture(scope="module")
def batch():
    return mesa.batch_run(
        ParticipationModel,
        parameters={"scale": 0.01, "end": "2014-06", "seed": [1, 2], "matching.efficiency": [0.15, 0.3]},
        iterations=1,
        max_steps=10,
        number_processes=1,
        display_progress=False,
    )


def test_batch_run_returns_one_record_per_run_with_its_parameters(batch):
    assert len(batch) == 4
    for row in batch:
        assert {"RunId", "iteration", "Step", "scale", "end", "seed", "matching.efficiency"} <= row.keys()
        assert set(HEADLINE) <= row.keys()
        assert row["scale"] == 0.01 and row["end"] == "2014-06" and row["iteration"] == 0
        assert row["Step"] == 5  # last collected month: 6 months, steps counted from 0
        assert row["month"] == "2014-06"
    combos = {(row["seed"], row["matching.efficiency"]) for row in batch}
    assert combos == set(itertools.product([1, 2], [0.15, 0.3]))
    assert sorted(row["RunId"] for row in batch) == [0, 1, 2, 3]


def test_batch_run_records_match_direct_runs(batch):
    for row in batch:
        m = ParticipationModel(scale=0.01, end="2014-06", seed=row["seed"], **{"matching.efficiency": row["matching.efficiency"]})
        assert m.params["matching.efficiency"] == row["matching.efficiency"]
        m.run_model()
        last = m.datacollector.get_model_vars_dataframe().iloc[-1]
        for col in ("netto_participation_15_75", "unemployed_15_75", "vacancies"):
            assert row[col] == pytest.approx(last[col]), col


def test_batch_run_parameter_changes_the_outcome(batch):
    by = {(row["seed"], row["matching.efficiency"]): row for row in batch}
    for seed in (1, 2):
        low, high = by[(seed, 0.15)], by[(seed, 0.3)]
        assert (low["unemployed_15_75"], low["vacancies"]) != (high["unemployed_15_75"], high["vacancies"])
        assert low["population_15_75"] == high["population_15_75"], "efficiency does not change demography"


def test_mesa_seeding_rng_and_fresh_seeds():
    by_seed = ParticipationModel(scale=0.01, seed=11, end="2014-02")
    by_rng = ParticipationModel(scale=0.01, rng=11, end="2014-02")
    assert by_seed.config.seed == by_rng.config.seed == 11
    from_generator = ParticipationModel(scale=0.01, rng=np.random.default_rng(3), end="2014-02")
    assert from_generator.config.seed == ParticipationModel(scale=0.01, rng=np.random.default_rng(3), end="2014-02").config.seed
    with pytest.raises(ValueError, match="seed or rng"):
        ParticipationModel(scale=0.01, seed=1, rng=1, end="2014-02")
    # no seed at all: a fresh one each time, as Mesa models do, kept for reproduction
    a, b = ParticipationModel(scale=0.01, end="2014-02"), ParticipationModel(scale=0.01, end="2014-02")
    assert a.config.seed != b.config.seed


def test_batch_run_iterations_are_different_replications():
    results = mesa.batch_run(ParticipationModel, {"scale": 0.02, "end": "2014-06"}, iterations=2, display_progress=False, number_processes=1)
    last = [r for r in results if r["month"] == "2014-06"]
    assert len(last) == 2 and last[0]["employed_15_75"] != last[1]["employed_15_75"]
