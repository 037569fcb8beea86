"""``mass_layoff``: an employer group sheds a number of workers in one month (a closure).

In the ``start`` month, ``size`` employees of the sector at the location lose their job (who,
by their own random draws); they are dismissed as in any layoff: employed and searching on the
job for the statutory notice period (by tenure, ``data/rules/netherlands.toml``), then separated
(WW by work history, most start searching); workers already under notice are not dismissed again. With ``permanent = true`` (the default) the jobs are gone: the employer group's
target demand falls by ``size``, so no replacement vacancies open (inside the region; outside
it the jobs within residents' reach do not change).

Example block::

    [[interventions]]
    type = "mass_layoff"
    start = "2016-03"
    sector = "industrie"
    location = "inside"
    size = 400
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import COMMON_FIELDS, Intervention
from participation_model.interventions.fields import FieldSpec, employer_choices
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Contract, Status
from participation_model.model.employers import market_index

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


@register("mass_layoff")
class MassLayoff(Intervention):
    type_name = "mass_layoff"
    summary = "a mass layoff"
    report_fields = ("laid_off",)
    fields = COMMON_FIELDS + (
        FieldSpec("sector", "choice", required=True, choices=lambda ctx: ctx.sectors),
        FieldSpec("location", "choice", default="inside", choices=employer_choices, help="location of the employer"),
        FieldSpec("size", "int", required=True, min=1, help="workers laid off (persons)"),
        FieldSpec("permanent", "bool", default=True, help="the jobs disappear (no replacement vacancies)"),
    )

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.market = market_index(model.region, self.values["sector"], self.values["location"])

    def apply(self, model: ParticipationModel) -> None:
        if model.t != self.start_t:
            return
        from participation_model.model.phases.separations import dismiss

        p = model.persons
        staff = p.where((p.market == self.market) & (p.status == Status.EMPLOYED) & (p.contract != Contract.SELF_EMPLOYED))
        order = np.argsort(model.draw(f"mass_layoff:{self.name}", staff), kind="stable")
        count = min(int(round(self.values["size"] * model.scale)), len(staff))
        laid_off = staff[order[:count]]
        dismiss(model, laid_off)
        if self.values["permanent"]:
            model.employers.base_target[self.market] = max(model.employers.base_target[self.market] - count, 0.0)
        self.reports.add(model.t, "laid_off", to_real(count, model.scale))
        model.events["mass_layoff"].append(laid_off)

    def describe(self) -> str:
        kind = "closure" if self.values["permanent"] else "temporary layoff"
        return f"{self.name}: {self.values['size']:,} workers of {self.values['sector']} ({self.values['location']}) laid off in {self.start_text} ({kind})."
