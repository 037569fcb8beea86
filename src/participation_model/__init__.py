"""participation-model: an agent-based model of labour participation in Oost-Groningen.

The public API for notebooks and scripts::

    >>> import participation_model as pm
    >>> scenario = pm.load_scenario("scenarios/baseline.toml")          # doctest: +SKIP
    >>> result = pm.run_scenario(scenario.with_overrides(scale=0.1, replications=2))  # doctest: +SKIP
    >>> result.series().groupby("month")["netto_participation_15_75"].mean()  # doctest: +SKIP

`ParticipationModel` is the Mesa model itself (one replication); `run_scenario` runs all
replications of a scenario and returns pandas tables.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "ParticipationModel",
    "load_scenario",
    "run_scenario",
    "load_region",
    "load_parameters",
]


def __getattr__(name: str):
    """Import the public names lazily, so that `import participation_model` stays cheap."""
    if name == "ParticipationModel":
        from participation_model.model.model import ParticipationModel

        return ParticipationModel
    if name == "load_scenario":
        from participation_model.scenario import load_scenario

        return load_scenario
    if name == "run_scenario":
        from participation_model.experiments.runner import run_scenario

        return run_scenario
    if name == "load_region":
        from participation_model.region import load_region

        return load_region
    if name == "load_parameters":
        from participation_model.params import load_parameters

        return load_parameters
    raise AttributeError(f"module 'participation_model' has no attribute {name!r}")
