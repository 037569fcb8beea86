"""Output folders that are written whole or not at all, and only where they may be.

A task can take minutes; a folder that holds half of its files, or the tables of one run next
to the manifest of another, is worse than no folder. So every task writes into a hidden
sibling folder ``.<name>.partial-<pid>`` (:func:`atomic_folder`) and renames it into place
only when complete. An older folder of the same name is replaced only at that moment, and only
if its ``manifest.json`` says it is an earlier folder of the same kind (a run folder is replaced
only by a run) or it is empty, so a mistyped ``--out`` never wipes unrelated files. On any
failure the partial folder is removed and the old folder stays. :func:`check_output_target`
asks the same question before a long run starts.

Example:
    >>> check_output_target("/tmp/does-not-exist-yet/baseline")
    PosixPath('/tmp/does-not-exist-yet/baseline')
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Identifies the layout of a run folder; bump when files or manifest keys change meaning.
OUTPUT_FORMAT = "participation-model-output/1"


#: what each task writes, as its manifest's ``format`` says (a folder is replaced only by its own kind)
COMPARE_FORMAT = "participation-model-comparison/1"
SENSITIVITY_FORMAT = "participation-model-sensitivity/1"
BATCH_FORMAT = "participation-model-batch/1"
DESIGN_FORMAT = "participation-model-design/1"
FOLDER_KINDS = {OUTPUT_FORMAT: "run", COMPARE_FORMAT: "compare", SENSITIVITY_FORMAT: "sensitivity", BATCH_FORMAT: "batch", DESIGN_FORMAT: "design"}
_MANIFEST_MAX_BYTES = 16 * 1024 * 1024


class OutputError(Exception):
    """The output folder cannot be written where asked; the message says how to fix it."""


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


@contextmanager
def atomic_folder(out_dir: str | Path, kind: str = OUTPUT_FORMAT) -> Iterator[tuple[Path, Path]]:
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


def data_file(data: Any) -> dict[str, str | None] | None:
    """Path and sha256 of a loaded data file (e.g. the rules), or None when the run has none."""
    if data is None:
        return None
    return {"path": path_text(getattr(data, "path", None)), "sha256": getattr(data, "sha256", None)}


def plain(mapping: Any) -> dict[str, Any]:
    """A scenario's read-only table as a plain dict for JSON (empty when absent)."""
    return {str(key): value for key, value in (mapping or {}).items()}


def path_text(path: str | Path | None) -> str | None:
    """Absolute path as text for the manifest, or None."""
    return None if path is None else str(Path(path).absolute())

