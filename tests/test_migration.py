"""Population flows that drove the period: statushouders housed in the region, and the selective
out-migration of the young and higher educated."""

from __future__ import annotations

import numpy as np
import pytest

from participation_model.codes import Benefit, Status
from participation_model.model.model import ParticipationModel
from participation_model.model.tables import Tables
from participation_model.params import load_parameters
from participation_model.region import load_region

SCALE = 0.2


@pytest.fixture(scope="module")
def model() -> ParticipationModel:
    """A 2015-2017 run that keeps who arrived (``m.arrived``) and how they arrived (``m.on_arrival``)."""
    from participation_model.model.phases import demography

    m = ParticipationModel(seed=5, scale=SCALE, start="2015-01", end="2017-12")
    m.arrived, m.on_arrival = [], []
    real = demography._statushouders

    def keep(model: ParticipationModel) -> None:
        first = model.persons.n
        real(model)
        uids = np.arange(first, model.persons.n)
        uids = uids[model.persons.distance[uids] == model.params["migration.statushouder_distance"]]
        model.arrived.append(uids)
        model.on_arrival.append((model.persons.status[uids].copy(), model.persons.benefit[uids].copy(), model.persons.education[uids].copy()))

    demography._statushouders = keep
    try:
        while m.running:
            m.step()
    finally:
        demography._statushouders = real
    return m


def _monthly(m: ParticipationModel, flow: str) -> np.ndarray:
    return m.store.flows[: m.months, m.store.flow_names.index(flow)].sum(axis=1)


def test_statushouders_arrive_as_the_national_numbers_and_the_regional_share_say(model: ParticipationModel) -> None:
    region = model.region
    share = region.figure("migration.statushouders_regional_share")["value"] * region.figure("migration.statushouders_profile")["share_15_75"]
    arrived = _monthly(model, "in_migrants").reshape(3, 12).sum(axis=1)
    expected = np.array([region.series_value("migration.statushouders_national", y) for y in (2015, 2016, 2017)]) * share * SCALE
    assert np.all(np.abs(arrived.cumsum() - expected.cumsum()) <= 1)  # the fraction is carried from month to month
    assert arrived[1] > arrived[0] and arrived[1] > arrived[2]  # the 2016 peak


def test_statushouders_start_outside_the_labour_force_far_from_it_and_mostly_on_bijstand(model: ParticipationModel) -> None:
    status = np.concatenate([s for s, _, _ in model.on_arrival])
    benefit = np.concatenate([b for _, b, _ in model.on_arrival])
    education = np.concatenate([e for _, _, e in model.on_arrival])
    assert len(status) == _monthly(model, "in_migrants").sum() > 50
    assert (status == Status.DISCOURAGED).all()
    assert 0.85 < (benefit == Benefit.BIJSTAND).mean() <= 1.0
    assert (education == 0).mean() > (education == 2).mean()


def test_bijstand_inflow_counts_the_arrivals_on_bijstand(model: ParticipationModel) -> None:
    assert _monthly(model, "bijstand_inflow").sum() >= _monthly(model, "in_migrants").sum() * 0.8


def test_the_young_who_leave_are_more_often_higher_educated_and_each_age_group_keeps_its_rate() -> None:
    region, params = load_region("oost-groningen"), load_parameters()
    tables = Tables.build(region, params, scale=1.0)
    hazard = tables.leave_hazard_by_month
    at = {age: age * 12 for age in (20, 30, 50)}
    assert hazard[2, at[20]] > hazard[1, at[20]] > hazard[0, at[20]]
    assert hazard[2, at[30]] > hazard[1, at[30]] > hazard[0, at[30]]
    assert hazard[0, at[50]] == hazard[1, at[50]] == hazard[2, at[50]]  # older ages are not selective
    edu = region.figure("population.education_by_age")
    mix = np.array([edu["low"][0], edu["mid"][0], edu["high"][0]])
    flat = Tables.build(region, params.with_overrides({"demography.emigration_factor_low": 1.0, "demography.emigration_factor_high": 1.0}), scale=1.0)
    assert float(mix @ hazard[:, at[20]] / mix.sum()) == pytest.approx(float(flat.leave_hazard_by_month[1, at[20]]), rel=1e-3)
