"""The public-finance data: benefit levels and the revenue of an extra year in work.

A programme that moves someone from bijstand into work saves the gemeente a benefit, and the
job brings in taxes and premiums. What a benefit month costs, and what a year in work brings in,
are numbers about the world: they live in ``data/parameters/public_finance.toml`` with their
unit, payer and source (most are labelled ASSUMPTION there). This module reads and checks that
file; a bad file is refused with the file, the key, what was found and what is allowed. The
comparison's public-purse account (``metrics/public_purse.py``) gets the levels from here,
through ``experiments/compare.py``.

Example:
    >>> finance = load_public_finance()
    >>> finance.level("benefits.bijstand_per_recipient_month", 2016), finance.payer("revenue.premiums_per_person_year")
    (1000.0, 'uwv')
    >>> finance.by_year("benefits.ww_per_recipient_month", [2015, 2016])
    {2015: 1200.0, 2016: 1200.0}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from participation_model.codes import STREAMS
from participation_model.numbers import finite_number
from participation_model.tomlfile import read_toml

PUBLIC_FINANCE_PATH = Path(__file__).resolve().parent / "data" / "parameters" / "public_finance.toml"

#: The entries the public-purse account needs, and the payer each must name.
ENTRIES: Mapping[str, str] = {
    "benefits.ww_per_recipient_month": "uwv",
    "benefits.bijstand_per_recipient_month": "gemeente",
    "revenue.taxes_per_person_year": "rijk_szw",
    "revenue.premiums_per_person_year": "uwv",
}


class PublicFinanceError(ValueError):
    """The public-finance file is missing, malformed, or lacks a key."""


@dataclass(frozen=True)
class Entry:
    """One figure: values by year (each holds until the next year listed), unit, payer, source."""

    values: Mapping[int, float]
    unit: str
    payer: str
    source: str

    def at(self, year: int) -> float:
        """The value in ``year``: that of the latest year listed at or before it, else the first.

        Example:
            >>> Entry({2016: 1.0, 2019: 2.0}, "EUR", "uwv", "x").at(2014), Entry({2016: 1.0, 2019: 2.0}, "EUR", "uwv", "x").at(2020)
            (1.0, 2.0)
        """
        listed = [y for y in sorted(self.values) if y <= year]
        return self.values[listed[-1] if listed else min(self.values)]


@dataclass(frozen=True)
class PublicFinance:
    """The public-finance figures of one file, by dotted key (see :data:`ENTRIES`)."""

    path: Path
    entries: Mapping[str, Entry]

    def level(self, key: str, year: int) -> float:
        """The value of ``key`` in ``year`` (EUR; the unit is the entry's)."""
        return self.entries[key].at(year)

    def by_year(self, key: str, years: Iterable[int]) -> dict[int, float]:
        """The value of ``key`` for each of ``years``, for the pure functions of ``metrics/``."""
        return {int(y): self.level(key, int(y)) for y in years}

    def payer(self, key: str) -> str:
        """The funding stream that pays the benefit or receives the revenue of ``key``."""
        return self.entries[key].payer


def _entry(raw: Mapping[str, Any], path: Path, key: str, payer: str) -> Entry:
    """One entry of the file, checked: values by year (numbers of at least 0), unit, payer, source."""
    node: Any = raw
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise PublicFinanceError(f"{path}: key {key!r}: missing; allowed: a table with values (by year), unit, payer and source")
        node = node[part]
    if not isinstance(node, Mapping):
        raise PublicFinanceError(f"{path}: key {key!r}: got {node!r}; allowed: a table with values (by year), unit, payer and source")
    for text in ("unit", "source"):
        if not isinstance(node.get(text), str) or not node[text].strip():
            raise PublicFinanceError(f"{path}: key '{key}.{text}': got {node.get(text)!r}; allowed: text, not empty")
    if node.get("payer") != payer:
        raise PublicFinanceError(f"{path}: key '{key}.payer': got {node.get('payer')!r}; allowed: {payer!r} (who pays it; streams {', '.join(STREAMS)})")
    values = node.get("values")
    if not isinstance(values, Mapping) or not values:
        raise PublicFinanceError(f"{path}: key '{key}.values': got {values!r}; allowed: a table of years and numbers, e.g. {{ 2016 = 1000.0 }}")
    out: dict[int, float] = {}
    for year, value in values.items():
        if not str(year).isdigit() or not 1900 <= int(year) <= 2100:
            raise PublicFinanceError(f"{path}: key '{key}.values.{year}': not a year; allowed: years from 1900 to 2100 as keys")
        number = finite_number(value)
        if number is None or number < 0:
            raise PublicFinanceError(f"{path}: key '{key}.values.{year}': got {value!r}; allowed: a number of at least 0")
        out[int(year)] = float(number)
    return Entry(out, node["unit"], payer, node["source"])


@lru_cache(maxsize=4)
def load_public_finance(path: Path = PUBLIC_FINANCE_PATH) -> PublicFinance:
    """Read and check the public-finance file (the bundled one by default).

    Example:
        >>> load_public_finance(Path("no-such-file.toml"))
        Traceback (most recent call last):
        ...
        participation_model.public_finance.PublicFinanceError: no-such-file.toml: public finance file not found
    """
    raw, _ = read_toml(Path(path), PublicFinanceError, "public finance file")
    return PublicFinance(Path(path), {key: _entry(raw, Path(path), key, payer) for key, payer in ENTRIES.items()})
