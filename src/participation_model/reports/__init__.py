"""Human-readable views of model results: plotly figures and HTML pages.

Reports read results and never change them; the numbers come from
:mod:`participation_model.metrics`.

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
