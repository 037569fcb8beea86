"""Reproducibility and common random numbers (CRN).

Every random decision of a person is a pure function of (seed, stream, month, uid): the same
seed gives the same run, and changing one person's state changes the draws of nobody else,
so a baseline and a scenario with the same seed differ only through what the scenario did.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from participation_model.model.codes import Contract, Status
from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables
from participation_model.model.rng import CommonRandomNumbers

SCALE = 0.02


def _run(seed: int, end: str = "2014-12", **kwargs) -> ParticipationModel:
    m = ParticipationModel(scale=SCALE, seed=seed, end=end, **kwargs)
    m.run_model()
    return m


# ---------------------------------------------------------------------- whole runs


@pytest.fixture(scope="module")
def seed_runs():
    return {"a": _run(21), "b": _run(21), "c": _run(22)}


def test_same_seed_gives_identical_runs(seed_runs):
    a, b = seed_runs["a"], seed_runs["b"]
    ta, tb = model_tables(a), model_tables(b)
    for name in ("series", "groups", "sectors"):
        pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=True)
    sa, sb = a.persons.snapshot(), b.persons.snapshot()
    assert sa.keys() == sb.keys()
    for name in sa:
        np.testing.assert_array_equal(sa[name], sb[name], err_msg=name)
    np.testing.assert_array_equal(a.store.stocks, b.store.stocks)
    np.testing.assert_array_equal(a.store.flows, b.store.flows)
    pd.testing.assert_frame_equal(a.datacollector.get_model_vars_dataframe(), b.datacollector.get_model_vars_dataframe())


def test_different_seeds_give_different_runs(seed_runs):
    a, c = seed_runs["a"], seed_runs["c"]
    sa, sc = model_tables(a)["series"], model_tables(c)["series"]
    assert not np.array_equal(sa["employed_15_75"], sc["employed_15_75"])
    assert not np.array_equal(sa["job_finding"], sc["job_finding"])
    n = min(a.persons.n, c.persons.n)
    assert not np.array_equal(a.persons.age_months[:n], c.persons.age_months[:n])


def test_seed_zero_is_a_seed():
    m0 = ParticipationModel(scale=SCALE, seed=0, end="2014-01")
    m1 = ParticipationModel(scale=SCALE, seed=1, end="2014-01")
    assert m0.config.seed == 0 and m0.crn.seed == 0
    uids = np.arange(100)
    assert not np.array_equal(m0.crn.uniform("x", 0, uids), m1.crn.uniform("x", 0, uids))
    assert not np.array_equal(m0.persons.age_months[:100], m1.persons.age_months[:100])


def test_negative_seed_is_refused():
    with pytest.raises(ValueError):
        CommonRandomNumbers(-1)


# ---------------------------------------------------------------------- the generator


def test_draws_of_a_person_do_not_depend_on_who_else_is_asked():
    crn = CommonRandomNumbers(7)
    everyone = np.arange(5000)
    all_draws = crn.uniform("separation", 3, everyone)
    some = np.array([4999, 17, 3, 2500])
    np.testing.assert_array_equal(crn.uniform("separation", 3, some), all_draws[some])
    np.testing.assert_array_equal(crn.uniform("separation", 3, np.array([17])), all_draws[[17]])
    shuffled = np.random.default_rng(0).permutation(everyone)
    np.testing.assert_array_equal(crn.uniform("separation", 3, shuffled), all_draws[shuffled])
    np.testing.assert_array_equal(crn.uniform("separation", 3, np.array([5, 5, 5])), all_draws[[5, 5, 5]])
    # a fresh generator with the same seed, asked in another order and after other streams
    other = CommonRandomNumbers(7)
    other.uniform("search", 3, everyone)
    np.testing.assert_array_equal(other.uniform("separation", 3, some[::-1]), all_draws[some[::-1]])


def test_draws_differ_by_stream_step_and_seed():
    uids = np.arange(2000)
    base = CommonRandomNumbers(7).uniform("separation", 3, uids)
    for other in (
        CommonRandomNumbers(7).uniform("search", 3, uids),
        CommonRandomNumbers(7).uniform("separation", 4, uids),
        CommonRandomNumbers(8).uniform("separation", 3, uids),
    ):
        assert np.mean(other == base) < 0.01
        assert abs(np.corrcoef(other, base)[0, 1]) < 0.1


def test_draws_are_uniform_and_gumbel_is_gumbel():
    crn = CommonRandomNumbers(11)
    u = crn.uniform("check", 0, np.arange(200_000))
    assert ((u >= 0.0) & (u < 1.0)).all()
    counts = np.histogram(u, bins=20, range=(0, 1))[0]
    assert np.abs(counts / len(u) - 0.05).max() < 0.003
    # neighbouring uids and steps are not correlated
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01
    g = crn.gumbel("check", 0, np.arange(200_000))
    assert g.mean() == pytest.approx(np.euler_gamma, abs=0.01)
    assert g.var() == pytest.approx(np.pi**2 / 6, rel=0.03)


def test_model_draw_is_the_crn_draw_of_the_current_month():
    m = ParticipationModel(scale=SCALE, seed=5, end="2014-04")
    m.step()
    m.step()
    uids = m.persons.alive_uids()
    np.testing.assert_array_equal(m.draw("separation", uids), m.crn.uniform("separation", 2, uids))
    np.testing.assert_array_equal(m.gumbel("selection", uids), m.crn.gumbel("selection", 2, uids))


# ---------------------------------------------------------------------- one person changed


def _log_draws(m) -> dict:
    """Record every draw the phases ask for: (stream, month) -> {uid: value}."""
    log: dict = defaultdict(dict)
    draw, gumbel = m.draw, m.gumbel

    def logged(kind, fn):
        def wrapper(stream, uids):
            values = fn(stream, uids)
            log[(kind, stream, m.t)].update(zip(np.asarray(uids).tolist(), np.asarray(values).tolist()))
            return values

        return wrapper

    m.draw, m.gumbel = logged("u", draw), logged("g", gumbel)
    return log


@pytest.fixture(scope="module")
def paired():
    """Baseline and a run in which ONE unemployed person is given a job after month 1."""
    seed, end = 31, "2014-06"
    base = ParticipationModel(scale=SCALE, seed=seed, end=end)
    base_log = _log_draws(base)
    statuses = []
    ages = []
    while base.running:
        base.step()
        statuses.append(base.persons.status[: base.persons.n].copy())
        ages.append(base.persons.age_months[: base.persons.n].copy())
    n0 = len(statuses[0])
    # someone who stays unemployed all along in the baseline, so the change shows
    always = np.all([s[:n0] == Status.UNEMPLOYED for s in statuses], axis=0)
    uid = int(np.flatnonzero(always)[0])

    changed = ParticipationModel(scale=SCALE, seed=seed, end=end)
    changed_log = _log_draws(changed)
    changed.step()
    emp = changed.employers
    market = int(np.argmax(emp.open_by_group()))
    changed.employ(
        np.array([uid]),
        market=np.array([market]),
        sector=np.array([emp.sector[market]]),
        location=np.array([emp.location[market]]),
        contract=Contract.PERMANENT,
    )
    changed_statuses = [changed.persons.status[: changed.persons.n].copy()]
    changed_ages = [changed.persons.age_months[: changed.persons.n].copy()]
    while changed.running:
        changed.step()
        changed_statuses.append(changed.persons.status[: changed.persons.n].copy())
        changed_ages.append(changed.persons.age_months[: changed.persons.n].copy())
    return dict(
        uid=uid,
        base=base,
        changed=changed,
        base_log=base_log,
        changed_log=changed_log,
        statuses=(statuses[1:], changed_statuses[1:]),
        ages=(ages[1:], changed_ages[1:]),
    )


def test_unrelated_draws_are_unchanged_by_one_persons_change(paired):
    a, b = paired["base_log"], paired["changed_log"]
    shared = 0
    asked_differently = 0
    for key in set(a) | set(b):
        da, db = a.get(key, {}), b.get(key, {})
        common = da.keys() & db.keys()
        shared += len(common)
        asked_differently += len(da.keys() ^ db.keys())
        mismatched = [uid for uid in common if da[uid] != db[uid]]
        assert not mismatched, f"{key}: uids {mismatched[:5]} drew different numbers"
    assert shared > 10_000
    assert asked_differently > 0, "the change should alter who is asked for some draws"
    uid = paired["uid"]
    months = {key[2] for key in b if key[1] == "separation" and uid in b[key]}
    assert months, "the person given a job must face the separation draw in the changed run"
    assert not any(uid in a[key] for key in a if key[1] == "separation")


def test_model_draws_agree_for_the_same_stream_month_and_uids(paired):
    base, changed = paired["base"], paired["changed"]
    assert base.t == changed.t
    uids = np.union1d(base.persons.alive_uids(), changed.persons.alive_uids())
    for stream in ("separation", "search", "benefits", "leave", "target_sector", "new_contract"):
        np.testing.assert_array_equal(base.draw(stream, uids), changed.draw(stream, uids), err_msg=stream)
    np.testing.assert_array_equal(base.gumbel("selection", uids), changed.gumbel("selection", uids))


def test_most_trajectories_are_unchanged_and_the_changed_person_differs(paired):
    uid = paired["uid"]
    base, changed = paired["base"], paired["changed"]
    assert base.persons.n == changed.persons.n, "entrants do not depend on anyone's state"
    sa, sb = base.persons.snapshot(), changed.persons.snapshot()
    # demography (ageing, leaving, entering) does not depend on labour-market states
    np.testing.assert_array_equal(sa["alive"], sb["alive"])
    np.testing.assert_array_equal(sa["age_months"], sb["age_months"])
    for a_age, b_age in zip(*paired["ages"]):
        np.testing.assert_array_equal(a_age, b_age)
    # the changed person: employed all along in one run, unemployed all along in the other
    a_status, b_status = paired["statuses"]
    assert all(s[uid] == Status.UNEMPLOYED for s in a_status)
    assert b_status[0][uid] == Status.EMPLOYED
    assert sa["status"][uid] != sb["status"][uid] or sa["status_months"][uid] != sb["status_months"][uid]
    # everyone else: the same trajectory, except the few the change reached through the market
    differs = np.zeros(len(sa["status"]), dtype=bool)
    for a_s, b_s in zip(a_status, b_status):
        assert len(a_s) == len(b_s)
        differs[: len(a_s)] |= a_s != b_s
    others = np.delete(np.arange(len(differs)), uid)
    assert differs[uid]
    assert differs[others].mean() < 0.03, f"{differs[others].sum()} of {len(others)} other trajectories differ"
    for name in ("sex", "education", "gemeente", "partner_income"):
        np.testing.assert_array_equal(sa[name], sb[name], err_msg=name)
