"""The resume log of a long search: ``evaluations.jsonl``, one line per finished evaluation.

The calibration, the parameter ensemble and a package design evaluate many points, each over
the same seeds, for minutes to hours. Each finished point is appended as one JSON line at once,
so an interruption loses at most the points in flight; the first line holds a fingerprint of
everything the evaluations depend on, so a log of another setup is refused instead of reused.
A line cut short by an interruption ends the log: that point is evaluated again.

Example:
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "evaluations.jsonl"
    >>> ResumeLog(path, "abc", resume=False, refused=ValueError).append({"x": 1})
    >>> ResumeLog(path, "abc", resume=True, refused=ValueError).rows
    [{'x': 1}]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


class ResumeLog:
    """``evaluations.jsonl``: a fingerprint line, then every finished evaluation as a JSON row.

    ``resume`` reads the rows of an existing log (``rows``) after checking its fingerprint;
    without it the log starts afresh. ``refused(message)`` is the exception raised for a log
    of another setup.
    """

    def __init__(self, path: Path, fingerprint: str, resume: bool, *, refused: Callable[[str], Exception], what: str = "setup") -> None:
        self.path = path
        self.rows: list[dict[str, Any]] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.exists() and resume):
            path.write_text(json.dumps({"fingerprint": fingerprint}) + "\n", encoding="utf-8")
            return
        lines = path.read_text(encoding="utf-8").splitlines()
        head = json.loads(lines[0]) if lines else {}
        if head.get("fingerprint") != fingerprint:
            raise refused(f"{path}: evaluations of another {what}; allowed: run without --resume to start afresh")
        for line in lines[1:]:
            try:
                self.rows.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a line cut short by an interruption: evaluated again

    def append(self, row: dict[str, Any]) -> None:
        """Append one finished evaluation (written at once)."""
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
