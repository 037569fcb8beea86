"""The what-if controls of a scenario file: which fields of which block, and the edited file.

Per ``[[interventions]]`` block the app offers controls for the size of the instrument, its
budget and costs, and its target group. Which ones is read from the instrument's declared
fields (``cls.fields``), so a new instrument gets controls without changes here:

- size: ``places_per_year``, ``places_per_month`` (programmes), ``size`` (mass layoff),
  ``jobs`` (demand shock);
- budget: ``budget``, ``cost_per_participant``, ``cost_per_month``, ``ww_cost_per_month``;
- target group (programmes, which have an ``eligibility`` table): ``age_min``, ``age_max``,
  ``status``, ``benefit``, ``education``, ``gemeente``, except the filters the instrument
  fixes itself (``FIXED_BY_INSTRUMENT``).

Editing never bypasses the checks: :func:`edited_data` starts from the file's parsed TOML and
replaces only the fields whose control differs from the file, so a value the analyst did not
touch reaches ``scenario_from_dict`` exactly as written (an invalid file stays invalid, with
the command line's message), and an emptied control removes the key (back to the default).

Example:
    >>> data = {"name": "x", "interventions": [{"type": "brug_ww", "start": "2016-01",
    ...         "target_sectors": ["zorg"], "places_per_year": 100}]}
    >>> [c.field for c in scenario_blocks(data, GEMEENTEN_EXAMPLE)[0].controls][:3]
    ['places_per_month', 'places_per_year', 'budget']
    >>> edited_data(data, {(1, "places_per_year"): 50})["interventions"][0]["places_per_year"]
    50
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from participation_model.interventions import available_interventions
from participation_model.interventions.eligibility import FILTER_FIELDS
from participation_model.interventions.fields import Context, FieldSpec

SIZE_FIELDS = ("places_per_month", "places_per_year", "size", "jobs")
BUDGET_FIELDS = ("budget", "cost_per_participant", "cost_per_month", "ww_cost_per_month")
TARGET_FIELDS = ("age_min", "age_max", "status", "benefit", "education", "gemeente")
ELIGIBILITY = "eligibility"

# Filters an instrument applies itself (its ``extra_eligible``, docs/interventions.md): a
# control for them could only narrow the group to nobody, so the app does not offer one.
FIXED_BY_INSTRUMENT: dict[str, tuple[str, ...]] = {
    "brug_ww": ("status", "benefit"),  # WW recipients out of work, and workers under notice
    "sw_secondment": ("status", "benefit"),  # Wsw employees in their sheltered company
    "van_werk_naar_werk": ("status",),  # employees about to be dismissed
    "van_werkloosheid_naar_werk": ("status",),  # the unemployed
}

GEMEENTEN_EXAMPLE = ("Oldambt", "Veendam")  # for the examples in docstrings only

NUMBER = "number"
CHOICES = "choices"

ControlKey = tuple[int, str]  # (block number from 1, field such as "eligibility.age_min")


@dataclass(frozen=True)
class Control:
    """One control: a number box or a set of check boxes for one field of one block.

    Attributes:
        block: the block's number, counted from 1 as in error messages (``interventions[1]``).
        field: the field as written in the block, eligibility filters as ``eligibility.<key>``.
        kind: ``NUMBER`` or ``CHOICES``.
        help: the field's own explanation (``FieldSpec.full_help()``: with its default's source and unit).
        value: the value in the file (None when the key is absent).
        placeholder: what an empty control means: the default, "unlimited", "everyone".
        choices: the allowed values of a ``CHOICES`` control.

    Example:
        >>> c = Control(2, "eligibility.age_min", NUMBER, "", 27, "no limit")
        >>> c.dom_id, c.component_id
        ('iv-2-eligibility-age_min', {'type': 'iv-control', 'block': 2, 'field': 'eligibility.age_min'})
    """

    block: int
    field: str
    kind: str
    help: str
    value: Any
    placeholder: str
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> ControlKey:
        """``(block, field)``: how submitted values are matched to controls."""
        return (self.block, self.field)

    @property
    def component_id(self) -> dict[str, Any]:
        """The Dash pattern-matching id of the input component (callbacks collect them all)."""
        return {"type": CONTROL_TYPE, "block": self.block, "field": self.field}

    @property
    def dom_id(self) -> str:
        """A plain id for the control's wrapper element, for browser tests and CSS."""
        return f"iv-{self.block}-{self.field.replace('.', '-')}"


CONTROL_TYPE = "iv-control"


@dataclass(frozen=True)
class Block:
    """What the app shows of one ``[[interventions]]`` block.

    Attributes:
        number: counted from 1, as in error messages.
        type: the instrument (``type`` key).
        title: the block's ``name``, or its type.
        period: "start 2015-01, end 2016-12", as written in the file.
        controls: the editable fields.
        notes: things the analyst should know that no control changes (fixed filters, other
            eligibility keys kept from the file, an unknown type).
    """

    number: int
    type: str
    title: str
    period: str
    controls: tuple[Control, ...]
    notes: tuple[str, ...]


def scenario_blocks(data: Mapping[str, Any], gemeenten: tuple[str, ...]) -> list[Block]:
    """The blocks of a parsed scenario file with their controls, in file order.

    ``gemeenten`` are the choices of the gemeente filter: the region's gemeenten and the later
    names its file accepts (``Westerwolde``; the check reads them as the gemeenten they cover). Anything that is not
    a list of tables gets no controls: validation reports it when the analyst runs.

    Example:
        >>> data = {"interventions": [{"type": "mass_layoff", "start": "2016-03", "sector": "bouw", "size": 40}]}
        >>> block = scenario_blocks(data, GEMEENTEN_EXAMPLE)[0]
        >>> block.title, [(c.field, c.value) for c in block.controls]
        ('mass_layoff', [('size', 40)])
    """
    tables = data.get("interventions")
    if not isinstance(tables, list):
        return []
    return [_block(number, table, gemeenten) for number, table in enumerate(tables, start=1) if isinstance(table, Mapping)]


def _block(number: int, table: Mapping[str, Any], gemeenten: tuple[str, ...]) -> Block:
    """Controls and notes of one block."""
    kind = str(table.get("type", ""))
    title = str(table.get("name") or kind)
    period = f"start {table.get('start', '(missing)')}" + (f", end {table['end']}" if "end" in table else "")
    cls = available_interventions().get(kind)
    if cls is None:
        return Block(number, kind, title, period, (), (f"unknown type {kind!r}: no controls; run to see the error",))
    specs = {spec.name: spec for spec in cls.fields}
    controls = [_number(number, name, specs[name], table.get(name)) for name in (*SIZE_FIELDS, *BUDGET_FIELDS) if name in specs]
    notes: list[str] = []
    if ELIGIBILITY in specs:
        eligibility = table.get(ELIGIBILITY, {})
        if isinstance(eligibility, Mapping):
            controls += _target_controls(number, kind, eligibility, gemeenten)
            notes += _target_notes(kind, eligibility)
        else:
            notes.append("the eligibility value is not a table: no target-group controls; run to see the error")
    return Block(number, kind, title, period, tuple(controls), tuple(notes))


def _number(block: int, name: str, spec: FieldSpec, value: Any) -> Control:
    """A number box; empty means the field's default (places and budget: unlimited)."""
    default = "unlimited" if spec.default is None else f"default {spec.default}"
    return Control(block, name, NUMBER, spec.full_help(), value, "required" if spec.required else default)


def _target_controls(block: int, kind: str, eligibility: Mapping[str, Any], gemeenten: tuple[str, ...]) -> list[Control]:
    """Target-group controls of a programme, without the filters the instrument fixes."""
    ctx = Context(gemeenten=gemeenten)
    specs = {spec.name: spec for spec in FILTER_FIELDS}
    fixed = FIXED_BY_INSTRUMENT.get(kind, ())
    controls = []
    for name in TARGET_FIELDS:
        if name in fixed:
            continue
        spec, value = specs[name], eligibility.get(name)
        field = f"{ELIGIBILITY}.{name}"
        if spec.kind == "list":
            shown = [value] if isinstance(value, str) else value
            controls.append(Control(block, field, CHOICES, spec.help, shown, "none ticked: everyone", spec.allowed_choices(ctx)))
        else:
            controls.append(Control(block, field, NUMBER, spec.help, value, "no limit"))
    return controls


def _target_notes(kind: str, eligibility: Mapping[str, Any]) -> list[str]:
    """Say which filters the instrument fixes, and which filters of the file stay as written."""
    notes = []
    fixed = FIXED_BY_INSTRUMENT.get(kind, ())
    if fixed:
        notes.append(f"{' and '.join(fixed)}: set by the instrument itself (docs/interventions.md)")
    kept = [f"{key} = {value!r}" for key, value in eligibility.items() if key not in TARGET_FIELDS or key in fixed]
    if kept:
        notes.append("also in the file's eligibility, unchanged: " + ", ".join(kept))
    return notes


def initial_values(data: Mapping[str, Any], gemeenten: tuple[str, ...]) -> dict[ControlKey, Any]:
    """The value every control shows for the file as it is.

    Example:
        >>> data = {"interventions": [{"type": "mass_layoff", "start": "2016-03", "sector": "bouw", "size": 40}]}
        >>> initial_values(data, GEMEENTEN_EXAMPLE)
        {(1, 'size'): 40}
    """
    return {control.key: control.value for block in scenario_blocks(data, gemeenten) for control in block.controls}


def edited_data(data: Mapping[str, Any], changes: Mapping[ControlKey, Any]) -> dict[str, Any]:
    """A copy of the parsed file with the changed fields set; an empty value removes the key.

    ``changes`` holds only the controls whose value differs from the file (see
    :func:`changed_values`). An eligibility table that ends up empty is removed: no filter.

    Example:
        >>> data = {"interventions": [{"type": "x", "budget": 10, "eligibility": {"age_max": 26}}]}
        >>> edited_data(data, {(1, "budget"): None, (1, "eligibility.age_max"): None})["interventions"]
        [{'type': 'x'}]
    """
    result = copy.deepcopy(dict(data))
    for (block, field), value in changes.items():
        table = result["interventions"][block - 1]
        *parents, name = field.split(".")
        for parent in parents:
            table = table.setdefault(parent, {})
        if _is_empty(value):
            table.pop(name, None)
        else:
            table[name] = value
    for table in result.get("interventions", []):
        if isinstance(table, dict) and table.get(ELIGIBILITY) == {}:
            del table[ELIGIBILITY]
    return result


def changed_values(initial: Mapping[ControlKey, Any], submitted: Mapping[ControlKey, Any]) -> dict[ControlKey, Any]:
    """The submitted values that differ from the file (unknown controls are ignored).

    Lists compare as sets, so ticking boxes in another order is no change.

    Example:
        >>> changed_values({(1, "size"): 40, (1, "budget"): None}, {(1, "size"): 40, (1, "budget"): "", (9, "size"): 1})
        {}
        >>> changed_values({(1, "size"): 40}, {(1, "size"): -5})
        {(1, 'size'): -5}
    """
    changes = {}
    for key, value in submitted.items():
        if key not in initial:
            continue
        before = initial[key]
        if _is_empty(value) and _is_empty(before):
            continue
        if isinstance(value, list) and isinstance(before, list) and set(map(str, value)) == set(map(str, before)):
            continue
        if value != before:
            changes[key] = value
    return changes


def _is_empty(value: Any) -> bool:
    """An empty control: nothing typed, nothing ticked."""
    return value is None or value == "" or value == []
