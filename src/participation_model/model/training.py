"""What a completed course does for a person, and how it fades (persons' ``trained_sector``, ``trained_at``).

A course (regular, through ``sectorplan_retraining``, or training on the job in
``leerwerkplekken`` and ``brug_ww``) leaves the person trained for its sector. Its
*advantage* is 1 in the month of completion, halves every ``training.advantage_half_life_months``
and is gone after ``training.advantage_horizon_months`` (``Tables.training_advantage``). While
it lasts:

- the person counts as qualified for the trained sector and applies to it first (matching);
- employers of that sector prefer them by ``matching.weight_trained_sector`` x advantage (matching);
- employed in the trained sector, they are laid off less often and kept longer when an employer
  sheds excess staff (``training.layoff_multiplier``, :func:`retention`): why firms and sectors
  train the workers they want to keep (the sectorplans' "behoud");
- employed in another sector, they search on the job more often (``training.on_the_job_search_factor``,
  :func:`search_factor`) and, through the two matching channels, move job to job into the trained
  sector more often (the sectorplans' "van werk naar werk").

Every effect is a multiplier ``1 + (full effect - 1) x advantage``, so it fades with the months
since completion and is exactly 1 for the untrained: the baseline pays only for the trained.

Example:
    >>> from participation_model.model.model import ParticipationModel
    >>> m = ParticipationModel(scale=0.01, seed=1, end="2014-02")
    >>> uid = m.persons.alive_uids()[:1]
    >>> float(advantage(m, uid)[0]), int(active_trained_sector(m, uid)[0])
    (0.0, -1)
    >>> m.persons.trained_sector[uid], m.persons.trained_at[uid] = 2, m.t
    >>> float(advantage(m, uid)[0]), int(active_trained_sector(m, uid)[0])
    (1.0, 2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model.codes import Contract

if TYPE_CHECKING:  # the model is handed to every function; imported for the type only
    from participation_model.model.model import ParticipationModel


def advantage(m: ParticipationModel, uids: np.ndarray) -> np.ndarray:
    """Advantage (0-1) of each person's last completed course this month; 0 for the never trained."""
    at = m.persons.trained_at[uids].astype(np.int64)
    table = m.tables.training_advantage
    months = np.clip(m.t - at, 0, len(table) - 1)
    return np.where(at >= 0, table[months], 0.0)


def active_trained_sector(m: ParticipationModel, uids: np.ndarray) -> np.ndarray:
    """The sector each person is trained for while the course still counts (-1: none, or faded away)."""
    sector = m.persons.trained_sector[uids].astype(np.intp)
    return np.where(advantage(m, uids) > 0, sector, -1)


def faded(full: float, adv: np.ndarray) -> np.ndarray:
    """A multiplier ``full`` at advantage 1, fading to 1 at advantage 0.

    Example:
        >>> faded(0.5, np.array([1.0, 0.5, 0.0])).tolist()
        [0.5, 0.75, 1.0]
    """
    return 1.0 + (full - 1.0) * adv


def retention(m: ParticipationModel, uids: np.ndarray) -> np.ndarray:
    """Multiplier on the involuntary-separation hazard of workers ``uids`` (1 unless trained for their job's sector).

    Only the trained are looked at, so the cost in a month is a mask over the workers plus
    the work on the few trained ones.
    """
    out = np.ones(len(uids))
    trained = np.flatnonzero(m.persons.trained_at[uids] >= 0)
    if len(trained):
        who = uids[trained]
        adv = advantage(m, who)
        contract = m.persons.contract[who]
        employee = (contract == Contract.PERMANENT) | (contract == Contract.TEMPORARY)
        in_sector = employee & (m.persons.trained_sector[who] == m.persons.sector[who])
        out[trained] = np.where(in_sector, faded(m.params["training.layoff_multiplier"], adv), 1.0)
    return out


def search_factor(m: ParticipationModel, uids: np.ndarray) -> np.ndarray:
    """Multiplier on the on-the-job search probability of workers ``uids`` (1 unless trained for another sector)."""
    out = np.ones(len(uids))
    trained = np.flatnonzero(m.persons.trained_at[uids] >= 0)
    if len(trained):
        who = uids[trained]
        adv = advantage(m, who)
        elsewhere = m.persons.trained_sector[who] != m.persons.sector[who]
        out[trained] = np.where(elsewhere, faded(m.params["training.on_the_job_search_factor"], adv), 1.0)
    return out
