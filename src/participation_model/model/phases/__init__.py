"""The monthly step, one module per phase, executed in the order of ``PHASES``.

Each module ``phases.<name>`` holds a function of the same name that takes the model; the
order is written down once, in the docstring of
:class:`participation_model.model.model.ParticipationModel`, and here as ``PHASES``.

Example:
    >>> [phase.__name__ for phase in PHASES][:3]
    ['demography', 'separations', 'labour_demand']
"""

from participation_model.model.phases import benefits, demand, demography, matching, programmes, record, search, separations

PHASES = (
    demography.demography,
    separations.separations,
    demand.labour_demand,
    programmes.programmes,
    search.search,
    matching.matching,
    benefits.benefits,
    record.record,
)

__all__ = ["PHASES", "benefits", "demand", "demography", "matching", "programmes", "record", "search", "separations"]
