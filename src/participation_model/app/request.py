"""Turn the app's controls into a checked comparison request, exactly as the command line does.

``participation-model compare BASELINE SCENARIO --scale F --replications N --year Y`` loads
the baseline with the flags applied, gives the scenario the baseline's seed, replications and
scale, refuses a scenario named like the baseline, refuses files that do not pair, and refuses
a year outside the simulated period. :func:`build_request` does the same steps in the same
order, with the scenario built by ``scenario_from_dict`` from the edited file
(``source`` = the scenario file, so relative paths and messages are the file's). Any problem
raises :class:`InputError` with the lines the command line would print; nothing runs then.

Example:
    >>> build_request(Path("scenarios/baseline.toml"), Path("scenarios/brug-ww.toml"),
    ...               {"name": "brug-ww"}, scale=0, replications=1, year=2018)  # doctest: +SKIP
    Traceback (most recent call last):
    ...
    InputError: controls: key 'scale': got 0; allowed: a number above 0 and at most 20 ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from participation_model.tasks import TaskInputError, compare
from participation_model.numbers import finite_number
from participation_model.scenario import (
    COMMAND_LINE,
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_from_dict,
)

CONTROLS_LABEL = "controls"  # names the scale and replications controls in messages
# What the controls offer is all the app runs: a request crafted by hand cannot ask for more
# (scale 20 x 10,000 replications would hold the app's only run slot for weeks). Scale choices:
# 0.02 is a smoke test (seconds; too noisy to read), 0.05-0.25 are for exploring
# (docs/scenario-reference.md: small scales are for exploration only), 1.0 is the scale of
# reported figures; larger comparisons belong on the command line.
SCALE_CHOICES = (0.02, 0.05, 0.1, 0.25, 1.0)
MAX_REPLICATIONS = 100  # the replications control's ceiling (docs/app.md)
DEFAULT_YEAR = 2018  # the default of ``compare --year``


class InputError(Exception):
    """Input the app refuses to run, with one line per problem (the command line's text).

    Example:
        >>> print(InputError(["a: one", "b: two"]))
        a: one
        b: two
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class RunRequest:
    """A checked what-if: run ``scenario`` against ``baseline``, paired, and report ``year``."""

    baseline: Scenario
    scenario: Scenario
    year: int

    def describe(self) -> str:
        """One line for the progress area.

        Example:
            >>> from participation_model.scenario import scenario_from_dict
            >>> s = scenario_from_dict({"name": "b", "replications": 2, "scale": 0.1})
            >>> RunRequest(s, s.model_copy(update={"name": "x"}), 2018).describe()
            'x against b: 2 paired replications at scale 0.1, 2014-01 to 2025-12'
        """
        s = self.scenario
        return f"{s.name} against {self.baseline.name}: {s.replications} paired replications at scale {s.scale:g}, {s.start} to {s.end}"


def build_request(
    baseline_path: Path, scenario_path: Path, data: Mapping[str, Any], *, scale: float | None, replications: int | None, year: int | None
) -> RunRequest:
    """Check the edited scenario and the run settings the way ``compare_command`` does.

    ``scale`` and ``replications`` play the flags ``--scale`` and ``--replications`` (None:
    not given, the baseline file's value); ``year`` plays ``--year`` (None: the CLI's default).

    Raises:
        InputError: with the ScenarioError lines (scenario or baseline), the pairing, naming
            or year message of the command line, or a setting outside what the controls offer.
    """
    check_controls(scale=scale, replications=replications, year=year)
    chosen = DEFAULT_YEAR if year is None else int(year)
    try:
        baseline = _overridden(load_scenario(baseline_path), scale=scale, replications=replications)
        edited = scenario_from_dict(data, source=scenario_path)
    except ScenarioError as error:
        raise InputError(str(error).splitlines()) from None
    try:  # the pairing and the checks of the `compare` task, written once; nothing is written here
        prepared = compare.prepare(baseline, [edited], year=chosen, year_label="year", check_folder=False)
    except TaskInputError as error:
        raise InputError(str(error).splitlines() if error.located else [error.text()]) from None
    baseline, scenario = prepared.baseline, prepared.scenarios[0]
    return RunRequest(baseline, scenario, chosen)



def check_controls(*, scale: Any, replications: Any, year: Any) -> None:
    """The run settings must be what the controls offer (None: not given, the file's value).

    Example:
        >>> check_controls(scale=20, replications=1, year=2018)
        Traceback (most recent call last):
        ...
        participation_model.app.request.InputError: controls: key 'scale': got 20; allowed: one of 0.02, 0.05, 0.1, 0.25, 1 (the app's choices; larger runs belong on the command line)
    """
    lines = []
    if scale is not None and (finite_number(scale) is None or float(scale) not in SCALE_CHOICES):
        allowed = ", ".join(f"{c:g}" for c in SCALE_CHOICES)
        lines.append(f"{CONTROLS_LABEL}: key 'scale': got {shown_value(scale)}; allowed: one of {allowed} (the app's choices; larger runs belong on the command line)")
    count = finite_number(replications, whole=True)
    if replications is not None and (count is None or not 1 <= count <= MAX_REPLICATIONS):
        lines.append(f"{CONTROLS_LABEL}: key 'replications': got {shown_value(replications)}; allowed: a whole number from 1 to {MAX_REPLICATIONS} (the app's ceiling; the command line allows more)")
    if year is not None and finite_number(year, whole=True) is None:
        lines.append(f"{CONTROLS_LABEL}: key 'year': got {shown_value(year)}; allowed: a year of the comparison, e.g. {DEFAULT_YEAR}")
    if lines:
        raise InputError(lines)


def shown_value(value: Any) -> str:
    """A user's value in a message: short, on one line, without terminal control characters.

    Example:
        >>> shown_value("2018; drop"), shown_value(0.5), shown_value("x" * 50)
        ("'2018; drop'", '0.5', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...")
    """
    text = repr(value) if isinstance(value, str) else str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 40 else text[:37] + "..."


def _overridden(baseline: Scenario, *, scale: float | None, replications: int | None) -> Scenario:
    """The baseline with the controls applied as ``with_overrides`` applies the flags.

    Its messages say ``command line: key '--scale'``; in the app they name the control.

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> _overridden(default_scenario(), scale=-1, replications=None)
        Traceback (most recent call last):
        ...
        participation_model.scenario.ScenarioError: controls: key 'scale': got -1; allowed: a number above 0 and at most 20 (1.0 = one simulated person per resident)
    """
    try:
        return baseline.with_overrides(replications=replications, scale=scale)
    except ScenarioError as error:
        if error.file != COMMAND_LINE:
            raise
        problems = [dataclasses.replace(p, key=(p.key or "").lstrip("-")) for p in error.problems]
        raise ScenarioError(CONTROLS_LABEL, problems) from None


def year_choices(start: str, end: str) -> list[int]:
    """The years a comparison can report on: the simulated years.

    Example:
        >>> year_choices("2014-01", "2016-06")
        [2014, 2015, 2016]
    """
    return list(range(int(start[:4]), int(end[:4]) + 1))


def default_year(years: list[int]) -> int | None:
    """The CLI's default year when simulated, else the last simulated year.

    Example:
        >>> default_year([2014, 2015]), default_year(list(range(2014, 2026)))
        (2015, 2018)
    """
    if not years:
        return None
    return DEFAULT_YEAR if DEFAULT_YEAR in years else years[-1]
