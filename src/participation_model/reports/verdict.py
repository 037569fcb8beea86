"""The top of a scenario card: the answer, what it costs the public purse, and what drives it, in plain English.

A commission analyst reads a card for a decision. So before the detail it states, from the
comparison's tables alone:

- **the effect** with its interval, or that it is not distinguishable from the baseline;
- **the net public cost** and the cost per net extra person-year (one definition,
  ``cost_effectiveness``), or why that ratio is not shown;
- **displacement**: what share of the participants' own gain is lost to others in the model,
  and why (the market in the programme years: tighter or slacker than over the run; the target
  sectors' vacancies against the region's);
- **what would change the conclusion**: with parameter draws, the one or two parameters the net
  effect leans on most (``effect_drivers``); without, the largest one-at-a-time swings of a
  sensitivity folder of the scenario (``compare --sensitivity``); without either, how to find out.

Example:
    >>> from types import SimpleNamespace
    >>> market = pd.DataFrame({"year": [2015, 2016, 2017, 2018], "sector": "", "measure": "tightness", "value": [0.1, 0.1, 0.3, 0.3]})
    >>> market_words(market, [2015, 2016], [])
    'the programmes enrolled in a slack market (0.10 vacancies per unemployed resident, against 0.20 over the run)'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from participation_model.reports.cards_format import fmt_interval, row_of, verdict

#: what a tightness must differ from the run's mean by (share of it) to be called slack or tight
TIGHTNESS_MARGIN = 0.1
#: what a sector's vacancy rate must exceed the region's by (share of it) to be called a shortage sector
SHORTAGE_MARGIN = 0.25


def programme_years(scenario: Any, first: int, last: int) -> list[int]:
    """The years in which the scenario's interventions enrol (from their ``start`` to ``end``, within the run)."""
    years: set[int] = set()
    for spec in getattr(scenario, "interventions", ()):
        options = spec.options
        start = int(str(options.get("start", f"{first}-01"))[:4])
        end = int(str(options.get("end", f"{last}-12"))[:4])
        years.update(range(max(start, first), min(end, last) + 1))
    return sorted(years)


def target_sectors(scenario: Any) -> list[str]:
    """The sectors the scenario's interventions train or place for (``target_sectors``, ``host_sectors``)."""
    found: list[str] = []
    for spec in getattr(scenario, "interventions", ()):
        for key in ("target_sectors", "host_sectors"):
            found += [str(s) for s in spec.options.get(key) or () if str(s) not in found]
    return found


def market_words(market: pd.DataFrame, years: Sequence[int], sectors: Sequence[str]) -> str:
    """Whether the programme years were slack or tight, and whether the target sectors were short of workers."""
    if market is None or market.empty or not years:
        return ""
    region = market[(market["sector"].fillna("") == "") & (market["measure"] == "tightness")].set_index("year")["value"]
    during, overall = float(region.reindex(years).mean()), float(region.mean())
    if math.isnan(during) or not overall > 0:
        return ""
    kind = "slack" if during < overall * (1 - TIGHTNESS_MARGIN) else "tight" if during > overall * (1 + TIGHTNESS_MARGIN) else "average"
    words = f"the programmes enrolled in a{'n' if kind == 'average' else ''} {kind} market ({during:.2f} vacancies per unemployed resident, against {overall:.2f} over the run)"
    rates = market[(market["measure"] == "vacancy_rate") & market["year"].isin(years)]
    if sectors and not rates.empty:
        all_sectors = rates.groupby("sector")["value"].mean()
        mean_rate = float(all_sectors.mean())
        short = [s for s in sectors if s in all_sectors and all_sectors[s] > mean_rate * (1 + SHORTAGE_MARGIN)]
        others = [s for s in sectors if s in all_sectors and s not in short]
        if short:
            words += f"; {', '.join(short)} had more open vacancies per job than the region's sectors on average (a shortage)"
        if others:
            words += f"; {', '.join(others)} had no more than average (no shortage: participants compete with others for the jobs)"
    return words


def verdict_lines(result: Any, name: str) -> list[str]:
    """The "In short" block of the card of scenario ``name``."""
    year = result.year
    scenario = next(s for s in result.scenarios if s.name == name)
    totals = result.scenario_totals[result.scenario_totals["scenario"] == name].set_index("metric")
    lines = ["**In short**", ""]
    netto = row_of(result.annual, scenario=name, year=year, measure="netto_participation_15_75")
    net = totals.loc["net_extra_person_years"] if "net_extra_person_years" in totals.index else None
    if netto is not None:
        lines.append(f"- effect on netto participation in {year}: {fmt_interval(netto['mean'], netto['p5'], netto['p95'], 'pp')}{verdict(netto)}")
    if net is not None:
        lines.append(f"- net extra person-years in work (everyone, after displacement): {fmt_interval(net['mean'], net['p5'], net['p95'], 'person-years', 0)}{verdict(net)}")
    lines += _cost_lines(result, name)
    lines += _displacement_lines(result, name, scenario, totals)
    lines += _driver_lines(result, name)
    if getattr(result, "band", None):
        lines.append(f"- bands: {result.band}")
    return lines


def _cost_lines(result: Any, name: str) -> list[str]:
    """The net public cost and the cost-effectiveness ratios, each with its interval or the reason it is not shown."""
    out = []
    purse = getattr(result, "public_purse", None)
    if purse is not None and not purse.empty:
        cost = row_of(purse.assign(gemeente=purse["gemeente"].fillna("")), scenario=name, payer="public", gemeente="", item="net_cost")
        if cost is not None:
            out.append(f"- net public cost (spending minus benefits saved and taxes and premiums gained): {fmt_interval(cost['mean'], cost['p5'], cost['p95'], 'EUR', 0, False)}")
    ratios = getattr(result, "cost_effectiveness", None)
    for measure, label in (("cost_per_net_extra_person_year", "cost per net extra person-year"),
                           ("net_public_cost_per_net_extra_person_year", "net public cost per net extra person-year")):  # fmt: skip
        r = None if ratios is None or ratios.empty else row_of(ratios.assign(intervention=ratios["intervention"].fillna("")), scenario=name, intervention="", measure=measure)
        if r is None:
            continue
        if bool(r["shown"]):
            high = "no upper bound" if not math.isfinite(r["high"]) else f"{r['high']:,.0f}"
            out.append(f"- {label}: EUR {r['ratio']:,.0f} (5-95%: {r['low']:,.0f} to {high}; total over total across all runs)")
        else:
            out.append(f"- {label}: {r['reason']}")
    return out


def _displacement_lines(result: Any, name: str, scenario: Any, totals: pd.DataFrame) -> list[str]:
    """The share of the participants' gain lost to displacement, and the market that explains it."""
    if "participants_extra_person_years" not in totals.index or "displacement_person_years" not in totals.index:
        return []
    gain, lost = float(totals.loc["participants_extra_person_years", "mean"]), float(totals.loc["displacement_person_years", "mean"])
    if not gain > 0:
        return [f"- the participants gained no person-years in work against their own baseline selves ({gain:,.0f}), so displacement ({lost:,.0f}) is not a share of a gain"]
    first, last = int(result.baseline.start[:4]), int(result.baseline.end[:4])
    why = market_words(getattr(result, "market", None), programme_years(scenario, first, last), target_sectors(scenario))
    if lost >= 0:
        line = (f"- displacement: of the participants' own gain of {gain:,.0f} person-years, {lost:,.0f} ({lost / gain:.0%}) is lost "
                f"by non-participants in the model (jobs they would have had)")  # fmt: skip
    else:
        line = (f"- displacement: none in the mean; non-participants gain {-lost:,.0f} person-years besides the participants' own "
                f"{gain:,.0f} (jobs the participants leave or the subsidies add)")  # fmt: skip
    return [line + (f": {why}" if why else "")]


def _driver_lines(result: Any, name: str) -> list[str]:
    """The parameters the net effect leans on most, or how to find them."""
    drivers = getattr(result, "effect_drivers", None)
    own = None if drivers is None or drivers.empty else drivers[(drivers["scenario"] == name) & (drivers["metric"] == "net_extra_person_years")]
    if own is None or own.empty:
        swings = getattr(result, "sensitivity_drivers", None)
        mine = None if swings is None or swings.empty else swings[swings["scenario"] == name]
        if mine is not None and not mine.empty:
            parts = [f"{r.parameter} ({r.outcome.removeprefix('effect:')}: {r.low_value:+,.2f} at the low end of its range, "
                     f"{r.high_value:+,.2f} at the high end)" for r in mine.head(2).itertuples(index=False)]  # fmt: skip
            return [f"- what would change the conclusion most (one parameter at a time, sensitivity folder {mine['folder'].iloc[0]}): {'; '.join(parts)}"]
        if getattr(result, "draws", 0):
            return [f"- what drives it: too few parameter draws ({result.draws}) to rank the parameters; use 10 or more"]
        return ["- what drives it: not assessed here (the calibrated values only); rerun with --parameter-draws 10 to rank the parameters"]
    parts = []
    for r in own.head(2).itertuples(index=False):
        direction = "higher values, larger effect" if r.correlation > 0 else "higher values, smaller effect"
        parts.append(f"{r.parameter} (rank correlation {r.correlation:+.2f} over {r.draws} draws: {direction}; "
                     f"{r.low_value_effect:,.0f} person-years with its lower half of values, {r.high_value_effect:,.0f} with its upper half)")  # fmt: skip
    return [f"- what would change the conclusion most: {'; '.join(parts)}"]
