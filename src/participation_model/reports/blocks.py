"""The building blocks of a page: chart sections, tabs, tables, notes, downloads, provenance.

A page of the kit (:mod:`participation_model.reports.page`) is put together from these pieces,
so every chart, table and fact looks and behaves the same on every page. Each piece returns
HTML with its text escaped here: every text put into HTML goes through :func:`plain`. Text put
into a chart (trace names, axis categories, hover text) must be passed through :func:`plain` by
the caller, because plotly renders a little HTML in labels.

Hooks the browser tests rely on: a chart is wrapped in ``data-chart`` around the plotly div
``id="chart-..."``; downloads are ``a[data-table]``; the provenance is ``id="provenance"``.

Example:
    >>> import plotly.graph_objects as go
    >>> snippet = section_html(Section("x", "A & B", "help", go.Figure()), level=2)
    >>> '<h2 id="heading-chart-x">A &amp; B</h2>' in snippet, 'id="chart-x"' in snippet
    (True, True)
"""

from __future__ import annotations

import base64
import html
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import plotly.graph_objects as go
import plotly.io as pio

from participation_model.reports.style import FIGURE_HEIGHT

_MIME = {".csv": "text/csv", ".md": "text/markdown", ".json": "application/json"}


@dataclass(frozen=True)
class Section:
    """One chart with its heading and a sentence of help; the unit every page and the app share.

    ``title`` and ``help`` are plain text (escaped when rendered); ``key`` is a stable
    identifier (letters, digits, ``-``, ``_``) used in element ids; ``label`` is the chart's
    accessible name (default: the title).

    Example:
        >>> Section("effects", "Effect", "Scenario minus baseline.", go.Figure()).key
        'effects'
    """

    key: str
    title: str
    help: str
    figure: go.Figure
    label: str | None = None


@dataclass(frozen=True)
class Tab:
    """One tab of a page: a key (ids and ``data-section``), a title and its HTML body.

    ``body`` is trusted HTML built with the helpers of this module (which escape their text).

    Example:
        >>> Tab("flows", "Flows", "<p>...</p>").key
        'flows'
    """

    key: str
    title: str
    body: str


def plain(value: object) -> str:
    """Text made safe for HTML and for plotly labels (which render a little HTML).

    Example:
        >>> plain("<script>alert(1)</script>")
        '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(str(value))


def chart_html(figure: go.Figure, chart_id: str, label: str) -> str:
    """The plotly div of one chart (no plotly.js: the page loads it once), wrapped with ``data-chart`` and an ARIA label.

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


def section_html(section: Section, *, chart_id: str | None = None, level: int = 3) -> str:
    """A chart section: heading, a sentence of help, the chart.

    ``chart_id`` defaults to ``chart-<key>``; pass another when a page shows one section
    more than once (the comparison's scenario views). ``level`` is the heading's: 3 inside a
    tab, 2 on a page without tabs.

    Example:
        >>> "<h3" in section_html(Section("a", "A", "help", go.Figure()))
        True
    """
    chart_id = chart_id or f"chart-{section.key}"
    return (f'<section class="chart-section" data-chart-section="{plain(section.key)}">\n'
            f'<h{level} id="heading-{plain(chart_id)}">{plain(section.title)}</h{level}>\n'
            f'<p class="help">{plain(section.help)}</p>\n'
            f"{chart_html(section.figure, chart_id, section.label or section.title)}\n</section>")  # fmt: skip


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
    from participation_model.reports.dashboard.labels import text

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
    """A file size for people: ``"812 B"``, ``"12.3 KB"``, ``"4.1 MB"``.

    Example:
        >>> _size(812), _size(12_600)
        ('812 B', '12.3 KB')
    """
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
    if not command:
        return ""
    if isinstance(command, str):
        return command
    return shlex.join(str(part) for part in command)


def provenance_html(facts: Sequence[tuple[str, str]], heading: str, *, code: Sequence[str] = ()) -> str:
    """The provenance block: what produced the numbers, as (label, value) pairs (all escaped; empty values left out).

    ``code`` names the labels whose values are shown as code (the command line).

    Example:
        >>> block = provenance_html([("Seed", "1"), ("Command", "pm run"), ("Note", "")], "Where", code=["Command"])
        >>> "<dd>1</dd>" in block, "<dd><code>pm run</code></dd>" in block, "Note" in block
        (True, True, False)
    """
    items = "\n".join(
        f"<dt>{plain(key)}</dt><dd>{'<code>' + plain(value) + '</code>' if key in code else plain(value)}</dd>"
        for key, value in facts if value not in (None, "")
    )  # fmt: skip
    return (f'<section id="provenance" data-provenance="" aria-labelledby="provenance-heading">\n'
            f'<h2 id="provenance-heading">{plain(heading)}</h2>\n'
            f'<dl class="facts">\n{items}\n</dl>\n</section>')  # fmt: skip
