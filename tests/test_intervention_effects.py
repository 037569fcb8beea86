"""Time profiles of programme effects on participants, from paired runs (baseline vs scenario).

The evidence (facts file): training has a lock-in (participants' employment at or below their
baseline selves while in training) and a positive effect that grows over two years and more
(Card, Kluve & Weber 2018: +1.6 / +5.4 / +8.7 pp after <1, 1-2, 2+ years); job-search help is
quick and small. Paired runs with common random numbers give each participant's own baseline
self as the counterfactual.
"""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.experiments.paired import run_pair
from participation_model.metrics.compare import participant_effect_curve
from participation_model.scenario import scenario_from_dict
from regions import many_seats_region

SCALE = 0.2
END = "2018-12"


def _curve(block: dict, replications: int = 6, horizon: int = 42) -> np.ndarray:
    """Mean participant effect by month since enrolment, in pp. Six replications: with two, a
    replication's noise (about a point at this scale) can reorder neighbouring years."""
    # 100 times the providers' course seats (tests/regions.py): the places, not the seats, limit the programme
    base = scenario_from_dict({"name": "b", "end": END, "scale": SCALE, "replications": 1, "region": many_seats_region()})
    scen = scenario_from_dict({"name": "s", "end": END, "scale": SCALE, "replications": 1, "interventions": [block], "region": many_seats_region()})
    curves = []
    for r in range(replications):
        pair = run_pair(base, scen, r)
        assert len(pair.enrol_uid) > 100
        curves.append(participant_effect_curve(pair.employed_baseline, pair.employed_scenario, pair.enrol_uid, pair.enrol_month, horizon))
    return 100.0 * np.nanmean(curves, axis=0)  # percentage points


@pytest.mark.slow
def test_training_locks_in_then_pays_off_and_grows():
    curve = _curve(
        {"type": "sectorplan_retraining", "start": "2015-01", "end": "2015-12", "places_per_year": 1500,
         "target_sectors": ["zorg", "bouw", "industrie", "logistiek"], "eligibility": {"status": ["unemployed"]}}
    )  # fmt: skip
    in_training = curve[1:7].mean()
    year_2 = curve[12:24].mean()
    year_3 = curve[24:36].mean()
    assert in_training <= 0.0  # lock-in
    assert year_2 > in_training
    assert year_3 >= year_2 - 0.5  # does not fade
    assert 2.0 <= year_3 <= 12.0  # the size the evaluations report after 2+ years


@pytest.mark.slow
def test_job_search_help_is_quick_and_small():
    curve = _curve(
        {"type": "van_werkloosheid_naar_werk", "start": "2015-01", "end": "2015-12", "places_per_year": 1500,
         "eligibility": {"status": ["unemployed"]}}
    )  # fmt: skip
    first_half_year = curve[1:7].mean()
    assert first_half_year > 1.0  # quick
    assert curve.max() < 12.0  # small
    assert int(np.nanargmax(curve)) <= 9  # peaks early
    assert curve[24:36].mean() < first_half_year  # no growing long-run effect


def test_same_scenario_paired_with_itself_has_no_effect():
    base = scenario_from_dict({"name": "b", "end": "2015-06", "scale": 0.02, "replications": 1})
    pair = run_pair(base, base, 0)
    assert (pair.employed_baseline == pair.employed_scenario).all()
    assert len(pair.enrol_uid) == 0


def test_pairs_need_the_same_seed():
    a = scenario_from_dict({"name": "a", "end": "2014-06", "seed": 1})
    b = scenario_from_dict({"name": "b", "end": "2014-06", "seed": 2})
    with pytest.raises(ValueError, match="same seed"):
        run_pair(a, b, 0)
