"""The REST client layer: :class:`VvxClient`, its typed results and its transcript.

``from vvxauto.api import VvxClient`` is the usual entry point; errors live in :mod:`vvxauto.errors`.

Modules: ``client`` (one method per manual command), ``transport`` (HTTP, TLS, auth, lock, retry;
the only place HTTP failures become vvxauto errors), ``types`` and ``results`` (typed results),
``quirks`` (readers for the phones' spellings), ``transcript`` (recent exchanges, redacted).
"""

from __future__ import annotations

from vvxauto.api.client import CallRef, VvxClient
from vvxauto.api.transcript import Exchange, Transcript
from vvxauto.api.transport import InsecurePhoneWarning, normalize_fingerprint
from vvxauto.api.types import (
    BluetoothInfo,
    CallInfo,
    CallLogEntry,
    CallLogs,
    CommunicationInfo,
    ConfigValue,
    DeviceInfo,
    DeviceStats,
    LedState,
    LedStatus,
    LineInfo,
    MediaSession,
    MediaStream,
    NetworkInfo,
    NetworkStats,
    PcPortInfo,
    PollStatus,
    SessionStats,
    SipStatus,
    SipUser,
    TransferType,
    WebSignIn,
    as_bool,
    as_int,
    handles_equal,
    normalize_handle,
)

__all__ = [
    "BluetoothInfo",
    "CallInfo",
    "CallLogEntry",
    "CallLogs",
    "CallRef",
    "CommunicationInfo",
    "ConfigValue",
    "DeviceInfo",
    "DeviceStats",
    "Exchange",
    "InsecurePhoneWarning",
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
    "Transcript",
    "TransferType",
    "VvxClient",
    "WebSignIn",
    "as_bool",
    "as_int",
    "handles_equal",
    "normalize_fingerprint",
    "normalize_handle",
]
