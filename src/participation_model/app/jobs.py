"""Background comparison runs for the what-if app: start, follow, cancel, keep the results.

A comparison at full scale takes minutes; a web request must not wait for it. The
:class:`JobManager` runs ``experiments.compare.compare`` on a worker thread per job (at most
``max_workers`` at a time), records its progress (replication, run, month) on the job, and
callbacks only read that record: starting a job, polling it and cancelling it return at once.

Policy: a new run while ``max_workers`` runs are active is refused with :class:`Busy`, whose
message says what is running and how far it is (a queue of full-scale runs would only hide
how long the wait is). The same checked request as a finished job returns that job (results
are cached per job, the last ``MAX_KEPT_JOBS`` of them). A failure inside a run is kept on
the job, with its type and message, and shown; a cancelled run stops at the next simulated
month.

Example:
    >>> manager = JobManager(max_workers=1, finish=lambda result: result.year)  # doctest: +SKIP
    >>> job = manager.submit(request)                                          # doctest: +SKIP
    >>> manager.status(job.id).state                                           # doctest: +SKIP
    'running'
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from participation_model.app.request import RunRequest

LOG = logging.getLogger(__name__)

QUEUED, RUNNING, CHARTS, DONE, FAILED, CANCELLED = "queued", "running", "charts", "done", "failed", "cancelled"
ACTIVE_STATES = (QUEUED, RUNNING, CHARTS)
MAX_KEPT_JOBS = 20  # finished jobs kept with their results; each holds tables and figures (MBs)


class Busy(Exception):
    """A run was refused because ``max_workers`` runs are active; the message says which.

    ``job_id`` is the active run's id, so the refused page can follow it (and cancel it).
    """

    def __init__(self, message: str, job_id: str | None = None) -> None:
        super().__init__(message)
        self.job_id = job_id


class Cancelled(Exception):
    """Raised inside a run (from its progress callback) to stop it at the next month."""


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of a job for the callbacks (never changes after it is taken).

    Attributes:
        id: the job's id (what the browser keeps).
        state: one of queued, running, charts (the run is done, the charts are being built),
            done, failed, cancelled.
        fraction: share of the simulated months done (of a design: of its candidates), 0 to 1.
        text: one line saying where the run is.
        description: what runs (the request's ``describe()``, e.g. ``RunRequest.describe``).
        error: the failure, ``TypeName: message``, when ``state`` is failed.
        payload: what the app's ``finish`` function made of the result, when done.
        seconds: time since the job started.
        cached: True when a request returned this finished job instead of running again.

    Example:
        >>> JobStatus("j1", DONE, 1.0, "finished", "x against b").active
        False
    """

    id: str
    state: str
    fraction: float
    text: str
    description: str
    error: str | None = None
    payload: Any = None
    seconds: float = 0.0
    cached: bool = False

    @property
    def active(self) -> bool:
        """Whether the job still occupies a worker."""
        return self.state in ACTIVE_STATES


@dataclass
class _Job:
    """The mutable record a worker thread writes and callbacks read (under the manager's lock)."""

    id: str
    key: str
    request: Any  # a RunRequest, or another request with a ``describe()`` (app.design_jobs)
    state: str = QUEUED
    fraction: float = 0.0
    text: str = "waiting for a worker"
    error: str | None = None
    payload: Any = None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def snapshot(self, cached: bool = False) -> JobStatus:
        seconds = (self.ended or time.monotonic()) - self.started
        return JobStatus(self.id, self.state, self.fraction, self.text, self.request.describe(), self.error, self.payload, seconds, cached)


class JobManager:
    """Runs comparisons in the background and keeps their progress and results.

    Another kind of background job (a design: ``app.design_jobs``) reuses the bookkeeping by
    overriding ``_run`` (the work), ``key`` (when a finished job answers a request) and
    ``busy_message``, with its own ``thread_prefix`` and ``cancelling`` text.

    Args:
        max_workers: runs at the same time (each uses one core for the model).
        finish: turns a ``ComparisonResult`` into what the app shows (tables and chart
            sections); it runs on the worker thread, so callbacks never build charts.
    """

    thread_prefix = "what-if"  # worker threads are named <prefix>-<job id>
    cancelling = "cancelling at the next simulated month"  # the job's line once Cancel was pressed

    def __init__(self, max_workers: int, finish: Callable[[Any], Any]) -> None:
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1; got {max_workers}")
        self.max_workers = max_workers
        self._finish = finish
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()

    def submit(self, request: Any) -> JobStatus:
        """Start a run of ``request`` (a ``RunRequest`` here) in the background and return at once.

        Returns the finished job instead when the same checked request was run before.

        Raises:
            Busy: when ``max_workers`` runs are active.
        """
        key = self.key(request)
        with self._lock:
            for job in reversed(self._jobs.values()):
                if job.key == key and job.state == DONE:
                    return job.snapshot(cached=True)
            active = [job for job in self._jobs.values() if job.state in ACTIVE_STATES]
            if len(active) >= self.max_workers:
                raise Busy(self.busy_message(active), active[0].id)
            job = _Job(uuid.uuid4().hex[:12], key, request)
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._run, args=(job,), name=f"{self.thread_prefix}-{job.id}", daemon=True).start()
        return job.snapshot()

    def key(self, request: Any) -> str:
        """The content key of a request: a finished job with the same key answers it again."""
        return request_key(request)

    def busy_message(self, active: list[_Job]) -> str:
        """Why a new job is refused while ``active`` hold every worker."""
        return _busy_message(active, self.max_workers)

    def status(self, job_id: str | None) -> JobStatus | None:
        """The job's snapshot, or None for an unknown id (e.g. after a restart of the app)."""
        with self._lock:
            job = self._jobs.get(job_id or "")
            return job.snapshot() if job is not None else None

    def cancel(self, job_id: str | None) -> bool:
        """Ask a running job to stop at its next month; False when it is not active."""
        with self._lock:
            job = self._jobs.get(job_id or "")
            if job is None or job.state not in ACTIVE_STATES:
                return False
            job.cancel.set()
            job.text = self.cancelling
            return True

    def cancel_any(self) -> bool:
        """Ask the active run(s) to stop, whichever page started them; False when none is active.

        The app has one run slot and no login: any page must be able to free it.
        """
        with self._lock:
            active = [job for job in self._jobs.values() if job.state in ACTIVE_STATES]
            for job in active:
                job.cancel.set()
                job.text = self.cancelling
            return bool(active)

    def cancel_all(self) -> None:
        """Stop every active run (used when the server stops)."""
        with self._lock:
            for job in self._jobs.values():
                job.cancel.set()

    def _run(self, job: _Job) -> None:
        """The worker: compare, then build what the app shows; every outcome lands on the job."""
        from participation_model.tasks import compare

        request = job.request
        self._update(job, state=RUNNING, text="starting")
        try:
            prepared = compare.PreparedComparison(request.baseline, (request.scenario,), request.year)
            result = compare.compute(prepared, progress=self._progress(job))
            self._update(job, state=CHARTS, fraction=1.0, text="building the charts")
            payload = self._finish(result)
        except Cancelled:
            self._update(job, state=CANCELLED, text="cancelled", ended=time.monotonic())
        except Exception as error:
            LOG.exception("what-if run %s failed", job.id)
            self._update(job, state=FAILED, error=f"{type(error).__name__}: {error}", text="failed", ended=time.monotonic())
        else:
            self._update(job, state=DONE, payload=payload, text="finished", ended=time.monotonic())

    def _progress(self, job: _Job) -> Callable[[Any], None]:
        """The ``compare`` task's progress callback of a job: record where it is; stop if asked.

        The task counts runs over all (baseline and scenario of every replication); the page
        says which replication and which run.
        """
        runs = 2  # the baseline's run and the scenario's, per replication

        def progress(event: Any) -> None:
            if job.cancel.is_set():
                raise Cancelled()
            done = event.replication + event.month_index / event.months
            run = "baseline" if event.replication % runs == 0 else "scenario"
            text = f"replication {event.replication // runs + 1} of {event.replications // runs}, {run} run, month {event.month_index} of {event.months}"
            self._update(job, fraction=done / event.replications, text=text)

        return progress

    def _update(self, job: _Job, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(job, name, value)

    def _forget_old(self) -> None:
        """Drop the oldest finished jobs beyond ``MAX_KEPT_JOBS`` (called under the lock)."""
        finished = [job_id for job_id, job in self._jobs.items() if job.state not in ACTIVE_STATES]
        for job_id in finished[: max(len(self._jobs) - MAX_KEPT_JOBS, 0)]:
            del self._jobs[job_id]


def request_key(request: RunRequest) -> str:
    """A content key of a checked request: the same inputs give the same key.

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> base = scenario_from_dict({"name": "b", "scale": 0.1})
        >>> a = RunRequest(base, base.model_copy(update={"name": "x"}), 2018)
        >>> request_key(a) == request_key(RunRequest(base, base.model_copy(update={"name": "x"}), 2018))
        True
        >>> request_key(a) == request_key(RunRequest(base, base.model_copy(update={"name": "x"}), 2019))
        False
    """
    parts = [request.baseline.model_dump(mode="json"), request.scenario.model_dump(mode="json"), request.year]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _busy_message(active: list[_Job], max_workers: int) -> str:
    """Why a run is refused: what runs, how far it is, what to do."""
    running = "; ".join(f"{job.request.describe()} ({job.fraction:.0%})" for job in active)
    limit = "one run" if max_workers == 1 else f"{max_workers} runs"
    return f"A run is in progress: {running}. This app runs {limit} at a time; its progress is shown below: wait for it to finish, or cancel it."
