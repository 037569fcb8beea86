"""Plausibility report: the evidence file, effect curves from paired runs, the summary, the HTML."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.analysis.effects import effect_curves, horizon_summary
from participation_model.analysis.evidence import (
    EvidenceError,
    load_evidence,
    programme_types,
)
from participation_model.tasks.plausibility import plausibility_report
from participation_model.reports.plausibility import (
    outside_rows,
    plausibility_html,
    write_plausibility_report,
)
from participation_model.scenario import scenario_from_dict
from regions import many_seats_region

EVIDENCE = Path(__file__).resolve().parent.parent / "calibration" / "evidence.toml"
BANDS = ["0-12", "13-24", "25-36"]
# 100 times the providers' course seats (tests/regions.py): the programme's places, not the seats, limit it
BASE = {"name": "base", "end": "2018-06", "scale": 0.05, "replications": 2, "seed": 11, "region": many_seats_region()}
TRAINING = {
    "type": "sectorplan_retraining", "start": "2015-01", "end": "2015-06", "places_per_year": 3000,
    "target_sectors": ["zorg", "bouw", "industrie", "logistiek"], "eligibility": {"status": ["unemployed"]},
}  # fmt: skip
FINDING = """[finding.f]
value = 1.6
unit = "percentage points"
horizon = "0-12"
measured_from = "programme end"
measure = "employment probability"
source = "Card, Kluve & Weber 2018"
text = "average effect"
"""


def _instrument(type_: str = "sectorplan_retraining", ranges: dict[str, tuple[float, float]] | None = None, drop: str = "") -> str:
    """A small evidence file's instrument table; ``drop`` leaves one key out of every range."""
    ranges = ranges or {"0-12": (-10.0, 2.0)}
    text = f'[instrument.{type_}]\nkind = "training"\nexpectation = "lock-in"\nevidence = ["f"]\n'
    for band, (low, high) in ranges.items():
        keys = {"low": low, "high": high, "unit": '"percentage points"', "evidence": '["f"]', "assumption": "true", "text": '"judgement"'}
        body = "".join(f"{k} = {v}\n" for k, v in keys.items() if k != drop)
        text += f'[instrument.{type_}.range."{band}"]\n{body}'
    return text


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "evidence.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The evidence file
# --------------------------------------------------------------------------------------------


def test_the_shipped_evidence_covers_every_programme_type_with_three_bands():
    evidence = load_evidence(EVIDENCE)
    assert {i.type for i in evidence.instruments} == set(programme_types())
    assert "mass_layoff" not in programme_types() and "demand_shock" not in programme_types()
    for instrument in evidence.instruments:
        assert [b.label for b in instrument.bands] == BANDS, instrument.type
        assert all(b.low <= b.high and b.unit == "percentage points" and b.text for b in instrument.bands)
    training = evidence.instrument("sectorplan_retraining")
    assert training.bands[0].low < 0 < training.bands[2].low  # lock-in allowed early, a gain required late
    published = {f.id: f.value for f in evidence.findings if f.unit == "percentage points"}
    assert published == {"ckw2018_short": 1.6, "ckw2018_medium": 5.4, "ckw2018_long": 8.7}


def test_a_missing_key_names_the_file_and_the_key(tmp_path):
    path = _write(tmp_path, FINDING + _instrument(drop="high"))
    with pytest.raises(EvidenceError) as err:
        load_evidence(path)
    message = str(err.value)
    assert isinstance(err.value, ValueError)
    assert str(path) in message
    assert "'instrument.sectorplan_retraining.range.0-12.high': missing" in message
    assert "allowed: a table with the keys low, high" in message


def test_an_unknown_instrument_type_names_the_file_the_key_and_the_types(tmp_path):
    path = _write(tmp_path, FINDING + _instrument(type_="sectorplan_training"))
    with pytest.raises(EvidenceError, match=re.escape(f"{path}: key 'instrument.sectorplan_training': unknown programme type; allowed: ")) as err:
        load_evidence(path)
    assert "sectorplan_retraining" in str(err.value) and "mass_layoff" not in str(err.value)


def test_low_above_high_names_the_file_and_the_key(tmp_path):
    path = _write(tmp_path, FINDING + _instrument(ranges={"0-12": (3.0, 2.0)}))
    with pytest.raises(EvidenceError, match=re.escape(f"{path}: key 'instrument.sectorplan_retraining.range.0-12.low': got 3, above high = 2; allowed: low <= high")):
        load_evidence(path)


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        (FINDING.replace('unit = "percentage points"', 'unit = "percent"'), "finding.f.unit", "'percentage points', 'direction'"),
        (FINDING.replace("value = 1.6", 'value = "big"'), "finding.f.value", "a number in percentage points"),
        (FINDING.replace('horizon = "0-12"', 'horizon = "one year"'), "finding.f.horizon", 'months written "A-B"'),
    ],
)
def test_bad_findings_name_the_key_and_what_is_allowed(tmp_path, text, key, allowed):
    path = _write(tmp_path, text + _instrument())
    with pytest.raises(EvidenceError, match=re.escape(f"{path}: key '{key}': ")) as err:
        load_evidence(path)
    assert allowed in str(err.value)


def test_bad_bands_and_unknown_findings_are_rejected(tmp_path):
    for ranges, key in (({"0-12 months": (0.0, 1.0)}, "range.0-12 months': not a band"), ({"0-12": (0.0, 1.0), "6-18": (0.0, 1.0)}, "range.6-18': overlaps")):
        with pytest.raises(EvidenceError, match=re.escape(key)):
            load_evidence(_write(tmp_path, FINDING + _instrument(ranges=ranges)))
    with pytest.raises(EvidenceError, match=re.escape("key 'instrument.sectorplan_retraining.evidence': unknown finding 'g'; allowed: f")):
        load_evidence(_write(tmp_path, FINDING + _instrument().replace('evidence = ["f"]\n[', 'evidence = ["g"]\n[', 1)))
    with pytest.raises(EvidenceError, match="evidence file not found"):
        load_evidence(tmp_path / "nowhere.toml")


# --------------------------------------------------------------------------------------------
# Effect curves and the summary
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def training_curves() -> pd.DataFrame:
    base = scenario_from_dict(BASE)
    training = scenario_from_dict({**BASE, "name": "training", "interventions": [TRAINING]})
    return effect_curves(base, training, horizon=48)


def test_curves_are_exactly_zero_when_the_scenario_is_its_own_baseline():
    same = scenario_from_dict({**BASE, "end": "2016-06", "replications": 1, "interventions": [TRAINING]})
    curves = effect_curves(same, same, horizon=12)
    assert len(curves) == 12 and curves["participants"].iloc[0] > 50
    assert (curves["effect_pp"] == 0.0).all()  # no NaN either: every month has participants


def test_curves_have_one_row_per_replication_and_month_with_shrinking_follow_up(training_curves):
    c = training_curves
    assert list(c.columns) == ["scenario", "intervention", "type", "replication", "months_since_enrolment", "effect_pp", "participants"]
    assert sorted(c["replication"].unique()) == [0, 1] and len(c) == 2 * 48
    assert set(c["type"]) == {"sectorplan_retraining"}
    per_rep = c[c["replication"] == 0]["participants"].to_numpy()
    assert per_rep[0] > 100 and (np.diff(per_rep) <= 0).all() and per_rep[-1] < per_rep[0]  # late enrolments drop out


def test_training_locks_in_first_and_the_summary_flags_each_horizon(training_curves):
    first_months = training_curves[training_curves["months_since_enrolment"].between(1, 6)]
    # lock-in on average over the replications (since the baseline's notice periods and binding seats
    # it is about -2 pp in months 1-6, within one replication's noise of 150 participants)
    assert first_months["effect_pp"].mean() < 0

    summary = horizon_summary(training_curves, load_evidence(EVIDENCE))
    assert summary["horizon"].tolist() == BANDS
    # the first year's band holds the lock-in: below the second year's (its sign is within the noise
    # of two replications at this scale, about +-1.5 pp across seeds)
    assert summary.loc[0, "model_mean"] < summary.loc[1, "model_mean"]
    assert (summary["model_p5"] <= summary["model_mean"]).all() and (summary["model_mean"] <= summary["model_p95"]).all()
    inside = (summary["low"] <= summary["model_mean"]) & (summary["model_mean"] <= summary["high"])
    assert summary["plausible"].tolist() == inside.tolist()
    assert summary["source"].str.contains("Card, Kluve & Weber").all()


def test_the_summary_follows_the_evidence_ranges(tmp_path, training_curves):
    path = _write(tmp_path, FINDING + _instrument(ranges={"0-12": (-100.0, 5.0), "25-36": (50.0, 100.0), "60-72": (-1.0, 1.0)}))
    summary = horizon_summary(training_curves, load_evidence(path)).set_index("horizon")
    assert summary.loc["0-12", "plausible"] and not summary.loc["25-36", "plausible"]  # a small first year fits, +50 pp does not
    assert np.isnan(summary.loc["60-72", "model_mean"]) and summary.loc["60-72", "coverage"] == 0
    assert not summary.loc["60-72", "plausible"]  # curves that do not reach a band are never plausible
    assert horizon_summary(training_curves.assign(type="brug_ww"), load_evidence(path)).empty  # no evidence, no rows


# --------------------------------------------------------------------------------------------
# The HTML report
# --------------------------------------------------------------------------------------------

HOSTILE = '<script>alert("pwned")</script>'


def _fake_curves() -> pd.DataFrame:
    rows = [
        {"scenario": "s", "intervention": name, "type": type_, "replication": r, "months_since_enrolment": k, "effect_pp": float(k - 5 + r), "participants": 10}
        for name, type_ in (("retraining", "sectorplan_retraining"), (HOSTILE, "van_werkloosheid_naar_werk"))
        for r in range(2)
        for k in range(40)
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_the_page_has_one_chart_per_intervention_and_escapes_names():
    evidence = load_evidence(EVIDENCE)
    curves = _fake_curves()
    page = plausibility_html(curves, horizon_summary(curves, evidence), evidence, {"Baseline": HOSTILE})
    assert page.count('class="plotly-graph-div"') == 2
    assert HOSTILE not in page and "alert(&quot;pwned&quot;)" in page
    outside = outside_rows(curves, horizon_summary(curves, evidence))
    assert page.count("<table>") == 3 + bool(outside)  # one per intervention, the findings, and the list of misses
    assert 'id="outside"' in page  # the list of checks outside the evidence comes first
    assert "Card, Kluve &amp; Weber 2018" in page and "common random numbers" in page


def test_the_report_is_written_whole_and_replaces_the_old_one(tmp_path):
    evidence = load_evidence(EVIDENCE)
    curves = _fake_curves()
    path = tmp_path / "report" / "plausibility.html"
    write_plausibility_report(path, curves.iloc[:0], horizon_summary(curves.iloc[:0], evidence), evidence, {})
    assert "No programme enrolled anyone" in path.read_text(encoding="utf-8")
    write_plausibility_report(path, curves, horizon_summary(curves, evidence), evidence, {})
    assert path.read_text(encoding="utf-8").count('class="plotly-graph-div"') == 2
    assert sorted(p.name for p in path.parent.iterdir()) == ["plausibility.html", "plotly.min.js"]  # no temporary file left


def test_plausibility_report_runs_everything_and_checks_the_evidence_first(tmp_path):
    base = scenario_from_dict({**BASE, "end": "2015-12", "scale": 0.02, "replications": 1})
    training = scenario_from_dict({**BASE, "name": "training", "end": "2015-12", "scale": 0.02, "replications": 1, "interventions": [TRAINING]})
    out = tmp_path / "plausibility.html"
    summary = plausibility_report(base, [training], EVIDENCE, out)
    assert summary["horizon"].tolist() == BANDS and summary["replications"].tolist() == [1, 0, 0]
    assert out.exists() and "Seeds" in out.read_text(encoding="utf-8")
    table = pd.read_csv(tmp_path / "plausibility.csv")  # the summary as numbers, next to the page
    assert table["horizon"].tolist() == BANDS and table["plausible"].tolist() == summary["plausible"].tolist()
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(EvidenceError, match="not found"):
        plausibility_report(base, [training], tmp_path / "missing.toml", tmp_path / "other.html")
    with pytest.raises(ValueError, match="scale differs"):
        plausibility_report(base, [training.with_overrides(scale=0.03)], EVIDENCE, tmp_path / "other.html")
    assert not (tmp_path / "other.html").exists()


def test_the_report_lists_every_check_outside_its_band_and_every_programme_without_evidence():
    evidence = load_evidence(EVIDENCE)
    curves = _fake_curves()
    summary = horizon_summary(curves, evidence)
    listed = outside_rows(curves, summary)
    assert len([r for r in listed if r[1]]) == int((~summary["plausible"]).sum())
    unknown = curves.assign(type="a_type_without_evidence", intervention="new")
    both = pd.concat([curves, unknown], ignore_index=True)
    rows = outside_rows(both, horizon_summary(both, evidence))
    assert [r for r in rows if "a_type_without_evidence" in r[0]] == [(rows[-1][0], "", "no evidence band for this type")]
    page = plausibility_html(both, horizon_summary(both, evidence), evidence, {})
    assert "no evidence band for this type" in page
