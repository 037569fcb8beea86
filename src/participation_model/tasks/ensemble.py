"""The ``ensemble`` task: history matching around the calibration, and the ensemble file.

``prepare_ensemble`` reads the settings file and the calibration it is centred on before
anything runs; ``run_ensemble`` runs the waves on the evaluator given (a process pool or
Dask, through :func:`participation_model.analysis.evaluators.executor_evaluator`), with a log
in the work folder that ``resume=True`` continues; :func:`write_ensemble_file` writes
``<calibrated stem>-ensemble.toml`` next to the calibrated file, with its provenance and the
members in draw order (:mod:`participation_model.analysis.ensemble` explains the method).

Example:
    >>> settings = prepare_ensemble("calibration/ensembles/oost-groningen.toml")       # doctest: +SKIP
    >>> with make_executor("local") as executor:                                         # doctest: +SKIP
    ...     result = run_ensemble(settings, executor_evaluator(executor), Path("outputs/calibration/oost-groningen-ensemble"))
    >>> write_ensemble_file(result, settings.out, ["example"])                          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from participation_model import __version__
from participation_model.analysis.calibration import CalibrationError, model_fingerprint
from participation_model.analysis.ensemble import METHOD, EnsembleError, EnsembleProgress, EnsembleResult, EnsembleSettings, load_settings
from participation_model.analysis.evaluators import Evaluator
from participation_model.analysis.targets import TargetError
from participation_model.calibrated import write_ensemble
from participation_model.tasks.calibrate import _relative
from participation_model.tasks.common import located
from participation_model.tomlfile import read_toml

#: how draws are ordered, written into every ensemble file
ORDER = "members in a seeded random order: a run with --parameter-draws N uses members 0 to N-1"


def prepare_ensemble(settings: str | Path, *, design: int | None = None, members: int | None = None) -> EnsembleSettings:
    """The checked settings (and the calibration they are centred on); raises TaskInputError.

    Example:
        >>> prepare_ensemble("calibration/ensembles/oost-groningen.toml").cut  # doctest: +SKIP
        3.0
    """
    try:
        return load_settings(settings, design=design, members=members)
    except (EnsembleError, CalibrationError, TargetError) as error:
        raise located(error) from None


def run_ensemble(
    settings: EnsembleSettings,
    evaluator: Evaluator,
    work: Path,
    *,
    resume: bool = False,
    progress: Callable[[EnsembleProgress], None] | None = None,
) -> EnsembleResult:
    """Run the waves on ``evaluator`` with the log in ``work``; raises TaskInputError for a log of another setup or an empty ensemble."""
    from participation_model.analysis.ensemble import history_match

    try:
        return history_match(settings, evaluator, work, resume=resume, progress=progress)
    except (CalibrationError, EnsembleError) as error:
        raise located(error) from None


def write_ensemble_file(result: EnsembleResult, path: str | Path, command_line: Sequence[str]) -> Path:
    """Write the ensemble file: provenance, the searched and the members' range per parameter, the members in draw order."""
    settings, setup = result.settings, result.settings.setup
    out = Path(path).resolve()
    names = [p.name for p in setup.free]
    centre = result.points[0]
    prov: dict[str, Any] = {
        "name": settings.name,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "model_version": __version__,
        "model_fingerprint": model_fingerprint(),
        "method": METHOD,
        "settings_file": _relative(settings.path, out.parent),
        "settings_sha256": settings.sha256,
        "calibrated_file": _relative(settings.calibrated.path, out.parent),
        "calibrated_sha256": settings.calibrated.sha256,
        "targets_file": _relative(setup.targets.path, out.parent),
        "targets_sha256": setup.targets.sha256,
        "parameters_file": _relative(setup.params.path, out.parent),
        "parameters_sha256": setup.params.sha256,
        "region": setup.scenario.region,
        "region_sha256": read_toml(setup.scenario.region_path, ValueError, "region file")[1],
        "cut": settings.cut,
        "discrepancy": settings.discrepancy,
        "width": settings.width,
        "waves": settings.waves,
        "widen": settings.widen,
        "design": settings.design,
        "design_seed": settings.design_seed,
        "seed": setup.scenario.seed,
        "replications": setup.scenario.replications,
        "scale": setup.scenario.scale,
        "start": setup.scenario.start,
        "end": setup.scenario.end,
        "targets": len(setup.fitted),
        "evaluations": len(result.points),
        "non_implausible": len(result.non_implausible),
        "members": len(result.members),
        "centre_max_implausibility": round(centre.max_implausibility, 4),
        "centre_worst_target": centre.worst_target,
        "order": ORDER,
        "parameters": names,
        "command": " ".join(command_line),
    }
    parameters = {}
    for p in setup.free:
        values = [m.parameters[p.name] for m in result.members]
        parameters[p.name] = {"unit": p.unit, "low": p.low, "high": p.high, "centre": settings.calibrated.values[p.name],
                              "members_low": min(values), "members_high": max(values)}  # fmt: skip
    members = [
        {"values": [m.parameters[n] for n in names], "max_implausibility": round(m.max_implausibility, 4), "worst_target": m.worst_target, "wave": m.wave}
        for m in result.members
    ]
    header = (
        f"Parameter ensemble '{settings.name}': written by `participation-model ensemble`; do not edit by hand.\n"
        "Parameter sets around the calibrated file that its targets do not rule out (history matching,\n"
        "docs/calibration.md). Runs draw from it with --parameter-draws N: draw d uses member d.\n"
        "[provenance] says what produced it; every [[member]] lists its values in the order of provenance.parameters."
    )
    return write_ensemble(out, prov, parameters, members, header)
