"""Scenario comparison: paired replications, effects, costs, probabilities, cards, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from participation_model.cli import main
from participation_model.experiments.compare import compare
from participation_model.interventions.base import STREAMS
from participation_model.scenario import scenario_from_dict

BASE = {"name": "base", "end": "2016-12", "scale": 0.05, "replications": 2, "seed": 11}
PROGRAMME = {
    "type": "van_werkloosheid_naar_werk", "start": "2015-01", "end": "2015-12", "places_per_year": 600,
    "cost_per_participant": 7000, "funding": {"rijk_szw": 0.5, "sector": 0.5}, "eligibility": {"status": ["unemployed"]},
}  # fmt: skip


@pytest.fixture(scope="module")
def result():
    base = scenario_from_dict(BASE)
    same = scenario_from_dict({**BASE, "name": "same"})
    vwnw = scenario_from_dict({**BASE, "name": "vwnw", "interventions": [PROGRAMME]})
    return compare(base, [same, vwnw], year=2016)


def test_a_scenario_without_interventions_has_no_effect_at_all(result):
    same = result.monthly[result.monthly["scenario"] == "same"]
    assert (same["diff"] == 0).all()
    totals = result.scenario_totals[result.scenario_totals["scenario"] == "same"].set_index("metric")
    assert totals.loc["net_extra_person_years", "mean"] == 0
    assert totals.loc["displacement_person_years", "mean"] == 0


def test_no_difference_before_the_intervention_starts(result):
    v = result.monthly[(result.monthly["scenario"] == "vwnw") & (result.monthly["month"] < "2015-01")]
    assert len(v) > 0 and (v["diff"] == 0).all()


def test_spending_adds_up_over_streams_and_matches_the_costs(result):
    per = result.interventions[result.interventions["scenario"] == "vwnw"].set_index("metric")["mean"]
    streams = sum(per[f"spending_{s}"] for s in STREAMS)
    assert per["spending"] == pytest.approx(streams)
    assert per["spending"] == pytest.approx(per["enrolled"] * 7000)  # places and costs count every start
    assert per["spending_rijk_szw"] == pytest.approx(per["spending"] / 2)


def test_participant_measures_are_in_range(result):
    per = result.interventions[result.interventions["scenario"] == "vwnw"].set_index("metric")
    assert 0 <= per.loc["deadweight_share", "mean"] <= 1
    assert per.loc["enrolled", "mean"] == pytest.approx(600, abs=1 / 0.05)
    assert per.loc["participants_started", "mean"] <= per.loc["enrolled", "mean"]
    assert per.loc["participant_extra_person_years", "mean"] > 0  # job-search help helps its participants
    assert per.loc["lock_in_months", "mean"] >= 0


def test_target_groups_partition_by_age(result):
    g = result.target_groups
    g = g[(g["scenario"] == "vwnw") & (g["metric"] == "participants_started")].set_index("group")["mean"]
    total = result.interventions.query("scenario == 'vwnw' and metric == 'participants_started'")["mean"].iloc[0]
    assert g[["15-26", "27-54", "55+"]].sum() == pytest.approx(total)
    assert g[[k for k in g.index if k.startswith("gemeente ")]].sum() == pytest.approx(total)


def test_probabilities_are_probabilities(result):
    p = result.probabilities
    assert set(p["versus"]) == {"baseline", "same", "vwnw"}
    assert p["probability"].between(0, 1).all()
    same_vs_base = p[(p["scenario"] == "same") & (p["versus"] == "baseline")]["probability"].iloc[0]
    assert same_vs_base == 0  # identical runs never beat the baseline


def test_gemeenten_cover_the_region(result):
    assert set(result.gemeenten["gemeente"]) == {"Oldambt", "Veendam", "Stadskanaal", "Pekela", "Vlagtwedde", "Bellingwedde", "Menterwolde"}


def test_cli_compare_writes_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("base.toml").write_text('name = "base"\nend = "2015-12"\nreplications = 2\nscale = 0.03\n')
    Path("plan.toml").write_text(
        'name = "plan"\ndescription = "<b>coaching</b>"\nend = "2015-12"\n\n[[interventions]]\ntype = "van_werkloosheid_naar_werk"\n'
        'start = "2015-01"\nplaces_per_year = 300\ncost_per_participant = 5000\n'
    )
    code = main(["compare", "base.toml", "plan.toml", "--year", "2015", "--quiet"])
    assert code == 0
    out = tmp_path / "outputs" / "compare-base-plan"
    for name in ("effects_annual.csv", "interventions.parquet", "target_groups.csv", "probabilities.csv", "scenario_cards.md", "manifest.json"):
        assert (out / name).exists(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["paired"]["replications"] == 2 and len(manifest["paired"]["replication_seeds"]) == 2
    card = (out / "scenario_cards.md").read_text()
    assert "&lt;b&gt;coaching&lt;/b&gt;" in card and "<b>" not in card
    assert "**Where the jobs came from**" in card  # the card says what drives the net effect
    for label in ("- jobs inside the region:", "- open vacancies:", "- jobs held by in-commuters:"):
        assert label in card


def test_cli_compare_rejects_bad_input_without_writing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("base.toml").write_text('name = "base"\nend = "2015-12"\n')
    Path("other.toml").write_text('name = "other"\nend = "2016-12"\n')
    assert main(["compare", "base.toml", "other.toml", "--quiet"]) == 2
    assert "end differs" in capsys.readouterr().err
    Path("bad.toml").write_text('name = "bad"\nend = "2015-12"\n[[interventions]]\ntype = "van_werkloosheid_naar_werk"\nstart = "2015-01"\nbudget = -5\n')
    assert main(["compare", "base.toml", "bad.toml", "--quiet"]) == 2
    assert "key 'interventions[1].budget'" in capsys.readouterr().err
    assert main(["compare", "base.toml", "base.toml", "--quiet"]) == 2
    capsys.readouterr()
    Path("ok.toml").write_text('name = "ok"\nend = "2015-12"\n')
    assert main(["compare", "base.toml", "ok.toml", "--year", "1990", "--quiet"]) == 2
    assert "outside the simulated years 2014-2015" in capsys.readouterr().err
    Path("run-folder").mkdir()
    Path("run-folder/manifest.json").write_text('{"format": "participation-model-output/1"}')
    assert main(["compare", "base.toml", "ok.toml", "--year", "2015", "--out", "run-folder", "--quiet"]) == 2
    assert "it is a run folder of participation-model" in capsys.readouterr().err  # a comparison never replaces a run
    assert main(["compare", "base.toml", "ok.toml", "--year", "2015", "--out", "", "--quiet"]) == 2
    assert "empty path" in capsys.readouterr().err
    assert not (tmp_path / "outputs").exists() and sorted(p.name for p in Path("run-folder").iterdir()) == ["manifest.json"]


def test_net_effect_is_participants_gain_minus_displacement(result):
    t = result.scenario_totals[result.scenario_totals["scenario"] == "vwnw"].set_index("metric")["mean"]
    assert t["net_extra_person_years"] == pytest.approx(t["participants_extra_person_years"] - t["displacement_person_years"])


def test_extra_employed_in_the_year_counts_the_months_of_that_year_after_a_warm_up():
    """The employment arrays hold the warm-up months, the tables do not: the year's months are found in both."""
    import numpy as np

    from participation_model.experiments.paired import align, run_tracked

    common = {**BASE, "warm_up_from": "2013-01", "start": "2014-01", "end": "2015-12", "replications": 1}
    base = scenario_from_dict(common)
    plan = scenario_from_dict({**common, "name": "plan", "interventions": [{**PROGRAMME, "start": "2014-03", "end": "2014-12"}]})
    got = compare(base, [plan], year=2015).interventions.set_index("metric")["mean"]["participant_extra_employed_in_year"]
    b, s = run_tracked(base, 0), run_tracked(plan, 0)
    emp_b, emp_s = align(b.employed, s.employed)
    who = np.unique(s.enrolments[0].uid)
    rows = np.arange(24, 36)  # 2015 counted from the warm-up's first month, 2013-01
    assert got == pytest.approx((emp_s[np.ix_(rows, who)].sum() - emp_b[np.ix_(rows, who)].sum()) / 12 / BASE["scale"])
    assert got != 0
