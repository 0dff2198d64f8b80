"""Phone call control across two simulated phones, driven over HTTP exactly like real ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vvxauto.errors import CallNotFoundError, LineNotRegisteredError
from vvxauto.expect import expect, expect_all
from vvxauto.lab import Lab
from vvxauto.phone import Call, Phone
from vvxauto.wait import WaitTimeout


def held_call(caller: Phone, callee: Phone) -> Call:
    """A call from ``caller``, answered by ``callee``, then held by ``caller``."""
    call = caller.dial(callee.extension)
    callee.answer(expect(callee).to_be_ringing())
    call.wait_for_state("Connected")
    caller.hold(call)
    call.wait_for_state("Hold")
    return call


def test_lab_simulated_gives_phones_by_role(lab: Lab) -> None:
    assert lab.is_simulated and lab.sim is not None
    assert lab.roles == ["alice", "bob"]
    alice = lab.phone("alice")
    assert lab.phone("alice") is alice and lab.phones["bob"] is lab.phone("bob")
    assert (alice.name, alice.extension, alice.model) == ("alice", "1001", "VVX 411")
    assert lab.phone("bob").layout.touch  # VVX 501
    assert alice.client is not None and alice.layout.model == "VVX 411"
    assert alice.device_info().model == "VVX 411"
    assert alice.line(1) is not None and alice.line(1).registered  # type: ignore[union-attr]


def test_dial_ring_answer_hold_resume_end(alice: Phone, bob: Phone) -> None:
    call = alice.dial(bob.extension)
    assert isinstance(call, Call) and call.handle
    assert call.first.type == "Outgoing"
    incoming = expect(bob).to_be_ringing()
    assert incoming.remote_number.endswith(alice.extension or "?")
    expect(alice).to_have_call_state("RingBack", call=call)

    answered = bob.answer()
    assert answered.handle == incoming.handle
    expect_all(lambda: expect(bob).to_have_call_state("Connected"),
               lambda: call.wait_for_state("Connected"))
    assert call.state == "Connected"

    alice.hold(call)
    expect(alice).to_have_call_state("Hold", call=call)
    alice.resume()
    call.wait_for_state("Connected")

    alice.end(call)
    expect_all(lambda: expect(alice).to_be_idle(), lambda: expect(bob).not_to_have_calls())
    assert not call.exists() and call.state is None
    assert call.last.state == "Connected"  # the last state seen is kept


def test_dial_returns_the_new_call_not_an_existing_one(alice: Phone, bob: Phone) -> None:
    first = held_call(alice, bob)

    second = alice.dial(bob.extension)
    assert second.handle != first.handle
    assert {c.handle for c in alice.calls()} >= {first.handle, second.handle}


def test_reject_and_end_from_the_callee(alice: Phone, bob: Phone) -> None:
    call = alice.dial(bob.extension)
    expect(bob).to_be_ringing()
    bob.reject()
    expect(bob).not_to_be_ringing()
    expect(bob).to_be_idle()
    call.wait_until_gone()


def test_answer_with_nothing_ringing_raises(alice: Phone) -> None:
    with pytest.raises(CallNotFoundError, match="no ringing incoming call"):
        alice.answer()
    with pytest.raises(CallNotFoundError, match="no calls"):
        alice.end()


def test_reset_to_idle_from_a_messy_state(alice: Phone, bob: Phone) -> None:
    held_call(alice, bob)
    alice.dial(bob.extension)
    expect(bob).to_have_calls(2)  # one connected (held by alice), one ringing
    alice.mute(True)
    expect(alice).to_have_led("Mute", state="on")

    alice.reset_to_idle()
    bob.reset_to_idle()
    expect_all(lambda: expect(alice).to_be_idle(timeout=0), lambda: expect(bob).to_be_idle())
    expect(alice).not_to_have_led("Mute", state="on")
    assert alice.is_idle() and bob.is_idle()


def test_call_failure_message_on_a_real_poll(alice: Phone) -> None:
    with pytest.raises(WaitTimeout) as info:
        expect(alice).to_have_call_state("Connected", timeout=0.2)
    text = str(info.value)
    assert "expect(alice).to_have_call_state('Connected')" in text
    assert "+0 ms  no calls" in text
    assert "last REST answer:" in text and "GET /api/v2/webCallControl/callStatus" in text
    assert "HTTP 200 Status 2000" in text
    shown = info.traceback.filter(info)
    assert all("vvxauto" not in str(entry.path) for entry in shown)


def test_line_led_follows_the_call(alice: Phone, bob: Phone) -> None:
    expect(bob).to_have_led("Line1", state="off")
    call = alice.dial(bob.extension)
    expect(bob).to_be_ringing()
    expect(bob).to_have_led("Line1", state="flashing")
    alice.end(call)
    expect(bob).to_have_led("Line1", state="off")


@pytest.fixture
def trio() -> Iterator[tuple[Phone, Phone, Phone]]:
    with Lab.simulated(phones=3) as lab3:
        yield lab3.phone("alice"), lab3.phone("bob"), lab3.phone("carol")
        lab3.sim.check_errors()


def test_blind_transfer_dtmf_and_ignore(trio: tuple[Phone, Phone, Phone]) -> None:
    alice, bob, carol = trio
    call = alice.dial(bob.extension)
    bob.answer(expect(bob).to_be_ringing())
    call.wait_for_state("Connected")
    alice.send_dtmf("12#")

    bob.transfer(carol.extension)  # bob hands alice over to carol
    expect(bob).to_be_idle()
    ringing = expect(carol).to_be_ringing()
    assert ringing.remote_number == alice.extension
    carol.ignore(ringing)
    expect(carol).not_to_be_ringing()
    expect(carol).to_have_calls(1)  # ignored, not rejected: still offered
    carol.answer(ringing)
    expect(carol).to_have_call_state("Connected")
    new_call = expect(alice).to_have_call_state("Connected")
    assert new_call.handle != call.handle and new_call.remote_number == carol.extension


def test_dial_of_a_call_that_fails_at_once_still_returns(alice: Phone) -> None:
    call = alice.dial("5550000")  # nobody answers to that number in the simulated exchange
    assert not call.exists() and call.state is None
    assert call.last.state == "Disconnected" and call.last.remote_number == "5550000"
    expect(alice).to_be_idle(timeout=1)
    with pytest.raises(CallNotFoundError, match="ended before"):
        call.end()


def test_dial_on_a_line_that_is_not_registered(alice: Phone, bob: Phone) -> None:
    with pytest.raises(LineNotRegisteredError) as info:
        alice.dial(bob.extension, line=2)
    assert info.value.phone == "alice" and info.value.status_code == "4002"
    expect(alice).to_be_idle(timeout=1)


def test_dial_from_dialtone_returns_the_reused_call(alice: Phone, bob: Phone) -> None:
    alice.hook("up")
    dialtone = expect(alice).to_have_call_state("Dialtone")
    call = alice.dial(bob.extension)
    assert call.handle == dialtone.handle  # the phone dialled on its Dialtone call
    assert not call.first.is_state("Dialtone")
    expect(bob).to_be_ringing()
