"""Screen captures: the model's size and colour depth, drawn from the same state as uixml."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image
from sim_helpers import MakePhone

from vvxauto.sim.render import HIGHLIGHT, POPUP


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize(
    ("model", "size", "mode", "bits"),
    [
        ("VVX 101", (132, 64), "1", 1),
        ("VVX 311", (208, 104), "L", 8),
        ("VVX 411", (320, 240), "RGB", 24),
        ("VVX 501", (320, 240), "RGB", 24),
        ("VVX 601", (480, 272), "RGB", 24),
    ],
)
def test_capture_has_the_models_size_and_depth(
    make_phone: MakePhone, model: str, size: tuple[int, int], mode: str, bits: int
) -> None:
    data = make_phone(model).ui.screenshot()
    assert data[:2] == b"BM"
    (bits_per_pixel,) = struct.unpack_from("<H", data, 28)
    assert bits_per_pixel == bits
    shot = image(data)
    assert shot.format == "BMP"
    assert shot.size == size
    assert shot.mode in (mode, "P")  # 8-bit BMPs may load as palette images
    assert shot.convert("L").getextrema() != (255, 255)  # something is drawn


def test_capture_changes_when_the_screen_does_and_not_otherwise(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    home = phone.ui.screenshot()
    assert phone.ui.screenshot() == home
    phone.ui.press_key("Menu")
    menu = phone.ui.screenshot()
    assert menu != home
    phone.ui.press_key("ArrowDown")
    assert phone.ui.screenshot() != menu
    phone.ui.press_key("Home")
    assert phone.ui.screenshot() == home


def test_the_selected_item_is_highlighted_where_uixml_puts_it(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    phone.ui.press_key("Menu")
    phone.ui.press_key("ArrowDown")
    items = [w for w in phone.ui.tree().walk() if w.tag == "item"]
    shot = image(phone.ui.screenshot()).convert("RGB")
    for item in items:
        corner = shot.getpixel((item.x + item.width - 2, item.y + 1))
        assert (corner == HIGHLIGHT) == (item.attrs["selected"] == "true"), item.text


def test_a_popup_is_drawn_over_the_content(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 601")
    phone.ui.press_key("Applications")
    (popup,) = [w for w in phone.ui.tree().walk() if w.tag == "popup"]
    shot = image(phone.ui.screenshot()).convert("RGB")
    assert shot.getpixel((popup.x + 4, popup.y + 4)) == POPUP


def test_only_the_current_softkey_page_is_drawn(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    first = image(phone.ui.screenshot()).convert("L")
    phone.ui.press_key("SoftKey4")  # More
    second = image(phone.ui.screenshot()).convert("L")
    bar = (0, 210, 320, 240)
    assert first.crop(bar).tobytes() != second.crop(bar).tobytes()
    above = (0, 0, 320, 210)
    assert first.crop(above).tobytes() == second.crop(above).tobytes()
