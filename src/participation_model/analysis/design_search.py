"""The search of a design: candidates evaluated on the model through a batch executor, logged, proposed by differential evolution.

Every candidate runs in every state of the design (:class:`~participation_model.analysis.design.State`)
through an effects function; :class:`ModelEffects` runs the model on a batch executor with
the baseline's seeds (common random numbers), the baseline of each state once. Each new
candidate's runs are appended to ``evaluations.jsonl`` as soon as they are done, so an
interrupted design resumes where it stopped; scipy's differential evolution is seeded, so the
rerun proposes the same candidates and gets the same result. When every package that keeps
the budget rules fits in the spec's ``evaluations``, all are listed instead.

Why differential evolution (scipy): it handles integer variables (``integrality``) and the
budget rules as exact linear constraints, needs no gradient of a simulated objective, hands
each generation to a ``workers`` map (so a generation's runs go to the local pool or a Dask
cluster at once), and is seeded. A Bayesian optimiser would need fewer evaluations of a smooth
objective, but none in the registries handles integer budgets under linear constraints as
plainly, and these evaluations parallelise well.

Example:
    >>> MAX_GENERATIONS > 0 and ENUMERATE_AT_MOST > 0
    True
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize

from participation_model.analysis.design import DesignSetup, Package, State
from participation_model.analysis.design_robustness import Evaluation, criterion_score, economy_values
from participation_model.analysis.design_spec import DesignSpecError
from participation_model.analysis.resume_log import ResumeLog

#: the energy of a candidate whose objective is not defined (a cost per person-year without a positive effect)
UNDEFINED = 1e15


class DesignLog(ResumeLog):
    """``evaluations.jsonl`` of a design: every candidate's paired effects per state (:class:`ResumeLog`)."""

    def __init__(self, path: Path, fingerprint: str, resume: bool) -> None:
        super().__init__(path, fingerprint, resume, refused=DesignSpecError, what="design (spec, baseline, calibration or model code changed)")
        self.done: dict[tuple[int, ...], list[dict[str, Any]]] = {tuple(r["x"]): r["runs"] for r in self.rows}

    def add(self, x: tuple[int, ...], runs: list[dict[str, Any]]) -> None:
        self.done[x] = runs
        self.append({"x": list(x), "runs": runs})


@dataclass
class DesignProgress:
    """Reported after every generation: candidates evaluated, the search's budget, the best score so far."""

    evaluations: int
    budget: int
    best: float
    elapsed: float
    reused: int
    runs_done: int = 0


@dataclass
class DesignResult:
    """Every candidate evaluated, in order, with the setup and the time taken."""

    setup: DesignSetup
    evaluations: list[Evaluation]
    reused: int
    seconds: float
    runs: int  # model runs made in this call (baselines included)
    extra: dict[str, Any] = field(default_factory=dict)  # method ("exhaustive" or "differential-evolution") and space (packages listed, or None)


#: Paired effects of (candidate, state) pairs, one dict of :data:`participation_model.experiments.outcomes.EFFECTS` each.
EffectsFunction = Callable[[Sequence[tuple[Package, State]]], list[dict[str, float]]]


class ModelEffects:
    """Paired effects from model runs on a batch executor; the baseline of every state is run once.

    ``on_run(done, total)`` hears of every finished run of a batch. Each run is the candidate's
    scenario in the state's economy and draw, with the replication's usual seed (:func:`~participation_model.experiments.runner.replication_seed`), so any
    executor gives the same numbers and a candidate is compared with the baseline on the same
    random numbers.
    """

    def __init__(self, setup: DesignSetup, executor: Any, on_run: Callable[[int, int], None] | None = None) -> None:
        self.setup, self.executor, self.on_run = setup, executor, on_run
        self.runs = 0
        self._baselines: dict[State, Any] | None = None

    def __call__(self, items: Sequence[tuple[Package, State]]) -> list[dict[str, float]]:
        from participation_model.experiments.outcomes import paired_effects

        if self._baselines is None:
            states = self.setup.states
            self._baselines = dict(zip(states, self._map([(None, s) for s in states])))
        spec = self.setup.spec
        ran = [k for k, (package, _) in enumerate(items) if self.setup.blocks(package)]  # a package of no blocks is the baseline itself
        outs = dict(zip(ran, self._map([items[k] for k in ran])))
        return [paired_effects(self._baselines[state], outs.get(k, self._baselines[state]), year=spec.year, group=spec.group)
                for k, (_, state) in enumerate(items)]  # fmt: skip

    def _map(self, items: Sequence[tuple[Package | None, State]]) -> list:
        from participation_model.experiments.executors import RunError
        from participation_model.experiments.outcomes import run_outcome
        from participation_model.experiments.runner import draw_scenario, replication_seed
        from participation_model.experiments.specs import FrozenParameters, RunSpec

        specs, cache = [], {}
        for point, (package, state) in enumerate(items):
            key = (None if package is None else package.x, state.economy, state.draw)
            if key not in cache:
                scenario = self.setup.scenario(package, state.economy, "baseline" if package is None else "candidate")
                cache[key] = scenario if state.draw is None else draw_scenario(scenario, state.draw)
            scenario = cache[key]
            specs.append(RunSpec(scenario, FrozenParameters({}), replication_seed(scenario.seed, state.replication), state.replication, point=point))
        results: dict[int, Any] = {}
        for spec, out in self.executor.map_unordered(run_outcome, specs):
            if isinstance(out, RunError):
                raise RuntimeError(f"a design run failed ({spec.key}): {out.text()}")
            results[spec.point] = out
            self.runs += 1
            if self.on_run is not None:  # runs done of this batch (a generation can take minutes)
                self.on_run(len(results), len(specs))
        return [results[i] for i in range(len(specs))]


class _Search:
    """Evaluates candidate vectors in batches (every state of every new candidate at once), with the log."""

    def __init__(self, setup: DesignSetup, effects: EffectsFunction, log: DesignLog, progress: Callable[[DesignProgress], None] | None) -> None:
        self.setup, self.effects, self.log, self.progress = setup, effects, log, progress
        self.history: list[Evaluation] = []
        self.seen: dict[tuple[int, ...], Evaluation] = {}
        self.reused = 0
        self.started = time.perf_counter()

    def evaluate(self, vectors: Sequence[Sequence[float]]) -> list[Evaluation]:
        """Evaluate the candidates (reusing those seen or logged); one call of the effects function for all new ones."""
        spec = self.setup.spec
        packages = [self.setup.decode(x) for x in vectors]
        by_x = {p.x: p for p in packages}
        new = [x for x in by_x if x not in self.seen and x not in self.log.done]
        states = self.setup.states
        effects = self.effects([(by_x[x], s) for x in new for s in states]) if new else []
        for k, x in enumerate(new):
            rows = effects[k * len(states) : (k + 1) * len(states)]
            self.log.add(x, [{"economy": s.economy, "draw": s.draw, "replication": s.replication, **e} for s, e in zip(states, rows)])
        for x in by_x:
            if x in self.seen:
                continue
            if x not in new:
                self.reused += 1
            runs = self.log.done[x]
            values = economy_values(spec, runs)
            self.seen[x] = Evaluation(x, runs, values, criterion_score(spec, values))
            self.history.append(self.seen[x])
        if self.progress is not None:
            scores = [e.score for e in self.history]
            runs_done = int(getattr(self.effects, "runs", 0))
            self.progress(DesignProgress(len(self.history), spec.evaluations, max(scores) if scores else float("nan"),
                                         time.perf_counter() - self.started, self.reused, runs_done))  # fmt: skip
        return [self.seen[p.x] for p in packages]

    @property
    def room(self) -> int:
        return self.setup.spec.evaluations - len(self.history)


#: The most generations of differential evolution (the spec's ``evaluations`` usually stops it first).
MAX_GENERATIONS = 1000
#: The most vectors enumerated to see whether the whole space fits the search's budget.
ENUMERATE_AT_MOST = 200_000


def search(setup: DesignSetup, effects: EffectsFunction, work_dir: str | Path, *, resume: bool = False, fingerprint: str = "",
           progress: Callable[[DesignProgress], None] | None = None) -> DesignResult:  # fmt: skip
    """Search the packages; every candidate's runs go to ``work_dir/evaluations.jsonl`` as they finish.

    When every package that keeps the budget rules fits in the spec's ``evaluations``, all of
    them are evaluated (``exhaustive``: the best is then the best of all); otherwise
    differential evolution searches. The first candidate is always the smallest package
    (usually: fund nothing), the reference every regret and effect is measured against.
    """
    spec = setup.spec
    log = DesignLog(Path(work_dir) / "evaluations.jsonl", fingerprint or spec.fingerprint(), resume)
    s = _Search(setup, effects, log, progress)
    s.evaluate([setup.nothing()])
    everything = feasible_space(setup)
    if everything is not None and len(everything) <= spec.evaluations:
        method = "exhaustive"
        chunk = max(5, spec.population * max(1, len(setup.bounds)))
        for k in range(0, len(everything), chunk):
            s.evaluate(everything[k : k + chunk])
    else:
        method = "differential-evolution"
        if any(hi > lo for lo, hi in setup.bounds) and spec.evaluations > 1:
            _differential_evolution(setup, s)
    return DesignResult(setup, s.history, s.reused, time.perf_counter() - s.started, int(getattr(effects, "runs", 0)),
                        {"method": method, "space": None if everything is None else len(everything)})  # fmt: skip


def feasible_space(setup: DesignSetup) -> list[np.ndarray] | None:
    """Every vector that keeps the budget rules, or None when the space is too large to list.

    Example:
        >>> from types import SimpleNamespace
        >>> s = SimpleNamespace(bounds=((0, 2), (0, 2)), constraint_rows=np.array([[1.0, 1.0]]), constraint_upper=np.array([2.0]))
        >>> s.decode = lambda x: SimpleNamespace(x=tuple(int(v) for v in x))
        >>> [tuple(int(v) for v in x) for x in feasible_space(s)]
        [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0)]
    """
    sizes = [hi - lo + 1 for lo, hi in setup.bounds]
    if float(np.prod(np.array(sizes, dtype=float))) > ENUMERATE_AT_MOST:
        return None
    grid = np.array(list(itertools.product(*[range(lo, hi + 1) for lo, hi in setup.bounds])), dtype=float).reshape(-1, len(sizes))
    keep = np.all(grid @ setup.constraint_rows.T <= setup.constraint_upper + 1e-6, axis=1) if len(setup.constraint_rows) else np.ones(len(grid), bool)
    canonical = dict.fromkeys(setup.decode(x).x for x in grid[keep])  # one vector per package
    return [np.array(x, dtype=float) for x in canonical]


def _differential_evolution(setup: DesignSetup, s: _Search) -> None:
    """Run scipy's differential evolution over the variables with more than one level (the others stay at 0).

    Generations follow one another until the spec's ``evaluations`` distinct candidates are
    spent (a candidate proposed again is not run again) or the population has collapsed onto
    one package.
    """
    spec = setup.spec
    free = [k for k, (lo, hi) in enumerate(setup.bounds) if hi > lo]

    def full(y: Sequence[float]) -> np.ndarray:
        x = setup.nothing()
        x[free] = np.asarray(y, dtype=float)
        return x

    def energies(points: Sequence[np.ndarray]) -> list[float]:
        packages = [setup.decode(full(y)).x for y in points]
        new = [x for x in dict.fromkeys(packages) if x not in s.seen][: max(s.room, 0)]  # past the budget: not evaluated
        wanted = [x for x in dict.fromkeys(packages) if x in s.seen or x in new]
        s.evaluate([np.array(x, dtype=float) for x in wanted])
        return [UNDEFINED if x not in s.seen or not np.isfinite(s.seen[x].score) else -s.seen[x].score for x in packages]

    def mapper(_func: Callable, points: Any) -> list[float]:
        return energies([np.asarray(p) for p in points])

    highs = np.array([setup.bounds[k][1] for k in free], dtype=float)
    rows = setup.constraint_rows[:, free]
    optimize.differential_evolution(
        _unused, optimize.Bounds(np.zeros(len(free)), highs), x0=np.zeros(len(free)), popsize=spec.population, maxiter=MAX_GENERATIONS,
        init="latinhypercube", seed=spec.optimiser_seed, polish=False, updating="deferred", workers=mapper, tol=0.0, atol=0.0,
        callback=lambda *_args, **_kwargs: s.room <= 0,
        integrality=np.ones(len(free), dtype=bool), constraints=optimize.LinearConstraint(rows, -np.inf, setup.constraint_upper),
    )  # fmt: skip


def _unused(_x: np.ndarray) -> float:  # differential evolution evaluates through the workers map
    raise AssertionError("evaluated through the workers map")
