"""One writer per batch folder: an operating-system lock that dies with its process.

A second sweep, resume or uncertainty run on a folder another process is writing is refused
at once instead of running the same runs twice and mixing the summaries.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


LOCK_FILE = ".writer.lock"


@contextmanager
def writer_lock(target: Path, error: type[Exception] = RuntimeError) -> Iterator[None]:
    """Hold the folder's writer lock (an OS lock on ``.writer.lock``) while the block runs.

    One process writes a batch folder at a time: a second sweep, resume or uncertainty run on
    the same folder is refused at once instead of running everything twice and mixing the
    summaries. The operating system releases the lock when the process ends, however it ends
    (kill -9 included), so a crashed run never leaves the folder locked. ``error`` is the
    exception raised when another process holds it (the caller's own error type).
    """
    path = target / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise error(
                f"{target} is being written by another process ({holder}); wait for it to finish, "
                "or choose another folder"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {socket.gethostname()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


def _lock(handle: TextIO) -> None:
    """Take an exclusive, non-blocking lock on the open file; OSError when someone holds it."""
    if sys.platform == "win32":  # pragma: no cover - the CI runs on Linux
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
