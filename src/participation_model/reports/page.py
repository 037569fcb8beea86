"""What every HTML page of the project shares: the base style, band traces, atomic writing.

The run overview, the fit and plausibility reports (and the dashboards) are self-contained
plotly pages in one look: the same fonts, tables and focus outlines, the same median line with
a shaded 5-95% band, and the same way of writing (a temporary file in the target folder, then a
rename), so a reader never opens a half-written page.

Example:
    >>> traces = band_traces([1, 2], [0.0, 1.0], [1.0, 2.0], [2.0, 3.0], name="x", color="#0072B2", group="x")
    >>> [t.name for t in traces]
    ['x (5-95%)', 'x']
"""

from __future__ import annotations

import html
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

#: Height of a chart without its own, in pixels.
FIGURE_HEIGHT = 420

#: The style every page starts from; pages append their own rules.
BASE_CSS = """
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
"""


def transparent(color: str, alpha: float) -> str:
    """``"#0072B2"`` -> ``"rgba(0, 114, 178, 0.2)"``.

    Example:
        >>> transparent("#0072B2", 0.2)
        'rgba(0, 114, 178, 0.2)'
    """
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def band_traces(
    x: Sequence, p5: Sequence[float], p50: Sequence[float], p95: Sequence[float], *, name: str, color: str, group: str, unit: str = ""
) -> tuple[go.Scatter, go.Scatter]:
    """A shaded 5-95% band (a closed polygon, no legend entry) and the median line over it."""
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


def chart_section(figure: go.Figure, *, key: str, heading: str, help_text: str, label: str | None = None) -> str:
    """One page section: a heading, a sentence of help and the chart (plotly.js is inlined once per page).

    Example:
        >>> '<h2 id="heading-x">A &amp; B</h2>' in chart_section(go.Figure(), key="x", heading="A & B", help_text="h")
        True
    """
    chart = pio.to_html(
        figure, full_html=False, include_plotlyjs=False, div_id=f"chart-{key}",
        default_height=f"{figure.layout.height or FIGURE_HEIGHT}px", config={"displaylogo": False, "responsive": True},
    )  # fmt: skip
    heading_id = f"heading-{key}"
    return f"""<section aria-labelledby="{heading_id}">
<h2 id="{heading_id}">{html.escape(heading)}</h2>
<p class="help">{html.escape(help_text)}</p>
<div role="img" aria-label="{html.escape(label or heading + ' chart')}">
{chart}
</div>
</section>"""


def write_page(path: str | Path, page: str) -> Path:
    """Write ``page`` to ``path`` atomically: the whole page or, on any error, nothing new.

    The temporary file is created with the umask's usual permissions (not a temp file's
    owner-only ones), synced, then renamed over the target; on failure it is removed.

    Example:
        >>> import tempfile
        >>> p = write_page(Path(tempfile.mkdtemp()) / "a" / "x.html", "<p>hi</p>")
        >>> p.read_text(), [f.name for f in p.parent.iterdir()]
        ('<p>hi</p>', ['x.html'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
