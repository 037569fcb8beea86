"""One count, one definition (issue 14): the participant counts of ``measure_catalogue.PARTICIPANT_COUNTS``
are the same number in every table that shows them: the run folder's interventions table, the
run dashboard's programme table, the comparison's interventions, target-group and scenario
tables, and the scenario card. And each count is what its definition says (persons, each once)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model.cli import main
from participation_model.experiments.paired import run_tracked
from participation_model.interventions.counts import FirstTimes
from participation_model.measure_catalogue import PARTICIPANT_COUNTS
from participation_model.metrics.compare import first_enrolments
from participation_model.reports.dashboard.programmes import programme_table_html
from participation_model.scenario import load_scenario

# Six-month trajectories enrolling for three years: persons who leave come back, so
# enrolments (starts) and persons differ, as ESF's did (2,250 enrolments, 2,103 persons).
SCENARIO = """name = "esf"
end = "2017-12"
seed = 5
replications = 2
scale = 0.05

[[interventions]]
type = "esf_active_inclusion"
start = "2015-01"
end = "2017-06"
places_per_month = 40
duration_months = 6
cost_per_participant = 4000
funding = { esf = 0.5, provincie = 0.2, gemeente = 0.3 }
[interventions.eligibility]
benefit = ["bijstand"]
"""
BASELINE = 'name = "base"\nend = "2017-12"\nseed = 5\nreplications = 2\nscale = 0.05\n'
FLOWS = ("enrolled", "participants_started", "participants_completed", "hired_under_scheme")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A run folder and a comparison folder of the same scenario, seeds and scale."""
    root = tmp_path_factory.mktemp("counts")
    (root / "esf.toml").write_text(SCENARIO, encoding="utf-8")
    (root / "base.toml").write_text(BASELINE, encoding="utf-8")
    run, compare = root / "run", root / "compare"
    assert main(["run", str(root / "esf.toml"), "--out", str(run), "--quiet", "--no-dashboard"]) == 0
    assert main(["compare", str(root / "base.toml"), str(root / "esf.toml"), "--year", "2016", "--out", str(compare), "--quiet"]) == 0
    return {"run": run, "compare": compare, "scenario": root / "esf.toml"}


def run_totals(folder: Path) -> pd.Series:
    """The run folder's monthly flows summed over each replication, then averaged over replications."""
    iv = pd.read_csv(folder / "interventions.csv")
    return iv[iv["measure"].isin(FLOWS)].groupby(["replication", "measure"])["value"].sum().groupby("measure").mean()


def test_every_table_shows_the_same_counts(folders: dict[str, Path]) -> None:
    run = run_totals(folders["run"])
    per = pd.read_csv(folders["compare"] / "interventions.csv").set_index("metric")["mean"]
    for name in FLOWS:
        assert per[name] == pytest.approx(run[name], rel=1e-12), name
    totals = pd.read_csv(folders["compare"] / "scenario_totals.csv").set_index("metric")["mean"]
    assert totals["participants_started"] == pytest.approx(run["participants_started"], rel=1e-12)  # one programme
    groups = pd.read_csv(folders["compare"] / "target_groups.csv")
    started = groups[groups["metric"] == "participants_started"].set_index("group")["mean"]
    assert started[["15-26", "27-54", "55+"]].sum() == pytest.approx(run["participants_started"], rel=1e-12)
    assert started[[g for g in started.index if g.startswith("gemeente ")]].sum() == pytest.approx(run["participants_started"], rel=1e-12)
    card = (folders["compare"] / "scenario_cards.md").read_text(encoding="utf-8")
    row = next(line for line in card.splitlines() if line.startswith("| esf_active_inclusion |"))
    assert row.split(" | ")[1:3] == [f"{run['participants_started']:,.0f}", f"{run['hired_under_scheme']:,.0f}"]
    assert f"participants started (persons, each once over all programmes): {run['participants_started']:,.0f} persons" in card
    iv = pd.read_csv(folders["run"] / "interventions.csv")
    table = programme_table_html(iv)
    for name in ("participants_started", "enrolled", "participants_completed", "hired_under_scheme"):
        assert f'<td class="number">{run[name]:,.0f}</td>' in table, name


def test_the_in_programme_stock_of_the_year_is_the_mean_of_its_months(folders: dict[str, Path]) -> None:
    iv = pd.read_csv(folders["run"] / "interventions.csv")
    stock = iv[(iv["measure"] == "participants_in_programme") & iv["month"].str.startswith("2016")]
    per = pd.read_csv(folders["compare"] / "interventions.csv").set_index("metric")["mean"]
    assert per["participants_in_programme_in_year"] == pytest.approx(stock.groupby("replication")["value"].mean().mean())


def test_the_counts_are_persons_each_once(folders: dict[str, Path]) -> None:
    """By their definitions: started = distinct persons enrolled; enrolments count every start."""
    scenario = load_scenario(folders["scenario"])
    run = run_tracked(scenario, 0)
    (e,) = run.enrolments
    iv = run.tables["interventions"]
    total = iv.groupby("measure")["value"].sum()
    assert total["participants_started"] == pytest.approx(len(np.unique(e.uid)) / scenario.scale)
    assert total["enrolled"] == pytest.approx(len(e.uid) / scenario.scale)
    assert total["enrolled"] > total["participants_started"]  # some came back: two counts, two names
    assert total["participants_completed"] <= total["participants_started"]
    assert total["hired_under_scheme"] <= total["participants_started"]
    assert len(first_enrolments(e.uid, e.month)) == len(np.unique(e.uid))


def test_every_count_has_a_definition_and_both_labels() -> None:
    assert set(PARTICIPANT_COUNTS) == {"enrolled", "participants_started", "participants_in_programme", "participants_completed", "hired_under_scheme"}
    assert all(en and nl and definition for en, nl, definition in PARTICIPANT_COUNTS.values())


def test_first_times_counts_a_person_once() -> None:
    seen = FirstTimes()
    assert seen.first(np.array([4, 4, 2])).tolist() == [2, 4]
    assert seen.first(np.array([2, 9])).tolist() == [9]
    assert seen.first(np.empty(0, dtype=np.int64)).tolist() == []
    assert seen.count() == 3
