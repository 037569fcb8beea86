"""The ``[[interventions]]`` tables: one block per intervention, checked by its own class.

The scenario only knows that a block needs a registered ``type`` and a name of its own
(random streams and reports are keyed by it); every other key is the intervention class's
business (``participation_model.interventions``: declared fields, eligibility, dates), checked
against the scenario's region and period.

Example:
    >>> problems: list[Problem] = []
    >>> _check_interventions([{"type": "no_such_thing"}], None, None, None, problems)
    ()
    >>> problems[0].key
    'interventions[1].type'
    >>> from participation_model.region import load_region
    >>> blocks = (InterventionSpec(type="x", options={"eligibility": {"gemeente": ["Westerwolde"]}}),)
    >>> gemeente_readings(blocks, load_region("oost-groningen"))
    ('interventions[1].eligibility.gemeente: Westerwolde: read as Vlagtwedde + Bellingwedde (merged on 1 January 2018)',)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from participation_model.interventions import available_interventions, describe_available
from participation_model.interventions.fields import Context
from participation_model.region import RegionData
from participation_model.scenario.objects import InterventionSpec
from participation_model.scenario.problems import MISSING, Problem, _require_table, _suggest, _words


def _allowed_types(registered: Mapping[str, type]) -> str:
    """Describe the valid intervention types, or say that there are none yet."""
    if not registered:
        return (
            "none yet: " + describe_available() + ", so remove the [[interventions]] tables"
        )
    return f"a registered intervention type: {_words(list(registered))}"


def _check_interventions(
    value: Any,
    region: RegionData | None,
    start: str | None,
    end: str | None,
    problems: list[Problem],
) -> tuple[InterventionSpec, ...]:
    """Each ``[[interventions]]`` table needs a registered ``type``; its own keys are checked
    by the intervention class (declared fields, eligibility filter, funding shares, dates)."""
    allowed_list = "a list of tables, each written as [[interventions]] (double brackets)"
    if not isinstance(value, list):
        problems.append(Problem("interventions", value, "", allowed_list))
        return ()
    registered = available_interventions()
    specs = []
    names: dict[str, int] = {}
    for number, table in enumerate(value, start=1):
        key = f"interventions[{number}]"
        if not _require_table(key, table, "a table with a 'type' key", problems):
            continue
        kind = table.get("type", MISSING)
        if not isinstance(kind, str) or kind not in registered:
            hint = _suggest(kind, list(registered)) if isinstance(kind, str) else ""
            if kind is MISSING:
                hint = "every [[interventions]] table needs a type"
            problems.append(Problem(f"{key}.type", kind, hint, _allowed_types(registered)))
            continue
        options = {name: item for name, item in table.items() if name != "type"}
        label = options.get("name", kind)
        if isinstance(label, str) and label in names:
            problems.append(Problem(
                f"{key}.name", label,
                f"interventions[{names[label]}] has the same name (random streams and reports are keyed by name)",
                "a name not used by another intervention block; give each block of the same type its own name",
            ))
        elif isinstance(label, str):
            names[label] = number
        if region is not None and start is not None and end is not None:
            ctx = Context.of_region(region, start, end)
            _, found = registered[kind].check(options, ctx)
            problems.extend(Problem(f"{key}.{fp.key}", fp.value, fp.message, fp.allowed) for fp in found)
        specs.append(InterventionSpec(type=kind, options=options))
    return tuple(specs)


#: The keys of intervention blocks (at any depth) that name gemeenten (``FieldSpec(gemeenten=True)``).
GEMEENTE_KEYS = ("gemeente",)


def gemeente_readings(specs: tuple[InterventionSpec, ...], region: RegionData | None) -> tuple[str, ...]:
    """How the later gemeente names in the blocks were read, one line each (for ``validate``).

    Why: a user who writes the current name "Westerwolde" should see that the model, built on
    the 2016 layout, reads it as Vlagtwedde + Bellingwedde.
    """
    if region is None:
        return ()
    names = region.local.names
    out: list[str] = []

    def walk(prefix: str, node: Any) -> None:
        if not isinstance(node, Mapping):
            return
        for key, value in node.items():
            where = f"{prefix}.{key}"
            if key in GEMEENTE_KEYS and isinstance(value, (str, list, tuple)):
                out.extend(f"{where}: {line}" for line in names.read(value if isinstance(value, str) else list(value))[1])
            else:
                walk(where, value)

    for number, spec in enumerate(specs, start=1):
        walk(f"interventions[{number}]", spec.options)
    return tuple(out)
