"""The monthly step, one module per phase, executed in the order of ``PHASES``.

See :class:`participation_model.model.model.ParticipationModel` for the step order.
"""

from participation_model.model.phases.benefits import benefits
from participation_model.model.phases.demand import labour_demand
from participation_model.model.phases.demography import demography
from participation_model.model.phases.matching import matching
from participation_model.model.phases.programmes import programmes
from participation_model.model.phases.record import record
from participation_model.model.phases.search import search
from participation_model.model.phases.separations import separations

PHASES = (demography, separations, labour_demand, programmes, search, matching, benefits, record)

__all__ = ["PHASES", "demography", "separations", "labour_demand", "programmes", "search", "matching", "benefits", "record"]
