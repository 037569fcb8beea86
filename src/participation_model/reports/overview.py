"""The overview page of one run: its charts over time and the headline year, in one column.

The page is made with the page kit (:mod:`participation_model.reports.page`) like every other
page: the run's provenance in the header, the headline year's annual averages as a table, then
the charts of :mod:`participation_model.reports.charts` (median line and 5-95% band across
replications). It loads plotly.js from the run folder's shared ``plotly.min.js``, which
:func:`write_overview` puts next to it, so it opens offline by double-click. All text taken
from the scenario (name, description, region) is escaped.

The charts, their labels and the headline measures live in :mod:`.charts` and are re-exported
here, where the other modules have always found them.

Example:
    >>> page = overview_html(result, summary=summary, version="0.1.0",
    ...                      created=datetime.now(timezone.utc))  # doctest: +SKIP
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from participation_model.metrics.summary import headline_year
from participation_model.reports.blocks import Section, section_html
from participation_model.reports.charts import (
    HEADLINE_MEASURES,
    LABELS,
    SECTIONS,
    SeriesChart,
    band_figure,
    benefits_figure,
    employment_by_location_figure,
    flows_figure,
    jobs_figure,
    label,
    participation_figure,
    unemployment_figure,
    vacancies_figure,
    vacancy_flows_figure,
)
from participation_model.reports.page import page_html, write_page
from participation_model.reports.style import PALETTE

if TYPE_CHECKING:
    from participation_model.experiments.runner import RunResult

__all__ = [
    "HEADLINE_MEASURES", "LABELS", "PALETTE", "SECTIONS", "SeriesChart", "band_figure", "benefits_figure",
    "employment_by_location_figure", "flows_figure", "jobs_figure", "label", "overview_html", "participation_figure",
    "unemployment_figure", "vacancies_figure", "vacancy_flows_figure", "write_overview",
]  # fmt: skip

#: The overview's own style: numbers in its headline table right-aligned, names left.
_CSS = """
th, td { text-align: right; }
th[scope="row"], thead th:first-child { text-align: left; }
"""

#: The footer: how to read the charts, and where the tables are.
_FOOTER = (
    "Lines are the median across replications; shaded bands the range from the 5th to the 95th percentile across "
    "replications. Counts are persons in the real population (model counts divided by the scale). Tables with every "
    "number are next to this file: series, groups, sectors (Parquet and CSV) and summary.csv; docs/outputs.md in the "
    "project explains each column."
)


def overview_html(result: RunResult, *, summary: pd.DataFrame, version: str, created: datetime) -> str:
    """Build the overview page of a run as one HTML string (loading the folder's ``plotly.min.js``).

    Args:
        result: the run (scenario, region and replications are read from it).
        summary: the run's annual summary (:func:`participation_model.metrics.summarise_series`),
            used for the headline table.
        version: package version shown in the header.
        created: creation time shown in the header (UTC).

    Returns:
        A complete HTML document; write it with :func:`write_overview`, which puts plotly.js next to it.

    Example:
        >>> page = overview_html(result, summary=summary, version="0.1.0",
        ...                      created=datetime.now(timezone.utc))  # doctest: +SKIP
    """
    series = result.series()
    charts = "\n".join(_chart_html(chart, series) for chart in SECTIONS)
    scenario = result.scenario
    return page_html(
        kind="overview", title=f"{scenario.name} - participation-model overview", heading=scenario.name,
        description=scenario.description or "", facts=_facts(result, version=version, created=created),
        body=f"{_headline_html(summary)}\n{charts}", footer=[_footer(scenario), f"Made with participation-model {version}."], css=_CSS,
    )  # fmt: skip


def write_overview(path: str | Path, result: RunResult, *, summary: pd.DataFrame, version: str, created: datetime) -> Path:
    """Write :func:`overview_html` to ``path`` (with ``plotly.min.js`` next to it) and return the path.

    Example:
        >>> write_overview("out/overview.html", result, summary=summary, version="0.1.0",
        ...                created=datetime.now(timezone.utc))  # doctest: +SKIP
        PosixPath('out/overview.html')
    """
    return write_page(path, overview_html(result, summary=summary, version=version, created=created))


def _footer(scenario) -> str:
    """How to read the charts (what the bands hold: replications, or parameter draws and replications) and where the tables are.

    Example:
        >>> from types import SimpleNamespace
        >>> _footer(SimpleNamespace(parameter_draws=4, replications=5))[:119]
        'Lines are the median across runs; shaded bands the range from the 5th to the 95th percentile across 4 parameter draws x'
    """
    draws = int(getattr(scenario, "parameter_draws", 0) or 0)
    if not draws:
        return _FOOTER
    return (f"Lines are the median across runs; shaded bands the range from the 5th to the 95th percentile across {draws} "
            f"parameter draws x {scenario.replications} replications (parameter and random uncertainty: every draw runs with "
            "another parameter set of the calibration's ensemble, every replication with its own seed)."
            + _FOOTER[_FOOTER.index(" Counts are"):])  # fmt: skip


def _facts(result: RunResult, *, version: str, created: datetime) -> list[tuple[str, str]]:
    """The facts needed to reproduce the run: region, period, replications (and draws), seeds, scale, version, date."""
    scenario, region = result.scenario, result.region
    seeds = ", ".join(str(seed) for seed in dict.fromkeys(rep.seed for rep in result.replications))  # the same in every draw
    draws = int(getattr(scenario, "parameter_draws", 0) or 0)
    ensemble = getattr(scenario, "ensemble", None)
    return [
        ("Region", f"{region.name} ({region.code})" if getattr(region, "code", "") else region.name),
        ("Period", f"{scenario.start} to {scenario.end}"),
        ("Replications", str(len(result.replications) // max(draws, 1))),
        *([("Parameter draws", f"{draws}, members 0-{draws - 1} of {ensemble.name if ensemble else 'the ensemble'}")] if draws else []),
        ("Seeds", seeds or "none"),
        ("Scale", f"{scenario.scale:g} (agents per resident)"),
        ("Package version", version),
        ("Created", created.strftime("%Y-%m-%d %H:%M UTC")),
    ]


def _headline_html(summary: pd.DataFrame) -> str:
    """A small table: the headline year's annual averages, median and 5-95% range."""
    if summary.empty:
        return ""
    year = headline_year(summary["year"])
    rows = summary[(summary["year"] == year) & summary["measure"].isin(HEADLINE_MEASURES)]
    if rows.empty:
        return ""
    body = "\n".join(
        f'<tr><th scope="row">{html.escape(label(row.measure))}</th><td>{_number(row.measure, row.p50)}</td>'
        f"<td>{_number(row.measure, row.p5)} to {_number(row.measure, row.p95)}</td></tr>"
        for row in rows.itertuples(index=False)
    )  # fmt: skip
    return f"""<section aria-labelledby="headline">
<h2 id="headline">Headline {year}</h2>
<p class="help">Annual averages over {year}, across replications.</p>
<table>
<thead><tr><th scope="col">measure</th><th scope="col">median</th>
<th scope="col">5-95% range</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</section>"""


def _chart_html(chart: SeriesChart, series: pd.DataFrame) -> str:
    """One page section: heading, help sentence and the chart, drawn from the series."""
    section = Section(chart.key, chart.heading, chart.help, chart.build(series),
                      label=f"{chart.heading} chart: median and 5-95% band")  # fmt: skip
    return section_html(section, level=2)


def _number(measure: str, value: float) -> str:
    """Percentages with one decimal, counts rounded to whole persons.

    Example:
        >>> _number("unemployment_rate_15_75", 7.04), _number("ww", 4123.4), _number("ww", float("nan"))
        ('7.0%', '4,123', 'n/a')
    """
    if pd.isna(value):
        return "n/a"
    if measure in ("netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75"):
        return f"{value:.1f}%"
    return f"{value:,.0f}"
