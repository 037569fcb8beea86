"""Tests for the command line: flags, exit codes, progress display and a real end-to-end run.

Most tests replace the model runner with a stand-in module that returns a small hand-made
result, so they check the CLI's own behaviour quickly. ``test_end_to_end_real_model`` runs
the real model at a small scale once the runner module exists.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.cli import ProgressDisplay, main, progress_line

pytest.importorskip("participation_model.scenario")

RUNNER = "participation_model.experiments.runner"

SCENARIO = """\
name = "{name}"
description = "Small test scenario."
region = "oost-groningen"
start = "{start}"
end = "{end}"
seed = 3
replications = 2
scale = 0.02
"""


def write_scenario(
    folder: Path, *, name: str = "cli-test", start: str = "2015-11", end: str = "2016-02"
) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(SCENARIO.format(name=name, start=start, end=end), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# A stand-in runner module: same names as participation_model.experiments.runner
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    replication: int
    replications: int
    month_index: int
    months: int


@dataclass(frozen=True)
class Replication:
    replication: int
    seed: int
    seconds: float
    series: pd.DataFrame
    groups: pd.DataFrame
    sectors: pd.DataFrame


@dataclass(frozen=True)
class Region:
    name: str = "oost-groningen"
    code: str = "CR01"
    path: Path = Path("region.toml")
    sha256: str = "0" * 64


@dataclass(frozen=True)
class Parameters:
    path: Path = Path("parameters.toml")
    sha256: str = "1" * 64


@dataclass(frozen=True)
class Result:
    scenario: object
    replications: list[Replication]
    region: Region
    parameters: Parameters
    seconds: float

    def _concat(self, table: str) -> pd.DataFrame:
        frames = [getattr(r, table).assign(replication=r.replication) for r in self.replications]
        combined = pd.concat(frames, ignore_index=True)
        return combined[["replication", *(c for c in combined.columns if c != "replication")]]

    def series(self) -> pd.DataFrame:
        return self._concat("series")

    def groups(self) -> pd.DataFrame:
        return self._concat("groups")

    def sectors(self) -> pd.DataFrame:
        return self._concat("sectors")


def fake_result(scenario: object, months: list[str]) -> Result:
    """Unemployment 7.0% and 8.0% in the two replications; participation 61 and 66%."""
    replications = []
    for rep in range(scenario.replications):
        series = pd.DataFrame(
            {
                "month": months,
                "netto_participation_15_75": 61.0 + rep,
                "bruto_participation_15_75": 66.0 + rep,
                "unemployment_rate_15_75": 7.0 + rep,
                "ww": 4000.0,
                "job_finding": np.arange(len(months), dtype=float),
            }
        )
        groups = pd.DataFrame(
            {"month": months, "dimension": "sex", "group": "female", "employed": 30000.0 + rep}
        )
        sectors = pd.DataFrame(
            {"month": months, "sector": "zorg", "location": "inside", "employed": 9000.0}
        )
        replications.append(
            Replication(rep, scenario.seed + rep, 0.5, series, groups, sectors)
        )
    return Result(scenario, replications, Region(), Parameters(), 1.0)


@pytest.fixture
def fake_runner(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Install a stand-in runner module; returns the list of scenarios it was asked to run."""
    calls: list[object] = []

    def run_scenario(scenario, *, progress=None):  # noqa: ANN001, ANN202 - mimics the runner
        calls.append(scenario)
        months = scenario.month_labels()
        for rep in range(scenario.replications):
            for index in range(len(months)):
                if progress is not None:
                    progress(Event(rep, scenario.replications, index + 1, len(months)))
        return fake_result(scenario, months)

    module = types.ModuleType(RUNNER)
    module.run_scenario = run_scenario
    monkeypatch.setitem(sys.modules, RUNNER, module)
    return calls


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------------------------------------
# validate and --version
# ---------------------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("participation-model ") and out.strip().split()[-1][0].isdigit()


def test_validate_describes_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenario(tmp_path)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "'cli-test'" in out and "is valid" in out
    for text in ("2015-11", "2016-02", "(4 months)", "2 replications", "seed 3", "0.02"):
        assert text in " ".join(out.split()), text


def test_validate_reports_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\nreplications = 0\nsead = 1\n')
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "replications" in err and "sead" in err


def test_no_command_and_bad_flags_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["run"]) == 2
    assert main(["run", "x.toml", "--replications", "many"]) == 2


# ---------------------------------------------------------------------------------------------
# run, with the stand-in runner
# ---------------------------------------------------------------------------------------------


def test_run_writes_folder_and_prints_headline(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fake_runner: list[object],
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_scenario(tmp_path)
    code = main(["run", str(path), "--seed", "0", "--replications", "2", "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""  # --quiet: no progress
    folder = tmp_path / "outputs" / "cli-test"  # default: outputs/<name> in the current folder
    assert "manifest.json" in _entries(folder) and "overview.html" in _entries(folder)
    assert fake_runner[0].seed == 0  # seed 0 is a seed, not "no seed"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["command_line"][1:] == ["run", str(path), "--seed", "0", "--replications",
                                            "2", "--quiet"]
    assert [r["seed"] for r in manifest["replications"]] == [0, 1]
    assert manifest["scenario"]["overrides"] == {"seed": 0, "replications": 2}
    out = captured.out
    assert "outputs/cli-test" in out
    assert "2016, annual average, median of 2 replications" in out
    assert "unemployment rate 15-75" in out and "7.5%" in out  # median of 7.0 and 8.0
    assert "(7.0 to 8.0)" in out  # 5-95% range of 7.0 and 8.0, rounded
    assert "netto participation 15-75" in out and "61.5%" in out


def test_run_uses_last_year_when_2016_not_simulated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_runner: list[object]
) -> None:
    path = write_scenario(tmp_path, start="2017-06", end="2018-03")
    assert main(["run", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    assert "2018, annual average" in capsys.readouterr().out


def test_run_shows_progress_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_runner: list[object]
) -> None:
    path = write_scenario(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "replication 1/2, month 1/4" in err  # first event is always shown
    assert "replication 2/2, month 4/4 (100%)" in err  # and the last one


def test_bad_override_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_runner: list[object]
) -> None:
    path = write_scenario(tmp_path)
    out = tmp_path / "o"
    assert main(["run", str(path), "--replications", "0", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--replications" in err
    assert not out.exists() and fake_runner == []


def test_unsafe_output_folder_exits_2_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_runner: list[object]
) -> None:
    path = write_scenario(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.txt").write_text("keep me")
    assert main(["run", str(path), "--out", str(tmp_path / "docs"), "--quiet"]) == 2
    assert "refusing to replace" in capsys.readouterr().err
    assert fake_runner == []  # the model never started
    assert _entries(tmp_path / "docs") == ["report.txt"]


@pytest.mark.parametrize(
    ("manifest", "shown"),
    [
        ('{"tool": "someone else"}', "no manifest.json of participation-model"),
        ("not json at all", "no manifest.json of participation-model"),
        ('{"format": "participation-model-comparison/1"}', "it is a compare folder of participation-model"),
        ('{"format": "participation-model-batch/1"}', "it is a batch folder of participation-model"),
    ],
    ids=["other-tool", "broken", "comparison", "sweep"],
)
def test_a_folder_with_a_manifest_is_replaced_only_when_it_is_an_earlier_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_runner: list[object], manifest: str, shown: str
) -> None:
    path = write_scenario(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text(manifest)
    (other / "data.csv").write_text("keep me")
    assert main(["run", str(path), "--out", str(other), "--quiet"]) == 2
    assert shown in capsys.readouterr().err
    assert fake_runner == [] and _entries(other) == ["data.csv", "manifest.json"]


@pytest.mark.parametrize("out", [".", "..", "", "  "], ids=["current", "parent", "empty", "blank"])
def test_the_current_folder_its_parents_and_an_empty_path_are_never_output_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_runner: list[object], monkeypatch: pytest.MonkeyPatch, out: str
) -> None:
    path = write_scenario(tmp_path)
    here = tmp_path / "work"
    here.mkdir()
    (here / "manifest.json").write_text('{"format": "participation-model-output/1"}')  # looks like ours: still refused
    monkeypatch.chdir(here)
    assert main(["run", str(path), "--out", out, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert ("current folder or one of its parents" in err) or ("empty path" in err), err
    assert fake_runner == [] and (here / "manifest.json").exists() and path.exists()


def test_runner_failure_exits_1_with_one_line_and_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run_scenario(scenario, *, progress=None):  # noqa: ANN001, ANN202
        raise RuntimeError("matching failed in month 3\nmore detail")

    module = types.ModuleType(RUNNER)
    module.run_scenario = run_scenario
    monkeypatch.setitem(sys.modules, RUNNER, module)
    path = write_scenario(tmp_path)
    out = tmp_path / "results" / "o"
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "error: RuntimeError: matching failed in month 3 ... (add --traceback for details)"
    ]
    assert not out.exists()
    assert _entries(tmp_path / "results") == []
    assert main(["run", str(path), "--out", str(out), "--quiet", "--traceback"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err
    assert main(["--traceback", "run", str(path), "--out", str(out), "--quiet"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_write_failure_exits_1_and_leaves_no_partial_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fake_runner: list[object],
) -> None:
    from participation_model.tasks import run as output

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(output, "write_overview", broken)
    path = write_scenario(tmp_path)
    results = tmp_path / "results"
    assert main(["run", str(path), "--out", str(results / "o"), "--quiet"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert _entries(results) == []


# ---------------------------------------------------------------------------------------------
# Progress display
# ---------------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_progress_lines_are_periodic() -> None:
    stream, clock = io.StringIO(), Clock()
    show = ProgressDisplay(stream, interactive=False, interval=10.0, clock=clock)
    for month in range(12):
        clock.now = 3.0 * (month + 1)
        show(Event(0, 1, month + 1, 12))
    lines = stream.getvalue().splitlines()
    # Shown at t=3 (first), 15, 27 (10 s apart) and at the end (t=36).
    assert [line.split(",")[1].strip() for line in lines] == [
        "month 1/12 (8%)", "month 5/12 (42%)", "month 9/12 (75%)", "month 12/12 (100%)"
    ]
    assert lines[-1].endswith("elapsed 0:00:36, ETA 0:00:00")


def test_terminal_progress_rewrites_one_line() -> None:
    stream, clock = io.StringIO(), Clock()
    show = ProgressDisplay(stream, interactive=True, clock=clock)
    for month in range(3):
        clock.now += 1.0
        show(Event(0, 1, month + 1, 3))
    show.close()
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1


def test_quiet_progress_prints_nothing() -> None:
    stream = io.StringIO()
    show = ProgressDisplay(stream, enabled=False, interactive=True)
    show(Event(0, 1, 1, 3))
    show.close()
    assert stream.getvalue() == ""


def test_progress_counts_parallel_replications() -> None:
    stream, clock = io.StringIO(), Clock()
    show = ProgressDisplay(stream, interactive=False, interval=0.0, clock=clock)
    clock.now = 10.0
    show(Event(1, 2, 6, 10))  # replication 2 reports before replication 1
    show(Event(0, 2, 5, 10))
    last = stream.getvalue().splitlines()[-1]
    assert "(55%)" in last  # (6 + 5) of 20 months
    assert progress_line(Event(0, 4, 1, 12), 0.0, 0.0).endswith("ETA --")


# ---------------------------------------------------------------------------------------------
# End to end with the real model
# ---------------------------------------------------------------------------------------------


def test_end_to_end_real_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip(RUNNER)
    monkeypatch.chdir(tmp_path)
    path = write_scenario(tmp_path, name="e2e", start="2014-01", end="2015-12")

    code = main(["run", str(path), "--replications", "2", "--scale", "0.02", "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    folder = tmp_path / "outputs" / "e2e"
    expected = {
        "manifest.json", "scenario.toml", "series.parquet", "series.csv", "groups.parquet",
        "groups.csv", "sectors.parquet", "sectors.csv", "summary.csv", "summary_groups.csv",
        "drivers.csv", "gemeente_basis.csv", "overview.html", "plotly.min.js",
    }
    # the dashboard is written into the finished folder, from its files (not one of them)
    assert set(_entries(folder)) == expected | {"dashboard.html"}
    assert _entries(tmp_path / "outputs") == ["e2e"]  # no partial folders next to it
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert entry["sha256"] == _sha(folder / entry["name"]), entry["name"]
    assert {entry["name"] for entry in manifest["files"]} == expected - {"manifest.json"}
    assert manifest["scenario"]["sha256"] == _sha(path) == _sha(folder / "scenario.toml")
    assert len(manifest["replications"]) == 2
    assert manifest["rules"]["sha256"]  # the rules data file is hashed too
    series = pd.read_parquet(folder / "series.parquet")
    assert series.columns[0] == "replication"
    assert series.groupby("replication").size().to_dict() == {0: 24, 1: 24}
    pd.testing.assert_frame_equal(series, pd.read_csv(folder / "series.csv"), check_dtype=False)
    summary = pd.read_csv(folder / "summary.csv")
    assert {"mean", "p5", "p50", "p95", "n_replications"} <= set(summary.columns)
    assert set(summary["year"]) == {2014, 2015}
    assert set(summary["n_replications"]) <= {2}
    page = (folder / "overview.html").read_text(encoding="utf-8")
    assert "Plotly.newPlot" in page and "plotly" in page.lower()
    assert "2015, annual average" in captured.out

    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nscale = -1\n')
    assert main(["run", str(bad), "--quiet"]) == 2
    assert "scale" in capsys.readouterr().err
    assert _entries(tmp_path / "outputs") == ["e2e"]  # no bad/ and no .bad.partial-*


def test_python_dash_m_runs_the_command_line(tmp_path):
    import subprocess
    import sys

    from participation_model import __version__

    done = subprocess.run([sys.executable, "-m", "participation_model", "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"participation-model {__version__}"
    scenario = tmp_path / "tiny.toml"
    scenario.write_text('name = "tiny"\nend = "2014-02"\nscale = 0.01\nreplications = 1\n', encoding="utf-8")
    run = [sys.executable, "-m", "participation_model", "run", str(scenario), "--out", str(tmp_path / "out"), "--quiet", "--no-dashboard"]
    assert subprocess.run(run, capture_output=True, text=True, timeout=300).returncode == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command_line"][:2] == ["participation-model", "run"]  # as users type it, not this machine's path to __main__.py


def test_the_package_has_one_version_and_declares_its_types():
    import importlib.metadata

    import participation_model

    assert importlib.metadata.version("participation-model") == participation_model.__version__
    assert (Path(participation_model.__file__).parent / "py.typed").is_file()
