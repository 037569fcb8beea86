"""Calibration targets: typed figures with period, definition, geography, source and uncertainty.

``calibration/targets/oost-groningen.toml`` lists the figures the model is calibrated and
validated against, as ``[[target]]`` tables, and may carry one ``[calibration]`` table with the
settings of the calibration to them (see ``docs/calibration.md``). Every target is checked when the file is read:
its unit and kind come from fixed lists, it has a year or a period, a definition, a geography
and a source, and a positive uncertainty (absolute, in the target's unit, or relative).

Example:
    >>> from pathlib import Path
    >>> targets = load_targets(Path(__file__).parents[3] / "calibration" / "targets" / "oost-groningen.toml")
    >>> t = targets.get("netto_participation_2016")
    >>> t.value, t.band()
    (60.9, (60.4, 61.4))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from participation_model.tomlfile import read_toml

UNITS = ("persons", "percent", "percent per quarter", "percent per year", "jobs", "share", "vacancies per unemployed")
KINDS = ("stock", "rate", "flow", "share")
GEOGRAPHIES = ("Oost-Groningen", "province of Groningen", "labour-market region Groningen", "Netherlands")
REQUIRED = ("name", "value", "unit", "kind", "definition", "geography", "source", "uncertainty")
PERIOD = re.compile(r"^(\d{4})-(\d{4})$")


class TargetError(ValueError):
    """A target file that cannot be used; the message names the file, the target and the key."""


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    unit: str
    first_year: int
    last_year: int
    kind: str
    definition: str
    geography: str
    source: str
    half_width: float  # of the uncertainty band, in the target's unit

    def band(self) -> tuple[float, float]:
        """The band ``value +/- uncertainty``."""
        return (round(self.value - self.half_width, 10), round(self.value + self.half_width, 10))

    def standardised(self, model_value: float) -> float:
        """Model minus target in units of the band's half-width (|z| <= 1 is within the band)."""
        return (model_value - self.value) / self.half_width


@dataclass(frozen=True)
class Targets:
    path: Path
    sha256: str
    targets: tuple[Target, ...]
    #: the optional ``[calibration]`` table: how to calibrate to these targets (checked by
    #: :func:`participation_model.analysis.calibration.load_setup`)
    calibration: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Target:
        for t in self.targets:
            if t.name == name:
                return t
        raise KeyError(f"no target {name!r}; targets: {', '.join(t.name for t in self.targets)}")


def load_targets(path: str | Path) -> Targets:
    """Read and check a targets file (see the module docstring)."""
    file = Path(path)
    raw, digest = read_toml(file, TargetError)
    tables = raw.get("target")
    if not isinstance(tables, list) or not tables:
        raise TargetError(f"{file}: no targets; allowed: a list of [[target]] tables")
    unknown = [k for k in raw if k not in ("target", "calibration")]
    if unknown:
        raise TargetError(f"{file}: key {unknown[0]!r}: allowed: [[target]] tables and one [calibration] table")
    calibration = raw.get("calibration", {})
    if not isinstance(calibration, dict):
        raise TargetError(f"{file}: key 'calibration': allowed: a table, e.g. [calibration]")
    targets = tuple(_target(file, i, t) for i, t in enumerate(tables, start=1))
    names = [t.name for t in targets]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise TargetError(f"{file}: target {duplicate!r} appears twice; allowed: unique names")
    return Targets(file.resolve(), digest, targets, calibration)


def _target(file: Path, number: int, t: Any) -> Target:
    where = f"{file}: target[{number}]"
    if not isinstance(t, dict):
        raise TargetError(f"{where}: allowed: a table")
    where = f"{file}: target {t.get('name', f'[{number}]')!r}"
    missing = [k for k in REQUIRED if k not in t]
    if missing:
        raise TargetError(f"{where}: key '{missing[0]}' is missing; required: {', '.join(REQUIRED)}")
    extra = [k for k in t if k not in (*REQUIRED, "year", "period")]
    if extra:
        raise TargetError(f"{where}: key {extra[0]!r}: allowed keys: {', '.join((*REQUIRED, 'year', 'period'))}")
    if isinstance(t["value"], bool) or not isinstance(t["value"], (int, float)):
        raise TargetError(f"{where}: key 'value': got {t['value']!r}; allowed: a number")
    for key, allowed in (("unit", UNITS), ("kind", KINDS), ("geography", GEOGRAPHIES)):
        if t[key] not in allowed:
            raise TargetError(f"{where}: key '{key}': got {t[key]!r}; allowed: {', '.join(repr(a) for a in allowed)}")
    for key in ("definition", "source"):
        if not isinstance(t[key], str) or not t[key].strip():
            raise TargetError(f"{where}: key '{key}': allowed: a non-empty text")
    first, last = _years(where, t)
    return Target(t["name"], float(t["value"]), t["unit"], first, last, t["kind"], t["definition"], t["geography"], t["source"], _half_width(where, t))


def _years(where: str, t: dict) -> tuple[int, int]:
    if ("year" in t) == ("period" in t):
        raise TargetError(f"{where}: allowed: exactly one of 'year' (e.g. 2016) or 'period' (e.g. \"2014-2015\")")
    if "year" in t:
        if not isinstance(t["year"], int) or not 1990 <= t["year"] <= 2035:
            raise TargetError(f"{where}: key 'year': got {t['year']!r}; allowed: a year from 1990 to 2035")
        return t["year"], t["year"]
    match = PERIOD.match(str(t["period"]))
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise TargetError(f"{where}: key 'period': got {t['period']!r}; allowed: \"FIRST-LAST\" years, e.g. \"2014-2015\"")
    return int(match.group(1)), int(match.group(2))


def _half_width(where: str, t: dict) -> float:
    u = t["uncertainty"]
    allowed = "{ absolute = number > 0 } in the target's unit, or { relative = fraction > 0 }"
    if not isinstance(u, dict) or len(u) != 1 or next(iter(u)) not in ("absolute", "relative"):
        raise TargetError(f"{where}: key 'uncertainty': got {u!r}; allowed: {allowed}")
    kind, amount = next(iter(u.items()))
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0:
        raise TargetError(f"{where}: key 'uncertainty.{kind}': got {amount!r}; allowed: {allowed}")
    return float(amount) if kind == "absolute" else float(amount) * abs(float(t["value"]))
