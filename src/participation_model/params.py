"""Model parameters: behavioural rates, rules and weights, each with unit, bounds and source.

Parameters live in a TOML file (``data/parameters/default.toml``), one table per parameter::

    [separations.layoff_rate]
    value = 0.0030
    unit = "per month"
    min = 0.0
    max = 0.05
    source = "ASSUMPTION, hand-tuned to CBS E->U flow of about 1.1% a quarter (2016)"
    description = "monthly hazard that an employee is laid off in a normal month"

A scenario may override values (within ``[min, max]``) by dotted name. The step code reads
parameters only through a :class:`ParameterSet`, never as literals.

Example:
    >>> params = load_parameters()
    >>> params.spec("matching.efficiency").unit
    'hires per vacancy per unit of application intensity'
"""

from __future__ import annotations

from participation_model.tomlfile import read_toml

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

DEFAULT_PATH = Path(__file__).parent / "data" / "parameters" / "default.toml"
REQUIRED_KEYS = ("value", "unit", "min", "max", "source", "description")


class ParameterError(ValueError):
    """A parameter file is malformed or an override is unknown or out of bounds."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: its value, unit, allowed range and where the number comes from."""

    name: str
    value: float
    unit: str
    min: float
    max: float
    source: str
    description: str

    @property
    def is_assumption(self) -> bool:
        """True when the source says the value is an assumption (calibration may move it)."""
        return self.source.upper().startswith(("ASSUMPTION", "ESTIMATE"))


@dataclass(frozen=True)
class ParameterSet:
    """An immutable set of parameters; `with_overrides` returns a new set."""

    path: Path
    sha256: str
    specs: Mapping[str, ParamSpec] = field(repr=False)
    overrides: Mapping[str, float] = field(default_factory=dict)

    def names(self) -> list[str]:
        """All dotted parameter names, sorted."""
        return sorted(self.specs)

    def spec(self, name: str) -> ParamSpec:
        """The spec of one parameter (``KeyError`` when unknown)."""
        return self.specs[name]

    def value(self, name: str) -> float:
        """The value of one parameter, after overrides."""
        return self.specs[name].value

    def __getitem__(self, name: str) -> float:
        return self.specs[name].value

    def with_overrides(self, overrides: Mapping[str, float]) -> "ParameterSet":
        """A copy with some values replaced; unknown names or out-of-range values raise.

        Example:
            >>> p = load_parameters().with_overrides({"matching.efficiency": 0.5})
            >>> p["matching.efficiency"]
            0.5
        """
        specs = dict(self.specs)
        for name, value in overrides.items():
            if name not in specs:
                raise ParameterError(f"unknown parameter {name!r}")
            spec = specs[name]
            value = float(value)
            if not spec.min <= value <= spec.max:
                raise ParameterError(
                    f"parameter {name!r}: got {value}; allowed: {spec.min} to {spec.max} ({spec.unit})"
                )
            specs[name] = replace(spec, value=value)
        return ParameterSet(self.path, self.sha256, specs, {**self.overrides, **overrides})


def load_parameters(path: str | Path | None = None) -> ParameterSet:
    """Read a parameter file (the bundled default when ``path`` is None) and check it."""
    file = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_toml(file, ParameterError, "parameter file")
    specs: dict[str, ParamSpec] = {}
    for group, table in raw.items():
        if not isinstance(table, dict):
            raise ParameterError(f"{file}: key {group!r}: expected a table of parameters")
        for name, entry in table.items():
            specs[f"{group}.{name}"] = _spec(file, f"{group}.{name}", entry)
    return ParameterSet(file.resolve(), digest, specs)


def _spec(file: Path, name: str, entry: Any) -> ParamSpec:
    if not isinstance(entry, dict):
        raise ParameterError(f"{file}: key {name!r}: expected a table with {', '.join(REQUIRED_KEYS)}")
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise ParameterError(f"{file}: key {name!r}: missing {', '.join(missing)}")
    spec = ParamSpec(
        name=name,
        value=float(entry["value"]),
        unit=str(entry["unit"]),
        min=float(entry["min"]),
        max=float(entry["max"]),
        source=str(entry["source"]),
        description=str(entry["description"]),
    )
    if not spec.min <= spec.value <= spec.max:
        raise ParameterError(f"{file}: key {name!r}: value {spec.value} outside [{spec.min}, {spec.max}]")
    return spec
