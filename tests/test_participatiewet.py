"""The Participatiewet instruments (issue 13, item 4): loonkostensubsidie (art. 10d), garantiebanen
under the banenafspraak, beschut werk (art. 10b).

The rules: only the target group is enrolled; the subsidy share is 1 - loonwaarde within its
ceiling and a month costs share x the WML wage cost; the banenafspraak target and the beschut werk
places bind; every euro is booked on its stream through the ledger and a budget binds. The
mechanisms: participants' employment rises against their own baseline selves, jobs are created
only through the labour-demand response to the subsidy, and the effects depend on the market.
Bad input is refused with the file and the key. No effect size is asserted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from participation_model.cli import main
from participation_model.codes import STREAMS
from participation_model.experiments.paired import run_pair
from participation_model.experiments.runner import model_config
from participation_model.interventions.beschut_werk import within_places
from participation_model.interventions.garantiebanen import places_to_offer
from participation_model.interventions.ledger import SUBSIDY
from participation_model.interventions.loonkostensubsidie import assess_loonwaarde, subsidy_share
from participation_model.interventions.participatiewet_data import ParticipatiewetDataError, load_places, load_targets
from participation_model.metrics.compare import participant_person_years
from participation_model.model.codes import Benefit, Contract, Status
from participation_model.model.model import ParticipationModel
from participation_model.region import sheltered_location
from participation_model.scenario import scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
SCALE = 0.2


def _model(block: dict, end: str = "2017-12", scale: float = SCALE, seed: int = 5) -> ParticipationModel:
    scenario = scenario_from_dict({"name": "p", "start": "2014-01", "end": end, "seed": seed, "scale": scale, "interventions": [block]})
    return ParticipationModel(model_config(scenario, 0))


# ---------------------------------------------------------------------------- the arithmetic


def test_the_loonwaarde_falls_with_distance_and_the_share_is_its_complement_within_the_ceiling():
    distance = np.linspace(0.0, 1.0, 101)
    loonwaarde = assess_loonwaarde(distance, 0.4, 1.25)
    assert (loonwaarde[distance <= 0.4] == 1.0).all()
    assert (np.diff(loonwaarde) <= 0).all() and loonwaarde.min() >= 0.0
    share = subsidy_share(loonwaarde, 0.7)
    np.testing.assert_allclose(share, np.minimum(1.0 - loonwaarde, 0.7), atol=1e-9)
    assert share.max() == pytest.approx(0.7) and share.min() == 0.0
    assert subsidy_share(np.array([0.05]), 0.7)[0] == pytest.approx(0.7)  # capped: the employer still carries the rest


def test_target_and_places_bind_in_whole_places():
    assert places_to_offer(10.9, 4, 3) == 3
    assert places_to_offer(10.0, 8, 5) == 0
    gemeente = np.array([0, 0, 1, 1, 1, 2])
    assert within_places(gemeente, np.array([1, 2, 0])).tolist() == [True, False, True, True, False, False]


def test_the_data_files_give_the_region_its_share_by_year():
    targets = load_targets()
    years = sorted(targets.by_year)
    assert years[0] == 2015 and years[-1] == 2026
    assert all(targets.by_year[a] <= targets.by_year[b] for a, b in zip(years, years[1:]))  # the target ramps up
    assert targets.end_of_year(2026) == pytest.approx(0.006 * 125_000)
    places = load_places()
    assert sum(places.gemeente_share.values()) == pytest.approx(1.0)
    assert places.places(2014, "Oldambt") == 0 and places.places(2025, "Oldambt") > places.places(2016, "Oldambt")


# ---------------------------------------------------------------------------- loonkostensubsidie


def _charges(model: ParticipationModel) -> list[tuple[int, np.ndarray, float, int, str | None]]:
    """Record every booking of the model's first intervention: (month, uids, EUR each, kind, stream)."""
    iv, seen = model.interventions[0], []
    original = iv.charge

    def charge(m, uids, per_person, kind=0, stream=None):
        seen.append((m.t, np.array(uids), per_person, kind, stream))
        original(m, uids, per_person, kind, stream)

    iv.charge = charge
    return seen


def test_loonkostensubsidie_enrols_only_the_target_group_and_pays_share_times_wage_cost():
    model = _model({"type": "loonkostensubsidie", "start": "2015-01", "places_per_year": 600, "referral_rate": 0.2})
    iv = model.interventions[0]
    seen = _charges(model)
    model.run_model()
    uids = np.concatenate([u for _, u in iv.enrolments])
    assert len(uids) > 50
    for profile in iv.profiles:  # who they were at enrolment
        assert (profile["age"] >= 18).all()
        assert np.isin(profile["benefit"], [Benefit.BIJSTAND, Benefit.NONE]).all()
        assert (profile["status"] == Status.UNEMPLOYED).all()  # job seekers: the loonwaarde is assessed in view of a job
    share = iv.share_of[uids]
    assert (share > 0).all() and (share <= 0.7 + 1e-12).all()  # a loonwaarde below the WML, the ceiling holds
    subsidy = [(u, each) for _, u, each, kind, _ in seen if kind == SUBSIDY and len(u)]
    assert subsidy, "some participants found a subsidised job"
    for u, each in subsidy:
        np.testing.assert_allclose(iv.share_of[u] * iv.values["wml_wage_cost"], each)  # cost a month = share x wage cost
    booked = sum(len(u) * each for u, each in subsidy) / model.scale
    spending = iv.reports.spending
    assert spending[:, STREAMS.index("gemeente")].sum() == pytest.approx(spending.sum())  # all on the gemeente stream
    assert spending.sum() == pytest.approx(iv.ledger.spent) == pytest.approx(iv.reports.counts[:, iv.report_fields.index("spending")].sum())
    assert booked == pytest.approx(spending.sum())


def test_subsidised_jobs_raise_their_groups_demand_by_the_elasticity_times_the_shares():
    """Jobs are created only through the labour-demand response: |eta| x the subsidy shares held."""
    model = _model({"type": "loonkostensubsidie", "start": "2015-01", "places_per_year": 600, "referral_rate": 0.2}, end="2016-12")
    model.run_model()
    p, emp, iv = model.persons, model.employers, model.interventions[0]
    held = p.where(p.subsidy > 0)
    assert len(held) and (p.market[held] >= 0).all() and (p.market[held] < emp.n_markets).all()  # employee jobs only
    np.testing.assert_allclose(p.subsidy[held], iv.share_of[held], atol=1e-6)  # each job carries its own share
    saved = emp.subsidy_jobs.copy()
    assert saved.sum() > 0
    emp.update_target(model.t - 1)
    with_subsidy = emp.target.copy()
    emp.subsidy_jobs = np.zeros_like(saved)
    emp.update_target(model.t - 1)
    eta = abs(model.params["demand.wage_elasticity"])
    np.testing.assert_allclose((with_subsidy - emp.target)[emp.inside], (eta * saved)[emp.inside], atol=1e-9)


@pytest.mark.parametrize("kind", ["loonkostensubsidie", "garantiebanen", "beschut_werk"])
def test_a_budget_binds_in_every_month(kind):
    budget = 300_000.0  # short subsidies and places, so that a few commitments fit and the budget is reached
    block = {"type": kind, "start": "2015-01", "budget": budget, "referral_rate": 0.3, "places_per_year": 2000, "cost_per_participant": 2000.0}
    block.update({"duration_months": 6} if kind == "beschut_werk" else {"subsidy_months": 6})
    model = _model(block, end="2016-12")
    model.run_model()
    spent = np.cumsum(model.interventions[0].reports.spending.sum(axis=1))
    assert (spent <= budget * (1 + 1e-9)).all()
    assert spent[-1] > 0.1 * budget


# ---------------------------------------------------------------------------- garantiebanen


def test_garantiebanen_fill_towards_the_target_and_never_beyond_it():
    model = _model({"type": "garantiebanen", "start": "2015-01", "referral_rate": 0.3}, end="2018-12", scale=0.5)
    iv = model.interventions[0]
    filled = []
    while model.running:
        model.step()
        if model.t - 1 >= iv.start_t:
            held, searching = len(iv.held(model)), len(iv.participants(model))
            assert held + searching <= int(np.floor(iv.target_now(model) + 1e-9)) + 0  # the target binds
            filled.append(held)
    assert filled[-1] > 0
    for profile in iv.profiles:  # the target group: Participatiewet below the WML or the Wajong, searching
        assert (profile["status"] == Status.UNEMPLOYED).all()
        assert np.isin(profile["benefit"], [Benefit.BIJSTAND, Benefit.NONE, Benefit.AO]).all()
        ao = profile["benefit"] == Benefit.AO
        assert (profile["age"][ao] <= iv.values["wajong_age_max"]).all()
    spending = iv.reports.spending
    streams = spending[:, [STREAMS.index("gemeente"), STREAMS.index("uwv")]].sum()
    assert streams == pytest.approx(spending.sum()) == pytest.approx(iv.ledger.spent)


# ---------------------------------------------------------------------------- beschut werk


def test_beschut_werk_places_bind_per_gemeente_and_are_sheltered_jobs_for_the_lowest_loonwaarde():
    model = _model({"type": "beschut_werk", "start": "2015-01", "referral_rate": 0.3}, end="2017-12", scale=0.5)
    iv = model.interventions[0]
    p = model.persons
    while model.running:
        model.step()
        if model.t - 1 >= iv.start_t:
            here = iv.participants(model)
            occupied = np.bincount(p.gemeente[here], minlength=len(model.region.gemeenten))
            assert (occupied <= iv.places_now(model)).all()  # the places bind, per gemeente
            assert (p.status[here] == Status.EMPLOYED).all() and (p.contract[here] == Contract.SHELTERED).all()
            assert (p.location[here] == sheltered_location(model.region.locations)).all()
            assert (p.benefit[here] != Benefit.WSW).all()  # beschut werk is no Wsw
    uids = np.concatenate([u for _, u in iv.enrolments])
    assert len(uids) > 10
    assert (1.0 - iv.share_of[uids] >= 0.3 - 1e-9).all()  # the share is the capped complement of a loonwaarde <= 0.3
    for profile in iv.profiles:
        assert np.isin(profile["benefit"], [Benefit.BIJSTAND, Benefit.NONE]).all() and (profile["age"] >= 18).all()
    spending = iv.reports.spending
    assert spending[:, STREAMS.index("gemeente")].sum() == pytest.approx(spending.sum()) == pytest.approx(iv.ledger.spent)


# ---------------------------------------------------------------------------- the mechanisms, paired


def _pair(block: dict, start: str, replication: int = 0):
    base = scenario_from_dict({"name": "b", "start": "2014-01", "end": "2019-12", "scale": SCALE, "replications": 1, "seed": 11})
    scen = scenario_from_dict({"name": "s", "start": "2014-01", "end": "2019-12", "scale": SCALE, "replications": 1, "seed": 11,
                               "interventions": [{**block, "start": start}]})  # fmt: skip
    return run_pair(base, scen, replication)


@pytest.mark.parametrize(
    "block",
    [
        {"type": "loonkostensubsidie", "places_per_year": 300, "referral_rate": 0.2},
        {"type": "garantiebanen", "referral_rate": 0.3},
        {"type": "beschut_werk", "referral_rate": 0.3},
    ],
    ids=lambda b: b["type"],
)
def test_participants_work_more_than_their_own_baseline_selves_and_the_effect_depends_on_the_market(block):
    gains = []
    for start in ("2015-01", "2017-01"):
        pair = _pair(block, start)
        assert len(pair.enrol_uid) > 10
        gains.append(participant_person_years(pair.employed_baseline, pair.employed_scenario, pair.enrol_uid, pair.enrol_month, pair.scale))
    assert min(gains) > 0  # employment rises against their own baseline selves
    assert gains[0] != gains[1]  # an outcome of the market and the targets, not a fixed share


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kind", "key", "value"),
    [("loonkostensubsidie", "max_subsidy_share", 1.5), ("garantiebanen", "wajong_age_max", 12), ("beschut_werk", "max_loonwaarde", -0.1)],
)
def test_bad_values_are_refused_with_the_file_and_the_key(tmp_path, capsys, kind, key, value):
    path = tmp_path / "bad.toml"
    path.write_text(f'name = "bad"\n[[interventions]]\ntype = "{kind}"\nstart = "2015-01"\n{key} = {value}\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and f"interventions[1].{key}" in err


def test_a_wage_subsidy_field_is_not_accepted_where_the_share_is_the_loonwaarde(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\n[[interventions]]\ntype = "loonkostensubsidie"\nstart = "2015-01"\nwage_subsidy = 0.5\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "interventions[1].wage_subsidy" in capsys.readouterr().err


def test_a_broken_data_file_is_refused_with_the_file_and_the_key(tmp_path):
    targets = tmp_path / "banenafspraak.toml"
    text = (ROOT / "src" / "participation_model" / "data" / "parameters" / "banenafspraak.toml").read_text(encoding="utf-8")
    targets.write_text(text.replace("value = 0.006", "value = -0.006"), encoding="utf-8")
    with pytest.raises(ParticipatiewetDataError, match=rf"{targets}: key 'regional_share.value': got -0.006"):
        load_targets(targets)
    places = tmp_path / "beschut_werk.toml"
    text = (ROOT / "src" / "participation_model" / "data" / "parameters" / "beschut_werk.toml").read_text(encoding="utf-8")
    places.write_text(text.replace("Oldambt = 0.264", "Oldambt = 0.5"), encoding="utf-8")
    with pytest.raises(ParticipatiewetDataError, match=rf"{places}: key 'gemeente_share.values'"):
        load_places(places)
    places.write_text(text.replace("2016 = 3200, ", ""), encoding="utf-8")
    with pytest.raises(ParticipatiewetDataError, match="key 'national.values': got years .*; allowed: consecutive years"):
        load_places(places)
