"""Dashboards and the what-if app in a real browser (headless Chromium driven by Playwright).

Each test opens a page, waits until its plotly charts have drawn, and fails on any console
error, uncaught exception or dialog (an ``alert`` from injected text would be one). The output
folders are made here by the command line at a tiny scale (the charts, not the numbers, are
under test), so the dashboards are exactly what ``run``, ``compare``, ``sensitivity`` and
``calibrate`` write.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from participation_model.cli import main

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
TINY = ["--scale", "0.02", "--replications", "2", "--quiet"]
CHART = ".js-plotly-plot .main-svg"
DRAW_TIMEOUT_MS = 30_000
RUN_TIMEOUT_MS = 120_000
HOSTILE = "<img src=x onerror=alert(1)>"

PERIOD = 'start = "2014-01"\nend = "2015-12"\nseed = 3\nreplications = 1\n'
BASELINE = 'name = "base"\ndescription = "Short baseline"\n' + PERIOD
HELP = f'name = "help"\ndescription = "Job-search help {HOSTILE}"\n' + PERIOD + """
[[interventions]]
type = "van_werkloosheid_naar_werk"
start = "2014-06"
places_per_year = 300
[interventions.eligibility]
status = ["unemployed"]
age_max = 40
"""
RETRAIN = 'name = "retrain"\ndescription = "Retraining"\n' + PERIOD + """
[[interventions]]
type = "sectorplan_retraining"
start = "2014-04"
places_per_year = 200
target_sectors = ["zorg"]
"""


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """Output folders of every kind, each with its dashboard, made by the command line."""
    root = tmp_path_factory.mktemp("outputs")
    scenarios = root / "scenarios"
    scenarios.mkdir()
    for name, text in (("base", BASELINE), ("help", HELP), ("retrain", RETRAIN)):
        (scenarios / f"{name}.toml").write_text(text, encoding="utf-8")
    out = {k: root / k for k in ("run", "run-nl", "compare", "sensitivity")}
    assert main(["run", str(scenarios / "help.toml"), "--out", str(out["run"]), *TINY]) == 0
    assert main(["run", str(scenarios / "help.toml"), "--out", str(out["run-nl"]), "--lang", "nl", *TINY]) == 0
    assert main(["compare", str(scenarios / "base.toml"), str(scenarios / "help.toml"), str(scenarios / "retrain.toml"),
                 "--year", "2015", "--out", str(out["compare"]), *TINY]) == 0  # fmt: skip
    assert main(["sensitivity", str(scenarios / "base.toml"), "--method", "morris", "--samples", "2", "--no-oat",
                 "--outcome", "netto_participation_15_75@2015", "--executor", "inprocess",
                 "--out", str(out["sensitivity"]), *TINY]) == 0  # fmt: skip
    return {**out, "scenarios": scenarios}


def open_dashboard(page, folder: Path, name: str = "dashboard.html") -> None:
    page.tab.goto((folder / name).as_uri())
    page.tab.wait_for_selector(CHART, timeout=DRAW_TIMEOUT_MS)


def clean(page) -> None:
    assert page.errors == [] and page.dialogs == []


def test_run_dashboard_draws_every_chart_and_switches_the_headline_year(page, folders):
    open_dashboard(page, folders["run"])
    tab = page.tab
    charts = tab.locator(".js-plotly-plot")
    assert charts.count() >= 5
    assert tab.locator(CHART).count() >= 1
    assert tab.get_by_text(HOSTILE).count() >= 1  # the description shows as text, not as an image
    cards = tab.locator("#headline-cards")
    before = cards.inner_text()
    select = tab.locator("#year-select")
    years = select.locator("option").all_inner_texts()
    select.select_option(years[0] if years[-1] in before else years[-1])
    assert cards.inner_text() != before
    assert tab.locator("a[download]").count() >= 3  # the tables, to download
    clean(page)


def test_run_dashboard_in_dutch(page, folders):
    open_dashboard(page, folders["run-nl"], "dashboard-nl.html")
    assert page.tab.locator("html").get_attribute("lang") == "nl"
    assert page.tab.get_by_text("arbeidsparticipatie").count() >= 1
    clean(page)


def test_the_overview_and_the_dashboards_of_a_run_folder_share_its_plotly(page, folders):
    for name in ("overview.html", "dashboard.html"):
        open_dashboard(page, folders["run"], name)  # each loads plotly.min.js next to it
        assert page.tab.locator("#plotly-missing").is_hidden()
    clean(page)


def test_a_page_without_its_plotly_file_says_so(page, folders, tmp_path):
    (tmp_path / "overview.html").write_bytes((folders["run"] / "overview.html").read_bytes())
    page.tab.goto((tmp_path / "overview.html").as_uri())
    page.tab.wait_for_selector("#plotly-missing", state="visible", timeout=DRAW_TIMEOUT_MS)
    assert "plotly.min.js" in page.tab.locator("#plotly-missing").inner_text()
    assert page.dialogs == []  # the charts fail (no plotly), the page says why


def test_comparison_dashboard_switches_scenarios(page, folders):
    open_dashboard(page, folders["compare"])
    tab = page.tab
    select = tab.locator("#scenario-select")
    names = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert set(names) >= {"help", "retrain"}
    for name in names:
        select.select_option(name)
        shown = tab.locator(f"[data-scenario='{name}']").first
        assert shown.is_visible()
        shown.locator(CHART).first.wait_for(timeout=DRAW_TIMEOUT_MS)
        hidden = [other for other in names if other != name]
        assert all(not tab.locator(f"[data-scenario='{o}']").first.is_visible() for o in hidden)
    clean(page)


def test_sensitivity_dashboard_draws(page, folders):
    open_dashboard(page, folders["sensitivity"])
    assert page.tab.locator(".js-plotly-plot").count() >= 1
    clean(page)


def test_calibration_dashboard_draws(page, tmp_path):
    targets = tmp_path / "targets.toml"
    targets.write_text((REPO / "tests" / "data" / "calibration" / "tiny-targets.toml").read_text(), encoding="utf-8")
    work = tmp_path / "work"
    assert main(["calibrate", str(targets), "--out", str(tmp_path / "cal.toml"), "--work", str(work),
                 "--executor", "inprocess", "--quiet"]) == 0  # fmt: skip
    assert main(["dashboard", str(work)]) == 0
    open_dashboard(page, work)
    assert page.tab.locator(".js-plotly-plot").count() >= 2
    clean(page)


# ---------------------------------------------------------------- the live app


@pytest.fixture
def app_url(folders):
    """The what-if app on a free local port, in a background thread."""
    from werkzeug.serving import make_server

    from participation_model.app import create_app

    app = create_app(folders["scenarios"], folders["scenarios"] / "base.toml")
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join(timeout=10)


def pick(tab, label: str) -> None:
    tab.click("#scenario-picker")
    tab.get_by_text(label).first.click()


def test_app_runs_a_what_if_to_completion(page, app_url):
    tab = page.tab
    tab.goto(app_url)
    pick(tab, "help (help.toml)")
    tab.wait_for_selector("#iv-1-places_per_year input", timeout=DRAW_TIMEOUT_MS)
    tab.fill("#iv-1-places_per_year input", "600")
    tab.check("#scale input[value='0.02']")
    tab.fill("#replications", "1")
    tab.click("#run-button")
    tab.wait_for_selector("#progress [data-state='done']", timeout=RUN_TIMEOUT_MS)
    tab.wait_for_selector(f"#charts {CHART}", timeout=DRAW_TIMEOUT_MS)
    assert tab.locator("#charts .js-plotly-plot").count() >= 3
    assert tab.get_by_text(HOSTILE).count() >= 1  # the description, escaped
    clean(page)


def test_app_refuses_invalid_input_like_the_cli(page, app_url):
    tab = page.tab
    tab.goto(app_url)
    pick(tab, "help (help.toml)")
    tab.wait_for_selector("#iv-1-places_per_year input", timeout=DRAW_TIMEOUT_MS)
    tab.fill("#iv-1-places_per_year input", "-5")
    tab.click("#run-button")
    tab.wait_for_selector("#errors li", timeout=DRAW_TIMEOUT_MS)
    assert "places_per_year" in tab.locator("#errors").inner_text()
    assert tab.locator("#progress [data-state='running']").count() == 0
    clean(page)
