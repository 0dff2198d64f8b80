"""Typed results of the REST commands, absorbing what real phones do beyond the manual.

This module holds the phone-state results (calls, config, LEDs, lines, device, poll status) and
re-exports the others (:mod:`vvxauto.api.results`) and the quirk readers (:mod:`vvxauto.api.quirks`).
Every result is a frozen dataclass built by ``from_raw`` from the ``data`` member of the phone's
answer; ``.raw`` keeps that member as the phone sent it (the manual's key names), for anything the
typed fields do not cover. Quirks absorbed here (see PHONE_FACTS.md):

- booleans as strings (``"True"``/``"False"``, ``"1"``/``"0"``, ``"Yes"``/``"No"``) or real booleans;
- numbers as strings; ``Status`` as a string or a number;
- ``LineId`` (v1) / ``LineID`` (v2); ``Value``/``value`` and ``Source``/``source``;
  ``DurationSeconds``/``DurationInSeconds``; ``"Media Direction"`` with a space;
- call handles with or without ``0x``, in any case (normalised to lower-case hex without ``0x``);
- ``RegistrationStatus`` in any case; stray spaces in key names (``"ModelNumber "``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from vvxauto.api.quirks import (
    as_bool,
    as_int,
    as_list,
    as_mapping,
    clean_keys,
    first_of,
    handles_equal,
    normalize_handle,
    opt_text,
    parse_time,
    raw_field,
    status_text,
    text,
    uptime_seconds,
)
from vvxauto.api.results import (
    BluetoothInfo,
    CallLogEntry,
    CallLogs,
    CommunicationInfo,
    DeviceStats,
    MediaSession,
    MediaStream,
    NetworkInfo,
    NetworkStats,
    PcPortInfo,
    SessionStats,
    SipStatus,
    SipUser,
    WebSignIn,
)

__all__ = [
    "BluetoothInfo",
    "CallInfo",
    "CallLogEntry",
    "CallLogs",
    "CommunicationInfo",
    "ConfigValue",
    "DeviceInfo",
    "DeviceStats",
    "LedState",
    "LedStatus",
    "LineInfo",
    "MediaSession",
    "MediaStream",
    "NetworkInfo",
    "NetworkStats",
    "PcPortInfo",
    "PollStatus",
    "SessionStats",
    "SipStatus",
    "SipUser",
    "TransferType",
    "WebSignIn",
    "as_bool",
    "as_int",
    "call_list",
    "handles_equal",
    "normalize_handle",
    "status_text",
]


# --------------------------------------------------------------------------------------- calls


@dataclass(frozen=True)
class CallInfo:
    """One call, from callStatus v1 (one object) or v2 (one list item)."""

    handle: str
    line: int | None
    state: str
    ringing: bool = False
    muted: bool = False
    type: str = ""  # "Incoming" / "Outgoing" (the manual's "Type")
    remote_name: str = ""
    remote_number: str = ""
    duration: int | None = None  # seconds
    start_time: datetime | None = None
    sequence: int | None = None
    appearance: str | None = None  # UIAppearanceIndex, e.g. "1*" ("*" = the active call)
    media_direction: str | None = None  # "sendrecv", "sendonly", "recvonly", "inactive"
    protocol: str | None = None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Mapping[str, Any]) -> CallInfo:
        """Build from one call object of either version."""
        g = d.get
        line = g("LineID")
        if line is None:
            line = g("LineId")
        dur = g("DurationSeconds")
        if dur is None:
            dur = g("DurationInSeconds")
        media = g("Media Direction")
        if media is None:
            media = g("MediaDirection")
        state = g("CallState")
        return cls(
            handle=normalize_handle(g("CallHandle", "")),
            line=as_int(line),
            state="" if state is None else str(state).strip(),
            ringing=as_bool(g("Ringing"), False) or False,
            muted=as_bool(g("Muted"), False) or False,
            type=text(g("Type")).strip(),
            remote_name=text(g("RemotePartyName")),
            remote_number=text(g("RemotePartyNumber")),
            duration=as_int(dur),
            start_time=parse_time(g("StartTime")),
            sequence=as_int(g("CallSequence")),
            appearance=opt_text(g("UIAppearanceIndex")),
            media_direction=opt_text(media),
            protocol=opt_text(g("Protocol")),
            raw=d,
        )

    @property
    def direction(self) -> str:
        """``"Incoming"`` or ``"Outgoing"`` (same as :attr:`type`)."""
        return self.type

    @property
    def incoming(self) -> bool:
        """True for a call that came in."""
        return self.type.lower() == "incoming"

    @property
    def appearance_index(self) -> int | None:
        """The UI appearance number without the active marker."""
        return as_int(self.appearance.rstrip("*")) if self.appearance else None

    @property
    def is_active_appearance(self) -> bool:
        """True when the phone marks this call as the active one (``UIAppearanceIndex`` ends in ``*``)."""
        return bool(self.appearance and self.appearance.endswith("*"))

    def is_state(self, *states: str) -> bool:
        """True when the call's state is one of ``states`` (case-insensitive)."""
        s = self.state.lower()
        return any(s == x.lower() for x in states)


# -------------------------------------------------------------------------------------- config


@dataclass(frozen=True)
class ConfigValue:
    """One parameter from config/get: its value and its source (CONFIG, WEB, LOCAL, DEFAULT, DEVICE)."""

    value: str | None
    source: str | None = None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> ConfigValue:
        """From ``{"Value": ..., "Source": ...}`` (real phones) or ``{"value", "source"}`` (manual)."""
        if not isinstance(d, Mapping):  # a bare value
            return cls(opt_text(d), None, {"Value": d})
        value = first_of(d, "Value", "value")
        source = first_of(d, "Source", "source")
        return cls(opt_text(value), opt_text(source), d)

    def __str__(self) -> str:
        return self.value or ""


class TransferType(StrEnum):
    """The phone's transfer type (Management.GetTransferType / SetTransferType)."""

    CONSULTATIVE = "Consultative"
    BLIND = "Blind"
    SAFE = "Safe"
    UNKNOWN = "Unknown"

    @classmethod
    def parse(cls, value: Any) -> TransferType:
        """Case-insensitive; anything else is UNKNOWN."""
        v = text(value).strip().lower()
        for t in cls:
            if t.value.lower() == v:
                return t
        return cls.UNKNOWN


# ----------------------------------------------------------------------------------------- leds


@dataclass(frozen=True)
class LedState:
    """One LED: its name (``Line1``, ``MWI``, ``Mute``, ``Speaker``, ``Headset``), colour and state."""

    name: str
    state: str  # "off", "on", "active", "flashing", ... as the phone says
    color: str | None = None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, name: str, d: Any) -> LedState:
        """From ``{"Color": ..., "State": ...}``."""
        m = as_mapping(d)
        color = first_of(m, "Color", "Colour", "color")
        state = first_of(m, "State", "state")
        return cls(name, text(state).strip().lower() or "off", str(color).lower() if color else None, m)

    @property
    def on(self) -> bool:
        """True unless the LED is off."""
        return self.state != "off"

    @property
    def colour(self) -> str | None:
        """British spelling of :attr:`color`."""
        return self.color


@dataclass(frozen=True)
class LedStatus:
    """Management.LedStatus: line LEDs by line number and the MWI, Mute, Speaker and Headset LEDs."""

    lines: Mapping[int, LedState]
    mwi: LedState | None = None
    mute: LedState | None = None
    speaker: LedState | None = None
    headset: LedState | None = None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> LedStatus:
        """From the ``data`` of ledStatus."""
        m = clean_keys(d)
        lines: dict[int, LedState] = {}
        for item in as_list(m.get("Lines")):
            if isinstance(item, Mapping):
                n = as_int(first_of(item, "LineNumber", "LineID", "LineId", "ID"))
                if n is not None:
                    lines[n] = LedState.from_raw(f"Line{n}", item)
        by_lower = {k.lower(): v for k, v in m.items()}

        def one(name: str) -> LedState | None:
            v = by_lower.get(name.lower())
            return LedState.from_raw(name, v) if v is not None else None

        return cls(lines, one("MWI"), one("Mute"), one("Speaker"), one("Headset"), m)

    def names(self) -> list[str]:
        """Every LED this answer reports (``Line1``, ..., ``MWI``, ``Mute``, ``Speaker``, ``Headset``)."""
        out = [f"Line{n}" for n in sorted(self.lines)]
        out += [x.name for x in (self.mwi, self.mute, self.speaker, self.headset) if x is not None]
        return out

    def led(self, name: str) -> LedState:
        """The LED called ``name`` (case-insensitive: ``"Line1"``, ``"line 2"``, ``"MWI"``, ``"mute"``).

        Raises KeyError naming the LEDs reported when there is no such LED.
        """
        key = name.strip().lower().replace(" ", "")
        if key.startswith("line"):
            n = as_int(key[4:])
            if n is not None and n in self.lines:
                return self.lines[n]
        else:
            found = {
                "mwi": self.mwi,
                "mute": self.mute,
                "micmute": self.mute,
                "speaker": self.speaker,
                "handsfree": self.speaker,
                "headset": self.headset,
            }.get(key)
            if found is not None:
                return found
        raise KeyError(f"no LED {name!r}; reported: {', '.join(self.names()) or 'none'}")

    def __getitem__(self, name: str) -> LedState:
        return self.led(name)


# ---------------------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class LineInfo:
    """One line, from lineInfo v1 or v2 (fields the version lacks are None)."""

    number: int | None
    label: str
    registration_status: str  # as the phone says ("Registered", "unregistered", ...)
    address: str | None = None  # v1 SIPAddress / v2 Username
    user_id: str | None = None
    line_type: str | None = None  # "Private" / "Shared"
    protocol: str | None = None
    proxy: str | None = None
    port: int | None = None
    assigned: bool | None = None
    active: bool | None = None
    do_not_disturb: bool | None = None
    call_appearances: tuple[str, ...] = ()
    call_servers: tuple[Mapping[str, Any], ...] = ()
    forwarding: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> LineInfo:
        """From one item of lineInfo v1 or v2."""
        m = clean_keys(d)
        servers = tuple(s for s in as_list(m.get("CallServers")) if isinstance(s, Mapping))
        first_server: Mapping[str, Any] = servers[0] if servers else {}
        return cls(
            number=as_int(first_of(m, "LineNumber", "ID", "LineID", "LineId")),
            label=text(m.get("Label")),
            registration_status=text(m.get("RegistrationStatus")).strip(),
            address=opt_text(first_of(m, "SIPAddress", "Username")),
            user_id=opt_text(first_of(m, "UserID", "Username")),
            line_type=opt_text(first_of(m, "LineType", "Type")),
            protocol=opt_text(m.get("Protocol")),
            proxy=opt_text(m.get("ProxyAddress")) or opt_text(first_server.get("Address")),
            port=as_int(m.get("Port")) if m.get("Port") is not None else as_int(first_server.get("Port")),
            assigned=as_bool(m.get("Assigned")),
            active=as_bool(m.get("Active")),
            do_not_disturb=as_bool(m.get("DoNotDisturb")),
            call_appearances=tuple(normalize_handle(h) for h in as_list(m.get("CallAppearances")) if h),
            call_servers=servers,
            forwarding=as_mapping(m.get("ForwardingConfig")),
            raw=m,
        )

    @property
    def registered(self) -> bool:
        """True when the phone reports the line registered (any case)."""
        return self.registration_status.lower() == "registered"


# --------------------------------------------------------------------------------------- device


@dataclass(frozen=True)
class DeviceInfo:
    """Management.DeviceInfo v1 or v2 (fields the version lacks are None)."""

    model: str
    firmware: str  # v1 FirmwareRelease, v2 Firmware.Application (e.g. "6.1.0.1234 12-Aug-19 10:00")
    mac: str
    ip: str | None = None
    ipv6: str | None = None
    vendor: str | None = None
    device_type: str | None = None
    uptime_seconds: int | None = None
    ready_to_use: bool | None = None
    app_state: str | None = None
    can_apply_shutdown: bool | None = None
    intend_to_shutdown: bool | None = None
    updater: str | None = None
    boot_block: str | None = None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> DeviceInfo:
        """From the ``data`` of device/info (v1) or v2."""
        m = clean_keys(d)
        fw = m.get("Firmware")
        fw_map = clean_keys(fw) if isinstance(fw, Mapping) else {}
        firmware = (
            first_of(m, "FirmwareRelease") or fw_map.get("Application") or (fw if isinstance(fw, str) else "")
        )
        return cls(
            model=text(m.get("ModelNumber")).strip(),
            firmware=text(firmware).strip(),
            mac=text(m.get("MACAddress")).strip(),
            ip=opt_text(first_of(m, "IPAddress", "IPV4Address", "IPv4Address")),
            ipv6=opt_text(first_of(m, "IPv6Address", "IPV6Address")),
            vendor=opt_text(m.get("DeviceVendor")),
            device_type=opt_text(m.get("DeviceType")),
            uptime_seconds=uptime_seconds(first_of(m, "UpTime", "UpTimeSinceLastReboot")),
            ready_to_use=as_bool(m.get("ReadyToUse")),
            app_state=opt_text(m.get("AppState")),
            can_apply_shutdown=as_bool(m.get("CanApplyShutdownRequest")),
            intend_to_shutdown=as_bool(m.get("IntendToShutdown")),
            updater=opt_text(fw_map.get("Updater")),
            boot_block=opt_text(fw_map.get("BootBlock")),
            raw=m,
        )

    @property
    def firmware_version(self) -> str:
        """The version part of :attr:`firmware` (``"6.1.0.1234"``)."""
        return self.firmware.split()[0] if self.firmware else ""


@dataclass(frozen=True)
class PollStatus:
    """Management.PollForStatus: ``Idle`` (StateData: last call time), ``Active`` (duration) or ``Error``."""

    state: str
    state_data: str | None = None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> PollStatus:
        """From the ``data`` of pollForStatus."""
        m = clean_keys(d)
        return cls(text(m.get("State")).strip(), opt_text(m.get("StateData")), m)

    @property
    def idle(self) -> bool:
        """True when the phone reports Idle."""
        return self.state.lower() == "idle"

    @property
    def active(self) -> bool:
        """True when the phone reports an active call."""
        return self.state.lower() == "active"

    @property
    def error(self) -> bool:
        """True when the phone reports Error (e.g. applications not ready)."""
        return self.state.lower() == "error"


def call_list(data: Any) -> list[CallInfo]:
    """callStatus v2 ``data`` (a list, one object, or nothing) as CallInfo items."""
    if not data:
        return []
    if isinstance(data, Mapping):
        return [CallInfo.from_raw(data)]
    if isinstance(data, Sequence) and not isinstance(data, str):
        return [CallInfo.from_raw(c) for c in data if isinstance(c, Mapping)]
    return []
