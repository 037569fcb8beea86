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
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from participation_model import cli_calibration
from participation_model.cli_text import (  # noqa: F401  (re-exported: the CLI's printed text)
    ProgressDisplay,
    _display_path,
    describe_scenario,
    progress_line,
    results_message,
)

if TYPE_CHECKING:
    from participation_model.scenario import Scenario

PROG = "participation-model"

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

#: languages of the dashboards and the app (labels in reports/dashboard/labels.py)
LANGUAGES = ("en", "nl")



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
            from participation_model.cli_batch import sweep_command

            return sweep_command(args, command_line)
        if args.command == "sensitivity":
            from participation_model.cli_batch import sensitivity_command

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


def _version() -> str:
    """Package version, without importing the heavy output module when it is absent."""
    try:
        from participation_model.experiments.output import package_version

        return package_version()
    except ImportError:
        import participation_model

        return str(getattr(participation_model, "__version__", "unknown"))






def _one_line(error: BaseException) -> str:
    """``TypeName: first line of the message`` for a one-line error report."""
    lines = str(error).strip().splitlines()
    first = lines[0] if lines else ""
    more = " ..." if len(lines) > 1 else ""
    return f"{type(error).__name__}: {first}{more}" if first else type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
