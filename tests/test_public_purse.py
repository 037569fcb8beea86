"""The public purse (issue 14): benefit savings, extra revenue and net cost by payer, by their definitions,
and the public-finance data file's checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation_model.codes import PUBLIC_STREAMS, STREAMS
from participation_model.experiments.compare import compare
from participation_model.public_finance import ENTRIES, PublicFinanceError, load_public_finance
from participation_model.scenario import ScenarioError, scenario_from_dict

BASE = {"name": "base", "end": "2017-12", "scale": 0.05, "replications": 2, "seed": 3}
ESF = {
    "type": "esf_active_inclusion", "start": "2015-01", "end": "2016-12", "places_per_year": 400,
    "cost_per_participant": 4000, "funding": {"esf": 0.4, "provincie": 0.2, "gemeente": 0.2, "sector": 0.2},
    "eligibility": {"benefit": ["bijstand"]},
}  # fmt: skip
FINANCE = load_public_finance()


@pytest.fixture(scope="module")
def result():
    base = scenario_from_dict(BASE)
    return compare(base, [scenario_from_dict({**BASE, "name": "same"}), scenario_from_dict({**BASE, "name": "esf", "interventions": [ESF]})], year=2016)


def purse(result, scenario: str, payer: str, item: str, gemeente: str = "") -> float:
    t = result.public_purse
    row = t[(t["scenario"] == scenario) & (t["payer"] == payer) & (t["item"] == item) & (t["gemeente"] == gemeente)]
    assert len(row) == 1, (scenario, payer, item, gemeente)
    return float(row["mean"].iloc[0])


def test_savings_are_the_benefit_months_avoided_times_the_levels_of_the_data_file(result):
    """From the monthly effects table, independently: avoided months = -(scenario - baseline) summed, by year."""
    monthly = result.monthly[result.monthly["scenario"] == "esf"].assign(year=lambda d: d["month"].str[:4].astype(int))
    for benefit, payer, key in (("ww", "uwv", "benefits.ww_per_recipient_month"), ("bijstand", "gemeente", "benefits.bijstand_per_recipient_month")):
        rows = monthly[monthly["measure"] == benefit]
        avoided = -rows.groupby(["replication", "year"])["diff"].sum()
        saved = sum(v * FINANCE.level(key, year) for (_, year), v in avoided.items()) / rows["replication"].nunique()
        assert purse(result, "esf", payer, f"benefit_months_avoided_{benefit}") == pytest.approx(avoided.groupby("replication").sum().mean(), abs=1e-6)
        assert purse(result, "esf", payer, f"benefit_savings_{benefit}") == pytest.approx(saved, abs=1e-3)
    assert purse(result, "esf", "gemeente", "benefit_months_avoided_bijstand") != 0  # the programme acts on bijstand


def test_bijstand_savings_per_gemeente_add_up_to_the_gemeenten_total(result):
    t = result.public_purse
    local = t[(t["scenario"] == "esf") & (t["gemeente"] != "") & (t["item"] == "benefit_savings_bijstand")]
    assert len(local) == 7
    assert local["mean"].sum() == pytest.approx(purse(result, "esf", "gemeente", "benefit_savings_bijstand"), abs=1e-3)


def test_revenue_is_the_net_extra_person_years_times_the_rates(result):
    totals = result.scenario_totals[result.scenario_totals["scenario"] == "esf"].set_index("metric")["mean"]
    taxes, premiums = (FINANCE.level(k, 2016) for k in ("revenue.taxes_per_person_year", "revenue.premiums_per_person_year"))
    assert all(FINANCE.entries[k].values.keys() == {2016} for k in ENTRIES)  # one level for all years, so a product
    assert purse(result, "esf", "rijk_szw", "extra_revenue") == pytest.approx(totals["net_extra_person_years"] * taxes, abs=1e-3)
    assert purse(result, "esf", "uwv", "extra_revenue") == pytest.approx(totals["net_extra_person_years"] * premiums, abs=1e-3)


def test_net_cost_is_spending_minus_savings_minus_revenue_and_the_public_cost_leaves_out_private_streams(result):
    totals = result.scenario_totals[result.scenario_totals["scenario"] == "esf"].set_index("metric")["mean"]
    for stream in STREAMS:
        net = sum(purse(result, "esf", stream, item) * sign for item, sign in (("spending", 1), ("extra_revenue", -1)))
        net -= sum(purse(result, "esf", stream, f"benefit_savings_{b}") for b, p in (("ww", "uwv"), ("bijstand", "gemeente")) if p == stream)
        assert purse(result, "esf", stream, "net_cost") == pytest.approx(net, abs=1e-3), stream
    assert purse(result, "esf", "provincie", "spending") == pytest.approx(0.2 * totals["spending"])  # the provincie books its share
    public = sum(purse(result, "esf", s, "net_cost") for s in PUBLIC_STREAMS)
    assert purse(result, "esf", "public", "net_cost") == pytest.approx(public, abs=1e-3) == pytest.approx(totals["net_public_cost"], abs=1e-3)
    assert totals["public_spending"] == pytest.approx(0.8 * totals["spending"])  # the sector's 20% is private


def test_a_scenario_without_interventions_costs_and_saves_nothing(result):
    t = result.public_purse
    assert (t.loc[t["scenario"] == "same", ["mean", "p5", "p95"]] == 0).all().all()


def test_provincie_is_a_funding_stream_and_an_unknown_stream_is_refused_with_the_allowed_list():
    assert "provincie" in STREAMS and "provincie" in PUBLIC_STREAMS
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({**BASE, "interventions": [{**ESF, "funding": {"esf": 0.5, "provinsie": 0.5}}]})
    line = next(x for x in str(caught.value).splitlines() if "funding.provinsie" in x)
    assert "a funding stream: rijk_szw, sector, employer, esf, provincie, gemeente, uwv" in line and "did you mean 'provincie'?" in line


def good_file() -> str:
    return Path(FINANCE.path).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace("[benefits.bijstand_per_recipient_month]", "[benefits.bijstand_per_month]"),
         "key 'benefits.bijstand_per_recipient_month': missing"),
        (lambda s: s.replace('payer = "gemeente"', 'payer = "rijk_szw"'), "key 'benefits.bijstand_per_recipient_month.payer': got 'rijk_szw'; allowed: 'gemeente'"),
        (lambda s: s.replace("values = { 2016 = 1200.0 }", "values = { 2016 = -5.0 }"), "key 'benefits.ww_per_recipient_month.values.2016': got -5.0; allowed: a number of at least 0"),
        (lambda s: s.replace("values = { 2016 = 2300.0 }", "values = { later = 2300.0 }"), "key 'revenue.premiums_per_person_year.values.later': not a year"),
        (lambda s: s.replace('unit = "EUR per extra person-year in work"\npayer = "uwv"', 'unit = ""\npayer = "uwv"'), "key 'revenue.premiums_per_person_year.unit': got ''"),
    ],
)
def test_a_bad_public_finance_file_is_refused_naming_the_file_and_the_key(tmp_path, edit, message):
    bad = tmp_path / "public_finance.toml"
    changed = edit(good_file())
    assert changed != good_file()
    bad.write_text(changed, encoding="utf-8")
    with pytest.raises(PublicFinanceError) as caught:
        load_public_finance(bad)
    assert str(caught.value).startswith(str(bad)) and message in str(caught.value)


def test_every_figure_of_the_file_is_sourced_or_labelled_an_assumption():
    for key, entry in FINANCE.entries.items():
        assert entry.unit and entry.source and ("ASSUMPTION" in entry.source or "(" in entry.source), key
