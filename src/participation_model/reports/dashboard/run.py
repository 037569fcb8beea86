"""The run dashboard: one run folder as headline cards, charts over time, groups, sectors, flows, programmes.

Made from the files ``participation-model run`` writes (docs/outputs.md): ``series``,
``groups``, ``sectors``, ``summary.csv``, ``summary_groups.csv`` and, for a scenario with
interventions, ``interventions``. The tabs:

- **Headline**: cards with the annual netto and bruto participation, unemployment and benefit
  stocks of a year chosen in a ``<select id="year-select">`` (every simulated year is in the
  page; the default is the headline year, 2016 or the last simulated year);
- **Over time**: the overview's charts (median and 5-95% band across replications) with the CBS
  targets of the calibration drawn on them;
- **Jobs in the region** (when the series has them): jobs located in the region, the employers'
  target demand and the in-commuters' jobs, and the vacancies posted, filled and closed unfilled;
- **National drivers** (when the folder has ``drivers.csv``; older folders do not): the national
  conditions the run was driven by, next to the region's own unemployment rate and tightness;
- **Groups and gemeenten**, **Sectors**, **Flows**, and **Programmes** (only with interventions);
- **Download the tables**.

The CBS targets come from the targets file named in the provenance of the scenario's
calibrated parameters, else from ``calibration/targets/<region>.toml`` of the checkout; when
neither can be read the charts simply have no markers.

Example:
    >>> page = run_dashboard_html(Path("outputs/baseline"), "nl")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from participation_model.metrics.summary import (
    headline_year,
    summarise_groups,
    summarise_series,
)
from participation_model.reports import overview
from participation_model.reports.dashboard.folders import (
    csv_bytes,
    read_table,
    repository_root,
    scenario_description,
)
from participation_model.reports.dashboard.labels import (
    dimension_label,
    group_label,
    location_label,
    measure_label,
    number,
    sector_label,
    stream_label,
    text,
)
from participation_model.reports.blocks import (
    Section,
    Tab,
    command_text,
    created_text,
    downloads_tab,
    note_html,
    plain,
    section_html,
    table_html,
    version_text,
)
from participation_model.reports.page import page_html
from participation_model.reports.style import PALETTE, bands_figure, house_style, localise
from participation_model.reports.drivers import drivers_figure, has_drivers, region_annual
from participation_model.reports.overview import HEADLINE_MEASURES

_RATES = ("netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75")
_GROUP_RATES = ("netto_participation", "bruto_participation", "unemployment_rate")
_BENEFITS = ("ww", "bijstand", "ao", "wsw")
_BENEFIT_FLOWS = ("ww_inflow", "ww_exit_to_work", "bijstand_inflow", "bijstand_exit", "bijstand_exit_to_work")
_TRANSITIONS = ("ue_quarterly", "eu_quarterly", "nilf_to_labour_force_quarterly")
_TARGET_COLOR = "#000000"
_WHAT = "run folder"


@dataclass(frozen=True)
class RunFolder:
    """The tables of a run folder, read once.

    ``files`` holds the CSV files to embed for download, by file name.
    """

    path: Path
    manifest: Mapping[str, Any]
    series: pd.DataFrame
    groups: pd.DataFrame
    sectors: pd.DataFrame
    interventions: pd.DataFrame | None
    summary: pd.DataFrame
    summary_groups: pd.DataFrame
    description: str
    files: Mapping[str, bytes]
    drivers: pd.DataFrame | None = None


def load_run(folder: Path, manifest: Mapping[str, Any]) -> RunFolder:
    """Read the tables of a run folder (summaries are recomputed when their files are missing).

    Raises:
        DashboardError: series, groups or sectors is missing.
    """
    tables = {name: read_table(folder, name, _WHAT) for name in ("series", "groups", "sectors")}
    interventions = read_table(folder, "interventions", _WHAT, required=False)
    summary = read_table(folder, "summary", _WHAT, required=False)
    summary = summarise_series(tables["series"]) if summary is None else summary
    summary_groups = read_table(folder, "summary_groups", _WHAT, required=False)
    summary_groups = summarise_groups(tables["groups"]) if summary_groups is None else summary_groups
    drivers = read_table(folder, "drivers", _WHAT, required=False)  # older folders have none
    named = {**tables, "interventions": interventions, "summary": summary, "summary_groups": summary_groups, "drivers": drivers}
    files = {f"{name}.csv": csv_bytes(folder, name, table) for name, table in named.items() if table is not None}
    return RunFolder(folder, manifest, tables["series"], tables["groups"], tables["sectors"], interventions,
                     summary, summary_groups, scenario_description(folder), files, drivers)  # fmt: skip


def run_dashboard_html(folder: Path, manifest: Mapping[str, Any], lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The run dashboard of ``folder`` as one HTML page."""
    run = load_run(folder, manifest)
    scenario = manifest.get("scenario") or {}
    name = str(scenario.get("name") or folder.name)
    year = headline_year(run.summary["year"]) if not run.summary.empty else None
    points = target_points_for(manifest)
    trends = trend_sections(run.series, points, lang)
    headline = headline_html(run.summary, year, lang)
    if trends and trends[0].key == "participation":  # the headline chart: participation with its CBS targets
        headline += "\n" + section_html(trends[0], chart_id="chart-headline-participation")
    tabs = [
        Tab("headline", text("headline", lang), headline),
        Tab("trends", text("trends", lang), _sections_html(trends, text("trends_help", lang),
                                                          None if len(points) else text("targets_missing", lang))),
        *_optional_tab("jobs", jobs_sections(run.series, lang), lang),
        *_optional_tab("drivers", drivers_sections(run.drivers, run.series, lang), lang),
        Tab("groups", text("groups", lang), _sections_html(group_sections(run.summary_groups, year, lang),
            text("groups_help", lang, year=year))),
        Tab("sectors", text("sectors", lang), _sections_html(sector_sections(run.series, run.sectors, year, lang),
            text("sectors_help", lang))),
        Tab("flows", text("flows", lang), _sections_html(flow_sections(run.series, lang), text("flows_help", lang))),
    ]  # fmt: skip
    if run.interventions is not None and not run.interventions.empty:
        body = _sections_html(programme_sections(run.interventions, lang), text("programmes_help", lang))
        body += f"\n<h3>{plain(text('programme_table', lang))}</h3>\n{programme_table_html(run.interventions, lang)}"
        tabs.append(Tab("programmes", text("programmes", lang), body))
    tabs.append(downloads_tab(run.files, lang))
    return page_html(
        kind="run", lang=lang, kicker=text("run_title", lang), title=f"{name} - {text('run_title', lang)}", heading=name,
        description=run.description, facts=run_facts(manifest, lang), tabs=tabs, plotlyjs=plotlyjs,
    )  # fmt: skip


def _optional_tab(key: str, sections: Sequence[Section], lang: str) -> list[Tab]:
    """A tab of chart sections with its help sentence, or no tab when there are no sections."""
    return [Tab(key, text(key, lang), _sections_html(sections, text(f"{key}_help", lang)))] if sections else []


def run_facts(manifest: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """The provenance of a run: scenario, region, period, replications, seeds, scale, version, date, command.

    Example:
        >>> facts = dict(run_facts({"scenario": {"name": "b", "start": "2014-01", "end": "2016-12", "scale": 0.1},
        ...     "replications": [{"replication": 0, "seed": 42}], "package": {"version": "0.1.0"}}))
        >>> facts["Seeds"], facts["Period"], facts["Package version"]
        ('42', '2014-01 to 2016-12', '0.1.0')
    """
    scenario = manifest.get("scenario") or {}
    region = manifest.get("region") or {}
    replications = manifest.get("replications") or []
    calibration = (manifest.get("parameters") or {}).get("calibration") or {}
    overrides = (manifest.get("parameters") or {}).get("overrides") or {}
    seeds = ", ".join(str(r.get("seed")) for r in replications if isinstance(r, Mapping))
    return [
        (text("scenario", lang), str(scenario.get("name", ""))),
        (text("region", lang), str(region.get("name", ""))),
        (text("period", lang), _period(scenario.get("start"), scenario.get("end"), lang)),
        (text("replications", lang), str(len(replications) or scenario.get("replications", ""))),
        (text("seeds", lang), seeds or str(scenario.get("seed", ""))),
        (text("scale", lang), text("scale_value", lang, scale=f"{scenario.get('scale', '')}")),
        (text("calibration", lang), Path(str(calibration["path"])).name if calibration.get("path") else ""),
        (text("parameter_overrides", lang), ", ".join(f"{k} = {v}" for k, v in overrides.items())),
        (text("version", lang), version_text(manifest.get("package"))),
        (text("created", lang), created_text(manifest.get("created_utc"))),
        (text("command", lang), command_text(manifest.get("command_line"))),
    ]


def _period(start: object, end: object, lang: str) -> str:
    """``"2014-01 to 2025-12"`` (``tot`` in Dutch), or ``""`` when unknown."""
    return f"{start} {text('to', lang)} {end}" if start and end else ""


# -- headline ---------------------------------------------------------------------------------


def headline_values(summary: pd.DataFrame, lang: str = "en") -> dict[str, dict[str, dict[str, str]]]:
    """Per year and headline measure, the card's value (median) and 5-95% range, formatted.

    Example:
        >>> summary = pd.DataFrame({"year": [2016], "measure": ["ww"], "p5": [90.0], "p50": [100.0], "p95": [110.0]})
        >>> headline_values(summary)["2016"]["ww"]
        {'value': '100', 'range': '5-95%: 90 to 110'}
    """
    values: dict[str, dict[str, dict[str, str]]] = {}
    for year in sorted({int(y) for y in summary["year"]}):
        rows = summary[summary["year"] == year].set_index("measure")
        cards = {}
        for measure in HEADLINE_MEASURES:
            if measure not in rows.index:
                cards[measure] = {"value": text("not_available", lang), "range": ""}
                continue
            row = rows.loc[measure]
            p5, p50, p95 = (_card_number(measure, row[c], lang) for c in ("p5", "p50", "p95"))
            cards[measure] = {"value": p50, "range": f"{text('range_5_95', lang)}: {p5} {text('to', lang)} {p95}"}
        values[str(year)] = cards
    return values


def _card_number(measure: str, value: float, lang: str) -> str:
    """Percentages with one decimal and a % sign, counts rounded to whole persons."""
    if measure in _RATES:
        return f"{number(value, 1, lang)}%" if not _missing(value) else text("not_available", lang)
    return number(value, 0, lang)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def headline_html(summary: pd.DataFrame, year: int | None, lang: str = "en") -> str:
    """The year selector and the headline cards; every year's values embedded for the selector.

    Example:
        >>> summary = pd.DataFrame({"year": [2015, 2016], "measure": ["ww", "ww"], "p5": [1.0, 2.0],
        ...                         "p50": [1.0, 2.0], "p95": [1.0, 2.0]})
        >>> page = headline_html(summary, 2016)
        >>> 'id="year-select"' in page, '<option value="2016" selected>' in page, 'data-card="ww"' in page
        (True, True, True)
    """
    if year is None:
        return note_html(text("not_available", lang))
    values = headline_values(summary, lang)
    options = "\n".join(f'<option value="{y}"{" selected" if int(y) == year else ""}>{y}</option>' for y in values)
    cards = "\n".join(
        f'<div class="card" data-card="{measure}"><span class="card-label">{plain(measure_label(measure, lang))}</span>'
        f'<span class="card-value">{plain(card["value"])}</span><span class="card-range">{plain(card["range"])}</span></div>'
        for measure, card in values[str(year)].items()
    )  # fmt: skip
    payload = json.dumps(values, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<p class="help">{plain(text("headline_help", lang))}</p>
<div class="controls"><label for="year-select">{plain(text("choose_year", lang))}</label>
<select id="year-select">
{options}
</select></div>
<div id="headline-cards">
<h3>{plain(text("run_headline_cards", lang))} <span data-card-year="">{year}</span></h3>
<div class="cards">
{cards}
</div>
</div>
<script type="application/json" id="headline-data">{payload}</script>"""


# -- over time --------------------------------------------------------------------------------


def target_points_for(manifest: Mapping[str, Any]) -> pd.DataFrame:
    """The CBS targets to draw on the charts (measure, year, value, low, high, target), or none.

    Looks first at the targets file named in the provenance of the run's calibrated file,
    then at ``calibration/targets/<region>.toml`` of the checkout and of the current folder.
    Unreadable or missing files mean no markers, never an error.

    Example:
        >>> target_points_for({"region": {"name": "no-such-region"}}).empty
        True
    """
    from participation_model.analysis.calibration_report import target_points
    from participation_model.analysis.targets import load_targets

    for path in _target_files(manifest):
        try:
            return target_points(load_targets(path).targets)
        except (OSError, ValueError):
            continue
    return pd.DataFrame(columns=["measure", "year", "value", "low", "high", "target"])


def _target_files(manifest: Mapping[str, Any]) -> list[Path]:
    """Candidate targets files, most specific first."""
    from participation_model.tomlfile import read_toml

    candidates = []
    calibration = ((manifest.get("parameters") or {}).get("calibration") or {}).get("path")
    if calibration:
        try:
            raw, _ = read_toml(Path(calibration), ValueError, "calibrated parameter file")
            targets = (raw.get("provenance") or {}).get("targets_file")
            if isinstance(targets, str):
                candidates.append((Path(calibration).parent / targets).resolve())
        except (OSError, ValueError):
            pass
    region = str((manifest.get("region") or {}).get("name") or "oost-groningen")
    for root in (repository_root(), Path.cwd()):
        candidates.append(root / "calibration" / "targets" / f"{region}.toml")
    return [path for path in candidates if path.is_file()]


def add_targets(figure: go.Figure, points: pd.DataFrame, measures: Sequence[str], months: Sequence[str], lang: str = "en",
                *, row: int | None = None) -> go.Figure:  # fmt: skip
    """Draw the targets of ``measures`` whose year the run simulated, at mid-year with their band.

    ``row`` puts the markers into that panel of a chart with stacked panels (the vacancies chart's
    tightness is row 2).

    Example:
        >>> points = pd.DataFrame({"measure": ["ww"], "year": [2016], "value": [4.0], "low": [3.0],
        ...                        "high": [5.0], "target": ["ww_2016"]})
        >>> [t.name for t in add_targets(go.Figure(), points, ["ww"], ["2016-01"]).data]
        ['target (CBS)']
    """
    years = {int(str(m)[:4]) for m in months}
    rows = points[points["measure"].isin(list(measures)) & points["year"].astype(int).isin(years)] if len(points) else points
    if rows.empty:
        return figure
    figure.add_trace(go.Scatter(
        x=[pd.Timestamp(year=int(y), month=7, day=1) for y in rows["year"]], y=rows["value"].tolist(),
        error_y={"type": "data", "array": (rows["high"] - rows["value"]).tolist(),
                 "arrayminus": (rows["value"] - rows["low"]).tolist(), "color": _TARGET_COLOR, "thickness": 2, "width": 8},
        mode="markers", marker={"color": _TARGET_COLOR, "symbol": "diamond", "size": 10}, name=text("target_marker", lang),
        hovertext=[f"{plain(t)} ({plain(measure_label(m, lang))})" for t, m in zip(rows["target"], rows["measure"])],
        hovertemplate="%{hovertext}: %{y:,.2~f}<extra></extra>",
    ), **({"row": row, "col": 1} if row is not None else {}))  # fmt: skip
    return figure


def trend_sections(series: pd.DataFrame, points: pd.DataFrame, lang: str = "en") -> list[Section]:
    """The overview's charts of the main series, in the language, with the targets on them."""
    months = series["month"].astype(str).unique().tolist()
    sections = []
    for section in overview.SECTIONS:
        if section.key in _ELSEWHERE:
            continue
        measures = {"participation": _RATES[:2], "unemployment": _RATES[2:], "benefits": _BENEFITS,
                    "vacancies": ("tightness",)}.get(section.key, ())  # fmt: skip
        figure = _overview_figure(section.build, series, lang)
        add_targets(figure, points, measures, months, lang, row=2 if section.key == "vacancies" else None)
        sections.append(Section(section.key, _overview_heading(section.key, section.heading, lang),
                                _overview_help(section.key, section.help, lang), figure))  # fmt: skip
    return sections


#: Overview sections shown in other tabs than "Over time".
_ELSEWHERE = ("locations", "flows", "jobs", "vacancy-flows")
#: The series columns of the "Jobs in the region" tab; the tab is left out when none is in the series.
JOB_MEASURES = ("jobs_inside", "desired_jobs_inside", "incommuters", "vacancies_posted", "vacancies_filled",
                "vacancies_closed_unfilled")  # fmt: skip


def jobs_sections(series: pd.DataFrame, lang: str = "en") -> list[Section]:
    """The overview's "Jobs in the region" and "Vacancy flows" charts; none for a series without those columns.

    Example:
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "jobs_inside": [41000.0]})
        >>> [s.key for s in jobs_sections(series)], jobs_sections(series.drop(columns="jobs_inside"))
        (['jobs', 'vacancy-flows'], [])
    """
    if not any(m in series.columns for m in JOB_MEASURES):
        return []
    chosen = [s for s in overview.SECTIONS if s.key in ("jobs", "vacancy-flows")]
    return [Section(s.key, _overview_heading(s.key, s.heading, lang), _overview_help(s.key, s.help, lang),
                    _overview_figure(s.build, series, lang)) for s in chosen]  # fmt: skip


def drivers_sections(drivers: pd.DataFrame | None, series: pd.DataFrame, lang: str = "en") -> list[Section]:
    """The national drivers of ``drivers.csv`` next to the region's annual unemployment rate and tightness.

    None for a folder without a drivers table (written before runs kept their drivers).

    Example:
        >>> drivers = pd.DataFrame({"year": [2016], "unemployment_rate": [6.0], "basis": ["observed"]})
        >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "unemployment_rate_15_75": [7.0]})
        >>> [s.key for s in drivers_sections(drivers, series, "nl")], drivers_sections(None, series)
        (['drivers'], [])
    """
    if not has_drivers(drivers):
        return []
    assert drivers is not None
    figure = drivers_figure(drivers, region_annual(series))
    return [Section("drivers", text("fig_drivers", lang), text("help_drivers", lang), house_style(localise(figure, lang), lang))]


def _overview_figure(build: Any, series: pd.DataFrame, lang: str) -> go.Figure:
    """An overview chart in the dashboard's language and look."""
    figure = build(series)
    names = {overview.label(str(c)): measure_label(str(c), lang) for c in series.columns}
    return house_style(localise(figure, lang, names), lang)


#: Dutch headings and help sentences of the overview's sections (English ones come from the overview).
_OVERVIEW_NL: Mapping[str, tuple[str, str]] = {
    "participation": (
        "Arbeidsparticipatie",
        "Netto arbeidsparticipatie is het werkende deel, bruto arbeidsparticipatie het deel in de beroepsbevolking "
        + "van de inwoners van 15-75 (CBS-definities sinds 2015).",
    ),
    "unemployment": (
        "Werkloosheid",
        "Werklozen (ILO: zonder werk, zoekend en beschikbaar) als deel van de beroepsbevolking van 15-75.",
    ),
    "benefits": (
        "Uitkeringen en sociale werkvoorziening",
        "Inwoners met WW, bijstand of een arbeidsongeschiktheidsuitkering, en Wsw-medewerkers.",
    ),
    "locations": ("Werk naar werklocatie", "Werkende inwoners naar de plaats van hun baan."),
    "vacancies": (
        "Vacatures en spanning",
        "Openstaande vacatures van de werkgevers in de regio (en de vacatures buiten de regio binnen bereik "
        + "van inwoners); spanning is het aantal openstaande vacatures in de regio per werkloze inwoner.",
    ),
    "jobs": (
        "Banen in de regio",
        "Werknemersbanen in de regio (van inwoners en inpendelaars), de gewenste vraag van de werkgevers "
        + "(banen plus openstaande vacatures plus het nog niet geopende tekort), en de banen van inpendelaars.",
    ),
    "vacancy-flows": (
        "Vacaturestromen",
        "Vacatures die de werkgevers in de regio openen, vervullen en na de maximale looptijd onvervuld "
        + "sluiten, per maand.",
    ),
    "flows": (
        "Stromen",
        "Inwoners die werk vinden, hun baan verliezen of het einde van hun WW-recht bereiken, per maand.",
    ),
}


def _overview_heading(key: str, heading: str, lang: str) -> str:
    """The overview section's heading in the language."""
    return _OVERVIEW_NL[key][0] if lang == "nl" and key in _OVERVIEW_NL else heading


def _overview_help(key: str, words: str, lang: str) -> str:
    """The overview section's help sentence in the language."""
    return _OVERVIEW_NL[key][1] if lang == "nl" and key in _OVERVIEW_NL else words


# -- groups -----------------------------------------------------------------------------------


def group_sections(summary_groups: pd.DataFrame, year: int | None, lang: str = "en") -> list[Section]:
    """Rates by group per dimension in ``year``; netto participation and benefits by gemeente.

    Example:
        >>> sg = pd.DataFrame({"dimension": ["sex"] * 2, "group": ["men", "women"], "year": [2016] * 2,
        ...     "measure": ["netto_participation"] * 2, "p5": [60.0, 55.0], "p50": [62.0, 57.0], "p95": [64.0, 59.0]})
        >>> [s.key for s in group_sections(sg, 2016, "nl")]
        ['groups-sex']
    """
    if year is None or summary_groups.empty:
        return []
    sections = []
    in_year = summary_groups[summary_groups["year"] == year]
    for dimension in pd.unique(summary_groups["dimension"]):
        rows = in_year[(in_year["dimension"] == dimension) & in_year["measure"].isin(_GROUP_RATES)]
        if rows.empty:
            continue
        figure = _group_bars(rows, _GROUP_RATES, lang)
        title = text("fig_group_rates", lang, dimension=dimension_label(str(dimension), lang), year=year)
        figure.update_layout(title={"text": plain(title)}, yaxis={"title": {"text": text("percent", lang)}})
        sections.append(Section(f"groups-{_slug(dimension)}", title, text("help_group_rates", lang), house_style(figure, lang)))
    gemeenten = summary_groups[(summary_groups["dimension"] == "gemeente") & (summary_groups["measure"] == "netto_participation")]
    if not gemeenten.empty:
        figure = go.Figure()
        for index, (gemeente, rows) in enumerate(gemeenten.groupby("group", sort=False)):
            figure.add_trace(go.Scatter(
                x=rows["year"].tolist(), y=rows["p50"].tolist(), mode="lines+markers", name=plain(gemeente),
                line={"color": PALETTE[index % len(PALETTE)], "dash": "dash" if index >= len(PALETTE) else "solid"},
                hovertemplate=f"{plain(gemeente)} %{{x}}: %{{y:.1f}}%<extra></extra>",
            ))  # fmt: skip
        figure.update_layout(title={"text": text("fig_gemeente_trend", lang)}, xaxis={"title": {"text": text("year", lang)}, "dtick": 1},
                             yaxis={"title": {"text": text("percent_population", lang)}})  # fmt: skip
        sections.append(Section("gemeente-trend", text("fig_gemeente_trend", lang), text("help_gemeente_trend", lang),
                                house_style(figure, lang)))  # fmt: skip
    benefits = in_year[(in_year["dimension"] == "gemeente") & in_year["measure"].isin(_BENEFITS)]
    if not benefits.empty:
        figure = _group_bars(benefits, _BENEFITS, lang)
        title = text("fig_gemeente_benefits", lang, year=year)
        figure.update_layout(title={"text": plain(title)}, yaxis={"title": {"text": text("persons", lang)}})
        sections.append(Section("gemeente-benefits", title, text("help_gemeente_benefits", lang), house_style(figure, lang)))
    return sections


def _group_bars(rows: pd.DataFrame, measures: Sequence[str], lang: str) -> go.Figure:
    """Grouped bars: one trace per measure, groups along x, medians with 5-95% error bars."""
    figure = go.Figure()
    for index, measure in enumerate(measures):
        own = rows[rows["measure"] == measure]
        if own.empty:
            continue
        figure.add_trace(go.Bar(
            x=[plain(group_label(str(g), lang)) for g in own["group"]], y=own["p50"].tolist(),
            error_y={"type": "data", "array": (own["p95"] - own["p50"]).tolist(), "arrayminus": (own["p50"] - own["p5"]).tolist()},
            name=measure_label(measure, lang), marker={"color": PALETTE[index % len(PALETTE)]},
            hovertemplate=f"{measure_label(measure, lang)}, %{{x}}: %{{y:,.1f}}<extra></extra>",
        ))  # fmt: skip
    figure.update_layout(barmode="group")
    return figure


def _slug(value: object) -> str:
    """A safe id part from a table value (letters, digits and ``-``).

    Example:
        >>> _slug("age_band"), _slug("<b> x")
        ('age_band', '-b--x')
    """
    return "".join(c if c.isalnum() or c in "_-" else "-" for c in str(value))


# -- sectors ----------------------------------------------------------------------------------


def sector_sections(series: pd.DataFrame, sectors: pd.DataFrame, year: int | None, lang: str = "en") -> list[Section]:
    """Employment by sector over time, by sector and work location in ``year``, vacancies by sector."""
    sections = []
    columns = [str(c) for c in series.columns if str(c).startswith("employed_sec_")]
    if columns:
        names = [plain(measure_label(c, lang)) for c in columns]
        figure = bands_figure(series, columns, names, title=text("fig_sector_employment", lang),
                              y_title=text("persons", lang), lang=lang)  # fmt: skip
        sections.append(Section("sector-employment", text("fig_sector_employment", lang), text("help_sector_employment", lang), figure))
    location = overview.SECTIONS[[s.key for s in overview.SECTIONS].index("locations")]
    sections.append(Section("locations", _overview_heading("locations", location.heading, lang),
                            _overview_help("locations", location.help, lang), _overview_figure(location.build, series, lang)))  # fmt: skip
    if year is not None and not sectors.empty:
        in_year = sectors[sectors["month"].astype(str).str.startswith(str(year))]
        annual = in_year.groupby(["replication", "sector", "location"], sort=False)["employed"].mean()
        medians = annual.groupby(["sector", "location"], sort=False).median().unstack("location")
        figure = go.Figure()
        for index, place in enumerate(medians.columns):
            figure.add_trace(go.Bar(
                y=[plain(sector_label(str(s), lang)) for s in medians.index], x=medians[place].tolist(), orientation="h",
                name=plain(location_label(str(place), lang)), marker={"color": PALETTE[index % len(PALETTE)]},
                hovertemplate=f"{plain(location_label(str(place), lang))}, %{{y}}: %{{x:,.0f}}<extra></extra>",
            ))  # fmt: skip
        title = text("fig_sector_location", lang, year=year)
        figure.update_layout(title={"text": title}, barmode="stack", xaxis={"title": {"text": text("persons", lang)}},
                             yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
        sections.append(Section("sector-location", title, text("help_sector_location", lang),
                                house_style(figure, lang, height=max(420, 120 + 32 * len(medians)))))  # fmt: skip
    if not sectors.empty and "vacancies" in sectors.columns:
        wide = sectors.groupby(["replication", "month", "sector"], sort=False)["vacancies"].sum().unstack("sector")
        order = list(pd.unique(sectors["sector"]))
        wide.columns = [f"s{order.index(c)}" for c in wide.columns]
        wide = wide.reset_index()
        columns = [f"s{i}" for i in range(len(order))]
        names = [plain(sector_label(str(s), lang)) for s in order]
        figure = bands_figure(wide, columns, names, title=text("fig_sector_vacancies", lang), y_title=text("persons", lang), lang=lang)
        sections.append(Section("sector-vacancies", text("fig_sector_vacancies", lang), text("help_sector_vacancies", lang), figure))
    return sections


# -- flows ------------------------------------------------------------------------------------


def flow_sections(series: pd.DataFrame, lang: str = "en") -> list[Section]:
    """The overview's flows, benefit flows and the quarterly CBS transition rates."""
    flows = overview.SECTIONS[[s.key for s in overview.SECTIONS].index("flows")]
    sections = [Section("flows", _overview_heading("flows", flows.heading, lang), _overview_help("flows", flows.help, lang),
                        _overview_figure(flows.build, series, lang))]  # fmt: skip
    for key, measures, y_title, unit in (("benefit-flows", _BENEFIT_FLOWS, "persons_per_month", ""),
                                         ("transitions", _TRANSITIONS, "percent", "%")):  # fmt: skip
        present = [m for m in measures if m in series.columns]
        if not present:
            continue
        title = text(f"fig_{key.replace('-', '_')}", lang)
        figure = bands_figure(series, present, [measure_label(m, lang) for m in present], title=title,
                              y_title=text(y_title, lang), lang=lang, unit=unit)  # fmt: skip
        sections.append(Section(key, title, text(f"help_{key.replace('-', '_')}", lang), figure))
    return sections


# -- programmes -------------------------------------------------------------------------------


def _wide(interventions: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """One measure of the interventions table, wide: a column per intervention (``i0``, ``i1``...)."""
    order = list(pd.unique(interventions["intervention"]))
    rows = interventions[interventions["measure"] == measure]
    wide = rows.pivot_table(index=["replication", "month"], columns="intervention", values="value", aggfunc="sum")
    present = [name for name in order if name in wide.columns]
    wide = wide[present]
    wide.columns = [f"i{order.index(name)}" for name in present]
    return wide.reset_index(), list(wide.columns), [plain(name) for name in present]


def _per_replication(interventions: pd.DataFrame, measures: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """Sum of ``measures`` per replication and ``by``, then the mean over replications (wide by measure)."""
    rows = interventions[interventions["measure"].isin(list(measures))].copy()
    rows["year"] = rows["month"].astype(str).str[:4].astype(int)
    total = rows.groupby(["replication", *by, "measure"], sort=False)["value"].sum()
    return total.groupby([*by, "measure"], sort=False).mean().unstack("measure")


def programme_sections(interventions: pd.DataFrame, lang: str = "en") -> list[Section]:
    """Participants over time, enrolments and placements per year, spending by stream.

    Example:
        >>> iv = pd.DataFrame({"replication": 0, "month": ["2015-01", "2015-02"], "intervention": "jsa",
        ...     "type": "x", "measure": "in_programme", "value": [5.0, 6.0]})
        >>> [s.key for s in programme_sections(iv)]
        ['in-programme']
    """
    sections = []
    measures = set(interventions["measure"])
    if "in_programme" in measures:
        wide, columns, names = _wide(interventions, "in_programme")
        figure = bands_figure(wide, columns, names, title=text("fig_in_programme", lang), y_title=text("persons", lang), lang=lang)
        sections.append(Section("in-programme", text("fig_in_programme", lang), text("help_in_programme", lang), figure))
    flows = [m for m in ("enrolled", "placed") if m in measures]
    if flows:
        annual = _per_replication(interventions, flows, ["intervention", "year"])
        figure = make_subplots(rows=len(flows), cols=1, shared_xaxes=True, vertical_spacing=0.14,
                               subplot_titles=[text(m, lang) for m in flows])  # fmt: skip
        order = list(pd.unique(interventions["intervention"]))
        for index, name in enumerate(order):
            if name not in annual.index.get_level_values("intervention"):
                continue
            own = annual.xs(name, level="intervention")
            for row, measure in enumerate(flows, start=1):
                if measure not in own.columns:
                    continue
                figure.add_trace(go.Bar(
                    x=own.index.tolist(), y=own[measure].tolist(), name=plain(name), legendgroup=f"i{index}",
                    showlegend=row == 1, marker={"color": PALETTE[index % len(PALETTE)]},
                    hovertemplate=f"{plain(name)}, %{{x}}: %{{y:,.0f}}<extra></extra>",
                ), row=row, col=1)  # fmt: skip
        figure.update_layout(title={"text": text("fig_enrolments", lang)}, barmode="stack", height=300 + 220 * len(flows))
        figure.update_yaxes(title_text=text("persons_per_year", lang))
        figure.update_xaxes(dtick=1)
        sections.append(Section("enrolments", text("fig_enrolments", lang), text("help_enrolments", lang), house_style(figure, lang)))
    streams = sorted(m for m in measures if m.startswith("spending_"))
    if streams:
        total = _per_replication(interventions, streams, ["intervention"])
        order = [name for name in pd.unique(interventions["intervention"]) if name in total.index]
        total = total.loc[order]
        figure = go.Figure()
        for index, stream in enumerate(streams):
            if not total[stream].fillna(0).any():
                continue
            label = stream_label(stream.removeprefix("spending_"), lang)
            figure.add_trace(go.Bar(
                y=[plain(n) for n in total.index], x=total[stream].tolist(), orientation="h", name=label,
                marker={"color": PALETTE[index % len(PALETTE)]}, hovertemplate=f"{label}, %{{y}}: %{{x:,.0f}} EUR<extra></extra>",
            ))  # fmt: skip
        figure.update_layout(title={"text": text("fig_spending_streams", lang)}, barmode="stack",
                             xaxis={"title": {"text": text("eur", lang)}}, yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
        sections.append(Section("spending-streams", text("fig_spending_streams", lang), text("help_spending_streams", lang),
                                house_style(figure, lang, height=max(420, 140 + 40 * len(total)))))  # fmt: skip
        yearly = _per_replication(interventions, streams, ["year"])
        figure = go.Figure()
        for index, stream in enumerate(streams):
            if not yearly[stream].fillna(0).any():
                continue
            label = stream_label(stream.removeprefix("spending_"), lang)
            figure.add_trace(go.Bar(x=yearly.index.tolist(), y=yearly[stream].tolist(), name=label,
                                    marker={"color": PALETTE[index % len(PALETTE)]},
                                    hovertemplate=f"{label}, %{{x}}: %{{y:,.0f}} EUR<extra></extra>"))  # fmt: skip
        figure.update_layout(title={"text": text("fig_spending_years", lang)}, barmode="stack",
                             xaxis={"title": {"text": text("year", lang)}, "dtick": 1}, yaxis={"title": {"text": text("eur", lang)}})  # fmt: skip
        sections.append(Section("spending-years", text("fig_spending_years", lang), text("help_spending_years", lang), house_style(figure, lang)))
    return sections


def programme_table_html(interventions: pd.DataFrame, lang: str = "en") -> str:
    """Per intervention: type, enrolled, placed and spending over the run (means over replications).

    Example:
        >>> iv = pd.DataFrame({"replication": 0, "month": "2015-01", "intervention": "<x>", "type": "t",
        ...     "measure": ["enrolled", "spending"], "value": [5.0, 7000.0]})
        >>> "&lt;x&gt;" in programme_table_html(iv), "7,000" in programme_table_html(iv)
        (True, True)
    """
    measures = ("enrolled", "placed", "spending")
    total = _per_replication(interventions, measures, ["intervention"])
    types = interventions.drop_duplicates("intervention").set_index("intervention")["type"]
    rows = [
        [str(name), str(types.get(name, "")),
         *(number(total.loc[name, m], 0, lang) if name in total.index and m in total.columns else text("not_available", lang) for m in measures)]
        for name in pd.unique(interventions["intervention"])
    ]  # fmt: skip
    headings = [text("intervention", lang), text("type", lang), text("enrolled", lang), text("placed", lang),
                f"{text('spending', lang)} ({text('eur', lang)})"]  # fmt: skip
    return table_html(headings, rows, numeric=[False, False, True, True, True])


def _sections_html(sections: Sequence[Section], help_text: str, note: str | None = None) -> str:
    """A tab's body: its help sentence, an optional note, and its chart sections."""
    parts = [f'<p class="help">{plain(help_text)}</p>']
    if note:
        parts.append(note_html(note))
    parts += [section_html(section) for section in sections]
    return "\n".join(parts)
