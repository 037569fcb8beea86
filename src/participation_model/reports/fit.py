"""The calibration fit report: how close the calibrated model comes to each target.

A pure renderer: the caller runs the model and computes the statistics; this module only
draws them. It reads these tables and a dict:

- ``fit``: one row per calibration target with the CBS/UWV figure (``value``, ``low``,
  ``high``), the model statistic across replications (``model_mean``, ``model_p5``,
  ``model_p95``), the standardised residual ``z`` (and ``start_z`` at the hand-tuned
  starting parameters), ``within``, ``status`` ("fitted"; "kept back": left out of the fit
  and reported as an out-of-sample prediction; "not comparable"; "not simulated"), the ``run``
  it comes from and an ``explanation`` of a miss;
- ``trajectories``: the monthly series of the report's runs (one row per ``run``,
  ``replication`` and ``month``): the history run from 2008 and a cold start from 2014
  at the fitted values, and the history run at the starting values;
- ``target_points``: the targets that belong on the trajectory charts;
- ``meta``: provenance shown in the header (method, budget, seeds, targets file, ...);
- optionally ``agreement`` (per year and measure, the history run's and the cold start's
  annual means and their difference) and ``drivers`` (the national drivers of the history
  run, :mod:`participation_model.reports.drivers`).

A miss is only acceptable when it is explained, so the page names every target that is
outside its band (or not comparable) without an explanation as "unexplained", and
:func:`unexplained_misses` lets tests insist there are none.

The page follows the house style of :mod:`participation_model.reports.overview`: one
self-contained HTML file with plotly.js inlined, every text escaped with :func:`html.escape`,
and trajectories drawn as the median across replications with a 5-95% band.

Example:
    >>> fit = pd.DataFrame({"target": ["a", "b"], "label": ["A", "B"],
    ...                     "status": ["fitted", "fitted"], "z": [0.4, 1.8],
    ...                     "within": [True, False], "explanation": ["", ""]})
    >>> unexplained_misses(fit)
    ['b']
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from participation_model.metrics.summary import monthly_bands
from participation_model.reports.drivers import drivers_figure, has_drivers, region_annual
from participation_model.reports.overview import PALETTE, label
from participation_model.reports.page import (
    BASE_CSS,
    FIGURE_HEIGHT,
    band_traces,
    chart_section,
    write_page,
)

#: Trajectory measures in page order; the report draws those present in the trajectories.
#: (The same as ``analysis.calibration_report.TRAJECTORY_MEASURES``, which the runs record.)
TRAJECTORY_MEASURES: tuple[str, ...] = (
    "netto_participation_15_75",
    "bruto_participation_15_75",
    "unemployment_rate_15_75",
    "tightness",
    "vacancies",
    "jobs_inside",
    "employed_15_75",
    "bijstand",
    "ww",
    "wsw",
    "ao",
)

#: Y-axis titles of the trajectory charts (persons otherwise).
_Y_TITLES: Mapping[str, str] = {
    "netto_participation_15_75": "% of population 15-75",
    "bruto_participation_15_75": "% of population 15-75",
    "unemployment_rate_15_75": "% of labour force 15-75",
    "tightness": "vacancies per unemployed",
    "vacancies": "vacancies",
    "jobs_inside": "jobs",
}

#: Units of the differences in the agreement chart: percentage points for rates in %.
_RATE_PREFIXES = ("netto_participation", "bruto_participation", "unemployment_rate", "long_term_share")

FITTED = "fitted"
KEPT_BACK = "kept back"
NOT_COMPARABLE = "not comparable"
NOT_SIMULATED = "not simulated"

_WITHIN_COLOR = PALETTE[0]  # blue
_OUTSIDE_COLOR = PALETTE[1]  # vermillion
_START_COLOR = "rgba(120, 120, 120, 0.35)"
_BAND_COLOR = "rgba(0, 158, 115, 0.25)"  # Okabe-Ito green, light
_TARGET_COLOR = "#000000"


def unexplained_misses(fit: pd.DataFrame) -> list[str]:
    """Targets outside their band (or not comparable) that have no explanation.

    Every miss must say why, so tests can assert this list is empty. A comparable target
    whose ``within`` is missing counts as a miss: "unknown" is not "fine".

    Example:
        >>> fit = pd.DataFrame({"target": ["in", "out", "told", "nc"],
        ...     "status": ["fitted", "kept back", "fitted", "not comparable"],
        ...     "within": [True, False, False, False],
        ...     "explanation": ["", " ", "too few older workers", None]})
        >>> unexplained_misses(fit)
        ['out', 'nc']
    """
    misses = _misses(fit)
    unexplained = misses & ~fit["explanation"].map(_has_text)
    return [str(name) for name in fit.loc[unexplained, "target"]]


def residuals_figure(fit: pd.DataFrame) -> go.Figure:
    """Standardised residual z of each comparable target, calibrated and at the start.

    z is (model - target) / half-width of the target's band, so every target shares one
    axis and the band edges are the vertical lines at -1 and +1. The starting parameters
    are drawn as a wide light bar behind the calibrated one, which shows what calibration
    gained (or gave up) per target. Not-comparable targets have no z and are left out.

    Example:
        >>> fit = pd.DataFrame({"target": ["a", "b", "c"], "label": ["A", "B", "C"],
        ...     "status": ["fitted", "kept back", "not comparable"], "z": [0.4, -1.8, None],
        ...     "start_z": [2.0, -2.5, None], "within": [True, False, False]})
        >>> fig = residuals_figure(fit)
        >>> [(t.name, list(t.y)) for t in fig.data]
        [('starting parameters', ['a', 'b (kept back)']), ('within band', ['a']), ('outside band', ['b (kept back)'])]
        >>> sorted(shape.x0 for shape in fig.layout.shapes)
        [-1, 1]
    """
    rows = fit[_comparable(fit) & fit["z"].notna()]
    names = [_category(row) for row in rows.itertuples(index=False)]
    hover = [_hover(row) for row in rows.itertuples(index=False)]
    fig = go.Figure()
    if "start_z" in rows.columns and rows["start_z"].notna().any():
        fig.add_trace(
            go.Bar(
                x=rows["start_z"].tolist(),
                y=names,
                orientation="h",
                width=0.8,
                marker={"color": _START_COLOR},
                name="starting parameters",
                hovertext=hover,
                hovertemplate="%{hovertext}<br>z at start: %{x:+.2f}<extra></extra>",
            )
        )
    within = rows["within"].eq(True).tolist()
    for wanted, name, color in ((True, "within band", _WITHIN_COLOR),
                                (False, "outside band", _OUTSIDE_COLOR)):
        keep = [flag == wanted for flag in within]
        fig.add_trace(
            go.Bar(
                x=[z for z, k in zip(rows["z"].tolist(), keep) if k],
                y=[n for n, k in zip(names, keep) if k],
                orientation="h",
                width=0.45,
                marker={"color": color},
                name=name,
                hovertext=[h for h, k in zip(hover, keep) if k],
                hovertemplate="%{hovertext}<br>z calibrated: %{x:+.2f}<extra></extra>",
            )
        )
    for edge in (-1, 1):
        fig.add_vline(x=edge, line={"color": "#333333", "dash": "dash", "width": 1.5})
    _style_targets(fig, len(names), title="Standardised residuals",
                   x_title="z = (model - target) / half-width of the target's band")
    fig.update_yaxes(categoryorder="array", categoryarray=names)
    return fig


def targets_figure(fit: pd.DataFrame) -> go.Figure:
    """Model value relative to each comparable target (target = 100), against the band.

    Targets come in percent, persons and percent per quarter; dividing by the target value
    puts them all on one axis. The shaded bar is the target's band (low..high relative to
    the value), the marker the model mean with its 5-95% range across replications as
    error bars. Markers differ in colour and symbol for within and outside the band.

    Example:
        >>> fit = pd.DataFrame({"target": ["rate", "stock"], "label": ["rate", "stock"],
        ...     "unit": ["percent", "persons"], "status": ["fitted", "fitted"],
        ...     "value": [8.0, 5000.0], "low": [7.0, 4500.0], "high": [9.0, 5500.0],
        ...     "model_mean": [8.4, 6000.0], "model_p5": [8.0, 5800.0],
        ...     "model_p95": [8.8, 6200.0], "within": [True, False]})
        >>> fig = targets_figure(fit)
        >>> [t.name for t in fig.data]
        ['band of the target', 'model within band', 'model outside band']
        >>> list(fig.data[0].base), list(fig.data[2].x)
        ([87.5, 90.0], [120.0])
    """
    rows = fit[_comparable(fit) & fit["value"].ne(0) & fit["value"].notna()]
    names = [_category(row) for row in rows.itertuples(index=False)]
    hover = [_hover(row) for row in rows.itertuples(index=False)]
    scale = 100.0 / rows["value"]
    low, high = (rows["low"] * scale).tolist(), (rows["high"] * scale).tolist()
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            base=low,
            x=[h - lo for lo, h in zip(low, high)],
            y=names,
            orientation="h",
            width=0.6,
            marker={"color": _BAND_COLOR, "line": {"width": 0}},
            name="band of the target",
            hovertext=hover,
            customdata=list(zip(low, high)),
            hovertemplate=(
                "%{hovertext}<br>band: %{customdata[0]:.1f} to %{customdata[1]:.1f}"
                "<extra></extra>"
            ),
        )
    )
    mean = (rows["model_mean"] * scale).tolist()
    plus = ((rows["model_p95"] - rows["model_mean"]) * scale).tolist()
    minus = ((rows["model_mean"] - rows["model_p5"]) * scale).tolist()
    within = rows["within"].eq(True).tolist()
    for wanted, name, color, symbol in (
        (True, "model within band", _WITHIN_COLOR, "circle"),
        (False, "model outside band", _OUTSIDE_COLOR, "x"),
    ):
        keep = [flag == wanted for flag in within]

        def pick(values: list, keep: list[bool] = keep) -> list:
            return [v for v, k in zip(values, keep) if k]

        fig.add_trace(
            go.Scatter(
                x=pick(mean),
                y=pick(names),
                mode="markers",
                marker={"color": color, "symbol": symbol, "size": 11},
                error_x={"type": "data", "array": pick(plus), "arrayminus": pick(minus),
                         "color": color, "thickness": 1.5},
                name=name,
                hovertext=pick(hover),
                hovertemplate="%{hovertext}<br>model: %{x:.1f} (target = 100)<extra></extra>",
            )
        )
    fig.add_vline(x=100, line={"color": _TARGET_COLOR, "width": 1})
    _style_targets(fig, len(names), title="Model relative to each target",
                   x_title="model as % of the target value (target = 100; 5-95% across replications)")
    fig.update_yaxes(categoryorder="array", categoryarray=names)
    return fig


def trajectory_figure(
    trajectories: pd.DataFrame, target_points: pd.DataFrame, measure: str
) -> go.Figure:
    """One measure over time: per run, the median and 5-95% band, with the targets on top.

    Runs keep their colour on every chart (in the order of ``trajectories``: the history run,
    the cold start, the starting values); a run of the starting values is dashed. Targets
    are annual averages, so each is drawn at mid-year as a marker with its band as the error
    bar; a reader sees whether the path runs through the bands, not just whether the averages do.

    Example:
        >>> trajectories = pd.DataFrame({"run": ["calibrated, from 2008-01"] * 2 + ["starting values, from 2008-01"],
        ...     "replication": [0, 1, 0], "month": ["2016-01"] * 3, "ww": [4000.0, 4200.0, 3900.0]})
        >>> points = pd.DataFrame({"measure": ["ww"], "year": [2016], "value": [4100.0],
        ...     "low": [3900.0], "high": [4300.0], "target": ["ww_2016"]})
        >>> [(t.name, t.line.dash) for t in trajectory_figure(trajectories, points, "ww").data if t.showlegend is not False]
        [('calibrated, from 2008-01', None), ('starting values, from 2008-01', 'dash'), ('target', None)]
    """
    fig = go.Figure()
    if measure in trajectories.columns:
        order = list(pd.unique(trajectories["run"]))
        runs = trajectories.dropna(subset=[measure])
        for run in pd.unique(runs["run"]):
            color = PALETTE[order.index(run) % len(PALETTE)]
            dash = "dash" if str(run).startswith("starting values") else None
            _add_run_band(fig, runs[runs["run"] == run], measure, str(run), color, dash)
    points = target_points[target_points["measure"] == measure]
    if not points.empty:
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(year=int(year), month=7, day=1) for year in points["year"]],
                y=points["value"].tolist(),
                error_y={
                    "type": "data",
                    "array": (points["high"] - points["value"]).tolist(),
                    "arrayminus": (points["value"] - points["low"]).tolist(),
                    "color": _TARGET_COLOR,
                    "thickness": 2,
                    "width": 8,
                },
                mode="markers",
                marker={"color": _TARGET_COLOR, "symbol": "diamond", "size": 10},
                name="target",
                hovertext=[_text(t) for t in points["target"]],
                hovertemplate="%{hovertext}: %{y:,.1f}<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": _text(label(measure))},
        template="plotly_white",
        height=FIGURE_HEIGHT,
        font={"size": 14},
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        margin={"l": 70, "r": 20, "t": 90, "b": 50},
        yaxis={"title": {"text": _Y_TITLES.get(measure, "persons")}},
        xaxis={"title": {"text": "month"}},
    )
    return fig


def fit_table_html(fit: pd.DataFrame) -> str:
    """Every target as a table row: figure, band, model, z, within, status, run, why.

    Rows outside their band get the class ``outside`` and a bold "no" (not colour alone);
    misses without an explanation say "unexplained" in the explanation column.

    Example:
        >>> fit = pd.DataFrame([{"target": "ww_2016", "label": "WW <recipients>",
        ...     "unit": "persons", "period": "2016", "value": 4100.0, "low": 3900.0,
        ...     "high": 4300.0, "model_mean": 4600.0, "model_p5": 4500.0,
        ...     "model_p95": 4700.0, "z": 2.5, "start_z": 4.0, "within": False,
        ...     "status": "fitted", "run": "calibration runs 2014-2016", "explanation": ""}])
        >>> table = fit_table_html(fit)
        >>> 'class="outside"' in table, "WW &lt;recipients&gt;" in table, "unexplained" in table
        (True, True, True)
    """
    misses = _misses(fit)
    body = "\n".join(
        _table_row(row, miss) for row, miss in zip(fit.itertuples(index=False), misses)
    )
    headings = ("target", "period", "value", "band", "model mean (5-95%)", "z", "within",
                "status", "run", "explanation")
    head = "".join(f'<th scope="col">{h}</th>' for h in headings)
    return f"""<table class="fit">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>"""


#: Headings and help sentences of the fit table's sections, by section key.
TABLE_SECTIONS: Mapping[str, tuple[str, str]] = {
    "fitted": ("Fitted targets", "Targets in the objective the calibration minimised."),
    "kept-back": ("Kept back from the fit: how well the calibrated model predicts them",
                  "These targets were left out of the objective, so the calibrated model's values are "
                  "out-of-sample predictions: z and 'within' say how good they are."),
    "other": ("Targets not compared", "The model has no counterpart for these targets, or the runs do not "
              "simulate their years; the last column says why."),
}  # fmt: skip


def fit_tables_html(fit: pd.DataFrame, *, level: int = 2, words: Mapping[str, tuple[str, str]] | None = None) -> str:
    """The fit table in its sections: fitted targets, kept-back targets, and targets not compared.

    Kept-back targets were left out of the objective, so their rows are out-of-sample
    predictions and get a section of their own with a sentence saying so. Empty sections are
    left out. ``level`` is the heading level (2 on the fit report, 3 inside a dashboard tab);
    ``words`` replaces :data:`TABLE_SECTIONS` (the dashboards pass their language's).

    Example:
        >>> fit = pd.DataFrame([{"target": t, "label": t, "unit": "percent", "period": "2016", "value": 7.0,
        ...     "low": 6.0, "high": 8.0, "model_mean": 7.2, "model_p5": 6.9, "model_p95": 7.5, "z": 0.2,
        ...     "start_z": 1.5, "within": True, "status": status, "run": "history run from 2008-01",
        ...     "explanation": ""} for t, status in (("a_2014", "fitted"), ("b_2016", "kept back"))])
        >>> page = fit_tables_html(fit)
        >>> page.count("<table"), 'data-fit-table="kept-back"' in page, "how well the calibrated model predicts them" in page
        (2, True, True)
    """
    words = {**TABLE_SECTIONS, **(words or {})}
    status = fit["status"].astype(str)
    rows_of = {"fitted": status.eq(FITTED), "kept-back": status.eq(KEPT_BACK), "other": ~status.isin([FITTED, KEPT_BACK])}
    parts = []
    for key, rows in rows_of.items():
        if not rows.any():
            continue
        heading, help_text = words[key]
        parts.append(f'<section aria-labelledby="heading-table-{key}" data-fit-table="{key}">\n'
                     f'<h{level} id="heading-table-{key}">{html.escape(heading)}</h{level}>\n'
                     f'<p class="help">{html.escape(help_text)}</p>\n'
                     f'<div class="table-scroll" tabindex="0">{fit_table_html(fit[rows])}</div>\n</section>')  # fmt: skip
    return "\n".join(parts)


def agreement_table_html(
    agreement: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    words: tuple[str, str, str, str] = ("year", "history run", "baseline", "difference"),
) -> str:
    """The agreement table: one row per year, per measure the history run, the baseline and their difference.

    ``names`` gives the measures' headings (default: the overview's labels) and ``words`` the
    other headings, so the dashboards can pass their language's. Everything is escaped.

    Example:
        >>> agreement = pd.DataFrame({"year": [2014, 2015], "measure": "unemployment_rate_15_75",
        ...     "history": [8.1, 7.6], "baseline": [8.0, 7.7], "difference": [-0.1, 0.1]})
        >>> table = agreement_table_html(agreement, names={"unemployment_rate_15_75": "<u>"})
        >>> "&lt;u&gt;" in table, '<td class="number">-0.10</td>' in table, table.count("<tr>")
        (True, True, 4)
    """
    measures = list(pd.unique(agreement["measure"]))
    names = {m: label(m) for m in measures} | dict(names or {})
    year, history, baseline, difference = (html.escape(w) for w in words)
    top = "".join(f'<th scope="colgroup" colspan="3">{html.escape(str(names.get(m, m)))}</th>' for m in measures)
    sub = "".join(f'<th scope="col" class="number">{history}</th><th scope="col" class="number">{baseline}</th>'
                  f'<th scope="col" class="number">{difference}</th>' for _ in measures)  # fmt: skip
    wide = agreement.pivot_table(index="year", columns="measure", values=["history", "baseline", "difference"], aggfunc="first")
    rows = []
    for when in wide.index:
        cells = "".join(
            f'<td class="number">{_agreement_number(m, wide.loc[when, ("history", m)])}</td>'
            f'<td class="number">{_agreement_number(m, wide.loc[when, ("baseline", m)])}</td>'
            f'<td class="number">{_agreement_number(m, wide.loc[when, ("difference", m)], signed=True)}</td>'
            for m in measures
        )
        rows.append(f'<tr><th scope="row">{int(when)}</th>{cells}</tr>')
    body = "\n".join(rows)
    return (f'<table class="agreement">\n<thead><tr><th scope="col" rowspan="2">{year}</th>{top}</tr>\n'
            f"<tr>{sub}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>")  # fmt: skip


def agreement_figure(agreement: pd.DataFrame, names: Mapping[str, str] | None = None) -> go.Figure:
    """Baseline minus history run per year, one small panel per measure (each in its own unit).

    Example:
        >>> agreement = pd.DataFrame({"year": [2014, 2015] * 2, "measure": ["ww"] * 2 + ["tightness"] * 2,
        ...     "history": [1.0] * 4, "baseline": [1.0] * 4, "difference": [5.0, -3.0, 0.01, 0.0]})
        >>> fig = agreement_figure(agreement)
        >>> [list(t.y) for t in fig.data], [a.text for a in fig.layout.annotations]
        ([[5.0, -3.0], [0.01, 0.0]], ['WW', 'vacancies per unemployed'])
    """
    measures = list(pd.unique(agreement["measure"]))
    names = {m: label(m) for m in measures} | dict(names or {})
    columns = min(3, max(1, len(measures)))
    rows = max(1, math.ceil(len(measures) / columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[_text(names.get(m, m)) for m in measures],
                        vertical_spacing=0.5 / rows if rows > 1 else 0.2, horizontal_spacing=0.08)  # fmt: skip
    for index, measure in enumerate(measures):
        own = agreement[agreement["measure"] == measure].sort_values("year")
        row, col = index // columns + 1, index % columns + 1
        unit = _difference_unit(measure)
        fig.add_trace(go.Bar(
            x=own["year"].astype(int).tolist(), y=own["difference"].tolist(), name=_text(names.get(measure, measure)),
            marker={"color": PALETTE[index % len(PALETTE)]}, showlegend=False,
            hovertemplate="%{x}: %{y:+,.3~f}<extra></extra>",
        ), row=row, col=col)  # fmt: skip
        fig.add_hline(y=0, line={"color": "#333333", "width": 1}, row=row, col=col)
        fig.update_yaxes(title_text=unit, row=row, col=col)
        fig.update_xaxes(dtick=2, row=row, col=col)
    fig.update_layout(
        title={"text": "Baseline minus history run"}, template="plotly_white", font={"size": 14},
        height=140 + 260 * rows, margin={"l": 70, "r": 20, "t": 90, "b": 50}, showlegend=False,
    )  # fmt: skip
    return fig


def fit_report_html(
    fit: pd.DataFrame,
    trajectories: pd.DataFrame,
    target_points: pd.DataFrame,
    meta: Mapping[str, str],
    *,
    agreement: pd.DataFrame | None = None,
    drivers: pd.DataFrame | None = None,
    history: str | None = None,
) -> str:
    """The whole fit report as one self-contained HTML document (plotly.js inlined).

    Order: title, provenance, summary sentence (with unexplained misses called out), the
    residual and relative-to-target charts, the tables (fitted, kept back, not compared), the
    baseline against the history run (``agreement``, when given), the national drivers next to
    the history run (``drivers``, when given; ``history`` names the history run in
    ``trajectories``, by default its first run), then one trajectory chart per measure present
    in ``trajectories``.

    Example:
        >>> fit = pd.DataFrame([{"target": "rate_2016", "label": "rate", "unit": "percent",
        ...     "period": "2016", "value": 7.0, "low": 6.0, "high": 8.0, "model_mean": 7.2,
        ...     "model_p5": 6.9, "model_p95": 7.5, "z": 0.2, "start_z": 1.5, "within": True,
        ...     "status": "fitted", "run": "history run from 2008-01", "explanation": ""}])
        >>> trajectories = pd.DataFrame({"run": ["calibrated, from 2008-01"], "replication": [0],
        ...     "month": ["2016-01"], "unemployment_rate_15_75": [7.1]})
        >>> points = pd.DataFrame(columns=["measure", "year", "value", "low", "high", "target"])
        >>> page = fit_report_html(fit, trajectories, points, {"name": "fit A&B"})
        >>> "fit A&amp;B" in page, "1 of 1 comparable targets within their band" in page
        (True, True)
    """
    name = str(meta.get("name", "calibration"))
    measures = [m for m in TRAJECTORY_MEASURES if m in trajectories.columns]
    trajectory_sections = "\n".join(
        _chart_html(
            trajectory_figure(trajectories, target_points, measure),
            key=f"trajectory-{measure}",
            heading=label(measure),
            help_text="Median across replications per run (line) and 5-95% band: the history run and the "
            "cold start from the region's figures for that year at the fitted values, and the history run at the starting values (dashed); "
            "targets at mid-year with their band as error bar.",
        )
        for measure in measures
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(name)} - calibration fit</title>
<style>{_CSS}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>Calibration fit: {html.escape(name)}</h1>
{_provenance_html(meta)}
</header>
<main>
<section aria-labelledby="heading-summary">
<h2 id="heading-summary">Summary</h2>
{_summary_html(fit)}
</section>
{_chart_html(residuals_figure(fit), key="residuals", heading="Standardised residuals",
             help_text="z = (model mean - target) / half-width of the target's band: between "
             "the dashed lines means within the band. Light bars: the hand-tuned starting "
             "parameters. Kept-back targets are marked; targets the model has no counterpart "
             "for are left out.")}
{_chart_html(targets_figure(fit), key="targets", heading="Model relative to each target",
             help_text="Each target's value is 100; the shaded bar is its band and the marker "
             "the model mean with the 5-95% range across replications.")}
{fit_tables_html(fit)}
{_agreement_html(agreement)}
{_drivers_html(drivers, trajectories, history)}
{trajectory_sections}
</main>
<footer>
<p>Model figures are statistics across replications that differ only in their random
numbers: the mean, and the 5th to 95th percentile. Bands of the targets are the uncertainty
of the CBS/UWV figures as recorded in the targets file named above.</p>
</footer>
</body>
</html>
"""


def history_drivers_figure(drivers: pd.DataFrame | None, trajectories: pd.DataFrame, history: str | None = None) -> go.Figure | None:
    """The drivers chart with the annual means of the history run (``history``; by default the first run).

    None when ``drivers`` is not a drivers table.

    Example:
        >>> drivers = pd.DataFrame({"year": [2008], "unemployment_rate": [3.8], "basis": ["observed"]})
        >>> runs = pd.DataFrame({"run": ["h", "b"], "replication": 0, "month": "2008-01", "unemployment_rate_15_75": [5.0, 9.0]})
        >>> history_drivers_figure(drivers, runs).data[-1].y, history_drivers_figure(None, runs)
        ((5.0,), None)
    """
    if not has_drivers(drivers):
        return None
    assert drivers is not None
    runs = list(pd.unique(trajectories["run"])) if "run" in trajectories.columns else []
    chosen = history if history in runs else (runs[0] if runs else None)
    region = region_annual(trajectories[trajectories["run"] == chosen]) if chosen is not None else None
    return drivers_figure(drivers, region)


def agreement_sentence(agreement: pd.DataFrame) -> str:
    """The one sentence that says what the agreement table is for.

    Example:
        >>> agreement_sentence(pd.DataFrame({"year": [2015, 2014]}))[:60]
        "A cold start in 2014 builds the population from the region's"
    """
    year = int(agreement["year"].min()) if len(agreement) else "its start year"
    return (f"A cold start in {year} builds the population from the region's {year} figures instead of running "
            "through the years before (scenarios without warm_up_from do this; the shipped baseline warms up "
            "from 2008 and is the history run). Over the years both runs share the gap should close: long bars "
            "in the first years show how far the region's figures for that year are from the model's own.")  # fmt: skip


def write_fit_report(
    path: str | Path,
    fit: pd.DataFrame,
    trajectories: pd.DataFrame,
    target_points: pd.DataFrame,
    meta: Mapping[str, str],
    *,
    agreement: pd.DataFrame | None = None,
    drivers: pd.DataFrame | None = None,
    history: str | None = None,
) -> Path:
    """Write :func:`fit_report_html` to ``path`` atomically and return the path.

    The page is rendered first, written to a temporary file in the same folder and moved
    into place with :func:`os.replace`, so a failure at any point leaves either the old
    report or none, never a half-written one, and no temporary file behind. ``agreement``,
    ``drivers`` and ``history`` are passed on to :func:`fit_report_html`.

    Example:
        >>> write_fit_report("out/fit.html", fit, trajectories, points, meta)  # doctest: +SKIP
        PosixPath('out/fit.html')
    """
    path = Path(path)
    page = fit_report_html(fit, trajectories, target_points, meta, agreement=agreement, drivers=drivers, history=history)
    return write_page(path, page)


_CSS = BASE_CSS + """
table.provenance th { text-align: left; }
th, td { vertical-align: top; }
table.fit td.number { text-align: right; white-space: nowrap; }
table.fit tr.outside { background: #fbe3d6; }
table.fit tr.not-comparable { color: #555555; }
table.agreement td.number, table.agreement th.number { text-align: right; white-space: nowrap; }
.table-scroll { overflow-x: auto; max-width: 100%; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem; }
.unexplained, .miss { color: #B00020; font-weight: 700; }
p.unexplained { border: 2px solid #B00020; padding: 0.5rem 0.8rem; }
"""


def _comparable(fit: pd.DataFrame) -> pd.Series:
    """Targets with a model counterpart (status not "not comparable" and a model value)."""
    comparable = fit["status"].ne(NOT_COMPARABLE)
    if "model_mean" in fit.columns:
        comparable &= fit["model_mean"].notna()
    return comparable


def _misses(fit: pd.DataFrame) -> pd.Series:
    """Not comparable, or comparable but not (known to be) within the band."""
    return ~_comparable(fit) | ~fit["within"].eq(True)


def _has_text(value: object) -> bool:
    """True for a non-blank string; NaN, None and whitespace count as no explanation."""
    return isinstance(value, str) and bool(value.strip())


def _text(value: object) -> str:
    """Escape text for plotly, whose labels understand a little HTML (<b>, <a href>...)."""
    return html.escape(str(value))


def _category(row: Any) -> str:
    """Axis label of a target: its name, marked when it was kept back from the fit."""
    name = _text(row.target)
    return f"{name} ({KEPT_BACK})" if row.status == KEPT_BACK else name


def _hover(row: Any) -> str:
    """Hover text of a target: its human label and the run it comes from."""
    parts = [f"<b>{_text(getattr(row, 'label', row.target))}</b>"]
    run = getattr(row, "run", "")
    if _has_text(run):
        parts.append(_text(run))
    return "<br>".join(parts)


def _style_targets(fig: go.Figure, count: int, *, title: str, x_title: str) -> None:
    """Layout of the per-target charts: one row per target, first target on top."""
    fig.update_layout(
        title={"text": title},
        template="plotly_white",
        height=max(320, 140 + 30 * count),
        font={"size": 14},
        barmode="overlay",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        margin={"l": 70, "r": 20, "t": 90, "b": 60},
        xaxis={"title": {"text": x_title}, "zeroline": False},
        yaxis={"autorange": "reversed", "automargin": True},
    )


def _add_run_band(fig: go.Figure, series: pd.DataFrame, measure: str, run: str, color: str, dash: str | None = None) -> None:
    """Add one run's 5-95% band (a closed polygon) and median line (dashed if ``dash``)."""
    bands = monthly_bands(series, [measure])
    x = pd.to_datetime(bands["month"] + "-01").tolist()
    name = _text(run)
    band, line = band_traces(x, bands["p5"], bands["p50"], bands["p95"], name=name, color=color, group=name)
    if dash:
        line.line.dash = dash
    fig.add_trace(band)
    fig.add_trace(line)


def _number(value: object, reference: object = None) -> str:
    """Enough digits to compare a model value with its target, whatever the unit.

    The decimals follow ``reference`` (the target value) when given, so the figure, its
    band and the model value of one target line up.

    Example:
        >>> [_number(v) for v in (5470.0, 60.94, 3.237, float("nan"))]
        ['5,470', '60.9', '3.24', 'n/a']
        >>> _number(9.0, reference=10.0), _number(9.0)
        ('9.0', '9.00')
    """
    if _isnan(value):
        return "n/a"
    number = float(value)  # type: ignore[arg-type]
    size = abs(number) if _isnan(reference) else abs(float(reference))  # type: ignore[arg-type]
    if size >= 100:
        return f"{number:,.0f}"
    if size >= 10:
        return f"{number:.1f}"
    return f"{number:.2f}"


def _z(value: object) -> str:
    """A signed z with two decimals, or n/a."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{float(value):+.2f}"


def _table_row(row: Any, miss: bool) -> str:
    """One ``<tr>`` of the fit table (all text escaped)."""
    status = str(row.status)
    comparable = status != NOT_COMPARABLE and not _isnan(row.model_mean)
    unit = html.escape(str(getattr(row, "unit", "")))
    ref = row.value
    value = f'{_number(ref)} <span class="unit">{unit}</span>'
    band = f"{_number(row.low, ref)} to {_number(row.high, ref)}"
    if comparable:
        model = (f"{_number(row.model_mean, ref)} ({_number(row.model_p5, ref)}"
                 f" to {_number(row.model_p95, ref)})")
        start = getattr(row, "start_z", float("nan"))
        z = _z(row.z)
        if not _isnan(start):
            z += f'<br><span class="help">start {_z(start)}</span>'
        within = "yes" if not miss else '<strong class="miss">no</strong>'
        css = "outside" if miss else "within"
    else:
        model, z, within, css = "n/a", "n/a", "n/a", "not-comparable"
    explanation = getattr(row, "explanation", "")
    if _has_text(explanation):
        why = html.escape(str(explanation).strip())
    elif miss:
        why = '<strong class="unexplained">unexplained</strong>'
    else:
        why = ""
    target = (f'{html.escape(str(getattr(row, "label", "")))}<br>'
              f'<span class="code">{html.escape(str(row.target))}</span>')
    cells = (
        f'<th scope="row">{target}</th>',
        f"<td>{html.escape(str(getattr(row, 'period', '')))}</td>",
        f'<td class="number">{value}</td>',
        f'<td class="number">{band}</td>',
        f'<td class="number">{model}</td>',
        f'<td class="number">{z}</td>',
        f"<td>{within}</td>",
        f"<td>{html.escape(status)}</td>",
        f"<td>{html.escape(str(getattr(row, 'run', '')))}</td>",
        f"<td>{why}</td>",
    )
    return f'<tr class="{css}">' + "".join(cells) + "</tr>"


def _isnan(value: object) -> bool:
    """True for None and NaN (pandas' missing values), False for anything else."""
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _summary_html(fit: pd.DataFrame) -> str:
    """The one-sentence verdict (fitted and kept-back targets counted apart), unexplained misses in a box."""
    comparable = _comparable(fit)
    within = comparable & fit["within"].eq(True)
    names = fit["target"].astype(str)
    status = fit["status"].astype(str)
    parts = [f"{int(within.sum())} of {int(comparable.sum())} comparable targets within their band"]
    by_status = [
        f"{words}: {int((within & status.eq(key)).sum())} of {int((comparable & status.eq(key)).sum())}"
        for key, words in ((FITTED, "fitted"), (KEPT_BACK, "kept back from the fit, predicted out of sample"))
        if (comparable & status.eq(key)).any()
    ]
    if by_status:
        parts[0] += f" ({'; '.join(by_status)})"
    outside = comparable & ~within
    if outside.any():
        silent = outside & ~fit["explanation"].map(_has_text)
        note = (", each explained below" if not silent.any()
                else f" ({int(silent.sum())} unexplained, see below)")
        parts.append("misses: " + ", ".join(html.escape(n) for n in names[outside]) + note)
    else:
        parts.append("no misses")
    sentence = "; ".join(parts) + "."
    not_simulated = names[~comparable & status.eq(NOT_SIMULATED)]
    not_comparable = names[~comparable & ~status.eq(NOT_SIMULATED)]
    if not not_comparable.empty:
        sentence += (" Not comparable with the model: "
                     + ", ".join(html.escape(n) for n in not_comparable)
                     + " (reasons in the table).")
    if not not_simulated.empty:
        sentence += (" Not simulated (outside the runs' years): "
                     + ", ".join(html.escape(n) for n in not_simulated) + ".")
    unexplained = unexplained_misses(fit)
    box = ""
    if unexplained:
        box = ('\n<p class="unexplained" role="alert">Unexplained: '
               + ", ".join(html.escape(n) for n in unexplained)
               + " - outside their band or not comparable, with no explanation.</p>")
    return f'<p class="summary">{sentence}</p>{box}'


def _agreement_html(agreement: pd.DataFrame | None) -> str:
    """The section "A cold start against the history run", or nothing without an agreement table."""
    if agreement is None or agreement.empty:
        return ""
    chart = chart_section(agreement_figure(agreement), key="agreement", heading="Cold start minus history run, per year",
                          help_text="The difference of the annual means (over months and replications) per "
                          "measure; bars near zero mean the two designs agree.")  # fmt: skip
    return f"""<section aria-labelledby="heading-agreement-table">
<h2 id="heading-agreement-table">A cold start against the history run</h2>
<p class="help">{html.escape(agreement_sentence(agreement))}</p>
<div class="table-scroll" tabindex="0">{agreement_table_html(agreement)}</div>
</section>
{chart}"""


def _drivers_html(drivers: pd.DataFrame | None, trajectories: pd.DataFrame, history: str | None) -> str:
    """The national drivers next to the history run's annual unemployment rate and tightness, or nothing."""
    figure = history_drivers_figure(drivers, trajectories, history)
    if figure is None:
        return ""
    return chart_section(figure, key="drivers", heading="National drivers",
                         help_text="The national conditions the history run was driven by, per year (drivers.csv), "
                         "next to the history run's own annual unemployment rate and tightness at the fitted values "
                         "(squares; tightness per 100 unemployed residents). Dashed lines and lighter bars: projected "
                         "years; dotted: held after the projection; those years are shaded.")  # fmt: skip


def _difference_unit(measure: str) -> str:
    """The unit of a difference of annual means: percentage points, vacancies per unemployed or persons."""
    return "percentage points" if measure.startswith(_RATE_PREFIXES) else _Y_TITLES.get(measure, "persons")


def _agreement_number(measure: str, value: object, *, signed: bool = False) -> str:
    """Rates in % with two decimals, tightness with three, counts whole.

    Example:
        >>> _agreement_number("tightness", 0.1234), _agreement_number("ww", -12.4, signed=True)
        ('0.123', '-12')
    """
    if _isnan(value):
        return "n/a"
    digits = 2 if measure.startswith(_RATE_PREFIXES) else 3 if measure == "tightness" else 0
    return f"{float(value):{'+' if signed else ''},.{digits}f}"  # type: ignore[arg-type]


def _provenance_html(meta: Mapping[str, str]) -> str:
    """The run's provenance as a two-column table (keys as given by the caller)."""
    rows = "\n".join(
        f'<tr><th scope="row">{html.escape(str(key))}</th><td>{html.escape(str(value))}</td></tr>'
        for key, value in meta.items()
    )
    return f'<table class="provenance">\n<tbody>\n{rows}\n</tbody>\n</table>'


def _chart_html(figure: go.Figure, *, key: str, heading: str, help_text: str) -> str:
    """One page section: heading, a sentence of help and the chart (no plotly.js)."""
    return chart_section(figure, key=key, heading=heading, help_text=help_text)
