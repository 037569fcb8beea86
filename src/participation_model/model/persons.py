"""Persons as columns: one row per resident aged 15-75, one NumPy array per attribute.

A struct of arrays (as in Starsim and Covasim) rather than one Python object per person: every
step phase is a handful of array operations over index arrays, which is what makes a full-scale
run of 111,000 persons over 144 months take about a second.

Rows are never reused: a person who dies, moves away or turns 75 keeps their row with
``alive = False``, and entrants get new rows at the end. A row index is therefore a stable
person id (``uid``) for the common random numbers.

Example:
    >>> p = Persons(capacity=10)
    >>> uids = p.append(3, age_months=180, status=2)
    >>> p.n, int(p.age_months[uids[0]]), bool(p.alive[:3].all())
    (3, 180, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Column:
    """Declaration of one person attribute."""

    dtype: Any
    default: Any
    description: str


COLUMNS: dict[str, Column] = {
    "alive": Column(np.bool_, False, "resident aged 15-75 in the region now"),
    "leave_clock": Column(np.float32, 1.0, "remaining exponential clock to death or emigration (common random numbers)"),
    "age_months": Column(np.int16, 0, "age in whole months"),
    "sex": Column(np.int8, 0, "Sex code (0 men, 1 women)"),
    "education": Column(np.int8, 0, "Education code (0 low, 1 mid, 2 high), final attainment"),
    "gemeente": Column(np.int8, 0, "index into region.gemeenten"),
    "cell_code": Column(np.int16, 0, "reporting cell (age band x education x sex x gemeente) times 40, kept current on birthdays"),
    "status": Column(np.int8, 0, "Status code (ILO labour status or reason outside the labour force)"),
    "pensioner": Column(np.bool_, False, "has reached AOW age (state pension)"),
    "student": Column(np.bool_, False, "still in initial education (may hold a side job or search one)"),
    "benefit": Column(np.int8, 0, "Benefit code"),
    "ww_left": Column(np.int16, 0, "months of WW entitlement left"),
    "status_months": Column(np.int16, 0, "months in the current status (unemployment duration for the unemployed)"),
    "sector": Column(np.int8, -1, "sector of the current or last job (-1: never worked)"),
    "location": Column(np.int8, -1, "location of the current job (-1: not employed)"),
    "market": Column(np.int16, -1, "employer group of the current job (-1: none / self-employed)"),
    "contract": Column(np.int8, -1, "Contract code of the current job (-1: not employed)"),
    "job_months": Column(np.int16, 0, "months with the current employer (tenure; a job-to-job move starts it again at 0)"),
    "hired_from_benefit": Column(np.bool_, False, "the current job was entered from WW or bijstand (fragile jobs: a higher early separation hazard)"),
    "subsidy": Column(np.float32, 0.0, "share of the wage cost of the current job paid by a wage-cost subsidy (0: none); set by interventions, cleared when the job ends"),
    "work_years": Column(np.float32, 0.0, "years of work history (WW entitlement)"),
    "partner_income": Column(np.bool_, False, "household has other income (not eligible for bijstand)"),
    "distance": Column(np.float32, 0.0, "afstand tot de arbeidsmarkt: latent score, 0 (close) to 1 (far)"),
    "search": Column(np.float32, 0.0, "search intensity this month (0 = not searching)"),
    "trained_sector": Column(np.int8, -1, "sector of the last completed course (-1: none)"),
    "trained_at": Column(
        np.int16, -1,
        "month (step) the last course (or training on the job) was completed (-1: never); the trained "
        "advantage fades with the months since (model/training.py)",
    ),
    "course": Column(np.int16, -1, "course enrolled in (-1: none)"),
    "course_left": Column(np.int16, 0, "months of the course left"),
    "course_result": Column(np.int8, 0, "how the last course ended (0 none/running, 1 completed, 2 dropped out, 3 left for work)"),
    "programme": Column(np.int16, -1, "intervention programme enrolled in (-1: none)"),
    "programme_left": Column(np.int16, 0, "months of the programme left"),
    "last_programme": Column(np.int16, -1, "last programme left (-1: none), for placements after it"),
    "programme_ended": Column(np.int16, -1, "month (step) the last programme ended"),
    "protected_until": Column(
        np.int16, -1,
        "last month (step) in which the current job is protected from involuntary separation: notice period, "
        "work-study place, brug-WW training, job guarantee (-1: none); cleared when the job ends",
    ),
    "notice_until": Column(
        np.int16, -1,
        "month (step) in which the person's notice of dismissal ends (-1: not under notice); the employer no "
        "longer counts the seat as headcount; cleared when the job ends",
    ),
}


class Persons:
    """The population table: columns of equal length ``capacity``, first ``n`` rows in use."""

    def __init__(self, capacity: int) -> None:
        self.capacity = int(capacity)
        self.n = 0
        for name, col in COLUMNS.items():
            setattr(self, name, np.full(self.capacity, col.default, dtype=col.dtype))
        # status history ring for quarterly flows: index month % 3
        self.status_history = np.full((3, self.capacity), -1, dtype=np.int8)

    def append(self, count: int, **values: Any) -> np.ndarray:
        """Add ``count`` persons (alive) and return their uids; grows the arrays if needed."""
        if count <= 0:
            return np.empty(0, dtype=np.int64)
        if self.n + count > self.capacity:
            self._grow(max(self.capacity * 2, self.n + count))
        uids = np.arange(self.n, self.n + count)
        self.alive[uids] = True
        for name, value in values.items():
            if name not in COLUMNS:
                raise KeyError(f"unknown person column {name!r}; columns: {', '.join(COLUMNS)}")
            getattr(self, name)[uids] = value
        self.n += count
        return uids

    def _grow(self, capacity: int) -> None:
        for name, col in COLUMNS.items():
            old = getattr(self, name)
            new = np.full(capacity, col.default, dtype=col.dtype)
            new[: self.capacity] = old
            setattr(self, name, new)
        hist = np.full((3, capacity), -1, dtype=np.int8)
        hist[:, : self.capacity] = self.status_history
        self.status_history = hist
        self.capacity = capacity

    def alive_uids(self) -> np.ndarray:
        """Uids of the persons now in the population."""
        return np.flatnonzero(self.alive[: self.n])

    def where(self, mask: np.ndarray) -> np.ndarray:
        """Uids among the first ``n`` rows where ``mask`` (length >= n) holds and alive."""
        return np.flatnonzero(mask[: self.n] & self.alive[: self.n])

    def snapshot(self) -> dict[str, np.ndarray]:
        """Copies of all columns of the rows in use (for tests and person-level comparison)."""
        return {name: getattr(self, name)[: self.n].copy() for name in COLUMNS}
