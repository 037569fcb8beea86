"""The parameter-uncertainty file: which parameters are uncertain, over what range, and why.

``calibration/parameter-uncertainty.toml`` has one table per parameter of the parameter file::

    ["matching.efficiency"]
    low = 0.192
    high = 0.48
    distribution = "uniform"
    unit = "hires per vacancy per unit of application intensity"
    reason = "hand-tuned to the 2014 tightness; ..."

It is checked against the parameter set (the name exists, the range lies within the
parameter's bounds, low < high) and turned into a SALib problem definition.

Example:
    >>> from pathlib import Path
    >>> u = load_uncertainty(Path(__file__).parents[3] / "calibration" / "parameter-uncertainty.toml")
    >>> problem = u.salib_problem()
    >>> problem["num_vars"] == len(problem["names"]) == len(problem["bounds"])
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from participation_model.numbers import finite_number
from participation_model.params import ParameterSet, load_parameters
from participation_model.tomlfile import read_toml

DISTRIBUTIONS = ("uniform",)


class UncertaintyError(ValueError):
    """The uncertainty file names an unknown parameter or an impossible range."""


@dataclass(frozen=True)
class UncertainParameter:
    name: str
    low: float
    high: float
    distribution: str
    unit: str
    reason: str


@dataclass(frozen=True)
class Uncertainty:
    path: Path
    sha256: str
    parameters: tuple[UncertainParameter, ...]

    def salib_problem(self) -> dict:
        """The SALib problem dict: ``num_vars``, ``names``, ``bounds``."""
        return {
            "num_vars": len(self.parameters),
            "names": [p.name for p in self.parameters],
            "bounds": [[p.low, p.high] for p in self.parameters],
        }


def load_uncertainty(path: str | Path, params: ParameterSet | None = None) -> Uncertainty:
    """Read and check the file; errors name the file, the parameter and what is allowed."""
    file = Path(path)
    raw, digest = read_toml(file, UncertaintyError)
    params = params or load_parameters()
    out = []
    for name, table in raw.items():
        out.append(_check(file, name, table, params))
    if not out:
        raise UncertaintyError(f"{file}: no parameters; allowed: tables named after parameters, e.g. [\"matching.efficiency\"]")
    return Uncertainty(file.resolve(), digest, tuple(out))


def _check(file: Path, name: str, table: dict, params: ParameterSet) -> UncertainParameter:
    if name not in params.specs:
        raise UncertaintyError(f"{file}: key {name!r}: not a parameter; allowed: a name from the parameter file, e.g. 'matching.efficiency'")
    missing = [k for k in ("low", "high", "distribution", "unit", "reason") if k not in table]
    if missing:
        raise UncertaintyError(f"{file}: key {name!r}: missing {', '.join(missing)}")
    spec = params.spec(name)
    low, high = finite_number(table["low"]), finite_number(table["high"])
    if low is None or high is None or not spec.min <= low < high <= spec.max:
        raise UncertaintyError(
            f"{file}: key {name!r}: got low={table['low']!r}, high={table['high']!r}; allowed: finite numbers with {spec.min} <= low < high <= {spec.max} ({spec.unit})"
        )
    if table["distribution"] not in DISTRIBUTIONS:
        raise UncertaintyError(f"{file}: key '{name}.distribution': got {table['distribution']!r}; allowed: {', '.join(DISTRIBUTIONS)}")
    return UncertainParameter(name, float(low), float(high), table["distribution"], str(table["unit"]), str(table["reason"]))
