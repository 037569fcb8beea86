"""Phase 4, programmes: interventions act, training providers run their courses.

Interventions (plug-ins, none in the baseline) are applied first, in scenario order. Then the
providers: enrolled participants progress, drop out (monthly hazard by education) or finish (completion
probability by education); those who complete are skilled for the course's target sector and
a little closer to the labour market. Finally regular (non-programme) demand: some job seekers
enrol on their own in courses with an intake this month, in the seats the programmes left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from participation_model.model.codes import Status

if TYPE_CHECKING:  # the model is handed to every phase; imported for the type only
    from participation_model.model.model import ParticipationModel


def programmes(m: ParticipationModel) -> None:
    for intervention in m.interventions:
        intervention.apply(m)
    _progress_courses(m)
    _regular_enrolment(m)


def _progress_courses(m: ParticipationModel) -> None:
    p, c = m.persons, m.courses
    enrolled = p.where(p.course >= 0)
    if not len(enrolled):
        return
    course = p.course[enrolled]
    u = m.draw("course_progress", enrolled)
    drop = u < c.dropout[course, p.education[enrolled]]
    p.course_left[enrolled] -= 1
    done = ~drop & (p.course_left[enrolled] <= 0)
    complete = done & (m.draw("course_completion", enrolled) < c.completion[course, p.education[enrolled]])
    finished = enrolled[complete]
    p.trained_sector[finished] = c.sector[p.course[finished]]
    p.trained_at[finished] = m.t
    p.course_result[finished] = 1
    p.course_result[enrolled[drop]] = 2
    p.distance[finished] = np.maximum(p.distance[finished] - m.params["programmes.completion_distance_reduction"], 0.0)
    leaving = enrolled[drop | done]
    m.events["course_dropout"].append(enrolled[drop])
    m.events["course_completion"].append(finished)
    m.end_course(leaving)


def _regular_enrolment(m: ParticipationModel) -> None:
    p, c = m.persons, m.courses
    seats = c.free_seats(m.t, m.scale)  # what the programmes left of this month's intakes
    if seats.sum() == 0:
        return
    seekers = p.where((p.status == Status.UNEMPLOYED) & (p.course < 0) & ~p.student)
    u = m.draw("regular_enrolment", seekers)
    rate = m.params["programmes.regular_enrolment_rate"]
    want = seekers[u < rate]
    if not len(want):
        return
    open_courses = np.flatnonzero(seats > 0)
    weights = seats[open_courses].astype(float)
    pick = np.searchsorted(np.cumsum(weights) / weights.sum(), u[u < rate] / rate, side="right").clip(0, len(open_courses) - 1)
    course = open_courses[pick]
    order = np.lexsort((want, course))
    course_sorted = course[order]
    first = np.searchsorted(course_sorted, course_sorted, side="left")
    rank = np.arange(len(order)) - first
    admitted = want[order][rank < seats[course_sorted]]
    m.start_course(admitted, course[order][rank < seats[course_sorted]])
