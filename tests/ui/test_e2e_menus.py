"""End to end against the simulated lab: menu navigation to a text field, typing, screenshots."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from vvxauto.phone import Phone
from vvxauto.screens import annotate, compare
from vvxauto.ui import by_id, by_type

MENU_PATH = ["Settings", "Basic", "Preferences", "Display Name"]
SCREENS = ["Settings", "BasicSettings", "Preferences", "DisplayName"]


def open_display_name(phone: Phone) -> None:
    phone.press("Menu")
    phone.wait_for_screen("Menu")
    for item, screen in zip(MENU_PATH, SCREENS, strict=True):
        phone.choose(item)
        phone.wait_for_screen(screen)


def close_popup(phone: Phone) -> None:
    """Close the pop-up on screen (Select only closes a pop-up) and wait until it is gone."""
    popup = phone.get_by_type("popup")
    assert popup.wait_for("visible") is not None
    phone.press("Select")
    popup.wait_for("detached")


def test_menu_navigation_to_the_text_field_and_typing_into_it(phone: Phone) -> None:
    open_display_name(phone)
    field = phone.get_by_type("textfield").filter(focused=True).wait_for("visible")
    assert field is not None and field.id == "display-name"

    typed = phone.type("Zed", replace=True)
    assert typed is not None and typed.id == "display-name"
    assert phone.locator(by_id("display-name").filter(text="Zed")).wait_for("visible") is not None
    phone.type(" Q")  # appends
    assert phone.locator(by_id("display-name").filter(text="Zed Q")).wait_for("visible") is not None

    phone.softkey("Save")
    phone.wait_for_screen("Preferences")
    assert phone.config("reg.1.displayName") == {"reg.1.displayName": "Zed Q"}


def test_choose_walks_back_up_a_list(non_touch_phone: Phone) -> None:
    phone = non_touch_phone
    phone.press("Menu")
    phone.wait_for_screen("Menu")
    phone.press("ArrowDown")
    phone.press("ArrowDown")  # Settings selected, Features above it
    phone.locator(by_type("item").filter(selected=True, text="Settings")).wait_for("visible")
    phone.choose("Features")
    assert phone.wait_for_screen("Features").name == "Features"


def test_screenshot_has_the_model_size_and_changes_when_the_screen_does(phone: Phone, tmp_path: Path) -> None:
    assert phone.layout.screen is not None
    size = (phone.layout.screen.width, phone.layout.screen.height)
    screen = phone.screen()
    masks = [by_id("clock").resolve(screen), by_id("date").resolve(screen)]  # they change with time

    first = phone.screenshot()
    again = phone.screenshot()
    assert first.size == size
    assert compare(first, again, masks=masks).identical

    phone.softkey("More")
    phone.softkey_locator("Callers").wait_for("visible")
    after = phone.screenshot()
    diff = compare(first, after, masks=masks)
    assert diff.ratio > 0
    bar = by_type("softkeys").resolve(screen).rect
    assert diff.bbox is not None and bar is not None
    assert diff.bbox.y >= bar.y  # only the softkey bar changed

    saved = phone.save_screenshot(tmp_path / "after.png", annotate=True)
    assert Image.open(saved).size == size
    boxes = annotate(after, phone.screen())
    assert compare(after, boxes).changed > 0


def test_choose_scrolls_to_items_out_of_view(phone: Phone) -> None:
    ring = "np.normal.ringing.calls.tonePattern"
    phone.press("Menu")
    for item in ("Settings", "Basic", "Ring Type"):
        phone.choose(item)
    phone.wait_for_screen("RingType")
    assert phone.get_by_text("Triplet").count() == 0  # the list shows its first rows only

    phone.choose("Triplet")  # below the visible rows
    phone.wait_for_screen("BasicSettings")
    assert phone.config(ring) == {ring: "ringer11"}
    close_popup(phone)  # "Saved" would take the next key press

    phone.choose("Ring Type")
    phone.wait_for_screen("RingType")
    phone.choose("Low Trill")  # now above the visible rows: down to the end finds nothing, then up
    phone.wait_for_screen("BasicSettings")
    assert phone.config(ring) == {ring: "ringer2"}
