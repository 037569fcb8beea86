"""Evaluators: run (scenario, parameter overrides, replication) jobs here or on a batch executor.

Sensitivity analysis and calibration both evaluate many parameter sets, each over the same
replication seeds (common random numbers). They hand their jobs to an evaluator, so the same
analysis runs in this process (tests, debugging) or on a process pool or Dask cluster, with
the same numbers bit for bit.

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> s = scenario_from_dict({"name": "q", "end": "2014-02", "scale": 0.01, "replications": 1})
    >>> [r.series["month"].tolist() for r in in_process([(s, {}, 0)])]
    [['2014-01', '2014-02']]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from participation_model.scenario import Scenario

# An evaluator runs (scenario, parameter overrides, replication) jobs and returns, per job, a
# result with ``series`` and ``interventions`` tables; the default runs them in this process.
Evaluator = Callable[[Sequence[tuple[Scenario, dict, int]]], list]


def in_process(jobs: Sequence[tuple[Scenario, dict, int]]) -> list:
    """Run every job here, in order (the reference evaluator; parallel executors must match it)."""
    from participation_model.experiments.runner import run_replication

    out = []
    for scenario, overrides, r in jobs:
        merged = {**dict(scenario.parameters), **overrides}
        out.append(run_replication(scenario.model_copy(update={"parameters": merged}), r))
    return out


def executor_evaluator(executor) -> Evaluator:
    """Run jobs on a batch executor (local pool or Dask); results in job order, bit for bit as in-process.

    A job is the run spec of replication ``r`` of the scenario with the overrides, with the
    replication's usual seed, so every executor gives the numbers of :func:`in_process`.
    """
    from participation_model.experiments.executors import RunError, run_spec
    from participation_model.experiments.runner import replication_seed
    from participation_model.experiments.specs import FrozenParameters, RunSpec

    def evaluate(jobs: Sequence[tuple[Scenario, dict, int]]) -> list:
        specs = [RunSpec(s, FrozenParameters(o), replication_seed(s.seed, r), r, point=i) for i, (s, o, r) in enumerate(jobs)]
        results: dict[int, object] = {}
        for spec, out in executor.map_unordered(run_spec, specs):
            if isinstance(out, RunError):
                raise RuntimeError(f"a run failed ({spec.key}): {out.text()}")
            results[spec.point] = out
        return [results[i] for i in range(len(specs))]

    return evaluate


def batch_evaluator(executor, folder: str | Path, *, resume: bool = False, progress: Callable | None = None) -> Evaluator:
    """Run jobs as a checkpointed batch (``experiments.batch.run_batch``) in ``folder``.

    Every finished run is written to disk at once, so an analysis of hours survives a crash,
    ``kill -9`` or a failed run: run it again with ``resume=True`` and only the missing runs
    run (with the numbers they would have had, so the indices are identical). Each call of the
    evaluator is one stage, ``folder/stage-1``, ``stage-2``, ... in the order of the calls
    (the analysis makes them in a fixed order). Results come back in job order, as runs read
    from the folder when their tables are used (memory stays flat). A run that failed stops the
    analysis with its error; resuming runs it again.

    ``progress`` receives the batch's ``BatchProgress`` events (runs done, failed, skipped, total).
    """
    from participation_model.experiments.batch import StoredRun, run_batch
    from participation_model.experiments.runner import replication_seed
    from participation_model.experiments.specs import Batch, FrozenParameters, RunSpec

    stages = itertools.count(1)
    root = Path(folder)

    def evaluate(jobs: Sequence[tuple[Scenario, dict, int]]) -> list:
        specs = tuple(RunSpec(s, FrozenParameters(o), replication_seed(s.seed, r), r, point=i) for i, (s, o, r) in enumerate(jobs))
        stage = root / f"stage-{next(stages)}"
        summary = run_batch(Batch(specs), stage, executor, resume=resume, progress=progress)
        if summary.failed:
            key, error = summary.failures[0]
            raise RuntimeError(f"{summary.failed} run(s) failed, e.g. {key}: {error}; run again with --resume to retry them (finished runs are kept in {stage})")
        return [StoredRun(stage.absolute(), spec.key) for spec in specs]

    return evaluate
