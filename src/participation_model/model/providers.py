"""Training providers and their courses (ROCs and private trainers).

Courses come from the region file (``[[training.courses]]``): target sector, duration, seats
per intake and how often intakes start, cost per participant, completion probability by
education and monthly dropout. In the baseline they serve regular demand (job seekers who
enrol on their own); programmes (``sectorplan_retraining``) enrol their participants in the
same seats. Seats bind: a course starts only in its intake months, and the persons who start
it in an intake (through a programme or on their own) never outnumber its seats per intake
(:meth:`Courses.free_seats`, :meth:`Courses.take`). A participant is locked in (searches less)
while enrolled, and one who completes it is skilled for the target sector, which raises their
chances with that sector's employers while the advantage lasts (``training.*`` parameters).

Example:
    >>> from participation_model.region import load_region
    >>> courses = Courses.from_region(load_region("oost-groningen"))
    >>> len(courses.names) > 3 and bool((courses.duration > 0).all())
    True
    >>> free = courses.free_seats(0, scale=1.0)
    >>> courses.take(0, np.array([0, 0]), scale=1.0)
    >>> int(courses.free_seats(0, scale=1.0)[0]) == int(free[0]) - 2
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
    taken: np.ndarray  # seats taken in the intake of month ``taken_step``
    taken_step: int = -1

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
            taken=np.zeros(len(rows), dtype=np.int64),
        )

    def intake_open(self, step: int) -> np.ndarray:
        """Courses with an intake this month."""
        return (step % self.intake_every) == 0

    def seats_this_month(self, step: int, scale: float) -> np.ndarray:
        """Seats open this month (scaled with the population)."""
        return np.where(self.intake_open(step), np.round(self.seats * scale), 0).astype(np.int64)

    def free_seats(self, step: int, scale: float) -> np.ndarray:
        """Seats of this month's intakes not yet taken (0 for courses without an intake this month).

        Programmes enrol first in the month (phase 4), regular enrolment takes what is left, so
        a programme that buys seats leaves fewer for job seekers who enrol on their own.
        """
        self._new_month(step)
        return self.seats_this_month(step, scale) - self.taken

    def take(self, step: int, course: np.ndarray, scale: float) -> None:
        """Count persons starting ``course`` (one entry per person) against this month's seats.

        More starts than free seats is a defect of the caller (``ValueError``): enrolment must
        ask :meth:`free_seats` first.
        """
        counts = np.bincount(np.asarray(course, dtype=np.intp), minlength=len(self.names))
        over = counts > self.free_seats(step, scale)
        if over.any():
            raise ValueError(
                f"courses {', '.join(self.names[i] for i in np.flatnonzero(over))}: more starts than free seats "
                f"in month {step} ({counts[over].tolist()} > {self.free_seats(step, scale)[over].tolist()})"
            )
        self.taken += counts

    def _new_month(self, step: int) -> None:
        """Start counting the seats of a new month's intakes."""
        if step != self.taken_step:
            self.taken[:] = 0
            self.taken_step = step
