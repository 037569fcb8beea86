"""What the instrument tests read off a model: an intervention's monthly reports and the month's events.

Example:
    >>> events(type("M", (), {"events": {"hires": []}})(), "hires").size
    0
"""

from __future__ import annotations

import numpy as np


def reports(m, k: int = 0) -> dict[str, np.ndarray]:
    """The monthly reports of intervention ``k`` by field (simulated counts and EUR)."""
    r = m.interventions[k].reports
    return {name: r.counts[:, i] for i, name in enumerate(r.fields)}


def events(m, name: str) -> np.ndarray:
    """The uids of this month's events of kind ``name`` (empty when there were none)."""
    found = m.events[name]
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)
