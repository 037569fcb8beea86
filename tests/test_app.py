"""The what-if app (``participation_model.app``) without a browser: its callbacks as functions.

The callbacks are taken from ``app.callback_map`` (Dash keeps the undecorated function as
``__wrapped__``) and called with the values a browser would send. Runs are real comparisons
at scale 0.02 over 18 months; one test holds its run half-way (by wrapping ``compare``'s
progress callback) to see the intermediate states the progress callback reports.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from dash import dcc, html, no_update

from dash_tree import by_id, callbacks, no_threads, state, texts, walk  # noqa: F401  (the app tests' shared readers)
from dash_tree import poll_until_finished as _poll_until_finished
from participation_model.app import create_app, serve
from participation_model.app.catalogue import discover
from participation_model.cli import main
from participation_model.experiments import compare as compare_module
from participation_model.region import load_region
from participation_model.scenario import load_scenario

REPO = Path(__file__).resolve().parents[1]
SMOKE_SCALE = 0.02  # seconds per run: enough to exercise the whole path, too noisy to read
WAIT_SECONDS = 30  # longest a test waits for a background run before failing
POLL_SECONDS = 0.05
HALF_WAY = 9  # of the 18 simulated months: where the held run waits

PERIOD = 'start = "2014-01"\nend = "2015-06"\nseed = 7\nreplications = 1\n'
BASELINE = 'name = "base"\ndescription = "Short baseline"\n' + PERIOD
HELP = (
    'name = "help"\ndescription = "Job-search help <script>alert(1)</script>"\n' + PERIOD + """
[[interventions]]
type = "van_werkloosheid_naar_werk"
start = "2014-06"
places_per_year = 300
cost_per_participant = 1000
[interventions.eligibility]
status = ["unemployed"]
age_max = 40

[[interventions]]
type = "mass_layoff"
start = "2014-09"
sector = "industrie"
size = 100
"""
)
ECONOMY = 'name = "economy"\n' + PERIOD + "[economy.sector_trend]\nzorg = 2.0\n"
OTHER_PERIOD = 'name = "other-period"\nstart = "2014-01"\nend = "2015-12"\n'
BROKEN = 'name = "broken"\nreplicatons = 5\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A scenarios folder: baseline, a scenario with two blocks, one that only pairs, one that
    does not pair, and one the CLI rejects."""
    files = {"baseline.toml": BASELINE, "help.toml": HELP, "economy.toml": ECONOMY, "other-period.toml": OTHER_PERIOD, "broken.toml": BROKEN}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def app(folder: Path):
    return create_app(folder, folder / "baseline.toml")


def controls_of(app, file: str) -> tuple[list[Any], list[dict[str, Any]], Any]:
    """What the browser would send for the picked file untouched: (values, ids, sha)."""
    out = callbacks(app)["show_scenario"](file)
    inputs = [c for c in walk(out[0]) if isinstance(getattr(c, "id", None), dict)]
    return [c.value for c in inputs], [c.id for c in inputs], out[4]


def start(app, file: str = "help.toml", changes: dict[tuple[int, str], Any] | None = None, *, scale: float = SMOKE_SCALE, replications: Any = 1, year: Any = 2015):
    """Press Run with the file's controls, some of them changed."""
    values, ids, sha = controls_of(app, file)
    for i, key in enumerate(ids):
        if (key["block"], key["field"]) in (changes or {}):
            values[i] = changes[(key["block"], key["field"])]
    return callbacks(app)["start_run"](1, file, scale, replications, year, sha, values, ids)


def poll(app, job_id: str) -> tuple[Any, ...]:
    return callbacks(app)["poll_run"](1, job_id)


def no_run_threads() -> bool:
    return no_threads("what-if-")


def poll_until_finished(app, job_id: str) -> tuple[list[str], tuple[Any, ...]]:
    """Poll like the page's timer until the run is no longer active (``dash_tree.poll_until_finished``)."""
    return _poll_until_finished(lambda: poll(app, job_id), WAIT_SECONDS, POLL_SECONDS)


@pytest.fixture
def held(monkeypatch):
    """Make ``compare`` wait half-way through the scenario run until released."""
    reached, release = threading.Event(), threading.Event()
    real = compare_module.compare

    def held_compare(baseline, scenarios, *, year, progress):
        def gated(event):
            progress(event)
            if event.run != baseline.name and event.month_index == HALF_WAY and not release.is_set():
                reached.set()
                release.wait(WAIT_SECONDS)

        return real(baseline, scenarios, year=year, progress=gated)

    monkeypatch.setattr(compare_module, "compare", held_compare)
    yield reached, release
    release.set()


# ------------------------------------------------------------------------------- the picker


def test_the_picker_lists_scenarios_with_interventions_and_those_that_pair(app):
    picker = by_id(app.layout(), "scenario-picker")
    assert [o["value"] for o in picker.options] == ["broken.toml", "economy.toml", "help.toml"]  # not the baseline, not other-period
    labels = {o["value"]: o["label"] for o in picker.options}
    assert labels["help.toml"] == "help (help.toml)" and labels["broken.toml"].endswith("has errors")
    assert picker.value == "broken.toml"


def test_every_shipped_scenario_with_interventions_is_offered():
    entries = discover(REPO / "scenarios", load_scenario(REPO / "scenarios" / "baseline.toml"))
    offered = {e.file for e in entries}
    with_blocks = {p.name for p in (REPO / "scenarios").glob("*.toml") if load_scenario(p).interventions}
    assert with_blocks <= offered and "baseline.toml" not in offered
    assert all(e.problem is None for e in entries)


# ------------------------------------------------------------------------------- the controls


def test_the_controls_reflect_the_chosen_scenario_blocks(app):
    controls, description, years, year, sha, errors = callbacks(app)["show_scenario"]("help.toml")
    assert description == "Job-search help <script>alert(1)</script>"  # shown as text (see the next test)
    assert years == [2014, 2015] and year == 2015 and errors == [] and len(sha) == 64
    assert by_id(controls, {"type": "iv-control", "block": 1, "field": "places_per_year"}).value == 300
    assert by_id(controls, {"type": "iv-control", "block": 1, "field": "places_per_month"}).value is None
    assert by_id(controls, {"type": "iv-control", "block": 1, "field": "cost_per_participant"}).value == 1000
    assert by_id(controls, {"type": "iv-control", "block": 1, "field": "eligibility.age_max"}).value == 40
    gemeente = by_id(controls, {"type": "iv-control", "block": 1, "field": "eligibility.gemeente"})
    assert isinstance(gemeente, dcc.Checklist) and gemeente.value == []
    region = load_region("oost-groningen")  # the region's gemeenten, then the later names it accepts
    assert [o["value"] for o in gemeente.options] == [*region.gemeenten, *region.local.names.later]
    assert "gemeente box Westerwolde: read as Vlagtwedde + Bellingwedde (merged on 1 January 2018)" in texts(controls)
    assert by_id(controls, {"type": "iv-control", "block": 2, "field": "size"}).value == 100
    fields = {(c.id["block"], c.id["field"]) for c in walk(controls) if isinstance(getattr(c, "id", None), dict)}
    assert (1, "eligibility.status") not in fields  # van_werkloosheid_naar_werk enrols the unemployed itself
    assert not any(block == 2 and field.startswith("eligibility") for block, field in fields)  # a shock has no target group
    assert by_id(controls, "iv-1-eligibility-age_max") is not None  # plain ids for browser tests
    assert any("status: set by the instrument itself" in t for t in texts(controls))
    assert any("interventions[2]: mass_layoff (mass_layoff)" == t for t in texts(controls))


def test_user_text_is_rendered_as_text_never_as_html(app, folder):
    page = [app.layout(), *callbacks(app)["show_scenario"]("help.toml")]
    for component in walk(page):
        assert not isinstance(component, dcc.Markdown)
        assert not any("dangerously" in name for name in component.to_plotly_json()["props"])


def test_a_file_with_errors_shows_the_validate_text_when_picked(app, folder, capsys):
    errors = callbacks(app)["show_scenario"]("broken.toml")[5]
    assert main(["validate", str(folder / "broken.toml")]) == 2
    assert texts(errors)[1:] == capsys.readouterr().err.splitlines()


# ------------------------------------------------------------------------------- validation


def cli_lines(folder: Path, text: str, capsys) -> list[str]:
    """What ``participation-model validate`` prints for ``text``, file prefix dropped."""
    (folder / "cli").mkdir(exist_ok=True)
    path = folder / "cli" / "help.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    return [line.split(": ", 1)[1] for line in capsys.readouterr().err.splitlines()]


@pytest.mark.parametrize(
    ("changes", "edited"),
    [
        ({(1, "places_per_year"): -5}, ("places_per_year = 300", "places_per_year = -5")),
        ({(1, "eligibility.age_min"): 50}, ("age_max = 40", "age_max = 40\nage_min = 50")),
        ({(1, "eligibility.gemeente"): ["Atlantis"]}, ("age_max = 40", 'age_max = 40\ngemeente = ["Atlantis"]')),
    ],
    ids=["negative-places", "age-min-above-age-max", "unknown-gemeente"],
)
def test_invalid_input_shows_the_cli_text_and_starts_no_job(app, folder, capsys, changes, edited):
    job, errors, progress, charts = start(app, changes=changes)
    assert job is progress is charts is no_update and no_run_threads()
    shown = [line.split(": ", 1)[1] for line in texts(errors)[1:]]
    assert texts(errors)[1].startswith(f"{folder / 'help.toml'}: key 'interventions[1].")
    assert shown == cli_lines(folder, HELP.replace(*edited), capsys)


def test_run_settings_are_checked_like_the_flags(app):
    errors = start(app, replications=0)[1]
    assert texts(errors)[1:] == ["controls: key 'replications': got 0; allowed: a whole number from 1 to 100 (the app's ceiling; the command line allows more)"]
    errors = start(app, year=2030)[1]
    assert texts(errors)[1:] == ["error: year 2030 is outside the simulated years 2014-2015"]


@pytest.mark.parametrize(
    ("settings", "shown"),
    [
        ({"scale": 20, "replications": 10000}, ["controls: key 'scale': got 20; allowed: one of 0.02, 0.05, 0.1, 0.25, 1", "controls: key 'replications': got 10000"]),
        ({"scale": 0.3}, ["controls: key 'scale': got 0.3"]),
        ({"replications": 2.5}, ["controls: key 'replications': got 2.5"]),
        ({"year": "2018; drop"}, ["controls: key 'year': got '2018; drop'; allowed: a year of the comparison"]),
        ({"year": "\x1b[2J"}, ["controls: key 'year': got '\\x1b[2J'"]),  # escaped, never sent to a terminal
    ],
    ids=["huge", "off-menu-scale", "fraction", "text-year", "control-characters"],
)
def test_a_crafted_request_cannot_ask_for_more_than_the_controls_offer(app, settings, shown):
    job, errors, *_ = start(app, **settings)
    assert job is no_update and no_run_threads()
    lines = texts(errors)[1:]
    assert all(any(line.startswith(want) for line in lines) for want in shown), lines
    assert not any(ch in line for line in lines for ch in "\x1b\x07\r")


def test_a_scenario_that_does_not_pair_or_lies_outside_the_folder_is_refused(app):
    job, errors, *_ = start(app, file="other-period.toml")
    assert job is no_update and texts(errors)[1].startswith("error: paired runs need the same seed, scale, region, warm-up, start, end")
    run = callbacks(app)["start_run"]
    assert texts(run(1, "../baseline.toml", 0.1, 1, 2015, None, [], [])[1])[1] == "Pick a scenario first."
    assert no_run_threads()


# ------------------------------------------------------------------------------- background runs


def test_a_valid_run_finishes_in_the_background_and_yields_the_chart_sections(app, held):
    reached, release = held
    job, errors, progress, charts = start(app, changes={(1, "places_per_year"): 150})
    assert isinstance(job, str) and errors == [] and charts == [] and state(progress) in ("queued", "running")  # returned while the run goes on
    assert callbacks(app)["follow_job"](job) is False  # the stored job id switches the poll timer on

    assert reached.wait(WAIT_SECONDS)
    progress, charts, errors, poll_off = poll(app, job)
    assert state(progress) == "running" and charts is no_update and poll_off is False
    assert 0 < by_id(progress, "progress-bar").value < 100
    assert "replication 1 of 1, scenario run, month 9 of 18" in by_id(progress, "progress-text").children

    busy = start(app, changes={(1, "places_per_year"): 200})
    assert busy[0] == job and "A run is in progress" in texts(busy[1])[1]  # the refused page follows the running job

    release.set()
    seen, (progress, charts, errors, poll_off) = poll_until_finished(app, job)
    assert state(progress) == "done" and errors == [] and set(seen) <= {"running", "charts", "done"}
    graphs = [c for c in walk(charts) if isinstance(c, dcc.Graph)]
    sections = [c for c in walk(charts) if isinstance(c, html.Section)]
    assert {"section-effects", "section-gross-net", "section-probabilities"} <= {s.id for s in sections}  # comparison_sections
    numbers = [s for s in sections if s.id == "section-numbers"]  # the numbers too, not only charts
    assert len(numbers) == 1 and sections[0] is numbers[0]
    table = numbers[0].children[2]
    assert isinstance(table, html.Table)
    cells = [c.children for c in walk(table) if isinstance(c, (html.Th, html.Td))]
    assert any("cost per net extra person-year" in str(c) for c in cells)  # the ratio column, as in the dashboard
    row = [td.children for td in table.children[1].children[0].children]  # the scenario's row
    if row[4].startswith("-"):  # a negative net effect: no ratio, and the reason instead, in both ratio columns
        assert row[6:] == ["not shown: the effect is not positive"] * 2
    else:
        assert all(c.startswith("not shown") or c[0].isdigit() for c in row[6:])
    sections = [s for s in sections if s is not numbers[0]]
    assert len(graphs) == len(sections)
    for section in sections:
        title, help_text, graph = section.children
        assert isinstance(title, html.H3) and title.children and isinstance(help_text, html.P) and help_text.children
        assert graph.id == f"chart-{section.id.removeprefix('section-')}" and graph.figure is not None

    reloaded = poll(app, job)  # a reloaded tab finds its job in the session store: the charts again
    assert len([c for c in walk(reloaded[1]) if isinstance(c, dcc.Graph)]) == len(graphs) and reloaded[3] is True
    again = start(app, changes={(1, "places_per_year"): 150})  # the same checked inputs: the finished job
    assert again[0] == job and "same inputs as an earlier run" in by_id(again[2], "progress-text").children


def test_a_run_can_be_cancelled(app, held):
    reached, release = held
    job = start(app)[0]
    assert reached.wait(WAIT_SECONDS)
    assert callbacks(app)["cancel_run"](1, job) == []
    release.set()
    seen, (progress, charts, errors, poll_off) = poll_until_finished(app, job)
    assert seen[-1] == "cancelled" and state(progress) == "cancelled" and charts is no_update and errors == [] and poll_off is True
    assert texts(callbacks(app)["cancel_run"](2, job))[1] == "No run is in progress."


def test_another_page_sees_the_running_job_and_can_cancel_it(app, held):
    reached, release = held
    job = start(app)[0]
    assert reached.wait(WAIT_SECONDS)
    other_page, errors, *_ = start(app, changes={(1, "places_per_year"): 200})  # a second browser, refused ...
    assert other_page == job and "its progress is shown below" in texts(errors)[1]  # ... follows the running job
    assert callbacks(app)["cancel_run"](1, None) == []  # a page without a job of its own frees the slot
    release.set()
    seen, _ = poll_until_finished(app, job)
    assert seen[-1] == "cancelled"


def test_only_the_address_the_app_was_started_on_is_answered(app):
    from participation_model.app.dash_app import allowed_hosts, guard_host

    guard_host(app.server, allowed_hosts("127.0.0.1", 8050))
    client = app.server.test_client()
    assert client.get("/", headers={"Host": "127.0.0.1:8050"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8050"}).status_code == 200
    refused = client.get("/_dash-layout", headers={"Host": "attacker.example:8050"})
    assert refused.status_code == 400 and b"answers only at 127.0.0.1:8050" in refused.data
    assert client.get("/", headers={"Host": "127.0.0.1:9999"}).status_code == 400


def test_a_failure_inside_a_run_is_shown(app, monkeypatch):
    def failing(*args, **kwargs):
        raise RuntimeError("the model fell over")

    monkeypatch.setattr(compare_module, "compare", failing)
    job = start(app)[0]
    seen, (progress, charts, errors, poll_off) = poll_until_finished(app, job)
    assert seen[-1] == "failed" and state(progress) == "failed" and charts == [] and poll_off is True
    assert texts(errors) == ["The run failed", "RuntimeError: the model fell over"]


def test_an_unknown_job_is_reported_not_polled_forever(app):
    assert callbacks(app)["follow_job"](None) is True  # a fresh tab does not poll
    progress, charts, errors, poll_off = poll(app, "no-such-job")
    assert state(progress) == "unknown" and charts is errors is no_update and poll_off is True


# ------------------------------------------------------------------------------- serve


def test_serve_and_create_app_refuse_bad_input_with_a_clear_message(folder):
    with pytest.raises(ValueError, match="scenarios folder not found: .*nowhere"):
        serve(scenarios_dir=folder / "nowhere", baseline=folder / "baseline.toml")
    with pytest.raises(ValueError, match="baseline scenario file not found: .*missing.toml"):
        serve(scenarios_dir=folder, baseline=folder / "missing.toml")
    with pytest.raises(ValueError, match="the baseline cannot be loaded:\n.*replicatons"):
        serve(scenarios_dir=folder, baseline=folder / "broken.toml")
    with pytest.raises(ValueError, match="debug mode"):
        serve(host="0.0.0.0", scenarios_dir=folder, baseline=folder / "baseline.toml", debug=True)
    with pytest.raises(ValueError, match="unknown language 'de'; allowed: en, nl"):
        create_app(folder, folder / "baseline.toml", lang="de")

