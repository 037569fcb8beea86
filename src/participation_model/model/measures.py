"""CBS definitions in one place: labour-market measures from counts by status and benefit.

netto participation = employed / population; bruto participation = labour force / population;
unemployment rate = unemployed / labour force (ILO); Wsw workers are employed; the long-term
unemployed (12+ months) are unemployed. Counts are multiplied by ``real_per_simulated(scale)``
(``measure_catalogue``), so they are persons of the real population. Used for the output tables and for the Mesa DataCollector.

Example:
    >>> sb = np.zeros((8, 5)); sb[0, 0] = 60; sb[1, 1] = 5; sb[2, 0] = 35
    >>> m = core_measures(sb, scale=1.0)
    >>> float(m["netto_participation"]), float(m["bruto_participation"]), round(float(m["unemployment_rate"]), 2)
    (60.0, 65.0, 7.69)
"""

from __future__ import annotations

import numpy as np

from participation_model.measure_catalogue import real_per_simulated
from participation_model.model.codes import Benefit, Status
from participation_model.model.phases.record import LONG_TERM


def status_benefit(stocks: np.ndarray) -> np.ndarray:
    """(..., cells, codes) -> (..., cells, 8 statuses, 5 benefits)."""
    return stocks.reshape(stocks.shape[:-1] + (8, 5))


def core_measures(sb: np.ndarray, scale: float) -> dict[str, np.ndarray]:
    """Core measures from status x benefit counts summed over the cell axis already."""
    status = sb.sum(axis=-1)
    benefit = sb.sum(axis=-2)
    emp = status[..., Status.EMPLOYED]
    lt = status[..., LONG_TERM]
    unemp = status[..., Status.UNEMPLOYED] + lt
    pop = status.sum(axis=-1)
    lf = emp + unemp
    s = real_per_simulated(scale)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "population_15_75": pop * s,
            "employed": emp * s,
            "unemployed": unemp * s,
            "labour_force": lf * s,
            "netto_participation": np.where(pop > 0, 100.0 * emp / np.maximum(pop, 1), np.nan),
            "bruto_participation": np.where(pop > 0, 100.0 * lf / np.maximum(pop, 1), np.nan),
            "unemployment_rate": np.where(lf > 0, 100.0 * unemp / np.maximum(lf, 1), np.nan),
            "ww": benefit[..., Benefit.WW] * s,
            "bijstand": benefit[..., Benefit.BIJSTAND] * s,
            "ao": benefit[..., Benefit.AO] * s,
            "wsw": benefit[..., Benefit.WSW] * s,
            "long_term_unemployed": lt * s,
        }
