"""The region is data, not code: a second region file is enough to run another COROP region."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from participation_model.experiments.runner import run_scenario
from participation_model.region import BUNDLED_DIR, RegionError, load_region
from participation_model.scenario import load_scenario

SOURCE = (BUNDLED_DIR / "oost-groningen.toml").read_text(encoding="utf-8")
#: where the bundled file's gemeente figures begin (they come last)
GEMEENTE_SECTION = "# ================================================================ gemeenten"


def _other_region(tmp_path: Path) -> Path:
    """A made-up region with three gemeenten, its own size and unemployment, from the same keys."""
    text = SOURCE[: SOURCE.index(GEMEENTE_SECTION)]  # the gemeente figures name Oost-Groningen's gemeenten
    text = text.replace('name = "oost-groningen"', 'name = "test-corop"').replace('code = "CR01"', 'code = "CR99"')
    text = text.replace(
        'gemeenten = ["Oldambt", "Veendam", "Stadskanaal", "Pekela", "Vlagtwedde", "Bellingwedde", "Menterwolde"]',
        'gemeenten = ["Alpha", "Beta", "Gamma"]',
    )
    text = re.sub(r"values = \{ Oldambt = [^}]*\}", "values = { Alpha = 0.5, Beta = 0.3, Gamma = 0.2 }", text)
    text = re.sub(r"serves = \{[^}]*\}", 'serves = { Alpha = "Synergon", Beta = "Synergon", Gamma = "Wedeka" }', text)
    text = text.replace("[population.total_15_75]\nvalue = 111000", "[population.total_15_75]\nvalue = 60000")
    text = text.replace("values = { 2008 = 4.5, 2014 = 8.1, 2016 = 7.0 }", "values = { 2008 = 3.5, 2014 = 6.0, 2016 = 5.0 }")
    for old, new in (
        ("values = { 2008 = 4150, 2014 = 5100, 2016 = 5470 }", "values = { 2008 = 2300, 2014 = 2800, 2016 = 3000 }"),
        ("values = { 2008 = 1400, 2014 = 3200, 2016 = 3000 }", "values = { 2008 = 750, 2014 = 1700, 2016 = 1600 }"),
        ("values = { 2016 = 8500 }", "values = { 2016 = 4600 }"),
        ("values = { 2014 = 2900, 2016 = 2650 }", "values = { 2014 = 1550, 2016 = 1430 }"),
    ):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "test-corop.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_region_loads_with_provenance():
    region = load_region("oost-groningen")
    assert region.code == "CR01" and len(region.gemeenten) == 7
    for key in ("population.total_15_75", "benefits.bijstand", "jobs.residents"):
        fig = region.figure(key)
        assert fig["source"] and fig["unit"] and fig["definition"]


def test_a_second_region_file_runs_without_code_changes(tmp_path):
    region_path = _other_region(tmp_path)
    scenario_path = tmp_path / "other.toml"
    scenario_path.write_text(
        f'name = "other"\nregion = "{region_path.name}"\nstart = "2014-01"\nend = "2014-12"\nreplications = 1\nscale = 0.05\n',
        encoding="utf-8",
    )
    scenario = load_scenario(scenario_path)
    result = run_scenario(scenario)
    groups = result.groups()
    assert sorted(groups[groups["dimension"] == "gemeente"]["group"].unique()) == ["Alpha", "Beta", "Gamma"]
    first = result.series().iloc[0]
    assert first["population_15_75"] == pytest.approx(60000 * (1 - 0.0037) ** -2, rel=0.01)
    assert first["unemployment_rate_15_75"] < 7.5  # the region file's 6.0% at the start, not Oost-Groningen's 8.1%


def test_missing_figure_is_named(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(SOURCE.replace("[benefits.wsw]", "[benefits.not_wsw]"), encoding="utf-8")
    with pytest.raises(RegionError, match=r"broken\.toml: key 'benefits\.wsw' is missing"):
        load_region(path)


def test_figure_without_source_is_rejected(tmp_path):
    text = SOURCE.replace('source = "2016: CBS 83747NED (43.5', 'origin = "2016: CBS 83747NED (43.5')
    path = tmp_path / "nosource.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegionError, match=r"key 'benefits\.bijstand': provenance field\(s\) source missing"):
        load_region(path)


def test_unknown_bundled_region_lists_the_bundled_ones():
    with pytest.raises(RegionError, match="bundled regions: oost-groningen"):
        load_region("oost-friesland")
