"""Parameter ensemble by history matching: the parameter sets the targets cannot rule out.

The calibration (:mod:`participation_model.analysis.calibration`) finds one best parameter
set. Runs with only that set treat the parameters as known, so their bands show the model's
randomness alone. This module finds, around the calibrated point, an *ensemble* of parameter
sets that all agree with the targets within their bands; runs and comparisons draw from it
(``--parameter-draws N``) and so carry what the targets leave open about behaviour.

**History matching** (Craig et al. 1997; Vernon, Goldstein and Bower 2010; Andrianakis et al.
2015 for stochastic models) rules sets out instead of fitting one. For a set x and every
fitted target t the implausibility is::

    I_t(x) = |m_t(x) - z_t| / sqrt(h_t^2 + (d h_t)^2 + s_t(x)^2 (scale + 1/R))

- ``m_t(x)`` the mean of the statistic over the R replications of x, ``z_t`` the target;
- ``h_t`` the half-width of the target's band, taken as one standard deviation of the
  observed figure's error (CBS rounding, sampling, definitions);
- ``d h_t`` the model discrepancy, the model's own structural error, in band half-widths
  (``discrepancy`` in the settings file, an assumption stated there);
- ``s_t(x)^2`` the variance of the statistic across the replications. The observed figure is
  one realisation of the region at full scale; a replication at the calibration's ``scale``
  varies about 1/scale times as much as a full-scale one (the statistics are means over
  simulated persons), so ``s^2 scale`` is the variance of that realisation and ``s^2 / R``
  the uncertainty of the model's mean.

A set is *non-implausible* when its largest I_t is below the ``cut`` (3: Pukelsheim's
three-sigma rule, 95% of any unimodal distribution lies within three standard deviations).
All sets run with the calibration's period, seed, replications and scale: replication r has
the same seed for every set (common random numbers), so sets differ only by their parameters.

The waves:

0. the calibrated point (the centre): its implausibility is reported, it is a candidate;
1. ``design`` sets from a Latin hypercube (``scipy.stats.qmc``) in the box of ``width`` times
   the searched range on each side of the centre, clipped to the range;
2. (``waves = 2``) ``design`` sets from a Latin hypercube in the bounding box of the
   non-implausible sets so far, widened by ``widen`` times the previous box on each side.

The calibration's differential evolution has searched the whole ranges for the best point;
the ensemble maps the non-implausible region around it. A second region far from the
calibrated point would be missed (docs/calibration.md says so). The members are the
non-implausible sets of all waves, at most ``members`` of them (a seeded choice when more
passed), stored in a seeded random order: the first n members are a simple random sample.

**Why no library.** pyabc (ABC-SMC) keeps its populations in an SQL database and needs redis,
dask.distributed, matplotlib, sqlalchemy and more; the ``history-matching`` package on the
registry is a single 2024 release built on netCDF and xarray; abcpy's last release is from
2021. None is installed. What history matching needs here is a Latin hypercube (scipy, a
dependency already), the formula above and a filter, with the evaluations going through the
project's executors (process pool, Dask) and a resumable log like the calibration's. The
model is cheap enough (about 2 s of CPU per set) to run at every point, so no Gaussian-process
emulator (the usual companion of history matching) is needed.

Example:
    >>> t = Target("x", 10.0, "percent", 2016, 2016, "rate", "d", "Oost-Groningen", "s", 1.0)
    >>> implausibility([{"x": 12.0}, {"x": 12.0}], [t], discrepancy=0.0, scale=1.0)
    {'x': 2.0}
    >>> round(implausibility([{"x": 12.0}, {"x": 12.0}], [t], discrepancy=1.0, scale=1.0)["x"], 4)
    1.4142
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import qmc

from participation_model.analysis.calibration import CalibrationSetup, Evaluation, EvaluationLog, load_setup
from participation_model.analysis.evaluators import Evaluator
from participation_model.analysis.objective import objective, statistics
from participation_model.analysis.targets import Target
from participation_model.calibrated import Calibrated, CalibrationFileError, ensemble_path, load_calibrated
from participation_model.tomlfile import read_toml

METHOD = "history-matching"
#: the settings file's ``[ensemble]`` keys, with what each may be
SETTINGS_KEYS = {
    "calibrated": "the calibrated file at the centre, relative to the settings file; its targets file and [calibration] table give the targets, free parameters and runs",
    "method": f"{METHOD!r} (the only method)",
    "cut": "largest implausibility of a member, a number > 0 (3: the three-sigma rule)",
    "discrepancy": "model discrepancy, as a standard deviation in half-widths of each target's band, a number >= 0",
    "width": "half-width of the first wave's box around the centre, as a share of each searched range, above 0 and at most 1",
    "waves": "1 or 2",
    "design": "parameter sets per wave, a whole number >= 2",
    "widen": "the second wave's box: the bounding box of the non-implausible sets, widened on each side by this share of the first box, >= 0",
    "members": "the most members the file keeps, a whole number >= 1",
    "design_seed": "seed of the Latin hypercubes and of the members' order, a whole number >= 0",
}
DEFAULTS: dict[str, Any] = {"method": METHOD, "cut": 3.0, "discrepancy": 0.5, "width": 0.25, "waves": 2, "design": 200, "widen": 0.1, "members": 100, "design_seed": 1}
#: parameter sets handed to the evaluator at once: the log is written after each batch, so an
#: interruption loses at most one batch
BATCH = 16


class EnsembleError(ValueError):
    """Ensemble settings that cannot be used; the message names the file, the key and what is allowed."""


@dataclass(frozen=True)
class EnsembleSettings:
    """A checked settings file: the calibration it is centred on and the history matching's settings."""

    path: Path
    sha256: str
    calibrated: Calibrated
    setup: CalibrationSetup
    cut: float
    discrepancy: float
    width: float
    waves: int
    design: int
    widen: float
    members: int
    design_seed: int

    @property
    def name(self) -> str:
        return str(self.calibrated.provenance["name"])

    @property
    def out(self) -> Path:
        """The ensemble file: ``<calibrated stem>-ensemble.toml`` next to the calibrated file."""
        return ensemble_path(self.calibrated.path)

    def centre(self) -> np.ndarray:
        """The calibrated values as a point of the unit cube of the free parameters."""
        return np.array([p.position(self.calibrated.values[p.name]) for p in self.setup.free])

    def fingerprint(self) -> str:
        """sha256 of what determines the evaluations (``members`` only thins the result)."""
        method = [self.cut, self.discrepancy, self.width, self.waves, self.design, self.widen, self.design_seed]
        content = {"setup": self.setup.fingerprint(), "calibrated": self.calibrated.sha256, "method": method}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def load_settings(path: str | Path, **overrides: Any) -> EnsembleSettings:
    """Read the settings file's ``[ensemble]`` table and the calibration it names; ``overrides`` replace keys.

    Errors name the file, the key and what is allowed.

    Example:
        >>> s = load_settings(Path(__file__).parents[3] / "calibration" / "ensembles" / "oost-groningen.toml")
        >>> s.out.name, s.cut
        ('oost-groningen-ensemble.toml', 3.0)
    """
    file = Path(path)
    raw, digest = read_toml(file, EnsembleError, "ensemble settings file")
    if list(raw) != ["ensemble"] or not isinstance(raw["ensemble"], dict):
        raise EnsembleError(f"{file}: allowed: one [ensemble] table with keys {', '.join(SETTINGS_KEYS)}")
    table = {**DEFAULTS, **raw["ensemble"], **{k: v for k, v in overrides.items() if v is not None}}
    unknown = [k for k in table if k not in SETTINGS_KEYS]
    if unknown:
        raise EnsembleError(f"{file}: key 'ensemble.{unknown[0]}': allowed keys: {', '.join(SETTINGS_KEYS)}")
    if table["method"] != METHOD:
        raise EnsembleError(f"{file}: key 'ensemble.method': got {table['method']!r}; allowed: {SETTINGS_KEYS['method']}")
    numbers = {"cut": (0.0, False), "discrepancy": (0.0, True), "width": (0.0, False), "widen": (0.0, True)}
    for key, (least, inclusive) in numbers.items():
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) or value < least or (value == least and not inclusive) or (key == "width" and value > 1):
            raise EnsembleError(f"{file}: key 'ensemble.{key}': got {value!r}; allowed: {SETTINGS_KEYS[key]}")
    for key, least, most in (("waves", 1, 2), ("design", 2, None), ("members", 1, None), ("design_seed", 0, None)):
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < least or (most is not None and value > most):
            raise EnsembleError(f"{file}: key 'ensemble.{key}': got {value!r}; allowed: {SETTINGS_KEYS[key]}")
    calibrated, setup = _calibration(file, table.get("calibrated"))
    return EnsembleSettings(
        file.resolve(), digest, calibrated, setup, float(table["cut"]), float(table["discrepancy"]), float(table["width"]),
        table["waves"], table["design"], float(table["widen"]), table["members"], table["design_seed"],
    )


def _calibration(file: Path, value: Any) -> tuple[Calibrated, CalibrationSetup]:
    """The calibrated file and the set-up of the calibration that made it (targets, free parameters, runs)."""
    if not isinstance(value, str) or not value.strip():
        raise EnsembleError(f"{file}: key 'ensemble.calibrated': got {value!r}; allowed: {SETTINGS_KEYS['calibrated']}")
    try:
        calibrated = load_calibrated(file.parent / value)
    except CalibrationFileError as error:
        raise EnsembleError(f"{file}: key 'ensemble.calibrated': {error}") from None
    prov = calibrated.provenance
    targets = (calibrated.path.parent / str(prov["targets_file"])).resolve()
    setup = load_setup(targets, holdout=bool(prov.get("holdout", False)), replications=prov.get("replications"), scale=prov.get("scale"))
    free = [p.name for p in setup.free]
    if sorted(free) != sorted(calibrated.values):
        raise EnsembleError(f"{file}: key 'ensemble.calibrated': {calibrated.path} fits {sorted(calibrated.values)}, but {targets.name} frees {sorted(free)}; recalibrate first")
    return calibrated, setup


# ---------------------------------------------------------------- implausibility


def implausibility(per_replication: Sequence[Mapping[str, float]], targets: Sequence[Target], *, discrepancy: float, scale: float) -> dict[str, float]:
    """I_t per target (module docstring): distance of the replication mean from the target, in standard deviations.

    With one replication the model's variance is unknown and counted as zero.
    """
    r = len(per_replication)
    out = {}
    for t in targets:
        values = np.array([s[t.name] for s in per_replication], dtype=float)
        variance = float(values.var(ddof=1)) if r > 1 else 0.0
        sd = np.sqrt(t.half_width**2 * (1.0 + discrepancy**2) + variance * (min(scale, 1.0) + 1.0 / r))
        out[t.name] = float(abs(values.mean() - t.value) / sd)
    return out


@dataclass(frozen=True)
class Point:
    """One evaluated parameter set: its wave, values, largest implausibility and the target that has it."""

    wave: int
    parameters: dict[str, float]
    max_implausibility: float
    worst_target: str
    objective: float


@dataclass(frozen=True)
class EnsembleProgress:
    wave: int
    evaluated: int
    planned: int
    non_implausible: int
    elapsed: float
    reused: int


@dataclass
class EnsembleResult:
    """Every evaluated set in order, the members in draw order, and each wave's box (unit cube)."""

    settings: EnsembleSettings
    points: list[Point]
    members: list[Point]
    boxes: list[tuple[np.ndarray, np.ndarray]]
    reused: int
    seconds: float

    @property
    def non_implausible(self) -> list[Point]:
        return [p for p in self.points if p.max_implausibility < self.settings.cut]


def history_match(
    settings: EnsembleSettings,
    evaluator: Evaluator,
    work_dir: str | Path,
    *,
    resume: bool = False,
    progress: Callable[[EnsembleProgress], None] | None = None,
) -> EnsembleResult:
    """Run the waves (module docstring); evaluations go to ``work_dir/evaluations.jsonl``, which ``resume`` reuses.

    The designs are seeded and the second wave's box follows from the first wave's results,
    so a rerun proposes the same sets in the same order and a resumed run ends where an
    uninterrupted one does.
    """
    setup, started = settings.setup, time.perf_counter()
    log = EvaluationLog(Path(work_dir) / "evaluations.jsonl", settings.fingerprint(), resume)
    points: list[Point] = []
    reused = 0
    planned = 1 + settings.waves * settings.design

    def run(wave: int, units: np.ndarray) -> None:
        nonlocal reused
        sets = [setup.parameters_at(u) for u in units]
        for first in range(0, len(sets), BATCH):
            batch = sets[first : first + BATCH]
            found = [log.get(p) for p in batch]
            reused += sum(e is not None for e in found)
            fresh = iter(_evaluate(setup, evaluator, [p for p, e in zip(batch, found) if e is None], log))
            for e in found:
                points.append(_point(settings, wave, e if e is not None else next(fresh)))
            if progress is not None:
                good = sum(p.max_implausibility < settings.cut for p in points)
                progress(EnsembleProgress(wave, len(points), planned, good, time.perf_counter() - started, reused))

    centre = settings.centre()
    run(0, centre[None, :])
    low, high = np.clip(centre - settings.width, 0.0, 1.0), np.clip(centre + settings.width, 0.0, 1.0)
    boxes = []
    for wave in range(1, settings.waves + 1):
        if wave > 1:
            good = np.array([_unit(setup, p.parameters) for p in points if p.max_implausibility < settings.cut])
            if not len(good):
                break  # nothing to refocus on: the first wave found no non-implausible set
            grow = settings.widen * (boxes[0][1] - boxes[0][0])
            low, high = np.clip(good.min(axis=0) - grow, 0.0, 1.0), np.clip(good.max(axis=0) + grow, 0.0, 1.0)
        boxes.append((low, high))
        design = qmc.LatinHypercube(d=len(centre), seed=np.random.default_rng([settings.design_seed, wave])).random(settings.design)
        run(wave, low + design * (high - low))
    members = _members(settings, points)
    if not members:
        worst = min(points, key=lambda p: p.max_implausibility)
        raise EnsembleError(
            f"{settings.path}: no parameter set has every implausibility below the cut {settings.cut:g} (the best: "
            f"{worst.max_implausibility:.2f} at {worst.worst_target}); allowed: a wider 'discrepancy', a higher 'cut' "
            "or a better calibration (docs/calibration.md)"
        )
    return EnsembleResult(settings, points, members, boxes, reused, time.perf_counter() - started)


def _evaluate(setup: CalibrationSetup, evaluator: Evaluator, sets: list[dict[str, float]], log: EvaluationLog) -> list[Evaluation]:
    """Run every set's replications on the evaluator and log each set as it is done."""
    if not sets:
        return []
    reps = range(setup.scenario.replications)
    outs = evaluator([(setup.scenario, p, r) for p in sets for r in reps])
    n, done = len(reps), []
    for k, parameters in enumerate(sets):
        stats = [statistics(out.series, setup.simulated) for out in outs[k * n : (k + 1) * n]]
        done.append(Evaluation(parameters, stats, objective(stats, setup.fitted)))
        log.add(done[-1])
    return done


def _point(settings: EnsembleSettings, wave: int, evaluation: Evaluation) -> Point:
    scores = implausibility(evaluation.statistics, settings.setup.fitted, discrepancy=settings.discrepancy, scale=settings.setup.scenario.scale)
    worst = max(scores, key=lambda k: scores[k])
    return Point(wave, dict(evaluation.parameters), scores[worst], worst, evaluation.objective)


def _unit(setup: CalibrationSetup, parameters: Mapping[str, float]) -> np.ndarray:
    return np.array([p.position(parameters[p.name]) for p in setup.free])


def _members(settings: EnsembleSettings, points: list[Point]) -> list[Point]:
    """The non-implausible points, at most ``members`` (a seeded choice), in a seeded random order.

    Example:
        >>> from types import SimpleNamespace
        >>> s = SimpleNamespace(cut=3.0, members=2, design_seed=1)
        >>> pts = [Point(1, {"a": float(i)}, i, "t", 0.0) for i in range(5)]
        >>> sorted(p.parameters["a"] for p in _members(s, pts)) in ([0.0, 1.0], [0.0, 2.0], [1.0, 2.0])
        True
    """
    good, seen = [], set()
    for p in points:
        key = json.dumps(sorted(p.parameters.items()))
        if p.max_implausibility < settings.cut and key not in seen:
            seen.add(key)
            good.append(p)
    rng = np.random.default_rng([settings.design_seed, 999])
    keep = sorted(rng.choice(len(good), size=settings.members, replace=False)) if len(good) > settings.members else range(len(good))
    chosen = [good[i] for i in keep]
    return [chosen[i] for i in rng.permutation(len(chosen))]
