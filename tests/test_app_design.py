"""The what-if app's "Design a package" panel without a browser: its callbacks as functions.

As in tests/test_app.py, the callbacks are taken from ``app.callback_map`` (``__wrapped__``)
and called with what a browser would send. The design is a real one on the model, tiny: two
instruments of which at most one is funded (three candidates), two economies, one replication
at scale 0.02 to 2016-12, so a run takes seconds. One test holds the search after its first
generation (by wrapping the task's ``search`` progress) to see a second start refused and a
cancel stop the search at the next generation.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from dash import dcc, html, no_update

from dash_tree import by_id, callbacks, no_threads, state, texts, walk  # noqa: F401  (the app tests' shared readers)
from dash_tree import poll_until_finished as _poll_until_finished
from participation_model.app import create_app
from participation_model.cli import main
from participation_model.tasks import design as design_task

from design_specs import tiny_spec

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "baseline.toml"
WAIT_SECONDS = 90  # longest a test waits for a background design (the machine may be busy)
POLL_SECONDS = 0.1

TINY = tiny_spec(total=1_000_000, targets=False, description="A tiny design <script>alert(1)</script>")  # three candidates
SCENARIO_BASELINE = 'name = "base"\nstart = "2014-01"\nend = "2015-06"\nseed = 7\nreplications = 1\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """scenarios/ (a baseline), designs/ (the tiny spec and one the command line rejects), outputs/ (not yet there)."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "baseline.toml").write_text(SCENARIO_BASELINE, encoding="utf-8")
    (tmp_path / "designs").mkdir()
    tiny = TINY
    (tmp_path / "designs" / "tiny.toml").write_text(tiny, encoding="utf-8")
    (tmp_path / "designs" / "broken.toml").write_text(tiny.replace('name = "tiny"', 'name = "broken"\nobjective = "jobs"'), encoding="utf-8")
    return tmp_path


@pytest.fixture
def app(folder: Path):
    return create_app(folder / "scenarios", folder / "scenarios" / "baseline.toml", designs_dir=folder / "designs", outputs_dir=folder / "outputs")


def start(app, file: str = "tiny.toml", *, scale: Any = None, evaluations: Any = None, resume: Any = None):
    """Press Start design."""
    return callbacks(app)["start_design"](1, file, scale, evaluations, resume or [])


def no_design_threads() -> bool:
    return no_threads("design-")


def poll_until_finished(app, job_id: str) -> tuple[list[str], tuple[Any, ...]]:
    """Poll like the page's timer until the design is no longer active (``dash_tree.poll_until_finished``)."""
    return _poll_until_finished(lambda: callbacks(app)["poll_design"](1, job_id), WAIT_SECONDS, POLL_SECONDS)


def cli_error(folder: Path, *flags: str, spec: str = "tiny.toml", capsys) -> list[str]:
    """What ``participation-model design`` prints on stderr for the spec and flags (exit 2)."""
    code = main(["design", str(folder / "designs" / spec), *flags, "--out", str(folder / "cli-out"), "--work", str(folder / "cli-work"), "--quiet"])
    assert code == 2
    return capsys.readouterr().err.splitlines()


@pytest.fixture
def held(monkeypatch):
    """Make the design's search wait after its first generation until released."""
    reached, release = threading.Event(), threading.Event()
    real = design_task.search

    def held_search(setup, effects, work_dir, **kwargs):
        progress = kwargs["progress"]

        def gated(event):
            progress(event)  # records the generation, or stops the search when cancelled
            if not reached.is_set():
                reached.set()
                release.wait(WAIT_SECONDS)

        return real(setup, effects, work_dir, **{**kwargs, "progress": gated})

    monkeypatch.setattr(design_task, "search", held_search)
    yield reached, release
    release.set()


# ------------------------------------------------------------------------------- the specs


def test_the_picker_lists_the_design_specs_and_marks_those_with_errors(app):
    page = app.layout()
    picker = by_id(page, "design-picker")
    assert [o["value"] for o in picker.options] == ["broken.toml", "tiny.toml"]
    labels = {o["value"]: o["label"] for o in picker.options}
    assert labels["tiny.toml"] == "tiny (tiny.toml)" and labels["broken.toml"] == "broken (broken.toml) - has errors"
    assert by_id(page, "design-note").children == ""
    assert by_id(page, "scenario-picker") is not None  # the comparison part of the page is still there


def test_a_missing_designs_folder_offers_no_spec_and_says_why(folder):
    app = create_app(folder / "scenarios", folder / "scenarios" / "baseline.toml", designs_dir=folder / "nowhere")
    page = app.layout()
    assert by_id(page, "design-picker").options == [] and by_id(page, "design-picker").value is None
    assert by_id(page, "design-note").children.startswith(f"No design specs: the folder {folder / 'nowhere'} does not exist")
    assert callbacks(app)["show_design"](None) == ([], "", "", [])


def test_picking_a_spec_shows_what_it_runs_or_the_command_line_errors(app, folder, capsys):
    description, scale, evaluations, errors = callbacks(app)["show_design"]("tiny.toml")
    lines = texts(description)
    assert lines[0] == "A tiny design <script>alert(1)</script>"  # text, never HTML (see the card test)
    assert lines[1].startswith("2 instruments (esf, retraining), budget EUR 1,000,000, objective net_person_years (worst_case over historical, recession); 2 model runs per candidate")
    assert lines[2].startswith(f"Writes {folder / 'outputs' / 'design-tiny'}")
    assert (scale, evaluations, errors) == ("0.02", "20", [])
    errors = callbacks(app)["show_design"]("broken.toml")[3]
    assert texts(errors)[1:] == cli_error(folder, spec="broken.toml", capsys=capsys)


# ------------------------------------------------------------------------------- the checks


@pytest.mark.parametrize(
    ("overrides", "flags"),
    [({"scale": 0}, ["--scale", "0"]), ({"scale": 1.5}, ["--scale", "1.5"]), ({"evaluations": 0}, ["--evaluations", "0"])],
    ids=["zero-scale", "scale-above-1", "no-evaluations"],
)
def test_a_bad_override_shows_the_cli_text_and_starts_no_job(app, folder, capsys, overrides, flags):
    job, errors, progress, result = start(app, **overrides)
    assert job is progress is result is no_update and no_design_threads()
    assert texts(errors)[1:] == cli_error(folder, *flags, capsys=capsys)
    assert not (folder / "outputs").exists()


def test_a_crafted_override_or_file_is_refused_with_the_flags_words(app, folder):
    errors = start(app, scale="a lot", evaluations=2.5)[1]
    assert texts(errors)[1:] == ["error: argument --scale: invalid float value: 'a lot'", "error: argument --evaluations: invalid int value: 2.5"]
    assert texts(start(app, file="../scenarios/baseline.toml")[1])[1:] == ["Pick a design spec first."]
    assert texts(start(app, file="broken.toml")[1])[1].startswith(f"{folder / 'designs' / 'broken.toml'}: key 'design.objective'")
    assert no_design_threads() and not (folder / "outputs").exists()


# ------------------------------------------------------------------------------- background designs


def test_a_design_runs_in_the_background_and_its_card_picks_and_files_appear(app, folder):
    job, errors, progress, result = start(app)
    assert isinstance(job, str) and errors == [] and result == [] and state(progress) in ("queued", "running")
    assert callbacks(app)["follow_design"](job) is False  # the stored id switches the timer on

    seen, (progress, result, errors, poll_off) = poll_until_finished(app, job)
    assert state(progress) == "done" and errors == [] and poll_off is True, texts(errors)
    assert set(seen) <= {"queued", "running", "done"}
    out = folder / "outputs" / "design-tiny"
    card = (out / "card.md").read_text(encoding="utf-8")
    shown = by_id(result, "design-card")
    assert [c.children for c in walk(shown) if isinstance(c, html.H3)] == ["Design 'tiny': the recommended package"]
    headings = [c.children for c in walk(shown) if isinstance(c, html.H4)]
    assert headings == ["What to fund", "What it buys", "What it costs net", "Where it is fragile", "How it was found"]
    bullets = [c.children for c in walk(shown) if isinstance(c, html.Li)]
    assert bullets == [line[2:] for line in card.splitlines() if line.startswith("- ")]  # every bullet, as written
    picks = by_id(result, "design-picks")
    rows = [[td.children for td in tr.children] for tr in picks.children[1].children]
    assert rows[0][0] == "recommended" and {"best_in:historical", "best_in:recession"} <= {r[0] for r in rows}
    recommended = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["recommended_candidate"]
    assert rows[0][1] == str(recommended)
    files = texts(by_id(result, "design-files"))
    for name in ("recommended.toml", "dashboard.html"):
        assert str(out / name) in files and (out / name).is_file()
    assert str(out) in files
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"].startswith(f"participation-model design {folder / 'designs' / 'tiny.toml'} --out {out}")
    assert manifest["candidates"] == 3 and "3 candidates (exhaustive)" in by_id(result, "design-summary").children
    for component in walk([app.layout(), result, callbacks(app)["show_design"]("tiny.toml")]):
        assert not isinstance(component, dcc.Markdown)
        assert not any("dangerously" in name for name in component.to_plotly_json()["props"])
    again = callbacks(app)["poll_design"](2, job)  # a reloaded tab finds its design in the session store
    assert state(again[0]) == "done" and by_id(again[1], "design-card") is not None


def test_a_second_design_is_refused_and_cancel_stops_the_running_one(app, folder, held):
    reached, release = held
    job = start(app)[0]
    assert reached.wait(WAIT_SECONDS)  # held after the first generation (funding nothing)
    progress = callbacks(app)["poll_design"](1, job)[0]
    assert state(progress) == "running" and "candidates 1 of 20, model runs 2, best criterion" in by_id(progress, "design-progress-text").children

    other, errors, *_ = start(app, scale=0.05)  # a second design (another page, other settings) ...
    message = texts(errors)[1]
    assert other == job and message.startswith("A design is in progress: design 'tiny' (tiny.toml)")  # ... follows the running one
    assert "candidates 1 of 20, model runs 2" in message and "one design at a time" in message

    assert callbacks(app)["cancel_design"](1, None) == []  # a page without a design of its own may free the slot
    release.set()
    seen, (progress, result, errors, poll_off) = poll_until_finished(app, job)
    assert seen[-1] == "cancelled" and result is no_update and errors == [] and poll_off is True
    assert "the candidates evaluated so far stay in" in by_id(progress, "design-progress-text").children
    log = folder / "outputs" / "design" / "tiny" / "evaluations.jsonl"
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1 + 3  # the fingerprint, then every candidate evaluated: resumable
    assert not (folder / "outputs" / "design-tiny").exists()  # stopped before the folder was written
    assert texts(callbacks(app)["cancel_design"](2, job))[1] == "No design is in progress."


def test_a_failure_inside_a_design_is_shown_with_its_type(app, monkeypatch):
    def failing(*args, **kwargs):
        raise RuntimeError("the search fell over")

    monkeypatch.setattr(design_task, "perform", failing)
    job = start(app)[0]
    seen, (progress, result, errors, poll_off) = poll_until_finished(app, job)
    assert seen[-1] == "failed" and result == [] and poll_off is True
    assert texts(errors) == ["The design failed", "RuntimeError: the search fell over"]


def test_an_unknown_design_is_reported_not_polled_forever(app):
    assert callbacks(app)["follow_design"](None) is True
    progress, result, errors, poll_off = callbacks(app)["poll_design"](1, "no-such-job")
    assert state(progress) == "unknown" and result is errors is no_update and poll_off is True


def test_serve_takes_the_designs_folder(capsys):
    assert main(["serve", "--help"]) == 0
    assert "--designs DIR" in capsys.readouterr().out
