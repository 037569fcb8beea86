"""The calibration fit report: figures, table, page and the atomic write, on synthetic frames."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import participation_model.reports.page as page_module
from participation_model.reports import fit as fit_report
from participation_model.reports.fit import (
    fit_report_html,
    fit_table_html,
    residuals_figure,
    targets_figure,
    unexplained_misses,
    write_fit_report,
)

NAN = math.nan
HOSTILE = "<script>alert('x')</script>"


def _row(target: str, *, status: str = "fitted", z: float = 0.5, within: bool = True,
         explanation: str = "", label: str | None = None, start_z: float = 1.5) -> dict:
    comparable = status != "not comparable"
    return {
        "target": target, "label": label or target.replace("_", " "), "unit": "percent",
        "period": "2016", "value": 10.0, "low": 9.0, "high": 11.0,
        "model_mean": 10.0 + z if comparable else NAN,
        "model_p5": 9.5 + z if comparable else NAN,
        "model_p95": 10.5 + z if comparable else NAN,
        "z": z if comparable else NAN, "start_z": start_z if comparable else NAN,
        "within": within, "status": status, "run": "calibration runs 2014-2016",
        "explanation": explanation,
    }


@pytest.fixture
def fit() -> pd.DataFrame:
    return pd.DataFrame([
        _row("netto_participation_2016", z=0.3),
        _row("bijstand_2016", z=-1.7, within=False, explanation="too few outflows " + HOSTILE),
        _row("ww_2016", z=2.4, within=False, label="WW " + HOSTILE),  # unexplained miss
        {**_row("unemployment_rate_2008", status="validation", z=0.8),
         "run": "validation run from 2008"},
        _row("jobs_zorg_inside_2016", status="not comparable", within=False,
             explanation="in-commuters are not simulated"),
        _row("jobs_industry_inside_2016", status="not comparable", within=False),  # unexplained
    ])


@pytest.fixture
def trajectories() -> pd.DataFrame:
    rows = []
    for run, start in (("calibrated, from 2014", 2014), ("validation, from 2008", 2008)):
        for replication in range(3):
            for year in range(start, 2017):
                for month in (1, 7):
                    rows.append({"run": run, "replication": replication,
                                 "month": f"{year}-{month:02d}",
                                 "netto_participation_15_75": 60.0 + replication,
                                 "bijstand": 5400.0 + 10 * replication,
                                 "ww": 4100.0 - 20 * replication})
    return pd.DataFrame(rows)


@pytest.fixture
def points() -> pd.DataFrame:
    return pd.DataFrame({
        "measure": ["netto_participation_15_75", "bijstand", "unemployment_rate_15_75"],
        "year": [2016, 2016, 2008], "value": [60.9, 5470.0, 5.0], "low": [60.4, 5200.0, 4.5],
        "high": [61.4, 5740.0, 5.5],
        "target": ["netto_participation_2016", "bijstand_2016", "unemployment_rate_2008"],
    })


META = {"name": "calibration " + HOSTILE, "model version": "0.1.0", "method": "Nelder-Mead"}


def test_residuals_leave_out_not_comparable_targets_and_mark_the_band_edges(fit):
    fig = residuals_figure(fit)
    shown = {y for trace in fig.data for y in trace.y}
    assert not any("inside_2016" in y for y in shown)
    assert {y.split(" ")[0] for y in shown} == {
        "netto_participation_2016", "bijstand_2016", "ww_2016", "unemployment_rate_2008"}
    edges = sorted(s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1)
    assert edges == [-1, 1]
    start = next(t for t in fig.data if t.name == "starting parameters")
    assert list(start.x) == [1.5] * 4
    outside = next(t for t in fig.data if t.name == "outside band")
    assert sorted(outside.x) == [-1.7, 2.4]


def test_residuals_without_start_values_have_no_start_series(fit):
    fig = residuals_figure(fit.assign(start_z=NAN))
    assert "starting parameters" not in [t.name for t in fig.data]


def test_targets_chart_puts_different_units_on_one_relative_axis(fit):
    stock = {**_row("wsw_2016", z=-0.5), "unit": "persons", "value": 2650.0, "low": 2400.0,
             "high": 2900.0, "model_mean": 2600.0, "model_p5": 2500.0, "model_p95": 2700.0}
    fig = targets_figure(pd.concat([fit, pd.DataFrame([stock])], ignore_index=True))
    band, within = fig.data[0], fig.data[1]
    assert len(band.y) == 5  # the two not-comparable targets are left out
    assert band.base[-1] == pytest.approx(2400 / 2650 * 100)
    assert within.x[-1] == pytest.approx(2600 / 2650 * 100)
    assert within.error_x.arrayminus[-1] == pytest.approx(100 / 2650 * 100)


def test_unexplained_misses_are_exactly_the_silent_ones(fit):
    assert unexplained_misses(fit) == ["ww_2016", "jobs_industry_inside_2016"]
    explained = fit.assign(explanation="reason")
    assert unexplained_misses(explained) == []
    # a blank or missing explanation is no explanation
    assert unexplained_misses(explained.assign(explanation=[" ", None, "r", "", "r", "r"])) == [
        "bijstand_2016"]


def test_page_escapes_hostile_text_and_calls_out_unexplained_misses(fit, trajectories, points):
    page = fit_report_html(fit, trajectories, points, META)
    assert HOSTILE not in page
    assert "WW &lt;script&gt;" in page and "too few outflows &lt;script&gt;" in page
    assert "calibration &lt;script&gt;" in page
    assert "2 of 4 comparable targets within their band" in page
    assert "misses: bijstand_2016, ww_2016" in page
    unexplained = page.split('<p class="unexplained" role="alert">', 1)[1].split("</p>", 1)[0]
    assert "ww_2016" in unexplained and "jobs_industry_inside_2016" in unexplained
    assert "bijstand_2016" not in unexplained


def test_page_has_one_trajectory_chart_per_measure_present(fit, trajectories, points):
    page = fit_report_html(fit, trajectories, points, META)
    assert page.count('id="chart-trajectory-') == 3
    for measure in ("netto_participation_15_75", "bijstand", "ww"):
        assert f'id="chart-trajectory-{measure}"' in page
    assert 'id="chart-trajectory-unemployment_rate_15_75"' not in page
    slim = fit_report_html(fit, trajectories.drop(columns=["ww", "bijstand"]), points, META)
    assert slim.count('id="chart-trajectory-') == 1


def test_trajectory_chart_has_a_band_per_run_and_the_targets(trajectories, points):
    fig = fit_report.trajectory_figure(trajectories, points, "bijstand")
    names = [t.name for t in fig.data]
    assert names == ["calibrated, from 2014 (5-95%)", "calibrated, from 2014",
                     "validation, from 2008 (5-95%)", "validation, from 2008", "target"]
    target = fig.data[-1]
    assert list(target.error_y.array) == [270.0] and list(target.error_y.arrayminus) == [270.0]


def test_table_marks_outside_and_unexplained_rows(fit):
    rows = fit_table_html(fit).split("<tbody>")[1].split("</tr>")[:-1]
    css = [r.split('class="', 1)[1].split('"', 1)[0] for r in rows]
    assert css == ["within", "outside", "outside", "within", "not-comparable", "not-comparable"]
    assert "unexplained" in rows[2] and "unexplained" in rows[5]
    assert "unexplained" not in rows[1] and "unexplained" not in rows[4]
    assert "<strong class=\"miss\">no</strong>" in rows[1]


def test_write_leaves_the_report_and_no_temporary_file(tmp_path, fit, trajectories, points):
    target = tmp_path / "fit.html"
    assert write_fit_report(target, fit, trajectories, points, META) == target
    assert [p.name for p in tmp_path.iterdir()] == ["fit.html"]
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_failing_render_writes_nothing(tmp_path, monkeypatch, fit, trajectories, points):
    def broken(*args, **kwargs):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(fit_report, "trajectory_figure", broken)
    target = tmp_path / "fit.html"
    with pytest.raises(RuntimeError, match="rendering failed"):
        write_fit_report(target, fit, trajectories, points, META)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failing_move_keeps_the_old_report_and_cleans_up(
    tmp_path: Path, monkeypatch, fit, trajectories, points
):
    target = tmp_path / "fit.html"
    target.write_text("old report", encoding="utf-8")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(page_module.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_fit_report(target, fit, trajectories, points, META)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["fit.html"]
