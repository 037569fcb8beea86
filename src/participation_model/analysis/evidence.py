"""Evaluation evidence on programme effects, read from ``calibration/evidence.toml``.

The plausibility report holds the model's per-participant effect curves against what
evaluations found. That evidence is data, not code: each published finding (value, unit,
horizon, source) and, per programme type of the model, the plausible effect range per band of
months since enrolment, with the findings it rests on and whether it is our judgement
(``assumption = true``). The file format is described at its top and in
``docs/plausibility.md``.

Everything is checked when the file is read, and the first problem raises
:class:`EvidenceError` naming the file, the dotted key and what is allowed, so a typo in a
hand-edited file never shows up later as a silently missing range.

Example:
    >>> from pathlib import Path
    >>> evidence = load_evidence(Path(__file__).parents[3] / "calibration" / "evidence.toml")
    >>> band = evidence.instrument("sectorplan_retraining").bands[0]
    >>> band.label, band.first, band.last, band.contains(-1.0)
    ('0-12', 0, 12, True)
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from participation_model.tomlfile import read_toml

__all__ = ["Band", "Evidence", "EvidenceError", "Finding", "Instrument", "load_evidence", "programme_types"]

FINDING_UNITS = ("percentage points", "direction")
DIRECTIONS = ("negative", "zero or negative", "about zero", "positive", "larger than average", "smaller than average")
MEASURED_FROM = ("programme start", "programme end")
RANGE_UNITS = ("percentage points",)
FINDING_KEYS = ("value", "unit", "horizon", "measured_from", "measure", "source", "text")
INSTRUMENT_KEYS = ("kind", "expectation", "evidence", "range")
RANGE_KEYS = ("low", "high", "unit", "evidence", "assumption", "text")
TOP_KEYS = ("finding", "instrument")

_BAND = re.compile(r"^(\d+)-(\d+)$")
_OPEN = re.compile(r"^(\d+)\+$")
_ALLOWED_BAND = 'months since enrolment written "A-B" with A <= B (both included), e.g. "0-12"'
_ALLOWED_HORIZON = 'months written "A-B" (both included) or "A+" (A and later), e.g. "13-24" or "25+"'


class EvidenceError(ValueError):
    """An evidence file that cannot be used; the message names the file, the key and what is allowed."""


@dataclass(frozen=True)
class Finding:
    """One published finding, e.g. +5.4 pp 1-2 years after the programme (Card, Kluve & Weber 2018)."""

    id: str
    value: float | str  # a number in percentage points, or a direction such as "negative"
    unit: str
    horizon: str
    measured_from: str
    measure: str
    source: str
    text: str


@dataclass(frozen=True)
class Band:
    """The plausible effect of one programme type over months ``first`` to ``last`` since enrolment.

    Example:
        >>> b = Band("13-24", 13, 24, -3.0, 6.0, "percentage points", ("x",), True, "why")
        >>> b.contains(6.0), b.contains(6.1), b.contains(float("nan"))
        (True, False, False)
    """

    label: str
    first: int
    last: int
    low: float
    high: float
    unit: str
    evidence: tuple[str, ...]
    assumption: bool
    text: str

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in ``[low, high]`` (a missing value never does)."""
        return bool(self.low <= value <= self.high)


@dataclass(frozen=True)
class Instrument:
    """Which evidence applies to one programme type, and its plausible range per band."""

    type: str
    kind: str
    expectation: str
    evidence: tuple[str, ...]
    bands: tuple[Band, ...]  # sorted by first month


@dataclass(frozen=True)
class Evidence:
    """The checked contents of an evidence file, with its path and sha256 for manifests."""

    path: Path
    sha256: str
    findings: tuple[Finding, ...]
    instruments: tuple[Instrument, ...]

    def finding(self, id: str) -> Finding:
        """The finding with this id (KeyError listing the ids if there is none)."""
        for f in self.findings:
            if f.id == id:
                return f
        raise KeyError(f"no finding {id!r}; findings: {', '.join(f.id for f in self.findings)}")

    def instrument(self, type: str) -> Instrument | None:
        """The evidence for a programme type, or None when the file has none for it."""
        return next((i for i in self.instruments if i.type == type), None)

    def sources(self, band: Band) -> str:
        """The publications a band rests on, once each, and whether its bounds are our judgement.

        Example:
            >>> f = Finding("a", 1.6, "percentage points", "0-12", "programme end", "m", "CKW 2018", "t")
            >>> b = Band("0-12", 0, 12, 0.0, 2.0, "percentage points", ("a", "a"), True, "why")
            >>> Evidence(Path("e.toml"), "", (f,), ()).sources(b)
            'CKW 2018; bounds: our judgement'
        """
        names = list(dict.fromkeys(self.finding(i).source for i in band.evidence))
        return "; ".join(names + (["bounds: our judgement"] if band.assumption else []))

    @property
    def last_month(self) -> int:
        """The last month since enrolment that any band covers (curves must reach it)."""
        return max((b.last for i in self.instruments for b in i.bands), default=0)


def programme_types() -> tuple[str, ...]:
    """Intervention types that enrol participants (events such as mass layoffs are not programmes).

    Example:
        >>> "sectorplan_retraining" in programme_types(), "mass_layoff" in programme_types()
        (True, False)
    """
    from participation_model.interventions import available_interventions
    from participation_model.interventions.base import Programme

    return tuple(name for name, cls in available_interventions().items() if issubclass(cls, Programme))


def parse_band(label: str) -> tuple[int, int] | None:
    """``"13-24"`` -> ``(13, 24)``; None when the label is not a band.

    Example:
        >>> parse_band("13-24"), parse_band("24-13"), parse_band("25+")
        ((13, 24), None, None)
    """
    match = _BAND.match(label)
    if match is None or int(match.group(1)) > int(match.group(2)):
        return None
    return int(match.group(1)), int(match.group(2))


def load_evidence(path: str | Path) -> Evidence:
    """Read and check an evidence file (format: the top of ``calibration/evidence.toml``).

    Raises:
        EvidenceError: on the first problem, e.g.
            ``calibration/evidence.toml: key 'instrument.x': unknown programme type; allowed: brug_ww, ...``
    """
    file = Path(path)
    raw, digest = read_toml(file, EvidenceError, "evidence file")
    _keys(file, "", raw, TOP_KEYS, required=TOP_KEYS)
    findings = tuple(_finding(file, id, t) for id, t in _tables(file, "finding", raw["finding"]))
    ids = tuple(f.id for f in findings)
    types = programme_types()
    instruments = []
    for type_, table in _tables(file, "instrument", raw["instrument"]):
        if type_ not in types:
            _fail(file, f"instrument.{type_}", "unknown programme type", ", ".join(types))
        instruments.append(_instrument(file, type_, table, ids))
    return Evidence(file, digest, findings, tuple(instruments))


def _fail(file: Path, key: str, what: str, allowed: str) -> NoReturn:
    raise EvidenceError(f"{file}: key '{key}': {what}; allowed: {allowed}")


def _keys(file: Path, where: str, table: dict, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    """Every required key present, no unknown key."""
    prefix = f"{where}." if where else ""
    for key in required:
        if key not in table:
            _fail(file, prefix + key, "missing", f"a table with the keys {', '.join(allowed)}")
    for key in table:
        if key not in allowed:
            _fail(file, prefix + key, "unknown key", ", ".join(allowed))


def _tables(file: Path, where: str, value: Any) -> list[tuple[str, dict]]:
    """The sub-tables of a table, each checked to be a table."""
    if not isinstance(value, dict) or not value:
        _fail(file, where, f"got {value!r}", f"one or more [{where}.<name>] tables")
    for name, table in value.items():
        if not isinstance(table, dict):
            _fail(file, f"{where}.{name}", f"got {table!r}", f"a [{where}.{name}] table")
    return list(value.items())


def _text(file: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(file, key, f"got {value!r}", "a non-empty text")
    return value


def _choice(file: Path, key: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        _fail(file, key, f"got {value!r}", ", ".join(repr(a) for a in allowed))
    return value


def _number(file: Path, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        _fail(file, key, f"got {value!r}", "a number in percentage points, e.g. 5.4")
    return float(value)


def _ids(file: Path, key: str, value: Any, known: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        _fail(file, key, f"got {value!r}", "a non-empty list of finding ids, e.g. [\"ckw2018_long\"]")
    for v in value:
        if v not in known:
            _fail(file, key, f"unknown finding {v!r}", ", ".join(known))
    return tuple(value)


def _finding(file: Path, id: str, t: dict) -> Finding:
    where = f"finding.{id}"
    _keys(file, where, t, FINDING_KEYS, required=FINDING_KEYS)
    unit = _choice(file, f"{where}.unit", t["unit"], FINDING_UNITS)
    if unit == "direction":
        value: float | str = _choice(file, f"{where}.value", t["value"], DIRECTIONS)
    else:
        value = _number(file, f"{where}.value", t["value"])
    horizon = t["horizon"]
    if not isinstance(horizon, str) or (parse_band(horizon) is None and _OPEN.match(horizon) is None):
        _fail(file, f"{where}.horizon", f"got {horizon!r}", _ALLOWED_HORIZON)
    measured_from = _choice(file, f"{where}.measured_from", t["measured_from"], MEASURED_FROM)
    texts = {k: _text(file, f"{where}.{k}", t[k]) for k in ("measure", "source", "text")}
    return Finding(id, value, unit, horizon, measured_from, texts["measure"], texts["source"], texts["text"])


def _instrument(file: Path, type_: str, t: dict, ids: tuple[str, ...]) -> Instrument:
    where = f"instrument.{type_}"
    _keys(file, where, t, INSTRUMENT_KEYS, required=INSTRUMENT_KEYS)
    kind = _text(file, f"{where}.kind", t["kind"])
    expectation = _text(file, f"{where}.expectation", t["expectation"])
    evidence = _ids(file, f"{where}.evidence", t["evidence"], ids)
    bands = sorted((_band(file, f"{where}.range", label, table, ids) for label, table in _tables(file, f"{where}.range", t["range"])), key=lambda b: b.first)
    for before, after in itertools.pairwise(bands):
        if after.first <= before.last:
            _fail(file, f"{where}.range.{after.label}", f"overlaps {before.label!r}", "bands that do not overlap")
    return Instrument(type_, kind, expectation, evidence, tuple(bands))


def _band(file: Path, where: str, label: str, t: dict, ids: tuple[str, ...]) -> Band:
    months = parse_band(label)
    if months is None:
        _fail(file, f"{where}.{label}", "not a band", _ALLOWED_BAND)
    where = f"{where}.{label}"
    _keys(file, where, t, RANGE_KEYS, required=RANGE_KEYS)
    low = _number(file, f"{where}.low", t["low"])
    high = _number(file, f"{where}.high", t["high"])
    if low > high:
        _fail(file, f"{where}.low", f"got {low:g}, above high = {high:g}", "low <= high")
    unit = _choice(file, f"{where}.unit", t["unit"], RANGE_UNITS)
    evidence = _ids(file, f"{where}.evidence", t["evidence"], ids)
    if not isinstance(t["assumption"], bool):
        _fail(file, f"{where}.assumption", f"got {t['assumption']!r}", "true (our judgement) or false (a published figure)")
    text = _text(file, f"{where}.text", t["text"])
    return Band(label, months[0], months[1], low, high, unit, evidence, t["assumption"], text)
