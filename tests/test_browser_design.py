"""The design dashboard in a real browser (headless Chromium driven by Playwright).

A tiny design is made by the command line; its dashboard must draw every chart of every tab
without a console error, and user text (the spec's description) must stay text.
"""

from __future__ import annotations


import pytest

from participation_model.cli import main

from design_specs import tiny_spec

pytestmark = pytest.mark.browser

CHART = ".js-plotly-plot .main-svg"
HOSTILE = "<img src=x onerror=alert(1)>"
SPEC = tiny_spec(total=1_000_000, targets=False, description=f"A tiny design {HOSTILE}")


def test_design_dashboard_draws_every_tab(page, tmp_path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "design"
    assert main(["design", str(spec), "--executor", "inprocess", "--out", str(out), "--work", str(tmp_path / "work"), "--quiet"]) == 0
    page.tab.goto((out / "dashboard.html").as_uri())
    assert page.tab.get_by_text("What to fund").count() >= 1
    for key in ("candidates", "robustness", "search"):
        page.tab.click(f"#tab-{key}")
        page.tab.wait_for_selector(f"#panel-{key} {CHART}", timeout=30_000)
    assert page.tab.locator(".js-plotly-plot").count() == 4
    assert HOSTILE in page.tab.inner_text("body")  # shown as text, never run
    assert page.errors == [] and page.dialogs == []
