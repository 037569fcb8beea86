"""The house rules of the source tree: modules stay small enough to read in one sitting, and
the packages split out of a long module keep the one-way import order their docstrings state."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "participation_model"
MAX_LINES = 500

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
