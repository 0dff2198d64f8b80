"""WebCallControl.*: dial, end, mute, transfer, DTMF, hold/resume/answer/ignore/reject, callStatus
(v1 and v2), sipStatus and the call logs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vvxauto.sim.device import SimPhone
from vvxauto.sim.handlers._util import action, command, data_object, field, iso, ref_field, text_field
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall

DIAL_TYPES = ("SIP", "TEL", "H323")


@command("POST", "/api/v1/callctrl/dial", "/api/v1/callctr/dial", name="WebCallControl.Dial")
def dial(phone: SimPhone, request: SimRequest) -> Reply:
    data = data_object(request, required=True)
    dest = text_field(data, "Dest", required=True)
    line = field(data, "Line")
    if line is None or line == "":
        line = 1
    if isinstance(line, bool) or not isinstance(line, (str, int)):
        raise PhoneStatus("4000", detail="Line is a number")
    kind = text_field(data, "Type")
    if kind is not None and kind.upper() not in DIAL_TYPES:
        raise PhoneStatus("4000", detail="Type is SIP, TEL or H323")
    assert dest is not None
    phone.dial(dest, line)
    return ok()


@command("POST", "/api/v1/callctrl/endCall", name="WebCallControl.EndCall")
def end_call(phone: SimPhone, request: SimRequest) -> Reply:
    ref = ref_field(request, required=True)
    phone.end(ref)
    return ok()


@command("POST", "/api/v1/callctrl/mute", name="WebCallControl.MuteCall")
def mute(phone: SimPhone, request: SimRequest) -> Reply:
    data = data_object(request, required=True)
    state = field(data, "state")
    text = str(state).strip().lower() if isinstance(state, (str, int)) and not isinstance(state, bool) else ""
    if text in ("1", "true"):
        on = True
    elif text in ("0", "false"):
        on = False
    else:
        raise PhoneStatus("4000", detail='state is "0" or "1"')
    live = phone.live_calls()
    if not live:
        raise PhoneStatus("4007", detail="no call to mute")
    if phone.active_call() is None and all(c.phase == "Connected" and c.local_hold for c in live):
        raise PhoneStatus("4003", detail="the call is on hold")
    phone.set_mute(on)
    return ok()


@command("POST", "/api/v1/callctrl/transferCall", name="WebCallControl.TransferCall")
def transfer_call(phone: SimPhone, request: SimRequest) -> Reply:
    data = data_object(request, required=True)
    ref = text_field(data, "Ref", required=True)
    dest = text_field(data, "TransferDest", required=True)
    assert dest is not None
    phone.transfer(ref, dest)
    return ok()


@command("POST", "/api/v1/callctrl/sendDTMF", name="WebCallControl.SendDTMF")
def send_dtmf(phone: SimPhone, request: SimRequest) -> Reply:
    data = data_object(request, required=True)
    digits = text_field(data, "Digits", required=True)
    assert digits is not None
    phone.send_dtmf(digits)
    return ok()


def _with_ref(act: Callable[[SimPhone, str | None], object]) -> Callable[[SimPhone, SimRequest], object]:
    """A call-control action on the call the optional ``Ref`` names (default: the one it means)."""
    return lambda phone, request: act(phone, ref_field(request))


for _path, _name, _act in (
    ("/api/v1/callctrl/holdCall", "WebCallControl.HoldCall", SimPhone.hold),
    ("/api/v1/callctrl/resumeCall", "WebCallControl.ResumeCall", SimPhone.resume),
    ("/api/v1/callctrl/answerCall", "WebCallControl.AnswerCall", SimPhone.answer),
    ("/api/v1/callctrl/ignoreCall", "WebCallControl.IgnoreCall", SimPhone.ignore),
    ("/api/v1/callctrl/rejectCall", "WebCallControl.RejectCall", SimPhone.reject),
):
    action("POST", _path, name=_name, act=_with_ref(_act))


# -- callStatus ------------------------------------------------------------------------------------


def _sip_uri(phone: SimPhone, call: SimCall) -> str:
    host = call.remote_ip or phone.exchange.domain
    return f"sip:{call.remote_number}@{host}" if call.remote_number else ""


def call_v1(phone: SimPhone, call: SimCall) -> dict[str, str]:
    """One call as v1 callStatus shows it (``LineId``, as real phones spell it)."""
    return {
        "CallHandle": call.handle,
        "Type": call.direction,
        "Protocol": call.protocol,
        "CallState": call.state,
        "LineId": str(call.line),
        "RemotePartyName": call.remote_name,
        "RemotePartyNumber": _sip_uri(phone, call),
        "DurationInSeconds": str(call.duration(phone.exchange.now())),
    }


def call_v2(phone: SimPhone, call: SimCall) -> dict[str, str]:
    """One call as v2 callStatus shows it."""
    duration = str(call.duration(phone.exchange.now()))
    appearance = str(call.appearance)
    if call is phone.active_call():
        appearance += "*"
    return {
        "Remote Connection IP": call.remote_ip,
        "Media Direction": call.media_direction,
        "CallHandle": call.handle,
        "Type": call.direction,
        "RemotePartyName": call.remote_name,
        "RemotePartyNumber": call.remote_number,
        "CallState": call.state,
        "Protocol": call.protocol,
        "StartTime": iso(call.start_time),
        "DurationSeconds": duration,
        "DurationInSeconds": duration,
        "LineID": str(call.line),
        "CallSequence": str(call.sequence),
        "UIAppearanceIndex": appearance,
        "Ringing": "1" if call.ringing else "0",
        "Muted": "1" if call.muted else "0",
        "RTPPort": str(call.rtp_port),
        "RTCPPort": str(call.rtp_port + 1),
    }


@command("GET", "/api/v1/webCallControl/callStatus", name="Management.CallStatus")
def call_status_v1(phone: SimPhone, request: SimRequest) -> Reply:
    call = phone.active_call() or phone.incoming_call() or (phone.calls[-1] if phone.calls else None)
    if call is None:
        raise PhoneStatus("4007", detail="no call")
    return ok(call_v1(phone, call))


def _int_query(value: str, name: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise PhoneStatus("4000", detail=f"{name} is a number") from None
    if number < 1:
        raise PhoneStatus("4000", detail=f"{name} is a positive number")
    return number


@command("GET", "/api/v2/webCallControl/callStatus", name="WebCallControl.CallStatusV2")
def call_status_v2(phone: SimPhone, request: SimRequest) -> Reply:
    query = {k.lower(): v for k, v in request.query.items()}
    handle, line, sequence = query.get("handle"), query.get("line"), query.get("sequence")
    if handle is not None:
        if line is not None or sequence is not None:
            raise PhoneStatus("4000", detail="handle goes alone")
        return ok([call_v2(phone, phone.call_by_handle(handle))])
    if sequence is not None and line is None:
        raise PhoneStatus("4000", detail="sequence needs line")
    calls = list(phone.calls)
    if line is not None:
        number = _int_query(line, "line")
        calls = [c for c in calls if c.line == number]
        if sequence is not None:
            wanted = _int_query(sequence, "sequence")
            calls = [c for c in calls if c.sequence == wanted]
            if not calls:
                raise PhoneStatus("4007", detail="no call with that sequence")
    return ok([call_v2(phone, c) for c in calls])


# -- sipStatus -------------------------------------------------------------------------------------


def _register_call_id(phone: SimPhone, line: int) -> str:
    digest = hashlib.sha256(f"{phone.mac}/{line}/{phone.restarts}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:16]}-{digest[16:24]}@{phone.ip}"


@command("GET", "/api/v1/webCallControl/sipStatus", name="WebCallControl.SipStatus")
def sip_status(phone: SimPhone, request: SimRequest) -> Reply:
    users: list[dict[str, Any]] = []
    expires_total = int(phone.config.value("voIpProt.server.1.expires", "3600") or "3600")
    for line in phone.line_numbers():
        registered = phone.is_registered(line)
        event: dict[str, str] = {
            "Type": "Register",
            "Overlap": "120",
            "CallID": _register_call_id(phone, line),
            "RegistrationState": "Registered" if registered else "Unregistered",
            "Expires": str(expires_total - phone.uptime_seconds() % expires_total) if registered else "0",
        }
        calls = [{"CallState": c.state, "CallID": c.call_id} for c in phone.sip_calls(line)]
        users.append(
            {
                "Name": phone.line_address(line),
                "TotalEvents": "1",
                "LineNumber": str(line),
                "Events": [event],
                "TotalCalls": str(len(calls)),
                "Calls": calls,
            }
        )
    return ok({"User": users, "TotalUser": str(len(users))})


# -- call logs -------------------------------------------------------------------------------------

LOG_KINDS = ("missed", "received", "placed")


def log_entry(phone: SimPhone, call: SimCall) -> dict[str, str]:
    """One call-list entry (Duration: whole seconds connected)."""
    return {
        "LineNumber": str(call.line),
        "StartTime": iso(call.start_time),
        "RemotePartyName": call.remote_name,
        "RemotePartyNumber": call.remote_number,
        "Duration": str(call.talk_seconds(phone.exchange.now())),
    }


def _logs(phone: SimPhone, kinds: tuple[str, ...]) -> Reply:
    return ok({kind: [log_entry(phone, c) for c in phone.call_log(kind)] for kind in kinds})


@command("GET", "/api/v1/mgmt/callLogs", "/api/v1/callctrl/callLogs", name="WebCallControl.CallLogs")
def call_logs(phone: SimPhone, request: SimRequest) -> Reply:
    return _logs(phone, LOG_KINDS)


@command("GET", "/api/v1/mgmt/callLogs/missed", name="WebCallControl.CallLogs")
def call_logs_missed(phone: SimPhone, request: SimRequest) -> Reply:
    return _logs(phone, ("missed",))


@command("GET", "/api/v1/mgmt/callLogs/received", name="WebCallControl.CallLogs")
def call_logs_received(phone: SimPhone, request: SimRequest) -> Reply:
    return _logs(phone, ("received",))


@command("GET", "/api/v1/mgmt/callLogs/placed", name="WebCallControl.CallLogs")
def call_logs_placed(phone: SimPhone, request: SimRequest) -> Reply:
    return _logs(phone, ("placed",))
