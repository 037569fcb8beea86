"""What every command shares: exit codes, the shared flags, printing an input problem, the dashboard step.

One place for the flags several commands take (``--replications``, ``--seed``, ``--scale``,
``--out``, ``--quiet``; the executor flags; the dashboard flags), so a flag means the same in
every command.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_run_flags(parser, "number of replications", "output folder")
    >>> parser.parse_args(["--scale", "0.1"]).scale
    0.1
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from participation_model.tasks.common import TaskInputError

if TYPE_CHECKING:
    from participation_model.experiments.executors import Executor

PROG = "participation-model"

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

#: languages of the dashboards and the app (labels in reports/dashboard/labels.py)
LANGUAGES = ("en", "nl")


def input_problem(error: TaskInputError) -> int:
    """Print a task's input problem on stderr and return the input exit code (2).

    Example:
        >>> input_problem(TaskInputError("--samples 1: allowed: at least 2"))  # doctest: +SKIP
        2
    """
    print(error.text(), file=sys.stderr)
    return EXIT_INPUT


def warn(warnings: tuple[str, ...] | list[str]) -> None:
    """Print each warning on stderr as ``warning: ...``."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


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


def run_flags(args: argparse.Namespace) -> dict[str, object]:
    """The run flags as keyword arguments of a task's ``prepare``.

    Example:
        >>> from types import SimpleNamespace as NS
        >>> run_flags(NS(seed=None, replications=2, scale=0.1, out=None))
        {'seed': None, 'replications': 2, 'scale': 0.1, 'out': None}
    """
    return {"seed": args.seed, "replications": args.replications, "scale": args.scale, "out": args.out}


def add_dashboard_flags(parser: argparse.ArgumentParser) -> None:
    """The dashboard written at the end of run, compare and sensitivity."""
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the dashboard's labels (default en)")
    parser.add_argument("--no-dashboard", action="store_true", help="do not write dashboard.html")


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


def checked_executor(args: argparse.Namespace) -> str:
    """The executor kind of the flags; raises TaskInputError for flags that do not fit together.

    Example:
        >>> from types import SimpleNamespace as NS
        >>> checked_executor(NS(executor="local", scheduler="tcp://h:8786", dask_workers=None, workers=None))
        Traceback (most recent call last):
        participation_model.tasks.common.TaskInputError: --scheduler and --dask-workers need --executor dask
    """
    kind, problem = executor_kind(args)
    if problem:
        raise TaskInputError(problem)
    return kind


def open_executor(args: argparse.Namespace, kind: str) -> Executor:
    """The executor of the flags, as a context manager (:func:`~participation_model.experiments.executors.make_executor`)."""
    from participation_model.experiments.executors import make_executor

    return make_executor(kind, workers=args.workers, scheduler=args.scheduler, dask_workers=args.dask_workers)


def write_folder_dashboard(args: argparse.Namespace, folder: Path) -> int:
    """Write the dashboard of a finished output folder; the results stay even if this fails."""
    if getattr(args, "no_dashboard", False):
        return EXIT_OK
    from participation_model.reports.dashboard import write_dashboard

    try:
        page = write_dashboard(folder, lang=args.lang)
    except Exception as error:  # the results are written; say what failed and exit non-zero
        print(f"error: the results are in {display_path(folder)}, but the dashboard failed: {one_line(error)}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Dashboard: {display_path(page)} (open it in a browser; it works offline).")
    return EXIT_OK


def display_path(path: Path) -> str:
    """A path relative to the current folder when it is inside it, else absolute.

    Example:
        >>> display_path(Path.cwd() / "outputs" / "x")
        'outputs/x'
    """
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def one_line(error: BaseException) -> str:
    """``TypeName: first line of the message`` for a one-line error report.

    Example:
        >>> one_line(ValueError("bad\\nmore"))
        'ValueError: bad ...'
    """
    lines = str(error).strip().splitlines()
    first = lines[0] if lines else ""
    more = " ..." if len(lines) > 1 else ""
    return f"{type(error).__name__}: {first}{more}" if first else type(error).__name__
