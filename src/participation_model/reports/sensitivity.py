"""The sensitivity report: plotly charts of Morris, Sobol and one-at-a-time results in one page.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"outcome": ["y"], "parameter": ["a"], "mu": [1.0], "mu_star": [1.0], "mu_star_conf": [0.1], "sigma": [0.5]})
    >>> morris_figure(df, "y").data[0].type
    'scatter'
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio


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
    """One self-contained HTML page (plotly.js inlined: works offline)."""
    parts = [f"<h1>{html.escape(title)}</h1>", "<dl>"]
    parts += [f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in meta.items()]
    parts.append("</dl>")
    first = True
    for outcome in indices["outcome"].unique():
        share = noise.loc[noise["outcome"] == outcome, "noise_share"]
        parts.append(f"<h2>{html.escape(outcome)}</h2><p>Share of the variance that is replication noise: {float(share.iloc[0]):.1%}</p>")
        fig = morris_figure(indices, outcome) if method == "morris" else sobol_figure(indices, outcome)
        parts.append(pio.to_html(fig, include_plotlyjs=first, full_html=False))
        first = False
        if oat is not None:
            parts.append(pio.to_html(tornado_figure(oat, outcome), include_plotlyjs=False, full_html=False))
    page = "<!doctype html><html><head><meta charset='utf-8'><title>" + html.escape(title) + "</title>"
    page += "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;}dt{font-weight:bold}</style></head><body>"
    page += "\n".join(parts) + "</body></html>"
    path.write_text(page, encoding="utf-8")
