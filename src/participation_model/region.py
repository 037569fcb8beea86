"""Region data: the figures that describe one COROP region, loaded from a TOML file.

The region is data, not code: every figure in the file carries its unit, year, definition and
source, and the model reads nothing about the region from anywhere else. A second COROP region
needs only a second file with the same keys. Figures known per gemeente, checks of several
gemeenten together and later gemeente names are optional tables, read into ``RegionData.local``
(:mod:`participation_model.gemeenten`; docs/region-data.md).

Example:
    >>> region = load_region("oost-groningen")
    >>> region.code, len(region.gemeenten)
    ('CR01', 7)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from participation_model.gemeente_shares import check_consistency
from participation_model.gemeenten import GemeenteFigures, read_gemeente_section
from participation_model.numbers import finite_number
from participation_model.tomlfile import read_toml

BUNDLED_DIR = Path(__file__).parent / "data" / "regions"

REQUIRED_FIGURES = (
    "population.total_15_75",
    "population.annual_change",
    "population.age_sex",
    "population.gemeente_share",
    "population.education_by_age",
    "population.entrants_per_year",
    "labour.bruto_participation",
    "labour.unemployment_rate",
    "labour.self_employed_share",
    "labour.bruto_participation_shape",
    "labour.unemployment_by_age_relative",
    "labour.unemployment_by_sex_relative",
    "labour.nilf_reason_by_age",
    "benefits.bijstand",
    "benefits.ww",
    "benefits.ao",
    "benefits.wsw",
    "benefits.status_shares",
    "jobs.residents",
    "jobs.self_employed_sector_share",
    "jobs.sheltered_companies",
    "jobs.commuting_by_education",
    "jobs.vacancies_per_unemployed",
    "jobs.education_affinity",
    "jobs.incommuters",
    "jobs.qualification_required",
    "demand.sector_trend",
    "demand.shocks",
    "population.synthesis_odds",
    "training",
)
PROVENANCE_KEYS = ("unit", "year", "definition", "source")


class RegionError(ValueError):
    """A region file is missing, malformed, or lacks a figure or its provenance."""


@dataclass(frozen=True)
class RegionData:
    """A validated region file.

    Attributes:
        name: short name, e.g. ``"oost-groningen"``.
        code: CBS COROP code, e.g. ``"CR01"``.
        path: the file it was read from; ``sha256`` its hash (for manifests).
        sectors, locations, gemeenten: the category labels the model uses.
        first_year, last_year: the years the series support (runs must lie inside them).
        raw: the parsed TOML, for the population builder and the model.
    """

    name: str
    code: str
    label: str
    path: Path
    sha256: str
    reference_year: int
    first_year: int
    last_year: int
    sectors: tuple[str, ...]
    locations: tuple[str, ...]
    gemeenten: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False)
    local: GemeenteFigures = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.local is None:  # a region built by hand: no gemeente figures
            object.__setattr__(self, "local", GemeenteFigures(self.gemeenten))

    def figure(self, dotted: str) -> dict[str, Any]:
        """Return the table of one figure, e.g. ``region.figure("benefits.wsw")``."""
        node: Any = self.raw
        for part in dotted.split("."):
            node = node[part]
        return node

    def series_value(self, dotted: str, year: float) -> float:
        """Value of a figure with per-year ``values`` at ``year``, interpolated linearly.

        Outside the years given the nearest value is used (flat extrapolation).

        Example:
            >>> load_region("oost-groningen").series_value("labour.unemployment_rate", 2015)
            7.55
        """
        fig = self.figure(dotted)
        if "values" not in fig:
            return float(fig["value"])
        return interpolate_years(fig["values"], year)


def sheltered_location(locations: Sequence[str]) -> int:
    """Index of the sheltered-work (Wsw) location: the last one, by the region file's rule.

    Example:
        >>> sheltered_location(["inside", "rest_of_province", "outside_province", "sheltered"])
        3
    """
    return len(locations) - 1


def employer_locations(locations: Sequence[str]) -> tuple[str, ...]:
    """The work locations with regular employers: all but the last, which is sheltered work (Wsw).

    Region files list the locations with ``sheltered`` last; employer groups, demand paths and
    intervention blocks that name an employer's location use only the others.

    Example:
        >>> employer_locations(["inside", "rest_of_province", "outside_province", "sheltered"])
        ('inside', 'rest_of_province', 'outside_province')
    """
    return tuple(locations[: sheltered_location(locations)])


def interpolate_years(points: dict[Any, float], year: float) -> float:
    """Linear interpolation in a ``{year: value}`` table, flat outside its range.

    Example:
        >>> interpolate_years({2014: 1.0, 2016: 2.0}, 2015.5)
        1.75
    """
    years = sorted(int(y) for y in points)
    values = [float(points[y] if y in points else points[str(y)]) for y in years]
    if year <= years[0]:
        return values[0]
    if year >= years[-1]:
        return values[-1]
    for (y0, v0), (y1, v1) in zip(zip(years, values), zip(years[1:], values[1:])):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return values[-1]


def bundled_regions() -> list[str]:
    """Names of the region files shipped with the package."""
    return sorted(p.stem for p in BUNDLED_DIR.glob("*.toml"))


def resolve_region_path(name_or_path: str | Path, base_dir: Path | None = None) -> Path:
    """Turn a bundled region name or a (relative) path into a file path.

    A bare name (no ``/`` and no ``.toml``) is a bundled region; anything else is a path,
    relative to ``base_dir`` (the scenario file's folder) when that is given.
    """
    text = str(name_or_path)
    if "/" not in text and "\\" not in text and not text.endswith(".toml"):
        path = BUNDLED_DIR / f"{text}.toml"
        if not path.exists():
            raise RegionError(
                f"unknown region {text!r}; bundled regions: {', '.join(bundled_regions())} "
                "(or give a path to a region .toml file)"
            )
        return path
    path = Path(text)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


#: the sections a region's gemeente file (``gemeenten/<region>.toml`` next to it) may hold: what does not change a run
COMPANION_SECTIONS = ("gemeente_names", "gemeente_checks")


def gemeente_companion_path(path: Path) -> Path:
    """Where the gemeente file of the region file ``path`` lives: ``gemeenten/<same name>`` beside it.

    Example:
        >>> gemeente_companion_path(Path("data/regions/oost-groningen.toml")).as_posix()
        'data/regions/gemeenten/oost-groningen.toml'
    """
    return path.parent / "gemeenten" / path.name


def _gemeente_companion(path: Path, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The later gemeente names and the gemeente checks of the region's gemeente file, if it has one.

    Why a file of their own: they do not build the population, so changing them must not make the
    committed calibration (which records the region file's sha256) stale. Figures that do build it
    are refused there, and a section in both files is refused (one place per fact).
    """
    companion = gemeente_companion_path(path)
    if not companion.is_file():
        return {}
    extra, _ = read_toml(companion, RegionError, "gemeente file")
    for key in extra:
        if key not in COMPANION_SECTIONS:
            raise RegionError(f"{companion}: key {key!r}: not allowed in a gemeente file; allowed: {', '.join(COMPANION_SECTIONS)} "
                              f"(figures per gemeente, [gemeente.<name>.<figure>], belong in the region file {path.name})")
        if key in raw:
            raise RegionError(f"{companion}: key {key!r}: also in the region file {path}; allowed: in one of the two")
    return dict(extra)


def load_region(name_or_path: str | Path, base_dir: Path | None = None) -> RegionData:
    """Load and check a region file (see the module docstring)."""
    path = resolve_region_path(name_or_path, base_dir)
    raw, digest = read_toml(path, RegionError, "region file")
    _check_figures(path, raw)
    head = raw["region"]
    bands = len(raw["population"]["age_sex"].get("men", ()))
    region = RegionData(
        name=str(head["name"]),
        code=str(head["code"]),
        label=str(head.get("label", head["name"])),
        path=path.resolve(),
        sha256=digest,
        reference_year=int(head["reference_year"]),
        first_year=int(head["first_year"]),
        last_year=int(head["last_year"]),
        sectors=tuple(head["sectors"]),
        locations=tuple(head["locations"]),
        gemeenten=tuple(head["gemeenten"]),
        raw=raw,
        local=read_gemeente_section(path, {**raw, **_gemeente_companion(path, raw)}, tuple(head["gemeenten"]), bands, RegionError),
    )
    check_consistency(region, RegionError)
    return region


@functools.lru_cache(maxsize=1)
def _bundled_raw() -> dict[str, Any]:
    """The bundled region file, parsed: the reference for the types of another region file."""
    return read_toml(BUNDLED_DIR / "oost-groningen.toml", RegionError, "region file")[0]


def _node(tree: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return tree


def _kind(value: Any) -> str:
    """The kind of a TOML value, as a region file's author would name it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _short(value: Any) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in repr(value))
    return text if len(text) <= 60 else text[:57] + "..."


def _check_shape(path: Path, ref: Any, given: Any, key: str) -> None:
    """``given`` must have the kind of ``ref`` (the bundled file's value), recursively.

    Tables compare the keys both have; a table keyed by years (or other names the bundled file
    cannot know) compares every value with the bundled file's first value; a list compares
    every item with the bundled list's first item.

    Example:
        >>> _check_shape(Path("r.toml"), {"value": 1.0}, {"value": "many"}, "population.total")
        Traceback (most recent call last):
        ...
        participation_model.region.RegionError: r.toml: key 'population.total.value': got 'many'; allowed: a number (as in the bundled region file)
    """
    if _kind(ref) != _kind(given):
        raise RegionError(f"{path}: key '{key}': got {_short(given)}; allowed: {_kind(ref)} (as in the bundled region file)")
    if isinstance(ref, dict) and ref:
        named = set(ref)
        sample = next(iter(ref.values()))
        free_keys = all(str(k).isdigit() or "-" in str(k) for k in ref)  # years and dated points
        for k, v in given.items():
            if k in named:
                _check_shape(path, ref[k], v, f"{key}.{k}")
            elif free_keys:
                _check_shape(path, sample, v, f"{key}.{k}")
    elif isinstance(ref, list) and ref:
        for i, item in enumerate(given, start=1):
            _check_shape(path, ref[0], item, f"{key}[{i}]")


def _check_figures(path: Path, raw: dict[str, Any]) -> None:
    """Every required figure must exist, carry unit, year, definition and source, and have the
    types of the bundled region file (a number where it has a number, a list where a list, ...)."""
    if not isinstance(raw.get("region"), dict):
        raise RegionError(f"{path}: key 'region': missing or not a table; allowed: a [region] table with name, code, years, sectors, locations and gemeenten")
    for key in ("name", "code", "reference_year", "first_year", "last_year", "sectors", "locations", "gemeenten"):
        if key not in raw.get("region", {}):
            raise RegionError(f"{path}: key 'region.{key}' is missing")
    head = raw["region"]
    for key in ("reference_year", "first_year", "last_year"):
        if finite_number(head[key], whole=True) is None:
            raise RegionError(f"{path}: key 'region.{key}': got {_short(head[key])}; allowed: a year, a whole number")
    for key in ("name", "code"):
        if not isinstance(head[key], str):
            raise RegionError(f"{path}: key 'region.{key}': got {_short(head[key])}; allowed: text")
    for key in ("sectors", "locations", "gemeenten"):
        value = head[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise RegionError(f"{path}: key 'region.{key}': got {_short(value)}; allowed: a non-empty list of names (text)")
    if path.resolve() != (BUNDLED_DIR / "oost-groningen.toml").resolve():
        reference = _bundled_raw()
        for dotted in REQUIRED_FIGURES:
            ref, given = _node(reference, dotted), _node(raw, dotted)
            if ref is not None and given is not None:
                _check_shape(path, ref, given, dotted)
    if raw["region"]["locations"][-1:] != ["sheltered"]:
        raise RegionError(f"{path}: key 'region.locations': the last location must be 'sheltered' (sheltered work)")
    for dotted in REQUIRED_FIGURES:
        node: Any = raw
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise RegionError(f"{path}: key '{dotted}' is missing")
            node = node[part]
        missing = [k for k in PROVENANCE_KEYS if k not in node]
        if missing:
            raise RegionError(f"{path}: key '{dotted}': provenance field(s) {', '.join(missing)} missing")
