"""ScreenActions against a small fake phone (no HTTP): key checks, softkey paging, slots, taps, waits."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from PIL import Image

from vvxauto.actions import ScreenActions
from vvxauto.layouts import load_layout
from vvxauto.ui import (
    AmbiguousWidgetError,
    Point,
    TouchNotSupportedError,
    UnknownKeyError,
    WidgetNotFoundError,
    by_softkey,
    by_text,
)
from vvxauto.wait import WaitTimeout


class _NoTranscript:
    def last(self) -> None:
        return None


@dataclass
class FakeClient:
    """Serves the spec's uixml dialect for one screen with paged softkeys and records what is sent."""

    width: int
    height: int
    slots: int
    pages: list[list[str]]
    page: int = 0
    disabled: set[str] = field(default_factory=set)
    hidden_reads: int = 0  # the softkeys appear only after this many reads
    labels: list[str] = field(default_factory=list)  # extra labels in the content area
    focused: bool = False
    pressed: list[str] = field(default_factory=list)
    sent: list[tuple[str, Any]] = field(default_factory=list)
    transcript: _NoTranscript = field(default_factory=_NoTranscript)
    reads: int = 0

    # what the phone shows
    def uixml(self) -> str:
        self.reads += 1
        slot_w = self.width // self.slots
        bar_y = self.height - 30
        keys = []
        if self.reads > self.hidden_reads:
            for p, labels in enumerate(self.pages):
                for s, label in enumerate(labels):
                    x = p * self.width + s * slot_w
                    enabled = "false" if label in self.disabled else "true"
                    keys.append(f'<softkey label="{label}" enabled="{enabled}" x="{x}" y="{bar_y}" '
                                f'width="{slot_w}" height="30"/>')
        content = "".join(
            f'<label text="{t}" x="100" y="{30 + 22 * i}" width="200" height="20"/>'
            for i, t in enumerate(self.labels)
        )
        if self.focused:
            content += '<textfield id="f" text="" focused="true" x="100" y="150" width="200" height="24"/>'
        return (f'<?xml version="1.0"?><screen name="Fake" width="{self.width}" height="{self.height}">'
                f'<content x="96" y="22" width="{self.width - 96}" height="{bar_y - 22}">{content}</content>'
                f'<softkeys view-offset="{self.page * self.width}:0" x="0" y="{bar_y}" '
                f'width="{self.width * len(self.pages)}" height="30">{"".join(keys)}</softkeys></screen>')

    def _activate(self, slot: int) -> None:
        labels = self.pages[self.page]
        if slot >= len(labels):
            return
        label = labels[slot]
        if label in self.disabled:
            return
        if label == "More":
            self.page = (self.page + 1) % len(self.pages)
        else:
            self.pressed.append(label)

    # inputs
    def simulate_key_event(self, key: str) -> None:
        self.sent.append(("key", key))
        if key.startswith("SoftKey"):
            self._activate(int(key[len("SoftKey"):]) - 1)

    def simulate_touch(self, type: str, positions: Any, duration: Any = None, easing: Any = None) -> None:
        self.sent.append((type, list(positions)))
        if type == "Tap":
            (x, y), = positions
            if y >= self.height - 30:
                self._activate(x // (self.width // self.slots))

    def simulate_text_input(self, value: str, replace: bool | None = None) -> None:
        self.sent.append(("text", (value, replace)))

    def simulate_hook(self, off_hook: bool) -> None:
        self.sent.append(("hook", off_hook))

    def capture_screen(self, em: int | None = None) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (self.width, self.height), (self.page * 40, 0, 0)).save(out, format="BMP")
        return out.getvalue()


class FakePhone(ScreenActions):
    def __init__(self, model: str, client: FakeClient) -> None:
        self.client = client  # type: ignore[assignment]
        self.layout = load_layout(model)
        self.name = "fake"
        self.timeout = 2.0


PAGES_411 = [["Hold", "End Call", "Transfer", "More"], ["Conference", "Park", "Record", "More"],
             ["Mute Video", "Callers", "More"]]
PAGES_601 = [["New Call", "Forward", "DND", "Directories", "More"],
             ["Callers", "Pickup", "Lock", "Settings", "More"],
             ["Calendar", "More"]]


def non_touch(**kw: Any) -> tuple[FakePhone, FakeClient]:
    client = FakeClient(320, 240, 4, [list(p) for p in PAGES_411], **kw)
    return FakePhone("VVX 411", client), client


def touch_480(**kw: Any) -> tuple[FakePhone, FakeClient]:
    client = FakeClient(480, 272, 5, [list(p) for p in PAGES_601], **kw)
    return FakePhone("VVX 601", client), client


# -- keys -----------------------------------------------------------------------------------------------


def test_press_sends_a_key_of_the_model() -> None:
    phone, client = non_touch()
    phone.press("ArrowDown")
    phone.press("select")  # any case
    phone.press("VoIUp")  # the manual's spelling
    assert client.sent == [("key", "ArrowDown"), ("key", "Select"), ("key", "VolUp")]


def test_press_refuses_an_unknown_key_naming_close_ones_without_sending() -> None:
    phone, client = non_touch()
    with pytest.raises(UnknownKeyError) as info:
        phone.press("ArowDown")
    assert "ArrowDown" in str(info.value) and "VVX 411" in str(info.value)
    assert "ArrowDown" in info.value.suggestions
    with pytest.raises(UnknownKeyError, match="SoftKey4"):
        phone.press("SoftKey5")  # a 4-slot model
    assert client.sent == []


def test_press_digits_maps_the_dial_pad() -> None:
    phone, client = non_touch()
    phone.press_digits("1*#0")
    assert [k for _, k in client.sent] == ["Dialpad1", "DialpadStar", "DialpadPound", "Dialpad0"]
    with pytest.raises(ValueError, match="'a'"):
        phone.press_digits("12a")


def test_hook_words() -> None:
    phone, client = non_touch()
    phone.hook("up")
    phone.hook("Down")
    assert client.sent == [("hook", True), ("hook", False)]
    with pytest.raises(ValueError, match="'sideways'"):
        phone.hook("sideways")


# -- softkeys ---------------------------------------------------------------------------------------------


def test_softkey_on_the_current_page_presses_its_slot() -> None:
    phone, client = non_touch()
    pressed = phone.softkey("Transfer")
    assert pressed.label == "Transfer"
    assert client.sent == [("key", "SoftKey3")]
    assert client.pressed == ["Transfer"]


def test_softkey_on_the_third_page_is_reached_through_more() -> None:
    phone, client = non_touch()
    phone.softkey("Callers")
    assert client.sent == [("key", "SoftKey4"), ("key", "SoftKey4"), ("key", "SoftKey2")]
    assert client.pressed == ["Callers"]
    assert client.page == 2


def test_softkey_paging_wraps_around_to_an_earlier_page() -> None:
    phone, client = non_touch(page=2)
    phone.softkey("End Call")
    assert client.sent == [("key", "SoftKey3"), ("key", "SoftKey2")]  # More sits in slot 3 on page 3
    assert client.pressed == ["End Call"]


def test_softkey_on_a_touch_model_taps_the_corrected_centre() -> None:
    phone, client = touch_480()
    phone.softkey("Settings")
    # More at slot 5 of page 1 (x 384..480), then Settings at slot 4 of page 2: strip x 768, on screen 288
    assert client.sent == [("Tap", [(432, 257)]), ("Tap", [(336, 257)])]
    assert client.pressed == ["Settings"]


def test_softkey_waits_until_it_appears() -> None:
    phone, client = non_touch(hidden_reads=3)
    phone.softkey("Hold")
    assert client.pressed == ["Hold"] and client.reads >= 4


def test_softkey_that_never_appears_times_out_saying_what_was_seen() -> None:
    phone, client = non_touch()
    with pytest.raises(WaitTimeout) as info:
        phone.softkey("Answer", timeout=0.2)
    message = str(info.value)
    assert "softkey 'Answer'" in message and "Conference" in message
    assert client.sent == []


def test_disabled_softkey_is_waited_for_and_never_pressed() -> None:
    phone, client = non_touch(disabled={"Park"})
    with pytest.raises(WaitTimeout, match="'Park' enabled"):
        phone.softkey("Park", timeout=0.2)
    assert client.pressed == []
    assert client.page == 1  # it did page to it


def test_softkey_without_a_more_key_cannot_page() -> None:
    phone, client = non_touch()
    client.pages = [["Hold", "End Call"], ["Park"]]
    with pytest.raises(WidgetNotFoundError, match="no More softkey"):
        phone.softkey("Park")


def test_more_that_does_not_move_on_times_out_instead_of_looping() -> None:
    phone, client = non_touch()
    client.pages = [["A", "More"], ["B", "More"]]
    client.pages[0][1] = "Dead"  # the key in More's place does nothing ...
    client.pages[0].append("More")  # ... and the More that is pressed is slot 3, which never pages
    client.disabled = {"More"}
    with pytest.raises(WaitTimeout, match="page to change"):
        phone.softkey("B", timeout=0.2)
    assert client.page == 0


class TwoPageMore(FakeClient):
    """Lists three pages but its More only ever flips between the first two."""

    def _activate(self, slot: int) -> None:
        if self.pages[self.page][slot] == "More":
            self.page = 1 - self.page
        else:
            super()._activate(slot)


def test_paging_is_bounded_by_the_page_count() -> None:
    client = TwoPageMore(320, 240, 4, [list(p) for p in PAGES_411])
    phone = FakePhone("VVX 411", client)
    with pytest.raises(WidgetNotFoundError, match="after pressing More 3 times"):
        phone.softkey("Callers")
    assert [k for _, k in client.sent] == ["SoftKey4"] * 3
    assert client.pressed == []


def test_two_visible_softkeys_with_one_label_are_ambiguous() -> None:
    phone, client = non_touch()
    client.pages = [["Hold", "Hold", "More"]]
    with pytest.raises(AmbiguousWidgetError, match="matches 2 widgets"):
        phone.softkey("Hold")
    assert client.sent == []


def test_softkey_slot_follows_the_on_screen_x() -> None:
    phone, _ = touch_480(page=1)
    screen = phone.screen()
    assert [phone.softkey_slot(k, screen) for k in screen.softkeys()] == [1, 2, 3, 4, 5]


# -- touch, text, locators -------------------------------------------------------------------------------


def test_tap_needs_a_touch_model() -> None:
    phone, client = non_touch(labels=["Settings"])
    with pytest.raises(TouchNotSupportedError, match="VVX 411 has no touch screen"):
        phone.tap("Settings")
    assert client.sent == []


def test_tap_by_text_locator_widget_and_pixel() -> None:
    phone, client = touch_480(labels=["Settings", "Status"])
    tapped = phone.tap("Status")
    assert tapped is not None and tapped.centre == Point(200, 62)
    phone.tap(by_text("Settings"))
    phone.tap(phone.get_by_text("Status"))
    phone.tap((5, 6))
    assert client.sent == [("Tap", [(200, 62)]), ("Tap", [(200, 40)]), ("Tap", [(200, 62)]),
                           ("Tap", [(5, 6)])]


def test_tap_of_an_ambiguous_locator_raises_at_once() -> None:
    phone, client = touch_480(labels=["Same", "Same"])
    with pytest.raises(AmbiguousWidgetError):
        phone.tap("Same", timeout=5)
    assert client.sent == []


def test_tap_waits_for_visibility() -> None:
    phone, _ = touch_480()
    with pytest.raises(WaitTimeout, match="visible and enabled"):
        phone.tap(by_softkey("Lock"), timeout=0.2)  # on another page: tap does not page, softkey() does


def test_swipe_sends_two_to_five_positions() -> None:
    phone, client = touch_480(labels=["Top"])
    phone.swipe((10, 200), "Top", through=[(10, 100)], duration=300)
    assert client.sent == [("Swipe", [(10, 200), (10, 100), (200, 40)])]
    with pytest.raises(ValueError, match="2 to 5"):
        phone.swipe((0, 0), (1, 1), through=[(0, 0)] * 4)


def test_type_waits_for_a_focused_field() -> None:
    phone, client = non_touch(focused=True)
    field = phone.type("Alice", replace=True)
    assert field is not None and field.id == "f"
    assert client.sent == [("text", ("Alice", True))]
    phone_without, client2 = non_touch()
    with pytest.raises(WaitTimeout, match="focused text field"):
        phone_without.type("x", timeout=0.2)
    phone_without.type("x", wait_for_focus=False)
    assert client2.sent == [("text", ("x", False))]


def test_phone_locator_rereads_the_screen_each_time() -> None:
    phone, client = non_touch()
    conference = phone.softkey_locator("Conference")
    assert not conference.is_visible()
    client.page = 1
    assert conference.is_visible()
    assert conference.resolve().rect is not None and conference.resolve().rect.x == 0
    assert phone.softkey_locator("More").count() == 3
    assert phone.locator("//softkey[@label='Park']").resolve().label == "Park"


def test_phone_locator_wait_for_states() -> None:
    phone, _ = non_touch(hidden_reads=2)
    assert phone.softkey_locator("Hold").wait_for("visible") is not None
    assert phone.softkey_locator("Nope").wait_for("detached") is None
    assert phone.softkey_locator("Park").wait_for("hidden") is None
    with pytest.raises(WaitTimeout, match="to be visible"):
        phone.softkey_locator("Park").wait_for("visible", timeout=0.2)
    with pytest.raises(ValueError):
        phone.softkey_locator("Park").wait_for("gone")  # type: ignore[arg-type]


def test_wait_for_screen() -> None:
    phone, _ = non_touch(labels=["Welcome"])
    assert phone.wait_for_screen("fake", text="Welcome").name == "Fake"
    with pytest.raises(WaitTimeout, match="name 'Other'"):
        phone.wait_for_screen("Other", timeout=0.2)


def test_screenshot_is_a_pillow_image_and_saves_as_png(tmp_path: Any) -> None:
    phone, _ = non_touch()
    shot = phone.screenshot()
    assert shot.size == (320, 240)
    path = phone.save_screenshot(tmp_path / "shot.png", annotate=True)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert Image.open(path).size == (320, 240)
