"""End to end against the simulated lab: softkeys behind More, taps at corrected coordinates, swipes."""

from __future__ import annotations

import json

import pytest

from vvxauto.errors import VvxError
from vvxauto.phone import Phone
from vvxauto.ui import TouchNotSupportedError, by_id

# The Home screen's softkeys (docs/uixml.md): which label sits on the second and third page differs with
# the slot count, so each test checks the page first.
SECOND_PAGE = {"VVX 411": "Callers", "VVX 501": "Callers", "VVX 601": "Callers"}
THIRD_PAGE = {"VVX 411": "Settings", "VVX 501": "Status", "VVX 601": "Status"}


def inputs_sent(phone: Phone) -> list[tuple[str, object]]:
    """The key presses and touches in the client's transcript, oldest first."""
    sent: list[tuple[str, object]] = []
    for exchange in phone.client.transcript.entries():
        if exchange.command in ("Management.SimulateKeyEvent", "Management.SimulateTouch"):
            data = json.loads(exchange.request_body or "{}")["data"]
            if "KeyName" in data:
                sent.append(("key", data["KeyName"]))
            else:
                sent.append((data["Type"], [(int(p["X"]), int(p["Y"])) for p in data["Positions"]]))
    return sent


def expected_presses(phone: Phone, mores: int, label: str) -> list[tuple[str, object]]:
    """What ``softkey(label)`` must send after ``mores`` presses of More, worked out from the screen."""
    slots = phone.layout.softkey_slots
    key = phone.softkey_locator(label).filter(visible=True).resolve()
    assert key.rect is not None and phone.layout.screen is not None
    slot = key.rect.x // (phone.layout.screen.width // slots) + 1
    assert key.index == slot  # the simulator numbers slots the same way
    return [("key", f"SoftKey{slots}")] * mores + [("key", f"SoftKey{slot}")]


@pytest.mark.parametrize(("page", "labels"), [(1, SECOND_PAGE), (2, THIRD_PAGE)], ids=["page2", "page3"])
def test_softkey_on_a_later_page_is_reached_through_more(
    phone: Phone, page: int, labels: dict[str, str]
) -> None:
    label = labels[phone.model]  # each opens the screen of its name
    home = phone.screen()
    key = phone.softkey_locator(label).resolve()
    assert key.page == page and not key.visible and home.softkey_page == 0

    phone.client.transcript.clear()
    pressed = phone.softkey(label)

    assert pressed.label == label
    assert pressed.rect is not None and 0 <= pressed.rect.x < (home.width or 0)  # the on-screen rectangle
    assert phone.wait_for_screen(label).name == label
    sent = inputs_sent(phone)
    assert len(sent) == page + 1  # More once per page, then the softkey itself
    if not phone.layout.touch:
        assert sent[:-1] == [("key", f"SoftKey{phone.layout.softkey_slots}")] * page
        assert sent[-1] == ("key", f"SoftKey{pressed.index}")
    else:
        assert all(kind == "Tap" for kind, _ in sent)
        assert sent[-1] == ("Tap", [tuple(pressed.centre or ())])


def test_non_touch_model_presses_the_slot_of_the_current_page(non_touch_phone: Phone) -> None:
    phone = non_touch_phone
    phone.softkey("More")
    phone.softkey_locator("Callers").wait_for("visible")
    phone.client.transcript.clear()
    expected = expected_presses(phone, 0, "Callers")
    phone.softkey("Callers")
    assert inputs_sent(phone) == expected == [("key", "SoftKey2")]
    phone.wait_for_screen("Callers")


def test_non_touch_model_refuses_taps_before_sending(non_touch_phone: Phone) -> None:
    non_touch_phone.client.transcript.clear()
    with pytest.raises(TouchNotSupportedError):
        non_touch_phone.tap(non_touch_phone.softkey_locator("DND"))
    assert inputs_sent(non_touch_phone) == []


def test_tap_at_the_corrected_coordinate_triggers_the_softkey(touch_phone: Phone) -> None:
    phone = touch_phone
    phone.softkey("More")
    settings = phone.softkey_locator("Settings").wait_for("visible")
    assert settings is not None and settings.rect is not None and settings.reported_rect is not None
    screen = phone.screen()
    width = screen.width or 0
    assert screen.view_offset.x == width  # second page
    assert settings.reported_rect.x >= width  # on the strip it lies off screen ...
    assert settings.rect.x == settings.reported_rect.x - screen.view_offset.x  # ... corrected, it is on it
    uncorrected = settings.reported_rect.centre
    with pytest.raises(VvxError):
        phone.tap(uncorrected)  # outside the screen: the phone refuses it
    assert phone.screen().name == "Home"

    phone.client.transcript.clear()
    phone.tap(settings.centre or (0, 0))
    assert inputs_sent(phone) == [("Tap", [tuple(settings.centre or ())])]
    assert phone.wait_for_screen("Settings").name == "Settings"


def test_tap_of_a_line_key_by_locator(touch_phone: Phone) -> None:
    phone = touch_phone
    tapped = phone.tap(phone.line_key_locator(1))
    assert tapped is not None and tapped.is_line_key
    screen = phone.wait_for_screen("Dialer")
    assert by_id("dial-number").resolve(screen).type == "textfield"


def test_swipe_on_the_softkey_bar_changes_the_page(touch_phone: Phone) -> None:
    phone = touch_phone
    before = phone.screen()
    bar = phone.get_by_type("softkeys").resolve()
    assert bar.rect is not None and before.width is not None
    y = bar.rect.y + bar.rect.height // 2
    phone.swipe((before.width * 7 // 8, y), (before.width // 8, y), duration=200)
    after = phone.softkey_locator("Callers").wait_for("visible")
    assert after is not None
    assert phone.screen().view_offset.x == before.width
