"""``Phone``: one phone of the lab, driven over its REST API.

A ``Phone`` is a :class:`~vvxauto.api.VvxClient` plus the model's
:class:`~vvxauto.layouts.DeviceLayout` plus who it is (role, extension). It gives queries
(``calls()``, ``leds()``, ``lines()``, ``config(...)``), call control through REST returning a
:class:`~vvxauto.call.Call` the test can wait on, configuration changes that can be rolled back, and
:meth:`Phone.reset_to_idle` for the end of a test. Screen actions come from
:class:`~vvxauto.actions.ScreenActions`.

Nothing here reads simulator objects: the same code drives a real VVX.

>>> with Lab.simulated(phones=2) as lab:          # doctest: +SKIP
...     alice, bob = lab.phone("alice"), lab.phone("bob")
...     call = alice.dial(bob.extension)
...     expect(bob).to_be_ringing()
...     bob.answer()
...     call.wait_for_state("Connected")
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from vvxauto.actions import ScreenActions
from vvxauto.api.quirks import config_text
from vvxauto.api.types import (
    CallInfo,
    CallLogs,
    ConfigValue,
    DeviceInfo,
    LedState,
    LedStatus,
    LineInfo,
    PollStatus,
    handles_equal,
)
from vvxauto.call import (
    HELD_STATES,
    Call,
    call_stub,
    describe_call,
    handle_of,
    is_offered,
    is_ringing,
    live_calls,
    pick_active,
    pick_held,
    pick_ringing,
    ref_of,
)
from vvxauto.errors import CallNotFoundError, NotAllowedError, VvxError
from vvxauto.layouts import DeviceLayout, load_layout
from vvxauto.wait import TRANSIENT_ERRORS, PollPolicy, WaitTimeout, resolve_timeout, wait_until

if TYPE_CHECKING:
    from vvxauto.api import VvxClient
    from vvxauto.expect import PhoneExpect
    from vvxauto.lab import PhoneSpec

__all__ = ["CONFIG_CHUNK", "Call", "Phone", "describe_call", "handle_of", "is_offered", "is_ringing",
           "live_calls"]

T = TypeVar("T")

CONFIG_CHUNK = 20
"""The phone takes at most 20 parameters per config/get or config/set (more answers 4009)."""

RESTART_TIMEOUT = 180.0
"""Seconds restore_config() allows a phone to restart after configReset/web."""

RESTART_GRACE = 15.0
"""Seconds restore_config() waits for a sign that the phone began its restart."""

DIAL_LOG_CHECK_EVERY = 3
"""While dial() sees no new call, every 3rd poll also reads the placed-calls log."""


class Phone(ScreenActions):
    """One phone: REST client, device layout, role and extension.

    ``timeout`` is this phone's default for every wait (None: the process default, see
    :func:`vvxauto.wait.set_default_timeout`). ``model`` picks the layout; without it (and without
    ``layout``) the phone is asked for its model number.
    """

    client: VvxClient

    def __init__(
        self,
        client: VvxClient,
        *,
        model: str | None = None,
        layout: DeviceLayout | None = None,
        role: str | None = None,
        extension: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.client = client
        self.role = role
        self.name: str = role or getattr(client, "name", None) or "phone"
        self.extension = extension
        self.own_timeout = None if timeout is None else resolve_timeout(timeout)
        if layout is None:
            layout = load_layout(model if model is not None else client.device_info_v2().model)
        self.layout = layout
        self.model = layout.model
        self._originals: dict[str, ConfigValue] = {}
        self._pending: dict[str, str] = {}

    @classmethod
    def from_spec(cls, spec: PhoneSpec) -> Phone:
        """A phone for an inventory entry (see :class:`vvxauto.lab.PhoneSpec`)."""
        return cls(spec.client(), model=spec.model, role=spec.role, extension=spec.extension,
                   timeout=spec.timeout)

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def timeout(self) -> float:
        """The timeout waits on this phone use when given none: the phone's, else the process default."""
        return resolve_timeout(self.own_timeout)

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        self.own_timeout = None if value is None else resolve_timeout(value)

    def wait_timeout(self, timeout: float | None = None) -> float:
        """``timeout`` if given, else this phone's default (the timeout model)."""
        return resolve_timeout(timeout, self.own_timeout)

    def last_answer(self) -> str | None:
        """The phone's last REST exchange as text (redacted), for failure messages."""
        last = self.client.transcript.last()
        return None if last is None else last.as_text()

    def close(self) -> None:
        """Close the REST client (its connections)."""
        self.client.close()

    def __repr__(self) -> str:
        ext = f" ext {self.extension}" if self.extension else ""
        return f"<Phone {self.name} ({self.model}{ext})>"

    # -- waits ------------------------------------------------------------------------------------
    def wait_for(self, predicate: Callable[[], T], timeout: float | None = None, *,
                 message: str | None = None, interval: PollPolicy | float | None = None) -> T:
        """Poll ``predicate`` until it returns something truthy; return that value.

        Timeout: ``timeout``, else this phone's, else the process default. Busy / unreachable
        answers count as "not yet". Raises :class:`~vvxauto.wait.WaitTimeout` (an AssertionError)
        with the values seen and this phone's last REST answer.
        """
        __tracebackhide__ = True
        return wait_until(
            predicate,
            self.wait_timeout(timeout),
            interval=interval,
            description=f"{self.name}: {message}" if message else None,
            last_answer=self.last_answer,
        )

    @property
    def expect(self) -> PhoneExpect:
        """``phone.expect.to_be_ringing()``: the same as ``expect(phone)``."""
        from vvxauto.expect import expect

        return expect(self)

    # -- queries ----------------------------------------------------------------------------------
    def calls(self) -> list[CallInfo]:
        """Every call on the phone (callStatus v2); [] when there is none."""
        return list(self.client.call_status())

    def call(self, handle: Call | CallInfo | str) -> CallInfo | None:
        """The status of the call ``handle``, or None when the phone has no such call."""
        wanted = handle_of(handle)
        if not wanted:
            return None
        try:
            found = self.client.call_status(handle=ref_of(handle))
        except CallNotFoundError:
            return None
        return next((c for c in found if handles_equal(c.handle, wanted)), None)

    def active_call(self) -> CallInfo | None:
        """The call the phone treats as active (appearance marked ``*``), else the first call not on
        hold, else the first call; None when there are no calls."""
        return pick_active(self.calls())

    def ringing_call(self) -> CallInfo | None:
        """The first incoming call that is ringing, or None."""
        return next((c for c in self.calls() if is_ringing(c)), None)

    def leds(self) -> LedStatus:
        """Every LED (ledStatus)."""
        return self.client.led_status()

    def led(self, name: str) -> LedState:
        """One LED by name: ``Line1``..``LineN``, ``MWI``, ``Mute``, ``Speaker``, ``Headset``.

        Raises ``KeyError`` naming the LEDs the phone reported when there is no such LED.
        """
        return self.leds().led(name)

    def lines(self) -> list[LineInfo]:
        """Every line (lineInfo v2)."""
        return list(self.client.line_info_v2())

    def line(self, number: int = 1) -> LineInfo | None:
        """Line ``number``, or None when the phone does not report it."""
        return next((li for li in self.lines() if li.number == number), None)

    def device_info(self) -> DeviceInfo:
        """Model, firmware, MAC, uptime, ReadyToUse (device/info v2)."""
        return self.client.device_info_v2()

    def get_config(self, *names: str | Iterable[str]) -> dict[str, ConfigValue]:
        """Value and source of each parameter, asked 20 at a time (the phone's limit)."""
        wanted = _flatten(names)
        if not wanted:
            raise ValueError("get_config needs at least one parameter name")
        found: dict[str, ConfigValue] = {}
        for start in range(0, len(wanted), CONFIG_CHUNK):
            found.update(self.client.get_config(wanted[start:start + CONFIG_CHUNK]))
        return found

    def config(self, *names: str | Iterable[str]) -> dict[str, str | None]:
        """The values of the parameters (no sources): ``phone.config("reg.1.label")["reg.1.label"]``."""
        return {name: cv.value for name, cv in self.get_config(*names).items()}

    def call_logs(self, kind: str | None = None) -> CallLogs:
        """Call logs: all, or ``kind`` in "missed", "received", "placed"."""
        return self.client.call_logs(kind)

    def poll_status(self) -> PollStatus:
        """pollForStatus: Idle / Active / Error."""
        return self.client.poll_for_status()

    def is_idle(self) -> bool:
        """True when the phone has no live call (Disconnected calls still listed do not count)."""
        return not live_calls(self.calls())

    # -- call control -------------------------------------------------------------------------------
    def dial(self, dest: str, line: int = 1, *, timeout: float | None = None) -> Call:
        """Dial ``dest`` on ``line`` and return the new call as the phone lists it.

        The phone answers dial without a handle, so this notes the calls before, dials, then waits
        (``timeout``) until a new outgoing call appears (or the line's Dialtone call moves on).
        A call that fails at once (busy, unreachable) may be gone before the first poll; when the
        placed-calls log shows it, the Call returned has no handle, ``last.state`` "Disconnected"
        and ``exists()`` False. Raises the client's errors (e.g. LineNotRegisteredError), and
        WaitTimeout when no call shows at all.
        """
        __tracebackhide__ = True
        before = {c.handle: c for c in self.calls()}
        placed_before = self._placed_entries()
        self.client.dial(str(dest), line)
        polls = 0

        def new_call() -> CallInfo | None:
            nonlocal polls
            polls += 1
            for info in self.calls():
                if info.type and info.incoming:
                    continue
                old = before.get(info.handle)
                if old is None or (old.is_state("Dialtone") and not info.is_state("Dialtone")):
                    return info
            if placed_before is not None and polls % DIAL_LOG_CHECK_EVERY == 0:
                # A call that fails at once (busy, unreachable) may be gone before the first poll:
                # the placed-calls log still shows it.
                after = self._placed_entries()
                if after is not None and after - placed_before:
                    return CallInfo(handle="", line=line, state="Disconnected", type="Outgoing",
                                    remote_number=str(dest))
            return None

        message = f"a new outgoing call to {dest} in callStatus after dial"
        info = self.wait_for(new_call, timeout, message=message)
        assert info is not None  # wait_for returns only truthy values
        return Call(self, info)

    def _placed_entries(self) -> set[tuple[object, ...]] | None:
        """The placed-calls log as a set of entries (None when the phone cannot tell)."""
        try:
            logs = self.client.call_logs("placed")
        except VvxError:
            return None
        return {(e.line, e.start_time, e.remote_name, e.remote_number, e.duration) for e in logs.placed}

    def _target(self, call: Call | CallInfo | str | None, pick: Callable[[list[CallInfo]], CallInfo | None],
                command: str, what: str) -> tuple[str, CallInfo | None]:
        """(Ref to send, the call's info when known) for ``call`` or the call ``pick`` chooses."""
        if call is not None:
            ref = ref_of(call)
            if not ref:
                raise CallNotFoundError("the call ended before the phone listed it", phone=self.name,
                                        command=command)
            known = call.last if isinstance(call, Call) else call if isinstance(call, CallInfo) else None
            return ref, known
        calls = self.calls()
        chosen = pick(calls)
        if chosen is None:
            seen = "; ".join(describe_call(c) for c in calls) or "no calls"
            raise CallNotFoundError(f"no {what} to act on (calls: {seen})", phone=self.name, command=command)
        return ref_of(chosen), chosen

    def _call_for(self, ref: str, info: CallInfo | None) -> Call:
        return Call(self, info or self.call(ref) or call_stub(ref))

    def answer(self, call: Call | CallInfo | str | None = None) -> Call:
        """Answer ``call``, or the ringing incoming call. Raises CallNotFoundError when none rings."""
        ref, info = self._target(call, pick_ringing, "WebCallControl.AnswerCall", "ringing incoming call")
        self.client.answer_call(ref)
        return self._call_for(ref, info)

    def end(self, call: Call | CallInfo | str | None = None) -> None:
        """End ``call``, or the active call. Raises CallNotFoundError when there is no call."""
        ref, _ = self._target(call, pick_active, "WebCallControl.EndCall", "call")
        self.client.end_call(ref)

    def hold(self, call: Call | CallInfo | str | None = None) -> Call:
        """Put ``call`` (or the active call) on hold."""
        ref, info = self._target(call, pick_active, "WebCallControl.HoldCall", "call")
        self.client.hold_call(ref)
        return self._call_for(ref, info)

    def resume(self, call: Call | CallInfo | str | None = None) -> Call:
        """Resume ``call`` (or the held call)."""
        ref, info = self._target(call, pick_held, "WebCallControl.ResumeCall", "held call")
        self.client.resume_call(ref)
        return self._call_for(ref, info)

    def transfer(self, dest: str, call: Call | CallInfo | str | None = None) -> None:
        """Blind-transfer ``call`` (or the active call) to ``dest``."""
        ref, _ = self._target(call, pick_active, "WebCallControl.TransferCall", "call")
        self.client.transfer_call(ref, str(dest))

    def reject(self, call: Call | CallInfo | str | None = None) -> None:
        """Reject ``call`` (or the ringing incoming call)."""
        ref, _ = self._target(call, pick_ringing, "WebCallControl.RejectCall", "ringing incoming call")
        self.client.reject_call(ref)

    def ignore(self, call: Call | CallInfo | str | None = None) -> None:
        """Ignore ``call`` (or the ringing incoming call): it stops ringing here."""
        ref, _ = self._target(call, pick_ringing, "WebCallControl.IgnoreCall", "ringing incoming call")
        self.client.ignore_call(ref)

    def mute(self, on: bool = True) -> None:
        """Mute (or with ``on=False`` unmute) the microphone."""
        self.client.mute(on)

    def unmute(self) -> None:
        """Unmute the microphone."""
        self.client.mute(False)

    def send_dtmf(self, digits: str) -> None:
        """Send DTMF ``digits`` in the active call."""
        self.client.send_dtmf(str(digits))

    # -- configuration with rollback -------------------------------------------------------------------
    @property
    def config_changes(self) -> dict[str, tuple[ConfigValue, str]]:
        """Parameters changed through :meth:`set_config` and not restored: name -> (original, new value)."""
        return {name: (self._originals[name], value) for name, value in self._pending.items()}

    def set_config(self, values: Mapping[str, object]) -> None:
        """Set parameters, remembering the first-seen original of each for :meth:`restore_config`.

        Originals are read first (20 per request). Values are sent as strings, 20 per request.
        A ``device.*`` parameter needs ``device.set=1`` and restarts a real phone.
        """
        if not values:
            raise ValueError("set_config needs at least one parameter")
        wanted = {str(k): config_text(v) for k, v in values.items()}
        unseen = [name for name in wanted if name not in self._originals]
        if unseen:
            found = self.get_config(unseen)
            for name in unseen:  # a name the phone does not report has no original to put back
                self._originals[name] = found.get(name) or ConfigValue(None, None)
        self._send_config(wanted)
        self._pending.update(wanted)

    def _send_config(self, values: Mapping[str, str]) -> None:
        items = list(values.items())
        for start in range(0, len(items), CONFIG_CHUNK):
            self.client.set_config(dict(items[start:start + CONFIG_CHUNK]))

    def restore_config(self, *, reset_web: bool | None = None, timeout: float | None = None
                       ) -> dict[str, ConfigValue]:
        """Put back every parameter changed through :meth:`set_config`; return the originals restored.

        REST writes the phone's Web layer. A parameter whose original came from a lower layer
        (CONFIG, DEFAULT, DEVICE, CLOUD) gets its source back only by clearing the Web layer
        (``configReset/web``): that restarts the phone (calls end) and also drops Web-layer settings
        not made through this Phone; the Web-sourced originals are then set again. ``reset_web``:
        None (default) clears the Web layer only when an exact restore needs it; False never does
        (values come back, sources may read WEB); True always does.

        Waits (``timeout``; at least :data:`RESTART_TIMEOUT` when the phone restarts) until
        config/get shows the original values (and sources, after a reset). Raises WaitTimeout.
        """
        __tracebackhide__ = True
        if not self._pending:
            return {}
        originals = {name: self._originals[name] for name in self._pending}
        lower = [n for n, cv in originals.items() if (cv.source or "").upper() not in ("WEB", "LOCAL")]
        do_reset = bool(lower) if reset_web is None else reset_web
        limit = self.wait_timeout(timeout)
        if do_reset:
            limit = max(limit, RESTART_TIMEOUT)
            uptime = self._uptime()
            self.client.config_reset("web")
            self._await_restart(uptime)
            reapply = {n: cv.value for n, cv in originals.items()
                       if cv.value is not None and (cv.source or "").upper() == "WEB"}
        else:
            reapply = {n: cv.value for n, cv in originals.items() if cv.value is not None}
        if reapply:
            with contextlib.suppress(*TRANSIENT_ERRORS):
                self._send_config(reapply)
        names = list(originals)

        def settled() -> dict[str, ConfigValue] | None:
            current = self.get_config(names)
            missing = {n: v for n, v in reapply.items() if n in current and current[n].value != v}
            if missing:  # lost in the restart, or the phone was still going down: send again
                self._send_config(missing)
                return None
            for name, original in originals.items():
                if original.value is None:
                    continue
                now = current.get(name)
                if now is None or now.value != original.value:
                    return None
                if do_reset and (now.source or "").upper() != (original.source or "").upper():
                    return None
            return current

        self.wait_for(settled, limit, message=f"original values of {', '.join(names)} back")
        self._pending.clear()
        self._originals.clear()
        return originals

    def _uptime(self) -> int | None:
        with contextlib.suppress(VvxError):
            return self.device_info().uptime_seconds
        return None

    def _await_restart(self, uptime_before: int | None) -> None:
        """After a command that restarts the phone, wait (at most RESTART_GRACE) for a sign that it
        did: no answer, ReadyToUse False, or an uptime below the one before. Without it a real phone
        could be read before it goes down. A phone up for under 1 s cannot show the uptime drop."""
        if uptime_before is None or uptime_before < 1:
            return

        def restarted() -> str | None:
            try:
                info = self.client.device_info_v2()
            except VvxError as exc:
                return f"no answer ({type(exc).__name__})"
            if info.ready_to_use is False:
                return "not ready"
            if info.uptime_seconds is not None and info.uptime_seconds < uptime_before:
                return "uptime reset"
            return None

        with contextlib.suppress(WaitTimeout):
            wait_until(restarted, RESTART_GRACE, ignore=(), description=f"{self.name} to restart")

    # -- cleanup ---------------------------------------------------------------------------------------
    def reset_to_idle(self, timeout: float | None = None) -> None:
        """End every call (resuming held ones, rejecting ringing ones), unmute, hang up, and wait
        until the phone lists no live call (Disconnected ones clear by themselves). Raises
        WaitTimeout when calls remain."""
        __tracebackhide__ = True
        limit = self.wait_timeout(timeout)
        with contextlib.suppress(VvxError):
            self.client.mute(False)

        def clear_calls() -> bool:
            calls = self.calls()
            for info in calls:
                self._clear_call(info)
            if calls:
                with contextlib.suppress(VvxError):
                    self.client.simulate_hook(False)
            return not live_calls(self.calls())

        self.wait_for(clear_calls, limit, message="no live calls left after ending them all")

    def _clear_call(self, info: CallInfo) -> None:
        """One best-effort step towards ending ``info``; refusals (already gone, not allowed) are fine."""
        ref = ref_of(info)
        if info.is_state("Disconnected"):
            return  # the phone clears these itself
        with contextlib.suppress(VvxError):
            if is_offered(info):
                self.client.reject_call(ref)
                return
            if info.is_state(*HELD_STATES):
                self.client.resume_call(ref)
            try:
                self.client.end_call(ref)
            except NotAllowedError:
                self.client.resume_call(ref)
                self.client.end_call(ref)


def _flatten(names: Iterable[str | Iterable[str]]) -> list[str]:
    out: list[str] = []
    for item in names:
        if isinstance(item, str):
            out.append(item)
        else:
            out.extend(str(n) for n in item)
    return list(dict.fromkeys(out))
