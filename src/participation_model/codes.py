"""Category codes for the person columns, with the labels used in outputs.

Persons are columns of small integers; these enums say what the integers mean.

Example:
    >>> int(Status.UNEMPLOYED), STATUS_LABELS[Status.UNEMPLOYED]
    (1, 'unemployed')
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Status(IntEnum):
    """Labour status, CBS/ILO definitions. Employed and unemployed form the labour force."""

    EMPLOYED = 0
    UNEMPLOYED = 1  # no paid work, searched in the last four weeks, available
    STUDYING = 2  # outside the labour force: in education
    DISABLED = 3  # outside the labour force: ill or disabled
    RETIRED = 4  # outside the labour force: (early) retirement, AOW
    CARING = 5  # outside the labour force: care for family or household
    DISCOURAGED = 6  # outside the labour force: wants work but does not search


#: CBS: unemployed for twelve months or more (langdurig werkloos)
LONG_TERM_MONTHS = 12


def long_term_unemployed(status: np.ndarray, status_months: np.ndarray) -> np.ndarray:
    """Who is long-term unemployed: unemployed for ``LONG_TERM_MONTHS`` months or more (CBS).

    The one definition the recorder, the eligibility filter and the target groups use.

    Example:
        >>> long_term_unemployed(np.array([1, 1, 0]), np.array([12, 11, 30])).tolist()
        [True, False, False]
    """
    return (status == Status.UNEMPLOYED) & (status_months >= LONG_TERM_MONTHS)


class Benefit(IntEnum):
    """Benefit (uitkering) or sheltered-work contract a person holds."""

    NONE = 0
    WW = 1
    BIJSTAND = 2
    AO = 3  # WIA / WAO / Wajong / WAZ
    WSW = 4  # sheltered employment contract (the person is employed)


class Contract(IntEnum):
    """Kind of work of an employed person (-1: not employed)."""

    PERMANENT = 0
    TEMPORARY = 1
    SELF_EMPLOYED = 2
    SHELTERED = 3


class Education(IntEnum):
    LOW = 0
    MID = 1
    HIGH = 2


class Sex(IntEnum):
    MEN = 0
    WOMEN = 1


STATUS_LABELS = {s: s.name.lower() for s in Status}
EDUCATION_LABELS = ("low", "mid", "high")
SEX_LABELS = ("men", "women")

# Five-year bands used by the region file and the population builder (15-19 ... 70-74).
FIVE_YEAR_BANDS = tuple(f"{a}-{a + 4}" for a in range(15, 75, 5))
# Reporting age bands (CBS-style), aligned with the 15-65 boundary.
REPORT_BANDS = ("15-24", "25-34", "35-44", "45-54", "55-64", "65-74")
# Bands of the CBS flow statistics (U->E by age, long-term share by age).
FLOW_BANDS = ("15-34", "35-54", "55-74")

MIN_AGE_YEARS = 15
MAX_AGE_YEARS = 75  # exclusive: CBS 15-75 means 15 up to 75


def _band_lookup(edges: tuple[int, ...]) -> np.ndarray:
    """Array indexed by age in whole years (0..100) giving the band index for the edges."""
    years = np.arange(101)
    return (np.searchsorted(np.asarray(edges), years, side="right") - 1).clip(0).astype(np.int8)


REPORT_BAND_OF_AGE = _band_lookup((15, 25, 35, 45, 55, 65))
FIVE_BAND_OF_AGE = _band_lookup(tuple(range(15, 75, 5)))
FLOW_BAND_OF_AGE = _band_lookup((15, 35, 55))


#: The funding streams that pay for interventions (the ledger books spending on them, the
#: outputs have a ``spending_<stream>`` column per stream): the ministry of Social Affairs,
#: the sector funds, employers, the ESF, the provincie, gemeenten and UWV.
STREAMS = ("rijk_szw", "sector", "employer", "esf", "provincie", "gemeente", "uwv")

#: The streams that are public money (the public purse, ``metrics/public_purse.py``): the
#: sector funds (the social partners' O&O funds) and employers pay privately.
PUBLIC_STREAMS = ("rijk_szw", "esf", "provincie", "gemeente", "uwv")
