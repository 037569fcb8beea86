"""``participation-model run`` and ``compare``: parse, call the task, print, exit code.

Example (shell)::

    participation-model run scenarios/baseline.toml --replications 2 --scale 0.1
    participation-model compare scenarios/baseline.toml scenarios/commission-package.toml --scale 0.2
    participation-model compare scenarios/baseline.toml scenarios/commission-package.toml --parameter-draws 4 --replications 5
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from participation_model.cli.common import (
    add_dashboard_flags,
    add_run_flags,
    display_path,
    input_problem,
    run_flags,
    warn,
    write_folder_dashboard,
)
from participation_model.cli.progress import ProgressDisplay
from participation_model.cli.text import results_message
from participation_model.metrics.noise import NOT_DISTINGUISHABLE
from participation_model.tasks import TaskInputError


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``run`` and ``compare`` to the main parser's sub-commands."""
    run = commands.add_parser(
        "run",
        parents=[common],
        help="run a scenario and write its output folder",
        description="Run all replications of a scenario and write tables, a summary, an HTML "
        "overview and a manifest to one output folder.",
    )
    run.add_argument("scenario", metavar="SCENARIO", help="scenario TOML file")
    add_run_flags(run, "number of replications", "output folder (default: outputs/<scenario name>); an earlier "
                  "output folder there is replaced when the new one is complete")
    _add_draws_flag(run)
    add_dashboard_flags(run)

    compare = commands.add_parser(
        "compare",
        parents=[common],
        help="compare scenarios with a baseline (paired replications)",
        description="Run a baseline and one or more scenarios with the same seeds and write "
        "net effects, costs, effects by target group and gemeente, probabilities and scenario "
        "cards to one output folder.",
    )
    compare.add_argument("baseline", metavar="BASELINE", help="baseline scenario TOML file")
    compare.add_argument("scenarios", metavar="SCENARIO", nargs="+", help="scenario TOML files")
    compare.add_argument("--year", type=int, metavar="Y", default=2018, help="year for the probability of beating the baseline (default 2018)")
    add_run_flags(compare, "paired replications, for all runs", "output folder (default: outputs/compare-<baseline>-<scenarios>)")
    _add_draws_flag(compare)
    compare.add_argument("--sensitivity", metavar="DIR",
                         help="a sensitivity folder of a compared scenario with an effect: outcome; its one-at-a-time swings "
                              "tell the cards which parameters would change the conclusion most (without --parameter-draws)")
    add_dashboard_flags(compare)


def _add_draws_flag(parser: argparse.ArgumentParser) -> None:
    """``--parameter-draws N``: run every replication with N parameter sets of the calibration's ensemble."""
    parser.add_argument("--parameter-draws", type=int, metavar="N",
                        help="parameter sets drawn from the calibration's ensemble (<calibrated stem>-ensemble.toml); every "
                             "replication runs once per draw, with the same seed, so the bands hold parameter and random "
                             "uncertainty (overrides the file; 0: the calibrated values alone)")


def run_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Check, run and write (:mod:`participation_model.tasks.run`); input problems exit 2 before the model starts."""
    from participation_model.tasks import run

    try:
        prepared = run.prepare(args.scenario, **run_flags(args), parameter_draws=args.parameter_draws)
    except TaskInputError as error:
        return input_problem(error)
    warn(prepared.warnings)
    display = ProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        done = run.perform(prepared, progress=display, command_line=command_line)
    except TaskInputError as error:
        return input_problem(error)
    finally:
        display.close()
    warn(done.folder.warnings)
    draws = prepared.scenario.parameter_draws
    print(results_message(done.folder.path, done.folder.summary, prepared.scenario.replications if draws else len(done.result.replications), draws))
    return write_folder_dashboard(args, done.folder.path)


def compare_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Load and pair the scenarios, run the comparison and write its folder (:mod:`participation_model.tasks.compare`)."""
    from participation_model.tasks import compare

    try:
        prepared = compare.prepare(args.baseline, args.scenarios, year=args.year, **run_flags(args), parameter_draws=args.parameter_draws,
                                   sensitivity=args.sensitivity)
    except TaskInputError as error:
        return input_problem(error)
    display = ProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        done = compare.perform(prepared, progress=display, command_line=command_line)
    finally:
        display.close()
    print(f"Comparison written to {display_path(done.folder)} (scenario_cards.md summarises it); bands: {done.result.band}.")
    annual = done.result.annual
    for s in prepared.scenarios:
        row = annual[(annual["scenario"] == s.name) & (annual["year"] == args.year) & (annual["measure"] == "netto_participation_15_75")]
        if not row.empty:
            r = row.iloc[0]
            verdict = "" if r["distinguishable"] else f"; {NOT_DISTINGUISHABLE}"
            print(f"  {s.name}: netto participation {args.year} {r['mean']:+.2f} pp (5-95%: {r['p5']:+.2f} to {r['p95']:+.2f}; "
                  f"smallest detectable {r['mde']:.2f} pp{verdict})")
    return write_folder_dashboard(args, done.folder)
