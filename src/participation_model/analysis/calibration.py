"""Calibration: fit the free parameters to the targets by the simulated method of moments.

The targets file's ``[calibration]`` table says which parameters are free (with the range to
search), over which period the model is run, at what scale, with how many replications and
which seed. Every parameter set is run with the same replication seeds (common random
numbers), so two sets differ only through their parameters and the objective (the mean
squared standardised distance of :mod:`participation_model.analysis.objective`) is a smooth,
deterministic function of them rather than a noisy one.

Two optimisers from scipy search the unit cube of the free parameters:

- ``differential-evolution`` (the default): a global search; each generation of parameter
  sets goes to the executor at once (``workers=`` map), so it uses all cores or a Dask cluster.
  The starting values (the parameter file's) are one member of the first generation.
- ``nelder-mead``: a local simplex search from the starting values; each evaluation runs its
  replications in parallel.

``budget`` caps the number of parameter sets evaluated. Every evaluation is appended to
``evaluations.jsonl`` in the work folder as soon as it is done. The optimisers are seeded, so a
rerun proposes the same sets in the same order; after an interruption the rerun finds them in
the file and continues where the first run stopped (``resume``), with the same result as an
uninterrupted run.

Example:
    >>> from pathlib import Path
    >>> setup = load_setup(Path(__file__).parents[3] / "calibration" / "targets" / "oost-groningen.toml")
    >>> setup.method, len(setup.free) > 3, setup.scenario.start
    ('differential-evolution', True, '2008-01')
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize

from participation_model.analysis.evaluators import Evaluator
from participation_model.analysis.resume_log import ResumeLog
from participation_model.analysis.objective import comparable, objective, statistics
from participation_model.analysis.targets import Target, Targets, load_targets
from participation_model.params import ParameterSet, load_parameters
from participation_model.scenario import Scenario, ScenarioError, scenario_from_dict

METHODS = ("differential-evolution", "nelder-mead")
SETUP_KEYS = {
    "name": "the calibration's name: calibration/calibrated/<name>.toml",
    "region": "a bundled region name or a region file path relative to the targets file",
    "start": "first simulated month of the calibration runs, \"YYYY-MM\"",
    "end": "last simulated month of the calibration runs",
    "seed": "base seed of the replications (common random numbers across parameter sets)",
    "replications": "replications per parameter set",
    "scale": "simulated persons per resident in the calibration runs",
    "method": f"optimiser: {', '.join(METHODS)}",
    "budget": "maximum number of parameter sets to evaluate",
    "population": "differential evolution: parameter sets per generation, per free parameter",
    "optimiser_seed": "seed of the optimiser's own random draws",
    "baseline_start": "first month of the cold start (a population built from that year's figures, no warm-up) the fit report runs next to the calibration runs (e.g. \"2014-01\")",
    "holdout": "[calibration.holdout] with name, kept_back (target names kept out of the fit and reported as predictions) and description: the variant `calibrate --holdout` runs",
    "report_end": "last month of the trajectories in the fit report",
    "explanations": "file with the explanation of every target the fit misses, relative to the targets file",
    "free": "[calibration.free.\"<parameter>\"] tables with low, high and reason",
}
DEFAULTS = {"method": "differential-evolution", "budget": 400, "population": 4, "optimiser_seed": 1, "replications": 4, "scale": 0.5}


class CalibrationError(ValueError):
    """A calibration setup that cannot be used; the message names the file, the key and what is allowed."""


@dataclass(frozen=True)
class FreeParameter:
    """A parameter the calibration moves, within ``[low, high]`` (inside its allowed bounds)."""

    name: str
    low: float
    high: float
    start: float
    unit: str
    reason: str

    def value(self, u: float) -> float:
        """The value at position ``u`` in [0, 1] of the range."""
        return float(self.low + float(np.clip(u, 0.0, 1.0)) * (self.high - self.low))

    def position(self, value: float) -> float:
        """Inverse of :meth:`value`."""
        return (value - self.low) / (self.high - self.low)


@dataclass(frozen=True)
class CalibrationSetup:
    """Everything a calibration needs; built by :func:`load_setup` from a targets file."""

    name: str
    targets: Targets
    free: tuple[FreeParameter, ...]
    scenario: Scenario  # region, period, seed, scale, replications of the calibration runs
    params: ParameterSet
    method: str
    budget: int
    population: int
    optimiser_seed: int
    baseline_start: str
    report_end: str
    explanations: dict[str, str] = field(default_factory=dict)
    kept_back_names: tuple[str, ...] = ()

    @property
    def simulated(self) -> list[Target]:
        """The comparable targets inside the calibration period."""
        first, last = int(self.scenario.start[:4]), int(self.scenario.end[:4])
        return [t for t in comparable(self.targets.targets) if first <= t.first_year and t.last_year <= last]

    @property
    def kept_back(self) -> list[Target]:
        """Targets kept out of the fit and reported as predictions (the holdout variant's ``kept_back``)."""
        return [t for t in self.simulated if t.name in self.kept_back_names]

    @property
    def seeded(self) -> bool:
        """Whether differential evolution starts with the parameter file's values among its first generation.

        Not for a holdout: those values come from searches that saw every target, the kept-back
        ones included, so a search seeded with them would inherit what it should predict. A
        holdout search starts from the free parameters' ranges alone (a Latin hypercube).
        """
        return not self.kept_back_names

    @property
    def fitted(self) -> list[Target]:
        """The objective's targets: simulated and not kept back."""
        kept = {t.name for t in self.kept_back}
        return [t for t in self.simulated if t.name not in kept]

    def parameters_at(self, u: Sequence[float]) -> dict[str, float]:
        """Parameter values at a point of the unit cube, rounded to 6 significant digits."""
        return {p.name: float(f"{p.value(x):.6g}") for p, x in zip(self.free, u, strict=True)}

    def start_point(self) -> np.ndarray:
        """The parameter file's values as a point of the unit cube."""
        return np.array([p.position(p.start) for p in self.free])

    def fingerprint(self) -> str:
        """sha256 of what determines the evaluations (not the budget: raising it resumes)."""
        content = {
            "targets": self.targets.sha256,
            "parameters": self.params.sha256,
            "region": _sha(self.scenario.region_path),
            "free": [(p.name, p.low, p.high) for p in self.free],
            "scenario": [self.scenario.start, self.scenario.end, self.scenario.seed, self.scenario.scale, self.scenario.replications],
            "method": [self.method, self.population, self.optimiser_seed],
            "kept_back": [t.name for t in self.kept_back],
            "model": model_fingerprint(),
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def model_fingerprint() -> str:
    """sha256 over the model's code and bundled data: evaluations cached by older code are not reused."""
    root = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in sorted([*root.glob("model/**/*.py"), *root.glob("interventions/**/*.py"), *root.glob("data/**/*.toml")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_setup(targets_path: str | Path, holdout: bool = False, **overrides: Any) -> CalibrationSetup:
    """Read the targets file and its ``[calibration]`` table; ``overrides`` replace table keys.

    With ``holdout``, the variant of ``[calibration.holdout]``: its own name, and its
    ``kept_back`` targets left out of the objective (reported as out-of-sample predictions).
    Errors name the file, the key and what is allowed.
    """
    targets = load_targets(targets_path)
    file = targets.path
    table = {**DEFAULTS, **targets.calibration, **{k: v for k, v in overrides.items() if v is not None}}
    if not targets.calibration:
        raise CalibrationError(f"{file}: no [calibration] table; allowed keys: {', '.join(SETUP_KEYS)}")
    kept_back: tuple[str, ...] = ()
    if holdout or "holdout" in table:  # checked whenever it is there, used when asked for
        name, names = _holdout(file, table.get("holdout"), targets)
        if holdout:
            table["name"], kept_back = name, names
    unknown = [k for k in table if k not in SETUP_KEYS]
    if unknown:
        raise CalibrationError(f"{file}: key 'calibration.{unknown[0]}': allowed keys: {', '.join(SETUP_KEYS)}")
    for key in ("name", "start", "end", "baseline_start", "report_end"):
        if not isinstance(table.get(key), str):
            raise CalibrationError(f"{file}: key 'calibration.{key}': got {table.get(key)!r}; allowed: {SETUP_KEYS[key]}")
    if table["method"] not in METHODS:
        raise CalibrationError(f"{file}: key 'calibration.method': got {table['method']!r}; allowed: {', '.join(METHODS)}")
    for key, least in (("budget", 2), ("population", 2), ("optimiser_seed", 0), ("replications", 1)):
        if isinstance(table[key], bool) or not isinstance(table[key], int) or table[key] < least:
            raise CalibrationError(f"{file}: key 'calibration.{key}': got {table[key]!r}; allowed: a whole number >= {least} ({SETUP_KEYS[key]})")
    scenario = _scenario(file, table)
    params = load_parameters(scenario.parameters_file)
    free = _free(file, table.get("free"), params)
    explanations = _explanations(file, table.get("explanations"), targets)
    _scenario(file, {**table, "start": table["baseline_start"]}, "baseline_start")  # inside the region's years?
    _scenario(file, {**table, "end": table["report_end"]}, "report_end")
    return CalibrationSetup(
        table["name"], targets, free, scenario, params, table["method"], table["budget"], table["population"],
        table["optimiser_seed"], table["baseline_start"], table["report_end"], explanations, kept_back,
    )


def _holdout(file: Path, table: Any, targets: Targets) -> tuple[str, tuple[str, ...]]:
    """The holdout variant's name and kept-back targets, checked."""
    allowed = "a [calibration.holdout] table with name (text) and kept_back (a list of target names)"
    if not isinstance(table, dict) or not isinstance(table.get("name"), str) or not isinstance(table.get("kept_back"), list) or not table["kept_back"]:
        raise CalibrationError(f"{file}: key 'calibration.holdout': got {table!r}; allowed: {allowed}")
    names = {t.name for t in targets.targets}
    for name in table["kept_back"]:
        if name not in names:
            raise CalibrationError(f"{file}: key 'calibration.holdout.kept_back': got {name!r}; allowed: a target of the file ({', '.join(sorted(names))})")
    return table["name"], tuple(table["kept_back"])


def _scenario(file: Path, table: Mapping[str, Any], key: str = "start") -> Scenario:
    """The calibration runs' scenario, checked like a scenario file (region relative to the targets file)."""
    data = {k: table[k] for k in ("name", "start", "end", "seed", "replications", "scale", "region") if k in table}
    try:
        return scenario_from_dict(data, source=file)
    except ScenarioError as exc:
        raise CalibrationError(f"{file}: key 'calibration' ({key}):\n{exc}") from exc


def _free(file: Path, tables: Any, params: ParameterSet) -> tuple[FreeParameter, ...]:
    if not isinstance(tables, dict) or not tables:
        raise CalibrationError(f"{file}: key 'calibration.free': allowed: one or more [calibration.free.\"<parameter>\"] tables with low, high and reason")
    out = []
    for name, t in tables.items():
        where = f"{file}: key 'calibration.free.{name}'"
        if name not in params.specs:
            raise CalibrationError(f"{where}: not a parameter; allowed: a dotted name from {params.path.name}, e.g. 'matching.efficiency'")
        missing = [k for k in ("low", "high", "reason") if k not in t]
        if missing:
            raise CalibrationError(f"{where}: '{missing[0]}' is missing; required: low, high, reason")
        spec = params.spec(name)
        low, high = float(t["low"]), float(t["high"])
        start = float(params[name])
        if not spec.min <= low <= start <= high <= spec.max or low == high:
            raise CalibrationError(
                f"{where}: got low={low}, high={high}; allowed: {spec.min} <= low < high <= {spec.max} ({spec.unit}), "
                f"with the parameter file's value {start} inside"
            )
        out.append(FreeParameter(name, low, high, start, spec.unit, str(t["reason"])))
    return tuple(out)


def _explanations(file: Path, value: Any, targets: Targets) -> dict[str, str]:
    if value is None:
        return {}
    path = (file.parent / str(value)).resolve()
    from participation_model.tomlfile import read_toml

    raw, _ = read_toml(path, CalibrationError, "explanations file")
    names = {t.name for t in targets.targets}
    out = {}
    for name, table in raw.items():
        if name not in names:
            raise CalibrationError(f"{path}: key {name!r}: not a target of {file.name}; allowed: {', '.join(sorted(names))}")
        if not isinstance(table, dict) or not isinstance(table.get("explanation"), str) or not table["explanation"].strip():
            raise CalibrationError(f"{path}: key '{name}.explanation': allowed: a non-empty text")
        out[name] = " ".join(table["explanation"].split())
    return out


# ---------------------------------------------------------------- evaluations


@dataclass(frozen=True)
class Evaluation:
    """One parameter set: its values, the statistics of each replication and the objective."""

    parameters: dict[str, float]
    statistics: list[dict[str, float]]
    objective: float


class EvaluationLog(ResumeLog):
    """``evaluations.jsonl`` of a calibration or an ensemble: every parameter set's statistics and objective (:class:`ResumeLog`)."""

    def __init__(self, path: Path, fingerprint: str, resume: bool) -> None:
        super().__init__(path, fingerprint, resume, refused=CalibrationError,
                         what="setup (targets, parameters, model code or settings changed)")  # fmt: skip
        self.done: dict[str, Evaluation] = {_key(r["parameters"]): Evaluation(r["parameters"], r["statistics"], r["objective"]) for r in self.rows}

    def get(self, parameters: Mapping[str, float]) -> Evaluation | None:
        return self.done.get(_key(parameters))

    def add(self, evaluation: Evaluation) -> None:
        self.done[_key(evaluation.parameters)] = evaluation
        self.append({"parameters": evaluation.parameters, "statistics": evaluation.statistics, "objective": evaluation.objective})


def _key(parameters: Mapping[str, float]) -> str:
    return json.dumps(sorted((k, float(v)) for k, v in parameters.items()))


@dataclass
class CalibrationProgress:
    evaluations: int
    budget: int
    best: float
    elapsed: float
    reused: int


@dataclass
class CalibrationResult:
    """The search's outcome: the best set, where it started, and every evaluation in order."""

    setup: CalibrationSetup
    best: Evaluation
    start: Evaluation
    history: list[Evaluation]
    reused: int
    seconds: float


class _Search:
    """Evaluates points of the unit cube in batches through the evaluator, with the log."""

    def __init__(self, setup: CalibrationSetup, evaluator: Evaluator, log: EvaluationLog, progress: Callable[[CalibrationProgress], None] | None) -> None:
        self.setup, self.evaluator, self.log, self.progress = setup, evaluator, log, progress
        self.history: list[Evaluation] = []
        self.reused = 0
        self.started = time.perf_counter()

    def batch(self, points: Sequence[Sequence[float]]) -> list[float]:
        sets = [self.setup.parameters_at(u) for u in points]
        room = self.setup.budget - len(self.history)
        results: list[Evaluation | None] = [self.log.get(p) for p in sets]
        todo = [i for i, r in enumerate(results) if r is None][: max(room, 0)]
        self.reused += sum(r is not None for r in results)
        for i, evaluation in zip(todo, self._run([sets[i] for i in todo])):
            results[i] = evaluation
        values = []
        for r in results:
            if r is None:  # past the budget: the optimiser is stopped by the caller
                values.append(float("inf"))
                continue
            self.history.append(r)
            values.append(r.objective)
        if self.progress is not None:
            best = min(e.objective for e in self.history) if self.history else float("nan")
            self.progress(CalibrationProgress(len(self.history), self.setup.budget, best, time.perf_counter() - self.started, self.reused))
        return values

    def outside_budget(self, point: Sequence[float]) -> Evaluation:
        """Evaluate one point without counting it as a step of the search (the starting values of a holdout)."""
        parameters = self.setup.parameters_at(point)
        return self.log.get(parameters) or self._run([parameters])[0]

    def _run(self, sets: list[dict[str, float]]) -> list[Evaluation]:
        if not sets:
            return []
        reps = range(self.setup.scenario.replications)
        outs = self.evaluator([(self.setup.scenario, p, r) for p in sets for r in reps])
        n, done = len(reps), []
        for k, parameters in enumerate(sets):
            stats = [statistics(out.series, self.setup.simulated) for out in outs[k * n : (k + 1) * n]]  # kept-back too, for the report
            done.append(Evaluation(parameters, stats, objective(stats, self.setup.fitted)))
            self.log.add(done[-1])
        return done

    @property
    def exhausted(self) -> bool:
        return len(self.history) >= self.setup.budget


class _BudgetSpent(Exception):
    pass


def calibrate(
    setup: CalibrationSetup,
    evaluator: Evaluator,
    work_dir: str | Path,
    *,
    resume: bool = False,
    progress: Callable[[CalibrationProgress], None] | None = None,
) -> CalibrationResult:
    """Search the free parameters; evaluations go to ``work_dir/evaluations.jsonl``."""
    if not setup.fitted:
        raise CalibrationError(f"{setup.targets.path}: no comparable target lies in the calibration period {setup.scenario.start} to {setup.scenario.end}")
    log = EvaluationLog(Path(work_dir) / "evaluations.jsonl", setup.fingerprint(), resume)
    search = _Search(setup, evaluator, log, progress)
    x0 = setup.start_point()
    if setup.method == "differential-evolution":
        _differential_evolution(setup, search, x0 if setup.seeded else None)
    else:
        _nelder_mead(setup, search, x0)
    best = min(search.history, key=lambda e: e.objective)
    start = search.outside_budget(x0)  # already evaluated unless the search was not seeded with it
    return CalibrationResult(setup, best, start, search.history, search.reused, time.perf_counter() - search.started)


def _differential_evolution(setup: CalibrationSetup, search: _Search, x0: np.ndarray | None) -> None:
    dims = len(setup.free)
    per_generation = max(5, setup.population * dims)  # scipy's smallest population is 5
    maxiter = setup.budget // per_generation - 1
    if maxiter < 1:
        raise CalibrationError(
            f"{setup.targets.path}: key 'calibration.budget': got {setup.budget}; allowed: at least {2 * per_generation} "
            f"for differential evolution ({setup.population} x {dims} free parameters per generation, two generations)"
        )

    def mapper(_func: Callable, points: Any) -> list[float]:
        return search.batch([np.asarray(p) for p in points])

    optimize.differential_evolution(
        _unused, [(0.0, 1.0)] * dims, x0=x0, popsize=setup.population, maxiter=maxiter, init="latinhypercube",
        seed=setup.optimiser_seed, polish=False, updating="deferred", workers=mapper, tol=0.0, atol=1e-4,
    )


def _nelder_mead(setup: CalibrationSetup, search: _Search, x0: np.ndarray) -> None:
    def f(u: np.ndarray) -> float:
        if search.exhausted:
            raise _BudgetSpent
        return search.batch([u])[0]

    try:
        optimize.minimize(f, x0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * len(x0),
                          options={"maxfev": setup.budget, "xatol": 1e-3, "fatol": 1e-4})
    except _BudgetSpent:
        pass


def _unused(_u: np.ndarray) -> float:  # differential evolution evaluates through the mapper
    raise AssertionError("evaluated through the workers map")
