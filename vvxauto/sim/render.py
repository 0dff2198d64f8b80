"""Draw a composed screen (:class:`vvxauto.sim.uixml.ScreenTree`) as the phone's screen capture.

The image has the model's size and colour depth: mono screens give a 1-bit BMP, grey screens an
8-bit greyscale one, colour screens 24-bit. It is drawn from the same widget tree as uixml, so
what a test reads in uixml is what the picture shows: status bar, line keys, title and rows,
the selected list item and focused text field highlighted, pop-ups, and the softkeys of the
current page only. Pillow's built-in default font is used, so no font files are needed.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from vvxauto.sim.uixml import ScreenTree, Widget

__all__ = ["IMAGE_MODES", "render", "render_bmp"]

IMAGE_MODES = {"mono": "1", "grey": "L", "colour": "RGB"}

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
BAR: RGB = (0, 62, 120)
SOFTKEY_BAR: RGB = (225, 228, 232)
HIGHLIGHT: RGB = (0, 104, 200)
DISABLED: RGB = (150, 150, 150)
POPUP: RGB = (250, 246, 220)
LINE_STATE: dict[str, RGB] = {
    "active": (0, 160, 60),
    "dialing": (0, 160, 60),
    "ringing": (230, 130, 0),
    "held": (200, 30, 30),
    "unregistered": (140, 140, 140),
}

Font = ImageFont.ImageFont | ImageFont.FreeTypeFont | ImageFont.TransposedFont


@cache
def _font() -> Font:
    return ImageFont.load_default()


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int) -> str:
    """``text`` cut to fit ``width`` pixels."""
    font = _font()
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "..", font=font) > width:
        text = text[:-1]
    return text + ".." if text else ""


def _text(
    draw: ImageDraw.ImageDraw,
    w: Widget,
    text: str,
    fill: RGB,
    *,
    x: int | None = None,
    centre: bool = False,
    pad: int = 3,
) -> None:
    left = w.x if x is None else x
    shown = _fit(draw, text, max(w.width - 2 * pad, 0))
    if not shown:
        return
    font = _font()
    top, bottom = font.getbbox("Hg")[1], font.getbbox("Hg")[3]
    y = w.y + (w.height - (bottom - top)) // 2 - top
    if centre:
        left = left + (w.width - int(draw.textlength(shown, font=font))) // 2
    else:
        left += pad
    draw.text((left, y), shown, font=font, fill=fill)


def _draw_widget(draw: ImageDraw.ImageDraw, w: Widget, tree: ScreenTree) -> None:
    tag, a = w.tag, w.attrs
    box = (w.x, w.y, w.x + w.width - 1, w.y + w.height - 1)
    if w.width <= 0 or w.height <= 0:
        return
    if tag == "statusbar":
        draw.rectangle(box, fill=BAR)
    elif tag == "label":
        on_bar = w.y < tree.screen.status_bar_height
        right = a.get("id") == "clock"
        colour = WHITE if on_bar else BLACK
        if right:
            _text(draw, w, a.get("text", ""), colour, centre=True, pad=1)
        else:
            _text(draw, w, a.get("text", ""), colour)
    elif tag == "linekey":
        on_bar = w.y < tree.screen.status_bar_height
        if not on_bar:
            draw.rectangle((box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1), outline=DISABLED)
        state = a.get("state", "idle")
        if state in LINE_STATE:
            size = max(min(w.height // 3, 8), 3)
            draw.rectangle(
                (w.x + 3, w.y + (w.height - size) // 2, w.x + 3 + size, w.y + (w.height + size) // 2),
                fill=LINE_STATE[state],
            )
        _text(draw, w, a.get("label", ""), WHITE if on_bar else BLACK, x=w.x + 10)
    elif tag == "item":
        if a.get("selected") == "true":
            draw.rectangle(box, fill=HIGHLIGHT)
            _text(draw, w, a.get("text", ""), WHITE)
        else:
            _text(draw, w, a.get("text", ""), BLACK)
    elif tag == "textfield":
        focused = a.get("focused") == "true"
        draw.rectangle(box, outline=BLACK, width=2 if focused else 1)
        text = a.get("text", "")
        _text(draw, w, text, BLACK)
        if focused:
            shown = _fit(draw, text, max(w.width - 6, 0))
            cx = min(w.x + 4 + int(draw.textlength(shown, font=_font())), w.x + w.width - 3)
            draw.line((cx, w.y + 3, cx, w.y + w.height - 4), fill=BLACK)
    elif tag == "softkeys":
        draw.rectangle((0, w.y, tree.screen.width - 1, w.y + w.height - 1), fill=SOFTKEY_BAR)


def _draw_softkey(draw: ImageDraw.ImageDraw, w: Widget, offset: int) -> None:
    shifted = Widget(w.tag, w.x - offset, w.y, w.width, w.height, w.attrs)
    box = (shifted.x + 1, w.y + 2, shifted.x + w.width - 2, w.y + w.height - 2)
    draw.rectangle(box, fill=WHITE, outline=BLACK)
    colour = BLACK if w.attrs.get("enabled", "true") == "true" else DISABLED
    _text(draw, shifted, w.attrs.get("label", ""), colour, centre=True, pad=2)


def _draw_popup(draw: ImageDraw.ImageDraw, w: Widget) -> None:
    draw.rectangle((w.x, w.y, w.x + w.width - 1, w.y + w.height - 1), fill=POPUP, outline=BLACK, width=2)
    _text(draw, w, w.attrs.get("text", ""), BLACK, centre=True)


def render(tree: ScreenTree) -> Image.Image:
    """The screen as a pillow image in the model's mode ("1", "L" or "RGB")."""
    screen = tree.screen
    image = Image.new("RGB", (screen.width, screen.height), WHITE)
    draw = ImageDraw.Draw(image)
    popups: list[Widget] = []
    offset = tree.view_offset
    for widget in tree.walk():
        if widget.tag == "softkey":
            page_x = widget.x - offset
            if 0 <= page_x < screen.width:
                _draw_softkey(draw, widget, offset)
        elif widget.tag == "popup":
            popups.append(widget)
        else:
            _draw_widget(draw, widget, tree)
    for popup in popups:
        _draw_popup(draw, popup)
    mode = IMAGE_MODES.get(screen.colour, "RGB")
    if mode == "1":
        return (
            image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
        )
    if mode == "L":
        return image.convert("L")
    return image


def render_bmp(tree: ScreenTree) -> bytes:
    """The screen capture as BMP bytes."""
    buffer = io.BytesIO()
    render(tree).save(buffer, format="BMP")
    return buffer.getvalue()
