"""The design folder's card and dashboard: what to fund, what it buys, what it costs net, where it is fragile.

The card is plain text (Markdown) built from the design's tables
(:func:`participation_model.analysis.design.robustness`); the dashboard shows it with the
charts: the candidates' value against their planned budget, the allocations of the best ones,
the regret of each in each economy, and the search's progress. Everything said is computed in
the tables; this module only words and draws it.

Example:
    >>> money(2_500_000), money(12_345)
    ('EUR 2.5 M', 'EUR 12,345')
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from participation_model.analysis.design_robustness import per_run_column
from participation_model.analysis.design_spec import MINIMISED, OBJECTIVES, DesignSpec
from participation_model.metrics.noise import detectability
from participation_model.reports.blocks import Tab, chart_html, plain, table_html
from participation_model.reports.page import page_html, write_page

#: how many of the best candidates the allocation chart shows
TOP = 10


def money(euros: float) -> str:
    """Euros for a card: millions with one decimal from EUR 1 M, else whole euros."""
    return f"EUR {euros / 1e6:,.1f} M" if abs(euros) >= 1e6 else f"EUR {euros:,.0f}"


def objective_words(spec: DesignSpec, value: float) -> str:
    """A value of the spec's objective in words, e.g. ``+412 net extra person-years``.

    Example:
        >>> from types import SimpleNamespace
        >>> objective_words(SimpleNamespace(objective="netto_participation", year=2018, group=None), 0.1234)
        '+0.12 pp netto participation in 2018'
    """
    if not np.isfinite(value):
        return "not defined (no positive net effect)"
    if spec.objective == "net_person_years":
        return f"{value:+,.0f} net extra person-years"
    if spec.objective == "netto_participation":
        return f"{value:+.2f} pp netto participation in {spec.year}"
    if spec.objective == "net_public_cost_per_person_year":
        return f"{money(value)} net public cost per net extra person-year"
    if spec.group == "bijstand":
        return f"{value:+,.0f} extra moves from bijstand into work"
    return f"{value:+.2f} pp netto participation of the {spec.group} in {spec.year}"


def package_lines(allocations: pd.DataFrame, candidate: int) -> tuple[list[str], list[str]]:
    """What a candidate funds (one line per instrument with a budget) and what it leaves out."""
    mine = allocations[allocations["candidate"] == candidate]
    funded, left = [], []
    for _, row in mine.iterrows():
        if row["budget"] <= 0:
            left.append(str(row["instrument"]))
            continue
        bits = [money(float(row["budget"]))]
        if pd.notna(row["places_per_year"]):
            bits.append(f"up to {int(row['places_per_year']):,} places a year")
        if isinstance(row["start"], str):
            bits.append(f"from {row['start']}")
        if isinstance(row["target"], str):
            bits.append(f"for {row['target']}")
        funded.append(f"{row['instrument']} ({row['type']}): " + ", ".join(bits))
    return funded, left


def lead(tables: dict[str, pd.DataFrame], spec: DesignSpec, candidate: int) -> tuple[int | None, pd.DataFrame]:
    """The runner-up by the criterion and the paired difference (candidate minus runner-up) per economy, with its detectability."""
    ranked = tables["candidates"].sort_values("rank")
    others = ranked[ranked["candidate"] != candidate]
    if others.empty:
        return None, pd.DataFrame()
    second = int(others.iloc[0]["candidate"])
    column = per_run_column(spec)
    runs = tables["runs"]
    keys = ["economy", "draw", "replication"]
    a = runs[runs["candidate"] == candidate].set_index(keys)[column]
    b = runs[runs["candidate"] == second].set_index(keys)[column]
    diff = (a - b).rename("value").reset_index()
    if diff["draw"].isna().all():
        diff = diff.drop(columns="draw")
    found = detectability(diff, ["economy"]).merge(diff.groupby("economy", as_index=False)["value"].mean(), on="economy")
    return second, found


def draw_spread(runs: pd.DataFrame, candidate: int) -> tuple[tuple[float, str], tuple[float, str]] | None:
    """A candidate's lowest and highest net extra person-years over (economy, parameter draw), or None without draws.

    What the calibration leaves open about behaviour can move a package's effect more than the
    economy does; the card says how far.

    Example:
        >>> runs = pd.DataFrame({"candidate": 1, "economy": ["historical"] * 4, "draw": [0, 0, 1, 1],
        ...                      "replication": [0, 1, 0, 1], "net_person_years": [100.0, 120.0, 300.0, 340.0]})
        >>> draw_spread(runs, 1)
        ((110.0, 'draw 0, historical'), (320.0, 'draw 1, historical'))
    """
    mine = runs[runs["candidate"] == candidate].dropna(subset=["draw"])
    if mine.empty or mine["draw"].nunique() < 2:
        return None
    means = mine.groupby(["economy", "draw"])["net_person_years"].mean()
    where = lambda key: f"draw {int(key[1])}, {key[0]}"  # noqa: E731
    return (float(means.min()), where(means.idxmin())), (float(means.max()), where(means.idxmax()))


def card_text(spec: DesignSpec, result: Any, tables: dict[str, pd.DataFrame], candidate: int) -> str:
    """The card of a design in plain English (Markdown): what to fund, what it buys, what it costs net, where it is fragile."""
    values, candidates, allocations = tables["values"], tables["candidates"], tables["allocations"]
    mine = values[values["candidate"] == candidate].set_index("economy")
    row = candidates.set_index("candidate").loc[candidate]
    funded, left = package_lines(allocations, candidate)
    lines = [f"# Design '{spec.name}': the recommended package", ""]
    if spec.description:
        lines += [spec.description, ""]
    lines += ["## What to fund", ""]
    lines += [f"- {f}" for f in funded] or ["- nothing: no instrument in the search raised the objective above funding none"]
    if left:
        lines.append(f"- left out: {', '.join(left)}")
    lines += ["", f"Planned budget {money(float(row['planned_budget']))} of {money(spec.total_budget)}; the budgets bind in the model, so no instrument spends more.", ""]
    lines += ["## What it buys", ""]
    for economy in spec.economies:
        v = mine.loc[economy]
        clear = "distinguishable from funding nothing" if bool(v["distinguishable"]) else "not distinguishable from funding nothing"
        spread = f" of {v['spread_of'].replace('_', ' ')}" if spec.minimise else ""  # a cost per person-year has no per-run value
        extra = "" if spec.objective == "net_person_years" else f"; net extra person-years {v['net_person_years']:+,.0f}"
        lines.append(f"- {economy} economy: {objective_words(spec, float(v['value']))} (5-95% of runs{spread} {v['p5']:,.3g} to {v['p95']:,.3g}; "
                     f"{clear}); {v['participants_started']:,.0f} participants started{extra}.")  # fmt: skip
    lines += ["", "## What it costs net", ""]
    for economy in spec.economies:
        v = mine.loc[economy]
        if v["net_person_years"] <= 0:
            per = "no cost per person-year: no positive net effect"
        else:
            ratio = float(v["net_public_cost"] / v["net_person_years"])
            per = (f"{money(ratio)} net public cost" if ratio >= 0 else f"a net gain of {money(-ratio)}") + " per net extra person-year (total over total)"
        net = float(v["net_public_cost"])
        words = f"net public cost {money(net)}" if net >= 0 else f"a net gain to the public purse of {money(-net)}"
        lines.append(f"- {economy}: spending {money(float(v['spending']))}; {words} (after benefit savings and extra taxes and premiums); {per}.")
    lines += ["", "## Where it is fragile", ""]
    regret = mine["regret"]
    if regret.notna().all() and float(regret.max()) > 0:
        worst = str(regret.idxmax())
        best_there = tables["picks"].set_index("pick")["candidate"].get(f"best_in:{worst}")
        other, _ = package_lines(allocations, int(best_there)) if best_there is not None else ([], [])
        lines.append(f"- Its largest regret is {float(regret.max()):,.3g} in the {worst} economy: there the best package found "
                     f"(candidate {best_there}) funds {'; '.join(other) or 'nothing'}.")  # fmt: skip
    else:
        lines.append("- It is the best package found in every economy evaluated (no regret).")
    share = mine["share_positive"]
    lines.append("- Share of runs with a positive net effect: " + ", ".join(f"{e} {share[e]:.0%}" for e in spec.economies) + ".")
    spread = draw_spread(tables["runs"], candidate)
    if spread is not None:
        (low, low_at), (high, high_at) = spread
        lines.append(f"- Over the parameter draws (members of the calibration's ensemble) its net extra person-years range from "
                     f"{low:+,.0f} ({low_at}) to {high:+,.0f} ({high_at}), means over the replications.")  # fmt: skip
    second, found = lead(tables, spec, candidate)
    if second is not None and not found.empty:
        clear = found[found["distinguishable"]]
        lines.append(f"- Its lead over the runner-up (candidate {second}) is " + (
            "distinguishable from the runs' noise in " + ", ".join(clear["economy"]) if len(clear) else
            "not distinguishable from the runs' noise in any economy: treat the two as equally good") + ".")  # fmt: skip
    lines += ["", "## How it was found", ""]
    method = result.extra.get("method", "")
    space = result.extra.get("space")
    lines.append(f"- {len(result.evaluations)} candidate packages evaluated ({method}" + (f", of {space:,} that keep the budget rules" if space else "") + ").")
    draws = f" x {spec.parameter_draws} parameter draws of the calibration's ensemble" if spec.parameter_draws else " (the calibrated parameters only)"
    lines.append(f"- Every candidate ran in {len(spec.economies)} economies x {spec.replications} replications{draws}, at scale {spec.scale:g}, "
                 "with the baseline's seeds (common random numbers).")  # fmt: skip
    lines.append(f"- Objective: {OBJECTIVES[spec.objective]}; criterion: {spec.criterion} over the economies.")
    lines.append("- Regret: how far a package falls short of the best package found in an economy (0 for the best).")
    return "\n".join(lines) + "\n"


def _card_html(card: str) -> str:
    """The Markdown card as simple HTML (headings, bullets, paragraphs)."""
    out = []
    for line in card.splitlines():
        if line.startswith("# "):
            continue
        if line.startswith("## "):
            out.append(f"<h3>{plain(line[3:])}</h3>")
        elif line.startswith("- "):
            out.append(f"<p>&bull; {plain(line[2:])}</p>")
        elif line.strip():
            out.append(f"<p>{plain(line)}</p>")
    return "\n".join(out)


def value_figure(spec: DesignSpec, tables: dict[str, pd.DataFrame], candidate: int) -> go.Figure:
    """Every candidate's value by economy against its planned budget; the recommended one marked."""
    values = tables["values"].merge(tables["candidates"][["candidate", "planned_budget"]], on="candidate")
    fig = go.Figure()
    for economy in spec.economies:
        d = values[values["economy"] == economy]
        fig.add_scatter(x=d["planned_budget"], y=d["value"], mode="markers", name=economy, text=[f"candidate {c}" for c in d["candidate"]])
    rec = values[values["candidate"] == candidate]
    fig.add_scatter(x=rec["planned_budget"], y=rec["value"], mode="markers", name="recommended", marker={"symbol": "star", "size": 14, "color": "black"})
    fig.update_layout(title="Candidates: value per economy against planned budget", xaxis_title="planned budget (EUR)", yaxis_title=spec.objective, template="plotly_white")
    return fig


def allocation_figure(tables: dict[str, pd.DataFrame]) -> go.Figure:
    """The budgets of the best candidates by instrument (stacked)."""
    best = tables["candidates"].sort_values("rank").head(TOP)["candidate"].tolist()
    alloc = tables["allocations"][tables["allocations"]["candidate"].isin(best)]
    fig = go.Figure()
    for instrument, d in alloc.groupby("instrument", sort=False):
        d = d.set_index("candidate").reindex(best)
        fig.add_bar(x=[f"#{r} (candidate {c})" for r, c in enumerate(best, 1)], y=d["budget"], name=str(instrument))
    fig.update_layout(title=f"The {len(best)} best candidates by the criterion: budget per instrument", barmode="stack", yaxis_title="EUR", template="plotly_white")
    return fig


def regret_figure(spec: DesignSpec, tables: dict[str, pd.DataFrame]) -> go.Figure:
    """Regret of the best candidates in each economy (a heatmap: 0 is the best in that economy)."""
    best = tables["candidates"].sort_values("rank").head(TOP)["candidate"].tolist()
    wide = tables["values"].pivot(index="candidate", columns="economy", values="regret").reindex(index=best, columns=list(spec.economies))
    fig = go.Figure(go.Heatmap(z=wide.to_numpy(), x=list(wide.columns), y=[f"candidate {c}" for c in wide.index], colorscale="Reds", colorbar={"title": "regret"}))
    fig.update_layout(title="Regret of the best candidates in each economy", template="plotly_white", yaxis={"autorange": "reversed"})
    return fig


def search_figure(spec: DesignSpec, tables: dict[str, pd.DataFrame]) -> go.Figure:
    """The criterion of every candidate in the order evaluated, and the best so far."""
    c = tables["candidates"].sort_values("candidate")
    best = c["score"].cummax()
    fig = go.Figure()
    fig.add_scatter(x=c["candidate"], y=c["criterion"], mode="markers", name="candidate")
    fig.add_scatter(x=c["candidate"], y=(-best if spec.minimise else best).where(np.isfinite(best)), mode="lines", name="best so far")
    fig.update_layout(title="The search: criterion of each candidate in the order evaluated", xaxis_title="candidate (order evaluated)", yaxis_title="criterion", template="plotly_white")
    return fig


def picks_rows(tables: dict[str, pd.DataFrame]) -> list[list[str]]:
    """One row per pick: what it is, the candidate, why, its planned budget."""
    budget = tables["candidates"].set_index("candidate")["planned_budget"]
    return [[str(p["pick"]), str(p["candidate"]), str(p["why"]), money(float(budget[p["candidate"]]))] for _, p in tables["picks"].iterrows()]


def write_dashboard(folder: Path, spec: DesignSpec, result: Any, tables: dict[str, pd.DataFrame], candidate: int, card: str) -> Path:
    """Write ``dashboard.html`` (with the folder's shared plotly.min.js): the card, the picks, the charts."""
    return write_page(folder / "dashboard.html", design_dashboard_html(spec, tables, candidate, card))


def design_dashboard_html(spec: Any, tables: dict[str, pd.DataFrame], candidate: int, card: str, *, plotlyjs: str | None = None) -> str:
    """The design dashboard as one HTML string; ``spec`` is the spec or :func:`spec_facts` of a folder's manifest."""
    card_tab = Tab("card", "Recommended package", _card_html(card) + "<h3>Picks</h3>" +
                   table_html(["pick", "candidate", "why", "planned budget"], picks_rows(tables)))  # fmt: skip
    charts = [
        Tab("candidates", "Candidates", chart_html(value_figure(spec, tables, candidate), "chart-values", "value per economy") +
            chart_html(allocation_figure(tables), "chart-allocations", "allocations of the best candidates")),
        Tab("robustness", "Robustness", chart_html(regret_figure(spec, tables), "chart-regret", "regret per economy")),
        Tab("search", "Search", chart_html(search_figure(spec, tables), "chart-search", "the search")),
    ]  # fmt: skip
    facts = [("Spec", str(Path(spec.path).name)), ("Objective", OBJECTIVES[spec.objective]), ("Criterion", spec.criterion),
             ("Economies", ", ".join(spec.economies)), ("Budget", money(spec.total_budget)),
             ("Runs per candidate", f"{len(spec.economies)} economies x {max(spec.parameter_draws, 1)} draws x {spec.replications} replications at scale {spec.scale:g}")]  # fmt: skip
    return page_html(kind="design", title=f"Design {spec.name}", heading=f"Design '{spec.name}'", kicker="participation-model design",
                     description=spec.description, facts=facts, tabs=[card_tab, *charts], plotlyjs=plotlyjs,
                     footer=["Values are means over the runs of each economy (a cost per person-year: total over total). "
                             "Regret is measured against the best package found in that economy."])  # fmt: skip


def spec_facts(design: Mapping[str, Any]) -> SimpleNamespace:
    """What the dashboard needs of a spec, from the ``design`` table of a design folder's manifest.

    Example:
        >>> spec_facts({"name": "x", "objective": "net_public_cost_per_person_year", "economies": ["historical"]}).minimise
        True
    """
    return SimpleNamespace(name=design.get("name", ""), description=design.get("description", ""), path=design.get("spec_file", ""),
                           objective=design.get("objective", "net_person_years"), year=design.get("year"), group=design.get("group"),
                           criterion=design.get("criterion", ""), economies=tuple(design.get("economies", ())),
                           total_budget=float(design.get("budget", 0.0)), parameter_draws=int(design.get("parameter_draws", 0)),
                           replications=int(design.get("replications", 0)), scale=float(design.get("scale", 0.0)),
                           minimise=design.get("objective") in MINIMISED)  # fmt: skip


def folder_dashboard_html(folder: Path, manifest: Mapping[str, Any], lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The dashboard of a design folder, from its tables, card and manifest (``participation-model dashboard DIR``).

    Raises:
        DashboardError: another language than English (the design pages are in English), or a missing table or card.
    """
    from participation_model.reports.dashboard.folders import read_table
    from participation_model.reports.dashboard.labels import DashboardError

    if lang != "en":
        raise DashboardError(f"{folder}: --lang {lang}: allowed: en (a design folder's dashboard is in English)")
    tables = {name: read_table(folder, name, "design folder") for name in ("candidates", "allocations", "values", "runs", "picks")}
    card = folder / "card.md"
    if not card.is_file():
        raise DashboardError(f"{card}: missing; allowed: a design folder as participation-model design writes it")
    return design_dashboard_html(spec_facts(manifest.get("design", {})), tables, int(manifest.get("recommended_candidate", 0)),  # type: ignore[arg-type]
                                 card.read_text(encoding="utf-8"), plotlyjs=plotlyjs)  # fmt: skip
