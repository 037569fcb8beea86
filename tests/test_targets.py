"""The calibration targets file: typed, sourced targets with uncertainty, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation_model.analysis.targets import TargetError, load_targets

FILE = Path(__file__).resolve().parent.parent / "calibration" / "targets" / "oost-groningen.toml"
GOOD = '''[[target]]
name = "x"
value = 60.9
unit = "percent"
year = 2016
kind = "rate"
definition = "employed / population 15-75"
geography = "Oost-Groningen"
source = "CBS 83524NED"
uncertainty = { absolute = 0.5 }
'''


def test_shipped_targets_cover_what_the_issue_asks_for():
    t = load_targets(FILE)
    names = {x.name for x in t.targets}
    for needed in ("population_15_75_2016", "labour_force_2016", "employed_2016", "unemployed_2016",
                   "netto_participation_2016", "bruto_participation_2016", "unemployment_rate_2016",
                   "unemployment_rate_2014", "unemployment_rate_2008", "bijstand_2016", "wsw_2016",
                   "ue_quarterly_15_34", "eu_quarterly", "long_term_share", "ww_endings_to_work",
                   "ww_endings_maximum_duration", "bijstand_outflow_to_work", "nilf_to_labour_force_quarterly",
                   "residents_jobs_inside_2014", "residents_jobs_rest_of_province_2014"):  # fmt: skip
        assert needed in names, needed
    # CBS rounds to thousands: at least +/- 500 persons on the cross-section counts
    assert t.get("employed_2016").half_width >= 500
    assert t.get("bijstand_2016").band() == pytest.approx((5196.5, 5743.5))
    assert t.get("long_term_share").first_year == 2014 and t.get("long_term_share").last_year == 2015
    assert abs(t.get("netto_participation_2016").standardised(61.4)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (('unit = "percent"', 'unit = "%"'), "key 'unit': got '%'; allowed: 'persons'"),
        (('kind = "rate"', 'kind = "level"'), "key 'kind': got 'level'"),
        (("year = 2016", 'period = "2016-2014"'), "key 'period'"),
        (("year = 2016\n", ""), "exactly one of 'year'"),
        (("uncertainty = { absolute = 0.5 }", "uncertainty = { absolute = -1 }"), "key 'uncertainty.absolute'"),
        (("uncertainty = { absolute = 0.5 }", "uncertainty = { sd = 1 }"), "key 'uncertainty'"),
        (('geography = "Oost-Groningen"', 'geography = "Mars"'), "key 'geography'"),
        (('source = "CBS 83524NED"\n', ""), "key 'source' is missing"),
        (("value = 60.9", 'value = "60.9"'), "key 'value'"),
    ],
)
def test_bad_targets_name_the_file_the_target_the_key_and_what_is_allowed(tmp_path, replace, message):
    path = tmp_path / "t.toml"
    path.write_text(GOOD.replace(*replace))
    with pytest.raises(TargetError, match=message) as caught:
        load_targets(path)
    assert "t.toml" in str(caught.value) and "'x'" in str(caught.value)


def test_duplicate_names_and_missing_file(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(GOOD + "\n" + GOOD)
    with pytest.raises(TargetError, match="appears twice"):
        load_targets(path)
    with pytest.raises(TargetError, match="file not found"):
        load_targets(tmp_path / "none.toml")
