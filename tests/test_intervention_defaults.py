"""The instruments' world-number defaults come from data/parameters/interventions.toml.

Every numeric default of every registered instrument is an entry of that file (with unit and
source), changing the file changes the default, and a missing or malformed entry is refused
with the file and the key. The scenario reference shows the same values with unit and source.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from participation_model.interventions import available_interventions, get_intervention
from participation_model.interventions.defaults import (
    DEFAULTS_PATH,
    ENTRY_KEYS,
    PROGRAMME_TABLE,
    SHARED_TABLES,
    InterventionDefaultsError,
    bundled_defaults,
    load_defaults,
    tables_for,
)
from participation_model.interventions.fields import Context, FieldSpec

ROOT = Path(__file__).resolve().parent.parent


def numeric_defaults() -> list[tuple[str, FieldSpec]]:
    """(type, field) of every number field of every registered instrument that has a default."""
    return [
        (kind, spec)
        for kind, cls in available_interventions().items()
        for spec in cls.fields
        if spec.kind in ("int", "float") and spec.default is not None
    ]


def changed_value(spec: FieldSpec) -> int | float:
    """A value within the field's bounds that differs from its default."""
    if spec.kind == "int":
        return spec.default + 1 if spec.max is None or spec.default + 1 <= spec.max else spec.default - 1
    upper = spec.max if spec.max is not None else spec.default + 2.0
    return (spec.default + upper) / 2 if upper > spec.default else (spec.default + spec.min) / 2


def write_copy(tmp_path: Path, edit) -> Path:
    """A copy of the bundled file after ``edit(raw)``, written as TOML (one table per entry)."""
    raw = tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
    edit(raw)
    lines = []
    for table, entries in raw.items():
        for name, entry in entries.items():
            lines.append(f"[{table}.{name}]")
            lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
            lines.append("")
    path = tmp_path / "interventions.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_every_numeric_default_of_every_instrument_is_an_entry_of_the_file():
    defaults = bundled_defaults()
    found = numeric_defaults()
    assert len(found) > 50
    for kind, spec in found:
        assert spec.default_key, f"{kind}.{spec.name}: default {spec.default!r} written in code"
        entry = defaults.entry(spec.default_key)
        assert spec.default_key in [f"{table}.{spec.name}" for table in tables_for(kind)], (kind, spec.default_key)
        assert (spec.default, spec.unit, spec.source) == (entry.value, entry.unit, entry.source)
        assert type(spec.default) is (int if spec.kind == "int" else float), (kind, spec.name)


def test_every_entry_has_unit_and_source_and_is_used():
    raw = tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
    keys = set()
    for table, entries in raw.items():
        for name, entry in entries.items():
            assert sorted(entry) == sorted(ENTRY_KEYS), f"{table}.{name}"
            assert all(isinstance(entry[k], str) and entry[k].strip() for k in ("unit", "source", "description"))
            assert entry["source"].startswith(("ASSUMPTION", "CONVENTION")) or re.search(r"(19|20)\d\d", entry["source"])
            keys.add(f"{table}.{name}")
    assert keys == {spec.default_key for _, spec in numeric_defaults()}  # no entry that nothing reads


def test_a_shared_table_is_read_by_the_instruments_that_share_it_and_no_number_is_written_twice():
    """A shared table's entry serves at least two instruments; an instrument's own table is read only by it."""
    registered = set(available_interventions())
    readers: dict[str, set[str]] = {}
    for kind, spec in numeric_defaults():
        readers.setdefault(spec.default_key, set()).add(kind)
    for table, kinds in SHARED_TABLES.items():
        assert set(kinds) <= registered and table not in registered and table != PROGRAMME_TABLE
        for key in (k for k in readers if k.startswith(f"{table}.")):
            assert len(readers[key]) >= 2 and readers[key] <= set(kinds), (key, readers[key])
    for key, kinds in readers.items():
        table = key.split(".")[0]
        assert table in SHARED_TABLES or table == PROGRAMME_TABLE or kinds == {table}, (key, kinds)
    written = {}
    for key, entry in bundled_defaults().entries.items():
        same = (entry.value, entry.unit, entry.source, entry.description)
        assert same not in written, f"{key} repeats {written[same]}: one entry in a shared table"
        written[same] = key


def test_tables_for_looks_in_the_instruments_own_table_first():
    assert tables_for("beschut_werk") == ("beschut_werk", "participatiewet", PROGRAMME_TABLE)
    assert tables_for("mass_layoff") == ("mass_layoff", PROGRAMME_TABLE)
    defaults = bundled_defaults().entries
    assert defaults["beschut_werk.duration_months"].value != defaults["programme.duration_months"].value
    spec = next(s for s in get_intervention("beschut_werk").fields if s.name == "duration_months")
    assert spec.default_key == "beschut_werk.duration_months"  # the own table wins over the shared one


def test_changing_the_file_changes_every_default(tmp_path):
    specs = {spec.default_key: spec for _, spec in numeric_defaults()}
    new = {key: changed_value(spec) for key, spec in specs.items()}

    def edit(raw):
        for key, value in new.items():
            table, name = key.split(".")
            raw[table][name]["value"] = value

    changed = load_defaults(write_copy(tmp_path, edit))
    for kind, spec in numeric_defaults():
        rebound = spec.with_file(changed)
        assert rebound.default == new[spec.default_key] != spec.default, (kind, spec.name)
        assert (rebound.kind, rebound.min, rebound.max, rebound.help) == (spec.kind, spec.min, spec.max, spec.help)


def test_a_changed_file_reaches_the_scenario_blocks(tmp_path):
    """In a fresh process whose defaults file is a changed copy, a block without the key gets the new value."""

    def edit(raw):
        raw["brug_ww"]["employer_acceptance"]["value"] = 0.4
        raw["programme"]["referral_rate"]["value"] = 0.3

    path = write_copy(tmp_path, edit)
    module = ROOT / "src" / "participation_model" / "interventions" / "defaults.py"
    code = f"""
import importlib.util, json, sys
import participation_model
spec = importlib.util.spec_from_file_location("participation_model.interventions.defaults", {str(module)!r})
defaults = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = defaults
spec.loader.exec_module(defaults)
defaults.DEFAULTS_PATH = __import__("pathlib").Path({str(path)!r})
from participation_model.interventions import get_intervention
from participation_model.interventions.fields import Context
values, problems = get_intervention("brug_ww").check({{"start": "2016-01", "target_sectors": ["zorg"]}}, Context(sectors=("zorg",)))
print(json.dumps([values["employer_acceptance"], values["referral_rate"], values["training_months"], [p.key for p in problems]]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [0.4, 0.3, 6, []]


@pytest.mark.parametrize(
    "edit, key, message",
    [
        (lambda raw: raw["brug_ww"].pop("employer_acceptance"), "brug_ww.employer_acceptance", "missing; allowed: a table [brug_ww.employer_acceptance]"),
        (lambda raw: raw["brug_ww"]["training_months"].update(value="six"), "brug_ww.training_months.value", "got 'six'; allowed: a number"),
        (lambda raw: raw["brug_ww"]["training_months"].update(value=6.5), "brug_ww.training_months.value", "allowed: a whole number"),
        (lambda raw: raw["brug_ww"]["employer_acceptance"].update(value=1.5), "brug_ww.employer_acceptance.value", "allowed: a number from 0.0 to 1.0"),
        (lambda raw: raw["sw_secondment"]["target_share"].pop("unit"), "sw_secondment.target_share", "missing unit"),
        (lambda raw: raw["sw_secondment"]["target_share"].update(source=""), "sw_secondment.target_share.source", "allowed: text, not empty"),
        (lambda raw: raw["sw_secondment"]["target_share"].update(min=0), "sw_secondment.target_share", "unknown min"),
    ],
)
def test_a_missing_or_malformed_entry_names_the_file_and_the_key(tmp_path, edit, key, message):
    path = write_copy(tmp_path, edit)
    with pytest.raises(InterventionDefaultsError) as caught:
        changed = load_defaults(path)
        for _, spec in numeric_defaults():
            spec.with_file(changed)
    text = str(caught.value)
    assert text.startswith(f"{path.resolve()}: key '{key}'"), text
    assert message in text


def test_a_file_that_does_not_parse_or_is_missing_names_the_file(tmp_path):
    bad = tmp_path / "interventions.toml"
    bad.write_text("[brug_ww.employer_acceptance\nvalue = 1\n", encoding="utf-8")
    with pytest.raises(InterventionDefaultsError, match=re.escape(str(bad)) + ": not valid TOML"):
        load_defaults(bad)
    with pytest.raises(InterventionDefaultsError, match="instrument defaults file not found"):
        load_defaults(tmp_path / "nowhere.toml")
    flat = tmp_path / "flat.toml"
    flat.write_text("referral_rate = 0.2\n", encoding="utf-8")
    with pytest.raises(InterventionDefaultsError, match="key 'referral_rate': got 0.2; allowed: a table of defaults"):
        load_defaults(flat)


def test_a_block_still_sets_its_own_value_and_the_bounds_still_hold():
    cls = get_intervention("brug_ww")
    ctx = Context(sectors=("zorg",))
    values, problems = cls.check({"start": "2016-01", "target_sectors": ["zorg"], "employer_acceptance": 0.4}, ctx)
    assert (values["employer_acceptance"], problems) == (0.4, [])
    _, problems = cls.check({"start": "2016-01", "target_sectors": ["zorg"], "employer_acceptance": 1.4}, ctx)
    assert [p.key for p in problems] == ["employer_acceptance"]


def test_the_package_data_ships_the_file():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["participation_model"]
    package = ROOT / "src" / "participation_model"
    assert any(DEFAULTS_PATH.resolve() in {p.resolve() for p in package.glob(g)} for g in globs)


def test_the_scenario_reference_shows_every_default_with_unit_and_source():
    text = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)\.([a-z_]+)` \| (.*?) \| (.*?) \| (.*?) \|$", text, re.M)
    shown = {f"{table}.{name}": (value, unit, source) for table, name, value, unit, source in rows}
    entries = bundled_defaults().entries
    assert set(shown) == set(entries)
    for key, entry in entries.items():
        assert shown[key] == (f"{entry.value:g}", entry.unit, entry.source), key


def test_the_defaults_named_in_docs_interventions_are_the_files():
    """The programme table's default column and the values the instrument sections name."""
    text = (ROOT / "docs" / "interventions.md").read_text(encoding="utf-8")
    entries = bundled_defaults().entries
    named = [("programme", name, value) for name, value in re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| (\d[\d.]*) \|", text, re.M)]
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        kind = re.match(r"`([a-z_]+)`", section)
        pattern = r"`([a-z_]+)`(?:\s\((?:\d+-\d+,\s)?(?:default\s)?|,?\s(?:EUR\s)?|\sdefaults\sto\s|\sto\s)(\d[\d.,]*\d|\d)"
        named += [(kind.group(1), name, value) for name, value in re.findall(pattern, section)] if kind else []
    checked = set()
    for kind, name, value in named:
        key = next((f"{table}.{name}" for table in tables_for(kind) if f"{table}.{name}" in entries), None)
        assert key in entries, (kind, name)
        assert float(value.replace(",", "")) == entries[key].value, (key, value, entries[key].value)
        checked.add(key)
    assert checked == set(entries)  # the table and every instrument's own values: every entry is named
