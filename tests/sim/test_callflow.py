"""Call flows through the virtual exchange, at the device level (no HTTP)."""

from __future__ import annotations

from typing import Any

import pytest
from sim_helpers import wait_until as wait_for

from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange, FarEnd, normalize_number
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.timing import ManualClock, Timing


def make_lab(n: int = 3, **exchange_args: Any) -> tuple[Exchange, list[SimPhone]]:
    exchange = Exchange(**exchange_args)
    roles = ["alice", "bob", "carol", "dave"][:n]
    phones = [SimPhone(exchange, role, str(1001 + i), password="secret") for i, role in enumerate(roles)]
    return exchange, phones


@pytest.fixture
def lab() -> Any:
    exchange, phones = make_lab(3)
    yield phones
    exchange.close()


def status_code(excinfo: pytest.ExceptionInfo[PhoneStatus]) -> str:
    return excinfo.value.code


def test_dial_rings_callee_and_caller_hears_ringback(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    assert call.state == "RingBack" and call.direction == "Outgoing"
    (incoming,) = bob.calls
    assert incoming.state == "Offering" and incoming.ringing and incoming.direction == "Incoming"
    assert incoming.remote_number == "1001" and incoming.remote_name == "Alice"
    assert call.remote_name == "Bob"


@pytest.mark.parametrize("dest", ["sip:1002@127.0.0.1", "sip:1002@lab;transport=udp", " 1002 "])
def test_sip_uri_and_padded_numbers_reach_the_extension(lab: list[SimPhone], dest: str) -> None:
    alice, bob, _ = lab
    alice.dial(dest)
    assert [c.state for c in bob.calls] == ["Offering"]


def test_answer_connects_both_sides_with_two_way_media(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.answer()
    assert call.state == "Connected" and bob.calls[0].state == "Connected"
    assert call.media_direction == bob.calls[0].media_direction == "sendrecv"
    assert call.connected_at is not None


@pytest.mark.parametrize("who", ["caller", "callee"])
def test_end_from_either_side_clears_both(lab: list[SimPhone], who: str) -> None:
    alice, bob, _ = lab
    alice.dial("1002")
    bob.answer()
    (alice if who == "caller" else bob).end()
    assert alice.calls == [] and bob.calls == []
    assert len(alice.call_log("placed")) == 1 and len(bob.call_log("received")) == 1
    assert bob.call_log("missed") == []


def test_caller_giving_up_leaves_a_missed_call(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    alice.dial("1002")
    alice.end()
    assert bob.calls == []
    (missed,) = bob.call_log("missed")
    assert missed.remote_number == "1001" and missed.end_reason == "cancelled"


def test_reject_fails_the_callers_call() -> None:
    exchange, (alice, bob) = make_lab(2, timing=Timing(disconnect_linger_ms=60_000))
    try:
        call = alice.dial("1002")
        bob.reject()
        assert bob.calls == [] and len(bob.call_log("missed")) == 1
        assert call.state == "Disconnected" and call.end_reason == "rejected"
        assert alice.calls == [call]  # lingers as Disconnected
        assert alice.active_call() is None
        alice.end()  # End Call clears it at once
        assert alice.calls == []
    finally:
        exchange.close()


def test_failed_call_lingers_then_clears() -> None:
    exchange, (alice, _bob) = make_lab(2, timing=Timing(disconnect_linger_ms=30))
    try:
        call = alice.dial("9999")
        assert call.state == "Disconnected" and call.end_reason == "unreachable"
        wait_for(lambda: not alice.calls)
    finally:
        exchange.close()


def test_ignore_silences_only_the_callee(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.ignore()
    (incoming,) = bob.calls
    assert incoming.state == "Offering" and not incoming.ringing
    assert call.state == "RingBack"
    assert bob.leds()["MWI"] == {"State": "off"}
    bob.answer()  # an ignored call can still be answered
    assert call.state == "Connected"


def test_hold_and_resume_show_hold_here_and_callhold_there(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.answer()
    far = bob.calls[0]
    alice.hold()
    assert (call.state, far.state) == ("Hold", "CallHold")
    assert (call.media_direction, far.media_direction) == ("sendonly", "recvonly")
    with pytest.raises(PhoneStatus) as excinfo:
        alice.hold(call.handle)
    assert status_code(excinfo) == "4003"
    alice.resume()
    assert (call.state, far.state) == ("Connected", "Connected")
    with pytest.raises(PhoneStatus) as excinfo:
        alice.resume(call.handle)
    assert status_code(excinfo) == "4003"


def test_both_sides_holding_is_inactive(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.answer()
    alice.hold()
    bob.hold()
    assert call.state == "Hold" and bob.calls[0].state == "Hold"
    assert call.media_direction == "inactive"
    alice.resume()
    assert call.state == "CallHold"


def test_ending_a_held_call_is_not_allowed(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.answer()
    alice.hold()
    with pytest.raises(PhoneStatus) as excinfo:
        alice.end(call.handle)
    assert status_code(excinfo) == "4003"


def test_second_call_holds_the_first_and_gets_the_next_appearance(lab: list[SimPhone]) -> None:
    alice, bob, carol = lab
    first = alice.dial("1002")
    bob.answer()
    second = alice.dial("1003")
    assert first.state == "Hold" and second.state == "RingBack"
    assert (first.sequence, second.sequence) == (1, 2)
    assert (first.appearance, second.appearance) == (1, 2)
    carol.answer()
    assert alice.active_call() is second
    alice.resume(first.handle)  # resuming the first holds the second
    assert first.state == "Connected" and second.state == "Hold"


def test_answering_a_waiting_call_holds_the_connected_one(lab: list[SimPhone]) -> None:
    alice, bob, carol = lab
    alice.dial("1002")
    bob.answer()
    carol.dial("1002")
    assert [c.state for c in bob.calls] == ["Connected", "Offering"]
    bob.answer()
    assert [c.state for c in bob.calls] == ["Hold", "Connected"]
    assert alice.calls[0].state == "CallHold"


def test_blind_transfer_hands_the_far_end_to_a_third_phone(lab: list[SimPhone]) -> None:
    alice, bob, carol = lab
    alice.dial("1002")
    bob.answer()
    bob.transfer(None, "1003")
    assert bob.calls == []
    (new,) = alice.calls
    assert new.state == "RingBack" and new.remote_number == "1003"
    (ringing,) = carol.calls
    assert ringing.state == "Offering" and ringing.remote_number == "1001"
    carol.answer()
    assert new.state == "Connected"
    assert bob.call_log("missed") == []


def test_transfer_needs_a_connected_call_and_a_destination(lab: list[SimPhone]) -> None:
    alice, _bob, _ = lab
    call = alice.dial("1002")
    with pytest.raises(PhoneStatus) as excinfo:
        alice.transfer(call.handle, "1003")
    assert status_code(excinfo) == "4003"
    with pytest.raises(PhoneStatus) as excinfo:
        alice.transfer(call.handle, "")
    assert status_code(excinfo) == "4000"
    with pytest.raises(PhoneStatus) as excinfo:
        alice.transfer("abcdef12", "1003")
    assert status_code(excinfo) == "4007"


def test_consultative_transfer_joins_the_two_far_ends(lab: list[SimPhone]) -> None:
    alice, bob, carol = lab
    alice.dial("1002")
    bob.answer()
    held = bob.hold()
    consult = bob.dial("1003")
    carol.answer()
    bob.complete_transfer(held.handle, consult.handle)
    assert bob.calls == []
    (a,) = alice.calls
    (c,) = carol.calls
    assert a.state == c.state == "Connected"
    assert a.peer is c and a.remote_number == "1003" and c.remote_number == "1001"


def test_dtmf_reaches_the_far_call(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    alice.dial("1002")
    with pytest.raises(PhoneStatus) as excinfo:
        alice.send_dtmf("1")  # not connected yet
    assert status_code(excinfo) == "4007"
    bob.answer()
    alice.send_dtmf("12*#")
    alice.send_dtmf("9")
    assert bob.calls[0].dtmf_received == "12*#9"
    with pytest.raises(PhoneStatus) as excinfo:
        alice.send_dtmf("12x")
    assert status_code(excinfo) == "4000"


def test_unknown_handles_and_states(lab: list[SimPhone]) -> None:
    alice, _bob, _ = lab
    with pytest.raises(PhoneStatus) as excinfo:
        alice.answer()
    assert status_code(excinfo) == "4007"
    call = alice.dial("1002")
    with pytest.raises(PhoneStatus) as excinfo:
        alice.answer(call.handle)  # not an incoming call
    assert status_code(excinfo) == "4003"
    with pytest.raises(PhoneStatus) as excinfo:
        alice.call_by_handle("not-hex")
    assert status_code(excinfo) == "4000"
    assert alice.call_by_handle("0x" + call.handle.upper()) is call


def test_handles_are_eight_hex_digits_and_unique(lab: list[SimPhone]) -> None:
    alice, bob, carol = lab
    calls = [alice.dial("1002"), alice.dial("1003"), carol.dial("1001")]
    handles = {c.handle for c in calls} | {c.handle for c in bob.calls}
    assert len(handles) == 4
    assert all(len(h) == 8 and int(h, 16) >= 0 for h in handles)


def test_unregistered_line_cannot_dial(lab: list[SimPhone]) -> None:
    alice = lab[0]
    with pytest.raises(PhoneStatus) as excinfo:
        alice.dial("1002", line=2)
    assert status_code(excinfo) == "4002"
    with pytest.raises(PhoneStatus) as excinfo:
        alice.dial("1002", line="one")
    assert status_code(excinfo) == "4000"
    alice.set_config({"reg.2.address": "2001"})
    alice.dial("1002", line="2")
    assert alice.calls[0].line == 2


def test_second_line_receives_calls_for_its_address(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    bob.set_config({"reg.2.address": "2002", "reg.2.label": "Sales"})
    alice.dial("2002")
    assert bob.calls[0].line == 2
    assert bob.leds()["Lines"][1] == {"LineNumber": "2", "Color": "green", "State": "flash"}


def test_calling_yourself_or_a_dnd_phone_is_busy(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    assert alice.dial("1001").end_reason == "busy"
    bob.dnd = True
    assert alice.dial("1002").end_reason == "busy"


# -- far ends ---------------------------------------------------------------------------------------


def test_scripted_far_ends_answer_busy_or_never() -> None:
    exchange, (alice,) = make_lab(
        1, far_ends={"5551000": "answer", "5552000": "busy", "5553000": "no_answer"}
    )
    try:
        answered = alice.dial("5551000")
        assert answered.state == "Connected" and answered.peer is not None and answered.peer.is_far_end
        alice.send_dtmf("42")
        assert answered.peer.dtmf_received == "42"
        alice.end()
        assert alice.dial("5552000").end_reason == "busy"
        ringing = alice.dial("555-3000")
        assert ringing.state == "RingBack"
        alice.end(ringing.handle)
        assert exchange.far_calls == []
    finally:
        exchange.close()


def test_far_end_answers_after_its_delay() -> None:
    exchange, (alice,) = make_lab(1, far_ends={"*": FarEnd("answer", answer_after_ms=40)})
    try:
        call = alice.dial("5550123")
        assert call.state == "RingBack"
        wait_for(lambda: call.state == "Connected")
    finally:
        exchange.close()


def test_unknown_numbers_are_unreachable_without_a_default() -> None:
    exchange, (alice,) = make_lab(1)
    try:
        call = alice.dial("5550123")
        assert call.end_reason == "unreachable" and alice.calls == []
        assert len(alice.call_log("placed")) == 1
        exchange.set_far_end("*", "answer")
        assert alice.dial("5550123").state == "Connected"
    finally:
        exchange.close()


def test_outside_caller_rings_a_lab_phone(lab: list[SimPhone]) -> None:
    alice = lab[0]
    leg = alice.exchange.incoming_from("+15551234", "1001", name="Customer")
    (incoming,) = alice.calls
    assert incoming.remote_name == "Customer" and incoming.remote_number == "+15551234"
    alice.answer()
    assert leg.state == "Connected"
    alice.exchange.hangup(leg)
    assert alice.calls == []
    with pytest.raises(PhoneStatus):
        alice.exchange.incoming_from("1", "7777")


def test_far_end_shorthands() -> None:
    assert FarEnd.parse("answer:250") == FarEnd("answer", 250.0)
    assert FarEnd.parse("never").behaviour == "no_answer"
    with pytest.raises(ValueError):
        FarEnd.parse("sometimes")
    assert normalize_number("tel:+1 (555) 123-4567") == "+15551234567"
    assert normalize_number("sips:alice@example.com") == "alice"


# -- timing -----------------------------------------------------------------------------------------


def test_ring_delay_keeps_the_caller_proceeding() -> None:
    exchange, (alice, bob) = make_lab(2, timing=Timing(ring_delay_ms=50))
    try:
        call = alice.dial("1002")
        assert call.state == "Proceeding" and bob.calls == []
        wait_for(lambda: call.state == "RingBack" and bob.calls)
        assert bob.calls[0].state == "Offering"
    finally:
        exchange.close()


def test_caller_giving_up_before_the_ring_cancels_it() -> None:
    exchange, (alice, bob) = make_lab(2, timing=Timing(ring_delay_ms=30))
    try:
        alice.dial("1002")
        alice.end()
        assert exchange.scheduler.pending() == 0
        assert bob.calls == []
    finally:
        exchange.close()


# -- hook, audio, mute ---------------------------------------------------------------------------


def test_off_hook_gives_dialtone_and_dial_reuses_it(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    alice.hook(True)
    (tone,) = alice.calls
    assert tone.state == "Dialtone" and alice.audio_mode == "handset"
    call = alice.dial("1002")
    assert call is tone and call.state == "RingBack"
    bob.answer()
    alice.hook(False)
    assert alice.calls == [] and bob.calls == []
    assert alice.audio_mode == "idle"


def test_dialtone_only_calls_leave_no_log(lab: list[SimPhone]) -> None:
    alice = lab[0]
    alice.hook(True)
    alice.hook(False)
    assert alice.call_log("placed") == [] and alice.calls == []


def test_lifting_the_handset_answers_a_ringing_call(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.hook(True)
    assert call.state == "Connected" and bob.audio_mode == "handset"
    assert alice.audio_mode == "speaker"


def test_handsfree_key_answers_and_ends(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    alice.dial("1002")
    bob.press_handsfree()
    assert bob.calls[0].state == "Connected" and bob.audio_mode == "speaker"
    bob.press_headset()
    assert bob.audio_mode == "headset" and bob.calls
    bob.press_headset()
    assert bob.calls == [] and alice.calls == []
    bob.press_handsfree()
    assert bob.calls[0].state == "Dialtone" and bob.audio_mode == "speaker"


def test_mute_follows_the_phone_and_clears_when_idle(lab: list[SimPhone]) -> None:
    alice, bob, _ = lab
    call = alice.dial("1002")
    bob.answer()
    alice.set_mute(True)
    assert alice.muted and call.muted
    assert alice.leds()["Mute"] == {"Color": "red", "State": "on"}
    alice.end()
    assert not alice.muted
    assert alice.leds()["Mute"] == {"State": "off"}


# -- media counters --------------------------------------------------------------------------------


def test_media_counters_grow_with_connected_time_only() -> None:
    clock = ManualClock()
    exchange, (alice, bob) = make_lab(2, clock=clock)
    call = alice.dial("1002")
    clock.advance(5)  # ringing: no media
    assert call.packets(exchange.now()) == (0, 0)
    bob.answer()
    clock.advance(2)
    assert call.packets(exchange.now()) == (100, 100)
    assert call.duration(exchange.now()) == 2
    alice.hold()
    clock.advance(1)
    assert call.packets(exchange.now()) == (150, 100)  # holding: we still send (music), not receive
    assert bob.calls[0].packets(exchange.now()) == (100, 150)
    bob.end()
    clock.advance(10)
    assert call.packets(exchange.now()) == (150, 100)
    assert alice.call_log("placed")[0].talk_seconds(exchange.now()) == 3
    assert alice.media_packets() == (150, 100)


# -- restart ---------------------------------------------------------------------------------------


def test_restart_ends_calls_goes_down_and_comes_back_not_ready() -> None:
    exchange, (alice, bob) = make_lab(2, timing=Timing(restart_down_ms=60, ready_delay_ms=60))
    try:
        alice.dial("1002")
        bob.answer()
        alice.restart()
        assert alice.calls == [] and bob.calls == []
        assert not alice.is_up and not alice.ready
        # a phone that is down cannot be reached
        assert bob.dial("1001").end_reason == "unreachable"
        wait_for(lambda: alice.is_up)
        assert not alice.ready
        wait_for(lambda: alice.ready)
        assert alice.restarts == 1
    finally:
        exchange.close()


def test_restart_resets_uptime() -> None:
    clock = ManualClock()
    _exchange, (alice,) = make_lab(1, clock=clock)
    clock.advance(125)
    assert alice.uptime_seconds() == 125
    alice.restart(reboot=True)
    assert alice.is_up and alice.ready and alice.uptime_seconds() == 0
