"""Human-readable views of model results: plotly figures and HTML pages.

Reports read results and never change them; the numbers come from
:mod:`participation_model.metrics`.

Every page (run overview, dashboards, fit, plausibility and sensitivity reports) is made with
one page kit: :mod:`.page` lays it out and writes it, :mod:`.blocks` has its pieces,
:mod:`.style` its look, and :mod:`.plotlyjs` puts one ``plotly.min.js`` in each output folder
for all of its pages.

Example:
    >>> from participation_model.reports import participation_figure, write_overview
"""

from participation_model.reports.overview import (
    SECTIONS,
    band_figure,
    benefits_figure,
    employment_by_location_figure,
    flows_figure,
    overview_html,
    participation_figure,
    unemployment_figure,
    vacancies_figure,
    write_overview,
)

__all__ = [
    "SECTIONS",
    "band_figure",
    "benefits_figure",
    "employment_by_location_figure",
    "flows_figure",
    "overview_html",
    "participation_figure",
    "unemployment_figure",
    "vacancies_figure",
    "write_overview",
]
