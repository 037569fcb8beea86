"""The measure catalogue is the one list of measures: the recorder, the summaries, the labels
and docs/outputs.md all agree with it (issue 12: one copy once missed four flows)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from participation_model import measure_catalogue as cat
from participation_model.metrics.summary import annual_values, measure_kind
from participation_model.model.model import ParticipationModel
from participation_model.model.results import model_tables, table_members
from participation_model.reports.dashboard.labels import measure_label

KEYS = {"series": ("month",), "groups": ("month", "dimension", "group"), "sectors": ("month", "sector", "location")}
DOC = Path(__file__).resolve().parents[1] / "docs" / "outputs.md"


@pytest.fixture(scope="module")
def model() -> ParticipationModel:
    """A tiny finished run: its tables are what the recorder writes."""
    m = ParticipationModel(scale=0.01, seed=3, end="2014-02")
    m.run_model()
    return m


def all_columns(members: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Every table's measure columns, families expanded."""
    return {table: cat.columns(table, members) for table in cat.TABLES}


def test_every_column_the_recorder_writes_is_in_the_catalogue_in_its_order(model: ParticipationModel) -> None:
    tables = model_tables(model)
    members = table_members(model)
    for table in cat.TABLES:
        written = [c for c in tables[table].columns if c not in KEYS[table]]
        assert tuple(written) == cat.columns(table, members), table
        assert all(cat.find(c) is not None for c in written), table


def test_every_catalogue_entry_is_complete_and_in_a_table_or_recorded_only() -> None:
    listed = {name for table in cat.TABLES for name in cat.TABLE_COLUMNS[table]}
    patterns = {f.pattern for f in cat.FAMILIES.values()}
    assert patterns <= listed
    recorded_only = set(cat.MEASURES) - listed
    assert recorded_only == {"wsw_inflow", "self_employment_entry", "course_completion", "course_dropout", "entrants", "leavers", "in_migrants"}
    assert {name for name in listed if "<" not in name} <= set(cat.MEASURES)
    for entry in [*cat.MEASURES.values(), *cat.FAMILIES.values()]:
        assert entry.kind in ("stock", "flow", "rate")
        assert entry.unit and entry.definition and entry.label_en and entry.label_nl


def test_flows_are_summed_and_stocks_and_rates_averaged_as_the_catalogue_says(model: ParticipationModel) -> None:
    """Derived from the catalogue's kinds, not from a second list: a year of two months with
    the values 1 and 3 is 4 for a flow and 2 for a stock or a rate."""
    for table, columns in all_columns(table_members(model)).items():
        keys = ["replication", *KEYS[table][1:]]
        monthly = pd.DataFrame({
            "replication": [0, 0], "month": ["2016-01", "2016-02"],
            **{k: ["x", "x"] for k in keys[1:]}, **{c: [1.0, 3.0] for c in columns},
        })  # fmt: skip
        annual = annual_values(monthly, keys=keys).set_index("measure")
        for column in columns:
            kind = cat.find(column).kind
            assert measure_kind(column) == kind == annual.loc[column, "kind"], column
            assert annual.loc[column, "value"] == (4.0 if kind == "flow" else 2.0), column


def test_the_model_series_summed_over_a_year_matches_the_monthly_flows(model: ParticipationModel) -> None:
    series = model_tables(model)["series"].assign(replication=0)
    annual = annual_values(series).set_index("measure")["value"]
    for name in cat.names_of_kind("series", "flow"):
        assert annual[name] == pytest.approx(series[name].sum()), name


def test_every_measure_has_an_english_and_a_dutch_label(model: ParticipationModel) -> None:
    for columns in all_columns(table_members(model)).values():
        for column in columns:
            for lang in ("en", "nl"):
                assert cat.find(column).label(lang).strip(), (column, lang)
                assert measure_label(column, lang) == cat.find(column).label(lang)
    for name in cat.MEASURES:
        assert cat.MEASURES[name].label_en.strip() and cat.MEASURES[name].label_nl.strip()


def _documented(section: str) -> dict[str, tuple[str, str]]:
    """``name -> (unit, kind)`` of the measure rows in one table section of docs/outputs.md."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"\n## {section} (")[1].split("\n## ")[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in body.splitlines():
        found = re.match(r"\| ([^|]+) \| ([^|]*) \| (stock|flow|rate) \|", line)
        if found:
            for name in re.findall(r"`([a-z0-9_<>]+)`", found.group(1)):
                rows[name] = (found.group(2).strip(), found.group(3))
    return rows


@pytest.mark.parametrize("table", cat.TABLES)
def test_docs_outputs_md_lists_every_measure_with_its_kind_and_unit(model: ParticipationModel, table: str) -> None:
    documented = _documented(table)
    columns = cat.columns(table, table_members(model))
    patterns = [entry for entry in cat.TABLE_COLUMNS[table] if "<" in entry]
    for name, (unit, kind) in documented.items():
        entry = cat.FAMILIES[name.split("<")[0]] if "<" in name else cat.find(name)
        assert entry is not None and (entry.unit, entry.kind) == (unit, kind), name
        assert name in patterns or name in columns, f"{name} is documented for {table} but not written"
    for column in columns:
        family = next((p for p in patterns if column.startswith(p.split("<")[0])), None)
        assert column in documented or family in documented, f"{column} of {table} is not in docs/outputs.md"


def test_docs_summary_rule_lists_exactly_the_catalogue_flows() -> None:
    line = next(l for l in DOC.read_text(encoding="utf-8").splitlines() if l.startswith("| flow | sum of the monthly values"))
    listed = set(re.findall(r"`([a-z0-9_]+)`", line))
    flows = {n for table in cat.TABLES for n in cat.names_of_kind(table, "flow")}
    assert listed == flows


def test_to_real_is_the_division_every_table_used() -> None:
    """Byte-identical outputs: the conversion is ``counts / scale``, not ``counts * (1 / scale)``."""
    counts = np.arange(1, 10_000, dtype=np.int64)
    for scale in (0.05, 0.1, 0.3, 0.7, 1.0):
        assert np.array_equal(cat.to_real(counts, scale), counts / scale)
        assert cat.real_per_simulated(scale) == 1.0 / scale


def test_the_comparisons_average_only_stocks_and_rates() -> None:
    """metrics.compare.annual averages the monthly differences of its measures: none is a flow."""
    from participation_model.metrics.compare import AGGREGATE_MEASURES, RATE_MEASURES

    assert all(cat.MEASURES[m].kind in ("stock", "rate") for m in AGGREGATE_MEASURES)
    assert RATE_MEASURES == {m for m in AGGREGATE_MEASURES if "participation" in m or "rate" in m}


def test_the_catalogue_is_core_level() -> None:
    """model/ and metrics/ import the catalogue, so it imports nothing from the package."""
    import ast

    source = Path(cat.__file__).read_text(encoding="utf-8")
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("participation_model")]
