"""The fit report's charts: residuals, the model against each target, trajectories, agreement, drivers.

Pure drawing: the caller computes the statistics (:mod:`participation_model.analysis.calibration_report`).
Targets come in percent, persons and percent per quarter, so the per-target charts put them on
one axis (z, or the model relative to the target); trajectories are the median across
replications with a 5-95% band per run, with the targets at mid-year. Every text from files is
escaped before plotly sees it.

Example:
    >>> fit = pd.DataFrame({"target": ["a"], "label": ["A"], "status": ["fitted"], "z": [0.4],
    ...                     "start_z": [2.0], "within": [True]})
    >>> [t.name for t in residuals_figure(fit).data]
    ['starting parameters', 'within band', 'outside band']
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from participation_model.metrics.summary import monthly_bands
from participation_model.reports.charts import label
from participation_model.reports.drivers import drivers_figure, has_drivers, region_annual
from participation_model.reports.fit_tables import _Y_TITLES, KEPT_BACK, _comparable, _difference_unit, _has_text
from participation_model.reports.style import FIGURE_HEIGHT, PALETTE, band_traces


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

_WITHIN_COLOR = PALETTE[0]  # blue
_OUTSIDE_COLOR = PALETTE[1]  # vermillion
_START_COLOR = "rgba(120, 120, 120, 0.35)"
_BAND_COLOR = "rgba(0, 158, 115, 0.25)"  # Okabe-Ito green, light
_TARGET_COLOR = "#000000"


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
