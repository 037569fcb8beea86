"""The parameter ensemble (history matching) and runs that draw from it.

- history matching keeps exactly the sets below the cut, is deterministic and resumes to the
  same result; the ensemble file carries its provenance and goes stale when its inputs change;
  the shipped ensemble is current;
- ``parameter_draws``: checked with clear messages; baseline and scenario of a (draw,
  replication) pair run with the same parameters and seed; draws 0 is today's behaviour;
- the variance split and the smallest detectable effect follow their definitions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from participation_model.analysis.ensemble import EnsembleError, history_match, implausibility, load_settings
from participation_model.calibrated import (
    ensemble_path,
    ensemble_problems,
    load_calibrated,
    load_ensemble,
    write_calibrated,
)
from participation_model.cli import main
from participation_model.experiments import compare as experiments_compare
from participation_model.experiments.runner import replication_seed, run_scenario
from participation_model.metrics import noise
from participation_model.params import load_parameters
from participation_model.scenario import ScenarioError, scenario_from_dict
from participation_model.tasks.ensemble import write_ensemble_file

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "calibration" / "calibrated" / "oost-groningen.toml"
SHIPPED = ROOT / "calibration" / "calibrated" / "oost-groningen-ensemble.toml"
SETTINGS = ROOT / "calibration" / "ensembles" / "oost-groningen.toml"
PARAM = "search.lockin_factor"  # free in the synthetic set-up only: its default 0.5 lies inside 0.2-0.8
DEFAULT = load_parameters()[PARAM]

from calibration_targets import TARGET_NETTO  # noqa: E402  (shared with tests/test_calibration.py)

TARGET = TARGET_NETTO + """
[calibration]
name = "synthetic"
start = "2016-01"
end = "2016-12"
baseline_start = "2016-01"
report_end = "2016-12"
replications = 2
scale = 0.02

[calibration.free."search.lockin_factor"]
low = 0.2
high = 0.8
reason = "test"
"""


def synthetic(calls: list[int] | None = None, fail_on_call: int | None = None):
    """An evaluator whose netto participation is 50 + 40 x the free parameter (+ 0.01 x replication)."""

    def evaluate(jobs):
        if calls is not None:
            calls.append(len(jobs))
            if fail_on_call is not None and len(calls) == fail_on_call:
                raise KeyboardInterrupt
        months = [f"2016-{m:02d}" for m in range(1, 13)]
        return [SimpleNamespace(series=pd.DataFrame({"month": months, "netto_participation_15_75": 50.0 + 40.0 * o.get(PARAM, DEFAULT) + 0.01 * r}))
                for _s, o, r in jobs]  # fmt: skip

    return evaluate


@pytest.fixture()
def settings_file(tmp_path: Path) -> Path:
    """A targets file, a calibrated file at the synthetic optimum, and ensemble settings centred on it."""
    targets = tmp_path / "targets.toml"
    targets.write_text(TARGET, encoding="utf-8")
    sha = hashlib.sha256(targets.read_bytes()).hexdigest()
    prov = {"name": "synthetic", "model_version": "0", "targets_file": "targets.toml", "targets_sha256": sha,
            "parameters_sha256": load_parameters().sha256, "region_sha256": "x", "objective": 0.0, "replications": 2, "scale": 0.02}  # fmt: skip
    write_calibrated(tmp_path / "synthetic.toml", prov, {PARAM: {"value": 0.2725}}, {})
    path = tmp_path / "ensemble.toml"
    path.write_text('[ensemble]\ncalibrated = "synthetic.toml"\ndesign = 12\nmembers = 6\n', encoding="utf-8")
    return path


# ---------------------------------------------------------------- history matching


def test_implausibility_is_the_distance_in_standard_deviations():
    from participation_model.analysis.targets import Target

    t = Target("x", 10.0, "percent", 2016, 2016, "rate", "d", "Oost-Groningen", "s", 2.0)
    # band sd 2, discrepancy 0.5 x 2 = 1, replications 11 and 13: variance 2 x (scale 0.25 + 1/2)
    got = implausibility([{"x": 11.0}, {"x": 13.0}], [t], discrepancy=0.5, scale=0.25)["x"]
    assert got == pytest.approx(2.0 / np.sqrt(4.0 + 1.0 + 2.0 * 0.75))


def test_history_matching_keeps_the_sets_below_the_cut_in_a_seeded_order(settings_file, tmp_path):
    settings = load_settings(settings_file)
    result = history_match(settings, synthetic(), tmp_path / "work")
    assert len(result.points) == 1 + 2 * 12 and result.points[0].parameters == {PARAM: 0.2725}
    good = [p for p in result.points if p.max_implausibility < settings.cut]
    assert 0 < len(result.members) <= settings.members and len(result.members) == min(len(good), settings.members)
    assert all(m.max_implausibility < settings.cut for m in result.members)
    assert any(p.max_implausibility >= settings.cut for p in result.points)  # the first wave rules some out
    low, high = result.boxes[1]  # the second wave samples the non-implausible box of the first
    first = [p.parameters[PARAM] for p in good if p.wave <= 1]
    unit = lambda v: (v - 0.2) / 0.6  # noqa: E731
    assert low[0] <= unit(min(first)) and unit(max(first)) <= high[0]
    again = history_match(settings, synthetic(), tmp_path / "again")
    assert [m.parameters for m in again.members] == [m.parameters for m in result.members]  # deterministic


def test_an_interrupted_history_match_resumes_to_the_same_ensemble(settings_file, tmp_path):
    settings = load_settings(settings_file)
    whole = history_match(settings, synthetic(), tmp_path / "whole")
    with pytest.raises(KeyboardInterrupt):
        history_match(settings, synthetic([], fail_on_call=3), tmp_path / "cut")
    calls: list[int] = []
    resumed = history_match(settings, synthetic(calls), tmp_path / "cut", resume=True)
    assert resumed.reused > 0 and sum(calls) < 2 * len(whole.points)
    assert [m.parameters for m in resumed.members] == [m.parameters for m in whole.members]


def test_the_ensemble_file_records_its_provenance_and_goes_stale(settings_file, tmp_path):
    settings = load_settings(settings_file)
    result = history_match(settings, synthetic(), tmp_path / "work")
    path = write_ensemble_file(result, settings.out, ["pytest"])
    assert path == ensemble_path(tmp_path / "synthetic.toml") == tmp_path / "synthetic-ensemble.toml"
    ensemble = load_ensemble(path)
    assert [m[PARAM] for m in ensemble.members] == [m.parameters[PARAM] for m in result.members]
    prov = ensemble.provenance
    assert prov["calibrated_sha256"] == settings.calibrated.sha256 and prov["settings_sha256"] == settings.sha256
    assert prov["cut"] == 3.0 and prov["design"] == 12 and prov["method"] == "history-matching"
    assert ensemble_problems(ensemble) == []
    (tmp_path / "synthetic.toml").write_text((tmp_path / "synthetic.toml").read_text() + "\n# recalibrated\n")
    assert any("calibrated file" in p for p in ensemble_problems(ensemble))


@pytest.mark.parametrize(("edit", "message"), [("cut = -1", "ensemble.cut"), ("waves = 3", "ensemble.waves"),
                                               ("colour = 1", "ensemble.colour"), ('method = "abc"', "ensemble.method")])
def test_bad_settings_name_the_file_and_key(settings_file, edit, message):
    settings_file.write_text(settings_file.read_text() + edit + "\n")
    with pytest.raises(EnsembleError, match=message):
        load_settings(settings_file)


def test_a_cut_nothing_passes_is_refused_with_the_best_set(settings_file, tmp_path):
    settings_file.write_text(settings_file.read_text() + "cut = 0.001\n")
    with pytest.raises(EnsembleError, match="no parameter set"):
        history_match(load_settings(settings_file), synthetic(), tmp_path / "work")


# ---------------------------------------------------------------- the shipped ensemble


def test_the_shipped_ensemble_is_current():
    """Fails when the calibrated, settings, targets, parameter or region file changed after the ensemble: regenerate it
    (participation-model ensemble calibration/ensembles/oost-groningen.toml)."""
    ensemble = load_ensemble(SHIPPED)
    region = hashlib.sha256((ROOT / "src/participation_model/data/regions/oost-groningen.toml").read_bytes()).hexdigest()
    assert ensemble_problems(ensemble, region_sha256=region) == []
    assert ensemble.path == ensemble_path(COMMITTED).resolve() and ensemble.provenance["settings_file"] == "../ensembles/oost-groningen.toml"


def test_the_shipped_ensemble_holds_non_implausible_sets_of_the_free_parameters():
    ensemble, calibrated = load_ensemble(SHIPPED), load_calibrated(COMMITTED)
    assert set(ensemble.names) == set(calibrated.values) and len(ensemble.members) >= 10
    assert max(ensemble.max_implausibility) < ensemble.provenance["cut"]
    ranges = {name: (table["low"], table["high"]) for name, table in __import__("tomllib").loads(COMMITTED.read_text())["parameters"].items()}
    for member in ensemble.members:
        assert all(ranges[n][0] <= v <= ranges[n][1] for n, v in member.items())
    assert len({json.dumps(m, sort_keys=True) for m in ensemble.members}) == len(ensemble.members)


# ---------------------------------------------------------------- runs with draws

SMALL = {"name": "base", "end": "2015-06", "scale": 0.02, "replications": 2, "seed": 7, "calibration": str(COMMITTED)}
PROGRAMME = {
    "type": "van_werkloosheid_naar_werk", "start": "2015-01", "end": "2015-06", "places_per_year": 600,
    "cost_per_participant": 7000, "funding": {"rijk_szw": 1.0}, "eligibility": {"status": ["unemployed"]},
}  # fmt: skip


def test_parameter_draws_are_checked_with_clear_messages():
    members = len(load_ensemble(SHIPPED).members)
    with pytest.raises(ScenarioError, match=f"parameter_draws.*has {members} members"):
        scenario_from_dict({**SMALL, "parameter_draws": members + 1})
    with pytest.raises(ScenarioError, match="no calibration key"):
        scenario_from_dict({"name": "x", "parameter_draws": 2})
    with pytest.raises(ScenarioError, match="--parameter-draws"):
        scenario_from_dict(SMALL).with_overrides(parameter_draws=-1)
    s = scenario_from_dict(SMALL).with_overrides(parameter_draws=2)
    assert s.ensemble == SHIPPED.resolve() and s.ensemble_draws == load_ensemble(SHIPPED).members[:2] and s.overrides["parameter_draws"] == 2


def test_a_run_with_draws_reuses_each_replications_seed_and_zero_draws_change_nothing():
    plain = run_scenario(scenario_from_dict({**SMALL, "end": "2014-03"}))
    zero = run_scenario(scenario_from_dict({**SMALL, "end": "2014-03", "parameter_draws": 0}))
    assert plain.series().equals(zero.series()) and "draw" not in zero.series().columns
    drawn = run_scenario(scenario_from_dict({**SMALL, "end": "2014-03", "parameter_draws": 2}))
    series = drawn.series()
    assert list(series.columns[:2]) == ["draw", "replication"] and len(drawn.replications) == 4
    assert [(r.draw, r.replication, r.seed) for r in drawn.replications] == [(d, r, replication_seed(7, r)) for d in (0, 1) for r in (0, 1)]


def test_baseline_and_scenario_of_a_pair_share_the_draws_parameters_and_the_seed(monkeypatch):
    seen = []
    real = experiments_compare.run_tracked

    def recording(scenario, replication, on_month=None):
        run = real(scenario, replication, on_month)
        seen.append((scenario.name, dict(scenario.calibration_values), replication, run.seed))
        return run

    monkeypatch.setattr(experiments_compare, "run_tracked", recording)
    base = scenario_from_dict({**SMALL, "parameter_draws": 2})
    scenario = scenario_from_dict({**SMALL, "name": "vwnw", "parameter_draws": 2, "interventions": [PROGRAMME]})
    result = experiments_compare.compare(base, [scenario], year=2015)
    members = load_ensemble(SHIPPED).members
    assert len(seen) == 2 * 2 * 2
    for k in range(0, len(seen), 2):
        (b_name, b_values, b_rep, b_seed), (s_name, s_values, s_rep, s_seed) = seen[k], seen[k + 1]
        draw = k // 4
        assert (b_name, s_name) == ("base", "vwnw") and b_values == s_values == members[draw]
        assert b_rep == s_rep and b_seed == s_seed == replication_seed(7, b_rep)
    monthly = result.monthly
    assert list(monthly.columns).index("draw") == list(monthly.columns).index("replication") - 1
    assert set(map(tuple, monthly[["draw", "replication"]].drop_duplicates().values)) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    totals = result.scenario_totals.set_index("metric")
    assert totals.loc["net_extra_person_years", "n_replications"] == totals.loc["spending", "n_replications"] == 4  # over all pairs
    parts = result.variance_parts.set_index("metric")
    assert {"netto_participation_15_75_2015", "net_extra_person_years"} <= set(parts.index)
    headline = parts.loc[["netto_participation_15_75_2015", "net_extra_person_years", "displacement_person_years"]]
    assert (headline["draws"] == 2).all() and (headline["replications"] == 2).all()
    assert np.allclose(headline["parameter_variance"] + headline["random_variance"], headline["variance"])
    assert result.band == "5-95% over 2 parameter draws x 2 replications (parameter and random uncertainty)"
    again = experiments_compare.compare(base, [scenario], year=2015)  # determinism
    assert again.scenario_totals.equals(result.scenario_totals) and again.variance_parts.equals(result.variance_parts)


def test_folder_cards_and_dashboards_say_what_the_bands_hold_and_what_is_noise(tmp_path):
    from participation_model.reports.dashboard import write_dashboard
    from participation_model.tasks.compare import write_comparison

    base = scenario_from_dict({**SMALL, "end": "2014-06", "parameter_draws": 2})
    result = experiments_compare.compare(base, [base.model_copy(update={"name": "same"})], year=2014)
    folder = write_comparison(result, tmp_path / "cmp", ["pytest"])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["parameter_draws"]["draws"] == 2 and manifest["parameter_draws"]["ensemble_sha256"] == load_ensemble(SHIPPED).sha256
    assert manifest["bands"] == result.band and (folder / "variance_parts.csv").is_file()
    assert pd.read_csv(folder / "effects_monthly.csv").columns[-2:].tolist() == ["draw", "replication"]
    cards = (folder / "scenario_cards.md").read_text()
    assert "2 parameter draws x 2 paired replications" in cards and "not distinguishable from the baseline" in cards
    for lang, words in (("en", ("not distinguishable from the baseline", "parameter draws x 2 replications")),
                        ("nl", ("niet te onderscheiden van het basispad", "parametertrekkingen x 2 replicaties"))):
        page = write_dashboard(folder, lang=lang).read_text()
        assert all(w in page for w in words), lang


def test_a_scenario_without_interventions_is_not_distinguishable():
    base = scenario_from_dict({**SMALL, "end": "2014-06"})
    result = experiments_compare.compare(base, [base.model_copy(update={"name": "same"})], year=2014)
    assert not result.annual["distinguishable"].any() and not result.probabilities["distinguishable"].any()
    assert result.variance_parts is None and result.band == "5-95% over 2 replications (random only)"


def test_cli_refuses_more_draws_than_members_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(ROOT / "scenarios" / "baseline.toml"), "--parameter-draws", "100000", "--out", str(out), "--quiet"]) == 2
    assert "--parameter-draws" in capsys.readouterr().err and not out.exists()


# ---------------------------------------------------------------- the variance split and detectability


def test_the_variance_split_follows_the_one_way_anova():
    rng = np.random.default_rng(3)
    draw_effect = rng.normal(0.0, 2.0, size=6)
    rows = pd.DataFrame([{"m": "x", "draw": d, "value": draw_effect[d] + rng.normal(0.0, 0.5)} for d in range(6) for _ in range(4)])
    parts = noise.variance_parts(rows, ["m"]).iloc[0]
    means = rows.groupby("draw")["value"].mean()
    within = rows.groupby("draw")["value"].var(ddof=1).mean()
    assert parts["random_variance"] == pytest.approx(within)
    assert parts["parameter_variance"] == pytest.approx(max(means.var(ddof=1) - within / 4, 0.0))
    assert parts["parameter_share"] + parts["random_share"] == pytest.approx(1.0) and parts["parameter_share"] > 0.5
    same = rows.assign(value=rows["value"] - rows["draw"].map(means) + 1.0)  # every draw the same mean: all randomness
    assert noise.variance_parts(same, ["m"]).iloc[0]["parameter_variance"] == 0.0


def test_the_smallest_detectable_effect_is_2_8_standard_errors_of_the_mean_difference():
    values = pd.Series([0.1, 0.3, 0.2, 0.4])
    rows = pd.DataFrame({"k": "a", "value": values})
    assert noise.detectability(rows, ["k"]).iloc[0]["mde"] == pytest.approx(2.8 * values.std(ddof=1) / 2)
    # with draws: (parameter part + random part / R) / D; here the draw means (0.2, 0.3) agree better than the
    # replications alone allow (W / R = 0.02 / 2 > B = 0.005), so the parameter part is 0
    drawn = rows.assign(draw=[0, 0, 1, 1])
    assert noise.detectability(drawn, ["k"]).iloc[0]["mde"] == pytest.approx(2.8 * np.sqrt(0.01 / 2))
    spread = pd.DataFrame({"k": "a", "value": [1.0, 1.2, 3.0, 3.2], "draw": [0, 0, 1, 1]})  # B = 2 dominates
    assert noise.detectability(spread, ["k"]).iloc[0]["mde"] == pytest.approx(2.8 * np.sqrt(2.0 / 2))
    tiny = pd.DataFrame({"k": "a", "value": [0.001, 0.002, -0.001, 0.003, 0.0]})  # +0.00 with runs on both sides
    assert not noise.detectability(tiny, ["k"]).iloc[0]["distinguishable"]
