"""What the REST views show of a phone's state, through the routes but without HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import vvxauto.sim.handlers  # noqa: F401 - registers every route
from vvxauto.sim.device import SimPhone, SkypeAccount
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.routing import PhoneStatus, SimRequest, resolve
from vvxauto.sim.timing import ManualClock, Timing


def rest(phone: SimPhone, method: str, path: str, body: Any = None, **query: str) -> dict[str, Any]:
    """Run one command as the server would; returns the JSON body (errors as {"Status": code})."""
    route, params, _ = resolve(method, path)
    assert route is not None, f"no route for {method} {path}"
    request = SimRequest(method, path, query=dict(query), body=body, params=params)
    try:
        reply = route.handler(phone, request)
    except PhoneStatus as status:
        return {"Status": status.code}
    assert isinstance(reply.body, dict)
    return reply.body


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def lab(clock: ManualClock) -> Iterator[list[SimPhone]]:
    exchange = Exchange(clock=clock)
    yield [
        SimPhone(exchange, "alice", "1001", "VVX 411", password="pw"),
        SimPhone(exchange, "bob", "1002", "VVX 601", password="pw"),
        SimPhone(exchange, "carol", "1003", "VVX 101", password="pw"),
    ]
    exchange.close()


def connect(a: SimPhone, b: SimPhone) -> None:
    a.dial(b.extension)
    b.answer()


def test_call_status_v1_is_one_object_or_4007(lab: list[SimPhone], clock: ManualClock) -> None:
    alice, bob, _ = lab
    assert rest(alice, "GET", "/api/v1/webCallControl/callStatus") == {"Status": "4007"}
    connect(alice, bob)
    clock.advance(7)
    data = rest(alice, "GET", "/api/v1/webCallControl/callStatus")["data"]
    assert data["LineId"] == "1" and data["CallState"] == "Connected" and data["Type"] == "Outgoing"
    assert data["RemotePartyNumber"] == "sip:1002@127.0.0.1" and data["RemotePartyName"] == "Bob"
    assert data["DurationInSeconds"] == "7"


def test_call_status_v2_lists_calls_with_query_rules(lab: list[SimPhone]) -> None:
    alice, bob, carol = lab
    path = "/api/v2/webCallControl/callStatus"
    assert rest(alice, "GET", path) == {"Status": "2000", "data": []}
    connect(alice, bob)
    second = alice.dial("1003")
    calls = rest(alice, "GET", path)["data"]
    assert [c["CallState"] for c in calls] == ["Hold", "RingBack"]
    assert [c["UIAppearanceIndex"] for c in calls] == ["1", "2*"]
    assert calls[0]["Media Direction"] == "sendonly" and calls[0]["LineID"] == "1"
    incoming = rest(carol, "GET", path)["data"][0]
    assert incoming["Ringing"] == "1" and incoming["Type"] == "Incoming"
    assert rest(alice, "GET", path, handle=second.handle)["data"][0]["CallHandle"] == second.handle
    assert rest(alice, "GET", path, handle="0x" + second.handle)["data"][0]["CallSequence"] == "2"
    assert rest(alice, "GET", path, line="1", sequence="2")["data"][0]["CallHandle"] == second.handle
    assert len(rest(alice, "GET", path, line="1")["data"]) == 2
    assert rest(alice, "GET", path, line="2")["data"] == []
    assert rest(alice, "GET", path, handle="deadbeef") == {"Status": "4007"}
    assert rest(alice, "GET", path, line="1", sequence="9") == {"Status": "4007"}
    for bad in ({"sequence": "1"}, {"handle": second.handle, "line": "1"}, {"line": "x"}, {"handle": "zz"}):
        assert rest(alice, "GET", path, **bad) == {"Status": "4000"}, bad


def test_mute_via_rest_needs_a_call(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    path = "/api/v1/callctrl/mute"
    assert rest(alice, "POST", path, {"data": {"state": "1"}}) == {"Status": "4007"}
    connect(alice, bob)
    assert rest(alice, "POST", path, {"data": {"state": "yes"}}) == {"Status": "4000"}
    assert rest(alice, "POST", path, {"data": {"State": 1}}) == {"Status": "2000"}
    assert rest(alice, "GET", "/api/v2/webCallControl/callStatus")["data"][0]["Muted"] == "1"
    alice.hold()
    assert rest(alice, "POST", path, {"data": {"state": "0"}}) == {"Status": "4003"}


def test_dial_body_rules(lab: list[SimPhone]) -> None:
    alice = lab[0]
    for path in ("/api/v1/callctrl/dial", "/api/v1/callctr/dial", "/API/V1/CallCtrl/Dial"):
        assert rest(alice, "POST", path, {"data": {"Dest": "1002", "Line": 1}})["Status"] == "2000"
    assert rest(alice, "POST", "/api/v1/callctrl/dial", {"data": {"Line": "1"}}) == {"Status": "4000"}
    assert rest(alice, "POST", "/api/v1/callctrl/dial", None) == {"Status": "4000"}
    assert rest(alice, "POST", "/api/v1/callctrl/dial", {"data": "1002"}) == {"Status": "4000"}
    assert rest(alice, "POST", "/api/v1/callctrl/dial", {"data": {"Dest": "1", "Type": "X"}}) == {
        "Status": "4000"
    }
    assert rest(alice, "POST", "/api/v1/callctrl/dial", {"data": {"Dest": "1", "Line": "3"}}) == {
        "Status": "4002"
    }


def test_call_logs_have_entries_by_kind(lab: list[SimPhone], clock: ManualClock) -> None:
    alice, bob, carol = lab
    connect(alice, bob)
    clock.advance(12)
    alice.end()
    carol.dial("1002")
    carol.end()
    logs = rest(bob, "GET", "/api/v1/mgmt/callLogs")["data"]
    assert set(logs) == {"missed", "received", "placed"}
    (received,) = logs["received"]
    assert received["RemotePartyNumber"] == "1001" and received["Duration"] == "12"
    assert received["LineNumber"] == "1" and len(received["StartTime"]) == 19
    assert [m["RemotePartyName"] for m in logs["missed"]] == ["Carol"]
    assert rest(bob, "GET", "/api/v1/mgmt/callLogs/missed")["data"] == {"missed": logs["missed"]}
    assert rest(alice, "GET", "/api/v1/mgmt/callLogs/placed")["data"]["placed"][0]["Duration"] == "12"
    assert rest(alice, "GET", "/api/v1/mgmt/callLogs/received")["data"] == {"received": []}


def test_poll_for_status_idle_active_and_not_ready(clock: ManualClock) -> None:
    exchange = Exchange(clock=clock, timing=Timing(ready_delay_ms=60_000))
    alice = SimPhone(exchange, "alice", "1001", password="pw")
    bob = SimPhone(exchange, "bob", "1002", password="pw")
    try:
        assert rest(alice, "GET", "/api/v1/mgmt/pollForStatus")["data"] == {"State": "Idle", "StateData": ""}
        connect(alice, bob)
        clock.advance(4)
        assert rest(alice, "GET", "/api/v1/mgmt/pollForStatus")["data"] == {
            "State": "Active",
            "StateData": "4",
        }
        start = alice.calls[0].start_time.strftime("%Y-%m-%dT%H:%M:%S")
        alice.end()
        assert rest(alice, "GET", "/api/v1/mgmt/pollForStatus")["data"] == {
            "State": "Idle",
            "StateData": start,
        }
        alice.restart()
        assert rest(alice, "GET", "/api/v1/mgmt/pollForStatus")["data"]["State"] == "Error"
        info = rest(alice, "GET", "/api/v2/mgmt/device/info")["data"]
        assert info["ReadyToUse"] == "False"
    finally:
        exchange.close()


def test_sip_status_keeps_the_last_call_for_about_40_seconds(lab: list[SimPhone], clock: ManualClock) -> None:
    alice, bob, _ = lab
    data = rest(alice, "GET", "/api/v1/webCallControl/sipStatus")["data"]
    (user,) = data["User"]
    assert data["TotalUser"] == "1" and user["Name"] == "1001"
    assert user["Events"][0]["RegistrationState"] == "Registered" and user["TotalCalls"] == "0"
    connect(alice, bob)
    call_id = alice.calls[0].call_id
    calls = rest(alice, "GET", "/api/v1/webCallControl/sipStatus")["data"]["User"][0]["Calls"]
    assert calls == [{"CallState": "Connected", "CallID": call_id}]
    alice.end()
    clock.advance(30)
    calls = rest(alice, "GET", "/api/v1/webCallControl/sipStatus")["data"]["User"][0]["Calls"]
    assert calls == [{"CallState": "Disconnected", "CallID": call_id}]
    clock.advance(15)
    assert rest(alice, "GET", "/api/v1/webCallControl/sipStatus")["data"]["User"][0]["Calls"] == []


def test_session_stats_grow_and_include_an_empty_video_stream(
    lab: list[SimPhone], clock: ManualClock
) -> None:
    alice, bob, _ = lab
    assert rest(alice, "GET", "/api/v1/mgmt/media/sessionStats")["data"] == []
    connect(alice, bob)
    clock.advance(3)
    (session,) = rest(alice, "GET", "/api/v1/mgmt/media/sessionStats")["data"]
    audio, video = session["Streams"]
    assert session["Ref"] == alice.calls[0].handle
    assert audio["Category"] == "0:Voice" and audio["PacketsSent"] == "150" and audio["OctetsSent"] == "25800"
    assert video["Category"] == "1:Video" and video["PacketsReceived"] == "0"
    clock.advance(1)
    audio = rest(alice, "GET", "/api/v1/mgmt/media/sessionStats")["data"][0]["Streams"][0]
    assert audio["PacketsReceived"] == "200"


def test_communication_info_follows_media_and_mute(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    idle = rest(alice, "GET", "/api/v1/mgmt/media/communicationInfo")["data"]
    assert idle == {"CommunicationType": ["Idle"], "FarEndMuteState": [], "PhoneMuteState": "False"}
    connect(alice, bob)
    bob.set_mute(True)
    data = rest(alice, "GET", "/api/v1/mgmt/media/communicationInfo")["data"]
    assert data == {"CommunicationType": ["RxTx"], "FarEndMuteState": ["1002"], "PhoneMuteState": "False"}
    alice.hold()
    assert rest(alice, "GET", "/api/v1/mgmt/media/communicationInfo")["data"]["CommunicationType"] == [
        "TxOnly"
    ]
    assert rest(bob, "GET", "/api/v1/mgmt/media/communicationInfo")["data"]["PhoneMuteState"] == "True"


def test_device_info_versions(lab: list[SimPhone], clock: ManualClock) -> None:
    alice = lab[0]
    clock.advance(90061)
    v2 = rest(alice, "GET", "/api/v2/mgmt/device/info")["data"]
    assert v2["ModelNumber"] == "VVX 411" and v2["Firmware"]["Application"].startswith("6.1.0.")
    assert v2["UpTime"] == {"Days": "1", "Hours": "1", "Minutes": "1", "Seconds": "1"}
    assert v2["ReadyToUse"] == "True" and v2["MACAddress"] == alice.mac
    v1 = rest(alice, "GET", "/api/v1/mgmt/device/info")["data"]
    assert v1["UpTimeSinceLastReboot"] == "1 days, 1 hours, 1 minutes, 1 seconds"
    assert v1["ModelNumber"] == "VVX 411" and v1["FirmwareRelease"].startswith("6.1.0")


def test_line_info_versions(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    (line,) = rest(alice, "GET", "/api/v1/mgmt/lineInfo")["data"]
    assert (
        line["RegistrationStatus"] == "Registered" and line["Label"] == "1001" and line["LineNumber"] == "1"
    )
    alice.set_config({"reg.2.address": "2001", "reg.2.label": "Two"})
    connect(alice, bob)
    lines = rest(alice, "GET", "/api/v2/mgmt/lineInfo")["data"]
    assert [entry["ID"] for entry in lines] == ["1", "2"]
    assert lines[0]["CallAppearances"] == [alice.calls[0].handle] and lines[0]["Active"] == "True"
    assert lines[1]["Label"] == "Two" and lines[1]["Active"] == "False"
    assert rest(alice, "GET", "/api/v2/mgmt/lineInfo", line="2")["data"][0]["ID"] == "2"
    assert rest(alice, "GET", "/api/v2/mgmt/lineInfo", line="7") == {"Status": "4005"}
    assert rest(alice, "GET", "/api/v2/mgmt/lineInfo", line="x") == {"Status": "4000"}


def test_hardware_by_model(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    assert rest(alice, "GET", "/api/v1/mgmt/blueTooth/info") == {"Status": "4004"}
    bt = rest(bob, "GET", "/api/v1/mgmt/blueTooth/info")["data"]
    assert bt == {"Enabled": "Yes", "Version": "4.0", "Devices": []}
    assert rest(alice, "GET", "/api/v1/mgmt/pcPort/info")["data"]["PCPortStatus"] == "Inactive"
    alice.pc_port_connected = True
    assert len(rest(alice, "GET", "/api/v1/mgmt/pcPort/info")["data"]["PCMacAddress"]) == 12
    exchange = alice.exchange
    box = SimPhone(exchange, "dave", "1004", "SoundStructure VoIP Interface", password="pw")
    assert rest(box, "GET", "/api/v1/mgmt/pcPort/info") == {"Status": "4004"}
    assert rest(box, "GET", "/api/v1/mgmt/ledStatus")["data"] == {"Lines": []}


def test_skype_commands_without_and_with_an_account(lab: list[SimPhone]) -> None:
    alice = lab[0]
    for method, path in (
        ("GET", "/api/v1/mgmt/getPresence"),
        ("POST", "/api/v1/mgmt/skype/signOut"),
        ("GET", "/api/v1/mgmt/webSignIn"),
        ("GET", "/api/v1/mgmt/webSignInCancel"),
    ):
        assert rest(alice, method, path) == {"Status": "4004"}, path
    alice.skype_account = SkypeAccount("alice@corp", "s3cret", domain="corp")
    assert "s3cret" not in repr(alice.skype_account)
    good = {"Address": "alice@corp", "User": "alice@corp", "Password": "s3cret", "Domain": "corp"}
    web = rest(alice, "GET", "/api/v1/mgmt/webSignIn")["data"]
    assert web["Uri"] == "http://aka.ms/sphone" and len(web["Code"]) == 9
    busy = {"data": {"reg.1.label": "x"}}
    assert rest(alice, "POST", "/api/v1/mgmt/config/set", busy) == {"Status": "4001"}
    assert rest(alice, "POST", "/api/v1/mgmt/updateConfiguration") == {"Status": "4001"}
    assert rest(alice, "GET", "/api/v1/mgmt/webSignInCancel")["data"] == {"result": "Canceled"}
    assert rest(alice, "POST", "/api/v1/mgmt/config/set", busy) == {"Status": "2000"}
    assert rest(alice, "GET", "/api/v1/mgmt/webSignInCancel") == {"Status": "4003"}
    assert rest(alice, "POST", "/api/v1/mgmt/skype/signIn", {"data": {**good, "Password": "x"}}) == {
        "Status": "4003"
    }
    assert rest(alice, "POST", "/api/v1/mgmt/skype/signIn", {"data": {"User": "a"}}) == {"Status": "4000"}
    assert rest(alice, "POST", "/api/v1/mgmt/skype/signIn", {"data": good}) == {"Status": "2000"}
    assert rest(alice, "GET", "/api/v1/mgmt/getPresence") == {"Status": "2000", "Presence": "Available"}
    assert rest(alice, "POST", "/api/v1/mgmt/skype/signOut") == {"Status": "2000"}
    assert rest(alice, "GET", "/api/v1/mgmt/getPresence") == {"Status": "4003"}


def test_every_manual_path_has_a_route() -> None:
    manual_paths = [
        ("POST", "/api/v1/mgmt/safeRestart"),
        ("POST", "/api/v1/mgmt/safeReboot"),
        ("POST", "/api/v1/mgmt/configReset"),
        ("POST", "/api/v1/mgmt/configReset/cloud"),
        ("POST", "/api/v1/mgmt/configReset/local"),
        ("POST", "/api/v1/mgmt/configReset/web"),
        ("POST", "/api/v1/mgmt/configReset/device"),
        ("POST", "/api/v1/mgmt/factoryReset"),
        ("GET", "/api/v1/mgmt/network/info"),
        ("GET", "/api/v1/mgmt/device/info"),
        ("GET", "/api/v1/mgmt/network/stats"),
        ("POST", "/api/v1/mgmt/config/set"),
        ("POST", "/api/v1/mgmt/config/get"),
        ("POST", "/api/v1/callctr/dial"),
        ("POST", "/api/v1/callctrl/dial"),
        ("POST", "/api/v1/callctrl/endCall"),
        ("POST", "/api/v1/callctrl/mute"),
        ("POST", "/api/v1/callctrl/transferCall"),
        ("POST", "/api/v1/callctrl/sendDTMF"),
        ("GET", "/api/v1/mgmt/callLogs"),
        ("GET", "/api/v1/mgmt/callLogs/missed"),
        ("GET", "/api/v1/mgmt/callLogs/received"),
        ("GET", "/api/v1/mgmt/callLogs/placed"),
        ("GET", "/api/v1/mgmt/getPresence"),
        ("GET", "/api/v1/webCallControl/sipStatus"),
        ("POST", "/api/v1/callctrl/holdCall"),
        ("POST", "/api/v1/callctrl/resumeCall"),
        ("POST", "/api/v1/callctrl/answerCall"),
        ("POST", "/api/v1/callctrl/ignoreCall"),
        ("POST", "/api/v1/callctrl/rejectCall"),
        ("GET", "/api/v1/mgmt/pollForStatus"),
        ("GET", "/api/v1/mgmt/transferType/get"),
        ("POST", "/api/v1/mgmt/transferType/set"),
        ("GET", "/api/v1/mgmt/device/stats"),
        ("GET", "/api/v1/mgmt/device/runningConfig"),
        ("POST", "/api/v1/mgmt/skype/signIn"),
        ("POST", "/api/v1/mgmt/skype/signOut"),
        ("GET", "/api/v1/mgmt/media/communicationInfo"),
        ("GET", "/api/v1/mgmt/location/info"),
        ("POST", "/api/v1/mgmt/config/export"),
        ("GET", "/api/v1/mgmt/media/sessionStats"),
        ("GET", "/api/v1/webCallControl/callStatus"),
        ("GET", "/api/v1/mgmt/lineInfo"),
        ("POST", "/api/v1/mgmt/updateConfiguration"),
        ("POST", "/api/v1/mgmt/simulateHook"),
        ("GET", "/api/v1/mgmt/ledStatus"),
        ("GET", "/api/v1/mgmt/blueTooth/info"),
        ("GET", "/api/v2/mgmt/lineInfo"),
        ("GET", "/api/v2/webCallControl/callStatus"),
        ("GET", "/api/v2/mgmt/device/info"),
        ("GET", "/api/v1/mgmt/pcPort/info"),
        ("GET", "/api/v1/mgmt/webSignIn"),
        ("GET", "/api/v1/mgmt/webSignInCancel"),
    ]
    missing = [f"{m} {p}" for m, p in manual_paths if resolve(m, p)[0] is None]
    assert missing == []


ODD_BODIES: list[Any] = [
    None,
    [],
    "text",
    17,
    {"data": None},
    {"data": []},
    {"data": "x"},
    {"data": {}},
    {"data": {"Ref": [], "Dest": {}, "state": None, "Digits": 5, "Type": [], "Url": 1}},
    {"data": ["a", 1, None]},
    {"data": {"Ref": "zz", "TransferDest": "", "Line": True}},
]


def _my_routes() -> list[Any]:
    from vvxauto.sim.routing import routes

    return [r for r in routes() if not r.handler.__module__.endswith(".screen")]


@pytest.mark.parametrize("body", ODD_BODIES, ids=repr)
def test_odd_bodies_never_crash_a_handler(lab: list[SimPhone], body: Any) -> None:
    alice, bob, _ = lab
    connect(alice, bob)  # a call exists, so handlers get past "no call"
    for route in _my_routes():
        if route.name in ("Management.Restart", "Management.Reboot", "Management.FactoryReset"):
            continue
        if route.name in ("Management.ConfigReset", "Management.ExportConfiguration"):
            continue
        request = SimRequest(route.method, "/", body=body)
        try:
            reply = route.handler(alice, request)
        except PhoneStatus as status:
            assert re.fullmatch(r"[45]\d{3}", status.code), (route.name, status.code)
        else:
            assert isinstance(reply.body, dict) and reply.body["Status"] == "2000", route.name
