"""The reports' look: one style sheet, one palette, one chart layout, the median-and-band traces.

Every page of the project (run overview, dashboards, fit, plausibility and sensitivity
reports) is drawn in one look: the same fonts, tables, cards, tabs and focus outlines
(:data:`CSS`), the Okabe-Ito colours (:data:`PALETTE`), the same chart layout
(:func:`house_style`) and the same median line over a shaded 5-95% band (:func:`band_traces`,
:func:`bands_figure`). Pages add a few rules of their own through the kit's ``css`` argument.

This module imports the dashboards' labels only inside the functions that need words
(``labels`` imports the run overview, which imports this module).

Example:
    >>> traces = band_traces([1, 2], [0.0, 1.0], [1.0, 2.0], [2.0, 3.0], name="x", color="#0072B2", group="x")
    >>> [t.name for t in traces]
    ['x (5-95%)', 'x']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from participation_model.metrics.summary import monthly_bands

#: Okabe-Ito palette: distinguishable with the common forms of colour blindness.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

#: Height of a chart without its own, in pixels.
FIGURE_HEIGHT = 420

#: The style of every page: base look, header and provenance, tabs, cards, tables, notes, print.
CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       background: #ffffff; line-height: 1.5; margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #cccccc; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbbbbb; padding: 0.3rem 0.6rem; }
.help { color: #333333; max-width: 50rem; }
a:focus, button:focus, select:focus { outline: 3px solid #0072B2; }
footer { margin-top: 2rem; font-size: 0.9rem; color: #333333; }
[hidden] { display: none !important; }
header .description { font-size: 1.1rem; max-width: 60rem; }
#provenance h2 { font-size: 1.1rem; margin-top: 1rem; }
#provenance dd code { font-size: 0.85rem; word-break: break-all; }
.controls { margin: 1rem 0; padding: 0.6rem 0.8rem; background: #f2f2f2; border-radius: 4px; }
.controls label { font-weight: 600; margin-right: 0.5rem; }
select { font-size: 1rem; padding: 0.2rem 0.4rem; }
[role="tablist"] { display: flex; flex-wrap: wrap; gap: 0.25rem; border-bottom: 2px solid #0072B2;
                   margin-top: 1rem; }
[role="tab"] { font: inherit; padding: 0.45rem 0.9rem; border: 1px solid #bbbbbb; border-bottom: none;
               background: #f2f2f2; color: #1a1a1a; cursor: pointer; border-radius: 4px 4px 0 0; }
[role="tab"][aria-selected="true"] { background: #0072B2; color: #ffffff; border-color: #0072B2; }
[role="tab"]:focus { outline: 3px solid #D55E00; outline-offset: 2px; }
[role="tabpanel"] > h2 { margin-top: 1rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.25rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.75rem; }
.card { border: 1px solid #bbbbbb; border-left: 6px solid #0072B2; padding: 0.6rem 0.8rem; }
.card .card-label { font-weight: 600; overflow-wrap: anywhere; hyphens: auto; }
.card .card-value { display: block; font-size: 1.8rem; }
.card .card-range { color: #333333; font-size: 0.9rem; }
td.number, th.number { text-align: right; }
td.number { white-space: nowrap; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table { margin: 0.5rem 0 1rem; }
table.fit tr.outside { background: #fbe3d6; }
table.fit tr.not-comparable { color: #555555; }
table.fit td.number { text-align: right; white-space: nowrap; }
table.fit td:last-child { min-width: 24rem; }
table.fit th[scope="row"] { min-width: 14rem; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem; }
.unexplained, .miss { color: #B00020; font-weight: 700; }
.card-md { border: 1px solid #bbbbbb; padding: 0.2rem 1rem 0.8rem; margin-bottom: 1rem; }
.note { border-left: 4px solid #E69F00; padding: 0.2rem 0.8rem; }
@media print {
  [role="tabpanel"][hidden], [data-scenario][hidden] { display: block !important; }
  [role="tablist"], .controls { display: none; }
}
"""


def transparent(color: str, alpha: float) -> str:
    """``"#0072B2"`` -> ``"rgba(0, 114, 178, 0.2)"``: the fill of a band in its line's colour.

    Example:
        >>> transparent("#0072B2", 0.2)
        'rgba(0, 114, 178, 0.2)'
    """
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def band_traces(
    x: Sequence, p5: Sequence[float], p50: Sequence[float], p95: Sequence[float], *, name: str, color: str, group: str, unit: str = ""
) -> tuple[go.Scatter, go.Scatter]:
    """A shaded 5-95% band (a closed polygon, no legend entry) and the median line over it.

    Every chart of results across replications draws them this way, so a reader learns the
    picture once: the line is what to expect, the band how much runs differ by chance.

    Example:
        >>> band, line = band_traces([1], [0.0], [1.0], [2.0], name="ww", color="#0072B2", group="g")
        >>> band.fill, line.name
        ('toself', 'ww')
    """
    x, p5, p50, p95 = list(x), list(p5), list(p50), list(p95)
    band = go.Scatter(
        x=x + x[::-1], y=p95 + p5[::-1], mode="lines", fill="toself", fillcolor=transparent(color, 0.2),
        line={"width": 0}, hoverinfo="skip", legendgroup=group, showlegend=False, name=f"{name} (5-95%)",
    )  # fmt: skip
    line = go.Scatter(
        x=x, y=p50, customdata=list(zip(p5, p95, strict=True)), mode="lines", line={"color": color, "width": 2},
        legendgroup=group, name=name,
        hovertemplate=f"{name}: %{{y:,.1f}}{unit} (5-95%: %{{customdata[0]:,.1f}} to %{{customdata[1]:,.1f}})<extra></extra>",
    )  # fmt: skip
    return band, line


def house_style(figure: go.Figure, lang: str = "en", *, height: int | None = None) -> go.Figure:
    """Give any chart the reports' look: white template, 14 px text, legend on top; Dutch separators.

    Keeps a figure's own title and height (unless ``height`` is given). Returns the figure.

    Example:
        >>> house_style(go.Figure(), "nl").layout.separators
        ',.'
    """
    from participation_model.reports.dashboard.labels import check_language

    rows = _legend_rows(figure)
    figure.update_layout(
        template="plotly_white",
        colorway=list(PALETTE),
        font={"size": 14},
        height=(height or figure.layout.height or FIGURE_HEIGHT) + 24 * max(0, rows - 1),
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        margin={"l": 70, "r": 20, "t": 66 + 24 * rows, "b": 60},
        separators=",." if check_language(lang) == "nl" else ".,",
    )
    return figure


def _legend_rows(figure: go.Figure, width: int = 1100) -> int:
    """About how many rows the horizontal legend takes on a page-wide chart (0 without a legend).

    Example:
        >>> _legend_rows(go.Figure([go.Scatter(name="x" * 100)] * 3))
        3
    """
    names = [t.name for t in figure.data if t.name and t.showlegend is not False]
    if len(names) < 2 and figure.layout.showlegend is not True:
        return 0
    rows, used = 1, 0
    for name in names:
        size = 7.5 * len(str(name)) + 50
        if used and used + size > width:
            rows, used = rows + 1, 0
        used += size
    return rows


def localise(figure: go.Figure, lang: str = "en", names: Mapping[str, str] | None = None) -> go.Figure:
    """Rename traces (``names``: old name -> new) and translate the chart's fixed English words.

    Used on the charts of the English reports, which name their traces and axes in English:
    a band's ``"x (5-95%)"`` follows its line ``"x"``, and hover texts that start with the
    old name start with the new one.

    Example:
        >>> fig = go.Figure(go.Scatter(name="ww", hovertemplate="ww: %{y}"))
        >>> fig = localise(fig.update_layout(title="Benefit stocks"), "nl", {"ww": "WW"})
        >>> fig.data[0].name, fig.data[0].hovertemplate, fig.layout.title.text
        ('WW', 'WW: %{y}', 'Uitkeringen')
    """
    from participation_model.reports.dashboard.labels import translate

    names = dict(names or {})
    for trace in figure.data:
        old = trace.name or ""
        base, band = (old.removesuffix(" (5-95%)"), " (5-95%)") if old.endswith(" (5-95%)") else (old, "")
        new = names.get(base, translate(base, lang))
        if new != base:
            trace.name = new + band
            template = getattr(trace, "hovertemplate", None)
            if isinstance(template, str) and template.startswith(f"{base}:"):
                trace.hovertemplate = new + template[len(base):]
    if figure.layout.title.text:
        figure.layout.title.text = translate(figure.layout.title.text, lang)
    figure.for_each_xaxis(lambda axis: axis.update(title_text=translate(axis.title.text or "", lang) or None))
    figure.for_each_yaxis(lambda axis: axis.update(title_text=translate(axis.title.text or "", lang) or None))
    for annotation in figure.layout.annotations or ():
        annotation.text = translate(annotation.text or "", lang)
    return figure


def bands_figure(
    wide: pd.DataFrame,
    columns: Sequence[str],
    names: Sequence[str],
    *,
    title: str,
    y_title: str,
    lang: str = "en",
    unit: str = "",
    colors: Sequence[str] | None = None,
) -> go.Figure:
    """Median line and 5-95% band across replications for each column, named as given.

    ``wide`` has ``replication`` and ``month`` columns (like the series table); ``names`` are
    the legend entries (already passed through :func:`participation_model.reports.blocks.plain`
    when they are user text); ``colors`` overrides the palette (one per column), so a scenario
    keeps its colour on every chart. After the eight colours of the palette the lines are
    dashed, so ten sectors stay apart.

    Example:
        >>> wide = pd.DataFrame({"replication": [0, 1], "month": ["2016-01"] * 2, "a_b": [1.0, 3.0]})
        >>> [t.name for t in bands_figure(wide, ["a_b"], ["A"], title="t", y_title="y").data]
        ['A (5-95%)', 'A']
    """
    from participation_model.reports.dashboard.labels import text

    figure = go.Figure()
    bands = monthly_bands(wide, list(columns)) if len(columns) else pd.DataFrame()
    for index, (column, name) in enumerate(zip(columns, names, strict=True)):
        rows = bands[bands["measure"] == column]
        x = pd.to_datetime(rows["month"] + "-01").tolist()
        color = colors[index] if colors else PALETTE[index % len(PALETTE)]
        band, line = band_traces(x, rows["p5"], rows["p50"], rows["p95"], name=name, color=color,
                                 group=f"g{index}", unit=unit)  # fmt: skip
        if index >= len(PALETTE) and not colors:
            line.line.dash = "dash"
        figure.add_trace(band)
        figure.add_trace(line)
    figure.update_layout(title={"text": title}, hovermode="x unified",
                         xaxis={"title": {"text": text("month", lang)}}, yaxis={"title": {"text": y_title}})  # fmt: skip
    return house_style(figure, lang)


def log_ticks(fmt: str = ",.0f") -> dict[str, object]:
    """Axis settings for a log axis labelled only at 1, 2 and 5 times a power of ten.

    Plotly's own log ticks label every digit when the range is narrow, which reads as noise.

    Example:
        >>> log_ticks()["tickvals"][:4]
        [0.001, 0.002, 0.005, 0.01]
    """
    return {"type": "log", "tickformat": fmt, "tickvals": [round(m * 10.0**e, 6) for e in range(-3, 9) for m in (1, 2, 5)]}
