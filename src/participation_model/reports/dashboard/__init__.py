"""Static dashboards: one HTML page per output folder, offline, opened by double-click.

:func:`write_dashboard` looks at a folder, decides what it is, and writes ``dashboard.html``
(``dashboard-nl.html`` in Dutch) into it:

- a ``run`` folder (manifest format ``participation-model-output/1``): :mod:`.run`;
- a ``compare`` folder (``participation-model-comparison/1``): :mod:`.compare`;
- a ``sensitivity`` folder (``participation-model-sensitivity/1``): :mod:`.sensitivity`;
- a calibration work folder (``fit.csv``, no manifest): :mod:`.calibration`.

Every page shows where its numbers come from (scenario, version, seeds, date, command),
embeds the tables behind it for download, and is written atomically (the whole page or
nothing). docs/dashboards.md describes the pages.

Example:
    >>> write_dashboard("outputs/sample-run", lang="nl")  # doctest: +SKIP
    PosixPath('outputs/sample-run/dashboard-nl.html')
    >>> import tempfile
    >>> write_dashboard(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation_model.reports.dashboard.labels.DashboardError: ...: not an output folder: it has no manifest.json and no fit.csv; allowed: an output folder of participation-model: a run, compare, sensitivity or design folder (with manifest.json) or a calibration work folder (with fit.csv)
"""

from __future__ import annotations

from pathlib import Path

from participation_model.reports.dashboard.folders import ALLOWED, read_manifest
from participation_model.reports.dashboard.labels import (
    LANGUAGES,
    DashboardError,
    check_language,
    text,
)
from participation_model.reports.blocks import Section
from participation_model.reports.page import write_page

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "DashboardError",
    "Section",
    "dashboard_html",
    "dashboard_kind",
    "dashboard_name",
    "text",
    "write_dashboard",
]

#: Manifest format -> dashboard kind.
FORMATS: dict[str, str] = {
    "participation-model-output/1": "run",
    "participation-model-comparison/1": "compare",
    "participation-model-sensitivity/1": "sensitivity",
    "participation-model-design/1": "design",
}


def dashboard_name(lang: str = "en") -> str:
    """The dashboard's file name: ``dashboard.html``, or ``dashboard-<lang>.html`` for other languages.

    Example:
        >>> dashboard_name(), dashboard_name("nl")
        ('dashboard.html', 'dashboard-nl.html')
    """
    return "dashboard.html" if check_language(lang) == "en" else f"dashboard-{lang}.html"


def dashboard_kind(folder: str | Path) -> str:
    """What kind of folder this is: ``run``, ``compare``, ``sensitivity``, ``design`` or ``calibration``.

    Raises:
        DashboardError: not a folder, an unknown manifest format, or neither manifest nor fit.csv.

    Example:
        >>> dashboard_kind("no-such-folder")
        Traceback (most recent call last):
        ...
        participation_model.reports.dashboard.labels.DashboardError: no-such-folder: no such folder; allowed: an output folder of participation-model: a run, compare, sensitivity or design folder (with manifest.json) or a calibration work folder (with fit.csv)
    """
    path = Path(folder)
    if not path.is_dir():
        raise DashboardError(f"{path}: no such folder; allowed: {ALLOWED}")
    manifest = read_manifest(path)
    if manifest is not None:
        kind = FORMATS.get(str(manifest.get("format")))
        if kind is None:
            raise DashboardError(f"{path / 'manifest.json'}: format {manifest.get('format')!r} has no dashboard; "
                                 f"allowed: {', '.join(FORMATS)}")  # fmt: skip
        return kind
    if (path / "fit.csv").is_file():
        return "calibration"
    raise DashboardError(f"{path}: not an output folder: it has no manifest.json and no fit.csv; allowed: {ALLOWED}")


def dashboard_html(folder: str | Path, lang: str = "en", *, plotlyjs: str | None = None) -> str:
    """The dashboard of ``folder`` as one HTML string (see :func:`write_dashboard`).

    The page loads the folder's shared ``plotly.min.js``, which :func:`write_dashboard` puts next
    to it; ``plotlyjs`` is inlined instead (tests pass ``""`` to keep pages small).
    """
    check_language(lang)
    path = Path(folder)
    kind = dashboard_kind(path)
    if kind == "calibration":
        from participation_model.reports.dashboard.calibration import (
            calibration_dashboard_html,
        )

        return calibration_dashboard_html(path, lang, plotlyjs=plotlyjs)
    manifest = read_manifest(path) or {}
    if kind == "run":
        from participation_model.reports.dashboard.run import run_dashboard_html

        return run_dashboard_html(path, manifest, lang, plotlyjs=plotlyjs)
    if kind == "compare":
        from participation_model.reports.dashboard.compare import compare_dashboard_html

        return compare_dashboard_html(path, manifest, lang, plotlyjs=plotlyjs)
    if kind == "design":
        from participation_model.reports.design import folder_dashboard_html

        return folder_dashboard_html(path, manifest, lang, plotlyjs=plotlyjs)
    from participation_model.reports.dashboard.sensitivity import (
        sensitivity_dashboard_html,
    )

    return sensitivity_dashboard_html(path, manifest, lang, plotlyjs=plotlyjs)


def write_dashboard(folder: str | Path, lang: str = "en") -> Path:
    """Write the folder's dashboard (``dashboard.html``, or ``dashboard-nl.html``) into it, atomically.

    The page is built completely in memory first and then written to a temporary file that
    is renamed into place (:func:`participation_model.reports.page.write_page`), so a failure
    leaves the folder as it was: no partial page, no temporary file. The folder's
    ``plotly.min.js`` is written first when it is missing (the pages of a folder share it).

    Args:
        folder: a run, compare or sensitivity output folder, or a calibration work folder.
        lang: ``"en"`` or ``"nl"``.

    Returns:
        The path of the page.

    Raises:
        DashboardError: an unknown language, or a folder that is not an output folder or
            misses a file its kind needs (the message names the folder and what is allowed).

    Example:
        >>> write_dashboard("outputs/sample-compare")  # doctest: +SKIP
        PosixPath('outputs/sample-compare/dashboard.html')
    """
    name = dashboard_name(lang)
    page = dashboard_html(folder, lang)
    return write_page(Path(folder) / name, page)
