"""Fault knobs of one simulated phone's server: misbehaviour on request, for testing clients.

Knobs count requests: ``busy(3)`` makes the next three requests answer HTTP 403, and so on. They
apply to phone paths (``/api/...`` and ``/captureScreen/...``), never to the simulator's own
``/sim/...`` paths, and they are drawn when a request arrives, in this order:

1. ``drop``: the connection is closed without an answer; the command is **not** executed.
2. ``busy``: HTTP 403 (as if another request were running); the command is not executed.
3. ``slow``: the answer comes ``seconds`` later (the phone's request slot is held meanwhile, so a
   concurrent request gets 403 as on a real phone); may combine with ``truncate``. ``clear()``
   cuts a delay in progress short.
4. ``truncate``: the command **is** executed, the headers announce the full ``Content-Length`` but
   only half of the body is sent, then the connection is closed.

``reboot_now()`` is immediate: the phone restarts as for ``safeReboot``. The same knobs are reachable
over HTTP (a real phone has no such path): ``POST /sim/faults`` with a JSON object such as
``{"busy": 3, "slow": {"seconds": 0.5, "count": 2}, "drop": 1, "truncate": 1, "reboot": true}``
(``"clear": true`` first clears every knob), answered with the knobs' state.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vvxauto.sim.server import SimServer

__all__ = ["FaultPlan", "Faults"]


@dataclass(frozen=True)
class FaultPlan:
    """What the server does to one request (drawn by :meth:`Faults.draw`)."""

    drop: bool = False
    busy: bool = False
    delay: float = 0.0
    truncate: bool = False

    @property
    def any(self) -> bool:
        """True when the request is to be disturbed at all."""
        return self.drop or self.busy or self.delay > 0 or self.truncate


_NONE = FaultPlan()


class Faults:
    """The fault knobs of one :class:`~vvxauto.sim.server.SimServer` (``server.faults``)."""

    def __init__(self, server: SimServer) -> None:
        self._server = server
        self._lock = threading.Lock()
        self._busy = 0
        self._drop = 0
        self._truncate = 0
        self._slow = 0
        self._slow_seconds = 0.0
        self._wake = threading.Event()

    @staticmethod
    def _count(n: int) -> int:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"a fault count must be an int >= 0, not {n!r}")
        return n

    def busy(self, n: int = 1) -> None:
        """The next ``n`` requests get HTTP 403 (device busy) without being executed."""
        with self._lock:
            self._busy = self._count(n)

    def slow(self, seconds: float, n: int = 1) -> None:
        """The next ``n`` requests are answered ``seconds`` later than usual."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ValueError(f"slow() needs seconds >= 0, not {seconds!r}")
        with self._lock:
            self._slow = self._count(n)
            self._slow_seconds = float(seconds)

    def drop(self, n: int = 1) -> None:
        """The next ``n`` requests are read, then the connection is closed without an answer."""
        with self._lock:
            self._drop = self._count(n)

    def truncate(self, n: int = 1) -> None:
        """The next ``n`` answers carry the full Content-Length but only half the body."""
        with self._lock:
            self._truncate = self._count(n)

    def reboot_now(self) -> None:
        """Reboot the phone now (calls end; the server stops answering until it is back up)."""
        self._server.phone.restart(reboot=True)

    def clear(self) -> None:
        """Forget every pending knob, and cut short the slow answers being delayed now."""
        with self._lock:
            self._busy = self._drop = self._truncate = self._slow = 0
            self._slow_seconds = 0.0
            self._wake.set()
            self._wake = threading.Event()

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` for a slow answer; :meth:`clear` (or the server stopping) ends it early."""
        if seconds > 0:
            with self._lock:
                wake = self._wake
            wake.wait(seconds)

    def state(self) -> dict[str, Any]:
        """The pending knobs, e.g. ``{"busy": 2, "drop": 0, "truncate": 0, "slow": {...}}``."""
        with self._lock:
            return {
                "busy": self._busy,
                "drop": self._drop,
                "truncate": self._truncate,
                "slow": {"seconds": self._slow_seconds, "count": self._slow},
            }

    @property
    def pending(self) -> bool:
        """True while any knob still has requests to disturb."""
        with self._lock:
            return bool(self._busy or self._drop or self._truncate or self._slow)

    def draw(self) -> FaultPlan:
        """Consume the knobs for one arriving request and say what to do with it."""
        with self._lock:
            if not (self._busy or self._drop or self._truncate or self._slow):
                return _NONE
            if self._drop:
                self._drop -= 1
                return FaultPlan(drop=True)
            if self._busy:
                self._busy -= 1
                return FaultPlan(busy=True)
            delay = 0.0
            if self._slow:
                self._slow -= 1
                delay = self._slow_seconds
            truncate = False
            if self._truncate:
                self._truncate -= 1
                truncate = True
            return FaultPlan(delay=delay, truncate=truncate)

    def apply(self, spec: Any) -> dict[str, Any]:
        """Apply a ``/sim/faults`` JSON object (see the module docstring); returns :meth:`state`.

        Raises ValueError for anything that is not a valid knob setting (the server answers 400).
        """
        if not isinstance(spec, dict):
            raise ValueError("the body must be a JSON object")
        unknown = set(spec) - {"clear", "busy", "slow", "drop", "truncate", "reboot"}
        if unknown:
            raise ValueError(f"unknown fault knobs: {sorted(unknown)}")
        if spec.get("clear"):
            self.clear()
        for name in ("busy", "drop", "truncate"):
            if name in spec:
                getattr(self, name)(spec[name])
        if "slow" in spec:
            slow = spec["slow"]
            if isinstance(slow, dict):
                self.slow(slow.get("seconds", 0.0), slow.get("count", 1))
            else:
                self.slow(slow)
        if spec.get("reboot"):
            self.reboot_now()
        return self.state()
