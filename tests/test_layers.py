"""The house has one-way stairs: a layer imports only from the layers below it.

The layers, lowest first (docs/architecture.md draws them):

0. utilities: numbers, tomlfile, months, codes, measure_catalogue, progress, provenance, shipped, terminal
1. data: params, region, drivers, calibrated, gemeenten, gemeente_shares, public_finance
2. core and plug-ins: model, interventions, metrics
3. scenario files: scenario, schema
4. experiments (runs, executors, paired runs)
5. analysis (sensitivity, calibration search, effect curves)
6. reports (pages, cards, dashboards)
7. tasks (one module per user task; writes the folders)
8. front ends: cli, app, __main__

Inside the core, the model takes ready plug-ins: it imports nothing from interventions
(the scenario layer builds them), and metrics import only utilities. The package root
(``participation_model/__init__.py``) is the public facade and may import any layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "participation_model"

LAYERS: dict[str, int] = {
    "numbers": 0, "tomlfile": 0, "months": 0, "codes": 0, "progress": 0, "provenance": 0, "terminal": 0, "measure_catalogue": 0, "shipped": 0,
    "params": 1, "region": 1, "gemeenten": 1, "gemeente_shares": 1, "drivers": 1, "calibrated": 1, "public_finance": 1,
    "model": 2, "interventions": 2, "metrics": 2,
    "scenario": 3, "schema": 3,
    "experiments": 4,
    "analysis": 5,
    "reports": 6,
    "tasks": 7,
    "cli": 8, "app": 8, "__main__": 8,
}  # fmt: skip

#: imports inside layer 2 that would make the core and its plug-ins know each other
FORBIDDEN_INSIDE_CORE = {("model", "interventions"), ("metrics", "model"), ("metrics", "interventions")}


def _imports(path: Path) -> list[tuple[str, int]]:
    """(top-level module of participation_model imported, line) for every import in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module == "participation_model":
            names = [f"participation_model.{alias.name}" for alias in node.names if alias.name in LAYERS]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "participation_model" and len(parts) > 1:
                found.append((parts[1], node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def _layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_every_module_has_a_layer() -> None:
    unknown = sorted({_layer_of(p) for p in _modules()} - set(LAYERS))
    assert not unknown, f"add {unknown} to LAYERS in tests/test_layers.py and to the picture in docs/architecture.md"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_house(path: Path) -> None:
    own = _layer_of(path)
    upward = [
        f"line {line}: {own} (layer {LAYERS[own]}) imports {target} (layer {LAYERS.get(target)})"
        for target, line in _imports(path)
        if target != own and (LAYERS.get(target, 99) > LAYERS[own] or (own, target) in FORBIDDEN_INSIDE_CORE)
    ]
    assert not upward, f"{path.relative_to(PACKAGE)} imports up the house:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule itself can fail: an import of the tasks from the model is caught."""
    module = tmp_path / "model.py"
    module.write_text("from participation_model.tasks.run import write_run_output\nfrom participation_model import reports, __version__\n", encoding="utf-8")
    assert [(t, LAYERS[t] > LAYERS["model"]) for t, _ in _imports(module)] == [("tasks", True), ("reports", True)]
