"""``demand_shock``: more (or fewer) jobs in a sector for a period, e.g. earthquake repair work.

From ``start`` to ``end`` the employer group's desired headcount is raised by ``jobs`` (or
lowered, when negative); the model turns that into vacancies (or layoffs of the excess) like
any change of the demand path.

Example block::

    [[interventions]]
    type = "demand_shock"
    start = "2016-01"
    end = "2020-12"
    sector = "bouw"
    location = "inside"
    jobs = 300
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from participation_model.interventions import register
from participation_model.interventions.base import COMMON_FIELDS, Intervention
from participation_model.interventions.fields import FieldSpec, employer_choices
from participation_model.model.employers import market_index

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("demand_shock")
class DemandShock(Intervention):
    type_name = "demand_shock"
    summary = "a change in labour demand"
    report_fields = ("extra_jobs",)
    fields = COMMON_FIELDS + (
        FieldSpec("sector", "choice", required=True, choices=lambda ctx: ctx.sectors),
        FieldSpec("location", "choice", default="inside", choices=employer_choices, help="location of the jobs"),
        FieldSpec("jobs", "int", required=True, min=-100000, max=100000, help="extra jobs (negative: fewer)"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        market = market_index(model.region, self.values["sector"], self.values["location"])
        model.employers.add_demand_shift(market, self.start_t, self.end_t, self.values["jobs"] * model.scale)
        self.reports.counts[max(self.start_t, 0): self.end_t + 1, 0] = self.values["jobs"]

    def describe(self) -> str:
        sign = "more" if self.values["jobs"] >= 0 else "fewer"
        return f"{self.name}: {abs(self.values['jobs']):,} {sign} jobs in {self.values['sector']} ({self.values['location']}) from {self.start_text} to {self.end_text}."
