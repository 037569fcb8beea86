"""Reading a scenario: the public entry points, the TOML parsing and the building of a Scenario.

This is the top of the package: ``_build`` hands every key of a parsed file to the check of
its section (fields, region and period, economy, parameters, interventions, sweeps), gathers
the problems of all of them, and builds the frozen ``Scenario`` only when there are none.

Example:
    >>> scenario = scenario_from_dict({"name": "quick", "replications": 2, "scale": 0.1})
    >>> scenario.replications, scenario.scale, scenario.start
    (2, 0.1, '2014-01')
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from participation_model.numbers import non_finite_keys
from participation_model.params import load_parameters
from participation_model.scenario.economy import _check_economy
from participation_model.scenario.fields import (
    _check_description,
    _check_name,
    _check_parameter_draws,
    _check_replications,
    _check_scale,
    _check_seed,
)
from participation_model.scenario.interventions import _check_interventions, gemeente_readings
from participation_model.scenario.limits import (
    DEFAULT_END,
    DEFAULT_PARAMETER_DRAWS,
    DEFAULT_REGION,
    DEFAULT_REPLICATIONS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DEFAULT_START,
    TOP_LEVEL_KEYS,
)
from participation_model.scenario.objects import Scenario, _construct
from participation_model.scenario.parameters import (
    _check_calibration,
    _check_parameters,
    _check_parameters_file,
    _load_parameter_set,
)
from participation_model.scenario.problems import MISSING, Problem, ScenarioError, _check_unknown_keys
from participation_model.scenario.region_and_period import _check_period, _check_region, _check_warm_up
from participation_model.scenario.sweeps import _SweepContext, _check_sweep
from participation_model.tomlfile import MAX_BYTES


def load_scenario(path: str | Path) -> Scenario:
    """Read, check and return the scenario in a TOML file.

    Relative paths inside the file (``region``, ``parameters_file``) are taken relative to the
    file's folder. The file's SHA-256 and resolved path are kept on the result for manifests.

    Raises:
        ScenarioError: listing every problem; a missing file or a TOML syntax error (with its
            line) is reported on its own, since nothing else can be checked then.

    Example:
        >>> load_scenario("scenarios/baseline.toml").name   # doctest: +SKIP
        'baseline'
    """
    label = str(path)
    file_path = Path(path)
    if not file_path.exists():
        raise ScenarioError(
            label,
            [Problem(None, MISSING, f"file not found (looked for {file_path.resolve()})", "")],
        )
    if not file_path.is_file():
        what = "a folder" if file_path.is_dir() else "not a regular file (a device or a pipe)"
        raise ScenarioError(label, [Problem(None, MISSING, f"this is {what}, not a scenario file", "a TOML text file")])
    try:
        if file_path.stat().st_size > MAX_BYTES:
            raise ScenarioError(label, [Problem(None, MISSING, f"the file has {file_path.stat().st_size:,} bytes", f"a scenario file of at most {MAX_BYTES:,} bytes")])
        raw = file_path.read_bytes()
    except OSError as exc:
        raise ScenarioError(label, [Problem(None, MISSING, f"cannot read the file: {exc.strerror or exc}", "")]) from None
    data = _parse_toml(raw, label)
    resolved = file_path.resolve()
    return _build(
        data,
        label=label,
        base_dir=resolved.parent,
        source_path=resolved,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def scenario_from_dict(data: Mapping[str, Any], source: str | Path | None = None) -> Scenario:
    """Check and return a scenario given as a dict (the parsed TOML).

    Args:
        data: the scenario's keys and values, as ``tomllib`` would return them.
        source: where the data came from; used in messages and as the folder that relative
            paths are resolved against (the current folder when None).

    Raises:
        ScenarioError: listing every problem.

    Example:
        >>> scenario_from_dict({"name": "quick", "replications": 2}).replications
        2
    """
    if source is None:
        return _build(data, label="<scenario>", base_dir=Path.cwd(), source_path=None, sha256=None)
    source_path = Path(source).resolve()
    return _build(
        data, label=str(source), base_dir=source_path.parent, source_path=source_path, sha256=None
    )


def default_scenario() -> Scenario:
    """Return the historical baseline without reading a file.

    It has the same values as the shipped ``scenarios/baseline.toml`` apart from its
    calibration (a file of the repository, not of the package): the bundled
    Oost-Groningen region, 2014-01 to 2025-12, 10 replications at scale 1.0, seed 20140101.

    Example:
        >>> default_scenario().name
        'baseline'
    """
    return scenario_from_dict(
        {
            "name": "baseline",
            "description": "Historical baseline for Oost-Groningen, 2014-2025, no interventions.",
        },
        source=None,
    )


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_HINT = (
    'TOML: text in "double quotes", numbers and true/false without quotes, '
    "one key = value per line, [table] headers on their own line"
)


def _parse_toml(raw: bytes, label: str) -> dict[str, Any]:
    """Parse TOML bytes, turning decode and syntax errors into a ScenarioError with the line."""
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (some Windows editors) is not part of the text
    except UnicodeDecodeError as exc:
        problem = Problem(None, MISSING, f"the file is not UTF-8 text ({exc.reason})", "")
        raise ScenarioError(label, [problem]) from None
    try:
        data = tomllib.loads(text)
        non_finite_keys(data)  # walks the whole tree: a structure too deep to walk is refused here
        return data
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(label, [_syntax_problem(str(exc), text)]) from None
    except RecursionError:
        problem = Problem(None, MISSING, "tables or arrays nested too deeply", "a scenario of the documented layout (docs/scenario-reference.md)")
        raise ScenarioError(label, [problem]) from None


def _syntax_problem(message: str, text: str) -> Problem:
    """Turn tomllib's message into a Problem that names the line and quotes it.

    Example:
        >>> problem = _syntax_problem("Invalid value (at line 2, column 8)", "a = 1\\nseed = x")
        >>> problem.render("f")  # doctest: +ELLIPSIS
        'f: line 2: TOML syntax error: Invalid value (column 8, in `seed = x`); allowed: ...'
    """
    match = _TOML_POSITION.search(message)
    if match is None:
        return Problem(None, MISSING, f"TOML syntax error: {message}", _TOML_HINT)
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.splitlines()
    quoted = f", in `{lines[line - 1].strip()}`" if 0 < line <= len(lines) else ""
    reason = message[: match.start()]
    return Problem(
        None, MISSING, f"TOML syntax error: {reason} (column {column}{quoted})", _TOML_HINT, line
    )


def _build(
    data: Mapping[str, Any],
    *,
    label: str,
    base_dir: Path,
    source_path: Path | None,
    sha256: str | None,
) -> Scenario:
    """Check every key of ``data`` and build the Scenario, or raise one ScenarioError."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise ScenarioError(label, [Problem(None, data, "a scenario must be a TOML table", "")])
    _check_unknown_keys(data, TOP_LEVEL_KEYS, "", problems)

    fields: dict[str, Any] = {
        "name": _check_name(data.get("name", MISSING), problems),
        "description": _check_description(data.get("description", ""), problems),
        "seed": _check_seed("seed", data.get("seed", DEFAULT_SEED), problems),
        "replications": _check_replications(
            "replications", data.get("replications", DEFAULT_REPLICATIONS), problems
        ),
        "scale": _check_scale("scale", data.get("scale", DEFAULT_SCALE), problems),
        "source_path": source_path,
        "sha256": sha256,
    }
    region_text = data.get("region", DEFAULT_REGION)
    region = _check_region(region_text, base_dir, problems)
    fields["region"] = region_text
    fields["region_path"] = region.path if region is not None else None
    fields["start"], fields["end"] = _check_period(
        data.get("start", DEFAULT_START), data.get("end", DEFAULT_END), region, problems
    )
    fields["warm_up_from"] = _check_warm_up(data.get("warm_up_from"), fields["start"], region, problems)
    fields["economy"] = _check_economy(data.get("economy", {}), region, base_dir, problems)

    raw_parameters = data.get("parameters", {})
    parameters_file = _check_parameters_file(data.get("parameters_file"), base_dir, problems)
    parameter_set = _load_parameter_set(
        parameters_file, data.get("parameters_file"), raw_parameters, problems
    )
    fields["parameters_file"] = parameters_file
    fields["parameters"] = _check_parameters(raw_parameters, parameter_set, problems)
    fields["calibration"], fields["calibration_values"], fields["calibration_sha256"] = _check_calibration(
        data.get("calibration"), base_dir, parameters_file, problems
    )
    draws = _check_parameter_draws(
        "parameter_draws", data.get("parameter_draws", DEFAULT_PARAMETER_DRAWS), fields["calibration"],
        fields["calibration_values"], parameters_file, problems,
    )
    fields["parameter_draws"], fields["ensemble"], fields["ensemble_sha256"], fields["ensemble_draws"] = draws
    fields["interventions"] = _check_interventions(
        data.get("interventions", []), region, fields["start"], fields["end"], problems
    )
    fields["readings"] = gemeente_readings(fields["interventions"], region)
    if "sweep" in data:
        if parameter_set is None and data.get("parameters_file") is None:
            parameter_set = load_parameters()
        context = _SweepContext(fields["interventions"], region, fields["start"], fields["end"])
        fields["sweep"] = _check_sweep(data["sweep"], parameter_set, problems, context)

    # nan and inf pass range checks quietly; every one left that no field check named is refused here
    named = {p.key for p in problems}
    problems += [Problem(key, value, "", "a finite number") for key, value in non_finite_keys(data) if key not in named]
    if problems:
        raise ScenarioError(label, problems)
    return _construct(Scenario, fields, label)
