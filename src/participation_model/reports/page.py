"""The page kit's layout: how every HTML page of the project is laid out, loads plotly.js and is written.

One function lays out a page (:func:`page_html`): header (a line saying what the page is, the
heading, a description, the provenance), optional controls, then either tabs (the dashboards:
a tab list and one panel per tab, switched by a few lines of plain JavaScript following the
WAI-ARIA tabs pattern) or one column of sections (the run overview, the fit, plausibility and
sensitivity reports), and a footer. Every page gets the same style
(:data:`participation_model.reports.style.CSS`, plus a few rules of its own), the same script,
and plotly.js the same way: the folder's shared ``plotly.min.js``
(:mod:`participation_model.reports.plotlyjs`). One function writes a page (:func:`write_page`):
atomically, with ``plotly.min.js`` next to it.

The pieces of a page (chart sections, tables, notes, downloads) are in
:mod:`participation_model.reports.blocks`; the look of its charts in
:mod:`participation_model.reports.style`.

Hooks the browser tests rely on: ``<html data-page="...">`` (and ``data-dashboard`` on a page
with tabs), tabs ``id="tab-<key>"`` with ``data-tab``, panels ``id="panel-<key>"`` with
``data-section``; ids are unique on a page (:func:`page_html` refuses duplicates, two charts
would fight over one div).

Example:
    >>> import plotly.graph_objects as go
    >>> from participation_model.reports.blocks import Section, Tab, section_html
    >>> tab = Tab("a", "A <b>", section_html(Section("x", "X", "help", go.Figure()), chart_id="chart-x"))
    >>> page = page_html(kind="run", title="t", heading="T", facts=[("Seed", "1")], tabs=[tab], plotlyjs="")
    >>> 'data-section="a"' in page, "A &lt;b&gt;" in page, page.count('id="chart-x"')
    (True, True, 1)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from participation_model import __version__
from participation_model.reports.blocks import Tab, plain, provenance_html
from participation_model.reports.plotlyjs import MISSING, plotly_tag, share_plotly, uses_shared_plotly, write_atomically
from participation_model.reports.style import CSS

_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ID = re.compile(r'\bid="([^"]+)"')

#: Tabs, scenario views, headline year, downloads of large tables, the missing-plotly note; plain JavaScript.
SCRIPT = r"""
(function () {
  "use strict";
  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }
  var missing = document.getElementById("plotly-missing");
  if (missing && !window.Plotly) { missing.hidden = false; }
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


def page_html(
    *,
    kind: str,
    title: str,
    heading: str,
    lang: str = "en",
    kicker: str = "",
    description: str = "",
    facts: Sequence[tuple[str, str]] = (),
    controls: str = "",
    tabs: Sequence[Tab] = (),
    body: str = "",
    footer: Sequence[str] | None = None,
    css: str = "",
    plotlyjs: str | None = None,
    bands_note: str | None = None,
) -> str:
    """A whole page: header with provenance, controls, tabs (or one column of sections), footer.

    Args:
        kind: what the page is (``data-page``): ``run``, ``compare``, ``sensitivity`` and
            ``calibration`` for the dashboards, ``overview``, ``fit``, ``plausibility``,
            ``sensitivity-report`` for the reports.
        title, heading, kicker, description: plain text (escaped here); ``kicker`` is the line
            above the heading saying what kind of page this is.
        lang: the page's language (``<html lang>`` and the fixed words).
        facts: the provenance, (label, value) pairs in page order; none: no provenance block.
        controls: trusted HTML shown above the tabs (the scenario selector).
        tabs: the dashboards' sections, the first shown first; a page with tabs is a dashboard.
        body: trusted HTML of a page without tabs, built with :mod:`.blocks`.
        footer: plain-text paragraphs; ``None`` gives the dashboards' (bands, made with).
        bands_note: what the bands hold, in place of the dashboards' usual note (replications
            only) in that footer: a run or comparison with parameter draws says so.
        css: the page's own style rules, after the common ones.
        plotlyjs: ``None`` loads the folder's shared ``plotly.min.js`` (write the page with
            :func:`write_page`, which puts it there); a string is inlined instead (tests pass ``""``).

    Raises:
        ValueError: a tab key with other characters than letters, digits, ``-`` and ``_``, or
            two elements with the same id.
    """
    from participation_model.reports.dashboard.labels import check_language, text

    check_language(lang)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    footer = [bands_note or text("bands_note", lang), text("made_with", lang, version=__version__, date=now)] if footer is None else footer
    content = _tabs_html(tabs, text("sections", lang)) if tabs else f"<main>\n{body}\n</main>"
    provenance = provenance_html(facts, text("provenance", lang), code=[text("command", lang)]) if facts else ""
    paragraphs = "\n".join(f"<p>{plain(p)}</p>" for p in footer)
    inner = f"""<header>
{f'<p class="help">{plain(kicker)}</p>' if kicker else ""}
<h1>{plain(heading)}</h1>
{f'<p class="description">{plain(description)}</p>' if description.strip() else ""}
{provenance}
</header>
<p id="plotly-missing" class="note" role="alert" hidden>{plain(MISSING.get(lang, MISSING["en"]))}</p>
{controls}
{content}
{f"<footer>{chr(10)}{paragraphs}{chr(10)}</footer>" if footer else ""}"""
    _check_unique_ids(inner)
    dashboard = f' data-dashboard="{plain(kind)}"' if tabs else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}" data-page="{plain(kind)}"{dashboard}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="participation-model {plain(__version__)}">
<title>{plain(title)}</title>
<style>{CSS}{css}</style>
{plotly_tag(plotlyjs)}
</head>
<body>
{inner}
<script type="text/javascript">{SCRIPT}</script>
</body>
</html>
"""


def _tabs_html(tabs: Sequence[Tab], label: str) -> str:
    """The tab list and one panel per tab; the first tab is selected.

    Example:
        >>> 'aria-selected="true"' in _tabs_html([Tab("a", "A", "")], "Sections")
        True
    """
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
    return (f'<nav aria-label="{plain(label)}">\n<div role="tablist" aria-label="{plain(label)}">\n{nav}\n</div>\n</nav>\n'
            f'<main id="main">\n{panels}\n</main>')  # fmt: skip


def _check_unique_ids(body: str) -> None:
    """Raise ValueError when an element id appears twice (data URLs and JSON hold no ``id="``).

    Example:
        >>> _check_unique_ids('<p id="a"></p><p id="a"></p>')
        Traceback (most recent call last):
        ...
        ValueError: the page has two elements with id 'a'
    """
    seen: set[str] = set()
    for found in _ID.findall(body):
        if found in seen:
            raise ValueError(f"the page has two elements with id {found!r}")
        seen.add(found)


def write_page(path: str | Path, page: str) -> Path:
    """Write ``page`` to ``path`` atomically, with the folder's shared plotly.js when the page loads it.

    ``plotly.min.js`` is put next to the page first (:func:`participation_model.reports.plotlyjs.share_plotly`),
    so the page never points at a missing file; then the page is written to a temporary file
    (with the umask's usual permissions), synced and renamed over ``path``. On any error
    nothing new is left: no partial page, no temporary file.

    Example:
        >>> import tempfile
        >>> p = write_page(Path(tempfile.mkdtemp()) / "a" / "x.html", "<p>hi</p>")
        >>> p.read_text(), [f.name for f in p.parent.iterdir()]
        ('<p>hi</p>', ['x.html'])
    """
    path = Path(path)
    if uses_shared_plotly(page):
        share_plotly(path.parent)
    return write_atomically(path, page.encode("utf-8"))
