"""The simulated VVX lab: phones that speak the REST API on loopback and call each other.

Public names (imported lazily, so ``import vvxauto.sim`` stays cheap): :class:`SimLab`,
:class:`SimEndpoint` (``vvxauto.sim.lab``), :class:`SimServer` (``vvxauto.sim.server``) and
:class:`Timing` (``vvxauto.sim.timing``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vvxauto.sim.lab import SimEndpoint, SimLab
    from vvxauto.sim.server import SimServer
    from vvxauto.sim.timing import Timing

__all__ = ["SimEndpoint", "SimLab", "SimServer", "Timing"]

_WHERE = {
    "SimLab": "vvxauto.sim.lab",
    "SimEndpoint": "vvxauto.sim.lab",
    "SimServer": "vvxauto.sim.server",
    "Timing": "vvxauto.sim.timing",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'vvxauto.sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
