"""What a scenario file may say: its keys, the values of absent keys, and the limits of numbers.

The limits live apart from the checks so that every check, the frozen ``Scenario`` (its
pydantic constraints, a second line of defence) and the JSON schema (``schema.py``) read the
same numbers, and so that the words shown after "allowed:" in a message follow them.

Example:
    >>> MAX_REPLICATIONS, ALLOWED_REPLICATIONS
    (10000, 'a whole number from 1 to 10000')
"""

from __future__ import annotations

DEFAULT_REGION = "oost-groningen"
DEFAULT_START = "2014-01"
DEFAULT_END = "2025-12"
DEFAULT_SEED = 20140101
DEFAULT_REPLICATIONS = 10
DEFAULT_SCALE = 1.0
DEFAULT_PARAMETER_DRAWS = 0
DEFAULT_ECONOMY_PATH = "historical"
DEFAULT_DRIVERS = "netherlands"
MAX_REPLICATIONS = 10_000
MAX_SCALE = 20.0
MAX_SECTOR_TREND = 20.0
MAX_NAME_LENGTH = 64

NAME_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{MAX_NAME_LENGTH - 1}}}$"
MONTH_PATTERN = r"^(\d{4})-(\d{2})$"

TOP_LEVEL_KEYS = (
    "name",
    "description",
    "region",
    "start",
    "end",
    "warm_up_from",
    "seed",
    "replications",
    "scale",
    "parameters_file",
    "calibration",
    "parameter_draws",
    "economy",
    "parameters",
    "interventions",
    "sweep",
)
ECONOMY_KEYS = ("drivers", "path", "set", "shift", "sector_trend")
EDIT_KEYS = ("set", "shift")
REMOVED_ECONOMY_KEYS = {
    "jobs_index": "the jobs path now follows the national drivers",
    "cycle": "the business cycle now comes from the national drivers",
}
SWEEP_KEYS = ("grid", "sample")
SAMPLE_KEYS = ("method", "n", "ranges", "seed")
SAMPLE_METHODS = ("latin",)
MAX_SWEEP_POINTS = 100_000

ALLOWED_NAME = (
    f"1 to {MAX_NAME_LENGTH} letters, digits, '-' and '_', starting with a letter or digit "
    "(it becomes the output folder name), e.g. \"sectorplan-zorg\""
)
ALLOWED_SEED = "a whole number >= 0, e.g. 20140101 (0 is a valid seed)"
ALLOWED_REPLICATIONS = f"a whole number from 1 to {MAX_REPLICATIONS}"
ALLOWED_SCALE = (
    f"a number above 0 and at most {MAX_SCALE:g} (1.0 = one simulated person per resident)"
)
ALLOWED_PARAMETER_DRAWS = (
    "a whole number from 0 (the calibrated values alone) to the number of members of the "
    "calibration's ensemble file (<calibrated stem>-ensemble.toml, participation-model ensemble)"
)
ALLOWED_MONTH = 'a month written as a quoted "YYYY-MM" string, e.g. "2014-01"'

COMMAND_LINE = "command line"
