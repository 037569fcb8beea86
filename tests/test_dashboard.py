"""Static dashboards: every kind of output folder becomes one self-contained page (no browser here).

The folders are made with the public API at a tiny scale (the pages, not the numbers, are under
test): a run with an intervention, a baseline run, a run of the history design from 2008, a
comparison of two scenarios, a Morris sensitivity analysis and a calibration work folder with
its calibrated file (history run from 2013, cold start in 2014). A hostile description,
intervention name and scenario name (``<script>alert(1)</script>``) go through each page.
tests/test_browser.py opens the pages in a real browser.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from participation_model import run_scenario
from participation_model.experiments.compare import compare
from participation_model.tasks.compare import (
    comparison_tables,
    write_comparison,
)
from participation_model.tasks.run import write_run_output
from participation_model.reports.dashboard import (
    DashboardError,
    dashboard_html,
    write_dashboard,
)
from participation_model.reports.dashboard.compare import Section, comparison_sections
from participation_model.reports.dashboard.labels import text
from participation_model.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
TINY = {"start": "2014-01", "end": "2015-06", "scale": 0.02, "replications": 2, "seed": 5}
PROGRAMME = {
    "type": "van_werkloosheid_naar_werk", "name": HOSTILE, "start": "2014-03", "end": "2014-12", "places_per_year": 600,
    "cost_per_participant": 7000, "funding": {"rijk_szw": 0.5, "gemeente": 0.5}, "eligibility": {"status": ["unemployed"]},
}  # fmt: skip
HELP_FILE = f"""name = "help"
description = "Job-search help {HOSTILE}"
start = "2014-01"
end = "2015-06"
scale = 0.02
replications = 2
seed = 5

[[interventions]]
type = "van_werkloosheid_naar_werk"
name = "{HOSTILE}"
start = "2014-03"
end = "2014-12"
places_per_year = 600
cost_per_participant = 7000
funding = {{ rijk_szw = 0.5, gemeente = 0.5 }}
eligibility = {{ status = ["unemployed"] }}
"""
COMMAND = ["participation-model", "test"]
TARGETS = """
[[target]]
name = "unemployment_rate_2014"
value = 8.1
unit = "percent"
year = 2014
kind = "rate"
definition = "unemployed / labour force"
geography = "Oost-Groningen"
source = "CBS via provincie Groningen"
uncertainty = { absolute = 1.0 }

[calibration]
name = "tiny"
start = "2013-01"
end = "2014-12"
seed = 1
replications = 1
scale = 0.02
method = "differential-evolution"
budget = 10
population = 5
baseline_start = "2014-01"
report_end = "2015-06"

[calibration.free."matching.efficiency"]
low = 0.2
high = 2.0
reason = "test"
"""
LINK = re.compile(r'<a href="data:([^;"]+);base64,([^"]*)" download="([^"]+)" data-table="[^"]+">')
CHART_DIV = re.compile(r'<div id="([^"]+)" class="plotly-graph-div"')


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """One output folder of every kind, made with the public API at a tiny scale."""
    root = tmp_path_factory.mktemp("outputs")
    base = scenario_from_dict({"name": "base", "description": "Baseline", **TINY})
    help_ = scenario_from_dict({"name": "help", "description": f"Job-search help {HOSTILE}", **TINY, "interventions": [PROGRAMME]})
    other = scenario_from_dict({"name": "more", "description": "More places", **TINY,
                                "interventions": [{**PROGRAMME, "name": "more places", "places_per_year": 1200}]})  # fmt: skip
    out = {"run": root / "run", "baseline": root / "baseline", "compare": root / "compare", "sensitivity": root / "sensitivity",
           "history": root / "history"}  # fmt: skip
    (root / "help.toml").write_text(HELP_FILE, encoding="utf-8")  # a file, so the run folder keeps its description
    write_run_output(run_scenario(load_scenario(root / "help.toml")), out["run"], command_line=COMMAND)
    write_run_output(run_scenario(base), out["baseline"], command_line=COMMAND)
    history = scenario_from_dict({"name": "history", "start": "2008-01", "end": "2016-12", "scale": 0.02, "replications": 1, "seed": 5})
    write_run_output(run_scenario(history), out["history"], command_line=COMMAND)
    write_comparison(_hostile(compare(base, [help_, other], year=2015)), out["compare"], command_line=COMMAND)
    out["sensitivity"] = _sensitivity(root / "sensitivity")
    out["calibration"] = _calibration(root)
    return out


def _hostile(result):
    """The comparison with the scenario ``help`` renamed to hostile text (as a hand-edited table would be)."""
    result.scenarios = [s.model_copy(update={"name": HOSTILE}) if s.name == "help" else s for s in result.scenarios]
    result.descriptions = {HOSTILE if k == "help" else k: v for k, v in result.descriptions.items()}
    for table in comparison_tables(result).values():
        for column in ("scenario", "versus"):
            if column in table.columns:
                table[column] = table[column].replace("help", HOSTILE)
    return result


def _sensitivity(folder: Path) -> Path:
    """A Morris analysis of three parameters, with the one-at-a-time swings."""
    from participation_model.analysis.sensitivity import (
        one_at_a_time,
        parse_outcome,
        run_sensitivity,
    )
    from participation_model.analysis.uncertainty import Uncertainty, load_uncertainty
    from participation_model.tasks.sensitivity import write_sensitivity

    scenario = scenario_from_dict({"name": "s", "end": "2014-06", "scale": 0.01, "replications": 1, "seed": 4})
    u = load_uncertainty(ROOT / "calibration" / "parameter-uncertainty.toml")
    uncertainty = Uncertainty(u.path, u.sha256, u.parameters[:3])
    outcomes = [parse_outcome("unemployment_rate_15_75@2014")]
    result = run_sensitivity(scenario, uncertainty, method="morris", samples=2, outcomes=outcomes, seed=1)
    oat = one_at_a_time(scenario, uncertainty, outcomes)
    return write_sensitivity(result, oat, scenario, uncertainty, folder, COMMAND)


def _calibration(root: Path) -> Path:
    """A tiny calibration: work folder ``outputs/calibration/tiny`` and ``calibration/calibrated/tiny.toml``."""
    from participation_model.analysis.calibration import calibrate, load_setup
    from participation_model.tasks.calibrate import (
        write_fit_report,
        write_result,
    )
    from participation_model.analysis.evaluators import in_process
    from participation_model.calibrated import load_calibrated

    targets = root / "calibration" / "targets" / "tiny.toml"
    targets.parent.mkdir(parents=True)
    targets.write_text(TARGETS, encoding="utf-8")
    setup = load_setup(targets)
    work = root / "outputs" / "calibration" / "tiny"
    result = calibrate(setup, in_process, work)
    calibrated = write_result(result, root / "calibration" / "calibrated" / "tiny.toml", COMMAND)
    write_fit_report(setup, load_calibrated(calibrated, setup.params), in_process, work)
    return work


@pytest.fixture(scope="module")
def pages(folders) -> dict[str, str]:
    """Each folder's dashboard, written the way the command writes it, and read back."""
    written = {kind: write_dashboard(folders[kind]) for kind in ("run", "baseline", "compare", "sensitivity", "calibration")}
    written["run-nl"] = write_dashboard(folders["run"], lang="nl")
    written["compare-nl"] = write_dashboard(folders["compare"], lang="nl")
    return {kind: path.read_text(encoding="utf-8") for kind, path in written.items()}


def _links(page: str) -> dict[str, tuple[str, bytes]]:
    """Download name -> (MIME type, decoded content) of every embedded table."""
    return {name: (mime, base64.b64decode(content)) for mime, content, name in LINK.findall(page)}


def _panel(page: str, key: str) -> str:
    """The HTML of one tab panel."""
    start = page.index(f'id="panel-{key}"')
    return page[start : page.find('<section role="tabpanel"', start + 1) if '<section role="tabpanel"' in page[start + 1 :] else len(page)]


def _provenance(page: str) -> str:
    return page[page.index('id="provenance"') : page.index("</section>", page.index('id="provenance"'))]


# -- every kind -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["run", "baseline", "compare", "sensitivity", "calibration"])
def test_each_kind_is_one_page_sharing_the_folders_plotly_with_one_plotly_div_per_chart(pages, folders, kind):
    page = pages[kind]
    assert page.startswith("<!DOCTYPE html>") and f'data-dashboard="{kind if kind != "baseline" else "run"}"' in page
    assert get_plotlyjs()[:200] not in page  # plotly.js is not inlined: the page loads the folder's copy
    assert re.findall(r'<script src="([^"]*)"', page) == ["plotly.min.js"]  # next to the page, nothing to fetch: works offline
    assert (folders[kind] / "plotly.min.js").read_text(encoding="utf-8") == get_plotlyjs()
    assert "https://" not in page
    divs = CHART_DIV.findall(page)
    assert len(divs) >= 2 and len(divs) == len(set(divs))
    assert page.count('data-chart="') == len(divs) == page.count("Plotly.newPlot(")
    assert 'role="tablist"' in page and 'data-section="downloads"' in page


def test_the_run_dashboard_has_its_sections_and_the_cbs_targets(pages):
    page = pages["run"]
    for section in ("headline", "trends", "jobs", "drivers", "groups", "sectors", "flows", "programmes", "downloads"):
        assert f'data-section="{section}"' in page and f'id="tab-{section}"' in page
    assert 'data-section="programmes"' not in pages["baseline"]  # no interventions, no programme tab
    assert text("target_marker") in page  # the CBS targets drawn on the charts
    for chart in ("participation", "groups-gemeente", "sector-employment", "flows", "in-programme", "spending-streams",
                  "vacancies", "jobs", "vacancy-flows", "drivers"):  # fmt: skip
        assert f'id="chart-{chart}"' in page
    jobs = _panel(page, "jobs")
    assert 'id="chart-jobs"' in jobs and 'id="chart-vacancy-flows"' in jobs and 'id="chart-vacancies"' not in jobs
    drivers = _panel(page, "drivers")
    assert text("help_drivers") in drivers.replace("&#x27;", "'")
    for name in ("GDP volume growth", "Netherlands (observed)", "region (model)"):  # national series next to the region
        assert name in drivers
    trends = _panel(page, "trends")
    assert "inside the region" in trends and "reachable" not in trends  # the vacancies chart says whose vacancies


def test_the_run_dashboard_draws_the_folder_drivers(folders):
    from participation_model.reports.dashboard.run import drivers_sections, load_run

    run = load_run(folders["run"], json.loads((folders["run"] / "manifest.json").read_text()))
    drivers = pd.read_csv(folders["run"] / "drivers.csv")
    assert run.drivers is not None and run.drivers["year"].tolist() == drivers["year"].tolist() == [2014, 2015]
    figure = drivers_sections(run.drivers, run.series, "nl")[0].figure
    national = next(t for t in figure.data if t.name == "Nederland (waargenomen)" and t.yaxis == "y2")
    assert list(national.y) == pytest.approx(drivers["unemployment_rate"].tolist())
    region = next(t for t in figure.data if t.name == "regio (model)" and t.yaxis == "y2")
    expected = run.series.assign(year=run.series["month"].str[:4].astype(int)).groupby("year")["unemployment_rate_15_75"].mean()
    assert list(region.y) == pytest.approx(expected.tolist())  # annual means over months and replications


def test_an_older_run_folder_has_no_drivers_or_jobs_tab(folders, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(folders["baseline"], old)
    (old / "drivers.csv").unlink()
    series = pd.read_parquet(old / "series.parquet")
    series = series.drop(columns=[c for c in series.columns if c.startswith(("jobs_", "desired_", "incommuter", "vacancies_"))])
    series.to_parquet(old / "series.parquet", index=False)
    series.to_csv(old / "series.csv", index=False)
    page = dashboard_html(old, plotlyjs="")
    for section in ("drivers", "jobs"):
        assert f'data-section="{section}"' not in page and f'id="tab-{section}"' not in page
    assert 'data-section="trends"' in page and 'id="chart-vacancies"' in page  # the rest as before
    assert "drivers.csv" not in _links(page)
    with_drivers = dashboard_html(folders["baseline"], plotlyjs="")
    assert 'data-section="drivers"' in with_drivers and 'data-section="jobs"' in with_drivers


def test_a_history_run_shows_the_targets_of_2008_2014_and_2016(folders):
    from participation_model.reports.dashboard.run import target_points_for, trend_sections

    manifest = json.loads((folders["history"] / "manifest.json").read_text())
    series = pd.read_parquet(folders["history"] / "series.parquet")
    sections = {s.key: s.figure for s in trend_sections(series, target_points_for(manifest))}
    targets = next(t for t in sections["unemployment"].data if t.name == text("target_marker"))
    assert sorted(x.year for x in targets.x) == [2008, 2014, 2016]
    tightness = next(t for t in sections["vacancies"].data if t.name == text("target_marker"))
    assert tightness.yaxis == "y2" and sorted(x.year for x in tightness.x) == [2014, 2016]  # on the tightness panel
    page = dashboard_html(folders["history"], plotlyjs="")
    trends = _panel(page, "trends")
    for name in ("unemployment_rate_2008", "unemployment_rate_2014", "unemployment_rate_2016", "tightness_2014"):
        assert name in trends, name
    drivers = pd.read_csv(folders["history"] / "drivers.csv")
    assert drivers["year"].tolist() == list(range(2008, 2017)) and set(drivers["basis"]) == {"observed"}


def test_the_headline_year_select_embeds_every_simulated_year(pages, folders):
    page = pages["run"]
    assert 'id="year-select"' in page and 'id="headline-cards"' in page
    options = re.findall(r'<option value="(\d{4})"( selected)?>', page)
    assert [y for y, _ in options] == ["2014", "2015"]
    assert [y for y, chosen in options if chosen] == ["2015"]  # 2016 is not simulated: the last year
    data = json.loads(re.search(r'<script type="application/json" id="headline-data">(.*?)</script>', page).group(1))
    summary = pd.read_csv(folders["run"] / "summary.csv")
    ww = summary.query("year == 2014 and measure == 'ww'")["p50"].iloc[0]
    assert data["2014"]["ww"]["value"] == f"{ww:,.0f}"
    assert set(data["2015"]) >= {"netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75", "bijstand"}


@pytest.mark.parametrize("kind", ["run", "compare", "sensitivity", "calibration"])
def test_the_download_links_decode_to_the_folder_files(pages, folders, kind):
    links = _links(pages[kind])
    expected = {
        "run": {"series.csv", "groups.csv", "sectors.csv", "interventions.csv", "summary.csv", "summary_groups.csv",
                "drivers.csv", "gemeente_basis.csv"},
        "compare": {f"{n}.csv" for n in ("effects_monthly", "effects_annual", "scenario_totals", "interventions",
                                          "target_groups", "gemeenten", "probabilities", "public_purse", "cost_effectiveness",
                                          "market", "effect_drivers")} | {"scenario_cards.md"},
        "sensitivity": {"indices.csv", "samples.csv", "noise.csv", "one_at_a_time.csv"},
        "calibration": {"fit.csv", "evaluations.csv", "agreement.csv", "drivers.csv"},
    }[kind]  # fmt: skip
    assert set(links) == expected
    for name, (mime, content) in links.items():
        if name == "evaluations.csv":
            log = (folders[kind] / "evaluations.jsonl").read_text().splitlines()
            assert len(pd.read_csv(pd.io.common.BytesIO(content))) == len(log) - 1  # one row per set tried
        else:
            assert content == (folders[kind] / name).read_bytes(), name
        assert mime == ("text/markdown" if name.endswith(".md") else "text/csv")


@pytest.mark.parametrize("kind", ["run", "compare", "sensitivity"])
def test_provenance_shows_version_seeds_and_date(pages, folders, kind):
    manifest = json.loads((folders[kind] / "manifest.json").read_text())
    provenance = _provenance(pages[kind])
    assert manifest["package"]["version"] in provenance
    seeds = {"run": lambda: [r["seed"] for r in manifest["replications"]], "compare": lambda: manifest["paired"]["replication_seeds"],
             "sensitivity": lambda: [manifest["seed"]]}[kind]()  # fmt: skip
    assert seeds and all(str(seed) in provenance for seed in seeds)
    assert manifest["created_utc"][:10] in provenance and "participation-model test" in provenance


def test_the_calibration_dashboard_reads_its_calibrated_file(pages, folders):
    page = pages["calibration"]
    provenance = _provenance(page)
    assert "tiny.toml" in provenance and "differential-evolution" in provenance and "0.1.0" in provenance
    assert 'id="chart-residuals"' in page and 'id="chart-search"' in page and 'id="chart-fitted"' in page
    assert 'href="fit-report.html"' in page  # the trajectories are in the full report next to it
    assert "unemployment_rate_2014" in _panel(page, "fit").split('data-fit-table="fitted"', 1)[1]  # the fitted table
    assert text("fit_summary", within=0, count=1)[:8] in page and "validation" not in page


def test_the_calibration_work_folder_keeps_the_agreement_and_the_drivers(pages, folders):
    work = folders["calibration"]
    agreement = pd.read_csv(work / "agreement.csv")
    assert list(agreement.columns) == ["year", "measure", "history", "baseline", "difference"]
    assert sorted(set(agreement["year"])) == [2014, 2015]  # the years both designs share
    assert agreement["difference"].tolist() == pytest.approx((agreement["baseline"] - agreement["history"]).tolist())
    drivers = pd.read_csv(work / "drivers.csv")
    assert drivers["year"].tolist() == [2013, 2014, 2015]  # the history run's years, to report_end
    assert {"gdp_growth", "unemployment_rate", "basis", "region_unemployment_rate_15_75", "region_tightness"} <= set(drivers.columns)
    page = pages["calibration"]
    for section in ("agreement", "drivers"):
        assert f'data-section="{section}"' in page
    agreement_tab = _panel(page, "agreement")
    assert "A cold start in 2014 builds the population from the region" in agreement_tab and 'id="chart-agreement"' in agreement_tab
    assert agreement_tab.count('<tr><th scope="row">') == 2 and "unemployment rate 15-75" in agreement_tab
    assert 'id="chart-drivers"' in _panel(page, "drivers")
    report = (work / "fit-report.html").read_text(encoding="utf-8")
    assert "A cold start against the history run" in report and 'id="chart-drivers"' in report
    assert "calibrated, from 2013-01" in report and "calibrated, cold start in 2014-01" in report  # both designs' trajectories


def test_the_calibration_dashboard_shows_kept_back_targets_apart_and_escapes(folders, tmp_path):
    import shutil

    work = tmp_path / "tiny"
    shutil.copytree(folders["calibration"], work)
    fit = pd.read_csv(work / "fit.csv")
    kept = fit.iloc[[0]].assign(target="tightness_2016", label=f"tightness {HOSTILE}", status="kept back", z=-0.4,
                                within=True, explanation=HOSTILE)  # fmt: skip
    pd.concat([fit, kept], ignore_index=True).to_csv(work / "fit.csv", index=False)
    agreement = pd.read_csv(work / "agreement.csv")
    agreement.assign(measure=agreement["measure"].where(agreement.index > 0, HOSTILE)).to_csv(work / "agreement.csv", index=False)
    for lang in ("en", "nl"):
        page = dashboard_html(work, lang, plotlyjs="")
        assert HOSTILE not in page and "\\u003cscript" not in page and ESCAPED in page
        fit_tab = _panel(page, "fit")
        kept_section = fit_tab.split('data-fit-table="kept-back"', 1)[1].split("</section>", 1)[0]
        assert text("kept_back_targets", lang) in kept_section and "tightness_2016" in kept_section
        assert "tightness_2016" not in fit_tab.split('data-fit-table="fitted"', 1)[1].split("</section>", 1)[0]
        assert text("kept_summary", lang, within=1, count=1) in fit_tab
    assert "Gekalibreerd: " in dashboard_html(work, "nl", plotlyjs="")


def test_the_sensitivity_dashboard_has_the_ranking_and_the_tornado(pages):
    page = pages["sensitivity"]
    assert 'id="chart-ranking-0"' in page and 'id="chart-oat-0"' in page
    assert "matching.efficiency" in page and "mu*" in page


# -- the comparison ---------------------------------------------------------------------------


def test_the_comparison_dashboard_has_a_view_per_scenario(pages):
    page = pages["compare"]
    values = re.findall(r'<option value="([^"]*)"', page)
    assert values == ["*", "&lt;script&gt;alert(1)&lt;/script&gt;", "more"]
    views = re.findall(r'data-scenario="([^"]*)"', page)
    assert set(views) == set(values) and len(views) == len(values) * 7  # six chart tabs and the cards
    for section in ("effects", "costs", "gross-net", "who-gains", "probabilities", "public-purse", "cards", "downloads"):
        assert f'data-section="{section}"' in page
    assert 'id="chart-effects-all"' in page and 'id="chart-cost-effectiveness-1"' in page and 'id="chart-probabilities-2"' in page
    assert 'id="chart-public-purse-2"' in page and "public_purse.csv" in page  # the account: chart, tables, download
    assert "<h2>Scenario cards: against base</h2>" in page  # the cards, rendered


def test_a_comparison_folder_written_before_the_public_purse_still_makes_its_dashboard(folders, tmp_path):
    import shutil

    old = tmp_path / "old-compare"
    shutil.copytree(folders["compare"], old)
    for suffix in (".parquet", ".csv"):
        (old / f"public_purse{suffix}").unlink()
    page = write_dashboard(old).read_text(encoding="utf-8")
    purse = _panel(page, "public-purse")
    assert text("no_data", "en") in purse and "public_purse.csv" not in page


def test_comparison_sections_build_from_the_tables_alone(folders):
    tables = {name: pd.read_parquet(folders["compare"] / f"{name}.parquet") for name in
              ("effects_monthly", "effects_annual", "scenario_totals", "interventions", "target_groups", "gemeenten", "probabilities")}  # fmt: skip
    sections = comparison_sections(tables, "nl")  # a folder written before the public purse and the cost table
    assert [s.key for s in sections] == ["effects", "gross-net", "instruments", "deadweight",
                                         "target-groups", "gemeenten", "probabilities"]  # fmt: skip
    ratios = pd.read_parquet(folders["compare"] / "cost_effectiveness.parquet")
    with_costs = comparison_sections({**tables, "cost_effectiveness": ratios}, "nl")
    assert [s.key for s in with_costs][:2] == ["effects", "cost-effectiveness"]  # costs come from their one table
    with_purse = comparison_sections({**tables, "public_purse": pd.read_parquet(folders["compare"] / "public_purse.parquet")}, "nl")
    assert [s.key for s in with_purse][-1] == "public-purse" and with_purse[-1].title == "Nettokosten per betaler"
    assert all(isinstance(s, Section) and isinstance(s.figure, go.Figure) and s.title and s.help for s in sections)
    assert sections[0].title == "Effect op netto arbeidsparticipatie 15-75"
    with pytest.raises(AttributeError):
        sections[0].key = "x"  # frozen
    heatmap = sections[-1].figure.data[0]
    assert list(heatmap.y) == [ESCAPED, "more"]  # names escaped for plotly too
    one = comparison_sections({name: t[t["scenario"] == "more"] for name, t in tables.items()}, scenarios=[HOSTILE, "more"])
    assert [t.name for t in one[0].figure.data] == ["more (5-95%)", "more"]
    assert comparison_sections({}) == []


def test_the_comparison_folder_keeps_the_baseline_drivers(folders):
    drivers = pd.read_csv(folders["compare"] / "drivers.csv")
    assert set(drivers["scenario"]) == {"base"}  # the scenarios' drivers are the baseline's
    assert drivers["year"].tolist() == [2014, 2015] and drivers.columns[0] == "scenario"
    manifest = json.loads((folders["compare"] / "manifest.json").read_text())
    assert "drivers.csv" in {entry["name"] for entry in manifest["files"]}


def test_comparison_tables_are_the_folder_files(folders):
    written = sorted(p.stem for p in folders["compare"].glob("*.parquet"))
    base = scenario_from_dict({"name": "b", "end": "2014-03", "scale": 0.01, "replications": 1})
    assert sorted(comparison_tables(compare(base, [base.model_copy(update={"name": "c"})], year=2014))) == written


# -- escaping and languages -------------------------------------------------------------------


def test_hostile_scenario_text_is_escaped_everywhere(folders, tmp_path):
    import shutil

    run = tmp_path / "run"
    shutil.copytree(folders["run"], run)
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["scenario"]["name"] = HOSTILE
    (run / "manifest.json").write_text(json.dumps(manifest))
    for folder in (run, folders["compare"]):
        for lang in ("en", "nl"):
            page = dashboard_html(folder, lang, plotlyjs="")
            assert HOSTILE not in page and "<script>alert" not in page
            assert "\\u003cscript" not in page  # not even raw inside the charts' JSON
            assert ESCAPED in page  # shown as text
    page = dashboard_html(run, plotlyjs="")
    assert f"<h1>{ESCAPED}</h1>" in page and f"Job-search help {ESCAPED}" in page


def test_dutch_labels_with_lang_nl(pages, folders):
    page = pages["run-nl"]
    assert (folders["run"] / "dashboard-nl.html").is_file() and (folders["run"] / "dashboard.html").is_file()
    assert '<html lang="nl"' in page and '<html lang="en"' in pages["run"]
    for words in ("netto arbeidsparticipatie", "werkloosheid", "bijstand", "Tabellen downloaden", "Herkomst van de cijfers",
                  "Groepen en gemeenten", "Uitgaven per interventie en financieringsbron"):  # fmt: skip
        assert words in page, words
    assert "Kosteneffectiviteit" in pages["compare-nl"] and "Meeneemeffect" in pages["compare-nl"]
    assert '"separators":",."' in page.replace(" ", "")  # Dutch decimal comma in the charts


def test_an_unknown_language_is_refused_before_anything_is_written(folders):
    before = sorted(p.name for p in folders["baseline"].iterdir())
    with pytest.raises(DashboardError, match=r"unknown language 'de'; allowed: en, nl"):
        write_dashboard(folders["baseline"], lang="de")
    with pytest.raises(DashboardError, match="allowed: en, nl"):
        text("headline", "fr")
    assert sorted(p.name for p in folders["baseline"].iterdir()) == before


# -- folders that are not output folders ------------------------------------------------------


def test_a_folder_that_is_not_an_output_folder_gives_a_clear_error(tmp_path, folders):
    with pytest.raises(DashboardError, match=rf"{re.escape(str(tmp_path))}: not an output folder.*allowed: .*run, compare, sensitivity or design"):
        write_dashboard(tmp_path)
    with pytest.raises(DashboardError, match="no such folder"):
        write_dashboard(tmp_path / "missing")
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "participation-model-batch/1"}))
    with pytest.raises(DashboardError, match="has no dashboard; allowed: participation-model-output/1"):
        write_dashboard(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(DashboardError, match="not a readable manifest"):
        write_dashboard(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text((folders["baseline"] / "manifest.json").read_text())
    with pytest.raises(DashboardError, match=r"not a complete run folder: series.parquet or series.csv is missing"):
        write_dashboard(broken)
    assert sorted(p.name for p in broken.iterdir()) == ["manifest.json"]


def test_writing_leaves_no_partial_file(folders, tmp_path, monkeypatch):
    import shutil

    from participation_model.reports import plotlyjs as plotly_module

    folder = tmp_path / "baseline"
    shutil.copytree(folders["baseline"], folder)
    (folder / "dashboard.html").write_text("old page")
    before = sorted(p.name for p in folder.iterdir())

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(plotly_module.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_dashboard(folder)
    assert sorted(p.name for p in folder.iterdir()) == before  # no temporary file left
    assert (folder / "dashboard.html").read_text() == "old page"  # the earlier page is kept
    monkeypatch.undo()
    (folder / "groups.parquet").unlink()
    (folder / "groups.csv").unlink()
    with pytest.raises(DashboardError, match="groups"):
        write_dashboard(folder)
    assert (folder / "dashboard.html").read_text() == "old page"
