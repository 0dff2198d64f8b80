"""VvxClient over a scripted transport double: wire shapes, retries, error mapping, redaction."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests
from api_fakes import PASSWORD, ScriptedAdapter, fake_client, ok, status

from vvxauto import errors
from vvxauto.api import CallInfo, InsecurePhoneWarning, TransferType, VvxClient, normalize_fingerprint
from vvxauto.api import tls as tls_mod

CALL = {
    "CallHandle": "b5576ff8",
    "LineID": "1",
    "CallState": "Connected",
    "Ringing": "0",
    "Muted": "0",
    "Type": "Outgoing",
    "RemotePartyNumber": "1002",
    "DurationSeconds": "3",
}

# (call, HTTP method, path, body sent) for every command
COMMANDS: list[tuple[str, Callable[[VvxClient], Any], str, str, Any]] = [
    ("safe_restart", lambda c: c.safe_restart(), "POST", "/api/v1/mgmt/safeRestart", None),
    ("safe_reboot", lambda c: c.safe_reboot(), "POST", "/api/v1/mgmt/safeReboot", None),
    ("config_reset", lambda c: c.config_reset(), "POST", "/api/v1/mgmt/configReset", None),
    ("config_reset_web", lambda c: c.config_reset("web"), "POST", "/api/v1/mgmt/configReset/web", None),
    ("factory_reset", lambda c: c.factory_reset(), "POST", "/api/v1/mgmt/factoryReset", None),
    ("network_info", lambda c: c.network_info(), "GET", "/api/v1/mgmt/network/info", None),
    ("device_info", lambda c: c.device_info(), "GET", "/api/v1/mgmt/device/info", None),
    ("device_info_v2", lambda c: c.device_info_v2(), "GET", "/api/v2/mgmt/device/info", None),
    ("network_stats", lambda c: c.network_stats(), "GET", "/api/v1/mgmt/network/stats", None),
    (
        "set_config",
        lambda c: c.set_config({"a.b": 1, "c": True}),
        "POST",
        "/api/v1/mgmt/config/set",
        {"data": {"a.b": "1", "c": "1"}},
    ),
    (
        "get_config",
        lambda c: c.get_config(["a.b", "c"]),
        "POST",
        "/api/v1/mgmt/config/get",
        {"data": ["a.b", "c"]},
    ),
    (
        "dial",
        lambda c: c.dial("1002"),
        "POST",
        "/api/v1/callctrl/dial",
        {"data": {"Dest": "1002", "Line": "1"}},
    ),
    (
        "dial_sip",
        lambda c: c.dial("x@y", line=2, type="SIP"),
        "POST",
        "/api/v1/callctrl/dial",
        {"data": {"Dest": "x@y", "Line": "2", "Type": "SIP"}},
    ),
    (
        "end_call",
        lambda c: c.end_call("0xB5576FF8"),
        "POST",
        "/api/v1/callctrl/endCall",
        {"data": {"Ref": "b5576ff8"}},
    ),
    ("mute", lambda c: c.mute(True), "POST", "/api/v1/callctrl/mute", {"data": {"state": "1"}}),
    ("unmute", lambda c: c.mute(False), "POST", "/api/v1/callctrl/mute", {"data": {"state": "0"}}),
    (
        "transfer_call",
        lambda c: c.transfer_call("ab", "1003"),
        "POST",
        "/api/v1/callctrl/transferCall",
        {"data": {"Ref": "ab", "TransferDest": "1003"}},
    ),
    (
        "send_dtmf",
        lambda c: c.send_dtmf("12#"),
        "POST",
        "/api/v1/callctrl/sendDTMF",
        {"data": {"Digits": "12#"}},
    ),
    ("call_logs", lambda c: c.call_logs(), "GET", "/api/v1/mgmt/callLogs", None),
    ("call_logs_missed", lambda c: c.call_logs("missed"), "GET", "/api/v1/mgmt/callLogs/missed", None),
    ("get_presence", lambda c: c.get_presence(), "GET", "/api/v1/mgmt/getPresence", None),
    ("sip_status", lambda c: c.sip_status(), "GET", "/api/v1/webCallControl/sipStatus", None),
    ("hold_call", lambda c: c.hold_call(), "POST", "/api/v1/callctrl/holdCall", None),
    (
        "hold_call_ref",
        lambda c: c.hold_call("ab"),
        "POST",
        "/api/v1/callctrl/holdCall",
        {"data": {"Ref": "ab"}},
    ),
    ("resume_call", lambda c: c.resume_call(), "POST", "/api/v1/callctrl/resumeCall", None),
    ("answer_call", lambda c: c.answer_call(), "POST", "/api/v1/callctrl/answerCall", None),
    ("ignore_call", lambda c: c.ignore_call(), "POST", "/api/v1/callctrl/ignoreCall", None),
    (
        "reject_call",
        lambda c: c.reject_call("ab"),
        "POST",
        "/api/v1/callctrl/rejectCall",
        {"data": {"Ref": "ab"}},
    ),
    ("poll_for_status", lambda c: c.poll_for_status(), "GET", "/api/v1/mgmt/pollForStatus", None),
    ("get_transfer_type", lambda c: c.get_transfer_type(), "GET", "/api/v1/mgmt/transferType/get", None),
    (
        "set_transfer_type",
        lambda c: c.set_transfer_type("blind"),
        "POST",
        "/api/v1/mgmt/transferType/set",
        {"data": {"Type": "Blind"}},
    ),
    ("uixml", lambda c: c.uixml(), "GET", "/api/v1/mgmt/uixml", None),
    ("device_stats", lambda c: c.device_stats(), "GET", "/api/v1/mgmt/device/stats", None),
    ("running_config", lambda c: c.running_config(), "GET", "/api/v1/mgmt/device/runningConfig", None),
    (
        "simulate_touch",
        lambda c: c.simulate_touch("swipe", [(1, 2), (30, 40)], duration=200, easing=3),
        "POST",
        "/api/v1/mgmt/simulateTouch",
        {
            "data": {
                "Type": "Swipe",
                "Positions": [{"X": "1", "Y": "2"}, {"X": "30", "Y": "40"}],
                "Duration": "200",
                "Easing": "3",
            }
        },
    ),
    (
        "skype_sign_in",
        lambda c: c.skype_sign_in("a", "u", "pw-x", "d"),
        "POST",
        "/api/v1/mgmt/skype/signIn",
        {"data": {"Address": "a", "User": "u", "Password": "pw-x", "Domain": "d"}},
    ),
    ("skype_sign_out", lambda c: c.skype_sign_out(), "POST", "/api/v1/mgmt/skype/signOut", None),
    (
        "communication_info",
        lambda c: c.communication_info(),
        "GET",
        "/api/v1/mgmt/media/communicationInfo",
        None,
    ),
    ("location_info", lambda c: c.location_info(), "GET", "/api/v1/mgmt/location/info", None),
    (
        "export_config",
        lambda c: c.export_config("http://x/", "All"),
        "POST",
        "/api/v1/mgmt/config/export",
        {"data": {"Url": "http://x/", "ConfigType": "All"}},
    ),
    ("session_stats", lambda c: c.session_stats(), "GET", "/api/v1/mgmt/media/sessionStats", None),
    ("call_status_v1", lambda c: c.call_status_v1(), "GET", "/api/v1/webCallControl/callStatus", None),
    ("line_info", lambda c: c.line_info(), "GET", "/api/v1/mgmt/lineInfo", None),
    ("line_info_v2", lambda c: c.line_info_v2(), "GET", "/api/v2/mgmt/lineInfo", None),
    (
        "update_configuration",
        lambda c: c.update_configuration(),
        "POST",
        "/api/v1/mgmt/updateConfiguration",
        None,
    ),
    (
        "simulate_text_input",
        lambda c: c.simulate_text_input("abc", replace=True),
        "POST",
        "/api/v1/mgmt/simulateTextInput",
        {"data": {"Value": "abc", "ReplaceText": "true"}},
    ),
    (
        "simulate_key_event",
        lambda c: c.simulate_key_event("VoIUp"),
        "POST",
        "/api/v1/mgmt/simulateKeyEvent",
        {"data": {"Type": "Tap", "KeyName": "VolUp"}},
    ),
    (
        "simulate_hook",
        lambda c: c.simulate_hook(True),
        "POST",
        "/api/v1/mgmt/simulateHook",
        {"data": {"Type": "Up"}},
    ),
    (
        "simulate_hook_down",
        lambda c: c.simulate_hook(False),
        "POST",
        "/api/v1/mgmt/simulateHook",
        {"data": {"Type": "Down"}},
    ),
    ("led_status", lambda c: c.led_status(), "GET", "/api/v1/mgmt/ledStatus", None),
    ("bluetooth_info", lambda c: c.bluetooth_info(), "GET", "/api/v1/mgmt/blueTooth/info", None),
    ("pc_port_info", lambda c: c.pc_port_info(), "GET", "/api/v1/mgmt/pcPort/info", None),
    ("web_sign_in", lambda c: c.web_sign_in(), "GET", "/api/v1/mgmt/webSignIn", None),
    ("web_sign_in_cancel", lambda c: c.web_sign_in_cancel(), "GET", "/api/v1/mgmt/webSignInCancel", None),
    ("call_status", lambda c: c.call_status(), "GET", "/api/v2/webCallControl/callStatus", None),
]


@pytest.mark.parametrize(("name", "call", "method", "path", "body"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_each_command_sends_the_manuals_method_path_and_body(
    name: str, call: Callable[[VvxClient], Any], method: str, path: str, body: Any
) -> None:
    client, adapter = fake_client(ok())
    call(client)
    sent = adapter.sent[-1]
    assert (sent.method, sent.path, sent.body) == (method, path, body)
    assert sent.headers["Authorization"].startswith("Basic ")  # preemptive, no challenge round trip
    if method == "POST":
        assert sent.headers["Content-Type"] == "application/json"
    assert sent.timeout == (
        (5.0, 160.0) if name == "skype_sign_in" else (5.0, 5.0)
    )  # sign-in takes up to 150 s


def test_call_status_filters_go_in_the_query() -> None:
    client, adapter = fake_client(ok([]))
    client.call_status(handle="0xAB")
    client.call_status(line=1, sequence=2)
    assert adapter.sent[0].url.endswith("/api/v2/webCallControl/callStatus?handle=ab")
    assert adapter.sent[1].url.endswith("?line=1&sequence=2")
    with pytest.raises(ValueError):
        client.call_status(sequence=1)
    with pytest.raises(ValueError):
        client.call_status(handle="ab", line=1)


def test_line_info_v2_line_query() -> None:
    client, adapter = fake_client(ok([{"ID": "1", "RegistrationStatus": "Registered"}]))
    lines = client.line_info_v2(line=1)
    assert adapter.sent[0].url.endswith("/api/v2/mgmt/lineInfo?line=1")
    assert lines[0].registered


def test_v1_call_status_4007_is_none_not_an_error() -> None:
    client, _ = fake_client(status("4007"))
    assert client.call_status_v1() is None
    assert client.transcript.last() is not None and client.transcript.last().error is None  # type: ignore[union-attr]


def test_v1_call_status_returns_the_call() -> None:
    client, _ = fake_client(ok({**CALL, "LineId": "1"}))
    call = client.call_status_v1()
    assert isinstance(call, CallInfo) and call.handle == "b5576ff8" and call.line == 1


def test_v2_call_status_empty_list_and_4007_are_empty() -> None:
    client, _ = fake_client(ok([]), status("4007"))
    assert client.call_status() == []
    assert client.call_status(handle="ab") == []


def test_v2_call_status_parses_calls_with_numeric_status() -> None:
    client, _ = fake_client((200, {"Status": 2000, "data": [CALL]}))
    (call,) = client.call_status()
    assert call.state == "Connected" and call.remote_number == "1002" and call.duration == 3


def test_get_config_reads_value_and_source_in_both_spellings() -> None:
    client, _ = fake_client(
        ok({"a": {"Value": "1", "Source": "CONFIG"}, "b": {"value": "x", "source": "WEB"}})
    )
    got = client.get_config(["a", "b"])
    assert (got["a"].value, got["a"].source, got["b"].value, got["b"].source) == ("1", "CONFIG", "x", "WEB")


def test_get_config_takes_a_single_name() -> None:
    client, adapter = fake_client(ok({}))
    client.get_config("reg.1.address")
    assert adapter.sent[0].body == {"data": ["reg.1.address"]}


def test_transfer_type_and_uixml_results() -> None:
    client, _ = fake_client(ok({"Type": "Consultative"}), ok("<screen/>"))
    assert client.get_transfer_type() is TransferType.CONSULTATIVE
    assert client.uixml() == "<screen/>"


def test_local_argument_errors_are_value_errors() -> None:
    client, adapter = fake_client(ok())
    with pytest.raises(ValueError):
        client.config_reset("everything")
    with pytest.raises(ValueError):
        client.call_logs("lost")
    with pytest.raises(ValueError):
        client.set_config({})
    with pytest.raises(ValueError):
        client.set_transfer_type("sideways")
    with pytest.raises(ValueError):
        client.end_call("")
    assert adapter.sent == []


def test_capture_screen_returns_bmp_bytes() -> None:
    bmp = b"BM" + b"\x00" * 60
    client, adapter = fake_client((200, bmp, {"Content-Type": "image/bmp"}))
    assert client.capture_screen() == bmp
    assert adapter.sent[0].path == "/captureScreen/mainScreen"
    client.capture_screen(em=2)
    assert adapter.sent[1].path == "/captureScreen/em/2"
    assert "BMP" in client.transcript.as_text()


def test_capture_screen_404_says_screen_capture_is_off() -> None:
    client, _ = fake_client((404, b"Not Found"))
    with pytest.raises(errors.ScreenCaptureDisabledError, match=r"up\.screenCapture\.enabled=1"):
        client.capture_screen()


# ------------------------------------------------------------------------------------- retries


def test_busy_403_is_retried_then_succeeds() -> None:
    client, adapter = fake_client(status("4403", 403), status("4403", 403), ok([]))
    assert client.call_status() == []
    assert len(adapter.sent) == 3
    assert [x.attempt for x in client.transcript] == [1, 2, 3]


def test_busy_4001_is_retried_too() -> None:
    client, adapter = fake_client(status("4001"), ok())
    client.set_config({"x": "1"})
    assert len(adapter.sent) == 2


def test_busy_that_persists_raises_device_busy_after_bounded_tries() -> None:
    client, adapter = fake_client(status("4403", 403), busy_retries=2)
    with pytest.raises(errors.DeviceBusyError, match="still busy after 3 attempts") as info:
        client.dial("1002")
    assert len(adapter.sent) == 3
    assert info.value.http_status == 403 and info.value.command == "WebCallControl.Dial"
    assert isinstance(info.value.__cause__, requests.HTTPError)


@pytest.mark.parametrize(
    "answer",
    [
        status("5000"),
        status("4003"),
        (500, {"Status": "5500"}),
        requests.ConnectionError("refused"),
        requests.ReadTimeout("slow"),
    ],
)
def test_nothing_but_busy_is_retried(answer: Any) -> None:
    client, adapter = fake_client(answer, ok())
    with pytest.raises(errors.VvxError):
        client.dial("1002")
    assert len(adapter.sent) == 1


# ------------------------------------------------------------------------------- error mapping


@pytest.mark.parametrize(
    ("answer", "cls"),
    [
        (status("4000"), errors.InvalidInputError),
        (status("4002"), errors.LineNotRegisteredError),
        (status(4007), errors.CallNotFoundError),
        (status("4009"), errors.InputTooLargeError),
        (status("4010"), errors.DefaultPasswordError),
        ((401, b"Unauthorized", {"WWW-Authenticate": 'Basic realm="x"'}), errors.AuthenticationError),
        ((404, b"Not Found"), errors.RestDisabledError),
        ((400, {"Status": "4400"}), errors.ContentTypeError),
        ((413, b"too large"), errors.InputTooLargeError),
        ((200, b'{"Status": "2000", "da'), errors.UnexpectedResponseError),
        ((200, b"<html>hello</html>"), errors.UnexpectedResponseError),
        ((200, b""), errors.UnexpectedResponseError),
        ((200, [1, 2]), errors.UnexpectedResponseError),
        (requests.ConnectTimeout("connect timed out"), errors.PhoneTimeoutError),
        (requests.ReadTimeout("read timed out"), errors.PhoneTimeoutError),
        (requests.ConnectionError("Connection refused"), errors.PhoneUnreachableError),
        (requests.exceptions.SSLError("certificate verify failed"), errors.TLSError),
        (requests.exceptions.ChunkedEncodingError("IncompleteRead"), errors.UnexpectedResponseError),
    ],
)
def test_outcomes_become_vvx_errors_naming_phone_and_command(answer: Any, cls: type[errors.VvxError]) -> None:
    client, _ = fake_client(answer)
    with pytest.raises(cls) as info:
        client.end_call("ab")
    err = info.value
    assert type(err) is cls
    assert err.phone == "alice" and err.command == "WebCallControl.EndCall" and err.method == "POST"
    text = str(err)
    assert "alice" in text and "WebCallControl.EndCall" in text and "Check:" in text
    if isinstance(answer, BaseException):
        assert err.__cause__ is answer
        assert err.http_status is None
    else:
        assert err.http_status == answer[0]
    last = client.transcript.last()
    assert last is not None and last.error is not None and cls.__name__ in last.error


def test_status_error_keeps_the_response_summary() -> None:
    client, _ = fake_client(status("4002"))
    with pytest.raises(errors.LineNotRegisteredError) as info:
        client.dial("1002", line=3)
    assert info.value.status_code == "4002" and info.value.http_status == 200
    assert info.value.response is not None and "4002" in info.value.response
    assert info.value.request is not None and '"Line": "3"' in info.value.request


def test_call_not_found_is_a_lookup_error() -> None:
    client, _ = fake_client(status("4007"))
    with pytest.raises(LookupError):
        client.end_call("ab")


# ----------------------------------------------------------------------------------- digest auth


DIGEST = {"WWW-Authenticate": 'Digest realm="Polycom VVX", nonce="abc123", qop="auth", algorithm=MD5'}


def test_a_digest_challenge_is_answered_and_digest_kept() -> None:
    client, adapter = fake_client((401, b"", DIGEST), (401, b"", DIGEST), ok(), ok())
    client.safe_restart()
    auths = [s.headers.get("Authorization", "") for s in adapter.sent]
    assert auths[0].startswith("Basic ")
    assert auths[-1].startswith("Digest ") and 'username="Polycom"' in auths[-1]
    n = len(adapter.sent)
    client.safe_restart()
    assert len(adapter.sent) == n + 1  # nonce reused: no new challenge round trip
    assert adapter.sent[-1].headers["Authorization"].startswith("Digest ")


def test_basic_401_without_digest_is_not_retried() -> None:
    client, adapter = fake_client((401, b"", {"WWW-Authenticate": 'Basic realm="x"'}))
    with pytest.raises(errors.AuthenticationError):
        client.device_info()
    assert len(adapter.sent) == 1


# ------------------------------------------------------------------------------ redaction, repr


def test_passwords_never_reach_transcript_errors_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="vvxauto")
    client, _ = fake_client(
        ok({"device.auth.localAdminPassword": {"Value": PASSWORD, "Source": "CONFIG"}}),
        ok(),
        (200, {"Status": "4000", "echo": f"bad {PASSWORD}"}),
        (401, b"", {"WWW-Authenticate": 'Basic realm="x"'}),
    )
    client.get_config(["device.auth.localAdminPassword"])
    client.set_config({"device.auth.localAdminPassword": "new-Secret-1"})
    with pytest.raises(errors.InvalidInputError) as bad_input:
        client.skype_sign_in("addr", "user", "skype-Secret-2")
    with pytest.raises(errors.AuthenticationError) as auth:
        client.device_info()
    texts = [
        client.transcript.as_text(),
        repr(client),
        repr(client._t),
        str(bad_input.value),
        str(auth.value),
        repr(bad_input.value),
        caplog.text,
    ]
    texts += [repr(x) for x in client.transcript]
    for text in texts:
        for secret in (PASSWORD, "new-Secret-1", "skype-Secret-2"):
            assert secret not in text
        assert "Basic " not in text  # the Authorization header is never recorded
    assert "***" in client.transcript.as_text()
    assert caplog.records  # the exchanges were logged (redacted)


def test_repr_names_the_phone_without_password() -> None:
    client, _ = fake_client()
    text = repr(client)
    assert "alice" in text and "http://127.0.0.1:8080" in text and PASSWORD not in text


def test_transcript_is_a_bounded_ring_buffer() -> None:
    client, _ = fake_client(ok([]), transcript_size=3)
    for _ in range(5):
        client.call_status()
    assert len(client.transcript) == 3
    entry = client.transcript.last()
    assert entry is not None
    assert (entry.method, entry.path, entry.http_status, entry.status_code) == (
        "GET",
        "/api/v2/webCallControl/callStatus",
        200,
        "2000",
    )
    assert entry.duration >= 0 and entry.command == "WebCallControl.CallStatusV2"
    text = client.transcript.as_text(limit=1)
    assert text.count("GET /api/v2/webCallControl/callStatus") == 1 and "HTTP 200 Status 2000" in text


def test_long_responses_are_trimmed_in_the_transcript() -> None:
    client, _ = fake_client(ok("<x>" + "y" * 10000 + "</x>"))
    client.uixml()
    body = client.transcript.last().response_body  # type: ignore[union-attr]
    assert body is not None and len(body) < 2100 and "bytes)" in body


# ---------------------------------------------------------------------------------- locks, TLS


def test_clients_of_one_phone_share_one_lock() -> None:
    a = VvxClient("127.0.0.1", 9001, scheme="http", password="x")
    b = VvxClient("127.0.0.1", 9001, scheme="http", password="y")
    c = VvxClient("127.0.0.1", 9002, scheme="http", password="x")
    assert a._t.lock is b._t.lock
    assert a._t.lock is not c._t.lock


def test_threads_never_send_two_requests_at_once() -> None:
    inflight = 0
    peak = 0
    guard = threading.Lock()
    pause = threading.Event()

    def answer(_req: requests.PreparedRequest) -> tuple[int, Any]:
        nonlocal inflight, peak
        with guard:
            inflight += 1
            peak = max(peak, inflight)
        pause.wait(0.002)  # a phone taking its time: another thread would overlap here
        with guard:
            inflight -= 1
        return ok([])

    client, adapter = fake_client(answer)
    other = VvxClient("127.0.0.1", 8080, scheme="http", password=PASSWORD)  # same phone, another client
    other._t.session.mount("http://", adapter)
    threads = [
        threading.Thread(target=lambda c=c: [c.call_status() for _ in range(10)])
        for c in (client, other, client, other)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(adapter.sent) == 40
    assert peak == 1


def test_an_unexpected_failure_below_the_client_leaves_the_phone_unlocked() -> None:
    client, _ = fake_client(RuntimeError("a bug below us"), ok([]))
    with pytest.raises(RuntimeError):
        client.call_status()
    assert not client._t.lock.locked()
    assert client.call_status() == []


def test_fingerprints_are_normalised() -> None:
    hexfp = "ab" * 32
    colons = ":".join(["AB"] * 32)
    assert normalize_fingerprint(hexfp) == hexfp
    assert normalize_fingerprint("sha256:" + colons) == hexfp
    assert normalize_fingerprint("SHA256:" + colons.lower()) == hexfp
    for bad in ("sha256:AB:CD", "zz" * 32, "sha1:" + "ab" * 20):
        with pytest.raises(ValueError):
            normalize_fingerprint(bad)


def test_verify_false_is_warned_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tls_mod, "_insecure_warned", False)
    with pytest.warns(InsecurePhoneWarning, match="verification is switched off"):
        first = VvxClient("127.0.0.1", 9443, password="x", verify=False)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = VvxClient("127.0.0.1", 9444, password="x", verify=False)
    assert first.tls_mode == second.tls_mode == "insecure"


def test_missing_ca_bundle_is_refused_early(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="ca_bundle"):
        VvxClient("127.0.0.1", 9443, password="x", ca_bundle=tmp_path / "nope.pem")


def test_timeouts_are_float_seconds_or_a_pair() -> None:
    client, adapter = fake_client(ok(), timeout=(1.5, 7))
    client.safe_restart()
    assert adapter.sent[0].timeout == (1.5, 7.0) and client.timeout == (1.5, 7.0)
    with pytest.raises(ValueError):
        VvxClient("127.0.0.1", 1, scheme="http", password="x", timeout=0)


def test_default_ports_follow_the_scheme() -> None:
    assert VvxClient("10.0.0.5", password="x").base_url == "https://10.0.0.5:443"
    assert VvxClient("10.0.0.5", scheme="http", password="x").base_url == "http://10.0.0.5:80"


# ------------------------------------------------------------------------------- from_endpoint


def test_from_endpoint_reads_an_inventory_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VVX_TEST_PW", "from-env")
    client = VvxClient.from_endpoint(
        {
            "host": "127.0.0.1",
            "port": 8081,
            "scheme": "http",
            "password_env": "VVX_TEST_PW",
            "role": "bob",
            "model": "VVX 411",
        }
    )
    assert client.name == "bob" and client.base_url == "http://127.0.0.1:8081"
    adapter = ScriptedAdapter([ok()])
    client._t.session.mount("http://", adapter)
    client.safe_restart()
    assert adapter.sent[0].headers["Authorization"] == requests.auth._basic_auth_str("Polycom", "from-env")


def test_from_endpoint_without_a_password_says_which_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VVX_NOT_SET", raising=False)
    with pytest.raises(ValueError, match="VVX_NOT_SET"):
        VvxClient.from_endpoint({"host": "h", "port": 1, "password_env": "VVX_NOT_SET", "name": "carol"})
    with pytest.raises(ValueError, match="neither password nor password_env"):
        VvxClient.from_endpoint({"host": "h", "port": 1})


def test_from_endpoint_accepts_objects_and_overrides() -> None:
    class Ep:
        role = "dave"
        host = "127.0.0.1"
        port = 8082
        scheme = "http"
        username = "Polycom"
        password = "pw"

    client = VvxClient.from_endpoint(Ep(), busy_retries=1)
    assert client.name == "dave" and client.timeout == (5.0, 5.0) and client.port == 8082
    assert client._t.busy_retries == 1
    timed = VvxClient.from_endpoint(
        {"host": "h", "port": 1, "password": "p", "timeout": 30.0, "request_timeout": 2}
    )
    assert timed.timeout == (2.0, 2.0)  # an entry's "timeout" is for waits, not requests
