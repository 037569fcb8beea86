"""The robustness of a design: each candidate's value per economy, its regret, and the picks.

A candidate's value in an economy is its objective over that economy's parameter draws and
replications (a mean; for a cost per person-year, total cost over total person-years, the
definition of :mod:`participation_model.metrics.cost_effectiveness`). Over the economies: the
best candidate in each, each candidate's regret (how far it falls short of the best in that
economy), its largest regret, and the candidate whose worst economy is best (maximin). The
spec's criterion (``worst_case`` or ``mean``, :func:`criterion_score`) picks the recommended
package.

Example:
    >>> from types import SimpleNamespace
    >>> criterion_score(SimpleNamespace(criterion="worst_case", minimise=False), {"historical": 3.0, "recession": 1.0})
    1.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from participation_model.analysis.design_spec import DesignSpec

if TYPE_CHECKING:
    from participation_model.analysis.design_search import DesignResult


@dataclass
class Evaluation:
    """One candidate in every state: the paired effects per state and the value per economy."""

    x: tuple[int, ...]
    runs: list[dict[str, Any]]  # state (economy, draw, replication) + paired effects
    values: dict[str, float]  # economy -> objective value (NaN: not defined)
    score: float  # the criterion, oriented so that higher is better (-inf: not defined)


def economy_values(spec: DesignSpec, runs: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """The objective per economy over its draws and replications (mean; a cost per person-year as total over total).

    Example:
        >>> from types import SimpleNamespace
        >>> spec = SimpleNamespace(objective="net_public_cost_per_person_year", economies=("historical",))
        >>> economy_values(spec, [{"economy": "historical", "net_public_cost": 10.0, "net_person_years": 1.0},
        ...                       {"economy": "historical", "net_public_cost": 30.0, "net_person_years": 1.0}])
        {'historical': 20.0}
    """
    frame = pd.DataFrame(list(runs))
    out = {}
    for economy in spec.economies:
        sel = frame[frame["economy"] == economy]
        if spec.objective == "net_public_cost_per_person_year":
            effect = float(sel["net_person_years"].sum())
            out[economy] = float(sel["net_public_cost"].sum()) / effect if effect > 0 else float("nan")
        else:
            out[economy] = float(sel[per_run_column(spec)].mean())
    return out


def criterion_score(spec: DesignSpec, values: Mapping[str, float]) -> float:
    """The spec's criterion over the economies, oriented so that higher is better (-inf when a value is not defined).

    Example:
        >>> from types import SimpleNamespace
        >>> criterion_score(SimpleNamespace(criterion="worst_case", minimise=False), {"a": 3.0, "b": 1.0})
        1.0
        >>> criterion_score(SimpleNamespace(criterion="mean", minimise=True), {"a": 3.0, "b": 1.0})
        -2.0
    """
    v = np.array([values[e] for e in values], dtype=float)
    if np.isnan(v).any():
        return float("-inf")
    v = -v if spec.minimise else v
    return float(v.min() if spec.criterion == "worst_case" else v.mean())



def robustness(result: DesignResult) -> dict[str, pd.DataFrame]:
    """The tables of a design: candidates, allocations, values per economy with regret, runs, recommendations.

    Regret of a candidate in an economy: the best candidate's value there minus its own (for a
    cost, its own minus the lowest), so 0 for the best; a candidate whose value is not defined
    has no regret figure and ranks last.
    """
    setup = result.setup
    spec = setup.spec
    evaluations = result.evaluations
    sign = -1.0 if spec.minimise else 1.0
    values = pd.DataFrame([{"candidate": k, "economy": e, "value": v} for k, ev in enumerate(evaluations) for e, v in ev.values.items()])
    oriented = values.assign(oriented=sign * values["value"])
    best = oriented.groupby("economy")["oriented"].transform("max")
    values["regret"] = (best - oriented["oriented"]).where(oriented["oriented"].notna())
    values["best_in_economy"] = (oriented["oriented"] == best) & oriented["oriented"].notna()
    runs = pd.DataFrame([{"candidate": k, **row} for k, ev in enumerate(evaluations) for row in ev.runs])
    per_run = per_run_column(spec)
    spread = runs.groupby(["candidate", "economy"]).agg(
        net_person_years=("net_person_years", "mean"), net_public_cost=("net_public_cost", "mean"), spending=("spending", "mean"),
        participants_started=("participants_started", "mean"), p5=(per_run, lambda s: s.quantile(0.05)),
        p95=(per_run, lambda s: s.quantile(0.95)), share_positive=("net_person_years", lambda s: float((s > 0).mean())),
    ).reset_index().assign(spread_of=per_run)  # fmt: skip
    values = values.merge(spread, on=["candidate", "economy"], how="left")
    values = values.merge(_detectable(spec, runs), on=["candidate", "economy"], how="left")
    rows, allocations = [], []
    for k, ev in enumerate(evaluations):
        package = setup.decode(ev.x)
        mine = values[values["candidate"] == k]
        rows.append({
            "candidate": k, "planned_budget": package.total, "criterion": ev.score * (sign if np.isfinite(ev.score) else 1.0),
            "worst_case": (mine["value"].max() if spec.minimise else mine["value"].min()) if mine["value"].notna().all() else float("nan"),
            "mean": float(mine["value"].mean()) if mine["value"].notna().all() else float("nan"),
            "max_regret": float(mine["regret"].max()) if mine["regret"].notna().all() else float("nan"),
            "score": ev.score,
        })  # fmt: skip
        for ins in spec.instruments:
            funded = package.budget[ins.name] > 0  # an instrument without budget has no places, start or target group
            allocations.append({"candidate": k, "instrument": ins.name, "type": ins.block["type"], "budget": package.budget[ins.name],
                                "places_per_year": package.places[ins.name] if funded else None,
                                "start": package.start[ins.name] if funded else None, "target": package.target[ins.name] if funded else None})  # fmt: skip
    candidates = pd.DataFrame(rows)
    candidates["rank"] = candidates["score"].rank(ascending=False, method="first").astype(int)
    picks = [{"pick": "recommended", "candidate": int(candidates.sort_values(["score", "planned_budget"], ascending=[False, True]).iloc[0]["candidate"]),
              "why": f"best by the criterion ({spec.criterion})"}]  # fmt: skip
    defined = candidates[candidates["max_regret"].notna()]
    worst = candidates.assign(w=sign * candidates["worst_case"]).dropna(subset=["w"])
    if not worst.empty:
        picks.append({"pick": "best_worst_case", "candidate": int(worst.sort_values(["w", "planned_budget"], ascending=[False, True]).iloc[0]["candidate"]),
                      "why": "best in its worst economy (maximin)"})  # fmt: skip
    if not defined.empty:
        picks.append({"pick": "least_regret", "candidate": int(defined.sort_values(["max_regret", "planned_budget"]).iloc[0]["candidate"]),
                      "why": "smallest largest regret over the economies (minimax regret)"})  # fmt: skip
    for economy in spec.economies:
        sel = values[(values["economy"] == economy) & values["best_in_economy"]]
        if not sel.empty:
            pick = sel.merge(candidates[["candidate", "planned_budget"]], on="candidate").sort_values("planned_budget").iloc[0]
            picks.append({"pick": f"best_in:{economy}", "candidate": int(pick["candidate"]), "why": f"best in the {economy} economy"})
    return {"candidates": candidates, "allocations": pd.DataFrame(allocations), "values": values, "runs": runs, "picks": pd.DataFrame(picks)}


def _detectable(spec: DesignSpec, runs: pd.DataFrame) -> pd.DataFrame:
    """Per candidate and economy: the smallest effect its runs could detect and whether its effect is distinguishable from none.

    On the objective's own runs (for a cost per person-year, on the net person-years it divides by).
    """
    from participation_model.metrics.noise import detectability

    column = per_run_column(spec)
    rows = runs[["candidate", "economy", "draw", "replication", column]].rename(columns={column: "value"})
    if rows["draw"].isna().all():
        rows = rows.drop(columns="draw")
    return detectability(rows, ["candidate", "economy"])


def per_run_column(spec: DesignSpec) -> str:
    """The per-run figure whose spread and detectability a candidate's table shows: the objective's own, or
    for a cost per person-year (a ratio of totals, not a per-run figure) the net person-years it divides by."""
    return {"net_person_years": "net_person_years", "netto_participation": "netto_participation_year",
            "group_participation": "group_value", "net_public_cost_per_person_year": "net_person_years"}[spec.objective]  # fmt: skip
