"""Gemeente figures of a region file: local where the data are local, allocated where they are not.

A region file describes the region as a whole; most of its figures have no gemeente split,
so the population builder allocates the region's totals to the gemeenten by population share.
Where a figure *is* known per gemeente, the file may say so in ``[gemeente.<name>.<figure>]``
tables, and the builder uses it (keeping the region totals):

- ``population``: total population of the gemeente (all ages; sets its share of the region's
  15-75), optionally ``by_age``: residents 15-75 by the file's five-year bands (sets the age
  structure inside the gemeente);
- ``ww``, ``bijstand``, ``ao``, ``wsw``: benefit recipients (their share of the region's stock
  in the figure's year);
- ``netto_participation``, ``bruto_participation``: percent of the population 15-75
  (relative to the region's rate);
- ``commuting``: share of residents' employee jobs outside the region.

Every figure carries ``value``, ``unit``, ``year``, ``source`` and ``basis``: ``"local"`` for a
sourced local figure, ``"estimate"`` for an ESTIMATE or ASSUMPTION (its source says which). A
figure that no table gives is ``"allocated"``. ``[gemeente_checks.<name>]`` tables hold figures
of several gemeenten together that are checked against a run, not used to build it, and
``[gemeente_names]`` the later names users may type (``Westerwolde`` = Vlagtwedde + Bellingwedde);
both may also sit in the region's gemeente file (``data/regions/gemeenten/<region>.toml``), since
neither changes a run (``region.py``).

This module reads and checks the tables (``region.py`` calls it while loading); the shares of
the region's totals that the population builder takes from them are in
:mod:`participation_model.gemeente_shares`.

Example:
    >>> from participation_model.region import load_region
    >>> region = load_region("oost-groningen")
    >>> region.local.basis("Stadskanaal", "ao"), region.local.basis("Oldambt", "ao")
    ('local', 'allocated')
    >>> region.local.names.read(["Westerwolde", "Pekela"])
    (('Vlagtwedde', 'Bellingwedde', 'Pekela'), ('Westerwolde: read as Vlagtwedde + Bellingwedde (merged on 1 January 2018)',))
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from participation_model.numbers import finite_number

BENEFITS = ("ww", "bijstand", "ao", "wsw")
RATES = ("netto_participation", "bruto_participation")
#: the figures a ``[gemeente.<name>.<figure>]`` table may give, with what ``value`` is
FIGURES: dict[str, str] = {
    "population": "persons (total population, all ages)",
    **{b: "persons (recipients)" for b in BENEFITS},
    **{r: "percent of the population 15-75" for r in RATES},
    "commuting": "share of residents' employee jobs outside the region (0 to 1)",
}
#: the rows of the basis table: the figures, with the population's age structure apart
BASIS_FIGURES = ("population", "population_by_age", *BENEFITS, *RATES, "commuting")
LOCAL, ESTIMATE, ALLOCATED = "local", "estimate", "allocated"
GIVEN_BASES = (LOCAL, ESTIMATE)
#: local figures of every gemeente may differ this much (relative) from the region's total
#: before they are scaled to it: they come from other years and sources than the region figure
SUM_TOLERANCE = 0.10
FIGURE_KEYS = ("value", "unit", "year", "source", "basis", "definition", "by_age")
CHECK_KEYS = ("figure", "gemeenten", "value", "years", "statistic", "unit", "year", "source", "basis", "definition")
CHECK_STATISTICS = {"highest_month_at_most": "the highest monthly sum over the years must be at most the value"}
YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


class RegionLike(Protocol):
    """What the allocations read of a loaded region (``region.RegionData``)."""

    path: Path
    gemeenten: tuple[str, ...]
    locations: tuple[str, ...]
    local: GemeenteFigures

    def figure(self, dotted: str) -> dict[str, Any]: ...

    def series_value(self, dotted: str, year: float) -> float: ...


@dataclass(frozen=True)
class LocalFigure:
    """One ``[gemeente.<name>.<figure>]`` table."""

    gemeente: str
    figure: str
    value: float
    unit: str
    year: str
    source: str
    basis: str
    definition: str = ""
    by_age: tuple[float, ...] | None = None

    @property
    def mid_year(self) -> float:
        """The middle of the figure's years: ``"2008-2020"`` -> 2014.0.

        Example:
            >>> LocalFigure("A", "ao", 1.0, "persons", "2008-2020", "s", "local").mid_year
            2014.0
        """
        first, last = _years(self.year)
        return (first + last) / 2


@dataclass(frozen=True)
class GemeenteCheck:
    """A figure of several gemeenten together, checked against a run (``[gemeente_checks.<name>]``)."""

    name: str
    figure: str
    gemeenten: tuple[str, ...]
    value: float
    first_year: int
    last_year: int
    statistic: str
    unit: str
    source: str
    basis: str
    definition: str = ""


@dataclass(frozen=True)
class GemeenteNames:
    """Later gemeente names and the model's gemeenten they stand for (``[gemeente_names]``).

    Example:
        >>> names = GemeenteNames({"Westerwolde": ("Vlagtwedde", "Bellingwedde")})
        >>> names.read("Westerwolde")
        (('Vlagtwedde', 'Bellingwedde'), ('Westerwolde: read as Vlagtwedde + Bellingwedde',))
        >>> names.read(["Pekela"])
        (('Pekela',), ())
    """

    later: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def reading(self, name: str) -> str:
        """How a later name is read, e.g. ``"Westerwolde: read as Vlagtwedde + Bellingwedde"``."""
        note = self.notes.get(name, "")
        return f"{name}: read as {' + '.join(self.later[name])}" + (f" ({note})" if note else "")

    def read(self, items: str | Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The model's gemeenten that ``items`` name (later names expanded, each once, in order), and how.

        Names that are neither later names nor the model's pass through unchanged: the caller
        checks them against the model's gemeenten.
        """
        names = [items] if isinstance(items, str) else list(items)
        out: list[str] = []
        readings: list[str] = []
        for name in names:
            if isinstance(name, str) and name in self.later:
                out += self.later[name]
                readings.append(self.reading(name))
            else:
                out.append(name)
        return tuple(dict.fromkeys(out)), tuple(readings)

    def pairs(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``((later name, model gemeenten), ...)``, hashable, for checking contexts."""
        return tuple((name, tuple(members)) for name, members in self.later.items())


@dataclass(frozen=True)
class GemeenteFigures:
    """The local figures, checks and later names of a region file.

    Example:
        >>> figures = GemeenteFigures(("A", "B"), {("A", "ww"): LocalFigure("A", "ww", 10.0, "persons", "2016", "s", "local")})
        >>> figures.basis("A", "ww"), figures.basis("B", "ww"), figures.given("ww")
        ('local', 'allocated', ('A',))
    """

    gemeenten: tuple[str, ...]
    figures: Mapping[tuple[str, str], LocalFigure] = field(default_factory=dict)
    checks: tuple[GemeenteCheck, ...] = ()
    names: GemeenteNames = field(default_factory=GemeenteNames)

    def get(self, gemeente: str, figure: str) -> LocalFigure | None:
        return self.figures.get((gemeente, figure))

    def given(self, figure: str) -> tuple[str, ...]:
        """The gemeenten with a local figure (``population_by_age``: with ``by_age``)."""
        if figure == "population_by_age":
            return tuple(g for g in self.gemeenten if (f := self.get(g, "population")) is not None and f.by_age is not None)
        return tuple(g for g in self.gemeenten if (g, figure) in self.figures)

    def basis(self, gemeente: str, figure: str) -> str:
        """``"local"``, ``"estimate"`` or ``"allocated"`` (no figure: the region's total by population share)."""
        if figure == "population_by_age":
            return self.basis(gemeente, "population") if gemeente in self.given(figure) else ALLOCATED
        found = self.get(gemeente, figure)
        return found.basis if found is not None else ALLOCATED

    def summary(self, gemeente: str) -> str:
        """One line per gemeente: which figures are local, estimates, allocated.

        Example:
            >>> GemeenteFigures(("A",)).summary("A")
            'allocated: population, population_by_age, ww, bijstand, ao, wsw, netto_participation, bruto_participation, commuting'
        """
        parts = []
        for basis in (LOCAL, ESTIMATE, ALLOCATED):
            figures = [f for f in BASIS_FIGURES if self.basis(gemeente, f) == basis]
            if figures:
                parts.append(f"{basis}: {', '.join(figures)}")
        return "; ".join(parts)

    def rows(self) -> list[dict[str, Any]]:
        """The basis table: one row per gemeente and figure, with value, unit, year and source where given."""
        rows = []
        for g in self.gemeenten:
            for name in BASIS_FIGURES:
                found = self.get(g, "population" if name == "population_by_age" else name)
                basis = self.basis(g, name)
                given = found is not None and basis != ALLOCATED
                value = (sum(found.by_age) if name == "population_by_age" else found.value) if given and found else None
                rows.append({
                    "gemeente": g, "figure": name, "basis": basis, "value": value,
                    "unit": (found.unit if name != "population_by_age" else "persons aged 15-75") if given and found else "",
                    "year": found.year if given and found else "",
                    "source": found.source if given and found else "the region's total, allocated by population share",
                })  # fmt: skip
        return rows


def _years(text: str) -> tuple[int, int]:
    match = YEARS.match(text)
    assert match is not None  # checked on reading
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def _short(value: Any) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in repr(value))
    return text if len(text) <= 60 else text[:57] + "..."


def read_gemeente_section(path: Path, raw: Mapping[str, Any], gemeenten: Sequence[str], bands: int, error: type[Exception]) -> GemeenteFigures:
    """Read and check ``[gemeente_names]``, ``[gemeente.*]`` and ``[gemeente_checks.*]``; errors name the file and key.

    ``bands``: the number of age bands of ``population.age_sex`` (the length of ``by_age``).

    Example:
        >>> read_gemeente_section(Path("r.toml"), {"gemeente": {"Atlantis": {}}}, ("A",), 12, ValueError)
        Traceback (most recent call last):
        ...
        ValueError: r.toml: key 'gemeente.Atlantis': unknown gemeente; allowed: the region's gemeenten 'A'
    """
    gemeenten = tuple(gemeenten)
    names = _read_names(path, raw.get("gemeente_names"), gemeenten, error)
    section = raw.get("gemeente", {})
    if not isinstance(section, Mapping):
        raise error(f"{path}: key 'gemeente': got {_short(section)}; allowed: tables [gemeente.<name>.<figure>]")
    figures: dict[tuple[str, str], LocalFigure] = {}
    allowed_gemeenten = ", ".join(repr(g) for g in gemeenten)
    for name, tables in section.items():
        where = f"{path}: key 'gemeente.{name}'"
        if name in names.later:
            raise error(f"{where}: {name!r} is a later name ({' + '.join(names.later[name])}); allowed: figures per gemeente of the model, {allowed_gemeenten}")
        if name not in gemeenten:
            raise error(f"{where}: unknown gemeente; allowed: the region's gemeenten {allowed_gemeenten}")
        if not isinstance(tables, Mapping):
            raise error(f"{where}: got {_short(tables)}; allowed: tables [gemeente.{name}.<figure>], figure one of {', '.join(FIGURES)}")
        for figure, table in tables.items():
            figures[(name, figure)] = _read_figure(path, name, figure, table, bands, error)
    checks = _read_checks(path, raw.get("gemeente_checks", {}), gemeenten, error)
    return GemeenteFigures(gemeenten, figures, checks, names)


def _read_names(path: Path, table: Any, gemeenten: tuple[str, ...], error: type[Exception]) -> GemeenteNames:
    if table is None:
        return GemeenteNames()
    where = f"{path}: key 'gemeente_names"
    if not isinstance(table, Mapping) or not isinstance(table.get("names"), Mapping):
        raise error(f"{where}': got {_short(table)}; allowed: a table with names = {{ <later name> = [<gemeenten of the model>] }}, source and year")
    for key in ("source", "year"):
        if key not in table:
            raise error(f"{where}.{key}' is missing (where the later names come from)")
    later: dict[str, tuple[str, ...]] = {}
    for name, members in table["names"].items():
        members = [members] if isinstance(members, str) else members
        if name in gemeenten:
            raise error(f"{where}.names.{name}': {name!r} is a gemeente of the model itself; allowed: a later name that is not one of {', '.join(gemeenten)}")
        if not isinstance(members, list) or not members or any(m not in gemeenten for m in members):
            raise error(f"{where}.names.{name}': got {_short(members)}; allowed: a non-empty list of the region's gemeenten {', '.join(repr(g) for g in gemeenten)}")
        later[str(name)] = tuple(members)
    notes = table.get("notes", {})
    if not isinstance(notes, Mapping) or any(n not in later or not isinstance(v, str) for n, v in notes.items()):
        raise error(f"{where}.notes': got {_short(notes)}; allowed: a table of text per later name in names")
    return GemeenteNames(later, dict(notes), str(table["source"]))


def _read_figure(path: Path, gemeente: str, figure: str, table: Any, bands: int, error: type[Exception]) -> LocalFigure:
    key = f"gemeente.{gemeente}.{figure}"
    where = f"{path}: key '{key}"
    if figure not in FIGURES:
        raise error(f"{where}': unknown figure; allowed: {', '.join(FIGURES)}")
    if not isinstance(table, Mapping):
        raise error(f"{where}': got {_short(table)}; allowed: a table with value, unit, year, source and basis")
    for k in table:
        if k not in FIGURE_KEYS or (k == "by_age" and figure != "population"):
            allowed = ", ".join(k2 for k2 in FIGURE_KEYS if k2 != "by_age" or figure == "population")
            raise error(f"{where}.{k}': unknown key; allowed: {allowed}")
    for k in ("value", "unit", "year", "source", "basis"):
        if k not in table:
            raise error(f"{where}.{k}' is missing (every gemeente figure needs value, unit, year, source and basis)")
    value = finite_number(table["value"])
    upper = 100.0 if figure in RATES else 1.0 if figure == "commuting" else None
    if value is None or value < 0 or (upper is not None and value > upper) or (figure == "population" and value == 0):
        bounds = f"a number from 0 to {upper:g}" if upper is not None else "a number above 0" if figure == "population" else "a number of at least 0"
        raise error(f"{where}.value': got {_short(table['value'])}; allowed: {bounds} ({FIGURES[figure]})")
    year = str(table["year"])
    match = YEARS.match(year)
    if isinstance(table["year"], bool) or match is None or (match.group(2) and int(match.group(2)) < int(match.group(1))):
        raise error(f"{where}.year': got {_short(table['year'])}; allowed: a year (2016) or a range of years (\"2013-2016\")")
    basis = table["basis"]
    if basis not in GIVEN_BASES:
        raise error(f"{where}.basis': got {_short(basis)}; allowed: 'local' (a sourced local figure) or 'estimate' (an ESTIMATE or ASSUMPTION)")
    source = table["source"]
    if not isinstance(source, str) or not source.strip():
        raise error(f"{where}.source': got {_short(source)}; allowed: text naming the source (or 'ESTIMATE: ...', 'ASSUMPTION: ...')")
    if basis == LOCAL and source.lstrip().upper().startswith(("ESTIMATE", "ASSUMPTION")):
        raise error(f"{where}.basis': got 'local' for a source that says {source.split(':')[0].strip()!r}; allowed: 'estimate' for an ESTIMATE or ASSUMPTION")
    by_age = table.get("by_age")
    if by_age is not None:
        numbers = [finite_number(v) for v in by_age] if isinstance(by_age, list) else []
        if len(numbers) != bands or any(n is None or n < 0 for n in numbers) or sum(n or 0 for n in numbers) <= 0:
            raise error(f"{where}.by_age': got {_short(by_age)}; allowed: {bands} numbers of at least 0 (residents by the age bands of population.age_sex), not all 0")
        by_age = tuple(float(n) for n in numbers)  # type: ignore[arg-type]
    return LocalFigure(gemeente, figure, float(value), str(table["unit"]), year, source, basis, str(table.get("definition", "")), by_age)


def _read_checks(path: Path, section: Any, gemeenten: tuple[str, ...], error: type[Exception]) -> tuple[GemeenteCheck, ...]:
    if not isinstance(section, Mapping):
        raise error(f"{path}: key 'gemeente_checks': got {_short(section)}; allowed: tables [gemeente_checks.<name>]")
    checks = []
    for name, table in section.items():
        where = f"{path}: key 'gemeente_checks.{name}"
        if not isinstance(table, Mapping):
            raise error(f"{where}': got {_short(table)}; allowed: a table with {', '.join(CHECK_KEYS)}")
        missing = [k for k in CHECK_KEYS if k not in table and k != "definition"]
        unknown = [k for k in table if k not in CHECK_KEYS]
        if missing or unknown:
            raise error(f"{where}': {'missing ' + ', '.join(missing) if missing else 'unknown key(s) ' + ', '.join(unknown)}; allowed: {', '.join(CHECK_KEYS)}")
        if table["figure"] not in BENEFITS:
            raise error(f"{where}.figure': got {_short(table['figure'])}; allowed: one of {', '.join(BENEFITS)}")
        members = table["gemeenten"]
        if not isinstance(members, list) or not members or any(m not in gemeenten for m in members):
            raise error(f"{where}.gemeenten': got {_short(members)}; allowed: a non-empty list of the region's gemeenten {', '.join(repr(g) for g in gemeenten)}")
        value = finite_number(table["value"])
        if value is None or value < 0:
            raise error(f"{where}.value': got {_short(table['value'])}; allowed: a number of at least 0")
        match = YEARS.match(str(table["years"]))
        if match is None:
            raise error(f"{where}.years': got {_short(table['years'])}; allowed: a year or a range of years (\"2014-2015\")")
        if table["statistic"] not in CHECK_STATISTICS:
            raise error(f"{where}.statistic': got {_short(table['statistic'])}; allowed: {', '.join(f'{k!r} ({v})' for k, v in CHECK_STATISTICS.items())}")
        if table["basis"] not in GIVEN_BASES:
            raise error(f"{where}.basis': got {_short(table['basis'])}; allowed: 'local' or 'estimate'")
        first, last = _years(str(table["years"]))
        checks.append(GemeenteCheck(str(name), table["figure"], tuple(members), float(value), first, last, table["statistic"],
                                    str(table["unit"]), str(table["source"]), table["basis"], str(table.get("definition", ""))))  # fmt: skip
    return tuple(checks)
