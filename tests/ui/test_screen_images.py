"""screens.py: BMP to PNG, comparison with masks, annotated widget boxes."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from vvxauto.screens import annotate, assert_images_match, bmp_to_png, compare, load_image, save_png
from vvxauto.ui import Rect, Screen, by_id, by_softkey


def bmp_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="BMP")
    return out.getvalue()


@pytest.fixture
def base() -> Image.Image:
    return Image.new("RGB", (320, 240), (250, 250, 250))


def test_bmp_to_png_keeps_size_and_pixels(base: Image.Image) -> None:
    base.putpixel((5, 7), (10, 20, 30))
    png = bmp_to_png(bmp_bytes(base))
    assert png.startswith(b"\x89PNG")
    back = Image.open(io.BytesIO(png))
    assert back.size == (320, 240)
    assert back.convert("RGB").getpixel((5, 7)) == (10, 20, 30)


def test_load_image_refuses_non_images() -> None:
    with pytest.raises(ValueError, match="not an image"):
        load_image(b'{"Status": "4000"}')


def test_identical_images_have_ratio_zero(base: Image.Image) -> None:
    diff = compare(base, base.copy())
    assert diff.ratio == 0.0 and diff.identical and diff.bbox is None
    assert diff.compared == 320 * 240


def test_changed_block_is_measured_and_bounded(base: Image.Image) -> None:
    other = base.copy()
    other.paste((0, 0, 0), (10, 20, 30, 40))  # 20x20 block
    diff = compare(bmp_bytes(base), bmp_bytes(other))  # bytes work too
    assert diff.changed == 400
    assert diff.ratio == pytest.approx(400 / (320 * 240))
    assert diff.bbox == Rect(10, 20, 20, 20)
    assert diff.image.size == (320, 240)
    assert diff.image.getpixel((15, 25)) == (255, 0, 0)  # changes drawn in red
    assert diff.image.getpixel((200, 200)) != (255, 0, 0)


def test_masks_leave_areas_out(base: Image.Image, load_screen: Callable[[str], Screen]) -> None:
    other = base.copy()
    other.paste((0, 0, 0), (260, 0, 320, 22))  # the clock changed
    other.paste((0, 0, 0), (100, 74, 316, 94))  # and the call timer
    screen = load_screen("connected_411_page2")
    clock = by_id("clock").resolve(screen)
    diff = compare(base, other, masks=[clock, (100, 74, 216, 20)])
    assert diff.changed == 0 and diff.ratio == 0.0
    assert diff.compared == 320 * 240 - 60 * 22 - 216 * 20
    partly = compare(base, other, masks=[Rect(260, 0, 60, 22)])
    assert partly.changed == 216 * 20


def test_threshold_ignores_small_colour_changes(base: Image.Image) -> None:
    other = Image.new("RGB", base.size, (247, 250, 250))
    assert compare(base, other).ratio == 1.0
    assert compare(base, other, threshold=3).ratio == 0.0


def test_images_of_different_size_are_refused(base: Image.Image) -> None:
    with pytest.raises(ValueError, match="320x240 vs 480x272"):
        compare(base, Image.new("RGB", (480, 272)))


def test_assert_images_match_writes_the_diff_on_failure(base: Image.Image, tmp_path: Path) -> None:
    other = base.copy()
    other.putpixel((0, 0), (0, 0, 0))
    assert assert_images_match(base, other, max_ratio=0.01).changed == 1
    target = tmp_path / "diff.png"
    with pytest.raises(AssertionError, match="screenshots differ") as info:
        assert_images_match(base, other, diff_path=target)
    assert str(target) in str(info.value)
    assert Image.open(target).size == (320, 240)


def test_annotate_draws_boxes_of_visible_widgets(
    base: Image.Image, load_screen: Callable[[str], Screen]
) -> None:
    screen = load_screen("connected_411_page2")
    drawn = annotate(base, screen)
    assert drawn.size == base.size and drawn is not base
    assert base.getpixel((0, 210)) == (250, 250, 250)  # the input is left alone
    conference = by_softkey("Conference").resolve(screen).rect
    assert conference is not None
    edge = drawn.getpixel((conference.x + conference.width // 2, conference.bottom - 1))
    assert edge == (255, 140, 0)  # softkeys in orange
    assert compare(base, drawn).changed > 0
    plain = annotate(base, screen, labels=False)
    assert compare(plain, drawn).changed > 0  # labels add text


def test_save_png(base: Image.Image, tmp_path: Path) -> None:
    path = save_png(bmp_bytes(base), tmp_path / "sub" / "shot.png")
    assert path.read_bytes().startswith(b"\x89PNG")
