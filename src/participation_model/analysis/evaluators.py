"""Evaluators: run (scenario, parameter overrides, replication) jobs here or on an executor.

A checkpointed evaluator, whose finished runs survive a crash, is
:func:`participation_model.tasks.batch.batch_evaluator` (it writes a folder, so it belongs to the tasks).

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

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from participation_model.scenario import Scenario

if TYPE_CHECKING:
    from participation_model.experiments.executors import Executor

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


def executor_evaluator(executor: Executor) -> Evaluator:
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
