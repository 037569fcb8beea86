"""The sensitivity report: plotly charts of Morris, Sobol and one-at-a-time results in one page.

The charts are also the sensitivity dashboard's (:mod:`participation_model.reports.dashboard.sensitivity`,
which translates them). The page is made with the page kit (:mod:`participation_model.reports.page`)
and loads plotly.js from the folder's shared ``plotly.min.js``, written next to it.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"outcome": ["y"], "parameter": ["a"], "mu": [1.0], "mu_star": [1.0], "mu_star_conf": [0.1], "sigma": [0.5]})
    >>> morris_figure(df, "y").data[0].type
    'scatter'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports.blocks import chart_html, plain
from participation_model.reports.page import page_html, write_page


def morris_figure(indices: pd.DataFrame, outcome: str) -> go.Figure:
    """mu* against sigma: important parameters lie far right, interacting ones high."""
    d = indices[indices["outcome"] == outcome]
    fig = go.Figure(
        go.Scatter(
            x=d["mu_star"], y=d["sigma"], mode="markers+text", text=d["parameter"], textposition="top center",
            error_x={"type": "data", "array": d["mu_star_conf"]},
        )
    )
    fig.update_layout(title=f"Morris screening: {outcome}", xaxis_title="mu* (mean absolute elementary effect)", yaxis_title="sigma (spread: non-linearity, interactions)", template="plotly_white")
    return fig


def sobol_figure(indices: pd.DataFrame, outcome: str) -> go.Figure:
    """First-order and total-order indices with their confidence intervals."""
    d = indices[indices["outcome"] == outcome].sort_values("ST", ascending=False)
    fig = go.Figure()
    fig.add_bar(name="first order S1", x=d["parameter"], y=d["S1"], error_y={"type": "data", "array": d["S1_conf"]})
    fig.add_bar(name="total order ST", x=d["parameter"], y=d["ST"], error_y={"type": "data", "array": d["ST_conf"]})
    fig.update_layout(title=f"Sobol indices: {outcome}", barmode="group", yaxis_title="share of variance", template="plotly_white")
    return fig


def tornado_figure(oat: pd.DataFrame, outcome: str) -> go.Figure:
    """One-at-a-time swings, largest on top."""
    d = oat[oat["outcome"] == outcome].iloc[::-1]
    fig = go.Figure()
    fig.add_bar(name="parameter at its low end", y=d["parameter"], x=d["low_value"], orientation="h")
    fig.add_bar(name="parameter at its high end", y=d["parameter"], x=d["high_value"], orientation="h")
    fig.update_layout(title=f"One at a time: {outcome}", barmode="group", xaxis_title=outcome, template="plotly_white")
    return fig


def write_report(path: Path, title: str, method: str, indices: pd.DataFrame, oat: pd.DataFrame | None, noise: pd.DataFrame, meta: dict) -> None:
    """Write the report to ``path`` atomically, with the folder's shared ``plotly.min.js`` next to it.

    Per outcome: its share of replication noise, the Morris or Sobol chart, and the tornado of
    the one-at-a-time swings when ``oat`` is given.

    Example:
        >>> write_report(Path("out/report.html"), "Sensitivity of x (morris)", "morris", indices, None, noise, {})  # doctest: +SKIP
    """
    parts = []
    for index, outcome in enumerate(indices["outcome"].unique()):
        share = noise.loc[noise["outcome"] == outcome, "noise_share"]
        parts.append(f'<h2 id="outcome-{index}">{plain(outcome)}</h2>\n'
                     f"<p>Share of the variance that is replication noise: {float(share.iloc[0]):.1%}</p>")  # fmt: skip
        figure = morris_figure(indices, outcome) if method == "morris" else sobol_figure(indices, outcome)
        parts.append(chart_html(figure, f"chart-ranking-{index}", figure.layout.title.text))
        if oat is not None:
            tornado = tornado_figure(oat, outcome)
            parts.append(chart_html(tornado, f"chart-oat-{index}", tornado.layout.title.text))
    page = page_html(kind="sensitivity-report", title=title, heading=title, facts=[(str(k), str(v)) for k, v in meta.items()],
                     body="\n".join(parts), footer=[])  # fmt: skip
    write_page(path, page)
