"""Contract: WebCallControl.* and the call-related Management.* commands, over the wire."""

from __future__ import annotations

import re

import pytest

from vvxauto.sim import SimLab

from .wire import WirePhone, connect, ring, wait_for

V2_KEYS = {
    "CallHandle", "Type", "RemotePartyName", "RemotePartyNumber", "CallState", "Protocol", "StartTime",
    "LineID", "CallSequence", "UIAppearanceIndex", "Ringing", "Muted", "Media Direction",
}  # fmt: skip
V1_KEYS = {
    "CallHandle",
    "Type",
    "Protocol",
    "CallState",
    "RemotePartyName",
    "RemotePartyNumber",
    "DurationInSeconds",
}


def _handle_ok(handle: str) -> bool:
    return re.fullmatch(r"(0x)?[0-9a-fA-F]{7,8}", handle) is not None


@pytest.mark.parametrize("path", ["/api/v1/callctrl/dial", "/api/v1/callctr/dial"])
def test_dial_rings_the_callee_and_the_caller_hears_ringback(
    alice: WirePhone, bob: WirePhone, path: str
) -> None:
    answer = alice.post(path, {"Dest": bob.extension, "Line": 1})
    assert (answer.http, answer.status, answer.data) == (200, "2000", None)
    incoming = wait_for(lambda: [c for c in bob.calls() if c["CallState"] == "Offering"])[0]
    assert set(incoming) >= V2_KEYS
    assert (
        incoming["Type"] == "Incoming" and incoming["Ringing"] == "1" and _handle_ok(incoming["CallHandle"])
    )
    assert alice.extension in incoming["RemotePartyNumber"]
    outgoing = wait_for(lambda: [c for c in alice.calls() if c["CallState"] == "RingBack"])[0]
    assert outgoing["Type"] == "Outgoing" and bob.extension in outgoing["RemotePartyNumber"]


def test_dial_input_errors(alice: WirePhone) -> None:
    assert alice.post("/api/v1/callctrl/dial", {"Line": "1"}).status == "4000"
    assert alice.post("/api/v1/callctrl/dial").status == "4000"
    assert alice.post("/api/v1/callctrl/dial", {"Dest": "1234", "Line": "7"}).status in ("4002", "4000")


def test_call_status_v1_and_v2_with_no_call(alice: WirePhone) -> None:
    assert alice.get("/api/v1/webCallControl/callStatus").status == "4007"
    answer = alice.get("/api/v2/webCallControl/callStatus")
    assert answer.status == "2000" and not answer.data


def test_answer_connects_both_and_call_status_tells_the_truth(alice: WirePhone, bob: WirePhone) -> None:
    mine, theirs = connect(alice, bob)
    assert mine["Media Direction"] == theirs["Media Direction"] == "sendrecv"
    assert mine["LineID"] == "1" and mine["UIAppearanceIndex"].endswith("*")
    v1 = alice.get("/api/v1/webCallControl/callStatus")
    assert v1.status == "2000" and set(v1.data) >= V1_KEYS
    assert v1.data["CallHandle"] == mine["CallHandle"] and v1.data["CallState"] == "Connected"
    assert v1.data.get("LineId", v1.data.get("LineID")) == "1"
    assert bob.extension in v1.data["RemotePartyNumber"]


def test_call_status_v2_queries(alice: WirePhone, bob: WirePhone) -> None:
    mine, _ = connect(alice, bob)
    path = "/api/v2/webCallControl/callStatus"
    by_handle = alice.get(path, handle=mine["CallHandle"])
    assert by_handle.status == "2000" and by_handle.data[0]["CallHandle"] == mine["CallHandle"]
    by_line = alice.get(path, line="1", sequence=mine["CallSequence"])
    assert [c["CallHandle"] for c in by_line.data] == [mine["CallHandle"]]
    assert alice.get(path, sequence="1").status == "4000"
    assert alice.get(path, handle="7fffffff").status == "4007"


def test_end_call_from_the_callee_clears_both(alice: WirePhone, bob: WirePhone) -> None:
    _, theirs = connect(alice, bob)
    assert bob.post("/api/v1/callctrl/endCall", {"Ref": theirs["CallHandle"]}).status == "2000"
    wait_for(lambda: not alice.calls() and not bob.calls(), what="both idle")


def test_end_call_errors(alice: WirePhone, bob: WirePhone) -> None:
    assert alice.post("/api/v1/callctrl/endCall").status == "4000"
    assert alice.post("/api/v1/callctrl/endCall", {"Ref": "7fffffff"}).status == "4007"
    mine, _ = connect(alice, bob)
    assert alice.post("/api/v1/callctrl/holdCall", {"Ref": mine["CallHandle"]}).status == "2000"
    assert alice.post("/api/v1/callctrl/endCall", {"Ref": mine["CallHandle"]}).status == "4003"


def test_hold_and_resume_show_hold_here_and_callhold_there(alice: WirePhone, bob: WirePhone) -> None:
    mine, theirs = connect(alice, bob)
    assert alice.post("/api/v1/callctrl/holdCall").status == "2000"  # no body: the active call
    wait_for(lambda: alice.calls()[0]["CallState"] == "Hold")
    wait_for(lambda: bob.calls()[0]["CallState"] == "CallHold")
    assert alice.post("/api/v1/callctrl/holdCall", {"Ref": mine["CallHandle"]}).status == "4003"
    assert alice.post("/api/v1/callctrl/resumeCall", {"Ref": mine["CallHandle"]}).status == "2000"
    wait_for(lambda: bob.calls()[0]["CallState"] == "Connected")
    assert alice.post("/api/v1/callctrl/resumeCall").status == "4003"
    assert theirs["CallHandle"] != mine["CallHandle"]


def test_hold_resume_answer_ignore_reject_with_no_call_answer_4007(alice: WirePhone) -> None:
    for command in ("holdCall", "resumeCall", "answerCall", "ignoreCall", "rejectCall"):
        assert alice.post(f"/api/v1/callctrl/{command}").status == "4007", command
        assert alice.post(f"/api/v1/callctrl/{command}", {"Ref": "7fffffff"}).status == "4007", command


def test_answer_without_body_takes_the_ringing_call(alice: WirePhone, bob: WirePhone) -> None:
    ring(alice, bob)
    assert bob.post("/api/v1/callctrl/answerCall").status == "2000"
    wait_for(lambda: alice.calls()[0]["CallState"] == "Connected")
    assert bob.post("/api/v1/callctrl/answerCall", {"Ref": bob.calls()[0]["CallHandle"]}).status == "4003"


def test_ignore_silences_the_callee_only(alice: WirePhone, bob: WirePhone) -> None:
    incoming = ring(alice, bob)
    assert bob.post("/api/v1/callctrl/ignoreCall", {"Ref": incoming["CallHandle"]}).status == "2000"
    wait_for(lambda: bob.calls()[0]["Ringing"] == "0")
    assert alice.calls()[0]["CallState"] == "RingBack"


def test_reject_fails_the_callers_call_and_logs_a_missed_call(alice: WirePhone, bob: WirePhone) -> None:
    incoming = ring(alice, bob)
    assert bob.post("/api/v1/callctrl/rejectCall", {"Ref": incoming["CallHandle"]}).status == "2000"
    wait_for(lambda: not bob.calls())
    wait_for(
        lambda: all(c["CallState"] == "Disconnected" for c in alice.calls()), what="caller's call failed"
    )
    missed = bob.get("/api/v1/mgmt/callLogs/missed")
    assert missed.status == "2000" and alice.extension in missed.data["missed"][0]["RemotePartyNumber"]


def test_mute_needs_a_call_and_follows_the_state(alice: WirePhone, bob: WirePhone) -> None:
    assert alice.post("/api/v1/callctrl/mute", {"state": "1"}).status == "4007"
    connect(alice, bob)
    assert alice.post("/api/v1/callctrl/mute", {"state": "maybe"}).status == "4000"
    assert alice.post("/api/v1/callctrl/mute", {"state": "1"}).status == "2000"
    assert alice.get("/api/v1/mgmt/media/communicationInfo").data["PhoneMuteState"] == "True"
    assert alice.get("/api/v1/mgmt/ledStatus").data["Mute"]["State"] != "off"
    assert alice.post("/api/v1/callctrl/mute", {"state": "0"}).status == "2000"
    assert alice.get("/api/v1/mgmt/ledStatus").data["Mute"]["State"] == "off"


def test_send_dtmf(alice: WirePhone, bob: WirePhone) -> None:
    assert alice.post("/api/v1/callctrl/sendDTMF", {"Digits": "1"}).status == "4007"
    connect(alice, bob)
    assert alice.post("/api/v1/callctrl/sendDTMF", {"Digits": "12#"}).status == "2000"
    assert alice.post("/api/v1/callctrl/sendDTMF", {"digits": "3"}).status == "2000"
    assert alice.post("/api/v1/callctrl/sendDTMF").status == "4000"


def test_dtmf_reaches_the_far_call(sim: SimLab, alice: WirePhone, bob: WirePhone) -> None:
    connect(alice, bob)
    alice.post("/api/v1/callctrl/sendDTMF", {"Digits": "42*"})
    assert sim.phone(bob.role).calls[0].dtmf_received == "42*"


def test_blind_transfer_to_a_third_phone(alice: WirePhone, bob: WirePhone, carol: WirePhone) -> None:
    _, theirs = connect(alice, bob)
    answer = bob.post(
        "/api/v1/callctrl/transferCall", {"Ref": theirs["CallHandle"], "TransferDest": carol.extension}
    )
    assert answer.status == "2000"
    wait_for(lambda: not bob.calls(), what="transferor idle")
    incoming = wait_for(lambda: [c for c in carol.calls() if c["CallState"] == "Offering"])[0]
    assert alice.extension in incoming["RemotePartyNumber"]
    carol.post("/api/v1/callctrl/answerCall")
    wait_for(lambda: [c["CallState"] for c in alice.calls()] == ["Connected"], what="alice talks to carol")


def test_transfer_errors(alice: WirePhone) -> None:
    assert alice.post("/api/v1/callctrl/transferCall", {"Ref": "7fffffff"}).status == "4000"
    answer = alice.post("/api/v1/callctrl/transferCall", {"Ref": "7fffffff", "TransferDest": "1"})
    assert answer.status == "4007"


def test_several_calls_get_appearances_and_sequences(
    alice: WirePhone, bob: WirePhone, carol: WirePhone
) -> None:
    connect(alice, bob)
    ring(alice, carol)
    calls = alice.calls()
    assert [c["CallState"] for c in calls] == ["Hold", "RingBack"]
    assert {c["CallSequence"] for c in calls} == {"1", "2"}
    assert [c["UIAppearanceIndex"].rstrip("*") for c in calls] == ["1", "2"]
    lines = alice.get("/api/v2/mgmt/lineInfo").data
    assert set(lines[0]["CallAppearances"]) == {c["CallHandle"] for c in calls}


def test_call_logs_all_four_paths(alice: WirePhone, bob: WirePhone) -> None:
    _, theirs = connect(alice, bob)
    bob.post("/api/v1/callctrl/endCall", {"Ref": theirs["CallHandle"]})
    wait_for(lambda: not alice.calls())
    logs = alice.get("/api/v1/mgmt/callLogs")
    assert logs.status == "2000" and {"missed", "received", "placed"} <= set(logs.data)
    placed = alice.get("/api/v1/mgmt/callLogs/placed").data["placed"][0]
    assert {"LineNumber", "StartTime", "RemotePartyName", "RemotePartyNumber", "Duration"} <= set(placed)
    assert bob.extension in str(placed["RemotePartyNumber"])
    received = bob.get("/api/v1/mgmt/callLogs/received").data["received"][0]
    assert alice.extension in str(received["RemotePartyNumber"])
    assert bob.get("/api/v1/mgmt/callLogs/missed").status == "2000"


def test_poll_for_status_active_then_idle(alice: WirePhone, bob: WirePhone) -> None:
    connect(alice, bob)
    assert alice.get("/api/v1/mgmt/pollForStatus").data["State"] == "Active"
    alice.post("/api/v1/callctrl/endCall", {"Ref": alice.calls()[0]["CallHandle"]})
    wait_for(lambda: alice.get("/api/v1/mgmt/pollForStatus").data["State"] == "Idle")
    state_data = alice.get("/api/v1/mgmt/pollForStatus").data["StateData"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", state_data)


def test_session_stats_counters_grow_while_connected(alice: WirePhone, bob: WirePhone) -> None:
    assert alice.get("/api/v1/mgmt/media/sessionStats").data in ([], None)
    connect(alice, bob)

    def sent() -> int:
        sessions = alice.get("/api/v1/mgmt/media/sessionStats").data
        return int(sessions[0]["Streams"][0]["PacketsSent"])

    first = sent()
    wait_for(lambda: sent() > first, what="PacketsSent growing")
    streams = alice.get("/api/v1/mgmt/media/sessionStats").data[0]["Streams"]
    assert [s["Category"] for s in streams] == ["0:Voice", "1:Video"]


def test_communication_info_shapes(alice: WirePhone, bob: WirePhone) -> None:
    idle = alice.get("/api/v1/mgmt/media/communicationInfo")
    assert idle.status == "2000" and {"CommunicationType", "PhoneMuteState"} <= set(idle.data)
    connect(alice, bob)
    assert alice.get("/api/v1/mgmt/media/communicationInfo").data["CommunicationType"] == ["RxTx"]


def test_leds_follow_ringing_connected_and_held(alice: WirePhone, bob: WirePhone) -> None:
    def line1(phone: WirePhone) -> str:
        leds = phone.get("/api/v1/mgmt/ledStatus")
        assert leds.status == "2000"
        return str(leds.data["Lines"][0]["State"])

    assert line1(bob) == "off"
    ring(alice, bob)
    ringing = line1(bob)
    assert ringing != "off"
    bob.post("/api/v1/callctrl/answerCall")
    wait_for(lambda: line1(bob) != ringing, what="LED changes on answer")
    connected = line1(bob)
    bob.post("/api/v1/callctrl/holdCall")
    wait_for(lambda: line1(bob) not in (connected, ringing, "off"), what="held LED differs")


def test_led_vocabulary_of_the_simulator(sim: SimLab, alice: WirePhone, bob: WirePhone) -> None:
    ring(alice, bob)
    assert bob.get("/api/v1/mgmt/ledStatus").data["Lines"][0] == {
        "LineNumber": "1",
        "Color": "green",
        "State": "flash",
    }
    bob.post("/api/v1/callctrl/answerCall")
    assert bob.get("/api/v1/mgmt/ledStatus").data["Speaker"] == {"Color": "green", "State": "on"}


def test_simulate_hook(alice: WirePhone, bob: WirePhone) -> None:
    assert alice.post("/api/v1/mgmt/simulateHook", {"Type": "Sideways"}).status == "4000"
    assert alice.post("/api/v1/mgmt/simulateHook").status == "4000"
    assert alice.post("/api/v1/mgmt/simulateHook", {"Type": "Up"}).status == "2000"
    wait_for(lambda: [c["CallState"] for c in alice.calls()] == ["Dialtone"], what="dialtone")
    assert alice.post("/api/v1/mgmt/simulateHook", {"Type": "Down"}).status == "2000"
    wait_for(lambda: not alice.calls(), what="idle after hang-up")


def test_sip_status_lists_the_registered_line_and_its_calls(alice: WirePhone, bob: WirePhone) -> None:
    answer = alice.get("/api/v1/webCallControl/sipStatus")
    assert answer.status == "2000"
    users = answer.data["User"]
    assert any(u["LineNumber"] == "1" and u["Events"][0]["RegistrationState"] == "Registered" for u in users)
    connect(alice, bob)
    calls = alice.get("/api/v1/webCallControl/sipStatus").data["User"][0]["Calls"]
    assert "Connected" in [c["CallState"] for c in calls]  # the last ended call may linger ~40 s


def test_scripted_far_ends(sim: SimLab, alice: WirePhone) -> None:
    exchange = sim.phone(alice.role).exchange
    exchange.set_far_end("5550100", "answer")
    exchange.set_far_end("5550200", "busy")
    alice.post("/api/v1/callctrl/dial", {"Dest": "5550100"})
    wait_for(lambda: [c["CallState"] for c in alice.calls()] == ["Connected"], what="far end answered")
    alice.post("/api/v1/callctrl/endCall", {"Ref": alice.calls()[0]["CallHandle"]})
    alice.post("/api/v1/callctrl/dial", {"Dest": "sip:5550200@pbx"})
    wait_for(lambda: not alice.calls(), what="busy call cleared")
    assert alice.get("/api/v1/mgmt/callLogs/placed").data["placed"][0]["RemotePartyNumber"] == "5550200"
    exchange.set_far_end("5550100", None)
    exchange.set_far_end("5550200", None)
