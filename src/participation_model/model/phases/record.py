"""Phase 8, record: counts by group cell, flows, sector employment, quarterly flow rates.

The month's state is summarised in a few ``bincount`` calls: persons by reporting cell
(age band x education x sex x gemeente) and code (status x benefit, with the long-term
unemployed apart), the month's flow events by cell, and employment by sector and location.
Rates and tables are derived later by pure functions (``participation_model.model.results``);
the model-level headline series feed Mesa's DataCollector.
"""

from __future__ import annotations

import numpy as np

from participation_model.model.codes import FLOW_BAND_OF_AGE, REPORT_BAND_OF_AGE, Status

N_CODES = 8 * 5  # (7 statuses + long-term unemployed) x 5 benefits
LONG_TERM = 7


def record(m) -> None:
    p = m.persons
    n = p.n
    alive_mask = p.alive[:n]
    status_all = p.status[:n]
    cell_all = m.cell_of_all()
    code = np.where((status_all == Status.UNEMPLOYED) & (p.status_months[:n] >= 12), LONG_TERM, status_all).astype(np.int32) * 5 + p.benefit[:n]
    key = (cell_all * N_CODES + code)[alive_mask]
    m.store.stocks[m.t] = np.bincount(key, minlength=m.n_cells * N_CODES).reshape(m.n_cells, N_CODES)
    alive = np.flatnonzero(alive_mask)
    status = status_all[alive]
    for k, name in enumerate(m.store.flow_names):
        parts = m.events[name]
        if parts:
            uids = np.concatenate(parts)
            if len(uids):
                m.store.flows[m.t, k] = np.bincount(m.cell_of(uids), minlength=m.n_cells)
    employed = alive[status == Status.EMPLOYED]
    n_loc = len(m.region.locations)
    m.store.sectors[m.t] = np.bincount(p.sector[employed].astype(np.int64) * n_loc + p.location[employed], minlength=m.store.sectors.shape[1])
    m.store.vacancies[m.t] = m.employers.vacancies
    _quarterly(m, alive_mask, status_all)


def _quarterly(m, alive_mask: np.ndarray, status: np.ndarray) -> None:
    """U->E within three months by flow age band (CBS labour-force-survey flow definition)."""
    p = m.persons
    n = p.n
    slot = m.t % 3
    was_u = (p.status_history[slot, :n] == Status.UNEMPLOYED) & alive_mask
    now_e = status == Status.EMPLOYED
    band = FLOW_BAND_OF_AGE[p.age_months[:n][was_u] // 12]
    m.store.quarterly_u[m.t] = np.bincount(band, minlength=3)
    m.store.quarterly_ue[m.t] = np.bincount(band[now_e[was_u]], minlength=3)
    p.status_history[slot, :n] = status
