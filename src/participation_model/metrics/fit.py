"""Compare a run's annual averages with the baseline targets (pure functions).

Example:
    >>> import pandas as pd
    >>> series = pd.DataFrame({"replication": [0, 0], "month": ["2016-01", "2016-02"], "x": [1.0, 3.0]})
    >>> targets = [Target("x", "x", 2016, 2.5, 1.0, "absolute", "%", "test")]
    >>> fit_table(series, targets)[["model", "within"]].values.tolist()
    [[2.0, True]]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

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
