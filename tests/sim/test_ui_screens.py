"""The simulated screen's state machine, driven through PhoneUI (no HTTP): calls, menus, pop-ups."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.timing import ManualClock
from vvxauto.sim.ui import POPUP_SECONDS
from vvxauto.sim.uixml import paginate

ROLES = ("alice", "bob", "carol")
MakePhones = Callable[..., list[SimPhone]]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_phones(clock: ManualClock) -> Iterator[MakePhones]:
    """``make_phones("VVX 411", "VVX 501")``: lab-provisioned phones on one exchange (1001, 1002 ...)."""
    exchange = Exchange(clock=clock)

    def make(*models: str) -> list[SimPhone]:
        return [
            SimPhone(exchange, ROLES[i], str(1001 + i), model, password="secret")
            for i, model in enumerate(models or ("VVX 411", "VVX 411"))
        ]

    yield make
    exchange.close()


def page_labels(phone: SimPhone) -> list[str]:
    """Labels of the softkeys on screen now, slot by slot ("" for an empty slot)."""
    view = phone.ui.view()
    pages = paginate(view.softkeys, phone.layout.softkey_slots)
    return [k.label if k else "" for k in pages[view.page]]


def softkey(phone: SimPhone, label: str) -> None:
    """Press the softkey ``label``, pressing More until its page is on screen (as a user would)."""
    for _ in range(6):
        labels = page_labels(phone)
        if label in labels:
            phone.ui.press_key(f"SoftKey{labels.index(label) + 1}")
            return
        assert "More" in labels, f"no softkey {label!r} on {phone.ui.view().name}: {labels}"
        phone.ui.press_key(f"SoftKey{labels.index('More') + 1}")
    pytest.fail(f"softkey {label!r} not found on any page")


def dial_digits(phone: SimPhone, number: str) -> None:
    for d in number:
        phone.ui.press_key({"*": "DialpadStar", "#": "DialpadPound"}.get(d, f"Dialpad{d}"))


def screen(phone: SimPhone) -> str:
    return phone.ui.view().name


def states(phone: SimPhone) -> list[str]:
    return [c.state for c in phone.live_calls()]


def connect(alice: SimPhone, bob: SimPhone) -> None:
    softkey(alice, "New Call")
    dial_digits(alice, bob.extension)
    softkey(alice, "Dial")
    softkey(bob, "Answer")
    assert states(alice) == states(bob) == ["Connected"]


def test_home_shows_line_label_display_name_and_idle_softkeys(make_phones: MakePhones) -> None:
    (alice,) = make_phones("VVX 411")
    view = alice.ui.view()
    assert view.name == "Home"
    assert view.title == "Alice"
    assert [(lk.index, lk.label, lk.state) for lk in view.line_keys] == [(1, "1001", "idle")]
    assert page_labels(alice) == ["New Call", "Forward", "DND", "More"]
    assert dict(view.status)["clock"] == "09:00"


def test_unprovisioned_line_key_shows_the_model_placeholder(make_phones: MakePhones) -> None:
    (alice,) = make_phones("VVX 411")
    alice.config.replace_layer("CONFIG", {})
    (line,) = alice.ui.view().line_keys
    assert line.label == "VVX411"
    assert line.state == "unregistered"


def test_call_placed_answered_and_ended_through_softkeys_only(make_phones: MakePhones) -> None:
    alice, bob = make_phones("VVX 411", "VVX 411")
    softkey(alice, "New Call")
    assert screen(alice) == "Dialer"
    assert states(alice) == ["Dialtone"]
    dial_digits(alice, "1002")
    field = alice.ui.view().text_field
    assert field is not None and field.text == "1002"
    softkey(alice, "Dial")
    assert screen(alice) == "RingBack"
    assert page_labels(alice)[0] == "End Call"
    assert screen(bob) == "IncomingCall"
    assert page_labels(bob)[:3] == ["Answer", "Ignore", "Reject"]
    assert dict(bob.ui.view().labels)["remote-name"] == "Alice"
    softkey(bob, "Answer")
    assert screen(alice) == screen(bob) == "Connected"
    # a VVX 400-class phone in a call reads Hold, End Call, Transfer, More
    assert page_labels(alice) == ["Hold", "End Call", "Transfer", "More"]
    assert [lk.state for lk in alice.ui.view().line_keys] == ["active"]
    softkey(alice, "End Call")
    assert states(alice) == states(bob) == []
    assert screen(alice) == screen(bob) == "Home"
    assert bob.ui.view().popup == "Call Ended"


def test_hold_and_resume_from_softkeys(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    softkey(alice, "Hold")
    assert states(alice) == ["Hold"]
    assert screen(alice) == "Held"
    assert page_labels(alice) == ["Resume", "End Call", "New Call", "Transfer"]
    assert screen(bob) == "RemoteHold"
    softkey(alice, "Resume")
    assert states(alice) == ["Connected"]
    assert screen(alice) == "Connected"


def test_end_call_on_a_held_call_ends_it(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    softkey(alice, "Hold")
    softkey(alice, "End Call")
    assert states(alice) == states(bob) == []


def test_reject_and_ignore_an_incoming_call(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    alice.dial("1002")
    softkey(bob, "Ignore")
    assert states(bob) == ["Offering"]
    assert not bob.live_calls()[0].ringing
    softkey(bob, "Reject")
    assert states(bob) == []
    assert screen(bob) == "Home"
    assert alice.history[-1].end_reason == "rejected"


def test_digits_in_a_connected_call_are_sent_as_dtmf(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    dial_digits(alice, "12#")
    assert bob.live_calls()[0].dtmf_received == "12#"
    assert screen(alice) == "Connected"


def test_off_hook_opens_the_dialer_and_on_hook_returns_home(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones()
    alice.hook(True)
    assert screen(alice) == "Dialer"
    assert page_labels(alice)[:2] == ["Dial", "End Call"]
    alice.hook(False)
    assert screen(alice) == "Home"


def test_digits_on_home_open_the_dialer_and_delete_and_cancel_work(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones()
    dial_digits(alice, "100")
    view = alice.ui.view()
    assert view.name == "Dialer"
    assert view.text_field is not None and view.text_field.text == "100"
    assert alice.live_calls() == []  # pre-dial: no dial tone yet
    alice.ui.press_key("Delete")
    assert alice.ui.view().text_field.text == "10"  # type: ignore[union-attr]
    softkey(alice, "Cancel")
    assert screen(alice) == "Home"


def test_dial_softkey_is_disabled_until_a_digit_is_typed(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones()
    softkey(alice, "New Call")
    dial_key = alice.ui.view().softkeys[0]
    assert (dial_key.label, dial_key.enabled) == ("Dial", False)
    alice.ui.press_key("SoftKey1")
    assert states(alice) == ["Dialtone"]


def test_select_dials_the_typed_number(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    dial_digits(alice, "1002")
    alice.ui.press_key("Select")
    assert states(bob) == ["Offering"]


def test_handsfree_headset_and_mute_keys_act_on_the_device(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    alice.ui.press_key("Handsfree")
    assert states(alice) == ["Dialtone"]
    assert alice.audio_mode == "speaker"
    assert screen(alice) == "Dialer"
    alice.ui.press_key("Handsfree")
    assert states(alice) == []
    bob.dial("1001")
    alice.ui.press_key("Headset")
    assert states(alice) == ["Connected"]
    assert alice.audio_mode == "headset"
    alice.ui.press_key("MicMute")
    assert alice.muted
    assert dict(alice.ui.view().status).get("mute") == "Muted"
    alice.ui.press_key("MicMute")
    assert not alice.muted


def test_line_key_answers_an_incoming_call_and_opens_dial_tone_when_idle(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    alice.ui.press_key("Line1")
    assert states(alice) == ["Dialtone"]
    softkey(alice, "End Call")
    bob.dial("1001")
    alice.ui.press_key("Line1")
    assert states(alice) == ["Connected"]


def test_redial_calls_the_last_placed_number(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    alice.ui.press_key("Redial")
    assert alice.ui.view().popup == "No Redial Number"
    connect(alice, bob)
    softkey(alice, "End Call")
    alice.ui.press_key("Handsfree")  # from dial tone too
    alice.ui.press_key("Redial")
    assert [(c.remote_number, c.state) for c in alice.live_calls()] == [("1002", "RingBack")]
    assert states(bob) == ["Offering"]
    alice.ui.press_key("Redial")  # in a call: nothing
    assert len(alice.live_calls()) == 1


def test_blind_transfer_completes_at_once(make_phones: MakePhones) -> None:
    alice, bob, carol = make_phones("VVX 411", "VVX 411", "VVX 411")
    alice.set_transfer_type("Blind")
    connect(alice, bob)
    softkey(alice, "Transfer")
    view = alice.ui.view()
    assert view.name == "Transfer"
    assert dict(view.labels)["transfer-type"] == "Blind"
    assert page_labels(alice) == ["Transfer", "Consultative", "Cancel", ""]
    dial_digits(alice, "1003")
    softkey(alice, "Transfer")
    assert states(alice) == []
    assert alice.ui.view().popup == "Call Transferred"
    assert states(carol) == ["Offering"]
    softkey(carol, "Answer")
    assert [c.remote_number for c in carol.live_calls()] == ["1002"]


def test_consultative_transfer_holds_dials_then_transfer_completes(make_phones: MakePhones) -> None:
    alice, bob, carol = make_phones("VVX 411", "VVX 411", "VVX 411")
    assert alice.transfer_type == "Consultative"
    connect(alice, bob)
    alice.ui.press_key("Transfer")  # the hard key does what the softkey does
    alice.ui.text_input("1003")
    softkey(alice, "Transfer")
    assert sorted(states(alice)) == ["Hold", "RingBack"]
    assert screen(alice) == "RingBack"
    softkey(carol, "Answer")
    assert screen(alice) == "Connected"
    softkey(alice, "Transfer")
    assert states(alice) == []
    assert states(bob) == states(carol) == ["Connected"]
    assert bob.live_calls()[0].remote_number == "1003"


def test_transfer_cancel_returns_to_the_call(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    softkey(alice, "Transfer")
    softkey(alice, "Cancel")
    assert screen(alice) == "Connected"
    assert states(alice) == ["Connected"]


def test_two_calls_show_a_call_list_moved_through_by_arrows(make_phones: MakePhones) -> None:
    alice, bob, carol = make_phones("VVX 411", "VVX 411", "VVX 411")
    connect(alice, bob)
    carol.dial("1001")
    assert screen(alice) == "IncomingCall"
    softkey(alice, "Answer")
    view = alice.ui.view()
    assert view.list_id == "calls"
    assert view.items == ["Bob - On Hold", "Carol - Connected"]
    assert view.selected == 1
    alice.ui.press_key("ArrowUp")
    assert alice.ui.view().name == "Held"
    softkey(alice, "Resume")
    assert [c.state for c in alice.live_calls()] == ["Connected", "Hold"]


def test_incoming_call_replaces_an_open_menu(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    bob.ui.press_key("Menu")
    assert screen(bob) == "Menu"
    alice.dial("1002")
    assert screen(bob) == "IncomingCall"


def test_popup_closes_by_itself_or_on_select(make_phones: MakePhones, clock: ManualClock) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    softkey(alice, "End Call")
    assert alice.ui.view().popup == "Call Ended"
    alice.ui.press_key("Select")
    assert alice.ui.view().popup == ""
    connect(alice, bob)
    softkey(bob, "End Call")
    assert alice.ui.view().popup == "Call Ended"
    clock.advance(POPUP_SECONDS + 0.1)
    assert alice.ui.view().popup == ""


def test_a_softkey_closes_the_popup_and_still_acts(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    softkey(bob, "End Call")
    assert alice.ui.view().popup == "Call Ended"
    softkey(alice, "New Call")
    assert alice.ui.view().popup == ""
    assert states(alice) == ["Dialtone"]


def test_dnd_softkey_toggles_do_not_disturb(make_phones: MakePhones) -> None:
    _alice, bob = make_phones()
    softkey(bob, "DND")
    assert bob.dnd
    assert dict(bob.ui.view().status)["dnd"] == "DND"
    assert bob.ui.view().popup == "Do Not Disturb On"
    softkey(bob, "DND")
    assert not bob.dnd


def test_directories_lists_the_other_phones_and_dials_the_selection(make_phones: MakePhones) -> None:
    alice, _bob, carol = make_phones("VVX 411", "VVX 411", "VVX 411")
    softkey(alice, "Directories")
    view = alice.ui.view()
    assert view.name == "Directories"
    assert view.items == ["Bob 1002", "Carol 1003"]
    alice.ui.press_key("ArrowDown")
    softkey(alice, "Dial")
    assert states(carol) == ["Offering"]


def test_callers_lists_recent_calls(make_phones: MakePhones) -> None:
    alice, bob = make_phones()
    connect(alice, bob)
    softkey(alice, "End Call")
    softkey(bob, "Callers")
    assert bob.ui.view().items == ["< Alice 1001"]
    bob.ui.press_key("Select")
    assert states(alice) == ["Offering"]


def test_hard_keys_without_a_meaning_on_the_screen_are_accepted(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones()
    for key in ("VolUp", "VoIUp", "VolDown", "VoIDown", "ArrowLeft", "ArrowRight", "Delete", "Select"):
        alice.ui.press_key(key)
    assert screen(alice) == "Home"
    alice.ui.press_key("Applications")
    assert alice.ui.view().popup == "No Applications"


def test_unknown_key_is_refused_with_4000(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones("VVX 411", "VVX 411")
    for key in ("SoftKey5", "Line13", "Dialpad10", "Volume", ""):
        with pytest.raises(PhoneStatus) as info:
            alice.ui.press_key(key)
        assert info.value.code == "4000"


def test_a_phone_restart_resets_the_screen(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones()
    alice.ui.press_key("Menu")
    alice.ui.on_event("restart")
    assert screen(alice) == "Home"


def test_an_ignored_call_waiting_gives_the_screen_back_to_the_call(make_phones: MakePhones) -> None:
    alice, bob, carol = make_phones("VVX 411", "VVX 411", "VVX 411")
    connect(alice, bob)
    carol.dial("1001")
    assert screen(alice) == "IncomingCall"
    softkey(alice, "Ignore")
    assert screen(alice) == "Connected"
    assert sorted(states(alice)) == ["Connected", "Offering"]


def test_an_incoming_call_interrupts_the_transfer_entry(make_phones: MakePhones) -> None:
    alice, bob, carol = make_phones("VVX 411", "VVX 411", "VVX 411")
    connect(alice, bob)
    softkey(alice, "Transfer")
    assert screen(alice) == "Transfer"
    carol.dial("1001")
    assert screen(alice) == "IncomingCall"


def test_back_from_a_list_of_calls_returns_home_not_into_a_menu(make_phones: MakePhones) -> None:
    (alice, _bob) = make_phones()
    alice.ui.press_key("Menu")
    alice.ui.press_key("Select")  # Features
    alice.ui.press_key("Home")
    softkey(alice, "Callers")
    assert screen(alice) == "Callers"
    assert alice.ui.view().labels == [("empty", "No entries")]
    softkey(alice, "Back")
    assert screen(alice) == "Home"
