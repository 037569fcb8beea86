"""The calibration objective: statistics match target definitions; a known optimum is found."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from participation_model.analysis.objective import NOT_COMPARABLE, comparable, objective, statistics
from participation_model.analysis.targets import Target, load_targets
from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables

TARGETS = Path(__file__).resolve().parent.parent / "calibration" / "targets" / "oost-groningen.toml"


def test_every_shipped_target_has_a_statistic_or_a_reason():
    targets = load_targets(TARGETS).targets
    m = ParticipationModel(scale=0.02, seed=2, start="2014-01", end="2016-12")
    m.run_model()
    series = model_tables(m)["series"]
    # the run starts in 2014: move earlier targets into the run for this check of the statistics
    later = [t if t.first_year >= 2014 else dataclasses.replace(t, first_year=2015, last_year=2015) for t in comparable(targets)]
    stats = statistics(series, later)
    assert set(stats) == {t.name for t in later}
    assert all(np.isfinite(v) for v in stats.values())
    assert 55 < stats["netto_participation_2016"] < 66
    assert 0 < stats["ww_endings_to_work"] < 100 and 0 < stats["ww_endings_maximum_duration"] < 100
    assert set(NOT_COMPARABLE) <= {t.name for t in targets}


def test_objective_is_zero_at_the_targets_and_one_at_the_band_edges():
    ts = [Target("a", 10.0, "percent", 2016, 2016, "rate", "d", "Netherlands", "s", 2.0),
          Target("b", 100.0, "persons", 2016, 2016, "stock", "d", "Netherlands", "s", 10.0)]  # fmt: skip
    assert objective([{"a": 10.0, "b": 100.0}], ts) == 0.0
    assert objective([{"a": 12.0, "b": 90.0}], ts) == pytest.approx(1.0)
    assert objective([{"a": 11.0, "b": 100.0}, {"a": 13.0, "b": 100.0}], ts) == pytest.approx(0.5)  # replication mean first


def test_known_optimum_is_recovered_on_a_small_synthetic_case():
    """A toy 'model' with known parameters; the objective's minimum is where they are."""
    truth = np.array([0.3, 2.0])

    def toy_statistics(theta):
        return {"a": 10 * theta[0] + theta[1], "b": 5 * theta[1] - theta[0] ** 2}

    target_values = toy_statistics(truth)
    ts = [Target(k, v, "percent", 2016, 2016, "rate", "d", "Netherlands", "s", 0.5) for k, v in target_values.items()]
    result = minimize(lambda th: objective([toy_statistics(th)], ts), x0=[0.1, 1.0], method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12})
    np.testing.assert_allclose(result.x, truth, atol=1e-4)
