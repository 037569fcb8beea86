"""Sensitivity analysis with SALib: Morris and Sobol on small cases, and the CLI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.analysis.sensitivity import noise_share, parse_outcome, run_sensitivity
from participation_model.analysis.uncertainty import Uncertainty, load_uncertainty
from participation_model.cli import main
from participation_model.scenario import scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
UNCERTAINTY = ROOT / "calibration" / "parameter-uncertainty.toml"


def _three_parameters() -> Uncertainty:
    u = load_uncertainty(UNCERTAINTY)
    return Uncertainty(u.path, u.sha256, u.parameters[:3])  # efficiency, distance weight, 55+ weight


def _one_strong_parameter() -> Uncertainty:
    """Layoffs over a wide range (they move unemployment by about a point), and two that barely
    move it in a cold-started baseline: the 55+ weight and the weight of a trained sector (no
    programme runs, so nobody is trained)."""
    u = load_uncertainty(UNCERTAINTY)
    by_name = {p.name: p for p in u.parameters}
    layoffs = replace(by_name["separations.layoff_rate"], low=0.0005, high=0.004)
    return Uncertainty(u.path, u.sha256, (layoffs, by_name["matching.weight_age_55_plus"], by_name["matching.weight_trained_sector"]))


@pytest.mark.slow
def test_sobol_indices_sum_sensibly_and_are_stable_across_sampler_seeds():
    # At the shipped ranges the matching parameters barely move unemployment in a slack market
    # (vacancies fill whatever the efficiency), so a dominant parameter is set up on purpose.
    scenario = scenario_from_dict({"name": "s", "end": "2015-12", "scale": 0.02, "replications": 2})
    outcome = parse_outcome("unemployment_rate_15_75@2015")
    tops = []
    for seed in (1, 2):
        r = run_sensitivity(scenario, _one_strong_parameter(), method="sobol", samples=16, outcomes=[outcome], seed=seed)
        idx = r.indices.set_index("parameter")
        assert 0.5 <= idx["ST"].sum() <= 2.0
        assert (idx["ST"] >= -0.1).all()
        assert abs(idx.loc["matching.weight_trained_sector", "ST"]) < 1e-9  # no trained persons: no effect at all
        tops.append(idx["ST"].idxmax())
        assert 0.0 <= r.noise["noise_share"].iloc[0] <= 1.0
    assert tops == ["separations.layoff_rate", "separations.layoff_rate"]  # the same ranking with either sampler seed


def test_morris_screening_on_a_small_case():
    scenario = scenario_from_dict({"name": "s", "end": "2014-12", "scale": 0.01, "replications": 2})
    r = run_sensitivity(scenario, _three_parameters(), method="morris", samples=3, outcomes=[parse_outcome("netto_participation_15_75@2014")], seed=3)
    idx = r.indices
    assert list(idx["parameter"]) == ["matching.efficiency", "matching.weight_distance", "matching.weight_age_55_plus"]
    assert (idx["mu_star"] >= idx["mu"].abs() - 1e-12).all()
    assert r.values.shape == (len(r.samples), 2, 1)
    # common random numbers: the same parameter set twice gives the same value
    assert np.isfinite(r.values).all()


def test_noise_share_is_one_when_sets_do_not_matter():
    values = np.array([[1.0, 3.0], [1.0, 3.0], [1.0, 3.0]])
    assert noise_share(values) == 1.0


@pytest.mark.parametrize("text", ["netto_participation_15_75", "x@year", "effect:"])
def test_bad_outcomes_say_what_is_allowed(text):
    with pytest.raises(ValueError, match="allowed|must be a number"):
        parse_outcome(text)


def test_cli_sensitivity_end_to_end_and_bad_input(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("s.toml").write_text('name = "s"\nend = "2014-12"\nreplications = 2\nscale = 0.01\n')
    args = ["sensitivity", "s.toml", "--method", "morris", "--samples", "2", "--uncertainty", str(UNCERTAINTY), "--quiet", "--executor", "inprocess"]
    assert main([*args, "--outcome", "netto_participation_15_75@2030"]) == 2
    assert "outside the simulated years" in capsys.readouterr().err
    assert main([*args, "--outcome", "effect:netto_participation_15_75@2014"]) == 2
    assert "needs a scenario with interventions" in capsys.readouterr().err
    assert not (tmp_path / "outputs").exists()
    assert main([*args, "--outcome", "unemployment_rate_15_75@2014", "--no-oat"]) == 0
    out = tmp_path / "outputs" / "sensitivity-s-morris"
    for name in ("indices.csv", "samples.parquet", "noise.csv", "report.html", "manifest.json"):
        assert (out / name).exists(), name
    assert "plotly" in (out / "report.html").read_text()


KILLED_ANALYSIS = """
import sys
from participation_model.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_interrupted_analysis_resumes_to_identical_indices(tmp_path, monkeypatch):
    """kill -9 part way, then --resume: only the missing runs run, and the indices are those of an
    uninterrupted analysis, bit for bit."""
    from processes import kill_after_parts, start_python

    monkeypatch.chdir(tmp_path)
    Path("s.toml").write_text('name = "s"\nend = "2015-12"\nreplications = 2\nscale = 0.02\n')
    args = ["sensitivity", "s.toml", "--method", "morris", "--samples", "3", "--uncertainty", str(UNCERTAINTY), "--quiet",
            "--executor", "inprocess", "--no-oat", "--outcome", "unemployment_rate_15_75@2015"]  # fmt: skip
    assert main([*args, "--out", "whole"]) == 0
    assert not Path("whole.runs").exists()  # the runs go once the analysis is written

    Path("run.py").write_text(KILLED_ANALYSIS)
    kill_after_parts(start_python("run.py", *args, "--out", "resumed"), tmp_path / "resumed.runs" / "stage-1" / "parts", 5)
    assert not Path("resumed").exists()
    assert main([*args, "--out", "resumed"]) == 2  # runs on disk: resume them or choose another folder
    assert main([*args, "--out", "resumed", "--resume"]) == 0
    whole = pd.read_csv("whole/indices.csv")
    resumed = pd.read_csv("resumed/indices.csv")
    pd.testing.assert_frame_equal(whole, resumed, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet("whole/samples.parquet"), pd.read_parquet("resumed/samples.parquet"), check_exact=True)


def test_executors_give_the_same_indices_as_in_process():
    from participation_model.analysis.sensitivity import executor_evaluator, in_process
    from participation_model.experiments.executors import LocalExecutor

    scenario = scenario_from_dict({"name": "s", "end": "2014-06", "scale": 0.01, "replications": 2})
    kw = dict(method="morris", samples=2, outcomes=[parse_outcome("unemployment_rate_15_75@2014")], seed=5)
    here = run_sensitivity(scenario, _three_parameters(), evaluate=in_process, **kw)
    with LocalExecutor(2) as pool:
        there = run_sensitivity(scenario, _three_parameters(), evaluate=executor_evaluator(pool), **kw)
    np.testing.assert_array_equal(here.values, there.values)


def test_cost_effectiveness_outcome_for_a_package():
    block = {"type": "esf_active_inclusion", "start": "2014-03", "places_per_month": 40, "cost_per_participant": 4000, "eligibility": {"benefit": ["bijstand"]}}
    scenario = scenario_from_dict({"name": "s", "end": "2015-06", "scale": 0.02, "replications": 2, "interventions": [block]})
    outcomes = [parse_outcome("person_years_per_million_eur"), parse_outcome("effect:employed_15_75@2015")]
    r = run_sensitivity(scenario, _three_parameters(), method="morris", samples=2, outcomes=outcomes, seed=1)
    assert np.isfinite(r.values).all()
    assert set(r.indices["outcome"]) == {"person_years_per_million_eur", "effect:employed_15_75@2015"}
    assert (r.values[:, :, 0] != 0).any()  # the package spends money and moves employment
