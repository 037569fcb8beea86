"""The run dashboard's charts: over time with the CBS targets, jobs, national drivers, groups, sectors, flows.

Each ``*_sections`` function takes tables of a run folder and returns the chart sections
(:class:`participation_model.reports.blocks.Section`) of one tab of the run dashboard
(:mod:`.run`), in the dashboard's language. The charts over time are the run overview's
(:mod:`participation_model.reports.charts`), translated, with the CBS targets of the calibration
drawn on them; a tab whose columns a folder lacks (an older folder) gets no sections.

Example:
    >>> series = pd.DataFrame({"replication": [0], "month": ["2016-01"], "jobs_inside": [41000.0]})
    >>> [s.key for s in jobs_sections(series, "nl")]
    ['jobs', 'vacancy-flows']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports import charts
from participation_model.reports.blocks import Section, plain
from participation_model.reports.dashboard.folders import repository_root
from participation_model.reports.dashboard.labels import (
    dimension_label,
    group_label,
    location_label,
    measure_label,
    sector_label,
    text,
)
from participation_model.reports.drivers import drivers_figure, has_drivers, region_annual
from participation_model.reports.style import PALETTE, bands_figure, house_style, localise

#: The headline rates (percent), also the measures whose targets the participation and unemployment charts show.
RATES = ("netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75")
_GROUP_RATES = ("netto_participation", "bruto_participation", "unemployment_rate")
_BENEFITS = ("ww", "bijstand", "ao", "wsw")
_BENEFIT_FLOWS = ("ww_inflow", "ww_exit_to_work", "bijstand_inflow", "bijstand_exit", "bijstand_exit_to_work")
_TRANSITIONS = ("ue_quarterly", "eu_quarterly", "nilf_to_labour_force_quarterly")
_TARGET_COLOR = "#000000"


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
    for section in charts.SECTIONS:
        if section.key in _ELSEWHERE:
            continue
        measures = {"participation": RATES[:2], "unemployment": RATES[2:], "benefits": _BENEFITS,
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
    chosen = [s for s in charts.SECTIONS if s.key in ("jobs", "vacancy-flows")]
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
    names = {charts.label(str(c)): measure_label(str(c), lang) for c in series.columns}
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


def group_sections(summary_groups: pd.DataFrame, year: int | None, lang: str = "en", gemeente_note: str = "") -> list[Section]:
    """Rates by group per dimension in ``year``; netto participation and benefits by gemeente.

    ``gemeente_note`` (which gemeente figures are local and which allocated,
    :mod:`~participation_model.reports.dashboard.gemeente_notes`) follows the help of every
    chart by gemeente.

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
        sections.append(Section("gemeente-trend", text("fig_gemeente_trend", lang), _with_note(text("help_gemeente_trend", lang), gemeente_note),
                                house_style(figure, lang)))  # fmt: skip
    benefits = in_year[(in_year["dimension"] == "gemeente") & in_year["measure"].isin(_BENEFITS)]
    if not benefits.empty:
        figure = _group_bars(benefits, _BENEFITS, lang)
        title = text("fig_gemeente_benefits", lang, year=year)
        figure.update_layout(title={"text": plain(title)}, yaxis={"title": {"text": text("persons", lang)}})
        sections.append(Section("gemeente-benefits", title, _with_note(text("help_gemeente_benefits", lang), gemeente_note), house_style(figure, lang)))
    return sections


def _with_note(help_text: str, note: str) -> str:
    """A chart's help followed by a note (none when the note is empty)."""
    return f"{help_text} {note}" if note else help_text


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
    location = charts.SECTIONS[[s.key for s in charts.SECTIONS].index("locations")]
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
    flows = charts.SECTIONS[[s.key for s in charts.SECTIONS].index("flows")]
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
