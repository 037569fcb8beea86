"""The national drivers next to the region: what a run was driven by, and how the region responded.

Labour demand in the model follows national conditions (:mod:`participation_model.drivers`).
A run folder keeps the ones its run used as ``drivers.csv``: one row per year with each
national series (GDP volume growth, the unemployment rate, vacancies, tightness, ...) and the
year's ``basis``: "observed", "projected" (CPB) or "held" (the last projection held flat). The
calibration work folder keeps the history run's as well.

:func:`drivers_figure` draws them in panels sharing the year axis: GDP volume growth as bars,
and the national unemployment rate, tightness and vacancies as lines, with the region's own
unemployment rate and tightness in the model (:func:`region_annual`) on the same panels so a
reader sees the region respond to the national conditions. Observed years are solid; projected
years are dashed, held years dotted, their bars lighter, and their span shaded.

The chart is in English, like the other reports' charts; the dashboards translate it with
:func:`participation_model.reports.style.localise`.

Example:
    >>> drivers = pd.DataFrame({"year": [2024, 2025], "gdp_growth": [0.9, 1.9],
    ...     "unemployment_rate": [2.6, 2.75], "basis": ["observed", "projected"]})
    >>> region = pd.DataFrame({"year": [2024, 2025], "unemployment_rate_15_75": [4.0, 4.2]})
    >>> [t.name for t in drivers_figure(drivers, region).data]
    ['GDP volume growth', 'Netherlands (observed)', 'Netherlands (projected)', 'region (model)']
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from participation_model.reports.style import PALETTE, transparent

#: The region's measures drawn next to the national series (annual means of the series table).
REGION_MEASURES: tuple[str, ...] = ("unemployment_rate_15_75", "tightness")

#: How each kind of year is drawn: line dash, bar opacity, legend words.
BASIS_STYLE: dict[str, tuple[str, float, str]] = {
    "observed": ("solid", 1.0, "Netherlands (observed)"),
    "projected": ("dash", 0.45, "Netherlands (projected)"),
    "held": ("dot", 0.25, "Netherlands (held after the projection)"),
}

_NATIONAL = PALETTE[0]
_REGION = PALETTE[1]
_SHADE = "rgba(120, 120, 120, 0.10)"


@dataclass(frozen=True)
class Panel:
    """One panel of the drivers chart: a national series, and the region's counterpart if any.

    ``factor`` turns the region's measure into the national series' unit (the model's tightness
    is vacancies per unemployed resident; the national one is per 100 unemployed).
    """

    series: str
    title: str
    unit: str
    region: str | None = None
    factor: float = 1.0


#: The panels in page order; a panel whose national series is not in the table is left out.
PANELS: tuple[Panel, ...] = (
    Panel("gdp_growth", "GDP volume growth", "% per year"),
    Panel("unemployment_rate", "Unemployment rate", "% of the labour force", "unemployment_rate_15_75"),
    Panel("tightness", "Tightness", "vacancies per 100 unemployed", "tightness", 100.0),
    Panel("vacancies", "Open vacancies in the Netherlands", "thousand vacancies"),
)


def region_annual(series: pd.DataFrame, measures: Sequence[str] = REGION_MEASURES) -> pd.DataFrame:
    """Annual means over months and replications of the region's measures that are in ``series``.

    ``series`` has a ``month`` column ("YYYY-MM") and the measures (one row per replication and
    month, like the run's series table; a ``run`` column, if any, must be filtered first).

    Example:
        >>> series = pd.DataFrame({"replication": [0, 0, 1], "month": ["2014-01", "2015-01", "2015-01"],
        ...                        "tightness": [0.1, 0.2, 0.4]})
        >>> region_annual(series).values.tolist()
        [[2014.0, 0.1], [2015.0, 0.30000000000000004]]
    """
    present = [m for m in measures if m in series.columns]
    if series.empty or not present:
        return pd.DataFrame(columns=["year", *present])
    year = series["month"].astype(str).str[:4].astype(int).rename("year")
    return series[present].groupby(year).mean().reset_index()


def has_drivers(drivers: pd.DataFrame | None) -> bool:
    """Whether ``drivers`` is a drivers table the chart can draw (a year and at least one panel's series).

    Example:
        >>> has_drivers(None), has_drivers(pd.DataFrame({"year": [2016], "gdp_growth": [2.2]}))
        (False, True)
    """
    return (drivers is not None and not drivers.empty and "year" in drivers.columns
            and any(p.series in drivers.columns for p in PANELS))  # fmt: skip


def drivers_figure(drivers: pd.DataFrame, region: pd.DataFrame | None = None) -> go.Figure:
    """The national drivers per year in stacked panels, with the region's own measures next to them.

    Args:
        drivers: the drivers table (``year``, national series, optionally ``basis``); years
            without a basis count as observed.
        region: ``year`` and the region's annual ``unemployment_rate_15_75`` and ``tightness``
            (:func:`region_annual`), or None.

    Example:
        >>> drivers = pd.DataFrame({"year": [2016, 2017], "tightness": [29.0, 44.5], "basis": "observed"})
        >>> region = pd.DataFrame({"year": [2016, 2017], "tightness": [0.2, 0.25]})
        >>> figure = drivers_figure(drivers, region)
        >>> list(figure.data[-1].y), figure.layout.annotations[0].text
        ([20.0, 25.0], 'Tightness')
    """
    panels = [p for p in PANELS if p.series in drivers.columns]
    table = drivers.sort_values("year").reset_index(drop=True)
    basis = table["basis"].astype(str) if "basis" in table.columns else pd.Series("observed", index=table.index)
    figure = make_subplots(rows=max(1, len(panels)), cols=1, shared_xaxes=True, vertical_spacing=0.07,
                           subplot_titles=[_plain(p.title) for p in panels])  # fmt: skip
    shown: set[str] = set()
    for row, panel in enumerate(panels, start=1):
        if panel.series == "gdp_growth":
            _add_bars(figure, table, basis, panel, row)
        else:
            _add_lines(figure, table, basis, panel, row, shown)
        if panel.region and region is not None and panel.region in region.columns:
            _add_region(figure, region, panel, row, shown, table["year"].astype(int).tolist())
        figure.update_yaxes(title_text=_plain(panel.unit), row=row, col=1)
    for first, last in _spans(table["year"].tolist(), basis.tolist()):
        figure.add_vrect(x0=first - 0.5, x1=last + 0.5, fillcolor=_SHADE, line_width=0, layer="below", row="all", col=1)
    years = table["year"].astype(int)
    if len(years):
        figure.update_xaxes(range=[int(years.min()) - 0.6, int(years.max()) + 0.6])
    figure.update_xaxes(dtick=1, row=len(panels) or 1, col=1, title_text="year")
    figure.update_layout(
        title={"text": "National drivers and the region"}, template="plotly_white", font={"size": 14},
        height=160 + 230 * max(1, len(panels)), hovermode="x unified",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        margin={"l": 70, "r": 20, "t": 110, "b": 50},
    )  # fmt: skip
    return figure


def _add_bars(figure: go.Figure, table: pd.DataFrame, basis: pd.Series, panel: Panel, row: int) -> None:
    """GDP growth as bars, lighter in projected and held years."""
    opacity = [BASIS_STYLE.get(b, BASIS_STYLE["observed"])[1] for b in basis]
    figure.add_trace(go.Bar(
        x=table["year"].tolist(), y=table[panel.series].tolist(), name=_plain(panel.title), showlegend=False,
        marker={"color": [transparent(_NATIONAL, o) for o in opacity], "line": {"color": _NATIONAL, "width": 1}},
        hovertemplate="%{y:.1f}%<extra></extra>",
    ), row=row, col=1)  # fmt: skip


def _add_lines(figure: go.Figure, table: pd.DataFrame, basis: pd.Series, panel: Panel, row: int, shown: set[str]) -> None:
    """One line per kind of year; each later kind starts at the last year of the kind before, so the line is unbroken."""
    previous: int | None = None
    for kind, (dash, _, name) in BASIS_STYLE.items():
        rows = [i for i, b in enumerate(basis) if b == kind]
        if not rows:
            continue
        keep = ([previous] if previous is not None and previous < rows[0] else []) + rows
        previous = rows[-1]
        figure.add_trace(go.Scatter(
            x=table["year"].iloc[keep].tolist(), y=table[panel.series].iloc[keep].tolist(), mode="lines+markers",
            line={"color": _NATIONAL, "dash": dash, "width": 2}, marker={"size": 5}, name=name, legendgroup=kind,
            showlegend=name not in shown, hovertemplate="%{y:,.1f}<extra></extra>",
        ), row=row, col=1)  # fmt: skip
        shown.add(name)


def _add_region(figure: go.Figure, region: pd.DataFrame, panel: Panel, row: int, shown: set[str], years: Sequence[int]) -> None:
    """The region's annual mean in the model, in the national series' unit, over the drivers' ``years``."""
    name = "region (model)"
    rows = region.dropna(subset=[panel.region]).sort_values("year")
    if len(years):
        rows = rows[rows["year"].astype(int).between(min(years), max(years))]  # the drivers' years only
    figure.add_trace(go.Scatter(
        x=rows["year"].astype(int).tolist(), y=(rows[panel.region] * panel.factor).tolist(), mode="lines+markers",
        line={"color": _REGION, "width": 2.5}, marker={"size": 6, "symbol": "square"}, name=name, legendgroup="region",
        showlegend=name not in shown, hovertemplate="%{y:,.1f}<extra></extra>",
    ), row=row, col=1)  # fmt: skip
    shown.add(name)


def _spans(years: Sequence[int], basis: Sequence[str]) -> list[tuple[int, int]]:
    """Runs of consecutive years that are not observed, as (first, last).

    Example:
        >>> _spans([2023, 2024, 2025, 2026], ["observed", "observed", "projected", "held"])
        [(2025, 2026)]
    """
    spans: list[tuple[int, int]] = []
    for year, kind in zip(years, basis, strict=True):
        if kind == "observed":
            continue
        if spans and spans[-1][1] == year - 1:
            spans[-1] = (spans[-1][0], int(year))
        else:
            spans.append((int(year), int(year)))
    return spans


def _plain(value: object) -> str:
    """Escape text for plotly, whose labels render a little HTML."""
    return html.escape(str(value))
