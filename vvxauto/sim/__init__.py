"""The simulated VVX lab: phones that speak the REST API on loopback and call each other.

Public names (imported lazily, so ``import vvxauto.sim`` stays cheap): :class:`SimLab`,
:class:`SimEndpoint` (``vvxauto.sim.lab``), :class:`SimServer` (``vvxauto.sim.server``) and
:class:`Timing` (``vvxauto.sim.timing``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vvxauto._lazy import lazy_exports

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


__getattr__, __dir__ = lazy_exports("vvxauto.sim", _WHERE, globals())
