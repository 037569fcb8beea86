"""Tests for the national drivers file and the monthly driver path (``participation_model.drivers``).

The drivers replace the region file's hand-set demand path, so these tests pin down what the
model will read: the interpolation and hold rules, the growth-to-level cumulation, the
unemployment basis across the CBS survey break, the set/shift edits, and the messages for
broken files (every one names the file, the dotted key and the value).
"""

from __future__ import annotations

import re

import math
import pickle
from pathlib import Path

import numpy as np
import pytest

from participation_model.drivers import (
    DriverError,
    DriverPath,
    Drivers,
    bundled_drivers,
    load_drivers,
)
from participation_model.model.rules import month_index

SERIES_KINDS = {
    "unemployment_rate": "level",
    "unemployed": "level",
    "netto_participation": "level",
    "employed": "level",
    "population_15_75": "level",
    "vacancies": "level",
    "tightness": "level",
    "ww": "level",
    "bijstand": "level",
    "gdp_growth": "growth",
}
GDP = {2008: 2.2, 2009: -3.7, 2010: 1.3, 2011: 1.6, 2012: -1.0, 2013: -0.1, 2014: 1.4, 2015: 2.0, 2016: 2.2,
       2017: 2.9, 2018: 2.6, 2019: 1.8, 2020: -3.8, 2021: 6.2, 2022: 4.3, 2023: 0.1, 2024: 0.9, 2025: 1.9, 2026: 1.5}


@pytest.fixture(scope="module")
def drivers() -> Drivers:
    return load_drivers("netherlands")


@pytest.fixture(scope="module")
def path(drivers: Drivers) -> DriverPath:
    return drivers.path()


def gdp_rate(year: int) -> float:
    """The sourced growth rate of a year, the 2026 projection held after it."""
    return GDP[min(year, 2026)]


# ------------------------------------------------------------------------------- the bundled file


def test_the_what_if_economies_move_the_sectorplan_era_only_and_in_their_direction(drivers: Drivers) -> None:
    """recession and fast_recovery (for a design's robustness) differ from the historical path in 2015-2018 only."""
    historical, recession, fast = (drivers.path(name) for name in ("historical", "recession", "fast_recovery"))
    for year in (2009.5, 2013.5, 2014.5, 2020.5, 2022.5):  # vacancies are dated points: back on the path from 2019-09
        for series in ("gdp_growth", "vacancies", "unemployment_rate"):
            assert recession.at(series, year) == fast.at(series, year) == historical.at(series, year), (series, year)
    for year in (2015.5, 2016.5):
        assert recession.at("gdp_growth", year) < historical.at("gdp_growth", year) < fast.at("gdp_growth", year)
        assert recession.at("vacancies", year) < historical.at("vacancies", year) < fast.at("vacancies", year)
        assert recession.at("unemployment_rate", year) > historical.at("unemployment_rate", year) > fast.at("unemployment_rate", year)


def test_bundled_file_loads_with_its_series_and_header(drivers: Drivers) -> None:
    assert bundled_drivers() == ["netherlands"]
    assert (drivers.name, drivers.first_year, drivers.last_observed_year, drivers.last_year) == ("netherlands", 2008, 2024, 2035)
    assert drivers.paths == ("historical", "recession", "fast_recovery")
    assert {name: s.kind for name, s in drivers.series.items()} == SERIES_KINDS
    assert drivers.file.name == "netherlands.toml" and drivers.file.is_absolute()
    for series in drivers.series.values():
        assert series.unit and series.definition and series.source
        assert series.min < series.max


def test_every_value_lies_within_its_series_range(drivers: Drivers) -> None:
    for series in drivers.series.values():
        assert all(series.min <= value <= series.max for value in series.numbers), series.name


# ------------------------------------------------------------------------------- interpolation and holds


def test_annual_value_stands_at_mid_year_and_months_are_read_at_their_middle(path: DriverPath) -> None:
    june, july = path.monthly("unemployment_rate", month_index(2014, 6), 2)

    assert path.at("unemployment_rate", 2014.5) == 7.4
    assert june == pytest.approx(7.3 + (7.4 - 7.3) * 23 / 24)   # 2014 + 11/24, after mid-2013
    assert july == pytest.approx(7.4 + (6.9 - 7.4) * 1 / 24)    # 2014 + 13/24, before mid-2015


def test_month_key_stands_at_the_end_of_its_month(path: DriverPath) -> None:
    december = path.monthly("vacancies", month_index(2015, 12), 1)[0]

    assert path.at("vacancies", 2016.0) == 143                  # "2015-12" = end of December 2015
    assert december == pytest.approx(95 + (143 - 95) * (2015 + 23 / 24 - 2013.5) / 2.5)


def test_values_are_held_before_the_first_and_after_the_last_point(path: DriverPath) -> None:
    assert path.monthly("vacancies", month_index(2008, 1), 3).tolist() == [257, 257, 257]
    assert path.monthly("vacancies", month_index(2034, 12), 1)[0] == 404
    assert path.monthly("unemployment_rate", month_index(2030, 1), 1)[0] == pytest.approx(4.0 - 1.1)
    assert path.monthly("gdp_growth", month_index(2035, 12), 1)[0] == 1.5


def test_gap_years_are_interpolated_linearly(path: DriverPath) -> None:
    # unemployment has no annual value for 2020-2021: between 3.4 (2019) and 2.4 (2022, old basis)
    assert path.at("unemployment_rate", 2020.5) == pytest.approx(3.4 - 1.0 / 3)
    assert path.at("unemployment_rate", 2021.5) == pytest.approx(3.4 - 2.0 / 3)
    # vacancies: no stock in 2010-2011, between end 2009 (123) and end 2012 (101)
    assert path.at("vacancies", 2011.5) == pytest.approx(123 + (101 - 123) * 1.5 / 3)


def test_monthly_has_one_float_per_month(path: DriverPath) -> None:
    values = path.monthly("ww", month_index(2014, 1), 144)

    assert values.shape == (144,) and values.dtype == np.float64


# ------------------------------------------------------------------------------- growth and log level


def test_log_level_is_cumulated_growth_at_mid_years(path: DriverPath) -> None:
    for year in range(2008, 2036):
        expected = sum(math.log1p(gdp_rate(y) / 100) for y in range(2009, year + 1))
        assert path.log_level_at("gdp_growth", year + 0.5) == pytest.approx(expected, abs=1e-12), year


def test_monthly_log_level_lies_on_the_same_line(path: DriverPath) -> None:
    first = month_index(2014, 1)
    monthly = path.log_level("gdp_growth", first, 144)
    middles = (np.arange(first, first + 144) + 0.5) / 12

    assert monthly == pytest.approx([path.log_level_at("gdp_growth", t) for t in middles], abs=1e-12)
    assert monthly[-1] > monthly[0]   # the economy grows over 2014-2025


def test_log_level_needs_a_growth_series(path: DriverPath) -> None:
    with pytest.raises(DriverError, match="'vacancies' is a level series"):
        path.log_level("vacancies", month_index(2014, 1), 12)


# ------------------------------------------------------------------------------- the 2021/22 break


def test_unemployment_basis_is_continuous_across_the_survey_break(drivers: Drivers, path: DriverPath) -> None:
    raw = drivers.series["unemployment_rate"].raw

    assert path.at("unemployment_rate", 2022.5) == pytest.approx(3.5 - 1.1)
    assert path.at("unemployment_rate", 2026.5) == pytest.approx(4.0 - 1.1)
    assert raw["values_new_method"]["2022"] == 3.5                       # the published value is kept
    assert {"2022", "2023", "2024", "2025", "2026"} <= set(raw["derived_here"])
    steps = np.diff(path.monthly("unemployment_rate", month_index(2019, 1), 72))
    assert np.abs(steps).max() < 0.1                                    # no jump of 1.1 pp


# ------------------------------------------------------------------------------- annual table


def test_annual_table_has_a_column_per_series_and_the_basis(path: DriverPath) -> None:
    table = path.annual(2014, 2030)

    assert list(table.columns) == ["year", *SERIES_KINDS, "basis"]
    assert table["year"].tolist() == list(range(2014, 2031))
    assert table.set_index("year")["basis"].to_dict() == {
        **{y: "observed" for y in range(2014, 2025)}, 2025: "projected", 2026: "projected",
        **{y: "held" for y in range(2027, 2031)},
    }
    assert table["gdp_growth"].tolist() == [gdp_rate(y) for y in range(2014, 2031)]
    mean_2022 = path.monthly("vacancies", month_index(2022, 1), 12).mean()
    assert table.set_index("year").loc[2022, "vacancies"] == pytest.approx(mean_2022)
    assert mean_2022 == pytest.approx(444, abs=2)        # the sourced 2022 annual average


# ------------------------------------------------------------------------------- set and shift


def test_set_changes_only_that_years_annual_value(drivers: Drivers, path: DriverPath) -> None:
    for series, year, value in [("unemployment_rate", 2016, 8.0), ("unemployment_rate", 2021, 5.0), ("gdp_growth", 2030, -4.0)]:
        edited = drivers.path(set={series: {year: value}})
        for other in range(2008, 2036):
            expected = value if other == year else path.at(series, other + 0.5)
            assert edited.at(series, other + 0.5) == pytest.approx(expected), (series, year, other)


def test_set_replaces_every_point_of_the_year_by_one_mid_year_point(drivers: Drivers) -> None:
    edited = drivers.path(set={"tightness": {2018: 100.0}})

    assert edited.points_in_year("tightness", 2018) == (100.0,)
    assert edited.at("tightness", 2018.5) == 100.0


def test_shift_of_gdp_growth_lowers_the_level_from_that_year_on(drivers: Drivers, path: DriverPath) -> None:
    g, d = -3.8, 1.0
    edited = drivers.path(shift={"gdp_growth": {2020: -d}})
    loss = math.log1p((g - d) / 100) - math.log1p(g / 100)

    for year in range(2008, 2036):
        change = edited.log_level_at("gdp_growth", year + 0.5) - path.log_level_at("gdp_growth", year + 0.5)
        assert change == pytest.approx(loss if year >= 2020 else 0.0, abs=1e-12), year


def test_set_recession_applies_before_cumulation(drivers: Drivers, path: DriverPath) -> None:
    edited = drivers.path(set={"gdp_growth": {2030: -4.0}})
    change = edited.log_level_at("gdp_growth", 2035.5) - path.log_level_at("gdp_growth", 2035.5)

    assert change == pytest.approx(math.log1p(-0.04) - math.log1p(0.015))


def test_shift_adds_to_every_point_of_the_year_or_inserts_one(drivers: Drivers, path: DriverPath) -> None:
    edited = drivers.path(shift={"tightness": {2018: 5.0}, "vacancies": {2014: 10.0}})

    assert edited.points_in_year("tightness", 2018) == (80.0, 85.0)
    assert edited.points_in_year("vacancies", 2014) == pytest.approx((path.at("vacancies", 2014.5) + 10,))


def test_shifts_of_neighbouring_gap_years_each_add_their_own_amount(drivers: Drivers, path: DriverPath) -> None:
    edited = drivers.path(shift={"unemployment_rate": {2020: 1.0, 2021: 1.0}})

    for year in (2020, 2021):
        assert edited.at("unemployment_rate", year + 0.5) == pytest.approx(path.at("unemployment_rate", year + 0.5) + 1)
    assert edited.at("unemployment_rate", 2022.5) == pytest.approx(2.4)


def test_shift_applies_after_set(drivers: Drivers) -> None:
    edited = drivers.path(set={"gdp_growth": {2020: -4.0}}, shift={"gdp_growth": {2020: -1.0}})

    assert edited.at("gdp_growth", 2020.5) == -5.0
    assert edited.edits == (("set", "gdp_growth", 2020, -4.0), ("shift", "gdp_growth", 2020, -1.0))
    assert edited.describe().endswith("path 'historical', set gdp_growth 2020 = -4; shift gdp_growth 2020 -1")


@pytest.mark.parametrize(
    ("edits", "key", "shown"),
    [
        ({"set": {"gdp": {2020: 1.0}}}, "set.gdp", "{2020: 1.0}"),
        ({"set": {"gdp_growth": {2040: 1.0}}}, "set.gdp_growth.2040", "2040"),
        ({"set": {"gdp_growth": {2021: 1.0, 2020: 1.0}}}, "set.gdp_growth.2020", "2020"),
        ({"set": {"gdp_growth": {2020: float("nan")}}}, "set.gdp_growth.2020", "nan"),
        ({"set": {"gdp_growth": {2020: -16.0}}}, "set.gdp_growth.2020", "-16.0"),
        ({"shift": {"vacancies": {2015: -200.0}}}, "shift.vacancies.2015", "-200.0"),
    ],
)
def test_bad_edits_are_refused(drivers: Drivers, edits: dict, key: str, shown: str) -> None:
    with pytest.raises(DriverError) as caught:
        drivers.path(**edits)

    assert f"{drivers.file}: key '{key}': got {shown}; allowed: " in str(caught.value)


def test_unknown_path_is_refused(drivers: Drivers) -> None:
    with pytest.raises(DriverError, match="key 'path': got 'boom'; allowed: a path of the drivers file: 'historical'"):
        drivers.path("boom")


def test_a_file_path_may_carry_its_own_edits(tmp_path: Path, drivers: Drivers) -> None:
    text = drivers.file.read_text(encoding="utf-8") + (
        '\n[path.slow]\ndescription = "test"\n[path.slow.shift.gdp_growth]\n2025 = -1.0\n'
    )
    file = tmp_path / "nl.toml"
    file.write_text(text, encoding="utf-8")

    slow = load_drivers(file).path("slow", set={"gdp_growth": {2020: -4.0}})

    assert (slow.at("gdp_growth", 2025.5), slow.at("gdp_growth", 2020.5)) == pytest.approx((0.9, -4.0))
    assert slow.edits == (("set", "gdp_growth", 2020, -4.0),)


def test_driver_path_is_picklable_and_comparable(drivers: Drivers) -> None:
    edited = drivers.path(set={"gdp_growth": {2020: -4.0}})
    copy = pickle.loads(pickle.dumps(edited))

    assert copy == edited
    assert copy.monthly("gdp_growth", month_index(2020, 1), 12).tolist() == edited.monthly("gdp_growth", month_index(2020, 1), 12).tolist()


# ------------------------------------------------------------------------------- broken files


def test_a_file_without_any_path_is_refused_naming_the_key(tmp_path: Path) -> None:
    text = load_drivers("netherlands").file.read_text(encoding="utf-8")
    stripped = re.sub(r"^\[path\.[^\]]+\]\n(?:(?!\[)[^\n]*\n)*", "", text, flags=re.M)
    assert not re.search(r"^\[path\.", stripped, flags=re.M)
    file = tmp_path / "no-paths.toml"
    file.write_text(stripped, encoding="utf-8")
    with pytest.raises(DriverError, match=r"key 'path': got nothing \(the key is missing\)"):
        load_drivers(file)


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled file with one text replaced (the text must occur)."""
    text = load_drivers("netherlands").file.read_text(encoding="utf-8")
    assert old in text, old
    file = tmp_path / "broken.toml"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return file


def test_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "none.toml"
    with pytest.raises(DriverError, match="none.toml: drivers file not found"):
        load_drivers(missing)
    with pytest.raises(DriverError, match="unknown drivers 'nederland'; bundled drivers: netherlands"):
        load_drivers("nederland")


@pytest.mark.parametrize(
    ("old", "new", "key", "shown"),
    [
        # missing keys
        ('unit = "thousand WW benefits"\n', "", "series.ww.unit", "nothing (the key is missing)"),
        ("last_year = 2035", "", "drivers.last_year", "nothing (the key is missing)"),
        ('[path.historical]\ndescription', "[path.historical]\nnote = 1\ndescription", "path.historical.note", "1"),
        ("min = -15.0\n", "", "series.gdp_growth.min", "nothing (the key is missing)"),
        # non-finite values
        ('"2009-12" = 123', '"2009-12" = nan', "series.vacancies.values.2009-12", "nan"),
        ('"2020" = -3.8', '"2020" = -inf', "series.gdp_growth.values.2020", "-inf"),
        # values out of range
        ('"2013" = 7.3', '"2013" = 31', "series.unemployment_rate.values.2013", "31"),
        ('"2024-12" = 404', '"2024-12" = -4', "series.vacancies.values.2024-12", "-4"),
        # malformed dates and dates outside the file's years
        ('"2009-12" = 123', '"2009-13" = 123', "series.vacancies.values.2009-13", "'2009-13'"),
        ('"2009-12" = 123', '"2009/12" = 123', "series.vacancies.values.2009/12", "'2009/12'"),
        ('"2008-06" = 257', '"2007-06" = 257', "series.vacancies.values.2007-06", "'2007-06'"),
        ('"2010" = 1.3', '"2010-06" = 1.3', "series.gdp_growth.values.2010-06", "'2010-06'"),
        # dates out of order
        ('"2012-12" = 101, "2013" = 95', '"2013" = 95, "2012-12" = 101', "series.vacancies.values.2012-12", "'2012-12'"),
        ('{ "2025" = 1.9, "2026" = 1.5 }', '{ "2026" = 1.5, "2025" = 1.9 }', "series.gdp_growth.projection.2025", "'2025'"),
        # projection not after the observed values
        ('{ "2025" = 1.9, "2026" = 1.5 }', '{ "2024" = 1.9, "2026" = 1.5 }', "series.gdp_growth.projection.2024", "'2024'"),
        # other keys
        ('kind = "growth"', 'kind = "rate"', "series.gdp_growth.kind", "'rate'"),
        ('derived = ["2017"]', 'derived = ["2016"]\nderived_how2 = "x"', "series.gdp_growth.derived_how2", "'x'"),
        ('derived = ["2017"]', 'derived = ["2016-05"]', "series.gdp_growth.derived", "'2016-05'"),
        ("last_observed_year = 2024", "last_observed_year = 2040", "drivers.last_observed_year", "2040"),
    ],
)
def test_broken_file_names_file_key_and_value(tmp_path: Path, old: str, new: str, key: str, shown: str) -> None:
    file = broken_copy(tmp_path, old, new)
    with pytest.raises(DriverError) as caught:
        load_drivers(file)

    message = str(caught.value)
    assert message.startswith(f"{file}: key '{key}': got {shown}; allowed: "), message


def test_out_of_range_message_gives_range_and_unit(tmp_path: Path) -> None:
    file = broken_copy(tmp_path, '"2009-12" = 123', '"2009-12" = nan')
    with pytest.raises(DriverError) as caught:
        load_drivers(file)

    assert str(caught.value) == (
        f"{file}: key 'series.vacancies.values.2009-12': got nan; "
        "allowed: a finite number from 0 to 2000 (thousand open vacancies)"
    )


def test_out_of_order_message_explains_the_date_rule(tmp_path: Path) -> None:
    file = broken_copy(tmp_path, '"2012-12" = 101, "2013" = 95', '"2013" = 95, "2012-12" = 101')
    with pytest.raises(DriverError) as caught:
        load_drivers(file)

    assert "allowed: dates in date order (TOML keeps the file order): '2012-12' (end of 2012-12) must come after '2013' (mid-2013)" in str(caught.value)


def test_a_bad_edit_in_a_file_path_is_found_when_loading(tmp_path: Path) -> None:
    text = load_drivers("netherlands").file.read_text(encoding="utf-8")
    file = tmp_path / "nl.toml"
    file.write_text(text + '\n[path.bad]\ndescription = "x"\n[path.bad.set.gdp_growth]\n2020 = 40.0\n', encoding="utf-8")

    with pytest.raises(DriverError, match=r"key 'path.bad.set.gdp_growth.2020': got 40.0; allowed: a finite number from -15 to 15"):
        load_drivers(file)


@pytest.mark.parametrize(
    ("economy", "key", "shown"),
    [
        ('drivers = "broken.toml"', "economy.drivers", "broken.toml"),  # a drivers file with a value out of date order
        ('[economy.set.gdp_growth]\n2020 = nan', "economy.set.gdp_growth.2020", "nan"),
        ('[economy.shift.unemployment_rate]\n2020 = 40.0', "economy.shift.unemployment_rate.2020", "40.0"),
        ('[economy.set.gdp_growth]\n2021 = 1.0\n2020 = -4.0', "economy.set.gdp_growth.2020", "not in ascending order"),
        ('[economy.set.gdp_growht]\n2020 = 1.0', "economy.set.gdp_growht", "did you mean 'gdp_growth'"),
    ],
)
def test_the_command_line_refuses_bad_drivers_with_exit_2_and_writes_nothing(tmp_path: Path, capsys, economy: str, key: str, shown: str) -> None:
    from participation_model.cli import main

    broken_copy(tmp_path, '"2012-12" = 101, "2013" = 95', '"2013" = 95, "2012-12" = 101')
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "s"\nend = "2014-03"\nscale = 0.01\nreplications = 1\n[economy]\n{economy}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(scenario) in err and f"key '{key}'" in err and shown in err, err
    if key == "economy.drivers":
        assert "broken.toml: key 'series.vacancies.values.2012-12'" in err  # the drivers file's own fault, named
    assert not out.exists()
