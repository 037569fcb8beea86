"""The comparison's charts: effects, cost-effectiveness, gross and net, instruments, who gains, probabilities, the public purse.

:func:`comparison_sections` builds them from the comparison's tables alone (the files of a
``participation-model compare`` folder, or the tables of a comparison just run), so the static
comparison dashboard (:mod:`.compare`) and the live what-if app show the same charts. Every
scenario keeps its colour on every chart, also when the tables are filtered to one scenario.

Example:
    >>> probabilities = pd.DataFrame({"scenario": ["a"], "versus": ["baseline"], "year": [2018],
    ...     "measure": ["netto_participation_15_75"], "probability": [0.7]})
    >>> [s.key for s in comparison_sections({"probabilities": probabilities}, "nl")]
    ['probabilities']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports.blocks import Section, plain
from participation_model.reports.dashboard.gemeente_notes import basis_note, triples_from_summaries
from participation_model.reports.dashboard.labels import check_language, group_label, measure_label, text
from participation_model.reports.dashboard.chart_kit import scenario_color as _color
from participation_model.reports.dashboard.chart_kit import scenario_names as _names
from participation_model.reports.dashboard.chart_kit import usable_table as _table
from participation_model.reports.dashboard.costs import cost_figure
from participation_model.reports.dashboard.purse import purse_figure
from participation_model.reports.style import PALETTE, bands_figure, house_style

#: The comparison folder's tables, by file name (``public_purse`` since issue 14: older folders lack it).
TABLES: tuple[str, ...] = (
    "effects_monthly", "effects_annual", "scenario_totals", "interventions", "target_groups", "gemeenten", "probabilities",
    "public_purse", "cost_effectiveness", "market", "effect_drivers",
)  # fmt: skip
#: The measure the effects, probabilities and summary table are about.
NETTO = "netto_participation_15_75"


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


def run_counts(tables: Mapping[str, pd.DataFrame]) -> tuple[int, int]:
    """(parameter draws, replications) of a comparison, read from ``effects_monthly`` (0 draws without them).

    Example:
        >>> run_counts({"effects_monthly": pd.DataFrame({"draw": [0, 0, 1, 1], "replication": [0, 1, 0, 1]})})
        (2, 2)
    """
    monthly = tables.get("effects_monthly")
    if monthly is None or monthly.empty or "replication" not in monthly.columns:
        return 0, 0
    draws = int(monthly["draw"].nunique()) if "draw" in monthly.columns else 0
    return draws, int(monthly["replication"].nunique())


def bands_text(tables: Mapping[str, pd.DataFrame], lang: str) -> str:
    """What the comparison's 5-95% bands hold: replications alone, or parameter draws and replications.

    Example:
        >>> bands_text({"effects_monthly": pd.DataFrame({"replication": [0, 1, 2]})}, "en")
        'Bands: 5-95% over 3 replications (random only).'
    """
    draws, replications = run_counts(tables)
    return text("bands_draws", lang, draws=draws, replications=replications) if draws else text("bands_random", lang, replications=replications)


def comparison_sections(
    tables: Mapping[str, pd.DataFrame], lang: str = "en", *, scenarios: Sequence[str] | None = None
) -> list[Section]:
    """The comparison's charts, one :class:`Section` each, from its tables alone.

    Args:
        tables: keyed like the comparison folder's files (``effects_monthly``,
            ``effects_annual``, ``scenario_totals``, ``interventions``, ``target_groups``,
            ``gemeenten``, ``probabilities``, ``public_purse``); missing or empty tables leave out their charts.
            Pass tables filtered to one scenario for that scenario's charts.
        lang: ``"en"`` or ``"nl"``.
        scenarios: all scenario names in order, so that a scenario keeps its colour when the
            tables are filtered; defaults to the order in the tables.

    Returns:
        Sections with keys ``effects``, ``cost-effectiveness``, ``gross-net``,
        ``instruments``, ``deadweight``, ``target-groups``, ``gemeenten``, ``probabilities``,
        ``public-purse`` (those with data).

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
        ("public-purse", "public_purse", purse_figure, {}),
    )
    sections = []
    for key, words, build, extra in builders:
        figure = build(tables, lang, colors, **extra)
        if figure is not None:
            title = text(f"fig_{words}", lang, **({"year": year} if "year" in extra else {}))
            help_text = text(f"help_{words}", lang) + (f" {bands_text(tables, lang)}" if key == "effects" else "")
            if key == "gemeenten":  # which gemeente figures are local, which allocated
                help_text += " " + basis_note(triples_from_summaries(_basis_summaries(tables.get("gemeenten"))), lang)
            sections.append(Section(key, title, help_text, figure))
    return sections


def _basis_summaries(gemeenten: pd.DataFrame | None) -> dict[str, str]:
    """Per gemeente, its ``basis`` summary from the comparison's gemeenten table (none in older folders)."""
    if gemeenten is None or "basis" not in gemeenten.columns:
        return {}
    return {str(g): str(b) for g, b in gemeenten.drop_duplicates("gemeente")[["gemeente", "basis"]].itertuples(index=False)}


def effect_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Effect on netto participation per month: median and 5-95% across paired replications.

    Example:
        >>> monthly = pd.DataFrame({"scenario": "a", "replication": [0, 1], "month": "2016-01",
        ...     "measure": "netto_participation_15_75", "diff": [0.1, 0.3]})
        >>> [t.name for t in effect_figure({"effects_monthly": monthly}, "en", {}).data]
        ['a (5-95%)', 'a']
    """
    monthly = _table(tables, "effects_monthly", ("scenario", "replication", "month", "measure", "diff"))
    if monthly is None or not (monthly["measure"] == NETTO).any():
        return None
    rows = monthly[monthly["measure"] == NETTO]
    names = _names(rows["scenario"], colors)
    runs = [c for c in ("draw", "replication") if c in rows.columns]  # with parameter draws a run is a (draw, replication) pair
    wide = rows.pivot_table(index=[*runs, "month"], columns="scenario", values="diff", aggfunc="mean")
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
    """Per instrument: persons hired under the scheme next to participants' extra person-years (5-95% bars).

    Example:
        >>> per = pd.DataFrame({"scenario": "a", "intervention": "jsa", "metric": ["hired_under_scheme",
        ...     "participant_extra_person_years"], "mean": [50.0, 20.0], "p5": [40.0, 10.0], "p95": [60.0, 30.0]})
        >>> [t.name for t in instruments_figure({"interventions": per}, "en", {}).data]
        ['hired under the scheme', "participants' extra person-years"]
    """
    per = _table(tables, "interventions", ("scenario", "intervention", "metric", "mean", "p5", "p95"))
    if per is None:
        return None
    figure = go.Figure()
    count = 0
    for index, (metric, unit) in enumerate((("hired_under_scheme", "persons"), ("participant_extra_person_years", "person_years"))):
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
    people = groups[groups["metric"] == "participants_started"].groupby(["scenario", "group"], sort=False)["mean"].sum()
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
                           f"<br>%{{customdata:,.0f}} {measure_label('participants_started', lang)}<extra></extra>"),
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
    if "measure" in probabilities.columns and (probabilities["measure"] == NETTO).any():
        probabilities = probabilities[probabilities["measure"] == NETTO]
    rows = _names(probabilities["scenario"], colors)
    others = [v for v in _names(probabilities["versus"], colors) if v not in rows and v != "baseline"]
    columns = ["baseline", *rows, *others] if (probabilities["versus"] == "baseline").any() else [*rows, *others]
    indexed = probabilities.set_index(["scenario", "versus"])
    value = indexed["probability"]
    z = [[float(value[(r, c)]) * 100 if (r, c) in value.index and r != c else None for c in columns] for r in rows]
    clear = indexed["distinguishable"] if "distinguishable" in indexed.columns else None
    inside = f"<br><sup>{text('not_distinguishable_short', lang)}</sup>"
    labels = [[f"{v:.0f}%" + (inside if clear is not None and not bool(clear.get((r, c), True)) else "") if v is not None else ""
               for v, c in zip(line, columns)] for line, r in zip(z, rows)]  # fmt: skip
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
