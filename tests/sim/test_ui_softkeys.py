"""Softkey pages: More in the last slot, the wide strip and its view-offset, taps at corrected x."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from lxml import etree

from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.timing import ManualClock
from vvxauto.sim.uixml import SoftKey, paginate

# (model, screen width, slots) for a 320-px non-touch, a 320-px touch and a 480-px touch phone
MODELS = [("VVX 411", 320, 4), ("VVX 501", 320, 5), ("VVX 601", 480, 5)]
CONNECTED = ["Hold", "End Call", "Transfer", "Conference", "Park", "Mute", "Record", "Directories", "Callers"]

MakePair = Callable[[str], tuple[SimPhone, SimPhone]]


@pytest.fixture
def connected_pair() -> Iterator[MakePair]:
    """``connected_pair(model)``: alice (that model) in a call with bob (a VVX 411)."""
    exchange = Exchange(clock=ManualClock())

    def make(model: str) -> tuple[SimPhone, SimPhone]:
        alice = SimPhone(exchange, "alice", "1001", model, password="secret")
        bob = SimPhone(exchange, "bob", "1002", "VVX 411", password="secret")
        alice.dial("1002")
        bob.answer()
        return alice, bob

    yield make
    exchange.close()


def strip(phone: SimPhone) -> etree._Element:
    root = etree.fromstring(phone.ui.uixml().encode())
    found = root.find("softkeys")
    assert found is not None
    return found


def offset(phone: SimPhone) -> int:
    return int(strip(phone).get("view-offset", "").split(":")[0])


def on_screen(phone: SimPhone) -> list[str]:
    """Labels of the softkeys whose corrected x lies on the screen, left to right."""
    el = strip(phone)
    x0 = int(el.get("view-offset", "0:0").split(":")[0])
    width = phone.layout.screen.width  # type: ignore[union-attr]
    keys = [(int(k.get("x", "")) - x0, k.get("label", "")) for k in el.iter("softkey")]
    return [label for x, label in sorted(keys) if 0 <= x < width]


def slot_of(phone: SimPhone, label: str) -> int:
    """The SoftKeyN of the on-screen softkey ``label``, worked out from its corrected x."""
    el = strip(phone)
    x0 = int(el.get("view-offset", "0:0").split(":")[0])
    for k in el.iter("softkey"):
        x = int(k.get("x", "")) - x0
        if k.get("label") == label and 0 <= x < phone.layout.screen.width:  # type: ignore[union-attr]
            return x // int(k.get("width", "")) + 1
    raise AssertionError(f"{label} is not on screen")


def more(phone: SimPhone) -> None:
    phone.ui.press_key(f"SoftKey{slot_of(phone, 'More')}")


def test_paginate_puts_more_in_the_last_slot_of_every_page() -> None:
    keys = [SoftKey(str(i), "x") for i in range(7)]
    pages = paginate(keys, 4)
    assert [[k.label if k else None for k in p] for p in pages] == [
        ["0", "1", "2", "More"],
        ["3", "4", "5", "More"],
        ["6", None, None, "More"],
    ]
    assert paginate(keys[:4], 4) == [keys[:4]]  # fits: no More
    assert paginate(keys[:2], 4) == [[keys[0], keys[1], None, None]]


@pytest.mark.parametrize(("model", "width", "slots"), MODELS)
def test_every_softkey_sits_on_the_wide_strip_and_more_moves_the_view_offset(
    connected_pair: MakePair, model: str, width: int, slots: int
) -> None:
    alice, _ = connected_pair(model)
    el = strip(alice)
    per = slots - 1
    pages = -(-len(CONNECTED) // per)
    assert pages == 3
    assert int(el.get("width", "")) == pages * width
    slot_w = width // slots
    expected = []
    for i, label in enumerate(CONNECTED):
        p, s = divmod(i, per)
        expected.append((label, p * width + s * slot_w))
    for p in range(pages):
        expected.append(("More", p * width + per * slot_w))
    got = [(k.get("label"), int(k.get("x", ""))) for k in el.iter("softkey")]
    assert sorted(got, key=lambda t: t[1]) == sorted(expected, key=lambda t: t[1])
    for k in el.iter("softkey"):
        x = int(k.get("x", ""))
        assert int(k.get("index", "")) == (x % width) // slot_w + 1
        assert int(k.get("page", "")) == x // width
        assert int(k.get("width", "")) == slot_w

    assert el.get("view-offset") == "0:0"
    assert on_screen(alice)[: per + 1] == [*CONNECTED[:per], "More"]
    more(alice)
    assert strip(alice).get("view-offset") == f"{width}:0"
    assert on_screen(alice) == [*CONNECTED[per : 2 * per], "More"]
    more(alice)
    assert strip(alice).get("view-offset") == f"{2 * width}:0"
    assert on_screen(alice) == [*CONNECTED[2 * per :], "More"]
    more(alice)  # wraps
    assert strip(alice).get("view-offset") == "0:0"


@pytest.mark.parametrize(("model", "width", "slots"), MODELS)
def test_softkey_slot_on_a_later_page_acts(
    connected_pair: MakePair, model: str, width: int, slots: int
) -> None:
    alice, _ = connected_pair(model)
    more(alice)
    alice.ui.press_key(f"SoftKey{slot_of(alice, 'Mute')}")
    assert alice.muted


@pytest.mark.parametrize(("model", "width", "slots"), [m for m in MODELS if m[0] != "VVX 411"])
def test_a_tap_at_the_corrected_coordinate_presses_that_softkey(
    connected_pair: MakePair, model: str, width: int, slots: int
) -> None:
    alice, _ = connected_pair(model)
    more(alice)
    more(alice)
    el = strip(alice)
    x0 = int(el.get("view-offset", "").split(":")[0])
    assert x0 == 2 * width
    (callers,) = [k for k in el.iter("softkey") if k.get("label") == "Callers"]
    x = int(callers.get("x", "")) - x0 + int(callers.get("width", "")) // 2
    y = int(callers.get("y", "")) + int(callers.get("height", "")) // 2
    assert 0 <= x < width
    alice.ui.touch("Tap", [(x, y)])
    assert alice.ui.view().name == "Callers"


@pytest.mark.parametrize(("model", "width", "slots"), [m for m in MODELS if m[0] != "VVX 411"])
def test_a_tap_on_the_first_page_slot_hits_the_page_on_screen(
    connected_pair: MakePair, model: str, width: int, slots: int
) -> None:
    alice, _ = connected_pair(model)
    more(alice)
    el = strip(alice)
    (hold,) = [k for k in el.iter("softkey") if k.get("label") == "Hold"]
    # Hold's uncorrected x is on screen but Hold is on page 0: the tap presses page 1's first key (Park)
    alice.ui.touch("Tap", [(int(hold.get("x", "")) + 5, int(hold.get("y", "")) + 5)])
    assert alice.ui.view().popup == "Park Unavailable"
    assert alice.live_calls()[0].state == "Connected"


def test_press_then_release_on_the_same_softkey_is_a_tap(connected_pair: MakePair) -> None:
    alice, _ = connected_pair("VVX 501")
    y = 225
    alice.ui.touch("Press", [(10, y)])
    assert alice.live_calls()[0].state == "Connected"
    alice.ui.touch("Release", [(20, y)])
    assert alice.live_calls()[0].state == "Hold"
    alice.ui.touch("Press", [(10, y)])
    alice.ui.touch("Release", [(300, 100)])  # released elsewhere: nothing
    assert alice.ui.view().name == "Held"


def test_swipe_along_the_softkey_bar_changes_the_page(connected_pair: MakePair) -> None:
    alice, _ = connected_pair("VVX 601")
    alice.ui.touch("Swipe", [(400, 255), (250, 255), (100, 255)])
    assert offset(alice) == 480
    alice.ui.touch("Swipe", [(100, 255), (400, 255)])
    assert offset(alice) == 0


def test_the_page_resets_when_the_screen_changes(connected_pair: MakePair) -> None:
    alice, bob = connected_pair("VVX 411")
    more(alice)
    assert offset(alice) == 320
    alice.ui.press_key("SoftKey3")  # Mute: same screen, same page
    assert offset(alice) == 320
    bob.hold()
    assert alice.ui.view().name == "RemoteHold"
    assert offset(alice) == 0
    more(alice)
    alice.ui.press_key("Menu")
    assert offset(alice) == 0
