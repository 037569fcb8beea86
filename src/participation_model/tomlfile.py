"""Reading the project's TOML data files with errors that name the file.

Region, parameter, rule, uncertainty and target files are all read the same way: the file
must exist and parse, and its sha256 goes into manifests. Each caller passes its own error
class, so users get that module's error type.

Example:
    >>> from pathlib import Path
    >>> read_toml(Path("no-such-file.toml"), ValueError, "region file")
    Traceback (most recent call last):
    ...
    ValueError: no-such-file.toml: region file not found
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: Path, error: type[Exception], what: str = "file") -> tuple[dict[str, Any], str]:
    """Parse ``path``; return the table and the sha256 of its bytes, or raise ``error``."""
    if not path.exists():
        raise error(f"{path}: {what} not found")
    data = path.read_bytes()
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc
    return raw, hashlib.sha256(data).hexdigest()
