"""Small helpers for progress displays (the CLI and the batch engine share them).

Example:
    >>> clock_time(3725.4)
    '1:02:05'
"""

from __future__ import annotations

from typing import TextIO


def is_tty(stream: TextIO) -> bool:
    """True for an interactive terminal; False for files, pipes and closed streams."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def clock_time(seconds: float) -> str:
    """Seconds as ``H:MM:SS``."""
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
