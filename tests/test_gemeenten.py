"""Gemeenten: local where the data are local, labelled where they are not (issue 14, part 6).

The region file may give figures per gemeente (``[gemeente.<name>.<figure>]``); the population
builder uses them and allocates the rest of the region's totals by population share; every
gemeente table says which is which; later gemeente names (Westerwolde) are read as the model's
gemeenten. Numbers here come from the region file or from made-up test figures, never from
the model's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.gemeente_shares import population_shares
from participation_model.interventions.eligibility import parse_eligibility
from participation_model.interventions.fields import Context
from participation_model.metrics.fit import gemeente_check_table
from participation_model.model.codes import Benefit, Contract, Status
from participation_model.model.population import build_population, fit_table
from participation_model.model.rng import CommonRandomNumbers
from participation_model.model.rules import load_rules
from participation_model.params import load_parameters
from participation_model.region import BUNDLED_DIR, RegionError, load_region
from participation_model.reports.dashboard.gemeente_notes import basis_note, triples_from_summaries, triples_from_table
from participation_model.scenario import ScenarioError, scenario_from_dict
from participation_model.tasks.run import gemeente_basis_table

SOURCE = (BUNDLED_DIR / "oost-groningen.toml").read_text(encoding="utf-8")
SECTION = "# ================================================================ gemeenten"
BASE = SOURCE[: SOURCE.index(SECTION)]  # the region file without gemeente figures
YEAR = 2014


def _figure(gemeente: str, figure: str, value: object, *, basis: str = "local", source: str = "test figure", extra: str = "") -> str:
    return (f'\n[gemeente.{gemeente}.{figure}]\nvalue = {value}\nunit = "test"\nyear = 2016\n'
            f'source = "{source}"\nbasis = "{basis}"\n{extra}')  # fmt: skip


def _region(tmp_path: Path, extra: str, base: str = BASE, name: str = "r.toml") -> Path:
    path = tmp_path / name
    path.write_text(base + extra, encoding="utf-8")
    return path


def _ao_stock(region) -> float:
    return region.series_value("benefits.ao", YEAR)


# ------------------------------------------------------------------ reading and checking


@pytest.mark.parametrize(
    ("extra", "key", "allowed"),
    [
        (_figure("Atlantis", "ww", 10), "gemeente.Atlantis", "the region's gemeenten 'Oldambt'"),
        (_figure("Pekela", "colour", 10), "gemeente.Pekela.colour", "population, ww, bijstand"),
        (_figure("Pekela", "ww", -5), "gemeente.Pekela.ww.value", "a number of at least 0"),
        (_figure("Pekela", "netto_participation", 120), "gemeente.Pekela.netto_participation.value", "a number from 0 to 100"),
        (_figure("Pekela", "ww", 10, basis="sourced"), "gemeente.Pekela.ww.basis", "'local'"),
        (_figure("Pekela", "ww", 10, source="ESTIMATE: a guess"), "gemeente.Pekela.ww.basis", "'estimate' for an ESTIMATE"),
        (_figure("Pekela", "population", 12000, extra="by_age = [1, 2]\n"), "gemeente.Pekela.population.by_age", "12 numbers"),
        (_figure("Pekela", "ww", 10).replace('source = "test figure"\n', ""), "gemeente.Pekela.ww.source", "missing"),
        ('\n[gemeente_names]\nnames = { Westerwolde = ["Vlagtwedde", "Ter Apel"] }\nsource = "s"\nyear = 2018\n',
         "gemeente_names.names.Westerwolde", "the region's gemeenten"),
        (_figure("Westerwolde", "ww", 10).replace("\n[gemeente.W", '\n[gemeente_names]\nnames = { Westerwolde = ["Vlagtwedde", "Bellingwedde"] }\nsource = "s"\nyear = 2018\n\n[gemeente.W'),
         "gemeente.Westerwolde", "figures per gemeente of the model"),
    ],
)  # fmt: skip
def test_bad_gemeente_figures_are_named_with_file_key_and_what_is_allowed(tmp_path, extra, key, allowed):
    path = _region(tmp_path, extra)
    with pytest.raises(RegionError) as error:
        load_region(path)
    message = str(error.value)
    assert message.startswith(f"{path}: key") and key in message and allowed in message


def test_local_stocks_must_fit_the_region_total(tmp_path):
    """Some gemeenten may not claim more than the region's stock; all of them must add up to it within the tolerance."""
    region = load_region(_region(tmp_path, ""))
    stock = region.series_value("benefits.ww", 2016)
    too_much = _figure("Oldambt", "ww", round(stock * 0.7)) + _figure("Veendam", "ww", round(stock * 0.4))
    with pytest.raises(RegionError, match=r"gemeente\.Oldambt\.ww, gemeente\.Veendam\.ww: together 110% .*leaving nothing"):
        load_region(_region(tmp_path, too_much, name="much.toml"))
    shares = population_shares(region)
    for factor, ok in ((1.05, True), (1.2, False)):  # within 10% of the total, or not
        every = "".join(_figure(g, "ww", round(stock * s * factor, 3)) for g, s in zip(region.gemeenten, shares))
        path = _region(tmp_path, every, name=f"every-{factor}.toml")
        if ok:
            load_region(path)
        else:
            with pytest.raises(RegionError, match=r"together 120% of the region's stock \(benefits\.ww\); allowed: within 10%"):
                load_region(path)


def test_a_local_rate_must_leave_the_other_gemeenten_a_possible_rate(tmp_path):
    nearly_all = "".join(_figure(g, "netto_participation", 100) for g in ("Oldambt", "Veendam", "Stadskanaal", "Pekela", "Vlagtwedde"))
    with pytest.raises(RegionError, match=r"leave the other gemeenten a rate of -\d"):
        load_region(_region(tmp_path, nearly_all))


# ------------------------------------------------------------------ the population builder


def test_without_gemeente_figures_every_gemeente_gets_the_region_rates(tmp_path):
    """The allocation the issue describes: population share only, so the same rates everywhere."""
    table, _ = fit_table(load_region(_region(tmp_path, "")), YEAR)
    by_gemeente = table.sum(axis=(0, 1, 2, 4, 5))
    ao = table.sum(axis=(0, 1, 2, 4))[:, Benefit.AO] / by_gemeente
    employed = table.sum(axis=(0, 1, 2, 5))[:, Status.EMPLOYED] / by_gemeente
    assert np.ptp(ao) < 1e-9 and np.ptp(employed) < 1e-9


def test_local_benefit_stocks_set_their_gemeenten_and_keep_the_region_total():
    region = load_region("oost-groningen")  # local AO for Stadskanaal, Pekela and Veendam
    table, _ = fit_table(region, YEAR)
    by_gemeente = table.sum(axis=(0, 1, 2, 4, 5))
    ao = table.sum(axis=(0, 1, 2, 4))[:, Benefit.AO]
    assert ao.sum() == pytest.approx(_ao_stock(region), rel=1e-6)
    given = region.local.given("ao")
    assert set(given) == {"Stadskanaal", "Pekela", "Veendam"}
    for g in given:  # the figure's share of the region's stock in its (middle) year
        figure = region.local.get(g, "ao")
        share = figure.value / region.series_value("benefits.ao", figure.mid_year)
        assert ao[region.gemeenten.index(g)] == pytest.approx(share * _ao_stock(region), rel=1e-6)
    rest = [region.gemeenten.index(g) for g in region.gemeenten if g not in given]
    per_person = ao[rest] / by_gemeente[rest]
    assert np.ptp(per_person) < 1e-9  # the others share the rest by population
    assert per_person[0] < ao[region.gemeenten.index("Pekela")] / by_gemeente[region.gemeenten.index("Pekela")]
    employed = table.sum(axis=(0, 1, 2, 5))[:, Status.EMPLOYED] / by_gemeente
    assert np.ptp(employed) > 0.005  # more AO recipients, fewer employed: gemeenten differ now


def test_local_participation_and_age_structure_are_used(tmp_path):
    young = "by_age = [3000, 2800, 1500, 1400, 1400, 1500, 1600, 1500, 1400, 1300, 1200, 1000]\n"
    extra = _figure("Pekela", "netto_participation", 50) + _figure("Oldambt", "population", 39000, extra=young)
    region = load_region(_region(tmp_path, extra))
    table, total = fit_table(region, YEAR)
    by_gemeente = table.sum(axis=(0, 1, 2, 4, 5))
    employed = table.sum(axis=(0, 1, 2, 5))[:, Status.EMPLOYED]
    pekela = region.gemeenten.index("Pekela")
    region_rate = employed.sum() / total
    assert employed[pekela] / by_gemeente[pekela] == pytest.approx(region_rate * 50 / region.figure("labour.netto_participation")["value"], rel=1e-6)
    others = [i for i in range(len(region.gemeenten)) if i != pekela]
    assert np.ptp(employed[others] / by_gemeente[others]) < 1e-9
    age = table.sum(axis=(1, 2, 4, 5))  # (A, G)
    oldambt = region.gemeenten.index("Oldambt")
    assert age[0, oldambt] / by_gemeente[oldambt] > age[0, pekela] / by_gemeente[pekela]  # more 15-19s where the figure says so
    np.testing.assert_allclose(table.sum(axis=(2, 3, 4, 5)).sum(axis=1), fit_table(load_region(_region(tmp_path, "", name="b.toml")), YEAR)[0].sum(axis=(1, 2, 3, 4, 5)), rtol=1e-6)


def test_local_commuting_moves_jobs_outside_for_that_gemeente(tmp_path):
    def outside_share(path) -> np.ndarray:
        built = build_population(load_region(path), load_parameters(), load_rules(), CommonRandomNumbers(3), YEAR, 0.1)
        p = built.persons
        employees = np.flatnonzero(np.isin(p.contract[: p.n], (Contract.PERMANENT, Contract.TEMPORARY)))
        outside = np.bincount(p.gemeente[employees], weights=(p.location[employees] > 0), minlength=7)
        return outside / np.bincount(p.gemeente[employees], minlength=7), outside.sum() / len(employees)

    base, base_total = outside_share(_region(tmp_path, ""))
    moved, moved_total = outside_share(_region(tmp_path, _figure("Vlagtwedde", "commuting", 0.6), name="c.toml"))
    v = load_region(_region(tmp_path, "")).gemeenten.index("Vlagtwedde")
    assert base[v] < 0.45 and moved[v] > 0.5
    assert np.delete(moved, v).mean() < np.delete(base, v).mean()  # the others make room
    assert moved_total == pytest.approx(base_total, abs=0.02)  # so the region's jobs outside stay


# ------------------------------------------------------------------ later names


def test_a_later_name_is_read_as_the_model_gemeenten_and_the_reading_is_reported():
    data = {"name": "w", "end": "2014-06", "interventions": [{"type": "esf_active_inclusion", "start": "2014-02",
            "eligibility": {"gemeente": ["Westerwolde", "Vlagtwedde", "Midden-Groningen"]}}]}  # fmt: skip
    scenario = scenario_from_dict(data)
    assert scenario.readings == (
        "interventions[1].eligibility.gemeente: Westerwolde: read as Vlagtwedde + Bellingwedde (merged on 1 January 2018)",
        "interventions[1].eligibility.gemeente: Midden-Groningen: read as Menterwolde (its Oost-Groningen part only: "
        "Hoogezand-Sappemeer and Slochteren, merged into it on 1 January 2018 too, lie outside the region)",
    )
    ctx = Context.of_region(load_region("oost-groningen"))
    eligibility, problems = parse_eligibility({"gemeente": "Westerwolde"}, ctx)
    assert problems == [] and eligibility.gemeente == ("Vlagtwedde", "Bellingwedde")


def test_an_unknown_name_lists_the_gemeenten_and_later_names_and_suggests_only_typos(tmp_path):
    def problem(name: str, region: str = "oost-groningen") -> str:
        data = {"name": "w", "region": region, "end": "2014-06", "interventions": [{"type": "esf_active_inclusion",
                "start": "2014-02", "eligibility": {"gemeente": [name]}}]}  # fmt: skip
        with pytest.raises(ScenarioError) as error:
            scenario_from_dict(data, source=tmp_path / "s.toml")
        return str(error.value)

    message = problem("Winschoten")
    assert "'Oldambt'" in message and "'Menterwolde'" in message and "'Westerwolde' (= Vlagtwedde + Bellingwedde)" in message
    assert "did you mean" not in message
    assert "did you mean 'Westerwolde'?" in problem("Westerwold")
    without_names = _region(tmp_path, "")  # a region file without [gemeente_names]
    message = problem("Westerwolde", str(without_names))
    assert "Menterwolde" in message and "did you mean" not in message  # listed, never offered for Westerwolde
    assert "did you mean 'Stadskanaal'?" in problem("stadskanaal", str(without_names))


# ------------------------------------------------------------------ labels


def test_the_basis_table_and_note_say_what_is_local_and_what_is_allocated():
    region = load_region("oost-groningen")
    table = gemeente_basis_table(region)
    assert set(table["basis"]) == {"local", "estimate", "allocated"}
    assert len(table) == len(region.gemeenten) * table["figure"].nunique()
    row = table[(table["gemeente"] == "Stadskanaal") & (table["figure"] == "ao")].iloc[0]
    assert row["basis"] == "local" and row["source"] == region.local.get("Stadskanaal", "ao").source
    assert (table[table["figure"] == "ww"]["basis"] == "allocated").all()  # the WW peaks are a check, not a figure
    estimates = set(table[(table["figure"] == "population") & (table["basis"] == "estimate")]["gemeente"])
    assert estimates == {g for g in region.gemeenten if region.local.get(g, "population").source.startswith("ESTIMATE")}
    from_table = triples_from_table(table)
    summaries = {g: region.local.summary(g) for g in region.gemeenten}
    assert sorted(triples_from_summaries(summaries)) == sorted(from_table)
    english, dutch = basis_note(from_table, "en"), basis_note(from_table, "nl")
    assert "AO (Veendam, Stadskanaal, Pekela)" in english and "allocated by population share" in english
    assert "verdeeld naar bevolkingsaandeel" in dutch and english != dutch
    assert "not recorded" in basis_note([], "en")


def test_the_ww_peaks_are_a_check_of_a_run():
    region = load_region("oost-groningen")
    (check,) = region.local.checks
    assert check.figure == "ww" and "Menterwolde" not in check.gemeenten
    months = [f"{y}-{m:02d}" for y in (2013, 2014, 2015, 2016) for m in (1, 7)]
    groups = pd.DataFrame([{"replication": 0, "month": month, "dimension": "gemeente", "group": g,
                            "ww": 1000.0 if month == "2014-07" else 100.0} for month in months for g in region.gemeenten])  # fmt: skip
    row = gemeente_check_table(groups, [check]).iloc[0]
    assert row["model"] == 6 * 1000.0 and not row["within"]  # the highest month of 2014-2015, six gemeenten
    assert gemeente_check_table(groups.assign(ww=100.0), [check]).iloc[0]["within"]


def test_numbers_are_labelled_in_the_shipped_file():
    """Every shipped gemeente figure says where it comes from; facts-file ESTIMATEs are estimates."""
    region = load_region("oost-groningen")
    for figure in region.local.figures.values():
        assert figure.source and figure.unit and figure.year
        assert (figure.basis == "estimate") == bool(re.match(r"(ESTIMATE|ASSUMPTION)", figure.source))


def test_every_gemeente_chart_and_card_carries_the_note():
    from types import SimpleNamespace

    from participation_model.reports.cards import scenario_card
    from participation_model.reports.dashboard.compare_charts import comparison_sections
    from participation_model.reports.dashboard.run_charts import group_sections

    region = load_region("oost-groningen")
    summaries = {g: region.local.summary(g) for g in region.gemeenten}
    gemeenten = pd.DataFrame([{"scenario": "s", "gemeente": g, "year": 2018, "measure": "employed", "mean": 5.0, "p5": 1.0,
                               "p50": 5.0, "p95": 9.0, "basis": summaries[g]} for g in region.gemeenten])  # fmt: skip
    year = pd.DataFrame({"scenario": ["s"], "versus": ["baseline"], "year": [2018], "measure": ["netto_participation_15_75"], "probability": [0.5]})
    for lang, words in (("en", "allocated by population share"), ("nl", "verdeeld naar bevolkingsaandeel")):
        (section,) = [s for s in comparison_sections({"gemeenten": gemeenten, "probabilities": year}, lang) if s.key == "gemeenten"]
        assert words in section.help and "Stadskanaal" in section.help
        groups = pd.DataFrame([{"dimension": "gemeente", "group": g, "year": 2016, "measure": m, "p5": 1.0, "p50": 2.0, "p95": 3.0}
                               for g in region.gemeenten for m in ("netto_participation", "ao")])  # fmt: skip
        note = basis_note(triples_from_summaries(summaries), lang)
        sections = {s.key: s for s in group_sections(groups, 2016, lang, note)}
        assert note in sections["gemeente-trend"].help and note in sections["gemeente-benefits"].help
    (old,) = [s for s in comparison_sections({"gemeenten": gemeenten.drop(columns="basis"), "probabilities": year}, "en") if s.key == "gemeenten"]
    assert "not recorded" in old.help  # a folder from before the basis column
    scenario = SimpleNamespace(name="s", description="", scale=0.1)
    result = SimpleNamespace(year=2018, scenarios=[scenario], baseline=SimpleNamespace(name="b", replications=2), descriptions={},
                             annual=pd.DataFrame(columns=["scenario", "year", "measure"]), probabilities=pd.DataFrame(columns=["scenario", "versus"]),
                             scenario_totals=pd.DataFrame(columns=["scenario", "metric"]), interventions=pd.DataFrame(columns=["scenario"]),
                             gemeenten=gemeenten)  # fmt: skip
    card = scenario_card(result, "s")
    assert "- Pekela: +5 persons" in card and "Gemeente figures: local: population (Oldambt, Veendam, Stadskanaal)" in card
