"""The catalogue of measures: every column of the output tables, described once.

Each measure of the ``series``, ``groups`` and ``sectors`` tables has one entry here: its
name, its kind (``stock``, ``flow`` or ``rate``), its unit, its English and Dutch label and
its CBS definition in one line. Everything that names, orders or aggregates measures reads
this module instead of keeping its own list:

- the recorder (``model/results.py``) writes exactly the columns of :data:`TABLE_COLUMNS`,
  in that order, and takes its person flows from here;
- the annual summaries (``metrics/summary.py``) sum what is a flow here and average the rest;
- the dashboards' measure names (``reports/dashboard/labels.measure_label``) and the
  command line's printout (``cli.text``) use the labels here;
- ``docs/outputs.md`` is checked against it by ``tests/test_measure_catalogue.py``.

Columns that come in families (one per work location, sector or age band) have one
:class:`Family` entry with a ``<member>`` placeholder, e.g. ``employed_sec_<sector>``; the
region file decides the members.

The model counts simulated persons; a run at ``scale`` 0.1 simulates one person for ten
residents. :func:`to_real` is the one conversion of such counts into persons of the real
population, used where counts leave the model (tables, intervention reports, comparisons,
spending).

This module is core level: ``model/`` and ``metrics/`` import it, and it imports nothing
from the package.

Example:
    >>> find("job_finding").kind, find("ww").unit, find("employed_sec_zorg").label("nl")
    ('flow', 'persons', 'zorg')
    >>> columns("sectors", {})
    ('employed', 'vacancies', 'jobs', 'desired_jobs', 'vacancies_closed_unfilled')
    >>> to_real(3, 0.5)
    6.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:
    import numpy as np

MeasureKind = Literal["stock", "flow", "rate"]
Language = Literal["en", "nl"]

#: The tables a run writes that hold measures as columns (docs/outputs.md).
TABLES: tuple[str, ...] = ("series", "groups", "sectors")


@dataclass(frozen=True)
class Measure:
    """One measure: what a column of the output tables holds.

    ``kind`` decides the annual value (flows are summed over a year, stocks and rates
    averaged); ``unit`` is the unit of one monthly value; ``definition`` is the CBS (or
    model) definition in one line.

    Example:
        >>> Measure("ww", "stock", "persons", "WW", "WW", "residents receiving WW").label("nl")
        'WW'
    """

    name: str
    kind: MeasureKind
    unit: str
    label_en: str
    label_nl: str
    definition: str

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``"en"`` or ``"nl"``).

        Example:
            >>> find("bijstand_inflow").label("nl")
            'instroom bijstand'
        """
        if lang not in ("en", "nl"):
            raise ValueError(f"unknown language {lang!r}; allowed: en, nl")
        return self.label_en if lang == "en" else self.label_nl


@dataclass(frozen=True)
class Family:
    """A family of measures, one column per member: ``<prefix><member>``.

    ``member`` names what the members are (``location``, ``sector`` or ``band``); the
    labels are templates in which ``{word}`` is the member's name in the language (from
    :data:`MEMBER_WORDS`) and ``{raw}`` the member key with spaces for underscores.

    Example:
        >>> family = FAMILIES["employed_sec_"]
        >>> family.pattern, family.measure("bouw").label("en")
        ('employed_sec_<sector>', 'construction')
    """

    prefix: str
    member: str
    kind: MeasureKind
    unit: str
    label_en: str
    label_nl: str
    definition: str

    @property
    def pattern(self) -> str:
        """The family's name in :data:`TABLE_COLUMNS` and the docs, e.g. ``employed_loc_<location>``."""
        return f"{self.prefix}<{self.member}>"

    def measure(self, member: str) -> Measure:
        """The member's own :class:`Measure`, with its labels filled in.

        Example:
            >>> FAMILIES["employed_loc_"].measure("inside").label("nl")
            'binnen de regio'
        """
        raw = member.replace("_", " ")
        words = MEMBER_WORDS.get(self.member, {})
        en, nl = words.get(member, (raw, raw))
        return Measure(
            f"{self.prefix}{member}",
            self.kind,
            self.unit,
            self.label_en.format(word=en, raw=raw),
            self.label_nl.format(word=nl, raw=raw),
            self.definition.format(member=member),
        )


#: Work locations of the sectors table and the ``employed_loc_`` columns: (English, Dutch).
LOCATIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "inside": ("inside the region", "binnen de regio"),
    "rest_of_province": ("rest of the province", "rest van de provincie"),
    "outside_province": ("outside the province", "buiten de provincie"),
    "sheltered": ("sheltered work", "sociale werkvoorziening"),
})  # fmt: skip

#: Sectors of the region file: (English, Dutch). A sector not listed is named by its key.
SECTORS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "zorg": ("health care", "zorg"),
    "handel": ("trade", "handel"),
    "industrie": ("manufacturing", "industrie"),
    "bouw": ("construction", "bouw"),
    "landbouw": ("agriculture", "landbouw"),
    "logistiek": ("logistics", "logistiek"),
    "zakelijke_diensten": ("business services", "zakelijke dienstverlening"),
    "onderwijs": ("education", "onderwijs"),
    "overheid": ("government", "overheid"),
    "horeca_overig": ("hospitality and other", "horeca en overig"),
})  # fmt: skip

#: Names of family members by kind of member (bands have none: they are named by their key).
MEMBER_WORDS: Mapping[str, Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"location": LOCATIONS, "sector": SECTORS}
)

_P, _PM, _PCT = "persons", "persons per month", "%"

# Labels are the words the dashboards and the printout have always shown. A few are still the
# column name with spaces (e.g. "population 15 65", "ue quarterly 15 34"); better words change
# the dashboards, so they belong in a commit of their own.
_MEASURES: tuple[Measure, ...] = (
    # stocks of residents (CBS labour force survey, ILO definitions; Wsw counts as employed)
    Measure("population_15_75", "stock", _P, "residents 15-75", "inwoners 15-75",
            "residents aged 15-75 at the end of the month"),
    Measure("population_15_65", "stock", _P, "population 15 65", "population 15 65",
            "residents aged 15-65 at the end of the month"),
    Measure("employed_15_75", "stock", _P, "employed 15-75", "werkenden 15-75",
            "employed residents 15-75 (ILO: any paid work, including Wsw), wherever they work"),
    Measure("unemployed_15_75", "stock", _P, "unemployed 15-75", "werklozen 15-75",
            "unemployed residents 15-75 (ILO: no paid work, searching, available)"),
    Measure("labour_force_15_75", "stock", _P, "labour force 15-75", "beroepsbevolking 15-75",
            "employed plus unemployed residents 15-75"),
    Measure("employed_15_65", "stock", _P, "employed 15 65", "employed 15 65",
            "employed residents 15-65 (ILO)"),
    Measure("unemployed_15_65", "stock", _P, "unemployed 15 65", "unemployed 15 65",
            "unemployed residents 15-65 (ILO)"),
    Measure("labour_force_15_65", "stock", _P, "labour force 15 65", "labour force 15 65",
            "employed plus unemployed residents 15-65"),
    # rates (CBS headline definitions since 2015)
    Measure("netto_participation_15_75", "rate", _PCT, "netto participation 15-75",
            "netto arbeidsparticipatie 15-75", "employed / population, 15-75 (CBS netto arbeidsparticipatie)"),
    Measure("bruto_participation_15_75", "rate", _PCT, "bruto participation 15-75",
            "bruto arbeidsparticipatie 15-75", "labour force / population, 15-75 (CBS bruto arbeidsparticipatie)"),
    Measure("netto_participation_15_65", "rate", _PCT, "netto participation 15-65",
            "netto arbeidsparticipatie 15-65", "employed / population, 15-65"),
    Measure("bruto_participation_15_65", "rate", _PCT, "bruto participation 15-65",
            "bruto arbeidsparticipatie 15-65", "labour force / population, 15-65"),
    Measure("unemployment_rate_15_75", "rate", _PCT, "unemployment rate 15-75", "werkloosheid 15-75",
            "unemployed / labour force, 15-75 (CBS werkloosheidspercentage, ILO)"),
    Measure("unemployment_rate_15_65", "rate", _PCT, "unemployment rate 15-65", "werkloosheid 15-65",
            "unemployed / labour force, 15-65"),
    # benefit stocks
    Measure("ww", "stock", _P, "WW", "WW", "residents receiving WW (unemployment insurance, UWV)"),
    Measure("bijstand", "stock", _P, "bijstand", "bijstand",
            "residents receiving bijstand (social assistance, Participatiewet)"),
    Measure("ao", "stock", _P, "AO (disability)", "AO-uitkering",
            "residents receiving a disability benefit (WIA, WAO, Wajong, WAZ)"),
    Measure("wsw", "stock", _P, "Wsw (sheltered work)", "Wsw (sociale werkvoorziening)",
            "residents with a sheltered-work (Wsw) contract; they count as employed"),
    Measure("long_term_unemployed", "stock", _P, "long-term unemployed", "langdurig werklozen",
            "residents unemployed for 12 months or more (CBS langdurig werkloos)"),
    Measure("long_term_share", "rate", _PCT, "long-term share of the unemployed", "aandeel langdurig werklozen",
            "long-term unemployed / unemployed"),
    # flows of residents during the month
    Measure("job_finding", "flow", _PM, "job finding", "werkvinding (werkloos naar werk)",
            "unemployed residents hired by an employer (no job-to-job moves, no start as self-employed)"),
    Measure("job_loss", "flow", _PM, "job loss", "baanverlies",
            "residents who lost their job involuntarily and became unemployed"),
    Measure("ww_inflow", "flow", _PM, "WW inflow", "instroom WW", "residents who started a WW benefit"),
    Measure("ww_exhaustion", "flow", _PM, "WW exhaustion", "WW uitgeput",
            "residents without work whose WW entitlement ran out"),
    Measure("ww_exit_to_work", "flow", _PM, "WW exit to work", "uitstroom WW naar werk",
            "WW recipients who started work (WW ends)"),
    Measure("bijstand_inflow", "flow", _PM, "bijstand inflow", "instroom bijstand",
            "residents who started receiving bijstand"),
    Measure("bijstand_exit", "flow", _PM, "bijstand exit", "uitstroom bijstand",
            "residents who stopped receiving bijstand, for any reason"),
    Measure("bijstand_exit_to_work", "flow", _PM, "bijstand exit to work", "uitstroom bijstand naar werk",
            "bijstand recipients who started work (part of bijstand_exit)"),
    Measure("job_to_job", "flow", _PM, "job-to-job moves", "baan-baanwisselingen",
            "employed residents hired by another employer"),
    Measure("hires", "flow", _PM, "hires", "aannames", "all hires of residents: job_finding + job_to_job"),
    Measure("separations", "flow", _PM, "separations", "beëindigde banen",
            "jobs that ended other than by a job-to-job move (dismissal, end of contract, quitting, sickness)"),
    # the employers' side
    Measure("vacancies", "stock", "vacancies", "open vacancies inside the region",
            "openstaande vacatures in de regio", "open vacancies of the employers (CBS openstaande vacatures)"),
    Measure("vacancies_outside", "stock", "vacancies", "vacancies outside the region within reach",
            "vacatures buiten de regio binnen bereik",
            "vacancies outside the region within residents' reach (they follow national vacancies)"),
    Measure("jobs_inside", "stock", "jobs", "jobs in the region", "banen in de regio",
            "employee jobs located in the region, residents' and in-commuters' (no self-employed, no Wsw)"),
    Measure("incommuters", "stock", "jobs", "jobs held by in-commuters", "banen van inpendelaars",
            "the part of jobs_inside held by residents of other regions"),
    Measure("desired_jobs_inside", "stock", "jobs", "employers' target demand", "gewenste banen van de werkgevers",
            "the employers' target demand inside the region (jobs + open vacancies + the gap not yet posted)"),
    Measure("tightness", "rate", "ratio", "vacancies per unemployed", "vacatures per werkloze (spanning)",
            "open vacancies inside the region per unemployed resident (CBS spanningsindicator, as a ratio)"),
    Measure("vacancies_posted", "flow", "vacancies per month", "vacancies posted", "vacatures geopend",
            "vacancies the employers inside the region posted"),
    Measure("vacancies_closed_unfilled", "flow", "vacancies per month", "vacancies closed unfilled",
            "vacatures onvervuld gesloten", "vacancies that reached the maximum age unfilled and closed"),
    Measure("vacancies_withdrawn", "flow", "vacancies per month", "vacancies withdrawn", "vacatures ingetrokken",
            "vacancies the employers withdrew"),
    Measure("vacancies_filled", "flow", "vacancies per month", "vacancies filled", "vacatures vervuld",
            "vacancies filled by residents or in-commuters"),
    Measure("incommuter_hires", "flow", "jobs per month", "incommuter hires", "incommuter hires",
            "in-commuters hired by employers inside the region"),
    Measure("incommuter_leavers", "flow", "jobs per month", "incommuter leavers", "incommuter leavers",
            "in-commuters leaving employers inside the region"),
    # quarterly transition rates (CBS labour-force-survey flow definitions)
    Measure("ue_quarterly", "rate", _PCT, "unemployed to employed (quarterly)", "werkloos naar werk (per kwartaal)",
            "of the residents unemployed three months earlier, the share employed now"),
    Measure("eu_quarterly", "rate", _PCT, "employed to unemployed (quarterly)", "werk naar werkloos (per kwartaal)",
            "of the residents employed three months earlier, the share unemployed now"),
    Measure("nilf_to_labour_force_quarterly", "rate", _PCT, "outside to inside the labour force (quarterly)",
            "niet-beroepsbevolking naar beroepsbevolking (per kwartaal)",
            "of the residents outside the labour force three months earlier, the share in it now"),
    Measure("self_employed", "stock", _P, "self-employed", "zelfstandigen", "self-employed residents"),
    # the groups table: the series' 15-75 measures within a group
    Measure("employed", "stock", _P, "employed", "werkenden", "employed residents 15-75 (ILO), in the group or job market"),
    Measure("unemployed", "stock", _P, "unemployed", "werklozen", "unemployed residents 15-75 (ILO) in the group"),
    Measure("labour_force", "stock", _P, "labour force", "labour force", "employed plus unemployed in the group"),
    Measure("netto_participation", "rate", _PCT, "netto participation", "netto arbeidsparticipatie",
            "employed / population 15-75 in the group"),
    Measure("bruto_participation", "rate", _PCT, "bruto participation", "bruto arbeidsparticipatie",
            "labour force / population 15-75 in the group"),
    Measure("unemployment_rate", "rate", _PCT, "unemployment rate", "werkloosheid",
            "unemployed / labour force in the group"),
    # the sectors table: one employer group (sector x work location)
    Measure("jobs", "stock", "jobs", "jobs", "jobs",
            "filled jobs of the employer group, residents' and in-commuters' (0 for sheltered)"),
    Measure("desired_jobs", "stock", "jobs", "desired jobs", "desired jobs",
            "the employer group's target demand (inside the region; 0 elsewhere)"),
    # flows the model records but no table writes; summed should a table ever carry them
    Measure("wsw_inflow", "flow", _PM, "wsw inflow", "wsw inflow", "residents who started a Wsw contract"),
    Measure("self_employment_entry", "flow", _PM, "self employment entry", "self employment entry",
            "residents who started as self-employed"),
    Measure("course_completion", "flow", _PM, "course completion", "course completion",
            "residents who completed a course"),
    Measure("course_dropout", "flow", _PM, "course dropout", "course dropout", "residents who left a course early"),
    Measure("entrants", "flow", _PM, "entrants", "entrants", "15-year-olds entering the population"),
    Measure("in_migrants", "flow", _PM, "in-migrants", "vestigers",
            "persons aged 15-75 moving into the region (statushouders housed by its gemeenten)"),
    Measure("leavers", "flow", _PM, "leavers", "leavers",
            "residents leaving the population (death, emigration, age 75)"),
)  # fmt: skip

_FAMILIES: tuple[Family, ...] = (
    Family("ue_quarterly_", "band", "rate", _PCT, "ue quarterly {raw}", "ue quarterly {raw}",
           "ue_quarterly for residents aged {member} now"),
    Family("long_term_share_", "band", "rate", _PCT, "long term share {raw}", "long term share {raw}",
           "long_term_share for the unemployed aged {member}"),
    Family("employed_loc_", "location", "stock", _P, "{word}", "{word}",
           "employed residents working in location {member}"),
    Family("employees_loc_", "location", "stock", _P, "employees loc {raw}", "employees loc {raw}",
           "employees (permanent or temporary contract) working in location {member} (CBS 81252NED)"),
    Family("employed_sec_", "sector", "stock", _P, "{word}", "{word}",
           "employed residents in sector {member}, wherever they work"),
)  # fmt: skip

#: Every single measure by name.
MEASURES: Mapping[str, Measure] = MappingProxyType({m.name: m for m in _MEASURES})

#: Every family of measures by name prefix.
FAMILIES: Mapping[str, Family] = MappingProxyType({f.prefix: f for f in _FAMILIES})

#: The measure columns of each table, in the order the table has them (after its key
#: columns); ``<member>`` entries stand for one column per member of a family.
TABLE_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "series": (
        "population_15_75", "population_15_65", "employed_15_75", "unemployed_15_75", "labour_force_15_75",
        "employed_15_65", "unemployed_15_65", "labour_force_15_65", "netto_participation_15_75",
        "bruto_participation_15_75", "netto_participation_15_65", "bruto_participation_15_65",
        "unemployment_rate_15_75", "unemployment_rate_15_65", "ww", "bijstand", "ao", "wsw",
        "long_term_unemployed", "long_term_share", "job_finding", "job_loss", "ww_inflow", "ww_exhaustion",
        "ww_exit_to_work", "bijstand_inflow", "bijstand_exit", "bijstand_exit_to_work", "job_to_job", "hires",
        "separations", "vacancies", "vacancies_outside", "jobs_inside", "incommuters", "desired_jobs_inside",
        "tightness", "vacancies_posted", "vacancies_closed_unfilled", "vacancies_withdrawn", "vacancies_filled",
        "incommuter_hires", "incommuter_leavers", "ue_quarterly", "ue_quarterly_<band>", "eu_quarterly",
        "nilf_to_labour_force_quarterly", "long_term_share_<band>", "employed_loc_<location>",
        "employees_loc_<location>", "self_employed", "employed_sec_<sector>",
    ),
    "groups": (
        "population_15_75", "employed", "unemployed", "labour_force", "netto_participation",
        "bruto_participation", "unemployment_rate", "ww", "bijstand", "ao", "wsw", "long_term_unemployed",
        "job_finding", "job_loss", "ww_exhaustion", "bijstand_exit",
    ),
    "sectors": ("employed", "vacancies", "jobs", "desired_jobs", "vacancies_closed_unfilled"),
})  # fmt: skip


#: The participant counts of a programme, one definition each, used under exactly these names
#: in every table: the run folder's ``interventions`` table (monthly, by
#: ``interventions/counts.py``), the comparison's ``interventions``, ``target_groups`` and
#: ``scenario_totals`` tables, the scenario cards and the dashboards. Each entry: (English
#: label, Dutch label, definition). tests/test_counts.py checks that all tables agree.
PARTICIPANT_COUNTS: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    "enrolled": ("enrolments (starts)", "instroom (starts)",
                 "entries into the programme; a person who enters again counts again (what places and budgets count)"),
    "participants_started": ("participants started", "gestarte deelnemers",
                             "persons who entered the programme, each counted once (in a scenario's totals: once over all its programmes)"),
    "participants_in_programme": ("participants in the programme", "deelnemers in het programma",
                                  "persons in the programme at the end of a month (a stock; over a year: the mean of its months)"),
    "participants_completed": ("participants completed", "deelnemers afgerond",
                               "persons who completed the programme (its full duration, or the course, training or place "
                               "the instrument is about), each counted once"),
    "hired_under_scheme": ("hired under the scheme", "aangenomen via de regeling",
                           "persons who started work while in the programme or within its follow_up_months after leaving it, "
                           "each counted once"),
})  # fmt: skip


def find(name: str) -> Measure | None:
    """The measure named ``name`` (a single measure or a member of a family), else ``None``.

    Example:
        >>> find("ue_quarterly_15_34").kind, find("no_such_column") is None
        ('rate', True)
    """
    if name in MEASURES:
        return MEASURES[name]
    for prefix, family in FAMILIES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            return family.measure(name.removeprefix(prefix))
    return None


def columns(table: str, members: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The measure columns of ``table``, with every family expanded over its ``members``.

    ``members`` gives the keys per kind of member, e.g. ``{"location": region.locations,
    "sector": region.sectors, "band": ("15_34", "35_54", "55_74")}``; the recorder writes
    the columns in this order.

    Example:
        >>> columns("series", {"band": ["15_34"], "location": ["inside"], "sector": ["zorg"]})[-4:]
        ('employed_loc_inside', 'employees_loc_inside', 'self_employed', 'employed_sec_zorg')
    """
    out: list[str] = []
    for entry in TABLE_COLUMNS[table]:
        prefix, bracket, rest = entry.partition("<")
        if bracket:
            out.extend(f"{prefix}{member}" for member in members[rest.rstrip(">")])
        else:
            out.append(entry)
    return tuple(out)


def names_of_kind(table: str, kind: MeasureKind) -> tuple[str, ...]:
    """The single (non-family) measures of ``table`` that are of ``kind``, in table order.

    Example:
        >>> names_of_kind("groups", "flow")
        ('job_finding', 'job_loss', 'ww_exhaustion', 'bijstand_exit')
    """
    return tuple(n for n in TABLE_COLUMNS[table] if n in MEASURES and MEASURES[n].kind == kind)


def kinds() -> tuple[Mapping[str, MeasureKind], Mapping[str, MeasureKind]]:
    """The kind of every single measure by name, and of every family by prefix.

    The annual summaries read these: flows are summed over a year, stocks and rates averaged.

    Example:
        >>> by_name, by_prefix = kinds()
        >>> by_name["hires"], by_prefix["employed_sec_"]
        ('flow', 'stock')
    """
    by_name = MappingProxyType({name: m.kind for name, m in MEASURES.items()})
    by_prefix = MappingProxyType({prefix: f.kind for prefix, f in FAMILIES.items()})
    return by_name, by_prefix


@overload
def to_real(counts: float, scale: float) -> float: ...


@overload
def to_real(counts: np.ndarray, scale: float) -> np.ndarray: ...


def to_real(counts: float | np.ndarray, scale: float) -> float | np.ndarray:
    """Simulated counts (persons, jobs, vacancies, EUR per simulated person) in the real population.

    A run at ``scale`` 0.05 simulates one person for twenty residents, so its counts are
    divided by the scale where they leave the model. Always ``counts / scale``, so a table
    that converts here gives the same numbers, to the last bit, as one that divided itself.

    Example:
        >>> to_real(7, 0.1), to_real(2.5, 1.0)
        (70.0, 2.5)
    """
    return counts / scale


def real_per_simulated(scale: float) -> float:
    """How many residents one simulated person stands for: ``1 / scale``.

    For tables that multiply many counts by one factor (``model/measures.py``,
    ``model/results.employer_series``). ``x * (1 / scale)`` can differ from ``x / scale`` in
    the last bit, so those tables keep the factor rather than call :func:`to_real`: their
    numbers stay what they were.

    Example:
        >>> real_per_simulated(0.25)
        4.0
    """
    return 1.0 / scale
