"""The public purse of a paired replication: spending, benefit savings, extra revenue, net cost (pure functions).

Spending alone is gross: a programme that moves someone from bijstand into work also saves the
gemeente the benefit, and the job brings in taxes and premiums. Per funding stream (payer) this
module puts the three side by side:

- **spending**: what the stream paid for the scenario's interventions (the ledger);
- **benefit months avoided**: the baseline's benefit stock minus the scenario's, summed over
  the months (recipient-months; negative where the scenario has more recipients), for WW (paid
  by UWV) and bijstand (paid by the gemeenten, also per gemeente);
- **benefit savings**: the months avoided in each year times the monthly benefit level of that
  year (``data/parameters/public_finance.toml``);
- **extra revenue**: the net extra person-years in work of everyone (scenario minus baseline,
  after displacement) in each year times the extra taxes (to the rijk) and premiums (to the UWV
  funds) per person-year of that year;
- **net cost** = spending - benefit savings - extra revenue. The **net public cost** is the sum
  over the public streams (``codes.PUBLIC_STREAMS``: not the sector funds, not employers).

Everything is in euros of the real population, over the reported months of the run, not
discounted. The levels come in as plain mappings by year (:class:`PurseLevels`), so this module
reads no files; ``experiments/compare.py`` fills them from ``participation_model.public_finance``.

Example:
    >>> import pandas as pd
    >>> b = pd.DataFrame({"month": ["2016-01", "2016-02"], "ww": [100.0, 100.0], "bijstand": [50.0, 50.0], "employed_15_75": [1200.0, 1200.0]})
    >>> s = b.assign(ww=[100.0, 94.0], bijstand=[50.0, 47.0], employed_15_75=[1200.0, 1212.0])
    >>> benefit_months_avoided(b, s, "ww")
    {2016: 6.0}
    >>> extra_person_years(b, s)
    {2016: 1.0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from participation_model.codes import PUBLIC_STREAMS, STREAMS

#: The benefits whose avoided months the account counts, with the stream that pays each.
BENEFIT_PAYERS: Mapping[str, str] = {"ww": "uwv", "bijstand": "gemeente"}
#: The payer of ``public`` rows: all public streams together.
PUBLIC = "public"
#: The items of the account, in reading order.
ITEMS = ("spending", "benefit_months_avoided_ww", "benefit_savings_ww", "benefit_months_avoided_bijstand",
         "benefit_savings_bijstand", "extra_revenue", "net_cost")  # fmt: skip


@dataclass(frozen=True)
class PurseLevels:
    """Benefit levels and revenue rates by year (EUR), and who receives the revenue.

    ``benefit_month`` maps a benefit (``ww``, ``bijstand``) to its monthly level by year;
    ``revenue_year`` maps the receiving stream (``rijk_szw`` for taxes, ``uwv`` for premiums)
    to its revenue per extra person-year in work by year.
    """

    benefit_month: Mapping[str, Mapping[int, float]]
    revenue_year: Mapping[str, Mapping[int, float]]


def _years(months: pd.Series) -> pd.Series:
    return months.astype(str).str[:4].astype(int)


def benefit_months_avoided(baseline: pd.DataFrame, scenario: pd.DataFrame, benefit: str) -> dict[int, float]:
    """Recipient-months of ``benefit`` the scenario avoids, by year: baseline stock minus scenario stock, summed.

    The stocks are monthly counts of recipients (persons of the real population), so their sum
    over a year's months is recipient-months.
    """
    d = pd.DataFrame({"year": _years(baseline["month"]), "avoided": baseline[benefit].to_numpy() - scenario[benefit].to_numpy()})
    return {int(y): float(v) for y, v in d.groupby("year")["avoided"].sum().items()}


def benefit_months_avoided_by_gemeente(baseline_groups: pd.DataFrame, scenario_groups: pd.DataFrame, benefit: str) -> dict[str, dict[int, float]]:
    """As :func:`benefit_months_avoided`, per gemeente of residence (the groups table's ``gemeente`` rows).

    Example:
        >>> g = pd.DataFrame({"month": ["2016-01", "2016-01"], "dimension": "gemeente", "group": ["A", "B"], "bijstand": [10.0, 20.0]})
        >>> benefit_months_avoided_by_gemeente(g, g.assign(bijstand=[9.0, 20.0]), "bijstand")
        {'A': {2016: 1.0}, 'B': {2016: 0.0}}
    """
    b = baseline_groups[baseline_groups["dimension"] == "gemeente"].set_index(["month", "group"])[benefit]
    s = scenario_groups[scenario_groups["dimension"] == "gemeente"].set_index(["month", "group"])[benefit].reindex(b.index)
    d = (b - s).reset_index(name="avoided")
    d["year"] = _years(d["month"])
    out: dict[str, dict[int, float]] = {}
    for gemeente in pd.unique(d["group"]):
        own = d[d["group"] == gemeente]
        out[str(gemeente)] = {int(y): float(v) for y, v in own.groupby("year")["avoided"].sum().items()}
    return out


def extra_person_years(baseline: pd.DataFrame, scenario: pd.DataFrame) -> dict[int, float]:
    """Net extra person-years in work of everyone, by year: employed 15-75, scenario minus baseline, summed / 12.

    Over all years this is the comparison's ``net_extra_person_years`` (everyone is 15-75).
    """
    d = pd.DataFrame({"year": _years(baseline["month"]),
                      "extra": scenario["employed_15_75"].to_numpy() - baseline["employed_15_75"].to_numpy()})  # fmt: skip
    return {int(y): float(v) / 12.0 for y, v in d.groupby("year")["extra"].sum().items()}


def priced(amounts: Mapping[int, float], level: Mapping[int, float]) -> float:
    """Sum over years of an amount times that year's level (benefit months x EUR a month, person-years x EUR a year).

    Example:
        >>> priced({2016: 6.0, 2017: 2.0}, {2016: 1000.0, 2017: 1100.0})
        8200.0
    """
    return float(sum(value * level[year] for year, value in amounts.items()))


def purse_rows(
    spending: Mapping[str, float],
    avoided: Mapping[str, Mapping[int, float]],
    avoided_by_gemeente: Mapping[str, Mapping[int, float]],
    person_years: Mapping[int, float],
    levels: PurseLevels,
) -> list[dict[str, object]]:
    """The account of one paired replication: rows of ``payer, gemeente, item, value``.

    Args:
        spending: EUR by funding stream (missing streams spent nothing).
        avoided: recipient-months avoided by year, per benefit of :data:`BENEFIT_PAYERS`.
        avoided_by_gemeente: bijstand recipient-months avoided by year, per gemeente.
        person_years: net extra person-years in work of everyone, by year.
        levels: the benefit levels and revenue rates by year.

    Items per stream, in this order: ``spending``, ``benefit_months_avoided_<benefit>`` and
    ``benefit_savings_<benefit>`` (only on the benefit's payer), ``extra_revenue`` (0 but on
    the receiving streams), ``net_cost``; per gemeente (payer ``gemeente``): the bijstand months avoided and
    savings; payer :data:`PUBLIC`: the same items over the public streams, ``net_cost`` being
    the net public cost.

    Example:
        >>> levels = PurseLevels({"ww": {2016: 1000.0}, "bijstand": {2016: 900.0}}, {"rijk_szw": {2016: 2000.0}, "uwv": {2016: 1000.0}})
        >>> rows = purse_rows({"esf": 5000.0, "gemeente": 5000.0}, {"ww": {2016: 1.0}, "bijstand": {2016: 2.0}},
        ...                   {"A": {2016: 2.0}}, {2016: 0.5}, levels)
        >>> {(r["payer"], r["item"]): r["value"] for r in rows if r["item"] == "net_cost" and r["value"]}
        {('rijk_szw', 'net_cost'): -1000.0, ('esf', 'net_cost'): 5000.0, ('gemeente', 'net_cost'): 3200.0, ('uwv', 'net_cost'): -1500.0, ('public', 'net_cost'): 5700.0}
    """
    savings = {stream: 0.0 for stream in STREAMS}
    revenue = {stream: 0.0 for stream in STREAMS}
    rows: list[dict[str, object]] = []

    def add(payer: str, item: str, value: float, gemeente: str = "") -> None:
        rows.append({"payer": payer, "gemeente": gemeente, "item": item, "value": float(value)})

    for benefit, payer in BENEFIT_PAYERS.items():
        savings[payer] += priced(avoided[benefit], levels.benefit_month[benefit])
    for stream, rate in levels.revenue_year.items():
        revenue[stream] += priced(person_years, rate)
    for stream in STREAMS:  # per stream: spending, the benefits it pays, revenue, net cost
        add(stream, "spending", spending.get(stream, 0.0))
        for benefit in (b for b, payer in BENEFIT_PAYERS.items() if payer == stream):
            add(stream, f"benefit_months_avoided_{benefit}", sum(avoided[benefit].values()))
            add(stream, f"benefit_savings_{benefit}", priced(avoided[benefit], levels.benefit_month[benefit]))
        add(stream, "extra_revenue", revenue[stream])
        add(stream, "net_cost", spending.get(stream, 0.0) - savings[stream] - revenue[stream])
    for gemeente, by_year in avoided_by_gemeente.items():
        add("gemeente", "benefit_months_avoided_bijstand", sum(by_year.values()), gemeente)
        add("gemeente", "benefit_savings_bijstand", priced(by_year, levels.benefit_month["bijstand"]), gemeente)
    for item in ITEMS:
        add(PUBLIC, item, sum(float(r["value"]) for r in rows if r["payer"] in PUBLIC_STREAMS and not r["gemeente"] and r["item"] == item))  # type: ignore[arg-type]
    return rows


def in_order(table: pd.DataFrame) -> pd.DataFrame:
    """A summarised account in reading order: scenarios as they come, payers as :data:`STREAMS` then
    :data:`PUBLIC`, the region before its gemeenten, items as :data:`ITEMS`.

    Example:
        >>> t = pd.DataFrame({"scenario": "s", "payer": ["public", "uwv", "esf"], "gemeente": "", "item": ["net_cost", "net_cost", "spending"]})
        >>> in_order(t)["payer"].tolist()
        ['esf', 'uwv', 'public']
    """
    if table.empty:
        return table
    scenarios = list(pd.unique(table["scenario"]))
    payers = [*STREAMS, PUBLIC]
    key = pd.DataFrame({
        "s": table["scenario"].map(scenarios.index), "p": table["payer"].map(lambda p: payers.index(p) if p in payers else len(payers)),
        "g": table["gemeente"].astype(str), "i": table["item"].map(lambda i: ITEMS.index(i) if i in ITEMS else len(ITEMS)),
    })  # fmt: skip
    return table.loc[key.sort_values(["s", "p", "g", "i"], kind="stable").index].reset_index(drop=True)


def purse_totals(rows: list[dict[str, object]]) -> dict[str, float]:
    """The scenario totals of an account: benefit months avoided and savings, revenue, public spending, net public cost.

    Example:
        >>> purse_totals([{"payer": "public", "gemeente": "", "item": "net_cost", "value": 5.0},
        ...               {"payer": "uwv", "gemeente": "", "item": "net_cost", "value": 1.0}])
        {'net_public_cost': 5.0}
    """
    names = {"spending": "public_spending", "net_cost": "net_public_cost", "extra_revenue": "extra_revenue"}
    out = {}
    for row in rows:
        item = str(row["item"])
        if row["payer"] == PUBLIC and not row["gemeente"]:
            out[names.get(item, item)] = float(row["value"])  # type: ignore[arg-type]
    return out
