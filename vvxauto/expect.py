"""Retrying assertions on a phone, in the style of Playwright's ``expect``.

>>> expect(bob).to_be_ringing()                          # doctest: +SKIP
>>> expect(alice).to_have_call_state("Connected")        # doctest: +SKIP
>>> expect(alice).to_have_led("Line1", "green", "flashing")   # doctest: +SKIP
>>> expect(alice).not_to_have_calls(timeout=2)            # doctest: +SKIP
>>> expect(alice).not_.to_be_ringing()                     # doctest: +SKIP

Each assertion polls the phone over REST until it holds or the timeout passes (timeout model of
:mod:`vvxauto.wait`: argument, then ``expect(phone, timeout=)``, then the phone's, then the process
default). A failure is a :class:`~vvxauto.wait.WaitTimeout` (an ``AssertionError``) naming what was
expected, the values seen over time and the phone's last REST answer.

To wait on several phones at once, hand the assertions to :func:`expect_all` as callables::

    expect_all(lambda: expect(bob).to_be_ringing(),
               lambda: expect(alice).to_have_call_state("RingBack"))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from vvxauto.api.transcript import MASK, is_secret_key
from vvxauto.api.types import ConfigValue
from vvxauto.wait import poll_until, resolve_timeout, together

if TYPE_CHECKING:
    from vvxauto.phone import Call, LedState, Phone

__all__ = ["PhoneExpect", "expect", "expect_all", "led_state_matches"]

V = TypeVar("V")

# Friendly LED words -> what the phone may report. Phones and the manual spell these several ways
# ("active", "on", "steady"; "flash", "flashing", "fastFlash", "blink"...), so we compare loosely.
_STEADY = {"on", "active", "steady", "solid", "lit"}
_FLASH_WORDS = ("flash", "blink", "wink", "flutter")
_FLASH_FAMILIES = {
    "fast": ("fast", "rapid", "quick"),
    "slow": ("slow",),
}
_COLOUR_ALIASES = {"amber": "amber", "orange": "amber", "yellow": "amber", "red": "red", "green": "green"}


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def led_state_matches(wanted: str, actual: str | None) -> bool:
    """True when the phone's LED state ``actual`` fits the friendly ``wanted`` word.

    ``"flashing"`` (also "flash", "blinking") matches any flashing state; "fast flashing" and
    "slow flashing" only the matching speed; "on" (also "steady", "lit", "active") any steady
    lit state; otherwise the words must be equal ignoring case, spaces and punctuation.
    """
    want, have = _norm(wanted), _norm(actual)
    if want == have:
        return True
    have_flash = any(w in have for w in _FLASH_WORDS)
    if any(w in want for w in _FLASH_WORDS):
        if not have_flash:
            return False
        for family, words in _FLASH_FAMILIES.items():
            if any(want.startswith(w) or want.endswith(w) or family in want for w in words):
                return any(w in have for w in words)
        return True
    if want in _STEADY:
        return have in _STEADY
    return False


def _colour_matches(wanted: str, actual: str | None) -> bool:
    want, have = _norm(wanted), _norm(actual)
    return _COLOUR_ALIASES.get(want, want) == _COLOUR_ALIASES.get(have, have)


def _fmt_calls(calls: list[Any]) -> str:
    from vvxauto.phone import describe_call

    return "no calls" if not calls else "[" + "; ".join(describe_call(c) for c in calls) + "]"


class PhoneExpect:
    """Assertions on one phone that retry until they hold; build it with :func:`expect`.

    Each ``to_*`` method returns the value that satisfied it (e.g. the matching call), or None for a
    negated assertion. ``not_`` gives the negated form of every assertion.
    """

    def __init__(self, phone: Phone, *, timeout: float | None = None, negate: bool = False) -> None:
        self.phone = phone
        self.timeout = timeout
        self.negate = negate

    @property
    def not_(self) -> PhoneExpect:
        """The same assertions, negated: ``expect(p).not_.to_be_ringing()``."""
        return PhoneExpect(self.phone, timeout=self.timeout, negate=not self.negate)

    # -- engine ---------------------------------------------------------------------------------
    def _check(self, what: str, expected: str, probe: Callable[[], V], test: Callable[[V], Any],
               fmt: Callable[[V], str], timeout: float | None) -> Any:
        __tracebackhide__ = True
        phone = self.phone
        negate = self.negate
        limit = resolve_timeout(timeout, self.timeout, phone.own_timeout)
        prefix = "not_." if negate else ""

        def accept(value: V) -> bool:
            return bool(test(value)) != negate

        value = poll_until(
            probe,
            accept,
            limit,
            description=f"expect({phone.name}).{prefix}{what}: {'NOT ' if negate else ''}{expected}",
            format_value=fmt,
            last_answer=phone.last_answer,
        )
        return None if negate else test(value)

    # -- calls ----------------------------------------------------------------------------------
    def to_have_call_state(self, state: str | Iterable[str], *, call: Call | str | None = None,
                           timeout: float | None = None) -> Any:
        """A call (``call``, or any call) is in ``state`` (a state name, or several). Returns that call."""
        __tracebackhide__ = True
        wanted = {state.lower()} if isinstance(state, str) else {s.lower() for s in state}
        shown = state if isinstance(state, str) else " or ".join(sorted(state))
        phone = self.phone
        if call is not None:
            from vvxauto.phone import handle_of

            handle = handle_of(call)

            def probe_one() -> list[Any]:
                info = phone.call(handle)
                return [] if info is None else [info]

            probe: Callable[[], list[Any]] = probe_one
            expected = f"call {handle} in state {shown!r}"
        else:
            probe = phone.calls
            expected = f"a call in state {shown!r}"

        def test(calls: list[Any]) -> Any:
            return next((c for c in calls if (c.state or "").lower() in wanted), None)

        return self._check(f"to_have_call_state({shown!r})", expected, probe, test, _fmt_calls, timeout)

    def to_have_calls(self, count: int, *, timeout: float | None = None) -> Any:
        """Exactly ``count`` calls exist. Returns the list of calls."""
        __tracebackhide__ = True
        return self._check(
            f"to_have_calls({count})",
            f"{count} call(s)",
            self.phone.calls,
            lambda calls: calls if len(calls) == count else None,
            _fmt_calls,
            timeout,
        ) if count else self._no_calls("to_have_calls(0)", timeout)

    def _no_calls(self, what: str, timeout: float | None) -> Any:
        __tracebackhide__ = True
        result = self._check(what, "no calls", self.phone.calls, lambda calls: not calls, _fmt_calls, timeout)
        return None if self.negate else result

    def not_to_have_calls(self, *, timeout: float | None = None) -> None:
        """The phone has no call at all (every call ended)."""
        __tracebackhide__ = True
        self._no_calls("not_to_have_calls()", timeout)

    def to_be_ringing(self, *, timeout: float | None = None) -> Any:
        """An incoming call is ringing (Offering). Returns that call."""
        __tracebackhide__ = True
        def test(calls: list[Any]) -> Any:
            from vvxauto.phone import is_ringing

            return next((c for c in calls if is_ringing(c)), None)

        return self._check("to_be_ringing()", "an incoming call ringing", self.phone.calls, test,
                           _fmt_calls, timeout)

    def to_be_idle(self, *, timeout: float | None = None) -> None:
        """No live call on the phone: calls already Disconnected (a failed call lingers so on real
        phones) do not count; :meth:`not_to_have_calls` is the strict form."""
        __tracebackhide__ = True
        from vvxauto.phone import live_calls

        self._check("to_be_idle()", "no live calls", self.phone.calls, lambda calls: not live_calls(calls),
                    _fmt_calls, timeout)

    # -- LEDs, config, lines ---------------------------------------------------------------------
    def to_have_led(self, name: str, color: str | None = None, state: str | None = None, *,
                    timeout: float | None = None) -> Any:
        """LED ``name`` ("Line1", "MWI", "Mute", "Speaker", "Headset") shows ``color`` and ``state``.

        Either may be None (not checked). Friendly words are accepted: "flashing" matches any
        flashing state, "on"/"steady" any lit state, "off" off. Returns the LED's state.
        """
        __tracebackhide__ = True
        parts = [p for p in (color, state) if p]
        shown = ", ".join(repr(p) for p in (name, *parts))

        def test(led: LedState) -> Any:
            if color is not None and not _colour_matches(color, led.color):
                return None
            if state is not None and not led_state_matches(state, led.state):
                return None
            return led

        return self._check(f"to_have_led({shown})", f"LED {name} {' '.join(parts) or '(any)'}",
                           lambda: self.phone.led(name), test, str, timeout)

    def to_have_config(self, name: str, value: str, *, timeout: float | None = None) -> Any:
        """Configuration parameter ``name`` has ``value`` (compared as strings). Returns its ConfigValue.

        Values of secret parameters (passwords) are masked in the failure message.
        """
        __tracebackhide__ = True
        wanted = str(value)
        secret = is_secret_key(name)
        shown = MASK if secret else repr(wanted)

        def probe() -> Any:
            return self.phone.get_config(name).get(name) or ConfigValue(None, "not reported")

        def fmt(cv: Any) -> str:
            return f"{MASK if secret else repr(cv.value)} (source {cv.source})"

        return self._check(
            f"to_have_config({name!r}, {shown})",
            f"{name} = {shown}",
            probe,
            lambda cv: cv if cv.value == wanted else None,
            fmt,
            timeout,
        )

    def to_have_line_registered(self, line: int = 1, *, timeout: float | None = None) -> Any:
        """Line ``line`` is registered (compared case-insensitively). Returns its line info."""
        __tracebackhide__ = True
        def probe() -> Any:
            return self.phone.line(line)

        def test(info: Any) -> Any:
            status = getattr(info, "registration_status", None) if info is not None else None
            return info if (status or "").lower() == "registered" else None

        def fmt(info: Any) -> str:
            if info is None:
                return f"no line {line}"
            return f"line {line}: {getattr(info, 'registration_status', None)}"

        return self._check(f"to_have_line_registered({line})", f"line {line} registered", probe, test,
                           fmt, timeout)

    # -- negations (playwright spelling) ---------------------------------------------------------
    def not_to_have_call_state(self, state: str | Iterable[str], *, call: Call | str | None = None,
                               timeout: float | None = None) -> None:
        """No call (or not ``call``) is in ``state``: retries until that holds."""
        __tracebackhide__ = True
        self.not_.to_have_call_state(state, call=call, timeout=timeout)

    def not_to_be_ringing(self, *, timeout: float | None = None) -> None:
        """No incoming call is ringing: retries until that holds."""
        __tracebackhide__ = True
        self.not_.to_be_ringing(timeout=timeout)

    def not_to_have_led(self, name: str, color: str | None = None, state: str | None = None, *,
                        timeout: float | None = None) -> None:
        """LED ``name`` does not show ``color``/``state``: retries until that holds."""
        __tracebackhide__ = True
        self.not_.to_have_led(name, color, state, timeout=timeout)

    def not_to_have_config(self, name: str, value: str, *, timeout: float | None = None) -> None:
        """Parameter ``name`` does not have ``value``: retries until that holds."""
        __tracebackhide__ = True
        self.not_.to_have_config(name, value, timeout=timeout)

    def not_to_have_line_registered(self, line: int = 1, *, timeout: float | None = None) -> None:
        """Line ``line`` is not registered: retries until that holds."""
        __tracebackhide__ = True
        self.not_.to_have_line_registered(line, timeout=timeout)



def expect(phone: Phone, *, timeout: float | None = None) -> PhoneExpect:
    """Retrying assertions on ``phone`` (see :class:`PhoneExpect`)."""
    return PhoneExpect(phone, timeout=timeout)


def expect_all(*assertions: Callable[[], Any]) -> list[Any]:
    """Run several assertions (callables) at the same time; return their results in order.

    Waits on different phones then progress together instead of one after the other. A failure
    is raised after every assertion has finished; several failures are reported in one message.
    """
    __tracebackhide__ = True
    return together(*assertions)
