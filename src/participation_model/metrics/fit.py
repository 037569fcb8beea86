"""Compare a run's annual averages with the baseline targets, and its gemeente figures with the region's checks (pure functions).

Example:
    >>> import pandas as pd
    >>> series = pd.DataFrame({"replication": [0, 0], "month": ["2016-01", "2016-02"], "x": [1.0, 3.0]})
    >>> targets = [Target("x", "x", 2016, 2.5, 1.0, "absolute", "%", "test")]
    >>> fit_table(series, targets)[["model", "within"]].values.tolist()
    [[2.0, True]]
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Target:
    name: str
    measure: str
    year: int
    value: float
    tolerance: float
    tolerance_kind: str  # "absolute" or "relative"
    unit: str
    source: str

    def band(self) -> tuple[float, float]:
        width = self.tolerance * abs(self.value) if self.tolerance_kind == "relative" else self.tolerance
        return self.value - width, self.value + width


def load_targets(path: str | Path) -> list[Target]:
    """Read ``[[target]]`` tables from a TOML file."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    targets = []
    for i, t in enumerate(raw.get("target", []), start=1):
        if t.get("tolerance_kind") not in ("absolute", "relative"):
            raise ValueError(f"{path}: target[{i}].tolerance_kind: got {t.get('tolerance_kind')!r}; allowed: 'absolute' or 'relative'")
        targets.append(Target(t["name"], t["measure"], int(t["year"]), float(t["value"]), float(t["tolerance"]), t["tolerance_kind"], t["unit"], t["source"]))
    return targets


def fit_table(series: pd.DataFrame, targets: list[Target]) -> pd.DataFrame:
    """Model value (annual average, mean over replications) against each target."""
    df = series.assign(year=series["month"].str[:4].astype(int))
    rows = []
    for t in targets:
        per_rep = df[df["year"] == t.year].groupby("replication")[t.measure].mean()
        model = float(per_rep.mean())
        lo, hi = t.band()
        rows.append(
            {"target": t.name, "year": t.year, "value": t.value, "band_low": lo, "band_high": hi, "model": model,
             "model_p5": float(per_rep.quantile(0.05)), "model_p95": float(per_rep.quantile(0.95)),
             "within": bool(lo <= model <= hi), "unit": t.unit, "source": t.source}
        )  # fmt: skip
    return pd.DataFrame(rows)


def gemeente_check_table(groups: pd.DataFrame, checks: Sequence[Any]) -> pd.DataFrame:
    """A run's figures of several gemeenten together against the region file's ``[gemeente_checks]``.

    Why a check and not a calibration target: the WW figure of the facts file is a sum of each
    gemeente's own peak in 2014-2015, and the peaks fall in different months, so it bounds the
    model's highest monthly total of those gemeenten from above rather than giving a value to
    fit. ``checks`` are :class:`participation_model.gemeenten.GemeenteCheck` (name, figure,
    gemeenten, value, first_year, last_year, statistic); ``groups`` a run's groups table.

    Example:
        >>> from types import SimpleNamespace
        >>> groups = pd.DataFrame({"replication": 0, "month": ["2014-01", "2014-01", "2014-02", "2014-02"],
        ...     "dimension": "gemeente", "group": ["A", "B", "A", "B"], "ww": [10.0, 5.0, 12.0, 6.0]})
        >>> check = SimpleNamespace(name="peaks", figure="ww", gemeenten=("A", "B"), value=20.0, first_year=2014,
        ...                         last_year=2014, statistic="highest_month_at_most", unit="persons", source="s")
        >>> gemeente_check_table(groups, [check])[["check", "model", "within"]].values.tolist()
        [['peaks', 18.0, True]]
    """
    rows = []
    table = groups[groups["dimension"] == "gemeente"]
    years = table["month"].str[:4].astype(int)
    for check in checks:
        own = table[table["group"].isin(check.gemeenten) & years.between(check.first_year, check.last_year)]
        per_rep = own.groupby(["replication", "month"])[check.figure].sum().groupby("replication").max()
        model = float(per_rep.mean()) if len(per_rep) else float("nan")
        rows.append({
            "check": check.name, "figure": check.figure, "gemeenten": ", ".join(check.gemeenten),
            "years": f"{check.first_year}-{check.last_year}", "statistic": check.statistic, "value": check.value,
            "model": model, "model_p5": float(per_rep.quantile(0.05)) if len(per_rep) else float("nan"),
            "model_p95": float(per_rep.quantile(0.95)) if len(per_rep) else float("nan"),
            "within": bool(model <= check.value) if len(per_rep) else False, "unit": check.unit, "source": check.source,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["check", "figure", "gemeenten", "years", "statistic", "value", "model", "model_p5",
                                       "model_p95", "within", "unit", "source"])  # fmt: skip
