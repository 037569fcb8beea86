"""A design spec: the budget, the instruments allowed and their ranges, the objective, the constraints.

``participation-model design SPEC`` searches for the best package within a budget
(:mod:`participation_model.analysis.design`). This module reads and checks the spec file, so
every problem is found before anything runs: a bad spec is refused with the file, the key, the
value and what is allowed (exit 2 at the command line, nothing written).

Layout (docs/design.md has a worked example)::

    [design]            name, description, baseline (a scenario file), objective, year, group,
                        criterion, economies, replications, parameter_draws, scale,
                        evaluations, population, optimiser_seed
    [budget]            total (EUR); [budget.streams] the most each funding stream pays (EUR)
    [[instruments]]     name, budget = [low, high] (EUR), budget_step, places_per_year =
                        [low, high], places_step, start = [choices], [instruments.block] (the
                        scenario block), [instruments.targets] (named eligibility choices)
    [constraints]       gemeente_spending = {gemeente = EUR}; [[constraints.places]]
                        instruments, max_per_year, provider (a label)

A candidate package is one integer vector: per instrument the budget in steps, then (where a
range is given) the places in steps, then (where choices are given) the start and the target
group. The budget rules are linear in it, so the optimiser keeps them exactly.

Example:
    >>> spec = spec_from_dict({"design": {"name": "x", "baseline": "../scenarios/baseline.toml"},
    ...     "budget": {"total": 2e6}, "instruments": [{"name": "esf", "budget": [0, 2e6], "budget_step": 5e5,
    ...     "block": {"type": "esf_active_inclusion", "start": "2015-07", "places_per_year": 100}}]},
    ...     source=Path(__file__).parents[3] / "designs" / "x.toml")
    >>> spec.instruments[0].budget_levels, spec.objective
    (5, 'net_person_years')
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from participation_model.codes import REPORT_BANDS, STREAMS
from participation_model.numbers import finite_number
from participation_model.tomlfile import read_toml

#: What the search can maximise (or, for a cost, minimise), with its unit.
OBJECTIVES: Mapping[str, str] = {
    "net_person_years": "net extra person-years in work over the run (everyone, after displacement)",
    "netto_participation": "change in netto participation 15-75 in the design's year (percentage points)",
    "net_public_cost_per_person_year": "net public cost per net extra person-year (EUR; minimised, total over total)",
    "group_participation": "an age band's netto participation in the year (pp), or for group = \"bijstand\" the extra moves from bijstand into work (persons)",
}
#: Objectives that are better when lower.
MINIMISED = frozenset({"net_public_cost_per_person_year"})
#: How candidates are ranked over the economy paths.
CRITERIA: Mapping[str, str] = {
    "worst_case": "the value in the economy where the package does worst (maximin)",
    "mean": "the mean of the values over the economy paths",
}
GROUPS = (*REPORT_BANDS, "bijstand")
DESIGN_KEYS = {
    "name": "the design's name: letters, digits, '-' and '_' (the output folder outputs/design-<name>)",
    "description": "free text, shown in the report",
    "baseline": "the baseline scenario file, relative to this file: period, seed, warm-up, region, calibration",
    "objective": ", ".join(OBJECTIVES),
    "year": "the year of a netto_participation or group_participation objective",
    "group": f"the group of a group_participation objective: {', '.join(GROUPS)}",
    "criterion": ", ".join(CRITERIA),
    "economies": "the economy paths of the baseline's drivers file to evaluate every candidate on, e.g. [\"historical\", \"recession\", \"fast_recovery\"]",
    "replications": "replications per economy and parameter draw (common random numbers: the same seeds for every candidate)",
    "parameter_draws": "members of the calibration's ensemble to evaluate every candidate on (0: the calibrated values only)",
    "scale": "simulated persons per resident in the design runs",
    "end": "last simulated month of the design runs (default: the baseline's end)",
    "evaluations": "the most candidate packages evaluated (the search's budget)",
    "population": "differential evolution: candidates per generation, per decision variable",
    "optimiser_seed": "seed of the optimiser's own draws",
}
DEFAULTS: Mapping[str, Any] = {
    "description": "", "objective": "net_person_years", "criterion": "worst_case", "economies": ["historical"],
    "replications": 2, "parameter_draws": 0, "scale": 0.25, "evaluations": 60, "population": 5, "optimiser_seed": 1,
}  # fmt: skip
INSTRUMENT_KEYS = {
    "name": "a unique label: the intervention's name in the scenario written",
    "budget": "[low, high]: the range of the instrument's budget searched (EUR, binding in the model)",
    "budget_step": "EUR between budget levels searched (default: a tenth of the range)",
    "places_per_year": "[low, high]: the range of places a year searched (default: the block's own)",
    "places_step": "places between levels searched (default: a tenth of the range)",
    "start": "[\"YYYY-MM\", ...]: the start months to choose from (default: the block's start)",
    "block": "the intervention block, as in a scenario file ([[interventions]]), without budget",
    "targets": "named eligibility tables to choose from ({name = {status = [...], ...}}); default: the block's eligibility",
}
NAME = re.compile(r"^[A-Za-z0-9_-]+$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class DesignSpecError(ValueError):
    """A design spec that cannot be used; the message names the file, the key, the value and what is allowed."""


@dataclass(frozen=True)
class Instrument:
    """One instrument the search may fund: its block and the ranges and choices of its decision variables."""

    name: str
    block: Mapping[str, Any]
    budget_low: float
    budget_step: float
    budget_levels: int
    places_low: int | None = None
    places_step: int = 1
    places_levels: int = 0
    starts: tuple[str, ...] = ()
    targets: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    @property
    def funding(self) -> dict[str, float]:
        """The block's funding shares by stream (the instrument's default: rijk_szw alone)."""
        return {str(k): float(v) for k, v in dict(self.block.get("funding") or {"rijk_szw": 1.0}).items()}

    def variables(self) -> list[tuple[str, int]]:
        """(label, number of levels) of this instrument's decision variables, in vector order."""
        out = [(f"budget:{self.name}", self.budget_levels)]
        if self.places_levels:
            out.append((f"places:{self.name}", self.places_levels))
        if len(self.starts) > 1:
            out.append((f"start:{self.name}", len(self.starts)))
        if len(self.targets) > 1:
            out.append((f"target:{self.name}", len(self.targets)))
        return out


@dataclass(frozen=True)
class PlacesCap:
    """The most places a year that some instruments offer together (a provider's offer)."""

    instruments: tuple[str, ...]
    max_per_year: int
    provider: str = ""


@dataclass(frozen=True)
class DesignSpec:
    """A checked design spec (:func:`load_spec`)."""

    path: Path
    sha256: str
    name: str
    description: str
    baseline_path: Path
    objective: str
    year: int | None
    group: str | None
    criterion: str
    economies: tuple[str, ...]
    replications: int
    parameter_draws: int
    scale: float
    end: str | None
    evaluations: int
    population: int
    optimiser_seed: int
    total_budget: float
    stream_caps: Mapping[str, float]
    instruments: tuple[Instrument, ...]
    gemeente_caps: Mapping[str, float] = field(default_factory=dict)
    places_caps: tuple[PlacesCap, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def minimise(self) -> bool:
        """Whether the objective is better when lower (a cost)."""
        return self.objective in MINIMISED

    def variables(self) -> list[tuple[str, int]]:
        """(label, levels) of every decision variable, in vector order."""
        return [v for i in self.instruments for v in i.variables()]

    def fingerprint(self) -> str:
        """sha256 of what the evaluations depend on (the spec's content; the task adds the model's)."""
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True, default=str).encode()).hexdigest()


def load_spec(path: str | Path) -> DesignSpec:
    """Read and check a design spec file; raises DesignSpecError naming the file, key and value."""
    file = Path(path)
    raw, sha = read_toml(file, DesignSpecError, "design spec")
    return spec_from_dict(raw, source=file, sha256=sha)


def spec_from_dict(raw: Mapping[str, Any], source: str | Path, sha256: str = "") -> DesignSpec:
    """Check a parsed spec; ``source`` names it in messages and anchors its relative paths."""
    file = Path(source)
    _keys(file, "", raw, {"design": "", "budget": "", "instruments": "", "constraints": ""})
    design = _table(file, "design", raw.get("design"), required=True)
    _keys(file, "design", design, DESIGN_KEYS)
    d = {**DEFAULTS, **design}
    name = _text(file, "design.name", d.get("name"))
    if not NAME.match(name):
        raise _bad(file, "design.name", name, DESIGN_KEYS["name"])
    baseline = file.parent / _text(file, "design.baseline", d.get("baseline"))
    if not baseline.is_file():
        raise _bad(file, "design.baseline", d.get("baseline"), f"a scenario file; no such file: {baseline}")
    objective = _choice(file, "design.objective", d["objective"], OBJECTIVES)
    year = d.get("year")
    if objective in ("netto_participation", "group_participation") or year is not None:
        year = _int(file, "design.year", year, 2008, 2035)
    group = d.get("group")
    if objective == "group_participation" or group is not None:
        group = _choice(file, "design.group", group, GROUPS)
    if objective == "group_participation" and group != "bijstand" and year is None:
        raise _bad(file, "design.year", None, "a year for an age band's participation")
    criterion = _choice(file, "design.criterion", d["criterion"], CRITERIA)
    economies = _strings(file, "design.economies", d["economies"], "a non-empty list of economy path names")
    end = d.get("end")
    if end is not None and (not isinstance(end, str) or not MONTH.match(end)):
        raise _bad(file, "design.end", end, '"YYYY-MM"')
    spec = DesignSpec(
        path=file, sha256=sha256, name=name, description=str(d["description"]), baseline_path=baseline.resolve(),
        objective=objective, year=year, group=group, criterion=criterion, economies=tuple(economies),
        replications=_int(file, "design.replications", d["replications"], 1, 1000),
        parameter_draws=_int(file, "design.parameter_draws", d["parameter_draws"], 0, 10000),
        scale=_number(file, "design.scale", d["scale"], 0.0, 1.0, low_open=True),
        end=end, evaluations=_int(file, "design.evaluations", d["evaluations"], 1, 100000),
        population=_int(file, "design.population", d["population"], 1, 100),
        optimiser_seed=_int(file, "design.optimiser_seed", d["optimiser_seed"], 0, 2**32 - 1),
        total_budget=0.0, stream_caps={}, instruments=(), raw=raw,
    )  # fmt: skip
    budget = _table(file, "budget", raw.get("budget"), required=True)
    _keys(file, "budget", budget, {"total": "EUR for the whole package", "streams": "the most each funding stream pays, EUR"})
    total = _number(file, "budget.total", budget.get("total"), 0.0, None, low_open=True)
    streams = _table(file, "budget.streams", budget.get("streams", {}))
    for stream, cap in streams.items():
        if stream not in STREAMS:
            raise _bad(file, f"budget.streams.{stream}", stream, f"a funding stream: {', '.join(STREAMS)}")
        _number(file, f"budget.streams.{stream}", cap, 0.0, None)
    instruments = _instruments(file, raw.get("instruments"), total)
    constraints = _table(file, "constraints", raw.get("constraints", {}))
    _keys(file, "constraints", constraints, {"gemeente_spending": "EUR per gemeente (the gemeente stream)", "places": "[[constraints.places]]"})
    gemeente_caps = {str(k): _number(file, f"constraints.gemeente_spending.{k}", v, 0.0, None)
                     for k, v in _table(file, "constraints.gemeente_spending", constraints.get("gemeente_spending", {})).items()}  # fmt: skip
    caps = _places_caps(file, constraints.get("places", []), instruments)
    return _replace(spec, total_budget=total, stream_caps={k: float(v) for k, v in streams.items()}, instruments=instruments,
                    gemeente_caps=gemeente_caps, places_caps=caps)  # fmt: skip


def _replace(spec: DesignSpec, **changes: Any) -> DesignSpec:
    from dataclasses import replace

    return replace(spec, **changes)


def _instruments(file: Path, raw: Any, total: float) -> tuple[Instrument, ...]:
    if not isinstance(raw, list) or not raw:
        raise _bad(file, "instruments", raw, "one or more [[instruments]] tables")
    out, names = [], set()
    for k, item in enumerate(raw):
        key = f"instruments[{k}]"
        item = _table(file, key, item, required=True)
        _keys(file, key, item, INSTRUMENT_KEYS)
        name = _text(file, f"{key}.name", item.get("name"))
        if name in names:
            raise _bad(file, f"{key}.name", name, "a name no other instrument has")
        names.add(name)
        block = dict(_table(file, f"{key}.block", item.get("block"), required=True))
        if "type" not in block:
            raise _bad(file, f"{key}.block.type", None, "an intervention type (docs/interventions.md)")
        if "budget" in block:
            raise _bad(file, f"{key}.block.budget", block["budget"], "no budget in the block: the search sets it from the instrument's budget range")
        block["name"] = name
        low, high = _range(file, f"{key}.budget", item.get("budget"), 0.0, total)
        step = _number(file, f"{key}.budget_step", item.get("budget_step", (high - low) / 10 or 1.0), 0.0, None, low_open=True)
        levels = int(np.floor((high - low) / step + 1e-9)) + 1
        places = item.get("places_per_year")
        p_low, p_step, p_levels = None, 1, 0
        if places is not None:
            lo, hi = _range(file, f"{key}.places_per_year", places, 0, None)
            if lo != int(lo) or hi != int(hi):
                raise _bad(file, f"{key}.places_per_year", places, "whole numbers of places")
            p_step = _int(file, f"{key}.places_step", item.get("places_step", max(1, int((hi - lo) // 10))), 1, None)
            p_low, p_levels = int(lo), int((hi - lo) // p_step) + 1
        starts = tuple(_strings(file, f"{key}.start", item["start"], '["YYYY-MM", ...]')) if "start" in item else ()
        for s in starts:
            if not MONTH.match(s):
                raise _bad(file, f"{key}.start", s, '"YYYY-MM" months')
        if not starts and "start" not in block:
            raise _bad(file, f"{key}.block.start", None, "a start month in the block or start choices in the instrument")
        targets = _table(file, f"{key}.targets", item.get("targets", {}))
        for t, table in targets.items():
            _table(file, f"{key}.targets.{t}", table, required=True)
        funding = block.get("funding", {"rijk_szw": 1.0})
        if not isinstance(funding, Mapping) or any(s not in STREAMS for s in funding):
            raise _bad(file, f"{key}.block.funding", funding, f"stream = share, streams {', '.join(STREAMS)}")
        out.append(Instrument(name, block, low, step, levels, p_low, p_step, p_levels, starts, tuple(targets.items())))
    return tuple(out)


def _places_caps(file: Path, raw: Any, instruments: Sequence[Instrument]) -> tuple[PlacesCap, ...]:
    if not isinstance(raw, list):
        raise _bad(file, "constraints.places", raw, "[[constraints.places]] tables")
    known = {i.name for i in instruments}
    out = []
    for k, item in enumerate(raw):
        key = f"constraints.places[{k}]"
        item = _table(file, key, item, required=True)
        _keys(file, key, item, {"instruments": "instrument names", "max_per_year": "places a year", "provider": "who offers them (a label)"})
        names = _strings(file, f"{key}.instruments", item.get("instruments"), "a non-empty list of instrument names")
        for n in names:
            if n not in known:
                raise _bad(file, f"{key}.instruments", n, f"an instrument of the spec: {', '.join(sorted(known))}")
        out.append(PlacesCap(tuple(names), _int(file, f"{key}.max_per_year", item.get("max_per_year"), 0, None), str(item.get("provider", ""))))
    return tuple(out)


# ------------------------------------------------------------------ small checks
def _bad(file: Path, key: str, value: Any, allowed: str) -> DesignSpecError:
    got = "nothing" if value is None else repr(value)
    return DesignSpecError(f"{file}: key '{key}': got {got}; allowed: {allowed}")


def _keys(file: Path, where: str, table: Mapping[str, Any], allowed: Mapping[str, str]) -> None:
    for k in table:
        if k not in allowed:
            key = f"{where}.{k}" if where else k
            raise DesignSpecError(f"{file}: unknown key '{key}'; allowed: {', '.join(allowed)}")


def _table(file: Path, key: str, value: Any, required: bool = False) -> Mapping[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise _bad(file, key, value, "a table")
    return value


def _text(file: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise _bad(file, key, value, "a non-empty text")
    return value


def _choice(file: Path, key: str, value: Any, allowed: Sequence[str] | Mapping[str, str]) -> str:
    if value not in allowed:
        raise _bad(file, key, value, ", ".join(allowed))
    return str(value)


def _int(file: Path, key: str, value: Any, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        raise _bad(file, key, value, f"a whole number from {low}" + (f" to {high}" if high is not None else ""))
    return int(value)


def _number(file: Path, key: str, value: Any, low: float, high: float | None, low_open: bool = False) -> float:
    number = finite_number(value)
    if number is None or number < low or (low_open and number == low) or (high is not None and number > high):
        above = "above" if low_open else "from"
        raise _bad(file, key, value, f"a number {above} {low:g}" + (f" to {high:,.0f}" if high is not None else ""))
    return float(number)


def _range(file: Path, key: str, value: Any, low: float, high: float | None) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise _bad(file, key, value, "[low, high]")
    a, b = (_number(file, key, v, low, high) for v in value)
    if a > b:
        raise _bad(file, key, value, "[low, high] with low at most high" + (f" and high at most the total budget {high:,.0f}" if high is not None else ""))
    return a, b


def _strings(file: Path, key: str, value: Any, allowed: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value) or len(set(value)) != len(value):
        raise _bad(file, key, value, allowed + " (no repeats)")
    return list(value)
