"""House rules of the code base that a reviewer should not have to check by hand.

- Every module in ``reports/`` stays readable: at most about 500 lines (``dashboard/labels.py``,
  the catalogue of words in two languages, is the exception).
- An output folder holds plotly.js once: its pages share ``plotly.min.js`` (counted by
  plotly's bundle banner across every file of a run folder with its overview and dashboards).
"""

from __future__ import annotations

import json
from pathlib import Path

import participation_model.reports as reports
from participation_model.cli import main

REPORTS = Path(reports.__file__).parent
#: The first words of plotly.js's bundle banner (``/** * plotly.js v4.1.1 ...``): one per copy of the library.
BANNER = b"plotly.js v"
MAX_LINES = 500
EXEMPT = {Path("dashboard/labels.py")}


def test_no_module_in_reports_is_over_500_lines():
    sizes = {path.relative_to(REPORTS): len(path.read_text(encoding="utf-8").splitlines()) for path in REPORTS.rglob("*.py")}
    too_long = {str(path): lines for path, lines in sizes.items() if lines > MAX_LINES and path not in EXEMPT}
    assert too_long == {}, f"split these modules along their ideas: {too_long}"


def test_a_run_folder_holds_plotly_js_once(tmp_path: Path):
    scenario = tmp_path / "tiny.toml"
    scenario.write_text('name = "tiny"\nstart = "2014-01"\nend = "2014-12"\nseed = 3\n', encoding="utf-8")
    folder = tmp_path / "run"
    assert main(["run", str(scenario), "--replications", "1", "--scale", "0.02", "--out", str(folder), "--quiet"]) == 0
    assert main(["dashboard", str(folder), "--lang", "nl"]) == 0  # a second dashboard shares the same copy
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert pages == ["dashboard-nl.html", "dashboard.html", "overview.html"]
    copies = {p.name: p.read_bytes().count(BANNER) for p in folder.iterdir() if p.is_file()}
    assert sum(copies.values()) == 1 and copies["plotly.min.js"] == 1, copies
    for page in pages:
        assert '<script src="plotly.min.js"' in (folder / page).read_text(encoding="utf-8")
    listed = {entry["name"] for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert "plotly.min.js" in listed  # written with the overview, before the manifest
