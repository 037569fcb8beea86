"""What the command line prints carries no terminal control characters.

File names, keys and values in messages come from users (a scenario file, a path, a request);
an escape sequence among them could rewrite the terminal's screen or title. So the command
line writes through :class:`SafeStream`, which turns every control character but the line
breaks and tabs (and the carriage return the progress line uses) into ``?``.

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> SafeStream(out).write("bad \\x1b]0;owned\\x07 name\\n")
    20
    >>> out.getvalue()
    'bad ?]0;owned? name\\n'
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls except tab, line feed and carriage return; DEL; C1 controls
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with terminal control characters replaced by ``?``."""
    return CONTROL.sub("?", text)


class SafeStream:
    """A text stream that writes ``printable`` text to the stream it wraps (all else is passed on)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
