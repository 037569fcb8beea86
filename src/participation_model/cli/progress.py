"""The command line's one progress display: a line per run month, or per finished batch run.

Long tasks report progress through a callback (:mod:`participation_model.tasks`); these
classes show it on a stream. On a terminal they rewrite one line in place; otherwise (log
files, CI) they print a plain line at most every ``interval`` seconds and when the work is
complete. :class:`ProgressDisplay` follows the months of the replications of a run or a
comparison; :class:`BatchProgressDisplay` the runs of a sweep or a sensitivity analysis.

Example:
    >>> import io
    >>> from types import SimpleNamespace as Event
    >>> stream = io.StringIO()
    >>> ProgressDisplay(stream, interactive=False, clock=lambda: 0.0)(Event(replication=0, replications=1, month_index=12, months=12))
    >>> stream.getvalue()
    'replication 1/1, month 12/12 (100%), elapsed 0:00:00, ETA --\\n'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from participation_model.progress import clock_time, is_tty

if TYPE_CHECKING:
    from participation_model.experiments.runner import ProgressEvent
    from participation_model.tasks.batch import BatchProgress


class ProgressDisplay:
    """Show run progress on a stream: replication k/n, months, elapsed time and ETA.

    On a terminal it rewrites one line in place; otherwise (log files, CI) it prints a plain
    line at most every ``interval`` seconds and when the run is complete. Replications may
    report out of order (parallel executors): progress is the sum of the months each
    replication has finished.

    The runner reports after every simulated month: ``replication`` counts from 0 and
    ``month_index`` is the number of months that replication has simulated so far (1 to
    ``months``).

    Example:
        >>> import io
        >>> from types import SimpleNamespace as Event
        >>> stream = io.StringIO()
        >>> show = ProgressDisplay(stream, interactive=False, clock=lambda: 0.0)
        >>> show(Event(replication=0, replications=2, month_index=12, months=12))
        >>> stream.getvalue()
        'replication 1/2, month 12/12 (50%), elapsed 0:00:00, ETA --\\n'
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool = True,
        interactive: bool | None = None,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._enabled = enabled
        self._interactive = is_tty(stream) if interactive is None else interactive
        self._interval = interval if not self._interactive else 0.1
        self._clock = clock
        self._start = clock()
        self._last_shown: float | None = None
        self._done: dict[int, int] = {}
        self._width = 0

    def __call__(self, event: ProgressEvent) -> None:
        """Record one progress event and show it if it is time to."""
        if not self._enabled:
            return
        self._done[event.replication] = min(max(event.month_index, 0), event.months)
        total = event.replications * event.months
        fraction = min(sum(self._done.values()) / total, 1.0) if total else 1.0
        now = self._clock()
        due = self._last_shown is None or now - self._last_shown >= self._interval
        if not (due or fraction >= 1.0):
            return
        self._last_shown = now
        self._show(progress_line(event, fraction, now - self._start))

    def close(self) -> None:
        """End the in-place line on a terminal, so later output starts on a fresh line."""
        if self._enabled and self._interactive and self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def _show(self, line: str) -> None:
        if self._interactive:
            padding = " " * max(self._width - len(line), 0)
            self._stream.write(f"\r{line}{padding}")
            self._width = len(line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()


def progress_line(event: ProgressEvent, fraction: float, elapsed: float) -> str:
    """One progress line, e.g. ``replication 2/10, month 37/144 (17%), elapsed ..., ETA ...``.

    Example:
        >>> from types import SimpleNamespace as Event
        >>> progress_line(Event(replication=1, replications=4, month_index=6, months=12), 0.375, 30)
        'replication 2/4, month 6/12 (38%), elapsed 0:00:30, ETA 0:00:50'
    """
    eta = clock_time(elapsed * (1 - fraction) / fraction) if fraction > 0 and elapsed > 0 else "--"
    return (
        f"replication {event.replication + 1}/{event.replications}, "
        f"month {min(event.month_index, event.months)}/{event.months} ({fraction:.0%}), "
        f"elapsed {clock_time(elapsed)}, ETA {eta}"
    )


class BatchProgressDisplay:
    """Show batch progress: runs done of total, failed, rate and ETA.

    On a terminal it rewrites one line; otherwise it prints a line at most every
    ``interval`` seconds and at the end.

    Example:
        >>> import io
        >>> from participation_model.tasks.batch import BatchProgress
        >>> stream = io.StringIO()
        >>> show = BatchProgressDisplay(stream, interactive=False)
        >>> show(BatchProgress(done=3, failed=1, skipped=0, total=6, elapsed=60.0))
        >>> stream.getvalue()
        'runs 3/6 done, 1 failed, 3.0 runs/min, elapsed 0:01:00, ETA 0:01:00\\n'
    """

    def __init__(
        self,
        stream: TextIO = sys.stderr,
        *,
        enabled: bool = True,
        interactive: bool | None = None,
        interval: float = 10.0,
    ) -> None:
        self._stream = stream
        self._enabled = enabled
        self._interactive = is_tty(stream) if interactive is None else interactive
        self._interval = 0.1 if self._interactive else interval
        self._last: float | None = None
        self._width = 0

    def __call__(self, event: BatchProgress) -> None:
        if not self._enabled:
            return
        finished = event.skipped + event.done >= event.total
        if self._last is not None and event.elapsed - self._last < self._interval and not finished:
            return
        self._last = event.elapsed
        line = progress_text(event)
        if self._interactive:
            self._stream.write("\r" + line + " " * max(self._width - len(line), 0))
            self._width = len(line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        """End the in-place line on a terminal."""
        if self._enabled and self._interactive and self._width:
            self._stream.write("\n")
            self._stream.flush()


def progress_text(event: BatchProgress) -> str:
    """One progress line; the rate counts only runs finished in this session.

    Example:
        >>> from participation_model.tasks.batch import BatchProgress
        >>> progress_text(BatchProgress(done=0, failed=0, skipped=2, total=4, elapsed=1.0))
        'runs 2/4 done, 0 failed, -- runs/min, elapsed 0:00:01, ETA --'
    """
    count = event.skipped + event.done
    if event.done and event.elapsed > 0:
        per_minute = event.done / event.elapsed * 60
        rate = f"{per_minute:.1f}"
        eta = clock_time((event.total - count) / per_minute * 60)
    else:
        rate, eta = "--", "--"
    return (
        f"runs {count}/{event.total} done, {event.failed} failed, {rate} runs/min, "
        f"elapsed {clock_time(event.elapsed)}, ETA {eta}"
    )

