"""Intervention framework: validation, identity before start, capacity, budget and funding."""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.experiments.runner import model_config
from participation_model.interventions.base import STREAMS
from participation_model.model.model import ParticipationModel
from participation_model.scenario import ScenarioError, scenario_from_dict

SCALE = 0.05


def scenario(*blocks, end="2016-12", seed=7):
    return scenario_from_dict({"name": "t", "end": end, "seed": seed, "replications": 1, "scale": SCALE, "interventions": list(blocks)})


def vwnw(**extra):
    block = {"type": "van_werkloosheid_naar_werk", "start": "2015-01", "end": "2016-06", "eligibility": {"status": ["unemployed"]}}
    block.update(extra)
    return block


def error_lines(*blocks) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario(*blocks)
    return str(caught.value).splitlines()


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("block", "key", "allowed"),
    [
        (vwnw(budget=-1000), "interventions[1].budget", "a number of at least 0.0"),
        (vwnw(places_per_month=-5), "interventions[1].places_per_month", "a whole number of at least 0"),
        (vwnw(funding={"rijk_szw": 0.5, "esf": 0.4}), "interventions[1].funding", "shares that add up to 1 (these add up to 0.9)"),
        (vwnw(funding={"rijk_szw": 0.5, "brussels": 0.5}), "interventions[1].funding.brussels", "a funding stream: rijk_szw, sector"),
        (vwnw(start="2016-01", end="2015-06"), "interventions[1].end", "a month not before start (2016-01)"),
        (vwnw(start="2030-01"), "interventions[1].start", "within the scenario period 2014-01 to 2016-12"),
        (vwnw(eligibility={"shoe_size": [42]}), "interventions[1].eligibility.shoe_size", "one of the keys status, benefit"),
        (vwnw(eligibility={"status": ["jobless"]}), "interventions[1].eligibility.status", "a list of 'employed', 'unemployed'"),
        (vwnw(eligibility={"gemeente": ["Groningen"]}), "interventions[1].eligibility.gemeente", "'Oldambt'"),
        (vwnw(eligibility={"age_min": 30, "age_max": 20}), "interventions[1].eligibility.age_max", "at least age_min (30)"),
        (vwnw(places=10), "interventions[1].places", "one of the keys name, start, end"),
        (vwnw(referral_rate="often"), "interventions[1].referral_rate", "a number from 0.0 to 1.0"),
        ({"type": "sectorplan_retraining", "start": "2015-01"}, "interventions[1].target_sectors", "a list of 'zorg'"),
        ({"type": "mass_layoff", "start": "2015-01", "sector": "mining", "size": 10}, "interventions[1].sector", "one of 'zorg'"),
    ],
)
def test_bad_blocks_are_rejected_with_file_block_key_and_allowed(block, key, allowed):
    lines = error_lines(block)
    hit = [line for line in lines if f"key '{key}'" in line]
    assert hit, lines
    assert allowed in hit[0]
    assert hit[0].startswith("<dict>: ") or ":" in hit[0].split("key")[0]


def test_unknown_intervention_lists_the_valid_names():
    (line,) = error_lines({"type": "brugww", "start": "2015-01"})
    assert "key 'interventions[1].type': got 'brugww'" in line
    assert "'van_werkloosheid_naar_werk'" in line and "'sectorplan_retraining'" in line


def test_typo_in_a_field_name_gets_a_suggestion():
    (line,) = error_lines(vwnw(places_per_yaer=100))
    assert "did you mean 'places_per_year'?" in line


# ---------------------------------------------------------------------------- identity before start


def test_baseline_and_scenario_identical_person_by_person_until_the_start():
    base = ParticipationModel(model_config(scenario(end="2015-06"), 0))
    scen = ParticipationModel(model_config(scenario(vwnw(start="2015-01"), end="2015-06"), 0))
    diverged_at = None
    for t in range(18):
        base.step()
        scen.step()
        a, b = base.persons.snapshot(), scen.persons.snapshot()
        same = all(np.array_equal(a[k], b[k]) for k in a)
        if t < 12:
            assert same, f"differs before the intervention starts, in month {t}"
        elif not same and diverged_at is None:
            diverged_at = t
    assert diverged_at == 12  # the first month of the intervention


# ---------------------------------------------------------------------------- capacity, budget, funding


def _run(*blocks, end="2016-12"):
    m = ParticipationModel(model_config(scenario(*blocks, end=end), 0))
    m.run_model()
    return m


def _report(m, k):
    r = m.interventions[k].reports
    return {name: r.counts[:, i] for i, name in enumerate(r.fields)}, r.spending


def test_places_per_month_and_per_year_are_never_exceeded():
    m = _run(vwnw(places_per_month=40, referral_rate=0.5), vwnw(places_per_year=200, referral_rate=0.5, name="yearly"))
    monthly, _ = _report(m, 0)
    assert monthly["enrolled"].max() <= 40 + 1e-9
    assert monthly["waiting"].max() > 0  # places were full and people waited
    yearly, _ = _report(m, 1)
    months = np.array([2014 + t // 12 for t in range(m.months)])
    for year in (2015, 2016):
        assert yearly["enrolled"][months == year].sum() <= 200 + 1e-9


def test_budget_binds_and_every_euro_is_booked_on_the_funding_streams():
    block = vwnw(
        places_per_month=100, referral_rate=0.5, budget=1_000_000, cost_per_participant=5000, cost_per_month=200,
        duration_months=6, funding={"rijk_szw": 0.5, "sector": 0.3, "esf": 0.2},
    )
    m = _run(block)
    counts, spending = _report(m, 0)
    total = counts["spending"].sum()
    assert total <= 1_000_000 + 1e-6
    assert total > 0.8 * 1_000_000  # the budget, not the places, was the limit
    np.testing.assert_allclose(spending.sum(axis=1), counts["spending"])  # every euro on a stream
    shares = spending.sum(axis=0) / total
    np.testing.assert_allclose(shares[[STREAMS.index("rijk_szw"), STREAMS.index("sector"), STREAMS.index("esf")]], [0.5, 0.3, 0.2])
    months_in_programme = counts["participants_in_programme"].sum() - counts["enrolled"].sum()  # enrolment month is not charged
    expected = counts["enrolled"].sum() * 5000 + (months_in_programme + counts["enrolled"].sum()) * 200
    assert total == pytest.approx(expected, rel=0.05)


def test_enrolment_follows_the_eligibility_filter():
    block = vwnw(eligibility={"status": ["unemployed"], "age_max": 26}, places_per_month=50)
    scen = scenario(block, end="2015-06")
    m = ParticipationModel(model_config(scen, 0))
    enrolled = []
    while m.running:
        m.step()
        for uids in m.events["programme_enrolment"]:
            enrolled.append((uids, m.persons.age_months[uids] // 12))
    ages = np.concatenate([a for _, a in enrolled])
    assert len(ages) > 0 and ages.max() <= 26


def test_mass_layoff_lays_off_the_size_and_removes_the_jobs():
    m = _run({"type": "mass_layoff", "start": "2015-03", "sector": "industrie", "size": 400}, end="2015-12")
    counts, _ = _report(m, 0)
    assert counts["laid_off"].sum() == pytest.approx(400, abs=1 / SCALE)
    t = 14
    job_loss = m.store.flows[t, m.store.flow_names.index("mass_layoff")].sum() / SCALE
    assert job_loss == pytest.approx(400, abs=1 / SCALE)


def test_demand_shock_adds_desired_jobs_for_its_period():
    shock = {"type": "demand_shock", "start": "2015-01", "end": "2015-12", "sector": "bouw", "jobs": 500}
    base = ParticipationModel(model_config(scenario(end="2016-06"), 0))
    scen = ParticipationModel(model_config(scenario(shock, end="2016-06"), 0))
    base.run_model()
    scen.run_model()
    bouw_inside = scen.region.sectors.index("bouw") * 3
    extra = (scen.store.sectors[:, scen.region.sectors.index("bouw") * 4] - base.store.sectors[:, base.region.sectors.index("bouw") * 4]) / SCALE
    assert extra[:12].max() == 0  # nothing before the start
    assert extra[16:24].mean() > 200  # most of the extra jobs get filled during the shock
    assert bouw_inside >= 0


def test_two_blocks_need_different_names():
    lines = error_lines(vwnw(), vwnw())
    assert any("key 'interventions[2].name': got 'van_werkloosheid_naar_werk'" in line for line in lines)
    assert scenario(vwnw(), vwnw(name="second round")).interventions[1].options["name"] == "second round"


def test_random_streams_follow_the_name_not_the_position():
    """An instrument draws the same numbers whether or not another block comes before it."""
    alone = ParticipationModel(model_config(scenario(vwnw(places_per_month=30), end="2015-06"), 0))
    shock = {"type": "demand_shock", "name": "first", "start": "2015-06", "sector": "bouw", "jobs": 10}
    behind = ParticipationModel(model_config(scenario(shock, vwnw(places_per_month=30), end="2015-06"), 0))
    alone.run_model()
    behind.run_model()
    first = [u for _, u in alone.interventions[0].enrolments]
    second = [u for _, u in behind.interventions[1].enrolments]
    assert len(first) == len(second) and all(np.array_equal(a, b) for a, b in zip(first, second))


def test_unused_monthly_places_do_not_pile_up():
    m = ParticipationModel(model_config(scenario(vwnw(places_per_month=40, referral_rate=0.5), end="2015-06"), 0))
    iv = m.interventions[0]
    m.run_model()
    empty = np.empty(0, dtype=np.int64)
    iv.waiting, iv.waited = empty, empty
    m.t = iv.start_t
    for _ in range(3):  # three months in which nobody is admitted
        iv._capacity(m, 0)
    assert iv._capacity(m, 10_000) <= int(40 * SCALE) + 1
