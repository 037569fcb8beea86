"""``garantiebanen``: jobs for the target group of the banenafspraak (Wet banenafspraak, 2015).

Employers promised 125,000 extra jobs by 2026 (100,000 market, 25,000 government) for people in
the target group: Wajong recipients with work capacity, the Wsw waiting list, and
Participatiewet clients with a loonwaarde below the WML. The region's share of that target, by
year, is data (``data/parameters/banenafspraak.toml``, read by ``participatiewet_data``).

Mechanism: the employers of the region are asked to fill that many places with target-group
persons. Each month the target of the month (linear between year ends, scaled) is compared with
the garantiebanen held (target-group persons hired through the instrument and still in work)
plus the participants still searching; only the difference is admitted, so the target binds.
Participants are job seekers of the target group: the Participatiewet group with an assessed
loonwaarde below the WML (as for ``loonkostensubsidie``) and AO recipients up to
``wajong_age_max`` (the Wajong with work capacity; the model has no separate Wajong). They are
hired through the matching, like anyone: employers prefer them by ``employer_commitment`` (the
promise, in log weight), and the loonkostensubsidie they bring makes them employable (the
employer's discount for the compensated loonwaarde goes, as for ``loonkostensubsidie``); the
subsidised job raises the group's target demand through the labour-demand elasticity
(``interventions/subsidy.py``). How many of the garantiebanen are extra jobs, and
whose jobs they are otherwise, is measured in the paired comparison, not set.

Costs: the subsidy of Participatiewet clients (``share x wml_wage_cost`` a month, the
loonkostensubsidie) on the funding streams (default ``gemeente``); for AO recipients the
employer pays only the loonwaarde and UWV tops up the income (loondispensatie), booked on
``uwv`` at the same amount.

Example block::

    [[interventions]]
    type = "garantiebanen"
    start = "2015-07"
    funding = { gemeente = 1.0 }
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from participation_model.interventions import register
from participation_model.interventions.base import COMMON_FIELDS, PROGRAMME_FIELDS, REPORT_FIELDS, with_defaults
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import Context, FieldProblem, FieldSpec
from participation_model.interventions.loonkostensubsidie import Loonkostensubsidie, loonwaarde_fields, participatiewet_group
from participation_model.interventions.participatiewet_data import ParticipatiewetDataError, load_targets
from participation_model.measure_catalogue import to_real
from participation_model.model.codes import Benefit, Status

if TYPE_CHECKING:  # the model is handed to every hook; imported for the type only
    from participation_model.model.model import ParticipationModel


def target_group(model: ParticipationModel, uids: np.ndarray, loonwaarde: np.ndarray, wajong_age_max: int) -> np.ndarray:
    """The banenafspraak's target group among ``uids``: Participatiewet below the WML, or the Wajong.

    Why: the doelgroepregister holds Participatiewet clients with a loonwaarde below the WML and
    Wajong recipients with work capacity (AO recipients up to ``wajong_age_max`` in the model).

    Example: an AO recipient aged 25 is in the group; one aged 50 is not.
    """
    p = model.persons
    age_months = p.age_months[uids]
    adult = age_months >= model.rules.bijstand_min_age  # the Participatiewet's age, from the rules file
    wajong = (p.benefit[uids] == Benefit.AO) & adult & (age_months // 12 <= wajong_age_max) & ~p.pensioner[uids]
    return (participatiewet_group(model, uids) & (loonwaarde < 1.0)) | wajong


def places_to_offer(target: float, held: int, searching: int) -> int:
    """Admissions the target still allows: the whole places of the target not held and not sought.

    Example:
        >>> places_to_offer(10.7, 6, 3), places_to_offer(5.0, 6, 0)
        (1, 0)
    """
    return max(int(np.floor(target + 1e-9)) - held - searching, 0)


@register("garantiebanen")
class Garantiebanen(Loonkostensubsidie):
    """Banenafspraak: a regional target of jobs for the target group, filled through the matching."""

    type_name = "garantiebanen"
    summary = "garantiebanen under the banenafspraak for the target group (Wajong, Participatiewet below the WML)"
    report_fields = REPORT_FIELDS + ("subsidised_jobs", "garantiebanen", "target")
    fields = COMMON_FIELDS + with_defaults(
        PROGRAMME_FIELDS,
        drop=("wage_subsidy", "subsidy_months"),
        duration_months=(from_file("garantiebanen.duration_months"), "months a participant is put forward for the region's garantiebanen"),
        referral_rate=(from_file("garantiebanen.referral_rate"), "monthly probability that a job seeker of the target group is put forward"),
    ) + loonwaarde_fields() + (
        FieldSpec("employer_commitment", "float", default=from_file("garantiebanen.employer_commitment"), min=0.0, max=3.0, help="log employer preference for a participant from the employers' promise"),
        FieldSpec("wajong_age_max", "int", default=from_file("garantiebanen.wajong_age_max"), min=18, max=74, help="oldest AO recipient counted as Wajong with work capacity"),
    )

    @classmethod
    def check_instrument(cls, values: dict[str, Any], ctx: Context) -> list[FieldProblem]:
        """The targets file must be readable (its errors name the file and key)."""
        try:
            load_targets()
        except ParticipatiewetDataError as exc:
            return [FieldProblem("type", "garantiebanen", f"a readable targets file: {exc}")]
        return []

    def initialize(self, model: ParticipationModel) -> None:
        super().initialize(model)
        self.targets = load_targets()
        self.holders = np.empty(0, dtype=np.int64)  # target-group persons hired into a garantiebaan

    def extra_eligible(self, model: ParticipationModel, uids: np.ndarray) -> np.ndarray:
        """Job seekers of the target group (the doelgroepregister)."""
        p = model.persons
        loonwaarde = self.assess(model, uids)
        return target_group(model, uids, loonwaarde, self.values["wajong_age_max"]) & (p.status[uids] == Status.UNEMPLOYED)

    def held(self, model: ParticipationModel) -> np.ndarray:
        """Holders still in work (a garantiebaan counts while the person works, wherever)."""
        p = model.persons
        self.holders = self.holders[(p.status[self.holders] == Status.EMPLOYED) & p.alive[self.holders]]
        return self.holders

    def target_now(self, model: ParticipationModel) -> float:
        """This month's target in simulated persons."""
        return self.targets.at(model.year_fraction) * model.scale

    def _capacity(self, model: ParticipationModel, wanted: int) -> int:
        """Places and budget, and no more than the target leaves open."""
        room = places_to_offer(self.target_now(model), len(self.held(model)), len(self.participants(model)))
        return min(super()._capacity(model, wanted), room)

    def on_enrol(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """The assessment; AO recipients' subsidy is UWV's (loondispensatie)."""
        super().on_enrol(model, uids)
        self.stream_of[uids] = (model.persons.benefit[uids] == Benefit.AO).astype(np.int8)

    def employer_hire_bonus(self, model: ParticipationModel, uids: np.ndarray, market: np.ndarray) -> np.ndarray:
        """The employers' promise, on top of what the subsidy makes up for."""
        return super().employer_hire_bonus(model, uids, market) + self.values["employer_commitment"]

    def start_jobs(self, model: ParticipationModel, uids: np.ndarray) -> None:
        """Hired participants hold a garantiebaan (and their subsidy)."""
        super().start_jobs(model, uids)
        self.holders = np.concatenate([self.holders, uids])

    def apply(self, model: ParticipationModel) -> None:
        super().apply(model)
        if model.t < self.start_t:
            return
        self.reports.add(model.t, "garantiebanen", to_real(len(self.held(model)), model.scale))
        self.reports.add(model.t, "target", self.targets.at(model.year_fraction))
