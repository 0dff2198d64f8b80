"""Management.SessionStats and Management.CommunicationInfo: media of the current calls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vvxauto.sim.calls import PAYLOAD_BYTES
from vvxauto.sim.handlers._util import command, tf
from vvxauto.sim.routing import Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall
    from vvxauto.sim.device import SimPhone

CODEC = "G.722"
COMMUNICATION_TYPES = {"sendrecv": "RxTx", "sendonly": "TxOnly", "recvonly": "RxOnly", "inactive": "None"}
_VIDEO_FIELDS = (
    "VideoRxFramerate", "VideoRxFrameWidth", "VideoRxFrameHeight", "VideoRxFastUpdateReqCnt",
    "VideoRxActBitrateKbps", "VideoTxFramerate", "VideoTxFrameWidth", "VideoTxFrameHeight",
    "VideoTxConfigBitrateKbps", "VideoTxFastUpdateReqCnt", "VideoTxActBitrateKbps",
)  # fmt: skip


def media_calls(phone: SimPhone) -> list[SimCall]:
    """Calls with a media session: answered and not over."""
    return [c for c in phone.calls if c.phase == "Connected" and not c.ended]


def _audio(phone: SimPhone, call: SimCall) -> dict[str, str]:
    now = phone.exchange.now()
    sent, received = call.packets(now)
    octets_sent, octets_received = call.octets(now)
    return {
        "Ref": str(call.rtp_port),
        "Category": "0:Voice",
        "PacketsReceived": str(received),
        "PacketsSent": str(sent),
        "OctetsReceived": str(octets_received),
        "OctetsSent": str(octets_sent),
        "PacketsExpected": str(received),
        "PacketsLost": "0",
        "Jitter": "0",
        "MaxJitter": "0",
        "Latency": "0",
        "RxPayloadSize": str(PAYLOAD_BYTES),
        "TxPayloadSize": str(PAYLOAD_BYTES),
        "RxCodec": CODEC,
        "TxCodec": CODEC,
        "RxMOSCQ": "4.1",
        "TxMOSCQ": "4.1",
        "RxMOSLQ": "4.3",
        "TxMOSLQ": "4.3",
    }


def _video(call: SimCall) -> dict[str, str]:
    stream = {
        "Ref": str(call.rtp_port + 2),
        "Category": "1:Video",
        "PacketsReceived": "0",
        "PacketsSent": "0",
        "OctetsReceived": "0",
        "OctetsSent": "0",
        "PacketsExpected": "0",
        "PacketsLost": "0",
        "Jitter": "0",
        "MaxJitter": "0",
        "Latency": "0",
        "RxPayloadSize": "0",
        "TxPayloadSize": "0",
        "RxCodec": "",
        "TxCodec": "",
    }
    stream.update({name: "0" for name in _VIDEO_FIELDS})
    return stream


@command("GET", "/api/v1/mgmt/media/sessionStats", name="Management.SessionStats")
def session_stats(phone: SimPhone, request: SimRequest) -> Reply:
    sessions: list[dict[str, Any]] = []
    for call in media_calls(phone):
        sessions.append(
            {
                "Ref": call.handle,
                "SRTPCall": "False",
                "H235Call": "False",
                "H235DHKey": "",
                "Streams": [_audio(phone, call), _video(call)],
            }
        )
    return ok(sessions)


@command("GET", "/api/v1/mgmt/media/communicationInfo", name="Management.CommunicationInfo")
def communication_info(phone: SimPhone, request: SimRequest) -> Reply:
    calls = media_calls(phone)
    kinds = [COMMUNICATION_TYPES[c.media_direction] for c in calls] or ["Idle"]
    far_muted = [
        c.remote_number for c in calls if c.peer is not None and c.peer.phone is not None and c.peer.muted
    ]
    return ok({"CommunicationType": kinds, "FarEndMuteState": far_muted, "PhoneMuteState": tf(phone.muted)})
