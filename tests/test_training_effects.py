"""What a completed course does for workers, that course seats bind, and that the advantage fades.

The direction tests pair two models with the same seed (common random numbers): they are
identical until, in one of them, a group of workers is marked as trained; the rest is the
consequence of the training alone (participant against their own untrained self). No effect
size is asserted, only its direction.
"""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.experiments.runner import model_config
from participation_model.model import training
from participation_model.model.codes import Contract, Status
from participation_model.model.model import ParticipationModel
from participation_model.model.phases import PHASES, matching
from participation_model.params import load_parameters
from participation_model.scenario import scenario_from_dict


def _pair(sector_of_job: str, trained_for: str, months: int = 36, scale: float = 0.2, seed: int = 5):
    """Baseline and scenario models; in the scenario the employees of ``sector_of_job`` (inside the region) are trained for ``trained_for`` at the start."""
    base = ParticipationModel(scale=scale, seed=seed, end="2017-12")
    scen = ParticipationModel(scale=scale, seed=seed, end="2017-12")
    p = scen.persons
    sectors = scen.region.sectors
    employee = (p.contract == Contract.PERMANENT) | (p.contract == Contract.TEMPORARY)
    group = p.where((p.status == Status.EMPLOYED) & employee & (p.sector == sectors.index(sector_of_job)) & (p.market >= 0) & (p.location == 0))
    assert len(group) > 100
    p.trained_sector[group] = sectors.index(trained_for)
    p.trained_at[group] = scen.t
    counts = {"base": {}, "scen": {}}
    for name, m in (("base", base), ("scen", scen)):
        for _ in range(months):
            m.step()
            for flow in ("separations", "job_to_job"):
                ours = np.concatenate(m.events[flow] + [np.empty(0, dtype=np.int64)])
                ours = ours[np.isin(ours, group)]
                if flow == "job_to_job":  # moves into the trained sector
                    ours = ours[m.persons.sector[ours] == sectors.index(trained_for)]
                counts[name][flow] = counts[name].get(flow, 0) + len(ours)
    return counts


def test_workers_trained_for_their_declining_sector_are_separated_less_than_their_untrained_selves():
    counts = _pair("industrie", "industrie")  # industrie: a declining sector (region file, demand.sector_trend)
    assert counts["scen"]["separations"] < counts["base"]["separations"]


def test_workers_retrained_for_another_sector_move_job_to_job_into_it_more_often():
    counts = _pair("industrie", "zorg")
    assert counts["scen"]["job_to_job"] > counts["base"]["job_to_job"]


def test_the_untrained_have_no_advantage_and_no_change_in_hazards():
    m = ParticipationModel(scale=0.02, seed=1, end="2014-06")
    emp = m.persons.where(m.persons.status == Status.EMPLOYED)
    assert (training.advantage(m, emp) == 0).all()
    assert (training.retention(m, emp) == 1).all() and (training.search_factor(m, emp) == 1).all()


def test_the_trained_advantage_fades_with_months_since_completion_and_is_gone_after_the_horizon():
    par = load_parameters()
    m = ParticipationModel(scale=0.02, seed=1, end="2025-12")
    horizon = int(par["training.advantage_horizon_months"])
    p = m.persons
    emp = p.where((p.status == Status.EMPLOYED) & (p.contract == Contract.PERMANENT))[:1]
    sector = m.employers.sector[p.market[emp]]
    p.trained_sector[emp] = p.sector[emp]
    m.t = horizon + 13  # a month late enough for every completion month below (the functions read only the clock)
    curve, retention, preference = [], [], []
    for months in range(0, horizon + 13, 6):
        p.trained_at[emp] = m.t - months  # completed ``months`` ago
        curve.append(float(training.advantage(m, emp)[0]))
        retention.append(float(training.retention(m, emp)[0]))
        preference.append(float(matching._trained_preference(m, emp, sector)[0]))
        assert (training.active_trained_sector(m, emp) >= 0).all() == (months <= horizon)
    assert curve[0] == 1.0 and np.all(np.diff(curve) <= 0) and curve[-1] == 0.0
    assert retention[0] == par["training.layoff_multiplier"] and np.all(np.diff(retention) >= 0) and retention[-1] == 1.0
    assert preference[0] == par["matching.weight_trained_sector"] and np.all(np.diff(preference) <= 0) and preference[-1] == 0.0
    assert curve[1] < 1.0  # fading starts at once


def _starts_per_month(scenario_blocks, months: int = 30, **parameters):
    """Per month: course starts by course (programme and regular) and the seats of the month's intakes."""
    scenario = scenario_from_dict({"name": "seats", "end": "2016-12", "seed": 3, "replications": 1, "scale": 0.2,
                                   "parameters": parameters, "interventions": scenario_blocks})  # fmt: skip
    m = ParticipationModel(model_config(scenario, 0))
    c = m.courses
    starts = np.zeros((months, len(c.names)), dtype=np.int64)
    start_course = m.start_course

    def counted(uids, course):  # every start, whoever enrols the person
        starts[m.t] += np.bincount(np.asarray(course, dtype=np.intp), minlength=len(c.names))
        start_course(uids, course)

    m.start_course = counted
    for _ in range(months):
        m.step()
    seats = np.array([c.seats_this_month(t, m.scale) for t in range(months)])
    return m, starts, seats


def test_course_starts_never_exceed_the_seats_of_the_intake_with_a_programme_buying_seats():
    block = {"type": "sectorplan_retraining", "start": "2014-01", "end": "2016-12", "places_per_year": 5000,
             "target_sectors": ["zorg", "bouw", "logistiek"], "eligibility": {"status": ["unemployed"]}}  # fmt: skip
    m, starts, seats = _starts_per_month([block], **{"programmes.regular_enrolment_rate": 0.2})
    assert starts.sum() > 0
    assert (starts <= seats).all()
    programme = m.interventions[0]
    enrolled = sum(len(uids) for _, uids in programme.enrolments)
    assert 0 < enrolled < 5000 * 2.5 * m.scale  # the seats, not the places, limit the programme
    assert len(programme.waiting) > 0  # the others wait for a later intake


def test_the_programme_takes_seats_that_regular_enrolment_would_have_had():
    block = {"type": "sectorplan_retraining", "start": "2014-01", "end": "2016-12", "places_per_year": 5000,
             "target_sectors": ["logistiek"], "eligibility": {"status": ["unemployed"]}}  # fmt: skip
    regular = {"programmes.regular_enrolment_rate": 0.2}
    m, with_programme, seats = _starts_per_month([block], months=12, **regular)
    _, without, _ = _starts_per_month([], months=12, **regular)
    logistiek = int(np.flatnonzero(m.courses.sector == m.region.sectors.index("logistiek"))[0])
    regular_starts = with_programme[:, logistiek].sum() - sum(len(u) for _, u in m.interventions[0].enrolments)
    assert (with_programme <= seats).all()
    assert regular_starts < without[:, logistiek].sum()


def test_assign_seats_never_exceeds_free_seats():
    from participation_model.interventions.sectorplan_retraining import assign_seats

    rng = np.random.default_rng(0)
    for _ in range(200):
        free = rng.integers(0, 5, size=4)
        k = int(rng.integers(0, free.sum() + 1))
        course = assign_seats(free, rng.random(k))
        assert (np.bincount(course, minlength=4) <= free).all() and len(course) == k
    with pytest.raises(ValueError):
        assign_seats(np.array([1, 0]), np.array([0.1, 0.2]))
