"""The comparison dashboard: scenarios against the baseline, their costs, who gains, and the cards.

Made from a folder of ``participation-model compare`` (docs/compare.md). A
``<select id="scenario-select">`` chooses between all scenarios together (value ``*``) and each
scenario on its own (value: its name); every tab holds one view per choice (``data-scenario``
with the same value) and the script shows the chosen one. The tabs:

- **Effects**: the effect on netto participation over time with its 5-95% interval, and a
  summary table per scenario;
- **Cost-effectiveness**: cost per extra person-year against the net effect, per scenario and
  per instrument;
- **Gross and net**: participants' gain, displacement and the net effect; placements and
  deadweight per instrument;
- **Who gains**: target groups and gemeenten;
- **Probabilities**: the probability that each scenario beats the baseline and each other;
- **Public purse**: per payer, spending, benefit savings, extra revenue and the net cost, the
  net public cost, and bijstand saved per gemeente (:mod:`.purse`; older folders without the
  ``public_purse`` table show no data there);
- **Scenario cards** (``scenario_cards.md``, escaped) and **Download the tables**.

:func:`comparison_sections` (:mod:`.compare_charts`, re-exported here) builds the charts from
the comparison's tables alone, so the live app shows the same charts for a comparison it has
just run (:func:`participation_model.tasks.compare.comparison_tables`); the cards'
markdown is rendered by :mod:`.cards_html`. This module reads the folder and lays out the page
with the page kit (:mod:`participation_model.reports.page`).

Example:
    >>> sections = comparison_sections(read_comparison_tables(Path("outputs/sample-compare")), "nl")  # doctest: +SKIP
    >>> [s.key for s in sections]  # doctest: +SKIP
    ['effects', 'cost-effectiveness', 'gross-net', 'instruments', 'deadweight', 'target-groups', 'gemeenten', 'probabilities']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

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
from participation_model.reports.dashboard.cards_html import markdown_html, split_cards
from participation_model.reports.dashboard.compare_charts import (
    NETTO,
    TABLES,
    bands_text,
    comparison_sections,
    comparison_year,
    run_counts,
    scenario_order,
)
from participation_model.reports.dashboard.folders import csv_bytes, read_table
from participation_model.reports.dashboard.labels import measure_label, number, text
from participation_model.reports.dashboard.costs import ratio_text
from participation_model.reports.dashboard.purse import purse_table_html
from participation_model.reports.page import page_html

__all__ = [
    "TABLES", "Section", "compare_dashboard_html", "comparison_sections", "comparison_year", "markdown_html",
    "read_comparison_tables", "scenario_order", "split_cards",
]  # fmt: skip

#: Which chart sections each tab of the static page shows.
TAB_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "effects": ("effects",),
    "costs": ("cost-effectiveness",),
    "gross-net": ("gross-net", "instruments", "deadweight"),
    "who-gains": ("target-groups", "gemeenten"),
    "probabilities": ("probabilities",),
    "public-purse": ("public-purse",),
}
_TAB_WORDS = {"effects": "effects", "costs": "costs", "gross-net": "gross_net", "who-gains": "who_gains",
              "probabilities": "probabilities", "public-purse": "public_purse"}  # fmt: skip
#: Tables a comparison folder may lack (written since a later version).
OPTIONAL_TABLES = ("public_purse", "cost_effectiveness", "market", "effect_drivers")
_WHAT = "comparison folder"
#: The selector's value (and ``data-scenario``) of the view with every scenario; no scenario name can be it.
ALL = "*"


def read_comparison_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of a comparison folder, keyed like :data:`TABLES` (an optional table it lacks is left out), and ``variance_parts`` when it has one.

    Raises:
        DashboardError: a required table is missing.
    """
    found = {name: read_table(folder, name, _WHAT, required=name not in OPTIONAL_TABLES) for name in TABLES}
    tables = {name: table for name, table in found.items() if table is not None}
    variance = read_table(folder, "variance_parts", _WHAT, required=False)
    if variance is not None:
        tables["variance_parts"] = variance
    return tables  # type: ignore[return-value]


def _filtered(tables: Mapping[str, pd.DataFrame], scenario: str) -> dict[str, pd.DataFrame]:
    """Every table reduced to one scenario's rows."""
    return {name: table[table["scenario"].astype(str) == scenario] if "scenario" in table.columns else table
            for name, table in tables.items()}  # fmt: skip


def summary_table_html(tables: Mapping[str, pd.DataFrame], scenarios: Sequence[str], year: int | None, lang: str = "en") -> str:
    """Per scenario: effect on netto participation in the year, probability, net effect, spending, cost.

    Example:
        >>> p = pd.DataFrame({"scenario": ["<a>"], "versus": ["baseline"], "probability": [0.7]})
        >>> "&lt;a&gt;" in summary_table_html({"probabilities": p}, ["<a>"], 2018), "70%" in summary_table_html({"probabilities": p}, ["<a>"], 2018)
        (True, True)
    """
    headings, rows = summary_rows(tables, scenarios, year, lang)
    return table_html(headings, rows, numeric=[False] + [True] * (len(headings) - 1))


def summary_rows(tables: Mapping[str, pd.DataFrame], scenarios: Sequence[str], year: int | None, lang: str = "en") -> tuple[list[str], list[list[str]]]:
    """The headings and rows of the summary table (plain text), for the dashboard and the live app alike.

    Example:
        >>> p = pd.DataFrame({"scenario": ["a"], "versus": ["baseline"], "probability": [0.7]})
        >>> summary_rows({"probabilities": p}, ["a"], 2018)[1][0][3]
        '70%'
    """
    annual = tables.get("effects_annual")
    totals = tables.get("scenario_totals")
    probabilities = tables.get("probabilities")
    na = text("not_available", lang)

    def interval(row: pd.Series | None, digits: int, signed: bool) -> str:
        if row is None:
            return na
        verdict = f"; {text('not_distinguishable', lang)}" if "distinguishable" in row and not bool(row["distinguishable"]) else ""
        return (f"{number(row['mean'], digits, lang, signed=signed)} ({number(row['p5'], digits, lang, signed=signed)} "
                f"{text('to', lang)} {number(row['p95'], digits, lang, signed=signed)}){verdict}")  # fmt: skip

    ratios = tables.get("cost_effectiveness")  # one definition of every ratio (metrics/cost_effectiveness.py)
    if ratios is not None and "intervention" in ratios.columns:
        ratios = ratios.assign(intervention=ratios["intervention"].fillna("").astype(str))
    rows = []
    for scenario in scenarios:
        effect = _first(annual, scenario=scenario, year=year, measure=NETTO)
        chance = _first(probabilities, scenario=scenario, versus="baseline")
        spending = _first(totals, scenario=scenario, metric="spending")
        detectable = number(effect["mde"], 2, lang) if effect is not None and "mde" in effect else na
        rows.append([
            scenario, interval(effect, 2, True), detectable, f"{chance['probability'] * 100:.0f}%" if chance is not None else na,
            interval(_first(totals, scenario=scenario, metric="net_extra_person_years"), 0, True),
            number(spending["mean"], 0, lang) if spending is not None else na,
            ratio_text(_first(ratios, scenario=scenario, intervention="", measure="cost_per_net_extra_person_year"), lang),
            ratio_text(_first(ratios, scenario=scenario, intervention="", measure="net_public_cost_per_net_extra_person_year"), lang),
        ])  # fmt: skip
    headings = [text("scenario", lang), f"{measure_label(NETTO, lang)}, {year} (pp, 5-95%)", f"{text('smallest_detectable', lang)} (pp)",
                f"{text('probability', lang)} > {text('baseline', lang).lower()}",
                f"{measure_label('net_extra_person_years', lang)} (5-95%)", f"{text('spending', lang)} ({text('eur', lang)})",
                f"{measure_label('cost_per_net_extra_person_year', lang)} ({text('eur', lang)}, 5-95%)",
                f"{measure_label('net_public_cost_per_net_extra_person_year', lang)} ({text('eur', lang)}, 5-95%)"]  # fmt: skip
    return headings, rows


#: the headline effects of the variance split table: metric of variance_parts (year filled in)
_SPLIT = ("netto_participation_15_75_{year}", "net_extra_person_years", "displacement_person_years")


def variance_table_html(tables: Mapping[str, pd.DataFrame], scenarios: Sequence[str], year: int | None, lang: str = "en") -> str:
    """With parameter draws: per scenario and headline effect, the parameter and random shares of its variance.

    Example:
        >>> v = pd.DataFrame({"scenario": ["a"], "metric": ["net_extra_person_years"], "parameter_share": [0.25], "random_share": [0.75]})
        >>> "25%" in variance_table_html({"variance_parts": v}, ["a"], 2018)
        True
    """
    parts = tables.get("variance_parts")
    if parts is None or parts.empty:
        return ""
    rows = []
    for scenario in scenarios:
        for metric in _SPLIT:
            name = metric.format(year=year)
            row = _first(parts, scenario=scenario, metric=name)
            if row is None:
                continue
            label = f"{measure_label(NETTO, lang)}, {year}" if name.startswith(NETTO) else measure_label(name, lang)
            share = (lambda x: f"{x * 100:.0f}%" if pd.notna(x) else text("not_available", lang))
            rows.append([scenario, label, share(row["parameter_share"]), share(row["random_share"])])
    if not rows:
        return ""
    headings = [text("scenario", lang), text("effect", lang), text("parameters_share", lang), text("random_share", lang)]
    return (f'<h3>{plain(text("variance_split", lang))}</h3>\n<p class="help">{plain(text("variance_help", lang))}</p>\n'
            + table_html(headings, rows, numeric=[False, False, True, True]))  # fmt: skip


def _first(table: pd.DataFrame | None, **where: object) -> pd.Series | None:
    """The first row of ``table`` matching every ``column == value``, or None."""
    if table is None or table.empty:
        return None
    selected = table
    for column, value in where.items():
        if column not in selected.columns:
            return None
        selected = selected[selected[column] == value]
    return None if selected.empty else selected.iloc[0]


def compare_facts(manifest: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """The provenance of a comparison: baseline, scenarios, year, period, replications, seeds, scale, version.

    Example:
        >>> facts = dict(compare_facts({"baseline": {"name": "b"}, "scenarios": [{"name": "s"}],
        ...     "paired": {"replication_seeds": [1, 2], "replications": 2}, "package": {"version": "0.1.0"}}))
        >>> facts["Baseline"], facts["Scenarios"], facts["Seeds"]
        ('b', 's', '1, 2')
    """
    paired = manifest.get("paired") or {}
    scenarios = ", ".join(str(s.get("name", "")) for s in manifest.get("scenarios") or [] if isinstance(s, Mapping))
    start, end = paired.get("start"), paired.get("end")
    return [
        (text("baseline", lang), str((manifest.get("baseline") or {}).get("name", ""))),
        (text("scenarios", lang), scenarios),
        (text("year_compared", lang), str(manifest.get("year", ""))),
        (text("period", lang), f"{start} {text('to', lang)} {end}" if start and end else ""),
        (text("replications", lang), str(paired.get("replications", ""))),
        *([(text("parameter_draws", lang), _draws_fact(manifest["parameter_draws"]))] if isinstance(manifest.get("parameter_draws"), Mapping) else []),
        (text("seeds", lang), ", ".join(str(s) for s in paired.get("replication_seeds") or []) or str(paired.get("seed", ""))),
        (text("scale", lang), text("scale_value", lang, scale=str(paired.get("scale", "")))),
        (text("version", lang), version_text(manifest.get("package"))),
        (text("created", lang), created_text(manifest.get("created_utc"))),
        (text("command", lang), command_text(manifest.get("command_line"))),
    ]


def _draws_fact(draws: Mapping[str, Any]) -> str:
    """``4 (calibration/calibrated/oost-groningen-ensemble.toml, sha256 ab12...)``: the draws and their ensemble file."""
    return f"{draws.get('draws', '')} ({Path(str(draws.get('ensemble', ''))).name}, sha256 {str(draws.get('ensemble_sha256', ''))[:12]})"


def compare_dashboard_html(folder: Path, manifest: Mapping[str, Any], lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The comparison dashboard of ``folder`` as one HTML page."""
    tables = read_comparison_tables(folder)
    listed = [str(s.get("name")) for s in manifest.get("scenarios") or [] if isinstance(s, Mapping)]
    found = scenario_order(tables)
    order = [s for s in listed if s in found] + [s for s in found if s not in listed]
    year = comparison_year(tables)
    draws, replications = run_counts(tables)
    views = [(ALL, text("all_scenarios", lang), tables)] + [(name, name, _filtered(tables, name)) for name in order]
    sections = {view: {s.key: s for s in comparison_sections(own, lang, scenarios=order)} for view, _, own in views}
    suffix = {view: "all" if view == ALL else str(i) for i, (view, _, _) in enumerate(views)}
    cards_path = folder / "scenario_cards.md"
    cards = cards_path.read_text(encoding="utf-8") if cards_path.is_file() else ""
    tabs = []
    for tab, keys in TAB_SECTIONS.items():
        if tab == "effects":
            parts = [f'<p class="help">{plain(text(f"{_TAB_WORDS[tab]}_help", lang))} {plain(bands_text(tables, lang))} '
                     f'{plain(text("distinguishable_help", lang))}</p>']
        else:
            parts = [f'<p class="help">{plain(text(f"{_TAB_WORDS[tab]}_help", lang))}</p>' if tab == "public-purse" else ""]
        for view, _, own in views:
            inner = [section_html(sections[view][k], chart_id=f"chart-{k}-{suffix[view]}") for k in keys if k in sections[view]]
            names = order if view == ALL else [view]
            if tab == "effects":
                inner.append(summary_table_html(own, names, year, lang))
                inner.append(variance_table_html(own, names, year, lang))
            account = purse_table_html(own, names, lang) if tab == "public-purse" else ""
            if account:
                inner.append(account)
            parts.append(_view_html(view, inner or [note_html(text("no_data", lang))]))
        tabs.append(Tab(tab, text(_TAB_WORDS[tab], lang), "\n".join(parts)))
    split = split_cards(cards)
    card_parts = [f'<p class="help">{plain(text("cards_help", lang))}</p>']
    for view, _, _ in views:
        markdown = cards if view == ALL else split.get(view, "")
        content = f'<div class="card-md">{markdown_html(markdown)}</div>' if markdown.strip() else note_html(text("no_data", lang))
        card_parts.append(_view_html(view, [content]))
    tabs.append(Tab("cards", text("cards", lang), "\n".join(card_parts)))
    files = {f"{name}.csv": csv_bytes(folder, name, table) for name, table in tables.items()}
    if cards:
        files["scenario_cards.md"] = cards_path.read_bytes()
    tabs.append(downloads_tab(files, lang))
    options = "\n".join(f'<option value="{plain(view)}"{" selected" if view == ALL else ""}>{plain(label)}</option>' for view, label, _ in views)
    controls = (f'<div class="controls"><label for="scenario-select">{plain(text("choose_scenario", lang))}</label>\n'
                f'<select id="scenario-select">\n{options}\n</select></div>')  # fmt: skip
    baseline = str((manifest.get("baseline") or {}).get("name", "baseline"))
    heading = f"{', '.join(order)} {text('versus', lang)} {baseline}"
    return page_html(
        kind="compare", lang=lang, kicker=text("compare_title", lang), title=f"{heading} - {text('compare_title', lang)}",
        heading=heading, facts=compare_facts(manifest, lang), tabs=tabs, controls=controls, plotlyjs=plotlyjs,
        bands_note=text("bands_note_draws", lang, draws=draws, replications=replications) if draws else None,
    )  # fmt: skip


def _view_html(view: str, parts: Sequence[str]) -> str:
    """One scenario view of a tab: ``data-scenario`` is the scenario's name (or :data:`ALL`)."""
    return f'<div class="scenario-view" data-scenario="{plain(view)}">\n' + "\n".join(parts) + "\n</div>"
