"""Phase 8, record: counts by group cell, flows, sector employment, quarterly flow rates.

The month's state is summarised in a few ``bincount`` calls: persons by reporting cell
(age band x education x sex x gemeente) and code (status x benefit, with the long-term
unemployed apart), the month's flow events by cell, and employment by sector and location;
the employer groups' open vacancies, filled jobs (with in-commuters), target demand and
monthly flows (vacancies posted, filled, withdrawn and closed unfilled; in-commuters hired and
leaving).
Rates and tables are derived later by pure functions (``participation_model.model.results``);
the model-level headline series feed Mesa's DataCollector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model.codes import Contract, Status, long_term_unemployed
from participation_model.model.employers import EMPLOYER_FLOWS

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel

N_CODES = 8 * 5  # (7 statuses + long-term unemployed) x 5 benefits
LONG_TERM = 7


def record(m: ParticipationModel) -> None:
    for intervention in m.interventions:  # placements of the month, before the flows are counted
        intervention.record_month(m)
    p = m.persons
    n = p.n
    alive_mask = p.alive[:n]
    status_all = p.status[:n]
    # int16 arithmetic: the key (cell x 40 codes) stays below 32768, and small dtypes are fast
    key = p.cell_code[:n] + status_all * np.int16(5)
    key += p.benefit[:n]
    key += long_term_unemployed(status_all, p.status_months[:n]) * np.int16((LONG_TERM - Status.UNEMPLOYED) * 5)
    m.store.stocks[m.t] = np.bincount(key[alive_mask], minlength=m.n_cells * N_CODES).reshape(m.n_cells, N_CODES)
    _flows(m)
    employed = alive_mask & (status_all == Status.EMPLOYED)
    # one bincount of (sector, location, kind of work): employed by sector and location, employees
    # (permanent or temporary) by location, and the self-employed (kind: contract, Wsw last)
    n_loc = len(m.region.locations)
    key = p.sector[:n] * np.int16(4 * n_loc)
    key += p.location[:n] * np.int16(4)
    key += p.contract[:n]
    counts = np.bincount(key[employed], minlength=4 * m.store.sectors.shape[1]).reshape(-1, n_loc, 4)
    m.store.sectors[m.t] = counts.sum(axis=2).ravel()
    m.store.employees[m.t] = counts[:, :, Contract.PERMANENT].sum(axis=0) + counts[:, :, Contract.TEMPORARY].sum(axis=0)
    m.store.self_employed[m.t] = counts[:, :, Contract.SELF_EMPLOYED].sum()
    e = m.employers
    m.store.vacancies[m.t] = e.open_by_group()
    m.store.jobs[m.t] = e.jobs()
    m.store.resident_jobs[m.t] = e.filled[: e.n_markets]
    m.store.target[m.t] = e.target
    m.store.employer_flows[m.t] = [e.flows[name] for name in EMPLOYER_FLOWS]
    e.end_month()
    _quarterly(m, alive_mask, status_all)


def _flows(m: ParticipationModel) -> None:
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


def _quarterly(m: ParticipationModel, alive_mask: np.ndarray, status: np.ndarray) -> None:
    """Quarterly flows (CBS labour-force-survey definition): status now against three months ago.

    One ``bincount`` of (status then, status now, aged 65 or over) gives E->U and outside the
    labour force -> labour force (ages 15-64: the model's retirees over 65 hardly return; see
    the target's definition); U->E by flow age band from the persons unemployed then.
    """
    p = m.persons
    n = p.n
    slot = m.t % 3
    before = p.status_history[slot, :n]
    key = before.astype(np.int16) + np.int16(1)  # -1 (not here then) .. 6
    key *= np.int16(len(Status))
    key += status
    key *= np.int16(2)
    key += p.age_months[:n] >= m.tables.first_month_65
    counts = np.bincount(key[alive_mask], minlength=2 * len(Status) * (len(Status) + 1)).reshape(len(Status) + 1, len(Status), 2)
    employed_then = counts[1 + Status.EMPLOYED].sum()
    outside_then = counts[2 + Status.UNEMPLOYED :, :, 0]  # outside the labour force then, under 65
    m.store.quarterly_other[m.t] = (
        int(employed_then),
        int(counts[1 + Status.EMPLOYED, Status.UNEMPLOYED].sum()),
        int(outside_then.sum()),
        int(outside_then[:, : Status.UNEMPLOYED + 1].sum()),
    )
    was_u = np.flatnonzero((before == Status.UNEMPLOYED) & alive_mask)
    band = m.tables.flow_band_of_cell_code[p.cell_code[was_u] // N_CODES]
    m.store.quarterly_u[m.t] = np.bincount(band, minlength=3)
    m.store.quarterly_ue[m.t] = np.bincount(band[status[was_u] == Status.EMPLOYED], minlength=3)
    p.status_history[slot, :n] = status
