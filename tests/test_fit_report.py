"""The calibration fit report: figures, tables, page and the atomic write, on synthetic frames.

The frames look like :func:`participation_model.analysis.calibration_report.fit_frames`'
output: targets fitted or kept back (out-of-sample predictions) in the history run from 2008,
trajectories of the history run, a cold start in 2014 and the starting values, and the
agreement of the two designs.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import participation_model.reports.plotlyjs as plotly_module
from participation_model.reports import fit as fit_report
from participation_model.reports.drivers import drivers_figure, region_annual
from participation_model.reports.fit import (
    agreement_figure,
    agreement_table_html,
    fit_report_html,
    fit_table_html,
    fit_tables_html,
    history_drivers_figure,
    residuals_figure,
    targets_figure,
    unexplained_misses,
    write_fit_report,
)

NAN = math.nan
HOSTILE = "<script>alert('x')</script>"
HISTORY, BASELINE, START = "calibrated, from 2008-01", "calibrated, cold start in 2014-01", "starting values, from 2008-01"
RUN = "history run from 2008-01"


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
        "within": within, "status": status, "run": RUN if comparable else "",
        "explanation": explanation,
    }


@pytest.fixture
def fit() -> pd.DataFrame:
    return pd.DataFrame([
        _row("netto_participation_2016", z=0.3),
        _row("bijstand_2016", z=-1.7, within=False, explanation="too few outflows " + HOSTILE),
        _row("ww_2016", z=2.4, within=False, label="WW " + HOSTILE),  # unexplained miss
        _row("unemployment_rate_2008", status="kept back", z=0.8),
        _row("jobs_zorg_inside_2016", status="not comparable", within=False,
             explanation="in-commuters are not simulated"),
        _row("jobs_industry_inside_2016", status="not comparable", within=False),  # unexplained
    ])


@pytest.fixture
def trajectories() -> pd.DataFrame:
    rows = []
    for run, start, shift in ((HISTORY, 2008, 0.0), (BASELINE, 2014, 0.5), (START, 2008, 2.0)):
        for replication in range(3):
            for year in range(start, 2017):
                for month in (1, 7):
                    rows.append({"run": run, "replication": replication,
                                 "month": f"{year}-{month:02d}",
                                 "netto_participation_15_75": 60.0 + replication + shift,
                                 "bijstand": 5400.0 + 10 * replication,
                                 "ww": 4100.0 - 20 * replication})
    return pd.DataFrame(rows)


@pytest.fixture
def agreement() -> pd.DataFrame:
    """Two measures over 2014-2016: history, baseline and their difference."""
    rows = []
    for measure, history, step in (("unemployment_rate_15_75", 8.0, 0.1), ("bijstand", 5400.0, 25.0)):
        for index, year in enumerate((2014, 2015, 2016)):
            baseline = history + step * (index - 1)
            rows.append({"year": year, "measure": measure, "history": history, "baseline": baseline,
                         "difference": baseline - history})
    return pd.DataFrame(rows)


@pytest.fixture
def drivers() -> pd.DataFrame:
    """National drivers 2014-2016 (the last year projected), as DriverPath.annual gives them."""
    return pd.DataFrame({"year": [2014, 2015, 2016], "unemployment_rate": [7.3, 6.9, 6.0], "tightness": [16.0, 21.5, 29.0],
                         "vacancies": [114.2, 133.4, 156.0], "gdp_growth": [1.4, 2.0, 2.2],
                         "basis": ["observed", "observed", "projected"]})


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
    assert names == [f"{HISTORY} (5-95%)", HISTORY, f"{BASELINE} (5-95%)", BASELINE, f"{START} (5-95%)", START, "target"]
    lines = {t.name: t for t in fig.data[1:6:2]}
    assert lines[START].line.dash == "dash" and lines[HISTORY].line.dash is None  # starting values stand apart
    assert len({t.line.color for t in lines.values()}) == 3
    assert min(lines[HISTORY].x).year == 2008 and min(lines[BASELINE].x).year == 2014  # each design from its own start
    target = fig.data[-1]
    assert list(target.error_y.array) == [270.0] and list(target.error_y.arrayminus) == [270.0]


def test_trajectory_charts_cover_the_history_targets_of_every_year(trajectories):
    points = pd.DataFrame({"measure": ["netto_participation_15_75"] * 3, "year": [2008, 2014, 2016],
                           "value": [62.0, 60.0, 60.9], "low": [61.0, 59.0, 60.4], "high": [63.0, 61.0, 61.4],
                           "target": ["n_2008", "n_2014", "n_2016"]})  # fmt: skip
    fig = fit_report.trajectory_figure(trajectories, points, "netto_participation_15_75")
    assert [x.year for x in fig.data[-1].x] == [2008, 2014, 2016]


def test_the_report_draws_every_measure_the_runs_record():
    from participation_model.analysis import calibration_report

    assert set(calibration_report.TRAJECTORY_MEASURES) <= set(fit_report.TRAJECTORY_MEASURES)


def test_summary_counts_fitted_and_kept_back_targets_apart(fit, trajectories, points):
    page = fit_report_html(fit, trajectories, points, META)
    summary = page.split('<p class="summary">', 1)[1].split("</p>", 1)[0]
    assert "(fitted: 1 of 3; kept back from the fit, predicted out of sample: 1 of 1)" in summary
    only_fitted = fit[fit["status"] != "kept back"]
    assert "kept back" not in fit_report_html(only_fitted, trajectories, points, META).split('<p class="summary">', 1)[1].split("</p>")[0]
    assert "validation" not in page  # the old status is gone


def test_kept_back_targets_have_their_own_section(fit, trajectories, points):
    page = fit_report_html(fit, trajectories, points, META)
    sections = {key: page.split(f'data-fit-table="{key}"', 1)[1].split("</section>", 1)[0]
                for key in ("fitted", "kept-back", "other")}  # fmt: skip
    assert "Kept back from the fit: how well the calibrated model predicts them" in sections["kept-back"]
    assert "out-of-sample" in sections["kept-back"]
    assert "unemployment_rate_2008" in sections["kept-back"] and "+0.80" in sections["kept-back"]  # its z
    assert "unemployment_rate_2008" not in sections["fitted"] + sections["other"]
    assert all(name in sections["fitted"] for name in ("netto_participation_2016", "bijstand_2016", "ww_2016"))
    assert sections["other"].count("<tr class=") == 2 and "in-commuters are not simulated" in sections["other"]
    assert fit_tables_html(fit[fit["status"] == "fitted"]).count("data-fit-table=") == 1  # empty sections are left out
    kept_rows = fit_tables_html(fit, level=3).split('data-fit-table="kept-back"', 1)[1]
    assert "<h3" in kept_rows and "<td>yes</td>" in kept_rows.split("</table>")[0]  # within its band


def test_residuals_mark_kept_back_targets(fit):
    shown = [y for trace in residuals_figure(fit).data for y in trace.y]
    assert "unemployment_rate_2008 (kept back)" in shown and "netto_participation_2016" in shown


def test_the_agreement_section_compares_the_two_designs(fit, trajectories, points, agreement):
    page = fit_report_html(fit, trajectories, points, META, agreement=agreement)
    section = page.split('id="heading-agreement-table"', 1)[1].split("</section>", 1)[0]
    assert "A cold start against the history run" in section
    assert "A cold start in 2014 builds the population from the region&#x27;s 2014 figures" in section and "gap should close" in section
    assert section.count("<tr><th scope=\"row\">") == 3  # one row per year
    assert "unemployment rate 15-75" in section and "<td class=\"number\">+25</td>" in section  # bijstand 2016
    assert 'id="chart-agreement"' in page
    assert 'id="chart-agreement"' not in fit_report_html(fit, trajectories, points, META)  # only with the table
    figure = agreement_figure(agreement)
    assert [list(t.y) for t in figure.data] == [pytest.approx([-0.1, 0.0, 0.1]), [-25.0, 0.0, 25.0]]
    assert [figure.layout[f"yaxis{i}"].title.text for i in ("", "2")] == ["percentage points", "persons"]


def test_agreement_table_escapes_and_takes_the_callers_words(agreement):
    table = agreement_table_html(agreement.assign(measure=HOSTILE), words=("jaar", "historie", "basis", HOSTILE))
    assert HOSTILE not in table and "&lt;script&gt;" in table
    assert ">jaar<" in table and ">historie<" in table


def test_the_drivers_chart_shows_the_history_run_next_to_the_nation(fit, trajectories, points, drivers):
    history = trajectories.assign(unemployment_rate_15_75=[9.0 if run == HISTORY else 3.0 for run in trajectories["run"]])
    figure = history_drivers_figure(drivers, history, HISTORY)
    region = [t for t in figure.data if t.name == "region (model)"]
    assert [list(t.y) for t in region] == [[9.0] * 3]  # the history run in the drivers' years, not the baseline's 3.0
    def region_of(figure):
        return next(t for t in figure.data if t.name == "region (model)").y[0]

    assert region_of(history_drivers_figure(drivers, history, BASELINE)) == 3.0
    assert region_of(history_drivers_figure(drivers, history)) == 9.0  # the first run by default
    assert history_drivers_figure(None, history) is None
    page = fit_report_html(fit, history, points, META, drivers=drivers, history=HISTORY)
    assert 'id="chart-drivers"' in page and "National drivers" in page
    assert 'id="chart-drivers"' not in fit_report_html(fit, history, points, META)


def test_the_drivers_chart_marks_projected_years(drivers):
    region = region_annual(pd.DataFrame({"replication": [0, 1], "month": ["2015-01", "2015-06"], "tightness": [0.2, 0.3]}))
    figure = drivers_figure(drivers, region)
    names = [t.name for t in figure.data]
    assert "Netherlands (observed)" in names and "Netherlands (projected)" in names
    projected = [t for t in figure.data if t.name == "Netherlands (projected)"]
    assert all(t.line.dash == "dash" and list(t.x) == [2015, 2016] for t in projected)  # from the last observed year on
    bars = figure.data[0]
    assert bars.marker.color[0] != bars.marker.color[2]  # the projected year's bar is lighter
    assert [(s.x0, s.x1) for s in figure.layout.shapes] == [(2015.5, 2016.5)] * 4  # shaded, in each of the four panels
    tightness = [t for t in figure.data if t.name == "region (model)"]
    assert [list(t.y) for t in tightness] == [pytest.approx([25.0])]  # per 100 unemployed, like the national series


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fit.html", "plotly.min.js"]  # the page loads the file next to it
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_passes_the_agreement_and_drivers_on(tmp_path, fit, trajectories, points, agreement, drivers):
    target = write_fit_report(tmp_path / "fit.html", fit, trajectories, points, META, agreement=agreement.assign(measure=HOSTILE),
                              drivers=drivers, history=HISTORY)  # fmt: skip
    page = target.read_text(encoding="utf-8")
    assert 'id="chart-agreement"' in page and 'id="chart-drivers"' in page
    assert HOSTILE not in page


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

    monkeypatch.setattr(plotly_module.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_fit_report(target, fit, trajectories, points, META)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["fit.html"]
