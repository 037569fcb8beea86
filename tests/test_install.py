"""Installs like a library: ``init`` copies the shipped files, ``ParticipationModel()`` is calibrated,
and a wheel (not an editable install) carries and runs the shipped scenarios."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from participation_model.cli import main
from participation_model.model.model import ParticipationModel, calibrated_values
from participation_model.params import load_parameters
from participation_model.shipped import shipped_files

ROOT = Path(__file__).resolve().parents[1]


def test_init_copies_every_shipped_file_with_its_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "work"
    assert main(["init", str(target)]) == 0
    copied = sorted(p.relative_to(target) for p in target.rglob("*.toml"))
    assert copied == shipped_files()
    assert (target / "scenarios" / "baseline.toml").read_bytes() == (ROOT / "scenarios" / "baseline.toml").read_bytes()
    assert "participation-model run scenarios/baseline.toml" in capsys.readouterr().out
    assert not [p for p in target.iterdir() if p.name.startswith(".")], "no partial folder left behind"


def test_init_scenarios_validate_in_their_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "work")]) == 0
    monkeypatch.chdir(tmp_path / "work")
    capsys.readouterr()
    assert main(["validate", "scenarios/commission-package.toml"]) == 0
    assert "warning" not in capsys.readouterr().err  # the calibrated file finds its targets file


def test_init_design_specs_are_ready_in_their_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from participation_model.tasks.design import prepare

    assert main(["init", str(tmp_path / "work")]) == 0
    monkeypatch.chdir(tmp_path / "work")
    prepared = prepare("designs/sectorplan-era.toml", check_folder=False)  # the spec finds its baseline, calibration and ensemble
    assert prepared.setup.baseline.source_path == (tmp_path / "work" / "scenarios" / "baseline.toml").resolve()


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "calibration").mkdir()
    (tmp_path / "calibration" / "mine.toml").write_text("x = 1\n")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"init {tmp_path}: calibration/ exists there already" in err and "allowed:" in err
    assert not (tmp_path / "scenarios").exists()
    assert (tmp_path / "calibration" / "mine.toml").read_text() == "x = 1\n"


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("")
    assert main(["init", str(tmp_path / "f")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err


def test_the_model_without_a_config_uses_the_calibrated_values() -> None:
    calibrated = calibrated_values()
    defaults = load_parameters()
    moved = [name for name, value in calibrated.items() if value != defaults[name]]
    assert moved, "the shipped calibration moves at least one value off the parameter file"
    model = ParticipationModel(seed=3, scale=0.01, end="2014-02")
    assert all(model.params[name] == calibrated[name] for name in calibrated)
    raw = ParticipationModel(seed=3, scale=0.01, end="2014-02", calibrated=False)
    assert all(raw.params[name] == defaults[name] for name in moved)
    own = ParticipationModel(seed=3, scale=0.01, end="2014-02", **{moved[0]: defaults[moved[0]]})
    assert own.params[moved[0]] == defaults[moved[0]]  # keyword overrides apply over the calibration


@pytest.mark.slow
def test_a_wheel_ships_and_runs_the_scenarios(tmp_path: Path) -> None:
    """Build a wheel, install it (not editable) and run ``init`` and ``validate`` from it, away from the checkout."""
    wheels, site, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], check=True, timeout=600)
    wheel = next(wheels.glob("participation_model-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, timeout=600)
    assert (site / "participation_model" / "_shipped" / "scenarios" / "baseline.toml").is_file()
    env = {**os.environ, "PYTHONPATH": str(site)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)

    where = run("-c", "import participation_model, sys; print(participation_model.__file__)")
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    assert run("-m", "participation_model", "init", str(work)).returncode == 0
    checked = subprocess.run([sys.executable, "-m", "participation_model", "validate", "scenarios/baseline.toml"],
                             cwd=work, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert checked.returncode == 0 and "is valid" in checked.stdout, checked.stderr
    model = run("-c", "import participation_model as pm; m = pm.ParticipationModel(seed=1, scale=0.01, end='2014-02'); "
                      "from participation_model.model.model import calibrated_values as c; "
                      "print(all(m.params[k] == v for k, v in c().items()))")  # fmt: skip
    assert model.stdout.strip() == "True", model.stderr
