"""The data of the Participatiewet instruments: banenafspraak targets and beschut werk places.

Both are numbers about the world with their unit and source, in ``data/parameters/``
(``banenafspraak.toml``, ``beschut_werk.toml``). This module reads and checks them; a bad file
is refused with the file, the key, what was found and what is allowed, like every data file.

Example:
    >>> targets = load_targets()
    >>> round(targets.end_of_year(2017))   # 0.6% of the 33,000 extra jobs of 2017
    198
    >>> targets.at(2016.0) == targets.end_of_year(2015)
    True
    >>> load_places().places(2017, "Oldambt")
    35
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from participation_model.numbers import finite_number
from participation_model.tomlfile import read_toml

DATA = Path(__file__).resolve().parent.parent / "data" / "parameters"
TARGETS_PATH = DATA / "banenafspraak.toml"
PLACES_PATH = DATA / "beschut_werk.toml"


class ParticipatiewetDataError(ValueError):
    """A Participatiewet data file is missing, malformed, or lacks a key."""


def _table(raw: Mapping[str, Any], file: Path, key: str, inner: str) -> dict[str, float]:
    """``raw[key][inner]`` as a table of non-negative numbers, with its unit and source present."""
    node: Any = raw
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise ParticipatiewetDataError(f"{file}: key {key!r}: missing; allowed: a table with {inner}, unit and source")
        node = node[part]
    for text in ("unit", "source"):
        if not isinstance(node.get(text), str) or not node[text].strip():
            raise ParticipatiewetDataError(f"{file}: key '{key}.{text}': got {node.get(text)!r}; allowed: text, not empty")
    values = node.get(inner)
    if inner == "value":
        values = {"": values}
    if not isinstance(values, Mapping) or not values:
        raise ParticipatiewetDataError(f"{file}: key '{key}.{inner}': got {values!r}; allowed: a table of numbers")
    out = {}
    for name, value in values.items():
        number = finite_number(value)
        where = f"{key}.{inner}" + (f".{name}" if name else "")
        if number is None or number < 0:
            raise ParticipatiewetDataError(f"{file}: key {where!r}: got {value!r}; allowed: a number of at least 0")
        out[str(name)] = float(number)
    return out


def _years(table: dict[str, float], file: Path, key: str) -> dict[int, float]:
    """A table keyed by year, the years consecutive."""
    if not all(k.isdigit() for k in table):
        raise ParticipatiewetDataError(f"{file}: key {key!r}: got years {sorted(table)}; allowed: years as keys (e.g. 2016 = 14000)")
    years = {int(k): v for k, v in table.items()}
    if sorted(years) != list(range(min(years), max(years) + 1)):
        raise ParticipatiewetDataError(f"{file}: key {key!r}: got years {sorted(years)}; allowed: consecutive years")
    return years


@dataclass(frozen=True)
class BanenafspraakTargets:
    """The region's banenafspraak target (extra jobs for the target group) by end of year."""

    path: Path
    by_year: Mapping[int, float]

    def end_of_year(self, year: int) -> float:
        """The target at the end of ``year`` (0 before the first year, the last year's after it)."""
        if year < min(self.by_year):
            return 0.0
        return self.by_year[min(year, max(self.by_year))]

    def at(self, year_fraction: float) -> float:
        """The target in a month (``year + (month - 1) / 12``), linear from one year end to the next.

        Example:
            >>> t = load_targets(); t.at(2016.5) == (t.end_of_year(2015) + t.end_of_year(2016)) / 2
            True
        """
        year = int(year_fraction)
        share = year_fraction - year
        return (1.0 - share) * self.end_of_year(year - 1) + share * self.end_of_year(year)


@lru_cache(maxsize=4)
def load_targets(path: Path = TARGETS_PATH) -> BanenafspraakTargets:
    """Read ``banenafspraak.toml``: regional share x (market + government) by year."""
    raw, _ = read_toml(Path(path), ParticipatiewetDataError, "banenafspraak targets file")
    market = _years(_table(raw, path, "national.market", "values"), path, "national.market.values")
    government = _years(_table(raw, path, "national.government", "values"), path, "national.government.values")
    if set(market) != set(government):
        raise ParticipatiewetDataError(f"{path}: key 'national.government.values': got years {sorted(government)}; allowed: the years of national.market ({sorted(market)})")
    share = _table(raw, path, "regional_share", "value")[""]
    if share > 1:
        raise ParticipatiewetDataError(f"{path}: key 'regional_share.value': got {share}; allowed: a share from 0 to 1")
    return BanenafspraakTargets(Path(path), {y: share * (market[y] + government[y]) for y in sorted(market)})


@dataclass(frozen=True)
class BeschutWerkPlaces:
    """Beschut werk places by year and gemeente (the national prognosis x regional x gemeente share)."""

    path: Path
    national: Mapping[int, float]
    regional_share: float
    gemeente_share: Mapping[str, float]

    def places(self, year: int, gemeente: str) -> int:
        """Whole places of ``gemeente`` in ``year`` (none before the first year, the last year's after it)."""
        if year < min(self.national):
            return 0
        total = self.national[min(year, max(self.national))] * self.regional_share * self.gemeente_share[gemeente]
        return int(total + 1e-9)


@lru_cache(maxsize=4)
def load_places(path: Path = PLACES_PATH) -> BeschutWerkPlaces:
    """Read ``beschut_werk.toml``; the gemeente shares add up to 1."""
    raw, _ = read_toml(Path(path), ParticipatiewetDataError, "beschut werk places file")
    national = _years(_table(raw, path, "national", "values"), path, "national.values")
    share = _table(raw, path, "regional_share", "value")[""]
    gemeenten = _table(raw, path, "gemeente_share", "values")
    if share > 1 or abs(sum(gemeenten.values()) - 1.0) > 1e-6:
        key, value = ("regional_share.value", share) if share > 1 else ("gemeente_share.values", round(sum(gemeenten.values()), 6))
        raise ParticipatiewetDataError(f"{path}: key {key!r}: got {value}; allowed: a share from 0 to 1 (gemeente shares adding up to 1)")
    return BeschutWerkPlaces(Path(path), national, share, gemeenten)
