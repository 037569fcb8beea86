"""Background design runs for the what-if app: start one, follow it, cancel it, keep its card.

A design evaluates many candidate packages, each in every economy, parameter draw and
replication: a minute at a tiny scale, up to an hour for the shipped spec. A web request must
not wait for it. :class:`DesignJobs` reuses the comparison's :class:`~participation_model.app.jobs.JobManager`
bookkeeping (a worker thread per job, snapshots for the callbacks) with the design task as the
work: ``tasks.design.perform`` on an in-process executor (one core, like a comparison), its
progress recorded after every generation of candidates.

Policy: one design at a time; a second start is refused with
:class:`~participation_model.app.jobs.Busy`, whose message says which design runs and how far
it is. Cancel raises inside the search's progress callback, so the search stops when the
current generation is done; the candidates evaluated so far stay in the work folder's log and
a later start with "continue the earlier log" reuses them (``perform(..., resume=True)``, the
command line's ``--resume``). A failure is kept with its type and message. A finished design is
never answered from memory: every start writes its folder again.

Example:
    >>> jobs = DesignJobs()
    >>> job = jobs.submit(DesignRequest(prepare("designs/tiny.toml", scale=0.02)))  # doctest: +SKIP
    >>> jobs.status(job.id).text                                                    # doctest: +SKIP
    'candidates 1 of 20, model runs 2, best criterion 0, elapsed 0:00:02'
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from participation_model.app.jobs import CANCELLED, DONE, FAILED, RUNNING, Cancelled, JobManager
from participation_model.progress import clock_time

LOG = logging.getLogger(__name__)

DESIGN_WORKERS = 1  # one design at a time: it holds a core for minutes to an hour
PICKS_HEADINGS = ("pick", "candidate", "why", "planned budget")


@dataclass(frozen=True)
class DesignRequest:
    """A checked design (``tasks.design.prepare``) to run, and how.

    Attributes:
        prepared: the ``PreparedDesign`` (spec with the overrides, baseline, folders).
        resume: reuse the candidates of the work folder's log (the command line's ``--resume``).
        command: the equivalent command line, recorded in the folder's manifest.

    Example:
        >>> from types import SimpleNamespace
        >>> spec = SimpleNamespace(name="tiny", path=Path("designs/tiny.toml"), evaluations=20, scale=0.02)
        >>> DesignRequest(SimpleNamespace(spec=spec, setup=SimpleNamespace(states=[1, 2]))).describe()
        "design 'tiny' (tiny.toml): at most 20 candidates of 2 model runs each, scale 0.02"
    """

    prepared: Any
    resume: bool = False
    command: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the progress area and the busy message."""
        spec = self.prepared.spec
        runs = len(self.prepared.setup.states)
        return f"design '{spec.name}' ({spec.path.name}): at most {spec.evaluations} candidates of {runs} model runs each, scale {spec.scale:g}"


@dataclass(frozen=True)
class DesignPayload:
    """What the page shows of a finished design (built on the worker thread).

    Attributes:
        card: the design's card (Markdown, as in ``card.md``).
        picks: one row per pick: pick, candidate, why, planned budget (``PICKS_HEADINGS``).
        out_dir: the design folder written.
        summary: the command line's closing line (candidates, method, runs, time).

    Example:
        >>> DesignPayload("# Design", (), Path("outputs/design-tiny"), "").files()[1]
        ('Recommended package', PosixPath('outputs/design-tiny/recommended.toml'))
    """

    card: str
    picks: tuple[tuple[str, ...], ...]
    out_dir: Path
    summary: str

    def files(self) -> list[tuple[str, Path]]:
        """The paths the page lists: the folder, the recommended scenario, the dashboard, the card."""
        folder = self.out_dir
        return [("Output folder", folder), ("Recommended package", folder / "recommended.toml"),
                ("Dashboard", folder / "dashboard.html"), ("Card", folder / "card.md")]  # fmt: skip


def design_payload(outcome: Any) -> DesignPayload:
    """The page's view of a ``DesignOutcome``: the card, the picks with their budgets, the folder.

    Runs on the worker thread, so a poll only wraps ready text in components.

    Example:
        >>> design_payload(perform(prepared, executor)).picks[0][:2]  # doctest: +SKIP
        ('recommended', '4')
    """
    from participation_model.reports.design import picks_rows

    result = outcome.result
    summary = (f"{len(result.evaluations)} candidates ({result.extra.get('method')}), {result.runs} model runs "
               f"in {clock_time(result.seconds)}; recommended: candidate {outcome.recommended}.")  # fmt: skip
    rows = tuple(tuple(row) for row in picks_rows(outcome.tables))
    return DesignPayload(outcome.card, rows, Path(outcome.out_dir), summary)


def progress_text(event: Any) -> str:
    """Where a search is, after a generation (``DesignProgress``); the command line's words.

    Example:
        >>> from participation_model.analysis.design_search import DesignProgress
        >>> progress_text(DesignProgress(8, 20, 1234.5678, 75.0, 0, 16))
        'candidates 8 of 20, model runs 16, best criterion 1,235, elapsed 0:01:15'
        >>> progress_text(DesignProgress(8, 20, 3.0, 1.0, 8, 0))
        'candidates 8 of 20 (8 reused from the log), model runs 0, best criterion 3, elapsed 0:00:01'
    """
    reused = f" ({event.reused} reused from the log)" if event.reused else ""
    return (f"candidates {event.evaluations} of {event.budget}{reused}, model runs {event.runs_done}, "
            f"best criterion {event.best:,.4g}, elapsed {clock_time(event.elapsed)}")  # fmt: skip


def equivalent_command(prepared: Any, *, scale: float | None, evaluations: int | None, resume: bool) -> tuple[str, ...]:
    """The ``participation-model design`` line that runs what the app runs (for the manifest).

    Example:
        >>> from types import SimpleNamespace
        >>> p = SimpleNamespace(spec=SimpleNamespace(path=Path("designs/x.toml")), out_dir=Path("outputs/design-x"), work_dir=Path("outputs/design/x"))
        >>> " ".join(equivalent_command(p, scale=0.05, evaluations=None, resume=True))
        'participation-model design designs/x.toml --scale 0.05 --out outputs/design-x --work outputs/design/x --executor inprocess --resume'
    """
    line = ["participation-model", "design", str(prepared.spec.path)]
    if scale is not None:
        line += ["--scale", f"{scale:g}"]
    if evaluations is not None:
        line += ["--evaluations", str(evaluations)]
    line += ["--out", str(prepared.out_dir), "--work", str(prepared.work_dir), "--executor", "inprocess"]
    return tuple(line + (["--resume"] if resume else []))


class DesignJobs(JobManager):
    """Runs one design at a time in the background and keeps its progress and card.

    Args:
        finish: turns a ``DesignOutcome`` into what the page shows (default :func:`design_payload`).
    """

    thread_prefix = "design"
    cancelling = "cancelling when the current generation of candidates is done"

    def __init__(self, finish: Callable[[Any], Any] = design_payload) -> None:
        super().__init__(DESIGN_WORKERS, finish)

    def key(self, request: Any) -> str:
        """A fresh key: every start runs (and writes its folder) again."""
        return uuid.uuid4().hex

    def busy_message(self, active: list[Any]) -> str:
        """What design runs and how far it is (its last progress line)."""
        running = "; ".join(f"{job.request.describe()} ({job.text})" for job in active)
        return f"A design is in progress: {running}. This app runs one design at a time; its progress is shown below: wait for it to finish, or cancel it."

    def _run(self, job: Any) -> None:
        """The worker: the design task on an in-process executor; every outcome lands on the job."""
        from participation_model.experiments.executors import InProcessExecutor
        from participation_model.tasks import design

        request = job.request
        log = request.prepared.work_dir / "evaluations.jsonl"
        self._update(job, state=RUNNING, text="starting: the baseline runs and the first candidate (funding nothing)")
        try:
            with InProcessExecutor() as executor:
                outcome = design.perform(request.prepared, executor, resume=request.resume, progress=self._progress(job), command_line=request.command)
            payload = self._finish(outcome)
        except Cancelled:
            text = f"cancelled; the candidates evaluated so far stay in {log} ('continue the earlier log' reuses them)"
            self._update(job, state=CANCELLED, text=text, ended=time.monotonic())
        except Exception as error:
            LOG.exception("design %s failed", job.id)
            self._update(job, state=FAILED, error=f"{type(error).__name__}: {error}", text="failed", ended=time.monotonic())
        else:
            self._update(job, state=DONE, fraction=1.0, payload=payload, text=f"finished: {payload.summary}", ended=time.monotonic())

    def _progress(self, job: Any) -> Callable[[Any], None]:
        """The search's progress callback of a job: record where it is; stop if asked."""

        def progress(event: Any) -> None:
            if job.cancel.is_set():
                raise Cancelled()
            self._update(job, fraction=min(event.evaluations / max(event.budget, 1), 1.0), text=progress_text(event))

        return progress
