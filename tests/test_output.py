"""Tests for the annual summary, the overview page and the output folder.

They use a small hand-made stand-in for ``RunResult`` (same attributes and methods as the
runner's), so they do not depend on the model and the expected numbers can be worked out by
hand.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.provenance import git_state
from participation_model.tasks import run as output
from participation_model.tasks.folders import OutputError, check_output_target
from participation_model.tasks.run import write_run_output
from participation_model.metrics.summary import (
    annual_values,
    headline_year,
    measure_kind,
    monthly_bands,
    summarise_groups,
    summarise_series,
)
from participation_model.reports.overview import (
    SECTIONS,
    benefits_figure,
    jobs_figure,
    overview_html,
    participation_figure,
    vacancies_figure,
    vacancy_flows_figure,
    write_overview,
)
from participation_model.scenario import Economy

CREATED = datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)
MONTHS = ["2015-11", "2015-12", "2016-01", "2016-02"]


# ---------------------------------------------------------------------------------------------
# A hand-made stand-in for RunResult
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeScenario:
    name: str
    description: str
    source_path: Path | None
    sha256: str | None
    region: str = "oost-groningen"
    start: str = MONTHS[0]
    end: str = MONTHS[-1]
    warm_up_from: str | None = None
    seed: int = 7
    replications: int = 2
    scale: float = 0.5
    overrides: dict = field(default_factory=dict)
    economy: Economy | None = None  # a run without an economy writes no drivers.csv


@dataclass(frozen=True)
class FakeRegion:
    path: Path
    sha256: str
    name: str = "oost-groningen"
    code: str = "CR01"


@dataclass(frozen=True)
class FakeParameters:
    path: Path
    sha256: str


@dataclass(frozen=True)
class FakeReplication:
    replication: int
    seed: int
    seconds: float
    series: pd.DataFrame
    groups: pd.DataFrame
    sectors: pd.DataFrame


@dataclass(frozen=True)
class FakeRunResult:
    scenario: FakeScenario
    replications: list[FakeReplication]
    region: FakeRegion
    parameters: FakeParameters
    seconds: float

    def _concat(self, table: str) -> pd.DataFrame:
        frames = [
            getattr(rep, table).assign(replication=rep.replication) for rep in self.replications
        ]
        combined = pd.concat(frames, ignore_index=True)
        return combined[["replication", *(c for c in combined.columns if c != "replication")]]

    def series(self) -> pd.DataFrame:
        return self._concat("series")

    def groups(self) -> pd.DataFrame:
        return self._concat("groups")

    def sectors(self) -> pd.DataFrame:
        return self._concat("sectors")


def _series(offset: float) -> pd.DataFrame:
    """A monthly series table with every chart measure; values shift with ``offset``."""
    n = len(MONTHS)
    ramp = np.arange(n, dtype=float)
    return pd.DataFrame(
        {
            "month": MONTHS,
            "population_15_75": 111000.0,
            "employed_15_75": 67000.0 + 100 * ramp + offset,
            "netto_participation_15_75": 60.0 + ramp / 10 + offset / 1000,
            "bruto_participation_15_75": 65.0 + ramp / 10 + offset / 1000,
            "unemployment_rate_15_75": 7.0 - ramp / 10 + offset / 1000,
            "ww": 4000.0 + offset,
            "bijstand": 5400.0 + offset,
            "ao": 9000.0 + offset,
            "wsw": 2600.0 + offset,
            "job_finding": 800.0 + offset,
            "job_loss": 700.0 + offset,
            "ww_exhaustion": 90.0 + offset,
            "vacancies": 900.0 + offset,
            "vacancies_outside": 400.0 + offset,
            "tightness": 0.18 + offset / 10000,
            "jobs_inside": 41000.0 + offset,
            "desired_jobs_inside": 42000.0 + offset,
            "incommuters": 4300.0 + offset,
            "vacancies_posted": 360.0 + offset,
            "vacancies_filled": 230.0 + offset,
            "vacancies_closed_unfilled": 19.0 + offset,
            "employed_loc_inside": 50000.0 + offset,
            "employed_loc_outside_province": 6000.0 + offset,
        }
    )


def _groups(offset: float) -> pd.DataFrame:
    rows = []
    for month in MONTHS:
        for group, base in (("female", 100.0), ("male", 200.0)):
            rows.append(
                {
                    "month": month,
                    "dimension": "sex",
                    "group": group,
                    "employed": base + offset,
                    "job_finding": 10.0 + offset,
                    "unemployment_rate": 7.0 + offset / 100,
                }
            )
    return pd.DataFrame(rows)


def _sectors(offset: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": MONTHS,
            "sector": "zorg",
            "location": "inside",
            "employed": 12000.0 + offset,
            "vacancies": 200.0,
            "hires": 150.0,
            "separations": 140.0,
        }
    )


def make_result(
    tmp_path: Path,
    *,
    name: str = "test-run",
    description: str = "A test run.",
    with_file: bool = True,
    economy: Economy | None = None,
) -> FakeRunResult:
    """Two replications over four months (Nov 2015 - Feb 2016), with real input files."""
    inputs = tmp_path / "inputs"
    inputs.mkdir(exist_ok=True)
    scenario_file = inputs / "scenario.toml"
    scenario_file.write_bytes(f'name = "{name}"\n# ünïcode comment\n'.encode())
    region_file = inputs / "region.toml"
    region_file.write_text("name = 'oost-groningen'\n")
    parameter_file = inputs / "parameters.toml"
    parameter_file.write_text("[search]\n")
    scenario = FakeScenario(
        name=name,
        description=description,
        source_path=scenario_file if with_file else None,
        sha256=_sha(scenario_file) if with_file else None,
        economy=economy,
    )
    replications = [
        FakeReplication(rep, 7 + rep, 1.5 + rep, _series(10.0 * rep), _groups(rep), _sectors(rep))
        for rep in range(2)
    ]
    return FakeRunResult(
        scenario=scenario,
        replications=replications,
        region=FakeRegion(region_file, _sha(region_file)),
        parameters=FakeParameters(parameter_file, _sha(parameter_file)),
        seconds=4.25,
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def result(tmp_path: Path) -> FakeRunResult:
    return make_result(tmp_path)


# ---------------------------------------------------------------------------------------------
# metrics.summary: exact numbers on a tiny table
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def tiny_series() -> pd.DataFrame:
    """Three replications, two months in 2015 and two in 2016, one measure of each kind."""
    values = {
        0: ([1, 2, 3, 4], [10, 20, 30, 50], [5, 7, 6, 8]),
        1: ([2, 2, 5, 5], [20, 20, 40, 40], [6, 6, 7, 9]),
        2: ([3, 3, 1, 1], [30, 40, 10, 10], [4, 6, 5, 5]),
    }
    frames = [
        pd.DataFrame(
            {
                "replication": rep,
                "month": MONTHS,
                "job_finding": np.array(flow, dtype=float),
                "ww": np.array(stock, dtype=float),
                "unemployment_rate_15_75": np.array(rate, dtype=float),
            }
        )
        for rep, (flow, stock, rate) in values.items()
    ]
    return pd.concat(frames, ignore_index=True)


def _row(summary: pd.DataFrame, year: int, measure: str) -> pd.Series:
    rows = summary[(summary["year"] == year) & (summary["measure"] == measure)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_measure_kinds_follow_the_documented_mapping() -> None:
    assert [measure_kind(m) for m in ("job_finding", "hires", "bijstand_exit")] == ["flow"] * 3
    assert [measure_kind(m) for m in ("ww", "vacancies", "employed_sec_zorg")] == ["stock"] * 3
    assert [measure_kind(m) for m in ("tightness", "netto_participation")] == ["rate"] * 2
    assert [measure_kind(m) for m in ("ue_quarterly_15_34", "long_term_share_55_74")] == [
        "rate", "rate"
    ]
    assert measure_kind("something_new") == "stock"  # averaged, never summed


def test_annual_values_sum_flows_and_average_stocks_and_rates(tiny_series: pd.DataFrame) -> None:
    annual = annual_values(tiny_series)
    rep0_2016 = annual[(annual["replication"] == 0) & (annual["year"] == 2016)].set_index("measure")
    assert rep0_2016.loc["job_finding", "value"] == 7.0  # 3 + 4
    assert rep0_2016.loc["ww", "value"] == 40.0  # (30 + 50) / 2
    assert rep0_2016.loc["unemployment_rate_15_75", "value"] == 7.0  # (6 + 8) / 2
    assert set(annual["months"]) == {2}
    assert list(annual.columns) == ["replication", "year", "measure", "kind", "months", "value"]


def test_summarise_series_exact_statistics(tiny_series: pd.DataFrame) -> None:
    summary = summarise_series(tiny_series)
    assert list(summary.columns) == [
        "year", "measure", "kind", "months", "mean", "p5", "p50", "p95", "n_replications"
    ]
    # Rows ordered by year, then measure in table order.
    assert summary[["year", "measure"]].values.tolist() == [
        [2015, "job_finding"], [2015, "ww"], [2015, "unemployment_rate_15_75"],
        [2016, "job_finding"], [2016, "ww"], [2016, "unemployment_rate_15_75"],
    ]
    expected = {
        # (year, measure): (mean, p5, p50, p95); annual values per replication in comments
        (2015, "job_finding"): (13 / 3, 3.1, 4.0, 5.8),  # sums 3, 4, 6
        (2015, "ww"): (70 / 3, 15.5, 20.0, 33.5),  # means 15, 20, 35
        (2015, "unemployment_rate_15_75"): (17 / 3, 5.1, 6.0, 6.0),  # means 6, 6, 5
        (2016, "job_finding"): (19 / 3, 2.5, 7.0, 9.7),  # sums 7, 10, 2
        (2016, "ww"): (30.0, 13.0, 40.0, 40.0),  # means 40, 40, 10
        (2016, "unemployment_rate_15_75"): (20 / 3, 5.2, 7.0, 7.9),  # means 7, 8, 5
    }
    for (year, measure), numbers in expected.items():
        row = _row(summary, year, measure)
        assert [row["mean"], row["p5"], row["p50"], row["p95"]] == pytest.approx(numbers)
        assert row["n_replications"] == 3
        assert row["months"] == 2
    assert _row(summary, 2016, "job_finding")["kind"] == "flow"


def test_missing_values_are_skipped_and_counted(tiny_series: pd.DataFrame) -> None:
    data = tiny_series.copy()
    data.loc[(data["replication"] == 2) & (data["month"] == "2016-01"), "ww"] = np.nan
    data.loc[data["replication"] == 1, "unemployment_rate_15_75"] = np.nan
    summary = summarise_series(data)
    # Replication 2's 2016 ww is the one month left (10); the distribution is 40, 40, 10.
    assert _row(summary, 2016, "ww")["mean"] == pytest.approx(30.0)
    rate = _row(summary, 2016, "unemployment_rate_15_75")
    assert rate["n_replications"] == 2  # replication 1 has no value
    assert rate["p50"] == pytest.approx(6.0)  # annual values 7 and 5


def test_summarise_groups_per_dimension_and_group() -> None:
    groups = pd.DataFrame(
        {
            "replication": [0, 0, 0, 0, 1, 1, 1, 1],
            "month": ["2016-01", "2016-01", "2016-02", "2016-02"] * 2,
            "dimension": ["sex"] * 8,
            "group": ["male", "female"] * 4,
            "employed": [100.0, 50.0, 120.0, 70.0, 200.0, 150.0, 220.0, 170.0],
            "job_finding": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    summary = summarise_groups(groups)
    assert list(summary.columns[:5]) == ["dimension", "group", "year", "measure", "kind"]
    # Groups keep the order the model wrote them in (male first), not alphabetical order.
    assert summary["group"].tolist() == ["male", "male", "female", "female"]
    male = summary[(summary["group"] == "male")].set_index("measure")
    assert male.loc["employed", "mean"] == pytest.approx(160.0)  # annual 110 and 210
    assert male.loc["employed", "p5"] == pytest.approx(115.0)
    assert male.loc["job_finding", "p95"] == pytest.approx(4.0 + 0.95 * 8.0)  # sums 4 and 12
    assert set(summary["n_replications"]) == {2}


def test_monthly_bands_and_bad_input() -> None:
    series = pd.DataFrame(
        {"replication": [0, 1, 0, 1], "month": ["2016-02", "2016-02", "2016-01", "2016-01"],
         "ww": [1.0, 3.0, 10.0, 30.0]}
    )
    bands = monthly_bands(series, ["ww"])
    assert bands["month"].tolist() == ["2016-01", "2016-02"]  # sorted by month
    assert bands["p50"].tolist() == [20.0, 2.0]
    with pytest.raises(KeyError, match="bijstand"):
        monthly_bands(series, ["bijstand"])
    with pytest.raises(ValueError, match="YYYY-MM"):
        summarise_series(series.assign(month=["2016/02", "2016-02", "2016-01", "2016-13"]))
    with pytest.raises(ValueError, match="duplicate"):
        summarise_series(series.assign(month="2016-01"))


def test_headline_year_prefers_2016() -> None:
    assert headline_year([2014, 2016, 2020]) == 2016
    assert headline_year([2018, 2017]) == 2018
    with pytest.raises(ValueError):
        headline_year([])


# ---------------------------------------------------------------------------------------------
# reports.overview
# ---------------------------------------------------------------------------------------------


def test_figures_show_median_and_band(result: FakeRunResult) -> None:
    figure = participation_figure(result.series())
    band, median = figure.data[0], figure.data[1]
    # Two replications with offsets 0 and 10: median is the midpoint, band 5-95% around it.
    assert list(median.y) == pytest.approx([60.005, 60.105, 60.205, 60.305])
    assert band.fill == "toself" and band.showlegend is False
    assert list(band.y)[:1] == pytest.approx([60.0095])  # p95 of 60.0 and 60.01
    assert figure.layout.yaxis.title.text == "% of population 15-75"


def test_missing_measure_is_named_on_the_chart(result: FakeRunResult) -> None:
    figure = benefits_figure(result.series().drop(columns=["wsw"]))
    assert len(figure.data) == 6  # three measures, band + median each
    assert "wsw" in figure.layout.annotations[0].text


def test_vacancies_figure_has_two_panels(result: FakeRunResult) -> None:
    figure = vacancies_figure(result.series())
    assert {trace.yaxis for trace in figure.data} == {"y", "y2"}
    panels = {trace.name: trace.yaxis for trace in figure.data if trace.showlegend is not False}
    assert panels == {"open vacancies inside the region": "y", "vacancies outside the region within reach": "y",
                      "vacancies per unemployed": "y2"}  # fmt: skip
    older = vacancies_figure(result.series().drop(columns=["vacancies_outside"]))
    assert len(older.data) == 4 and not older.layout.annotations[2:]  # no outside vacancies, and no "missing" note


def test_the_vacancies_help_says_whose_vacancies_they_are() -> None:
    help_text = next(s.help for s in SECTIONS if s.key == "vacancies")
    assert "inside the region" in help_text and "per unemployed resident" in help_text
    assert "reachable" not in help_text


def test_jobs_and_vacancy_flow_charts(result: FakeRunResult) -> None:
    jobs = jobs_figure(result.series())
    assert [t.name for t in jobs.data if t.showlegend is not False] == [
        "jobs in the region", "employers' target demand", "jobs held by in-commuters"]
    assert list(jobs.data[1].y) == pytest.approx([41005.0] * 4)  # median of the two replications
    flows = vacancy_flows_figure(result.series())
    assert [t.name for t in flows.data if t.showlegend is not False] == [
        "vacancies posted", "vacancies filled", "vacancies closed unfilled"]
    assert flows.layout.yaxis.title.text == "vacancies per month"
    keys = [s.key for s in SECTIONS]
    assert keys.index("jobs") == keys.index("vacancies") + 1 and "vacancy-flows" in keys


def test_overview_page_loads_the_folders_plotly_and_is_escaped(tmp_path: Path) -> None:
    result = make_result(tmp_path, description='<script>alert("x")</script> & more')
    summary = summarise_series(result.series())
    page = overview_html(result, summary=summary, version="9.9.9", created=CREATED)
    assert "Plotly.newPlot" in page
    assert re.findall(r'<script src="([^"]*)"', page) == ["plotly.min.js"]  # no CDN: the file next to the page
    assert len(page) < 1_000_000  # plotly.js is not inlined
    written = write_overview(tmp_path / "page" / "overview.html", result, summary=summary, version="9.9.9", created=CREATED)
    assert sorted(p.name for p in written.parent.iterdir()) == ["overview.html", "plotly.min.js"]
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
    for section in SECTIONS:
        assert f'id="chart-{section.key}"' in page
    for text in ("test-run", "CR01", "7, 8", "0.5", "9.9.9", "2024-05-01 12:30 UTC"):
        assert text in page
    assert "Headline 2016" in page


# ---------------------------------------------------------------------------------------------
# tasks.run
# ---------------------------------------------------------------------------------------------

EXPECTED_FILES = {
    "manifest.json", "scenario.toml", "series.parquet", "series.csv", "groups.parquet",
    "groups.csv", "sectors.parquet", "sectors.csv", "summary.csv", "summary_groups.csv",
    "overview.html", "plotly.min.js",
}


def test_write_run_output_writes_every_file(result: FakeRunResult, tmp_path: Path) -> None:
    target = tmp_path / "outputs" / "test-run"
    folder = write_run_output(result, target, command_line=["pm", "run", "x"], created=CREATED)
    assert folder.path == target.absolute()
    assert {p.name for p in target.iterdir()} == EXPECTED_FILES
    assert folder.files[-1] == "manifest.json"
    assert [p.name for p in target.parent.iterdir()] == ["test-run"]  # nothing partial left
    # Tables: leading replication column, identical content in Parquet and CSV.
    for name in ("series", "groups", "sectors"):
        parquet = pd.read_parquet(target / f"{name}.parquet")
        csv = pd.read_csv(target / f"{name}.csv")
        assert parquet.columns[0] == csv.columns[0] == "replication"
        assert len(parquet) == len(csv) == len(getattr(result, name)())
    pd.testing.assert_frame_equal(
        pd.read_parquet(target / "series.parquet"), result.series(), check_dtype=False
    )
    assert (target / "scenario.toml").read_bytes() == result.scenario.source_path.read_bytes()
    summary = pd.read_csv(target / "summary.csv")
    assert {"p5", "p50", "p95", "n_replications"} <= set(summary.columns)
    assert set(summary["year"]) == {2015, 2016}
    groups = pd.read_csv(target / "summary_groups.csv")
    assert set(groups["group"]) == {"female", "male"}


def test_manifest_records_inputs_and_file_hashes(result: FakeRunResult, tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_run_output(result, target, command_line=["pm", "run", "x"], created=CREATED)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["created_utc"] == "2024-05-01T12:30:00Z"
    assert manifest["command_line"] == ["pm", "run", "x"]
    assert manifest["scenario"]["sha256"] == result.scenario.sha256
    assert manifest["scenario"]["path"] == str(result.scenario.source_path)
    assert manifest["region"]["sha256"] == result.region.sha256
    assert manifest["parameters"]["sha256"] == result.parameters.sha256
    assert manifest["replications"] == [
        {"replication": 0, "seed": 7, "seconds": 1.5},
        {"replication": 1, "seed": 8, "seconds": 2.5},
    ]
    assert manifest["seconds_total"] == 4.25
    for key in ("python", "numpy", "pandas", "mesa", "platform"):
        assert manifest["environment"][key]
    assert manifest["package"]["version"]
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) == EXPECTED_FILES - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == _sha(target / name)
        assert entry["bytes"] == (target / name).stat().st_size
    assert manifest["warnings"] == []


def test_drivers_csv_is_written_and_listed(tmp_path: Path) -> None:
    economy = Economy(shift={"gdp_growth": {2016: -1.0}})
    result = make_result(tmp_path, economy=economy)
    target = tmp_path / "out"
    folder = write_run_output(result, target, created=CREATED)
    drivers = pd.read_csv(target / "drivers.csv")
    assert drivers["year"].tolist() == [2015, 2016]  # the run's years: Nov 2015 to Feb 2016
    assert drivers.columns[0] == "year" and drivers.columns[-1] == "basis"
    assert {"gdp_growth", "unemployment_rate", "vacancies", "tightness"} <= set(drivers.columns)
    assert set(drivers["basis"]) == {"observed"}
    expected = economy.driver_path().annual(2015, 2016)
    pd.testing.assert_frame_equal(drivers, expected, check_dtype=False)
    assert drivers.loc[1, "gdp_growth"] == pytest.approx(2.2 - 1.0)  # the scenario's edit, not the file's value
    assert "drivers.csv" in folder.files
    manifest = json.loads((target / "manifest.json").read_text())
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert listed["drivers.csv"]["sha256"] == _sha(target / "drivers.csv")
    assert set(listed) == EXPECTED_FILES - {"manifest.json"} | {"drivers.csv"}


def test_run_without_scenario_file(tmp_path: Path) -> None:
    result = make_result(tmp_path, with_file=False)
    target = tmp_path / "out"
    write_run_output(result, target, created=CREATED)
    assert not (target / "scenario.toml").exists()
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["scenario"]["path"] is None and manifest["scenario"]["sha256"] is None


def test_changed_scenario_file_is_warned_about(result: FakeRunResult, tmp_path: Path) -> None:
    result.scenario.source_path.write_text('name = "edited"\n')
    folder = write_run_output(result, tmp_path / "out", created=CREATED)
    assert len(folder.warnings) == 1 and "changed after it was loaded" in folder.warnings[0]
    manifest = json.loads((folder.path / "manifest.json").read_text())
    assert manifest["warnings"] == list(folder.warnings)


def test_earlier_output_folder_is_replaced_whole(result: FakeRunResult, tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_run_output(result, target, created=CREATED)
    (target / "stale.txt").write_text("from an older run")
    write_run_output(result, target, created=datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert not (target / "stale.txt").exists()
    assert json.loads((target / "manifest.json").read_text())["created_utc"].startswith("2025")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_failure_leaves_old_folder_and_no_partial(
    result: FakeRunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    write_run_output(result, target, created=CREATED)
    before = {p.name: _sha(p) for p in target.iterdir()}

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output, "write_overview", broken)
    with pytest.raises(OSError, match="disk full"):
        write_run_output(result, target, created=datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert {p.name: _sha(p) for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "out"]

    with pytest.raises(OSError):
        write_run_output(result, tmp_path / "fresh", created=CREATED)
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "out"]


def test_refuses_to_replace_unrelated_folders_and_files(
    result: FakeRunResult, tmp_path: Path
) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match="no manifest.json"):
        write_run_output(result, documents, created=CREATED)
    assert (documents / "thesis.docx").read_text() == "precious"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        check_output_target(a_file)
    empty = tmp_path / "empty"
    empty.mkdir()
    write_run_output(result, empty, created=CREATED)
    assert (empty / "manifest.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_git_state_outside_and_inside_a_repository(tmp_path: Path) -> None:
    assert git_state(tmp_path) is None  # not a repository
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    package = repo / "pkg"
    package.mkdir(parents=True)
    (package / "code.py").write_text("x = 1\n")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo, check=True, capture_output=True,
        )

    git("init", "-q")
    assert git_state(package) is None  # no commit yet
    git("add", ".")
    git("commit", "-q", "-m", "first")
    state = git_state(package)
    assert state is not None and len(state["commit"]) == 40 and state["dirty"] is False
    (package / "code.py").write_text("x = 2\n")
    assert git_state(package)["dirty"] is True


def test_every_flow_of_the_series_is_summed_and_documented_as_summed() -> None:
    """The annual rule (flows summed, stocks and rates averaged) knows every flow column the
    model writes, and docs/outputs.md lists each of them under "sum of the monthly values"."""
    import re

    from participation_model.metrics.summary import measure_kind
    from participation_model.model.model import ParticipationModel
    from participation_model.model.results import model_tables

    model = ParticipationModel(scale=0.01, seed=2, end="2014-02")
    model.run_model()
    series = model_tables(model)["series"]
    doc = (Path(__file__).resolve().parents[1] / "docs" / "outputs.md").read_text(encoding="utf-8")
    documented_kind = {}
    for line in doc.splitlines():
        found = re.match(r"\| (`[^|]+`) \| [^|]* \| (stock|flow|rate) \|", line)
        if found:
            documented_kind.update({name: found.group(2) for name in re.findall(r"`([a-z0-9_]+)`", found.group(1))})
    summed_line = next(line for line in doc.splitlines() if line.startswith("| flow | sum of the monthly values"))
    summed = set(re.findall(r"`([a-z0-9_]+)`", summed_line))
    flows = {c for c in series.columns if documented_kind.get(c) == "flow"}
    assert flows and all(measure_kind(c) == "flow" for c in flows)
    assert flows <= summed, sorted(flows - summed)
