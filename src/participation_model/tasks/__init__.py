"""The user's tasks, one module each: check the inputs, run, compute, write the folder, return a result.

=================  ==============================================================
module             task
=================  ==============================================================
``validate``       check a scenario file and describe it
``init``           a working folder with the shipped scenarios and calibration files
``run``            a scenario's replications and their output folder
``compare``        paired runs of scenarios against a baseline, and their folder
``sweep``          a batch over sweep points, written run by run (resumable)
``sensitivity``    Morris or Sobol indices, checkpointed in a work folder
``calibrate``      the search for the free parameters, the calibrated file, the fit report
``plausibility``   intervention effect curves against the evaluation evidence
=================  ==============================================================

Every task has the same shape: ``prepare(...)`` checks everything it can before anything
runs or is written and raises :class:`TaskInputError` (the command line's exit 2);
``perform(prepared, ...)`` runs on an executor, computes the metrics, writes the folder
atomically (:mod:`participation_model.tasks.folders`) with its manifest and pages and returns a
result object. The command line (:mod:`participation_model.cli`) and the what-if app
(:mod:`participation_model.app`) are thin adapters over these functions, so a check is written
once. Nothing below this layer (model, interventions, metrics, scenario, experiments,
analysis, reports) imports it.

Example:
    >>> from participation_model.tasks import run
    >>> prepared = run.prepare("scenarios/baseline.toml", replications=1, scale=0.02)  # doctest: +SKIP
    >>> run.perform(prepared).folder.path.name                                         # doctest: +SKIP
    'baseline'
"""

from participation_model.tasks.common import TaskInputError

__all__ = ["TaskInputError"]
