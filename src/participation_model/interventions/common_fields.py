"""The fields every intervention and every programme declares, and how an instrument changes their defaults.

Scenario blocks are checked against these declarations (:class:`~participation_model.interventions.fields.FieldSpec`):
``COMMON_FIELDS`` (name, start, end) for every intervention, ``PROGRAMME_FIELDS`` for programmes
(eligibility, places, waiting list, referral, duration, follow-up, budget, costs, funding and
the wage-cost subsidy), ``REPORT_FIELDS`` for the monthly reports. World-number defaults come
from the instrument defaults file (``from_file``); :func:`with_defaults` gives an instrument its
own.

Example:
    >>> [s.name for s in COMMON_FIELDS]
    ['name', 'start', 'end']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from participation_model.codes import STREAMS
from participation_model.interventions.defaults import from_file
from participation_model.interventions.fields import FieldProblem, FieldSpec, suggest
from participation_model.interventions.subsidy import SUBSIDY_FIELDS

#: The monthly reports of a programme; the participant counts are defined once in
#: ``measure_catalogue.PARTICIPANT_COUNTS`` (and counted by ``interventions/counts.py``).
REPORT_FIELDS = (
    "eligible", "waiting", "enrolled", "participants_started", "participants_in_programme", "participants_completed",
    "dropped_out", "hired_under_scheme", "spending",
)  # fmt: skip

COMMON_FIELDS = (
    FieldSpec("name", "str", help="label in outputs; defaults to the type"),
    FieldSpec("start", "month", required=True, help="first month of enrolment"),
    FieldSpec("end", "month_any", help="last month of enrolment (may lie after the run); participants then finish; default: end of the run"),
)

PROGRAMME_FIELDS = (
    FieldSpec("eligibility", "table", help="filters on person columns, see docs/interventions.md"),
    FieldSpec("places_per_month", "int", min=0, help="participants admitted per month at most"),
    FieldSpec("places_per_year", "int", min=0, help="participants admitted per calendar year at most"),
    FieldSpec("waiting_list", "bool", default=True, help="referred persons wait when places are full"),
    FieldSpec("max_wait_months", "int", default=from_file("programme.max_wait_months"), min=0, max=120, help="months on the waiting list before giving up"),
    FieldSpec("referral_rate", "float", default=from_file("programme.referral_rate"), min=0.0, max=1.0, help="monthly probability that an eligible person is referred"),
    FieldSpec("duration_months", "int", default=from_file("programme.duration_months"), min=1, max=60, help="months in the programme"),
    FieldSpec("follow_up_months", "int", default=from_file("programme.follow_up_months"), min=0, max=120, help="months after the programme in which a hire counts as a placement"),
    FieldSpec("budget", "float", min=0.0, help="EUR for the whole run; binds"),
    FieldSpec("cost_per_participant", "float", default=from_file("programme.cost_per_participant"), min=0.0, help="EUR at enrolment"),
    FieldSpec("cost_per_month", "float", default=from_file("programme.cost_per_month"), min=0.0, help="EUR per participant-month"),
    FieldSpec("funding", "table", help="stream = share, shares adding up to 1; streams " + ", ".join(STREAMS)),
) + SUBSIDY_FIELDS

def with_defaults(specs: Sequence[FieldSpec], drop: Sequence[str] = (), **changes: tuple[Any, str]) -> tuple[FieldSpec, ...]:
    """The common fields with an instrument's own defaults (and help), without the ``drop`` keys.

    ``changes`` maps a field name to ``(default, help)``; a world-number default names its entry
    of the instrument defaults file, ``from_file("<type>.<field>")``, whose unit and source
    replace those of the common default.

    Example:
        >>> specs = with_defaults(PROGRAMME_FIELDS, drop=("waiting_list",), duration_months=(from_file("leerwerkplekken.duration_months"), "months in the place"))
        >>> [(s.default, s.default_key) for s in specs if s.name == "duration_months"], "waiting_list" in [s.name for s in specs]
        ([(24, 'leerwerkplekken.duration_months')], False)
    """
    unknown = (set(changes) | set(drop)) - {s.name for s in specs}
    if unknown:
        raise ValueError(f"no such fields: {', '.join(sorted(unknown))}")
    out = []
    for spec in specs:
        if spec.name in drop:
            continue
        if spec.name in changes:
            default, text = changes[spec.name]  # the common default's unit and source go with it
            spec = replace(spec, default=default, help=text, unit="", source="", default_key="")
        out.append(spec)
    return tuple(out)

def check_funding(raw: Any) -> tuple[dict[str, float], list[FieldProblem]]:
    """Funding streams and shares; they must be known streams and add up to 1.

    Example:
        >>> check_funding({"rijk_szw": 0.5, "sector": 0.5})[1]
        []
        >>> check_funding({"rijk_szw": 0.5, "esf": 0.4})[1][0].allowed
        'shares that add up to 1 (these add up to 0.9)'
    """
    if raw is None:
        return {"rijk_szw": 1.0}, []
    problems = []
    shares: dict[str, float] = {}
    for stream, share in dict(raw).items():
        if stream not in STREAMS:
            problems.append(FieldProblem(f"funding.{stream}", share, "a funding stream: " + ", ".join(STREAMS), suggest(stream, STREAMS)))
        elif isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            problems.append(FieldProblem(f"funding.{stream}", share, "a share from 0 to 1"))
        else:
            shares[stream] = float(share)
    if not problems and abs(sum(shares.values()) - 1.0) > 1e-9:
        problems.append(FieldProblem("funding", dict(raw), f"shares that add up to 1 (these add up to {round(sum(shares.values()), 6)})"))
    return shares, problems

