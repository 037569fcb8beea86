"""Which scenario files the what-if app offers, read the way the command line reads them.

The picker offers the ``.toml`` files of the scenarios folder (the baseline itself excluded)
that have ``[[interventions]]`` blocks, plus those without interventions that the baseline
pairs with (same period, region and calibration, e.g. an economy-only scenario). A file the
command line would reject is offered too, marked, so that the analyst sees why it does not run
instead of wondering where it went.

Example:
    >>> from participation_model.scenario import load_scenario
    >>> baseline = load_scenario("scenarios/baseline.toml")            # doctest: +SKIP
    >>> [e.file for e in discover(Path("scenarios"), baseline)][:2]     # doctest: +SKIP
    ['brug-ww.toml', 'commission-package.toml']
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from participation_model.experiments.paired import check_pairable
from participation_model.scenario import Scenario, ScenarioError, load_scenario

SCENARIO_SUFFIX = ".toml"


@dataclass(frozen=True)
class ScenarioEntry:
    """One file the picker offers.

    Attributes:
        file: the file name within the scenarios folder; the picker's value, and the only
            thing a browser sends back, so a request can never name a file outside the folder.
        path: the file as the app was told about it (folder / file), used as the ``source`` of
            ``scenario_from_dict`` so messages name it as the command line would.
        name: the scenario's ``name`` (the file stem when the file cannot be read).
        description: the scenario's ``description`` ("" when absent or unreadable).
        problem: the command line's error text when the file cannot be loaded, else None.

    Example:
        >>> ScenarioEntry("x.toml", Path("s/x.toml"), "x", "", None).label()
        'x (x.toml)'
        >>> ScenarioEntry("y.toml", Path("s/y.toml"), "y", "", "s/y.toml: ...").label()
        'y (y.toml) - has errors'
    """

    file: str
    path: Path
    name: str
    description: str
    problem: str | None

    def label(self) -> str:
        """The picker's text: the scenario name and its file, marked when it has errors."""
        text = f"{self.name} ({self.file})"
        return f"{text} - has errors" if self.problem else text


def read_scenario_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML of a scenario file; a file the CLI cannot read raises the CLI's error.

    The app edits the parsed table and validates it with ``scenario_from_dict``; reading and
    syntax errors are produced by ``load_scenario`` itself, so their text is the CLI's.

    Example:
        >>> read_scenario_toml(Path("no/such.toml"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        participation_model.scenario.ScenarioError: no/such.toml: file not found (looked for ...)
    """
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        load_scenario(path)  # raises the ScenarioError the command line would print
        raise


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes: the app notices a file edited after it was picked.

    Example:
        >>> len(file_sha256(Path("pyproject.toml")))  # doctest: +SKIP
        64
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def discover(scenarios_dir: Path, baseline: Scenario) -> list[ScenarioEntry]:
    """The picker's scenarios, sorted by file name (see the module docstring for which).

    Example:
        >>> from participation_model.scenario import load_scenario
        >>> entries = discover(Path("scenarios"), load_scenario("scenarios/baseline.toml"))  # doctest: +SKIP
        >>> "sectorplan-retraining.toml" in [e.file for e in entries]                       # doctest: +SKIP
        True
    """
    baseline_file = baseline.source_path.resolve() if baseline.source_path else None
    entries = []
    for path in sorted(scenarios_dir.glob(f"*{SCENARIO_SUFFIX}")):
        if not path.is_file() or path.resolve() == baseline_file:
            continue
        entry = _entry(path, baseline)
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(path: Path, baseline: Scenario) -> ScenarioEntry | None:
    """The picker entry for one file, or None when it has no interventions and does not pair."""
    try:
        data = read_scenario_toml(path)
        scenario = load_scenario(path)
    except ScenarioError as error:
        return ScenarioEntry(path.name, path, path.stem, "", str(error))
    entry = ScenarioEntry(path.name, path, scenario.name, scenario.description, None)
    if data.get("interventions"):
        return entry
    paired = scenario.with_overrides(seed=baseline.seed, replications=baseline.replications, scale=baseline.scale)
    try:
        check_pairable(baseline, paired)
    except ValueError:
        return None
    return entry
