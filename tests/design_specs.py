"""A tiny design spec for the tests of ``participation-model design`` and of the app's design panel.

Two instruments (ESF active inclusion up to the total budget, sectorplan retraining up to EUR 1M,
in steps of EUR 1M), two economies, one replication at scale 0.02 to 2016-12: a few seconds a
candidate. With ``targets`` the ESF block chooses between bijstand recipients and nobody at all
(15-year-olds on WW), so a package can spend on an empty target group.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "baseline.toml"

TEMPLATE = """
[design]
name = "tiny"
description = "{description}"
baseline = "{baseline}"
economies = ["historical", "recession"]
replications = 1
scale = 0.02
end = "2016-12"
evaluations = 20

[budget]
total = {total}

[[instruments]]
name = "esf"
budget = [0, {total}]
budget_step = 1000000
[instruments.block]
type = "esf_active_inclusion"
start = "2015-07"
end = "2016-06"
places_per_year = 375
cost_per_participant = 4000
funding = {{ esf = 0.5, gemeente = 0.5 }}
{targets}
[[instruments]]
name = "retraining"
budget = [0, 1000000]
budget_step = 1000000
[instruments.block]
type = "sectorplan_retraining"
start = "2015-01"
end = "2015-12"
target_sectors = ["zorg", "bouw"]
places_per_year = 200
cost_per_participant = 2700
funding = {{ rijk_szw = 0.5, sector = 0.5 }}
"""
TARGETS = """[instruments.targets]
bijstand = { benefit = ["bijstand"] }
nobody = { benefit = ["ww"], age_min = 15, age_max = 15 }
"""


def tiny_spec(*, total: int = 2_000_000, targets: bool = True, description: str = "") -> str:
    """The spec's text, with the repository's baseline.

    Example:
        >>> "total = 1000000" in tiny_spec(total=1_000_000, targets=False)
        True
    """
    return TEMPLATE.format(baseline=BASELINE.as_posix(), total=total, targets=TARGETS if targets else "", description=description)
