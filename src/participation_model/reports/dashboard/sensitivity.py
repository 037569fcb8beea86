"""The sensitivity dashboard: the charts of the sensitivity report in the dashboards' look.

Made from a folder of ``participation-model sensitivity`` (docs/sensitivity.md): ``indices``,
``noise``, ``samples`` and, unless ``--no-oat``, ``one_at_a_time``. Per outcome it shows the
share of replication noise, the Morris (mu* against sigma) or Sobol (S1 and ST with intervals)
chart of :mod:`participation_model.reports.sensitivity` with a table of the indices, and the
tornado of the one-at-a-time swings; then the tables for download.

Example:
    >>> page = sensitivity_dashboard_html(Path("outputs/sample-sensitivity"), manifest, "nl")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from participation_model.reports import sensitivity as report
from participation_model.reports.dashboard.folders import csv_bytes, read_table
from participation_model.reports.dashboard.labels import number, text
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
from participation_model.reports.style import house_style, localise

_WHAT = "sensitivity folder"
_TABLES = ("indices", "samples", "noise", "one_at_a_time")


def method_of(indices: pd.DataFrame, manifest: Mapping[str, Any]) -> str:
    """``"morris"`` or ``"sobol"``: from the manifest, else from the index columns.

    Example:
        >>> method_of(pd.DataFrame(columns=["S1", "ST"]), {})
        'sobol'
    """
    method = str(manifest.get("method") or "")
    if method in ("morris", "sobol"):
        return method
    return "morris" if "mu_star" in indices.columns else "sobol"


def escaped(figure: go.Figure) -> go.Figure:
    """Escape the category and text labels of a chart built from file contents (parameter names).

    Example:
        >>> escaped(go.Figure(go.Bar(x=["<a>"], y=[1.0]))).data[0].x
        ('&lt;a&gt;',)
    """
    for trace in figure.data:
        for attribute in ("x", "y", "text"):
            values = getattr(trace, attribute, None)
            if values is not None and not isinstance(values, str) and len(values) and all(isinstance(v, str) for v in values):
                setattr(trace, attribute, [plain(v) for v in values])
    return figure


def outcome_sections(indices: pd.DataFrame, oat: pd.DataFrame | None, method: str, lang: str = "en") -> dict[str, list[Section]]:
    """Per outcome: the ranking chart, and the tornado chart when one-at-a-time swings exist.

    Keys of the result are ``"ranking"`` and ``"one_at_a_time"``; section keys carry the
    outcome's position, so several outcomes get distinct chart ids.
    """
    sections: dict[str, list[Section]] = {"ranking": [], "one_at_a_time": []}
    build = report.morris_figure if method == "morris" else report.sobol_figure
    for index, outcome in enumerate(pd.unique(indices["outcome"])):
        figure = house_style(localise(escaped(build(indices, outcome)), lang), lang, height=480)
        sections["ranking"].append(Section(f"ranking-{index}", f"{text('outcome', lang)}: {outcome}", text(f"help_{method}", lang), figure))
        if oat is not None and (oat["outcome"] == outcome).any():
            tornado = house_style(localise(escaped(report.tornado_figure(oat, outcome)), lang), lang,
                                  height=max(420, 140 + 34 * int((oat["outcome"] == outcome).sum())))  # fmt: skip
            tornado.update_yaxes(automargin=True)
            sections["one_at_a_time"].append(Section(f"oat-{index}", f"{text('outcome', lang)}: {outcome}",
                                                     text("one_at_a_time_help", lang), tornado))  # fmt: skip
    return sections


def indices_table_html(indices: pd.DataFrame, outcome: str, method: str, lang: str = "en") -> str:
    """The indices of one outcome as a table, most important parameter first.

    Example:
        >>> idx = pd.DataFrame({"outcome": "y", "parameter": ["a", "b"], "mu_star": [0.1, 0.3],
        ...                     "mu_star_conf": [0.01, 0.02], "sigma": [0.2, 0.1]})
        >>> table = indices_table_html(idx, "y", "morris")
        >>> table.index(">b<") < table.index(">a<")
        True
    """
    rows = indices[indices["outcome"] == outcome]
    if method == "morris":
        columns = [("mu_star", "mu*"), ("mu_star_conf", "mu* 95% +/-"), ("sigma", "sigma")]
        rows = rows.sort_values("mu_star", ascending=False)
    else:
        columns = [("S1", "S1"), ("S1_conf", "S1 95% +/-"), ("ST", "ST"), ("ST_conf", "ST 95% +/-")]
        rows = rows.sort_values("ST", ascending=False)
    columns = [(c, h) for c, h in columns if c in rows.columns]
    body = [[str(r["parameter"]), *(number(r[c], 3, lang) for c, _ in columns)] for _, r in rows.iterrows()]
    return table_html([text("parameter", lang), *(h for _, h in columns)], body, numeric=[False] + [True] * len(columns))


def sensitivity_facts(manifest: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """The provenance of a sensitivity analysis.

    Example:
        >>> dict(sensitivity_facts({"scenario": {"name": "s"}, "seed": 7, "method": "morris"}))["Seed"]
        '7'
    """
    uncertainty = manifest.get("uncertainty") or {}
    return [
        (text("scenario", lang), str((manifest.get("scenario") or {}).get("name", ""))),
        (text("method", lang), str(manifest.get("method", ""))),
        (text("parameter_sets", lang), str(manifest.get("sets", ""))),
        (text("replications", lang), str(manifest.get("replications", ""))),
        (text("seed", lang), str(manifest.get("seed", ""))),
        (text("scale", lang), text("scale_value", lang, scale=str(manifest.get("scale", "")))),
        (text("outcomes", lang), ", ".join(str(o) for o in manifest.get("outcomes") or [])),
        (text("uncertainty_file", lang), Path(str(uncertainty["path"])).name if uncertainty.get("path") else ""),
        (text("version", lang), version_text(manifest.get("package"))),
        (text("created", lang), created_text(manifest.get("created_utc"))),
        (text("command", lang), command_text(manifest.get("command_line"))),
    ]


def sensitivity_dashboard_html(folder: Path, manifest: Mapping[str, Any], lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The sensitivity dashboard of ``folder`` as one HTML page."""
    indices = read_table(folder, "indices", _WHAT)
    noise = read_table(folder, "noise", _WHAT, required=False)
    samples = read_table(folder, "samples", _WHAT, required=False)
    oat = read_table(folder, "one_at_a_time", _WHAT, required=False)
    assert indices is not None  # required above
    method = method_of(indices, manifest)
    sections = outcome_sections(indices, oat, method, lang)
    parts = [f'<p class="help">{plain(text("ranking_help", lang))}</p>']
    for section, outcome in zip(sections["ranking"], pd.unique(indices["outcome"]), strict=True):
        share = noise.loc[noise["outcome"] == outcome, "noise_share"] if noise is not None else pd.Series(dtype=float)
        value = f"{float(share.iloc[0]) * 100:.0f}%" if len(share) and pd.notna(share.iloc[0]) else text("not_available", lang)
        parts += [section_html(section), note_html(text("noise_share", lang, share=value)),
                  indices_table_html(indices, str(outcome), method, lang)]  # fmt: skip
    tabs = [Tab("ranking", text("ranking", lang), "\n".join(parts))]
    if sections["one_at_a_time"]:
        body = "\n".join(section_html(s) for s in sections["one_at_a_time"])
        tabs.append(Tab("one-at-a-time", text("one_at_a_time", lang), body))
    tables = {"indices": indices, "samples": samples, "noise": noise, "one_at_a_time": oat}
    files = {f"{name}.csv": csv_bytes(folder, name, table) for name, table in tables.items() if table is not None}
    tabs.append(downloads_tab(files, lang))
    name = str((manifest.get("scenario") or {}).get("name") or folder.name)
    heading = f"{name} ({method})"
    return page_html(
        kind="sensitivity", lang=lang, kicker=text("sensitivity_title", lang), title=f"{heading} - {text('sensitivity_title', lang)}",
        heading=heading, facts=sensitivity_facts(manifest, lang), tabs=tabs, plotlyjs=plotlyjs,
    )  # fmt: skip
