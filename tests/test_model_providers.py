"""Training providers: seats bind, participants are locked in, completers gain sector skill."""

from __future__ import annotations

import numpy as np

from participation_model.model.codes import Status
from participation_model.model.model import ParticipationModel
from participation_model.model import phases
from participation_model.model.phases import PHASES


def _run(months: int = 24):
    m = ParticipationModel(scale=0.2, seed=11, end="2015-12", parameters={"programmes.regular_enrolment_rate": 0.3})
    p, c = m.persons, m.courses
    checks = []
    for _ in range(months):
        m.begin_month()
        before = p.course[: p.n].copy()
        for phase in PHASES:
            phase(m)
            if phase.__name__ == "programmes":
                nb = len(before)  # entrants of this month are students and cannot enrol yet
                new = (p.course[:nb] >= 0) & (before < 0)
                started = np.bincount(p.course[:nb][new], minlength=len(c.names))
                checks.append((started, c.seats_this_month(m.t, m.scale)))
        alive = p.alive[: p.n]
        held = np.bincount(p.course[: p.n][alive & (p.course[: p.n] >= 0)], minlength=len(c.names))
        np.testing.assert_array_equal(held, c.enrolled_now, err_msg=m.month_label)
        m.end_month()
    return m, checks


def test_new_enrolments_never_exceed_the_seats_of_the_intake():
    _, checks = _run()
    assert any(started.sum() > 0 for started, _ in checks)
    for started, seats in checks:
        assert (started <= seats).all()


def test_participants_search_less_and_completers_are_skilled_for_the_target_sector():
    m, _ = _run()
    p, c = m.persons, m.courses
    unemployed = p.where(p.status == Status.UNEMPLOYED)
    in_course = unemployed[p.course[unemployed] >= 0]
    assert len(in_course) > 0
    intensity = phases.search._intensity
    intensity(m)
    locked = p.search[in_course].copy()
    courses = p.course[in_course].copy()
    p.course[in_course] = -1  # the same persons, the same month, without a course
    intensity(m)
    free = p.search[in_course].copy()
    p.course[in_course] = courses
    np.testing.assert_allclose(locked, free * m.params["search.lockin_factor"], rtol=1e-5)
    completed = np.concatenate(m.events["course_completion"] + [np.empty(0, dtype=np.int64)])
    total = int(m.store.flows[:, m.store.flow_names.index("course_completion")].sum())
    assert total > 0
    trained = p.where(p.trained_sector >= 0)
    assert set(np.unique(p.trained_sector[trained])) <= set(np.unique(c.sector))
    assert len(completed) <= total
