"""Provenance facts: which code, which files, which environment produced a result.

Manifests (written by :mod:`participation_model.tasks`), the executors' check that every
worker runs the same code (:mod:`participation_model.experiments.executors`) and the
calibration's model fingerprint all ask the same questions: the package version, the sha256
of a file, the git commit of the checkout and the library versions. They live here, below
everything that writes folders, so any layer may ask them.

Example:
    >>> sorted(environment())[:3]
    ['mesa', 'numpy', 'pandas']
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
DISTRIBUTION = "participation-model"
_ENVIRONMENT_PACKAGES = ("numpy", "pandas", "pyarrow", "mesa", "plotly", "pydantic", "scipy")
_CHUNK = 1 << 20


def package_version() -> str:
    """Installed version of participation-model, else ``participation_model.__version__``.

    Running from a source checkout without ``pip install`` leaves no package metadata; the
    fallback keeps manifests informative there.

    Example:
        >>> package_version()  # doctest: +SKIP
        '0.1.0'
    """
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        import participation_model

        return str(getattr(participation_model, "__version__", "unknown"))
    except ImportError:
        return "unknown"


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes, read in chunks.

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile(delete=False) as handle:
        ...     _ = handle.write(b"abc")
        >>> sha256_file(handle.name)[:12]
        'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def git_state(path: str | Path = _PACKAGE_DIR) -> dict[str, Any] | None:
    """Commit and dirty flag of the git checkout that holds the package, or None.

    None when git is not installed, ``path`` is not in a repository, the repository has no
    commit yet, or the package files are not tracked there (e.g. an installed copy inside an
    ignored virtualenv). ``dirty`` is true when files under the package directory differ
    from the commit, including new untracked files: those change what runs.

    Example:
        >>> git_state("/")  # doctest: +SKIP
    """
    try:
        top = _git(path, "rev-parse", "--show-toplevel")
        commit = _git(path, "rev-parse", "--verify", "HEAD")
        if not _git(path, "ls-files", "--", "."):
            return None
        status = _git(path, "status", "--porcelain", "--untracked-files=normal", "--", ".")
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(status), "repository": top}


def environment() -> dict[str, str | None]:
    """Python, library versions and platform: what a rerun needs to match.

    Example:
        >>> sorted(environment())[:3]
        ['mesa', 'numpy', 'pandas']
    """
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in _ENVIRONMENT_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    versions["platform"] = platform.platform()
    return dict(sorted(versions.items()))


def _git(path: str | Path, *args: str) -> str:
    """Run one git command in ``path`` and return its stripped stdout; raise on failure."""
    completed = subprocess.run(
        ["git", *args],
        cwd=path,
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
    )
    return completed.stdout.strip()

