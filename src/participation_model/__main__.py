"""``python -m participation_model``: the command line, as ``participation-model`` runs it.

Example::

    python -m participation_model run scenarios/baseline.toml --scale 0.1
"""

from participation_model.cli import main

if __name__ == "__main__":  # not when a test collector imports the module
    raise SystemExit(main())
