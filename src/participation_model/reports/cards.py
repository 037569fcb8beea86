"""Scenario cards: a plain-language summary of what each scenario changes against the baseline.

Every effect says whether it is distinguishable from the baseline: an effect whose 5-95%
range holds zero, or whose mean is below the smallest effect the runs could detect, is
written as "not distinguishable from the baseline" (:mod:`participation_model.metrics.noise`).
The card says what its bands hold (replications alone, or parameter draws and replications)
and, with parameter draws, how much of the variance of the headline effects the parameters
make.

The figures are formatted by :mod:`participation_model.reports.cards_format`; the "In short"
block at the top of each card is :mod:`participation_model.reports.verdict`.

Example:
    >>> from participation_model.experiments.compare import compare                   # doctest: +SKIP
    >>> print(scenario_cards(compare(baseline, [scenario])))                           # doctest: +SKIP
"""

from __future__ import annotations

import math

import pandas as pd

from participation_model.reports.cards_format import _md, fmt_interval, row_of as _row, verdict
from participation_model.reports.verdict import verdict_lines


def _runs(result, scenario) -> str:
    """How many paired runs the card rests on, and what its bands hold."""
    reps = result.baseline.replications
    draws = int(getattr(result.baseline, "parameter_draws", 0) or 0)
    runs = f"{draws} parameter draws x {reps} paired replications (each pair with the same parameters and seed)" if draws else f"{reps} paired replications (same seeds)"
    band = f" Bands: {result.band}." if hasattr(result, "band") else ""
    return f"Compared with **{result.baseline.name}**, {runs}, scale {scenario.scale:g}.{band}"


def scenario_card(result, name: str) -> str:
    """Markdown card for one scenario of a :class:`~participation_model.experiments.compare.ComparisonResult`."""
    year = result.year
    scenario = next(s for s in result.scenarios if s.name == name)
    lines = [f"## {name}", ""]
    if scenario.description:
        lines += [_md(scenario.description), ""]
    lines.append(_runs(result, scenario))
    lines += ["", "**What it does**", ""]
    lines += [f"- {_md(d)}" for d in result.descriptions.get(name, [])] or ["- nothing (no interventions)"]
    lines += ["", *verdict_lines(result, name)]
    lines += ["", f"**What it changes in {year}** (annual average, scenario minus baseline)", ""]
    for measure, label, unit, digits in (
        ("netto_participation_15_75", "netto participation 15-75", "pp", 2),
        ("bruto_participation_15_75", "bruto participation 15-75", "pp", 2),
        ("unemployment_rate_15_75", "unemployment rate", "pp", 2),
        ("employed_15_75", "employed persons", "persons", 0),
        ("bijstand", "bijstand recipients", "persons", 0),
        ("ww", "WW recipients", "persons", 0),
    ):
        r = _row(result.annual, scenario=name, year=year, measure=measure)
        if r is not None:
            lines.append(f"- {label}: {fmt_interval(r['mean'], r['p5'], r['p95'], unit, digits)}{verdict(r)}")
    prob = _row(result.probabilities, scenario=name, versus="baseline")
    if prob is not None:
        lines.append(f"- probability that it raises netto participation in {year}: {prob['probability']:.0%} of the paired runs" + _detectable(prob))
    lines += _gemeente_lines(result, name, year)
    totals = result.scenario_totals[result.scenario_totals["scenario"] == name].set_index("metric")
    lines += ["", "**Over the whole run**", ""]
    for metric, label, unit, signed in (
        ("net_extra_person_years", "net extra person-years in work (everyone)", "person-years", True),
        ("displacement_person_years", "net person-years lost by non-participants (displacement)", "person-years", True),
        ("participants_started", "participants started (persons, each once over all programmes)", "persons", False),
        ("spending", "spending", "EUR", False),
    ):
        if metric in totals.index:
            r = totals.loc[metric]
            lines.append(f"- {label}: {fmt_interval(r['mean'], r['p5'], r['p95'], unit, 0, signed)}{verdict(r) if signed else ''}")
    market = [
        ("extra_jobs_inside_person_years", "jobs inside the region", "person-years"),
        ("extra_open_vacancy_years", "open vacancies", "vacancy-years"),
        ("incommuter_jobs_change_person_years", "jobs held by in-commuters", "person-years"),
    ]
    if any(metric in totals.index for metric, _, _ in market):
        lines += ["", "**Where the jobs came from** (scenario minus baseline, over the whole run)", ""]
        for metric, label, unit in market:
            if metric in totals.index:
                r = totals.loc[metric]
                lines.append(f"- {label}: {fmt_interval(r['mean'], r['p5'], r['p95'], unit, 0)}{verdict(r)}")
        lines.append(
            "- jobs inside the region grow only where demand rises (a wage-cost subsidy) or vacancies that would have stayed "
            "open are filled (fewer open vacancy-years); a fall in in-commuters' jobs means residents took jobs in-commuters would have had"
        )
    lines += purse_lines(result, name)
    lines += _uncertainty_lines(result, name)
    per = result.interventions[result.interventions["scenario"] == name]
    if not per.empty:
        lines += ["", "**Per intervention** (means over all paired runs; the cost per extra participant person-year is total cost over total effect, shown only for a distinguishable positive effect)", "", "| intervention | participants started | hired under the scheme | extra person-years of participants | deadweight | lock-in months | spending EUR | EUR per extra participant person-year |", "|---|---|---|---|---|---|---|---|"]
        for iv, group in per.groupby("intervention", sort=False):
            m = group.set_index("metric")["mean"]
            lines.append(
                f"| {_md(iv)} | {m.get('participants_started', math.nan):,.0f} | {m.get('hired_under_scheme', math.nan):,.0f} | "
                f"{m.get('participant_extra_person_years', math.nan):,.0f} | {m.get('deadweight_share', math.nan):.0%} | "
                f"{m.get('lock_in_months', math.nan):,.0f} | {m.get('spending', math.nan):,.0f} | {_ratio_cell(result, name, iv)} |"
            )
    lines += ["", "Extra person-years of participants compare each participant with their own baseline self; the net figure for everyone also counts what non-participants lose (displacement).", ""]
    return "\n".join(lines)


#: The public payers of the card's purse section, with their names.
PURSE_PAYERS = (("rijk_szw", "rijk (SZW; taxes to the rijk)"), ("esf", "ESF"), ("provincie", "provincie"),
                ("gemeente", "gemeenten"), ("uwv", "UWV"))  # fmt: skip


def purse_lines(result, name: str) -> list[str]:
    """The card's public purse: who pays what, who saves what, the net public cost (means over replications).

    Example:
        >>> from types import SimpleNamespace
        >>> purse = pd.DataFrame({"scenario": "s", "payer": ["gemeente", "gemeente", "public"], "gemeente": "",
        ...     "item": ["spending", "benefit_savings_bijstand", "net_cost"], "mean": [900.0, 400.0, 500.0], "p5": [900.0, 300.0, 400.0], "p95": [900.0, 500.0, 600.0]})
        >>> purse_lines(SimpleNamespace(public_purse=purse), "s")[-2:]
        ['- gemeenten: spends 900, saves 400 on benefits, receives 0 in taxes and premiums: net cost 500 EUR', '- **net public cost**: 500 EUR (5-95%: 400 to 600)']
    """
    purse = getattr(result, "public_purse", None)
    if purse is None or purse.empty:
        return []
    own = purse[(purse["scenario"] == name) & (purse["gemeente"].fillna("") == "")].set_index(["payer", "item"])
    if own.empty:
        return []

    def mean(payer: str, item: str) -> float:
        return float(own.loc[(payer, item), "mean"]) if (payer, item) in own.index else 0.0

    lines = ["", "**The public purse** (over the whole run, EUR; benefit levels and revenue rates of public_finance.toml)", ""]
    for payer, label in PURSE_PAYERS:
        spent = mean(payer, "spending")
        saved = mean(payer, "benefit_savings_ww") + mean(payer, "benefit_savings_bijstand")
        revenue = mean(payer, "extra_revenue")
        if spent or saved or revenue:
            lines.append(f"- {label}: spends {spent:,.0f}, saves {saved:,.0f} on benefits, receives {revenue:,.0f} in taxes "
                         f"and premiums: net cost {spent - saved - revenue:,.0f} EUR")  # fmt: skip
    if ("public", "net_cost") in own.index:
        r = own.loc[("public", "net_cost")]
        lines.append(f"- **net public cost**: {fmt_interval(r['mean'], r['p5'], r['p95'], 'EUR', 0, False)}")
    return lines


def _gemeente_lines(result, name: str, year: int) -> list[str]:
    """Change in employed residents per gemeente in ``year``, and which gemeente figures are local.

    Why: a gemeente's start (its benefit stocks, participation) is local only where the region
    file gives local figures; elsewhere it is the region's, allocated by population share, and
    the card says so next to the numbers.
    """
    from participation_model.reports.dashboard.gemeente_notes import basis_note, triples_from_summaries

    table = getattr(result, "gemeenten", None)
    if table is None or table.empty:
        return []
    rows = table[(table["scenario"] == name) & (table["year"] == year) & (table["measure"] == "employed")]
    if rows.empty:
        return []
    lines = ["", f"**Employed residents by gemeente in {year}** (scenario minus baseline, everyone living there)", ""]
    lines += [f"- {_md(r['gemeente'])}: {fmt_interval(r['mean'], r['p5'], r['p95'], 'persons', 0)}" for _, r in rows.iterrows()]
    summaries = dict(zip(rows["gemeente"].astype(str), rows["basis"].astype(str))) if "basis" in rows.columns else {}
    lines.append(f"- {_md(basis_note(triples_from_summaries(summaries), 'en'))}")
    return lines


def _detectable(prob: pd.Series) -> str:
    """The smallest effect the runs could detect, next to a probability, and the verdict."""
    if "mde" not in prob or math.isnan(prob["mde"]):
        return ""
    return f" (the smallest effect these runs could detect: {prob['mde']:.2f} pp){verdict(prob)}"


#: the headline effects whose variance split a card shows: metric of variance_parts (year filled in), label
_SPLIT = (("netto_participation_15_75_{year}", "netto participation in {year}"), ("net_extra_person_years", "net extra person-years"),
          ("displacement_person_years", "displacement"))  # fmt: skip


def _uncertainty_lines(result, name: str) -> list[str]:
    """With parameter draws: the share of each headline effect's variance that the parameters make."""
    parts = getattr(result, "variance_parts", None)
    if parts is None or parts.empty:
        return []
    lines = ["", "**Where the uncertainty comes from** (share of the variance across draws and replications)", ""]
    for metric, label in _SPLIT:
        r = _row(parts, scenario=name, metric=metric.format(year=result.year))
        if r is not None and not math.isnan(r["parameter_share"]):
            lines.append(f"- {label.format(year=result.year)}: parameters {r['parameter_share']:.0%}, the model's randomness {r['random_share']:.0%}")
    return lines if len(lines) > 3 else []


def _ratio_cell(result, name: str, intervention: str) -> str:
    """An intervention's cost per extra participant person-year from the one ratio table, or why it is not shown."""
    ratios = getattr(result, "cost_effectiveness", None)
    r = None if ratios is None or ratios.empty else _row(ratios, scenario=name, intervention=intervention, measure="cost_per_extra_participant_person_year")
    if r is None:
        return "n/a"
    return f"{r['ratio']:,.0f}" if bool(r["shown"]) else _md(r["reason"])


def scenario_cards(result) -> str:
    """All cards, one markdown document."""
    head = [f"# Scenario cards: against {result.baseline.name}", ""]
    return "\n".join(head + [scenario_card(result, s.name) for s in result.scenarios])
