"""Where the shipped scenarios, calibration files and design specs are, in a checkout and in an installed package.

The repository's top-level ``scenarios/``, ``calibration/`` and ``designs/`` folders are the one
source of the scenarios, the targets and the calibrated parameters, and the design specs. A wheel carries a copy of their
TOML files, made when it is built (``setup.py``), as ``participation_model/_shipped/``; a
source checkout (or an editable install) uses the folders themselves. So
``participation-model init DIR`` and ``ParticipationModel()`` find the same files either way.

Example:
    >>> shipped_file("calibration/calibrated/oost-groningen.toml").name
    'oost-groningen.toml'
    >>> sorted(p.name for p in shipped_root().iterdir() if p.name in SHIPPED_FOLDERS)
    ['calibration', 'designs', 'scenarios']
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

#: the folders shipped with the package (their ``*.toml`` files, sub-folders included)
SHIPPED_FOLDERS = ("scenarios", "calibration", "designs")

#: the calibrated parameters every shipped scenario uses, and ``ParticipationModel()`` by default
CALIBRATED = "calibration/calibrated/oost-groningen.toml"


def shipped_root() -> Path:
    """The folder holding ``scenarios/`` and ``calibration/``: the wheel's copy, else the checkout.

    Raises:
        FileNotFoundError: neither is there (a package built without its shipped files).
    """
    for root in (_PACKAGE_DIR / "_shipped", _PACKAGE_DIR.parents[1]):
        if (root / "scenarios" / "baseline.toml").is_file() and (root / CALIBRATED).is_file():
            return root
    raise FileNotFoundError(
        f"the shipped scenarios and calibration files are missing: looked in {_PACKAGE_DIR / '_shipped'} "
        f"and {_PACKAGE_DIR.parents[1]}; reinstall participation-model from a wheel or a source checkout"
    )


def shipped_file(relative: str) -> Path:
    """A shipped file by its path relative to the repository root, e.g. ``scenarios/baseline.toml``."""
    return shipped_root() / relative


def shipped_files() -> list[Path]:
    """Every shipped TOML file, relative to :func:`shipped_root`, in a stable order.

    Example:
        >>> Path("scenarios/baseline.toml") in shipped_files()
        True
    """
    root = shipped_root()
    return sorted(p.relative_to(root) for folder in SHIPPED_FOLDERS for p in (root / folder).rglob("*.toml"))
