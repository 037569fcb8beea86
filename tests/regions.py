"""Region files for tests: the bundled region with more course seats.

Course seats bind (model/providers.py): a programme cannot enrol more persons than the
providers' intakes hold. Tests that need many trained persons at a small scale (effect curves,
vacancies filled by the trained) use a copy of the bundled region file whose seats per intake
are ``factor`` times the original, so the programme's places, not the seats, limit them.

Example:
    >>> from participation_model.region import load_region
    >>> path = many_seats_region(10)
    >>> load_region(path).figure("training")["courses"][0]["seats_per_intake"] % 10
    0
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

from participation_model.region import resolve_region_path


@cache
def many_seats_region(factor: int = 100) -> str:
    """Path of a copy of the bundled region file with ``factor`` times the course seats per intake."""
    text = resolve_region_path("oost-groningen").read_text(encoding="utf-8")
    more = re.sub(r"seats_per_intake = (\d+)", lambda m: f"seats_per_intake = {int(m.group(1)) * factor}", text)
    folder = Path(tempfile.mkdtemp(prefix="region-many-seats-"))
    path = folder / "oost-groningen-many-seats.toml"
    path.write_text(more, encoding="utf-8")
    return str(path)
