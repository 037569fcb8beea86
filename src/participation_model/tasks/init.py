"""The ``init`` task: a working folder with the shipped scenarios, calibration files and design specs.

An installed package has no checkout to run ``scenarios/baseline.toml`` from. ``init DIR``
copies the shipped ``scenarios/``, ``calibration/`` and ``designs/`` TOML files (:mod:`participation_model.shipped`)
into ``DIR`` with their relative layout, so the scenarios' ``calibration = "../calibration/..."``
keys and the calibrated files' ``targets_file`` keep pointing at each other. It never
overwrites: a file that exists already is an input problem, found before anything is copied,
and the copy goes through a hidden folder that is moved into place only when complete.

Example:
    >>> planned = prepare("/tmp/my-participation-work")  # doctest: +SKIP
    >>> perform(planned)[:2]                             # doctest: +SKIP
    [PosixPath('calibration/calibrated/oost-groningen-2008-2014.toml'), PosixPath('calibration/calibrated/oost-groningen.toml')]
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from participation_model.shipped import SHIPPED_FOLDERS, shipped_files, shipped_root
from participation_model.tasks.common import TaskInputError


@dataclass(frozen=True)
class PreparedInit:
    """A checked ``init``: the target folder and the files to copy there (relative paths)."""

    target: Path
    files: tuple[Path, ...]


def prepare(directory: str | Path) -> PreparedInit:
    """Check that ``directory`` can take the shipped files without overwriting any; raises TaskInputError.

    Allowed: a folder that does not exist yet, or one without ``scenarios/``, ``calibration/`` and
    ``designs/`` (other files may be there).
    """
    if not str(directory).strip():
        raise TaskInputError("init: the folder is an empty path; give a folder path, e.g. participation-work")
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise TaskInputError(f"init {target}: it exists and is not a folder; allowed: a new folder or a folder without {' and '.join(f + '/' for f in SHIPPED_FOLDERS)}")
    taken = [folder for folder in SHIPPED_FOLDERS if (target / folder).exists()]
    if taken:
        raise TaskInputError(f"init {target}: {taken[0]}/ exists there already and is not overwritten; allowed: a new folder or a folder without {' and '.join(f + '/' for f in SHIPPED_FOLDERS)}")
    try:
        files = tuple(shipped_files())
    except FileNotFoundError as error:
        raise TaskInputError(str(error)) from None
    return PreparedInit(target, files)


def perform(prepared: PreparedInit) -> list[Path]:
    """Copy the files through a hidden folder, then move each shipped folder into place; return the relative paths."""
    root, target = shipped_root(), prepared.target
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f".init.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        for relative in prepared.files:
            (partial / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / relative, partial / relative)
        for folder in SHIPPED_FOLDERS:
            (partial / folder).rename(target / folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return list(prepared.files)
