"""One simulated VVX phone: lines, calls, hook and audio path, mute, LEDs, config, restart.

The REST handlers (``vvxauto.sim.handlers``), the simulated UI (``vvxauto.sim.ui``) and tests act
through the methods here; every method takes ``phone.lock`` (the exchange-wide RLock) itself, so
callers may hold it or not. Invalid operations raise :class:`~vvxauto.sim.routing.PhoneStatus`
with the manual's code (4000 bad input, 4002 line not registered, 4003 not allowed, 4007 no such
call).

LED vocabulary (``ledStatus``): a line key is ``off`` when idle, green ``flash`` while a call is
offered on it, green ``active`` while a call on it is in use (dialtone, ringing out, connected, held
by the far end), green ``slowFlash`` when its calls are held here. ``Speaker``/``Headset`` are green
``on`` while that is the audio path; ``Mute`` is red ``on`` while muted; ``MWI`` is red ``flash``
while a call rings in or messages wait.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from vvxauto.layouts import DeviceLayout, load_layout
from vvxauto.sim.calls import SimCall
from vvxauto.sim.config import ConfigStore, factory_defaults, lab_provisioning
from vvxauto.sim.exchange import Exchange, telephony_event_xml
from vvxauto.sim.routing import PhoneStatus

__all__ = [
    "BLUETOOTH_MODELS",
    "FIRMWARE_BUILD",
    "FIRMWARE_VERSION",
    "TRANSFER_TYPES",
    "SimPhone",
    "SkypeAccount",
    "normalize_handle",
]

FIRMWARE_VERSION = "6.1.0.6189"
FIRMWARE_BUILD = "27-Aug-19 22:37"
UPDATER_VERSION = "6.1.0.6189"
BOOTBLOCK_VERSION = "3.0.5.0100"
TRANSFER_TYPES = ("Consultative", "Blind", "Safe")
BLUETOOTH_MODELS = frozenset({"VVX 601"})
AUDIO_ROUTES = ("handset", "speaker", "headset")
SIP_STATUS_LINGER_S = 40.0
# telephony notification events and the apps.telNotification.* switch that enables each
TEL_EVENT_SWITCHES = {
    "IncomingCallEvent": "incomingEvent",
    "OutgoingCallEvent": "outgoingEvent",
    "OffHookEvent": "offhookEvent",
    "OnHookEvent": "onhookEvent",
    "CallStateChangeEvent": "callStateChangeEvent",
    "LineRegistrationEvent": "lineRegistrationEvent",
}
TEL_CALL_STATES = {"Offering": "Ringing", "Hold": "CallHeld", "CallHold": "CallHeld"}
HISTORY_SIZE = 300


@dataclass
class SkypeAccount:
    """A Skype for Business account the lab gives a phone (without one, Skype commands answer 4004)."""

    user: str
    password: str = field(repr=False)
    domain: str = ""
    address: str = ""
    presence: str = "Available"


def normalize_handle(handle: str) -> int:
    """A call handle as a number: ``0x`` prefix optional, case-insensitive. 4000 when not hex."""
    text = str(handle).strip().lower()
    text = text.removeprefix("0x")
    if not re.fullmatch(r"[0-9a-f]{1,8}", text):
        raise PhoneStatus("4000", detail="a call handle is up to 8 hex digits")
    return int(text, 16)


def _last(calls: list[SimCall]) -> SimCall | None:
    return calls[-1] if calls else None


def _default_mac(role: str, extension: str) -> str:
    digest = hashlib.sha256(f"{role}/{extension}".encode()).hexdigest()[:6].upper()
    return "0004F2" + digest


class SimPhone:
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
        self._reported_offhook = False
        self._reported_lines = frozenset(self.line_addresses())
        self.exchange.register(self)
        from vvxauto.sim.ui import PhoneUI

        self.ui = PhoneUI(self)

    def __repr__(self) -> str:
        return f"<SimPhone {self.role} {self.model} ext {self.extension} calls={len(self.calls)}>"

    # -- identity and config ----------------------------------------------------------------------

    @property
    def admin_password(self) -> str:
        """The admin password REST checks (``device.auth.localAdminPassword``, factory "456")."""
        with self.lock:
            return self.config.value("device.auth.localAdminPassword", "456")

    @property
    def rest_enabled(self) -> bool:
        """True when ``apps.restapi.enabled`` is "1"."""
        with self.lock:
            return self.config.value("apps.restapi.enabled") == "1"

    @property
    def screen_capture_enabled(self) -> bool:
        """True when both ``up.screenCapture.enabled`` and ``up.screenCapture.value`` are "1"."""
        with self.lock:
            return (
                self.config.value("up.screenCapture.enabled") == "1"
                and self.config.value("up.screenCapture.value") == "1"
            )

    @property
    def transfer_type(self) -> str:
        """How the phone's Transfer key behaves: "Consultative", "Blind" or "Safe"."""
        with self.lock:
            value = self.config.value("call.DefaultTransferType", "Consultative")
            for name in TRANSFER_TYPES:
                if name.lower() == value.lower():
                    return name
            return "Consultative"

    def set_transfer_type(self, value: str, source: str = "WEB") -> str:
        """Set the transfer type (case-insensitive); returns its canonical name, 4000 if unknown."""
        for name in TRANSFER_TYPES:
            if name.lower() == str(value).strip().lower():
                with self.lock:
                    self.config.set("call.DefaultTransferType", name, source)
                    self._notify("config")
                return name
        raise PhoneStatus("4000", detail="transfer type is Consultative, Blind or Safe")

    def set_config(self, values: Mapping[str, str], source: str = "WEB") -> list[str]:
        """Apply ``config/set``: ``device.*`` goes to DEVICE (only with ``device.set`` = 1, and the
        phone then restarts), everything else to ``source``. Returns the names ignored."""
        with self.lock:
            device_set = str(values.get("device.set", self.config.value("device.set")))
            ignored: list[str] = []
            restart = False
            for name, value in values.items():
                if name == "device.set":
                    self.config.set(name, str(value), "DEVICE")
                elif name.startswith("device."):
                    if device_set == "1":
                        self.config.set(name, str(value), "DEVICE")
                        restart = True
                    else:
                        ignored.append(name)
                else:
                    self.config.set(name, str(value), source)
            self._notify("config")
            if restart:
                self.restart()
            return ignored

    def config_reset(self, scope: str = "all") -> None:
        """configReset: clear the layers of ``scope`` (see ``vvxauto.sim.config``), then restart."""
        with self.lock:
            self.config.reset(scope)
            self._notify("config")
            self.restart()

    def factory_reset(self) -> None:
        """Back to factory defaults (REST off, password 456), call lists cleared; reboots."""
        with self.lock:
            self.config.reset("factory")
            self.history.clear()
            self._last_ended.clear()
            self.skype_signed_in = False
            self.web_sign_in_code = None
            self._notify("config")
            self.restart(reboot=True)

    def update_configuration(self) -> str:
        """Re-read the provisioning server (CONFIG := ``self.provisioning``); returns the state."""
        with self.lock:
            self.config.replace_layer("CONFIG", self.provisioning)
            self._notify("config")
            return "Completed"

    # -- lines ----------------------------------------------------------------------------------

    def line_numbers(self) -> list[int]:
        """Lines the phone shows: 1, plus every further ``reg.N`` with an address."""
        with self.lock:
            found = [1]
            for n in range(2, self.max_lines + 1):
                if self.config.value(f"reg.{n}.address"):
                    found.append(n)
            return found

    def is_registered(self, line: int) -> bool:
        """True when ``reg.N.address`` is provisioned (not the factory placeholder) and the phone is up."""
        with self.lock:
            if not self._up or not 1 <= line <= self.max_lines:
                return False
            found = self.config.lookup(f"reg.{line}.address")
            return bool(found and found[0] and found[1] != "DEFAULT")

    def line_addresses(self) -> dict[int, str]:
        """``{line: address}`` of every registered line, ignoring whether the phone is up."""
        with self.lock:
            out: dict[int, str] = {}
            for n in range(1, self.max_lines + 1):
                found = self.config.lookup(f"reg.{n}.address")
                if found and found[0] and found[1] != "DEFAULT":
                    out[n] = found[0]
            return out

    def registered_lines(self) -> dict[int, str]:
        """``{line: address}`` of the lines registered right now (none while the phone is down)."""
        with self.lock:
            return self.line_addresses() if self._up else {}

    def line_address(self, line: int) -> str:
        """The user part of ``reg.N.address``."""
        with self.lock:
            return self.config.value(f"reg.{line}.address").split("@", 1)[0]

    def display_name(self, line: int) -> str:
        """``reg.N.displayName`` (what the far end sees), else ``reg.N.label``."""
        with self.lock:
            return self.config.value(f"reg.{line}.displayName") or self.config.value(f"reg.{line}.label")

    def can_ring(self, line: int) -> bool:
        """True when a new incoming call may be offered on ``line`` (up, registered, not DND, room)."""
        with self.lock:
            if not self._up or self.dnd or not self.is_registered(line):
                return False
            limit = int(self.config.value(f"reg.{line}.callsPerLineKey", "24") or "24")
            return len([c for c in self.calls if c.line == line]) < limit

    # -- call bookkeeping (used by the exchange) ----------------------------------------------------

    def next_rtp_port(self) -> int:
        """An even RTP port for a new call (RTCP is the next one)."""
        with self.lock:
            port = self._rtp_port
            self._rtp_port = 2222 + (self._rtp_port - 2222 + 2) % 2000
            return port

    def add_call(self, call: SimCall) -> None:
        """Attach ``call`` to this phone (the exchange offers incoming calls this way)."""
        with self.lock:
            call.phone = self
            call.sequence = self._free_sequence(call.line)
            self.calls.append(call)
            if call.dialled:
                self.history.append(call)
            self.call_changed(call)

    def remove_call(self, call: SimCall) -> None:
        """Detach an ended call (after it lingered, for failed calls)."""
        with self.lock:
            if call in self.calls:
                self.calls.remove(call)
                if call.dialled:
                    self._last_ended[call.line] = call
                sent, received = call.packets(self.exchange.now())
                self._media_done = (self._media_done[0] + sent, self._media_done[1] + received)
            self.call_changed(call)

    def call_changed(self, call: SimCall | None) -> None:
        """Bookkeeping after any change of one of this phone's calls; tells the UI."""
        with self.lock:
            live = [c for c in self.calls if not c.ended]
            if not live:
                self.muted = False
                self._route = "handset" if self.off_hook else None
            self._notify("call_state", call)

    def _free_sequence(self, line: int) -> int:
        used = {c.sequence for c in self.calls if c.line == line}
        n = 1
        while n in used:
            n += 1
        return n

    def _notify(self, event: str, call: SimCall | None = None) -> None:
        self.version += 1
        self._telephony_events(call)
        self.ui.on_event(event, call)

    # -- telephony notification events ------------------------------------------------------------

    def _event_base(self) -> dict[str, str]:
        return {
            "PhoneIP": self.ip,
            "MACAddress": self.mac,
            "TimeStamp": self.exchange.clock.now().strftime("%Y-%m-%dT%H:%M:%S"),
        }

    def _call_fields(self, call: SimCall) -> dict[str, str]:
        me = (self.display_name(call.line), self.line_address(call.line))
        them = (call.remote_name, call.remote_number)
        calling, called = (them, me) if call.direction == "Incoming" else (me, them)
        return {
            **self._event_base(),
            "CallReference": call.handle,
            "LineNumber": str(call.line),
            "CallingPartyName": calling[0],
            "CallingPartyNumber": calling[1],
            "CalledPartyName": called[0],
            "CalledPartyNumber": called[1],
        }

    def _telephony_events(self, call: SimCall | None) -> None:
        """Work out which events a change means, then queue the enabled ones for the notifier."""
        events: list[tuple[str, dict[str, str]]] = []
        if call is not None and call.state != call.notified_state:
            before, state = call.notified_state, call.state
            if call.direction == "Incoming" and before == "" and call.phase == "Offering":
                events.append(("IncomingCallEvent", self._call_fields(call)))
            placed = state in ("Setup", "Proceeding", "RingBack", "Connected")
            if call.direction == "Outgoing" and before in ("", "Dialtone") and placed:
                events.append(("OutgoingCallEvent", self._call_fields(call)))
            events.append(
                (
                    "CallStateChangeEvent",
                    {**self._call_fields(call), "CallState": TEL_CALL_STATES.get(state, state)},
                )
            )
            call.notified_state = state
        offhook = self.audio_mode != "idle"
        if offhook != self._reported_offhook:
            self._reported_offhook = offhook
            events.append(("OffHookEvent" if offhook else "OnHookEvent", self._event_base()))
        lines = frozenset(self.registered_lines())
        if lines != self._reported_lines:
            for line in sorted(lines ^ self._reported_lines):
                state = "Registered" if line in lines else "Unregistered"
                fields = {**self._event_base(), "LineNumber": str(line), "RegistrationState": state}
                fields["LineAddress"] = self.line_address(line)
                events.append(("LineRegistrationEvent", fields))
            self._reported_lines = lines
        url = self.config.value("apps.telNotification.URL")
        if not url:
            return
        for kind, fields in events:
            if self.config.value(f"apps.telNotification.{TEL_EVENT_SWITCHES[kind]}") == "1":
                self.exchange.notifier.post(url, telephony_event_xml(kind, fields), kind)

    # -- queries ---------------------------------------------------------------------------------

    def live_calls(self) -> list[SimCall]:
        """Calls not ended (failed calls lingering as Disconnected excluded)."""
        with self.lock:
            return [c for c in self.calls if not c.ended]

    def active_call(self) -> SimCall | None:
        """The call using the audio path (dialtone, outgoing, connected and not held here), newest first."""
        with self.lock:
            for call in reversed(self.calls):
                if call.has_audio:
                    return call
            return None

    def incoming_call(self) -> SimCall | None:
        """The call being offered (a ringing one first)."""
        with self.lock:
            offered = [c for c in self.calls if c.phase == "Offering" and not c.ended]
            ringing = [c for c in offered if c.ringing]
            return (ringing or offered)[0] if (ringing or offered) else None

    def call_by_handle(self, handle: str) -> SimCall:
        """The call with ``handle`` (``0x`` optional); PhoneStatus 4007 when there is none."""
        wanted = normalize_handle(handle)
        with self.lock:
            for call in self.calls:
                if int(call.handle, 16) == wanted:
                    return call
        raise PhoneStatus("4007", detail="no call with that handle")

    def _pick(self, handle: str | None, default: SimCall | None) -> SimCall:
        if handle:
            return self.call_by_handle(handle)
        if default is None:
            raise PhoneStatus("4007", detail="no call")
        return default

    @property
    def is_up(self) -> bool:
        """False while restarting or rebooting (the server answers nothing then)."""
        return self._up

    @property
    def ready(self) -> bool:
        """``ReadyToUse``: False for ``Timing.ready_delay_ms`` after the phone came back."""
        return self._up and self._ready

    def uptime_seconds(self) -> int:
        """Whole seconds since the last boot."""
        with self.lock:
            return max(int(self.exchange.now() - self._boot_mono), 0)

    def media_packets(self) -> tuple[int, int]:
        """RTP packets ``(sent, received)`` since boot, over every call."""
        with self.lock:
            now = self.exchange.now()
            sent, received = self._media_done
            for call in self.calls:
                s, r = call.packets(now)
                sent, received = sent + s, received + r
            return sent, received

    def call_log(self, kind: str) -> list[SimCall]:
        """Call-list entries, newest first: "placed", "received" (answered) or "missed"."""
        with self.lock:
            out: list[SimCall] = []
            for call in reversed(self.history):
                if call.direction == "Outgoing":
                    entry = "placed"
                elif call.connected_mono is not None:
                    entry = "received"
                elif call.ended and call.end_reason != "transferred":
                    entry = "missed"
                else:
                    continue
                if entry == kind:
                    out.append(call)
            return out

    def last_call_time(self) -> datetime | None:
        """Start time of the newest call in the call lists (pollForStatus Idle data)."""
        with self.lock:
            return self.history[-1].start_time if self.history else None

    def sip_calls(self, line: int) -> list[SimCall]:
        """Calls of ``line`` for sipStatus: live ones plus the last ended one for ~40 s."""
        with self.lock:
            calls = [c for c in self.calls if c.line == line]
            last = self._last_ended.get(line)
            if (
                last is not None
                and last not in calls
                and last.ended_mono is not None
                and self.exchange.now() - last.ended_mono <= SIP_STATUS_LINGER_S
            ):
                calls.append(last)
            return calls

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

    # -- hook and audio path ---------------------------------------------------------------------

    @property
    def audio_mode(self) -> str:
        """ "handset", "speaker", "headset" or "idle" (no audio in use)."""
        with self.lock:
            if self.active_call() is None and not self.off_hook:
                return "idle"
            if self._route is not None:
                return self._route
            return "handset" if self.off_hook else "speaker"

    @audio_mode.setter
    def audio_mode(self, mode: str) -> None:
        self.set_audio_mode(mode)

    def set_audio_mode(self, mode: str) -> None:
        """Move the audio path ("handset", "speaker", "headset"; "idle" clears the choice)."""
        with self.lock:
            if mode not in (*AUDIO_ROUTES, "idle"):
                raise ValueError(f"audio mode is one of {', '.join(AUDIO_ROUTES)} or idle, not {mode!r}")
            self._route = None if mode == "idle" else mode
            self._notify("hook")

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
        """The ``ledStatus`` data: every line key, then the model's other LEDs."""
        with self.lock:
            lines: list[dict[str, str]] = []
            for n in range(1, self.layout.line_keys + 1):
                calls = [c for c in self.calls if c.line == n and not c.ended]
                if any(c.phase == "Offering" for c in calls):
                    state = "flash"
                elif any(c.has_audio or c.state == "CallHold" for c in calls):
                    state = "active"
                elif calls:
                    state = "slowFlash"
                else:
                    state = "off"
                entry = {"LineNumber": str(n), "State": state}
                if state != "off":
                    entry = {"LineNumber": str(n), "Color": "green", "State": state}
                lines.append(entry)
            data: dict[str, Any] = {"Lines": lines}
            mode = self.audio_mode
            ringing = any(c.ringing for c in self.calls if not c.ended)
            others = {
                "MWI": ("red", "flash") if ringing or self.messages_waiting else None,
                "Mute": ("red", "on") if self.muted else None,
                "Speaker": ("green", "on") if mode == "speaker" else None,
                "Headset": ("green", "on") if mode == "headset" else None,
            }
            for name in self.layout.leds:
                lit = others.get(name)
                data[name] = {"Color": lit[0], "State": lit[1]} if lit else {"State": "off"}
            return data

    # -- restart ---------------------------------------------------------------------------------

    def restart(self, reboot: bool = False) -> None:
        """End every call and go down for ``Timing.restart_down_ms``; back with uptime reset and
        ``ready`` False for ``Timing.ready_delay_ms``."""
        with self.lock:
            if not self._up:
                return
            for call in list(self.calls):
                self.exchange.hangup(call, "restart")
                self.remove_call(call)
            self.off_hook = False
            self._route = None
            self.muted = False
            self.web_sign_in_code = None
            self._up = False
            self._ready = False
            self.restarts += 1
            self._notify("restart")
            self.exchange.scheduler.call_later(self.exchange.timing.restart_down_ms, self._come_up)

    def _come_up(self) -> None:
        self._up = True
        self._ready = False
        self._boot_mono = self.exchange.now()
        self.boot_time = self.exchange.clock.now()
        self._media_done = (0, 0)
        self.requests = 0
        self._notify("restart")
        self.exchange.scheduler.call_later(self.exchange.timing.ready_delay_ms, self._become_ready)

    def _become_ready(self) -> None:
        if self._up:
            self._ready = True
            self._notify("restart")
