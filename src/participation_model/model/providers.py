"""Training providers and their courses (ROCs and private trainers).

Courses come from the region file (``[[training.courses]]``): target sector, duration, seats
per intake and how often intakes start, cost per participant, completion probability by
education and monthly dropout. In the baseline they serve regular demand (job seekers who
enrol on their own); the interventions of a later issue enrol programme participants in the
same seats. A course holds seats; a participant is locked in (searches less) while enrolled,
and one who completes it is skilled for the target sector, which raises their chances with
that sector's employers.

Example:
    >>> from participation_model.region import load_region
    >>> courses = Courses.from_region(load_region("oost-groningen"))
    >>> len(courses.names) > 3 and bool((courses.duration > 0).all())
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from participation_model.region import RegionData


@dataclass
class Courses:
    """Course table (one row per course) plus seat counters for the current intake."""

    names: list[str]
    providers: list[str]
    sector: np.ndarray
    duration: np.ndarray
    seats: np.ndarray
    intake_every: np.ndarray
    cost: np.ndarray
    completion: np.ndarray  # (courses, 3) by education
    dropout: np.ndarray  # (courses, 3) monthly, by education
    enrolled_now: np.ndarray

    @classmethod
    def from_region(cls, region: RegionData) -> "Courses":
        rows = region.figure("training")["courses"]
        sec = {name: i for i, name in enumerate(region.sectors)}
        return cls(
            names=[r["name"] for r in rows],
            providers=[r["provider"] for r in rows],
            sector=np.array([sec[r["sector"]] for r in rows], dtype=np.int8),
            duration=np.array([r["duration_months"] for r in rows], dtype=np.int16),
            seats=np.array([r["seats_per_intake"] for r in rows], dtype=np.int64),
            intake_every=np.array([r["intake_every_months"] for r in rows], dtype=np.int64),
            cost=np.array([r["cost_eur"] for r in rows], dtype=float),
            completion=np.array([[r["completion"]["low"], r["completion"]["mid"], r["completion"]["high"]] for r in rows], dtype=float),
            dropout=np.array([[r["monthly_dropout"]["low"], r["monthly_dropout"]["mid"], r["monthly_dropout"]["high"]] for r in rows], dtype=float),
            enrolled_now=np.zeros(len(rows), dtype=np.int64),
        )

    def intake_open(self, step: int) -> np.ndarray:
        """Courses with an intake this month."""
        return (step % self.intake_every) == 0

    def seats_this_month(self, step: int, scale: float) -> np.ndarray:
        """Seats open this month (scaled with the population)."""
        return np.where(self.intake_open(step), np.round(self.seats * scale), 0).astype(np.int64)
