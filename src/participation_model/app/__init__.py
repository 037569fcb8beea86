"""The live what-if app: ``participation-model serve`` (Dash, on 127.0.0.1 by default).

Pick a scenario file, change the size, budget and target group of its interventions, run it
against the baseline in the background at a reduced or full scale, and read the comparison
dashboard's charts. Input is checked exactly as ``participation-model compare`` checks it.
Below that, start a design (``participation-model design``: the best package of instruments
within a budget) of a spec in the designs folder, follow it and read its card. See docs/app.md.

Example:
    >>> from pathlib import Path
    >>> from participation_model.app import create_app, serve
    >>> serve(port=8050, scenarios_dir=Path("scenarios"), baseline=Path("scenarios/baseline.toml"), designs_dir=Path("designs"))  # doctest: +SKIP
"""

from participation_model.app.dash_app import create_app, serve

__all__ = ["create_app", "serve"]
