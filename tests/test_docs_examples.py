"""The examples of docs/scenario-reference.md are the shipped files and the declarations, so the
reference cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from participation_model.interventions import available_interventions
from participation_model.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")


def test_the_worked_example_is_the_shipped_file_and_loads_as_shown():
    block = re.search(r"```toml\n(name = \"krimp-zorg\".*?)```", REFERENCE, re.S).group(1)
    shipped = (ROOT / "scenarios" / "krimp-zorg.toml").read_text(encoding="utf-8")
    assert shipped.endswith(block)
    s = load_scenario(ROOT / "scenarios" / "krimp-zorg.toml")
    assert (s.months(), s.replications, s.economy.sector_trend["zorg"]) == (144, 20, 2.0)


def test_the_required_keys_table_matches_the_declared_fields():
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| (`type`.*) \|$", REFERENCE, re.M))
    assert set(rows) == set(available_interventions())
    for name, cls in available_interventions().items():
        assert re.findall(r"`([a-z_]+)`", rows[name]) == ["type", *(f.name for f in cls.fields if f.required)]


def test_the_generated_tables_are_current():
    """The reference's generated tables are what the code generates today (regenerate with the command)."""
    from participation_model.schema import update_reference

    assert update_reference(REFERENCE) == REFERENCE, (
        "docs/scenario-reference.md is stale: run participation-model schema --update-reference docs/scenario-reference.md"
    )


def test_the_update_command_rewrites_a_stale_table_and_refuses_a_file_without_markers(tmp_path, capsys):
    from participation_model.cli import main

    stale = tmp_path / "reference.md"
    stale.write_text(REFERENCE.replace("| `brug_ww` | `type`, `start`, `target_sectors` |", "| `brug_ww` | `type` |"), encoding="utf-8")
    assert main(["schema", "--update-reference", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == REFERENCE
    bare = tmp_path / "bare.md"
    bare.write_text("# no markers\n", encoding="utf-8")
    assert main(["schema", "--update-reference", str(bare)]) == 2
    assert "<!-- generated: required-keys -->" in capsys.readouterr().err
    assert bare.read_text(encoding="utf-8") == "# no markers\n"
