"""What every task shares: the input error, loading a scenario with the run flags, calibration warnings.

Example:
    >>> str(TaskInputError("--samples 1: allowed: at least 2"))
    '--samples 1: allowed: at least 2'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from participation_model.scenario import Scenario


class TaskInputError(Exception):
    """A problem with a task's inputs, found before anything ran or was written.

    The message names the file or flag, the key and what is allowed. ``located`` is true when
    the message starts with its own location (``scenarios/x.toml: key ...``, a scenario,
    targets or evidence file problem); otherwise a front end shows it after ``error:``.

    Example:
        >>> TaskInputError("--port 0: allowed: 1 to 65535").located
        False
    """

    def __init__(self, message: str, *, located: bool = False) -> None:
        super().__init__(message)
        self.located = located

    def text(self) -> str:
        """The line a front end prints: ``error: ...`` unless the message is located already.

        Example:
            >>> TaskInputError("x.toml: key 'seed': got -1", located=True).text()
            "x.toml: key 'seed': got -1"
            >>> TaskInputError("--workers must be at least 1").text()
            'error: --workers must be at least 1'
        """
        return str(self) if self.located else f"error: {self}"


def located(error: Exception) -> TaskInputError:
    """A file problem (scenario, targets, evidence, uncertainty) as a task input error, its text unchanged."""
    return TaskInputError(str(error), located=True)


def load_scenario_with_flags(
    source: str | Path | Scenario,
    *,
    seed: int | None = None,
    replications: int | None = None,
    scale: float | None = None,
    parameter_draws: int | None = None,
) -> Scenario:
    """The scenario file (or object) with the run flags applied; raises TaskInputError.

    ``None`` means "flag not given" (the file's value stays).

    Example:
        >>> load_scenario_with_flags("scenarios/baseline.toml", scale=0.02).scale  # doctest: +SKIP
        0.02
    """
    from participation_model.scenario import Scenario, ScenarioError, load_scenario

    try:
        scenario = source if isinstance(source, Scenario) else load_scenario(source)
        return scenario.with_overrides(seed=seed, replications=replications, scale=scale, parameter_draws=parameter_draws)
    except ScenarioError as error:
        raise located(error) from None


def without_draws(scenario: Scenario, command: str) -> Scenario:
    """The scenario, if it draws no parameter sets; raises TaskInputError for a command that cannot draw them.

    Sweeps and sensitivity analyses vary the parameters themselves; ``parameter_draws`` is for
    ``run`` and ``compare``.

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> without_draws(scenario_from_dict({"name": "x"}), "sweep").name
        'x'
    """
    if getattr(scenario, "parameter_draws", 0):
        where = scenario.source_path or "the scenario"
        raise TaskInputError(f"{where}: key 'parameter_draws': got {scenario.parameter_draws}; allowed: 0 for {command} "
                             "(it varies the parameters itself; parameter draws are for run and compare)", located=True)  # fmt: skip
    return scenario


def calibration_warnings(scenario: Scenario) -> list[str]:
    """Whether the scenario's calibrated file (and the ensemble it draws from) was made with the files of today.

    Example:
        >>> calibration_warnings(load_scenario_with_flags("scenarios/baseline.toml"))  # doctest: +SKIP
        []
    """
    if scenario.calibration is None:
        return []
    from participation_model.calibrated import load_calibrated, provenance_problems
    from participation_model.params import load_parameters
    from participation_model.tomlfile import read_toml

    params = load_parameters(scenario.parameters_file)
    region_sha256 = read_toml(scenario.region_path, ValueError, "region file")[1]
    problems = provenance_problems(load_calibrated(scenario.calibration, params), params, region_sha256)
    if scenario.ensemble is not None:
        from participation_model.calibrated import ensemble_problems, load_ensemble

        problems += ensemble_problems(load_ensemble(scenario.ensemble, params), params, region_sha256)
    return problems


def checked_target(out_dir: str | Path, kind: str) -> Path:
    """The output folder, checked before a long run (:func:`~participation_model.tasks.folders.check_output_target`); raises TaskInputError."""
    from participation_model.tasks.folders import OutputError, check_output_target

    try:
        return check_output_target(out_dir, kind)
    except OutputError as error:
        raise TaskInputError(str(error)) from None
