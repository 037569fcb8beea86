"""The calibration dashboard: the fit to the targets, the search, and links to the full reports.

Made from a calibration work folder (``outputs/calibration/<name>/``, docs/calibration.md),
which holds ``fit.csv`` (every target against the calibrated model), ``agreement.csv`` (the
cold start against the history run), ``drivers.csv`` (the national drivers of the history
run, with its own annual unemployment rate and tightness), ``evaluations.jsonl`` (every
parameter set tried), ``fit-report.html`` and perhaps ``plausibility.html``. The tabs:

- **Fit to the targets**: the residual and relative-to-target charts, a summary that counts
  fitted and kept-back targets apart, and the tables of :mod:`participation_model.reports.fit`
  (fitted targets; kept-back targets, as out-of-sample predictions; targets not compared);
- **Baseline against history** (with ``agreement.csv``): the agreement table and a chart of the
  differences;
- **National drivers** (with ``drivers.csv``): the drivers chart of the run dashboard, next to
  the history run;
- **Search**: the objective of every parameter set tried with the best so far, and where the
  fitted values lie within their searched ranges (from the calibrated file);
- **Plausibility**: the programme effect curves of :mod:`participation_model.reports.plausibility`
  when the folder has their data (``effect_curves.csv``); otherwise the **Reports** tab links to
  ``plausibility.html``, and to ``fit-report.html`` for the trajectories, which the work folder
  does not keep as tables;
- **Download the tables**: ``fit.csv``, ``agreement.csv`` and ``drivers.csv`` (when present), and
  ``evaluations.csv`` (the log as a table: one row per parameter set with its objective,
  parameters and statistics).

The provenance comes from the calibrated file ``calibration/calibrated/<name>.toml`` of the
checkout the folder belongs to.

Example:
    >>> page = calibration_dashboard_html(Path("outputs/calibration/oost-groningen"), "nl")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from participation_model import __version__
from participation_model.reports import fit as fit_report
from participation_model.reports.dashboard.folders import read_table, repository_root
from participation_model.reports.dashboard.labels import DashboardError, measure_label, text
from participation_model.reports.blocks import (
    Section,
    Tab,
    downloads_tab,
    note_html,
    plain,
    section_html,
)
from participation_model.reports.page import page_html
from participation_model.reports.style import PALETTE, house_style, localise, log_ticks
from participation_model.reports.drivers import drivers_figure, has_drivers

_WHAT = "calibration work folder"


#: The file in a calibration work folder that names its calibrated file (written by the fit report).
POINTER = "calibrated.json"


def find_calibrated(folder: Path) -> Path | None:
    """The calibrated file of a work folder.

    The fit report names it in ``calibrated.json`` (written with ``fit.csv``); for older work
    folders it is ``calibration/calibrated/<folder name>.toml`` in a folder above the work
    folder or in the checkout.

    Example:
        >>> find_calibrated(Path("outputs/calibration/no-such-name")) is None
        True
    """
    pointer = folder / POINTER
    if pointer.is_file():
        try:
            named = Path(json.loads(pointer.read_text(encoding="utf-8"))["calibrated_file"])
        except (ValueError, KeyError, TypeError):
            named = None
        if named is not None and named.is_file():
            return named
    name = f"{folder.resolve().name}.toml"
    for root in [*folder.resolve().parents, repository_root()]:
        candidate = root / "calibration" / "calibrated" / name
        if candidate.is_file():
            return candidate
    return None


def read_calibrated(path: Path | None) -> dict[str, Any]:
    """The calibrated file's tables (provenance, parameters), or ``{}`` when it cannot be read."""
    from participation_model.tomlfile import read_toml

    if path is None:
        return {}
    try:
        raw, _ = read_toml(path, ValueError, "calibrated parameter file")
    except (OSError, ValueError):
        return {}
    return raw


def read_evaluations(folder: Path) -> pd.DataFrame:
    """``evaluations.jsonl`` as a table: evaluation number, objective, parameters, statistics.

    The first line of the log is its fingerprint and is skipped; lines that are not parameter
    sets (or a last line cut off by an interrupted search) are skipped too.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "evaluations.jsonl").write_text('{"fingerprint": "x"}\\n'
        ...     '{"parameters": {"a": 1.0}, "statistics": [{"t": 2.0}, {"t": 4.0}], "objective": 0.5}\\n')
        >>> read_evaluations(folder).to_dict("records")
        [{'evaluation': 1, 'objective': 0.5, 'a': 1.0, 't': 3.0}]
    """
    path = folder / "evaluations.jsonl"
    if not path.is_file():
        return pd.DataFrame(columns=["evaluation", "objective"])
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(entry, dict) or "objective" not in entry:
            continue
        statistics = pd.DataFrame(entry.get("statistics") or []).mean(numeric_only=True).to_dict()
        rows.append({"evaluation": len(rows) + 1, "objective": entry["objective"], **(entry.get("parameters") or {}), **statistics})
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=["evaluation", "objective"])


def search_figure(evaluations: pd.DataFrame, lang: str = "en") -> go.Figure:
    """The objective of every parameter set tried (log axis) and the best so far.

    Example:
        >>> ev = pd.DataFrame({"evaluation": [1, 2, 3], "objective": [0.6, 0.8, 0.3]})
        >>> list(search_figure(ev).data[1].y)
        [0.6, 0.6, 0.3]
    """
    rows = evaluations[pd.to_numeric(evaluations["objective"], errors="coerce").map(lambda v: math.isfinite(v) and v > 0)]
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=rows["evaluation"].tolist(), y=rows["objective"].tolist(), mode="markers",
                                marker={"color": PALETTE[5], "size": 5, "opacity": 0.6}, name=text("tried", lang),
                                hovertemplate="%{x}: %{y:.3f}<extra></extra>"))  # fmt: skip
    figure.add_trace(go.Scatter(x=rows["evaluation"].tolist(), y=rows["objective"].cummin().tolist(), mode="lines",
                                line={"color": PALETTE[1], "width": 2.5, "shape": "hv"}, name=text("best_so_far", lang),
                                hovertemplate="%{x}: %{y:.3f}<extra></extra>"))  # fmt: skip
    figure.update_layout(title={"text": text("fig_search", lang)}, xaxis={"title": {"text": text("evaluation", lang)}},
                         yaxis={"title": {"text": text("objective_axis", lang)}, **log_ticks("~g")})  # fmt: skip
    return house_style(figure, lang)


def fitted_figure(parameters: Mapping[str, Mapping[str, Any]], lang: str = "en") -> go.Figure | None:
    """Where each free parameter started and ended within its searched range (0 = low, 1 = high).

    Example:
        >>> fig = fitted_figure({"a.b": {"value": 0.5, "start": 0.2, "low": 0.0, "high": 1.0}})
        >>> [(t.name, list(t.x)) for t in fig.data]
        [('starting value', [0.2]), ('fitted value', [0.5])]
    """
    rows = []
    for name, entry in parameters.items():
        try:
            low, high = float(entry["low"]), float(entry["high"])
            rows.append((plain(name), (float(entry["start"]) - low) / (high - low), (float(entry["value"]) - low) / (high - low),
                         entry["start"], entry["value"]))  # fmt: skip
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            continue
    if not rows:
        return None
    names = [r[0] for r in rows]
    figure = go.Figure()
    for index, (key, symbol, color) in enumerate((("start_value", "circle-open", "#777777"), ("fitted_value", "diamond", PALETTE[0]))):
        figure.add_trace(go.Scatter(
            x=[r[1 + index] for r in rows], y=names, mode="markers", name=text(key, lang),
            marker={"symbol": symbol, "size": 12, "color": color, "line": {"width": 2, "color": color}},
            customdata=[r[3 + index] for r in rows], hovertemplate="%{y}: %{customdata:.4g}<extra></extra>",
        ))  # fmt: skip
    for edge in (0, 1):
        figure.add_vline(x=edge, line={"color": "#333333", "dash": "dash", "width": 1})
    figure.update_layout(title={"text": text("fig_fitted", lang)}, xaxis={"title": {"text": text("position_axis", lang)}, "range": [-0.05, 1.05]},
                         yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
    return house_style(figure, lang, height=max(360, 140 + 32 * len(rows)))


def plausibility_sections(curves: pd.DataFrame, lang: str = "en") -> list[Section]:
    """One effect-curve chart per programme, with the evidence boxes when the evidence file is found."""
    from participation_model.analysis.evidence import load_evidence
    from participation_model.reports.plausibility import effect_figure

    try:
        evidence = load_evidence(repository_root() / "calibration" / "evidence.toml")
    except (OSError, ValueError):
        evidence = None
    sections = []
    keys = curves[["scenario", "intervention", "type"]].drop_duplicates()
    for index, key in enumerate(keys.itertuples(index=False)):
        own = curves[(curves["scenario"] == key.scenario) & (curves["intervention"] == key.intervention)]
        instrument = evidence.instrument(str(key.type)) if evidence is not None else None
        heading = f"{key.scenario}: {key.intervention}"
        figure = effect_figure(own, instrument.bands if instrument else (), title=plain(heading))
        sections.append(Section(f"plausibility-{index}", heading, text("plausibility_help", lang), house_style(localise(figure, lang), lang)))
    return sections


def calibration_facts(folder: Path, calibrated: Path | None, raw: Mapping[str, Any], evaluations: pd.DataFrame,
                      lang: str = "en") -> list[tuple[str, str]]:  # fmt: skip
    """The provenance of a calibration, from its calibrated file (or what the folder says)."""
    prov = raw.get("provenance") or {}
    objective = ""
    if "objective" in prov:
        objective = f"{float(prov.get('objective_start', float('nan'))):.3f} -> {float(prov['objective']):.3f}"
    start, end = prov.get("start"), prov.get("end")
    return [
        (text("calibration", lang), str(prov.get("name", folder.resolve().name))),
        (text("calibrated_file", lang), str(calibrated) if calibrated else ""),
        (text("targets_file", lang), str(prov.get("targets_file", ""))),
        (text("region", lang), str(prov.get("region", ""))),
        (text("method", lang), f"{prov.get('method', '')}, budget {prov.get('budget', '')}" if prov.get("method") else ""),
        (text("evaluations", lang), str(prov.get("evaluations", len(evaluations)))),
        (text("objective", lang), objective),
        (text("seed", lang), f"{prov.get('seed', '')} (optimiser {prov.get('optimiser_seed', '')})" if "seed" in prov else ""),
        (text("replications", lang), str(prov.get("replications", ""))),
        (text("scale", lang), text("scale_value", lang, scale=str(prov["scale"])) if "scale" in prov else ""),
        (text("period", lang), f"{start} {text('to', lang)} {end}" if start and end else ""),
        (text("version", lang), str(prov.get("model_version", "")) or f"{__version__} ({text('dashboard', lang)})"),
        (text("created", lang), str(prov.get("created", "")).replace("T", " ").replace("Z", " UTC")),
        (text("command", lang), str(prov.get("command", ""))),
        (text("folder", lang), str(folder)),
    ]


def fit_summary_html(fit: pd.DataFrame, lang: str = "en") -> list[str]:
    """The summary lines: fitted targets within their band, and kept-back targets (when there are any).

    Example:
        >>> fit = pd.DataFrame({"target": ["a", "b", "c"], "status": ["fitted", "fitted", "kept back"],
        ...                     "z": [0.2, 1.5, 0.9], "within": [True, False, True]})
        >>> [line.removeprefix("<p><strong>").removesuffix("</strong></p>") for line in fit_summary_html(fit)]
        ['Fitted: 1 of 2 targets within their band.', 'Kept back from the fit (out-of-sample predictions): 1 of 1 within their band.']
    """
    comparable = fit["status"].ne(fit_report.NOT_COMPARABLE) & fit.get("model_mean", fit["z"]).notna()
    within = comparable & fit["within"].eq(True)
    lines = []
    for status, key in ((fit_report.FITTED, "fit_summary"), (fit_report.KEPT_BACK, "kept_summary")):
        mine = comparable & fit["status"].eq(status)
        if status == fit_report.FITTED or mine.any():
            words = text(key, lang, within=int((within & mine).sum()), count=int(mine.sum()))
            lines.append(f"<p><strong>{plain(words)}</strong></p>")
    return lines


def fit_tables_html(fit: pd.DataFrame, lang: str = "en") -> str:
    """The fit table in sections: fitted targets, kept back (out-of-sample predictions), not compared.

    Example:
        >>> fit = pd.DataFrame({"target": ["a", "b"], "label": ["A", "B"], "unit": "percent", "period": "2016",
        ...     "value": 7.0, "low": 6.0, "high": 8.0, "model_mean": 7.2, "model_p5": 7.0, "model_p95": 7.4,
        ...     "z": 0.2, "within": True, "status": ["fitted", "kept back"], "run": "", "explanation": ""})
        >>> page = fit_tables_html(fit, "nl")
        >>> 'data-fit-table="kept-back"' in page, "Buiten de kalibratie gehouden" in page
        (True, True)
    """
    words = {key: (text(heading, lang), text(f"{heading}_help", lang)) for key, heading in
             (("fitted", "fitted_targets"), ("kept-back", "kept_back_targets"), ("other", "other_targets"))}  # fmt: skip
    return fit_report.fit_tables_html(fit, level=3, words=words)


def agreement_html(agreement: pd.DataFrame, lang: str = "en") -> str:
    """The "baseline against the history run" tab: its sentence, the table and the chart of the differences.

    Example:
        >>> agreement = pd.DataFrame({"year": [2014], "measure": ["ww"], "history": [2000.0], "baseline": [2010.0],
        ...                           "difference": [10.0]})
        >>> page = agreement_html(agreement, "nl")
        >>> "Een koude start in 2014" in page, "historische run" in page, 'id="chart-agreement"' in page
        (True, True, True)
    """
    names = {str(m): measure_label(str(m), lang) for m in pd.unique(agreement["measure"])}
    words = (text("year", lang), text("history_run", lang), text("baseline_design", lang), text("difference", lang))
    table = fit_report.agreement_table_html(agreement, names=names, words=words)
    figure = house_style(localise(fit_report.agreement_figure(agreement, names), lang), lang)
    figure.update_layout(showlegend=False)
    chart = section_html(Section("agreement", text("fig_agreement", lang), text("help_agreement", lang), figure))
    year = int(agreement["year"].min())
    return (f'<p class="help">{plain(text("agreement_help", lang, year=year))}</p>\n'
            f'<div class="table-scroll" tabindex="0">{table}</div>\n{chart}')  # fmt: skip


def history_region(drivers: pd.DataFrame) -> pd.DataFrame | None:
    """The history run's annual measures kept in the work folder's ``drivers.csv`` (``region_*`` columns), or None.

    Example:
        >>> history_region(pd.DataFrame({"year": [2008], "tightness": [77.9], "region_tightness": [0.5]})).values.tolist()
        [[2008.0, 0.5]]
    """
    columns = [c for c in drivers.columns if str(c).startswith("region_")]
    if not columns:
        return None
    return drivers[["year", *columns]].rename(columns={c: str(c).removeprefix("region_") for c in columns})


def calibration_dashboard_html(folder: Path, lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The calibration dashboard of the work folder ``folder`` as one HTML page."""
    fit = read_table(folder, "fit", _WHAT)
    assert fit is not None  # required above
    missing = [c for c in ("target", "status", "within", "z") if c not in fit.columns]
    if missing:
        raise DashboardError(f"{folder / 'fit.csv'}: not a fit table (no column {missing[0]!r}); allowed: the fit.csv "
                             "that participation-model calibrate or calibration-report writes")  # fmt: skip
    calibrated = find_calibrated(folder)
    raw = read_calibrated(calibrated)
    evaluations = read_evaluations(folder)
    charts = [
        Section("residuals", text("fig_residuals", lang), text("fit_help", lang),
                house_style(localise(fit_report.residuals_figure(fit), lang), lang)),
        Section("targets", text("fig_relative", lang), text("fit_help", lang),
                house_style(localise(fit_report.targets_figure(fit), lang), lang)),
    ]  # fmt: skip
    unexplained = fit_report.unexplained_misses(fit) if "explanation" in fit.columns else []
    body = [f'<p class="help">{plain(text("fit_help", lang))}</p>', *fit_summary_html(fit, lang)]
    if unexplained:
        body.append(note_html("unexplained: " + ", ".join(unexplained)))
    body += [section_html(s) for s in charts]
    body.append(fit_tables_html(fit, lang))
    tabs = [Tab("fit", text("fit", lang), "\n".join(body))]
    agreement = read_table(folder, "agreement", _WHAT, required=False)
    if agreement is not None and {"year", "measure", "history", "baseline", "difference"} <= set(agreement.columns) and len(agreement):
        tabs.append(Tab("agreement", text("agreement_title", lang), agreement_html(agreement, lang)))
    drivers = read_table(folder, "drivers", _WHAT, required=False)
    if has_drivers(drivers):
        assert drivers is not None
        figure = localise(drivers_figure(drivers, history_region(drivers)), lang)
        figure.update_layout(title={"text": text("fig_drivers_history", lang)})
        section = Section("drivers", text("fig_drivers_history", lang), text("help_drivers_history", lang), house_style(figure, lang))
        tabs.append(Tab("drivers", text("drivers", lang), section_html(section)))
    search = []
    if len(evaluations):
        search.append(section_html(Section("search", text("fig_search", lang), text("search_help", lang), search_figure(evaluations, lang))))
    fitted = fitted_figure(raw.get("parameters") or {}, lang)
    if fitted is not None:
        search.append(section_html(Section("fitted", text("fig_fitted", lang), text("help_fitted", lang), fitted)))
    if search:
        tabs.append(Tab("search", text("search", lang), "\n".join(search)))
    curves = read_table(folder, "effect_curves", _WHAT, required=False)
    if curves is not None and {"scenario", "intervention", "type", "months_since_enrolment", "effect_pp"} <= set(curves.columns):
        sections = plausibility_sections(curves, lang)
        tabs.append(Tab("plausibility", text("plausibility", lang),
                        f'<p class="help">{plain(text("plausibility_help", lang))}</p>\n' + "\n".join(section_html(s) for s in sections)))  # fmt: skip
    links = [(name, key) for name, key in (("fit-report.html", "fit_report_link"), ("plausibility.html", "plausibility_link"))
             if (folder / name).is_file()]  # fmt: skip
    if links:
        items = "\n".join(f'<li><a href="{plain(name)}" data-report="{plain(name)}">{plain(text(key, lang))}</a></li>' for name, key in links)
        tabs.append(Tab("reports", text("reports", lang), f'<p class="help">{plain(text("reports_help", lang))}</p>\n<ul>\n{items}\n</ul>'))
    files = {"fit.csv": (folder / "fit.csv").read_bytes() if (folder / "fit.csv").is_file() else fit.to_csv(index=False).encode()}
    for name in ("agreement", "drivers"):
        if (folder / f"{name}.csv").is_file():
            files[f"{name}.csv"] = (folder / f"{name}.csv").read_bytes()
    if len(evaluations):
        files["evaluations.csv"] = evaluations.to_csv(index=False, lineterminator="\n").encode("utf-8")
    for name in ("effect_curves", "plausibility"):
        if (folder / f"{name}.csv").is_file():
            files[f"{name}.csv"] = (folder / f"{name}.csv").read_bytes()
    tabs.append(downloads_tab(files, lang))
    name = str((raw.get("provenance") or {}).get("name") or folder.resolve().name)
    return page_html(
        kind="calibration", lang=lang, kicker=text("calibration_title", lang), title=f"{name} - {text('calibration_title', lang)}",
        heading=name, facts=calibration_facts(folder, calibrated, raw, evaluations, lang), tabs=tabs, plotlyjs=plotlyjs,
    )  # fmt: skip
