"""Words of the dashboards in English and Dutch: headings, help texts, buttons, measure names.

Policy analysts in Groningen read Dutch terms (netto arbeidsparticipatie, bijstand, gemeente),
so every dashboard can be written in English (``en``) or Dutch (``nl``). All text goes through
:func:`text` (page words) or one of the ``*_label`` functions (names of measures, groups,
sectors, funding streams), so a missing translation is a ``KeyError`` in tests rather than a
half-English page. The names of the measures, work locations and sectors, in both languages,
come from the measure catalogue (``participation_model.measure_catalogue``), the page words
from :mod:`participation_model.reports.dashboard.words`; this module adds the names of
comparison metrics, groups and funding streams, and the functions that look words up.

The existing reports (overview, fit, sensitivity) draw their charts with English titles; the
dashboards reuse those charts and :func:`translate` turns their fixed English strings into
Dutch.

Example:
    >>> text("tables", "nl"), measure_label("bijstand", "en"), measure_label("unemployment_rate_15_75", "nl")
    ('Tabellen downloaden', 'bijstand', 'werkloosheid 15-75')
    >>> number(12345.678, 1, "nl"), number(0.25, 2, "en", signed=True)
    ('12.345,7', '+0.25')
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from participation_model import measure_catalogue
from participation_model.measure_catalogue import LOCATIONS, PARTICIPANT_COUNTS, SECTORS
from participation_model.reports.dashboard.words import TEXTS

#: Languages a dashboard can be written in.
LANGUAGES: tuple[str, ...] = ("en", "nl")


class DashboardError(ValueError):
    """A dashboard that cannot be made: an unknown language, or a folder that is not an output folder.

    The message names what was given and what is allowed.
    """


def check_language(lang: str) -> str:
    """Return ``lang`` if the dashboards speak it, else raise :class:`DashboardError`.

    Example:
        >>> check_language("nl")
        'nl'
        >>> check_language("de")
        Traceback (most recent call last):
        ...
        participation_model.reports.dashboard.labels.DashboardError: unknown language 'de'; allowed: en, nl
    """
    if lang not in LANGUAGES:
        raise DashboardError(f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}")
    return lang


#: Dimensions of the groups table: (English, Dutch).
DIMENSIONS: Mapping[str, tuple[str, str]] = {
    "age_band": ("age band", "leeftijd"),
    "education": ("education", "opleidingsniveau"),
    "sex": ("sex", "geslacht"),
    "gemeente": ("gemeente (municipality)", "gemeente"),
}

#: Groups that have a Dutch name (age bands and gemeenten are the same in both languages).
GROUPS_NL: Mapping[str, str] = {
    "low": "laag", "mid": "middelbaar", "high": "hoog", "men": "mannen", "women": "vrouwen",
    "15-26": "15-26 jaar", "27-54": "27-54 jaar", "55+": "55 jaar en ouder",
    "low-educated": "laagopgeleid", "long-term unemployed": "langdurig werkloos",
}  # fmt: skip

#: Funding streams of the interventions: (English, Dutch).
STREAMS: Mapping[str, tuple[str, str]] = {
    "rijk_szw": ("national government (SZW)", "Rijk (SZW)"),
    "sector": ("sector funds", "sectorfondsen"),
    "employer": ("employers", "werkgevers"),
    "esf": ("ESF", "ESF"),
    "provincie": ("provincie (Groningen)", "provincie (Groningen)"),
    "gemeente": ("gemeenten", "gemeenten"),
    "uwv": ("UWV", "UWV"),
    "public": ("all public payers", "alle publieke betalers"),
}

#: Comparison metrics: (English, Dutch).
METRICS: Mapping[str, tuple[str, str]] = {
    "net_extra_person_years": ("net extra person-years (everyone)", "netto extra persoonsjaren (iedereen)"),
    "participants_extra_person_years": ("participants' extra person-years (gross)",
                                        "extra persoonsjaren deelnemers (bruto)"),
    "participant_extra_person_years": ("participants' extra person-years", "extra persoonsjaren deelnemers"),
    "displacement_person_years": ("displacement (lost by non-participants)", "verdringing (verlies niet-deelnemers)"),
    **{name: (en, nl) for name, (en, nl, _) in PARTICIPANT_COUNTS.items()},
    "participants_in_programme_in_year": ("participants in the programme (mean of the year)",
                                          "deelnemers in het programma (jaargemiddelde)"),
    "deadweight_share": ("deadweight", "meeneemeffect (deadweight)"),
    "lock_in_months": ("lock-in months", "opsluitmaanden (lock-in)"),
    "spending": ("spending", "uitgaven"),
    "cost_per_net_extra_person_year": ("cost per net extra person-year", "kosten per netto extra persoonsjaar"),
    "net_public_cost_per_net_extra_person_year": ("net public cost per net extra person-year",
                                                  "netto publieke kosten per netto extra persoonsjaar"),
    "cost_per_extra_participant_person_year": ("cost per extra participant person-year",
                                               "kosten per extra persoonsjaar deelnemer"),
    # the public purse (metrics/public_purse.py)
    "public_spending": ("public spending", "publieke uitgaven"),
    "benefit_months_avoided_ww": ("WW months avoided", "vermeden WW-maanden"),
    "benefit_months_avoided_bijstand": ("bijstand months avoided", "vermeden bijstandsmaanden"),
    "benefit_savings_ww": ("WW saved", "bespaarde WW"),
    "benefit_savings_bijstand": ("bijstand saved", "bespaarde bijstand"),
    "extra_revenue": ("extra tax and premium revenue", "extra belasting- en premieontvangsten"),
    "net_cost": ("net cost", "nettokosten"),
    "net_public_cost": ("net public cost", "netto publieke kosten"),
}

#: Dutch for the fixed English strings of the reused report charts (overview, fit, sensitivity).
TRANSLATIONS_NL: Mapping[str, str] = {
    "Participation 15-75": "Arbeidsparticipatie 15-75",
    "% of population 15-75": "% van de bevolking 15-75",
    "Unemployment rate 15-75": "Werkloosheid 15-75",
    "% of labour force 15-75": "% van de beroepsbevolking 15-75",
    "Benefit stocks": "Uitkeringen",
    "persons": "personen",
    "Employed residents by work location": "Werkende inwoners naar werklocatie",
    "persons employed": "werkende personen",
    "Vacancies and tightness": "Vacatures en spanning",
    "Open vacancies": "Openstaande vacatures",
    "Tightness": "Spanning",
    "vacancies": "vacatures",
    "vacancies per unemployed": "vacatures per werkloze",
    "Jobs in the region": "Banen in de regio",
    "jobs": "banen",
    "Vacancy flows": "Vacaturestromen",
    "vacancies per month": "vacatures per maand",
    "National drivers and the region": "Landelijke omstandigheden en de regio",
    "GDP volume growth": "Volumegroei bbp",
    "Unemployment rate": "Werkloosheid",
    "Open vacancies in the Netherlands": "Openstaande vacatures in Nederland",
    "% per year": "% per jaar",
    "% of the labour force": "% van de beroepsbevolking",
    "vacancies per 100 unemployed": "vacatures per 100 werklozen",
    "thousand vacancies": "duizend vacatures",
    "year": "jaar",
    "Netherlands (observed)": "Nederland (waargenomen)",
    "Netherlands (projected)": "Nederland (raming)",
    "Netherlands (held after the projection)": "Nederland (constant na de raming)",
    "region (model)": "regio (model)",
    "Baseline minus history run": "Basispad min historische run",
    "percentage points": "procentpunten",
    "Flows": "Stromen",
    "persons per month": "personen per maand",
    "month": "maand",
    "Not in the results": "Niet in de resultaten",
    "Standardised residuals": "Gestandaardiseerde residuen",
    "starting parameters": "startwaarden",
    "within band": "binnen de band",
    "outside band": "buiten de band",
    "z = (model - target) / half-width of the target's band": "z = (model - doel) / halve breedte van de band",
    "Model relative to each target": "Model ten opzichte van elk doel",
    "band of the target": "band van het doel",
    "model within band": "model binnen de band",
    "model outside band": "model buiten de band",
    "model as % of the target value (target = 100; 5-95% across replications)":
        "model als % van het doel (doel = 100; 5-95% over replicaties)",
    "Morris screening": "Morris-screening",
    "mu* (mean absolute elementary effect)": "mu* (gemiddeld absoluut elementair effect)",
    "sigma (spread: non-linearity, interactions)": "sigma (spreiding: niet-lineariteit, interacties)",
    "Sobol indices": "Sobol-indices",
    "first order S1": "eerste orde S1",
    "total order ST": "totale orde ST",
    "share of variance": "aandeel in de variantie",
    "One at a time": "Een voor een",
    "parameter at its low end": "parameter aan de onderkant",
    "parameter at its high end": "parameter aan de bovenkant",
    "5-95% across replications": "5-95% over replicaties",
    "median across replications": "mediaan over replicaties",
    "evidence range": "bereik uit evaluaties",
    "months since enrolment": "maanden sinds instroom",
    "effect on participants' employment (pp)": "effect op werk van deelnemers (procentpunt)",
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """The page word ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Example:
        >>> text("fig_probabilities", "nl", year=2018)
        'Kans op hogere netto arbeidsparticipatie in 2018'
        >>> text("no_such_key")
        Traceback (most recent call last):
        ...
        KeyError: "no dashboard text 'no_such_key'"
    """
    index = LANGUAGES.index(check_language(lang))
    if key not in TEXTS:
        raise KeyError(f"no dashboard text {key!r}")
    words = TEXTS[key][index]
    return words.format(**values) if values else words


def measure_label(measure: str, lang: str = "en") -> str:
    """Readable name of a series, group, sector or comparison measure.

    Table measures are named by the measure catalogue (``measure_catalogue``, including the
    families such as ``employed_sec_*``, named after their sector); comparison metrics by
    :data:`METRICS`; anything else by its column name with spaces.

    Example:
        >>> measure_label("ao", "en"), measure_label("employed_sec_zorg", "en"), measure_label("employed_sec_zorg", "nl")
        ('AO (disability)', 'health care', 'zorg')
    """
    index = LANGUAGES.index(check_language(lang))
    if measure in METRICS:
        return METRICS[measure][index]
    entry = measure_catalogue.find(measure)
    return entry.label(lang) if entry is not None else measure.replace("_", " ")


def _pair(table: Mapping[str, tuple[str, str]], key: str, lang: str) -> str:
    """``table[key]`` in ``lang``, or the key itself with spaces for underscores."""
    index = LANGUAGES.index(check_language(lang))
    return table[key][index] if key in table else str(key).replace("_", " ")


def sector_label(sector: str, lang: str = "en") -> str:
    """``"zakelijke_diensten"`` -> ``"business services"`` / ``"zakelijke dienstverlening"``.

    Example:
        >>> sector_label("bouw", "en"), sector_label("unknown_sector", "nl")
        ('construction', 'unknown sector')
    """
    return _pair(SECTORS, sector, lang)


def location_label(location: str, lang: str = "en") -> str:
    """Work location name, e.g. ``"inside"`` -> ``"binnen de regio"`` in Dutch.

    Example:
        >>> location_label("outside_province", "nl")
        'buiten de provincie'
    """
    return _pair(LOCATIONS, location, lang)


def dimension_label(dimension: str, lang: str = "en") -> str:
    """Name of a groups-table dimension.

    Example:
        >>> dimension_label("education", "nl")
        'opleidingsniveau'
    """
    return _pair(DIMENSIONS, dimension, lang)


def group_label(group: str, lang: str = "en") -> str:
    """Name of a group (education levels, sexes, target groups); others stay as they are.

    Example:
        >>> group_label("women", "nl"), group_label("Oldambt", "nl"), group_label("gemeente Pekela", "nl")
        ('vrouwen', 'Oldambt', 'gemeente Pekela')
    """
    check_language(lang)
    return GROUPS_NL.get(group, group) if lang == "nl" else group


def stream_label(stream: str, lang: str = "en") -> str:
    """Name of a funding stream, e.g. ``"rijk_szw"`` -> ``"Rijk (SZW)"`` in Dutch.

    Example:
        >>> stream_label("rijk_szw", "nl"), stream_label("esf", "en")
        ('Rijk (SZW)', 'ESF')
    """
    return _pair(STREAMS, stream, lang)


def translate(words: str, lang: str = "en") -> str:
    """Dutch for a fixed English string of the reused report charts; other text unchanged.

    A title such as ``"Morris screening: effect:x@2018"`` is translated by its part before
    the colon, so per-outcome titles are covered too.

    Example:
        >>> translate("Benefit stocks", "nl"), translate("Sobol indices: y@2016", "nl"), translate("Flows", "en")
        ('Uitkeringen', 'Sobol-indices: y@2016', 'Flows')
    """
    check_language(lang)
    if lang == "en" or not words:
        return words
    if words in TRANSLATIONS_NL:
        return TRANSLATIONS_NL[words]
    head, colon, rest = words.partition(": ")
    if colon and head in TRANSLATIONS_NL:
        return f"{TRANSLATIONS_NL[head]}: {rest}"
    return words


def number(value: float | None, digits: int = 0, lang: str = "en", *, signed: bool = False) -> str:
    """A number with thousands separators in the language's style (Dutch: ``12.345,7``).

    Example:
        >>> number(1234.5, 0, "en"), number(-0.051, 2, "nl", signed=True), number(float("nan"))
        ('1,234', '-0,05', 'n/a')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("not_available", lang)
    written = f"{float(value):{'+' if signed else ''},.{digits}f}"
    if check_language(lang) == "nl":
        written = written.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return written
