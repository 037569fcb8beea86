"""Allocations of the region's totals to its gemeenten, using the local figures where a region file gives them.

The population builder (``model/population.py``) and the region reader's checks use these:
each function returns the gemeenten's shares of one region total, from the local figures of
``[gemeente.<name>.<figure>]`` (:mod:`participation_model.gemeenten`) where given and by
population share where not, so that the region totals stay exactly as the region file says.
A function returns None when no gemeente gives the figure: the builder then leaves that
margin out, and the population is built as without gemeente figures.

Example:
    >>> from participation_model.region import load_region
    >>> region = load_region("oost-groningen")
    >>> round(float(population_shares(region).sum()), 9), benefit_shares(region, "bijstand") is None
    (1.0, True)
"""

from __future__ import annotations

import numpy as np

from participation_model.gemeenten import BENEFITS, RATES, SUM_TOLERANCE, GemeenteFigures, LocalFigure, RegionLike

__all__ = ["GemeenteFigures", "LocalFigure", "benefit_shares", "check_consistency", "commuting_shares", "gemeente_age",
           "population_shares", "rate_weights", "region_commuting_share"]  # fmt: skip
REGION_RATE = {"netto_participation": "labour.netto_participation", "bruto_participation": "labour.bruto_participation"}


def population_shares(region: RegionLike) -> np.ndarray:
    """Each gemeente's share of the region's population 15-75.

    Without local figures: ``population.gemeente_share``. With a local population for every
    gemeente: the figures' shares. With some: those gemeenten keep their combined share of
    ``population.gemeente_share`` and split it by their figures.

    Example:
        >>> from participation_model.region import load_region
        >>> shares = population_shares(load_region("oost-groningen"))
        >>> round(float(shares.sum()), 9), round(float(shares[0]), 3)   # Oldambt: 39,000 of 147,900
        (1.0, 0.264)
    """
    fallback = region.figure("population.gemeente_share")["values"]
    shares = np.array([float(fallback[g]) for g in region.gemeenten])
    shares /= shares.sum()
    given = [region.gemeenten.index(g) for g in region.local.given("population")]
    if given:
        values = np.array([region.local.figures[(region.gemeenten[i], "population")].value for i in given])
        shares[given] = shares[given].sum() * values / values.sum()
    return shares


def gemeente_age(region: RegionLike, population: np.ndarray, age_totals: np.ndarray) -> np.ndarray | None:
    """Persons by gemeente and age band (G, A) when some gemeente gives ``by_age``, else None.

    A gemeente with ``by_age`` starts from its own age structure, the others from the region's;
    raking to the gemeente totals (``population``) and the region's age totals (``age_totals``)
    then keeps both exactly.

    Example:
        >>> from types import SimpleNamespace
        >>> young = LocalFigure("A", "population", 10.0, "persons", "2016", "s", "local", by_age=(3.0, 1.0))
        >>> r = SimpleNamespace(gemeenten=("A", "B"), local=GemeenteFigures(("A", "B"), {("A", "population"): young}))
        >>> table = gemeente_age(r, np.array([50.0, 50.0]), np.array([60.0, 40.0]))
        >>> table.sum(axis=1).round(6).tolist(), table.sum(axis=0).round(6).tolist(), bool(table[0, 0] > table[1, 0])
        ([50.0, 50.0], [60.0, 40.0], True)
    """
    given = region.local.given("population_by_age")
    if not given:
        return None
    shape = age_totals / age_totals.sum()
    seed = np.tile(shape, (len(region.gemeenten), 1))
    for g in given:
        by_age = np.array(region.local.figures[(g, "population")].by_age)
        seed[region.gemeenten.index(g)] = by_age / by_age.sum()
    table = seed * population[:, None]
    for _ in range(1000):
        table *= (age_totals / np.maximum(table.sum(axis=0), 1e-300))[None, :]
        table *= (population / np.maximum(table.sum(axis=1), 1e-300))[:, None]
        if np.abs(table.sum(axis=0) - age_totals).max() <= 1e-9 * max(age_totals.max(), 1.0):
            break
    return table


def benefit_shares(region: RegionLike, benefit: str, population: np.ndarray | None = None) -> np.ndarray | None:
    """Each gemeente's share of the region's ``benefit`` stock, or None when no gemeente gives one.

    A local figure's share is its value over the region's stock in the figure's (middle) year;
    gemeenten without one share what is left by population. With a figure for every gemeente
    the shares are scaled to add up to 1 (the reader checks they are within SUM_TOLERANCE).

    Example:
        >>> from participation_model.region import load_region
        >>> r = load_region("oost-groningen")
        >>> ao = benefit_shares(r, "ao")
        >>> round(float(ao.sum()), 9), round(float(ao[r.gemeenten.index("Stadskanaal")]), 3), benefit_shares(r, "wsw") is None
        (1.0, 0.265, True)
    """
    given = region.local.given(benefit)
    if not given:
        return None
    population = population_shares(region) if population is None else population / population.sum()
    shares = np.zeros(len(region.gemeenten))
    for g in given:
        figure = region.local.figures[(g, benefit)]
        shares[region.gemeenten.index(g)] = figure.value / region.series_value(f"benefits.{benefit}", figure.mid_year)
    rest = np.array([g not in given for g in region.gemeenten])
    if rest.any():
        shares[rest] = max(1.0 - shares.sum(), 0.0) * population[rest] / population[rest].sum()
    return shares / shares.sum()


def rate_weights(region: RegionLike, rate: str, population: np.ndarray | None = None) -> np.ndarray | None:
    """Each gemeente's share of the region's employed (netto) or labour force (bruto), or None.

    A local rate counts relative to the region's rate (``labour.<rate>``): a gemeente 5% above
    it gets 5% more than its population share. The gemeenten without a figure share the rest
    at one common rate.

    Example:
        >>> from types import SimpleNamespace
        >>> low = LocalFigure("A", "netto_participation", 50.0, "percent", "2016", "s", "local")
        >>> r = SimpleNamespace(gemeenten=("A", "B"), local=GemeenteFigures(("A", "B"), {("A", "netto_participation"): low}),
        ...                     figure=lambda key: {"value": 60.0})
        >>> rate_weights(r, "netto_participation", np.array([50.0, 50.0])).round(4).tolist()   # B: 70%
        [0.4167, 0.5833]
    """
    given = region.local.given(rate)
    if not given:
        return None
    population = population_shares(region) if population is None else population / population.sum()
    relative = np.ones(len(region.gemeenten))
    region_rate = float(region.figure(REGION_RATE[rate])["value"])
    for g in given:
        relative[region.gemeenten.index(g)] = region.local.figures[(g, rate)].value / region_rate
    rest = np.array([g not in given for g in region.gemeenten])
    if rest.any():
        relative[rest] = (1.0 - float((population * relative)[~rest].sum())) / float(population[rest].sum())
    weights = np.maximum(population * relative, 0.0)
    return weights / weights.sum()


def region_commuting_share(region: RegionLike) -> float:
    """Share of residents' employee jobs outside the region, from ``jobs.residents`` (the first location is inside).

    Example:
        >>> from participation_model.region import load_region
        >>> round(region_commuting_share(load_region("oost-groningen")), 3)
        0.321
    """
    jobs = region.figure("jobs.residents")
    locations = region.locations[:-1]  # the last is sheltered work
    totals = [sum(float(v) for v in jobs[loc].values()) for loc in locations]
    return sum(totals[1:]) / sum(totals)


def commuting_shares(region: RegionLike, region_share: float, employees: np.ndarray) -> np.ndarray | None:
    """Per gemeente, the share of its employees' jobs outside the region, or None without local figures.

    ``region_share`` is the region's share (from ``jobs.residents``) and ``employees`` the
    employees per gemeente; gemeenten without a figure get the share that keeps the region's
    total number of jobs outside.

    Example:
        >>> from types import SimpleNamespace
        >>> far = LocalFigure("A", "commuting", 0.5, "share", "2014", "s", "local")
        >>> r = SimpleNamespace(gemeenten=("A", "B"), local=GemeenteFigures(("A", "B"), {("A", "commuting"): far}))
        >>> commuting_shares(r, 0.3, np.array([100.0, 100.0])).round(6).tolist()
        [0.5, 0.1]
    """
    given = region.local.given("commuting")
    if not given:
        return None
    shares = np.full(len(region.gemeenten), float(region_share))
    for g in given:
        shares[region.gemeenten.index(g)] = region.local.figures[(g, "commuting")].value
    rest = np.array([g not in given for g in region.gemeenten])
    if rest.any() and employees[rest].sum() > 0:
        outside = region_share * employees.sum() - float((shares * employees)[~rest].sum())
        shares[rest] = np.clip(outside / employees[rest].sum(), 0.0, 1.0)
    return shares


def check_consistency(region: RegionLike, error: type[Exception]) -> None:
    """Local figures must fit the region's totals: each benefit's and rate's, within SUM_TOLERANCE.

    With a figure for every gemeente their total may differ from the region's by at most
    SUM_TOLERANCE (10%; it is then scaled to it); with figures for some, they must leave a
    share of at least zero for the others, and the others' implied rates must stay in range.
    """
    local = region.local
    population = population_shares(region)
    every = set(local.gemeenten)
    for benefit in BENEFITS:
        given = local.given(benefit)
        if not given:
            continue
        total = sum(local.figures[(g, benefit)].value / region.series_value(f"benefits.{benefit}", local.figures[(g, benefit)].mid_year) for g in given)
        keys = ", ".join(f"gemeente.{g}.{benefit}" for g in given)
        if set(given) == every and abs(total - 1.0) > SUM_TOLERANCE:
            raise error(f"{region.path}: keys {keys}: together {total:.0%} of the region's stock (benefits.{benefit}); allowed: within {SUM_TOLERANCE:.0%} of it when every gemeente has a figure")
        if set(given) != every and total > 1.0:
            raise error(f"{region.path}: keys {keys}: together {total:.0%} of the region's stock (benefits.{benefit}), leaving nothing for the other gemeenten; allowed: at most 100%")
    implied = {}
    for rate in RATES:
        given = local.given(rate)
        if not given:
            continue
        region_rate = float(region.figure(REGION_RATE[rate])["value"])
        known = np.array([g in given for g in local.gemeenten])
        relative = np.array([local.figures[(g, rate)].value / region_rate if g in given else 1.0 for g in local.gemeenten])
        keys = ", ".join(f"gemeente.{g}.{rate}" for g in given)
        covered = float((population * relative)[known].sum())
        if known.all() and abs(covered - 1.0) > SUM_TOLERANCE:
            raise error(f"{region.path}: keys {keys}: the population-weighted rate is {covered * region_rate:.1f}%, the region's ({REGION_RATE[rate]}) {region_rate:g}%; allowed: within {SUM_TOLERANCE:.0%} of it when every gemeente has a figure")
        if not known.all():
            rest = (1.0 - covered) / float(population[~known].sum()) * region_rate
            if not 0.0 <= rest <= 100.0:
                raise error(f"{region.path}: keys {keys}: they leave the other gemeenten a rate of {rest:.1f}% to match the region's {region_rate:g}% ({REGION_RATE[rate]}); allowed: figures that leave them 0 to 100%")
            relative[~known] = rest / region_rate
        implied[rate] = relative * region_rate / (covered if known.all() else 1.0)
    commuting = local.given("commuting")
    if commuting:
        region_share = region_commuting_share(region)
        rest = [g for g in local.gemeenten if g not in commuting]
        covered = sum(population[local.gemeenten.index(g)] * local.figures[(g, "commuting")].value for g in commuting)
        left = (region_share - covered) / max(float(sum(population[local.gemeenten.index(g)] for g in rest)), 1e-12) if rest else region_share
        if rest and not 0.0 <= left <= 1.0:
            keys = ", ".join(f"gemeente.{g}.commuting" for g in commuting)
            raise error(f"{region.path}: keys {keys}: they leave the other gemeenten a share of {left:.2f} of jobs outside the region to match the region's {region_share:.2f} (jobs.residents); allowed: figures that leave them 0 to 1")
    if len(implied) == 2 and (implied["netto_participation"] > implied["bruto_participation"] + 1e-9).any():
        bad = local.gemeenten[int(np.argmax(implied["netto_participation"] - implied["bruto_participation"]))]
        raise error(f"{region.path}: key 'gemeente.{bad}': netto participation above bruto participation (given or allocated); allowed: netto at most bruto (the employed are part of the labour force)")
