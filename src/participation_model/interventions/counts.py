"""The participant counts of a programme, one definition each (``measure_catalogue.PARTICIPANT_COUNTS``).

A programme reports, per month, how many persons of the real population

- ``participants_started``: entered it for the first time in the run (a person who enters
  again, after leaving, is not counted again; ``enrolled`` counts every entry, as places and
  budgets do);
- ``participants_in_programme``: were in it at the end of the month (a stock);
- ``participants_completed``: completed it for the first time (stayed the full duration, or
  what the instrument calls completing: passing the course, finishing the training on the job,
  reaching the end of the notice, finishing the work-study place);
- ``hired_under_scheme``: started work for the first time while in it or within its
  ``follow_up_months`` after leaving it (job finding, job-to-job, self-employment, Wsw), or
  stayed with the employer at the end of a work-study place.

So each of the three flows, summed over the months of a run, counts persons, each once: the
comparison's tables read these sums (``experiments/compare.py``) and the tests check that they
equal the persons in the enrolment arrays (tests/test_counts.py).

Example:
    >>> seen = FirstTimes()
    >>> seen.first(np.array([3, 5, 3])).tolist(), seen.first(np.array([5, 8])).tolist()
    ([3, 5], [8])
"""

from __future__ import annotations

import numpy as np


class FirstTimes:
    """Persons seen before: :meth:`first` returns those of ``uids`` seen for the first time, and remembers them.

    A boolean column by person id that grows with the population (rows are never reused).
    """

    def __init__(self) -> None:
        self.seen = np.zeros(0, dtype=bool)

    def first(self, uids: np.ndarray) -> np.ndarray:
        """The distinct persons of ``uids`` not seen before (sorted); they are seen from now on."""
        uids = np.unique(np.asarray(uids, dtype=np.int64))
        if not len(uids):
            return uids
        if uids[-1] >= len(self.seen):
            self.seen = np.concatenate([self.seen, np.zeros(int(uids[-1]) + 1 - len(self.seen), dtype=bool)])
        new = uids[~self.seen[uids]]
        self.seen[new] = True
        return new

    def count(self) -> int:
        """How many persons have been seen."""
        return int(self.seen.sum())
