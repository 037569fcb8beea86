"""Notice periods in the baseline: every dismissal gives the statutory notice by tenure (BW 7:672).

A dismissed worker stays employed for the notice months, searches on the job, may move job to
job (a job-to-job move, no WW inflow), and is separated when the notice ends; a temporary
contract that ends has no notice. Van-werk-naar-werk acts on this notice and adds no months:
in the first month of a participant's notice, baseline and scenario employment are equal.
"""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.experiments.runner import model_config
from participation_model.model.codes import Contract, Status
from participation_model.model.model import ParticipationModel
from participation_model.model.rules import load_rules
from participation_model.scenario import scenario_from_dict


class NoticeLog:
    """A notice hook that records every notice given: (month, worker, tenure, notice end, contract)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, int, int, int]] = []

    def on_notice(self, m: ParticipationModel, uids: np.ndarray) -> None:
        p = m.persons
        self.rows += [(m.t, int(u), int(p.job_months[u]), int(p.notice_until[u]), int(p.contract[u])) for u in uids]


def events(m: ParticipationModel, name: str) -> set[int]:
    return {int(u) for u in m.events_of(name)}


def test_notice_months_follow_tenure_as_the_law_sets_them():
    rules = load_rules()
    years = np.array([0, 1, 4.99, 5, 9.9, 10, 14.9, 15, 30])
    assert rules.notice_months(np.floor(years * 12).astype(int)).tolist() == [1, 1, 1, 2, 2, 3, 3, 4, 4]
    table = rules.raw["dismissal_notice"]
    assert table["unit"] and "7:672" in table["source"] and table["procedure"]


@pytest.fixture(scope="module")
def run():
    """A baseline run month by month, with the notices, the month's flows and who was employed."""
    m = ParticipationModel(scale=0.1, seed=5, end="2016-06")
    log = NoticeLog()
    m.notice_hooks.append(log)
    months = []
    while m.running:
        before = m.persons.status[: m.persons.n] == Status.EMPLOYED
        m.step()
        p = m.persons
        months.append({
            "employed_before": before,
            "employed": {int(u) for u in p.where(p.status == Status.EMPLOYED)},
            "notice_ended": {int(u) for u in m.notice_ended},
            **{name: events(m, name) for name in ("separations", "job_loss", "job_to_job", "ww_inflow")},
        })  # fmt: skip
    return m, log.rows, months


def test_every_notice_has_the_statutory_length_and_is_given_to_employees(run):
    m, rows, _ = run
    assert len(rows) > 100  # enough notices to check (about 185 in this run)
    t, _, tenure, until, contract = (np.array(col) for col in zip(*rows))
    np.testing.assert_array_equal(until - t, m.rules.notice_months(tenure))
    assert np.isin(contract, [Contract.PERMANENT, Contract.TEMPORARY]).all()
    assert (until - t > 1).sum() > 20  # long tenures get longer notice


def test_a_dismissed_worker_stays_employed_for_the_notice_then_separates(run):
    m, rows, months = run
    separated_at_end = moved = 0
    for t0, u, _, until, _ in rows:
        if until >= len(months):
            continue
        during = range(t0, until)
        left = [t for t in during if u in months[t]["separations"] or u in months[t]["job_to_job"]]
        if u in {v for t in during for v in months[t]["job_to_job"]}:
            moved += 1
        if left:  # a job-to-job move, a quit or sickness during the notice
            assert u not in months[until]["notice_ended"]
            continue
        assert all(u in months[t]["employed"] for t in during)
        assert not any(u in months[t]["job_loss"] or u in months[t]["ww_inflow"] for t in during)
        if u in months[until]["notice_ended"]:
            separated_at_end += 1
            assert u in months[until]["separations"]  # (some find work again in the same month)
    assert separated_at_end > 100 and moved > 5


def test_job_to_job_moves_under_notice_are_not_ww_inflow(run):
    m, rows, months = run
    moves = 0
    for t0, u, _, until, _ in rows:
        for t in range(t0, min(until, len(months))):
            if u in months[t]["job_to_job"]:
                moves += 1
                assert not any(u in months[t][name] for name in ("ww_inflow", "job_loss", "separations"))
                if u not in months[t0]["employed_before"]:
                    continue  # (hired back in the month of the notice)
                break
    assert moves > 5


def test_ww_inflow_comes_from_separations_of_the_month(run):
    _, _, months = run
    for month in months:
        assert month["ww_inflow"] <= month["separations"]


def test_temporary_contracts_end_without_notice():
    """With no layoffs (own reasons or excess headcount), nobody is given notice, yet temporary contracts end."""
    m = ParticipationModel(scale=0.05, seed=2, end="2014-12", parameters={"separations.layoff_rate": 0.0, "separations.excess_layoff_speed": 0.0})
    log = NoticeLog()
    m.notice_hooks.append(log)
    ended = 0
    while m.running:
        p = m.persons
        temporary = p.contract[: p.n] == Contract.TEMPORARY
        m.step()
        losses = m.events_of("job_loss")
        ended += int(temporary[losses[losses < len(temporary)]].sum())
    assert ended > 20
    assert log.rows == []
    assert (m.persons.notice_until[: m.persons.n] < 0).all()


def test_the_hazard_tables_split_dismissals_from_contracts_ending():
    h = ParticipationModel(scale=0.01, seed=1, end="2014-01").tables.separation_hazards
    from participation_model.model.phases.separations import _hazard_group

    def share(contract, student=False):
        return float(h.dismissal[_hazard_group(np.array([contract]), np.array([student]), np.array([400]), np.array([0]), np.array([False]))][0])

    assert share(Contract.PERMANENT) == pytest.approx(1.0)
    assert 0 < share(Contract.TEMPORARY) < 0.5  # most temporary jobs end with the contract
    assert share(Contract.SELF_EMPLOYED) == 0 and share(Contract.SHELTERED) == 0


def test_vwnw_adds_no_notice_months_participants_first_month_is_the_same_in_both_worlds():
    def build(*blocks):
        s = scenario_from_dict({"name": "t", "end": "2015-09", "seed": 7, "replications": 1, "scale": 0.1, "interventions": list(blocks)})
        return ParticipationModel(model_config(s, 0))

    base = build()
    scen = build({"type": "van_werk_naar_werk", "start": "2015-01"})
    compared = 0
    while scen.running:
        base.step()
        scen.step()
        first = scen.events_of("programme_enrolment")
        if not len(first):
            continue
        compared += len(first)
        # the baseline gave the same workers the same notice, and both keep them employed this month
        # (a participant may already have moved job to job, which ends the notice with the old job)
        still = scen.persons.notice_until[first] >= scen.t - 1
        np.testing.assert_array_equal(base.persons.notice_until[first[still]], scen.persons.notice_until[first[still]])
        np.testing.assert_array_equal(base.persons.status[first] == Status.EMPLOYED, scen.persons.status[first] == Status.EMPLOYED)
        assert (scen.persons.status[first] == Status.EMPLOYED).all()
    assert compared > 20
