"""``participation-model calibrate`` and ``calibration-report``: thin adapters over :mod:`participation_model.tasks.calibrate`.

``participation-model calibrate TARGETS`` reads the targets file and its ``[calibration]``
table, searches the free parameters on an executor (local processes by default, or Dask),
writes ``calibration/calibrated/<name>.toml`` and then the fit report into the work folder
``outputs/calibration/<name>/``. ``participation-model calibration-report CALIBRATED``
rewrites the reports of an existing calibration (after editing the explanations, say), and
with ``--plausibility SCENARIO ...`` adds the plausibility report of intervention effects.
``participation-model ensemble SETTINGS`` maps the parameter sets around a calibration that its
targets do not rule out (history matching) and writes ``<calibrated stem>-ensemble.toml``
next to the calibrated file, for runs with ``--parameter-draws``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from participation_model.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    add_executor_flags,
    checked_executor,
    input_problem,
    open_executor,
    path_argument,
    warn,
)
from participation_model.progress import clock_time
from participation_model.tasks import TaskInputError

if TYPE_CHECKING:
    import pandas as pd


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``calibrate`` and ``calibration-report`` to the main parser's sub-commands."""
    cal = commands.add_parser(
        "calibrate",
        parents=[common],
        help="fit the free parameters to the targets (simulated method of moments)",
        description="Fit the free parameters of the targets file's [calibration] table to its targets with "
        "common random numbers across parameter sets, write calibration/calibrated/<name>.toml with its "
        "provenance, and a fit report in outputs/calibration/<name>/ (docs/calibration.md).",
    )
    cal.add_argument("targets", metavar="TARGETS", help="targets TOML file with a [calibration] table")
    cal.add_argument("--method", choices=("differential-evolution", "nelder-mead"), help="optimiser (overrides the file)")
    cal.add_argument("--budget", type=int, metavar="N", help="maximum parameter sets to evaluate (overrides the file)")
    cal.add_argument("--replications", type=int, metavar="N", help="replications per parameter set (overrides the file)")
    cal.add_argument("--scale", type=float, metavar="F", help="simulated persons per resident (overrides the file)")
    cal.add_argument("--out", type=path_argument, metavar="FILE", help="calibrated file (default: calibration/calibrated/<name>.toml)")
    cal.add_argument("--work", type=path_argument, metavar="DIR", help="work folder: evaluations log and reports (default: outputs/calibration/<name>)")
    cal.add_argument("--resume", action="store_true", help="reuse the evaluations already in the work folder's log")
    cal.add_argument("--holdout", action="store_true", help="the out-of-sample variant of the file's [calibration.holdout] table: its kept-back targets are left out of the fit and reported as predictions")
    cal.add_argument("--no-report", action="store_true", help="skip the fit report")
    cal.add_argument("--quiet", action="store_true", help="no progress display")
    add_executor_flags(cal)

    rep = commands.add_parser(
        "calibration-report",
        parents=[common],
        help="write the fit report (and plausibility report) of a calibrated file",
        description="Run the model at the calibrated values and write fit-report.html and fit.csv; with "
        "--plausibility, also the effect curves of interventions against the evaluation evidence.",
    )
    rep.add_argument("calibrated", metavar="CALIBRATED", help="calibrated parameter file (calibration/calibrated/<name>.toml)")
    rep.add_argument("--out", type=path_argument, metavar="DIR", help="report folder (default: outputs/calibration/<name>)")
    rep.add_argument("--plausibility", nargs="+", metavar="SCENARIO", help="intervention scenarios whose effect curves to check (they must use this calibration)")
    rep.add_argument("--baseline", type=path_argument, default=Path("scenarios/baseline.toml"), metavar="FILE", help="baseline for the effect curves (default: scenarios/baseline.toml)")
    rep.add_argument("--evidence", type=path_argument, default=Path("calibration/evidence.toml"), metavar="FILE", help="evaluation evidence (default: calibration/evidence.toml)")
    rep.add_argument("--replications", type=int, metavar="N", help="replications of the effect curves (default: the scenarios')")
    rep.add_argument("--scale", type=float, metavar="F", help="simulated persons per resident of the effect-curve runs (default: the scenarios')")
    rep.add_argument("--quiet", action="store_true", help="no progress display")
    add_executor_flags(rep)

    ens = commands.add_parser(
        "ensemble",
        parents=[common],
        help="parameter sets the calibration's targets do not rule out (history matching)",
        description="Run the waves of history matching around the calibrated file named in the settings file, "
        "with the calibration's targets, free parameters, seeds, replications and scale, and write the "
        "non-implausible sets to <calibrated stem>-ensemble.toml next to the calibrated file; runs and "
        "comparisons draw from it with --parameter-draws N (docs/calibration.md).",
    )
    ens.add_argument("settings", metavar="SETTINGS", help="ensemble settings TOML file with an [ensemble] table (calibration/ensembles/<name>.toml)")
    ens.add_argument("--design", type=int, metavar="N", help="parameter sets per wave (overrides the file)")
    ens.add_argument("--members", type=int, metavar="N", help="the most members kept (overrides the file)")
    ens.add_argument("--out", type=path_argument, metavar="FILE", help="ensemble file (default: <calibrated stem>-ensemble.toml next to the calibrated file)")
    ens.add_argument("--work", type=path_argument, metavar="DIR", help="work folder with the evaluations log (default: outputs/calibration/<name>-ensemble)")
    ens.add_argument("--resume", action="store_true", help="reuse the evaluations already in the work folder's log")
    ens.add_argument("--quiet", action="store_true", help="no progress display")
    add_executor_flags(ens)


def fit_sentence(fit: pd.DataFrame) -> str:
    """One line on the fit: targets within their band, and the misses without an explanation.

    Example:
        >>> import pandas as pd
        >>> fit = pd.DataFrame({"target": ["a", "b"], "within": [True, False], "status": ["fitted", "fitted"],
        ...                     "model_mean": [1.0, 2.0], "explanation": ["", ""]})
        >>> fit_sentence(fit)
        '1 of 2 comparable targets within their band; unexplained misses: b (add them to the explanations file).'
    """
    from participation_model.reports.fit import unexplained_misses

    comparable = fit[fit["model_mean"].notna()]
    text = f"{int(comparable['within'].sum())} of {len(comparable)} comparable targets within their band"
    missing = unexplained_misses(fit)
    return text + (f"; unexplained misses: {', '.join(missing)} (add them to the explanations file)." if missing else "; every miss is explained.")


def _say(args: argparse.Namespace, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr)


def calibrate_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Check everything, search, write the calibrated file, then the fit report."""
    from participation_model.analysis.evaluators import executor_evaluator
    from participation_model.calibrated import load_calibrated
    from participation_model.reports.dashboard import write_dashboard
    from participation_model.tasks import calibrate as task

    try:
        setup = task.prepare_calibration(args.targets, holdout=args.holdout, method=args.method, budget=args.budget, replications=args.replications, scale=args.scale)
        kind = checked_executor(args)
    except TaskInputError as error:
        return input_problem(error)
    out = args.out or Path("calibration") / "calibrated" / f"{setup.name}.toml"
    work = args.work or Path("outputs") / "calibration" / setup.name
    log = work / "evaluations.jsonl"
    if log.exists() and not args.resume:
        _say(args, f"starting afresh: the earlier log {log} is replaced (use --resume to continue it)")
    kept = f", keeping back {len(setup.kept_back)}" if setup.kept_back else ""
    _say(args, f"calibrating {len(setup.free)} parameters to {len(setup.fitted)} targets{kept} ({setup.method}, budget {setup.budget}, "
               f"{setup.scenario.replications} replications at scale {setup.scenario.scale}, {setup.scenario.start} to {setup.scenario.end})")

    def progress(event) -> None:
        if args.quiet:
            return
        eta = clock_time(event.elapsed * (event.budget - event.evaluations) / max(event.evaluations - event.reused, 1)) if event.evaluations > event.reused else "--"
        print(f"parameter sets {event.evaluations}/{event.budget} (reused {event.reused}), best objective {event.best:.4f}, "
              f"elapsed {clock_time(event.elapsed)}, ETA at most {eta}", file=sys.stderr)

    started = time.monotonic()
    with open_executor(args, kind) as executor:
        evaluator = executor_evaluator(executor)
        try:
            result = task.run_calibration(setup, evaluator, work, resume=args.resume, progress=progress)
        except TaskInputError as error:
            return input_problem(error)
        path = task.write_result(result, out, command_line)
        print(f"Calibrated parameters written to {path}: objective {result.best.objective:.4f} "
              f"(starting values {result.start.objective:.4f}), {len(result.history)} parameter sets in {clock_time(time.monotonic() - started)}.")
        if not args.no_report:
            page, fit = task.write_fit_report(setup, load_calibrated(path, setup.params), evaluator, work, lambda t: _say(args, t))
            print(f"Fit report written to {page}: {fit_sentence(fit)}")
            print(f"Dashboard written to {write_dashboard(work)}.")
    return EXIT_OK


def calibration_report_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Rewrite the fit report of a calibrated file; optionally the plausibility report."""
    from participation_model.analysis.evaluators import executor_evaluator
    from participation_model.reports.dashboard import write_dashboard
    from participation_model.tasks import calibrate as task

    try:
        prepared = task.prepare_report(args.calibrated, plausibility=args.plausibility or (), baseline=args.baseline,
                                       evidence=args.evidence, replications=args.replications, scale=args.scale)  # fmt: skip
    except TaskInputError as error:
        return input_problem(error)
    warn(prepared.warnings)
    try:
        kind = checked_executor(args)
    except TaskInputError as error:
        return input_problem(error)
    setup = prepared.setup
    out = args.out or Path("outputs") / "calibration" / setup.name
    with open_executor(args, kind) as executor:
        page, fit = task.write_fit_report(setup, prepared.calibrated, executor_evaluator(executor), out, lambda t: _say(args, t))
    print(f"Fit report written to {page}: {fit_sentence(fit)}")
    if args.plausibility:
        from participation_model.tasks.plausibility import plausibility_report

        _say(args, f"running {len(prepared.scenarios)} intervention scenarios against {prepared.baseline.name} for the effect curves")

        def progress(event) -> None:
            if not args.quiet and event.month_index == event.months:
                print(f"replication {event.replication + 1}/{event.replications}: {event.run} done", file=sys.stderr)

        try:
            summary = plausibility_report(prepared.baseline, list(prepared.scenarios), args.evidence, out / "plausibility.html", args.replications, progress)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return EXIT_INPUT
        outside = summary[~summary["plausible"]]
        print(f"Plausibility report written to {out / 'plausibility.html'}: {len(summary) - len(outside)} of {len(summary)} "
              "horizon checks within the evidence ranges (table: plausibility.csv).")
    print(f"Dashboard written to {write_dashboard(out)}.")
    return EXIT_OK


def ensemble_command(args: argparse.Namespace, command_line: Sequence[str]) -> int:
    """Check the settings, run the waves on the executor, write the ensemble file."""
    from participation_model.analysis.evaluators import executor_evaluator
    from participation_model.tasks import ensemble as task

    try:
        settings = task.prepare_ensemble(args.settings, design=args.design, members=args.members)
        kind = checked_executor(args)
    except TaskInputError as error:
        return input_problem(error)
    out = args.out or settings.out
    work = args.work or Path("outputs") / "calibration" / f"{settings.name}-ensemble"
    log = work / "evaluations.jsonl"
    if log.exists() and not args.resume:
        _say(args, f"starting afresh: the earlier log {log} is replaced (use --resume to continue it)")
    setup = settings.setup
    _say(args, f"history matching around {settings.calibrated.path.name}: {len(setup.free)} parameters, {len(setup.fitted)} targets, "
               f"1 + {settings.waves} x {settings.design} parameter sets ({setup.scenario.replications} replications at scale "
               f"{setup.scenario.scale}, {setup.scenario.start} to {setup.scenario.end}), cut {settings.cut:g}")

    def progress(event) -> None:
        if args.quiet:
            return
        done = event.evaluated - event.reused
        eta = clock_time(event.elapsed * (event.planned - event.evaluated) / done) if done > 0 else "--"
        print(f"wave {event.wave}: parameter sets {event.evaluated}/{event.planned} (reused {event.reused}), non-implausible "
              f"{event.non_implausible}, elapsed {clock_time(event.elapsed)}, ETA about {eta}", file=sys.stderr)

    with open_executor(args, kind) as executor:
        try:
            result = task.run_ensemble(settings, executor_evaluator(executor), work, resume=args.resume, progress=progress)
        except TaskInputError as error:
            return input_problem(error)
    path = task.write_ensemble_file(result, out, command_line)
    print(f"Ensemble written to {path}: {len(result.members)} members of {len(result.non_implausible)} non-implausible "
          f"parameter sets ({len(result.points)} evaluated in {clock_time(result.seconds)}); the calibrated point's largest "
          f"implausibility is {result.points[0].max_implausibility:.2f} ({result.points[0].worst_target}).")
    return EXIT_OK
