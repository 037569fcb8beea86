"""The plausibility report: programme effect curves against evaluation evidence, one HTML file.

Per programme one chart: the effect on participants by months since enrolment (the median
across replications as a line, the 5-95% range across replications as a band), the evidence
range of each horizon band as a shaded box, and a zero line; under it a table of horizon,
model, evidence range, source and whether the model lies in the range. The numbers come from
:mod:`participation_model.analysis.effects`; this module only draws them.

The page is made with the page kit (:mod:`participation_model.reports.page`) like every other
page: it loads plotly.js from the folder's shared ``plotly.min.js`` (written next to it), so it
opens offline, and every text taken from scenarios or the evidence file is escaped with
:func:`html.escape` (also inside the charts, whose titles plotly would otherwise render as HTML).

Example:
    >>> import pandas as pd
    >>> curves = pd.DataFrame({"scenario": "s", "intervention": "jsa", "type": "x", "replication": 0,
    ...                        "months_since_enrolment": [0, 1], "effect_pp": [1.0, 2.0], "participants": 5})
    >>> fig = effect_figure(curves, (), title="jsa")
    >>> [trace.name for trace in fig.data]
    ['5-95% across replications', 'median across replications']
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports.blocks import chart_html
from participation_model.reports.page import page_html, write_page
from participation_model.reports.style import FIGURE_HEIGHT, PALETTE, transparent

if TYPE_CHECKING:
    from participation_model.analysis.evidence import Band, Evidence

__all__ = ["effect_figure", "plausibility_html", "write_plausibility_report"]

_MODEL_COLOR = PALETTE[0]
_EVIDENCE_COLOR = PALETTE[2]
_EVIDENCE_OPACITY = 0.18
_BAND_OPACITY = 0.25
_QUANTILES = (0.05, 0.5, 0.95)

#: The report's own style, after the kit's: tables left-aligned, verdict cells coloured.
_CSS = """
th, td { text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
td.yes { background: #e6f4ea; } td.no { background: #fbe9e7; }
"""


def effect_figure(curves: pd.DataFrame, bands: Sequence[Band], *, title: str) -> go.Figure:
    """One programme's effect curve (median and 5-95% across replications) with the evidence boxes.

    ``curves`` holds one programme's rows of :func:`participation_model.analysis.effects.effect_curves`;
    ``title`` is shown as given, so escape text from files before passing it.
    """
    q = curves.groupby("months_since_enrolment")["effect_pp"].quantile(list(_QUANTILES)).unstack().dropna()
    x = q.index.tolist()
    low, mid, high = (q[p].tolist() for p in _QUANTILES)
    fig = go.Figure()
    for i, band in enumerate(bands):
        fig.add_trace(_box(band, showlegend=i == 0))
    fig.add_trace(go.Scatter(x=x + x[::-1], y=high + low[::-1], fill="toself", mode="lines", line={"width": 0},
                             fillcolor=transparent(_MODEL_COLOR, _BAND_OPACITY), hoverinfo="skip",
                             name="5-95% across replications"))  # fmt: skip
    fig.add_trace(go.Scatter(x=x, y=mid, mode="lines", line={"color": _MODEL_COLOR, "width": 2},
                             name="median across replications",
                             hovertemplate="month %{x}: %{y:.1f} pp<extra></extra>"))  # fmt: skip
    fig.add_hline(y=0, line={"color": "#555555", "width": 1, "dash": "dot"})
    fig.update_layout(
        title={"text": title}, height=FIGURE_HEIGHT, template="plotly_white", hovermode="x unified",
        xaxis_title="months since enrolment", yaxis_title="effect on participants' employment (pp)",
        legend={"orientation": "h", "y": -0.2}, margin={"t": 60, "r": 20},
    )  # fmt: skip
    return fig


def _box(band: Band, *, showlegend: bool) -> go.Scatter:
    """The evidence range of one band as a closed, shaded rectangle spanning the band's months."""
    x0, x1 = band.first - 0.5, band.last + 0.5
    return go.Scatter(
        x=[x0, x1, x1, x0, x0], y=[band.low, band.low, band.high, band.high, band.low],
        fill="toself", mode="lines", line={"color": _EVIDENCE_COLOR, "width": 1},
        fillcolor=transparent(_EVIDENCE_COLOR, _EVIDENCE_OPACITY), legendgroup="evidence",
        showlegend=showlegend, name="evidence range",
        hovertemplate=f"evidence {html.escape(band.label)} months: {band.low:g} to {band.high:g} pp<extra></extra>",
    )  # fmt: skip


def plausibility_html(curves: pd.DataFrame, summary: pd.DataFrame, evidence: Evidence, meta: Mapping[str, str]) -> str:
    """The whole report as one HTML string (loading the folder's shared ``plotly.min.js``).

    Args:
        curves: :func:`participation_model.analysis.effects.effect_curves` rows, all programmes.
        summary: :func:`participation_model.analysis.effects.horizon_summary` of those curves.
        evidence: the evidence the summary was made with (for the boxes, texts and findings).
        meta: facts shown in the header, e.g. ``{"Baseline": "baseline", "Replications": "2"}``.

    Example:
        >>> page = plausibility_html(curves, summary, evidence, {"Baseline": "baseline"})  # doctest: +SKIP
    """
    keys = curves[["scenario", "intervention", "type"]].drop_duplicates().itertuples(index=False)
    sections = "\n".join(_section(i, k.scenario, k.intervention, k.type, curves, summary, evidence) for i, k in enumerate(keys))
    body = "\n".join([_intro(), _outside(curves, summary), sections or "<p>No programme enrolled anyone, so there are no effect curves.</p>", _findings(evidence)])
    footer = (f"Evidence file: {evidence.path} (sha256 {evidence.sha256}). docs/plausibility.md in the project explains "
              "the report and the file format.")  # fmt: skip
    return page_html(kind="plausibility", title="Plausibility of programme effects - participation-model",
                     heading="Plausibility of programme effects", facts=[(str(k), str(v)) for k, v in meta.items()],
                     body=body, footer=[footer], css=_CSS)  # fmt: skip


def _intro() -> str:
    """How to read the report: what the effect is, why each participant's baseline self is the counterfactual."""
    return """<section aria-labelledby="reading">
<h2 id="reading">How to read this report</h2>
<p class="help">Each chart shows what a programme does for its participants, month by month after
they enrolled (month 0 is the month of enrolment). The effect is the share of participants employed
in the scenario minus the share of <em>the same persons</em> employed in the baseline run, in
percentage points. Because every random draw is a person's own (common random numbers), the
baseline and the scenario are the same world person by person until the programme starts, so each
participant's own baseline self is the counterfactual; evaluations have to approximate it with a
comparison group. Each month averages over the participants who can be followed that far within
the simulated period.</p>
<p class="help">The line is the median across paired replications, the blue band the 5-95% range
across replications. The green boxes are the plausible range per horizon band from the evaluation
evidence (calibration/evidence.toml): training is expected to lock participants in during the
first year (at or below zero) and to pay off from the second or third year; job-search help to
work early and stay flat. The table under each chart compares the model's mean effect per band
(averaged over the band's months, then over replications) with that range. Most ranges are our
judgement built on published averages and directions, not published ranges; the table says so.
The effects are on participants only: jobs they take that others would have had (displacement)
are not subtracted here (see the compare command).</p>
</section>"""


def outside_rows(curves: pd.DataFrame, summary: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(programme, horizon, why) for every band outside its evidence range, and every programme without evidence.

    A programme is named by ``scenario: intervention (type)``; "no evidence band" is listed too,
    so that an instrument without a range cannot pass unnoticed.

    Example:
        >>> curves = pd.DataFrame({"scenario": ["s", "s"], "intervention": ["a", "b"], "type": ["x", "y"]})
        >>> summary = pd.DataFrame({"scenario": ["s"], "intervention": ["a"], "type": ["x"], "horizon": ["0-12"],
        ...                         "model_mean": [9.0], "low": [0.0], "high": [8.0], "plausible": [False], "coverage": [1.0]})
        >>> outside_rows(curves, summary)
        [('s: a (x)', '0-12 months', 'model +9.0 pp; evidence 0 to 8 pp'), ('s: b (y)', '', 'no evidence band for this type')]
    """
    rows = []
    for r in summary[~summary["plausible"].astype(bool)].itertuples(index=False):
        why = f"model {_pp(r.model_mean)} pp; evidence {r.low:g} to {r.high:g} pp" if r.coverage > 0 else "the run does not reach this band"
        rows.append((f"{r.scenario}: {r.intervention} ({r.type})", f"{r.horizon} months", why))
    covered = set(summary[["scenario", "intervention"]].itertuples(index=False, name=None)) if len(summary) else set()
    for k in curves[["scenario", "intervention", "type"]].drop_duplicates().itertuples(index=False):
        if (k.scenario, k.intervention) not in covered:
            rows.append((f"{k.scenario}: {k.intervention} ({k.type})", "", "no evidence band for this type"))
    return rows


def _outside(curves: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The list a reader needs first: which programmes fall outside their evidence, in which band."""
    rows = outside_rows(curves, summary)
    checked = len(summary)
    if not rows:
        return f"""<section aria-labelledby="outside">
<h2 id="outside">Outside the evidence</h2>
<p class="help">None: all {checked} horizon checks lie within their evidence ranges.</p>
</section>"""
    body = "\n".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td><td>{html.escape(c)}</td></tr>" for a, b, c in rows)
    return f"""<section aria-labelledby="outside">
<h2 id="outside">Outside the evidence</h2>
<p class="help">{len(rows)} of {checked} horizon checks (and programmes without an evidence band) fall outside; each is
shown in full below.</p>
<table>
<thead><tr><th scope="col">programme</th><th scope="col">horizon since enrolment</th><th scope="col">why</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</section>"""


def _section(index: int, scenario: str, intervention: str, type_: str, curves: pd.DataFrame, summary: pd.DataFrame, evidence: Evidence) -> str:
    """Heading, expectation, chart and table of one programme."""
    own = curves[(curves["scenario"] == scenario) & (curves["intervention"] == intervention)]
    instrument = evidence.instrument(type_)
    bands = instrument.bands if instrument else ()
    heading = f"{scenario}: {intervention}"
    figure = effect_figure(own, bands, title=html.escape(heading))
    chart = chart_html(figure, f"chart-{index}", f"{heading}: effect on participants by months since enrolment, with the evidence ranges")
    if instrument is None:
        about = f"<p class=\"help\">No evidence for programme type {html.escape(type_)} in the evidence file.</p>"
    else:
        about = f"<p class=\"help\"><strong>{html.escape(instrument.kind)}</strong>: {html.escape(instrument.expectation)}</p>"
    rows = summary[(summary["scenario"] == scenario) & (summary["intervention"] == intervention)]
    participants = int(own.loc[own["months_since_enrolment"] == 0, "participants"].mean()) if len(own) else 0
    return f"""<section aria-labelledby="heading-{index}">
<h2 id="heading-{index}">{html.escape(heading)}</h2>
<p class="help">Programme type {html.escape(type_)}; about {participants} simulated participants per replication.</p>
{about}
{chart}
{_table(rows, bands)}
</section>"""


def _table(rows: pd.DataFrame, bands: Sequence[Band]) -> str:
    """Horizon, model mean (5-95%), evidence range, source and verdict per band."""
    if rows.empty:
        return ""
    texts = {b.label: b.text for b in bands}
    body = "\n".join(
        "<tr><td>{h} months</td><td class=\"num\">{m} ({p5} to {p95})</td><td class=\"num\">{lo:g} to {hi:g}</td>"
        "<td>{src}<br><small>{why}</small></td><td class=\"{cls}\">{verdict}</td></tr>".format(
            h=html.escape(r.horizon), m=_pp(r.model_mean), p5=_pp(r.model_p5), p95=_pp(r.model_p95), lo=r.low, hi=r.high,
            src=html.escape(r.source), why=html.escape(texts.get(r.horizon, "")),
            cls="yes" if r.plausible else "no", verdict="yes" if r.plausible else _no(r.coverage),
        )
        for r in rows.itertuples(index=False)
    )  # fmt: skip
    return f"""<table>
<thead><tr><th scope="col">horizon since enrolment</th><th scope="col">model, pp: mean (5-95% across replications)</th>
<th scope="col">evidence range, pp</th><th scope="col">source</th><th scope="col">plausible</th></tr></thead>
<tbody>
{body}
</tbody>
</table>"""


def _findings(evidence: Evidence) -> str:
    """The published findings the ranges rest on, as a reference table."""
    body = "\n".join(
        f"<tr><td>{html.escape(f.id)}</td><td class=\"num\">{html.escape(_value(f.value))}</td><td>{html.escape(f.horizon)} months after "
        f"{html.escape(f.measured_from)}</td><td>{html.escape(f.measure)}</td><td>{html.escape(f.text)}</td><td>{html.escape(f.source)}</td></tr>"
        for f in evidence.findings
    )
    return f"""<section aria-labelledby="findings">
<h2 id="findings">The evidence</h2>
<p class="help">Published findings from shared/data/oost-groningen-facts.md. Card, Kluve &amp; Weber
count months from the end of the programme, the charts from enrolment.</p>
<table>
<thead><tr><th scope="col">id</th><th scope="col">value</th><th scope="col">horizon</th><th scope="col">measure</th>
<th scope="col">finding</th><th scope="col">source</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</section>"""


def _pp(value: float) -> str:
    """A signed effect in percentage points with one decimal, 'n/a' when missing.

    Example:
        >>> _pp(1.234), _pp(-0.05), _pp(float("nan"))
        ('+1.2', '-0.1', 'n/a')
    """
    return "n/a" if pd.isna(value) else f"{value:+.1f}"


def _value(value: float | str) -> str:
    """A finding's value: a number as signed percentage points, text as it is.

    Example:
        >>> _value(1.5), _value("a third")
        ('+1.5 pp', 'a third')
    """
    return f"{value:+g} pp" if isinstance(value, float) else value


def _no(coverage: float) -> str:
    """The verdict of an implausible band: "no", or that the run did not reach the band's months.

    Example:
        >>> _no(0.5), _no(0.0)
        ('no', 'no (not reached in the run)')
    """
    return "no" if coverage > 0 else "no (not reached in the run)"


def write_plausibility_report(
    path: str | Path, curves: pd.DataFrame, summary: pd.DataFrame, evidence: Evidence, meta: Mapping[str, str]
) -> Path:
    """Write :func:`plausibility_html` to ``path`` atomically and return the path.

    The page is rendered first, written to a temporary file in the same folder and moved into
    place with :func:`os.replace`, so a failure leaves the old report or none, never a
    half-written one, and no temporary file behind. A missing folder is created, and the
    folder's shared ``plotly.min.js`` is put next to the page.

    Example:
        >>> write_plausibility_report("out/plausibility.html", curves, summary, evidence, meta)  # doctest: +SKIP
        PosixPath('out/plausibility.html')
    """
    path = Path(path)
    page = plausibility_html(curves, summary, evidence, meta)
    return write_page(path, page)
