"""Reading the output folders the dashboards are made from: manifest, tables, the files to embed.

Every dashboard reads its folder the same way: the manifest (what produced it), each table
from Parquet (column types kept) or else from CSV, and the bytes of the CSV files as they are
in the folder, which the page embeds for download. A folder that lacks a file its kind needs
raises :class:`DashboardError` naming the folder, the file and what the folder should be, so a
user who points the command at the wrong folder learns which one to use.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "noise.csv").write_text("outcome,noise_share\\ny,0.1\\n")
    >>> read_table(folder, "noise", "sensitivity folder")["noise_share"].tolist()
    [0.1]
    >>> csv_bytes(folder, "noise", None)
    b'outcome,noise_share\\ny,0.1\\n'
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from participation_model.reports.dashboard.labels import DashboardError

#: What each kind of folder is, for error messages.
ALLOWED = ("an output folder of participation-model: a run, compare, sensitivity or design folder (with "
           "manifest.json) or a calibration work folder (with fit.csv)")  # fmt: skip


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's ``manifest.json`` as a dict, or None when there is none.

    Raises:
        DashboardError: the manifest is not valid JSON or not an object.

    Example:
        >>> read_manifest(Path("no-such-folder")) is None
        True
    """
    path = folder / "manifest.json"
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DashboardError(f"{path}: not a readable manifest ({exc}); allowed: {ALLOWED}") from exc
    if not isinstance(manifest, dict):
        raise DashboardError(f"{path}: not a manifest (a JSON object); allowed: {ALLOWED}")
    return manifest


def read_table(folder: Path, name: str, what: str, *, required: bool = True) -> pd.DataFrame | None:
    """Table ``name`` of the folder from ``name.parquet``, else ``name.csv``.

    Args:
        folder: the output folder.
        name: the table's file name without suffix, e.g. ``"series"``.
        what: the kind of folder, for the error message (e.g. ``"run folder"``).
        required: raise when the table is missing (else return None).

    Raises:
        DashboardError: a required table is missing or unreadable.
    """
    for suffix, reader in ((".parquet", pd.read_parquet), (".csv", pd.read_csv)):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            try:
                return reader(path)
            except (OSError, ValueError) as exc:
                raise DashboardError(f"{path}: cannot be read ({exc}); the {what} may be damaged, write it again") from exc
    if required:
        raise DashboardError(f"{folder}: not a complete {what}: {name}.parquet or {name}.csv is missing; "
                             f"allowed: {ALLOWED}")  # fmt: skip
    return None


def csv_bytes(folder: Path, name: str, table: pd.DataFrame | None) -> bytes:
    """The bytes of ``name.csv`` in the folder, or ``table`` written as that CSV when the file is missing.

    The download must be the folder's file, byte for byte, so analysts get the full
    precision the command wrote; the fallback only serves folders that kept Parquet alone.
    """
    path = folder / f"{name}.csv"
    if path.is_file():
        return path.read_bytes()
    if table is None:
        return b""
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def scenario_description(folder: Path) -> str:
    """The ``description`` of the scenario file copied into a run folder, or ``""``.

    Example:
        >>> scenario_description(Path("no-such-folder"))
        ''
    """
    path = folder / "scenario.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    description = data.get("description", "")
    return description.strip() if isinstance(description, str) else ""


def repository_root() -> Path:
    """The checkout this package runs from (``src`` layout), where ``calibration/`` lives.

    Example:
        >>> (repository_root() / "pyproject.toml").is_file()
        True
    """
    return Path(__file__).resolve().parents[4]
