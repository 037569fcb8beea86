"""Command line: ``participation-model COMMAND`` (also ``python -m participation_model``).

A package of thin adapters over the tasks (:mod:`participation_model.tasks`): each command
parses its flags, calls its task, prints what the user needs and returns the exit code. The
checks, the runs and the folders are the tasks'; the shared flags, the exit codes and the
printing of input problems are in :mod:`~participation_model.cli.common`, the one progress
display in :mod:`~participation_model.cli.progress`.

==========================  =========================================  ====================
command                     what it does                                module
==========================  =========================================  ====================
``validate``                check a scenario file and describe it      ``cli.files``
``init``                    copy the shipped scenarios to a folder     ``cli.files``
``run``                     a scenario's replications and their folder ``cli.run``
``compare``                 paired runs against a baseline            ``cli.run``
``sweep``                   a batch over the points of a ``[sweep]``   ``cli.batch``
``sensitivity``             Morris or Sobol indices                    ``cli.batch``
``calibrate``               fit the free parameters to the targets     ``cli.calibration``
``calibration-report``      the fit (and plausibility) report          ``cli.calibration``
``ensemble``                parameter sets the targets do not exclude  ``cli.calibration``
``design``                  the best package within a budget, robust   ``cli.design``
``dashboard``               the page of an output folder               ``cli.files``
``serve``                   the what-if app                            ``cli.files``
``schema``                  the JSON Schema of scenario files          ``cli.files``
==========================  =========================================  ====================

Exit codes: 0 success, 1 unexpected failure (nothing half-written is left behind), 2 a problem
with the input (scenario file, flags, output folder), 130 interrupted.

Example (shell)::

    participation-model validate scenarios/baseline.toml
    participation-model run scenarios/baseline.toml --replications 2 --scale 0.1
    participation-model run scenarios/baseline.toml --out outputs/baseline-quick --quiet
    participation-model compare scenarios/baseline.toml scenarios/commission-package.toml --scale 0.2
    participation-model sweep scenarios/sweep-matching.toml --workers 4 --out outputs/sweep-matching

Example (Python):
    >>> main(["--version"])  # doctest: +SKIP
    participation-model 0.1.0
    0
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from participation_model.cli import batch, calibration, design, files, run
from participation_model.cli.common import (  # noqa: F401  (the shared pieces, re-exported)
    EXIT_FAILURE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    LANGUAGES,
    PROG,
    executor_kind,
    one_line,
    path_argument,
)
from participation_model.cli.progress import BatchProgressDisplay, ProgressDisplay, progress_line, progress_text  # noqa: F401
from participation_model.cli.text import describe_scenario, results_message  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with terminal-safe output (see :func:`_main`)."""
    from participation_model.terminal import SafeStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # user text never drives the terminal
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (the console script's entry point).

    Args:
        argv: arguments without the program name; None reads ``sys.argv[1:]``.

    Example:
        >>> main(["validate", "scenarios/baseline.toml"])  # doctest: +SKIP
        0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_INPUT
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    command_line = [PROG, *(argv if argv is not None else sys.argv[1:])]  # the program as users type it, not its path on this machine
    commands = {
        "validate": lambda: files.validate_command(args.scenario),
        "init": lambda: files.init_command(args),
        "schema": lambda: files.schema_command(args),
        "dashboard": lambda: files.dashboard_command(args),
        "serve": lambda: files.serve_command(args),
        "run": lambda: run.run_command(args, command_line),
        "compare": lambda: run.compare_command(args, command_line),
        "sweep": lambda: batch.sweep_command(args, command_line),
        "sensitivity": lambda: batch.sensitivity_command(args, command_line),
        "calibrate": lambda: calibration.calibrate_command(args, command_line),
        "calibration-report": lambda: calibration.calibration_report_command(args, command_line),
        "ensemble": lambda: calibration.ensemble_command(args, command_line),
        "design": lambda: design.design_command(args, command_line),
    }
    try:
        return commands[args.command]()
    except KeyboardInterrupt:
        print("\ninterrupted; no results were written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: one clear line, exit 1
        if args.traceback:
            print(f"error: {one_line(error)}", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
        else:
            print(f"error: {one_line(error)} (add --traceback for details)", file=sys.stderr)
        return EXIT_FAILURE


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per user task.

    Example:
        >>> build_parser().parse_args(["run", "s.toml", "--seed", "0"]).seed
        0
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Agent-based model of labour participation in Oost-Groningen.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    traceback_help = "on an unexpected error, also print the Python traceback"
    parser.add_argument("--traceback", action="store_true", help=traceback_help)
    # Also accepted after the sub-command; SUPPRESS keeps the main parser's value otherwise.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--traceback", action="store_true", default=argparse.SUPPRESS, help=traceback_help
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run.add_parsers(commands, common)
    batch.add_parsers(commands, common)
    files.add_parsers(commands, common)
    calibration.add_parsers(commands, common)
    design.add_parsers(commands, common)
    return parser


def _version() -> str:
    """Package version (installed metadata, else ``participation_model.__version__``)."""
    from participation_model.provenance import package_version

    return package_version()


if __name__ == "__main__":
    sys.exit(main())
