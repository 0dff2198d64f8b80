"""Waiting for a phone to reach a state: one timeout model, adaptive polling, readable failures.

Every wait in vvxauto goes through :func:`wait_until` (Selenium style: it returns the predicate's
truthy value), or :func:`poll_until` (the same with a separate matcher, used by ``expect``).

Timeout model, in float seconds, first one given wins::

    argument  ->  phone (Phone(timeout=...) / inventory "timeout")  ->  set_default_timeout(...)
              ->  DEFAULT_TIMEOUT (10 s)

Polling: the first poll runs at once, then the pause between polls starts at 5 ms and grows by a factor 1.3 up
to a cap. The cap follows the phone: it is ``rtt_factor`` (1.5) times the observed duration of one
poll, bounded to [15 ms, 1 s]. A slow phone is thus busy answering one wait at most 40 % of the
time, while a change is seen, on median, within about one round-trip (``bench/wait_latency.py``),
and within tens of milliseconds on the simulator.

On timeout a :class:`WaitTimeout` (an ``AssertionError``) says what was expected, lists the distinct
values seen with their times (+ms since the start) and, when known, the phone's last REST answer.
Wait frames set ``__tracebackhide__`` so pytest shows the test's line, not ours.

Waits on several phones progress together through :func:`together` / :func:`wait_all`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from vvxauto import errors as _errors

__all__ = [
    "DEFAULT_TIMEOUT",
    "TRANSIENT_ERRORS",
    "PollPolicy",
    "Timeline",
    "WaitTimeout",
    "get_default_timeout",
    "poll_until",
    "resolve_timeout",
    "set_default_timeout",
    "together",
    "wait_all",
    "wait_until",
]

T = TypeVar("T")
V = TypeVar("V")

DEFAULT_TIMEOUT = 10.0
"""Built-in default timeout of every wait, in seconds."""

_default_timeout: float | None = None

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    _errors.DeviceBusyError,
    _errors.PhoneUnreachableError,
    _errors.PhoneTimeoutError,
)
"""Errors a wait ignores by default (and keeps polling): the phone is busy, restarting or slow."""


def set_default_timeout(seconds: float | None) -> None:
    """Set the process-wide default timeout (the pytest ini ``vvx_timeout`` calls this).

    ``None`` restores the built-in :data:`DEFAULT_TIMEOUT`. Raises ``ValueError`` for a value <= 0.
    """
    global _default_timeout
    if seconds is not None:
        seconds = float(seconds)
        if seconds <= 0:
            raise ValueError(f"default timeout must be > 0 seconds, got {seconds}")
    _default_timeout = seconds


def get_default_timeout() -> float:
    """The process-wide default timeout in seconds (built-in 10 s unless set)."""
    return DEFAULT_TIMEOUT if _default_timeout is None else _default_timeout


def resolve_timeout(*candidates: float | None) -> float:
    """First candidate that is not None (argument, then phone), else the process default.

    Raises ``ValueError`` when the chosen value is negative.
    """
    for candidate in candidates:
        if candidate is not None:
            value = float(candidate)
            if value < 0:
                raise ValueError(f"timeout must be >= 0 seconds, got {value}")
            return value
    return get_default_timeout()


@dataclass(frozen=True)
class PollPolicy:
    """How often a wait polls.

    The pause before poll n+1 is ``first * factor**n``, capped at :meth:`cap_for` the observed poll
    duration. ``fixed`` (when set) replaces all of that by one constant pause.
    """

    first: float = 0.005
    factor: float = 1.3
    rtt_factor: float = 1.5
    min_cap: float = 0.015
    max_cap: float = 1.0
    default_cap: float = 0.1
    fixed: float | None = None

    def cap_for(self, rtt: float | None) -> float:
        """The longest pause for a phone whose polls take ``rtt`` seconds (None: not yet known)."""
        if rtt is None:
            return self.default_cap
        return min(self.max_cap, max(self.min_cap, self.rtt_factor * rtt))

    def pauses(self, rtt: Callable[[], float | None]) -> Iterator[float]:
        """Endless pauses between polls; ``rtt`` is asked for the current round-trip each time."""
        if self.fixed is not None:
            while True:
                yield self.fixed
        pause = self.first
        while True:
            yield min(pause, self.cap_for(rtt()))
            pause *= self.factor


def _as_policy(interval: PollPolicy | float | None) -> PollPolicy:
    if interval is None:
        return PollPolicy()
    if isinstance(interval, PollPolicy):
        return interval
    if interval < 0:
        raise ValueError(f"poll interval must be >= 0 seconds, got {interval}")
    return PollPolicy(fixed=float(interval))


@dataclass
class Timeline:
    """Distinct values seen during a wait, each with its time since the start of the wait."""

    start: float = field(default_factory=time.monotonic)
    entries: list[tuple[float, str]] = field(default_factory=list)
    polls: int = 0
    limit: int = 40

    def record(self, text: str, at: float | None = None) -> None:
        """Note ``text`` if it differs from the last value noted."""
        self.polls += 1
        if self.entries and self.entries[-1][1] == text:
            return
        moment = time.monotonic() if at is None else at
        self.entries.append((moment - self.start, text))

    @property
    def last(self) -> str | None:
        """The latest value noted, or None before the first poll."""
        return self.entries[-1][1] if self.entries else None

    def format(self, indent: str = "  ") -> str:
        """One line per distinct value: ``+12 ms  <value>``; long timelines keep both ends."""
        rows = [f"{indent}+{ms * 1000:.0f} ms  {text}" for ms, text in self.entries]
        if len(rows) > self.limit:
            half = self.limit // 2
            skipped = len(rows) - 2 * half
            rows = [*rows[:half], f"{indent}... {skipped} more values ...", *rows[-half:]]
        return "\n".join(rows) if rows else f"{indent}(nothing: no poll completed)"


class WaitTimeout(AssertionError):
    """A wait ran out of time. An ``AssertionError``, so pytest reports it as a failed assertion.

    Attributes: ``description`` (what was expected), ``timeout`` and ``elapsed`` (seconds),
    ``timeline`` (:class:`Timeline` of the values seen), ``last_value`` (the last raw value polled),
    ``last_error`` (the last ignored exception, if any) and ``last_answer`` (text of the phone's last
    REST exchange, when the wait knew the phone).
    """

    def __init__(
        self,
        description: str,
        *,
        timeout: float,
        elapsed: float,
        timeline: Timeline,
        last_value: Any = None,
        last_error: BaseException | None = None,
        last_answer: str | None = None,
    ) -> None:
        self.description = description
        self.timeout = timeout
        self.elapsed = elapsed
        self.timeline = timeline
        self.last_value = last_value
        self.last_error = last_error
        self.last_answer = last_answer
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [
            f"timed out after {self.elapsed:.2f} s (timeout {self.timeout:g} s, "
            f"{self.timeline.polls} polls) waiting for: {self.description}",
            "values seen (time since the wait started):",
            self.timeline.format(),
        ]
        if self.last_error is not None:
            err = self.last_error
            lines.append(f"last error ignored while polling: {type(err).__name__}: {err}")
        if self.last_answer:
            lines.append(f"last REST answer: {self.last_answer}")
        return "\n".join(lines)


def _default_format(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."


def poll_until(
    probe: Callable[[], V],
    accept: Callable[[V], bool],
    timeout: float | None = None,
    *,
    interval: PollPolicy | float | None = None,
    ignore: Sequence[type[BaseException]] | type[BaseException] = TRANSIENT_ERRORS,
    description: str = "the condition to hold",
    format_value: Callable[[V], str] = _default_format,
    last_answer: Callable[[], str | None] | None = None,
    cancel: threading.Event | None = None,
) -> V:
    """Call ``probe()`` until ``accept(value)`` is true; return that value.

    Exceptions listed in ``ignore`` count as "not yet" and appear in the timeline; any other
    exception propagates at once. The probe runs at least once, and once more at the deadline.
    Raises :class:`WaitTimeout` when the deadline passes (or ``cancel`` is set) first.
    """
    __tracebackhide__ = True
    limit = resolve_timeout(timeout)
    policy = _as_policy(interval)
    ignored = (ignore,) if isinstance(ignore, type) else tuple(ignore)
    timeline = Timeline()
    deadline = timeline.start + limit
    rtt: list[float | None] = [None]
    pauses = policy.pauses(lambda: rtt[0])
    last_value: Any = None
    last_error: BaseException | None = None
    final = False
    while True:
        began = time.monotonic()
        try:
            value = probe()
        except ignored as exc:  # transient: note it and keep polling
            last_error = exc
            timeline.record(f"<{type(exc).__name__}: {exc}>", began)
        else:
            timeline.record(format_value(value), began)
            last_value = value
            if accept(value):
                return value
        now = time.monotonic()
        took = now - began
        rtt[0] = took if rtt[0] is None else 0.7 * rtt[0] + 0.3 * took
        if final or (cancel is not None and cancel.is_set()):
            break
        pause = next(pauses)
        if now + pause >= deadline:
            pause = max(0.0, deadline - now)
            final = True
        if cancel is not None:
            if cancel.wait(pause):
                break
        elif pause > 0:
            time.sleep(pause)
    raise WaitTimeout(
        description,
        timeout=limit,
        elapsed=time.monotonic() - timeline.start,
        timeline=timeline,
        last_value=last_value,
        last_error=last_error,
        last_answer=_safe_answer(last_answer),
    )


def _safe_answer(source: Callable[[], str | None] | None) -> str | None:
    if source is None:
        return None
    try:
        return source()
    except Exception as exc:  # a broken transcript must not hide the real failure
        return f"(could not read the transcript: {type(exc).__name__})"


def wait_until(
    fn: Callable[[], T],
    timeout: float | None = None,
    *,
    interval: PollPolicy | float | None = None,
    ignore: Sequence[type[BaseException]] | type[BaseException] = TRANSIENT_ERRORS,
    description: str | None = None,
    format_value: Callable[[T], str] = _default_format,
    last_answer: Callable[[], str | None] | None = None,
) -> T:
    """Call ``fn()`` until it returns something truthy, and return that (Selenium ``until``).

    ``timeout`` follows the timeout model (None: the process default). ``interval`` is a
    :class:`PollPolicy` or a fixed pause in seconds. Raises :class:`WaitTimeout` on timeout.

    >>> wait_until(lambda: 42, timeout=1)
    42
    """
    __tracebackhide__ = True
    return poll_until(
        fn,
        bool,
        timeout,
        interval=interval,
        ignore=ignore,
        description=description or _name_of(fn),
        format_value=format_value,
        last_answer=last_answer,
    )


def _name_of(fn: Callable[..., Any]) -> str:
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    return f"{name}() to return a truthy value"


class _Outcome:
    __slots__ = ("error", "value")

    def __init__(self) -> None:
        self.value: Any = None
        self.error: BaseException | None = None


def together(*fns: Callable[[], Any]) -> list[Any]:
    """Run blocking waits (or any callables) at the same time; return their results in order.

    Use it so waits on two phones progress together::

        together(lambda: expect(bob).to_be_ringing(), lambda: expect(alice).to_have_call_state("RingBack"))

    Every callable runs to its end. When some raise, the failures are reported together in one
    ``AssertionError`` (a single failure is re-raised as it is).
    """
    __tracebackhide__ = True
    if not fns:
        return []
    if len(fns) == 1:
        return [fns[0]()]
    outcomes = [_Outcome() for _ in fns]

    def run(fn: Callable[[], Any], out: _Outcome) -> None:
        try:
            out.value = fn()
        except BaseException as exc:
            out.error = exc

    threads = [
        threading.Thread(target=run, args=(fn, out), name=f"vvxauto-wait-{i}", daemon=True)
        for i, (fn, out) in enumerate(zip(fns[1:], outcomes[1:], strict=True), start=1)
    ]
    for thread in threads:
        thread.start()
    run(fns[0], outcomes[0])
    for thread in threads:
        thread.join()
    failures = [(i, out.error) for i, out in enumerate(outcomes) if out.error is not None]
    if not failures:
        return [out.value for out in outcomes]
    if len(failures) == 1:
        raise failures[0][1].with_traceback(None)
    non_assert = [exc for _, exc in failures if not isinstance(exc, AssertionError)]
    if non_assert:
        raise non_assert[0].with_traceback(None)
    parts = [f"[{i + 1}/{len(fns)}] {exc}" for i, exc in failures]
    raise AssertionError(f"{len(failures)} of {len(fns)} waits failed:\n" + "\n\n".join(parts))


def wait_all(
    fns: Sequence[Callable[[], Any]],
    timeout: float | None = None,
    *,
    interval: PollPolicy | float | None = None,
    ignore: Sequence[type[BaseException]] | type[BaseException] = TRANSIENT_ERRORS,
) -> list[Any]:
    """Wait, at the same time, until every ``fn`` returns something truthy; return the values.

    Each ``fn`` gets its own poller (so a slow phone does not slow the others) and the same timeout.
    Raises ``AssertionError`` listing every wait that timed out.
    """
    __tracebackhide__ = True
    limit = resolve_timeout(timeout)
    return together(*(partial(wait_until, fn, limit, interval=interval, ignore=ignore) for fn in fns))
