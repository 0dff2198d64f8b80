"""One simulated VVX phone: lines, calls, hook and audio path, mute, LEDs, config, restart.

The REST handlers (``vvxauto.sim.handlers``), the simulated UI (``vvxauto.sim.ui``) and tests act
through the methods here; every method takes ``phone.lock`` (the exchange-wide RLock) itself, so
callers may hold it or not. Invalid operations raise :class:`~vvxauto.sim.routing.PhoneStatus`
with the manual's code (4000 bad input, 4002 line not registered, 4003 not allowed, 4007 no such
call).

State, configuration, lines, call records and restart are in the base class
:class:`~vvxauto.sim.phone_state.PhoneState`, telephony notifications in
:mod:`vvxauto.sim.tel_events` and the LED states (with their vocabulary) in :mod:`vvxauto.sim.leds`.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from vvxauto.layouts import DeviceLayout, load_layout
from vvxauto.sim.calls import SimCall
from vvxauto.sim.config import ConfigStore, factory_defaults, lab_provisioning
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.leds import led_status
from vvxauto.sim.phone_state import TRANSFER_TYPES, PhoneState, SkypeAccount, normalize_handle
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.tel_events import TEL_EVENT_SWITCHES, TelephonyEvents

__all__ = [
    "BLUETOOTH_MODELS",
    "FIRMWARE_BUILD",
    "FIRMWARE_VERSION",
    "TEL_EVENT_SWITCHES",
    "TRANSFER_TYPES",
    "SimPhone",
    "SkypeAccount",
    "normalize_handle",
]

FIRMWARE_VERSION = "6.1.0.6189"
FIRMWARE_BUILD = "27-Aug-19 22:37"
UPDATER_VERSION = "6.1.0.6189"
BOOTBLOCK_VERSION = "3.0.5.0100"
BLUETOOTH_MODELS = frozenset({"VVX 601"})
HISTORY_SIZE = 300


def _last(calls: list[SimCall]) -> SimCall | None:
    return calls[-1] if calls else None


def _default_mac(role: str, extension: str) -> str:
    digest = hashlib.sha256(f"{role}/{extension}".encode()).hexdigest()[:6].upper()
    return "0004F2" + digest


class SimPhone(PhoneState):
    """A simulated phone on a lab :class:`Exchange` (see the module docstring).

    ``provisioning`` is what the phone's provisioning server hands out (the CONFIG layer); without
    it the phone gets :func:`~vvxauto.sim.config.lab_provisioning` for its role, extension and
    ``password``. Lab knobs (plain attributes, change them under ``phone.lock``): ``dnd`` (callers
    get busy), ``messages_waiting`` (MWI), ``pc_port_connected``, ``bluetooth_devices``,
    ``location`` (location/info fields), ``skype_account`` (a :class:`SkypeAccount`, else Skype
    commands answer 4004), ``provisioning``. Read-only state for tests: ``calls``, ``history``,
    ``restarts``, ``requests``, ``version``.
    """

    def __init__(
        self,
        exchange: Exchange | None = None,
        role: str = "alice",
        extension: str = "1001",
        model: str = "VVX 411",
        *,
        password: str | None = None,
        provisioning: Mapping[str, str] | None = None,
        ip: str = "127.0.0.1",
        mac: str | None = None,
        skype_account: SkypeAccount | None = None,
        bluetooth: bool | None = None,
    ) -> None:
        self.exchange = exchange if exchange is not None else Exchange()
        self.lock = self.exchange.lock
        self.role = role
        self.extension = extension
        self.layout: DeviceLayout = load_layout(model)
        self.model = self.layout.model
        self.ip = ip
        self.mac = (mac or _default_mac(role, extension)).replace(":", "").upper()
        self.max_lines = max(self.layout.line_keys, 1)
        self.config = ConfigStore(factory_defaults(self.model, self.max_lines))
        # what the provisioning server hands out (CONFIG); updateConfiguration re-reads it
        self.provisioning: dict[str, str] = dict(
            provisioning if provisioning is not None else lab_provisioning(role, extension, password)
        )
        self.config.replace_layer("CONFIG", self.provisioning)
        self.skype_account = skype_account
        self.skype_signed_in = False
        self.web_sign_in_code: str | None = None
        self.has_bluetooth = self.model in BLUETOOTH_MODELS if bluetooth is None else bluetooth
        self.bluetooth_devices: list[dict[str, str]] = []
        self.has_pc_port = self.layout.has_screen
        self.pc_port_connected = False
        self.dnd = False
        self.messages_waiting = 0
        self.location: dict[str, str] = {}
        self.calls: list[SimCall] = []
        self.history: deque[SimCall] = deque(maxlen=HISTORY_SIZE)  # every dialled/offered call
        self.off_hook = False
        self.muted = False
        self._route: str | None = None
        self.version = 0
        self.restarts = 0
        self.requests = 0  # REST commands handled since boot
        self._up = True
        self._ready = True
        self._boot_mono = self.exchange.now()
        self.boot_time: datetime = self.exchange.clock.now()
        self._last_ended: dict[int, SimCall] = {}
        self._rtp_port = 2222
        self._media_done = (0, 0)  # RTP packets (sent, received) of calls already gone, since boot
        self.tel_events = TelephonyEvents(self)
        self.exchange.register(self)
        from vvxauto.sim.ui import PhoneUI

        self.ui = PhoneUI(self)

    def __repr__(self) -> str:
        return f"<SimPhone {self.role} {self.model} ext {self.extension} calls={len(self.calls)}>"

    # -- call bookkeeping (used by the exchange) ----------------------------------------------------

    def add_call(self, call: SimCall) -> None:
        """Attach ``call`` to this phone (the exchange offers incoming calls this way)."""
        with self.lock:
            call.phone = self
            call.sequence = self._free_sequence(call.line)
            self.calls.append(call)
            if call.dialled:
                self.history.append(call)
            self.call_changed(call)

    # -- call control ----------------------------------------------------------------------------

    def _check_line(self, line: Any) -> int:
        try:
            number = int(str(line).strip())
        except ValueError:
            raise PhoneStatus("4000", detail="Line is a number") from None
        if number < 1:
            raise PhoneStatus("4000", detail="Line is a positive number")
        if not self.is_registered(number):
            raise PhoneStatus("4002", detail=f"line {number} is not registered")
        return number

    def _hold_active(self, keep: SimCall | None = None) -> None:
        for call in list(self.calls):
            if call is not keep and call.phase == "Connected" and not call.local_hold and not call.ended:
                self.exchange.set_hold(call, True)

    def new_call(self, line: int = 1, route: str | None = None) -> SimCall:
        """Open a Dialtone call on ``line`` (the New Call softkey, off-hook, handsfree)."""
        with self.lock:
            line = self._check_line(line)
            for call in self.calls:
                if call.line == line and call.phase == "Dialtone":
                    return call
            self._hold_active()
            call = self.exchange.new_call(self, line, "Outgoing", "Dialtone")
            if route is not None:
                self._route = route
            self.add_call(call)
            return call

    def start_outgoing(self, line: int, dest: str, *, hold_others: bool = True) -> SimCall:
        """An outgoing call in Setup on ``line`` (reusing a Dialtone call); the exchange routes it."""
        with self.lock:
            line = self._check_line(line)
            if hold_others:
                self._hold_active()
            for call in self.calls:
                if call.line == line and call.phase == "Dialtone" and not call.ended:
                    call.phase = "Setup"
                    call.remote_number = dest
                    self.history.append(call)
                    return call
            call = self.exchange.new_call(self, line, "Outgoing", "Setup")
            call.remote_number = dest
            self.add_call(call)
            return call

    def dial(self, dest: str, line: int | str = 1) -> SimCall:
        """Call ``dest`` (an extension, a number or ``sip:ext@host``) on ``line``.

        4000 when ``dest`` is empty or ``line`` no number, 4002 when the line is not registered.
        """
        with self.lock:
            if not isinstance(dest, str) or not dest.strip():
                raise PhoneStatus("4000", detail="Dest is mandatory")
            call = self.start_outgoing(self._check_line(line), dest.strip())
            self.exchange.place(call, dest)
            return call

    def answer(self, handle: str | None = None) -> SimCall:
        """Answer the offered call (or ``handle``); another connected call goes on hold.

        4007 when there is no such call, 4003 when it is not an incoming call.
        """
        with self.lock:
            call = self._pick(handle, self.incoming_call())
            if call.phase != "Offering" or call.ended:
                raise PhoneStatus("4003", detail="the call is not ringing in")
            self._hold_active(keep=call)
            if self._route is None:
                self._route = "handset" if self.off_hook else "speaker"
            self.exchange.answer(call)
            return call

    def end(self, handle: str | None = None) -> None:
        """End the call ``handle`` (default: the active call, else the offered one).

        4007 when there is no such call; 4003 for a call held here (as the manual says). Ending an
        offered call rejects it; ending a failed call that lingers as Disconnected clears it.
        """
        with self.lock:
            default = (
                self.active_call() or self.incoming_call() or _last(self.live_calls()) or _last(self.calls)
            )
            call = self._pick(handle, default)
            if call.ended:  # a failed call lingering as Disconnected: clear it, like End Call on the phone
                self.remove_call(call)
                return
            if call.phase == "Connected" and call.local_hold:
                raise PhoneStatus("4003", detail="the call is on hold")
            if call.phase == "Offering":
                self.exchange.reject(call)
            else:
                self.exchange.hangup(call)

    def hold(self, handle: str | None = None) -> SimCall:
        """Hold the active call (or ``handle``): Hold here, CallHold at the far end. 4003 unless connected."""
        with self.lock:
            call = self._pick(handle, self.active_call() or _last(self.live_calls()))
            if call.phase != "Connected" or call.local_hold or call.ended:
                raise PhoneStatus("4003", detail="only a connected call can be held")
            self.exchange.set_hold(call, True)
            return call

    def resume(self, handle: str | None = None) -> SimCall:
        """Resume a call held here (default: the newest held one); the active call goes on hold."""
        with self.lock:
            held = [c for c in self.calls if c.phase == "Connected" and c.local_hold and not c.ended]
            call = self._pick(handle, held[-1] if held else _last(self.live_calls()))
            if call.phase != "Connected" or not call.local_hold or call.ended:
                raise PhoneStatus("4003", detail="the call is not on hold")
            self._hold_active(keep=call)
            self.exchange.set_hold(call, False)
            return call

    def reject(self, handle: str | None = None) -> None:
        """Reject the offered call: the caller's call fails. 4003 when it is not ringing in."""
        with self.lock:
            call = self._pick(handle, self.incoming_call() or _last(self.live_calls()))
            if call.phase != "Offering" or call.ended:
                raise PhoneStatus("4003", detail="the call is not ringing in")
            self.exchange.reject(call)

    def ignore(self, handle: str | None = None) -> None:
        """Silence the offered call here; the caller keeps hearing ringback. 4003 unless ringing in."""
        with self.lock:
            call = self._pick(handle, self.incoming_call() or _last(self.live_calls()))
            if call.phase != "Offering" or call.ended:
                raise PhoneStatus("4003", detail="the call is not ringing in")
            call.ringing = False
            self.call_changed(call)

    def transfer(self, handle: str | None, dest: str) -> None:
        """Blind-transfer the call ``handle`` (default: the active one) to ``dest``.

        4000 without a destination, 4007 for no such call, 4003 when the call is not connected.
        """
        with self.lock:
            if not isinstance(dest, str) or not dest.strip():
                raise PhoneStatus("4000", detail="TransferDest is mandatory")
            connected = [c for c in self.calls if c.phase == "Connected" and not c.ended]
            call = self._pick(handle, self.active_call() or (connected[-1] if connected else None))
            if call.phase != "Connected" or call.ended:
                raise PhoneStatus("4003", detail="only a connected call can be transferred")
            self.exchange.blind_transfer(call, dest.strip())

    def complete_transfer(self, held: str, consult: str) -> None:
        """Finish a consultative transfer: the far ends of calls ``held`` and ``consult`` are joined."""
        with self.lock:
            self.exchange.join(self.call_by_handle(held), self.call_by_handle(consult))

    def send_dtmf(self, digits: str, handle: str | None = None) -> None:
        """Send DTMF ``digits`` (0-9, *, #, A-D) on the active connected call (the far end records them)."""
        with self.lock:
            if not isinstance(digits, str) or not re.fullmatch(r"[0-9*#A-Da-d]+", digits):
                raise PhoneStatus("4000", detail="Digits are 0-9, *, #, A-D")
            active = self.active_call()
            call = self._pick(handle, active if active is not None and active.phase == "Connected" else None)
            if call.phase != "Connected" or call.ended:
                raise PhoneStatus("4007", detail="no connected call")
            self.exchange.dtmf(call, digits.upper())

    def set_mute(self, on: bool) -> None:
        """Mute or unmute the microphone (the UI may mute an idle phone; REST checks for a call)."""
        with self.lock:
            self.muted = bool(on)
            for call in self.calls:
                call.media_update(self.exchange.now())
            self._notify("mute")

    # -- hook keys -----------------------------------------------------------------------------

    def hook(self, off_hook: bool) -> None:
        """Lift (True) or replace (False) the handset.

        Up: answers a call ringing in, or takes the active call to the handset, or opens a Dialtone
        call on line 1. Down: ends the active call if its audio was on the handset.
        """
        with self.lock:
            if off_hook:
                was = self.off_hook
                self.off_hook = True
                self._route = "handset"
                if not was:
                    incoming = self.incoming_call()
                    if self.active_call() is None and incoming is not None:
                        self.answer(incoming.handle)
                    elif self.active_call() is None and self.is_registered(1):
                        self.new_call(1)
            else:
                was = self.off_hook
                self.off_hook = False
                if was and self._route in (None, "handset"):
                    active = self.active_call()
                    if active is not None:
                        self.exchange.hangup(active)
                    self._route = None
            self._notify("hook")

    def _press_route(self, route: str) -> None:
        with self.lock:
            active = self.active_call()
            if active is not None:
                if self.audio_mode == route:
                    self.exchange.hangup(active)
                else:
                    self._route = route
            else:
                incoming = self.incoming_call()
                self._route = route
                if incoming is not None:
                    self.answer(incoming.handle)
                elif self.is_registered(1):
                    self.new_call(1, route=route)
            self._notify("hook")

    def press_handsfree(self) -> None:
        """The Handsfree key: speaker on (answering or opening a call), or end a speaker call."""
        self._press_route("speaker")

    def press_headset(self) -> None:
        """The Headset key: like Handsfree, for the headset."""
        self._press_route("headset")

    # -- LEDs ------------------------------------------------------------------------------------

    def leds(self) -> dict[str, Any]:
        """The ``ledStatus`` data: every line key, then the model's other LEDs (:mod:`vvxauto.sim.leds`)."""
        with self.lock:
            return led_status(self)
