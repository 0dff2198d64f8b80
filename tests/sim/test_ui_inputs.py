"""Input rules of the screen commands, through their route handlers (no sockets)."""

from __future__ import annotations

from typing import Any

import pytest
from sim_helpers import MakePhone

import vvxauto.sim.handlers  # noqa: F401  (registers every route)
from vvxauto.sim.device import SimPhone
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, resolve

KEY = "/api/v1/mgmt/simulateKeyEvent"
TOUCH = "/api/v1/mgmt/simulateTouch"
TEXT = "/api/v1/mgmt/simulateTextInput"
UIXML = "/api/v1/mgmt/uixml"


def call(phone: SimPhone, method: str, path: str, body: Any = None) -> Reply:
    route, params, _ = resolve(method, path)
    assert route is not None, path
    request = SimRequest(method, path, body=body, params=params)
    try:
        return route.handler(phone, request)
    except PhoneStatus as exc:
        return exc.reply()


def status(reply: Reply) -> str:
    assert isinstance(reply.body, dict)
    return str(reply.body["Status"])


def key(phone: SimPhone, name: Any, kind: Any = "Tap") -> str:
    return status(call(phone, "POST", KEY, {"data": {"Type": kind, "KeyName": name}}))


def touch(phone: SimPhone, kind: Any, positions: Any, **extra: Any) -> str:
    return status(call(phone, "POST", TOUCH, {"data": {"Type": kind, "Positions": positions, **extra}}))


def text(phone: SimPhone, data: Any) -> str:
    return status(call(phone, "POST", TEXT, {"data": data}))


def test_uixml_answers_the_xml_as_a_string(make_phone: MakePhone) -> None:
    reply = call(make_phone("VVX 411"), "GET", UIXML)
    assert isinstance(reply.body, dict)
    assert reply.body["Status"] == "2000"
    assert reply.body["data"].startswith("<?xml")
    assert '<screen name="Home"' in reply.body["data"]


def test_every_key_of_the_manual_is_accepted(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    names = [
        *(f"SoftKey{n}" for n in range(1, 5)),
        *(f"Line{n}" for n in range(1, 13)),
        "ArrowDown", "ArrowLeft", "ArrowRight", "ArrowUp", "Select", "Delete",
        *(f"Dialpad{n}" for n in range(10)), "DialpadStar", "DialpadPound",
        "Handsfree", "Headset", "MicMute", "Transfer", "VoIDown", "VoIUp", "VolUp", "VolDown",
        "Menu", "Redial", "Applications", "Home",
    ]  # fmt: skip
    for name in names:
        assert key(phone, name) == "2000", name
        call(phone, "POST", KEY, {"data": {"Type": "Tap", "KeyName": "Home"}})


def test_the_manuals_tap_with_a_trailing_space_is_accepted(make_phone: MakePhone) -> None:
    assert key(make_phone("VVX 411"), "Menu", kind="Tap ") == "2000"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Volume", "Tap"), ("SoftKey5", "Tap"), ("Line13", "Tap"), ("", "Tap"), (None, "Tap"), (3, "Tap"),
     ("Menu", "Press"), ("Menu", None), ("Menu", "")],
)  # fmt: skip
def test_unknown_keys_and_types_answer_4000(make_phone: MakePhone, name: Any, kind: Any) -> None:
    assert key(make_phone("VVX 411"), name, kind) == "4000"


def test_key_event_without_data_answers_4000(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    assert status(call(phone, "POST", KEY, None)) == "4000"
    assert status(call(phone, "POST", KEY, {"data": "Menu"})) == "4000"


def test_keys_a_model_lacks_answer_4000(make_phone: MakePhone) -> None:
    small = make_phone("VVX 101")
    assert key(small, "Line1") == "2000"
    assert key(small, "Line2") == "4000"
    assert key(small, "Headset") == "4000"  # the VVX 101 has no headset key
    assert key(make_phone("VVX 601"), "SoftKey5") == "2000"


def test_a_phone_without_a_screen_answers_4004_to_every_ui_command(make_phone: MakePhone) -> None:
    box = make_phone("SoundStructure VoIP Interface")
    assert status(call(box, "GET", UIXML)) == "4004"
    assert key(box, "Menu") == "4004"
    assert touch(box, "Tap", [{"X": "1", "Y": "1"}]) == "4004"
    assert text(box, {"Value": "x"}) == "4004"
    assert call(box, "GET", "/captureScreen/mainScreen").status == 404


def test_touch_on_a_non_touch_model_answers_4004(make_phone: MakePhone) -> None:
    assert touch(make_phone("VVX 411"), "Tap", [{"X": "10", "Y": "10"}]) == "4004"


@pytest.mark.parametrize("kind", ["Tap", "Press", "Release"])
def test_tap_press_release_take_exactly_one_position(make_phone: MakePhone, kind: str) -> None:
    phone = make_phone("VVX 501")
    one = [{"X": "10", "Y": "10"}]
    assert touch(phone, kind, one) == "2000"
    assert touch(phone, kind, []) == "4000"
    assert touch(phone, kind, one * 2) == "4009"


def test_swipe_takes_two_to_five_positions(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 601")
    pos = [{"X": str(10 + 20 * i), "Y": "100"} for i in range(6)]
    assert touch(phone, "Swipe", pos[:1]) == "4000"
    assert touch(phone, "Swipe", pos[:2]) == "2000"
    assert touch(phone, "Swipe", pos[:5]) == "2000"
    assert touch(phone, "Swipe", pos) == "4009"


@pytest.mark.parametrize(
    "position",
    [{"X": "320", "Y": "10"}, {"X": "10", "Y": "240"}, {"X": "-1", "Y": "0"}, {"X": 400, "Y": 225},
     {"X": "ten", "Y": "1"}, {"X": "1.5", "Y": "1"}, {"X": True, "Y": "1"}, {"X": "1"}, {"Y": "1"}, "1,1"],
)  # fmt: skip
def test_positions_outside_the_screen_or_malformed_answer_4000(make_phone: MakePhone, position: Any) -> None:
    assert touch(make_phone("VVX 501"), "Tap", [position]) == "4000"


def test_positions_may_be_strings_or_numbers_at_the_screen_edges(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 501")
    assert touch(phone, "Tap", [{"X": 0, "Y": 0}]) == "2000"
    assert touch(phone, "Tap", [{"X": "319", "Y": "239"}]) == "2000"
    assert touch(phone, "Tap", [{"X": 5.0, "Y": " 7 "}]) == "2000"


def test_touch_type_duration_and_easing_are_checked(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 501")
    one = [{"X": "10", "Y": "10"}]
    assert touch(phone, "Pinch", one) == "4000"
    assert touch(phone, None, one) == "4000"
    assert touch(phone, "tap", one) == "2000"
    assert touch(phone, "Tap", one, Duration="200", Easing="40") == "2000"
    assert touch(phone, "Tap", one, Duration="soon") == "4000"
    assert touch(phone, "Tap", one, Duration="-5") == "4000"
    assert touch(phone, "Tap", one, Easing="41") == "4000"
    assert touch(phone, "Tap", "10,10") == "4000"
    assert status(call(phone, "POST", TOUCH, {"data": {"Type": "Tap"}})) == "4000"


def test_a_tap_on_a_line_key_and_a_list_item_acts(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 501")
    assert touch(phone, "Tap", [{"X": "40", "Y": "35"}]) == "2000"  # line key 1
    assert [c.state for c in phone.live_calls()] == ["Dialtone"]
    phone.end()
    key(phone, "Menu")
    items = [w for w in phone.ui.tree().walk() if w.tag == "item"]
    settings = items[2]
    assert settings.text == "Settings"
    tap = {"X": str(settings.x + 5), "Y": str(settings.y + 5)}
    assert touch(phone, "Tap", [tap]) == "2000"
    assert phone.ui.view().name == "Settings"


def test_a_swipe_over_a_list_scrolls_it(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 601")
    key(phone, "Menu")
    key(phone, "Dialpad3")
    key(phone, "Select")
    key(phone, "Dialpad2")  # Ring Type: 10 items
    assert phone.ui.view().scroll == 0
    pos = [{"X": "300", "Y": "200"}, {"X": "300", "Y": "120"}]  # up by four rows
    assert touch(phone, "Swipe", pos) == "2000"
    view = phone.ui.view()
    assert view.scroll == 1  # ten items, nine rows on screen: it scrolls as far as it goes
    assert view.selected == 1  # the selection stays on screen
    items = [w for w in phone.ui.tree().walk() if w.tag == "item"]
    assert items[0].text == "Low Double Trill"
    assert touch(phone, "Swipe", list(reversed(pos))) == "2000"
    assert phone.ui.view().scroll == 0


def test_text_input_rules(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    assert text(phone, {"Value": "123"}) == "4000"  # Home: no text field
    key(phone, "SoftKey1")  # New Call
    assert text(phone, {"Value": "12"}) == "2000"
    assert text(phone, {"Value": "34", "ReplaceText": "false"}) == "2000"
    assert phone.ui.view().text_field.text == "1234"  # type: ignore[union-attr]
    assert text(phone, {"Value": "99", "ReplaceText": "true"}) == "2000"
    assert phone.ui.view().text_field.text == "99"  # type: ignore[union-attr]
    assert text(phone, {"Value": "7", "ReplaceText": True}) == "2000"
    assert text(phone, {"Value": "7", "ReplaceText": "maybe"}) == "4000"
    assert text(phone, {"Value": 7}) == "4000"
    assert text(phone, {}) == "4000"
    assert status(call(phone, "POST", TEXT, None)) == "4000"
    assert phone.ui.view().text_field.text == "7"  # type: ignore[union-attr]


def test_capture_screen_needs_both_config_switches(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    reply = call(phone, "GET", "/captureScreen/mainScreen")
    assert (reply.status, reply.content_type) == (200, "image/bmp")
    assert isinstance(reply.body, bytes) and reply.body[:2] == b"BM"
    for name in ("up.screenCapture.enabled", "up.screenCapture.value"):
        phone.config.set(name, "0")
        assert call(phone, "GET", "/captureScreen/mainScreen").status == 404
        phone.config.set(name, "1")
    assert call(phone, "GET", "/captureScreen/mainScreen").status == 200


def test_expansion_module_capture_is_404(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    assert call(phone, "GET", "/captureScreen/em/1").status == 404
