"""Common random numbers: per-person draws that do not depend on other persons' outcomes.

Every random decision in the model has a named *stream*. The draw of person ``uid`` in stream
``s`` at step ``t`` is a pure function of ``(seed, s, t, uid)``: a counter-based generator
(SplitMix64 finaliser over a key derived from the seed with NumPy's ``SeedSequence``). So a
person's draw is the same whether or not other persons exist, were hired, or were enrolled in
a programme, and whether it is asked for alone or with thousands of others. A baseline and a
scenario run with the same seed therefore stay identical until an intervention changes
someone's state, and differ afterwards only through it (Klein et al. 2024, arXiv:2409.02086;
Starsim's per-agent streams follow the same idea).

Cost is proportional to the number of persons asked about, not to the population, which keeps
the monthly step fast.

Example:
    >>> crn = CommonRandomNumbers(seed=7)
    >>> a = crn.uniform("separation", 3, np.array([5, 9, 11]))
    >>> b = crn.uniform("separation", 3, np.array([11]))
    >>> bool(a[2] == b[0])
    True
"""

from __future__ import annotations

import zlib

import numpy as np

_MASK = (1 << 64) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix_int(x: int) -> int:
    """SplitMix64 finaliser on a Python int (for keys)."""
    x &= _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)


def _mix_array(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on a uint64 array, in place (wrapping arithmetic).

    One scratch array serves the three shifts: the draws of a month are a few hundred thousand
    numbers, so avoiding temporaries matters.
    """
    scratch = np.right_shift(x, _S30)
    x ^= scratch
    x *= _M1
    np.right_shift(x, _S27, out=scratch)
    x ^= scratch
    x *= _M2
    np.right_shift(x, _S31, out=scratch)
    x ^= scratch
    return x


class CommonRandomNumbers:
    """Counter-based per-person random streams for one replication.

    Args:
        seed: the replication's seed (any non-negative integer; 0 is a seed like any other).
    """

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
        self.seed = int(seed)
        state = np.random.SeedSequence(self.seed).generate_state(2, np.uint64)
        self._key = (int(state[0]) << 1 ^ int(state[1])) & _MASK
        self._stream_keys: dict[str, int] = {}

    def _base(self, stream: str, step: int) -> np.uint64:
        key = self._stream_keys.get(stream)
        if key is None:
            key = _mix_int(self._key ^ _mix_int(zlib.crc32(stream.encode()) + 0x1234567))
            self._stream_keys[stream] = key
        return np.uint64(_mix_int(key ^ _mix_int(int(step) + 0x9E3779B9)))

    def uniform(self, stream: str, step: int, uids: np.ndarray) -> np.ndarray:
        """Uniform draws in [0, 1) for persons ``uids`` in ``stream`` at ``step``."""
        x = np.asarray(uids, dtype=np.uint64) * _GOLDEN
        x += self._base(stream, step)
        x = _mix_array(x)
        x >>= _S11
        out = x.astype(np.float64)
        out *= 1.0 / (1 << 53)
        return out

    def gumbel(self, stream: str, step: int, uids: np.ndarray) -> np.ndarray:
        """Standard Gumbel draws (for weighted sampling without replacement)."""
        u = self.uniform(stream, step, uids)
        return -np.log(-np.log(np.maximum(u, 1e-300)))

    def scalar_generator(self, stream: str) -> np.random.Generator:
        """A NumPy generator for draws that belong to no person (market-level rounding)."""
        return np.random.default_rng([self.seed, zlib.crc32(stream.encode())])
