"""Calibrated parameter files: fitted values with the provenance that produced them.

``participation-model calibrate`` writes ``calibration/calibrated/<name>.toml``; scenarios use
it through their ``calibration`` key (the bundled baseline does). The file has three parts::

    [provenance]                      # what produced the values: files and their sha256,
    targets_file = "../targets/oost-groningen.toml"   # (paths relative to this file)
    targets_sha256 = "..."            # model version, method, seeds, objective, ...

    [parameters."matching.efficiency"]
    value = 0.335                     # the fitted value (in the parameter file's unit)
    start = 0.32                      # the parameter file's value the search started from
    low = 0.2                         # the searched range
    high = 0.48

    [fit."netto_participation_2016"]  # every target at the fitted values (for reading only)
    target = 60.9
    model = 60.84
    z = -0.12

Reading checks the parameters against the parameter set (known names, values inside their
bounds), and :func:`provenance_problems` says whether the files the calibration was made with
have changed since (a stale calibration), so a run can warn about it.

``participation-model ensemble`` writes, next to a calibrated file, its **ensemble**
``<stem>-ensemble.toml``: the parameter sets around the calibrated values that the targets do
not rule out (history matching, :mod:`participation_model.analysis.ensemble`), as
``[[member]]`` tables in draw order. :func:`load_ensemble` reads and checks it,
:func:`ensemble_problems` says whether its inputs changed since; runs draw from it with
``--parameter-draws``.

Example:
    >>> from pathlib import Path
    >>> c = load_calibrated(Path(__file__).parents[2] / "calibration" / "calibrated" / "oost-groningen.toml")
    >>> "matching.efficiency" in c.values and c.provenance["name"] == "oost-groningen"
    True
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from participation_model.params import ParameterSet, load_parameters
from participation_model.tomlfile import read_toml

#: provenance keys every calibrated file has
REQUIRED_PROVENANCE = ("name", "model_version", "targets_file", "targets_sha256", "parameters_sha256", "region_sha256", "objective")


class CalibrationFileError(ValueError):
    """A calibrated file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Calibrated:
    """A loaded calibrated-parameters file.

    Attributes:
        path: resolved path of the file.
        sha256: sha256 of its bytes (for manifests).
        values: dotted parameter name -> fitted value.
        provenance: the ``[provenance]`` table.
        fit: target name -> its table (target, model, z, ...), for reports.
    """

    path: Path
    sha256: str
    values: dict[str, float]
    provenance: dict[str, Any]
    fit: dict[str, dict[str, Any]] = field(default_factory=dict)


def _read_with_provenance(file: Path, what: str, tables: tuple[str, ...], allowed: str, required: Sequence[str],
                          command: str) -> tuple[dict[str, Any], str, dict[str, Any]]:  # fmt: skip
    """Read a file written by ``participation-model <command>``: its tables, and a [provenance] with the required keys.

    One reading for the calibrated file and its ensemble; errors name the file, the key and what is allowed.
    """
    raw, digest = read_toml(file, CalibrationFileError, what)
    unknown = [k for k in raw if k not in ("provenance", *tables)]
    if unknown:
        raise CalibrationFileError(f"{file}: key {unknown[0]!r}: allowed: [provenance], {allowed}")
    provenance = raw.get("provenance")
    if not isinstance(provenance, dict):
        raise CalibrationFileError(f"{file}: key 'provenance' is missing; allowed: a [provenance] table as written by `participation-model {command}`")
    missing = [k for k in required if k not in provenance]
    if missing:
        raise CalibrationFileError(f"{file}: key 'provenance.{missing[0]}' is missing; required: {', '.join(required)}")
    return raw, digest, provenance


def load_calibrated(path: str | Path, params: ParameterSet | None = None) -> Calibrated:
    """Read and check a calibrated file against the parameter set (default: the bundled one)."""
    file = Path(path)
    raw, digest, provenance = _read_with_provenance(file, "calibrated parameter file", ("parameters", "fit"),
                                                    '[parameters."<name>"] and [fit."<target>"] tables', REQUIRED_PROVENANCE, "calibrate")  # fmt: skip
    tables = raw.get("parameters")
    if not isinstance(tables, dict) or not tables:
        raise CalibrationFileError(f"{file}: key 'parameters': allowed: one or more [parameters.\"<dotted name>\"] tables with a value")
    params = params or load_parameters()
    values = {name: _value(file, name, table, params) for name, table in tables.items()}
    return Calibrated(file.resolve(), digest, values, provenance, dict(raw.get("fit", {})))


def _value(file: Path, name: str, table: Any, params: ParameterSet) -> float:
    where = f"{file}: key 'parameters.{name}'"
    if name not in params.specs:
        raise CalibrationFileError(f"{where}: not a parameter of {params.path.name}; allowed: a dotted name from the parameter file, e.g. 'matching.efficiency'")
    if not isinstance(table, dict) or "value" not in table:
        raise CalibrationFileError(f"{where}: allowed: a table with a 'value'")
    return _member_value(f"{where}.value", name, table["value"], params)


def provenance_problems(calibrated: Calibrated, params: ParameterSet | None = None, region_sha256: str | None = None) -> list[str]:
    """What changed since the calibration: a stale targets, parameter or region file.

    The calibration is still usable, but its fit was made against other inputs; the run
    warns and the user recalibrates (``docs/calibration.md``).
    """
    return source_problems(calibrated.path, calibrated.provenance, (("targets", "targets file"),), params, region_sha256,
                           "it was calibrated to", "the calibration (recalibrate)")  # fmt: skip


def source_problems(path: Path, prov: Mapping[str, Any], files: tuple[tuple[str, str], ...], params: ParameterSet | None,
                    region_sha256: str | None, made_from: str, since: str) -> list[str]:  # fmt: skip
    """Which inputs recorded in a provenance table (``<key>_file``/``<key>_sha256``, parameters, region) changed or went missing.

    One check for the calibrated file and its ensemble; ``made_from`` and ``since`` word the messages.

    Example:
        >>> source_problems(Path("x.toml"), {"targets_file": "nowhere.toml", "parameters_sha256": load_parameters().sha256},
        ...                 (("targets", "targets file"),), None, None, "it was made from", "then")[0].endswith("it was made from is missing")
        True
    """
    out = []
    for key, what in files:
        source = (path.parent / str(prov[f"{key}_file"])).resolve()
        if not source.is_file():
            out.append(f"{path}: the {what} {source} {made_from} is missing")
        elif read_toml(source, CalibrationFileError, what)[1] != prov[f"{key}_sha256"]:
            out.append(f"{path}: the {what} {source} changed since {since}")
    params = params or load_parameters()
    if params.sha256 != prov["parameters_sha256"]:
        out.append(f"{path}: the parameter file {params.path} changed since {since}")
    if region_sha256 is not None and region_sha256 != prov["region_sha256"]:
        out.append(f"{path}: the region file changed since {since}")
    return out


def _head_lines(header: str, provenance: Mapping[str, Any], parameters: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The lines a calibrated file and an ensemble file share: the comment header, [provenance], [parameters."<name>"]."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["", "[provenance]", *_pairs(provenance)]
    for name, table in parameters.items():
        lines += ["", f"[parameters.{_string(name)}]", *_pairs(table)]
    return lines


def write_calibrated(
    path: str | Path,
    provenance: Mapping[str, Any],
    parameters: Mapping[str, Mapping[str, Any]],
    fit: Mapping[str, Mapping[str, Any]],
    header: str = "",
) -> Path:
    """Write a calibrated file atomically (a temporary file, then a rename: never half-written).

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> p = write_calibrated(d / "x.toml", {"name": "x"}, {"matching.efficiency": {"value": 0.3}}, {})
        >>> "[parameters.\\"matching.efficiency\\"]" in p.read_text()
        True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = _head_lines(header, provenance, parameters)
    for name, table in fit.items():
        lines += ["", f"[fit.{_string(name)}]", *_pairs(table)]
    return _write_atomically(target, "\n".join(lines).lstrip("\n") + "\n")


def _write_atomically(target: Path, text: str) -> Path:
    """Write ``text`` to ``target`` through a temporary file and a rename: never half-written."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # a data file of the repository, readable like the others (mkstemp makes it private)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _pairs(table: Mapping[str, Any]) -> list[str]:
    return [f"{key} = {_toml_value(value)}" for key, value in table.items() if value is not None]


def _string(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _toml_value(value: Any) -> str:
    """A TOML literal for the plain values the file holds (no nested tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return _string(value)


# ---------------------------------------------------------------- parameter ensembles

#: provenance keys every ensemble file has
ENSEMBLE_PROVENANCE = (
    "name", "method", "parameters", "calibrated_file", "calibrated_sha256", "targets_file", "targets_sha256",
    "parameters_sha256", "region_sha256", "settings_file", "settings_sha256",
)  # fmt: skip


@dataclass(frozen=True)
class Ensemble:
    """A loaded ensemble file: parameter sets the calibration's targets do not rule out.

    ``participation-model ensemble`` writes it next to the calibrated file it is centred on
    (:func:`ensemble_path`). The members are stored in a seeded random order, so the first
    ``n`` are a simple random sample of the ensemble: a run with ``--parameter-draws n`` uses
    members ``0 .. n-1`` (:meth:`draws`).

    Attributes:
        path: resolved path of the file.
        sha256: sha256 of its bytes (for manifests).
        names: the free parameters, in the order of every member's values.
        members: one dict (parameter -> value) per member, in draw order.
        max_implausibility: per member, its largest implausibility over the targets.
        provenance: the ``[provenance]`` table.
    """

    path: Path
    sha256: str
    names: tuple[str, ...]
    members: tuple[dict[str, float], ...]
    max_implausibility: tuple[float, ...]
    provenance: dict[str, Any]

    def draws(self, n: int) -> tuple[dict[str, float], ...]:
        """The parameter sets of draws ``0 .. n-1`` (members in the file's order).

        Example:
            >>> e = Ensemble(Path("e.toml"), "", ("a",), ({"a": 1.0}, {"a": 2.0}), (1.0, 2.0), {})
            >>> e.draws(1)
            ({'a': 1.0},)
        """
        if not 0 <= n <= len(self.members):
            raise ValueError(f"{self.path}: {n} draws asked; allowed: 0 to {len(self.members)} (the ensemble's members)")
        return self.members[:n]


def ensemble_path(calibrated_path: str | Path) -> Path:
    """Where the ensemble of a calibrated file lives: ``<stem>-ensemble.toml`` next to it.

    Example:
        >>> ensemble_path("calibration/calibrated/oost-groningen.toml").as_posix()
        'calibration/calibrated/oost-groningen-ensemble.toml'
    """
    path = Path(calibrated_path)
    return path.with_name(f"{path.stem}-ensemble.toml")


def load_ensemble(path: str | Path, params: ParameterSet | None = None) -> Ensemble:
    """Read and check an ensemble file: known parameters, every member's values inside their bounds.

    Example:
        >>> e = load_ensemble(Path(__file__).parents[2] / "calibration" / "calibrated" / "oost-groningen-ensemble.toml")
        >>> len(e.members) > 1 and set(e.members[0]) == set(e.names)
        True
    """
    file = Path(path)
    raw, digest, prov = _read_with_provenance(file, "ensemble file", ("parameters", "member"),
                                              '[parameters."<name>"] and [[member]] tables', ENSEMBLE_PROVENANCE, "ensemble")  # fmt: skip
    params = params or load_parameters()
    names = prov["parameters"]
    if not isinstance(names, list) or not names or any(n not in params.specs for n in names):
        raise CalibrationFileError(f"{file}: key 'provenance.parameters': got {names!r}; allowed: a list of dotted names of {params.path.name}")
    rows = raw.get("member")
    if not isinstance(rows, list) or not rows:
        raise CalibrationFileError(f"{file}: key 'member': allowed: one or more [[member]] tables with values and max_implausibility")
    members, worst = [], []
    for number, row in enumerate(rows):
        where = f"{file}: key 'member[{number}]'"
        values = row.get("values") if isinstance(row, dict) else None
        if not isinstance(values, list) or len(values) != len(names):
            raise CalibrationFileError(f"{where}.values: allowed: a list of {len(names)} numbers, in the order of provenance.parameters")
        members.append({n: _member_value(f"{where}.values ({n})", n, v, params) for n, v in zip(names, values)})
        implausibility = row.get("max_implausibility")
        if isinstance(implausibility, bool) or not isinstance(implausibility, (int, float)):
            raise CalibrationFileError(f"{where}.max_implausibility: got {implausibility!r}; allowed: a number")
        worst.append(float(implausibility))
    return Ensemble(file.resolve(), digest, tuple(names), tuple(members), tuple(worst), prov)


def _member_value(where: str, name: str, value: Any, params: ParameterSet) -> float:
    """A parameter value within the parameter file's bounds; ``where`` names the file and key in the message."""
    spec = params.spec(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not spec.min <= value <= spec.max:
        raise CalibrationFileError(f"{where}: got {value!r}; allowed: a number from {spec.min} to {spec.max} ({spec.unit})")
    return float(value)


def ensemble_problems(ensemble: Ensemble, params: ParameterSet | None = None, region_sha256: str | None = None) -> list[str]:
    """What changed since the ensemble was made: its calibrated file, settings, targets, parameter or region file.

    A stale ensemble still runs, but its members were judged against other inputs; the run
    warns and the user regenerates it (``participation-model ensemble``, docs/calibration.md).
    """
    files = (("calibrated", "calibrated file"), ("settings", "ensemble settings file"), ("targets", "targets file"))
    return source_problems(ensemble.path, ensemble.provenance, files, params, region_sha256,
                           "it was made from", "the ensemble was made (regenerate it)")  # fmt: skip


def write_ensemble(
    path: str | Path,
    provenance: Mapping[str, Any],
    parameters: Mapping[str, Mapping[str, Any]],
    members: list[Mapping[str, Any]],
    header: str = "",
) -> Path:
    """Write an ensemble file atomically: provenance, one table per parameter, one ``[[member]]`` per member.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> p = write_ensemble(d / "e.toml", {"parameters": ["matching.efficiency"]}, {}, [{"values": [1.2], "max_implausibility": 2.0}])
        >>> p.read_text().splitlines()[-3:]
        ['[[member]]', 'values = [1.2]', 'max_implausibility = 2.0']
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = _head_lines(header, provenance, parameters)
    for member in members:
        lines += ["", "[[member]]", *_pairs(member)]
    return _write_atomically(target, "\n".join(lines).lstrip("\n") + "\n")
