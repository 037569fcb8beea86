"""Effects from paired runs (pure functions on person-by-month employment arrays).

Definitions (per replication; persons of the real population via ``1 / scale``):

- participant effect at ``k`` months after enrolment: mean over participants of
  employed-in-scenario minus employed-in-baseline, ``k`` months after their enrolment (the
  baseline self is the counterfactual: same person, same draws, no programme);
- extra person-years in work: the sum over all persons and months of (scenario - baseline)
  employment, divided by 12;
- displacement: person-years in work that non-participants lose in the scenario (baseline
  minus scenario over non-participants, counted where positive per month);
- deadweight share: among participants placed in work within the follow-up, the share who
  were also employed at that time in the baseline.

Example:
    >>> b = np.array([[0, 0], [0, 1], [0, 1]], dtype=bool)
    >>> s = np.array([[0, 0], [1, 1], [1, 0]], dtype=bool)
    >>> participant_effect_curve(b, s, np.array([0]), np.array([0]), horizon=3).round(2).tolist()
    [0.0, 1.0, 1.0]
    >>> float(extra_person_years(b, s, scale=1.0))
    0.08333333333333333
"""

from __future__ import annotations

import numpy as np


def participant_effect_curve(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, horizon: int) -> np.ndarray:
    """Mean scenario-minus-baseline employment of participants by months since enrolment."""
    out = np.full(horizon, np.nan)
    T = emp_b.shape[0]
    for k in range(horizon):
        t = months + k
        ok = t < T
        if ok.any():
            out[k] = float(np.mean(emp_s[t[ok], uids[ok]].astype(float) - emp_b[t[ok], uids[ok]]))
    return out


def extra_person_years(emp_b: np.ndarray, emp_s: np.ndarray, scale: float) -> float:
    """Net extra person-years in work in the scenario, over everyone (real population)."""
    return float((emp_s.sum() - emp_b.sum()) / 12.0 / scale)


def displacement_person_years(emp_b: np.ndarray, emp_s: np.ndarray, participants: np.ndarray, scale: float) -> float:
    """Person-years in work that non-participants lose in the scenario (real population)."""
    others = np.ones(emp_b.shape[1], dtype=bool)
    others[participants] = False
    lost = emp_b[:, others] & ~emp_s[:, others]
    return float(lost.sum() / 12.0 / scale)


def deadweight_share(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, follow_up: int) -> float:
    """Share of participants in work ``follow_up`` months after enrolment who were in work in the baseline too."""
    t = np.minimum(months + follow_up, emp_b.shape[0] - 1)
    placed = emp_s[t, uids]
    if not placed.any():
        return float("nan")
    return float(emp_b[t[placed], uids[placed]].mean())
