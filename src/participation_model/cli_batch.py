"""Command line of the batch tasks: ``participation-model sweep`` and ``sensitivity``.

Thin adapters like the rest of the CLI (``participation_model.cli``): check the flags and the
input files first (exit 2, nothing written), run the batch or the analysis on the chosen
executor, print where the results are.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from participation_model.cli import (
    EXIT_FAILURE,
    EXIT_INPUT,
    EXIT_OK,
    _display_path,
    executor_kind,
    load_with_flags,
    write_folder_dashboard,
)


def sensitivity_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Validate everything first, then sample, run, analyse and write the folder."""
    from participation_model.analysis.sensitivity import (
        one_at_a_time,
        parse_outcome,
        run_sensitivity,
    )
    from participation_model.analysis.uncertainty import (
        UncertaintyError,
        load_uncertainty,
    )
    from participation_model.experiments.output import SENSITIVITY_FORMAT, OutputError, check_output_target
    from participation_model.experiments.sensitivity_output import write_sensitivity
    from participation_model.scenario import ScenarioError

    try:
        scenario = load_with_flags(args.scenario, args)
        uncertainty = load_uncertainty(args.uncertainty)
        default = ("effect:" if scenario.interventions else "") + "netto_participation_15_75@2018"
        outcomes = [parse_outcome(text) for text in (args.outcome or [default])]
    except (ScenarioError, UncertaintyError, ValueError) as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    first, last = int(scenario.start[:4]), int(scenario.end[:4])
    for o in outcomes:
        if o.label != o.measure and not first <= o.year <= last:
            print(f"error: outcome {o.label!r}: year {o.year} is outside the simulated years {first}-{last}", file=sys.stderr)
            return EXIT_INPUT
        if o.effect and not scenario.interventions:
            print(f"error: outcome {o.label!r}: 'effect:' needs a scenario with interventions", file=sys.stderr)
            return EXIT_INPUT
    kind, problem = executor_kind(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    samples = args.samples if args.samples is not None else (10 if args.method == "morris" else 64)
    if samples < 2:
        print(f"error: --samples {samples}: allowed: at least 2", file=sys.stderr)
        return EXIT_INPUT
    out_dir = args.out if args.out is not None else Path("outputs") / f"sensitivity-{scenario.name}-{args.method}"
    try:
        check_output_target(out_dir, SENSITIVITY_FORMAT)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    work = args.work if args.work is not None else Path(out_dir).with_name(Path(out_dir).name + ".runs")
    from participation_model.analysis.sensitivity import batch_evaluator
    from participation_model.experiments.batch import BatchError, BatchProgressDisplay
    from participation_model.experiments.executors import make_executor

    display = BatchProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        with make_executor(kind, workers=args.workers, scheduler=args.scheduler, dask_workers=args.dask_workers) as executor:
            # every run is checkpointed in the work folder: --resume after any interruption
            evaluate = batch_evaluator(executor, work, resume=args.resume, progress=display)
            result = run_sensitivity(scenario, uncertainty, method=args.method, samples=samples, outcomes=outcomes, seed=scenario.seed, evaluate=evaluate, chunk=None)
            oat = None if args.no_oat else one_at_a_time(scenario, uncertainty, outcomes, evaluate=evaluate)
    except BatchError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except RuntimeError as error:  # failed runs: kept, retried by --resume
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        display.close()
    folder = write_sensitivity(result, oat, scenario, uncertainty, out_dir, command_line)
    shutil.rmtree(work, ignore_errors=True)  # the analysis is written: its runs are no longer needed
    print(f"Sensitivity analysis written to {_display_path(folder)} (open report.html).")
    return write_folder_dashboard(args, folder)


def sweep_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Build the sweep batch, run it on the chosen executor and report ok/failed counts.

    Exit 0 when every run succeeded, 1 when some failed (they are listed in index.csv and a
    rerun with --resume retries only those), 2 for input problems.
    """
    from participation_model.experiments.batch import (
        BatchError,
        BatchProgressDisplay,
        run_batch,
    )
    from participation_model.experiments.executors import make_executor
    from participation_model.experiments.specs import batch_from_sweep
    from participation_model.scenario import ScenarioError

    try:
        scenario = load_with_flags(args.scenario, args)
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    kind, problem = executor_kind(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    batch = batch_from_sweep(scenario)
    out_dir = args.out if args.out is not None else Path("outputs") / f"sweep-{scenario.name}"
    display = BatchProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        with make_executor(
            kind, workers=args.workers, scheduler=args.scheduler, dask_workers=args.dask_workers
        ) as executor:
            summary = run_batch(
                batch, out_dir, executor, resume=args.resume, progress=display, command_line=command_line
            )
    except BatchError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        display.close()
        print(
            f"\ninterrupted; finished runs are kept in {_display_path(out_dir)}: "
            "run the same command with --resume to continue",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        display.close()
    points = len(batch.points())
    print(f"Sweep of {points} point(s) written to {_display_path(summary.path)}: {summary.text()}.")
    for key, error in summary.failures[:5]:
        print(f"  failed {key}: {error}", file=sys.stderr)
    if summary.failed:
        print("Failed runs are listed in index.csv; rerun with --resume to retry only those.", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
