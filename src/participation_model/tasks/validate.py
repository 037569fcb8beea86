"""The ``validate`` task: check a scenario file without running it.

Everything the run would check before the model starts: the file itself (keys, values,
interventions, economy, sweep; :mod:`participation_model.scenario`), and whether the calibrated
file it names was made with today's targets, parameter and region files (a warning, not an
error: the scenario still runs).

Example:
    >>> checked = validate("scenarios/baseline.toml")  # doctest: +SKIP
    >>> checked.scenario.name, checked.warnings        # doctest: +SKIP
    ('baseline', ())
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from participation_model.scenario import Scenario
from participation_model.tasks.common import calibration_warnings, load_scenario_with_flags


@dataclass(frozen=True)
class Validated:
    """A scenario that passed every check, and what the user should know about it."""

    scenario: Scenario
    warnings: tuple[str, ...]


def validate(path: str | Path) -> Validated:
    """Load and check ``path``; raises TaskInputError naming the file, the key and what is allowed."""
    scenario = load_scenario_with_flags(path)
    return Validated(scenario, tuple(calibration_warnings(scenario)))
