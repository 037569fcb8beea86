"""Eligibility: a declarative filter on person columns, written in the scenario file.

Example block::

    [interventions.eligibility]
    status = ["unemployed"]
    benefit = ["ww", "bijstand"]
    age_min = 27
    age_max = 54
    education = ["low", "mid"]
    duration_min = 6            # months in the current status
    long_term_unemployed = true

Every key narrows the selection; a key that is absent does not filter. Unknown keys and values
are rejected before the run with the allowed keys or values.

Example:
    >>> from participation_model.interventions.fields import Context
    >>> f, problems = parse_eligibility({"status": ["unemployed"], "age_max": 26}, Context(gemeenten=("A",)))
    >>> problems, f.status, f.age_max
    ([], ('unemployed',), 26)
    >>> _, problems = parse_eligibility({"colour": ["red"]}, Context())
    >>> problems[0].key
    'eligibility.colour'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, TYPE_CHECKING

import numpy as np

from participation_model.interventions.fields import Context, FieldProblem, FieldSpec, parse_fields
from participation_model.model.codes import EDUCATION_LABELS, Benefit, Status, long_term_unemployed

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel

STATUS_NAMES = tuple(s.name.lower() for s in Status)
BENEFIT_NAMES = tuple(b.name.lower() for b in Benefit)

FILTER_FIELDS = (
    FieldSpec("status", "list", choices=STATUS_NAMES, help="labour status"),
    FieldSpec("benefit", "list", choices=BENEFIT_NAMES, help="benefit held"),
    FieldSpec("age_min", "int", min=15, max=74, help="youngest age in years, inclusive"),
    FieldSpec("age_max", "int", min=15, max=74, help="oldest age in years, inclusive"),
    FieldSpec("education", "list", choices=EDUCATION_LABELS),
    FieldSpec("gemeente", "list", choices=lambda ctx: ctx.gemeenten, gemeenten=True,
              help="gemeente of residence"),
    FieldSpec("sector", "list", choices=lambda ctx: ctx.sectors, help="sector of the current or last job"),
    FieldSpec("location", "list", choices=lambda ctx: ctx.locations, help="location of the current job"),
    FieldSpec("duration_min", "int", min=0, max=600, help="months in the current status, at least"),
    FieldSpec("duration_max", "int", min=0, max=600, help="months in the current status, at most"),
    FieldSpec("distance_min", "float", min=0.0, max=1.0, help="distance to the labour market, at least"),
    FieldSpec("distance_max", "float", min=0.0, max=1.0, help="distance to the labour market, at most"),
    FieldSpec("long_term_unemployed", "bool", help="unemployed 12 months or more"),
)


@dataclass(frozen=True)
class Eligibility:
    """A parsed filter; ``None`` means the key does not filter."""

    status: tuple[str, ...] | None = None
    benefit: tuple[str, ...] | None = None
    age_min: int | None = None
    age_max: int | None = None
    education: tuple[str, ...] | None = None
    gemeente: tuple[str, ...] | None = None
    sector: tuple[str, ...] | None = None
    location: tuple[str, ...] | None = None
    duration_min: int | None = None
    duration_max: int | None = None
    distance_min: float | None = None
    distance_max: float | None = None
    long_term_unemployed: bool | None = None

    def mask(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Which of ``uids`` pass the filter (alive persons only are passed in)."""
        p = model.persons
        keep = np.ones(len(uids), dtype=bool)
        if self.status is not None:
            keep &= np.isin(p.status[uids], [Status[s.upper()] for s in self.status])
        if self.benefit is not None:
            keep &= np.isin(p.benefit[uids], [Benefit[b.upper()] for b in self.benefit])
        age = p.age_months[uids] // 12
        if self.age_min is not None:
            keep &= age >= self.age_min
        if self.age_max is not None:
            keep &= age <= self.age_max
        if self.education is not None:
            keep &= np.isin(p.education[uids], [EDUCATION_LABELS.index(e) for e in self.education])
        if self.gemeente is not None:
            keep &= np.isin(p.gemeente[uids], [model.region.gemeenten.index(g) for g in self.gemeente])
        if self.sector is not None:
            keep &= np.isin(p.sector[uids], [model.region.sectors.index(s) for s in self.sector])
        if self.location is not None:
            keep &= np.isin(p.location[uids], [model.region.locations.index(s) for s in self.location])
        if self.duration_min is not None:
            keep &= p.status_months[uids] >= self.duration_min
        if self.duration_max is not None:
            keep &= p.status_months[uids] <= self.duration_max
        if self.distance_min is not None:
            keep &= p.distance[uids] >= self.distance_min
        if self.distance_max is not None:
            keep &= p.distance[uids] <= self.distance_max
        if self.long_term_unemployed is not None:
            lt = long_term_unemployed(p.status[uids], p.status_months[uids])
            keep &= lt == self.long_term_unemployed
        return keep

    def describe(self) -> str:
        """Plain-language summary for scenario cards, e.g. 'unemployed, aged 15-26'."""
        parts = []
        if self.status:
            parts.append(" or ".join(self.status))
        if self.benefit:
            parts.append("on " + " or ".join(self.benefit))
        if self.age_min is not None or self.age_max is not None:
            parts.append(f"aged {self.age_min if self.age_min is not None else 15}-{self.age_max if self.age_max is not None else 74}")
        if self.education:
            parts.append(" or ".join(self.education) + " educated")
        if self.sector:
            parts.append("from " + ", ".join(self.sector))
        if self.gemeente:
            parts.append("in " + ", ".join(self.gemeente))
        if self.long_term_unemployed:
            parts.append("unemployed 12+ months")
        if self.duration_min:
            parts.append(f"at least {self.duration_min} months in status")
        return ", ".join(parts) if parts else "everyone"


def parse_eligibility(raw: Any, ctx: Context) -> tuple[Eligibility, list[FieldProblem]]:
    """Check an ``eligibility`` table; problems carry keys like ``eligibility.status``."""
    if raw is None:
        return Eligibility(), []
    if not isinstance(raw, Mapping):
        return Eligibility(), [FieldProblem("eligibility", raw, "a table of filters: " + ", ".join(f.name for f in FILTER_FIELDS))]
    values, problems = parse_fields(raw, FILTER_FIELDS, ctx)
    problems = [FieldProblem(f"eligibility.{p.key}", p.value, p.allowed, p.message) for p in problems]
    for low, high in (("age_min", "age_max"), ("duration_min", "duration_max"), ("distance_min", "distance_max")):
        if values.get(low) is not None and values.get(high) is not None and values[low] > values[high]:
            problems.append(FieldProblem(f"eligibility.{high}", values[high], f"at least {low} ({values[low]})"))
    return Eligibility(**values), problems
