"""Registry of intervention classes, looked up by the name used in scenario files.

A scenario file lists interventions as ``[[interventions]]`` tables, each with a ``type``
key naming a registered class (for example ``type = "sectorplan_training"``) plus that
intervention's own fields. This module maps those names to classes, so that the scenario
loader can reject an unknown type with a message that lists the valid names, and the model
can build the right object for each table.

Intervention modules register themselves with a class decorator::

    from participation_model.interventions import register

    @register("sectorplan_training")
    class SectorplanTraining:
        ...

The built-in instruments are imported at the end of this module, so importing the package
registers them; nothing else happens at import time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

__all__ = ["register", "available_interventions", "get_intervention", "describe_available"]

T = TypeVar("T", bound=type)

_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_REGISTRY: dict[str, type] = {}


def register(name: str) -> Callable[[T], T]:
    """Return a class decorator that registers an intervention under ``name``.

    Names are what analysts type in scenario files, so they are restricted to lower-case
    letters, digits and underscores (starting with a letter), and one name maps to exactly
    one class: registering a different class under a taken name is an error rather than a
    silent replacement.

    Args:
        name: the value of ``type`` in an ``[[interventions]]`` table, e.g. ``"brug_ww"``.

    Returns:
        A decorator that records the class and returns it unchanged.

    Raises:
        ValueError: if the name is malformed or already taken by another class.

    Example:
        >>> @register("example_coaching")          # doctest: +SKIP
        ... class ExampleCoaching:
        ...     pass
        >>> "example_coaching" in available_interventions()   # doctest: +SKIP
        True
    """
    if not isinstance(name, str) or not _NAME_PATTERN.match(name):
        raise ValueError(
            f"intervention name {name!r} is not allowed; use lower-case letters, digits and "
            "underscores, starting with a letter (e.g. 'brug_ww')"
        )

    def decorator(cls: T) -> T:
        existing = _REGISTRY.get(name)
        if existing is not None and existing is not cls:
            raise ValueError(
                f"intervention name {name!r} is already registered for "
                f"{existing.__module__}.{existing.__qualname__}; pick another name"
            )
        _REGISTRY[name] = cls
        return cls

    return decorator


def available_interventions() -> dict[str, type]:
    """Return the registered interventions as a new ``{name: class}`` dict, sorted by name.

    The dict is a copy: changing it does not change the registry.

    Example:
        >>> "van_werkloosheid_naar_werk" in available_interventions()
        True
    """
    return dict(sorted(_REGISTRY.items()))


def get_intervention(name: str) -> type:
    """Return the class registered under ``name``.

    Raises:
        KeyError: with a message listing the valid names (or saying there are none yet).

    Example:
        >>> get_intervention("no_such_thing")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        KeyError: "unknown intervention type 'no_such_thing'; one of ..."
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown intervention type {name!r}; {describe_available()}") from None


def describe_available() -> str:
    """Describe the valid intervention names in words, for error messages.

    Example:
        >>> describe_available().startswith("one of")
        True
    """
    names = sorted(_REGISTRY)
    if not names:
        return "no intervention types are available in this version"
    return "one of " + ", ".join(repr(n) for n in names)


# The built-in instruments register themselves on import (one module per instrument).
from participation_model.interventions import (  # noqa: E402,F401  (registration)
    beschut_werk,
    brug_ww,
    demand_shock,
    esf_active_inclusion,
    garantiebanen,
    leerwerkplekken,
    loonkostensubsidie,
    mass_layoff,
    sectorplan_retraining,
    sw_secondment,
    van_werk_naar_werk,
    van_werkloosheid_naar_werk,
)
