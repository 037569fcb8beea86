"""Designing a package (``participation-model design``): the search finds a known best, the folder reproduces, bad specs are refused.

- On a synthetic case (an analytic effect of each instrument's budget, different per economy)
  the best allocation is known by listing every package that keeps the budget: differential
  evolution finds it within its budget of candidates, the exhaustive search lists them all,
  and the best package per economy, the regret and the maximin pick match the listing.
- On the model (a tiny scale): a package that funds nothing has no effect in any state
  (common random numbers), the written ``recommended.toml`` compared with the written
  ``baseline.toml`` reproduces the effect the design reported, and a resumed design reuses
  every candidate.
- A bad spec exits 2 with the file, the key and the value, and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.analysis.design import load_design
from participation_model.analysis.design_robustness import criterion_score, economy_values, robustness
from participation_model.analysis.design_search import feasible_space, search
from participation_model.analysis.design_spec import DesignSpecError, load_spec, spec_from_dict
from participation_model.cli import main

from design_specs import tiny_spec

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline.toml"
#: the synthetic case: net extra person-years per sqrt(EUR M) of each instrument, by economy
RETURNS = {"historical": {"a": 30.0, "b": 10.0, "c": 20.0}, "recession": {"a": 12.0, "b": 30.0, "c": 26.0}}


def synthetic_spec(evaluations: int, criterion: str = "worst_case", objective: str = "net_person_years"):
    block = {"start": "2015-01", "end": "2016-12", "places_per_year": 100}
    raw = {
        "design": {"name": "synthetic", "baseline": str(BASELINE), "economies": ["historical", "recession"], "replications": 2,
                   "scale": 0.01, "evaluations": evaluations, "population": 5, "criterion": criterion, "objective": objective},
        "budget": {"total": 10e6},
        "instruments": [
            {"name": "a", "budget": [0, 10e6], "budget_step": 1e6, "block": {"type": "van_werkloosheid_naar_werk", **block}},
            {"name": "b", "budget": [0, 10e6], "budget_step": 1e6, "block": {"type": "van_werk_naar_werk", **block}},
            {"name": "c", "budget": [0, 10e6], "budget_step": 1e6, "block": {"type": "esf_active_inclusion", **block}},
        ],
    }  # fmt: skip
    return spec_from_dict(raw, source=ROOT / "designs" / "synthetic.toml")


def synthetic_effects(items):
    """Concave returns to each budget; replication noise of +-0.5 that cancels in the mean; cost = the budget."""
    out = []
    for package, state in items:
        npy = sum(RETURNS[state.economy][k] * np.sqrt(package.budget[k] / 1e6) for k in "abc")
        npy += (0.5 if state.replication else -0.5) * (package.total > 0)
        out.append({"net_person_years": npy, "netto_participation_year": float("nan"), "group_value": float("nan"), "spending": package.total,
                    "public_spending": package.total, "net_public_cost": package.total, "participants_started": 0.0})  # fmt: skip
    return out


def listing(setup):
    """Every package that keeps the budget, with its value per economy and its criterion (the known answer)."""
    rows = []
    for x in feasible_space(setup):
        package = setup.decode(x)
        runs = [{"economy": s.economy, "draw": None, "replication": s.replication, **e}
                for s, e in zip(setup.states, synthetic_effects([(package, s) for s in setup.states]))]  # fmt: skip
        values = economy_values(setup.spec, runs)
        rows.append({"x": package.x, **values, "score": criterion_score(setup.spec, values)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("criterion", ["worst_case", "mean"])
def test_differential_evolution_finds_the_known_best_package_within_its_budget(tmp_path, criterion):
    setup = load_design(synthetic_spec(60, criterion))
    known = listing(setup)
    assert len(known) == 286 > setup.spec.evaluations  # C(13, 3): too many to list within the budget
    result = search(setup, synthetic_effects, tmp_path)
    assert result.extra["method"] == "differential-evolution"
    assert len(result.evaluations) <= 60
    assert all(setup.feasible(e.x) for e in result.evaluations)  # the budget rule is kept by every candidate
    picks = robustness(result)["picks"].set_index("pick")["candidate"]
    found = result.evaluations[int(picks["recommended"])]
    best = known[known["score"] >= known["score"].max() - 1e-9]
    assert len(best) == 1  # the known best is unique
    assert found.x == best["x"].iloc[0] and found.score == pytest.approx(best["score"].iloc[0])


def test_exhaustive_search_lists_every_package_and_the_robustness_picks_match_the_listing(tmp_path):
    setup = load_design(synthetic_spec(300))
    known = listing(setup)
    result = search(setup, synthetic_effects, tmp_path)
    assert result.extra == {"method": "exhaustive", "space": 286}
    assert sorted(e.x for e in result.evaluations) == sorted(known["x"])
    tables = robustness(result)
    picks = tables["picks"].set_index("pick")["candidate"]
    x_of = {k: e.x for k, e in enumerate(result.evaluations)}
    for economy in ("historical", "recession"):
        assert x_of[int(picks[f"best_in:{economy}"])] == known.loc[known[economy].idxmax(), "x"]
    worst = known[["historical", "recession"]].min(axis=1)
    assert x_of[int(picks["best_worst_case"])] == known.loc[worst.idxmax(), "x"]
    values = tables["values"].assign(x=lambda d: d["candidate"].map(x_of)).merge(known[["x", "historical", "recession"]], on="x")
    expected = np.where(values["economy"] == "historical", known["historical"].max() - values["historical"], known["recession"].max() - values["recession"])
    assert np.allclose(values["regret"], expected)
    assert (values["regret"] >= -1e-9).all() and values.groupby("economy")["regret"].min().abs().max() < 1e-9
    regret = tables["candidates"].set_index("candidate")["max_regret"]
    assert x_of[int(picks["least_regret"])] == x_of[int(regret.idxmin())]


def test_a_minimised_cost_objective_prefers_the_cheaper_of_two_packages_with_the_same_effect(tmp_path):
    setup = load_design(synthetic_spec(300, "mean", "net_public_cost_per_person_year"))
    result = search(setup, synthetic_effects, tmp_path)
    tables = robustness(result)
    recommended = result.evaluations[int(tables["picks"].set_index("pick").loc["recommended", "candidate"])]
    nothing = next(e for e in result.evaluations if sum(e.x) == 0)
    assert np.isnan(list(nothing.values.values())).all() and nothing.score == float("-inf")  # no effect: no cost per person-year
    ratios = [np.mean(list(e.values.values())) for e in result.evaluations if np.isfinite(e.score)]
    assert np.mean(list(recommended.values.values())) == pytest.approx(min(ratios))


def test_the_budget_rules_are_constraints_of_the_search(tmp_path):
    raw = json.loads(json.dumps(synthetic_spec(300).raw))
    raw["budget"]["streams"] = {"esf": 2e6}
    raw["instruments"][2]["block"]["funding"] = {"esf": 0.5, "gemeente": 0.5}
    raw["constraints"] = {"gemeente_spending": {"Oldambt": 0.3e6}}
    setup = load_design(spec_from_dict(raw, source=ROOT / "designs" / "synthetic.toml"))
    result = search(setup, synthetic_effects, tmp_path)
    c_budgets = {setup.decode(e.x).budget["c"] for e in result.evaluations}
    share = dict(zip(*_gemeente_shares()))["Oldambt"]
    assert max(c_budgets) * 0.5 <= 2e6 and max(c_budgets) * 0.5 * share <= 0.3e6 + 1e-6
    assert max(c_budgets) == max(b for b in np.arange(0, 11) * 1e6 if b * 0.5 <= 2e6 and b * 0.5 * share <= 0.3e6)


def _gemeente_shares():
    from participation_model.gemeente_shares import population_shares
    from participation_model.region import load_region

    region = load_region("oost-groningen")
    return region.gemeenten, population_shares(region)


# ---------------------------------------------------------------------- on the model
TINY = tiny_spec()  # two instruments, ESF with a target group and an empty one (tests/design_specs.py)


@pytest.fixture(scope="module")
def designed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("design")
    spec = folder / "tiny.toml"
    spec.write_text(TINY, encoding="utf-8")
    out, work = folder / "out", folder / "work"
    code = main(["design", str(spec), "--executor", "inprocess", "--out", str(out), "--work", str(work), "--quiet"])
    return spec, out, work, code


def test_a_design_on_the_model_writes_its_folder_and_the_package_that_funds_nothing_changes_nothing(designed):
    _spec, out, _work, code = designed
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "participation-model-design/1" and manifest["method"] == "exhaustive"
    assert manifest["inputs"]["spec"]["sha256"] and manifest["inputs"]["baseline"]["sha256"] and manifest["replication_seeds"]
    for name in manifest["files"]:
        assert (out / name).is_file(), name
    runs = pd.read_csv(out / "runs.csv")
    allocations = pd.read_csv(out / "allocations.csv")
    nothing = allocations.groupby("candidate")["budget"].sum().idxmin()
    empty = allocations.query("instrument == 'esf' and target == 'nobody' and budget > 0")["candidate"]  # money, but nobody to enrol
    empty = [c for c in empty if allocations.query("candidate == @c and instrument == 'retraining'")["budget"].iloc[0] == 0]
    assert len(empty) == 2
    for candidate in [nothing, *empty]:  # common random numbers: no participant, no difference from the baseline
        assert (runs.loc[runs["candidate"] == candidate, ["net_person_years", "spending", "net_public_cost", "participants_started"]] == 0).all().all()
    helped = runs[runs["candidate"].isin(allocations.query("instrument == 'esf' and target == 'bijstand' and budget > 0")["candidate"])]
    assert (helped["participants_started"] > 0).all()
    candidates = pd.read_csv(out / "candidates.csv")
    # esf at 0 (its target moot), 1 or 2 M with two targets, retraining 0 or 1 M, within EUR 2 M: 8 packages;
    # the baselines of the 2 states run once, the package of nothing is the baseline itself, 7 x 2 runs
    assert len(candidates) == 8 and manifest["model_runs"] == 2 + 7 * 2
    assert (candidates["planned_budget"] <= 2e6).all()
    card = (out / "card.md").read_text(encoding="utf-8")
    for heading in ("## What to fund", "## What it buys", "## What it costs net", "## Where it is fragile"):
        assert heading in card


def test_the_recommended_scenario_reproduces_the_effect_the_design_reported(designed):
    from participation_model.experiments.compare import compare
    from participation_model.scenario import load_scenario

    _spec, out, _work, _code = designed
    picks = pd.read_csv(out / "picks.csv").set_index("pick")["candidate"]
    runs = pd.read_csv(out / "runs.csv")
    reported = runs[(runs["candidate"] == picks["recommended"]) & (runs["economy"] == "historical")]
    result = compare(load_scenario(out / "baseline.toml"), [load_scenario(out / "recommended.toml")], year=2016)
    totals = result.scenario_totals.set_index("metric")["mean"]
    assert totals["net_extra_person_years"] == pytest.approx(reported["net_person_years"].mean(), abs=1e-9)
    assert totals["spending"] == pytest.approx(reported["spending"].mean(), abs=1e-6)
    assert totals["net_public_cost"] == pytest.approx(reported["net_public_cost"].mean(), abs=1e-6)


def test_a_resumed_design_reuses_every_candidate_and_gives_the_same_tables(designed, tmp_path):
    spec, out, work, _code = designed
    again = tmp_path / "again"
    assert main(["design", str(spec), "--executor", "inprocess", "--out", str(again), "--work", str(work), "--resume", "--quiet"]) == 0
    manifest = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model_runs"] == 0 and manifest["reused_from_log"] == 8
    for name in ("candidates", "values", "runs", "picks", "allocations"):
        pd.testing.assert_frame_equal(pd.read_csv(out / f"{name}.csv"), pd.read_csv(again / f"{name}.csv"))


# ---------------------------------------------------------------------- bad specs
BAD = [
    ('objective = "jobs"', "design.objective", "'jobs'"),
    ("total = -5", "budget.total", "-5"),
    ('economies = ["historical", "boom"]', "design.economies", "'boom'"),
    ('type = "esf_active_inclusion"\nbudget = 5', "instruments[0].block.budget", "5"),
    ('type = "magic"', "instruments[0].block", "magic"),
    ("scale = 0", "design.scale", "0"),
    ('baseline = "nowhere.toml"', "design.baseline", "nowhere.toml"),
    ("budget = [0, 9000000]", "instruments[0].budget", "9000000"),
    ('start = "2015-13"', "instruments[0].block", "2015-13"),
    ("total = 500000\nbudget_floor = 1", "budget.budget_floor", "budget_floor"),
]


@pytest.mark.parametrize(("line", "key", "value"), BAD)
def test_a_bad_spec_exits_2_naming_file_key_and_value_and_writes_nothing(tmp_path, capsys, line, key, value):
    text = TINY
    field = line.split(" =")[0].split("\n")[0]
    lines = text.splitlines()
    found = [i for i, existing in enumerate(lines) if existing.startswith(field + " =")]
    if found:  # the spec's own line, changed
        lines[found[0]] = line
    else:  # a key the spec leaves at its default, added to [design]
        lines.insert(lines.index("[design]") + 1, line)
    spec = tmp_path / "bad.toml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["design", str(spec), "--executor", "inprocess", "--out", str(out), "--work", str(tmp_path / "work"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert str(spec) in err and key in err and value in err, err
    assert not out.exists() and not (tmp_path / "work").exists()


def test_lowest_budgets_above_the_total_are_refused(tmp_path):
    text = TINY.replace("budget = [0, 2000000]", "budget = [1500000, 2000000]").replace(
        "budget = [0, 1000000]", "budget = [1000000, 1000000]")  # fmt: skip
    spec = tmp_path / "tight.toml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(DesignSpecError, match=r"key 'budget.total': got 2,000,000; allowed: at least the sum of the instruments' lowest budgets"):
        load_design(load_spec(spec))


def test_flags_out_of_range_exit_2(tmp_path, capsys):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY, encoding="utf-8")
    assert main(["design", str(spec), "--scale", "0", "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "--scale 0" in capsys.readouterr().err
    assert main(["design", str(spec), "--parameter-draws", "-1", "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "--parameter-draws -1: allowed: a whole number of at least 0" in capsys.readouterr().err
    assert main(["design", str(spec), "--evaluations", "0", "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "--evaluations 0: allowed: a whole number of at least 1" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_the_command_line_reports_progress_within_and_after_each_generation(tmp_path, capsys):
    spec = tmp_path / "one.toml"
    text = TINY.replace('economies = ["historical", "recession"]', 'economies = ["historical"]')
    spec.write_text(text, encoding="utf-8")
    assert main(["design", str(spec), "--executor", "inprocess", "--out", str(tmp_path / "o"), "--work", str(tmp_path / "w")]) == 0
    err = capsys.readouterr().err
    assert "runs of this batch 1/1" in err  # the baseline of the one state
    assert "candidates 1/20 (reused 0), model runs 1," in err and "candidates 8/20" in err


def test_the_dashboard_command_rebuilds_a_design_folders_page(designed, capsys):
    _spec, out, _work, _code = designed
    page = out / "dashboard.html"
    before = page.read_text(encoding="utf-8")
    page.unlink()
    assert main(["dashboard", str(out)]) == 0
    after = page.read_text(encoding="utf-8")
    assert 'data-page="design"' in after and after.count("js-plotly-plot") == before.count("js-plotly-plot") > 0
    assert "What to fund" in after and "best_worst_case" in after
    assert main(["dashboard", str(out), "--lang", "nl"]) == 2
    assert "allowed: en" in capsys.readouterr().err


@pytest.mark.slow
def test_a_design_gives_the_same_tables_in_process_on_a_local_pool_and_on_dask(tmp_path):
    spec = tmp_path / "small.toml"
    spec.write_text(tiny_spec(total=1_000_000, targets=False), encoding="utf-8")
    flags = {"inprocess": [], "local": ["--workers", "2"], "dask": ["--dask-workers", "2"]}
    for kind, extra in flags.items():
        assert main(["design", str(spec), "--executor", kind, *extra, "--out", str(tmp_path / kind), "--work", str(tmp_path / f"work-{kind}"), "--quiet"]) == 0
    for name in ("candidates", "allocations", "values", "runs", "picks"):
        reference = (tmp_path / "inprocess" / f"{name}.csv").read_bytes()
        assert (tmp_path / "local" / f"{name}.csv").read_bytes() == reference == (tmp_path / "dask" / f"{name}.csv").read_bytes(), name
