"""Dated national rules: WW duration, AOW age, Wsw closure, WW entitlement.

The rules module only looks values up in the rules file; these tests check the schedule the
law sets and that the model applies each rule in the month it holds.
"""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.model import phases
from participation_model.model.codes import Benefit, Contract, Status
from participation_model.model.model import ParticipationModel
from participation_model.model.rules import load_rules

SCALE = 0.02


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _months(first_year: int, last_year: int):
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            yield year, month


# ---------------------------------------------------------------------- WW maximum duration


def test_ww_maximum_is_38_months_through_2015(rules):
    for year, month in _months(2008, 2015):
        assert rules.ww_max_duration(year, month) == 38, (year, month)


def test_ww_maximum_falls_one_month_per_quarter_to_24_in_april_2019(rules):
    expected = 38
    for year, month in _months(2016, 2019):
        if (year, month) <= (2019, 4) and month in (1, 4, 7, 10):
            expected -= 1
        assert rules.ww_max_duration(year, month) == expected, (year, month)
    assert rules.ww_max_duration(2016, 1) == 37
    assert rules.ww_max_duration(2016, 3) == 37
    assert rules.ww_max_duration(2019, 3) == 25
    assert rules.ww_max_duration(2019, 4) == 24
    for year, month in _months(2019, 2035):
        if (year, month) >= (2019, 4):
            assert rules.ww_max_duration(year, month) == 24, (year, month)


# ---------------------------------------------------------------------- WW entitlement


@pytest.mark.parametrize("when", [(2015, 6), (2016, 5), (2019, 6)])
def test_ww_entitlement_is_work_years_times_accrual_clipped(rules, when):
    years = np.array([0.0, 0.5, 2.9, 3.0, 4.2, 10.0, 23.99, 24.0, 30.5, 37.0, 38.0, 45.0], dtype=np.float32)
    got = rules.ww_entitlement(years, *when)
    expected = np.clip(np.floor(years * rules.ww_accrual), rules.ww_min_duration, rules.ww_max_duration(*when))
    np.testing.assert_array_equal(got, expected)
    assert rules.ww_min_duration == 3
    assert got.min() == 3
    assert got.max() == rules.ww_max_duration(*when)
    assert (np.diff(got) >= 0).all(), "more work history never gives less WW"


def test_new_ww_entitlements_in_the_model_follow_the_rule():
    """WW inflow in the separations phase gets the entitlement of the month it starts."""
    m = ParticipationModel(scale=SCALE, seed=14, start="2018-11", end="2019-06", parameters={"separations.layoff_rate": 0.03})
    p = m.persons
    inflows = 0
    while m.running:
        m.begin_month()
        for phase in phases.PHASES:
            phase(m)
            if phase is phases.separations.separations:
                new = np.concatenate(m.events["ww_inflow"]) if m.events["ww_inflow"] else np.empty(0, dtype=np.int64)
                inflows += len(new)
                expected = np.clip(np.floor(p.work_years[new] * m.rules.ww_accrual), 3, m.rules.ww_max_duration(m.year, m.month))
                np.testing.assert_array_equal(p.ww_left[new], expected, err_msg=m.month_label)
                assert (p.benefit[new] == Benefit.WW).all()
                assert (p.status[new] != Status.EMPLOYED).all()
        m.end_month()
    assert inflows > 20


def test_running_ww_never_exceeds_the_current_maximum():
    """Across the WWZ cuts, every running WW stays within the month's maximum duration."""
    m = ParticipationModel(scale=SCALE, seed=15, start="2015-10", end="2017-03", parameters={"separations.layoff_rate": 0.02})
    p = m.persons
    while m.running:
        m.step()
        alive = p.alive_uids()
        ww = alive[p.benefit[alive] == Benefit.WW]
        assert len(ww) > 0
        assert (p.ww_left[ww] >= 1).all(), m.month_label
        assert (p.ww_left[ww] <= m.rules.ww_max_duration(m.year, m.month)).all(), m.month_label


# ---------------------------------------------------------------------- AOW age


def test_aow_age_schedule_is_non_decreasing(rules):
    ages = [rules.aow_age_months(year, month) for year, month in _months(2008, 2035)]
    assert (np.diff(ages) >= 0).all()
    assert ages[0] == 65 * 12
    assert 65 * 12 < ages[-1] <= 70 * 12
    assert rules.aow_age_months(2016, 1) > rules.aow_age_months(2015, 12)


def _pick(p, mask, k: int = 3) -> np.ndarray:
    uids = p.where(mask & ~p.pensioner & (p.age_months < 60 * 12))
    assert len(uids) >= 2 * k
    return uids


def test_turning_aow_age_ends_benefits_that_month():
    """Run from 2016-01: persons set one month below the AOW age reach it in month 1."""
    m = ParticipationModel(scale=SCALE, seed=12, start="2016-01", end="2016-03")
    p = m.persons
    aow = m.rules.aow_age_months(2016, 1)
    wsw = _pick(p, p.benefit == Benefit.WSW)
    others = _pick(p, (p.status == Status.CARING) | (p.status == Status.DISABLED) | (p.status == Status.DISCOURAGED), 9)
    setups = {
        "ww": (others[0:3], Status.DISCOURAGED, Benefit.WW),
        "bijstand": (others[3:6], Status.CARING, Benefit.BIJSTAND),
        "ao": (others[6:9], Status.DISABLED, Benefit.AO),
    }
    controls = {
        "ww": (others[9:12], Status.DISCOURAGED, Benefit.WW),
        "bijstand": (others[12:15], Status.CARING, Benefit.BIJSTAND),
        "ao": (others[15:18], Status.DISABLED, Benefit.AO),
    }
    for (uids, status, benefit), age in [(s, aow - 1) for s in setups.values()] + [(c, aow - 2) for c in controls.values()]:
        p.status[uids] = status
        p.benefit[uids] = benefit
        p.ww_left[uids] = 10 if benefit == Benefit.WW else 0
        p.age_months[uids] = age
    turning_wsw, control_wsw = wsw[:3], wsw[3:6]
    p.age_months[turning_wsw] = aow - 1
    p.age_months[control_wsw] = aow - 2

    m.begin_month()
    phases.demography.demography(m)

    turning = np.concatenate([s[0] for s in setups.values()] + [turning_wsw])
    turning = turning[p.alive[turning]]
    assert len(turning) >= 8
    assert (p.age_months[turning] == aow).all()
    assert p.pensioner[turning].all()
    assert (p.benefit[turning] == Benefit.NONE).all()
    assert (p.ww_left[turning] == 0).all()
    assert (p.status[turning] == Status.RETIRED).all()
    gone = turning_wsw[p.alive[turning_wsw]]
    assert (p.market[gone] == -1).all() and (p.contract[gone] == -1).all()
    emp = p.where((p.status == Status.EMPLOYED) & (p.market >= 0))
    np.testing.assert_array_equal(m.employers.filled, np.bincount(p.market[emp], minlength=len(m.employers.filled)))

    for uids, status, benefit in list(controls.values()) + [(control_wsw, Status.EMPLOYED, Benefit.WSW)]:
        alive = uids[p.alive[uids]]
        assert len(alive) >= 2
        assert not p.pensioner[alive].any()
        assert (p.benefit[alive] == benefit).all()
        assert (p.status[alive] == status).all()
    assert (p.contract[control_wsw[p.alive[control_wsw]]] == Contract.SHELTERED).all()


def test_aow_age_applied_each_month_across_an_increase():
    """From 2016-07 to 2017-06 (the AOW age rises in 2017-01), month by month."""
    m = ParticipationModel(scale=SCALE, seed=13, start="2016-07", end="2017-06")
    p = m.persons
    newly = 0
    while m.running:
        m.begin_month()
        before = p.pensioner[: p.n].copy()
        phases.demography.demography(m)
        aow = m.rules.aow_age_months(m.year, m.month)
        alive = p.alive_uids()
        assert p.pensioner[alive[p.age_months[alive] >= aow]].all(), m.month_label
        new = alive[alive < len(before)]
        new = new[p.pensioner[new] & ~before[new]]
        newly += len(new)
        assert (p.age_months[new] == aow).all(), m.month_label
        assert (p.benefit[new] == Benefit.NONE).all(), m.month_label
        for phase in phases.PHASES[1:]:
            phase(m)
        m.end_month()
    assert newly > 5


def test_pensioners_never_hold_working_age_benefits():
    """With a high sickness rate, working pensioners still never enter AO (regression)."""
    m = ParticipationModel(scale=SCALE, seed=16, start="2016-01", end="2016-06", parameters={"separations.ao_inflow_45_plus": 0.05})
    p = m.persons
    while m.running:
        m.step()
        pensioners = p.where(p.pensioner)
        held = np.bincount(p.benefit[pensioners], minlength=len(Benefit))
        assert held[1:].sum() == 0, f"{m.month_label}: pensioners hold WW/bijstand/AO/Wsw {held[1:].tolist()}"


# ---------------------------------------------------------------------- Wsw closure


def test_wsw_is_open_until_2014_and_closed_from_2015(rules):
    assert rules.wsw_open(2014, 12)
    assert not rules.wsw_open(2015, 1)
    assert not any(rules.wsw_open(y, mo) for y, mo in _months(2015, 2035))


def test_wsw_takes_no_new_entrants_from_2015():
    m = ParticipationModel(scale=SCALE, seed=17, start="2014-07", end="2015-06", parameters={"benefits.wsw_inflow_rate": 0.05})
    p = m.persons
    before_2015 = 0
    holders_prev = None
    while m.running:
        m.step()
        inflow = sum(len(x) for x in m.events["wsw_inflow"])
        alive = p.alive_uids()
        holders = set(alive[p.benefit[alive] == Benefit.WSW].tolist())
        if m.year < 2015:
            before_2015 += inflow
        else:
            assert inflow == 0, m.month_label
            assert holders <= holders_prev, f"{m.month_label}: new Wsw contracts"
        holders_prev = holders
    assert before_2015 > 0, "with a high inflow rate the Wsw takes entrants while open"
    k = m.store.flow_names.index("wsw_inflow")
    per_month = m.store.flows[: m.t, k].sum(axis=1)
    assert per_month[:6].sum() == before_2015
    assert (per_month[6:] == 0).all()
