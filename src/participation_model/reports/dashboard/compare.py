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
- **Scenario cards** (``scenario_cards.md``, escaped) and **Download the tables**.

:func:`comparison_sections` builds the charts from the comparison's tables alone, so the live
app shows the same charts for a comparison it has just run
(:func:`participation_model.experiments.compare_output.comparison_tables`).

Example:
    >>> sections = comparison_sections(read_comparison_tables(Path("outputs/sample-compare")), "nl")  # doctest: +SKIP
    >>> [s.key for s in sections]  # doctest: +SKIP
    ['effects', 'cost-effectiveness', 'gross-net', 'instruments', 'deadweight', 'target-groups', 'gemeenten', 'probabilities']
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports.dashboard.folders import csv_bytes, read_table
from participation_model.reports.dashboard.labels import (
    check_language,
    group_label,
    measure_label,
    number,
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
from participation_model.reports.style import PALETTE, bands_figure, house_style, log_ticks

__all__ = ["TABLES", "Section", "compare_dashboard_html", "comparison_sections", "markdown_html", "read_comparison_tables"]

#: The comparison folder's tables, by file name.
TABLES: tuple[str, ...] = (
    "effects_monthly", "effects_annual", "scenario_totals", "interventions", "target_groups", "gemeenten", "probabilities",
)  # fmt: skip

#: Which chart sections each tab of the static page shows.
TAB_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "effects": ("effects",),
    "costs": ("cost-effectiveness",),
    "gross-net": ("gross-net", "instruments", "deadweight"),
    "who-gains": ("target-groups", "gemeenten"),
    "probabilities": ("probabilities",),
}
_TAB_WORDS = {"effects": "effects", "costs": "costs", "gross-net": "gross_net", "who-gains": "who_gains",
              "probabilities": "probabilities"}  # fmt: skip
_NETTO = "netto_participation_15_75"
_WHAT = "comparison folder"
#: The selector's value (and ``data-scenario``) of the view with every scenario; no scenario name can be it.
ALL = "*"


def read_comparison_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The seven tables of a comparison folder, keyed like :data:`TABLES`.

    Raises:
        DashboardError: a table is missing.
    """
    return {name: read_table(folder, name, _WHAT) for name in TABLES}  # type: ignore[misc]


def scenario_order(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The scenarios in the order the comparison ran them (first appearance in the tables).

    Example:
        >>> scenario_order({"effects_monthly": pd.DataFrame({"scenario": ["b", "a", "b"]}),
        ...                 "scenario_totals": pd.DataFrame({"scenario": ["a", "c"]})})
        ['b', 'a', 'c']
    """
    names: list[str] = []
    for name in TABLES:
        table = tables.get(name)
        if table is not None and "scenario" in table.columns:
            names += [str(s) for s in pd.unique(table["scenario"]) if str(s) not in names]
    return names


def comparison_year(tables: Mapping[str, pd.DataFrame]) -> int | None:
    """The year the comparison reports on (``--year``): that of the probabilities, else the last year.

    Example:
        >>> comparison_year({"probabilities": pd.DataFrame({"year": [2018]})})
        2018
    """
    probabilities = tables.get("probabilities")
    if probabilities is not None and len(probabilities) and "year" in probabilities.columns:
        return int(probabilities["year"].iloc[0])
    annual = tables.get("effects_annual")
    if annual is not None and len(annual) and "year" in annual.columns:
        return int(annual["year"].max())
    return None


def comparison_sections(
    tables: Mapping[str, pd.DataFrame], lang: str = "en", *, scenarios: Sequence[str] | None = None
) -> list[Section]:
    """The comparison's charts, one :class:`Section` each, from its tables alone.

    Args:
        tables: keyed like the comparison folder's files (``effects_monthly``,
            ``effects_annual``, ``scenario_totals``, ``interventions``, ``target_groups``,
            ``gemeenten``, ``probabilities``); missing or empty tables leave out their charts.
            Pass tables filtered to one scenario for that scenario's charts.
        lang: ``"en"`` or ``"nl"``.
        scenarios: all scenario names in order, so that a scenario keeps its colour when the
            tables are filtered; defaults to the order in the tables.

    Returns:
        Sections with keys ``effects``, ``cost-effectiveness``, ``gross-net``,
        ``instruments``, ``deadweight``, ``target-groups``, ``gemeenten``, ``probabilities``
        (those with data).

    Example:
        >>> probabilities = pd.DataFrame({"scenario": ["a"], "versus": ["baseline"], "year": [2018],
        ...     "measure": ["netto_participation_15_75"], "probability": [0.7]})
        >>> [s.key for s in comparison_sections({"probabilities": probabilities}, "nl")]
        ['probabilities']
    """
    check_language(lang)
    order = list(scenarios) if scenarios is not None else scenario_order(tables)
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}
    year = comparison_year(tables)
    builders: tuple[tuple[str, str, Callable[..., go.Figure | None], dict[str, Any]], ...] = (
        ("effects", "effect", effect_figure, {}),
        ("cost-effectiveness", "cost", cost_figure, {}),
        ("gross-net", "gross_net", gross_net_figure, {}),
        ("instruments", "instruments", instruments_figure, {}),
        ("deadweight", "deadweight", deadweight_figure, {}),
        ("target-groups", "target_groups", target_groups_figure, {}),
        ("gemeenten", "gemeenten", gemeenten_figure, {"year": year}),
        ("probabilities", "probabilities", probability_figure, {"year": year}),
    )
    sections = []
    for key, words, build, extra in builders:
        figure = build(tables, lang, colors, **extra)
        if figure is not None:
            title = text(f"fig_{words}", lang, **({"year": year} if "year" in extra else {}))
            sections.append(Section(key, title, text(f"help_{words}", lang), figure))
    return sections


def _table(tables: Mapping[str, pd.DataFrame], name: str, columns: Sequence[str]) -> pd.DataFrame | None:
    """The table if present, non-empty and with the columns, else None."""
    table = tables.get(name)
    if table is None or table.empty or any(c not in table.columns for c in columns):
        return None
    return table


def _color(colors: Mapping[str, str], scenario: str) -> str:
    """A scenario's colour (the first palette colour for a scenario not in the order)."""
    return colors.get(scenario, PALETTE[0])


def _names(values: Sequence[object], colors: Mapping[str, str] | None = None) -> list[str]:
    """Distinct names as strings, in the order of ``colors`` (the scenario order) and then of appearance.

    Example:
        >>> _names(["b", "a", "b", "c"], {"a": "#000", "b": "#111"})
        ['a', 'b', 'c']
    """
    names = [str(v) for v in pd.unique(pd.Series(list(values), dtype=object))]
    order = list(colors or {})
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), names.index(n)))


def effect_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Effect on netto participation per month: median and 5-95% across paired replications.

    Example:
        >>> monthly = pd.DataFrame({"scenario": "a", "replication": [0, 1], "month": "2016-01",
        ...     "measure": "netto_participation_15_75", "diff": [0.1, 0.3]})
        >>> [t.name for t in effect_figure({"effects_monthly": monthly}, "en", {}).data]
        ['a (5-95%)', 'a']
    """
    monthly = _table(tables, "effects_monthly", ("scenario", "replication", "month", "measure", "diff"))
    if monthly is None or not (monthly["measure"] == _NETTO).any():
        return None
    rows = monthly[monthly["measure"] == _NETTO]
    names = _names(rows["scenario"], colors)
    wide = rows.pivot_table(index=["replication", "month"], columns="scenario", values="diff", aggfunc="mean")
    wide = wide[names]
    wide.columns = [f"s{i}" for i in range(len(names))]
    figure = bands_figure(wide.reset_index(), list(wide.columns), [plain(n) for n in names], title=text("fig_effect", lang),
                          y_title=text("pp_change", lang), lang=lang, unit=" pp", colors=[_color(colors, n) for n in names])  # fmt: skip
    figure.add_hline(y=0, line={"color": "#555555", "width": 1, "dash": "dot"})
    return figure


def _metric(table: pd.DataFrame, metric: str, keys: Sequence[str]) -> pd.DataFrame:
    """One metric's rows, indexed by ``keys`` (mean, p5, p95)."""
    rows = table[table["metric"] == metric]
    return rows.set_index(list(keys))[["mean", "p5", "p95"]]


def cost_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Cost per extra person-year (log axis) against extra person-years, scenarios and instruments.

    Scenarios (diamonds): net extra person-years of everyone and the cost per net extra
    person-year; instruments (circles, in their scenario's colour): their participants' extra
    person-years and the cost per extra participant person-year. Points without a cost (effect
    not positive) are named in a note under the chart.

    Example:
        >>> totals = pd.DataFrame({"scenario": "a", "metric": ["net_extra_person_years", "cost_per_net_extra_person_year"],
        ...     "mean": [100.0, 20000.0], "p5": [50.0, 10000.0], "p95": [150.0, 40000.0]})
        >>> [t.name for t in cost_figure({"scenario_totals": totals}, "en", {}).data]
        ['a', 'scenario (net, everyone)', 'instrument (participants)']
    """
    totals = _table(tables, "scenario_totals", ("scenario", "metric", "mean", "p5", "p95"))
    per = _table(tables, "interventions", ("scenario", "intervention", "metric", "mean", "p5", "p95"))
    if totals is None and per is None:
        return None
    figure = go.Figure()
    missing: list[str] = []
    points = []
    for source, keys, effect, cost, symbol, size in (
        (totals, ["scenario"], "net_extra_person_years", "cost_per_net_extra_person_year", "diamond", 15),
        (per, ["scenario", "intervention"], "participant_extra_person_years", "cost_per_extra_participant_person_year", "circle", 10),
    ):  # fmt: skip
        if source is None:
            continue
        joined = _metric(source, effect, keys).add_suffix("_x").join(_metric(source, cost, keys).add_suffix("_y"), how="left")
        joined.index = [i if isinstance(i, tuple) else (i,) for i in joined.index]
        shown = joined["mean_y"].notna() & (joined["mean_y"] > 0)
        missing += [": ".join(plain(k) for k in i) for i in joined.index[~shown]]
        points.append((joined[shown], symbol, size))
    for number_, scenario in enumerate(_names([i[0] for rows, _, _ in points for i in rows.index], colors)):
        first = True
        for rows, symbol, size in points:
            own = rows[[i[0] == scenario for i in rows.index]]
            if own.empty:
                continue
            figure.add_trace(go.Scatter(
                x=own["mean_x"].tolist(), y=own["mean_y"].tolist(), mode="markers", name=plain(scenario),
                legendgroup=f"s{number_}", showlegend=first,
                marker={"symbol": symbol, "size": size, "color": _color(colors, scenario), "line": {"color": "#1a1a1a", "width": 1}},
                error_x={"type": "data", "array": (own["p95_x"] - own["mean_x"]).tolist(),
                         "arrayminus": (own["mean_x"] - own["p5_x"]).tolist(), "thickness": 1},
                error_y={"type": "data", "array": (own["p95_y"] - own["mean_y"]).tolist(),
                         "arrayminus": (own["mean_y"] - own["p5_y"]).clip(upper=own["mean_y"] * 0.99).tolist(), "thickness": 1},
                hovertext=[": ".join(plain(k) for k in i) for i in own.index],
                hovertemplate="<b>%{hovertext}</b><br>%{x:,.0f} " + text("person_years", lang) + "<br>%{y:,.0f} EUR<extra></extra>",
            ))  # fmt: skip
            first = False
    for name, symbol in (("scenario_marker", "diamond"), ("instrument_marker", "circle")):
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=text(name, lang), hoverinfo="skip",
                                    marker={"symbol": symbol, "size": 11, "color": "#ffffff", "line": {"color": "#1a1a1a", "width": 1.5}}))  # fmt: skip
    if len(figure.data) == 2:
        figure.add_annotation(text=text("no_data", lang), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False)
    if missing:
        figure.add_annotation(text=text("cost_missing", lang, names=", ".join(missing)), xref="paper", yref="paper",
                              x=0, y=-0.22, xanchor="left", showarrow=False, align="left", font={"size": 12})  # fmt: skip
    figure.update_layout(title={"text": text("fig_cost", lang)}, showlegend=True,
                         xaxis={"title": {"text": text("effect_axis", lang)}, "zeroline": True, "zerolinecolor": "#555555"},
                         yaxis={"title": {"text": text("cost_axis", lang)}, **log_ticks()})  # fmt: skip
    house_style(figure, lang, height=480)
    figure.update_layout(margin={"b": 110 if missing else 60})
    return figure


def gross_net_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Per scenario: participants' extra person-years, displacement (as a loss) and the net effect.

    Example:
        >>> totals = pd.DataFrame({"scenario": "a", "metric": ["participants_extra_person_years",
        ...     "displacement_person_years", "net_extra_person_years"], "mean": [300.0, 200.0, 100.0],
        ...     "p5": [250.0, 150.0, 50.0], "p95": [350.0, 250.0, 150.0]})
        >>> [list(t.y) for t in gross_net_figure({"scenario_totals": totals}, "en", {}).data]
        [[300.0], [-200.0], [100.0]]
    """
    totals = _table(tables, "scenario_totals", ("scenario", "metric", "mean", "p5", "p95"))
    if totals is None:
        return None
    names = _names(totals["scenario"], colors)
    figure = go.Figure()
    for index, (metric, sign) in enumerate((("participants_extra_person_years", 1), ("displacement_person_years", -1),
                                            ("net_extra_person_years", 1))):  # fmt: skip
        rows = _metric(totals, metric, ["scenario"]).reindex(names)
        if rows["mean"].isna().all():
            continue
        mean, low, high = (rows[c] * sign for c in ("mean", "p5", "p95"))
        low, high = (low, high) if sign > 0 else (high, low)
        figure.add_trace(go.Bar(
            x=[plain(n) for n in names], y=mean.tolist(), name=measure_label(metric, lang),
            marker={"color": (PALETTE[2], PALETTE[1], PALETTE[0])[index]},
            error_y={"type": "data", "array": (high - mean).tolist(), "arrayminus": (mean - low).tolist()},
            hovertemplate=f"{measure_label(metric, lang)}, %{{x}}: %{{y:,.0f}}<extra></extra>",
        ))  # fmt: skip
    figure.add_hline(y=0, line={"color": "#555555", "width": 1})
    figure.update_layout(title={"text": text("fig_gross_net", lang)}, barmode="group",
                         yaxis={"title": {"text": text("person_years", lang)}})  # fmt: skip
    return house_style(figure, lang)


def _instrument_rows(per: pd.DataFrame, metric: str, colors: Mapping[str, str]) -> tuple[list[str], pd.DataFrame]:
    """An intervention metric per (scenario, intervention), with axis labels ``scenario: intervention``."""
    rows = _metric(per, metric, ["scenario", "intervention"])
    order = _names(rows.index.get_level_values(0), colors)
    rows = rows.iloc[sorted(range(len(rows)), key=lambda i: (order.index(str(rows.index[i][0])), i))]
    several = per["scenario"].nunique() > 1
    labels = [f"{plain(s)}: {plain(i)}" if several else plain(i) for s, i in rows.index]
    return labels, rows


def instruments_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Per instrument: gross placements next to participants' extra person-years (5-95% bars).

    Example:
        >>> per = pd.DataFrame({"scenario": "a", "intervention": "jsa", "metric": ["gross_placements",
        ...     "participant_extra_person_years"], "mean": [50.0, 20.0], "p5": [40.0, 10.0], "p95": [60.0, 30.0]})
        >>> [t.name for t in instruments_figure({"interventions": per}, "en", {}).data]
        ['gross placements', "participants' extra person-years"]
    """
    per = _table(tables, "interventions", ("scenario", "intervention", "metric", "mean", "p5", "p95"))
    if per is None:
        return None
    figure = go.Figure()
    count = 0
    for index, (metric, unit) in enumerate((("gross_placements", "persons"), ("participant_extra_person_years", "person_years"))):
        labels, rows = _instrument_rows(per, metric, colors)
        if rows.empty:
            continue
        count = max(count, len(labels))
        figure.add_trace(go.Bar(
            y=labels, x=rows["mean"].tolist(), orientation="h", name=measure_label(metric, lang),
            marker={"color": PALETTE[index]},
            error_x={"type": "data", "array": (rows["p95"] - rows["mean"]).tolist(), "arrayminus": (rows["mean"] - rows["p5"]).tolist()},
            hovertemplate=f"{measure_label(metric, lang)}, %{{y}}: %{{x:,.0f}} {text(unit, lang)}<extra></extra>",
        ))  # fmt: skip
    if not figure.data:
        return None
    figure.update_layout(title={"text": text("fig_instruments", lang)}, barmode="group",
                         xaxis={"title": {"text": f"{text('persons', lang)} / {text('person_years', lang)}"}},
                         yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
    return house_style(figure, lang, height=max(420, 140 + 46 * count))


def deadweight_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Per instrument: the deadweight share in % with its 5-95% range, coloured by scenario.

    Example:
        >>> per = pd.DataFrame({"scenario": "a", "intervention": "jsa", "metric": ["deadweight_share"],
        ...     "mean": [0.8], "p5": [0.7], "p95": [0.9]})
        >>> list(deadweight_figure({"interventions": per}, "en", {}).data[0].x)
        [80.0]
    """
    per = _table(tables, "interventions", ("scenario", "intervention", "metric", "mean", "p5", "p95"))
    if per is None:
        return None
    labels, rows = _instrument_rows(per, "deadweight_share", colors)
    if rows.empty:
        return None
    rows = rows * 100
    figure = go.Figure(go.Bar(
        y=labels, x=rows["mean"].tolist(), orientation="h", name=measure_label("deadweight_share", lang),
        marker={"color": [_color(colors, str(s)) for s, _ in rows.index]},
        error_x={"type": "data", "array": (rows["p95"] - rows["mean"]).tolist(), "arrayminus": (rows["mean"] - rows["p5"]).tolist()},
        hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
    ))  # fmt: skip
    figure.update_layout(title={"text": text("fig_deadweight", lang)},
                         xaxis={"title": {"text": text("share_percent", lang)}, "range": [0, 105]},
                         yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
    return house_style(figure, lang, height=max(420, 140 + 30 * len(labels)))


def target_groups_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Participants' extra person-years by target group, summed over each scenario's instruments.

    Groups by gemeente of residence are left to the gemeenten chart.

    Example:
        >>> groups = pd.DataFrame({"scenario": "a", "intervention": ["x", "y"], "group": "WW",
        ...     "metric": "participant_extra_person_years", "mean": [2.0, 3.0]})
        >>> list(target_groups_figure({"target_groups": groups}, "en", {}).data[0].y)
        [5.0]
    """
    groups = _table(tables, "target_groups", ("scenario", "intervention", "group", "metric", "mean"))
    if groups is None:
        return None
    groups = groups[~groups["group"].astype(str).str.startswith("gemeente ")]
    gains = groups[groups["metric"] == "participant_extra_person_years"].groupby(["scenario", "group"], sort=False)["mean"].sum()
    people = groups[groups["metric"] == "participants"].groupby(["scenario", "group"], sort=False)["mean"].sum()
    if gains.empty:
        return None
    order = _names(groups["group"])
    figure = go.Figure()
    for scenario in _names(groups["scenario"], colors):
        if scenario not in gains.index.get_level_values(0):
            continue
        own = gains.xs(scenario).reindex(order)
        count = people.xs(scenario).reindex(order) if scenario in people.index.get_level_values(0) else own * float("nan")
        figure.add_trace(go.Bar(
            x=[plain(group_label(str(g), lang)) for g in order], y=own.tolist(), name=plain(scenario),
            marker={"color": _color(colors, scenario)}, customdata=count.tolist(),
            hovertemplate=(f"{plain(scenario)}, %{{x}}: %{{y:,.0f}} {text('person_years', lang)}"
                           f"<br>%{{customdata:,.0f}} {measure_label('participants', lang)}<extra></extra>"),
        ))  # fmt: skip
    figure.update_layout(title={"text": text("fig_target_groups", lang)}, barmode="group", showlegend=True,
                         yaxis={"title": {"text": text("person_years", lang)}})  # fmt: skip
    return house_style(figure, lang)


def gemeenten_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str], *, year: int | None) -> go.Figure | None:
    """Change in employed residents per gemeente in ``year``: mean and 5-95% range per scenario.

    Example:
        >>> g = pd.DataFrame({"scenario": "a", "gemeente": ["Oldambt"], "year": [2018], "measure": ["employed"],
        ...     "mean": [12.0], "p5": [2.0], "p95": [20.0]})
        >>> list(gemeenten_figure({"gemeenten": g}, "en", {}, year=2018).data[0].y)
        [12.0]
    """
    gemeenten = _table(tables, "gemeenten", ("scenario", "gemeente", "year", "measure", "mean", "p5", "p95"))
    if gemeenten is None or year is None:
        return None
    rows = gemeenten[(gemeenten["year"] == year) & (gemeenten["measure"] == "employed")]
    if rows.empty:
        return None
    figure = go.Figure()
    for scenario in _names(rows["scenario"], colors):
        own = rows[rows["scenario"] == scenario]
        figure.add_trace(go.Bar(
            x=[plain(g) for g in own["gemeente"]], y=own["mean"].tolist(), name=plain(scenario),
            marker={"color": _color(colors, scenario)},
            error_y={"type": "data", "array": (own["p95"] - own["mean"]).tolist(), "arrayminus": (own["mean"] - own["p5"]).tolist()},
            hovertemplate=f"{plain(scenario)}, %{{x}}: %{{y:+,.0f}} {text('persons', lang)}<extra></extra>",
        ))  # fmt: skip
    figure.add_hline(y=0, line={"color": "#555555", "width": 1})
    figure.update_layout(title={"text": text("fig_gemeenten", lang, year=year)}, barmode="group", showlegend=True,
                         yaxis={"title": {"text": text("change_employed", lang)}})  # fmt: skip
    return house_style(figure, lang)


def probability_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str], *, year: int | None) -> go.Figure | None:
    """Heatmap: probability (%) that the row scenario beats the column (baseline or other scenario).

    Example:
        >>> p = pd.DataFrame({"scenario": ["a", "a", "b", "b"], "versus": ["baseline", "b", "baseline", "a"],
        ...     "year": 2018, "measure": "netto_participation_15_75", "probability": [0.7, 0.6, 0.5, 0.4]})
        >>> fig = probability_figure({"probabilities": p}, "en", {}, year=2018)
        >>> list(fig.data[0].x), [list(r) for r in fig.data[0].z]
        (['baseline', 'a', 'b'], [[70.0, None, 60.0], [50.0, 40.0, None]])
    """
    probabilities = _table(tables, "probabilities", ("scenario", "versus", "probability"))
    if probabilities is None:
        return None
    if "measure" in probabilities.columns and (probabilities["measure"] == _NETTO).any():
        probabilities = probabilities[probabilities["measure"] == _NETTO]
    rows = _names(probabilities["scenario"], colors)
    others = [v for v in _names(probabilities["versus"], colors) if v not in rows and v != "baseline"]
    columns = ["baseline", *rows, *others] if (probabilities["versus"] == "baseline").any() else [*rows, *others]
    value = probabilities.set_index(["scenario", "versus"])["probability"]
    z = [[float(value[(r, c)]) * 100 if (r, c) in value.index and r != c else None for c in columns] for r in rows]
    labels = [[f"{v:.0f}%" if v is not None else "" for v in line] for line in z]
    baseline = text("baseline", lang).lower()
    figure = go.Figure(go.Heatmap(
        z=z, x=[plain(c) if c != "baseline" else baseline for c in columns], y=[plain(r) for r in rows], zmin=0, zmax=100,
        colorscale="Blues", text=labels, texttemplate="%{text}", textfont={"size": 16},
        colorbar={"title": {"text": "%"}}, xgap=2, ygap=2,
        hovertemplate=f"%{{y}} {text('beats', lang)} %{{x}}: %{{z:.0f}}%<extra></extra>",
    ))  # fmt: skip
    figure.update_layout(title={"text": text("fig_probabilities", lang, year=year)},
                         xaxis={"title": {"text": text("versus", lang)}, "side": "bottom"},
                         yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
    return house_style(figure, lang, height=max(360, 200 + 60 * len(rows)))


# -- scenario cards ---------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(words: str) -> str:
    """Escape one line of markdown text and render its ``**bold**`` parts.

    Entities in the markdown (the cards escape user text with them) are decoded first, so
    ``&lt;`` shows as ``<`` and is escaped exactly once.
    """
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(html.unescape(words)))


def markdown_html(markdown: str) -> str:
    """The small markdown of the scenario cards as HTML: headings, paragraphs, lists, tables, bold.

    Everything is escaped; no HTML in the markdown gets through.

    Example:
        >>> markdown_html("## a <b>\\n\\n- **x** & y\\n\\n| h |\\n|---|\\n| 1 |")
        '<h3>a &lt;b&gt;</h3>\\n<ul>\\n<li><strong>x</strong> &amp; y</li>\\n</ul>\\n<table>\\n<thead><tr><th scope="col">h</th></tr></thead>\\n<tbody>\\n<tr><td>1</td></tr>\\n</tbody>\\n</table>'
    """
    out: list[str] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            index += 1
        elif line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")) + 1, 6)
            out.append(f"<h{level}>{_inline(line.lstrip('#').strip())}</h{level}>")
            index += 1
        elif line.lstrip().startswith("- "):
            items = []
            while index < len(lines) and lines[index].lstrip().startswith("- "):
                items.append(f"<li>{_inline(lines[index].lstrip()[2:].strip())}</li>")
                index += 1
            out.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        elif line.lstrip().startswith("|"):
            rows = []
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append([cell.strip() for cell in lines[index].strip().strip("|").split("|")])
                index += 1
            body = [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]
            head = "".join(f'<th scope="col">{_inline(c)}</th>' for c in rows[0])
            cells = "\n".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body)
            out.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{cells}\n</tbody>\n</table>")
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip() and not lines[index].lstrip().startswith(("#", "- ", "|")):
                paragraph.append(_inline(lines[index].strip()))
                index += 1
            out.append("<p>" + " ".join(paragraph) + "</p>")
    return "\n".join(out)


def split_cards(markdown: str) -> dict[str, str]:
    """The cards document split per scenario (``## name`` blocks), keyed by scenario name.

    Example:
        >>> split_cards("# Cards\\n\\n## a\\ntext a\\n## b &lt;x&gt;\\ntext b")
        {'a': '## a\\ntext a', 'b <x>': '## b &lt;x&gt;\\ntext b'}
    """
    cards: dict[str, list[str]] = {}
    current: str | None = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = html.unescape(line[3:].strip())
            cards[current] = []
        if current is not None:
            cards[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in cards.items()}


# -- the page ---------------------------------------------------------------------------------


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
    annual = tables.get("effects_annual")
    totals = tables.get("scenario_totals")
    probabilities = tables.get("probabilities")
    na = text("not_available", lang)

    def interval(row: pd.Series | None, digits: int, signed: bool) -> str:
        if row is None:
            return na
        return (f"{number(row['mean'], digits, lang, signed=signed)} ({number(row['p5'], digits, lang, signed=signed)} "
                f"{text('to', lang)} {number(row['p95'], digits, lang, signed=signed)})")  # fmt: skip

    def cost_text(cost: pd.Series | None, net: pd.Series | None) -> str:
        """A cost per net extra person-year only exists where the net effect is positive: say so when it is not."""
        total = int(net["n_replications"]) if net is not None and "n_replications" in net else 0
        found = int(cost["n_replications"]) if cost is not None and "n_replications" in cost else total
        if total and found < total:
            return text("cost_undefined", lang, missing=total - found, total=total)
        return interval(cost, 0, False)

    rows = []
    for scenario in scenarios:
        effect = _first(annual, scenario=scenario, year=year, measure=_NETTO)
        chance = _first(probabilities, scenario=scenario, versus="baseline")
        spending = _first(totals, scenario=scenario, metric="spending")
        rows.append([
            scenario, interval(effect, 2, True), f"{chance['probability'] * 100:.0f}%" if chance is not None else na,
            interval(_first(totals, scenario=scenario, metric="net_extra_person_years"), 0, True),
            number(spending["mean"], 0, lang) if spending is not None else na,
            cost_text(_first(totals, scenario=scenario, metric="cost_per_net_extra_person_year"),
                      _first(totals, scenario=scenario, metric="net_extra_person_years")),
        ])  # fmt: skip
    headings = [text("scenario", lang), f"{measure_label(_NETTO, lang)}, {year} (pp, 5-95%)",
                f"{text('probability', lang)} > {text('baseline', lang).lower()}",
                f"{measure_label('net_extra_person_years', lang)} (5-95%)", f"{text('spending', lang)} ({text('eur', lang)})",
                f"{measure_label('cost_per_net_extra_person_year', lang)} ({text('eur', lang)}, 5-95%)"]  # fmt: skip
    return table_html(headings, rows, numeric=[False, True, True, True, True, True])


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
        (text("seeds", lang), ", ".join(str(s) for s in paired.get("replication_seeds") or []) or str(paired.get("seed", ""))),
        (text("scale", lang), text("scale_value", lang, scale=str(paired.get("scale", "")))),
        (text("version", lang), version_text(manifest.get("package"))),
        (text("created", lang), created_text(manifest.get("created_utc"))),
        (text("command", lang), command_text(manifest.get("command_line"))),
    ]


def compare_dashboard_html(folder: Path, manifest: Mapping[str, Any], lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The comparison dashboard of ``folder`` as one HTML page."""
    tables = read_comparison_tables(folder)
    listed = [str(s.get("name")) for s in manifest.get("scenarios") or [] if isinstance(s, Mapping)]
    found = scenario_order(tables)
    order = [s for s in listed if s in found] + [s for s in found if s not in listed]
    year = comparison_year(tables)
    views = [(ALL, text("all_scenarios", lang), tables)] + [(name, name, _filtered(tables, name)) for name in order]
    sections = {view: {s.key: s for s in comparison_sections(own, lang, scenarios=order)} for view, _, own in views}
    suffix = {view: "all" if view == ALL else str(i) for i, (view, _, _) in enumerate(views)}
    cards_path = folder / "scenario_cards.md"
    cards = cards_path.read_text(encoding="utf-8") if cards_path.is_file() else ""
    tabs = []
    for tab, keys in TAB_SECTIONS.items():
        parts = [f'<p class="help">{plain(text(f"{_TAB_WORDS[tab]}_help", lang))}</p>' if tab == "effects" else ""]
        for view, _, own in views:
            inner = [section_html(sections[view][k], chart_id=f"chart-{k}-{suffix[view]}") for k in keys if k in sections[view]]
            if tab == "effects":
                names = order if view == ALL else [view]
                inner.append(summary_table_html(own, names, year, lang))
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
    )  # fmt: skip


def _view_html(view: str, parts: Sequence[str]) -> str:
    """One scenario view of a tab: ``data-scenario`` is the scenario's name (or :data:`ALL`)."""
    return f'<div class="scenario-view" data-scenario="{plain(view)}">\n' + "\n".join(parts) + "\n</div>"
