"""The person-column codes, re-exported for the model's modules (they live in
``participation_model.codes``, which the core and the metrics may both import)."""

from participation_model.codes import *  # noqa: F401,F403
