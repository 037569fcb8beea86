"""Executors: run the specs of a batch in this process, a local process pool, or on Dask.

All executors share one interface, :meth:`Executor.map_unordered`, which yields
``(spec, outcome)`` pairs as runs finish, where ``outcome`` is the function's result or a
:class:`RunError`. A run that raises never stops the others: the error travels back as data.
Every run's numbers depend only on its :class:`~participation_model.experiments.specs.RunSpec`
(its own seed and parameters), so any executor and worker count give the same results bit
for bit; only the order of arrival differs.

``import mesa`` sets the multiprocessing start method to ``spawn``: worker processes
re-import this package and receive the function by reference. So worker functions must live
at module top level (like :func:`run_spec`), scripts that start a pool need an
``if __name__ == "__main__":`` guard, and workers are reused across runs because starting one
costs about half a second.

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> from participation_model.experiments.specs import batch_from_scenario
    >>> batch = batch_from_scenario(scenario_from_dict(
    ...     {"name": "q", "end": "2014-03", "scale": 0.01, "replications": 2}))
    >>> with InProcessExecutor() as executor:
    ...     done = sorted(spec.replication for spec, _ in executor.map_unordered(run_spec, batch))
    >>> done
    [0, 1]
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
import multiprocessing
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent import futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import pandas as pd

from participation_model.experiments.runner import model_config
from participation_model.experiments.specs import RunSpec

__all__ = [
    "DaskExecutor",
    "Executor",
    "InProcessExecutor",
    "LocalExecutor",
    "RunError",
    "SpecResult",
    "make_executor",
    "run_spec",
]


@dataclass(frozen=True)
class SpecResult:
    """The small tidy tables of one finished run.

    Attributes:
        series: monthly series of the run (one row per month).
        interventions: long intervention reports (empty without interventions).
        seconds: wall time of the model run in the worker.
    """

    series: pd.DataFrame
    interventions: pd.DataFrame
    seconds: float


@dataclass(frozen=True)
class RunError:
    """A run that raised: the exception's type, message and formatted traceback.

    Example:
        >>> RunError("ValueError", "bad", "").text()
        'ValueError: bad'
    """

    type: str
    message: str
    traceback: str

    def text(self) -> str:
        """``Type: message`` for the batch index."""
        return f"{self.type}: {self.message}" if self.message else self.type


def run_spec(spec: RunSpec) -> SpecResult:
    """Run one spec to the end and return its series and interventions tables.

    The spec's parameter overrides are applied on top of the scenario's own, and the spec's
    seed replaces the scenario's replication seed. The groups and sectors tables are not
    built: a batch of thousands of runs needs the headline series, not every breakdown.

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> from participation_model.experiments.specs import batch_from_scenario
        >>> spec = batch_from_scenario(scenario_from_dict(
        ...     {"name": "q", "end": "2014-03", "scale": 0.01, "replications": 1}))[0]
        >>> run_spec(spec).series["month"].tolist()
        ['2014-01', '2014-02', '2014-03']
    """
    from participation_model.model.model import ParticipationModel
    from participation_model.model.results import interventions_table, reported, run_months, series_table

    config = model_config(spec.scenario, spec.replication)
    params = config.params.with_overrides(dict(spec.parameters)) if spec.parameters else config.params
    config = dataclasses.replace(config, params=params, seed=spec.seed)
    started = time.perf_counter()
    model = ParticipationModel(config)
    while model.running:
        model.step()
    months = run_months(model)
    return SpecResult(
        reported(model, series_table(model, months)),
        reported(model, interventions_table(model, months)),
        time.perf_counter() - started,
    )


def guarded_call(fn: Callable[[RunSpec], Any], spec: RunSpec) -> tuple[str, Any]:
    """Call ``fn(spec)`` and return ``(key, result)`` or ``(key, RunError)``; never raises.

    Top level so that process pools and Dask can send it to workers by reference.

    Example:
        >>> guarded_call(int, "x")[1].type  # doctest: +SKIP
        'AttributeError'
    """
    key = spec.key
    try:
        return key, fn(spec)
    except Exception as error:  # a failing run is recorded, the batch goes on
        return key, RunError(type(error).__name__, str(error), traceback.format_exc())


def expected_inputs(spec: RunSpec) -> dict[str, Any]:
    """What the client runs ``spec`` with: its package version and the sha256 of every data file."""
    from participation_model.provenance import package_version
    from participation_model.experiments.specs import input_files

    files = {name: {"path": entry["path"], "sha256": entry["sha256"]} for name, entry in input_files(spec.scenario).items()}
    return {"package_version": package_version(), "files": files}


def input_mismatch(spec: RunSpec, expected: Mapping[str, Any]) -> str | None:
    """Why this worker cannot run ``spec`` as the client would, or None.

    A cluster worker may have another install: another package version, or data files (the
    bundled parameters, a region file at the client's path) with other contents. Running
    anyway would give numbers the manifest does not describe, so the run fails instead.

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> from participation_model.experiments.specs import batch_from_scenario
        >>> spec = batch_from_scenario(default_scenario().with_overrides(replications=1))[0]
        >>> input_mismatch(spec, expected_inputs(spec)) is None
        True
    """
    from participation_model.provenance import package_version
    from participation_model.experiments.specs import input_files

    here = package_version()
    if here != expected["package_version"]:
        return (f"this worker runs participation-model {here}, the client {expected['package_version']}; "
                "install the same version on every worker")  # fmt: skip
    try:
        found = input_files(spec.scenario)
    except OSError as error:
        return f"this worker cannot read a data file of the run: {error}; give every worker the client's files"
    for name, want in expected["files"].items():
        have = found.get(name)
        if have is None or have["sha256"] != want["sha256"]:
            where = have["path"] if have else "none"
            return (f"the {name} file on this worker ({where}, sha256 {(have or {}).get('sha256', 'none')[:12]}) differs from "
                    f"the client's ({want['path']}, sha256 {want['sha256'][:12]}); give every worker the same install and files")  # fmt: skip
    return None


def checked_call(fn: Callable[[RunSpec], Any], spec: RunSpec, expected: Mapping[str, Any]) -> tuple[str, Any]:
    """On a cluster worker: run ``spec`` only if this worker has the client's version and data (:func:`input_mismatch`)."""
    problem = input_mismatch(spec, expected)
    if problem is not None:
        return spec.key, RunError("InputMismatch", problem, "")
    return guarded_call(fn, spec)


def exit_with_parent(parent: int, every: float = 1.0) -> None:
    """In a pool worker: end this process when the process that started it is gone.

    A killed batch (``kill -9`` of the command) must not leave its workers running for ever;
    they would hold memory and a core each. A daemon thread checks the parent once a second:
    when this process has been handed to another parent, the batch is gone.
    """

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(every)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class Executor(ABC):
    """Runs a function over specs and yields ``(spec, result or RunError)`` as runs finish.

    Use as a context manager so worker processes and clusters are shut down.
    """

    @abstractmethod
    def map_unordered(
        self, fn: Callable[[RunSpec], Any], specs: Iterable[RunSpec]
    ) -> Iterator[tuple[RunSpec, Any]]:
        """Yield every spec once with its outcome, in order of completion."""

    @property
    def description(self) -> str:
        """Short text for the manifest, e.g. ``local (2 workers)``."""
        return type(self).__name__

    def close(self) -> None:
        """Release workers; safe to call twice."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessExecutor(Executor):
    """Runs specs one after another in this process: for tests and debugging.

    Example:
        >>> InProcessExecutor().description
        'in-process'
    """

    @property
    def description(self) -> str:
        return "in-process"

    def map_unordered(
        self, fn: Callable[[RunSpec], Any], specs: Iterable[RunSpec]
    ) -> Iterator[tuple[RunSpec, Any]]:
        for spec in specs:
            yield spec, guarded_call(fn, spec)[1]


class LocalExecutor(Executor):
    """A pool of spawned worker processes on this machine (default: one per core).

    At most ``2 * workers`` specs are in flight, so a batch of thousands does not pickle all
    of them up front and an interruption loses only those. A worker that dies (killed, out of
    memory) is reported as a failed run for the specs it held.

    Example:
        >>> with LocalExecutor(workers=2) as pool:  # doctest: +SKIP
        ...     results = list(pool.map_unordered(run_spec, batch))
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: futures.ProcessPoolExecutor | None = None

    @property
    def description(self) -> str:
        return f"local ({self.workers} workers)"

    def _ensure_pool(self) -> futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = futures.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def map_unordered(
        self, fn: Callable[[RunSpec], Any], specs: Iterable[RunSpec]
    ) -> Iterator[tuple[RunSpec, Any]]:
        """Run ``fn`` over ``specs`` on the pool; a worker that dies costs the run it held, no more.

        When a worker process dies (killed, out of memory), Python's pool breaks and fails every
        run in flight. Those runs are suspects: the pool is replaced and they run again one at
        a time, so a run that kills its worker again is recorded as failed (``WorkerDied``) and
        the others finish; then the batch goes on as before.
        """
        pending = iter(specs)
        suspects: deque[RunSpec] = deque()
        running: dict[futures.Future[tuple[str, Any]], RunSpec] = {}
        alone = False  # running the suspects of a broken pool one at a time
        while True:
            pool = self._ensure_pool()
            if suspects or alone:
                if not running and suspects:
                    spec = suspects.popleft()
                    running[pool.submit(guarded_call, fn, spec)] = spec
                    alone = True
            else:
                for spec in pending:
                    running[pool.submit(guarded_call, fn, spec)] = spec
                    if len(running) >= 2 * self.workers:
                        break
            if not running:
                if suspects:
                    continue
                return
            done, _ = futures.wait(running, return_when=futures.FIRST_COMPLETED)
            broken = False
            for future in done:
                spec = running.pop(future)
                try:
                    yield spec, future.result()[1]
                except BrokenProcessPool as error:
                    broken = True
                    if alone:
                        yield spec, RunError("WorkerDied", f"the worker process running this spec died ({error})", "")
                    else:
                        suspects.append(spec)
                except Exception as error:  # pragma: no cover - guarded_call never raises
                    yield spec, RunError(type(error).__name__, str(error), "")
            if broken:
                suspects.extend(running.values())  # every run still in the broken pool fails too
                running.clear()
                self._discard_pool()
            if alone and not running and not suspects:
                alone = False

    def _discard_pool(self) -> None:
        """Drop a broken pool (its processes are gone or going); the next call starts a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor(Executor):
    """Dask distributed: an existing cluster (``scheduler``) or a new local one (``n_workers``).

    A local cluster has one single-threaded worker process per ``n_workers`` (the model is
    single-threaded NumPy code, and processes avoid the GIL), started without Dask's
    ``MALLOC_TRIM_THRESHOLD_`` setting, which halves the model's speed (:func:`_worker_environ`).
    Tasks are submitted with
    ``pure=False`` so Dask never deduplicates two specs, and at most ``4 * workers`` are in
    flight.

    Example:
        >>> with DaskExecutor(n_workers=2) as dask:  # doctest: +SKIP
        ...     results = list(dask.map_unordered(run_spec, batch))
        >>> DaskExecutor(scheduler="tcp://10.0.0.5:8786")  # doctest: +SKIP
    """

    def __init__(self, scheduler: str | None = None, n_workers: int | None = None) -> None:
        if (scheduler is None) == (n_workers is None):
            raise ValueError("give either scheduler='tcp://HOST:PORT' or n_workers=N, not both or neither")
        if n_workers is not None and n_workers < 1:
            raise ValueError(f"n_workers must be at least 1; got {n_workers}")
        import dask
        from distributed import Client, LocalCluster

        self.scheduler = scheduler
        self._cluster = None
        if scheduler is None:
            with dask.config.set({"distributed.nanny.pre-spawn-environ": _worker_environ()}):
                self._cluster = LocalCluster(
                    n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
            self._client = Client(self._cluster)
        else:
            self._client = Client(scheduler)

    @property
    def workers(self) -> int:
        """Number of threads across the cluster's workers right now."""
        return max(1, sum(self._client.nthreads().values()))

    @property
    def description(self) -> str:
        where = self.scheduler or "local cluster"
        return f"dask ({where}, {self.workers} workers)"

    def map_unordered(
        self, fn: Callable[[RunSpec], Any], specs: Iterable[RunSpec]
    ) -> Iterator[tuple[RunSpec, Any]]:
        from distributed import as_completed

        pending = iter(specs)
        running: dict[str, RunSpec] = {}
        queue = as_completed()
        limit = 4 * self.workers

        def submit_more() -> None:
            for spec in pending:
                # a cluster worker may have another install: it checks the client's version and data first
                future = self._client.submit(checked_call, fn, spec, expected_inputs(spec), pure=False)
                running[future.key] = spec
                queue.add(future)
                if len(running) >= limit:
                    break

        submit_more()
        while running:
            future = next(queue)
            spec = running.pop(future.key)
            try:
                yield spec, future.result()[1]
            except Exception as error:  # worker lost, task cancelled
                yield spec, RunError(type(error).__name__, str(error), "")
            future.release()
            submit_more()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None  # type: ignore[assignment]
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _worker_environ() -> dict[str, Any]:
    """Dask's pre-spawn environment for workers, without ``MALLOC_TRIM_THRESHOLD_``.

    Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_=65536`` so workers return memory to the OS
    sooner. Setting it switches off glibc's dynamic mmap threshold, so the model's large
    temporary arrays are mapped and unmapped on every allocation: a full-scale run then takes
    about 3.0 s instead of 1.4 s here. The single-thread BLAS settings are kept.

    Example:
        >>> "MALLOC_TRIM_THRESHOLD_" in _worker_environ()
        False
    """
    import dask
    import distributed  # noqa: F401  (loads distributed's config defaults)

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


def make_executor(
    kind: str = "local",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_workers: int | None = None,
) -> Executor:
    """Build an executor by name: ``inprocess``, ``local`` or ``dask``.

    Example:
        >>> make_executor("inprocess").description
        'in-process'
    """
    if kind == "inprocess":
        return InProcessExecutor()
    if kind == "local":
        return LocalExecutor(workers)
    if kind == "dask":
        if scheduler is None and dask_workers is None:
            dask_workers = workers or os.cpu_count() or 1
        return DaskExecutor(scheduler=scheduler, n_workers=None if scheduler else dask_workers)
    raise ValueError(f"unknown executor {kind!r}; allowed: 'inprocess', 'local' or 'dask'")
