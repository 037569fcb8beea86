"""Write the output folder of one run, atomically.

A run can take minutes; a folder that holds half of its files, or the tables of one run next
to the manifest of another, is worse than no folder. So everything is written into a hidden
sibling folder ``.<name>.partial-<pid>`` and renamed into place only when complete. An older
folder of the same name is replaced only at that moment, and only if it looks like an earlier
output folder (it has a ``manifest.json``) or is empty, so a mistyped ``--out`` never wipes
unrelated files. On any failure the partial folder is removed and the old folder stays.

Files (``docs/outputs.md`` describes every column):

- ``manifest.json``: what was run, with which inputs, code and environment, and the sha256
  of every other file in the folder.
- ``scenario.toml``: byte copy of the scenario file (absent for a run without a file).
- ``series``, ``groups``, ``sectors`` as ``.parquet`` and ``.csv``: the monthly tables of all
  replications, with a leading ``replication`` column.
- ``summary.csv`` and ``summary_groups.csv``: annual values, mean and 5/50/95% across
  replications (:mod:`participation_model.metrics.summary`).
- ``drivers.csv``: the national conditions the run was driven by, one row per simulated year
  (the scenario's ``[economy]`` path with its edits; :func:`drivers_table`). Absent for a run
  without an economy (a stand-in result in tests).
- ``overview.html``: the plotly overview page (:mod:`participation_model.reports.overview`), and
  ``plotly.min.js``, the plotly.js it loads, shared with the folder's dashboards.

Example:
    >>> from participation_model.experiments.runner import run_scenario  # doctest: +SKIP
    >>> folder = write_run_output(run_scenario(scenario), "outputs/baseline")  # doctest: +SKIP
    >>> sorted(folder.files)[:2]  # doctest: +SKIP
    ['groups.csv', 'groups.parquet']
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import tempfile
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from participation_model.metrics.summary import summarise_groups, summarise_series
from participation_model.reports.overview import write_overview

if TYPE_CHECKING:
    from participation_model.experiments.runner import RunResult

#: Identifies the layout of the folder; bump when files or manifest keys change meaning.
OUTPUT_FORMAT = "participation-model-output/1"

#: The monthly tables written as Parquet and CSV, by file stem.
TABLES: tuple[str, ...] = ("series", "groups", "sectors", "interventions")  # interventions only when the scenario has them

#: The national drivers of a run (or a comparison), one row per simulated year.
DRIVERS_FILE = "drivers.csv"

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_DISTRIBUTION = "participation-model"
_ENVIRONMENT_PACKAGES = ("numpy", "pandas", "pyarrow", "mesa", "plotly", "pydantic", "scipy")
_CHUNK = 1 << 20


class OutputError(Exception):
    """The output folder cannot be written where asked; the message says how to fix it."""


@dataclass(frozen=True)
class OutputFolder:
    """What :func:`write_run_output` wrote.

    Attributes:
        path: the finished folder.
        files: names of the files in it, manifest.json last.
        summary: the annual summary (same content as summary.csv), for printing headlines.
        warnings: anything the reader should know, also recorded in the manifest.
    """

    path: Path
    files: tuple[str, ...]
    summary: pd.DataFrame
    warnings: tuple[str, ...]


def package_version() -> str:
    """Installed version of participation-model, else ``participation_model.__version__``.

    Running from a source checkout without ``pip install`` leaves no package metadata; the
    fallback keeps manifests informative there.

    Example:
        >>> package_version()  # doctest: +SKIP
        '0.1.0'
    """
    try:
        return importlib.metadata.version(_DISTRIBUTION)
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


#: what each command writes, as its manifest's ``format`` says (a folder is replaced only by its own kind)
COMPARE_FORMAT = "participation-model-comparison/1"
SENSITIVITY_FORMAT = "participation-model-sensitivity/1"
BATCH_FORMAT = "participation-model-batch/1"
FOLDER_KINDS = {OUTPUT_FORMAT: "run", COMPARE_FORMAT: "compare", SENSITIVITY_FORMAT: "sensitivity", BATCH_FORMAT: "batch"}
_MANIFEST_MAX_BYTES = 16 * 1024 * 1024


def folder_format(folder: Path) -> str | None:
    """The ``format`` of ``folder/manifest.json`` when it is one of ours, else None.

    A manifest that is not a regular file, too large, not JSON or without our format counts as
    none: the folder is then not known to be ours.
    """
    path = folder / "manifest.json"
    try:
        if not path.is_file() or path.stat().st_size > _MANIFEST_MAX_BYTES:
            return None
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = manifest.get("format") if isinstance(manifest, dict) else None
    return found if found in FOLDER_KINDS else None


def _check_writable(target: Path) -> None:
    """The folder can be created (or replaced) there: its nearest existing ancestor is a folder we may write in."""
    ancestor = target.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"cannot write results to {target}: {ancestor} is a file, not a folder; choose another output folder")
    try:  # a real attempt: permissions, read-only and special file systems (/proc) all answer it
        os.rmdir(tempfile.mkdtemp(prefix=".probe-", dir=ancestor))
    except OSError as error:
        raise OutputError(f"cannot write results to {target}: cannot create a folder in {ancestor} ({error.strerror}); choose another output folder") from None
    if target.is_dir() and not os.access(target, os.R_OK | os.W_OK | os.X_OK):
        raise OutputError(f"cannot replace {target}: no permission to read and write it; choose another output folder")


def check_output_target(out_dir: str | Path, kind: str = OUTPUT_FORMAT) -> Path:
    """Fail early if ``out_dir`` cannot be (re)placed by an output folder of ``kind``; return it absolute.

    Allowed: a path that does not exist yet, an empty folder, or an earlier output folder of
    the same kind (its ``manifest.json`` says so: a run folder is replaced only by a run, a
    comparison only by a comparison). Refused: an empty path, the current folder or one of its
    parents (replacing it would delete everything in it), a file, a folder of another kind or
    another program, and a folder with other contents. Call it before a long run, not only after.

    Example:
        >>> check_output_target("/tmp/does-not-exist-yet/baseline")
        PosixPath('/tmp/does-not-exist-yet/baseline')
    """
    if not str(out_dir).strip():
        raise OutputError("the output folder is an empty path; give a folder path, e.g. --out outputs/my-run")
    target = Path(out_dir).absolute()
    here = Path.cwd().resolve()
    if target.resolve() == here or target.resolve() in here.parents:
        raise OutputError(
            f"refusing to write results to {target}: it is the current folder or one of its parents, "
            "and an output folder is replaced as a whole; choose a folder inside it, e.g. outputs/<name>"
        )
    if not target.name or target.name in (".", ".."):
        raise OutputError(f"output folder {str(out_dir)!r} has no name; give a folder path")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(
            f"cannot write results to {target}: it exists and is not a folder; "
            "choose another output folder"
        )
    _check_writable(target)
    if target.is_dir() and any(target.iterdir()):
        found = folder_format(target)
        if found is None:
            raise OutputError(
                f"refusing to replace {target}: it holds files but no manifest.json of participation-model, "
                "so it is not an earlier output folder of this program; choose another output folder or empty it"
            )
        if found != kind:
            raise OutputError(
                f"refusing to replace {target}: it is a {FOLDER_KINDS[found]} folder of participation-model "
                f"(manifest format {found}), and this command writes a {FOLDER_KINDS[kind]} folder; "
                "choose another output folder"
            )
    return target


def output_tables(result: RunResult) -> dict[str, pd.DataFrame]:
    """The run's series, groups and sectors tables, each with ``replication`` first.

    Example:
        >>> list(output_tables(result))  # doctest: +SKIP
        ['series', 'groups', 'sectors']
    """
    tables = {"series": result.series(), "groups": result.groups(), "sectors": result.sectors()}
    interventions = getattr(result, "interventions", None)
    if interventions is not None and getattr(result.scenario, "interventions", ()):
        tables["interventions"] = interventions()
    for name, table in tables.items():
        if "replication" not in table.columns:
            raise OutputError(f"the {name} table of the run has no 'replication' column")
        order = ["replication", *(c for c in table.columns if c != "replication")]
        tables[name] = table[order].reset_index(drop=True)
    return tables


def drivers_table(scenario: Any) -> pd.DataFrame | None:
    """The national drivers of ``scenario`` for the years it simulates, or None without an economy.

    One row per calendar year from the first to the last simulated month: ``year``, one column
    per national series of the drivers file (after the scenario's ``[economy]`` edits; units in
    docs/outputs.md) and ``basis`` ("observed", "projected" or "held").

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> table = drivers_table(scenario_from_dict({"name": "x", "start": "2015-07", "end": "2017-06"}))
        >>> table["year"].tolist(), table.columns[0], table.columns[-1]
        ([2015, 2016, 2017], 'year', 'basis')
        >>> drivers_table(object()) is None
        True
    """
    economy = getattr(scenario, "economy", None)
    if economy is None or not hasattr(economy, "driver_path"):
        return None
    first, last = int(str(scenario.start)[:4]), int(str(scenario.end)[:4])
    return economy.driver_path().annual(first, last)


def write_run_output(
    result: RunResult,
    out_dir: str | Path,
    *,
    command_line: Sequence[str] | None = None,
    created: datetime | None = None,
) -> OutputFolder:
    """Write the full output folder of ``result`` to ``out_dir``, atomically.

    Args:
        result: the finished run.
        out_dir: the folder to create or replace (see :func:`check_output_target`).
        command_line: recorded in the manifest; defaults to ``sys.argv``.
        created: creation time (UTC); defaults to now.

    Returns:
        An :class:`OutputFolder` describing the finished folder.

    Raises:
        OutputError: ``out_dir`` exists and may not be replaced.
        OSError: writing failed; nothing is left behind and an older folder is kept.

    Example:
        >>> folder = write_run_output(result, "outputs/baseline")  # doctest: +SKIP
        >>> folder.path.name  # doctest: +SKIP
        'baseline'
    """
    created = created or datetime.now(timezone.utc)
    command = list(sys.argv if command_line is None else command_line)
    version = package_version()
    warnings: list[str] = []
    with _atomic_folder(out_dir) as (partial, target):
        written: list[str] = []
        copied = _copy_scenario(result, partial, warnings)
        if copied:
            written.append(copied)
        tables = output_tables(result)
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet", engine="pyarrow", index=False)
            table.to_csv(partial / f"{name}.csv", index=False, lineterminator="\n")
            written += [f"{name}.parquet", f"{name}.csv"]
        summary = summarise_series(tables["series"])
        summary.to_csv(partial / "summary.csv", index=False, lineterminator="\n")
        summarise_groups(tables["groups"]).to_csv(
            partial / "summary_groups.csv", index=False, lineterminator="\n"
        )
        written += ["summary.csv", "summary_groups.csv"]
        drivers = drivers_table(result.scenario)
        if drivers is not None:
            drivers.to_csv(partial / DRIVERS_FILE, index=False, lineterminator="\n")
            written.append(DRIVERS_FILE)
        write_overview(
            partial / "overview.html", result, summary=summary, version=version, created=created
        )
        written += ["overview.html", "plotly.min.js"]  # the page loads plotly.js from the file next to it
        manifest = build_manifest(
            result,
            files={name: partial / name for name in written},
            version=version,
            command_line=command,
            created=created,
            warnings=warnings,
        )
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (partial / "manifest.json").write_text(text, encoding="utf-8", newline="\n")
        written.append("manifest.json")
    return OutputFolder(target, tuple(written), summary, tuple(warnings))


def build_manifest(
    result: RunResult,
    *,
    files: dict[str, Path],
    version: str,
    command_line: Sequence[str],
    created: datetime,
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """The manifest of a run as a JSON-ready dict (see ``docs/outputs.md``).

    Example:
        >>> build_manifest(result, files={}, version="0.1.0", command_line=[],
        ...                created=datetime.now(timezone.utc))["format"]  # doctest: +SKIP
        'participation-model-output/1'
    """
    scenario = result.scenario
    return {
        "format": OUTPUT_FORMAT,
        "created_utc": created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "package": {"name": _DISTRIBUTION, "version": version, "git": git_state()},
        "command_line": list(command_line),
        "scenario": {
            "name": scenario.name,
            "path": _path_text(scenario.source_path),
            "sha256": scenario.sha256,
            "start": scenario.start,
            "end": scenario.end,
            "warm_up_from": scenario.warm_up_from,
            "seed": scenario.seed,
            "replications": scenario.replications,
            "scale": scenario.scale,
            "overrides": _plain(getattr(scenario, "overrides", None)),
        },
        "region": {
            "name": result.region.name,
            "path": _path_text(result.region.path),
            "sha256": result.region.sha256,
        },
        "drivers": {
            "name": getattr(getattr(scenario, "economy", None), "drivers", None),
            "path": _path_text(getattr(getattr(scenario, "economy", None), "drivers_path", None)),
            "sha256": getattr(getattr(scenario, "economy", None), "drivers_sha256", None),
        },
        "parameters": {
            "path": _path_text(result.parameters.path),
            "sha256": result.parameters.sha256,
            "overrides": _plain(getattr(scenario, "parameters", None)),
            "calibration": {
                "path": _path_text(getattr(scenario, "calibration", None)),
                "sha256": getattr(scenario, "calibration_sha256", None),
                "values": _plain(getattr(scenario, "calibration_values", None)),
            },
        },
        "rules": _data_file(getattr(result, "rules", None)),
        "environment": environment(),
        "replications": [
            {"replication": rep.replication, "seed": rep.seed, "seconds": round(rep.seconds, 3)}
            for rep in result.replications
        ],
        "seconds_total": round(result.seconds, 3),
        "files": [
            {"name": name, "sha256": sha256_file(path), "bytes": path.stat().st_size}
            for name, path in files.items()
        ],
        "warnings": list(warnings),
    }


@contextmanager
def _atomic_folder(out_dir: str | Path, kind: str = OUTPUT_FORMAT) -> Iterator[tuple[Path, Path]]:
    """Yield ``(partial, target)``; move ``partial`` to ``target`` of ``kind`` when the block succeeds."""
    target = check_output_target(out_dir, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{os.getpid()}"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir()
    try:
        yield partial, target
        _replace_folder(partial, target, kind)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _replace_folder(partial: Path, target: Path, kind: str) -> None:
    """Rename ``partial`` to ``target``, swapping out an older ``target`` only at the end."""
    check_output_target(target, kind)
    if not target.exists():
        partial.rename(target)
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    target.rename(old)
    try:
        partial.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _copy_scenario(result: RunResult, folder: Path, warnings: list[str]) -> str | None:
    """Copy the scenario file byte for byte; warn if it changed since it was loaded."""
    source = result.scenario.source_path
    if source is None:
        return None
    destination = folder / "scenario.toml"
    shutil.copyfile(source, destination)
    loaded = result.scenario.sha256
    if loaded and sha256_file(destination) != loaded:
        warnings.append(
            f"scenario file {source} changed after it was loaded: scenario.toml is the current "
            f"file, not the one that was run (sha256 at load time: {loaded})"
        )
    return destination.name


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


def _data_file(data: Any) -> dict[str, str | None] | None:
    """Path and sha256 of a loaded data file (e.g. the rules), or None when the run has none."""
    if data is None:
        return None
    return {"path": _path_text(getattr(data, "path", None)), "sha256": getattr(data, "sha256", None)}


def _plain(mapping: Any) -> dict[str, Any]:
    """A scenario's read-only table as a plain dict for JSON (empty when absent)."""
    return {str(key): value for key, value in (mapping or {}).items()}


def _path_text(path: str | Path | None) -> str | None:
    """Absolute path as text for the manifest, or None."""
    return None if path is None else str(Path(path).absolute())
