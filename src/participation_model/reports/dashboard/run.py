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

The charts of the tabs are made in :mod:`.run_charts` and :mod:`.programmes` (re-exported
here); this module reads the folder and lays out the page with the page kit
(:mod:`participation_model.reports.page`).

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

from participation_model.metrics.summary import fold_draws, headline_year, summarise_groups, summarise_series
from participation_model.reports.blocks import (
    Section,
    Tab,
    command_text,
    created_text,
    downloads_tab,
    note_html,
    plain,
    section_html,
    version_text,
)
from participation_model.reports.charts import HEADLINE_MEASURES
from participation_model.reports.dashboard.folders import csv_bytes, read_table, scenario_description
from participation_model.reports.dashboard.gemeente_notes import basis_note, triples_from_table
from participation_model.reports.dashboard.labels import measure_label, number, text
from participation_model.reports.dashboard.programmes import programme_sections, programme_table_html
from participation_model.reports.dashboard.run_charts import (
    JOB_MEASURES,
    RATES,
    add_targets,
    drivers_sections,
    flow_sections,
    group_sections,
    jobs_sections,
    sector_sections,
    target_points_for,
    trend_sections,
)
from participation_model.reports.page import page_html

__all__ = [
    "JOB_MEASURES", "RunFolder", "add_targets", "drivers_sections", "flow_sections", "group_sections", "headline_html",
    "headline_values", "jobs_sections", "load_run", "programme_sections", "programme_table_html", "run_dashboard_html",
    "run_facts", "sector_sections", "target_points_for", "trend_sections",
]  # fmt: skip

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
    gemeente_basis: pd.DataFrame | None = None


def load_run(folder: Path, manifest: Mapping[str, Any]) -> RunFolder:
    """Read the tables of a run folder (summaries are recomputed when their files are missing).

    Raises:
        DashboardError: series, groups or sectors is missing.
    """
    tables = {name: read_table(folder, name, _WHAT) for name in ("series", "groups", "sectors")}
    interventions = read_table(folder, "interventions", _WHAT, required=False)
    files = {f"{name}.csv": csv_bytes(folder, name, table) for name, table in tables.items()}  # the folder's own files, draw column and all
    tables = {name: fold_draws(table) for name, table in tables.items()}
    interventions = fold_draws(interventions) if interventions is not None else None
    summary = read_table(folder, "summary", _WHAT, required=False)
    summary = summarise_series(tables["series"]) if summary is None else summary
    summary_groups = read_table(folder, "summary_groups", _WHAT, required=False)
    summary_groups = summarise_groups(tables["groups"]) if summary_groups is None else summary_groups
    drivers = read_table(folder, "drivers", _WHAT, required=False)  # older folders have none
    basis = read_table(folder, "gemeente_basis", _WHAT, required=False)  # nor this
    named = {**tables, "interventions": interventions, "summary": summary, "summary_groups": summary_groups, "drivers": drivers,
             "gemeente_basis": basis}  # fmt: skip
    files = {**{f"{name}.csv": csv_bytes(folder, name, table) for name, table in named.items() if table is not None}, **files}
    return RunFolder(folder, manifest, tables["series"], tables["groups"], tables["sectors"], interventions,
                     summary, summary_groups, scenario_description(folder), files, drivers, basis)  # fmt: skip


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
        Tab("groups", text("groups", lang), _sections_html(
            group_sections(run.summary_groups, year, lang, basis_note(triples_from_table(run.gemeente_basis), lang)),
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
        description=run.description, facts=run_facts(manifest, lang), tabs=tabs, plotlyjs=plotlyjs, bands_note=_bands_note(manifest, lang),
    )  # fmt: skip


def _bands_note(manifest: Mapping[str, Any], lang: str) -> str | None:
    """With parameter draws, the footer's note on what the bands hold (draws and replications); else the usual note."""
    draws = manifest.get("parameter_draws")
    if not isinstance(draws, Mapping):
        return None
    replications = (manifest.get("scenario") or {}).get("replications", "")
    return text("bands_note_draws", lang, draws=draws.get("draws", ""), replications=replications)


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
    seeds = ", ".join(dict.fromkeys(str(r.get("seed")) for r in replications if isinstance(r, Mapping)))  # the same in every draw
    draws = manifest.get("parameter_draws") if isinstance(manifest.get("parameter_draws"), Mapping) else None
    return [
        (text("scenario", lang), str(scenario.get("name", ""))),
        (text("region", lang), str(region.get("name", ""))),
        (text("period", lang), _period(scenario.get("start"), scenario.get("end"), lang)),
        (text("replications", lang), str(scenario.get("replications", "")) if draws else str(len(replications) or scenario.get("replications", ""))),
        *([(text("parameter_draws", lang), f"{draws.get('draws', '')} ({Path(str(draws.get('ensemble', ''))).name})")] if draws else []),
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
    if measure in RATES:
        return f"{number(value, 1, lang)}%" if not _missing(value) else text("not_available", lang)
    return number(value, 0, lang)


def _missing(value: object) -> bool:
    """None or NaN: a headline measure the summary has no number for."""
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


def _sections_html(sections: Sequence[Section], help_text: str, note: str | None = None) -> str:
    """A tab's body: its help sentence, an optional note, and its chart sections."""
    parts = [f'<p class="help">{plain(help_text)}</p>']
    if note:
        parts.append(note_html(note))
    parts += [section_html(section) for section in sections]
    return "\n".join(parts)
