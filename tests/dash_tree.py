"""Reading a Dash app without a browser: its callbacks as functions, and its component trees.

Shared by the what-if app's tests (``tests/test_app.py``, ``tests/test_app_design.py``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from dash.development.base_component import Component


def callbacks(app) -> dict[str, Any]:
    """The app's callbacks by name, undecorated."""
    return {entry["callback"].__name__: entry["callback"].__wrapped__ for entry in app.callback_map.values()}


def walk(component: Any):
    """Every component in a tree."""
    if isinstance(component, (list, tuple)):
        for item in component:
            yield from walk(item)
    elif isinstance(component, Component):
        yield component
        yield from walk(getattr(component, "children", None))


def by_id(tree: Any, wanted: Any) -> Component:
    """The one component of the tree with id ``wanted``."""
    found = [c for c in walk(tree) if getattr(c, "id", None) == wanted]
    assert len(found) == 1, f"{wanted!r}: {len(found)} components"
    return found[0]


def texts(tree: Any) -> list[str]:
    """All text children in a tree, in order."""
    out = []
    for component in walk(tree):
        children = getattr(component, "children", None)
        out += [item for item in (children if isinstance(children, list) else [children]) if isinstance(item, str)]
    return out


def state(progress: Any) -> str:
    """The ``data-state`` of a progress view (idle, running, done, failed, cancelled)."""
    return progress.to_plotly_json()["props"]["data-state"]


def poll_until_finished(poll: Callable[[], tuple[Any, ...]], wait_seconds: float, every: float) -> tuple[list[str], tuple[Any, ...]]:
    """Call ``poll`` like the page's timer until the job is no longer active; the states seen and the last output.

    ``poll`` returns the poll callback's outputs: the progress view first, "timer off" fourth.
    """
    seen, deadline = [], time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        out = poll()
        seen.append(state(out[0]))
        if out[3] is True:  # the timer is switched off: finished, failed or cancelled
            return seen, out
        time.sleep(every)
    raise AssertionError(f"the job did not finish in {wait_seconds} s; states seen: {seen[-5:]}")


def no_threads(prefix: str) -> bool:
    """No live thread whose name starts with ``prefix`` (the app's job threads are named so)."""
    return not any(t.name.startswith(prefix) and t.is_alive() for t in threading.enumerate())
