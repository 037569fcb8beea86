"""Problems and the error that carries them: how a scenario's mistakes are told to its author.

A check never stops at the first mistake: it appends a ``Problem`` (dotted key, value found,
what is allowed) to a list, and the reader raises one ``ScenarioError`` with all of them, so
an analyst fixes a file in one go. The small helpers here phrase values, lists and "did you
mean ...?" suggestions the same way in every message, and report the keys of a table that
are unknown or a value that should have been a table.

Example:
    >>> problems: list[Problem] = []
    >>> _check_unknown_keys({"sead": 1}, ("seed", "scale"), "", problems)
    >>> print(ScenarioError("x.toml", problems))
    x.toml: key 'sead': got 1; allowed: the keys at the top level: 'seed' or 'scale'; 'sead' is not a known key; did you mean 'seed'?
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class _Missing:
    """Marker for a key that is absent; shows as 'nothing' in messages."""

    def __repr__(self) -> str:
        return "nothing"

    def __reduce__(self) -> str:
        return "MISSING"  # unpickle to the same module-level marker


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, rendered as one line of a ``ScenarioError``.

    Attributes:
        key: dotted key such as ``"economy.sector_trend.zorg"``, or None for problems with the
            file itself (missing file, TOML syntax).
        value: the value found (``MISSING`` when the key is absent).
        message: extra explanation or a suggestion such as "did you mean 'seed'?".
        allowed: what would have been accepted, in words.
        line: line number in the file, for TOML syntax errors.

    Example:
        >>> Problem("replications", -3, "", "a whole number from 1 to 10000").render("x.toml")
        "x.toml: key 'replications': got -3; allowed: a whole number from 1 to 10000"
    """

    key: str | None
    value: Any
    message: str
    allowed: str
    line: int | None = None

    def render(self, file: str) -> str:
        """Return the one-line message for this problem, prefixed with ``file``."""
        if self.key is None:
            where = f"{file}: line {self.line}" if self.line is not None else file
            text = f"{where}: {self.message}"
            return f"{text}; allowed: {self.allowed}" if self.allowed else text
        text = f"{file}: key '{self.key}': got {_show(self.value)}; allowed: {self.allowed}"
        return f"{text}; {self.message}" if self.message else text


class ScenarioError(Exception):
    """A scenario that cannot be run, with every problem found in it.

    ``str(error)`` has one line per problem, so a user can fix all of them in one go.

    Attributes:
        file: the file as the user named it (or "command line" for flag overrides).
        problems: the list of ``Problem`` objects, in the order they were found.

    Example:
        >>> err = ScenarioError("x.toml", [Problem("scale", 0, "", "a number above 0")])
        >>> print(err)
        x.toml: key 'scale': got 0; allowed: a number above 0
    """

    # Shown and pickled under the package's name, as before the package was split: tracebacks
    # and doctests name participation_model.scenario.ScenarioError.
    __module__ = "participation_model.scenario"

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(problem.render(self.file) for problem in self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions travel between processes (Dask, multiprocessing); keep both arguments.
        return (type(self), (self.file, self.problems))

    @property
    def keys(self) -> list[str | None]:
        """The dotted keys of all problems, handy in tests and tools."""
        return [problem.key for problem in self.problems]


def _show(value: Any) -> str:
    """Show a value the way a TOML author would recognise it, shortened if long.

    Example:
        >>> _show(True), _show("x"), _show(MISSING)
        ('true', "'x'", 'nothing (the key is missing)')
    """
    if value is MISSING:
        return "nothing (the key is missing)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.time)):
        return f"the unquoted TOML date/time {value.isoformat()}"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, Mapping):
        return f"a table {text}"
    return text


def _words(items: Sequence[object]) -> str:
    """Join quoted items for a message: ``'a', 'b' or 'c'``.

    Example:
        >>> _words(["zorg", "bouw", "handel"])
        "'zorg', 'bouw' or 'handel'"
    """
    quoted = [repr(str(item)) for item in items]
    if not quoted:
        return "(none)"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _suggest(word: str, candidates: Sequence[str]) -> str:
    """Return "did you mean ...?" for close matches of a mistyped name, or "".

    Example:
        >>> _suggest("sead", ["seed", "scale", "start"])
        "did you mean 'seed'?"
    """
    word = str(word)
    matches = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not matches:
        return ""
    # Offer only the names nearly as close as the best one, so a clear typo gets one answer.
    scores = [difflib.SequenceMatcher(None, word, match).ratio() for match in matches]
    best = max(scores)
    close = [match for match, score in zip(matches, scores) if score >= best - 0.1]
    return f"did you mean {_words(close)}?"


def _join(prefix: str, key: object) -> str:
    """Build a dotted key: ``_join("economy", "path") == "economy.path"``."""
    return f"{prefix}.{key}" if prefix else str(key)


# --------------------------------------------------------------------------------------------
# Problems of a table and its keys
# --------------------------------------------------------------------------------------------


def _require_table(key: str, value: Any, allowed: str, problems: list[Problem]) -> bool:
    """Record a problem unless ``value`` is a TOML table."""
    if isinstance(value, Mapping):
        return True
    problems.append(Problem(key, value, "", allowed))
    return False


def _check_unknown_keys(
    table: Mapping[str, Any], known: Sequence[str], prefix: str, problems: list[Problem]
) -> None:
    """Report keys of ``table`` that are not in ``known``, suggesting close matches."""
    where = f"in [{prefix}]" if prefix else "at the top level"
    for key, value in table.items():
        if key in known:
            continue
        hint = _suggest(key, known)
        message = f"{key!r} is not a known key" + (f"; {hint}" if hint else "")
        allowed = f"the keys {where}: {_words(known)}"
        problems.append(Problem(_join(prefix, key), value, message, allowed))
