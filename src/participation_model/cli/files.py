"""``validate``, ``init``, ``schema``, ``dashboard`` and ``serve``: the commands that check, set up and show.

Example (shell)::

    participation-model validate scenarios/baseline.toml
    participation-model init participation-work
    participation-model schema --out scenario.schema.json
    participation-model dashboard outputs/baseline --lang nl
    participation-model serve --open
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from participation_model.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    LANGUAGES,
    display_path,
    input_problem,
    path_argument,
    warn,
)
from participation_model.cli.text import describe_scenario
from participation_model.tasks import TaskInputError


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``validate``, ``init``, ``schema``, ``dashboard`` and ``serve`` to the main parser's sub-commands."""
    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check a scenario file and describe it",
        description="Check a scenario file without running it: print a description of it "
        "(exit 0) or every problem found (exit 2).",
    )
    validate.add_argument("scenario", metavar="SCENARIO", help="scenario TOML file")

    init = commands.add_parser(
        "init",
        parents=[common],
        help="copy the shipped scenarios, calibration files and design specs into a working folder",
        description="Copy the shipped scenarios/, calibration/ and designs/ files (the baseline, the instrument "
        "scenarios, the targets, the calibrated parameters and the design specs) into DIR, so an installed package can "
        "run them: cd DIR && participation-model run scenarios/baseline.toml. Nothing is overwritten.",
    )
    init.add_argument("directory", metavar="DIR", type=path_argument, help="a new folder, or one without scenarios/, calibration/ and designs/")

    schema_cmd = commands.add_parser(
        "schema",
        parents=[common],
        help="write the JSON Schema of scenario files (for editors that complete and check keys)",
        description="Write a JSON Schema (draft 2020-12) of scenario files, generated from the validation's "
        "declarations: top-level keys, parameters with their ranges, every intervention type with its fields.",
    )
    schema_cmd.add_argument("--out", type=path_argument, metavar="FILE", help="write to FILE instead of standard output")
    schema_cmd.add_argument("--region", default="oost-groningen", help="region whose sectors, locations and gemeenten are allowed (default oost-groningen)")
    schema_cmd.add_argument("--update-reference", type=path_argument, metavar="FILE", help="instead, rewrite the generated tables of FILE (docs/scenario-reference.md) from the declarations")

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
        "groups, run against the baseline in the background and see the comparison charts; or start a design "
        "(participation-model design) of a spec in the designs folder and read its card (docs/app.md).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    serve.add_argument("--scenarios", type=path_argument, default=Path("scenarios"), metavar="DIR", help="folder of scenario files (default scenarios)")
    serve.add_argument("--baseline", type=path_argument, default=Path("scenarios/baseline.toml"), metavar="FILE", help="baseline scenario (default scenarios/baseline.toml)")
    serve.add_argument("--designs", type=path_argument, default=Path("designs"), metavar="DIR",
                       help="folder of design specs for the 'Design a package' panel (default designs; missing: none offered)")
    serve.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels (default en)")
    serve.add_argument("--open", action="store_true", help="open the app in the default web browser")


def validate_command(path: str) -> int:
    """Check a scenario file; print a description (exit 0) or its problems (exit 2).

    Example:
        >>> validate_command("scenarios/baseline.toml")  # doctest: +SKIP
        Scenario 'baseline' (scenarios/baseline.toml) is valid. ...
        0
    """
    from participation_model.tasks.validate import validate

    try:
        checked = validate(path)
    except TaskInputError as error:
        return input_problem(error)
    print(describe_scenario(checked.scenario, path))
    warn(checked.warnings)
    return EXIT_OK


def init_command(args: argparse.Namespace) -> int:
    """``participation-model init DIR``: exit 2 (nothing copied) when DIR holds scenarios/, calibration/ or designs/ already."""
    from participation_model.tasks import init

    try:
        prepared = init.prepare(args.directory)
    except TaskInputError as error:
        return input_problem(error)
    files = init.perform(prepared)
    scenarios = sum(1 for f in files if f.parts[0] == "scenarios")
    print(f"Copied {scenarios} scenario files and {len(files) - scenarios} calibration files to {display_path(prepared.target)}.")
    print(f"Next: cd {display_path(prepared.target)} && participation-model run scenarios/baseline.toml")
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    """Print or write the scenario JSON Schema (written whole, or not at all)."""
    import json

    from participation_model.region import RegionError
    from participation_model.schema import scenario_schema

    if args.update_reference is not None:
        return _update_reference(Path(args.update_reference))
    try:
        text = json.dumps(scenario_schema(args.region), indent=2, ensure_ascii=False) + "\n"
    except RegionError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.out)
    if target.is_dir() or not target.parent.is_dir():
        print(f"error: --out {target}: allowed: a file path in an existing folder", file=sys.stderr)
        return EXIT_INPUT
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    print(f"Scenario schema written to {display_path(target)}.")
    return EXIT_OK


def _update_reference(path: Path) -> int:
    """Rewrite the generated tables of a reference file (written whole, or not at all)."""
    from participation_model.schema import update_reference

    try:
        text = path.read_text(encoding="utf-8")
        updated = update_reference(text)
    except (OSError, ValueError) as error:
        print(f"error: --update-reference {path}: {error}", file=sys.stderr)
        return EXIT_INPUT
    if updated != text:
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(updated, encoding="utf-8")
        partial.replace(path)
    print(f"{display_path(path)}: generated tables {'updated' if updated != text else 'already current'}.")
    return EXIT_OK


def dashboard_command(args: argparse.Namespace) -> int:
    """``participation-model dashboard OUTPUT_DIR``: exit 2 for a folder that is not an output folder."""
    from participation_model.reports.dashboard import DashboardError, write_dashboard

    try:
        page = write_dashboard(args.folder, lang=args.lang)
    except DashboardError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"Dashboard written to {display_path(page)}.")
    return EXIT_OK


def serve_command(args: argparse.Namespace) -> int:
    """``participation-model serve``: check the inputs, then run the app until interrupted."""
    from participation_model.app import serve

    if not 0 < args.port < 65536:
        print(f"error: --port {args.port}: allowed: 1 to 65535", file=sys.stderr)
        return EXIT_INPUT
    try:
        serve(host=args.host, port=args.port, scenarios_dir=args.scenarios, baseline=args.baseline, lang=args.lang,
              open_browser=args.open, designs_dir=args.designs)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK
