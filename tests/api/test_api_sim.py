"""VvxClient against the simulated lab over HTTP: commands round-trip, faults become the right errors."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from api_helpers import client_for, wait_until

from vvxauto import errors
from vvxauto.api import CallInfo, TransferType, VvxClient
from vvxauto.sim import SimLab
from vvxauto.sim.device import SkypeAccount
from vvxauto.sim.timing import Timing


def _ringing(client: VvxClient) -> list[CallInfo]:
    return [c for c in client.call_status() if c.is_state("Offering")]


def _connect(alice: VvxClient, bob: VvxClient) -> tuple[CallInfo, CallInfo]:
    alice.dial("1002")
    wait_until(lambda: _ringing(bob), what="bob ringing")
    bob.answer_call()
    (a,) = wait_until(
        lambda: [c for c in alice.call_status() if c.is_state("Connected")], what="alice connected"
    )
    (b,) = bob.call_status()
    return a, b


def test_a_call_through_its_life(alice: VvxClient, bob: VvxClient) -> None:
    assert alice.call_status() == [] and alice.call_status_v1() is None
    alice.dial("1002")
    (incoming,) = wait_until(lambda: _ringing(bob), what="bob ringing")
    assert incoming.ringing and incoming.incoming and incoming.line == 1
    (outgoing,) = alice.call_status()
    assert outgoing.type == "Outgoing" and outgoing.remote_number.endswith("1002")
    assert alice.call_status(handle=outgoing.handle)[0].handle == outgoing.handle
    assert alice.call_status(line=1, sequence=outgoing.sequence)[0].handle == outgoing.handle

    bob.answer_call(incoming)
    wait_until(lambda: [c for c in alice.call_status() if c.is_state("Connected")], what="alice connected")
    v1 = alice.call_status_v1()
    assert v1 is not None and v1.handle == outgoing.handle and v1.state == "Connected" and v1.line == 1

    alice.hold_call(outgoing)
    assert alice.call_status()[0].is_state("Hold", "CallHold")
    alice.resume_call()
    assert alice.call_status()[0].state == "Connected"
    alice.send_dtmf("12#")
    alice.mute(True)
    assert alice.call_status()[0].muted and alice.led_status().led("Mute").on
    alice.mute(False)
    alice.end_call(outgoing.handle.upper())  # any spelling of the handle
    wait_until(lambda: alice.call_status() == [] and bob.call_status() == [], what="both idle")
    assert alice.call_status_v1() is None
    assert any(e.remote_number.endswith("1002") for e in alice.call_logs("placed").placed)
    assert alice.call_logs().placed


def test_ending_a_call_that_is_gone_is_call_not_found(alice: VvxClient) -> None:
    with pytest.raises(errors.CallNotFoundError) as info:
        alice.end_call("deadbeef")
    assert info.value.status_code == "4007" and info.value.phone == "alice"
    assert "WebCallControl.EndCall" in str(info.value)


def test_reject_and_ignore_an_incoming_call(alice: VvxClient, bob: VvxClient) -> None:
    alice.dial("1002")
    wait_until(lambda: _ringing(bob), what="bob ringing")
    bob.reject_call()
    wait_until(lambda: not _ringing(bob), what="bob no longer ringing")
    wait_until(
        lambda: not [c for c in alice.call_status() if not c.is_state("Disconnected")], what="alice idle"
    )


def test_transfer_and_hook(lab: SimLab, sim_lab_factory: Callable[..., SimLab]) -> None:
    lab3 = sim_lab_factory(phones=3)
    alice, bob, carol = (client_for(ep) for ep in lab3.endpoints)
    _connect(alice, bob)
    (call,) = bob.call_status()
    bob.transfer_call(call, "1003")
    wait_until(lambda: carol.call_status(), what="carol gets the transferred call")
    bob.simulate_hook(True)
    bob.simulate_hook(False)


def test_config_round_trip_with_source(alice: VvxClient) -> None:
    before = alice.get_config(["reg.1.address", "apps.restapi.enabled"])
    assert before["reg.1.address"].value == "1001" and before["reg.1.address"].source == "CONFIG"
    alice.set_config({"reg.1.label": "Front desk"})
    after = alice.get_config("reg.1.label")["reg.1.label"]
    assert after.value == "Front desk" and after.source == "WEB"


def test_more_than_20_parameters_is_input_too_large(alice: VvxClient) -> None:
    with pytest.raises(errors.InputTooLargeError):
        alice.get_config([f"reg.{n}.address" for n in range(1, 23)])


def test_a_body_over_20_kb_is_input_too_large(alice: VvxClient) -> None:
    with pytest.raises(errors.InputTooLargeError) as info:
        alice.set_config({"reg.1.label": "x" * 21000})
    assert info.value.http_status == 413


def test_every_query_command_returns_its_typed_result(alice: VvxClient) -> None:
    assert alice.device_info().model == "VVX 411"
    v2 = alice.device_info_v2()
    assert v2.model == "VVX 411" and v2.ready_to_use is True and v2.firmware_version
    assert alice.network_info().raw
    assert alice.network_stats().rx_packets is not None
    assert alice.device_stats().raw
    assert alice.running_config()
    assert alice.location_info() is not None
    assert alice.session_stats().sessions == ()
    assert alice.communication_info().raw is not None
    assert alice.poll_for_status().idle
    assert alice.sip_status().users
    lines = alice.line_info()
    assert lines[0].number == 1 and lines[0].registered
    (line1,) = alice.line_info_v2(line=1)
    assert line1.registered and line1.label == "1001"
    leds = alice.led_status()
    assert leds.led("Line1").state == "off" and leds.led("MWI") is not None
    assert "<screen" in alice.uixml()
    assert alice.capture_screen()[:2] == b"BM"
    assert alice.update_configuration() == "Completed"
    alice.set_transfer_type(TransferType.BLIND)
    assert alice.get_transfer_type() is TransferType.BLIND


def test_screen_commands_round_trip(alice: VvxClient) -> None:
    alice.simulate_key_event("Dialpad1")
    alice.simulate_key_event("VoIUp")  # the manual's spelling is accepted
    alice.simulate_text_input("12", replace=True)
    with pytest.raises(errors.InvalidInputError):
        alice.simulate_key_event("NoSuchKey")
    with pytest.raises(errors.NotSupportedError):  # a VVX 411 has no touch screen
        alice.simulate_touch("Tap", [(10, 30)])


def test_touch_on_a_touch_model(sim_lab_factory: Callable[..., SimLab]) -> None:
    tlab = sim_lab_factory(phones=1, models=["VVX 501"])
    client = client_for(tlab.endpoints[0])
    client.simulate_touch("Tap", [(10, 30)])
    client.simulate_touch("Swipe", [(10, 30), (100, 30)], duration=100, easing=0)
    with pytest.raises(errors.PhoneStatusError):
        client.simulate_touch("Tap", [(10, 30), (20, 30)])  # one position only for a tap


def test_management_resets_and_restarts(lab: SimLab, alice: VvxClient) -> None:
    phone = lab.phone("alice")
    alice.config_reset("web")
    wait_until(lambda: _reachable(alice), what="alice back after configReset")
    before = phone.restarts
    alice.safe_restart()
    wait_until(lambda: _reachable(alice), what="alice back after safeRestart")
    alice.safe_reboot()
    wait_until(lambda: _reachable(alice), what="alice back after safeReboot")
    assert phone.restarts == before + 2


def test_bluetooth_and_pc_port(lab: SimLab, alice: VvxClient) -> None:
    with pytest.raises(errors.NotSupportedError) as info:  # a VVX 411 has no Bluetooth
        alice.bluetooth_info()
    assert info.value.status_code == "4004"
    lab.phone("alice").has_bluetooth = True
    assert alice.bluetooth_info().enabled is not None
    port = alice.pc_port_info()
    assert port.status and not port.active
    lab.phone("alice").pc_port_connected = True
    assert alice.pc_port_info().active


def test_skype_commands_without_an_account_are_not_supported(alice: VvxClient) -> None:
    for call in (
        alice.get_presence,
        alice.web_sign_in,
        alice.web_sign_in_cancel,
        alice.skype_sign_out,
        lambda: alice.skype_sign_in("addr", "u", "p"),
    ):
        with pytest.raises(errors.NotSupportedError):
            call()


def test_skype_sign_in_flow_with_an_account(
    lab: SimLab, alice: VvxClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="vvxauto")
    lab.phone("alice").skype_account = SkypeAccount(user="alice@corp", password="Sky-Pass-9", domain="corp")
    sign = alice.web_sign_in()
    assert sign.uri and sign.code
    assert alice.web_sign_in_cancel() == "Canceled"
    with pytest.raises(errors.NotAllowedError):
        alice.skype_sign_in("sip.corp", "alice@corp", "wrong-pass", "corp")
    alice.skype_sign_in("sip.corp", "alice@corp", "Sky-Pass-9", "corp")
    assert alice.get_presence() == "Available"
    alice.skype_sign_out()
    assert "Sky-Pass-9" not in alice.transcript.as_text() and "Sky-Pass-9" not in caplog.text


def test_ignore_an_incoming_call(alice: VvxClient, bob: VvxClient) -> None:
    alice.dial("1002")
    (incoming,) = wait_until(lambda: _ringing(bob), what="bob ringing")
    bob.ignore_call(incoming.handle)
    wait_until(lambda: not [c for c in bob.call_status() if c.ringing], what="bob stops ringing")


def test_session_stats_during_a_call(alice: VvxClient, bob: VvxClient) -> None:
    _connect(alice, bob)
    (session,) = alice.session_stats().sessions
    assert session.audio_streams and any(s.is_video for s in session.streams)
    assert alice.communication_info().communication_types
    assert alice.poll_for_status().active


def test_factory_reset_leaves_rest_switched_off(lab: SimLab, alice: VvxClient) -> None:
    alice.factory_reset()

    def rest_answers_404() -> bool:
        try:
            alice.call_status()
        except errors.RestDisabledError:
            return True
        except (errors.PhoneUnreachableError, errors.PhoneTimeoutError):
            return False
        return False

    wait_until(rest_answers_404, what="the phone back from factory reset, REST off")


def test_export_configuration_uploads_to_the_url(alice: VvxClient) -> None:
    received: list[bytes] = []

    class Upload(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Upload)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        alice.export_config(f"http://127.0.0.1:{server.server_address[1]}/upload", "Web")
    finally:
        server.shutdown()
        server.server_close()
    assert received and received[0]


def test_export_to_an_unreachable_url_is_export_failed(alice: VvxClient) -> None:
    with pytest.raises(errors.ExportFailedError):
        alice.export_config("http://127.0.0.1:1/upload", "Web")


def test_raw_request_reaches_any_path(alice: VvxClient) -> None:
    body = alice.raw_request("GET", "/api/v2/WebCallControl/callStatus")  # paths match in any case
    assert body["Status"] == "2000" and body["data"] == []
    assert alice.transcript.last().command == "/api/v2/WebCallControl/callStatus"  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------- auth & rest


def test_wrong_password_is_authentication_error_and_leaks_nowhere(
    lab: SimLab, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "Not-The-Pw-42"
    client = client_for(lab.endpoint("alice"), password=wrong)
    with pytest.raises(errors.AuthenticationError) as info:
        client.device_info()
    err = info.value
    assert err.http_status == 401 and err.phone == "alice" and "password_env" in str(err)
    for text in (
        str(err),
        repr(err),
        repr(client),
        client.transcript.as_text(),
        caplog.text,
        str(err.request),
        str(err.response),
    ):
        assert wrong not in text and lab.password not in text


def test_rest_disabled_is_rest_disabled_error(lab: SimLab, alice: VvxClient) -> None:
    lab.phone("alice").config.set("apps.restapi.enabled", "0")
    with pytest.raises(errors.RestDisabledError, match=r"apps\.restapi\.enabled=1") as info:
        alice.call_status()
    assert info.value.http_status == 404


def test_factory_password_is_default_password_error(lab: SimLab) -> None:
    lab.phone("alice").config.set("device.auth.localAdminPassword", "456")
    client = client_for(lab.endpoint("alice"), password="456")
    with pytest.raises(errors.DefaultPasswordError, match="456") as info:
        client.call_status()
    assert info.value.status_code == "4010"


def test_screen_capture_switched_off(lab: SimLab, alice: VvxClient) -> None:
    alice.set_config({"up.screenCapture.enabled": "0"})
    with pytest.raises(errors.ScreenCaptureDisabledError):
        alice.capture_screen()


def test_a_digest_challenge_is_answered(sim_lab_factory: Callable[..., SimLab]) -> None:
    dlab = sim_lab_factory(phones=2, auth="digest")
    client = client_for(dlab.endpoints[0])
    assert client.call_status() == []
    client.dial("1002")
    assert client.call_status()
    before = dlab.server("alice").requests_served
    client.call_status()
    assert dlab.server("alice").requests_served == before + 1  # digest kept: no challenge each time
    fresh = client_for(dlab.endpoints[0])  # threads that all meet the first challenge at once
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                fresh.call_status()
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert failures == []
    wrong = client_for(dlab.endpoints[0], password="nope-nope")
    with pytest.raises(errors.AuthenticationError):
        wrong.call_status()


# ---------------------------------------------------------------------------------------- faults


def test_busy_phone_is_retried_until_it_answers(lab: SimLab, alice: VvxClient) -> None:
    lab.server("alice").faults.busy(2)
    assert alice.call_status() == []
    attempts = [e.attempt for e in alice.transcript]
    assert attempts == [1, 2, 3] and [e.http_status for e in alice.transcript] == [403, 403, 200]


def test_busy_phone_that_stays_busy_is_device_busy_error(lab: SimLab) -> None:
    lab.server("alice").faults.busy(10)
    client = client_for(lab.endpoint("alice"), busy_retries=2)
    with pytest.raises(errors.DeviceBusyError, match="still busy after 3 attempts") as info:
        client.call_status()
    assert info.value.http_status == 403
    assert lab.server("alice").faults.state()["busy"] == 7


def test_slow_phone_is_a_timeout_quickly(lab: SimLab) -> None:
    lab.server("alice").faults.slow(1.5)
    client = client_for(lab.endpoint("alice"), timeout=0.2)
    t0 = time.monotonic()
    with pytest.raises(errors.PhoneTimeoutError) as info:
        client.call_status()
    assert time.monotonic() - t0 < 1.0
    assert isinstance(info.value, TimeoutError) and "0.2" in str(info.value)


def test_dropped_connection_is_unreachable_and_not_retried(lab: SimLab, alice: VvxClient) -> None:
    lab.server("alice").faults.drop(1)
    with pytest.raises(errors.PhoneUnreachableError):
        alice.dial("1002")
    assert len(alice.transcript) == 1
    assert alice.call_status() == []  # nothing was dialled, and the client recovers


def test_truncated_body_is_unexpected_response(lab: SimLab, alice: VvxClient) -> None:
    lab.server("alice").faults.truncate(1)
    with pytest.raises(errors.UnexpectedResponseError):
        alice.device_info_v2()
    assert alice.device_info_v2().model == "VVX 411"


def test_rebooting_phone_is_unreachable_then_back(sim_lab_factory: Callable[..., SimLab]) -> None:
    rlab = sim_lab_factory(phones=1, timing=Timing(restart_down_ms=400))
    client = client_for(rlab.endpoints[0])
    assert client.call_status() == []  # a pooled keep-alive connection now exists
    rlab.server("alice").faults.reboot_now()
    with pytest.raises(errors.PhoneUnreachableError) as info:
        client.call_status()
    assert isinstance(info.value, ConnectionError) and "restart" in info.value.hint
    wait_until(lambda: _reachable(client), what="the phone back after reboot")


def test_unreachable_port_is_unreachable(lab: SimLab) -> None:
    client = VvxClient("127.0.0.1", 1, scheme="http", password="x", name="ghost", timeout=1.0)
    with pytest.raises(errors.PhoneUnreachableError, match="ghost"):
        client.call_status()


def test_threads_sharing_a_phone_take_turns(sim_lab_factory: Callable[..., SimLab]) -> None:
    # each request holds the phone's only request slot for 5 ms: four clients of one phone that did
    # not take turns would collide (HTTP 403) often and some would give up (DeviceBusyError)
    ep = sim_lab_factory(phones=1, latency_ms=5).endpoints[0]
    clients = [client_for(ep) for _ in range(4)]
    failures: list[BaseException] = []

    def work(c: VvxClient) -> None:
        try:
            for _ in range(25):
                c.call_status()
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert failures == []
    statuses = [e.http_status for c in clients for e in c.transcript]
    assert statuses.count(200) == 100
    # the simulated phone frees its slot just after answering, so a rare 403 may slip in (and is retried)
    assert statuses.count(403) <= 4


def _reachable(client: VvxClient) -> bool:
    try:
        client.call_status()
    except (errors.PhoneUnreachableError, errors.PhoneTimeoutError):
        return False
    return True


def test_a_closed_client_reconnects_and_works_as_a_context_manager(lab: SimLab) -> None:
    with client_for(lab.endpoint("alice")) as client:
        assert client.call_status() == []
        client.close()
        assert client.call_status() == []
