"""``participation-model sweep`` and ``sensitivity``: the batch tasks on an executor, as thin adapters.

Check the flags and the input files first (exit 2, nothing written), run the task on the
chosen executor (:mod:`participation_model.tasks.sweep`, :mod:`participation_model.tasks.sensitivity`),
print where the results are.

Example (shell)::

    participation-model sweep scenarios/sweep-matching.toml --workers 4 --out outputs/sweep-matching
    participation-model sweep scenarios/sweep-matching.toml --scheduler tcp://10.0.0.5:8786 --resume
    participation-model sensitivity scenarios/baseline.toml --method morris --samples 10
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from participation_model.cli.common import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    add_dashboard_flags,
    add_executor_flags,
    add_run_flags,
    display_path,
    checked_executor,
    input_problem,
    open_executor,
    path_argument,
    run_flags,
    write_folder_dashboard,
)
from participation_model.cli.progress import BatchProgressDisplay
from participation_model.tasks import TaskInputError


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``sensitivity`` and ``sweep`` to the main parser's sub-commands."""
    sens = commands.add_parser(
        "sensitivity",
        parents=[common],
        help="Morris or Sobol sensitivity analysis of a scenario (SALib)",
        description="Sample the uncertain parameters of calibration/parameter-uncertainty.toml, run "
        "every set with the scenario's replications (same seeds for every set), and write "
        "Morris or Sobol indices with confidence intervals, one-at-a-time swings and an HTML report.",
    )
    sens.add_argument("scenario", metavar="SCENARIO", help="scenario TOML file")
    sens.add_argument("--method", choices=("morris", "sobol"), required=True)
    sens.add_argument("--samples", type=int, metavar="N", help="Morris trajectories (default 10) or Sobol base samples N (default 64)")
    sens.add_argument("--outcome", action="append", metavar="[effect:]COLUMN@YEAR", help="outcome(s); default netto_participation_15_75@2018, or its effect: against the baseline when the scenario has interventions; also person_years_per_million_eur (net extra person-years per EUR million spent)")
    sens.add_argument("--uncertainty", type=path_argument, default=Path("calibration/parameter-uncertainty.toml"), metavar="FILE")
    sens.add_argument("--no-oat", action="store_true", help="skip the one-at-a-time swings (tornado chart)")
    sens.add_argument("--work", type=path_argument, metavar="DIR", help="folder for the finished runs while the analysis runs (default: the output folder's name with .runs); removed when the analysis is written")
    sens.add_argument("--resume", action="store_true", help="continue an interrupted analysis from the runs in its work folder (same command otherwise)")
    add_run_flags(sens, "replications per parameter set", "output folder (default: outputs/sensitivity-<scenario>-<method>)")
    add_executor_flags(sens)
    add_dashboard_flags(sens)

    sweep = commands.add_parser(
        "sweep",
        parents=[common],
        help="run a scenario's replications at every point of its [sweep]",
        description="Run the scenario's replications for every point of its [sweep] table (or "
        "once without one) as a batch: each run is written as it finishes, so an interrupted "
        "batch continues with --resume. Writes parts/, index.csv, points.csv, summary.csv and "
        "manifest.json (docs/batch.md).",
    )
    sweep.add_argument("scenario", metavar="FILE", help="scenario TOML file")
    add_executor_flags(sweep)
    sweep.add_argument("--resume", action="store_true", help="continue the batch in --out, skipping finished runs")
    add_run_flags(sweep, "replications per sweep point", "batch folder (default: outputs/sweep-<scenario name>)")


def sensitivity_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Validate everything first, then sample, run, analyse and write the folder."""
    from participation_model.tasks import sensitivity

    try:
        kind = checked_executor(args)
        prepared = sensitivity.prepare(
            args.scenario, method=args.method, samples=args.samples, outcomes=args.outcome, uncertainty=args.uncertainty,
            oat=not args.no_oat, work=args.work, **run_flags(args),
        )  # fmt: skip
    except TaskInputError as error:
        return input_problem(error)
    display = BatchProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        with open_executor(args, kind) as executor:
            done = sensitivity.perform(prepared, executor, resume=args.resume, progress=display, command_line=command_line)
    except TaskInputError as error:
        return input_problem(error)
    except RuntimeError as error:  # failed runs: kept, retried by --resume
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        display.close()
    print(f"Sensitivity analysis written to {display_path(done.folder)} (open report.html).")
    return write_folder_dashboard(args, done.folder)


def sweep_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Build the sweep batch, run it on the chosen executor and report ok/failed counts.

    Exit 0 when every run succeeded, 1 when some failed (they are listed in index.csv and a
    rerun with --resume retries only those), 2 for input problems.
    """
    from participation_model.tasks import sweep

    try:
        prepared = sweep.prepare(args.scenario, **run_flags(args))
        kind = checked_executor(args)
    except TaskInputError as error:
        return input_problem(error)
    display = BatchProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        with open_executor(args, kind) as executor:
            summary = sweep.perform(prepared, executor, resume=args.resume, progress=display, command_line=command_line)
    except TaskInputError as error:
        return input_problem(error)
    except KeyboardInterrupt:
        display.close()
        print(
            f"\ninterrupted; finished runs are kept in {display_path(prepared.out_dir)}: "
            "run the same command with --resume to continue",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        display.close()
    print(f"Sweep of {prepared.points} point(s) written to {display_path(summary.path)}: {summary.text()}.")
    for key, error in summary.failures[:5]:
        print(f"  failed {key}: {error}", file=sys.stderr)
    if summary.failed:
        print("Failed runs are listed in index.csv; rerun with --resume to retry only those.", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
