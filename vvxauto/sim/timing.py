"""Call-progress timing, clocks and the small scheduler the virtual exchange runs its timers on.

Everything is zero by default, so unit tests run instantly: a zero delay runs its callback inline,
under the caller's lock. A lab that wants realism sets, for example, ``Timing(ring_delay_ms=300,
restart_down_ms=2000, ready_delay_ms=1000)``.

The scheduler owns one daemon thread (started on first use) and a heap of due events; every
callback runs while holding the exchange lock, exactly like a request handler.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["Clock", "ManualClock", "Scheduled", "Scheduler", "SystemClock", "Timing"]


@dataclass(frozen=True)
class Timing:
    """Delays of the simulated lab, in milliseconds (all zero by default).

    ``ring_delay_ms``: caller in Setup/Proceeding until the callee starts ringing (callee Offering,
    caller RingBack). ``answer_delay_ms``: how long a scripted far end set to "answer" rings before it
    answers (a far end may give its own). ``restart_down_ms``: how long a restarting phone answers
    nothing. ``ready_delay_ms``: how long ``ReadyToUse`` stays "False" after the phone is back.
    ``disconnect_linger_ms``: how long a failed call (busy, rejected, unreachable) stays visible as
    Disconnected before it is cleared. ``request_latency_ms`` is the server's per-request latency
    (read by SIM-SERVER, not used here).
    """

    ring_delay_ms: float = 0.0
    answer_delay_ms: float = 0.0
    restart_down_ms: float = 0.0
    ready_delay_ms: float = 0.0
    disconnect_linger_ms: float = 0.0
    request_latency_ms: float = 0.0


class Clock(ABC):
    """Where the simulator reads time: a monotonic counter for durations and a wall clock for logs."""

    @abstractmethod
    def monotonic(self) -> float:
        """Seconds from an arbitrary origin, never going backwards."""

    @abstractmethod
    def now(self) -> datetime:
        """The local wall-clock time (naive, like a phone's display)."""


class SystemClock(Clock):
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


class ManualClock(Clock):
    """A clock that moves only when told to: for tests of durations, counters and uptime.

    >>> clock = ManualClock()
    >>> t0 = clock.monotonic(); clock.advance(5); clock.monotonic() - t0
    5.0
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._t = 1000.0
        self._start = start or datetime(2026, 1, 5, 9, 0, 0)
        self._lock = threading.Lock()

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``."""
        with self._lock:
            self._t += seconds

    def monotonic(self) -> float:
        with self._lock:
            return self._t

    def now(self) -> datetime:
        with self._lock:
            return self._start + timedelta(seconds=int(self._t - 1000.0))


class Scheduled:
    """A pending callback; :meth:`cancel` stops it from running (no effect once it ran)."""

    __slots__ = ("_callback", "cancelled", "due")

    def __init__(self, due: float, callback: Callable[[], None]) -> None:
        self.due = due
        self._callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        """Do not run this callback."""
        self.cancelled = True

    def run(self) -> None:
        """Run the callback unless cancelled (used by the scheduler)."""
        if not self.cancelled:
            self.cancelled = True
            self._callback()


class Scheduler:
    """Runs callbacks after a delay on one daemon thread, each under ``lock``.

    A delay of zero (or less) runs the callback inline, in the calling thread, under ``lock``
    (re-entrant, so a caller that already holds it is fine).
    """

    def __init__(self, lock: threading.RLock, *, name: str = "vvxauto-sim-scheduler") -> None:
        self._lock = lock
        self._name = name
        self._cond = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int, Scheduled]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self.errors: list[BaseException] = []  # exceptions raised by callbacks, kept for tests

    def call_later(self, delay_ms: float, callback: Callable[[], None]) -> Scheduled:
        """Run ``callback`` after ``delay_ms`` milliseconds; returns a cancellable handle."""
        item = Scheduled(time.monotonic() + max(delay_ms, 0.0) / 1000.0, callback)
        if delay_ms <= 0:
            with self._lock:
                item.run()
            return item
        with self._cond:
            if self._stopped:
                item.cancel()
                return item
            heapq.heappush(self._heap, (item.due, next(self._seq), item))
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify()
        return item

    def pending(self) -> int:
        """How many callbacks are waiting (cancelled ones included until their time comes)."""
        with self._cond:
            return sum(1 for _, _, item in self._heap if not item.cancelled)

    def stop(self, timeout: float = 2.0) -> None:
        """Drop every pending callback and end the thread."""
        with self._cond:
            self._stopped = True
            for _, _, item in self._heap:
                item.cancel()
            self._heap.clear()
            self._cond.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.monotonic()):
                    wait = None if not self._heap else max(self._heap[0][0] - time.monotonic(), 0.0)
                    self._cond.wait(wait)
                if self._stopped:
                    return
                _, _, item = heapq.heappop(self._heap)
            try:
                with self._lock:
                    item.run()
            except Exception as exc:  # a broken timer must not kill the lab's clock
                self.errors.append(exc)
