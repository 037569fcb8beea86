"""Cost per net extra person-year: a ratio of totals over all runs, with an interval, shown only for a real effect."""

from __future__ import annotations

import numpy as np
import pandas as pd

import pytest

from participation_model.metrics.cost_effectiveness import (
    cost_effectiveness_table,
    REASON_NO_COST,
    REASON_NOT_DISTINGUISHABLE,
    REASON_NOT_POSITIVE,
    cost_effectiveness,
    ratio_of_totals,
)


def test_the_ratio_is_total_cost_over_total_effect_not_a_mean_of_ratios():
    cost = pd.Series([100.0, 100.0, 100.0])
    effect = pd.Series([1.0, 4.0, 5.0])
    r = ratio_of_totals(cost, effect)
    assert r.ratio == 300.0 / 10.0
    assert r.ratio != np.mean(cost / effect)  # 51.7: the mean of ratios is dominated by the small effect


def test_runs_with_a_negative_effect_count_too():
    """Never conditioned on the sign: the negative run lowers the total effect and raises the ratio."""
    cost = pd.Series([100.0, 100.0, 100.0, 100.0])
    effect = pd.Series([2.0, 2.0, 2.0, -3.0])
    r = ratio_of_totals(cost, effect)
    assert r.ratio == 400.0 / 3.0
    assert r.effect == 0.75 and r.cost == 100.0
    assert r.ratio > ratio_of_totals(cost[:3], effect[:3]).ratio


def test_the_interval_holds_the_ratio_and_widens_with_noise():
    rng = np.random.default_rng(1)
    cost = pd.Series(np.full(40, 1000.0))
    calm = ratio_of_totals(cost, pd.Series(10.0 + rng.normal(0, 0.5, 40)))
    noisy = ratio_of_totals(cost, pd.Series(10.0 + rng.normal(0, 4.0, 40)))
    assert calm.low <= calm.ratio <= calm.high
    assert (noisy.high - noisy.low) > 3 * (calm.high - calm.low)


def test_an_effect_whose_resamples_reach_zero_has_an_open_upper_end():
    r = ratio_of_totals(pd.Series([10.0] * 4), pd.Series([3.0, -2.0, -2.0, 2.0]))
    assert r.high == np.inf and np.isfinite(r.ratio)


def test_with_draws_the_bootstrap_resamples_whole_draws():
    """Runs of one draw share its parameters: resampling draws gives a wider interval than resampling runs."""
    effect = pd.Series([1.0, 1.1, 1.0, 1.1, 3.0, 3.1, 3.0, 3.1])  # two draws that differ, replications that agree
    cost = pd.Series(np.full(8, 100.0))
    draws = pd.Series([0, 0, 0, 0, 1, 1, 1, 1])
    by_run = ratio_of_totals(cost, effect)
    by_draw = ratio_of_totals(cost, effect, draws)
    assert by_run.ratio == by_draw.ratio
    assert (by_draw.high - by_draw.low) > (by_run.high - by_run.low)


def test_the_interval_is_reproducible():
    cost, effect = pd.Series([5.0, 7.0, 6.0, 9.0]), pd.Series([1.0, 2.0, 0.5, 1.5])
    assert ratio_of_totals(cost, effect) == ratio_of_totals(cost, effect)


def test_the_ratio_is_shown_only_for_a_distinguishable_positive_effect_with_a_cost():
    runs = pd.DataFrame({"cost": [100.0, 100.0], "effect": [2.0, 2.0]})
    assert cost_effectiveness(runs, "cost", "effect", True)["shown"]
    hidden = cost_effectiveness(runs, "cost", "effect", False)
    assert (hidden["shown"], hidden["reason"], hidden["ratio"]) == (False, REASON_NOT_DISTINGUISHABLE, 50.0)
    negative = cost_effectiveness(runs.assign(effect=[-2.0, 1.0]), "cost", "effect", True)
    assert (negative["shown"], negative["reason"]) == (False, REASON_NOT_POSITIVE)
    free = cost_effectiveness(runs.assign(cost=0.0), "cost", "effect", True)
    assert (free["shown"], free["reason"]) == (False, REASON_NO_COST)


# ---------------------------------------------------------------- one definition in every output

from participation_model.experiments.compare import compare  # noqa: E402
from participation_model.reports.cards import scenario_cards  # noqa: E402
from participation_model.reports.dashboard.compare import summary_rows  # noqa: E402
from participation_model.scenario import scenario_from_dict  # noqa: E402
from participation_model.tasks.compare import comparison_tables  # noqa: E402

BASE = {"name": "base", "end": "2016-12", "scale": 0.05, "replications": 3, "seed": 11}
HELP = {"type": "van_werkloosheid_naar_werk", "start": "2015-01", "end": "2015-12", "places_per_year": 600,
        "cost_per_participant": 7000, "eligibility": {"status": ["unemployed"]}}  # fmt: skip


def _comparison():
    base = scenario_from_dict(BASE)
    return compare(base, [scenario_from_dict({**BASE, "name": "help", "interventions": [HELP]})], year=2016)


def test_every_output_shows_the_one_ratio_or_the_one_reason():
    result = _comparison()
    assert "cost_per_net_extra_person_year" not in set(result.scenario_totals["metric"])  # no average of per-run ratios
    totals = result.scenario_totals.set_index("metric")["mean"]
    table = result.cost_effectiveness.set_index(["intervention", "measure"])
    row = table.loc[("", "cost_per_net_extra_person_year")]
    net = totals["net_extra_person_years"]
    assert row["ratio"] == (pytest.approx(totals["spending"] / net) if net > 0 else np.inf)  # total over total, never a mean of ratios
    assert row["runs"] == 3 and row["cost_mean"] == pytest.approx(totals["spending"])
    verdict = bool(result.scenario_totals.set_index("metric").loc["net_extra_person_years", "distinguishable"])
    assert bool(row["shown"]) == (verdict and totals["net_extra_person_years"] > 0)
    shown = f"EUR {row['ratio']:,.0f}" if row["shown"] else row["reason"]
    card = scenario_cards(result)
    assert f"- cost per net extra person-year: {shown}" in card
    _, rows = summary_rows(comparison_tables(result), ["help"], 2016)
    cell = rows[0][6]  # the dashboard's (and the app's) cost column
    assert cell.startswith(f"{row['ratio']:,.0f} (") if row["shown"] else cell == row["reason"]
    participant = table.loc[(table.index.get_level_values(0) != "")].iloc[0]
    per = result.interventions.set_index("metric")["mean"]
    gain = per["participant_extra_person_years"]
    assert participant["ratio"] == (pytest.approx(per["spending"] / gain) if gain > 0 else np.inf)
    expected = f"{participant['ratio']:,.0f}" if participant["shown"] else participant["reason"]
    assert f"| {expected} |" in card  # the card's intervention table uses the same ratio


def test_an_effect_inside_the_noise_gets_no_ratio_anywhere():
    runs = pd.DataFrame({"scenario": "s", "replication": [0, 1, 2, 3], "metric": "x", "value": 0.0})
    noisy = pd.concat([runs.assign(metric="spending", value=1000.0),
                       runs.assign(metric="net_extra_person_years", value=[30.0, -20.0, 25.0, -10.0])])  # fmt: skip
    row = cost_effectiveness_table(noisy).iloc[0]
    assert not row["shown"] and row["reason"] == REASON_NOT_DISTINGUISHABLE
    assert row["ratio"] == pytest.approx(4000.0 / 25.0)  # still computed (total over total), just not shown
