"""Typed results absorb what real phones send beyond the manual (no network)."""

from __future__ import annotations

from datetime import datetime

import pytest

from vvxauto.api import (
    CallInfo,
    CallLogs,
    ConfigValue,
    DeviceInfo,
    LedStatus,
    LineInfo,
    PollStatus,
    SessionStats,
    TransferType,
    as_bool,
    as_int,
    handles_equal,
    normalize_handle,
)
from vvxauto.api.types import SipStatus, call_list, status_text

V2_CALL = {
    "Remote Connection IP": "10.221.88.152",
    "Media Direction": "sendrecv",
    "CallHandle": "0xB5576FF8",
    "Type": "Incoming",
    "RemotePartyName": "Test 1171",
    "RemotePartyNumber": "1171",
    "CallState": "Connected",
    "Protocol": "SIP",
    "StartTime": "2017-08-24T12:07:49",
    "DurationSeconds": "25",
    "LineID": "1",
    "CallSequence": "1",
    "UIAppearanceIndex": "1*",
    "Ringing": "0",
    "Muted": "1",
}

V1_CALL = {
    "CallHandle": "9577dd30",
    "Type": "Outgoing",
    "Protocol": "SIP",
    "CallState": "RingBack",
    "LineId": "2",
    "RemotePartyName": "Bob",
    "RemotePartyNumber": "sip:1432@10.240.10.210",
    "DurationInSeconds": "7",
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("True", True),
        ("False", False),
        ("1", True),
        ("0", False),
        (True, True),
        (False, False),
        ("true", True),
        ("Yes", True),
        ("No", False),
        (1, True),
        (0, False),
        ("maybe", None),
        (None, None),
    ],
)
def test_string_booleans_are_read_like_the_phone_means_them(value: object, expected: bool | None) -> None:
    assert as_bool(value) is expected


def test_numbers_and_status_come_as_strings_or_numbers() -> None:
    assert as_int("25") == 25 and as_int(25) == 25 and as_int(" 7 ") == 7 and as_int("2.0") == 2
    assert as_int("") is None and as_int(None) is None and as_int("abc") is None
    assert status_text(2000) == "2000" and status_text("2000") == "2000" and status_text(" 4007 ") == "4007"
    assert status_text(2000.0) == "2000" and status_text(None) is None


def test_handles_are_normalised_and_compared_without_prefix_or_case() -> None:
    assert normalize_handle("0xB5576FF8") == "b5576ff8"
    assert normalize_handle(" 8901078 ") == "8901078"
    assert handles_equal("0x08901078", "8901078")
    assert not handles_equal("8901078", "8901079")


def test_v2_call_is_read_with_its_quirks() -> None:
    c = CallInfo.from_raw(V2_CALL)
    assert c.handle == "b5576ff8"
    assert c.line == 1 and c.state == "Connected" and c.sequence == 1
    assert c.ringing is False and c.muted is True
    assert c.type == "Incoming" and c.direction == "Incoming" and c.incoming
    assert c.remote_name == "Test 1171" and c.remote_number == "1171"
    assert c.duration == 25
    assert c.start_time == datetime(2017, 8, 24, 12, 7, 49)
    assert c.media_direction == "sendrecv" and c.protocol == "SIP"
    assert c.appearance == "1*" and c.appearance_index == 1 and c.is_active_appearance
    assert c.raw["Remote Connection IP"] == "10.221.88.152"  # manual's keys stay reachable
    assert c.is_state("connected", "hold")


def test_v1_call_uses_lineid_and_duration_in_seconds() -> None:
    c = CallInfo.from_raw(V1_CALL)
    assert c.line == 2 and c.duration == 7 and c.state == "RingBack"
    assert not c.incoming and c.media_direction is None and c.start_time is None
    assert not c.is_active_appearance and c.appearance_index is None


def test_ringing_string_one_is_true() -> None:
    assert CallInfo.from_raw({**V2_CALL, "Ringing": "1"}).ringing is True


def test_call_results_are_frozen_and_compare_without_raw() -> None:
    a = CallInfo.from_raw(V2_CALL)
    b = CallInfo.from_raw({**V2_CALL, "RTPPort": "2262"})
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.state = "Hold"  # type: ignore[misc]


def test_call_list_accepts_list_single_object_or_nothing() -> None:
    assert call_list([]) == [] and call_list(None) == [] and call_list("") == []
    assert [c.handle for c in call_list([V2_CALL, V1_CALL])] == ["b5576ff8", "9577dd30"]
    assert call_list(V1_CALL)[0].line == 2


@pytest.mark.parametrize("raw", [{"Value": "1", "Source": "CONFIG"}, {"value": "1", "source": "CONFIG"}])
def test_config_value_reads_both_spellings(raw: dict[str, str]) -> None:
    v = ConfigValue.from_raw(raw)
    assert (v.value, v.source) == ("1", "CONFIG")
    assert str(v) == "1"


def test_config_value_from_bare_value() -> None:
    assert ConfigValue.from_raw("abc").value == "abc"


LEDS = {
    "Lines": [
        {"LineNumber": "1", "State": "off"},
        {"LineNumber": "2", "Color": "Green", "State": "Flashing"},
    ],
    "MWI": {"State": "off"},
    "Mute": {"State": "off"},
    "Speaker": {"Color": "green", "State": "on"},
    "Headset": {"State": "off"},
}


def test_led_status_by_name_any_case() -> None:
    leds = LedStatus.from_raw(LEDS)
    assert leds.led("Line2").color == "green" and leds.led("line2").state == "flashing"
    assert leds.led("Line 1").on is False
    assert leds.led("MWI").state == "off" and leds["speaker"].on and leds.led("Speaker").colour == "green"
    assert leds.lines[2].name == "Line2"
    assert leds.names() == ["Line1", "Line2", "MWI", "Mute", "Speaker", "Headset"]


def test_unknown_led_names_what_exists() -> None:
    leds = LedStatus.from_raw(LEDS)
    with pytest.raises(KeyError, match="Line1, Line2"):
        leds.led("Line7")


def test_line_info_v1_and_v2_registration_any_case() -> None:
    v1 = LineInfo.from_raw(
        {
            "LineNumber": "1",
            "Protocol": "SIP",
            "SIPAddress": "1001@pbx",
            "Label": "1001",
            "LineType": "Private",
            "RegistrationStatus": "Registered",
            "Port": "5060",
        }
    )
    assert v1.number == 1 and v1.registered and v1.address == "1001@pbx" and v1.port == 5060
    v2 = LineInfo.from_raw(
        {
            "ID": "2",
            "Label": "VVX 411",
            "Username": "VVX 411",
            "Assigned": "True",
            "RegistrationStatus": "unregistered",
            "Type": "Private",
            "Active": "False",
            "DoNotDisturb": "False",
            "CallAppearances": ["0xAB12"],
            "CallServers": [{"Address": "pbx", "Port": "5060"}],
        }
    )
    assert v2.number == 2 and not v2.registered and v2.assigned is True and v2.active is False
    assert v2.call_appearances == ("ab12",) and v2.proxy == "pbx" and v2.port == 5060
    assert LineInfo.from_raw({"RegistrationStatus": "REGISTERED"}).registered


def test_device_info_v2() -> None:
    d = DeviceInfo.from_raw(
        {
            "ModelNumber": "VVX 411",
            "MACAddress": "0004f2aabbcc",
            "Firmware": {"Application": "6.1.0.1234 12-Aug-19 10:00", "Updater": "6.0", "BootBlock": "3.0"},
            "IPAddress": "127.0.0.1",
            "UpTime": {"Days": "1", "Hours": "2", "Minutes": "3", "Seconds": "4"},
            "AppState": "AppStateCall",
            "ReadyToUse": "False",
            "CanApplyShutdownRequest": "True",
        }
    )
    assert d.model == "VVX 411" and d.firmware_version == "6.1.0.1234" and d.mac == "0004f2aabbcc"
    assert d.uptime_seconds == 86400 + 2 * 3600 + 3 * 60 + 4
    assert d.ready_to_use is False and d.can_apply_shutdown is True and d.updater == "6.0"


def test_device_info_v1_with_the_manuals_stray_space() -> None:
    d = DeviceInfo.from_raw(
        {
            "ModelNumber ": "VVX 501",
            "FirmwareRelease": "6.1.0.1234",
            "UpTimeSinceLastReboot": " 0 days, 1 hours, 2 minutes, 5 seconds",
            "IPV4Address": "10.0.0.2",
            "MACAddress": "0004f2000001",
        }
    )
    assert d.model == "VVX 501" and d.firmware == "6.1.0.1234" and d.ip == "10.0.0.2"
    assert d.uptime_seconds == 3725 and d.ready_to_use is None


def test_poll_status_and_transfer_type() -> None:
    p = PollStatus.from_raw({"State": "Idle", "StateData": "2015-04-07T19:11:07"})
    assert p.idle and not p.active and p.state_data == "2015-04-07T19:11:07"
    assert TransferType.parse("blind") is TransferType.BLIND
    assert TransferType.parse("whatever") is TransferType.UNKNOWN


def test_call_logs_whole_or_one_kind() -> None:
    entry = {
        "LineNumber": "1",
        "StartTime": "2026-01-05T09:00:00",
        "RemotePartyName": "Bob",
        "RemotePartyNumber": 1002,
        "Duration": "12",
    }
    logs = CallLogs.from_raw({"missed": [entry], "placed": [entry, entry]})
    assert len(logs.missed) == 1 and len(logs.placed) == 2 and logs.received == ()
    assert logs.missed[0].remote_number == "1002" and logs.missed[0].duration_seconds == 12
    assert logs.missed[0].started == datetime(2026, 1, 5, 9, 0)
    assert len(logs.all()) == 3
    only = CallLogs.from_raw([entry], "received")
    assert len(only.received) == 1 and only.missed == ()


def test_session_stats_audio_call_lists_an_empty_video_stream() -> None:
    s = SessionStats.from_raw(
        [
            {
                "Ref": "1",
                "SRTPCall": "False",
                "Streams": [
                    {
                        "Ref": "a",
                        "Category": "0:Voice",
                        "PacketsReceived": "10",
                        "PacketsSent": "12",
                        "RxCCodec": "G722",
                    },
                    {"Ref": "v", "Category": "1:Video"},
                ],
            }
        ]
    )
    session = s.sessions[0]
    assert session.srtp is False and len(session.streams) == 2
    assert [x.ref for x in session.audio_streams] == ["a"]
    assert session.audio_streams[0].packets_sent == 12 and session.audio_streams[0].rx_codec == "G722"
    assert session.streams[1].is_video and session.streams[1].packets_sent is None


def test_sip_status_registration_state() -> None:
    s = SipStatus.from_raw(
        {
            "User": [
                {
                    "Name": "1001",
                    "LineNumber": "1",
                    "Events": [{"Type": "Register", "RegistrationState": "Registered"}],
                    "Calls": [],
                }
            ],
            "TotalUser": "1",
        }
    )
    assert s.total_users == 1 and s.users[0].registration_state == "Registered" and s.users[0].line == 1
