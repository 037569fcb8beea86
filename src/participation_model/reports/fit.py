"""The calibration fit report: how close the calibrated model comes to each target, as one page.

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

The page is made with the page kit (:mod:`participation_model.reports.page`), like every
other page: one column of sections, every text escaped, plotly.js from the folder's shared
``plotly.min.js``. The charts are in :mod:`.fit_figures`, the tables in :mod:`.fit_tables`;
both are re-exported here, where the calibration code and the dashboards find them.

Example:
    >>> fit = pd.DataFrame({"target": ["a", "b"], "label": ["A", "B"],
    ...                     "status": ["fitted", "fitted"], "z": [0.4, 1.8],
    ...                     "within": [True, False], "explanation": ["", ""]})
    >>> unexplained_misses(fit)
    ['b']
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports.blocks import Section, section_html
from participation_model.reports.charts import label
from participation_model.reports.fit_figures import (
    TRAJECTORY_MEASURES,
    agreement_figure,
    history_drivers_figure,
    residuals_figure,
    targets_figure,
    trajectory_figure,
)
from participation_model.reports.fit_tables import (
    FITTED,
    KEPT_BACK,
    NOT_COMPARABLE,
    NOT_SIMULATED,
    TABLE_SECTIONS,
    _comparable,
    _has_text,
    agreement_table_html,
    fit_table_html,
    fit_tables_html,
    unexplained_misses,
)
from participation_model.reports.page import page_html, write_page

__all__ = [
    "FITTED", "KEPT_BACK", "NOT_COMPARABLE", "NOT_SIMULATED", "TABLE_SECTIONS", "TRAJECTORY_MEASURES",
    "agreement_figure", "agreement_sentence", "agreement_table_html", "fit_report_html", "fit_table_html",
    "fit_tables_html", "history_drivers_figure", "residuals_figure", "targets_figure", "trajectory_figure",
    "unexplained_misses", "write_fit_report",
]  # fmt: skip

#: The report's own style, after the kit's: provenance and agreement tables, the box of unexplained misses.
_CSS = """
th, td { vertical-align: top; }
table.agreement td.number, table.agreement th.number { text-align: right; white-space: nowrap; }
p.unexplained { border: 2px solid #B00020; padding: 0.5rem 0.8rem; }
"""

_FOOTER = ("Model figures are statistics across replications that differ only in their random numbers: the mean, and "
           "the 5th to 95th percentile. Bands of the targets are the uncertainty of the CBS/UWV figures as recorded in "
           "the targets file named above.")  # fmt: skip

_TRAJECTORY_HELP = ("Median across replications per run (line) and 5-95% band: the history run and the cold start from the "
                    "region's figures for that year at the fitted values, and the history run at the starting values "
                    "(dashed); targets at mid-year with their band as error bar.")  # fmt: skip


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
    """The whole fit report as one HTML document (loading the folder's shared ``plotly.min.js``).

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
    charts = [
        _chart_html(residuals_figure(fit), key="residuals", heading="Standardised residuals",
                    help_text="z = (model mean - target) / half-width of the target's band: between the dashed lines means "
                    "within the band. Light bars: the hand-tuned starting parameters. Kept-back targets are marked; targets "
                    "the model has no counterpart for are left out."),
        _chart_html(targets_figure(fit), key="targets", heading="Model relative to each target",
                    help_text="Each target's value is 100; the shaded bar is its band and the marker the model mean with "
                    "the 5-95% range across replications."),
    ]  # fmt: skip
    trajectories_html = [
        _chart_html(trajectory_figure(trajectories, target_points, measure), key=f"trajectory-{measure}",
                    heading=label(measure), help_text=_TRAJECTORY_HELP)
        for measure in TRAJECTORY_MEASURES if measure in trajectories.columns
    ]  # fmt: skip
    summary = f'<section aria-labelledby="heading-summary">\n<h2 id="heading-summary">Summary</h2>\n{_summary_html(fit)}\n</section>'
    body = "\n".join([summary, *charts, fit_tables_html(fit), _agreement_html(agreement),
                       _drivers_html(drivers, trajectories, history), *trajectories_html])  # fmt: skip
    return page_html(kind="fit", title=f"{name} - calibration fit", heading=f"Calibration fit: {name}",
                     facts=[(str(k), str(v)) for k, v in meta.items()], body=body, footer=[_FOOTER], css=_CSS)  # fmt: skip


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
    report or none, never a half-written one, and no temporary file behind; the folder's shared
    ``plotly.min.js`` is put next to it first. ``agreement``, ``drivers`` and ``history`` are
    passed on to :func:`fit_report_html`.

    Example:
        >>> write_fit_report("out/fit.html", fit, trajectories, points, meta)  # doctest: +SKIP
        PosixPath('out/fit.html')
    """
    path = Path(path)
    page = fit_report_html(fit, trajectories, target_points, meta, agreement=agreement, drivers=drivers, history=history)
    return write_page(path, page)


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
    chart = _chart_html(agreement_figure(agreement), key="agreement", heading="Cold start minus history run, per year",
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
    return _chart_html(figure, key="drivers", heading="National drivers",
                         help_text="The national conditions the history run was driven by, per year (drivers.csv), "
                         "next to the history run's own annual unemployment rate and tightness at the fitted values "
                         "(squares; tightness per 100 unemployed residents). Dashed lines and lighter bars: projected "
                         "years; dotted: held after the projection; those years are shaded.")  # fmt: skip


def _chart_html(figure: go.Figure, *, key: str, heading: str, help_text: str) -> str:
    """One section of the report: heading, a sentence of help and the chart (the page loads plotly.js once)."""
    return section_html(Section(key, heading, help_text, figure), level=2)
