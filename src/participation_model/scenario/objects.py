"""Typed, frozen scenario objects: what a checked scenario is once it has been read.

``Scenario`` and its parts (``Economy``, ``InterventionSpec``, ``Sweep``) are frozen pydantic
models whose tables are read-only, so every run gets a spec that nothing can change after it
was checked. They hold no reading logic: the ``reading`` module checks a file and builds them;
their own pydantic constraints are a second line of defence (``_construct``). A sweep point
that changes an intervention block builds a changed copy (``with_intervention_option``).

Example:
    >>> spec = InterventionSpec(type="brug_ww", options={"eligibility": {"age_max": 26}})
    >>> spec.options["eligibility"]["age_max"]
    26
    >>> spec.options["eligibility"]["age_max"] = 30
    Traceback (most recent call last):
    ...
    TypeError: scenario tables are read-only; use Scenario.with_overrides or a new file
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from participation_model.drivers import (
    DriverError,
    DriverPath,
    Drivers,
    bundled_drivers,
    is_bundled_name,
    load_drivers,
    resolve_drivers_path,
)
from participation_model.months import month_label as _month_label
from participation_model.months import parse_month as _month_number
from participation_model.scenario.fields import _check_parameter_draws, _check_replications, _check_scale, _check_seed
from participation_model.scenario.limits import (
    COMMAND_LINE,
    DEFAULT_DRIVERS,
    DEFAULT_ECONOMY_PATH,
    DEFAULT_END,
    DEFAULT_REGION,
    DEFAULT_REPLICATIONS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DEFAULT_START,
    MAX_REPLICATIONS,
    MAX_SCALE,
    MONTH_PATTERN,
    NAME_PATTERN,
)
from participation_model.scenario.problems import MISSING, Problem, ScenarioError


class _ReadOnlyDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes, so a frozen Scenario's tables stay as validated.

    Pickles and deep-copies as a normal dict of the same contents.

    Example:
        >>> d = _ReadOnlyDict({"a": 1})
        >>> d["a"] = 2
        Traceback (most recent call last):
        ...
        TypeError: scenario tables are read-only; use Scenario.with_overrides or a new file
    """

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("scenario tables are read-only; use Scenario.with_overrides or a new file")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


def _freeze(value: Any) -> Any:
    """Recursively turn dicts into read-only dicts and lists into tuples."""
    if isinstance(value, Mapping):
        return _ReadOnlyDict({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    return value


def _thaw(value: Any) -> Any:
    """Plain dicts and lists from read-only ones (for building a changed copy)."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


class Economy(BaseModel):
    """Assumptions about labour demand, from the scenario's ``[economy]`` table.

    Labour demand follows national conditions read from a drivers file
    (``participation_model.drivers``); a scenario picks the file and its path and may edit the
    series year by year.

    Attributes:
        drivers: the drivers file as written: a bundled name ("netherlands") or a path.
        drivers_path: the resolved file; ``drivers_sha256`` its hash (manifests, cache key).
        path: a path of the drivers file (e.g. "historical").
        set: per series, ``{year: value}`` replacing the series' value in that year.
        shift: per series, ``{year: number}`` added to the series' value in that year.
        sector_trend: per sector, the trend of jobs inside the region in % per year on top of
            the national drivers (replaces the region file's trend for that sector).

    Example:
        >>> Economy(sector_trend={"zorg": 1.5}).sector_trend["zorg"]
        1.5
        >>> economy = Economy(set={"gdp_growth": {2020: -4.0}})
        >>> economy.drivers, economy.drivers_path.name, economy.driver_path().at("gdp_growth", 2020.5)
        ('netherlands', 'netherlands.toml', -4.0)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    drivers: str = DEFAULT_DRIVERS
    drivers_path: Path | None = None
    drivers_sha256: str | None = None
    path: str = DEFAULT_ECONOMY_PATH
    set: dict[str, dict[int, float]] = Field(default_factory=dict)
    shift: dict[str, dict[int, float]] = Field(default_factory=dict)
    sector_trend: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _bundled_file(cls, data: Any) -> Any:
        """Without a ``drivers_path``, a bundled drivers name resolves to its file (and hash)."""
        if not isinstance(data, Mapping) or data.get("drivers_path") is not None:
            return data
        name = data.get("drivers", DEFAULT_DRIVERS)
        if not isinstance(name, str) or not is_bundled_name(name) or name not in bundled_drivers():
            return data
        file = resolve_drivers_path(name).resolve()
        return {**data, "drivers_path": file, "drivers_sha256": hashlib.sha256(file.read_bytes()).hexdigest()}

    @field_validator("set", "shift", "sector_trend", mode="after")
    @classmethod
    def _read_only(cls, value: dict[Any, Any]) -> dict[Any, Any]:
        return _freeze(value)  # type: ignore[no-any-return]

    def driver_path(self) -> DriverPath:
        """The monthly driver path the model reads: the file's path with this table's edits.

        The file is read once per process (cached by path and sha256); a file that changed
        since the scenario was checked raises ``DriverError``.
        """
        drivers = _cached_drivers(self.drivers_path or self.drivers, self.drivers_sha256)
        return drivers.path(self.path, set=self.set, shift=self.shift)


_DRIVERS_CACHE: dict[tuple[str, str | None], Drivers] = {}


def _cached_drivers(file: str | Path, sha256: str | None) -> Drivers:
    """The drivers file at ``file``, read once per process; it must still have ``sha256``."""
    key = (str(file), sha256)
    if key not in _DRIVERS_CACHE:
        drivers = load_drivers(file)
        if sha256 is not None and drivers.sha256 != sha256:
            raise DriverError(
                f"{drivers.file}: the drivers file changed since the scenario was checked "
                f"(sha256 {drivers.sha256[:12]}, checked {sha256[:12]}); validate the scenario again"
            )
        _DRIVERS_CACHE[key] = drivers
    return _DRIVERS_CACHE[key]


class InterventionSpec(BaseModel):
    """One ``[[interventions]]`` table: the registered ``type`` plus its own fields.

    The scenario loader checks only that ``type`` is registered; each intervention class
    interprets ``options`` itself.

    Attributes:
        type: registered intervention name (see ``participation_model.interventions``).
        options: every other key of the table, read-only (arrays become tuples).

    Example:
        >>> spec = InterventionSpec(type="brug_ww", options={"start": "2016-01"})
        >>> spec.options["start"]
        '2016-01'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    type: str
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("options", mode="after")
    @classmethod
    def _read_only(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _freeze(value)  # type: ignore[no-any-return]


INTERVENTION_KEY = re.compile(r"^interventions\[(\d+)\]\.([a-z_][a-z0-9_.]*)$")


def is_intervention_key(name: str) -> bool:
    """Sweep keys like ``interventions[1].places_per_year`` change an intervention block.

    Example:
        >>> is_intervention_key("interventions[2].eligibility.age_max"), is_intervention_key("matching.efficiency")
        (True, False)
    """
    return name.startswith("interventions[")


def with_intervention_option(specs: tuple[InterventionSpec, ...], key: str, value: Any) -> tuple[InterventionSpec, ...]:
    """The intervention blocks with one option replaced (``interventions[i].a.b`` = value, i from 1).

    Example:
        >>> blocks = (InterventionSpec(type="x", options={"places_per_year": 10, "eligibility": {"age_max": 26}}),)
        >>> with_intervention_option(blocks, "interventions[1].eligibility.age_max", 30)[0].options["eligibility"]["age_max"]
        30
    """
    match = INTERVENTION_KEY.match(key)
    if match is None:
        raise ValueError(f"not an intervention key: {key!r}")
    index, path = int(match.group(1)) - 1, match.group(2).split(".")
    options = _thaw(specs[index].options)
    node = options
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    replaced = InterventionSpec(type=specs[index].type, options=options)
    return specs[:index] + (replaced,) + specs[index + 1 :]


class Sweep(BaseModel):
    """The ``[sweep]`` table: parameter values to run the scenario's replications at.

    Either a full ``grid`` (every combination of the listed values, in file order) or a
    Latin hypercube ``sample`` of ``n`` points within ``ranges`` (scipy.stats.qmc), drawn
    with its own ``seed`` so the points do not move when the scenario's seed does.

    Attributes:
        method: "grid" or "latin".
        grid: dotted parameter name -> values (for "grid").
        n: number of sample points (for "latin").
        ranges: dotted parameter name -> (low, high) (for "latin").
        seed: seed of the sampler (for "latin").

    Example:
        >>> sweep = Sweep(method="grid", grid={"a.b": (1.0, 2.0), "c.d": (3.0,)})
        >>> sweep.points()
        ({'a.b': 1.0, 'c.d': 3.0}, {'a.b': 2.0, 'c.d': 3.0})
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    method: str
    grid: dict[str, tuple[Any, ...]] = Field(default_factory=dict)
    n: int = 0
    ranges: dict[str, tuple[float, float]] = Field(default_factory=dict)
    seed: int = 0

    @field_validator("grid", "ranges", mode="after")
    @classmethod
    def _read_only(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _freeze(value)  # type: ignore[no-any-return]

    def points(self) -> tuple[dict[str, float], ...]:
        """The parameter overrides of every sweep point, in a fixed order.

        Example:
            >>> Sweep(method="latin", n=3, ranges={"a.b": (0.0, 1.0)}, seed=1).points()[0]["a.b"] < 1
            True
        """
        if self.method == "grid":
            names = list(self.grid)
            combos = itertools.product(*(self.grid[name] for name in names))
            return tuple(
                {name: (v if is_intervention_key(name) else float(v)) for name, v in zip(names, combo)}
                for combo in combos
            )
        from scipy.stats import qmc

        names = list(self.ranges)
        unit = qmc.LatinHypercube(d=len(names), seed=self.seed).random(self.n)
        low = [self.ranges[name][0] for name in names]
        high = [self.ranges[name][1] for name in names]
        scaled = qmc.scale(unit, low, high) if self.n else unit
        return tuple({name: float(row[i]) for i, name in enumerate(names)} for row in scaled)


class Scenario(BaseModel):
    """A validated scenario: everything a run needs besides the region and parameter files.

    Build it with ``load_scenario``, ``scenario_from_dict`` or ``default_scenario``; those
    check the values against the region and parameter set. The object is frozen.

    Attributes:
        name: identifier used as the output folder name.
        description: free text.
        region: the region as written in the file (bundled name or path).
        region_path: resolved path of the region TOML that was checked against.
        start, end: first and last simulated month, "YYYY-MM" (both included).
        seed: base random seed (>= 0; 0 is a valid seed).
        replications: number of replications.
        scale: simulated persons per resident (1.0 = one per resident).
        parameters_file: resolved path of an alternative parameter file, or None for the
            bundled default.
        calibration: resolved path of a calibrated parameter file (``participation-model
            calibrate``), or None to run with the parameter file's values.
        calibration_values: the fitted values read from it (applied over the parameter file,
            under ``parameters``); kept in the scenario so run keys change with them.
        calibration_sha256: sha256 of the calibrated file, for manifests.
        parameter_draws: how many parameter sets of the calibration's ensemble the runs draw
            (0: the calibrated values alone). Draw ``d`` runs every replication with member
            ``d``'s values in place of the calibrated ones (docs/compare.md).
        ensemble: resolved path of the ensemble file the draws come from, or None.
        ensemble_sha256: its sha256, for manifests.
        ensemble_draws: the draws' parameter sets, in draw order (kept in the scenario so run
            keys change with them).
        economy: demand assumptions (``Economy``).
        parameters: dotted parameter name -> value overrides.
        interventions: the ``[[interventions]]`` tables in file order.
        source_path: resolved path of the scenario file, or None if built from a dict.
        sha256: hex SHA-256 of the scenario file's bytes, or None if built from a dict.
        overrides: command-line overrides applied after loading (flag name -> value).
        sweep: the ``[sweep]`` table (``Sweep``), or None for a plain scenario.
        readings: how names were read, one line each: a later gemeente name and the model's
            gemeenten it stands for (``validate`` prints them).

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> s = default_scenario()
        >>> s.start, s.end, s.months()
        ('2014-01', '2025-12', 144)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    name: str = Field(pattern=NAME_PATTERN)
    description: str = ""
    region: str = DEFAULT_REGION
    region_path: Path
    start: str = Field(default=DEFAULT_START, pattern=MONTH_PATTERN)
    end: str = Field(default=DEFAULT_END, pattern=MONTH_PATTERN)
    warm_up_from: str | None = Field(default=None, pattern=MONTH_PATTERN)
    seed: int = Field(default=DEFAULT_SEED, ge=0)
    replications: int = Field(default=DEFAULT_REPLICATIONS, ge=1, le=MAX_REPLICATIONS)
    scale: float = Field(default=DEFAULT_SCALE, gt=0, le=MAX_SCALE)
    parameters_file: Path | None = None
    calibration: Path | None = None
    calibration_values: dict[str, float] = Field(default_factory=dict)
    calibration_sha256: str | None = None
    parameter_draws: int = Field(default=0, ge=0)
    ensemble: Path | None = None
    ensemble_sha256: str | None = None
    ensemble_draws: tuple[dict[str, float], ...] = ()
    economy: Economy = Field(default_factory=Economy)
    parameters: dict[str, float] = Field(default_factory=dict)
    interventions: tuple[InterventionSpec, ...] = ()
    source_path: Path | None = None
    sha256: str | None = None
    overrides: dict[str, int | float] = Field(default_factory=dict)
    sweep: Sweep | None = None
    readings: tuple[str, ...] = ()

    @field_validator("parameters", "overrides", "calibration_values", "ensemble_draws", mode="after")
    @classmethod
    def _read_only(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _freeze(value)  # type: ignore[no-any-return]

    def months(self) -> int:
        """Number of simulated months, start and end included.

        Example:
            >>> from participation_model.scenario import default_scenario
            >>> default_scenario().months()     # 2014-01 .. 2025-12
            144
        """
        return _month_number(self.end) - _month_number(self.start) + 1

    def month_labels(self) -> list[str]:
        """The simulated months as "YYYY-MM" strings, in order.

        Example:
            >>> from participation_model.scenario import default_scenario
            >>> default_scenario().month_labels()[:2]
            ['2014-01', '2014-02']
        """
        first = _month_number(self.start)
        return [_month_label(first + offset) for offset in range(self.months())]

    def with_overrides(
        self,
        *,
        seed: int | None = None,
        replications: int | None = None,
        scale: float | None = None,
        parameter_draws: int | None = None,
    ) -> Scenario:
        """Return a copy with command-line flags applied, checked like the file values.

        ``None`` means "flag not given"; 0 is a real seed and is applied. Applied values are
        also recorded in ``overrides`` so that output manifests can show them.

        Raises:
            ScenarioError: naming the flag, e.g.
                ``command line: key '--replications': got 0; allowed: a whole number ...``.

        Example:
            >>> from participation_model.scenario import default_scenario
            >>> quick = default_scenario().with_overrides(replications=2, scale=0.1)
            >>> quick.replications, quick.scale, dict(quick.overrides)
            (2, 0.1, {'replications': 2, 'scale': 0.1})
        """
        problems: list[Problem] = []
        updates: dict[str, Any] = {}
        if seed is not None:
            updates["seed"] = _check_seed("--seed", seed, problems)
        if replications is not None:
            updates["replications"] = _check_replications("--replications", replications, problems)
        if scale is not None:
            updates["scale"] = _check_scale("--scale", scale, problems)
        if parameter_draws is not None:
            checked = _check_parameter_draws("--parameter-draws", parameter_draws, self.calibration, self.calibration_values, self.parameters_file, problems)
            updates["parameter_draws"], updates["ensemble"], updates["ensemble_sha256"], updates["ensemble_draws"] = checked
        if problems:
            raise ScenarioError(COMMAND_LINE, problems)
        if not updates:
            return self
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        fields.update(updates)
        fields["overrides"] = {**self.overrides, **{k: v for k, v in updates.items() if k in _FLAGS}}
        return _construct(type(self), fields, COMMAND_LINE)


#: the fields a command-line flag sets, recorded in ``overrides`` (the ensemble's path and draws follow from ``parameter_draws``)
_FLAGS = ("seed", "replications", "scale", "parameter_draws")


def _construct(model: type[Scenario], fields: dict[str, Any], label: str) -> Scenario:
    """Build the pydantic model; its own constraints are a second line of defence."""
    try:
        return model(**fields)
    except ValidationError as exc:
        problems = [
            Problem(
                ".".join(str(part) for part in error["loc"]),
                error.get("input", MISSING),
                "",
                error["msg"],
            )
            for error in exc.errors()
        ]
        raise ScenarioError(label, problems) from None
