"""Budgets bind, always: for every instrument and every cost field, spending never exceeds the
budget in any month (issue: nothing lost, nothing overspent).

Each case zeroes every cost field of one instrument but one, gives it a budget far below what
its places would spend, and runs the model: the cumulated spending of every month stays within
the budget, and the budget is reached in part (so the case can fail). The ledger behind it is
``participation_model.interventions.ledger``.
"""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.experiments.runner import model_config
from participation_model.interventions.ledger import PROGRAMME, Ledger, LedgerError
from participation_model.model.model import ParticipationModel
from participation_model.scenario import scenario_from_dict

BUDGET = 400_000.0
ZERO = {"cost_per_participant": 0.0, "cost_per_month": 0.0, "wage_subsidy": 0.0}
BLOCKS = {
    "sectorplan_retraining": {"target_sectors": ["zorg", "bouw", "industrie", "logistiek"], "eligibility": {"status": ["unemployed"]}},
    "van_werkloosheid_naar_werk": {"eligibility": {"status": ["unemployed"]}},
    "van_werk_naar_werk": {},
    "leerwerkplekken": {"target_sectors": ["bouw", "industrie", "zorg"], "eligibility": {"status": ["unemployed", "discouraged"], "age_max": 26}},
    "brug_ww": {"target_sectors": ["zorg", "bouw", "industrie", "handel", "logistiek", "zakelijke_diensten"], "ww_cost_per_month": 0.0, "employer_acceptance": 1.0},
    "esf_active_inclusion": {"eligibility": {"benefit": ["bijstand"]}},
    "sw_secondment": {"target_share": 0.9},
}
# (type, cost field, value): every cost field an instrument books; wage_subsidy only where the
# programme pays it (hires during the programme), ww_cost_per_month only for brug-WW
CASES = [(kind, field, value) for kind in BLOCKS for field, value in (("cost_per_participant", 9000.0), ("cost_per_month", 800.0))]
CASES += [(kind, "wage_subsidy", 0.5) for kind in ("sectorplan_retraining", "van_werkloosheid_naar_werk", "van_werk_naar_werk", "esf_active_inclusion")]
CASES += [("brug_ww", "ww_cost_per_month", 1500.0)]


def _spending(kind: str, field: str, value: float, scale: float = 0.2) -> np.ndarray:
    """Cumulated spending per month (EUR of the real population) of one instrument with BUDGET."""
    block = {"type": kind, "start": "2015-01", "end": "2016-12", "places_per_year": 5000, "budget": BUDGET, **ZERO, **BLOCKS[kind], field: value}
    if kind == "van_werk_naar_werk":
        block["places_per_month"] = 500
    scenario = scenario_from_dict({"name": "b", "start": "2014-01", "end": "2017-12", "seed": 3, "scale": scale, "interventions": [block]})
    model = ParticipationModel(model_config(scenario, 0))
    model.run_model()
    return np.cumsum(model.interventions[0].reports.spending.sum(axis=1))


@pytest.mark.parametrize(("kind", "field", "value"), CASES, ids=[f"{k}-{f}" for k, f, _ in CASES])
def test_spending_never_exceeds_the_budget_in_any_month(kind, field, value):
    spent = _spending(kind, field, value)
    assert (spent <= BUDGET * (1 + 1e-9)).all(), f"month {int(np.argmax(spent > BUDGET))}: {spent.max():,.0f} > {BUDGET:,.0f}"
    assert spent[-1] > 0.1 * BUDGET  # the case spends: the bound is tested, not an empty programme


def test_the_reported_overspend_of_retraining_with_monthly_costs_is_gone():
    """Issue: cost_per_month 500, budget 500,000, 2015-2016: spending was about 1.7 million
    because a course books 10-13 months while the commitment covered duration_months."""
    block = {"type": "sectorplan_retraining", "start": "2015-01", "end": "2016-12", "target_sectors": ["zorg", "bouw", "industrie", "logistiek"],
             "cost_per_month": 500, "budget": 500_000, "eligibility": {"status": ["unemployed"]}}  # fmt: skip
    scenario = scenario_from_dict({"name": "b", "start": "2014-01", "end": "2017-12", "scale": 0.5, "interventions": [block]})
    model = ParticipationModel(model_config(scenario, 0))
    model.run_model()
    spent = np.cumsum(model.interventions[0].reports.spending.sum(axis=1))
    assert spent[-1] <= 500_000 * (1 + 1e-9)
    assert spent[-1] > 250_000  # the budget is used, not left idle


def test_the_ledger_refuses_to_book_beyond_a_commitment():
    ledger = Ledger(budget=None, scale=0.5)
    ledger.commit(np.array([1, 2]), 100.0, PROGRAMME)
    assert ledger.spend(np.array([1]), 100.0, PROGRAMME) == 200.0  # EUR of the real population
    with pytest.raises(LedgerError, match="beyond what was committed"):
        ledger.spend(np.array([1]), 1.0, PROGRAMME)
    with pytest.raises(LedgerError):
        ledger.spend(np.array([3]), 1.0, PROGRAMME)  # no account at all
    assert ledger.release(np.array([1, 2]), PROGRAMME) == 200.0
    assert ledger.reserved == 0.0


def test_released_commitments_make_room_for_new_participants():
    ledger = Ledger(budget=1000.0, scale=1.0)
    ledger.commit(np.array([1, 2, 3]), 300.0, PROGRAMME)
    assert ledger.admissible(300.0) == 0
    ledger.spend(np.array([1]), 50.0, PROGRAMME)
    ledger.release(np.array([1]), PROGRAMME)  # 250 back
    assert ledger.admissible(300.0) == 1  # 1000 - 50 spent - 600 reserved = 350
