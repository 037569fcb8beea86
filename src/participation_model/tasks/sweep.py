"""The ``sweep`` task: a scenario's replications at every point of its ``[sweep]``, as a resumable batch.

``prepare`` loads the scenario with the run flags and builds the batch (one run per sweep
point and replication; once without a sweep). ``perform`` runs it on the executor given and
writes every run the moment it finishes (:func:`~participation_model.tasks.batch.run_batch`),
so an interrupted sweep continues with ``resume=True``; the folder's checks (another batch's
folder, a writer at work) come before anything is written.

Example:
    >>> prepared = prepare("scenarios/sweep-matching.toml", replications=1, scale=0.02)  # doctest: +SKIP
    >>> with make_executor("local") as executor:                                        # doctest: +SKIP
    ...     summary = perform(prepared, executor)
    >>> summary.failed                                                                   # doctest: +SKIP
    0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from participation_model.experiments.specs import Batch, batch_from_sweep
from participation_model.scenario import Scenario
from participation_model.tasks.batch import BatchError, BatchProgress, BatchSummary, run_batch
from participation_model.tasks.common import TaskInputError, load_scenario_with_flags, without_draws


@dataclass(frozen=True)
class PreparedSweep:
    """A checked sweep: the scenario, its batch of runs and the batch folder."""

    scenario: Scenario
    batch: Batch
    out_dir: Path

    @property
    def points(self) -> int:
        """Number of sweep points (1 without a ``[sweep]``)."""
        return len(self.batch.points())


def prepare(
    source: str | Path | Scenario,
    *,
    seed: int | None = None,
    replications: int | None = None,
    scale: float | None = None,
    out: str | Path | None = None,
) -> PreparedSweep:
    """Load the scenario with the flags and build its batch; raises TaskInputError.

    Example:
        >>> prepare("scenarios/sweep-matching.toml").out_dir  # doctest: +SKIP
        PosixPath('outputs/sweep-sweep-matching')
    """
    scenario = without_draws(load_scenario_with_flags(source, seed=seed, replications=replications, scale=scale), "sweep")
    out_dir = Path(out) if out is not None else Path("outputs") / f"sweep-{scenario.name}"
    return PreparedSweep(scenario, batch_from_sweep(scenario), out_dir)


def perform(
    prepared: PreparedSweep,
    executor: Any,
    *,
    resume: bool = False,
    progress: Callable[[BatchProgress], None] | None = None,
    command_line: Sequence[str] | None = None,
) -> BatchSummary:
    """Run the batch on ``executor``, writing each run as it finishes; raises TaskInputError for an unusable folder."""
    try:
        return run_batch(prepared.batch, prepared.out_dir, executor, resume=resume, progress=progress, command_line=command_line)
    except BatchError as error:
        raise TaskInputError(str(error)) from None
