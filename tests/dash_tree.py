"""Reading a Dash app without a browser: its callbacks as functions, and its component trees.

Shared by the what-if app's tests (``tests/test_app.py``, ``tests/test_app_design.py``).
"""

from __future__ import annotations

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
