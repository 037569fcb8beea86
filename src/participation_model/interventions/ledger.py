"""One spending ledger per intervention: commit at enrolment, spend from the commitment, release the rest.

A budget binds only if every euro that can still be spent is reserved before a person is
admitted. So each participant gets *accounts*, one per kind of cost (the programme's own
costs, a wage-cost subsidy on a hire, the WW for brug-WW training hours), holding the most the
person can cost under that kind: the whole stay they can have, not the average one. Spending is
booked from a person's account and never beyond it; when the obligation ends (the person
leaves the programme, the subsidised job ends, the training stops) exactly what is left of the
account is released. Admission asks how many whole commitments fit into the budget minus what
was spent minus what is still reserved, so cumulated spending never exceeds the budget, in any
month. Amounts are EUR of the real population (a simulated person stands for ``1 / scale``).

Example:
    >>> ledger = Ledger(budget=1000.0, scale=1.0)
    >>> ledger.admissible(300.0)
    3
    >>> ledger.commit(np.array([7, 8]), 300.0, PROGRAMME)
    >>> ledger.spend(np.array([7, 7]), 100.0, PROGRAMME)  # two months of person 7
    200.0
    >>> ledger.admissible(300.0), ledger.release(np.array([7, 8]), PROGRAMME)
    (1, 400.0)
    >>> ledger.spent, ledger.admissible(300.0)
    (200.0, 2)
"""

from __future__ import annotations

import numpy as np

from participation_model.measure_catalogue import to_real

PROGRAMME, SUBSIDY, TRAINING = 0, 1, 2  # kinds of account
KINDS = ("programme", "wage subsidy", "training")


class LedgerError(RuntimeError):
    """A booking beyond a person's commitment: a defect in an instrument, never a user error."""


class Ledger:
    """Commitments per person and kind, spending booked from them, and the budget they bind.

    ``budget`` is None for an unlimited programme (the ledger still books, so spending is
    counted the same way with and without a budget).
    """

    def __init__(self, budget: float | None, scale: float) -> None:
        self.budget = None if budget is None else float(budget)
        self.scale = float(scale)
        self.spent = 0.0
        self._uid = [np.empty(0, dtype=np.int64) for _ in KINDS]  # sorted, unique per kind
        self._left = [np.empty(0, dtype=np.float64) for _ in KINDS]

    # ---------------------------------------------------------------- the budget
    @property
    def reserved(self) -> float:
        """EUR committed and not yet spent or released."""
        return float(sum(left.sum() for left in self._left))

    def admissible(self, per_person: float) -> int:
        """How many more persons with a commitment of ``per_person`` (EUR of one simulated person) fit."""
        if self.budget is None or per_person <= 0:
            return np.iinfo(np.int32).max
        room = self.budget - self.spent - self.reserved
        return max(int(np.floor(room / to_real(per_person, self.scale) + 1e-9)), 0)

    # ---------------------------------------------------------------- accounts
    def commit(self, uids: np.ndarray, per_person: float, kind: int) -> None:
        """Reserve ``per_person`` (EUR of one simulated person) for each of ``uids`` under ``kind``."""
        if not len(uids) or per_person <= 0:
            return
        uids, counts = np.unique(uids, return_counts=True)
        amount = counts * to_real(per_person, self.scale)
        have, left = self._uid[kind], self._left[kind]
        pos = np.searchsorted(have, uids)
        known = (pos < len(have)) & (have[np.minimum(pos, len(have) - 1)] == uids) if len(have) else np.zeros(len(uids), bool)
        left[pos[known]] += amount[known]
        merged = np.concatenate([have, uids[~known]])
        order = np.argsort(merged, kind="stable")
        self._uid[kind] = merged[order]
        self._left[kind] = np.concatenate([left, amount[~known]])[order]

    def spend(self, uids: np.ndarray, per_person: float, kind: int) -> float:
        """Book ``per_person`` for each of ``uids`` (repeats book again) from their accounts; EUR booked.

        Raises LedgerError when a person has no account of that kind or too little left: the
        instrument committed less than it spends, which would let spending exceed the budget.
        """
        if not len(uids) or per_person <= 0:
            return 0.0
        uids, counts = np.unique(uids, return_counts=True)
        amount = counts * to_real(per_person, self.scale)
        have, left = self._uid[kind], self._left[kind]
        pos = np.minimum(np.searchsorted(have, uids), max(len(have) - 1, 0))
        if not len(have) or not (have[pos] == uids).all() or (left[pos] < amount * (1 - 1e-9)).any():
            raise LedgerError(f"spending of kind {KINDS[kind]!r} beyond what was committed for persons {uids[:5].tolist()}")
        left[pos] = np.maximum(left[pos] - amount, 0.0)
        booked = float(amount.sum())
        self.spent += booked
        return booked

    def release(self, uids: np.ndarray, kind: int) -> float:
        """Close the accounts of ``uids`` of ``kind`` (those that have one): what is left goes back; EUR released."""
        have = self._uid[kind]
        if not len(uids) or not len(have):
            return 0.0
        closing = np.isin(have, uids)
        released = float(self._left[kind][closing].sum())
        self._uid[kind], self._left[kind] = have[~closing], self._left[kind][~closing]
        return released

    def holds(self, uids: np.ndarray, kind: int) -> np.ndarray:
        """Whether each of ``uids`` has an open account of ``kind``."""
        return np.isin(uids, self._uid[kind])
