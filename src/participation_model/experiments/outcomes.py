"""What a package search needs of one run, and the paired effects of a candidate against its baseline.

A design search (``participation-model design``) runs thousands of (candidate, economy,
parameter draw, replication) runs on a batch executor. Each worker returns a small
:class:`RunOutcome` (the monthly series, the intervention reports, the age-band and gemeente
rows, and the employed count summed over every month), not the person-by-month employment
array of :mod:`participation_model.experiments.paired`, which would not travel well to a
cluster. :func:`paired_effects` turns a candidate's run and its baseline run with the same seed
into the figures a design ranks on, with the definitions of a comparison
(:mod:`participation_model.experiments.compare`): the net extra person-years are the
difference in employed person-months of everyone over the whole run, over 12; spending and the
public purse come from the same functions. So the scenario a design writes, compared with
``participation-model compare``, gives the numbers the design reported.

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> from participation_model.experiments.specs import FrozenParameters, RunSpec
    >>> s = scenario_from_dict({"name": "q", "end": "2014-03", "scale": 0.01, "replications": 1})
    >>> out = run_outcome(RunSpec(s, FrozenParameters({}), 7, 0))
    >>> effects = paired_effects(out, out, year=2014, group="55-64")
    >>> effects["net_person_years"], effects["netto_participation_year"], effects["spending"]
    (0.0, 0.0, 0.0)
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from participation_model.codes import STREAMS
from participation_model.experiments.runner import model_config
from participation_model.experiments.specs import RunSpec
from participation_model.metrics import public_purse as pp
from participation_model.measure_catalogue import to_real

#: The figures :func:`paired_effects` returns for one paired run.
EFFECTS = ("net_person_years", "netto_participation_year", "group_value", "spending", "public_spending",
           "net_public_cost", "participants_started", *(f"spending_{s}" for s in STREAMS))  # fmt: skip


@dataclass(frozen=True)
class RunOutcome:
    """One run, reduced to what a package search needs (it travels back from a worker)."""

    series: pd.DataFrame
    interventions: pd.DataFrame
    groups: pd.DataFrame  # month, dimension (age_band, gemeente), group, employed, netto_participation, bijstand
    employed_person_months: int  # simulated persons in work, summed over every month (warm-up too)
    scale: float
    seconds: float


def run_outcome(spec: RunSpec) -> RunOutcome:
    """Run one spec to the end (the spec's seed and overrides, as :func:`~participation_model.experiments.executors.run_spec`)."""
    from participation_model.model.codes import Status
    from participation_model.model.model import ParticipationModel
    from participation_model.model.results import groups_table, interventions_table, reported, run_months, series_table

    config = model_config(spec.scenario, spec.replication)
    params = config.params.with_overrides(dict(spec.parameters)) if spec.parameters else config.params
    config = dataclasses.replace(config, params=params, seed=spec.seed)
    started = time.perf_counter()
    model = ParticipationModel(config)
    employed = 0
    while model.running:
        model.step()
        p = model.persons
        employed += int(((p.status[: p.n] == Status.EMPLOYED) & p.alive[: p.n]).sum())
    months = run_months(model)
    groups = reported(model, groups_table(model, months))
    groups = groups.loc[groups["dimension"].isin(["age_band", "gemeente"]), ["month", "dimension", "group", "employed", "netto_participation", "bijstand"]]
    return RunOutcome(reported(model, series_table(model, months)), reported(model, interventions_table(model, months)),
                      groups.reset_index(drop=True), employed, model.scale, time.perf_counter() - started)  # fmt: skip


def paired_effects(base: RunOutcome, run: RunOutcome, *, year: int | None, group: str | None) -> dict[str, float]:
    """The figures of one candidate run against the baseline run with the same seed (all for the real population).

    ``netto_participation_year`` is the change in netto participation 15-75 in ``year`` (mean
    over its months, percentage points); ``group_value`` the change in an age band's netto
    participation in ``year`` (pp), or for ``group="bijstand"`` the extra moves from bijstand
    into work over the run (persons). Without a year or group they are NaN.
    """
    from participation_model.experiments.compare import purse_account, spending_by_stream

    spending = spending_by_stream(run.interventions)
    purse = pp.purse_totals(purse_account({"series": base.series, "groups": base.groups}, {"series": run.series, "groups": run.groups}, spending))
    reports = run.interventions
    started = float(reports.loc[reports["measure"] == "participants_started", "value"].sum()) if not reports.empty else 0.0
    out = {
        "net_person_years": float(to_real((run.employed_person_months - base.employed_person_months) / 12.0, run.scale)),
        "netto_participation_year": _year_change(base.series, run.series, "netto_participation_15_75", year),
        "group_value": _group_value(base, run, year, group),
        "spending": float(sum(spending.get(("", s), 0.0) for s in STREAMS)),
        "public_spending": float(purse.get("public_spending", 0.0)),
        "net_public_cost": float(purse.get("net_public_cost", 0.0)),
        "participants_started": started,
    }
    out.update({f"spending_{s}": float(spending.get(("", s), 0.0)) for s in STREAMS})
    return out


def _year_change(base: pd.DataFrame, run: pd.DataFrame, column: str, year: int | None) -> float:
    """Mean over the months of ``year`` of the scenario's value minus the baseline's (NaN without the year in the run)."""
    if year is None:
        return float("nan")
    in_year = base["month"].str.startswith(str(year)).to_numpy()
    if not in_year.any():
        return float("nan")
    return float((run[column].to_numpy()[in_year] - base[column].to_numpy()[in_year]).mean())


def _group_value(base: RunOutcome, run: RunOutcome, year: int | None, group: str | None) -> float:
    if group is None:
        return float("nan")
    if group == "bijstand":
        return float(np.sum(run.series["bijstand_exit_to_work"].to_numpy() - base.series["bijstand_exit_to_work"].to_numpy()))
    b = base.groups[(base.groups["dimension"] == "age_band") & (base.groups["group"] == group)]
    s = run.groups[(run.groups["dimension"] == "age_band") & (run.groups["group"] == group)]
    return _year_change(b.reset_index(drop=True), s.reset_index(drop=True), "netto_participation", year)
