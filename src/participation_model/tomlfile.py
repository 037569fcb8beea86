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

from participation_model.numbers import non_finite_keys


#: the largest data file read (the bundled region file is about 100 kB): a bound, so that a
#: device or a mistaken huge file is refused instead of read for ever
MAX_BYTES = 32 * 1024 * 1024


def read_bytes(path: Path, error: type[Exception], what: str = "file") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; ``error`` names the file otherwise.

    A FIFO or a device (``/dev/zero``) is refused before it is opened, so nothing blocks or
    reads without end.
    """
    try:
        if not path.exists():
            raise error(f"{path}: {what} not found")
        if not path.is_file():
            raise error(f"{path}: not a regular file; allowed: a {what} (a TOML text file)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error(f"{path}: {size:,} bytes; allowed: a {what} of at most {MAX_BYTES:,} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None


def parse_toml(data: bytes, path: Path, error: type[Exception], finite: bool = True) -> dict[str, Any]:
    """Parse TOML bytes (UTF-8, a byte-order mark allowed); refuse NaN and infinities by key.

    ``finite=False`` leaves the numbers to a reader that checks each against its own range and
    unit (the drivers file), for a more precise message.
    """
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start}); allowed: a TOML file in UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise error(f"{path}: tables or arrays nested too deeply; allowed: a data file of the documented layout") from None
    try:
        bad = non_finite_keys(raw) if finite else []
    except RecursionError:
        raise error(f"{path}: tables or arrays nested too deeply; allowed: a data file of the documented layout") from None
    if bad:
        key, value = bad[0]
        raise error(f"{path}: key {key!r}: got {value}; allowed: a finite number")
    return raw


def read_toml(path: Path, error: type[Exception], what: str = "file", *, finite: bool = True) -> tuple[dict[str, Any], str]:
    """Parse ``path``; return the table and the sha256 of its bytes, or raise ``error``."""
    data = read_bytes(path, error, what)
    return parse_toml(data, path, error, finite), hashlib.sha256(data).hexdigest()
