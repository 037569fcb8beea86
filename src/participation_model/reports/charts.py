"""The charts of a run's monthly series: participation, unemployment, benefits, jobs, vacancies, flows.

Every chart shows, per month, the median across replications as a line and the 5-95% range
across replications as a shaded band, so a reader sees both the expected path and how much
it varies between runs that differ only in their random numbers.

Each ``*_figure`` function takes the run's series table (all replications, with a
``replication`` and a ``month`` column) and returns a :class:`plotly.graph_objects.Figure`, so
the same charts serve the run overview (:mod:`participation_model.reports.overview`), the run
dashboard (which translates them) and notebooks. :data:`SECTIONS` lists them in page order with
their headings and help sentences.

Example:
    >>> import pandas as pd
    >>> series = pd.DataFrame({"replication": [0, 1], "month": ["2016-01", "2016-01"],
    ...                        "unemployment_rate_15_75": [7.0, 8.0]})
    >>> fig = unemployment_figure(series)
    >>> [trace.name for trace in fig.data]
    ['unemployment rate 15-75 (5-95%)', 'unemployment rate 15-75']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from participation_model.metrics.summary import monthly_bands
from participation_model.reports.style import FIGURE_HEIGHT, PALETTE, band_traces

#: Readable names for the series columns used in the charts and the headline table.
LABELS: Mapping[str, str] = {
    "netto_participation_15_75": "netto participation 15-75",
    "bruto_participation_15_75": "bruto participation 15-75",
    "unemployment_rate_15_75": "unemployment rate 15-75",
    "ww": "WW",
    "bijstand": "bijstand",
    "ao": "AO (disability)",
    "wsw": "Wsw (sheltered work)",
    "vacancies": "open vacancies inside the region",
    "vacancies_outside": "vacancies outside the region within reach",
    "tightness": "vacancies per unemployed",
    "jobs_inside": "jobs in the region",
    "desired_jobs_inside": "employers' target demand",
    "incommuters": "jobs held by in-commuters",
    "vacancies_posted": "vacancies posted",
    "vacancies_filled": "vacancies filled",
    "vacancies_withdrawn": "vacancies withdrawn",
    "vacancies_closed_unfilled": "vacancies closed unfilled",
    "job_finding": "job finding",
    "job_loss": "job loss",
    "ww_exhaustion": "WW exhaustion",
    "employed_loc_inside": "inside the region",
    "employed_loc_rest_of_province": "rest of the province",
    "employed_loc_outside_province": "outside the province",
    "employed_loc_sheltered": "sheltered work",
}

_LOCATION_PREFIX = "employed_loc_"
_VACANCY_COLORS: Mapping[str, str] = {"vacancies": PALETTE[0], "vacancies_outside": PALETTE[2], "tightness": PALETTE[1]}


def label(measure: str) -> str:
    """Readable name of a series column, e.g. ``"ww"`` -> ``"WW"``.

    Example:
        >>> label("ww"), label("employed_loc_sheltered"), label("some_new_measure")
        ('WW', 'sheltered work', 'some new measure')
    """
    if measure in LABELS:
        return LABELS[measure]
    return measure.removeprefix(_LOCATION_PREFIX).replace("_", " ")


def band_figure(
    series: pd.DataFrame,
    measures: Sequence[str],
    *,
    title: str,
    y_title: str,
    unit: str = "",
) -> go.Figure:
    """Median line and 5-95% band across replications for each measure, on one axis.

    Measures missing from ``series`` are named in a note on the chart instead of being
    dropped quietly.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "ww": [4100.0]})
        >>> fig = band_figure(series, ["ww", "bijstand"], title="Benefits", y_title="persons")
        >>> len(fig.data), "bijstand" in fig.layout.annotations[0].text
        (2, True)
    """
    present, missing = _split_present(series, measures)
    fig = go.Figure()
    if present:
        bands = monthly_bands(series, present)
        for index, measure in enumerate(present):
            _add_band(fig, bands, measure, PALETTE[index % len(PALETTE)], unit)
    _style(fig, title=title, y_title=y_title, missing=missing)
    return fig


def participation_figure(series: pd.DataFrame) -> go.Figure:
    """Netto (employed) and bruto (labour force) participation, % of population 15-75.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"],
        ...     "netto_participation_15_75": [60.9], "bruto_participation_15_75": [65.5]})
        >>> participation_figure(series).layout.yaxis.title.text
        '% of population 15-75'
    """
    return band_figure(
        series,
        ["netto_participation_15_75", "bruto_participation_15_75"],
        title="Participation 15-75",
        y_title="% of population 15-75",
        unit="%",
    )


def unemployment_figure(series: pd.DataFrame) -> go.Figure:
    """Unemployment rate 15-75 (ILO definition), % of the labour force.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"],
        ...                        "unemployment_rate_15_75": [7.0]})
        >>> unemployment_figure(series).layout.title.text
        'Unemployment rate 15-75'
    """
    return band_figure(
        series,
        ["unemployment_rate_15_75"],
        title="Unemployment rate 15-75",
        y_title="% of labour force 15-75",
        unit="%",
    )


def benefits_figure(series: pd.DataFrame) -> go.Figure:
    """Benefit stocks: persons receiving WW, bijstand, a disability benefit, or in Wsw.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "ww": [1.0],
        ...                        "bijstand": [2.0], "ao": [3.0], "wsw": [4.0]})
        >>> [t.name for t in benefits_figure(series).data if t.showlegend is not False]
        ['WW', 'bijstand', 'AO (disability)', 'Wsw (sheltered work)']
    """
    return band_figure(
        series,
        ["ww", "bijstand", "ao", "wsw"],
        title="Benefit stocks",
        y_title="persons",
    )


def employment_by_location_figure(series: pd.DataFrame) -> go.Figure:
    """Employed residents by where they work (every ``employed_loc_*`` column).

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"],
        ...                        "employed_loc_inside": [50000.0]})
        >>> employment_by_location_figure(series).data[-1].name
        'inside the region'
    """
    locations = [str(c) for c in series.columns if str(c).startswith(_LOCATION_PREFIX)]
    return band_figure(
        series,
        locations or [f"{_LOCATION_PREFIX}inside"],
        title="Employed residents by work location",
        y_title="persons employed",
    )


def vacancies_figure(series: pd.DataFrame) -> go.Figure:
    """Open vacancies and tightness (open vacancies inside the region per unemployed resident), stacked.

    The top panel has the open vacancies of the employers inside the region and, when the run
    has them, the vacancies outside the region within residents' reach; the two have other
    units than tightness, so they get two panels sharing the time axis.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"],
        ...                        "vacancies": [900.0], "tightness": [0.18]})
        >>> len(vacancies_figure(series).data)
        4
        >>> [t.name for t in vacancies_figure(series.assign(vacancies_outside=400.0)).data][1::2]
        ['open vacancies inside the region', 'vacancies outside the region within reach', 'vacancies per unemployed']
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("Open vacancies", "Tightness"),
    )
    present, missing = _split_present(series, ["vacancies", "tightness"])
    if "vacancies_outside" in series.columns:
        present.insert(1 if "vacancies" in present else 0, "vacancies_outside")
    if present:
        bands = monthly_bands(series, present)
        for measure in present:
            _add_band(fig, bands, measure, _VACANCY_COLORS[measure], "", row=2 if measure == "tightness" else 1)
    _style(fig, title="Vacancies and tightness", y_title="vacancies", missing=missing)
    fig.update_yaxes(title_text="vacancies per unemployed", row=2, col=1)
    fig.update_xaxes(title_text=None, row=1, col=1)
    fig.update_xaxes(title_text="month", row=2, col=1)
    fig.update_layout(height=FIGURE_HEIGHT + 160)
    return fig


def jobs_figure(series: pd.DataFrame) -> go.Figure:
    """Employee jobs located in the region, the employers' target demand, and the in-commuters' share.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "jobs_inside": [41000.0],
        ...                        "desired_jobs_inside": [42000.0], "incommuters": [4300.0]})
        >>> [t.name for t in jobs_figure(series).data if t.showlegend is not False]
        ['jobs in the region', "employers' target demand", 'jobs held by in-commuters']
    """
    return band_figure(
        series,
        ["jobs_inside", "desired_jobs_inside", "incommuters"],
        title="Jobs in the region",
        y_title="jobs",
    )


def vacancy_flows_figure(series: pd.DataFrame) -> go.Figure:
    """Vacancies posted, filled and closed unfilled by the employers inside the region, per month.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "vacancies_posted": [360.0],
        ...     "vacancies_filled": [230.0], "vacancies_closed_unfilled": [19.0]})
        >>> vacancy_flows_figure(series).layout.yaxis.title.text
        'vacancies per month'
    """
    return band_figure(
        series,
        ["vacancies_posted", "vacancies_filled", "vacancies_closed_unfilled"],
        title="Vacancy flows",
        y_title="vacancies per month",
    )


def flows_figure(series: pd.DataFrame) -> go.Figure:
    """Monthly flows: job finding, job loss and WW exhaustion, persons per month.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "job_finding": [800.0],
        ...                        "job_loss": [700.0], "ww_exhaustion": [90.0]})
        >>> flows_figure(series).layout.yaxis.title.text
        'persons per month'
    """
    return band_figure(
        series,
        ["job_finding", "job_loss", "ww_exhaustion"],
        title="Flows",
        y_title="persons per month",
    )



@dataclass(frozen=True)
class SeriesChart:
    """One chart of a run's series: anchor id, heading, a sentence of help, and the function that draws it.

    Example:
        >>> SECTIONS[0].key, SECTIONS[0].build.__name__
        ('participation', 'participation_figure')
    """

    key: str
    heading: str
    help: str
    build: Callable[[pd.DataFrame], go.Figure]


#: The charts of the overview page, in page order.
SECTIONS: tuple[SeriesChart, ...] = (
    SeriesChart(
        "participation",
        "Participation",
        "Netto participation is the employed share, bruto participation the labour-force share "
        "of residents aged 15-75 (CBS definitions since 2015).",
        participation_figure,
    ),
    SeriesChart(
        "unemployment",
        "Unemployment",
        "Unemployed (ILO: without work, searching and available) as a share of the labour "
        "force aged 15-75.",
        unemployment_figure,
    ),
    SeriesChart(
        "benefits",
        "Benefits and sheltered work",
        "Residents receiving WW, bijstand or a disability benefit, and Wsw employees.",
        benefits_figure,
    ),
    SeriesChart(
        "locations",
        "Employment by work location",
        "Employed residents by where their job is.",
        employment_by_location_figure,
    ),
    SeriesChart(
        "vacancies",
        "Vacancies and tightness",
        "Open vacancies of the employers inside the region (and the vacancies outside the region "
        "within residents' reach); tightness is the open vacancies inside the region per "
        "unemployed resident.",
        vacancies_figure,
    ),
    SeriesChart(
        "jobs",
        "Jobs in the region",
        "Employee jobs located in the region (held by residents and in-commuters), the "
        "employers' target demand (jobs plus open vacancies plus the gap not yet posted), and "
        "the jobs held by in-commuters.",
        jobs_figure,
    ),
    SeriesChart(
        "vacancy-flows",
        "Vacancy flows",
        "Vacancies the employers inside the region post, fill, and close unfilled after the "
        "maximum age, per month.",
        vacancy_flows_figure,
    ),
    SeriesChart(
        "flows",
        "Flows",
        "Residents finding a job, losing a job, and reaching the end of their WW entitlement, "
        "per month.",
        flows_figure,
    ),
)

#: The headline measures (overview table, dashboard cards), in display order.
HEADLINE_MEASURES: tuple[str, ...] = (
    "netto_participation_15_75",
    "bruto_participation_15_75",
    "unemployment_rate_15_75",
    "ww",
    "bijstand",
    "ao",
    "wsw",
)


def _split_present(series: pd.DataFrame, measures: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split measures into those present in ``series`` and those missing from it."""
    present = [m for m in measures if m in series.columns]
    missing = [m for m in measures if m not in series.columns]
    return present, missing


def _add_band(
    fig: go.Figure,
    bands: pd.DataFrame,
    measure: str,
    color: str,
    unit: str,
    row: int | None = None,
) -> None:
    """Add the 5-95% band (a closed polygon) and the median line of one measure."""
    rows = bands[bands["measure"] == measure]
    x = pd.to_datetime(rows["month"] + "-01").tolist()
    where = {"row": row, "col": 1} if row is not None else {}
    for trace in band_traces(x, rows["p5"], rows["p50"], rows["p95"], name=label(measure), color=color, group=measure, unit=unit):
        fig.add_trace(trace, **where)


def _style(fig: go.Figure, *, title: str, y_title: str, missing: Sequence[str]) -> None:
    """Plain, readable layout shared by every chart; lists missing measures on the chart."""
    fig.update_layout(
        title={"text": title},
        template="plotly_white",
        height=FIGURE_HEIGHT,
        font={"size": 14},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        margin={"l": 70, "r": 20, "t": 90, "b": 50},
        yaxis={"title": {"text": y_title}},
        xaxis={"title": {"text": "month"}},
    )
    if missing:
        fig.add_annotation(
            text="Not in the results: " + ", ".join(missing),
            xref="paper",
            yref="paper",
            x=0,
            y=0.5,
            showarrow=False,
            align="left",
            font={"color": "#B00020"},
        )
