"""Iterative proportional fitting (IPF) on a dense contingency table, in NumPy.

A margin is any grouping of the table's cells (an integer group index per cell) with a target
total per group. IPF rescales the table margin by margin until all targets hold, keeping the
odds ratios of the seed table: structural zeros stay zero, and seed weights carry the
interactions no margin specifies (Deming & Stephan 1940; the raking used for synthetic
populations).

Example:
    >>> seed = np.ones((2, 2))
    >>> rows = Margin(np.array([[0, 0], [1, 1]]), np.array([30.0, 70.0]), "rows")
    >>> cols = Margin(np.array([[0, 1], [0, 1]]), np.array([40.0, 60.0]), "cols")
    >>> fit = ipf(seed, [rows, cols])
    >>> np.round(fit.table, 6).tolist()
    [[12.0, 18.0], [28.0, 42.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Margin:
    """Target totals for a grouping of cells: ``groups`` has the table's shape."""

    groups: np.ndarray
    targets: np.ndarray
    name: str


@dataclass(frozen=True)
class IPFResult:
    table: np.ndarray
    iterations: int
    max_relative_error: float


def ipf(seed: np.ndarray, margins: list[Margin], tol: float = 1e-9, max_iter: int = 500) -> IPFResult:
    """Fit ``seed`` to the margins; raises ValueError when a target cannot be reached.

    A target above zero for a group whose seed cells are all zero is infeasible, and so are
    margins that disagree about the grand total.
    """
    table = seed.astype(np.float64).ravel().copy()
    flat = [(m, m.groups.ravel()) for m in margins]
    for m, g in flat:
        support = np.bincount(g, weights=table, minlength=len(m.targets))
        bad = (support <= 0) & (m.targets > 0)
        if bad.any():
            raise ValueError(f"IPF margin {m.name!r}: groups {np.flatnonzero(bad).tolist()} have targets but no seed cells")
    err = np.inf
    for it in range(1, max_iter + 1):
        for m, g in flat:
            sums = np.bincount(g, weights=table, minlength=len(m.targets))
            factor = np.divide(m.targets, sums, out=np.zeros_like(sums), where=sums > 0)
            table *= factor[g]
        err = max(_relative_error(table, m, g) for m, g in flat)
        if err < tol:
            return IPFResult(table.reshape(seed.shape), it, err)
    if err > 1e-4:
        raise ValueError(f"IPF did not converge (max relative error {err:.2e}); margins are inconsistent")
    return IPFResult(table.reshape(seed.shape), max_iter, err)


def _relative_error(table: np.ndarray, m: Margin, g: np.ndarray) -> float:
    sums = np.bincount(g, weights=table, minlength=len(m.targets))
    return float(np.max(np.abs(sums - m.targets) / np.maximum(m.targets, 1.0)))


def integerise(table: np.ndarray, total: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """Round a fitted table to whole persons summing to ``total``.

    With a generator: truncate, replicate, sample (Lovelace & Ballas 2013): every cell gets
    the whole part of its expected count, and the persons still missing go to cells chosen by
    systematic sampling, so that each cell gets one more person with probability equal to its
    fractional part. Margins are
    then right in expectation even at small scale, where largest-remainder rounding would
    starve the many small cells (the unemployed, benefit recipients). Without a generator,
    largest remainders (deterministic).

    Example:
        >>> integerise(np.array([0.5, 1.2, 1.3]), 3).tolist()
        [1, 1, 1]
        >>> int(integerise(np.full(10, 0.3), 3, np.random.default_rng(0)).sum())
        3
    """
    scaled = table.ravel() * (total / table.sum())
    base = np.floor(scaled).astype(np.int64)
    short = int(total - base.sum())
    if short > 0:
        frac = scaled - base
        if rng is None:
            chosen = np.argsort(-frac, kind="stable")[:short]
        else:  # systematic sampling: cell i is chosen with probability exactly frac[i]
            cum = np.cumsum(frac) * (short / frac.sum())
            points = rng.random() + np.arange(short)
            chosen = np.searchsorted(cum, points, side="right").clip(0, frac.size - 1)
        base[chosen] += 1
    return base.reshape(table.shape)
