"""One copy of plotly.js per output folder: ``plotly.min.js`` next to the pages, shared by all of them.

A folder holds several pages (a run folder its overview and dashboards, a calibration work
folder its fit report, plausibility report and dashboard, a sensitivity folder its report and
dashboard). Each page loads plotly.js with ``<script src="plotly.min.js">``: a relative
address, which the browser resolves next to the page, from ``file://`` and offline as well, so
the 4.6 MB library is on disk once per folder instead of once per page. The file is the
installed plotly's own bundle, written by :func:`share_plotly` before the first page that needs
it (:func:`participation_model.reports.page.write_page` calls it), so a page never points at a
missing file; a later page finds the same bytes in place and leaves them.

A page copied away from its folder without ``plotly.min.js`` shows a note saying so
(:data:`MISSING`) instead of empty charts.

Example:
    >>> plotly_tag() == SHARED_TAG, plotly_tag("")
    (True, '<script type="text/javascript"></script>')
"""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

#: The shared file's name, next to the pages.
PLOTLY_FILE = "plotly.min.js"

#: How a page of the kit loads the shared file.
SHARED_TAG = f'<script src="{PLOTLY_FILE}" charset="utf-8"></script>'

#: What a page says when the shared file did not load (the page was copied without it), by language.
MISSING: dict[str, str] = {
    "en": f"The charts need the file {PLOTLY_FILE}, which is written next to this page: keep the two together "
          "(copy the whole folder).",
    "nl": f"De grafieken hebben het bestand {PLOTLY_FILE} nodig, dat naast deze pagina staat: houd de twee bij "
          "elkaar (kopieer de hele map).",
}  # fmt: skip


@functools.cache
def plotly_bundle() -> bytes:
    """The installed plotly's plotly.js bundle (read once per process: it is 4.6 MB).

    Example:
        >>> b"plotly.js v" in plotly_bundle()[:200]
        True
    """
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


def plotly_tag(plotlyjs: str | None = None) -> str:
    """The page's plotly.js: the shared file (``None``), or ``plotlyjs`` inlined (tests pass ``""``).

    Example:
        >>> plotly_tag()
        '<script src="plotly.min.js" charset="utf-8"></script>'
    """
    return SHARED_TAG if plotlyjs is None else f'<script type="text/javascript">{plotlyjs}</script>'


def uses_shared_plotly(page: str) -> bool:
    """Whether ``page`` loads the folder's shared plotly.js (so the file must be written next to it).

    Example:
        >>> uses_shared_plotly(f"<head>{SHARED_TAG}</head>"), uses_shared_plotly("<p>no charts</p>")
        (True, False)
    """
    return SHARED_TAG in page


def share_plotly(folder: str | Path) -> Path:
    """Make sure ``folder`` holds ``plotly.min.js`` with the installed plotly's bundle; return its path.

    A file with the same bytes is left alone (its time and the manifest's sha256 stay); a
    missing or different one (a folder from another plotly version) is written atomically, so
    every page of the folder draws with the plotly.js its charts were made for.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> share_plotly(folder).name, share_plotly(folder).stat().st_size == len(plotly_bundle())
        ('plotly.min.js', True)
    """
    path = Path(folder) / PLOTLY_FILE
    bundle = plotly_bundle()
    if path.is_file() and path.stat().st_size == len(bundle) and path.read_bytes() == bundle:
        return path
    write_atomically(path, bundle)
    return path


def write_atomically(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path``: the whole file or, on any error, nothing new.

    The temporary file is created with the umask's usual permissions (not a temp file's
    owner-only ones), synced, then renamed over the target; on failure it is removed.

    Example:
        >>> import tempfile
        >>> p = write_atomically(Path(tempfile.mkdtemp()) / "a" / "x.txt", b"hi")
        >>> p.read_bytes(), [f.name for f in p.parent.iterdir()]
        (b'hi', ['x.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
