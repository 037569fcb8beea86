"""Scenario files: read a TOML file, check every key, and return an immutable ``Scenario``.

A scenario says which region and period to simulate, how many replications to run with which
seed, at what scale, with which parameter overrides, economic assumptions and interventions.
Analysts write it by hand, so everything is checked before any simulation starts, and all
problems in a file are reported together, each naming the file, the dotted key, the value found
and what is allowed::

    scenarios/x.toml: key 'replications': got -3; allowed: a whole number from 1 to 10000

Keys are cross-checked against the region data (locations, sectors, years), the national
drivers file (series, paths, years and ranges of ``[economy]`` edits) and the parameter set
(names and bounds). The returned ``Scenario`` is frozen, so every run gets
its own spec that nothing can change afterwards; command-line flags go through
``Scenario.with_overrides``, which re-validates.

Example:
    >>> scenario = load_scenario("scenarios/baseline.toml")   # doctest: +SKIP
    >>> scenario.months(), scenario.replications                # doctest: +SKIP
    (144, 10)
    >>> quick = scenario.with_overrides(replications=2, scale=0.1)   # doctest: +SKIP

The full list of keys is in ``docs/scenario-reference.md``.

The package, one idea per module (each imports only the ones above it in this list):

- ``limits``: the keys, the values of absent keys, the limits of numbers;
- ``problems``: ``Problem``, ``ScenarioError`` and the wording of messages;
- ``fields``: checks of single values (numbers, seed, replications, scale, name);
- ``objects``: the frozen ``Scenario``, ``Economy``, ``InterventionSpec`` and ``Sweep``;
- ``region_and_period``, ``economy``, ``parameters``, ``interventions``, ``sweeps``: the checks
  of each part of a scenario file;
- ``reading``: ``load_scenario``, ``scenario_from_dict``, ``default_scenario`` (parses the file
  and hands each key to the check of its part).

Everything other code imports is re-exported here: import from ``participation_model.scenario``.
"""

from __future__ import annotations

from participation_model.scenario.limits import (
    ALLOWED_MONTH,
    ALLOWED_NAME,
    ALLOWED_REPLICATIONS,
    ALLOWED_SCALE,
    ALLOWED_SEED,
    COMMAND_LINE,
    DEFAULT_DRIVERS,
    DEFAULT_ECONOMY_PATH,
    DEFAULT_END,
    DEFAULT_REGION,
    DEFAULT_REPLICATIONS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DEFAULT_START,
    ECONOMY_KEYS,
    EDIT_KEYS,
    MAX_NAME_LENGTH,
    MAX_REPLICATIONS,
    MAX_SCALE,
    MAX_SECTOR_TREND,
    MAX_SWEEP_POINTS,
    MONTH_PATTERN,
    NAME_PATTERN,
    REMOVED_ECONOMY_KEYS,
    SAMPLE_KEYS,
    SAMPLE_METHODS,
    SWEEP_KEYS,
    TOP_LEVEL_KEYS,
)
from participation_model.scenario.objects import (
    INTERVENTION_KEY,
    Economy,
    InterventionSpec,
    Scenario,
    Sweep,
    is_intervention_key,
    with_intervention_option,
)
from participation_model.scenario.problems import MISSING, Problem, ScenarioError
from participation_model.scenario.reading import default_scenario, load_scenario, scenario_from_dict

__all__ = [
    "DEFAULT_REGION",
    "Economy",
    "InterventionSpec",
    "Problem",
    "Scenario",
    "ScenarioError",
    "Sweep",
    "default_scenario",
    "load_scenario",
    "scenario_from_dict",
]
