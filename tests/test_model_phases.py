"""Behaviour tests for the monthly step: conservation, consistency and CBS definitions.

The model is run phase by phase (``begin_month()``, each function of ``phases.PHASES``,
``end_month()``) and the state is checked after every phase: persons are conserved, the
employers' filled jobs match the persons who hold them, flows add up to the stock changes,
and codes stay valid. The recorded tables are then checked against the CBS definitions by
recomputing each rate from its count columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from participation_model.model import phases
from participation_model.model.codes import REPORT_BANDS, Benefit, Contract, Status
from participation_model.model.model import FLOW_NAMES, ParticipationModel
from participation_model.model.phases.record import N_CODES
from participation_model.model.results import model_tables

SCALE = 0.02
CONFIGS = {
    # the calibrated defaults, across the Wsw closure (2015) and the first WW cuts (2016)
    "default": dict(seed=7, start="2014-01", end="2016-06", parameters={}),
    # much more churn, so every flow and code path runs many times a month
    "churn": dict(
        seed=8,
        start="2014-07",
        end="2015-06",
        parameters={
            "separations.layoff_rate": 0.03,
            "separations.temporary_end_rate": 0.2,
            "search.self_employment_entry_rate": 0.05,
            "benefits.wsw_inflow_rate": 0.05,
            "matching.efficiency": 1.0,
            "demography.early_retirement_rate": 0.05,
        },
    ),
}


@dataclass
class PhaseCheck:
    """Violations found after one phase of one month (empty lists: all fine)."""

    month: str
    phase: str
    filled_mismatch: int
    bad_status: int
    employed_without_market: int
    ww_employed: int
    wsw_not_sheltered: int
    employed_before: int
    employed_after: int
    events: dict[str, int]


@dataclass
class MonthCheck:
    month: str
    alive_before: int
    alive_after: int
    entrants: int
    in_migrants: int
    leavers: int
    status_changed: int
    changed_not_reset: int
    months_not_advanced: int
    events: dict[str, int]


@dataclass
class Run:
    model: ParticipationModel
    phases: list[PhaseCheck] = field(default_factory=list)
    months: list[MonthCheck] = field(default_factory=list)


def _employed(p) -> np.ndarray:
    return p.where(p.status == Status.EMPLOYED)


def _event_counts(m) -> dict[str, int]:
    return {name: int(sum(len(x) for x in m.events[name])) for name in FLOW_NAMES}


def _check_phase(m, name: str, employed_before: int) -> PhaseCheck:
    p = m.persons
    alive = p.alive_uids()
    emp = _employed(p)
    held = emp[p.market[emp] >= 0]
    expected = np.bincount(p.market[held], minlength=len(m.employers.filled))
    status = p.status[alive]
    wsw = alive[p.benefit[alive] == Benefit.WSW]
    return PhaseCheck(
        month=m.month_label,
        phase=name,
        filled_mismatch=int(np.abs(expected - m.employers.filled).sum()),
        bad_status=int(((status < 0) | (status >= len(Status))).sum()),
        employed_without_market=int(((p.market[emp] < 0) & (p.contract[emp] != Contract.SELF_EMPLOYED)).sum()),
        ww_employed=int((p.benefit[emp] == Benefit.WW).sum()),
        wsw_not_sheltered=int(((p.status[wsw] != Status.EMPLOYED) | (p.contract[wsw] != Contract.SHELTERED)).sum()),
        employed_before=employed_before,
        employed_after=len(emp),
        events=_event_counts(m),
    )


def run_by_phase(seed: int, start: str, end: str, parameters: dict) -> Run:
    m = ParticipationModel(scale=SCALE, seed=seed, start=start, end=end, parameters=parameters)
    run = Run(m)
    p = m.persons
    while m.running:
        m.begin_month()
        n0 = p.n
        alive0 = p.alive[:n0].copy()
        status0 = p.status[:n0].copy()
        months0 = p.status_months[:n0].copy()
        for phase in phases.PHASES:
            before = len(_employed(p))
            phase(m)
            run.phases.append(_check_phase(m, phase.__name__, before))
        m.end_month()
        events = _event_counts(m)
        both = np.flatnonzero(alive0 & p.alive[:n0])
        changed = both[p.status[both] != status0[both]]
        advanced = (p.status_months[both] == months0[both] + 1) | (p.status_months[both] == 1)
        run.months.append(
            MonthCheck(
                month=m.month_label,
                alive_before=int(alive0.sum()),
                alive_after=int(p.alive[: p.n].sum()),
                entrants=events["entrants"],
                in_migrants=events["in_migrants"],
                leavers=events["leavers"],
                status_changed=len(changed),
                changed_not_reset=int((p.status_months[changed] != 1).sum()),
                months_not_advanced=int((~advanced).sum()),
                events=events,
            )
        )
    return run


@pytest.fixture(scope="module", params=list(CONFIGS))
def run(request) -> Run:
    return run_by_phase(**CONFIGS[request.param])


@pytest.fixture(scope="module")
def default_run() -> Run:
    return run_by_phase(**CONFIGS["default"])


@pytest.fixture(scope="module")
def tables(default_run):
    return model_tables(default_run.model)


def _first(checks, attr):
    bad = [(c.month, getattr(c, "phase", "")) for c in checks if getattr(c, attr)]
    return bad[:5]


# ---------------------------------------------------------------------- conservation and consistency


def test_persons_are_conserved_each_month(run):
    for c in run.months:
        assert c.alive_after == c.alive_before + c.entrants + c.in_migrants - c.leavers, c.month
    assert sum(c.entrants for c in run.months) > 0
    assert sum(c.leavers for c in run.months) > 0


def test_filled_jobs_match_the_persons_after_every_phase(run):
    assert not _first(run.phases, "filled_mismatch")


def test_separations_lower_employment_by_exactly_the_separation_events(run):
    checks = [c for c in run.phases if c.phase == "separations"]
    for c in checks:
        assert c.employed_before - c.employed_after == c.events["separations"], c.month
    assert sum(c.events["separations"] for c in checks) > 0


def test_matching_raises_employment_by_exactly_the_job_finding_events(run):
    checks = [c for c in run.phases if c.phase == "matching"]
    for c in checks:
        assert c.employed_after - c.employed_before == c.events["job_finding"], c.month
        assert c.events["hires"] == c.events["job_finding"] + c.events["job_to_job"], c.month
    assert sum(c.events["job_finding"] for c in checks) > 0
    assert sum(c.events["job_to_job"] for c in checks) > 0


def test_demand_and_record_phases_leave_employment_alone(run):
    """Phases without job flows leave the number employed alone."""
    for c in run.phases:
        if c.phase in ("labour_demand", "record"):
            assert c.employed_after == c.employed_before, (c.month, c.phase)


def test_status_codes_stay_in_the_enum(run):
    assert not _first(run.phases, "bad_status")


def test_employed_without_an_employer_are_self_employed(run):
    assert not _first(run.phases, "employed_without_market")
    m = run.model
    p = m.persons
    self_employed = p.where((p.status == Status.EMPLOYED) & (p.contract == Contract.SELF_EMPLOYED))
    assert len(self_employed) > 0
    assert (p.market[self_employed] == -1).all()


def test_ww_recipients_are_never_employed(run):
    assert not _first(run.phases, "ww_employed")


def test_wsw_holders_are_employed_in_sheltered_work(run):
    assert not _first(run.phases, "wsw_not_sheltered")


def test_months_in_status_reset_on_status_change(run):
    for c in run.months:
        assert c.changed_not_reset == 0, c.month
        assert c.months_not_advanced == 0, c.month
    assert sum(c.status_changed for c in run.months) > 0


def test_set_status_resets_months_in_status():
    m = ParticipationModel(scale=0.01, seed=2, end="2014-02")
    m.step()
    p = m.persons
    uids = p.where((p.status == Status.CARING) & (p.status_months > 0))[:3]
    assert len(uids)
    m.set_status(uids, Status.UNEMPLOYED)
    assert (p.status[uids] == Status.UNEMPLOYED).all()
    assert (p.status_months[uids] == 0).all()


# ---------------------------------------------------------------------- flows and the recorded tables


def test_recorded_flows_equal_the_events(default_run, tables):
    series = tables["series"]
    scale = default_run.model.scale
    for name in ("job_finding", "job_to_job", "hires", "separations", "ww_exhaustion", "bijstand_inflow"):
        recorded = np.rint(series[name].to_numpy() * scale).astype(int)
        expected = [c.events[name] for c in default_run.months]
        np.testing.assert_array_equal(recorded, expected, err_msg=name)


def test_every_move_from_bijstand_into_work_is_recorded():
    """Hires, new businesses and Wsw entry all record bijstand exits to work (via employ())."""
    m = ParticipationModel(scale=SCALE, seed=18, end="2014-12", parameters={"search.self_employment_entry_rate": 0.05})
    p = m.persons
    moves = 0
    while m.running:
        m.begin_month()
        for phase in phases.PHASES:
            if phase is phases.search.search:
                on_bijstand = p.where((p.benefit == Benefit.BIJSTAND) & (p.status != Status.EMPLOYED))
            phase(m)
        m.end_month()
        into_work = on_bijstand[(p.status[on_bijstand] == Status.EMPLOYED) & p.alive[on_bijstand]]
        moves += len(into_work)
        recorded = np.concatenate(m.events["bijstand_exit_to_work"] + [np.empty(0, dtype=np.int64)])
        missing = np.setdiff1d(into_work, recorded)
        assert len(missing) == 0, f"{m.month_label}: {len(missing)} of {len(into_work)} moves from bijstand into work not recorded"
    assert moves > 0


def test_sector_and_location_employment_sum_to_employed(tables):
    s, sectors = tables["series"], tables["sectors"]
    loc_cols = [c for c in s.columns if c.startswith("employed_loc_")]
    sec_cols = [c for c in s.columns if c.startswith("employed_sec_")]
    np.testing.assert_allclose(s[loc_cols].sum(axis=1), s["employed_15_75"])
    np.testing.assert_allclose(s[sec_cols].sum(axis=1), s["employed_15_75"])
    by_month = sectors.groupby("month", sort=False)["employed"].sum().loc[s["month"]]
    np.testing.assert_allclose(by_month.to_numpy(), s["employed_15_75"].to_numpy())
    np.testing.assert_allclose(s["employed_loc_sheltered"], s["wsw"])


def test_series_rates_follow_cbs_definitions(tables):
    s = tables["series"]
    for ages in ("15_75", "15_65"):
        emp, unemp = s[f"employed_{ages}"], s[f"unemployed_{ages}"]
        pop = s["population_15_75"] if ages == "15_75" else s["population_15_65"]
        lf = s[f"labour_force_{ages}"]
        np.testing.assert_allclose(lf, emp + unemp)
        np.testing.assert_allclose(s[f"netto_participation_{ages}"], 100.0 * emp / pop)
        np.testing.assert_allclose(s[f"bruto_participation_{ages}"], 100.0 * (emp + unemp) / pop)
        np.testing.assert_allclose(s[f"unemployment_rate_{ages}"], 100.0 * unemp / lf)
    assert (s["long_term_unemployed"] <= s["unemployed_15_75"]).all()
    assert (s["netto_participation_15_75"] < s["bruto_participation_15_75"]).all()


def test_series_counts_match_the_persons_in_the_last_month(default_run, tables):
    """Employed includes the Wsw workers; the 15-65 variants leave out 65-74."""
    m = default_run.model
    p = m.persons
    alive = p.alive_uids()
    age_y = p.age_months[alive] // 12
    status = p.status[alive]
    last = tables["series"].iloc[-1]
    to_persons = lambda col: int(round(last[col] * m.scale))  # noqa: E731
    employed = status == Status.EMPLOYED
    unemployed = status == Status.UNEMPLOYED
    wsw = p.benefit[alive] == Benefit.WSW
    assert wsw.sum() > 0 and (employed[wsw]).all()
    assert to_persons("population_15_75") == len(alive)
    assert to_persons("employed_15_75") == employed.sum()
    assert to_persons("employed_15_75") == (employed & ~wsw).sum() + wsw.sum()
    assert to_persons("unemployed_15_75") == unemployed.sum()
    assert to_persons("wsw") == wsw.sum()
    assert to_persons("population_15_65") == (age_y < 65).sum()
    assert to_persons("employed_15_65") == (employed & (age_y < 65)).sum()
    assert to_persons("unemployed_15_65") == (unemployed & (age_y < 65)).sum()
    assert to_persons("population_15_75") - to_persons("population_15_65") == ((age_y >= 65) & (age_y < 75)).sum()
    assert ((age_y >= 65) & employed).sum() > 0, "the 15-65 check needs employed persons aged 65-74"


def test_wsw_is_recorded_under_employed(default_run, tables):
    """In the stock store every Wsw contract sits in the 'employed' status row."""
    m = default_run.model
    stocks = m.store.stocks[: m.t].sum(axis=1).reshape(m.t, 8, 5)
    wsw = stocks[:, :, Benefit.WSW]
    assert (wsw[:, Status.EMPLOYED] > 0).all()
    assert (wsw.sum(axis=1) == wsw[:, Status.EMPLOYED]).all()
    np.testing.assert_allclose(tables["series"]["wsw"] * m.scale, wsw[:, Status.EMPLOYED])
    assert stocks.shape[1] * stocks.shape[2] == N_CODES


@pytest.mark.parametrize("dimension", ["gemeente", "age_band", "education", "sex"])
def test_group_tables_sum_to_the_totals(tables, dimension):
    series = tables["series"].set_index("month")
    groups = tables["groups"]
    part = groups[groups["dimension"] == dimension]
    summed = part.groupby("month", sort=False)[["population_15_75", "employed", "unemployed", "ww", "bijstand", "ao", "wsw", "job_finding"]].sum()
    summed = summed.loc[series.index]
    np.testing.assert_allclose(summed["population_15_75"], series["population_15_75"])
    np.testing.assert_allclose(summed["employed"], series["employed_15_75"])
    np.testing.assert_allclose(summed["unemployed"], series["unemployed_15_75"])
    for col in ("ww", "bijstand", "ao", "wsw", "job_finding"):
        np.testing.assert_allclose(summed[col], series[col], err_msg=col)


def test_age_band_65_74_is_what_15_65_leaves_out(tables):
    series = tables["series"].set_index("month")
    groups = tables["groups"]
    old = groups[(groups["dimension"] == "age_band") & (groups["group"] == REPORT_BANDS[-1])].set_index("month")
    assert REPORT_BANDS[-1] == "65-74"
    np.testing.assert_allclose(old["population_15_75"], series["population_15_75"] - series["population_15_65"])
    np.testing.assert_allclose(old["employed"], series["employed_15_75"] - series["employed_15_65"])


# ---------------------------------------------------------------------- state hygiene


def test_removed_persons_do_not_affect_the_run():
    """What is left in a removed person's row must not change anyone else's future.

    (Regression: the discouraged-worker pull once counted the unemployed among removed rows.)
    """

    def run(scramble: bool):
        m = ParticipationModel(scale=SCALE, seed=3, end="2016-06", parameters={"search.start_tightness_elasticity": 1.0})
        while m.running:
            if scramble:  # every month, overwrite what removed rows hold
                p = m.persons
                dead = np.flatnonzero(~p.alive[: p.n])
                p.status[dead] = Status.UNEMPLOYED
            m.step()
        return m.persons.snapshot()

    a, b = run(False), run(True)
    alive = a["alive"]
    for name in ("status", "benefit", "market"):
        np.testing.assert_array_equal(a[name][alive], b[name][alive], err_msg=name)


def test_ww_left_only_for_ww_recipients():
    """Regression: early retirement once ended WW but left the entitlement counter running."""
    m = ParticipationModel(scale=SCALE, seed=5, end="2014-12", parameters={"demography.early_retirement_rate": 0.1})
    p = m.persons
    while m.running:
        m.step()
        alive = p.alive_uids()
        stale = alive[(p.benefit[alive] != Benefit.WW) & (p.ww_left[alive] != 0)]
        assert len(stale) == 0, f"{m.month_label}: {len(stale)} persons without WW have ww_left > 0"
