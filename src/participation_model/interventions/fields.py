"""Declared, validated fields of intervention blocks in scenario files.

Every intervention declares its fields (name, kind, default, bounds, allowed values) instead
of reading raw dicts, so that a bad block is rejected before anything runs with the block,
the key, the value found and what is allowed, in the same one-line format as the rest of the
scenario file. Values that depend on the region (gemeenten, sectors) are checked against it.
A default that is a number about the world is read from the instrument defaults file
(``interventions.defaults``), with its unit and source.

Example:
    >>> spec = FieldSpec("budget", "float", default=None, min=0.0, help="EUR for the whole run")
    >>> values, problems = parse_fields({"budget": -5}, (spec,), Context.bare())
    >>> problems[0].key, problems[0].allowed
    ('budget', 'a number of at least 0.0 (EUR for the whole run)')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Sequence

from participation_model.interventions.defaults import FromFile, InstrumentDefaults, InterventionDefaultsError, WorldDefault, bundled_defaults
from participation_model.months import parse_month as month_number
from participation_model.numbers import finite_number
from participation_model.region import RegionData, employer_locations

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class FieldProblem:
    """One problem in an intervention block (the scenario loader adds the file and block)."""

    key: str
    value: Any
    allowed: str
    message: str = ""


@dataclass(frozen=True)
class Context:
    """What block values are checked against: region categories and the scenario period."""

    sectors: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    gemeenten: tuple[str, ...] = ()
    start: str = "2014-01"
    end: str = "2025-12"
    later_names: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (later gemeente name, the gemeenten it covers)

    @classmethod
    def bare(cls) -> "Context":
        return cls()

    @classmethod
    def of_region(cls, region: RegionData, start: str = "2014-01", end: str = "2025-12") -> "Context":
        """The context of a loaded region: its categories and the later gemeente names it accepts.

        Example:
            >>> from participation_model.region import load_region
            >>> Context.of_region(load_region("oost-groningen")).later_names[0]
            ('Westerwolde', ('Vlagtwedde', 'Bellingwedde'))
        """
        return cls(region.sectors, region.locations, region.gemeenten, start, end, region.local.names.pairs())

    def read_gemeenten(self, items: Sequence[str]) -> tuple[str, ...]:
        """The model's gemeenten that ``items`` name: later names expanded, each gemeente once.

        Example:
            >>> Context(gemeenten=("A", "B", "C"), later_names=(("AB", ("A", "B")),)).read_gemeenten(["AB", "A", "C"])
            ('A', 'B', 'C')
        """
        later = dict(self.later_names)
        out: list[str] = []
        for item in items:
            out += later.get(item, (item,))
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class FieldSpec:
    """One declared field.

    ``kind`` is one of: "int", "float", "bool", "str", "month" (within the scenario period),
    "month_any" (any valid month), "list" (of strings from
    ``choices``), "choice" (one string from ``choices``), "table" (free table, checked by the
    intervention). ``choices`` may be a callable of the :class:`Context`. A "list" field with
    ``gemeenten=True`` names gemeenten: its choices are the region's gemeenten and their later
    names (``Context.later_names``), and its value is the region's gemeenten, later names expanded.

    A default that is a number about the world is declared ``default=from_file("table.field")``
    (``interventions.defaults``): the spec is built with the value of that entry of the
    instrument defaults file, which must fit the kind and bounds, and keeps its key, unit and
    source (``default_key``, ``unit``, ``source``). ``help`` says what the field means; the
    source of its default is the file's.

    Example:
        >>> from participation_model.interventions.defaults import from_file
        >>> spec = FieldSpec("referral_rate", "float", default=from_file("programme.referral_rate"), min=0.0, max=1.0)
        >>> spec.default, spec.unit, spec.default_key
        (0.2, 'per month', 'programme.referral_rate')
    """

    name: str
    kind: str
    default: Any = None
    min: float | None = None
    max: float | None = None
    choices: Sequence[str] | Callable[[Context], Sequence[str]] | None = None
    required: bool = False
    help: str = ""
    unit: str = ""  # of a default read from the instrument defaults file
    source: str = ""  # of that default
    default_key: str = ""  # its entry in the file, "table.field"
    gemeenten: bool = False  # a list of gemeenten: later names accepted and expanded

    def __post_init__(self) -> None:
        if isinstance(self.default, FromFile):
            value, entry = _file_default(self, self.default)
            for attribute, content in (("default", value), ("unit", entry.unit), ("source", entry.source), ("default_key", entry.key)):
                object.__setattr__(self, attribute, content)  # frozen: set once, while building

    def with_file(self, defaults: InstrumentDefaults) -> "FieldSpec":
        """This spec with its default read again from another defaults file (the same key).

        Example:
            >>> from participation_model.interventions.defaults import load_defaults
            >>> spec = FieldSpec("x", "float", default=0.5)
            >>> spec.with_file(load_defaults()) is spec   # not read from a file: unchanged
            True
        """
        if not self.default_key:
            return self
        return replace(self, default=FromFile(self.default_key, defaults))

    def full_help(self) -> str:
        """The help with the default's source and unit, for the schema and the app.

        Example:
            >>> FieldSpec("x", "int", default=6, help="months in the programme", unit="months", source="ASSUMPTION").full_help()
            'months in the programme (ASSUMPTION); unit: months'
        """
        text = f"{self.help} ({self.source})" if self.source else self.help
        return f"{text}; unit: {self.unit}" if self.unit else text

    def allowed_choices(self, ctx: Context) -> tuple[str, ...]:
        """The values the field takes (for a gemeente list: the gemeenten, then the later names)."""
        if self.choices is None:
            return ()
        own = tuple(self.choices(ctx) if callable(self.choices) else self.choices)
        return own + tuple(name for name, _ in ctx.later_names) if self.gemeenten else own

    def describe(self, ctx: Context) -> str:
        """What the field accepts, in words."""
        extra = f" ({self.help})" if self.help else ""
        if self.kind in ("int", "float"):
            what = "a whole number" if self.kind == "int" else "a number"
            if self.min is not None and self.max is not None:
                return f"{what} from {self.min} to {self.max}{extra}"
            if self.min is not None:
                return f"{what} of at least {self.min}{extra}"
            return f"{what}{extra}"
        if self.kind == "bool":
            return f"true or false{extra}"
        if self.kind == "month":
            return f'a month "YYYY-MM" within the scenario period {ctx.start} to {ctx.end}{extra}'
        if self.kind == "month_any":
            return f'a month "YYYY-MM"{extra}'
        if self.kind in ("list", "choice") and self.gemeenten and ctx.later_names:
            own = ", ".join(repr(c) for c in ctx.gemeenten)
            later = ", ".join(f"{name!r} (= {' + '.join(members)})" for name, members in ctx.later_names)
            return f"a list of the model's gemeenten {own}, or later names {later}{extra}"
        if self.kind in ("list", "choice"):
            options = ", ".join(repr(c) for c in self.allowed_choices(ctx))
            head = "a list of" if self.kind == "list" else "one of"
            return f"{head} {options}{extra}"
        return f"text{extra}" if self.kind == "str" else f"a table{extra}"


def _file_default(spec: FieldSpec, default: FromFile) -> tuple[int | float, WorldDefault]:
    """The value of a file default as the field's kind asks, checked against its bounds.

    A whole-number field needs a whole number in the file; a number field gets a float (as a
    literal default would be), so values and outputs do not depend on how the file writes it.
    """
    entry = default.resolve()
    where = f"{(default.defaults or bundled_defaults()).path}: key '{entry.key}.value'"
    value = entry.value
    if spec.kind == "int" and not isinstance(value, int):
        raise InterventionDefaultsError(f"{where}: got {value!r}; allowed: a whole number (field {spec.name!r} counts whole units)")
    if spec.kind not in ("int", "float"):
        raise InterventionDefaultsError(f"{where}: field {spec.name!r} is not a number ({spec.kind}); only number fields take their default from the file")
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        bounds = f"from {spec.min} to {spec.max}" if None not in (spec.min, spec.max) else f"at least {spec.min}" if spec.max is None else f"at most {spec.max}"
        raise InterventionDefaultsError(f"{where}: got {value!r}; allowed: a number {bounds} (the bounds of field {spec.name!r})")
    return (int(value) if spec.kind == "int" else float(value)), entry


def employer_choices(ctx: Context) -> tuple[str, ...]:
    """The allowed values of a field naming an employer's location (no sheltered work)."""
    return employer_locations(ctx.locations)


def suggest(word: str, candidates: Sequence[str], cutoff: float = 0.6) -> str:
    """``"did you mean 'x'?"`` for the closest candidate (letter case ignored), or ``""``.

    Example:
        >>> suggest("veendam", ["Veendam", "Pekela"])
        "did you mean 'Veendam'?"
    """
    lowered = {str(c).lower(): c for c in candidates}
    close = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=cutoff)
    return f"did you mean {lowered[close[0]]!r}?" if close else ""


#: Gemeente names are suggested only for a typo (a letter or two in a long name), never for
#: another place that merely sounds alike: 'Westerwolde' is not 'Menterwolde' (0.82 alike).
GEMEENTE_CUTOFF = 0.85


def suggest_gemeente(word: str, ctx: Context) -> str:
    """A suggestion for a mistyped gemeente among the region's gemeenten and later names.

    Example:
        >>> ctx = Context(gemeenten=("Menterwolde", "Vlagtwedde"))
        >>> suggest_gemeente("Westerwolde", ctx), suggest_gemeente("Vlagwedde", ctx)
        ('', "did you mean 'Vlagtwedde'?")
    """
    return suggest(word, (*ctx.gemeenten, *(name for name, _ in ctx.later_names)), GEMEENTE_CUTOFF)


def parse_fields(options: Mapping[str, Any], specs: Sequence[FieldSpec], ctx: Context) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Check ``options`` against ``specs``; return the values (defaults filled) and problems."""
    problems: list[FieldProblem] = []
    names = [s.name for s in specs]
    for key in options:
        if key not in names:
            problems.append(FieldProblem(key, options[key], "one of the keys " + ", ".join(names), suggest(key, names)))
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.name not in options:
            if spec.required:
                problems.append(FieldProblem(spec.name, _Absent(), spec.describe(ctx), "this key is required"))
            values[spec.name] = spec.default
            continue
        value, problem = _check(spec, options[spec.name], ctx)
        if problem is not None:
            problems.append(problem)
        values[spec.name] = value
    return values, problems


class _Absent:
    def __repr__(self) -> str:
        return "nothing"


def _check(spec: FieldSpec, value: Any, ctx: Context) -> tuple[Any, FieldProblem | None]:
    bad = FieldProblem(spec.name, value, spec.describe(ctx))
    if spec.kind in ("int", "float"):
        number = finite_number(value, whole=spec.kind == "int")  # NaN, infinities, bools and text are no numbers
        if number is None:
            hint = "write the number without quotes" if isinstance(value, str) else ""
            return None, FieldProblem(spec.name, value, spec.describe(ctx), hint)
        if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
            return None, bad
        return (int(number) if spec.kind == "int" else float(number)), None
    if spec.kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, bad)
    if spec.kind == "str":
        return (value, None) if isinstance(value, str) else (None, bad)
    if spec.kind in ("month", "month_any"):
        if not isinstance(value, str) or not MONTH.match(value) or not 1 <= int(value[5:7]) <= 12:
            return None, bad
        if spec.kind == "month" and not month_number(ctx.start) <= month_number(value) <= month_number(ctx.end):
            return None, bad
        return value, None
    if spec.kind == "choice":
        allowed = spec.allowed_choices(ctx)
        if not isinstance(value, str) or value not in allowed:
            return None, FieldProblem(spec.name, value, spec.describe(ctx), suggest(value, allowed))
        return value, None
    if spec.kind == "list":
        allowed = spec.allowed_choices(ctx)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not items:
            return None, bad
        for item in items:
            if item not in allowed:
                hint = suggest_gemeente(item, ctx) if spec.gemeenten else suggest(item, allowed)
                return None, FieldProblem(spec.name, item, spec.describe(ctx), hint)
        return (ctx.read_gemeenten(items) if spec.gemeenten else tuple(items)), None
    if spec.kind == "table":
        return (dict(value), None) if isinstance(value, Mapping) else (None, bad)
    raise ValueError(f"unknown field kind {spec.kind!r}")
