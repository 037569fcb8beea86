"""Phase 3, labour demand: target demand and vacancies of every employer group.

Employers inside the region want ``D*`` workers: their headcount at the start moved by the
national labour-demand driver (with the region's loading), the region's drift, the sector's
trend, dated policy shocks and the demand response to wage-cost subsidies. Their vacancies
age and close unfilled after a while; they post new ones for part of the gap between ``D*``
and the jobs filled or already posted. A separation in phase 2 therefore opens a replacement
vacancy here, and a falling ``D*`` stops posting first and then, through the excess headcount,
drives layoffs in phase 2 of the next month. Outside the region, the vacancies within
residents' reach follow national vacancies (see
:class:`~participation_model.model.employers.Employers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def labour_demand(m: ParticipationModel) -> None:
    if m.subsidised_jobs:  # the demand response to wage-cost subsidies (interventions)
        m.employers.subsidy_jobs = subsidy_by_market(m)
    m.employers.update(m.t)


def subsidy_by_market(m: ParticipationModel) -> np.ndarray:
    """Sum of the subsidy shares of the subsidised jobs per regular employer group."""
    p, emp = m.persons, m.employers
    held = p.where(p.subsidy > 0)
    market = p.market[held]
    regular = (market >= 0) & (market < emp.n_markets)
    return np.bincount(market[regular], weights=p.subsidy[held][regular], minlength=emp.n_markets)
