"""Typed results of the information commands: statistics, call logs, media, SIP, Bluetooth, Skype.

Like :mod:`vvxauto.api.types` (which re-exports them): frozen dataclasses built by ``from_raw``,
``.raw`` keeping the phone's keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from vvxauto.api.quirks import (
    as_bool,
    as_float,
    as_int,
    as_list,
    as_mapping,
    clean_keys,
    first_of,
    opt_text,
    parse_time,
    raw_field,
    text,
    uptime_seconds,
)

__all__ = [
    "BluetoothInfo",
    "CallLogEntry",
    "CallLogs",
    "CommunicationInfo",
    "DeviceStats",
    "MediaSession",
    "MediaStream",
    "NetworkInfo",
    "NetworkStats",
    "PcPortInfo",
    "SessionStats",
    "SipStatus",
    "SipUser",
    "WebSignIn",
]


def _texts(value: Any) -> tuple[str, ...]:
    """A list of strings (a single value counts as a list of one)."""
    return tuple(text(x) for x in as_list(value))


def _mappings(value: Any) -> tuple[Mapping[str, Any], ...]:
    """The JSON objects of a list (anything else in it is skipped)."""
    return tuple(x for x in as_list(value) if isinstance(x, Mapping))


@dataclass(frozen=True)
class DeviceStats:
    """Management.DeviceStats: CPU load and memory (bytes)."""

    cpu_current: float | None
    cpu_average: float | None
    memory_used: int | None
    memory_free: int | None
    memory_total: int | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> DeviceStats:
        """From the ``data`` of device/stats."""
        m = clean_keys(d)
        cpu = as_mapping(m.get("CPU"))
        mem = as_mapping(m.get("Memory"))
        return cls(
            as_float(cpu.get("Current")),
            as_float(cpu.get("Average")),
            as_int(mem.get("Used")),
            as_int(mem.get("Free")),
            as_int(mem.get("Total")),
            m,
        )


@dataclass(frozen=True)
class NetworkInfo:
    """Management.NetworkInfo (the main fields; everything else in ``raw``)."""

    ipv4: str | None
    subnet_mask: str | None
    gateway: str | None
    dns_server: str | None
    dhcp: bool | None
    vlan_id: str | None
    lldp: bool | None
    lan_speed: str | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> NetworkInfo:
        """From the ``data`` of network/info."""
        m = clean_keys(d)
        return cls(
            opt_text(first_of(m, "IPv4Address", "IPV4Address")),
            opt_text(m.get("SubnetMask")),
            opt_text(m.get("DefaultGateway")),
            opt_text(m.get("DNSServer")),
            as_bool(m.get("DHCP")),
            opt_text(m.get("VLANID")),
            as_bool(m.get("LLDP")),
            opt_text(m.get("LANSpeed")),
            m,
        )


@dataclass(frozen=True)
class NetworkStats:
    """Management.NetworkStatistics."""

    uptime: str | None
    rx_packets: int | None
    tx_packets: int | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> NetworkStats:
        """From the ``data`` of network/stats."""
        m = clean_keys(d)
        return cls(opt_text(m.get("UpTime")), as_int(m.get("RxPackets")), as_int(m.get("TxPackets")), m)

    @property
    def uptime_seconds(self) -> int | None:
        """:attr:`uptime` in seconds, when it can be read."""
        return uptime_seconds(self.uptime)


# ------------------------------------------------------------------------------------ call logs


@dataclass(frozen=True)
class CallLogEntry:
    """One call log entry (``kind`` is ``missed``, ``received`` or ``placed``)."""

    kind: str
    line: int | None
    start_time: str | None
    remote_name: str
    remote_number: str
    duration: str | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, kind: str, d: Any) -> CallLogEntry:
        """From one entry of callLogs."""
        m = clean_keys(d)
        return cls(
            kind,
            as_int(first_of(m, "LineNumber", "LineID", "LineId")),
            opt_text(m.get("StartTime")),
            text(m.get("RemotePartyName")),
            text(m.get("RemotePartyNumber")),
            opt_text(m.get("Duration")),
            m,
        )

    @property
    def started(self) -> datetime | None:
        """:attr:`start_time` parsed, when it is ISO 8601."""
        return parse_time(self.start_time)

    @property
    def duration_seconds(self) -> int | None:
        """:attr:`duration` in seconds, when it can be read."""
        return uptime_seconds(self.duration)


_LOG_KINDS = ("missed", "received", "placed")


@dataclass(frozen=True)
class CallLogs:
    """WebCallControl.CallLogs: missed, received and placed calls."""

    missed: tuple[CallLogEntry, ...] = ()
    received: tuple[CallLogEntry, ...] = ()
    placed: tuple[CallLogEntry, ...] = ()
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any, kind: str | None = None) -> CallLogs:
        """From callLogs ``data``: ``{"missed": [...], ...}``, or a bare list for ``callLogs/<kind>``."""
        if isinstance(d, list):
            m: dict[str, Any] = {kind or "placed": d}
        else:
            m = {k.lower(): v for k, v in clean_keys(d).items()}
        parts = {k: tuple(CallLogEntry.from_raw(k, e) for e in as_list(m.get(k))) for k in _LOG_KINDS}
        return cls(parts["missed"], parts["received"], parts["placed"], d if isinstance(d, Mapping) else m)

    def all(self) -> list[CallLogEntry]:
        """Every entry: missed, then received, then placed."""
        return [*self.missed, *self.received, *self.placed]


# ---------------------------------------------------------------------------------------- media


@dataclass(frozen=True)
class MediaStream:
    """One stream of a media session (``category`` like ``"0:Voice"`` or ``"1:Video"``)."""

    ref: str
    category: str
    packets_received: int | None
    packets_sent: int | None
    packets_lost: int | None
    jitter: str | None
    latency: str | None
    rx_codec: str | None
    tx_codec: str | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> MediaStream:
        """From one item of a session's ``Streams``."""
        m = clean_keys(d)
        return cls(
            text(m.get("Ref")),
            text(m.get("Category")),
            as_int(m.get("PacketsReceived")),
            as_int(m.get("PacketsSent")),
            as_int(m.get("PacketsLost")),
            opt_text(m.get("Jitter")),
            opt_text(m.get("Latency")),
            opt_text(first_of(m, "RxCodec", "RxCCodec")),
            opt_text(m.get("TxCodec")),
            m,
        )

    @property
    def is_video(self) -> bool:
        """True for a video stream."""
        return "video" in self.category.lower()

    @property
    def is_audio(self) -> bool:
        """True for a voice stream."""
        return "voice" in self.category.lower() or "audio" in self.category.lower()


@dataclass(frozen=True)
class MediaSession:
    """One media session of sessionStats."""

    ref: str
    srtp: bool | None
    streams: tuple[MediaStream, ...]
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> MediaSession:
        """From one item of sessionStats ``data``."""
        m = clean_keys(d)
        streams = tuple(MediaStream.from_raw(s) for s in as_list(m.get("Streams")))
        return cls(text(m.get("Ref")), as_bool(m.get("SRTPCall")), streams, m)

    @property
    def audio_streams(self) -> list[MediaStream]:
        """The voice streams (an audio call also lists an empty video stream)."""
        return [s for s in self.streams if s.is_audio]


@dataclass(frozen=True)
class SessionStats:
    """Management.SessionStats."""

    sessions: tuple[MediaSession, ...]
    raw: Any = field(default=None, compare=False, hash=False, repr=False)

    @classmethod
    def from_raw(cls, d: Any) -> SessionStats:
        """From sessionStats ``data`` (a list, or one session object)."""
        if isinstance(d, Mapping):
            items: list[Any] = [d] if d else []
        else:
            items = as_list(d)
        return cls(tuple(MediaSession.from_raw(s) for s in items), d)


@dataclass(frozen=True)
class CommunicationInfo:
    """Management.CommunicationInfo."""

    communication_types: tuple[str, ...]
    far_end_mute: tuple[str, ...]
    phone_muted: bool | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> CommunicationInfo:
        """From the ``data`` of media/communicationInfo."""
        m = clean_keys(d)
        return cls(
            _texts(m.get("CommunicationType")),
            _texts(m.get("FarEndMuteState")),
            as_bool(m.get("PhoneMuteState")),
            m,
        )


# ------------------------------------------------------------------------------------ sip & misc


@dataclass(frozen=True)
class SipUser:
    """One user (line) of sipStatus."""

    name: str
    line: int | None
    events: tuple[Mapping[str, Any], ...]
    calls: tuple[Mapping[str, Any], ...]
    raw: Mapping[str, Any] = raw_field()

    @property
    def registration_state(self) -> str | None:
        """The RegistrationState of the user's Register event, if any."""
        for e in self.events:
            if text(e.get("Type")).lower() == "register":
                return opt_text(e.get("RegistrationState"))
        return None


@dataclass(frozen=True)
class SipStatus:
    """WebCallControl.SipStatus."""

    users: tuple[SipUser, ...]
    total_users: int | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> SipStatus:
        """From the ``data`` of sipStatus."""
        m = clean_keys(d)
        users = []
        for u in as_list(m.get("User")):
            um = clean_keys(u)
            users.append(
                SipUser(
                    text(um.get("Name")),
                    as_int(um.get("LineNumber")),
                    _mappings(um.get("Events")),
                    _mappings(um.get("Calls")),
                    um,
                )
            )
        return cls(tuple(users), as_int(m.get("TotalUser")), m)


@dataclass(frozen=True)
class BluetoothInfo:
    """Management.BluetoothInfo."""

    enabled: bool | None
    version: str | None
    devices: tuple[Mapping[str, Any], ...]
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> BluetoothInfo:
        """From the ``data`` of blueTooth/info."""
        m = clean_keys(d)
        return cls(
            as_bool(m.get("Enabled")),
            opt_text(m.get("Version")),
            _mappings(m.get("Devices")),
            m,
        )


@dataclass(frozen=True)
class PcPortInfo:
    """Management.PC_Port_Info."""

    status: str | None
    mac: str | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> PcPortInfo:
        """From the ``data`` of pcPort/info."""
        m = clean_keys(d)
        return cls(opt_text(m.get("PCPortStatus")), opt_text(m.get("PCMacAddress")), m)

    @property
    def active(self) -> bool:
        """True when the PC port is active."""
        return (self.status or "").lower() == "active"


@dataclass(frozen=True)
class WebSignIn:
    """Management.WebSignIn: where to go and the code to type there."""

    uri: str | None
    code: str | None
    raw: Mapping[str, Any] = raw_field()

    @classmethod
    def from_raw(cls, d: Any) -> WebSignIn:
        """From the ``data`` of webSignIn."""
        m = clean_keys(d)
        return cls(opt_text(first_of(m, "Uri", "URI", "Url")), opt_text(m.get("Code")), m)
