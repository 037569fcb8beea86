"""The house rules of the source tree, so a reviewer need not check them by hand.

- Modules stay small enough to read in one sitting: none in the package over about 500 lines
  (:data:`PACKAGE_MAX_LINES`), and none over 500 in the packages split out of long modules
  (scenario/, drivers/) or in reports/.
- The packages split out of a long module keep the one-way import order their docstrings state.
- An output folder holds plotly.js once: its pages share ``plotly.min.js`` (counted by
  plotly's bundle banner across every file of a run folder with its overview and dashboards).

The layers of the whole package and their one-way imports are checked in tests/test_layers.py.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import participation_model.reports as reports
from participation_model.cli import main

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "participation_model"
MAX_LINES = 500
#: "about 500": the cap for every module of the package
PACKAGE_MAX_LINES = 520
REPORTS = Path(reports.__file__).parent
#: The first words of plotly.js's bundle banner (``/** * plotly.js v4.1.1 ...``): one per copy of the library.
BANNER = b"plotly.js v"

#: The packages split out of one long module, each with its modules lowest first: a module may
#: import only the ones before it (each package's ``__init__.py`` says the same in words), and
#: none may be over MAX_LINES.
SPLIT_PACKAGES = {
    "scenario": (
        "limits",
        "problems",
        "fields",
        "objects",
        "region_and_period",
        "economy",
        "parameters",
        "interventions",
        "sweeps",
        "reading",
    ),
    "drivers": ("layout", "dates", "series", "path", "file", "loading"),
}


def line_count(path: Path) -> int:
    """Lines of a text file, as ``wc -l`` counts them.

    Example:
        >>> line_count(Path(__file__)) > 0
        True
    """
    return len(path.read_text(encoding="utf-8").splitlines())


def package_imports(path: Path, package: str) -> set[str]:
    """The modules of ``participation_model.<package>`` that the module at ``path`` imports.

    Example:
        >>> sorted(package_imports(PACKAGE / "scenario" / "fields.py", "scenario"))
        ['limits', 'problems']
    """
    prefix = f"participation_model.{package}."
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(prefix):
            found.add(node.module.removeprefix(prefix).split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(SPLIT_PACKAGES))
def test_no_module_of_a_split_package_is_over_the_limit(package):
    modules = sorted((PACKAGE / package).rglob("*.py"))
    assert modules, f"no modules found under {PACKAGE / package}"
    too_long = {str(p.relative_to(PACKAGE)): line_count(p) for p in modules if line_count(p) > MAX_LINES}
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


@pytest.mark.parametrize("package", sorted(SPLIT_PACKAGES))
def test_a_split_package_imports_downwards_only(package):
    order = SPLIT_PACKAGES[package]
    folder = PACKAGE / package
    assert {p.stem for p in folder.glob("*.py")} - {"__init__"} == set(order)
    for rank, name in enumerate(order):
        upward = package_imports(folder / f"{name}.py", package) - set(order[:rank])
        assert not upward, f"{package}/{name}.py imports {sorted(upward)}, which come after it"


def test_no_module_of_the_package_is_over_about_500_lines():
    sizes = {str(p.relative_to(PACKAGE)): line_count(p) for p in PACKAGE.rglob("*.py")}
    too_long = {name: lines for name, lines in sizes.items() if lines > PACKAGE_MAX_LINES}
    assert not too_long, f"split these modules along their ideas: {too_long}"


def test_no_module_in_reports_is_over_500_lines():
    sizes = {path.relative_to(REPORTS): len(path.read_text(encoding="utf-8").splitlines()) for path in REPORTS.rglob("*.py")}
    too_long = {str(path): lines for path, lines in sizes.items() if lines > MAX_LINES}
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
