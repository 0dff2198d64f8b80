"""The state of a simulated phone and what reads it: config, lines, call records, queries, restart.

:class:`PhoneState` is the base of :class:`~vvxauto.sim.device.SimPhone`, which sets every
attribute declared here in its constructor and adds call control, the hook keys and the LEDs.
The methods here are the phone's own (the REST handlers, the UI, the exchange and tests call them
on a ``SimPhone``); every one takes ``phone.lock``, the exchange-wide RLock, itself.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from vvxauto.layouts import DeviceLayout
from vvxauto.sim.calls import SimCall
from vvxauto.sim.config import ConfigStore
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.tel_events import TelephonyEvents

if TYPE_CHECKING:
    from vvxauto.sim.ui import PhoneUI

__all__ = [
    "AUDIO_ROUTES",
    "SIP_STATUS_LINGER_S",
    "TRANSFER_TYPES",
    "PhoneState",
    "SkypeAccount",
    "normalize_handle",
]

TRANSFER_TYPES = ("Consultative", "Blind", "Safe")
AUDIO_ROUTES = ("handset", "speaker", "headset")
SIP_STATUS_LINGER_S = 40.0


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


class PhoneState:
    """A simulated phone's state and the methods that read or reset it (base of ``SimPhone``)."""

    exchange: Exchange
    lock: threading.RLock
    role: str
    extension: str
    layout: DeviceLayout
    model: str
    ip: str
    mac: str
    max_lines: int
    config: ConfigStore
    provisioning: dict[str, str]
    skype_account: SkypeAccount | None
    skype_signed_in: bool
    web_sign_in_code: str | None
    dnd: bool
    calls: list[SimCall]
    history: deque[SimCall]
    off_hook: bool
    muted: bool
    _route: str | None
    version: int
    restarts: int
    requests: int
    _up: bool
    _ready: bool
    _boot_mono: float
    boot_time: datetime
    _last_ended: dict[int, SimCall]
    _rtp_port: int
    _media_done: tuple[int, int]
    tel_events: TelephonyEvents
    ui: PhoneUI

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
        self.tel_events.after_change(call)
        self.ui.on_event(event, call)

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

    # -- audio path ------------------------------------------------------------------------------

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
