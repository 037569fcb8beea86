"""The instrument defaults file: world numbers an intervention block uses for a field it leaves out.

Every number about the world sits in a data file with its unit and source, so the defaults of
the instruments' fields (a referral rate, the share of employers that accept brug-WW, the WW
paid per trainee-month) live in ``data/parameters/interventions.toml``, one table per value::

    [brug_ww.employer_acceptance]
    value = 0.25
    unit = "share of target-sector vacancies"
    source = "ASSUMPTION after Panteia 2018: little used, the job guarantee deters employers"
    description = "share of target-sector vacancies whose employer accepts the scheme"

Besides an instrument's own table (``[<type>.*]``) there are shared tables, declared in
:data:`SHARED_TABLES`: ``[programme.*]`` for the fields every programme has, and
``[participatiewet.*]`` for the loonwaarde assessment and subsidy the three Participatiewet
instruments share. A number the instruments share is written once; :func:`tables_for` says which
tables an instrument may read.

A field declares ``default=from_file("brug_ww.employer_acceptance")`` and takes value, unit and
source from here when it is built (``fields.FieldSpec``); its kind, bounds and help stay in the
code. The file is separate from the parameter file on purpose: these values are not calibrated
and not overridden through ``parameters."..."``; a scenario sets its own value in the block.

Example:
    >>> defaults = bundled_defaults()
    >>> entry = defaults.entry("brug_ww.employer_acceptance")
    >>> entry.value, entry.unit
    (0.25, 'share of target-sector vacancies')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from participation_model.tomlfile import read_toml

DEFAULTS_PATH = Path(__file__).resolve().parent.parent / "data" / "parameters" / "interventions.toml"
ENTRY_KEYS = ("value", "unit", "source", "description")
PROGRAMME_TABLE = "programme"  # the defaults of the fields every programme shares (common_fields.py)
# Shared tables other than [programme.*], with the instruments (scenario type names) that read them.
SHARED_TABLES: Mapping[str, tuple[str, ...]] = {
    "participatiewet": ("loonkostensubsidie", "garantiebanen", "beschut_werk"),
}


def tables_for(kind: str) -> tuple[str, ...]:
    """The tables whose entries instrument ``kind`` may use as defaults, the most specific first.

    Why: a number several instruments share sits in one shared table, but the instrument's own
    table can still set it differently; looking up in this order finds the value that applies.

    Example:
        >>> tables_for("garantiebanen")
        ('garantiebanen', 'participatiewet', 'programme')
        >>> tables_for("brug_ww")
        ('brug_ww', 'programme')
    """
    shared = tuple(table for table, kinds in SHARED_TABLES.items() if kind in kinds)
    return (kind, *shared, PROGRAMME_TABLE)


class InterventionDefaultsError(ValueError):
    """The instrument defaults file is missing, malformed, or lacks an entry a field asks for."""


@dataclass(frozen=True)
class WorldDefault:
    """One default: its dotted key, value, unit, source and what it is."""

    key: str
    value: int | float
    unit: str
    source: str
    description: str


@dataclass(frozen=True)
class InstrumentDefaults:
    """The entries of one defaults file, by dotted key (``table.field``)."""

    path: Path
    sha256: str
    entries: Mapping[str, WorldDefault]

    def entry(self, key: str) -> WorldDefault:
        """The entry under ``key``; a missing one is an error naming the file and the key.

        Example:
            >>> bundled_defaults().entry("brug_ww.no_such_field")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            participation_model.interventions.defaults.InterventionDefaultsError: .../interventions.toml: key 'brug_ww.no_such_field': missing; ...
        """
        try:
            return self.entries[key]
        except KeyError:
            raise InterventionDefaultsError(
                f"{self.path}: key {key!r}: missing; allowed: a table [{key}] with {', '.join(ENTRY_KEYS)}"
            ) from None


@dataclass(frozen=True)
class FromFile:
    """A field's default that is the world number under ``key`` of a defaults file.

    ``defaults`` is the file to read (None: the bundled one); tests pass a changed copy.

    Example:
        >>> FromFile("programme.referral_rate").resolve().value
        0.2
    """

    key: str
    defaults: InstrumentDefaults | None = None

    def resolve(self) -> WorldDefault:
        """The entry this default names."""
        return (self.defaults or bundled_defaults()).entry(self.key)


def from_file(key: str) -> FromFile:
    """Declare a field's default as the entry ``key`` (``table.field``) of the bundled defaults file.

    Example:
        >>> from_file("sw_secondment.target_share").resolve().source
        'Akkoord van Westerlee 2015: 60%'
    """
    return FromFile(key)


@lru_cache(maxsize=1)
def bundled_defaults() -> InstrumentDefaults:
    """The bundled defaults file, read once per process (the fields are built at import)."""
    return load_defaults(DEFAULTS_PATH)


def load_defaults(path: str | Path | None = None) -> InstrumentDefaults:
    """Read and check a defaults file (the bundled one when ``path`` is None).

    Every entry is a table with exactly value (a number), unit, source and description (text,
    not empty); anything else is an error naming the file and the key.

    Example:
        >>> len(load_defaults().entries) > 20
        True
    """
    file = (Path(path) if path is not None else DEFAULTS_PATH).resolve()  # messages name the file as loaded
    raw, digest = read_toml(file, InterventionDefaultsError, "instrument defaults file")
    entries: dict[str, WorldDefault] = {}
    for table, fields in raw.items():
        if not isinstance(fields, dict):
            raise InterventionDefaultsError(f"{file}: key {table!r}: got {fields!r}; allowed: a table of defaults, [{table}.<field>]")
        for name, entry in fields.items():
            entries[f"{table}.{name}"] = _entry(file, f"{table}.{name}", entry)
    return InstrumentDefaults(file, digest, entries)


def _entry(file: Path, key: str, entry: Any) -> WorldDefault:
    """One checked entry; the messages say what was found and what is allowed."""
    if not isinstance(entry, dict):
        raise InterventionDefaultsError(f"{file}: key {key!r}: got {entry!r}; allowed: a table with {', '.join(ENTRY_KEYS)}")
    missing = [k for k in ENTRY_KEYS if k not in entry]
    if missing:
        raise InterventionDefaultsError(f"{file}: key {key!r}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        raise InterventionDefaultsError(f"{file}: key {key!r}: unknown {', '.join(unknown)}; allowed: {', '.join(ENTRY_KEYS)}")
    value = entry["value"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InterventionDefaultsError(f"{file}: key '{key}.value': got {value!r}; allowed: a number")
    for text in ENTRY_KEYS[1:]:
        if not isinstance(entry[text], str) or not entry[text].strip():
            raise InterventionDefaultsError(f"{file}: key '{key}.{text}': got {entry[text]!r}; allowed: text, not empty")
    return WorldDefault(key, value, entry["unit"], entry["source"], entry["description"])
