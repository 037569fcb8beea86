"""The rules of leerwerkplekken, sw_secondment, brug_ww and esf_active_inclusion, and the direction of their mechanisms.

Each test checks a rule (who is eligible, what a hire must be, what a subsidy amounts to, where
a worker goes back to) or the sign of a mechanism (no demand response, no extra jobs), never the
size of an effect.
"""

from __future__ import annotations

import numpy as np
import pytest

from instrument_runs import events, reports  # noqa: F401  (the instrument tests' shared readers)
from participation_model.experiments.runner import model_config
from participation_model.interventions.base import STREAMS
from participation_model.interventions.esf_active_inclusion import bounded_rate
from participation_model.model.codes import Benefit, Contract, Status
from participation_model.model.model import ParticipationModel
from participation_model.scenario import ScenarioError, scenario_from_dict

START = "2015-01"  # month 12 of a run from 2014-01
T_START = 12


def scenario(*blocks, end="2016-06", scale=0.1, seed=7, parameters=None):
    raw = {"name": "t", "end": end, "seed": seed, "replications": 1, "scale": scale, "interventions": list(blocks)}
    if parameters:
        raw["parameters"] = parameters
    return scenario_from_dict(raw)


def model(*blocks, **kw) -> ParticipationModel:
    return ParticipationModel(model_config(scenario(*blocks, **kw), 0))


def lwp(**extra):
    block = {"type": "leerwerkplekken", "start": START, "target_sectors": ["bouw", "zorg", "industrie"], "places_per_month": 300,
             "eligibility": {"status": ["unemployed"], "age_max": 26}}  # fmt: skip
    return {**block, **extra}


def brug(**extra):
    return {"type": "brug_ww", "start": START, "target_sectors": ["zorg", "bouw", "industrie"], "places_per_month": 100, **extra}


def sw(**extra):
    return {"type": "sw_secondment", "start": START, "places_per_month": 200, **extra}


def esf(**extra):
    return {"type": "esf_active_inclusion", "start": START, "places_per_month": 200, "duration_months": 12, "eligibility": {"benefit": ["bijstand"]}, **extra}


def problem(block, key) -> str:
    with pytest.raises(ScenarioError) as caught:
        scenario(block)
    lines = [line for line in str(caught.value).splitlines() if f"key 'interventions[1].{key}'" in line]
    assert lines, str(caught.value)
    return lines[0]


# ---------------------------------------------------------------------------- leerwerkplekken


@pytest.mark.parametrize("eta", [0.0, -0.4])
def test_leerwerkplekken_create_jobs_only_through_the_demand_response(eta):
    """With elasticity 0 the employers want exactly the baseline's jobs; with -0.4, more where places are held."""
    par = {"demand": {"wage_elasticity": eta}}
    base, scen = model(end="2016-06", parameters=par), model(lwp(), end="2016-06", parameters=par)
    iv = scen.interventions[0]
    held_months = 0
    held_before = 0  # places held when this month's demand phase ran
    while scen.running:
        base.step()
        scen.step()
        entered = iv.entered if iv.entered_month == scen.t - 1 else np.empty(0, dtype=np.int64)
        assert np.isin(entered, events(scen, "job_finding")).all()  # every place is a hire of the matching phase
        if eta == 0.0:
            np.testing.assert_array_equal(scen.employers.target, base.employers.target)
        elif held_before and len(iv.holders):
            held_months += 1
            assert (scen.employers.target[iv.markets] >= base.employers.target[iv.markets]).all()
            assert scen.employers.target[iv.markets].sum() > base.employers.target[iv.markets].sum()
        held_before = len(iv.holders)
    assert reports(scen)["entered_place"].sum() > 0
    assert eta == 0.0 or held_months > 6


def test_leerwerkplekken_preference_is_the_subsidy_times_the_preference_only_with_target_employers():
    m = model(lwp(wage_subsidy=0.4), end="2015-02")
    m.run_model()
    iv = m.interventions[0]
    uids = np.arange(100)
    bonus_target = iv.employer_hire_bonus(m, uids, np.full(100, iv.markets[0]))
    np.testing.assert_allclose(bonus_target, m.params["matching.subsidy_preference"] * 0.4)
    other = [g for g in range(m.employers.n_markets) if g not in iv.markets][0]
    assert (iv.employer_hire_bonus(m, uids, np.full(100, other)) == 0).all()


def test_leerwerkplekken_search_months_is_checked():
    assert "a whole number from 1 to 24" in problem(lwp(search_months=0), "search_months")


# ---------------------------------------------------------------------------- sw_secondment


def _sheltered(m, uids) -> np.ndarray:
    p = m.persons
    return (p.status[uids] == Status.EMPLOYED) & (p.benefit[uids] == Benefit.WSW) & (p.contract[uids] == Contract.SHELTERED) & (p.market[uids] >= m.employers.n_markets)


@pytest.mark.parametrize("return_months", [24, 0])
def test_sw_movers_who_lose_the_regular_job_return_to_the_wsw_within_the_return_period(return_months):
    m = model(sw(transition_rate=0.2, return_months=return_months), end="2016-12")
    returned = []
    while m.running:
        m.step()
        iv = m.interventions[0]
        if iv.returned_month == m.t - 1:
            returned.extend(iv.returned.tolist())
            assert _sheltered(m, iv.returned).all()  # back in the Wsw, not unemployed
    if return_months:
        assert len(returned) > 0 and reports(m)["returned"].sum() == pytest.approx(len(returned) / m.scale)
    else:
        assert returned == [] and reports(m)["returned"].sum() == 0


def test_sw_an_ended_secondment_returns_the_worker_to_the_sheltered_company():
    m = model(sw(transition_rate=0.0, duration_months=3, end="2015-03"), end="2015-12")
    m.run_model()
    seconded = np.concatenate([u for _, u in m.interventions[0].enrolments])
    p = m.persons
    still = seconded[p.alive[seconded] & (p.benefit[seconded] == Benefit.WSW)]
    assert len(still) > 20 and _sheltered(m, still).all()
    assert not (p.status[seconded] == Status.UNEMPLOYED).any()


def test_sw_transitions_take_posted_host_vacancies_and_none_without():
    m = model(sw(transition_rate=1.0), end="2015-02")
    for _ in range(T_START + 1):
        m.step()
    iv, emp, p = m.interventions[0], m.employers, m.persons
    seconded = iv.participants(m)
    hosts = np.unique(p.market[seconded])
    emp.vac[hosts] = 0.0  # no host has a vacancy: nobody moves
    iv._transitions(m, seconded)
    assert (p.programme[seconded] == 0).all() and _sheltered(m, seconded).all() is not None
    assert (p.benefit[seconded] == Benefit.WSW).all()
    host = hosts[0]
    emp.vac[host, 0, 0] = 2.0  # two posted vacancies: two of its seconded workers move into them
    filled = emp.filled[host]
    iv._transitions(m, seconded)
    moved = seconded[p.benefit[seconded] != Benefit.WSW]
    assert len(moved) == min(2, int((p.market[seconded] == host).sum()))
    assert (p.market[moved] == host).all() and emp.open_by_group()[host] == pytest.approx(2.0 - len(moved))
    assert emp.filled[host] == filled  # the secondment seat is freed, the vacancy filled: no job added


def test_sw_return_months_is_checked():
    assert "a whole number from 0 to 120" in problem(sw(return_months=-1), "return_months")


# ---------------------------------------------------------------------------- brug_ww


def test_brug_ww_enrols_workers_under_notice_who_search_on_the_job():
    m = model(brug(referral_rate=1.0, places_per_month=100_000), end="2015-02", scale=0.05)
    for _ in range(T_START):
        m.step()
    p = m.persons
    workers = p.where((p.status == Status.EMPLOYED) & (p.contract == Contract.PERMANENT) & (p.market >= 0))[:40]
    p.notice_until[workers] = m.t + 3
    iv = m.interventions[0]
    eligible = iv.extra_eligible(m, workers)
    assert eligible.all()
    others = p.where((p.status == Status.EMPLOYED) & (p.notice_until < m.t))[:40]
    assert not iv.extra_eligible(m, others).any()  # employed, not at risk
    m.step()
    enrolled = workers[p.programme[workers] == 0]
    still_at_risk = workers[p.notice_until[workers] >= m.t - 1]  # those who moved or quit meanwhile are no longer at risk
    assert len(still_at_risk) > 20 and np.isin(still_at_risk, enrolled).all()
    assert np.isin(enrolled, m.on_the_job_searchers).all()


def test_brug_ww_asks_for_a_switch_to_another_sector():
    m = model(brug(employer_acceptance=1.0, end="2016-06"), end="2016-06")
    zorg = m.region.sectors.index("zorg")
    hired = []
    while m.running:
        m.step()
        iv = m.interventions[0]
        new = iv.trainees[~np.isin(iv.trainees, hired)]
        hired.extend(new.tolist())
        assert (m.persons.sector[new] != iv._previous(new)).all()  # never back into their own sector
    iv = m.interventions[0]
    uids = np.arange(min(len(iv.previous_sector), 5000))
    from_zorg = uids[iv.previous_sector[uids] == zorg]
    assert len(from_zorg) > 0 and len(hired) > 0
    market_zorg = np.full(len(from_zorg), zorg * 3)
    assert (iv.employer_hire_bonus(m, from_zorg, market_zorg) == 0).all()
    market_bouw = np.full(len(from_zorg), m.region.sectors.index("bouw") * 3)
    assert (iv.employer_hire_bonus(m, from_zorg, market_bouw) > 0).all()


def test_brug_ww_hours_rule_bounds_the_training_share():
    line = problem(brug(wage_subsidy=0.8), "wage_subsidy")
    assert "at most 0.78" in line and "at least 8 of 36 hours" in line
    scenario(brug(wage_subsidy=0.75))
    line = problem(brug(wage_subsidy=0.5, full_time_hours=12), "wage_subsidy")  # 6 paid hours < 8
    assert "at most 0.33" in line


def test_brug_ww_reports_the_ww_saved_apart_from_the_spending():
    m = model(brug(employer_acceptance=1.0, end="2015-12", ww_benefit_per_month=2000), end="2016-12", scale=0.2)
    m.run_model()
    r, spending = reports(m), m.interventions[0].reports.spending
    assert r["hired_brug_ww"].sum() > 0 and r["ww_saved"].sum() > 0
    assert r["ww_saved"].sum() % (2000 / m.scale) == pytest.approx(0.0, abs=1e-6)  # whole person-months of WW
    np.testing.assert_allclose(spending.sum(axis=1), r["spending"])  # the saving is not netted from the spending
    assert (spending[:, STREAMS.index("uwv")] >= 0).all()


# ---------------------------------------------------------------------------- esf_active_inclusion


def test_esf_bounded_rate_is_the_rate_at_most_the_cap_times_the_regular_rate():
    assert bounded_rate(0.002, 1.0, 0.0148) == 0.002
    assert bounded_rate(0.05, 0.5, 0.0148) == pytest.approx(0.0074)
    assert bounded_rate(0.05, 0.0, 0.0148) == 0.0


def test_esf_activated_persons_start_businesses_at_the_bounded_rate_others_at_the_regular_one():
    m = model(esf(self_employment_entry_rate=0.05, self_employment_cap=0.5, activation_rate=1.0), end="2015-04")
    for _ in range(T_START + 3):
        m.step()
    iv = m.interventions[0]
    regular = m.params["search.self_employment_entry_rate"]
    assert iv.bounded_rate == pytest.approx(0.5 * regular)
    p = m.persons
    unemployed = p.where((p.status == Status.UNEMPLOYED) & p.alive)
    rates = iv.self_employment_rate(m, unemployed, np.full(len(unemployed), regular))
    activated = np.isin(unemployed, iv.activated)
    assert activated.any() and (~activated).any()
    np.testing.assert_allclose(rates[activated], 0.5 * regular)
    np.testing.assert_allclose(rates[~activated], regular)


def test_esf_with_no_self_employment_the_activated_never_start_a_business():
    m = model(esf(self_employment_entry_rate=0.0), end="2016-06")
    tracked: set[int] = set()
    while m.running:
        m.step()
        iv = m.interventions[0]
        entries = events(m, "self_employment_entry")
        assert not np.isin(entries, list(tracked)).any()
        tracked = {int(u) for u in iv.activated}  # still searching after this month's search phase
    assert reports(m)["enrolled"].sum() > 0


def test_esf_wage_subsidy_is_none_by_default_and_subsidises_hires_when_set():
    plain = model(esf(), end="2015-12")
    assert plain.interventions[0].values["wage_subsidy"] == 0.0 and not plain.subsidised_jobs
    m = model(esf(wage_subsidy=0.5, subsidy_months=6, funding={"esf": 1.0}), end="2015-12")
    subsidised = 0
    while m.running:
        m.step()
        iv = m.interventions[0]
        subsidised = max(subsidised, len(iv.subsidies.uids))
        assert np.isin(m.persons.subsidy[iv.subsidies.uids], [0.0, 0.5]).all()  # 0: the job just ended
    assert subsidised > 0 and m.programme_wage_subsidy[0] == 0.5  # employers prefer them by the preference x 0.5
    spending = m.interventions[0].reports.spending
    assert spending[:, STREAMS.index("esf")].sum() > 0


def test_esf_bad_bounds_are_rejected():
    assert "a number from 0.0 to 1.0" in problem(esf(self_employment_cap=2.0), "self_employment_cap")
    assert "a number from 0.0 to 0.1" in problem(esf(self_employment_entry_rate=0.5), "self_employment_entry_rate")
    assert "a number from 0.0 to 0.9" in problem(esf(wage_subsidy=1.0), "wage_subsidy")
