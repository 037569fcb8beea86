"""Calibration: setup checks, the search finds a known optimum, resumes and reproduces itself;
the calibrated file carries its provenance into scenarios and manifests; the committed
calibration is current and fits its targets (or explains the misses)."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from participation_model.analysis.calibration import (
    CalibrationError,
    calibrate,
    load_setup,
)
from participation_model.tasks.calibrate import (
    write_fit_report,
    write_result,
)
from participation_model.analysis.evaluators import executor_evaluator, in_process
from participation_model.calibrated import (
    CalibrationFileError,
    load_calibrated,
    provenance_problems,
)
from participation_model.cli import main
from participation_model.experiments.executors import make_executor
from participation_model.experiments.paired import check_pairable
from participation_model.experiments.runner import model_config
from participation_model.params import load_parameters
from participation_model.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parent.parent
#: The synthetic tests move a parameter the calibration leaves alone, so they do not depend on
#: the calibrated values: its default 0.5 lies inside the searched range 0.2-0.8.
PARAM = "search.lockin_factor"
DEFAULT = load_parameters()[PARAM]


def free_around(name: str, reason: str = "x") -> str:
    """A [calibration.free] table for ``name`` whose range holds the parameter file's value."""
    value = load_parameters()[name]
    return f'[calibration.free."{name}"]\nlow = {value * 0.8!r}\nhigh = {value * 1.25!r}\nreason = "{reason}"\n'
COMMITTED = ROOT / "calibration" / "calibrated" / "oost-groningen.toml"
EXPLANATIONS = ROOT / "calibration" / "explained-misses.toml"

from calibration_targets import TARGET_NETTO  # noqa: E402  (shared with tests/test_ensemble.py)

TARGET_UR_2014 = """
[[target]]
name = "unemployment_rate_2014"
value = 8.1
unit = "percent"
year = 2014
kind = "rate"
definition = "unemployed / labour force"
geography = "Oost-Groningen"
source = "CBS"
uncertainty = { absolute = 1.0 }

[[target]]
name = "residents_jobs_inside_2014"
value = 35800
unit = "jobs"
year = 2014
kind = "stock"
definition = "employee jobs of residents located in the region"
geography = "Oost-Groningen"
source = "CBS 81252NED"
uncertainty = { absolute = 500 }
"""


def setup_file(tmp_path: Path, targets: str = TARGET_NETTO, **calibration) -> Path:
    """A targets file with a [calibration] table (keys as TOML literals)."""
    table = {"name": '"test"', "start": '"2016-01"', "end": '"2016-12"', "baseline_start": '"2016-01"',
             "report_end": '"2016-12"', "replications": "1", "scale": "0.02", "budget": "30", "population": "5"}
    table.update(calibration)
    free = table.pop("free", f'[calibration.free."{PARAM}"]\nlow = 0.2\nhigh = 0.8\nreason = "test"\n')
    body = "\n".join(f"{k} = {v}" for k, v in table.items() if v is not None)
    path = tmp_path / "targets.toml"
    path.write_text(f"{targets}\n[calibration]\n{body}\n\n{free}", encoding="utf-8")
    return path


def synthetic(calls: list[int] | None = None, fail_on_call: int | None = None):
    """An evaluator whose netto participation is 50 + 40 x the free parameter (optimum 0.2725)."""

    def evaluate(jobs):
        if calls is not None:
            calls.append(len(jobs))
            if fail_on_call is not None and len(calls) == fail_on_call:
                raise KeyboardInterrupt
        out = []
        for _scenario, overrides, r in jobs:
            netto = 50.0 + 40.0 * overrides.get(PARAM, DEFAULT) + 0.01 * r
            months = [f"2016-{m:02d}" for m in range(1, 13)]
            out.append(SimpleNamespace(series=pd.DataFrame({"month": months, "netto_participation_15_75": netto})))
        return out

    return evaluate


# ---------------------------------------------------------------- setup checks


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"method": '"simplex"'}, "calibration.method"),
        ({"budget": "-3"}, "calibration.budget"),
        ({"colour": '"red"'}, "calibration.colour"),
        ({"free": '[calibration.free."matching.efficency"]\nlow = 0.2\nhigh = 0.5\nreason = "x"\n'}, "calibration.free.matching.efficency"),
        ({"free": f'[calibration.free."{PARAM}"]\nlow = 0.6\nhigh = 0.8\nreason = "x"\n'}, f"value {DEFAULT} inside"),
        ({"free": f'[calibration.free."{PARAM}"]\nlow = 0.2\nreason = "x"\n'}, "'high' is missing"),
        ({"holdout": '{ name = "h", kept_back = ["no_such_target"] }'}, "calibration.holdout.kept_back"),
        ({"start": '"2016-13"'}, "start"),
        ({"explanations": '"missing.toml"'}, "explanations file not found"),
    ],
)
def test_bad_setups_name_the_file_and_key(tmp_path, change, message):
    path = setup_file(tmp_path, **change)
    with pytest.raises(CalibrationError) as error:
        load_setup(path)
    named = str(path) if "explanations" not in change else str(path.parent / "missing.toml")
    assert named in str(error.value) and message in str(error.value)


def test_targets_without_calibration_table_are_refused(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(TARGET_NETTO, encoding="utf-8")
    with pytest.raises(CalibrationError, match=r"no \[calibration\] table"):
        load_setup(path)


def test_explanations_must_name_targets(tmp_path):
    (tmp_path / "why.toml").write_text('[not_a_target]\nexplanation = "x"\n', encoding="utf-8")
    with pytest.raises(CalibrationError, match="not_a_target"):
        load_setup(setup_file(tmp_path, explanations='"why.toml"'))


def test_budget_too_small_for_two_generations(tmp_path):
    setup = load_setup(setup_file(tmp_path, budget="6"))
    with pytest.raises(CalibrationError, match="calibration.budget"):
        calibrate(setup, synthetic(), tmp_path / "work")


# ---------------------------------------------------------------- the search


@pytest.mark.parametrize("method", ["differential-evolution", "nelder-mead"])
def test_search_recovers_a_known_optimum(tmp_path, method):
    setup = load_setup(setup_file(tmp_path, method=f'"{method}"', budget="60"))
    result = calibrate(setup, synthetic(), tmp_path / "work")
    assert result.best.parameters[PARAM] == pytest.approx(0.2725, abs=0.004)
    assert result.best.objective < 0.05  # |z| < 0.23 at the optimum found
    assert result.start.objective > 1.0
    assert result.start.parameters[PARAM] == DEFAULT  # the parameter file's value was evaluated
    assert len(result.history) <= 60


def test_every_evaluation_is_logged_and_the_budget_holds(tmp_path):
    setup = load_setup(setup_file(tmp_path, budget="20"))
    calls: list[int] = []
    result = calibrate(setup, synthetic(calls), tmp_path / "work")
    lines = (tmp_path / "work" / "evaluations.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["fingerprint"] == setup.fingerprint()
    assert len(lines) - 1 == len(result.history) == sum(calls) <= 20


def test_resume_after_interruption_matches_an_uninterrupted_run(tmp_path):
    setup = load_setup(setup_file(tmp_path, budget="40"))
    whole = calibrate(setup, synthetic(), tmp_path / "whole")
    calls: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        calibrate(setup, synthetic(calls, fail_on_call=3), tmp_path / "cut")
    done_before = len((tmp_path / "cut" / "evaluations.jsonl").read_text().splitlines()) - 1
    assert done_before == calls[0] + calls[1]
    again: list[int] = []
    resumed = calibrate(setup, synthetic(again), tmp_path / "cut", resume=True)
    assert resumed.best == whole.best
    # sets proposed twice are taken from the log even in one run (whole.reused)
    assert resumed.reused == whole.reused + done_before
    assert sum(again) == len(whole.history) - whole.reused - done_before


def test_resume_refuses_a_log_of_another_setup(tmp_path):
    calibrate(load_setup(setup_file(tmp_path, budget="10")), synthetic(), tmp_path / "work")
    other = load_setup(setup_file(tmp_path, budget="10", optimiser_seed="7"))
    with pytest.raises(CalibrationError, match="another setup"):
        calibrate(other, synthetic(), tmp_path / "work", resume=True)


def test_a_real_calibration_reproduces_itself_on_any_executor(tmp_path):
    """Same seeds, same calibrated values: in this process and on a process pool."""
    free = free_around("matching.efficiency") + free_around("separations.layoff_rate")
    setup = load_setup(setup_file(tmp_path, TARGET_UR_2014, start='"2014-01"', end='"2014-12"', baseline_start='"2014-01"', budget="10", population="2", free=free))
    first = calibrate(setup, in_process, tmp_path / "a")
    with make_executor("local", workers=2) as executor:
        second = calibrate(setup, executor_evaluator(executor), tmp_path / "b")
    assert first.best == second.best
    assert [e.parameters for e in first.history] == [e.parameters for e in second.history]
    assert first.best.objective <= first.start.objective


# ---------------------------------------------------------------- provenance


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny real calibration written to a calibrated file next to its targets file."""
    folder = tmp_path_factory.mktemp("tiny")
    setup = load_setup(setup_file(folder, TARGET_UR_2014, start='"2014-01"', end='"2014-12"', baseline_start='"2014-01"', budget="10",
                                  free=free_around("matching.efficiency")))
    result = calibrate(setup, in_process, folder / "work")
    path = write_result(result, folder / "calibrated" / "test.toml", ["pytest"])
    return SimpleNamespace(folder=folder, setup=setup, result=result, path=path)


def test_the_calibrated_file_records_its_provenance(tiny):
    c = load_calibrated(tiny.path)
    prov = c.provenance
    targets = (tiny.path.parent / prov["targets_file"]).resolve()
    assert targets == (tiny.folder / "targets.toml").resolve()
    assert prov["targets_sha256"] == hashlib.sha256(targets.read_bytes()).hexdigest()
    assert prov["parameters_sha256"] == tiny.setup.params.sha256
    assert prov["objective"] == tiny.result.best.objective and prov["evaluations"] == len(tiny.result.history)
    assert c.values == tiny.result.best.parameters
    assert provenance_problems(c) == []


def test_a_changed_targets_file_makes_the_calibration_stale(tiny, tmp_path):
    copy = tmp_path / "calibrated" / "test.toml"
    copy.parent.mkdir()
    copy.write_text(tiny.path.read_text().replace(tiny.path.read_text().split('targets_file = "')[1].split('"')[0], "../targets.toml"))
    (tmp_path / "targets.toml").write_text((tiny.folder / "targets.toml").read_text() + "\n# edited\n")
    problems = provenance_problems(load_calibrated(copy))
    assert len(problems) == 1 and "changed since the calibration" in problems[0]


def test_scenarios_apply_the_calibrated_values_and_manifests_record_them(tiny, tmp_path):
    scenario_file = tmp_path / "s.toml"
    scenario_file.write_text(f'name = "s"\nend = "2014-02"\nscale = 0.01\nreplications = 1\ncalibration = "{tiny.path}"\n'
                             '[parameters]\n"separations.layoff_rate" = 0.002\n')  # fmt: skip
    scenario = load_scenario(scenario_file)
    params = model_config(scenario).params
    assert params["matching.efficiency"] == tiny.result.best.parameters["matching.efficiency"]
    assert params["separations.layoff_rate"] == 0.002  # [parameters] still comes last
    assert main(["run", str(scenario_file), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["parameters"]["calibration"]["sha256"] == load_calibrated(tiny.path).sha256
    assert manifest["parameters"]["calibration"]["values"] == tiny.result.best.parameters


def test_fit_report_compares_fitted_targets_in_the_history_run(tiny, tmp_path):
    page, fit = write_fit_report(tiny.setup, load_calibrated(tiny.path), in_process, tmp_path / "report")
    assert page.is_file() and (tmp_path / "report" / "fit.csv").is_file()
    assert set(fit["status"]) == {"fitted"}
    row = fit.set_index("target").loc["unemployment_rate_2014"]
    assert row["model_mean"] == pytest.approx(tiny.result.best.statistics[0]["unemployment_rate_2014"])
    # the folder names its calibrated file, so its dashboard shows the provenance wherever it is
    from participation_model.reports.dashboard.calibration import find_calibrated

    assert find_calibrated(tmp_path / "report") == load_calibrated(tiny.path).path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace('[parameters."matching.efficiency"]', '[parameters."matching.nonsense"]'), "matching.nonsense"),
        (lambda s: s.replace("targets_sha256 =", "targets_hash ="), "provenance.targets_sha256"),
        (lambda s: s + '\n[parameters."search.stop_base"]\nvalue = 9.0\n', "search.stop_base"),
    ],
)
def test_bad_calibrated_files_name_the_key(tiny, tmp_path, edit, message):
    path = tmp_path / "bad.toml"
    path.write_text(edit(tiny.path.read_text()))
    with pytest.raises(CalibrationFileError) as error:
        load_calibrated(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_a_scenario_with_a_missing_calibration_file_is_refused(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\ncalibration = "nowhere.toml"\n')
    with pytest.raises(ScenarioError, match="calibration"):
        load_scenario(path)


def test_compare_refuses_scenarios_with_another_calibration():
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    other = baseline.model_copy(update={"calibration_values": {}, "calibration": None})
    with pytest.raises(ValueError, match="calibration"):
        check_pairable(baseline, other)


def test_cli_calibrate_rejects_bad_input_and_writes_nothing(tmp_path, capsys):
    path = setup_file(tmp_path, method='"simplex"')
    out = tmp_path / "calibrated.toml"
    assert main(["calibrate", str(path), "--out", str(out), "--work", str(tmp_path / "w")]) == 2
    assert "calibration.method" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "w").exists()


def test_cli_calibrate_writes_the_file_and_the_report(tmp_path):
    path = setup_file(tmp_path, TARGET_UR_2014, start='"2014-01"', end='"2014-12"', baseline_start='"2014-01"', budget="10")
    out, work = tmp_path / "cal" / "x.toml", tmp_path / "w"
    code = main(["calibrate", str(path), "--out", str(out), "--work", str(work), "--executor", "inprocess", "--quiet"])
    assert code == 0 and load_calibrated(out).provenance["evaluations"] == 10
    assert (work / "fit-report.html").is_file()


# ---------------------------------------------------------------- the committed calibration


def test_every_bundled_scenario_uses_the_committed_calibration():
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        assert load_scenario(path).calibration == COMMITTED, path.name


def test_the_committed_calibration_is_current():
    """Fails when the targets, parameter or region file changed after the calibration: recalibrate."""
    c = load_calibrated(COMMITTED)
    region = hashlib.sha256((ROOT / "src/participation_model/data/regions/oost-groningen.toml").read_bytes()).hexdigest()
    assert provenance_problems(c, region_sha256=region) == []


def test_the_committed_calibration_fits_or_explains_every_target():
    c = load_calibrated(COMMITTED)
    explained = tomllib.loads(EXPLANATIONS.read_text())
    misses = [name for name, row in c.fit.items() if not row["within"]]
    assert [m for m in misses if m not in explained] == []
    for name in ("netto_participation_2016", "bruto_participation_2016", "unemployment_rate_2016"):
        assert abs(c.fit[name]["model"] - c.fit[name]["target"]) <= 0.5, name
    assert c.provenance["objective"] <= c.provenance["objective_start"]
    assert np.isfinite(c.provenance["objective"])


def test_a_holdout_calibration_keeps_its_targets_out_of_the_fit_and_reports_them(tmp_path):
    holdout = '{ name = "tiny-holdout", kept_back = ["residents_jobs_inside_2014"] }'
    path = setup_file(tmp_path, TARGET_UR_2014, start='"2014-01"', end='"2014-12"', baseline_start='"2014-01"', budget="10",
                      free=free_around("matching.efficiency"), holdout=holdout)
    assert [t.name for t in load_setup(path).fitted] == ["unemployment_rate_2014", "residents_jobs_inside_2014"]
    setup = load_setup(path, holdout=True)
    assert setup.name == "tiny-holdout"
    assert [t.name for t in setup.fitted] == ["unemployment_rate_2014"]
    assert [t.name for t in setup.kept_back] == ["residents_jobs_inside_2014"]
    result = calibrate(setup, in_process, tmp_path / "work")
    for e in result.history:  # the objective is the fitted target's alone; the kept-back one is still measured
        z = setup.fitted[0].standardised(np.mean([s["unemployment_rate_2014"] for s in e.statistics]))
        assert e.objective == pytest.approx(z**2)
        assert all("residents_jobs_inside_2014" in s for s in e.statistics)
    start = setup.parameters_at(setup.start_point())  # not a member of the search: tuned with every target in view
    assert start not in [e.parameters for e in result.history] and result.start.parameters == start
    assert len(result.history) <= setup.budget
    c = load_calibrated(write_result(result, tmp_path / "cal" / "h.toml", ["pytest"]))
    assert c.provenance["holdout"] is True and c.provenance["kept_back"] == ["residents_jobs_inside_2014"]
    assert c.provenance["search_seeded_with_start"] is False
    assert c.fit["residents_jobs_inside_2014"]["status"] == "kept back"
    assert c.fit["unemployment_rate_2014"]["status"] == "fitted"
