"""The what-if app: pick a scenario, change its interventions, compare it with the baseline.

``create_app`` builds the Dash app; ``serve`` checks its inputs and runs it on 127.0.0.1.
Below the comparison, the "Design a package" panel runs ``participation-model design`` in the
background (its callbacks: :mod:`participation_model.app.design_app`). The comparison's five
callbacks, none of which waits on a run:

- ``show_scenario`` (scenario picked): the file's blocks as controls, its description, the
  years to report on, and the command line's errors if the file has any;
- ``start_run`` (Run): edited file -> ``scenario_from_dict`` -> the checks of ``compare``
  (``request.build_request``); problems go to the error area and nothing starts; otherwise
  the job manager starts the comparison on a worker thread and the job id goes to the store;
- ``follow_job`` (job id stored, or found in the tab's session store after a reload): switch
  the poll timer on;
- ``poll_run`` (timer): the job's progress; when done, the chart sections (built on the
  worker by ``comparison_tables`` and ``comparison_sections``); a failure's message;
- ``cancel_run`` (Cancel run): asks the job to stop at its next simulated month.

Example:
    >>> app = create_app(Path("scenarios"), Path("scenarios/baseline.toml"))  # doctest: +SKIP
    >>> app.run(port=8050)                                                     # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses

import functools
import logging
import socket
import threading
import webbrowser
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dash
from dash import ALL, Input, Output, State, no_update

from participation_model.app import layout
from participation_model.app.catalogue import (
    SCENARIO_SUFFIX,
    discover,
    file_sha256,
    read_scenario_toml,
)
from participation_model.app.controls import (
    CONTROL_TYPE,
    Block,
    changed_values,
    edited_data,
    initial_values,
    scenario_blocks,
)
from participation_model.app.design_app import discover_specs, register_design
from participation_model.app.design_jobs import DesignJobs
from participation_model.app.design_layout import design_panel
from participation_model.app.jobs import CANCELLED, DONE, FAILED, Busy, JobManager
from participation_model.app.request import (
    InputError,
    build_request,
    default_year,
    year_choices,
)
from participation_model.region import RegionError, load_region
from participation_model.scenario import (
    DEFAULT_END,
    DEFAULT_REGION,
    DEFAULT_START,
    ScenarioError,
    load_scenario,
)

LOG = logging.getLogger(__name__)

TITLE = "participation-model what-if"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
ALL_INTERFACES = ("0.0.0.0", "::")  # listening everywhere; the browser of this machine uses 127.0.0.1
SERVE_WORKERS = 1  # one comparison at a time: a model run uses one core, and two would each run at half speed
BROWSER_DELAY_SECONDS = 1.0  # give the server a moment to listen before the browser asks
NOT_RUN = "Not run: the scenario does not pass the checks of participation-model compare"
CONTROLS = {"type": CONTROL_TYPE, "block": ALL, "field": ALL}


def create_app(
    scenarios_dir: Path,
    baseline: Path,
    *,
    lang: str = "en",
    max_workers: int = 1,
    designs_dir: Path = Path("designs"),
    outputs_dir: Path = Path("outputs"),
) -> dash.Dash:
    """The what-if app for the scenario files of ``scenarios_dir``, compared with ``baseline``.

    The folders are read again on every page load, so new or edited files show up without a
    restart. An invalid baseline does not stop the app: the page shows its errors.

    Args:
        scenarios_dir: folder of scenario ``.toml`` files.
        baseline: the baseline scenario file (usually in that folder; it is not offered).
        lang: language of the comparison charts (``comparison_sections``): "en" or "nl";
            another raises ``DashboardError`` (a ValueError).
        max_workers: comparisons that may run at the same time.
        designs_dir: folder of design specs for the "Design a package" panel; a missing
            folder offers none, with a note.
        outputs_dir: where a design writes ``design-<name>`` and its log ``design/<name>``.

    Example:
        >>> app = create_app(Path("scenarios"), Path("scenarios/baseline.toml"))  # doctest: +SKIP
        >>> sorted(entry["callback"].__name__ for entry in app.callback_map.values())  # doctest: +SKIP
        ['cancel_design', 'cancel_run', 'follow_design', 'follow_job', 'poll_design', 'poll_run', 'show_design', 'show_scenario', 'start_design', 'start_run']
    """
    return _build(Path(scenarios_dir), Path(baseline), lang, max_workers, Path(designs_dir), Path(outputs_dir))[0]


def serve(
    host: str = "127.0.0.1",
    port: int = 8050,
    scenarios_dir: Path = Path("scenarios"),
    baseline: Path = Path("scenarios/baseline.toml"),
    lang: str = "en",
    debug: bool = False,
    open_browser: bool = False,
    designs_dir: Path = Path("designs"),
) -> None:
    """Check the inputs and run the app until interrupted (Ctrl-C stops running comparisons and designs).

    Designs write under ``outputs/`` of the working folder (``outputs/design-<name>``).

    Binds to 127.0.0.1 unless ``host`` says otherwise: the app has no login, so anyone who can
    reach the address can start runs. Debug mode (Werkzeug's debugger) is refused on any other
    host.

    Raises:
        ValueError: naming the path when the folder or the baseline does not exist, with the
            baseline's problems when it cannot be loaded, for debug on a non-local host, or
            for a language the dashboards do not speak.

    Example:
        >>> serve(scenarios_dir=Path("no-such-folder"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: scenarios folder not found: no-such-folder (looked for .../no-such-folder)
    """
    scenarios_dir, baseline = Path(scenarios_dir), Path(baseline)
    if not scenarios_dir.is_dir():
        raise ValueError(f"scenarios folder not found: {scenarios_dir} (looked for {scenarios_dir.resolve()})")
    if not baseline.is_file():
        raise ValueError(f"baseline scenario file not found: {baseline} (looked for {baseline.resolve()})")
    try:
        load_scenario(baseline)
    except ScenarioError as error:
        raise ValueError(f"the baseline cannot be loaded:\n{error}") from None
    if host not in LOCAL_HOSTS:
        if debug:
            raise ValueError(f"debug mode exposes Werkzeug's debugger; use it only on 127.0.0.1, not on {host}")
        LOG.warning("serving on %s: anyone who can reach it can start model runs (the app has no login)", host)
    app, jobs, designs = _build(scenarios_dir, baseline, lang, SERVE_WORKERS, Path(designs_dir), Path("outputs"))
    guard_host(app.server, allowed_hosts(host, port))
    if open_browser:
        local = "127.0.0.1" if host in ALL_INTERFACES else host
        threading.Timer(BROWSER_DELAY_SECONDS, webbrowser.open, args=(f"http://{local}:{port}/",)).start()
    try:
        app.run(host=host, port=port, debug=debug, use_reloader=False)
    finally:
        jobs.cancel_all()
        designs.cancel_all()


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers the app answers: the address it was started on, with the port.

    A page elsewhere can make a browser send requests to 127.0.0.1 under its own name (DNS
    rebinding); refusing every other Host header stops that. On 127.0.0.1 the loopback names
    count as the same address; on all interfaces (0.0.0.0), this machine's names and addresses.

    Example:
        >>> sorted(allowed_hosts("127.0.0.1", 8050))
        ['127.0.0.1:8050', '[::1]:8050', 'localhost:8050']
    """
    names = {host}
    if host in LOCAL_HOSTS:
        names |= set(LOCAL_HOSTS)
    if host in ALL_INTERFACES:
        names |= set(LOCAL_HOSTS) | {socket.gethostname(), socket.getfqdn()}
        try:
            names |= set(socket.gethostbyname_ex(socket.gethostname())[2])
        except OSError:
            pass
    shown = {f"[{n}]" if ":" in n else n for n in names}
    return frozenset({f"{n}:{port}" for n in shown} | (shown if port == 80 else set()))  # browsers leave out port 80


def guard_host(server: Any, allowed: frozenset[str]) -> None:
    """Answer 400 to every request whose Host header is not one of ``allowed`` (Flask hook)."""
    from flask import request

    @server.before_request
    def _check_host() -> Any:
        given = (request.headers.get("Host") or "").lower()
        if given not in allowed:
            return ("Bad Host header: this app answers only at " + ", ".join(sorted(allowed)) + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"})
        return None


@dataclass(frozen=True)
class NumbersSection:
    """The comparison's numbers as a table (the dashboard's summary table), shown above the charts."""

    key: str
    title: str
    help: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def chart_sections(result: Any, *, lang: str) -> list[Any]:
    """The comparison's numbers (effect, probability, net effect, spending, costs) and the dashboard's charts, for a result.

    Runs on the worker thread. The reports are imported here, when a run finishes, so the app
    starts without their dependencies.
    """
    from participation_model.tasks.compare import comparison_tables
    from participation_model.reports.dashboard.compare import comparison_sections, summary_rows
    from participation_model.reports.dashboard.labels import text

    tables = comparison_tables(result)
    headings, rows = summary_rows(tables, [s.name for s in result.scenarios], result.year, lang)
    numbers = NumbersSection("numbers", text("summary", lang), result.band, tuple(headings), tuple(tuple(r) for r in rows))
    return [numbers, *comparison_sections(tables, lang=lang)]


def _build(
    scenarios_dir: Path, baseline: Path, lang: str, max_workers: int, designs_dir: Path, outputs_dir: Path
) -> tuple[dash.Dash, JobManager, DesignJobs]:
    """The app and its job managers (``serve`` needs them to stop runs and designs on exit)."""
    from participation_model.reports.dashboard.labels import check_language

    check_language(lang)  # an unknown language fails here, not after the first run
    jobs = JobManager(max_workers, finish=functools.partial(chart_sections, lang=lang))
    designs = DesignJobs()
    app = dash.Dash(__name__, title=TITLE, suppress_callback_exceptions=True)
    app.layout = functools.partial(_page, scenarios_dir, baseline, designs_dir)
    _register(app, jobs, scenarios_dir, baseline)
    register_design(app, designs, designs_dir, outputs_dir)
    return app, jobs, designs


def _page(scenarios_dir: Path, baseline: Path, designs_dir: Path) -> Any:
    """The page for the folders as they are now (Dash calls this on every page load)."""
    panel = design_panel(*discover_specs(designs_dir))
    try:
        base = load_scenario(baseline)
    except ScenarioError as error:
        page = layout.page_layout([], str(baseline), str(error))
    else:
        label = f"{base.name} ({baseline})" + (f": {base.description}" if base.description else "")
        page = layout.page_layout(discover(scenarios_dir, base), label, "")
    page.children.append(panel)
    return page


def _register(app: dash.Dash, jobs: JobManager, scenarios_dir: Path, baseline: Path) -> None:
    """Attach the callbacks (see the module docstring)."""

    @app.callback(
        Output("controls", "children"),
        Output("scenario-description", "children"),
        Output("year", "options"),
        Output("year", "value"),
        Output("scenario-sha", "data"),
        Output("errors", "children"),
        Input("scenario-picker", "value"),
    )
    def show_scenario(file: str | None) -> tuple[Any, ...]:
        path = _scenario_path(scenarios_dir, baseline, file)
        if path is None:
            return [], "", [], None, None, []
        try:
            data = read_scenario_toml(path)
        except ScenarioError as error:
            return [], "", [], None, None, layout.error_view(str(error).splitlines(), "This file cannot be read")
        description = data.get("description") if isinstance(data.get("description"), str) else ""
        start, end, errors = DEFAULT_START, DEFAULT_END, []
        try:
            scenario = load_scenario(path)
            start, end = scenario.start, scenario.end
        except ScenarioError as error:
            errors = layout.error_view(str(error).splitlines(), "This file has errors (as participation-model validate reports them)")
        years = year_choices(start, end)
        blocks = with_name_notes(scenario_blocks(data, _gemeenten(data, path)), _later_names(data, path))
        return layout.blocks_view(blocks), description, years, default_year(years), file_sha256(path), errors

    @app.callback(
        Output("job", "data"),
        Output("errors", "children", allow_duplicate=True),
        Output("progress", "children", allow_duplicate=True),
        Output("charts", "children", allow_duplicate=True),
        Input("run-button", "n_clicks"),
        State("scenario-picker", "value"),
        State("scale", "value"),
        State("replications", "value"),
        State("year", "value"),
        State("scenario-sha", "data"),
        State(CONTROLS, "value"),
        State(CONTROLS, "id"),
        prevent_initial_call=True,
    )
    def start_run(clicks: int, file: str | None, scale: Any, replications: Any, year: Any, sha: str | None, values: Sequence[Any], ids: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
        unchanged = (no_update, no_update, no_update)
        path = _scenario_path(scenarios_dir, baseline, file)
        if path is None:
            return (no_update, layout.error_view(["Pick a scenario first."], "Not run"), *unchanged[1:])
        if sha != file_sha256(path):
            lines = [f"{path} changed on disk since it was picked; pick it again to reload its controls."]
            return (no_update, layout.error_view(lines, "Not run"), *unchanged[1:])
        try:
            data = read_scenario_toml(path)
            submitted = {(int(i["block"]), str(i["field"])): value for i, value in zip(ids, values)}
            changes = changed_values(initial_values(data, _gemeenten(data, path)), submitted)
            request = build_request(baseline, path, edited_data(data, changes), scale=scale, replications=replications, year=year)
        except ScenarioError as error:
            return (no_update, layout.error_view(str(error).splitlines(), NOT_RUN), *unchanged[1:])
        except InputError as error:
            return (no_update, layout.error_view(error.lines, NOT_RUN), *unchanged[1:])
        try:
            status = jobs.submit(request)
        except Busy as busy:  # follow the run that holds the slot: any page can see and cancel it
            return (busy.job_id or no_update, layout.error_view([str(busy)], "Not started"), *unchanged[1:])
        return status.id, [], layout.progress_view(status), []

    @app.callback(
        Output("poll", "disabled", allow_duplicate=True),
        Input("job", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def follow_job(job_id: str | None) -> bool:
        # A new job, or the job of this browser tab after a reload (the store keeps it for the
        # session): poll it until it is finished (and its charts are shown again).
        return job_id is None

    @app.callback(
        Output("progress", "children"),
        Output("charts", "children"),
        Output("errors", "children", allow_duplicate=True),
        Output("poll", "disabled"),
        Input("poll", "n_intervals"),
        State("job", "data"),
        prevent_initial_call=True,
    )
    def poll_run(ticks: int, job_id: str | None) -> tuple[Any, ...]:
        status = jobs.status(job_id)
        if status is None:
            return layout.unknown_job_view(), no_update, no_update, True
        progress = layout.progress_view(status)
        if status.active:
            return progress, no_update, no_update, False
        if status.state == DONE:
            return progress, layout.charts_view(status), [], True
        if status.state == FAILED:
            return progress, [], layout.error_view([status.error or "unknown error"], "The run failed"), True
        return progress, no_update, [] if status.state == CANCELLED else no_update, True

    @app.callback(
        Output("errors", "children", allow_duplicate=True),
        Input("cancel-button", "n_clicks"),
        State("job", "data"),
        prevent_initial_call=True,
    )
    def cancel_run(clicks: int, job_id: str | None) -> Any:
        if jobs.cancel(job_id) or jobs.cancel_any():  # this page's run, else the one holding the slot
            return []
        return layout.error_view(["No run is in progress."], "Nothing to cancel")


def _scenario_path(scenarios_dir: Path, baseline: Path, file: str | None) -> Path | None:
    """The picked file inside the folder, or None: the browser may only name a file there.

    Example:
        >>> _scenario_path(Path("scenarios"), Path("scenarios/baseline.toml"), "../secret.toml") is None
        True
    """
    if not file or Path(file).name != file or not file.endswith(SCENARIO_SUFFIX):
        return None
    path = scenarios_dir / file
    if not path.is_file() or path.resolve() == baseline.resolve():
        return None
    return path


def _later_names(data: dict[str, Any], path: Path) -> tuple[str, ...]:
    """How the region reads each later gemeente name it accepts, e.g. "Westerwolde: read as Vlagtwedde + Bellingwedde (...)"."""
    region = data.get("region", DEFAULT_REGION)
    try:
        loaded = load_region(region, base_dir=path.parent) if isinstance(region, str) else None
    except (RegionError, OSError, ValueError):
        return ()
    return tuple(loaded.local.names.reading(name) for name in loaded.local.names.later) if loaded is not None else ()


def with_name_notes(blocks: list[Block], readings: tuple[str, ...]) -> list[Block]:
    """Blocks with a gemeente filter get a note per later name saying which gemeenten its box covers.

    Why: the boxes offer "Westerwolde" next to Vlagtwedde and Bellingwedde; ticking it means both.

    Example:
        >>> from participation_model.app.controls import CHOICES, Control
        >>> block = Block(1, "esf_active_inclusion", "esf", "start 2015-07", (Control(1, "eligibility.gemeente", CHOICES, "", [], ""),), ())
        >>> with_name_notes([block], ("Westerwolde: read as Vlagtwedde + Bellingwedde",))[0].notes
        ('gemeente box Westerwolde: read as Vlagtwedde + Bellingwedde',)
    """
    notes = tuple(f"gemeente box {reading}" for reading in readings)
    return [dataclasses.replace(b, notes=b.notes + notes) if any(c.field == "eligibility.gemeente" for c in b.controls) else b for b in blocks]


def _gemeenten(data: dict[str, Any], path: Path) -> tuple[str, ...]:
    """The choices of the gemeente filter: the region's gemeenten, then the later names it accepts
    (``Westerwolde``: the run reads it as Vlagtwedde + Bellingwedde); none if unreadable."""
    region = data.get("region", DEFAULT_REGION)
    try:
        loaded = load_region(region, base_dir=path.parent) if isinstance(region, str) else None
    except (RegionError, OSError, ValueError):
        return ()
    return loaded.gemeenten + tuple(loaded.local.names.later) if loaded is not None else ()
