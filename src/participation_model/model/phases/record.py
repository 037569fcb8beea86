"""Phase 8, record: counts by group cell, flows, sector employment, quarterly flow rates.

The month's state is summarised in a few ``bincount`` calls: persons by reporting cell
(age band x education x sex x gemeente) and code (status x benefit, with the long-term
unemployed apart), the month's flow events by cell, and employment by sector and location.
Rates and tables are derived later by pure functions (``participation_model.model.results``);
the model-level headline series feed Mesa's DataCollector.
"""

from __future__ import annotations

import numpy as np

from participation_model.model.codes import Contract, Status

N_CODES = 8 * 5  # (7 statuses + long-term unemployed) x 5 benefits
LONG_TERM = 7


def record(m) -> None:
    for intervention in m.interventions:  # placements of the month, before the flows are counted
        intervention.record_month(m)
    p = m.persons
    n = p.n
    alive_mask = p.alive[:n]
    status_all = p.status[:n]
    # int16 arithmetic: the key (cell x 40 codes) stays below 32768, and small dtypes are fast
    key = p.cell_code[:n] + status_all * np.int16(5)
    key += p.benefit[:n]
    key += ((status_all == Status.UNEMPLOYED) & (p.status_months[:n] >= 12)) * np.int16((LONG_TERM - Status.UNEMPLOYED) * 5)
    m.store.stocks[m.t] = np.bincount(key[alive_mask], minlength=m.n_cells * N_CODES).reshape(m.n_cells, N_CODES)
    _flows(m)
    employed = alive_mask & (status_all == Status.EMPLOYED)
    # one bincount of (sector, location, employee or not): employed by sector and location, and
    # employees (no self-employed, no Wsw) by location
    n_loc = len(m.region.locations)
    key = p.sector[:n] * np.int16(2 * n_loc)
    key += p.location[:n] * np.int16(2)
    key += p.contract[:n] <= Contract.TEMPORARY
    counts = np.bincount(key[employed], minlength=2 * m.store.sectors.shape[1]).reshape(-1, n_loc, 2)
    m.store.sectors[m.t] = counts.sum(axis=2).ravel()
    m.store.employees[m.t] = counts[:, :, 1].sum(axis=0)
    m.store.vacancies[m.t] = m.employers.vacancies
    _quarterly(m, alive_mask, status_all)


def _flows(m) -> None:
    """Flow events of the month by cell: one concatenation and one bincount for all flows."""
    parts, kinds = [], []
    for k, name in enumerate(m.store.flow_names):
        for uids in m.events[name]:
            parts.append(uids)
            kinds.append(np.full(len(uids), k * m.n_cells, dtype=np.intp))
    if not parts:
        return
    uids = np.concatenate(parts)
    key = np.concatenate(kinds) + m.cell_of(uids)
    counts = np.bincount(key, minlength=len(m.store.flow_names) * m.n_cells)
    m.store.flows[m.t] = counts.reshape(len(m.store.flow_names), m.n_cells)


def _quarterly(m, alive_mask: np.ndarray, status: np.ndarray) -> None:
    """U->E within three months by flow age band (CBS labour-force-survey flow definition)."""
    p = m.persons
    n = p.n
    slot = m.t % 3
    before = p.status_history[slot, :n]
    was_u = (before == Status.UNEMPLOYED) & alive_mask
    now_e = status == Status.EMPLOYED
    was_e = (before == Status.EMPLOYED) & alive_mask
    was_out = (before > Status.UNEMPLOYED) & alive_mask
    m.store.quarterly_other[m.t] = (
        int(was_e.sum()),
        int((was_e & (status == Status.UNEMPLOYED)).sum()),
        int(was_out.sum()),
        int((was_out & (status <= Status.UNEMPLOYED)).sum()),
    )
    band = m.tables.flow_band_of_cell_code[p.cell_code[:n][was_u] // N_CODES]
    m.store.quarterly_u[m.t] = np.bincount(band, minlength=3)
    m.store.quarterly_ue[m.t] = np.bincount(band[now_e[was_u]], minlength=3)
    p.status_history[slot, :n] = status
