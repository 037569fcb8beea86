"""Make the screenshots in docs/screenshots/: every dashboard and the what-if app, in Chromium.

Runs the bundled scenarios through the command line at a reduced scale into a temporary
folder (run, compare, sensitivity; the calibration dashboard comes from the calibration work
folder when it exists), writes their dashboards, serves the what-if app on a free local port
and drives a small what-if to completion, and saves one PNG per page.

Usage (from the repository root, after `pip install -e '.[test]'`):
    python docs/screenshots/make_screenshots.py                    # scale 0.1, 3 replications
    python docs/screenshots/make_screenshots.py --scale 0.25 --chromium /usr/bin/chromium
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VIEWPORT = {"width": 1280, "height": 1600}
DRAW_TIMEOUT_MS = 60_000
CHART = ".js-plotly-plot .main-svg"


def outputs(folder: Path, scale: str, replications: str) -> dict[str, Path]:
    """Run the command line for each kind of output folder (each writes its dashboard)."""
    from participation_model.cli import main

    quick = ["--scale", scale, "--replications", replications, "--quiet"]
    s = ROOT / "scenarios"
    out = {k: folder / k for k in ("run", "compare", "sensitivity")}
    steps = [
        ["run", str(s / "commission-package.toml"), "--out", str(out["run"]), *quick],
        ["compare", str(s / "baseline.toml"), str(s / "sectorplan-retraining.toml"), str(s / "esf-active-inclusion.toml"),
         str(s / "commission-package.toml"), "--out", str(out["compare"]), *quick],
        ["sensitivity", str(s / "commission-package.toml"), "--method", "morris", "--samples", "4", "--no-oat",
         "--out", str(out["sensitivity"]), "--scale", "0.05", "--replications", "1", "--quiet"],
    ]  # fmt: skip
    for argv in steps:
        if main(argv) != 0:
            raise SystemExit(f"failed: participation-model {' '.join(argv)}")
    calibration = ROOT / "outputs" / "calibration" / "oost-groningen"
    if (calibration / "fit.csv").is_file():
        copy = folder / "calibration" / calibration.name  # the name finds its calibrated file
        shutil.copytree(calibration, copy)
        main(["dashboard", str(copy)])
        out["calibration"] = copy
    return out


def shoot(tab, url: str, path: Path) -> None:
    tab.goto(url)
    tab.wait_for_selector(CHART, timeout=DRAW_TIMEOUT_MS)
    tab.wait_for_timeout(500)  # let plotly finish its transitions
    tab.screenshot(path=str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def app_what_if(tab, browser_url: str, path: Path) -> None:
    """Pick the retraining scenario, double its places, run at scale 0.05 and shoot the charts."""
    tab.goto(browser_url)
    tab.click("#scenario-picker")
    tab.get_by_text("sectorplan-retraining").first.click()
    tab.wait_for_selector("#iv-1-places_per_year input", timeout=DRAW_TIMEOUT_MS)
    tab.check("#scale input[value='0.05']")
    tab.fill("#replications", "2")
    tab.click("#run-button")
    tab.wait_for_selector("#progress [data-state='done']", timeout=10 * DRAW_TIMEOUT_MS)
    tab.wait_for_selector(f"#charts {CHART}", timeout=DRAW_TIMEOUT_MS)
    tab.locator("#run-button").scroll_into_view_if_needed()
    tab.evaluate("window.scrollBy(0, -200)")  # the run controls above the first charts
    tab.wait_for_timeout(500)
    tab.screenshot(path=str(path), full_page=False)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="0.1")
    parser.add_argument("--replications", default="3")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from participation_model.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        folders = outputs(Path(tmp), args.scale, args.replications)
        app = create_app(ROOT / "scenarios", ROOT / "scenarios" / "baseline.toml")
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            tab = browser.new_page(viewport=VIEWPORT)
            for kind, folder in folders.items():
                shoot(tab, (folder / "dashboard.html").as_uri(), HERE / f"dashboard-{kind}.png")
            app_what_if(tab, f"http://127.0.0.1:{server.server_port}/", HERE / "app-what-if.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
