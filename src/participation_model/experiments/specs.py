"""Run specs and batches: every simulation as an immutable, picklable value.

A parallel job must not read configuration that someone else can change while it runs. So
each simulation is a :class:`RunSpec` holding everything it needs (the validated scenario,
the parameter overrides of its sweep point, its seed and replication index) and a
:class:`Batch` is just a tuple of specs. Each spec has a stable ``key`` derived from what
determines its numbers, so a resumed batch recognises the runs it has already finished.

Seeds are paired across sweep points: replication ``r`` of every point uses
``replication_seed(scenario.seed, r)``, the same seed a plain ``run`` would use, so sweep
points differ only by their parameters (common random numbers).

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> scenario = scenario_from_dict({"name": "quick", "replications": 2, "scale": 0.01})
    >>> batch = batch_from_scenario(scenario)
    >>> [(spec.point, spec.replication) for spec in batch]
    [(0, 0), (0, 1)]
    >>> batch[0].key.startswith("p0000-r0000-")
    True
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from participation_model.experiments.runner import replication_seed
from participation_model.scenario import Scenario

__all__ = ["Batch", "FrozenParameters", "RunSpec", "batch_from_scenario", "batch_from_sweep", "input_files"]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=64)
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    """Hex sha256 of a file's bytes, cached while its modification time and size stay the same."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_sha256(path: Path) -> str:
    """Hex sha256 of ``path`` (cached per modification time and size: keys are asked for often)."""
    stat = path.stat()
    return _sha256(str(path), stat.st_mtime_ns, stat.st_size)


def input_files(scenario: Scenario) -> dict[str, dict[str, str]]:
    """The data files a run of ``scenario`` reads, with their sha256 (and the package version
    for files bundled with the package): what a resumed batch checks has not changed.

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> sorted(input_files(default_scenario()))
        ['drivers', 'parameters', 'region']
    """
    from participation_model.provenance import package_version
    from participation_model.params import DEFAULT_PATH

    from participation_model.interventions.defaults import DEFAULTS_PATH
    from participation_model.interventions.participatiewet_data import PLACES_PATH, TARGETS_PATH

    # the calibrated values themselves are part of the scenario (and so of the key)
    files = {"region": scenario.region_path, "parameters": scenario.parameters_file or DEFAULT_PATH, "drivers": scenario.economy.drivers_path}
    if scenario.interventions:  # the instruments' defaults fill what the blocks leave out
        files["instrument defaults"] = DEFAULTS_PATH
    types = {spec.type for spec in scenario.interventions}
    if "garantiebanen" in types:
        files["banenafspraak targets"] = TARGETS_PATH
    if "beschut_werk" in types:
        files["beschut werk places"] = PLACES_PATH
    found: dict[str, dict[str, str]] = {}
    for name, path in files.items():
        if path is None:
            continue
        path = Path(path).resolve()
        entry = {"path": str(path), "sha256": file_sha256(path)}
        if path.is_relative_to(_PACKAGE_DIR):
            entry["package_version"] = package_version()
        found[name] = entry
    return found


#: Scenario fields that do not change a run's numbers, left out of the spec key so that, for
#: example, raising ``replications`` and resuming reuses the runs already done.
_KEY_EXCLUDED = ("name", "description", "replications", "source_path", "sha256", "overrides", "sweep", "calibration", "calibration_sha256",
                 "ensemble", "ensemble_sha256", "readings")
#: the parameter-draw fields: left out of the key of a scenario without draws, so its runs keep the keys they had before draws existed
_DRAW_FIELDS = ("parameter_draws", "ensemble_draws")


class FrozenParameters(Mapping[str, float]):
    """A read-only, hashable, picklable mapping of dotted parameter name -> value.

    Example:
        >>> p = FrozenParameters({"b.x": 2, "a.y": 1.5})
        >>> list(p.items()), hash(p) == hash(FrozenParameters({"a.y": 1.5, "b.x": 2.0}))
        ([('a.y', 1.5), ('b.x', 2.0)], True)
    """

    __slots__ = ("_items",)

    def __init__(self, values: Mapping[str, float] | None = None) -> None:
        items = tuple(sorted((str(k), float(v)) for k, v in (values or {}).items()))
        object.__setattr__(self, "_items", items)

    def __getitem__(self, name: str) -> float:
        for key, value in self._items:
            if key == name:
                return value
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._items) == dict(other.items())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenParameters is read-only")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self._items),))

    def __repr__(self) -> str:
        return f"FrozenParameters({dict(self._items)!r})"


@dataclass(frozen=True)
class RunSpec:
    """One simulation: a replication of a scenario at one sweep point.

    Attributes:
        scenario: the validated scenario (its own ``[parameters]`` already apply).
        parameters: overrides of this sweep point, applied on top of the scenario's.
        seed: the model seed of this run.
        replication: replication index within the point (pairs runs across points).
        point: index of the sweep point (0 for a plain scenario).

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> spec = RunSpec(default_scenario(), FrozenParameters({"matching.efficiency": 0.5}), 7, 0)
        >>> spec.key == RunSpec(default_scenario(), FrozenParameters({"matching.efficiency": 0.5}), 7, 0).key
        True
    """

    scenario: Scenario
    parameters: FrozenParameters = field(default_factory=FrozenParameters)
    seed: int = 0
    replication: int = 0
    point: int = 0
    # the intervention fields this sweep point sets (already applied to ``scenario``), for labels
    intervention_values: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> str:
        """A stable file-name-safe identifier: point, replication and a hash of the inputs.

        The hash covers everything that determines the numbers (scenario content apart from
        its name, description and replication count; the contents of the region, parameter and
        drivers files; parameter overrides; seed), so a changed scenario or data
        file never matches results of the old one.
        """
        return f"p{self.point:04d}-r{self.replication:04d}-{self.digest()[:16]}"

    def digest(self) -> str:
        """Hex sha256 of the inputs that determine this run's numbers."""
        drawless = () if getattr(self.scenario, "parameter_draws", 0) else _DRAW_FIELDS
        content = {
            "scenario": self.scenario.model_dump(mode="json", exclude={*_KEY_EXCLUDED, *drawless}),
            # the data files by content (not only their paths): an edited region or parameter
            # file never matches the results of the old one
            "inputs": {name: {k: v for k, v in entry.items() if k != "path"} for name, entry in input_files(self.scenario).items()},
            "parameters": dict(self.parameters),
            "seed": self.seed,
            "replication": self.replication,
        }
        text = json.dumps(content, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Batch(Sequence[RunSpec]):
    """An ordered, immutable collection of run specs with unique keys.

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> len(batch_from_scenario(default_scenario().with_overrides(replications=3)))
        3
    """

    specs: tuple[RunSpec, ...]

    def __post_init__(self) -> None:
        keys = [spec.key for spec in self.specs]
        if len(set(keys)) != len(keys):
            raise ValueError("a batch must not hold the same run twice (duplicate spec keys)")

    def __getitem__(self, index: int) -> RunSpec:  # type: ignore[override]
        return self.specs[index]

    def __len__(self) -> int:
        return len(self.specs)

    def points(self) -> dict[int, dict[str, Any]]:
        """Sweep point index -> its values: parameter overrides and intervention fields."""
        return {spec.point: {**dict(spec.parameters), **dict(spec.intervention_values)} for spec in self.specs}


def batch_from_scenario(
    scenario: Scenario, parameters: Mapping[str, float] | None = None, point: int = 0
) -> Batch:
    """The scenario's replications as a batch, optionally at one set of parameter overrides.

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> batch_from_scenario(default_scenario().with_overrides(replications=2))[1].replication
        1
    """
    frozen = FrozenParameters(parameters)
    return Batch(
        tuple(
            RunSpec(scenario, frozen, replication_seed(scenario.seed, r), r, point)
            for r in range(scenario.replications)
        )
    )


def batch_from_sweep(
    scenario: Scenario, points: Sequence[Mapping[str, float]] | None = None
) -> Batch:
    """All replications at every sweep point, point by point.

    ``points`` defaults to the scenario's ``[sweep]`` (a single point without overrides when
    it has none).

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> batch = batch_from_sweep(default_scenario().with_overrides(replications=2),
        ...                          [{"matching.efficiency": 0.4}, {"matching.efficiency": 0.6}])
        >>> [(s.point, s.replication, s.parameters["matching.efficiency"]) for s in batch]
        [(0, 0, 0.4), (0, 1, 0.4), (1, 0, 0.6), (1, 1, 0.6)]
    """
    from participation_model.scenario import is_intervention_key, with_intervention_option

    if points is None:
        points = scenario.sweep.points() if scenario.sweep is not None else ({},)
    specs: list[RunSpec] = []
    for index, point in enumerate(points):
        # intervention fields change the scenario's blocks; the rest are parameter overrides
        blocks = scenario.interventions
        for key, value in point.items():
            if is_intervention_key(key):
                blocks = with_intervention_option(blocks, key, value)
        at_point = scenario.model_copy(update={"interventions": blocks}) if blocks != scenario.interventions else scenario
        overrides = {k: v for k, v in point.items() if not is_intervention_key(k)}
        labels = tuple((k, _hashable(v)) for k, v in point.items() if is_intervention_key(k))
        specs.extend(dataclasses.replace(spec, intervention_values=labels) for spec in batch_from_scenario(at_point, overrides, index).specs)
    return Batch(tuple(specs))


def _hashable(value: Any) -> Any:
    """Lists become tuples (spec fields stay hashable).

    Example:
        >>> _hashable(["unemployed", ["a"]])
        ('unemployed', ('a',))
    """
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return value
