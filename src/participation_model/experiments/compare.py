"""Compare scenarios with a baseline: paired replications, net effects, costs, who gains.

For every replication ``r`` the baseline and each scenario run with the same seed (common
random numbers), so their difference is the effect of the scenario, person by person. Per
replication this module computes, and across replications summarises (mean, 5/50/95%):

- per month and year: change in netto and bruto participation (pp), unemployment rate,
  employed persons and benefit stocks;
- per scenario: net extra person-years in work (everyone), displacement (person-years that
  non-participants lose), the employers' side (extra jobs inside the region, extra target
  demand, vacancies filled that would have stayed open, jobs taken from in-commuters),
  spending by funding stream;
- per intervention: the participant counts (``measure_catalogue.PARTICIPANT_COUNTS``: enrolled,
  participants started, in the programme in the chosen year, completed, hired under the scheme,
  summed from the run's monthly reports), participants' extra person-years against their
  baseline selves and extra persons employed in the chosen year, deadweight share, lock-in
  months, spending;
- the same participant measures by target group (each participant once, as at their first
  enrolment), and employment changes by gemeente (with a ``basis`` column: which of the
  gemeente's figures are local and which allocated);
- the public purse (``metrics/public_purse.py``): per funding stream spending, benefit savings
  (WW for UWV, bijstand for the gemeenten, also per gemeente), extra tax and premium revenue,
  and the net cost; the net public cost in the scenario totals;
- the probability that each scenario beats the baseline, and each other scenario, on netto
  participation in a chosen year;
- for the effects on the aggregates and the scenario totals, the smallest effect the run could
  detect and whether the effect is distinguishable from the baseline
  (:mod:`participation_model.metrics.noise`);
- over all runs at once, the cost-effectiveness ratios (``cost_effectiveness``: the cost and the
  net public cost per net extra person-year, and per intervention the cost per extra
  participant person-year), each total cost over total effect, with a bootstrap interval, shown
  only for a distinguishable positive effect (:mod:`participation_model.metrics.cost_effectiveness`).

With parameter draws (``parameter_draws = D``, from the calibration's ensemble) the runs are
(draw, replication) pairs: the baseline and every scenario of the same pair share the draw's
parameters and the replication's seed, so their differences stay paired. The tables gain a
``draw`` column where they have ``replication``, every summary runs over all pairs, and
``variance_parts`` splits the variance of each headline effect into parameter and random parts.

Example:
    >>> from participation_model.scenario import scenario_from_dict
    >>> base = scenario_from_dict({"name": "b", "end": "2015-06", "scale": 0.02, "replications": 2})
    >>> result = compare(base, [base.model_copy(update={"name": "same"})], year=2015)
    >>> float(result.annual.query("measure == 'netto_participation_15_75'")["p95"].abs().max())
    0.0
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from participation_model.experiments.paired import TrackedRun, align, check_pairable, run_tracked
from participation_model.experiments.runner import draw_scenario, runs
from participation_model.codes import STREAMS
from participation_model.measure_catalogue import to_real
from participation_model.metrics import compare as mc
from participation_model.metrics import cost_effectiveness as ce
from participation_model.metrics import what_drives as wd
from participation_model.metrics import public_purse as pp
from participation_model.public_finance import load_public_finance
from participation_model.metrics import noise
from participation_model.scenario import Scenario


@dataclass(frozen=True)
class CompareProgress:
    replication: int
    replications: int
    run: str
    month_index: int
    months: int


@dataclass
class ComparisonResult:
    """All comparison tables (tidy DataFrames) and what they were computed from."""

    baseline: Scenario
    scenarios: list[Scenario]
    year: int
    monthly: pd.DataFrame  # scenario, replication, month, measure, baseline_value, scenario_value, diff
    annual: pd.DataFrame  # scenario, year, measure + summary columns of diff
    scenario_totals: pd.DataFrame  # scenario, metric + summary
    interventions: pd.DataFrame  # scenario, intervention, type, metric + summary
    target_groups: pd.DataFrame  # scenario, intervention, group, metric + summary
    gemeenten: pd.DataFrame  # scenario, gemeente, year, measure + summary + basis
    probabilities: pd.DataFrame  # scenario, versus, year, measure, probability
    descriptions: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    seeds: list[int] = field(default_factory=list)
    public_purse: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario, payer, gemeente, item + summary
    #: with parameter draws: scenario, metric + the split of each headline effect's variance (noise.VARIANCE_COLUMNS)
    variance_parts: pd.DataFrame | None = None
    #: every cost-effectiveness ratio, once: total cost over total effect (metrics/cost_effectiveness.py)
    cost_effectiveness: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ce.COLUMNS)))
    #: the baseline's market per year (region tightness, sectors' vacancy rates), mean over runs (metrics/what_drives.py)
    market: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(wd.MARKET_COLUMNS)))
    #: with parameter draws: the parameters the headline effects lean on most (metrics/what_drives.py)
    effect_drivers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(wd.DRIVER_COLUMNS)))
    #: one-at-a-time swings of a sensitivity folder of a compared scenario (``compare --sensitivity``), or None
    sensitivity_drivers: pd.DataFrame | None = None

    @property
    def draws(self) -> int:
        """Parameter draws per replication (0: the calibrated values alone)."""
        return int(getattr(self.baseline, "parameter_draws", 0) or 0)

    @property
    def band(self) -> str:
        """What the 5-95% bands of the tables hold, in words (:func:`participation_model.metrics.noise.band_label`)."""
        return noise.band_label(self.draws, self.baseline.replications)


def compare(
    baseline: Scenario,
    scenarios: Sequence[Scenario],
    *,
    year: int = 2018,
    progress: Callable[[CompareProgress], None] | None = None,
) -> ComparisonResult:
    """Run the baseline and the scenarios with paired replications and compare them."""
    for s in scenarios:
        check_pairable(baseline, s)
    started = time.perf_counter()
    rows: dict[str, list] = {"monthly": [], "totals": [], "interventions": [], "groups": [], "gemeenten": []}
    descriptions: dict[str, list[str]] = {}
    seeds: list[int] = []
    market: list[pd.DataFrame] = []  # the baseline's market per run, for the cards' "why"
    pairs = runs(baseline)  # (draw, replication): the draw is None without parameter draws
    for k, (d, r) in enumerate(pairs):
        base = run_tracked(_drawn(baseline, d), r, _progress(progress, k, len(pairs), baseline.name))
        if d in (None, 0):  # replication r has the same seed in every draw
            seeds.append(base.seed)
        market.append(wd.market_conditions(base.tables["series"], base.tables.get("sectors")))
        for s in scenarios:
            run = run_tracked(_drawn(s, d), r, _progress(progress, k, len(pairs), s.name))
            before = {key: len(found) for key, found in rows.items()}
            _collect(rows, s.name, r, base, run, year)
            if d is not None:
                _stamp_draw(rows, before, d)
            if s.name not in descriptions:
                descriptions[s.name] = _describe(s)
    monthly = pd.concat(rows["monthly"], ignore_index=True)
    annual_rep = pd.concat([mc.annual(m).assign(**{k: m[k].iloc[0] for k in ("scenario", "draw", "replication") if k in m}) for m in rows["monthly"]], ignore_index=True)
    annual = _with_detectability(mc.summarise(annual_rep, ["scenario", "year", "measure"], "diff"), annual_rep, ["scenario", "year", "measure"], "diff")
    total_rows = pd.DataFrame(rows["totals"])
    totals = _with_detectability(mc.summarise(total_rows, ["scenario", "metric"]), total_rows, ["scenario", "metric"])
    interventions = _summary_or_empty(rows["interventions"], ["scenario", "intervention", "type", "metric"])
    groups = _summary_or_empty(rows["groups"], ["scenario", "intervention", "group", "metric"])
    gemeenten = with_basis(mc.summarise(pd.concat(rows["gemeenten"], ignore_index=True), ["scenario", "gemeente", "year", "measure"]), baseline)
    probabilities = _probabilities(annual_rep, year)
    purse = pp.in_order(_summary_or_empty(rows.get("purse", []), ["scenario", "payer", "gemeente", "item"]))
    variance = _variance_parts(annual_rep, total_rows, year) if baseline.parameter_draws else None
    return ComparisonResult(baseline, list(scenarios), year, monthly, annual, totals, interventions, groups, gemeenten, probabilities,
                            descriptions, time.perf_counter() - started, seeds, purse, variance,
                            ce.cost_effectiveness_table(total_rows, pd.DataFrame(rows["interventions"])),
                            pd.concat(market, ignore_index=True).groupby(["year", "sector", "measure"], as_index=False)["value"].mean(),
                            _effect_drivers(baseline, annual_rep, total_rows, year))  # fmt: skip


def _effect_drivers(baseline: Scenario, annual_rep: pd.DataFrame, totals: pd.DataFrame, year: int) -> pd.DataFrame:
    """With parameter draws: which parameters the net effect and netto participation in ``year`` lean on most."""
    if not baseline.parameter_draws:
        return pd.DataFrame(columns=list(wd.DRIVER_COLUMNS))
    netto = annual_rep[(annual_rep["year"] == year) & (annual_rep["measure"] == "netto_participation_15_75")]
    effects = pd.concat([netto.assign(metric=f"netto_participation_15_75_{year}").rename(columns={"diff": "value"}),
                         totals[totals["metric"] == "net_extra_person_years"]], ignore_index=True)  # fmt: skip
    draws = [dict(draw_scenario(baseline, d).calibration_values or {}) for d in range(baseline.parameter_draws)]
    return wd.parameter_drivers(effects[["scenario", "metric", "draw", "replication", "value"]], draws)


def _drawn(scenario: Scenario, draw: int | None) -> Scenario:
    """The scenario with the draw's parameters (itself without draws)."""
    return scenario if draw is None else draw_scenario(scenario, draw)


def _stamp_draw(rows: dict[str, list], before: dict[str, int], draw: int) -> None:
    """Give every row collected since ``before`` a ``draw`` column, just before its ``replication``.

    Example:
        >>> rows = {"totals": [{"scenario": "a", "replication": 0, "value": 1.0}]}
        >>> _stamp_draw(rows, {"totals": 0}, 3); list(rows["totals"][0])
        ['scenario', 'draw', 'replication', 'value']
    """
    for key, found in rows.items():
        for i in range(before.get(key, 0), len(found)):
            row = found[i]
            if isinstance(row, pd.DataFrame):
                row = row.copy()
                row.insert(int(row.columns.get_loc("replication")), "draw", draw)
                found[i] = row
            else:
                stamped = {}
                for name, value in row.items():
                    if name == "replication":
                        stamped["draw"] = draw
                    stamped[name] = value
                found[i] = stamped


def _with_detectability(summary: pd.DataFrame, values: pd.DataFrame, by: list[str], value: str = "value") -> pd.DataFrame:
    """The summary with the smallest detectable effect (``mde``) and ``distinguishable`` appended."""
    if summary.empty:
        return summary.assign(mde=pd.Series(dtype=float), distinguishable=pd.Series(dtype=bool))
    return summary.merge(noise.detectability(values, by, value), on=by, how="left", validate="one_to_one")


def _variance_parts(annual_rep: pd.DataFrame, totals: pd.DataFrame, year: int) -> pd.DataFrame:
    """The variance split of the headline effects: netto participation in ``year`` and every scenario total."""
    netto = annual_rep[(annual_rep["year"] == year) & (annual_rep["measure"] == "netto_participation_15_75")]
    netto = netto.assign(metric=f"netto_participation_15_75_{year}").rename(columns={"diff": "value"})
    table = pd.concat([netto[["scenario", "metric", "draw", "replication", "value"]], totals[["scenario", "metric", "draw", "replication", "value"]]], ignore_index=True)
    return noise.variance_parts(table, ["scenario", "metric"])


def _progress(progress, r: int, n: int, name: str):
    if progress is None:
        return None
    return lambda t, months: progress(CompareProgress(r, n, name, t, months))


def _summary_or_empty(rows: list[dict], by: list[str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=[*by, "mean", "p5", "p50", "p95", "prob_positive", "n_replications"])
    return mc.summarise(pd.DataFrame(rows), by)


def _collect(rows: dict[str, list], name: str, r: int, base: TrackedRun, run: TrackedRun, year: int) -> None:
    emp_b, emp_s = align(base.employed, run.employed)
    months = base.tables["series"]["month"].str[:4].astype(int).to_numpy()
    in_year = np.flatnonzero(months == year) + (emp_b.shape[0] - len(months))  # the employment arrays hold the warm-up too
    scale = run.scale
    diffs = mc.aggregate_differences(base.tables["series"], run.tables["series"]).assign(scenario=name, replication=r)
    rows["monthly"].append(diffs)
    spending = spending_by_stream(run.tables["interventions"])
    participants = np.unique(np.concatenate([e.uid for e in run.enrolments])) if run.enrolments else np.empty(0, dtype=np.int64)
    net = mc.net_person_years(emp_b, emp_s, scale)
    total_spending = float(sum(spending.get(("", s), 0.0) for s in STREAMS))
    totals = {
        "net_extra_person_years": net,
        "participants_extra_person_years": float(to_real((emp_s[:, participants].sum() - emp_b[:, participants].sum()) / 12.0, scale)),
        "displacement_person_years": mc.displacement_person_years(emp_b, emp_s, participants, scale),
        "participants_started": to_real(len(participants), scale),
        "spending": total_spending,
    }
    totals.update(mc.market_account(base.tables["series"], run.tables["series"]))
    totals.update({f"spending_{s}": spending.get(("", s), 0.0) for s in STREAMS})
    purse = purse_account(base.tables, run.tables, spending)
    totals.update(pp.purse_totals(purse))
    rows.setdefault("purse", []).extend({"scenario": name, "replication": r, **row} for row in purse)
    rows["totals"] += [{"scenario": name, "replication": r, "metric": k, "value": v} for k, v in totals.items()]
    reports = run.tables["interventions"]
    gemeenten = list(dict.fromkeys(base.tables["groups"].query("dimension == 'gemeente'")["group"]))
    for e in run.enrolments:
        _intervention_rows(rows, name, r, e, emp_b, emp_s, scale, reports, spending, in_year, gemeenten, year)
    rows["gemeenten"].append(_gemeente_rows(base.tables["groups"], run.tables["groups"]).assign(scenario=name, replication=r))


def spending_by_stream(reports: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Spending by (intervention, stream), plus ('', stream) totals over interventions."""
    out: dict[tuple[str, str], float] = {}
    if reports.empty:
        return out
    spend = reports[reports["measure"].str.startswith("spending_")]
    for (iv, measure), value in spend.groupby(["intervention", "measure"])["value"].sum().items():
        stream = measure.removeprefix("spending_")
        out[(iv, stream)] = float(value)
        out[("", stream)] = out.get(("", stream), 0.0) + float(value)
    return out


def _intervention_rows(rows, name, r, e, emp_b, emp_s, scale, reports, spending, in_year, gemeenten, year) -> None:
    own = reports[reports["intervention"] == e.name]
    spent = sum(spending.get((e.name, s), 0.0) for s in STREAMS)
    first = mc.first_enrolments(e.uid, e.month)  # each participant once, from their first enrolment
    uid, month = e.uid[first], e.month[first]
    py = mc.participant_person_years(emp_b, emp_s, uid, month, scale)
    metrics = {
        **_counts(own, year),
        "participant_extra_person_years": py,
        "participant_extra_employed_in_year": _extra_employed(emp_b, emp_s, uid, in_year, scale),
        "deadweight_share": mc.deadweight_share(emp_b, emp_s, uid, month, e.follow_up_months),
        "lock_in_months": mc.lock_in_months(emp_b, emp_s, e.uid, e.month, e.duration_months, scale),
        "spending": spent,
    }
    metrics.update({f"spending_{s}": spending.get((e.name, s), 0.0) for s in STREAMS})
    base_row = {"scenario": name, "replication": r, "intervention": e.name, "type": e.type}
    rows["interventions"] += [{**base_row, "metric": k, "value": v} for k, v in metrics.items()]
    groups = dict(mc.TARGET_GROUPS)
    groups.update({f"gemeente {g}": (lambda p, k=k: p["gemeente"] == k) for k, g in enumerate(gemeenten)})
    for group, select in groups.items():
        mask = np.asarray(select({k: v[first] for k, v in e.profile.items()}), dtype=bool)
        if not mask.any():  # counted as zero, so means over replications stay means over all of them
            zero = {"participants_started": 0.0, "participant_extra_person_years": 0.0}
            rows["groups"] += [{"scenario": name, "replication": r, "intervention": e.name, "group": group, "metric": k, "value": v} for k, v in zero.items()]
            continue
        group_metrics = {
            "participants_started": to_real(int(mask.sum()), scale),
            "participant_extra_person_years": mc.participant_person_years(emp_b, emp_s, uid[mask], month[mask], scale),
            "deadweight_share": mc.deadweight_share(emp_b, emp_s, uid[mask], month[mask], e.follow_up_months),
        }
        rows["groups"] += [{"scenario": name, "replication": r, "intervention": e.name, "group": group, "metric": k, "value": v} for k, v in group_metrics.items()]


def _counts(own: pd.DataFrame, year: int) -> dict[str, float]:
    """The participant counts of one intervention (``measure_catalogue.PARTICIPANT_COUNTS``) from its monthly reports.

    The flows summed over the run (each person once, as the programme counted them); the stock
    averaged over the months of ``year``. The run folder's table holds the same monthly reports.
    """
    total = {m: float(own.loc[own["measure"] == m, "value"].sum()) for m in ("enrolled", "participants_started", "participants_completed", "hired_under_scheme")}
    stock = own.loc[(own["measure"] == "participants_in_programme") & own["month"].astype(str).str.startswith(str(year)), "value"]
    return {**total, "participants_in_programme_in_year": float(stock.mean()) if len(stock) else float("nan")}


def purse_account(base: dict[str, pd.DataFrame], run: dict[str, pd.DataFrame], spending: dict[tuple[str, str], float]) -> list[dict[str, object]]:
    """The public-purse account of one paired replication (``metrics/public_purse.py``), at the bundled levels."""
    finance = load_public_finance()
    years = sorted({int(m[:4]) for m in base["series"]["month"]})
    levels = pp.PurseLevels(
        {"ww": finance.by_year("benefits.ww_per_recipient_month", years), "bijstand": finance.by_year("benefits.bijstand_per_recipient_month", years)},
        {"rijk_szw": finance.by_year("revenue.taxes_per_person_year", years), "uwv": finance.by_year("revenue.premiums_per_person_year", years)},
    )  # fmt: skip
    avoided = {b: pp.benefit_months_avoided(base["series"], run["series"], b) for b in pp.BENEFIT_PAYERS}
    by_gemeente = pp.benefit_months_avoided_by_gemeente(base["groups"], run["groups"], "bijstand")
    streams = {s: spending.get(("", s), 0.0) for s in STREAMS}
    return pp.purse_rows(streams, avoided, by_gemeente, pp.extra_person_years(base["series"], run["series"]), levels)


def _extra_employed(emp_b: np.ndarray, emp_s: np.ndarray, uids: np.ndarray, months: np.ndarray, scale: float) -> float:
    """Participants employed in the scenario minus in the baseline, averaged over the months of the year."""
    if not len(months) or not len(uids):
        return float("nan")
    return float(to_real((emp_s[np.ix_(months, uids)].sum() - emp_b[np.ix_(months, uids)].sum()) / len(months), scale))


def _gemeente_rows(base_groups: pd.DataFrame, scen_groups: pd.DataFrame) -> pd.DataFrame:
    """Annual change in employed persons and netto participation per gemeente."""
    cols = ["employed", "netto_participation"]
    b = base_groups[base_groups["dimension"] == "gemeente"].set_index(["month", "group"])[cols]
    s = scen_groups[scen_groups["dimension"] == "gemeente"].set_index(["month", "group"])[cols].reindex(b.index)
    d = (s - b).reset_index().rename(columns={"group": "gemeente"})
    d["year"] = d["month"].str[:4].astype(int)
    d = d.groupby(["gemeente", "year"], as_index=False)[cols].mean()
    return d.melt(id_vars=["gemeente", "year"], var_name="measure", value_name="value")


def with_basis(gemeenten: pd.DataFrame, baseline: Scenario) -> pd.DataFrame:
    """The gemeenten table with a ``basis`` column: which of the gemeente's figures are local.

    Why: without local figures every gemeente starts from the region's rates; the column says,
    per gemeente, which figures the region file gives locally ("local", "estimate") and which
    are the region's totals allocated by population share ("allocated").

    Example:
        >>> from participation_model.scenario import default_scenario
        >>> table = with_basis(pd.DataFrame({"gemeente": ["Pekela"]}), default_scenario())
        >>> table["basis"].iloc[0].split("; ")[:2]
        ['local: ao', 'estimate: population']
    """
    from participation_model.region import load_region

    local = load_region(baseline.region_path).local
    return gemeenten.assign(basis=[local.summary(str(g)) if g in local.gemeenten else "" for g in gemeenten["gemeente"]])


def _probabilities(annual_rep: pd.DataFrame, year: int) -> pd.DataFrame:
    """P(scenario beats baseline) and P(scenario beats another) on netto participation in ``year``.

    Shares of all runs (replications, or (draw, replication) pairs), with the smallest
    difference the runs could detect (``mde``) and whether the difference is distinguishable
    from none (:func:`participation_model.metrics.noise.detectability`).
    """
    sel = annual_rep[(annual_rep["year"] == year) & (annual_rep["measure"] == "netto_participation_15_75")]
    keys = [k for k in ("draw", "replication") if k in sel.columns]
    wide = sel.pivot(index=keys, columns="scenario", values="diff")
    rows, differences = [], []
    for a in wide.columns:
        for b in ["baseline", *(b for b in wide.columns if b != a)]:
            difference = wide[a] - (wide[b] if b != "baseline" else 0.0)
            rows.append({"scenario": a, "versus": b, "year": year, "measure": "netto_participation_15_75", "probability": float((difference > 0).mean())})
            differences.append(difference.rename("value").reset_index().assign(scenario=a, versus=b))
    table = pd.DataFrame(rows)
    if not differences:
        return table
    return table.merge(noise.detectability(pd.concat(differences, ignore_index=True), ["scenario", "versus"]), on=["scenario", "versus"], how="left")


def _describe(s: Scenario) -> list[str]:
    """One sentence per intervention of a scenario (built from its validated blocks)."""
    from participation_model.experiments.runner import model_config

    return [iv.describe() for iv in model_config(s, 0).interventions]
