"""The what-if app's "Design a package" panel: its specs, its checks and its callbacks.

``participation-model design SPEC`` searches the best package of instruments within a budget;
the panel runs the same task (:mod:`participation_model.tasks.design`) in the background. The
specs offered are the ``.toml`` files of the designs folder (read again on every page load;
a missing folder offers none, with a note). The overrides play the flags ``--scale`` and
``--evaluations`` and are checked as the command line checks them (``prepare``), with its
error text; nothing starts then. Five callbacks, none of which waits on a design:

- ``show_design`` (spec picked): its description, what a run involves, the spec's scale and
  evaluations as the overrides' placeholders, or the command line's errors;
- ``start_design`` (Start design): check, then start the design on a worker thread; a second
  design while one runs is refused with what runs and how far (the page then follows it);
- ``follow_design`` (job id stored, or found in the tab's session store): switch the timer on;
- ``poll_design`` (timer): the progress line; when done, the card, the picks and the files;
  a failure's type and message;
- ``cancel_design`` (Cancel design): stop at the end of the current generation.

Example:
    >>> entries, note = discover_specs(Path("no-such-folder"))
    >>> entries, note.startswith("No design specs: the folder no-such-folder does not exist")
    ([], True)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import dash
from dash import Input, Output, State, no_update

from participation_model.analysis.design_spec import DesignSpecError, load_spec
from participation_model.app import design_layout
from participation_model.app.catalogue import SCENARIO_SUFFIX, ScenarioEntry
from participation_model.app.design_jobs import DesignJobs, DesignRequest, equivalent_command
from participation_model.app.jobs import CANCELLED, DONE, FAILED, Busy
from participation_model.app.layout import error_view
from participation_model.app.request import InputError, shown_value
from participation_model.numbers import finite_number
from participation_model.tasks import TaskInputError

NOT_STARTED = "Not started: the spec or the overrides do not pass the checks of participation-model design"


def discover_specs(designs_dir: Path) -> tuple[list[ScenarioEntry], str]:
    """The picker's design specs, sorted by file name, and a note when there are none.

    A spec the command line rejects is offered too, marked "has errors" (picking it shows why).
    """
    if not designs_dir.is_dir():
        return [], f"No design specs: the folder {designs_dir} does not exist (looked for {designs_dir.resolve()}); start the app with --designs DIR."
    entries = []
    for path in sorted(designs_dir.glob(f"*{SCENARIO_SUFFIX}")):
        if not path.is_file():
            continue
        try:
            spec = load_spec(path)
        except DesignSpecError as error:
            entries.append(ScenarioEntry(path.name, path, path.stem, "", str(error)))
            continue
        entries.append(ScenarioEntry(path.name, path, spec.name, spec.description, None))
    return entries, "" if entries else f"No design specs: the folder {designs_dir} has no .toml files."


def spec_path(designs_dir: Path, file: str | None) -> Path | None:
    """The picked spec inside the folder, or None: the browser may only name a file there.

    Example:
        >>> spec_path(Path("designs"), "../scenarios/baseline.toml") is None
        True
    """
    if not file or Path(file).name != file or not file.endswith(SCENARIO_SUFFIX):
        return None
    path = designs_dir / file
    return path if path.is_file() else None


def checked_overrides(scale: Any, evaluations: Any) -> tuple[float | None, int | None]:
    """The overrides as the flags' types (empty: not given); what argparse refuses, with its text.

    The ranges are checked by ``tasks.design.prepare``, as for the flags.

    Example:
        >>> checked_overrides(0.05, 40), checked_overrides("", None)
        ((0.05, 40), (None, None))
        >>> checked_overrides("a lot", 2.5)
        Traceback (most recent call last):
        ...
        participation_model.app.request.InputError: error: argument --scale: invalid float value: 'a lot'
        error: argument --evaluations: invalid int value: 2.5
    """
    lines = []
    scale = None if scale in (None, "") else scale
    evaluations = None if evaluations in (None, "") else evaluations
    if scale is not None and finite_number(scale) is None:
        lines.append(f"error: argument --scale: invalid float value: {shown_value(scale)}")
    if evaluations is not None and finite_number(evaluations, whole=True) is None:
        lines.append(f"error: argument --evaluations: invalid int value: {shown_value(evaluations)}")
    if lines:
        raise InputError(lines)
    return (None if scale is None else float(scale)), (None if evaluations is None else int(evaluations))


def prepared_design(path: Path, outputs_dir: Path, *, scale: float | None = None, evaluations: int | None = None, check_folder: bool = True) -> Any:
    """``tasks.design.prepare`` with the folders under ``outputs_dir``: ``design-<name>`` and the log's ``design/<name>``.

    The task's defaults are the same folders under ``outputs/`` of the working folder; the app
    takes the folder as a parameter so that a test (or a second app) writes elsewhere.

    Raises:
        InputError: with the lines the command line prints for the spec or the flags.

    Example:
        >>> prepared_design(Path("designs/sectorplan-era.toml"), Path("outputs"), scale=0.05).out_dir  # doctest: +SKIP
        PosixPath('outputs/design-sectorplan-era')
        >>> prepared_design(Path("designs/sectorplan-era.toml"), Path("outputs"), scale=0)  # doctest: +SKIP
        Traceback (most recent call last):
        ...
        participation_model.app.request.InputError: error: --scale 0.0: allowed: a number above 0 to 1
    """
    from participation_model.tasks import design
    from participation_model.tasks.common import checked_target
    from participation_model.tasks.folders import DESIGN_FORMAT

    try:
        prepared = design.prepare(path, scale=scale, evaluations=evaluations, check_folder=False)
        name = prepared.spec.name
        prepared = dataclasses.replace(prepared, out_dir=outputs_dir / f"design-{name}", work_dir=outputs_dir / "design" / name)
        if check_folder:
            checked_target(prepared.out_dir, DESIGN_FORMAT)
    except TaskInputError as error:
        raise InputError(str(error).splitlines() if error.located else [error.text()]) from None
    return prepared


def spec_lines(prepared: Any) -> list[str]:
    """The spec's description, what a run of it involves (the command line's opening line), where it writes.

    Example:
        >>> spec_lines(prepared_design(Path("designs/sectorplan-era.toml"), Path("outputs")))[1]  # doctest: +SKIP
        '6 instruments (...), budget EUR 20,000,000, objective net_person_years (worst_case over historical, ...'
    """
    spec, setup = prepared.spec, prepared.setup
    log = prepared.work_dir / "evaluations.jsonl"
    names = ", ".join(i.name for i in spec.instruments)
    return [
        spec.description,
        f"{len(spec.instruments)} instruments ({names}), budget EUR {spec.total_budget:,.0f}, objective {spec.objective} "
        f"({spec.criterion} over {', '.join(spec.economies)}); {len(setup.states)} model runs per candidate at scale {spec.scale:g}, "
        f"at most {spec.evaluations} candidates.",
        f"Writes {prepared.out_dir}; the log of its candidates: {log}" + (" (it exists: 'continue the earlier log' reuses it)." if log.exists() else "."),
    ]  # fmt: skip


def register_design(app: dash.Dash, jobs: DesignJobs, designs_dir: Path, outputs_dir: Path) -> None:
    """Attach the panel's callbacks (see the module docstring)."""

    @app.callback(
        Output("design-description", "children"),
        Output("design-scale", "placeholder"),
        Output("design-evaluations", "placeholder"),
        Output("design-errors", "children"),
        Input("design-picker", "value"),
    )
    def show_design(file: str | None) -> tuple[Any, ...]:
        path = spec_path(designs_dir, file)
        if path is None:
            return [], "", "", []
        try:
            prepared = prepared_design(path, outputs_dir, check_folder=False)
        except InputError as error:
            return [], "", "", error_view(error.lines, "This spec has errors (as participation-model design reports them)")
        spec = prepared.spec
        return design_layout.spec_view(spec_lines(prepared)), f"{spec.scale:g}", str(spec.evaluations), []

    @app.callback(
        Output("design-job", "data"),
        Output("design-errors", "children", allow_duplicate=True),
        Output("design-progress", "children", allow_duplicate=True),
        Output("design-result", "children", allow_duplicate=True),
        Input("design-start-button", "n_clicks"),
        State("design-picker", "value"),
        State("design-scale", "value"),
        State("design-evaluations", "value"),
        State("design-resume", "value"),
        prevent_initial_call=True,
    )
    def start_design(clicks: int, file: str | None, scale: Any, evaluations: Any, resume: Any) -> tuple[Any, ...]:
        path = spec_path(designs_dir, file)
        if path is None:
            return no_update, error_view(["Pick a design spec first."], "Not started"), no_update, no_update
        try:
            scale, evaluations = checked_overrides(scale, evaluations)
            prepared = prepared_design(path, outputs_dir, scale=scale, evaluations=evaluations)
        except InputError as error:
            return no_update, error_view(error.lines, NOT_STARTED), no_update, no_update
        again = design_layout.RESUME in (resume or [])
        request = DesignRequest(prepared, again, equivalent_command(prepared, scale=scale, evaluations=evaluations, resume=again))
        try:
            status = jobs.submit(request)
        except Busy as busy:  # follow the design that holds the slot: any page can see and cancel it
            return busy.job_id or no_update, error_view([str(busy)], "Not started"), no_update, no_update
        return status.id, [], design_layout.design_progress_view(status), []

    @app.callback(
        Output("design-poll", "disabled", allow_duplicate=True),
        Input("design-job", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def follow_design(job_id: str | None) -> bool:
        return job_id is None

    @app.callback(
        Output("design-progress", "children"),
        Output("design-result", "children"),
        Output("design-errors", "children", allow_duplicate=True),
        Output("design-poll", "disabled"),
        Input("design-poll", "n_intervals"),
        State("design-job", "data"),
        prevent_initial_call=True,
    )
    def poll_design(ticks: int, job_id: str | None) -> tuple[Any, ...]:
        status = jobs.status(job_id)
        if status is None:
            return design_layout.unknown_design_view(), no_update, no_update, True
        progress = design_layout.design_progress_view(status)
        if status.active:
            return progress, no_update, no_update, False
        if status.state == DONE:
            return progress, design_layout.design_result_view(status.payload), [], True
        if status.state == FAILED:
            return progress, [], error_view([status.error or "unknown error"], "The design failed"), True
        return progress, no_update, [] if status.state == CANCELLED else no_update, True

    @app.callback(
        Output("design-errors", "children", allow_duplicate=True),
        Input("design-cancel-button", "n_clicks"),
        State("design-job", "data"),
        prevent_initial_call=True,
    )
    def cancel_design(clicks: int, job_id: str | None) -> Any:
        if jobs.cancel(job_id) or jobs.cancel_any():  # this page's design, else the one holding the slot
            return []
        return error_view(["No design is in progress."], "Nothing to cancel")
