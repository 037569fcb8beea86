"""Cost-effectiveness in the comparison dashboard and the app: the ratios' text and chart.

Both read the comparison's ``cost_effectiveness`` table (``metrics/cost_effectiveness.py``: total
cost over total effect across all runs, a 5-95% bootstrap interval, and whether the ratio is
shown), so every table, card, chart and the app show the same number, or the same reason.

Example:
    >>> ratio_text(None, "en")
    'n/a'
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports.blocks import plain
from participation_model.reports.dashboard.chart_kit import scenario_color as _color
from participation_model.reports.dashboard.chart_kit import scenario_names as _names
from participation_model.reports.dashboard.chart_kit import usable_table as _table
from participation_model.reports.dashboard.labels import number, text
from participation_model.reports.style import house_style, log_ticks

#: The word (labels.text key) for each reason a ratio is not shown (metrics/cost_effectiveness.py)
RATIO_REASONS = {"not shown: the effect is not distinguishable from the baseline": "ratio_not_distinguishable",
                 "not shown: the effect is not positive": "ratio_not_positive", "no cost booked": "ratio_no_cost"}  # fmt: skip


def ratio_text(row: pd.Series | None, lang: str) -> str:
    """A cost-effectiveness ratio with its 5-95% interval, or why it is not shown, in ``lang``.

    Example:
        >>> ratio_text(pd.Series({"ratio": 20000.0, "low": 15000.0, "high": float("inf"), "shown": True, "reason": ""}), "en")
        '20,000 (15,000 to no upper bound)'
        >>> ratio_text(pd.Series({"ratio": 5.0, "low": 1.0, "high": 9.0, "shown": False, "reason": "no cost booked"}), "nl")
        'geen kosten geboekt'
    """
    if row is None:
        return text("not_available", lang)
    if not bool(row["shown"]):
        key = RATIO_REASONS.get(str(row["reason"]))
        return text(key, lang) if key else str(row["reason"])
    high = number(row["high"], 0, lang) if pd.notna(row["high"]) and row["high"] != float("inf") else text("no_upper_bound", lang)
    return f"{number(row['ratio'], 0, lang)} ({number(row['low'], 0, lang)} {text('to', lang)} {high})"


def cost_figure(tables: Mapping[str, pd.DataFrame], lang: str, colors: Mapping[str, str]) -> go.Figure | None:
    """Cost per extra person-year (log axis) against extra person-years, scenarios and instruments.

    From the ``cost_effectiveness`` table (one definition: total cost over total effect across
    all runs, with a 5-95% bootstrap interval). Scenarios (diamonds): net extra person-years of
    everyone and the cost per net extra person-year; instruments (circles, in their scenario's
    colour): their participants' extra person-years and the cost per extra participant
    person-year. A ratio that is not shown (effect not distinguishable, not positive, no cost)
    is named under the chart with the reason, never plotted.

    Example:
        >>> ratios = pd.DataFrame({"scenario": ["a", "b"], "intervention": "", "measure": "cost_per_net_extra_person_year",
        ...     "effect_mean": [100.0, 1.0], "ratio": [2e4, 9e5], "low": [1e4, 1e5], "high": [4e4, 9e9], "shown": [True, False],
        ...     "reason": ["", "not shown: the effect is not positive"]})
        >>> [t.name for t in cost_figure({"cost_effectiveness": ratios}, "en", {}).data]
        ['a', 'scenario (net, everyone)', 'instrument (participants)']
    """
    ratios = _table(tables, "cost_effectiveness", ("scenario", "intervention", "measure", "effect_mean", "ratio", "low", "high", "shown", "reason"))
    if ratios is None:
        return None
    ratios = ratios[ratios["measure"].isin(["cost_per_net_extra_person_year", "cost_per_extra_participant_person_year"])]
    ratios = ratios.assign(intervention=ratios["intervention"].fillna("").astype(str), shown=ratios["shown"].astype(bool))
    figure = go.Figure()
    missing = [f"{plain(': '.join(n for n in (r.scenario, r.intervention) if n))} ({ratio_text(pd.Series(r._asdict()), lang)})"
               for r in ratios[~ratios["shown"]].itertuples(index=False)]  # fmt: skip
    shown = ratios[ratios["shown"]]
    for number_, scenario in enumerate(_names(shown["scenario"], colors)):
        first = True
        for instrument, symbol, size in ((False, "diamond", 15), (True, "circle", 10)):
            own = shown[(shown["scenario"] == scenario) & ((shown["intervention"] != "") == instrument)]
            if own.empty:
                continue
            high = own["high"].where(own["high"] != float("inf"))
            figure.add_trace(go.Scatter(
                x=own["effect_mean"].tolist(), y=own["ratio"].tolist(), mode="markers", name=plain(scenario),
                legendgroup=f"s{number_}", showlegend=first,
                marker={"symbol": symbol, "size": size, "color": _color(colors, scenario), "line": {"color": "#1a1a1a", "width": 1}},
                error_y={"type": "data", "array": (high - own["ratio"]).tolist(),
                         "arrayminus": (own["ratio"] - own["low"]).clip(upper=own["ratio"] * 0.99).tolist(), "thickness": 1},
                hovertext=[plain(": ".join(n for n in (scenario, i) if n)) for i in own["intervention"]],
                hovertemplate="<b>%{hovertext}</b><br>%{x:,.0f} " + text("person_years", lang) + "<br>%{y:,.0f} EUR<extra></extra>",
            ))  # fmt: skip
            first = False
    for name, symbol in (("scenario_marker", "diamond"), ("instrument_marker", "circle")):
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=text(name, lang), hoverinfo="skip",
                                    marker={"symbol": symbol, "size": 11, "color": "#ffffff", "line": {"color": "#1a1a1a", "width": 1.5}}))  # fmt: skip
    if len(figure.data) == 2:
        figure.add_annotation(text=text("no_data", lang), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False)
    if missing:
        figure.add_annotation(text=text("cost_missing", lang, names="<br>".join(missing)), xref="paper", yref="paper",
                              x=0, y=-0.22, xanchor="left", yanchor="top", showarrow=False, align="left", font={"size": 12})  # fmt: skip
    figure.update_layout(title={"text": text("fig_cost", lang)}, showlegend=True,
                         xaxis={"title": {"text": text("effect_axis", lang)}, "zeroline": True, "zerolinecolor": "#555555"},
                         yaxis={"title": {"text": text("cost_axis", lang)}, **log_ticks()})  # fmt: skip
    house_style(figure, lang, height=480 + 18 * len(missing))
    figure.update_layout(margin={"b": 110 + 18 * len(missing) if missing else 60})
    return figure
