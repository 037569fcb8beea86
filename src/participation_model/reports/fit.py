"""The calibration fit report: how close the calibrated model comes to each target.

A pure renderer: the caller runs the model and computes the statistics; this module only
draws them. It reads three tables and a dict:

- ``fit``: one row per calibration target with the CBS/UWV figure (``value``, ``low``,
  ``high``), the model statistic across replications (``model_mean``, ``model_p5``,
  ``model_p95``), the standardised residual ``z`` (and ``start_z`` at the hand-tuned
  starting parameters), ``within``, ``status`` ("fitted", "validation" or "not comparable"),
  the ``run`` it comes from and an ``explanation`` of a miss;
- ``trajectories``: the monthly series of the calibrated and validation runs (one row per
  ``run``, ``replication`` and ``month``);
- ``target_points``: the targets that belong on the trajectory charts;
- ``meta``: provenance shown in the header (method, budget, seeds, targets file, ...).

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

from participation_model.metrics.summary import monthly_bands
from participation_model.reports.overview import PALETTE, label
from participation_model.reports.page import (
    BASE_CSS,
    FIGURE_HEIGHT,
    band_traces,
    chart_section,
    write_page,
)

#: Trajectory measures in page order; the report draws those present in the trajectories.
TRAJECTORY_MEASURES: tuple[str, ...] = (
    "netto_participation_15_75",
    "bruto_participation_15_75",
    "unemployment_rate_15_75",
    "bijstand",
    "ww",
    "wsw",
    "ao",
)

#: Y-axis titles of the trajectory charts.
_Y_TITLES: Mapping[str, str] = {
    "netto_participation_15_75": "% of population 15-75",
    "bruto_participation_15_75": "% of population 15-75",
    "unemployment_rate_15_75": "% of labour force 15-75",
}

NOT_COMPARABLE = "not comparable"

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
        ...     "status": ["fitted", "validation", "fitted", "not comparable"],
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
        ...     "status": ["fitted", "validation", "not comparable"], "z": [0.4, -1.8, None],
        ...     "start_z": [2.0, -2.5, None], "within": [True, False, False]})
        >>> fig = residuals_figure(fit)
        >>> [(t.name, list(t.y)) for t in fig.data]
        [('starting parameters', ['a', 'b (validation)']), ('within band', ['a']), ('outside band', ['b (validation)'])]
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

    Targets are annual averages, so each is drawn at mid-year as a marker with its band as
    the error bar; a reader sees whether the path runs through the bands, not just whether
    the averages do.

    Example:
        >>> trajectories = pd.DataFrame({"run": ["calibrated, from 2014"] * 2,
        ...     "replication": [0, 1], "month": ["2016-01", "2016-01"], "ww": [4000.0, 4200.0]})
        >>> points = pd.DataFrame({"measure": ["ww"], "year": [2016], "value": [4100.0],
        ...     "low": [3900.0], "high": [4300.0], "target": ["ww_2016"]})
        >>> [t.name for t in trajectory_figure(trajectories, points, "ww").data]
        ['calibrated, from 2014 (5-95%)', 'calibrated, from 2014', 'target']
    """
    fig = go.Figure()
    if measure in trajectories.columns:
        runs = trajectories.dropna(subset=[measure])
        for index, run in enumerate(pd.unique(runs["run"])):
            color = PALETTE[index % len(PALETTE)]
            _add_run_band(fig, runs[runs["run"] == run], measure, str(run), color)
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


def fit_report_html(
    fit: pd.DataFrame,
    trajectories: pd.DataFrame,
    target_points: pd.DataFrame,
    meta: Mapping[str, str],
) -> str:
    """The whole fit report as one self-contained HTML document (plotly.js inlined).

    Order: title, provenance, summary sentence (with unexplained misses called out), the
    residual and relative-to-target charts, the table, then one trajectory chart per
    measure present in ``trajectories``.

    Example:
        >>> fit = pd.DataFrame([{"target": "rate_2016", "label": "rate", "unit": "percent",
        ...     "period": "2016", "value": 7.0, "low": 6.0, "high": 8.0, "model_mean": 7.2,
        ...     "model_p5": 6.9, "model_p95": 7.5, "z": 0.2, "start_z": 1.5, "within": True,
        ...     "status": "fitted", "run": "calibration runs 2014-2016", "explanation": ""}])
        >>> trajectories = pd.DataFrame({"run": ["calibrated, from 2014"], "replication": [0],
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
            help_text="Median across replications per run (line) and 5-95% band; targets "
            "at mid-year with their band as error bar.",
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
             "parameters. Targets the model has no counterpart for are left out.")}
{_chart_html(targets_figure(fit), key="targets", heading="Model relative to each target",
             help_text="Each target's value is 100; the shaded bar is its band and the marker "
             "the model mean with the 5-95% range across replications.")}
<section aria-labelledby="heading-table">
<h2 id="heading-table">All targets</h2>
{fit_table_html(fit)}
</section>
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


def write_fit_report(
    path: str | Path,
    fit: pd.DataFrame,
    trajectories: pd.DataFrame,
    target_points: pd.DataFrame,
    meta: Mapping[str, str],
) -> Path:
    """Write :func:`fit_report_html` to ``path`` atomically and return the path.

    The page is rendered first, written to a temporary file in the same folder and moved
    into place with :func:`os.replace`, so a failure at any point leaves either the old
    report or none, never a half-written one, and no temporary file behind.

    Example:
        >>> write_fit_report("out/fit.html", fit, trajectories, points, meta)  # doctest: +SKIP
        PosixPath('out/fit.html')
    """
    path = Path(path)
    page = fit_report_html(fit, trajectories, target_points, meta)
    return write_page(path, page)


_CSS = BASE_CSS + """
table.provenance th { text-align: left; }
th, td { vertical-align: top; }
table.fit td.number { text-align: right; white-space: nowrap; }
table.fit tr.outside { background: #fbe3d6; }
table.fit tr.not-comparable { color: #555555; }
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
    """Axis label of a target: its name, marked when it is a validation target."""
    name = _text(row.target)
    return f"{name} (validation)" if row.status == "validation" else name


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


def _add_run_band(fig: go.Figure, series: pd.DataFrame, measure: str, run: str, color: str) -> None:
    """Add one run's 5-95% band (a closed polygon) and median line."""
    bands = monthly_bands(series, [measure])
    x = pd.to_datetime(bands["month"] + "-01").tolist()
    name = _text(run)
    for trace in band_traces(x, bands["p5"], bands["p50"], bands["p95"], name=name, color=color, group=name):
        fig.add_trace(trace)


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
    """The one-sentence verdict, with unexplained misses called out in a box."""
    comparable = _comparable(fit)
    within = comparable & fit["within"].eq(True)
    names = fit["target"].astype(str)
    parts = [f"{int(within.sum())} of {int(comparable.sum())} comparable targets within their band"]
    by_status = [
        f"{status}: {int((within & fit['status'].eq(status)).sum())} of "
        f"{int((comparable & fit['status'].eq(status)).sum())}"
        for status in ("fitted", "validation")
        if (comparable & fit["status"].eq(status)).any()
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
    not_comparable = names[~comparable]
    if not not_comparable.empty:
        sentence += (" Not comparable with the model: "
                     + ", ".join(html.escape(n) for n in not_comparable)
                     + " (reasons in the table).")
    unexplained = unexplained_misses(fit)
    box = ""
    if unexplained:
        box = ('\n<p class="unexplained" role="alert">Unexplained: '
               + ", ".join(html.escape(n) for n in unexplained)
               + " - outside their band or not comparable, with no explanation.</p>")
    return f'<p class="summary">{sentence}</p>{box}'


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
