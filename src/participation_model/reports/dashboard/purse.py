"""The public purse of a comparison: who pays what, who saves what, the net public cost.

From the comparison's ``public_purse`` table (``metrics/public_purse.py``; one row per scenario,
payer, gemeente and item, with mean and 5-95% over paired replications):
:func:`purse_figure` draws the net cost per payer (the comparison dashboard and the live app
show it, through :func:`participation_model.reports.dashboard.compare_charts.comparison_sections`),
:func:`purse_table_html` lays out the account per scenario as tables (the dashboard's "Public
purse" tab).

Example:
    >>> purse = pd.DataFrame({"scenario": "a", "payer": ["gemeente", "public"], "gemeente": "", "item": "net_cost",
    ...     "mean": [100.0, 250.0], "p5": [50.0, 200.0], "p95": [150.0, 300.0]})
    >>> list(purse_figure({"public_purse": purse}, "en", {}).data[0].y)
    [100.0, 250.0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from participation_model.codes import PUBLIC_STREAMS, STREAMS
from participation_model.reports.blocks import plain, table_html
from participation_model.reports.dashboard.labels import measure_label, number, stream_label, text
from participation_model.reports.style import PALETTE, house_style

#: The payers in the order of the tables: the funding streams, then all public payers together.
PAYERS: tuple[str, ...] = (*STREAMS, "public")
#: The columns of the account table, left to right (items of metrics/public_purse.py).
ITEMS: tuple[str, ...] = ("spending", "benefit_savings_ww", "benefit_savings_bijstand", "extra_revenue", "net_cost")
COLUMNS = ("scenario", "payer", "gemeente", "item", "mean", "p5", "p95")


def _purse(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    table = tables.get("public_purse")
    if table is None or table.empty or any(c not in table.columns for c in COLUMNS):
        return None
    return table.assign(gemeente=table["gemeente"].fillna("").astype(str))


def purse_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Net cost per public payer and for all of them together, one bar per scenario (5-95% error bars).

    Payers that neither spent nor saved anything in any scenario are left out.
    """
    purse = _purse(tables)
    if purse is None:
        return None
    rows = purse[(purse["gemeente"] == "") & (purse["item"] == "net_cost") & purse["payer"].isin([*PUBLIC_STREAMS, "public"])]
    active = [p for p in PAYERS if (rows.loc[rows["payer"] == p, ["mean", "p5", "p95"]].abs().to_numpy() > 0).any() or p == "public"]
    if rows.empty:
        return None
    figure = go.Figure()
    order = list(colors) or [str(s) for s in pd.unique(rows["scenario"])]
    for scenario in [s for s in order if s in set(rows["scenario"].astype(str))]:
        own = rows[rows["scenario"].astype(str) == scenario].set_index("payer").reindex(active)
        figure.add_trace(go.Bar(
            x=[stream_label(p, lang) for p in active], y=own["mean"].tolist(), name=plain(scenario),
            marker={"color": colors.get(scenario, PALETTE[0])},
            error_y={"type": "data", "array": (own["p95"] - own["mean"]).tolist(), "arrayminus": (own["mean"] - own["p5"]).tolist()},
            hovertemplate=f"{plain(scenario)}, %{{x}}: %{{y:,.0f}} EUR<extra></extra>",
        ))  # fmt: skip
    figure.add_hline(y=0, line={"color": "#555555", "width": 1})
    figure.update_layout(title={"text": text("fig_public_purse", lang)}, barmode="group", showlegend=True,
                         yaxis={"title": {"text": f"{measure_label('net_cost', lang)} ({text('eur', lang)})"}})  # fmt: skip
    return house_style(figure, lang)


def _cell(row: pd.Series | None, lang: str) -> str:
    """``mean (p5 to p95)`` in whole euros, or an empty cell."""
    if row is None:
        return ""
    return f"{number(row['mean'], 0, lang)} ({number(row['p5'], 0, lang)} {text('to', lang)} {number(row['p95'], 0, lang)})"


def purse_table_html(tables: Mapping[str, pd.DataFrame], scenarios: Sequence[str], lang: str = "en") -> str:
    """Per scenario: the account by payer (spending, savings, revenue, net cost), and bijstand saved per gemeente.

    Example:
        >>> purse = pd.DataFrame({"scenario": "a", "payer": ["esf", "public"], "gemeente": "", "item": "spending",
        ...     "mean": [1000.0, 1000.0], "p5": [1000.0, 1000.0], "p95": [1000.0, 1000.0]})
        >>> "1,000 (1,000 to 1,000)" in purse_table_html({"public_purse": purse}, ["a"])
        True
    """
    purse = _purse(tables)
    if purse is None:
        return ""
    parts = []
    headings = [text("payer", lang), *(f"{measure_label(i, lang)} ({text('eur', lang)})" for i in ITEMS)]
    for scenario in scenarios:
        own = purse[(purse["scenario"].astype(str) == scenario)]
        if own.empty:
            continue
        payers = own[own["gemeente"] == ""].set_index(["payer", "item"])
        rows = []
        for payer in PAYERS:
            if payer not in payers.index.get_level_values(0):
                continue
            cells = [payers.loc[(payer, i)] if (payer, i) in payers.index else None for i in ITEMS]
            if payer != "public" and not any(c is not None and abs(c["mean"]) > 0 for c in cells):
                continue
            rows.append([stream_label(payer, lang), *(_cell(c, lang) for c in cells)])
        parts.append(f"<h3>{plain(scenario)}</h3>\n" + table_html(headings, rows, numeric=[False, *(True for _ in ITEMS)]))
        local = own[(own["gemeente"] != "") & (own["item"].isin(["benefit_months_avoided_bijstand", "benefit_savings_bijstand"]))]
        if not local.empty:
            wide = local.set_index(["gemeente", "item"])
            lines = [[g, _cell(wide.loc[(g, "benefit_months_avoided_bijstand")], lang), _cell(wide.loc[(g, "benefit_savings_bijstand")], lang)]
                     for g in pd.unique(local["gemeente"])]  # fmt: skip
            heads = ["gemeente", measure_label("benefit_months_avoided_bijstand", lang),
                     f"{measure_label('benefit_savings_bijstand', lang)} ({text('eur', lang)})"]  # fmt: skip
            parts.append(f"<h4>{plain(text('purse_by_gemeente', lang))}</h4>\n" + table_html(heads, lines, numeric=[False, True, True]))
    return "\n".join(parts)
