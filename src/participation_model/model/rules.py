"""Dated national rules (AOW age, WW duration, Wsw closure, dismissal notice), read from ``data/rules``.

Rules change on known dates, and the model must apply each at the date it held: the WW
maximum duration falls from 38 to 24 months between 2016 and 2019 (Wet werk en zekerheid), the
AOW age rises, and the Wsw closes to new entrants in 2015. Each value and date is in the rules
file with its source; this module only looks them up.

Example:
    >>> rules = load_rules()
    >>> rules.ww_max_duration(2015, 12), rules.ww_max_duration(2016, 1), rules.ww_max_duration(2020, 1)
    (38, 37, 24)
"""

from __future__ import annotations

from participation_model.tomlfile import read_toml

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from participation_model.months import month_index, parse_month  # noqa: F401  (re-exported)

DEFAULT_PATH = Path(__file__).parent.parent / "data" / "rules" / "netherlands.toml"


@dataclass(frozen=True)
class Schedule:
    """A value that changes on dates: sorted start months and the values from then on."""

    starts: np.ndarray
    values: np.ndarray

    @classmethod
    def from_table(cls, table: dict[str, float]) -> "Schedule":
        items = sorted((parse_month(k), v) for k, v in table.items())
        return cls(np.array([m for m, _ in items]), np.array([v for _, v in items]))

    def at(self, month: int) -> float:
        i = int(np.searchsorted(self.starts, month, side="right")) - 1
        return float(self.values[max(i, 0)])


@dataclass(frozen=True)
class Rules:
    path: Path
    sha256: str
    aow: Schedule
    ww_max: Schedule
    ww_min_duration: int
    ww_accrual: float
    ww_weeks_condition: int
    wsw_closed_from: int
    bijstand_min_age: int
    notice_tenure_months: np.ndarray  # tenure (months) from which each notice period applies
    notice_months_by_tenure: np.ndarray  # the notice period (months) from that tenure on
    raw: dict = field(repr=False, compare=False)

    def aow_age_months(self, year: int, month: int) -> int:
        """AOW age (in months) in a given month."""
        return int(self.aow.at(month_index(year, month)))

    def ww_max_duration(self, year: int, month: int) -> int:
        """Maximum WW duration (months) in a given month."""
        return int(self.ww_max.at(month_index(year, month)))

    def wsw_open(self, year: int, month: int) -> bool:
        """Whether the Wsw still takes new entrants in a given month."""
        return month_index(year, month) < self.wsw_closed_from

    def ww_entitlement(self, work_years: np.ndarray, year: int, month: int) -> np.ndarray:
        """WW duration in months for persons with ``work_years`` of work history."""
        months = np.floor(work_years * self.ww_accrual)
        return np.clip(months, self.ww_min_duration, self.ww_max_duration(year, month)).astype(np.int16)

    def notice_months(self, tenure_months: np.ndarray) -> np.ndarray:
        """Statutory notice (months) of dismissed employees with ``tenure_months`` with the employer.

        A dismissal does not end the job at once: the worker stays employed for the notice
        period, which grows with tenure (BW 7:672), and may find a job in the meantime.

        Example:
            >>> load_rules().notice_months(np.array([0, 59, 60, 125, 180, 400])).tolist()
            [1, 1, 2, 3, 4, 4]
        """
        step = np.searchsorted(self.notice_tenure_months, tenure_months, side="right") - 1
        return self.notice_months_by_tenure[np.maximum(step, 0)]


def load_rules(path: str | Path | None = None) -> Rules:
    """Read the rules file (the bundled Dutch rules by default)."""
    file = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_toml(file, ValueError, "rules file")
    return Rules(
        path=file.resolve(),
        sha256=digest,
        aow=Schedule.from_table(raw["aow_age"]["schedule"]),
        ww_max=Schedule.from_table(raw["ww_max_duration"]["schedule"]),
        ww_min_duration=int(raw["ww_min_duration"]["value"]),
        ww_accrual=float(raw["ww_accrual"]["value"]),
        ww_weeks_condition=int(raw["ww_weeks_condition"]["value"]),
        wsw_closed_from=parse_month(raw["wsw_closed_from"]["value"]),
        bijstand_min_age=int(raw["bijstand_min_age"]["value"]),
        notice_tenure_months=np.array(raw["dismissal_notice"]["tenure_from_years"], dtype=np.int64) * 12,
        notice_months_by_tenure=np.array(raw["dismissal_notice"]["months"], dtype=np.int16),
        raw=raw,
    )
