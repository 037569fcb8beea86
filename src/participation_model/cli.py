"""Command line: ``participation-model COMMAND`` (also ``python -m participation_model``).

Commands: ``validate`` (check a scenario file), ``run`` (a scenario's replications and their
folder), ``compare`` (paired runs against a baseline), ``sweep`` (a batch over parameter or
intervention values), ``sensitivity`` (Morris or Sobol), ``calibrate`` and
``calibration-report`` (``cli_calibration``), ``dashboard`` (the page of an output folder),
``serve`` (the what-if app) and ``schema`` (the JSON Schema of scenario files).

The CLI only ties the pieces together (scenario loading, the runner, the output folder); it
holds no model logic. Exit codes: 0 success, 1 unexpected failure (nothing half-written is
left behind), 2 a problem with the input (scenario file, flags, output folder), 130
interrupted.

Example (shell)::

    participation-model validate scenarios/baseline.toml
    participation-model run scenarios/baseline.toml --replications 2 --scale 0.1
    participation-model run scenarios/baseline.toml --out outputs/baseline-quick --quiet
    participation-model compare scenarios/baseline.toml scenarios/commission-package.toml --scale 0.2
    participation-model sweep scenarios/sweep-matching.toml --workers 4 --out outputs/sweep-matching
    participation-model sweep scenarios/sweep-matching.toml --scheduler tcp://10.0.0.5:8786 --resume

Example (Python):
    >>> main(["--version"])  # doctest: +SKIP
    participation-model 0.1.0
    0
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from participation_model import cli_calibration
from participation_model.progress import clock_time, is_tty

if TYPE_CHECKING:
    import pandas as pd

    from participation_model.experiments.runner import ProgressEvent
    from participation_model.scenario import Scenario

PROG = "participation-model"

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

#: languages of the dashboards and the app (labels in reports/dashboard/labels.py)
LANGUAGES = ("en", "nl")

_HEADLINE = (
    ("netto_participation_15_75", "netto participation 15-75"),
    ("bruto_participation_15_75", "bruto participation 15-75"),
    ("unemployment_rate_15_75", "unemployment rate 15-75"),
)


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
    command_line = [PROG, *argv] if argv is not None else list(sys.argv)
    try:
        if args.command == "validate":
            return validate_command(args.scenario)
        if args.command == "schema":
            return schema_command(args)
        if args.command == "compare":
            return compare_command(args, command_line)
        if args.command == "sweep":
            return sweep_command(args, command_line)
        if args.command == "sensitivity":
            return sensitivity_command(args, command_line)
        if args.command == "dashboard":
            return dashboard_command(args)
        if args.command == "serve":
            return serve_command(args)
        if args.command == "calibrate":
            return cli_calibration.calibrate_command(args, command_line, executor_kind)
        if args.command == "calibration-report":
            return cli_calibration.calibration_report_command(args, command_line, executor_kind)
        return run_command(args, command_line)
    except KeyboardInterrupt:
        print("\ninterrupted; no results were written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: one clear line, exit 1
        if args.traceback:
            print(f"error: {_one_line(error)}", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
        else:
            print(f"error: {_one_line(error)} (add --traceback for details)", file=sys.stderr)
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
    add_dashboard_flags(compare)

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

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check a scenario file and describe it",
        description="Check a scenario file without running it: print a description of it "
        "(exit 0) or every problem found (exit 2).",
    )
    validate.add_argument("scenario", metavar="SCENARIO", help="scenario TOML file")

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
    cli_calibration.add_commands(commands, common, add_executor_flags)

    schema_cmd = commands.add_parser(
        "schema",
        parents=[common],
        help="write the JSON Schema of scenario files (for editors that complete and check keys)",
        description="Write a JSON Schema (draft 2020-12) of scenario files, generated from the validation's "
        "declarations: top-level keys, parameters with their ranges, every intervention type with its fields.",
    )
    schema_cmd.add_argument("--out", type=path_argument, metavar="FILE", help="write to FILE instead of standard output")
    schema_cmd.add_argument("--region", default="oost-groningen", help="region whose sectors, locations and gemeenten are allowed (default oost-groningen)")

    dash_cmd = commands.add_parser(
        "dashboard",
        parents=[common],
        help="write the dashboard of an output folder (run, compare, sensitivity or calibration)",
        description="Write dashboard.html (dashboard-nl.html with --lang nl) into an output folder: a "
        "self-contained page that works offline (docs/dashboards.md).",
    )
    dash_cmd.add_argument("folder", metavar="OUTPUT_DIR", help="an output folder of run, compare, sensitivity or calibrate")
    dash_cmd.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels (default en)")

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="start the live what-if app (Dash) on this machine",
        description="Start the what-if app: pick a scenario, change intervention sizes, budgets and target "
        "groups, run against the baseline in the background and see the comparison charts (docs/app.md).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    serve.add_argument("--scenarios", type=path_argument, default=Path("scenarios"), metavar="DIR", help="folder of scenario files (default scenarios)")
    serve.add_argument("--baseline", type=path_argument, default=Path("scenarios/baseline.toml"), metavar="FILE", help="baseline scenario (default scenarios/baseline.toml)")
    serve.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels (default en)")
    serve.add_argument("--open", action="store_true", help="open the app in the default web browser")
    return parser


def validate_command(path: str) -> int:
    """Check a scenario file; print a description (exit 0) or its problems (exit 2).

    Example:
        >>> validate_command("scenarios/baseline.toml")  # doctest: +SKIP
        Scenario 'baseline' (scenarios/baseline.toml) is valid. ...
        0
    """
    from participation_model.scenario import ScenarioError, load_scenario

    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    print(describe_scenario(scenario, path))
    for warning in calibration_warnings(scenario):
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    """Print or write the scenario JSON Schema (written whole, or not at all)."""
    import json

    from participation_model.region import RegionError
    from participation_model.schema import scenario_schema

    try:
        text = json.dumps(scenario_schema(args.region), indent=2, ensure_ascii=False) + "\n"
    except RegionError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    if args.out is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.out)
    if target.is_dir() or not target.parent.is_dir():
        print(f"error: --out {target}: allowed: a file path in an existing folder", file=sys.stderr)
        return EXIT_INPUT
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    print(f"Scenario schema written to {_display_path(target)}.")
    return 0


def calibration_warnings(scenario: Scenario) -> list[str]:
    """Whether the scenario's calibrated file was made with the targets, parameter and region files of today."""
    if scenario.calibration is None:
        return []
    from participation_model.calibrated import load_calibrated, provenance_problems
    from participation_model.params import load_parameters
    from participation_model.tomlfile import read_toml

    params = load_parameters(scenario.parameters_file)
    region_sha256 = read_toml(scenario.region_path, ValueError, "region file")[1]
    return provenance_problems(load_calibrated(scenario.calibration, params), params, region_sha256)


def run_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Load, override, run and write; see :func:`main` for the exit codes.

    Input problems are found before the model starts, so a typo never costs a long run.
    """
    from participation_model.experiments.output import (
        OUTPUT_FORMAT,
        OutputError,
        check_output_target,
        write_run_output,
    )
    from participation_model.scenario import ScenarioError

    try:
        scenario = load_with_flags(args.scenario, args)
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    out_dir = args.out if args.out is not None else Path("outputs") / scenario.name
    try:
        check_output_target(out_dir, OUTPUT_FORMAT)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    for warning in calibration_warnings(scenario):
        print(f"warning: {warning}", file=sys.stderr)

    from participation_model.experiments.runner import run_scenario

    display = ProgressDisplay(sys.stderr, enabled=not args.quiet)
    try:
        result = run_scenario(scenario, progress=display)
    finally:
        display.close()
    try:
        folder = write_run_output(result, out_dir, command_line=command_line)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    for warning in folder.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(results_message(folder.path, folder.summary, len(result.replications)))
    return write_folder_dashboard(args, folder.path)


def compare_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Load and pair the scenarios, run the comparison and write its folder."""
    from types import SimpleNamespace

    from participation_model.experiments.compare import compare
    from participation_model.experiments.compare_output import write_comparison
    from participation_model.experiments.output import COMPARE_FORMAT, OutputError, check_output_target
    from participation_model.experiments.paired import comparison_problem
    from participation_model.scenario import ScenarioError, load_scenario

    try:
        baseline = load_with_flags(args.baseline, args)
        # every scenario runs with the baseline's seed, replications and scale (paired runs)
        scenarios = [
            load_scenario(path).with_overrides(seed=baseline.seed, replications=baseline.replications, scale=baseline.scale)
            for path in args.scenarios
        ]
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    names = [s.name for s in scenarios]
    problem = comparison_problem(baseline, scenarios, args.year)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_INPUT
    out_dir = args.out if args.out is not None else Path("outputs") / "-".join(["compare", baseline.name, *names])[:120]
    try:
        check_output_target(out_dir, COMPARE_FORMAT)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    runs = 1 + len(scenarios)
    display = ProgressDisplay(sys.stderr, enabled=not args.quiet)
    order = {s: k for k, s in enumerate([baseline.name, *names])}

    def progress(event) -> None:
        display(SimpleNamespace(replication=event.replication * runs + order[event.run], replications=event.replications * runs, month_index=event.month_index, months=event.months))

    try:
        result = compare(baseline, scenarios, year=args.year, progress=progress)
    finally:
        display.close()
    folder = write_comparison(result, out_dir, command_line)
    print(f"Comparison written to {_display_path(folder)} (scenario_cards.md summarises it).")
    for s in scenarios:
        row = result.annual[(result.annual["scenario"] == s.name) & (result.annual["year"] == args.year) & (result.annual["measure"] == "netto_participation_15_75")]
        if not row.empty:
            r = row.iloc[0]
            print(f"  {s.name}: netto participation {args.year} {r['mean']:+.2f} pp (5-95%: {r['p5']:+.2f} to {r['p95']:+.2f})")
    return write_folder_dashboard(args, folder)


def load_with_flags(path: str | Path, args: argparse.Namespace) -> Scenario:
    """The scenario file with the run flags (--seed, --replications, --scale) applied; raises ScenarioError."""
    from participation_model.scenario import load_scenario

    return load_scenario(path).with_overrides(seed=args.seed, replications=args.replications, scale=args.scale)


def path_argument(text: str) -> Path:
    """A path given on the command line; an empty one is a usage error (it would mean the current folder).

    Example:
        >>> path_argument("outputs/run")
        PosixPath('outputs/run')
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; give a folder or file path, e.g. outputs/my-run")
    return Path(text)


def add_run_flags(parser: argparse.ArgumentParser, replications: str, out: str) -> None:
    """Flags every running command shares: replications, seed, scale (overriding the files), output folder, quiet."""
    parser.add_argument("--replications", type=int, metavar="N", help=f"{replications} (overrides the file)")
    parser.add_argument("--seed", type=int, metavar="S", help="base random seed (overrides the file)")
    parser.add_argument("--scale", type=float, metavar="F", help="simulated persons per resident, e.g. 0.1 for a quick look (overrides the file)")
    parser.add_argument("--out", type=path_argument, metavar="DIR", help=out)
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def add_dashboard_flags(parser: argparse.ArgumentParser) -> None:
    """The dashboard written at the end of run, compare and sensitivity."""
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the dashboard's labels (default en)")
    parser.add_argument("--no-dashboard", action="store_true", help="do not write dashboard.html")


def write_folder_dashboard(args: argparse.Namespace, folder: Path) -> int:
    """Write the dashboard of a finished output folder; the results stay even if this fails."""
    if getattr(args, "no_dashboard", False):
        return EXIT_OK
    from participation_model.reports.dashboard import write_dashboard

    try:
        page = write_dashboard(folder, lang=args.lang)
    except Exception as error:  # the results are written; say what failed and exit non-zero
        print(f"error: the results are in {_display_path(folder)}, but the dashboard failed: {_one_line(error)}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Dashboard: {_display_path(page)} (open it in a browser; it works offline).")
    return EXIT_OK


def dashboard_command(args: argparse.Namespace) -> int:
    """``participation-model dashboard OUTPUT_DIR``: exit 2 for a folder that is not an output folder."""
    from participation_model.reports.dashboard import DashboardError, write_dashboard

    try:
        page = write_dashboard(args.folder, lang=args.lang)
    except DashboardError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"Dashboard written to {_display_path(page)}.")
    return EXIT_OK


def serve_command(args: argparse.Namespace) -> int:
    """``participation-model serve``: check the inputs, then run the app until interrupted."""
    from participation_model.app import serve

    if not 0 < args.port < 65536:
        print(f"error: --port {args.port}: allowed: 1 to 65535", file=sys.stderr)
        return EXIT_INPUT
    try:
        serve(host=args.host, port=args.port, scenarios_dir=args.scenarios, baseline=args.baseline, lang=args.lang, open_browser=args.open)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def add_executor_flags(parser: argparse.ArgumentParser) -> None:
    """The flags that choose where runs happen (sweep, sensitivity, calibrate)."""
    parser.add_argument(
        "--executor",
        choices=("inprocess", "local", "dask"),
        help="where runs happen (default: local, or dask when --scheduler/--dask-workers is given)",
    )
    parser.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: all cores)")
    parser.add_argument("--scheduler", metavar="ADDR", help="address of a running Dask scheduler, e.g. tcp://HOST:8786")
    parser.add_argument("--dask-workers", type=int, metavar="N", help="start a local Dask cluster with N workers")


def executor_kind(args: argparse.Namespace) -> tuple[str, str | None]:
    """The executor named by the flags, or a problem with them.

    Example:
        >>> from types import SimpleNamespace as NS
        >>> executor_kind(NS(executor=None, scheduler=None, dask_workers=2, workers=None))
        ('dask', None)
    """
    kind = args.executor or ("dask" if args.scheduler or args.dask_workers else "local")
    if kind != "dask" and (args.scheduler or args.dask_workers):
        return kind, "--scheduler and --dask-workers need --executor dask"
    if args.scheduler and args.dask_workers:
        return kind, "give either --scheduler or --dask-workers, not both"
    for flag, value in (("--workers", args.workers), ("--dask-workers", args.dask_workers)):
        if value is not None and value < 1:
            return kind, f"{flag} must be at least 1; got {value}"
    return kind, None


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


class ProgressDisplay:
    """Show run progress on a stream: replication k/n, months, elapsed time and ETA.

    On a terminal it rewrites one line in place; otherwise (log files, CI) it prints a plain
    line at most every ``interval`` seconds and when the run is complete. Replications may
    report out of order (parallel executors): progress is the sum of the months each
    replication has finished.

    The runner reports after every simulated month: ``replication`` counts from 0 and
    ``month_index`` is the number of months that replication has simulated so far (1 to
    ``months``).

    Example:
        >>> import io
        >>> from types import SimpleNamespace as Event
        >>> stream = io.StringIO()
        >>> show = ProgressDisplay(stream, interactive=False, clock=lambda: 0.0)
        >>> show(Event(replication=0, replications=2, month_index=12, months=12))
        >>> stream.getvalue()
        'replication 1/2, month 12/12 (50%), elapsed 0:00:00, ETA --\\n'
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool = True,
        interactive: bool | None = None,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._enabled = enabled
        self._interactive = is_tty(stream) if interactive is None else interactive
        self._interval = interval if not self._interactive else 0.1
        self._clock = clock
        self._start = clock()
        self._last_shown: float | None = None
        self._done: dict[int, int] = {}
        self._width = 0

    def __call__(self, event: ProgressEvent) -> None:
        """Record one progress event and show it if it is time to."""
        if not self._enabled:
            return
        self._done[event.replication] = min(max(event.month_index, 0), event.months)
        total = event.replications * event.months
        fraction = min(sum(self._done.values()) / total, 1.0) if total else 1.0
        now = self._clock()
        due = self._last_shown is None or now - self._last_shown >= self._interval
        if not (due or fraction >= 1.0):
            return
        self._last_shown = now
        self._show(progress_line(event, fraction, now - self._start))

    def close(self) -> None:
        """End the in-place line on a terminal, so later output starts on a fresh line."""
        if self._enabled and self._interactive and self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def _show(self, line: str) -> None:
        if self._interactive:
            padding = " " * max(self._width - len(line), 0)
            self._stream.write(f"\r{line}{padding}")
            self._width = len(line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()


def progress_line(event: ProgressEvent, fraction: float, elapsed: float) -> str:
    """One progress line, e.g. ``replication 2/10, month 37/144 (17%), elapsed ..., ETA ...``.

    Example:
        >>> from types import SimpleNamespace as Event
        >>> progress_line(Event(replication=1, replications=4, month_index=6, months=12), 0.375, 30)
        'replication 2/4, month 6/12 (38%), elapsed 0:00:30, ETA 0:00:50'
    """
    eta = clock_time(elapsed * (1 - fraction) / fraction) if fraction > 0 and elapsed > 0 else "--"
    return (
        f"replication {event.replication + 1}/{event.replications}, "
        f"month {min(event.month_index, event.months)}/{event.months} ({fraction:.0%}), "
        f"elapsed {clock_time(elapsed)}, ETA {eta}"
    )


def results_message(path: Path, summary: pd.DataFrame, replications: int) -> str:
    """Where the results are, and the headline year's participation and unemployment.

    The headline year is 2016 (the year of the region's CBS figures) when simulated, else
    the last simulated year. Figures are annual averages: median over replications with the
    5-95% range.

    Example:
        >>> import pandas as pd
        >>> summary = pd.DataFrame({"year": [2016], "measure": ["unemployment_rate_15_75"],
        ...     "p5": [6.5], "p50": [7.0], "p95": [7.6]})
        >>> print(results_message(Path("/tmp/out"), summary, 2))
        Results written to /tmp/out (open overview.html there for charts).
        2016, annual average, median of 2 replications (5-95% range):
          unemployment rate 15-75     7.0%  (6.5 to 7.6)
    """
    from participation_model.metrics.summary import headline_year

    lines = [f"Results written to {_display_path(path)} (open overview.html there for charts)."]
    if summary.empty:
        return lines[0]
    year = headline_year(summary["year"])
    lines.append(
        f"{year}, annual average, median of {replications} replication"
        f"{'s' if replications != 1 else ''} (5-95% range):"
    )
    rows = summary[summary["year"] == year].set_index("measure")
    for measure, name in _HEADLINE:
        if measure not in rows.index:
            continue
        row = rows.loc[measure]
        lines.append(
            f"  {name:<26}{row['p50']:5.1f}%  ({row['p5']:.1f} to {row['p95']:.1f})"
        )
    return "\n".join(lines)


def describe_scenario(scenario: Scenario, path: str | Path) -> str:
    """One paragraph saying what a scenario will simulate, for ``validate``.

    Example:
        >>> print(describe_scenario(load_scenario("scenarios/baseline.toml"),
        ...                         "scenarios/baseline.toml"))  # doctest: +SKIP
        Scenario 'baseline' (scenarios/baseline.toml) is valid. Historical baseline ...
    """
    from participation_model.drivers import describe_edits

    economy = scenario.economy
    changes = [
        describe_edits(economy.set, economy.shift),
        f"sector trends for {', '.join(economy.sector_trend)}" if economy.sector_trend else "",
    ]
    changes = [change for change in changes if change]
    drivers_file = _display_path(economy.drivers_path) if economy.drivers_path else economy.drivers
    parameters = (
        f"parameters from {scenario.parameters_file}"
        if scenario.parameters_file
        else "the bundled parameters"
    )
    if scenario.calibration is not None:
        parameters += f", with {len(scenario.calibration_values)} calibrated values from {_display_path(scenario.calibration)}"
    overrides = ", ".join(f"{name} = {value:g}" for name, value in scenario.parameters.items())
    kinds = [spec.type for spec in scenario.interventions]
    description = scenario.description.strip()
    sentences = [
        f"Scenario {scenario.name!r} ({path}) is valid.",
        f"{description.rstrip('.')}." if description else "It has no description.",
        f"It simulates region {scenario.region!r} from {scenario.start} to {scenario.end} "
        f"({scenario.months()} months) in {scenario.replications} replication"
        f"{'s' if scenario.replications != 1 else ''} from seed {scenario.seed}, at scale "
        f"{scenario.scale:g} (simulated persons per resident)"
        + (f", after a warm-up from {scenario.warm_up_from} (not reported)." if scenario.warm_up_from else "."),
        f"Economy: national drivers {economy.drivers!r} ({drivers_file}), path {economy.path!r}"
        + (f", with {'; '.join(changes)}." if changes else ", unchanged."),
        f"It uses {parameters}"
        + (f" with {len(scenario.parameters)} override(s): {overrides}." if overrides else "."),
        f"Interventions: {len(kinds)} ({', '.join(kinds)})." if kinds else "Interventions: none.",
        *_sweep_sentence(scenario),
        (
            f"'participation-model sweep' writes to {Path('outputs') / ('sweep-' + scenario.name)}"
            if getattr(scenario, "sweep", None) is not None
            else f"Results will go to {Path('outputs') / scenario.name}"
        )
        + " unless --out says otherwise.",
    ]
    return textwrap.fill(" ".join(sentences), width=88, break_on_hyphens=False)


def _sweep_sentence(scenario: Scenario) -> list[str]:
    """What ``participation-model sweep`` would run, or nothing for a scenario without a sweep."""
    sweep = getattr(scenario, "sweep", None)
    if sweep is None:
        return []
    names = list(sweep.grid if sweep.method == "grid" else sweep.ranges)
    how = "a grid" if sweep.method == "grid" else "a Latin hypercube sample"
    points = len(sweep.points())
    return [
        f"Sweep: {how} of {points} point(s) over {', '.join(names)}; `sweep` runs "
        f"{points * scenario.replications} runs."
    ]


def _version() -> str:
    """Package version, without importing the heavy output module when it is absent."""
    try:
        from participation_model.experiments.output import package_version

        return package_version()
    except ImportError:
        import participation_model

        return str(getattr(participation_model, "__version__", "unknown"))






def _display_path(path: Path) -> str:
    """A path relative to the current folder when it is inside it, else absolute."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _one_line(error: BaseException) -> str:
    """``TypeName: first line of the message`` for a one-line error report."""
    lines = str(error).strip().splitlines()
    first = lines[0] if lines else ""
    more = " ..." if len(lines) > 1 else ""
    return f"{type(error).__name__}: {first}{more}" if first else type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
