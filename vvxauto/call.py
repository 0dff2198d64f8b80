"""``Call``: one call on a lab phone, by handle, and the small helpers that read call lists.

A :class:`Call` is what :meth:`Phone.dial() <vvxauto.phone.Phone.dial>` and the other call-control
methods return; every query re-reads callStatus. The helpers say what a
:class:`~vvxauto.api.types.CallInfo` is (ringing, offered, live), pick the call an action without a
handle means, and describe a call for timelines. All of them are re-exported by
:mod:`vvxauto.phone`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from vvxauto.api.types import CallInfo, handles_equal, normalize_handle

if TYPE_CHECKING:
    from vvxauto.phone import Phone

__all__ = [
    "HELD_STATES",
    "RINGING_STATES",
    "Call",
    "call_stub",
    "describe_call",
    "handle_of",
    "is_offered",
    "is_ringing",
    "live_calls",
    "pick_active",
    "pick_held",
    "pick_ringing",
    "ref_of",
]

HELD_STATES = ("hold",)
RINGING_STATES = ("offering",)


def handle_of(call: Call | CallInfo | str) -> str:
    """The normalised handle (lower-case hex, no ``0x``) of a Call, a CallInfo or a handle string."""
    if isinstance(call, Call | CallInfo):
        return call.handle
    return normalize_handle(call)


def ref_of(call: Call | CallInfo | str) -> str:
    """The handle as the phone spelled it (sent back as ``Ref``)."""
    info = call.last if isinstance(call, Call) else call
    if isinstance(info, CallInfo):
        raw = info.raw.get("CallHandle")
        return str(raw).strip() if raw else info.handle
    return str(info).strip()


def is_ringing(info: CallInfo) -> bool:
    """True for an incoming call that is ringing: ``Ringing`` "1" when the phone reports the field
    (an ignored call stays ``Offering`` with ``Ringing`` "0"), else state ``Offering``."""
    if info.type and not info.incoming:
        return False
    if "Ringing" in info.raw:
        return info.ringing
    return info.ringing or info.is_state(*RINGING_STATES)


def is_offered(info: CallInfo) -> bool:
    """True for an incoming call not yet answered (ringing, or ignored but still offered)."""
    if info.type and not info.incoming:
        return False
    return info.ringing or info.is_state(*RINGING_STATES)


def describe_call(info: CallInfo) -> str:
    """A short line for timelines: ``1a2b3c4d Outgoing RingBack line 1 remote 1002``."""
    parts = [info.handle or "?", info.type or "?", info.state or "?"]
    if info.line is not None:
        parts.append(f"line {info.line}")
    remote = info.remote_number or info.remote_name
    if remote:
        parts.append(f"remote {remote}")
    if info.ringing:
        parts.append("ringing")
    return " ".join(parts)


class Call:
    """A call on a phone, by handle. Every query re-reads callStatus (no stale state).

    ``last`` is the latest :class:`~vvxauto.api.types.CallInfo` seen (kept after the call ends).
    """

    def __init__(self, phone: Phone, info: CallInfo) -> None:
        self.phone = phone
        self.handle = info.handle
        self.first = info
        self.last = info

    def info(self) -> CallInfo | None:
        """The call's current status, or None when it no longer exists."""
        if not self.handle:  # dial() saw the call only in the placed log: it ended at once
            return None
        info = self.phone.call(self.handle)
        if info is not None:
            self.last = info
        return info

    @property
    def state(self) -> str | None:
        """The current state ("RingBack", "Connected", ...), or None once the call is gone."""
        info = self.info()
        return None if info is None else info.state

    def exists(self) -> bool:
        """True while the phone still lists the call."""
        return self.info() is not None

    def wait_for_state(self, *states: str, timeout: float | None = None) -> CallInfo:
        """Wait until the call is in one of ``states``; return its status. Raises WaitTimeout."""
        __tracebackhide__ = True
        from vvxauto.expect import expect

        result: CallInfo = expect(self.phone).to_have_call_state(states, call=self, timeout=timeout)
        self.last = result
        return result

    def wait_until_gone(self, timeout: float | None = None) -> None:
        """Wait until the phone no longer lists the call. Raises WaitTimeout."""
        __tracebackhide__ = True
        self.phone.wait_for(lambda: not self.exists(), timeout, message=f"call {self.handle} to end")

    def answer(self) -> Call:
        """Answer this (incoming) call."""
        return self.phone.answer(self)

    def end(self) -> None:
        """End this call."""
        self.phone.end(self)

    def hold(self) -> Call:
        """Put this call on hold."""
        return self.phone.hold(self)

    def resume(self) -> Call:
        """Resume this held call."""
        return self.phone.resume(self)

    def transfer(self, dest: str) -> None:
        """Blind-transfer this call to ``dest``."""
        self.phone.transfer(dest, self)

    def reject(self) -> None:
        """Reject this incoming call."""
        self.phone.reject(self)

    def ignore(self) -> None:
        """Ignore (silence) this incoming call."""
        self.phone.ignore(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Call):
            return other.phone is self.phone and handles_equal(other.handle, self.handle)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((id(self.phone), self.handle.lstrip("0")))

    def __repr__(self) -> str:
        return f"<Call {self.phone.name}:{self.handle} {self.last.type} {self.last.state}>"


def live_calls(calls: Iterable[CallInfo]) -> list[CallInfo]:
    """The calls not yet Disconnected."""
    return [c for c in calls if not c.is_state("Disconnected")]


def call_stub(ref: str) -> CallInfo:
    """A placeholder CallInfo for a handle the phone no longer lists (state "")."""
    return CallInfo(handle=normalize_handle(ref), line=None, state="")


def pick_active(calls: list[CallInfo]) -> CallInfo | None:
    """The call an action without a handle means: the active appearance, else one not held."""
    live = [c for c in calls if not c.is_state("Disconnected")] or calls
    marked = next((c for c in live if c.is_active_appearance), None)
    if marked is not None:
        return marked
    return next((c for c in live if not c.is_state(*HELD_STATES)), live[0] if live else None)


def pick_ringing(calls: list[CallInfo]) -> CallInfo | None:
    """The ringing incoming call, else one still offered."""
    return next((c for c in calls if is_ringing(c)), None) or next((c for c in calls if is_offered(c)), None)


def pick_held(calls: list[CallInfo]) -> CallInfo | None:
    """The first call held here."""
    return next((c for c in calls if c.is_state(*HELD_STATES)), None)
