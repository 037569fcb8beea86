"""The what-if app's page, built from Dash components only.

Every piece of text that comes from a file or a run (scenario names, descriptions, error
messages, chart titles and help) is passed as a component's children, which Dash renders as
text; nothing is inserted as HTML, so a scenario description cannot inject markup.

Element ids are stable, for browser tests and for the callbacks: ``scenario-picker``,
``scenario-description``, ``controls`` (one fieldset per intervention block; each control sits
in an element with id ``iv-<block>-<field>``, e.g. ``iv-1-places_per_year`` or
``iv-1-eligibility-age_max``), ``scale``, ``replications``, ``year``, ``run-button``,
``cancel-button``, ``progress`` (holding ``progress-bar``, ``progress-text`` and, on the
element around them, a ``data-state`` attribute: idle, queued, running, charts, done, failed,
cancelled or unknown, so a test waits for ``#progress [data-state=done]``), ``errors`` and
``charts`` (one ``section-<key>`` with a ``chart-<key>`` graph per section).

Example:
    >>> page = page_layout([], "baseline (baseline.toml)", "")
    >>> [c.id for c in page.children if getattr(c, "id", None)][1:4]
    ['scenario-picker', 'scenario-description', 'controls']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from participation_model.app.catalogue import ScenarioEntry
from participation_model.app.controls import CHOICES, Block, Control
from participation_model.app.jobs import JobStatus
from participation_model.app.request import MAX_REPLICATIONS, SCALE_CHOICES

# Scale choices and the replications ceiling: app.request (what the controls offer is all the app runs)
DEFAULT_SCALE = 0.1  # a full 2014-2025 comparison in well under a minute on a laptop
DEFAULT_REPLICATIONS = 3  # enough to see the spread; the shipped files use 10 for reporting
POLL_MILLISECONDS = 500  # how often the page asks for progress; each poll is a dict lookup

PERCENT = 100
IDLE = "idle"
UNKNOWN = "unknown"

STYLE_PAGE = {"maxWidth": "70rem", "margin": "0 auto", "fontFamily": "sans-serif"}
STYLE_ROW = {"display": "flex", "gap": "1rem", "alignItems": "baseline", "flexWrap": "wrap"}
STYLE_HELP = {"color": "#555"}
STYLE_CONTROL = {"display": "grid", "gridTemplateColumns": "15rem 14rem 1fr", "gap": "0.75rem", "alignItems": "center", "margin": "0.25rem 0"}
STYLE_CHOICES = {"display": "grid", "gridTemplateColumns": "15rem 1fr", "gap": "0.75rem", "alignItems": "center", "margin": "0.25rem 0"}
STYLE_ERRORS = {"color": "#a00000", "whiteSpace": "pre-wrap"}


def page_layout(entries: Sequence[ScenarioEntry], baseline_label: str, baseline_problem: str) -> html.Div:
    """The whole page; the controls, progress and charts are filled by callbacks."""
    options = [{"label": entry.label(), "value": entry.file} for entry in entries]
    first = entries[0].file if entries else None
    return html.Div(
        style=STYLE_PAGE,
        children=[
            html.H1("What if: an intervention scenario against the baseline"),
            html.P(f"Baseline: {baseline_label}", id="baseline"),
            html.Label("Scenario", htmlFor="scenario-picker"),
            dcc.Dropdown(id="scenario-picker", options=options, value=first, clearable=False, searchable=True),
            html.P(id="scenario-description", style=STYLE_HELP),
            html.Div(id="controls"),
            html.Div(style=STYLE_ROW, id="settings", children=_settings()),
            html.Div(style=STYLE_ROW, children=[html.Button("Run", id="run-button", n_clicks=0), html.Button("Cancel run", id="cancel-button", n_clicks=0)]),
            html.Div(id="progress", children=progress_view(None)),
            html.Div(id="errors", role="alert", style=STYLE_ERRORS, children=error_view(baseline_problem.splitlines(), "The baseline cannot be loaded") if baseline_problem else []),
            html.Div(id="charts"),
            dcc.Store(id="job", storage_type="session"),  # a reload of the tab finds its run again
            dcc.Store(id="scenario-sha"),
            dcc.Interval(id="poll", interval=POLL_MILLISECONDS, disabled=True),
        ],
    )


def _settings() -> list[Any]:
    """Scale, replications and the year of the probability of beating the baseline."""
    scales = [{"label": f"{scale:g}", "value": scale} for scale in SCALE_CHOICES]
    return [
        html.Div([html.Label("Scale (simulated persons per resident)"), dcc.RadioItems(id="scale", options=scales, value=DEFAULT_SCALE, inline=True)]),
        html.Div([
            html.Label("Replications", htmlFor="replications"),
            dcc.Input(id="replications", type="number", value=DEFAULT_REPLICATIONS, min=1, max=MAX_REPLICATIONS, step=1),
        ]),
        html.Div([html.Label("Year", htmlFor="year"), dcc.Dropdown(id="year", clearable=False, style={"minWidth": "8rem"})]),
    ]


def blocks_view(blocks: Sequence[Block]) -> list[Any]:
    """One fieldset per intervention block, with its controls and notes.

    Example:
        >>> from participation_model.app.controls import scenario_blocks
        >>> data = {"interventions": [{"type": "mass_layoff", "start": "2016-03", "sector": "bouw", "size": 40}]}
        >>> view = blocks_view(scenario_blocks(data, ()))
        >>> view[0].id, view[0].children[2].id
        ('block-1', 'iv-1-size')
    """
    if not blocks:
        return [html.P("This scenario has no intervention blocks: it runs as written.", style=STYLE_HELP)]
    return [_block_view(block) for block in blocks]


def _block_view(block: Block) -> html.Fieldset:
    """A block: its number, name and type, its period, controls and notes."""
    return html.Fieldset(
        id=f"block-{block.number}",
        children=[
            html.Legend(f"interventions[{block.number}]: {block.title} ({block.type})"),
            html.P(block.period, style=STYLE_HELP),
            *[_control_view(control) for control in block.controls],
            *[html.P(note, style=STYLE_HELP) for note in block.notes],
        ],
    )


def _control_view(control: Control) -> html.Div:
    """A labelled number box or set of check boxes, with the field's help."""
    if control.kind == CHOICES:
        options = [{"label": choice, "value": choice} for choice in control.choices]
        extra = [value for value in (control.value or []) if value not in control.choices]
        options += [{"label": f"{value} (not a valid value)", "value": value} for value in extra]
        checklist = dcc.Checklist(id=control.component_id, options=options, value=list(control.value or []), inline=True)
        label = html.Label([control.field, html.Br(), html.Small("; ".join(filter(None, (control.help, control.placeholder))), style=STYLE_HELP)])
        return html.Div(id=control.dom_id, style=STYLE_CHOICES, children=[label, checklist])
    number = dcc.Input(id=control.component_id, type="number", value=control.value, placeholder=control.placeholder)
    return html.Div(id=control.dom_id, style=STYLE_CONTROL, children=[html.Label(control.field), number, html.Small(control.help, style=STYLE_HELP)])


def progress_view(status: JobStatus | None) -> html.Div:
    """The progress bar and line; ``data-state`` says where the run is, for tests and CSS.

    Example:
        >>> progress_view(None).to_plotly_json()["props"]["data-state"]
        'idle'
    """
    if status is None:
        return _progress(IDLE, 0.0, "No run yet. Pick a scenario, adjust it and press Run.")
    line = f"{status.description}: {status.text} ({status.fraction:.0%}, {status.seconds:.0f} s)"
    if status.cached:
        line = f"{status.description}: same inputs as an earlier run; its results are shown."
    return _progress(status.state, status.fraction, line)


def unknown_job_view() -> html.Div:
    """The progress area when the server no longer knows the job (it was restarted)."""
    return _progress(UNKNOWN, 0.0, "This run is no longer known to the app (was it restarted?). Press Run again.")


def _progress(state: str, fraction: float, text: str) -> html.Div:
    return html.Div(
        **{"data-state": state},
        children=[html.Progress(id="progress-bar", value=round(fraction * PERCENT), max=PERCENT), " ", html.Span(text, id="progress-text")],
    )


def error_view(lines: Sequence[str], title: str) -> list[Any]:
    """A title and one list item per problem line (the command line's text).

    Example:
        >>> error_view(["x.toml: key 'scale': got 0"], "Not run")[1].children[0].children
        "x.toml: key 'scale': got 0"
    """
    return [html.Strong(title), html.Ul([html.Li(line) for line in lines])]


def charts_view(status: JobStatus) -> list[Any]:
    """A heading for the comparison, then per section its title, help and graph."""
    heading = html.P(f"{status.description}. Results of run {status.id}.", id="charts-heading", style=STYLE_HELP)
    return [heading, *[_section_view(section) for section in status.payload or []]]


def _section_view(section: Any) -> html.Section:
    """One dashboard section: ``key``, ``title``, ``help`` and a plotly ``figure``, or a table of numbers (``headings``, ``rows``)."""
    if getattr(section, "rows", None) is not None:
        table = html.Table([html.Thead(html.Tr([html.Th(h) for h in section.headings])),
                            html.Tbody([html.Tr([html.Td(c) for c in row]) for row in section.rows])], id=f"table-{section.key}")  # fmt: skip
        return html.Section(id=f"section-{section.key}", children=[html.H3(section.title), html.P(section.help, style=STYLE_HELP), table])
    return html.Section(
        id=f"section-{section.key}",
        children=[html.H3(section.title), html.P(section.help, style=STYLE_HELP), dcc.Graph(id=f"chart-{section.key}", figure=section.figure)],
    )
