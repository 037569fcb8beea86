"""``participation-model design SPEC``: search the best package of instruments within a budget.

A thin adapter over :mod:`participation_model.tasks.design`: it parses the flags, checks the
spec (exit 2 with the file, key and value when it cannot be used; nothing written), runs the
search on the executor of the flags with a progress line per generation, and prints where the
folder, the recommended scenario and the card are.

Example (shell)::

    participation-model design designs/sectorplan-era.toml --scale 0.05 --workers 2
    participation-model design designs/sectorplan-era.toml --resume          # after an interruption
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from participation_model.cli.common import EXIT_OK, add_executor_flags, checked_executor, input_problem, open_executor, path_argument
from participation_model.progress import clock_time
from participation_model.tasks import TaskInputError

#: the most seconds between two lines about the runs of a generation
RUN_LINE_SECONDS = 15.0


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``design`` to the main parser's sub-commands."""
    p = commands.add_parser(
        "design",
        parents=[common],
        help="search the best package of instruments within a budget, robust over economies and parameters",
        description="Search the allocations of a budget over the instruments of a design spec (budgets, places, start "
        "months, target groups) for the best value of its objective, evaluating every candidate in every economy "
        "path, parameter draw and replication with common random numbers; write outputs/design-<name>/ with the "
        "candidates, their regret, the recommended package as a scenario file and a card (docs/design.md).",
    )
    p.add_argument("spec", metavar="SPEC", help="design spec TOML file (designs/<name>.toml)")
    p.add_argument("--scale", type=float, metavar="F", help="simulated persons per resident (overrides the spec)")
    p.add_argument("--replications", type=int, metavar="N", help="replications per economy and draw (overrides the spec)")
    p.add_argument("--parameter-draws", type=int, metavar="N", help="members of the calibration's ensemble per candidate (overrides the spec)")
    p.add_argument("--evaluations", type=int, metavar="N", help="the most candidate packages evaluated (overrides the spec)")
    p.add_argument("--out", type=path_argument, metavar="DIR", help="output folder (default: outputs/design-<name>)")
    p.add_argument("--work", type=path_argument, metavar="DIR", help="work folder with the evaluations log (default: outputs/design/<name>)")
    p.add_argument("--resume", action="store_true", help="reuse the candidates already in the work folder's log")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    add_executor_flags(p)


def design_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Check the spec, search on the executor, write the folder."""
    from participation_model.tasks import design as task

    try:
        prepared = task.prepare(args.spec, scale=args.scale, replications=args.replications, parameter_draws=args.parameter_draws,
                                evaluations=args.evaluations, out=args.out, work=args.work)  # fmt: skip
        kind = checked_executor(args)
    except TaskInputError as error:
        return input_problem(error)
    spec, setup = prepared.spec, prepared.setup
    log = prepared.work_dir / "evaluations.jsonl"
    if not args.quiet:
        if log.exists() and not args.resume:
            print(f"starting afresh: the earlier log {log} is replaced (use --resume to continue it)", file=sys.stderr)
        print(f"design '{spec.name}': {len(spec.instruments)} instruments, budget EUR {spec.total_budget:,.0f}, objective {spec.objective} "
              f"({spec.criterion} over {', '.join(spec.economies)}); {len(setup.states)} runs per candidate at scale {spec.scale:g}, "
              f"at most {spec.evaluations} candidates", file=sys.stderr)  # fmt: skip

    def progress(event) -> None:
        if args.quiet:
            return
        done = event.evaluations - event.reused
        eta = clock_time(event.elapsed * (event.budget - event.evaluations) / done) if done > 0 else "--"
        print(f"candidates {event.evaluations}/{event.budget} (reused {event.reused}), model runs {event.runs_done}, "
              f"best criterion {event.best:,.4g}, elapsed {clock_time(event.elapsed)}, ETA at most about {eta}", file=sys.stderr)  # fmt: skip

    last = [time.monotonic()]

    def on_run(done: int, total: int) -> None:
        """A line at most every RUN_LINE_SECONDS within a generation, so a long one is not silent."""
        if args.quiet or (time.monotonic() - last[0] < RUN_LINE_SECONDS and done < total):
            return
        last[0] = time.monotonic()
        print(f"  runs of this batch {done}/{total}", file=sys.stderr)

    with open_executor(args, kind) as executor:
        try:
            outcome = task.perform(prepared, executor, resume=args.resume, progress=progress, command_line=command_line, on_run=on_run)
        except TaskInputError as error:
            return input_problem(error)
    folder = outcome.out_dir
    print(f"Design written to {folder}: {len(outcome.result.evaluations)} candidates ({outcome.result.extra.get('method')}, "
          f"{outcome.result.runs} model runs in {clock_time(outcome.result.seconds)}); recommended package: {folder / 'recommended.toml'}; "
          f"card: {folder / 'card.md'}; dashboard: {folder / 'dashboard.html'}.")  # fmt: skip
    return EXIT_OK
