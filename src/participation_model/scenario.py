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
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import itertools
import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from participation_model.interventions import available_interventions, describe_available
from participation_model.interventions.fields import Context
from participation_model.calibrated import load_calibrated
from participation_model.months import month_label as _month_label
from participation_model.months import parse_month as _month_number
from participation_model.numbers import finite_number, non_finite_keys
from participation_model.tomlfile import MAX_BYTES
from participation_model.drivers import (
    DriverError,
    DriverPath,
    Drivers,
    bundled_drivers,
    is_bundled_name,
    load_drivers,
    resolve_drivers_path,
)
from participation_model.params import ParameterSet, load_parameters
from participation_model.region import RegionData, RegionError, bundled_regions, load_region

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

DEFAULT_REGION = "oost-groningen"
DEFAULT_START = "2014-01"
DEFAULT_END = "2025-12"
DEFAULT_SEED = 20140101
DEFAULT_REPLICATIONS = 10
DEFAULT_SCALE = 1.0
DEFAULT_ECONOMY_PATH = "historical"
DEFAULT_DRIVERS = "netherlands"
MAX_REPLICATIONS = 10_000
MAX_SCALE = 20.0
MAX_SECTOR_TREND = 20.0
MAX_NAME_LENGTH = 64

NAME_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{MAX_NAME_LENGTH - 1}}}$"
MONTH_PATTERN = r"^(\d{4})-(\d{2})$"

TOP_LEVEL_KEYS = (
    "name",
    "description",
    "region",
    "start",
    "end",
    "warm_up_from",
    "seed",
    "replications",
    "scale",
    "parameters_file",
    "calibration",
    "economy",
    "parameters",
    "interventions",
    "sweep",
)
ECONOMY_KEYS = ("drivers", "path", "set", "shift", "sector_trend")
EDIT_KEYS = ("set", "shift")
REMOVED_ECONOMY_KEYS = {
    "jobs_index": "the jobs path now follows the national drivers",
    "cycle": "the business cycle now comes from the national drivers",
}
SWEEP_KEYS = ("grid", "sample")
SAMPLE_KEYS = ("method", "n", "ranges", "seed")
SAMPLE_METHODS = ("latin",)
MAX_SWEEP_POINTS = 100_000

ALLOWED_NAME = (
    f"1 to {MAX_NAME_LENGTH} letters, digits, '-' and '_', starting with a letter or digit "
    "(it becomes the output folder name), e.g. \"sectorplan-zorg\""
)
ALLOWED_SEED = "a whole number >= 0, e.g. 20140101 (0 is a valid seed)"
ALLOWED_REPLICATIONS = f"a whole number from 1 to {MAX_REPLICATIONS}"
ALLOWED_SCALE = (
    f"a number above 0 and at most {MAX_SCALE:g} (1.0 = one simulated person per resident)"
)
ALLOWED_MONTH = 'a month written as a quoted "YYYY-MM" string, e.g. "2014-01"'

COMMAND_LINE = "command line"


# --------------------------------------------------------------------------------------------
# Problems and the error that carries them
# --------------------------------------------------------------------------------------------


class _Missing:
    """Marker for a key that is absent; shows as 'nothing' in messages."""

    def __repr__(self) -> str:
        return "nothing"

    def __reduce__(self) -> str:
        return "MISSING"  # unpickle to the same module-level marker


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, rendered as one line of a ``ScenarioError``.

    Attributes:
        key: dotted key such as ``"economy.sector_trend.zorg"``, or None for problems with the
            file itself (missing file, TOML syntax).
        value: the value found (``MISSING`` when the key is absent).
        message: extra explanation or a suggestion such as "did you mean 'seed'?".
        allowed: what would have been accepted, in words.
        line: line number in the file, for TOML syntax errors.

    Example:
        >>> Problem("replications", -3, "", "a whole number from 1 to 10000").render("x.toml")
        "x.toml: key 'replications': got -3; allowed: a whole number from 1 to 10000"
    """

    key: str | None
    value: Any
    message: str
    allowed: str
    line: int | None = None

    def render(self, file: str) -> str:
        """Return the one-line message for this problem, prefixed with ``file``."""
        if self.key is None:
            where = f"{file}: line {self.line}" if self.line is not None else file
            text = f"{where}: {self.message}"
            return f"{text}; allowed: {self.allowed}" if self.allowed else text
        text = f"{file}: key '{self.key}': got {_show(self.value)}; allowed: {self.allowed}"
        return f"{text}; {self.message}" if self.message else text


class ScenarioError(Exception):
    """A scenario that cannot be run, with every problem found in it.

    ``str(error)`` has one line per problem, so a user can fix all of them in one go.

    Attributes:
        file: the file as the user named it (or "command line" for flag overrides).
        problems: the list of ``Problem`` objects, in the order they were found.

    Example:
        >>> err = ScenarioError("x.toml", [Problem("scale", 0, "", "a number above 0")])
        >>> print(err)
        x.toml: key 'scale': got 0; allowed: a number above 0
    """

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(problem.render(self.file) for problem in self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions travel between processes (Dask, multiprocessing); keep both arguments.
        return (type(self), (self.file, self.problems))

    @property
    def keys(self) -> list[str | None]:
        """The dotted keys of all problems, handy in tests and tools."""
        return [problem.key for problem in self.problems]


def _show(value: Any) -> str:
    """Show a value the way a TOML author would recognise it, shortened if long.

    Example:
        >>> _show(True), _show("x"), _show(MISSING)
        ('true', "'x'", 'nothing (the key is missing)')
    """
    if value is MISSING:
        return "nothing (the key is missing)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.time)):
        return f"the unquoted TOML date/time {value.isoformat()}"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, Mapping):
        return f"a table {text}"
    return text


def _words(items: Sequence[object]) -> str:
    """Join quoted items for a message: ``'a', 'b' or 'c'``.

    Example:
        >>> _words(["zorg", "bouw", "handel"])
        "'zorg', 'bouw' or 'handel'"
    """
    quoted = [repr(str(item)) for item in items]
    if not quoted:
        return "(none)"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _suggest(word: str, candidates: Sequence[str]) -> str:
    """Return "did you mean ...?" for close matches of a mistyped name, or "".

    Example:
        >>> _suggest("sead", ["seed", "scale", "start"])
        "did you mean 'seed'?"
    """
    word = str(word)
    matches = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not matches:
        return ""
    # Offer only the names nearly as close as the best one, so a clear typo gets one answer.
    scores = [difflib.SequenceMatcher(None, word, match).ratio() for match in matches]
    best = max(scores)
    close = [match for match, score in zip(matches, scores) if score >= best - 0.1]
    return f"did you mean {_words(close)}?"


def _join(prefix: str, key: object) -> str:
    """Build a dotted key: ``_join("economy", "path") == "economy.path"``."""
    return f"{prefix}.{key}" if prefix else str(key)


# --------------------------------------------------------------------------------------------
# Typed, frozen scenario objects
# --------------------------------------------------------------------------------------------


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


class Economy(BaseModel):
    """Assumptions about labour demand, from the scenario's ``[economy]`` table.

    Labour demand follows national conditions read from a drivers file (``drivers.py``); a
    scenario picks the file and its path and may edit the series year by year.

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
        economy: demand assumptions (``Economy``).
        parameters: dotted parameter name -> value overrides.
        interventions: the ``[[interventions]]`` tables in file order.
        source_path: resolved path of the scenario file, or None if built from a dict.
        sha256: hex SHA-256 of the scenario file's bytes, or None if built from a dict.
        overrides: command-line overrides applied after loading (flag name -> value).
        sweep: the ``[sweep]`` table (``Sweep``), or None for a plain scenario.

    Example:
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
    economy: Economy = Field(default_factory=Economy)
    parameters: dict[str, float] = Field(default_factory=dict)
    interventions: tuple[InterventionSpec, ...] = ()
    source_path: Path | None = None
    sha256: str | None = None
    overrides: dict[str, int | float] = Field(default_factory=dict)
    sweep: Sweep | None = None

    @field_validator("parameters", "overrides", "calibration_values", mode="after")
    @classmethod
    def _read_only(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _freeze(value)  # type: ignore[no-any-return]

    def months(self) -> int:
        """Number of simulated months, start and end included.

        Example:
            >>> default_scenario().months()     # 2014-01 .. 2025-12
            144
        """
        return _month_number(self.end) - _month_number(self.start) + 1

    def month_labels(self) -> list[str]:
        """The simulated months as "YYYY-MM" strings, in order.

        Example:
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
    ) -> Scenario:
        """Return a copy with command-line flags applied, checked like the file values.

        ``None`` means "flag not given"; 0 is a real seed and is applied. Applied values are
        also recorded in ``overrides`` so that output manifests can show them.

        Raises:
            ScenarioError: naming the flag, e.g.
                ``command line: key '--replications': got 0; allowed: a whole number ...``.

        Example:
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
        if problems:
            raise ScenarioError(COMMAND_LINE, problems)
        if not updates:
            return self
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        fields.update(updates)
        fields["overrides"] = {**self.overrides, **updates}
        return _construct(type(self), fields, COMMAND_LINE)


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def load_scenario(path: str | Path) -> Scenario:
    """Read, check and return the scenario in a TOML file.

    Relative paths inside the file (``region``, ``parameters_file``) are taken relative to the
    file's folder. The file's SHA-256 and resolved path are kept on the result for manifests.

    Raises:
        ScenarioError: listing every problem; a missing file or a TOML syntax error (with its
            line) is reported on its own, since nothing else can be checked then.

    Example:
        >>> load_scenario("scenarios/baseline.toml").name   # doctest: +SKIP
        'baseline'
    """
    label = str(path)
    file_path = Path(path)
    if not file_path.exists():
        raise ScenarioError(
            label,
            [Problem(None, MISSING, f"file not found (looked for {file_path.resolve()})", "")],
        )
    if not file_path.is_file():
        what = "a folder" if file_path.is_dir() else "not a regular file (a device or a pipe)"
        raise ScenarioError(label, [Problem(None, MISSING, f"this is {what}, not a scenario file", "a TOML text file")])
    try:
        if file_path.stat().st_size > MAX_BYTES:
            raise ScenarioError(label, [Problem(None, MISSING, f"the file has {file_path.stat().st_size:,} bytes", f"a scenario file of at most {MAX_BYTES:,} bytes")])
        raw = file_path.read_bytes()
    except OSError as exc:
        raise ScenarioError(label, [Problem(None, MISSING, f"cannot read the file: {exc.strerror or exc}", "")]) from None
    data = _parse_toml(raw, label)
    resolved = file_path.resolve()
    return _build(
        data,
        label=label,
        base_dir=resolved.parent,
        source_path=resolved,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def scenario_from_dict(data: Mapping[str, Any], source: str | Path | None = None) -> Scenario:
    """Check and return a scenario given as a dict (the parsed TOML).

    Args:
        data: the scenario's keys and values, as ``tomllib`` would return them.
        source: where the data came from; used in messages and as the folder that relative
            paths are resolved against (the current folder when None).

    Raises:
        ScenarioError: listing every problem.

    Example:
        >>> scenario_from_dict({"name": "quick", "replications": 2}).replications
        2
    """
    if source is None:
        return _build(data, label="<scenario>", base_dir=Path.cwd(), source_path=None, sha256=None)
    source_path = Path(source).resolve()
    return _build(
        data, label=str(source), base_dir=source_path.parent, source_path=source_path, sha256=None
    )


def default_scenario() -> Scenario:
    """Return the historical baseline without reading a file.

    It has the same values as the shipped ``scenarios/baseline.toml`` apart from its
    calibration (a file of the repository, not of the package): the bundled
    Oost-Groningen region, 2014-01 to 2025-12, 10 replications at scale 1.0, seed 20140101.

    Example:
        >>> default_scenario().name
        'baseline'
    """
    return scenario_from_dict(
        {
            "name": "baseline",
            "description": "Historical baseline for Oost-Groningen, 2014-2025, no interventions.",
        },
        source=None,
    )


# --------------------------------------------------------------------------------------------
# Reading and building
# --------------------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_HINT = (
    'TOML: text in "double quotes", numbers and true/false without quotes, '
    "one key = value per line, [table] headers on their own line"
)


def _parse_toml(raw: bytes, label: str) -> dict[str, Any]:
    """Parse TOML bytes, turning decode and syntax errors into a ScenarioError with the line."""
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (some Windows editors) is not part of the text
    except UnicodeDecodeError as exc:
        problem = Problem(None, MISSING, f"the file is not UTF-8 text ({exc.reason})", "")
        raise ScenarioError(label, [problem]) from None
    try:
        data = tomllib.loads(text)
        non_finite_keys(data)  # walks the whole tree: a structure too deep to walk is refused here
        return data
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(label, [_syntax_problem(str(exc), text)]) from None
    except RecursionError:
        problem = Problem(None, MISSING, "tables or arrays nested too deeply", "a scenario of the documented layout (docs/scenario-reference.md)")
        raise ScenarioError(label, [problem]) from None


def _syntax_problem(message: str, text: str) -> Problem:
    """Turn tomllib's message into a Problem that names the line and quotes it.

    Example:
        >>> problem = _syntax_problem("Invalid value (at line 2, column 8)", "a = 1\\nseed = x")
        >>> problem.render("f")  # doctest: +ELLIPSIS
        'f: line 2: TOML syntax error: Invalid value (column 8, in `seed = x`); allowed: ...'
    """
    match = _TOML_POSITION.search(message)
    if match is None:
        return Problem(None, MISSING, f"TOML syntax error: {message}", _TOML_HINT)
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.splitlines()
    quoted = f", in `{lines[line - 1].strip()}`" if 0 < line <= len(lines) else ""
    reason = message[: match.start()]
    return Problem(
        None, MISSING, f"TOML syntax error: {reason} (column {column}{quoted})", _TOML_HINT, line
    )


def _build(
    data: Mapping[str, Any],
    *,
    label: str,
    base_dir: Path,
    source_path: Path | None,
    sha256: str | None,
) -> Scenario:
    """Check every key of ``data`` and build the Scenario, or raise one ScenarioError."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise ScenarioError(label, [Problem(None, data, "a scenario must be a TOML table", "")])
    _check_unknown_keys(data, TOP_LEVEL_KEYS, "", problems)

    fields: dict[str, Any] = {
        "name": _check_name(data.get("name", MISSING), problems),
        "description": _check_description(data.get("description", ""), problems),
        "seed": _check_seed("seed", data.get("seed", DEFAULT_SEED), problems),
        "replications": _check_replications(
            "replications", data.get("replications", DEFAULT_REPLICATIONS), problems
        ),
        "scale": _check_scale("scale", data.get("scale", DEFAULT_SCALE), problems),
        "source_path": source_path,
        "sha256": sha256,
    }
    region_text = data.get("region", DEFAULT_REGION)
    region = _check_region(region_text, base_dir, problems)
    fields["region"] = region_text
    fields["region_path"] = region.path if region is not None else None
    fields["start"], fields["end"] = _check_period(
        data.get("start", DEFAULT_START), data.get("end", DEFAULT_END), region, problems
    )
    fields["warm_up_from"] = _check_warm_up(data.get("warm_up_from"), fields["start"], region, problems)
    fields["economy"] = _check_economy(data.get("economy", {}), region, base_dir, problems)

    raw_parameters = data.get("parameters", {})
    parameters_file = _check_parameters_file(data.get("parameters_file"), base_dir, problems)
    parameter_set = _load_parameter_set(
        parameters_file, data.get("parameters_file"), raw_parameters, problems
    )
    fields["parameters_file"] = parameters_file
    fields["parameters"] = _check_parameters(raw_parameters, parameter_set, problems)
    fields["calibration"], fields["calibration_values"], fields["calibration_sha256"] = _check_calibration(
        data.get("calibration"), base_dir, parameters_file, problems
    )
    fields["interventions"] = _check_interventions(
        data.get("interventions", []), region, fields["start"], fields["end"], problems
    )
    if "sweep" in data:
        if parameter_set is None and data.get("parameters_file") is None:
            parameter_set = load_parameters()
        context = _SweepContext(fields["interventions"], region, fields["start"], fields["end"])
        fields["sweep"] = _check_sweep(data["sweep"], parameter_set, problems, context)

    # nan and inf pass range checks quietly; every one left that no field check named is refused here
    named = {p.key for p in problems}
    problems += [Problem(key, value, "", "a finite number") for key, value in non_finite_keys(data) if key not in named]
    if problems:
        raise ScenarioError(label, problems)
    return _construct(Scenario, fields, label)


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


def _check_unknown_keys(
    table: Mapping[str, Any], known: Sequence[str], prefix: str, problems: list[Problem]
) -> None:
    """Report keys of ``table`` that are not in ``known``, suggesting close matches."""
    where = f"in [{prefix}]" if prefix else "at the top level"
    for key, value in table.items():
        if key in known:
            continue
        hint = _suggest(key, known)
        message = f"{key!r} is not a known key" + (f"; {hint}" if hint else "")
        allowed = f"the keys {where}: {_words(known)}"
        problems.append(Problem(_join(prefix, key), value, message, allowed))


# --------------------------------------------------------------------------------------------
# Scalar checks
# --------------------------------------------------------------------------------------------


def _quoted_number_hint(value: Any) -> str:
    """Explain that numbers go without quotes when a string holds a number."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return ""
        return "write numbers without quotes"
    return ""


def _check_whole_number(
    key: str, value: Any, low: int, high: int | None, allowed: str, problems: list[Problem]
) -> int | None:
    """Return ``value`` as an int if it is a whole number (``4`` or ``4.0``, never a bool) in
    ``[low, high]``, else record a problem (``numbers.finite_number``: the rule of every field)."""
    number = finite_number(value, whole=True)
    if number is None or number < low or (high is not None and number > high):
        problems.append(Problem(key, value, _quoted_number_hint(value), allowed))
        return None
    return int(number)


def _check_real_number(
    key: str, value: Any, accept: Callable[[float], bool], allowed: str, problems: list[Problem]
) -> float | None:
    """Return ``value`` as float if it is a finite number that ``accept`` likes, else record.

    TOML allows ``nan`` and ``inf``; neither is a usable setting, so both are rejected.
    """
    number = finite_number(value)
    if number is None or not accept(float(number)):
        problems.append(Problem(key, value, _quoted_number_hint(value), allowed))
        return None
    return float(number)


def _as_float(value: Any) -> float | None:
    """``value`` as a float if it is an int or float (bools excluded), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _check_seed(key: str, value: Any, problems: list[Problem]) -> int | None:
    """Seeds are whole numbers >= 0; 0 is kept as a real seed."""
    return _check_whole_number(key, value, 0, None, ALLOWED_SEED, problems)


def _check_replications(key: str, value: Any, problems: list[Problem]) -> int | None:
    """Replications are whole numbers from 1 to MAX_REPLICATIONS."""
    return _check_whole_number(key, value, 1, MAX_REPLICATIONS, ALLOWED_REPLICATIONS, problems)


def _check_scale(key: str, value: Any, problems: list[Problem]) -> float | None:
    """Scale is a number in (0, MAX_SCALE]; 1.0 means one simulated person per resident."""
    return _check_real_number(key, value, lambda x: 0 < x <= MAX_SCALE, ALLOWED_SCALE, problems)


def _check_name(value: Any, problems: list[Problem]) -> str | None:
    """The name becomes a folder name, so it is kept to safe characters."""
    if not isinstance(value, str) or not re.fullmatch(NAME_PATTERN, value):
        message = "the name is required" if value is MISSING else ""
        problems.append(Problem("name", value, message, ALLOWED_NAME))
        return None
    return value


def _check_description(value: Any, problems: list[Problem]) -> str | None:
    """The description is any text."""
    if not isinstance(value, str):
        allowed = 'text in quotes, e.g. "Baseline 2014-2025"'
        problems.append(Problem("description", value, "", allowed))
        return None
    return value


# --------------------------------------------------------------------------------------------
# Region and period
# --------------------------------------------------------------------------------------------


def _check_region(value: Any, base_dir: Path, problems: list[Problem]) -> RegionData | None:
    """Load the region (bundled name or path relative to the scenario folder) or record why not."""
    return _load_named(
        "region", value, base_dir, problems,
        what="region", names=bundled_regions(), loader=load_region, errors=(RegionError, OSError, ValueError), hint=_region_hint,
    )  # fmt: skip


def _load_named(
    key: str, value: Any, base_dir: Path, problems: list[Problem], *,
    what: str, names: list[str], loader: Callable[..., Any], errors: tuple[type[Exception], ...], hint: Callable[[str, Exception], str],
) -> Any:  # fmt: skip
    """Load a bundled file by name, or by a path relative to the scenario folder, or record why not.

    Regions and drivers files are both named this way; ``hint`` turns the loader's error into
    the message (a suggestion for a mistyped bundled name, the file's own fault for a path).
    """
    allowed = (
        f"a bundled {what} name ({_words(names)}) or a path to a {what} .toml "
        "file, relative to the scenario file's folder"
    )
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(key, value, "", allowed))
        return None
    try:
        return loader(value, base_dir=base_dir)
    except errors as exc:
        problems.append(Problem(key, value, hint(value, exc), allowed))
        return None


def _region_hint(value: str, exc: Exception) -> str:
    """Explain a region that failed to load: suggest a bundled name, or pass on the file's fault.

    A bare name (no slash, no ".toml") means a bundled region, whose list is already in the
    'allowed' part; for a path the region loader's own message says what is wrong with the file.
    """
    if "/" in value or "\\" in value or value.endswith(".toml"):
        return str(exc)
    hint = _suggest(value, bundled_regions())
    return f"unknown region {value!r}" + (f"; {hint}" if hint else "")


def _check_month(
    key: str, value: Any, region: RegionData | None, problems: list[Problem]
) -> str | None:
    """Return a valid "YYYY-MM" month inside the region's years, else record a problem."""
    match = re.fullmatch(MONTH_PATTERN, value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        message = 'write it in quotes as "YYYY-MM"' if isinstance(value, (_dt.date, int)) else ""
        problems.append(Problem(key, value, message, ALLOWED_MONTH))
        return None
    year = int(match.group(1))
    if region is not None and not region.first_year <= year <= region.last_year:
        allowed = (
            f"a month from {region.first_year}-01 to {region.last_year}-12 "
            f"(the years region {region.name!r} has data for)"
        )
        problems.append(Problem(key, value, "", allowed))
        return None
    return value


def _check_period(
    start: Any, end: Any, region: RegionData | None, problems: list[Problem]
) -> tuple[str | None, str | None]:
    """Check start and end, and that end is not before start."""
    start_ok = _check_month("start", start, region, problems)
    end_ok = _check_month("end", end, region, problems)
    if start_ok and end_ok and _month_number(end_ok) < _month_number(start_ok):
        allowed = f"a month not before start ({start_ok!r})"
        problems.append(Problem("end", end, "end is before start", allowed))
        return start_ok, None
    return start_ok, end_ok


def _check_warm_up(value: Any, start: str | None, region: RegionData | None, problems: list[Problem]) -> str | None:
    """An optional month before ``start`` from which the model runs unreported (a warm-up).

    The start population is built from the region's figures for the warm-up's year and lives
    through the model's own flows up to ``start``, where the outputs begin; without a warm-up it
    is built for ``start`` itself (docs/scenario-reference.md, "warm_up_from").
    """
    if value is None:
        return None
    month = _check_month("warm_up_from", value, region, problems)
    if month is not None and start is not None and _month_number(month) >= _month_number(start):
        problems.append(Problem("warm_up_from", value, "the warm-up must begin before start", f"a month before start ({start!r})"))
        return None
    return month


# --------------------------------------------------------------------------------------------
# [economy]
# --------------------------------------------------------------------------------------------


def _require_table(key: str, value: Any, allowed: str, problems: list[Problem]) -> bool:
    """Record a problem unless ``value`` is a TOML table."""
    if isinstance(value, Mapping):
        return True
    problems.append(Problem(key, value, "", allowed))
    return False


def _check_economy(
    value: Any, region: RegionData | None, base_dir: Path, problems: list[Problem]
) -> Economy | None:
    """Check [economy]: the drivers file and its path, edits of its series, sector trends."""
    allowed = f"a table [economy] with the keys {_words(ECONOMY_KEYS)}"
    if not _require_table("economy", value, allowed, problems):
        return None
    _check_removed_economy_keys(value, problems)
    current = {key: item for key, item in value.items() if key not in REMOVED_ECONOMY_KEYS}
    _check_unknown_keys(current, ECONOMY_KEYS, "economy", problems)
    count = len(problems)
    written = value.get("drivers", DEFAULT_DRIVERS)
    drivers = _check_drivers(written, base_dir, problems)
    path = _check_economy_path(value.get("path", DEFAULT_ECONOMY_PATH), drivers, problems)
    edits = _check_edits(value, drivers, path, problems)
    sector_trend = _check_sector_trend(value.get("sector_trend", {}), region, problems)
    if len(problems) > count or drivers is None:
        return None
    return Economy(
        drivers=written, drivers_path=drivers.file, drivers_sha256=drivers.sha256, path=path,
        set=edits["set"], shift=edits["shift"], sector_trend=sector_trend,
    )


def _check_removed_economy_keys(table: Mapping[str, Any], problems: list[Problem]) -> None:
    """``jobs_index`` and ``cycle`` gave way to the national drivers: say what replaces them."""
    allowed = f"the keys in [economy]: {_words(ECONOMY_KEYS)}"
    for key, why in REMOVED_ECONOMY_KEYS.items():
        if key in table:
            message = (
                f"{key!r} was removed: {why}; change them with [economy.set.<series>] or "
                "[economy.shift.<series>] of the drivers file, e.g. [economy.set.gdp_growth] 2020 = -4.0"
            )
            problems.append(Problem(_join("economy", key), table[key], message, allowed))


def _check_drivers(value: Any, base_dir: Path, problems: list[Problem]) -> Drivers | None:
    """Load the drivers file (bundled name or path relative to the scenario folder) or record why not."""
    drivers = _load_named(
        "economy.drivers", value, base_dir, problems,
        what="drivers", names=bundled_drivers(), loader=load_drivers, errors=(DriverError, OSError), hint=_drivers_hint,
    )  # fmt: skip
    if drivers is not None:
        _DRIVERS_CACHE.setdefault((str(drivers.file), drivers.sha256), drivers)
    return drivers


def _drivers_hint(value: str, exc: Exception) -> str:
    """An unknown bundled name gets a suggestion; a file's fault is passed on as the loader said it."""
    if not is_bundled_name(value) or value in bundled_drivers():
        return str(exc)
    hint = _suggest(value, bundled_drivers())
    return f"unknown drivers {value!r}" + (f"; {hint}" if hint else "")


def _check_economy_path(value: Any, drivers: Drivers | None, problems: list[Problem]) -> str | None:
    """The path must be one of the drivers file's ``[path.*]`` tables."""
    names = drivers.paths if drivers is not None else ()
    if drivers is None:
        allowed = 'the name of a path of the drivers file, e.g. "historical"'
    else:
        allowed = f"a path of the drivers file {drivers.file.name}: {_words(names)}"
    if not isinstance(value, str) or (drivers is not None and value not in names):
        hint = _suggest(value, names) if isinstance(value, str) else ""
        problems.append(Problem("economy.path", value, hint, allowed))
        return None
    return value


def _check_edits(
    table: Mapping[str, Any], drivers: Drivers | None, path: str | None, problems: list[Problem]
) -> dict[str, dict[str, dict[int, float]]]:
    """``[economy.set.<series>]``, then ``[economy.shift.<series>]`` (checked against the set path)."""
    edits: dict[str, dict[str, dict[int, float]]] = {}
    for op in EDIT_KEYS:
        base = _edit_base(drivers, path, edits.get("set", {})) if op == "shift" else None
        edits[op] = _check_edit_table(op, table.get(op, {}), drivers, base, problems)
    return edits


def _edit_base(drivers: Drivers | None, path: str | None, set_edits: Mapping[str, Any]) -> DriverPath | None:
    """The path a shift acts on (with the scenario's good ``set`` edits), if it can be built."""
    if drivers is None or path is None:
        return None
    try:
        return drivers.path(path, set=set_edits)
    except DriverError:
        return None


def _check_edit_table(
    op: str, value: Any, drivers: Drivers | None, base: DriverPath | None, problems: list[Problem]
) -> dict[str, dict[int, float]]:
    """One of ``[economy.set]``/``[economy.shift]``: a table per series of the drivers file."""
    prefix = f"economy.{op}"
    allowed = f"a table per driver series of year = number, e.g. [{prefix}.gdp_growth] with 2020 = -4.0"
    if not _require_table(prefix, value, allowed, problems) or drivers is None:
        return {}
    result = {}
    for series in _check_named_keys(prefix, value, tuple(drivers.series), "driver series", problems):
        key = _join(prefix, series)
        if _require_table(key, value[series], "a table of year = number, e.g. 2020 = -4.0", problems):
            result[series] = _check_edit_years(op, key, value[series], drivers, series, base, problems)
    return result


def _check_edit_years(
    op: str,
    key: str,
    table: Mapping[str, Any],
    drivers: Drivers,
    series: str,
    base: DriverPath | None,
    problems: list[Problem],
) -> dict[int, float]:
    """The ``year = number`` entries of one series' edits: years in order, numbers in range."""
    result: dict[int, float] = {}
    previous: int | None = None
    for year_text, number in table.items():
        item = _join(key, year_text)
        year = _check_driver_year(item, year_text, drivers, previous, problems)
        previous = year if year is not None else previous
        accept, allowed = _edit_rule(op, drivers, series, base, year)
        checked = _check_real_number(item, number, accept, allowed, problems)
        if year is not None and checked is not None:
            result[year] = checked
    return result


def _check_driver_year(
    key: str, year_text: Any, drivers: Drivers, previous: int | None, problems: list[Problem]
) -> int | None:
    """Edit keys are years ("2020") within the drivers file's years, in ascending order."""
    allowed = (
        f"a year from {drivers.first_year} to {drivers.last_year} (the years of drivers file "
        f"{drivers.file.name}), in ascending order"
    )
    text = str(year_text)
    if not re.fullmatch(r"\d{4}", text):
        problems.append(Problem(key, year_text, "the key must be a year", allowed))
        return None
    year = int(text)
    if not drivers.first_year <= year <= drivers.last_year:
        problems.append(Problem(key, year_text, "year outside the drivers file's years", allowed))
        return None
    if previous is not None and year <= previous:
        message = f"the years are not in ascending order ({year} comes after {previous})"
        problems.append(Problem(key, year_text, message, allowed))
        return None
    return year


def _edit_rule(
    op: str, drivers: Drivers, series: str, base: DriverPath | None, year: int | None
) -> tuple[Callable[[float], bool], str]:
    """What a ``set`` value or a ``shift`` of ``year`` may be, and that in words.

    Example:
        >>> accept, allowed = _edit_rule("shift", load_drivers("netherlands"), "unemployment_rate",
        ...                              load_drivers("netherlands").path(), 2014)
        >>> accept(-8.0), allowed
        (False, 'a number from -7.4 to 22.6: unemployment_rate in 2014 is 7.4 and must stay within 0 to 30 (percent of the labour force)')
    """
    spec = drivers.series[series]
    if op == "set":
        return spec.accepts, spec.allowed()
    if base is None or year is None:
        return (lambda x: True), f"a finite number (added to {series} in that year)"
    low, high = base.shift_bounds(series, year)
    now = ", ".join(f"{v:.4g}" for v in base.points_in_year(series, year))
    allowed = (
        f"a number from {low:.4g} to {high:.4g}: {series} in {year} is {now} and must stay "
        f"within {spec.min:g} to {spec.max:g} ({spec.unit})"
    )
    return (lambda x: low <= x <= high), allowed


def _check_named_keys(
    prefix: str,
    table: Mapping[str, Any],
    known: Sequence[str] | None,
    kind: str,
    problems: list[Problem],
) -> list[str]:
    """Report keys that are not among the region's ``known`` names; return the good keys."""
    good = []
    for key, value in table.items():
        if known is None or key in known:
            good.append(key)
            continue
        hint = _suggest(key, known)
        message = f"unknown {kind} {key!r}" + (f"; {hint}" if hint else "")
        problems.append(Problem(_join(prefix, key), value, message, f"a {kind}: {_words(known)}"))
    return good


def _check_sector_trend(
    value: Any, region: RegionData | None, problems: list[Problem]
) -> dict[str, float]:
    """``[economy.sector_trend]``: sector = extra growth in % per year."""
    prefix = "economy.sector_trend"
    allowed = (
        f"a number from {-MAX_SECTOR_TREND:g} to {MAX_SECTOR_TREND:g} "
        "(extra growth in % per year, e.g. 1.5)"
    )
    if not _require_table(prefix, value, "a table of sector = % per year", problems):
        return {}
    known = region.sectors if region is not None else None
    result = {}
    for sector in _check_named_keys(prefix, value, known, "sector", problems):
        number = _check_real_number(
            _join(prefix, sector),
            value[sector],
            lambda x: -MAX_SECTOR_TREND <= x <= MAX_SECTOR_TREND,
            allowed,
            problems,
        )
        if number is not None:
            result[sector] = number
    return result


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


def _check_parameters_file(value: Any, base_dir: Path, problems: list[Problem]) -> Path | None:
    """An alternative parameter file must exist; relative paths start at the scenario's folder."""
    if value is None:
        return None
    allowed = "a path to a parameter .toml file, relative to the scenario file's folder"
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem("parameters_file", value, "", allowed))
        return None
    path = (base_dir / value).resolve()
    if not path.is_file():
        why = "not a regular file (a folder, a device or a pipe)" if path.exists() else "no such file"
        problems.append(Problem("parameters_file", value, f"{why}: {path}", allowed))
        return None
    return path


def _check_calibration(
    value: Any, base_dir: Path, parameters_file: Path | None, problems: list[Problem]
) -> tuple[Path | None, dict[str, float], str | None]:
    """A calibrated parameter file must exist and fit the parameter set; paths start at the scenario's folder."""
    if value is None:
        return None, {}, None
    allowed = "a path to a calibrated parameter file (participation-model calibrate), relative to the scenario file's folder"
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem("calibration", value, "", allowed))
        return None, {}, None
    path = (base_dir / value).resolve()
    if not path.is_file():
        why = "not a regular file (a folder, a device or a pipe)" if path.exists() else "no such file"
        problems.append(Problem("calibration", value, f"{why}: {path}", allowed))
        return None, {}, None
    try:
        params = load_parameters(parameters_file)
        calibrated = load_calibrated(path, params)
    except (OSError, ValueError) as exc:
        problems.append(Problem("calibration", value, str(exc), allowed))
        return None, {}, None
    return path, calibrated.values, calibrated.sha256


def _load_parameter_set(
    path: Path | None, written: Any, overrides: Any, problems: list[Problem]
) -> ParameterSet | None:
    """Load the parameter set only when something needs it (a file or overrides)."""
    wanted = isinstance(overrides, Mapping) and bool(overrides)
    if path is None and (written is not None or not wanted):
        return None
    try:
        return load_parameters(path)
    except (OSError, ValueError, KeyError) as exc:
        if path is None:
            raise
        allowed = "a readable parameter file in the same format as the bundled one"
        problems.append(Problem("parameters_file", written, str(exc), allowed))
        return None


def _flatten_sweep(table: Mapping[str, Any]) -> dict[str, Any]:
    """Like :func:`_flatten`, but an intervention key's value may itself be a list of tables."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if is_intervention_key(key) or (key.startswith("interventions[") and isinstance(value, Mapping)):
            flat.update(_flatten({key: value}) if isinstance(value, Mapping) else {key: value})
        elif isinstance(value, Mapping):
            flat.update(_flatten(value, key))
        else:
            flat[key] = value
    return flat


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested tables into dotted names, so both TOML spellings work.

    Example:
        >>> _flatten({"search": {"base_intensity": 0.3}, "ww.max_months": 24})
        {'search.base_intensity': 0.3, 'ww.max_months': 24}
    """
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = _join(prefix, key)
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name))
        else:
            flat[name] = value
    return flat


def _check_parameters(
    value: Any, parameter_set: ParameterSet | None, problems: list[Problem]
) -> dict[str, float]:
    """``[parameters]``: known dotted names with numbers inside the parameter's bounds."""
    if not _require_table("parameters", value, "a table [parameters] of name = number", problems):
        return {}
    result: dict[str, float] = {}
    if parameter_set is None:
        return result
    names = parameter_set.names()
    for name, number in _flatten(value).items():
        key = _join("parameters", name)
        if name not in names:
            hint = _suggest(name, names)
            message = f"unknown parameter {name!r}" + (f"; {hint}" if hint else "")
            allowed = f"a parameter name defined in {parameter_set.path.name}"
            problems.append(Problem(key, number, message, allowed))
            continue
        spec = parameter_set.spec(name)
        unit = f" ({spec.unit})" if spec.unit else ""
        allowed = f"a number from {spec.min:g} to {spec.max:g}{unit}"
        checked = _check_real_number(
            key, number, lambda x, s=spec: s.min <= x <= s.max, allowed, problems
        )
        if checked is not None:
            result[name] = checked
    return result


# --------------------------------------------------------------------------------------------
# [sweep]
# --------------------------------------------------------------------------------------------


def _check_sweep_name(
    key: str, name: str, parameter_set: ParameterSet, value: Any, problems: list[Problem]
) -> Any:
    """Return the parameter's spec, or record an unknown-name problem and return None."""
    names = parameter_set.names()
    if name in names:
        return parameter_set.spec(name)
    hint = _suggest(name, names)
    message = f"unknown parameter {name!r}" + (f"; {hint}" if hint else "")
    problems.append(Problem(key, value, message, f"a parameter name defined in {parameter_set.path.name}"))
    return None


def _bounds_text(spec: Any) -> str:
    unit = f" ({spec.unit})" if spec.unit else ""
    return f"a number from {spec.min:g} to {spec.max:g}{unit}"


@dataclass(frozen=True)
class _SweepContext:
    """What intervention keys in a sweep are checked against."""

    interventions: tuple[InterventionSpec, ...] = ()
    region: RegionData | None = None
    start: str | None = None
    end: str | None = None


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


def _thaw(value: Any) -> Any:
    """Plain dicts and lists from read-only ones (for building a changed copy)."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


def _check_sweep_intervention(
    key: str, name: str, values: Any, context: _SweepContext, problems: list[Problem]
) -> tuple[Any, ...] | None:
    """A sweep over an intervention field: each value must be valid for that block."""
    match = INTERVENTION_KEY.match(name)
    blocks = context.interventions
    allowed = f"interventions[i].<field> with i from 1 to {len(blocks)} (the [[interventions]] blocks of this file)"
    if match is None or not 1 <= int(match.group(1)) <= len(blocks):
        problems.append(Problem(key, values, "", allowed if blocks else "no intervention keys: this scenario has no [[interventions]]"))
        return None
    if not isinstance(values, list) or not values:
        problems.append(Problem(key, values, "", "a non-empty list of values for that field"))
        return None
    if context.region is None or context.start is None or context.end is None:
        return None
    spec = blocks[int(match.group(1)) - 1]
    cls = available_interventions()[spec.type]
    ctx = Context(context.region.sectors, context.region.locations, context.region.gemeenten, context.start, context.end)
    ok = True
    for i, item in enumerate(values):
        changed = with_intervention_option(blocks, name, item)[int(match.group(1)) - 1]
        _, found = cls.check(dict(changed.options), ctx)
        for fp in found:
            problems.append(Problem(f"{key}[{i}]", item, fp.message, f"for {fp.key}: {fp.allowed}"))
            ok = False
    return tuple(values) if ok else None


def _check_sweep(
    value: Any, parameter_set: ParameterSet | None, problems: list[Problem], context: _SweepContext = _SweepContext()
) -> Sweep | None:
    """``[sweep]``: exactly one of ``grid`` or ``sample``, names and values within bounds.

    Example:
        >>> problems: list[Problem] = []
        >>> _check_sweep({"grid": {"matching.efficiency": [9.0]}}, load_parameters(), problems)
        >>> problems[0].key
        'sweep.grid.matching.efficiency[0]'
    """
    allowed = "a table [sweep] with either a [sweep.grid] or a [sweep.sample] table"
    if not _require_table("sweep", value, allowed, problems):
        return None
    _check_unknown_keys(value, SWEEP_KEYS, "sweep", problems)
    present = [key for key in SWEEP_KEYS if key in value]
    if len(present) != 1:
        problems.append(Problem("sweep", dict(value), "give exactly one of 'grid' or 'sample'", allowed))
        return None
    if parameter_set is None:
        return None
    count = len(problems)
    if present[0] == "grid":
        grid = _check_sweep_grid(value["grid"], parameter_set, problems, context)
        sweep = Sweep(method="grid", grid=grid) if len(problems) == count else None
    else:
        sweep = _check_sweep_sample(value["sample"], parameter_set, problems)
    return sweep if len(problems) == count else None


def _check_sweep_grid(
    value: Any, parameter_set: ParameterSet, problems: list[Problem], context: _SweepContext = _SweepContext()
) -> dict[str, tuple[Any, ...]]:
    """``[sweep.grid]``: dotted parameter name = list of values within the bounds."""
    allowed_table = 'a table [sweep.grid] of "dotted.name" = [values], e.g. "matching.efficiency" = [0.4, 0.5]'
    if not _require_table("sweep.grid", value, allowed_table, problems):
        return {}
    grid: dict[str, tuple[Any, ...]] = {}
    flat = _flatten_sweep(value)
    if not flat:
        problems.append(Problem("sweep.grid", {}, "the grid names no parameter", allowed_table))
    points = 1
    for name, values in flat.items():
        key = _join("sweep.grid", name)
        if is_intervention_key(name):
            checked_values = _check_sweep_intervention(key, name, values, context, problems)
            if checked_values is not None:
                grid[name] = checked_values
                points *= len(checked_values)
            continue
        spec = _check_sweep_name(key, name, parameter_set, values, problems)
        if spec is None:
            continue
        allowed = f"a non-empty list of numbers, each {_bounds_text(spec)}"
        if not isinstance(values, list) or not values:
            problems.append(Problem(key, values, "", allowed))
            continue
        checked = [
            _check_real_number(f"{key}[{i}]", item, lambda x, s=spec: s.min <= x <= s.max, allowed, problems)
            for i, item in enumerate(values)
        ]
        if all(item is not None for item in checked):
            grid[name] = tuple(float(item) for item in checked)  # type: ignore[arg-type]
            points *= len(checked)
    if points > MAX_SWEEP_POINTS:
        problems.append(
            Problem("sweep.grid", f"{points} points", "", f"at most {MAX_SWEEP_POINTS} combinations")
        )
    return grid


def _check_sweep_sample(
    value: Any, parameter_set: ParameterSet, problems: list[Problem]
) -> Sweep | None:
    """``[sweep.sample]``: method "latin", n points, ranges within bounds, a sampler seed."""
    allowed_table = f"a table [sweep.sample] with the keys {_words(SAMPLE_KEYS)}"
    if not _require_table("sweep.sample", value, allowed_table, problems):
        return None
    _check_unknown_keys(value, SAMPLE_KEYS, "sweep.sample", problems)
    count = len(problems)
    method = value.get("method", MISSING)
    if method not in SAMPLE_METHODS:
        problems.append(Problem("sweep.sample.method", method, "", f"one of {_words(SAMPLE_METHODS)}"))
    n = _check_whole_number(
        "sweep.sample.n", value.get("n", MISSING), 1, MAX_SWEEP_POINTS,
        f"a whole number from 1 to {MAX_SWEEP_POINTS}", problems,
    )
    seed = _check_seed("sweep.sample.seed", value.get("seed", 0), problems)
    ranges: dict[str, tuple[float, float]] = {}
    raw_ranges = value.get("ranges", MISSING)
    allowed_ranges = 'a table of "dotted.name" = [low, high], e.g. "matching.efficiency" = [0.4, 0.6]'
    if _require_table("sweep.sample.ranges", raw_ranges, allowed_ranges, problems):
        flat = _flatten(raw_ranges)
        if not flat:
            problems.append(Problem("sweep.sample.ranges", {}, "the sample names no parameter", allowed_ranges))
        for name, pair in flat.items():
            key = _join("sweep.sample.ranges", name)
            spec = _check_sweep_name(key, name, parameter_set, pair, problems)
            if spec is None:
                continue
            allowed = f"[low, high] with low < high, both {_bounds_text(spec)}"
            numbers = [_as_float(item) for item in pair] if isinstance(pair, list) and len(pair) == 2 else None
            if (
                numbers is None
                or any(x is None or not math.isfinite(x) for x in numbers)
                or not spec.min <= numbers[0] < numbers[1] <= spec.max  # type: ignore[operator]
            ):
                problems.append(Problem(key, pair, "", allowed))
                continue
            ranges[name] = (float(numbers[0]), float(numbers[1]))  # type: ignore[arg-type]
    if len(problems) > count:
        return None
    return Sweep(method="latin", n=n, ranges=ranges, seed=seed)


# --------------------------------------------------------------------------------------------
# [[interventions]]
# --------------------------------------------------------------------------------------------


def _allowed_types(registered: Mapping[str, type]) -> str:
    """Describe the valid intervention types, or say that there are none yet."""
    if not registered:
        return (
            "none yet: " + describe_available() + ", so remove the [[interventions]] tables"
        )
    return f"a registered intervention type: {_words(list(registered))}"


def _check_interventions(
    value: Any,
    region: RegionData | None,
    start: str | None,
    end: str | None,
    problems: list[Problem],
) -> tuple[InterventionSpec, ...]:
    """Each ``[[interventions]]`` table needs a registered ``type``; its own keys are checked
    by the intervention class (declared fields, eligibility filter, funding shares, dates)."""
    allowed_list = "a list of tables, each written as [[interventions]] (double brackets)"
    if not isinstance(value, list):
        problems.append(Problem("interventions", value, "", allowed_list))
        return ()
    registered = available_interventions()
    specs = []
    names: dict[str, int] = {}
    for number, table in enumerate(value, start=1):
        key = f"interventions[{number}]"
        if not _require_table(key, table, "a table with a 'type' key", problems):
            continue
        kind = table.get("type", MISSING)
        if not isinstance(kind, str) or kind not in registered:
            hint = _suggest(kind, list(registered)) if isinstance(kind, str) else ""
            if kind is MISSING:
                hint = "every [[interventions]] table needs a type"
            problems.append(Problem(f"{key}.type", kind, hint, _allowed_types(registered)))
            continue
        options = {name: item for name, item in table.items() if name != "type"}
        label = options.get("name", kind)
        if isinstance(label, str) and label in names:
            problems.append(Problem(
                f"{key}.name", label,
                f"interventions[{names[label]}] has the same name (random streams and reports are keyed by name)",
                "a name not used by another intervention block; give each block of the same type its own name",
            ))
        elif isinstance(label, str):
            names[label] = number
        if region is not None and start is not None and end is not None:
            ctx = Context(region.sectors, region.locations, region.gemeenten, start, end)
            _, found = registered[kind].check(options, ctx)
            problems.extend(Problem(f"{key}.{fp.key}", fp.value, fp.message, fp.allowed) for fp in found)
        specs.append(InterventionSpec(type=kind, options=options))
    return tuple(specs)
