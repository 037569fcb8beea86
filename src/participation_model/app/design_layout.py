"""The "Design a package" panel of the what-if app, built from Dash components only.

As in :mod:`participation_model.app.layout`, every text from a file or a run (spec names and
descriptions, the card, error messages) is a component's children, rendered as text: the card's
Markdown is turned into headings, paragraphs and list items here, never inserted as HTML.

Element ids, for the callbacks and browser tests: ``design`` (the panel), ``design-picker``,
``design-note`` (why no spec is offered), ``design-description``, ``design-scale`` and
``design-evaluations`` (optional overrides; empty: the spec's value, shown as placeholder),
``design-resume``, ``design-start-button``, ``design-cancel-button``, ``design-progress``
(holding ``design-progress-bar`` and ``design-progress-text``; ``data-state`` on the element
around them: idle, queued, running, done, failed, cancelled or unknown), ``design-errors`` and
``design-result`` (``design-summary``, ``design-card``, ``design-picks`` in
``design-picks-section``, ``design-files``).

Example:
    >>> panel = design_panel([], "No design specs: the folder designs does not exist.")
    >>> panel.id, panel.children[0].children
    ('design', 'Design a package')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from participation_model.app.catalogue import ScenarioEntry
from participation_model.app.design_jobs import PICKS_HEADINGS
from participation_model.app.jobs import JobStatus
from participation_model.app.layout import IDLE, PERCENT, POLL_MILLISECONDS, STYLE_ERRORS, STYLE_HELP, STYLE_ROW, UNKNOWN

RESUME = "resume"  # the value of the "continue the earlier log" box
STYLE_PANEL = {"borderTop": "1px solid #ccc", "marginTop": "2rem"}


def design_panel(entries: Sequence[ScenarioEntry], note: str) -> html.Section:
    """The panel: pick a spec, override its scale and evaluations, start, follow, read the card."""
    options = [{"label": entry.label(), "value": entry.file} for entry in entries]
    first = entries[0].file if entries else None
    return html.Section(
        id="design",
        style=STYLE_PANEL,
        children=[
            html.H2("Design a package"),
            html.P("Search the best package of instruments within a budget (participation-model design), "
                   "in the background; the folder is written as the command line writes it.", style=STYLE_HELP),  # fmt: skip
            html.Label("Design spec", htmlFor="design-picker"),
            dcc.Dropdown(id="design-picker", options=options, value=first, clearable=False, searchable=True),
            html.P(note, id="design-note", style=STYLE_HELP),
            html.Div(id="design-description", style=STYLE_HELP),
            html.Div(style=STYLE_ROW, children=_overrides()),
            html.Div(style=STYLE_ROW, children=[html.Button("Start design", id="design-start-button", n_clicks=0),
                                                html.Button("Cancel design", id="design-cancel-button", n_clicks=0)]),  # fmt: skip
            html.Div(id="design-progress", children=design_progress_view(None)),
            html.Div(id="design-errors", role="alert", style=STYLE_ERRORS),
            html.Div(id="design-result"),
            dcc.Store(id="design-job", storage_type="session"),  # a reload of the tab finds its design again
            dcc.Interval(id="design-poll", interval=POLL_MILLISECONDS, disabled=True),
        ],
    )


def _overrides() -> list[Any]:
    """Scale and evaluations (the flags ``--scale`` and ``--evaluations``) and the resume box."""
    return [
        html.Div([html.Label("Scale (empty: the spec's)", htmlFor="design-scale"), dcc.Input(id="design-scale", type="number", min=0, max=1, step="any")]),
        html.Div([html.Label("Candidates at most (empty: the spec's)", htmlFor="design-evaluations"),
                  dcc.Input(id="design-evaluations", type="number", min=1, step=1)]),  # fmt: skip
        dcc.Checklist(id="design-resume", options=[{"label": "continue the earlier log (--resume)", "value": RESUME}], value=[]),
    ]


def design_progress_view(status: JobStatus | None) -> html.Div:
    """The design's progress bar and line; ``data-state`` says where it is.

    Example:
        >>> design_progress_view(None).to_plotly_json()["props"]["data-state"]
        'idle'
    """
    if status is None:
        return _progress(IDLE, 0.0, "No design running. Pick a spec and press Start design.")
    return _progress(status.state, status.fraction, f"{status.description}: {status.text} ({status.seconds:.0f} s)")


def unknown_design_view() -> html.Div:
    """The progress area when the server no longer knows the design (it was restarted).

    Example:
        >>> unknown_design_view().to_plotly_json()["props"]["data-state"]
        'unknown'
    """
    return _progress(UNKNOWN, 0.0, "This design is no longer known to the app (was it restarted?). Its log stays: start it again with 'continue the earlier log'.")


def _progress(state: str, fraction: float, text: str) -> html.Div:
    return html.Div(
        **{"data-state": state},
        children=[html.Progress(id="design-progress-bar", value=round(fraction * PERCENT), max=PERCENT), " ", html.Span(text, id="design-progress-text")],
    )


def spec_view(lines: Sequence[str]) -> list[Any]:
    """The picked spec: its description and what a run of it involves, one paragraph each (empty lines left out).

    Example:
        >>> [p.children for p in spec_view(["", "2 instruments (esf, retraining), budget EUR 1,000,000"])]
        ['2 instruments (esf, retraining), budget EUR 1,000,000']
    """
    return [html.P(line) for line in lines if line]


def design_result_view(payload: Any) -> list[Any]:
    """A finished design: the card, the picks table and the files written.

    Example:
        >>> from pathlib import Path
        >>> from participation_model.app.design_jobs import DesignPayload
        >>> view = design_result_view(DesignPayload("# Design 'x'\\n\\n## What to fund\\n\\n- esf: EUR 1 M\\n", (), Path("o"), "2 candidates"))
        >>> [c.id for c in view]
        ['design-summary', 'design-card', 'design-picks-section', 'design-files']
    """
    picks = html.Table(id="design-picks", children=[
        html.Thead(html.Tr([html.Th(h) for h in PICKS_HEADINGS])),
        html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in payload.picks]),
    ])  # fmt: skip
    files = html.Ul(id="design-files", children=[html.Li([f"{label}: ", html.Code(str(path))]) for label, path in payload.files()])
    return [
        html.P(f"Finished: {payload.summary}", id="design-summary", style=STYLE_HELP),
        html.Div(id="design-card", children=card_components(payload.card)),
        html.Section(id="design-picks-section", children=[html.H4("Picks"), picks]),
        files,
    ]


def card_components(card: str) -> list[Any]:
    """The card's Markdown as components: ``#`` and ``##`` headings, ``-`` bullets, paragraphs.

    Only these forms occur in a card (``reports.design.card_text``); any other line is a
    paragraph of plain text, so nothing in it is interpreted.

    Example:
        >>> parts = card_components("# Design 'x'\\n\\n## What to fund\\n\\n- a\\n- b\\n\\nPlanned budget <b>1</b>")
        >>> [type(p).__name__ for p in parts], parts[2].children[1].children, parts[3].children
        (['H3', 'H4', 'Ul', 'P'], 'b', 'Planned budget <b>1</b>')
    """
    parts: list[Any] = []
    bullets: list[Any] = []
    for line in card.splitlines():
        if line.startswith("- "):
            bullets.append(html.Li(line[2:]))
            continue
        if bullets:
            parts.append(html.Ul(bullets))
            bullets = []
        if line.startswith("## "):
            parts.append(html.H4(line[3:]))
        elif line.startswith("# "):
            parts.append(html.H3(line[2:]))
        elif line.strip():
            parts.append(html.P(line))
    if bullets:
        parts.append(html.Ul(bullets))
    return parts

