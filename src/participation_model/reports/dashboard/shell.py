"""The page shell every dashboard shares: header with provenance, tabs, charts, downloads.

A dashboard is one self-contained HTML file: plotly.js is inlined once, every table behind the
charts is inside the page as a ``data:`` link, and a few lines of plain JavaScript switch tabs
(keyboard accessible, following the WAI-ARIA tabs pattern), scenario views and the headline
year. Without JavaScript every section is simply shown one after the other.

The look is that of the other reports (:mod:`participation_model.reports.page`: base style,
median-and-band traces, atomic writing); charts get the same layout with :func:`house_style`.
Everything the browser tests need to find has a stable hook: ``<html data-dashboard="run">``
(or compare, sensitivity, calibration), tabs ``id="tab-<key>"`` with ``data-tab``, panels
``id="panel-<key>"`` with ``data-section``, charts ``data-chart`` around the plotly div
``id="chart-..."`` (unique on the page: :func:`page_html` refuses duplicate ids), downloads
``a[data-table]``, the provenance ``id="provenance"``, and the controls ``#year-select`` with
``#headline-cards`` (run) and ``#scenario-select`` with ``data-scenario`` views (comparison).

Escaping: every text put into HTML goes through :func:`html.escape` here; text put into a
chart (trace names, axis categories, hover text) must be passed through :func:`plain` by the
caller, because plotly renders a little HTML in labels.

Example:
    >>> import plotly.graph_objects as go
    >>> tab = Tab("a", "A <b>", section_html(Section("x", "X", "help", go.Figure()), chart_id="chart-x"))
    >>> page = page_html(kind="run", lang="en", title="t", heading="T", facts=[("Seed", "1")], tabs=[tab],
    ...                  plotlyjs="")
    >>> 'data-section="a"' in page, "A &lt;b&gt;" in page, page.count('id="chart-x"')
    (True, True, 1)
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from participation_model import __version__
from participation_model.metrics.summary import monthly_bands
from participation_model.reports.dashboard.labels import check_language, text, translate
from participation_model.reports.overview import PALETTE
from participation_model.reports.page import BASE_CSS, FIGURE_HEIGHT, band_traces

#: Height of a chart unless its figure sets one, pixels.


@dataclass(frozen=True)
class Section:
    """One chart with its heading and a sentence of help; the unit the dashboards and the app share.

    ``title`` and ``help`` are plain text (escaped when rendered); ``key`` is a stable
    identifier (letters, digits, ``-``, ``_``) used in element ids.

    Example:
        >>> Section("effects", "Effect", "Scenario minus baseline.", go.Figure()).key
        'effects'
    """

    key: str
    title: str
    help: str
    figure: go.Figure


@dataclass(frozen=True)
class Tab:
    """One tab of a dashboard: a key (ids and ``data-section``), a title and its HTML body.

    ``body`` is trusted HTML built with the helpers of this module (which escape their text).

    Example:
        >>> Tab("flows", "Flows", "<p>...</p>").key
        'flows'
    """

    key: str
    title: str
    body: str


#: The dashboards' style: the base style of every page plus tabs, cards and downloads.
CSS = BASE_CSS + """
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

#: Tabs, scenario views, headline year, downloads of large tables; plain JavaScript, no libraries.
SCRIPT = r"""
(function () {
  "use strict";
  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }
  function resize(root) {
    if (!window.Plotly) { return; }
    each(".js-plotly-plot", root, function (div) {
      if (div.offsetParent !== null) {
        var done = window.Plotly.Plots.resize(div);
        if (done && done.catch) { done.catch(function () {}); }
      }
    });
  }
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
  function select(tab, focus, remember) {
    tabs.forEach(function (other) {
      var on = other === tab;
      other.setAttribute("aria-selected", on ? "true" : "false");
      other.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(other.getAttribute("aria-controls"));
      if (panel) { panel.hidden = !on; }
    });
    if (focus) { tab.focus(); }
    resize(document.getElementById(tab.getAttribute("aria-controls")));
    if (remember) {
      try { history.replaceState(null, "", "#" + tab.getAttribute("data-tab")); } catch (e) { /* file: URLs */ }
    }
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { select(tab, false, true); });
    tab.addEventListener("keydown", function (event) {
      var next = null;
      if (event.key === "ArrowRight") { next = tabs[(index + 1) % tabs.length]; }
      else if (event.key === "ArrowLeft") { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
      else if (event.key === "Home") { next = tabs[0]; }
      else if (event.key === "End") { next = tabs[tabs.length - 1]; }
      if (next) { event.preventDefault(); select(next, true, true); }
    });
  });
  var scenario = document.getElementById("scenario-select");
  function showScenario() {
    each("[data-scenario]", document, function (view) {
      view.hidden = view.getAttribute("data-scenario") !== scenario.value;
    });
    each('[role="tabpanel"]', document, function (panel) { if (!panel.hidden) { resize(panel); } });
  }
  if (scenario) { scenario.addEventListener("change", showScenario); showScenario(); }
  var year = document.getElementById("year-select");
  var data = document.getElementById("headline-data");
  if (year && data) {
    var cards = JSON.parse(data.textContent);
    year.addEventListener("change", function () {
      var values = cards[year.value] || {};
      each("[data-card]", document, function (card) {
        var value = values[card.getAttribute("data-card")];
        if (!value) { return; }
        card.querySelector(".card-value").textContent = value.value;
        card.querySelector(".card-range").textContent = value.range;
      });
      each("[data-card-year]", document, function (element) { element.textContent = year.value; });
    });
  }
  each("a[data-table]", document, function (link) {
    link.addEventListener("click", function (event) {
      var href = link.getAttribute("href");
      var comma = href.indexOf(",");
      if (!window.Blob || !window.URL || !window.atob || href.slice(0, 5) !== "data:" || comma < 0) { return; }
      event.preventDefault();
      var binary = window.atob(href.slice(comma + 1));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
      var url = URL.createObjectURL(new Blob([bytes], {type: href.slice(5, comma).split(";")[0]}));
      var save = document.createElement("a");
      save.href = url;
      save.download = link.getAttribute("download");
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
    });
  });
  var wanted = window.location.hash.slice(1);
  var first = tabs.filter(function (tab) { return tab.getAttribute("data-tab") === wanted; })[0] || tabs[0];
  if (first) { select(first, false, false); }
}());
"""

_MIME = {".csv": "text/csv", ".md": "text/markdown", ".json": "application/json"}
_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ID = re.compile(r'\bid="([^"]+)"')


def plain(value: object) -> str:
    """Text made safe for HTML and for plotly labels (which render a little HTML).

    Example:
        >>> plain("<script>alert(1)</script>")
        '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(str(value))


def house_style(figure: go.Figure, lang: str = "en", *, height: int | None = None) -> go.Figure:
    """Give any chart the reports' look: white template, 14 px text, legend on top; Dutch separators.

    Keeps a figure's own title and height (unless ``height`` is given). Returns the figure.

    Example:
        >>> house_style(go.Figure(), "nl").layout.separators
        ',.'
    """
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

    Used on the charts of the other reports, which name their traces and axes in English:
    a band's ``"x (5-95%)"`` follows its line ``"x"``, and hover texts that start with the
    old name start with the new one.

    Example:
        >>> fig = go.Figure(go.Scatter(name="ww", hovertemplate="ww: %{y}"))
        >>> fig = localise(fig.update_layout(title="Benefit stocks"), "nl", {"ww": "WW"})
        >>> fig.data[0].name, fig.data[0].hovertemplate, fig.layout.title.text
        ('WW', 'WW: %{y}', 'Uitkeringen')
    """
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
    the legend entries (already passed through :func:`plain` when they are user text);
    ``colors`` overrides the palette (one per column), so a scenario keeps its colour on every
    chart. After the eight colours of the palette the lines are dashed, so ten sectors stay apart.

    Example:
        >>> wide = pd.DataFrame({"replication": [0, 1], "month": ["2016-01"] * 2, "a_b": [1.0, 3.0]})
        >>> [t.name for t in bands_figure(wide, ["a_b"], ["A"], title="t", y_title="y").data]
        ['A (5-95%)', 'A']
    """
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


def chart_html(figure: go.Figure, chart_id: str, label: str) -> str:
    """The plotly div of one chart (no plotly.js), in a wrapper with ``data-chart`` and an ARIA label.

    Example:
        >>> snippet = chart_html(go.Figure(), "chart-a", "A")
        >>> 'id="chart-a"' in snippet and 'data-chart="chart-a"' in snippet
        True
    """
    height = figure.layout.height or FIGURE_HEIGHT
    div = pio.to_html(
        figure, full_html=False, include_plotlyjs=False, div_id=chart_id,
        default_height=f"{height}px", default_width="100%", config={"displaylogo": False, "responsive": True},
    )  # fmt: skip
    return (f'<div class="chart" data-chart="{plain(chart_id)}" role="img" '
            f'aria-label="{plain(label)}">\n{div}\n</div>')  # fmt: skip


def section_html(section: Section, *, chart_id: str | None = None) -> str:
    """A chart section: heading, a sentence of help, the chart.

    ``chart_id`` defaults to ``chart-<key>``; pass another when a page shows one section
    more than once (the comparison's scenario views).

    Example:
        >>> "<h3" in section_html(Section("a", "A", "help", go.Figure()))
        True
    """
    chart_id = chart_id or f"chart-{section.key}"
    return (f'<section class="chart-section" data-chart-section="{plain(section.key)}">\n'
            f'<h3 id="heading-{plain(chart_id)}">{plain(section.title)}</h3>\n'
            f'<p class="help">{plain(section.help)}</p>\n'
            f"{chart_html(section.figure, chart_id, section.title)}\n</section>")  # fmt: skip


def note_html(words: str) -> str:
    """A highlighted note (escaped).

    Example:
        >>> note_html("a < b")
        '<p class="note">a &lt; b</p>'
    """
    return f'<p class="note">{plain(words)}</p>'


def table_html(headings: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Sequence[bool] = ()) -> str:
    """A plain table; every heading and cell is escaped; the first cell of a row is its header.

    Example:
        >>> table_html(["a", "b"], [["<x>", "1"]], numeric=[False, True])
        '<div class="table-scroll" tabindex="0">\\n<table>\\n<thead><tr><th scope="col">a</th><th scope="col" class="number">b</th></tr></thead>\\n<tbody>\\n<tr><th scope="row">&lt;x&gt;</th><td class="number">1</td></tr>\\n</tbody>\\n</table>\\n</div>'
    """
    numeric = list(numeric) + [False] * (len(headings) - len(numeric))
    number = ' class="number"'
    head = "".join(f'<th scope="col"{number if n else ""}>{plain(h)}</th>' for h, n in zip(headings, numeric))
    body = "\n".join(
        "<tr>" + "".join(
            f'<th scope="row">{plain(cell)}</th>' if i == 0 else f'<td{number if numeric[i] else ""}>{plain(cell)}</td>'
            for i, cell in enumerate(row)
        ) + "</tr>"
        for row in rows
    )  # fmt: skip
    return f'<div class="table-scroll" tabindex="0">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>'


def data_url(name: str, content: bytes) -> str:
    """``content`` as a base64 ``data:`` URL whose type follows the file name.

    Example:
        >>> data_url("a.csv", b"x,y\\n")
        'data:text/csv;base64,eCx5Cg=='
    """
    suffix = name[name.rfind("."):] if "." in name else ""
    mime = _MIME.get(suffix, "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def downloads_tab(files: Mapping[str, bytes], lang: str = "en") -> Tab:
    """The "Download the tables" tab: one link per file, the file inside the link.

    Example:
        >>> tab = downloads_tab({"series.csv": b"a\\n1\\n"}, "en")
        >>> tab.key, 'download="series.csv"' in tab.body
        ('downloads', True)
    """
    rows = "\n".join(
        f'<tr><th scope="row"><a href="{data_url(name, content)}" download="{plain(name)}" '
        f'data-table="{plain(name)}">{plain(name)}</a></th>'
        f'<td class="number">{_size(len(content))}</td></tr>'
        for name, content in files.items()
    )  # fmt: skip
    body = (f'<p class="help">{plain(text("tables_help", lang))}</p>\n<table class="downloads">\n'
            f'<thead><tr><th scope="col">{plain(text("file", lang))}</th>'
            f'<th scope="col" class="number">{plain(text("size", lang))}</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>")  # fmt: skip
    return Tab("downloads", text("tables", lang), body)


def _size(count: int) -> str:
    """A file size for people: ``"812 B"``, ``"12.3 KB"``, ``"4.1 MB"``."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def created_text(stamp: str | None) -> str:
    """``"2024-05-01T12:30:00Z"`` -> ``"2024-05-01 12:30 UTC"``; other text as it is.

    Example:
        >>> created_text("2024-05-01T12:30:00Z"), created_text(None)
        ('2024-05-01 12:30 UTC', '')
    """
    if not stamp:
        return ""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return str(stamp)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def version_text(package: Mapping | None) -> str:
    """Package version from a manifest's ``package`` entry, with the git commit when known.

    Example:
        >>> version_text({"version": "0.1.0", "git": {"commit": "b0e9a5fb41c3", "dirty": True}})
        '0.1.0 (git b0e9a5fb41c3, with local changes)'
    """
    package = package or {}
    version = str(package.get("version", "unknown"))
    git = package.get("git") or {}
    if git.get("commit"):
        version += f" (git {str(git['commit'])[:12]}{', with local changes' if git.get('dirty') else ''})"
    return version


def command_text(command: Sequence[str] | str | None) -> str:
    """The command line as one string, quoted where needed.

    Example:
        >>> command_text(["participation-model", "run", "my file.toml"])
        "participation-model run 'my file.toml'"
    """
    import shlex

    if not command:
        return ""
    if isinstance(command, str):
        return command
    return shlex.join(str(part) for part in command)


def provenance_html(facts: Sequence[tuple[str, str]], lang: str = "en") -> str:
    """The provenance block: what produced the numbers (all values escaped).

    Example:
        >>> "<dd>1</dd>" in provenance_html([("Seed", "1")])
        True
    """
    items = "\n".join(
        f"<dt>{plain(key)}</dt><dd>{'<code>' + plain(value) + '</code>' if key == text('command', lang) else plain(value)}</dd>"
        for key, value in facts if value not in (None, "")
    )  # fmt: skip
    return (f'<section id="provenance" data-provenance="" aria-labelledby="provenance-heading">\n'
            f'<h2 id="provenance-heading">{plain(text("provenance", lang))}</h2>\n'
            f'<dl class="facts">\n{items}\n</dl>\n</section>')  # fmt: skip


def page_html(
    *,
    kind: str,
    lang: str,
    title: str,
    heading: str,
    facts: Sequence[tuple[str, str]],
    tabs: Sequence[Tab],
    description: str = "",
    controls: str = "",
    plotlyjs: str | None = None,
) -> str:
    """The whole dashboard page: header, provenance, controls, tab list and panels, footer.

    Args:
        kind: ``run``, ``compare``, ``sensitivity`` or ``calibration`` (``data-dashboard``).
        lang: the page's language (``<html lang>``).
        title, heading, description: plain text (escaped here).
        facts: the provenance, (label, value) pairs in page order.
        tabs: the sections; the first is shown first.
        controls: trusted HTML shown above the tabs (the scenario selector).
        plotlyjs: plotly.js to inline; ``None`` inlines the installed plotly's (about 4.6 MB).

    Raises:
        ValueError: two elements got the same id (two charts would fight over one div).
    """
    check_language(lang)
    for tab in tabs:
        if not _KEY.match(tab.key):
            raise ValueError(f"tab key {tab.key!r}: allowed: letters, digits, '-' and '_'")
    nav = "\n".join(
        f'<button type="button" role="tab" id="tab-{tab.key}" data-tab="{tab.key}" aria-controls="panel-{tab.key}" '
        f'aria-selected="{"true" if i == 0 else "false"}" tabindex="{0 if i == 0 else -1}">{plain(tab.title)}</button>'
        for i, tab in enumerate(tabs)
    )  # fmt: skip
    panels = "\n".join(
        f'<section role="tabpanel" id="panel-{tab.key}" data-section="{tab.key}" aria-labelledby="tab-{tab.key}" tabindex="0">\n'
        f'<h2>{plain(tab.title)}</h2>\n{tab.body}\n</section>'
        for tab in tabs
    )  # fmt: skip
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = f"""<header>
<p class="help">{plain(text(f"{kind}_title", lang))}</p>
<h1>{plain(heading)}</h1>
{f'<p class="description">{plain(description)}</p>' if description.strip() else ""}
{provenance_html(facts, lang)}
</header>
{controls}
<nav aria-label="{plain(text("sections", lang))}">
<div role="tablist" aria-label="{plain(text("sections", lang))}">
{nav}
</div>
</nav>
<main id="main">
{panels}
</main>
<footer>
<p>{plain(text("bands_note", lang))}</p>
<p>{plain(text("made_with", lang, version=__version__, date=now))}</p>
</footer>"""
    _check_unique_ids(body)
    script = get_plotlyjs() if plotlyjs is None else plotlyjs
    return f"""<!DOCTYPE html>
<html lang="{lang}" data-dashboard="{plain(kind)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="participation-model {plain(__version__)}">
<title>{plain(title)}</title>
<style>{CSS}</style>
<script type="text/javascript">{script}</script>
</head>
<body>
{body}
<script type="text/javascript">{SCRIPT}</script>
</body>
</html>
"""


def _check_unique_ids(body: str) -> None:
    """Raise ValueError when an element id appears twice (data URLs and JSON hold no ``id="``)."""
    seen: set[str] = set()
    for found in _ID.findall(body):
        if found in seen:
            raise ValueError(f"the dashboard has two elements with id {found!r}")
        seen.add(found)
