"""Screenshots: BMP to PNG, image comparison with masks, and widget boxes drawn over a capture.

>>> from PIL import Image
>>> a = Image.new("RGB", (4, 2), "white"); b = a.copy(); b.putpixel((0, 0), (0, 0, 0))
>>> compare(a, b).ratio
0.125
>>> compare(a, b, masks=[(0, 0, 1, 1)]).ratio
0.0

Masks are rectangles to leave out of a comparison (a clock, a call timer): a :class:`~vvxauto.ui.Rect`, a
widget (its on-screen rectangle) or an ``(x, y, width, height)`` tuple.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from vvxauto.ui.geometry import Rect
from vvxauto.ui.screen import Screen, Widget

__all__ = [
    "ImageDiff",
    "Mask",
    "annotate",
    "assert_images_match",
    "bmp_to_png",
    "compare",
    "load_image",
    "save_png",
]

Mask = Rect | Widget | tuple[int, int, int, int]
"""A rectangle left out of a comparison."""

_DIFF_COLOUR = (255, 0, 0)
_MASK_COLOUR = (0, 90, 255)
_BOX_COLOURS = {
    "softkey": (255, 140, 0),
    "linekey": (0, 170, 0),
    "focused": (230, 0, 0),
    "selected": (200, 0, 200),
    "other": (0, 150, 220),
}


def load_image(data: bytes | Image.Image) -> Image.Image:
    """A pillow image from encoded bytes (BMP from ``captureScreen``, PNG ...), fully loaded.

    Raises ``ValueError`` when the bytes are not an image pillow can read.
    """
    if isinstance(data, Image.Image):
        return data
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, SyntaxError) as exc:
        start = data[:8]
        message = f"not an image pillow can read ({len(data)} bytes starting {start!r}): {exc}"
        raise ValueError(message) from exc
    return image


def bmp_to_png(data: bytes) -> bytes:
    """Convert a screen capture (BMP bytes) to PNG bytes."""
    out = io.BytesIO()
    load_image(data).save(out, format="PNG")
    return out.getvalue()


def save_png(image: Image.Image | bytes, path: str | Path) -> Path:
    """Write ``image`` (or encoded bytes) as a PNG file, creating folders; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    load_image(image).save(target, format="PNG")
    return target


@dataclass(frozen=True)
class ImageDiff:
    """The outcome of :func:`compare`.

    ``ratio`` is changed pixels / compared pixels (0.0 identical, 1.0 all differ); ``changed`` and
    ``compared`` are the counts (masked pixels are not compared); ``bbox`` bounds the changes (None when
    none); ``image`` shows the second image faded, changes in red and masks in blue.
    """

    ratio: float
    changed: int
    compared: int
    bbox: Rect | None
    image: Image.Image

    @property
    def identical(self) -> bool:
        """True when no compared pixel differs."""
        return self.changed == 0

    def save(self, path: str | Path) -> Path:
        """Write the diff image as PNG."""
        return save_png(self.image, path)


def _mask_rect(mask: Mask) -> Rect | None:
    if isinstance(mask, Widget):
        return mask.rect
    if isinstance(mask, Rect):
        return mask
    x, y, w, h = mask
    return Rect(int(x), int(y), int(w), int(h))


def compare(
    expected: Image.Image | bytes,
    actual: Image.Image | bytes,
    *,
    masks: Iterable[Mask] = (),
    threshold: int = 0,
) -> ImageDiff:
    """Compare two screenshots pixel by pixel, leaving ``masks`` out.

    A pixel differs when any colour channel differs by more than ``threshold`` (0-255). Raises
    ``ValueError`` when the images differ in size (a different model or a wrong capture).
    """
    first = load_image(expected).convert("RGB")
    second = load_image(actual).convert("RGB")
    if first.size != second.size:
        raise ValueError(
            f"images differ in size: {first.size[0]}x{first.size[1]} vs {second.size[0]}x{second.size[1]}"
        )
    channels = ImageChops.difference(first, second).split()
    strongest = channels[0]
    for channel in channels[1:]:
        strongest = ImageChops.lighter(strongest, channel)
    changed_map = strongest.point(lambda v: 255 if v > threshold else 0)
    keep = Image.new("L", first.size, 255)
    draw_keep = ImageDraw.Draw(keep)
    mask_rects = [r for r in (_mask_rect(m) for m in masks) if r is not None and r.area > 0]
    for rect in mask_rects:
        draw_keep.rectangle((rect.x, rect.y, rect.right - 1, rect.bottom - 1), fill=0)
    changed_map = ImageChops.multiply(changed_map, keep)
    changed = changed_map.histogram()[255]
    compared = keep.histogram()[255]
    box = changed_map.getbbox()
    bbox = Rect(box[0], box[1], box[2] - box[0], box[3] - box[1]) if box else None
    ratio = changed / compared if compared else 0.0
    picture = _diff_picture(second, changed_map, mask_rects)
    return ImageDiff(ratio=ratio, changed=changed, compared=compared, bbox=bbox, image=picture)


def _diff_picture(base: Image.Image, changed_map: Image.Image, masks: Sequence[Rect]) -> Image.Image:
    faded = Image.blend(base.convert("L").convert("RGB"), Image.new("RGB", base.size, "white"), 0.6)
    faded.paste(Image.new("RGB", base.size, _DIFF_COLOUR), (0, 0), changed_map)
    if masks:
        overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for rect in masks:
            draw.rectangle((rect.x, rect.y, rect.right - 1, rect.bottom - 1), fill=(*_MASK_COLOUR, 90),
                           outline=(*_MASK_COLOUR, 255))
        faded = Image.alpha_composite(faded.convert("RGBA"), overlay).convert("RGB")
    return faded


def assert_images_match(
    expected: Image.Image | bytes,
    actual: Image.Image | bytes,
    *,
    masks: Iterable[Mask] = (),
    max_ratio: float = 0.0,
    threshold: int = 0,
    diff_path: str | Path | None = None,
) -> ImageDiff:
    """Compare and raise ``AssertionError`` when more than ``max_ratio`` of the pixels differ.

    The diff image is written to ``diff_path`` on failure when one is given; the diff is returned on success.
    """
    __tracebackhide__ = True
    diff = compare(expected, actual, masks=masks, threshold=threshold)
    if diff.ratio > max_ratio:
        saved = f"; diff image: {diff.save(diff_path)}" if diff_path is not None else ""
        raise AssertionError(
            f"screenshots differ: {diff.ratio:.2%} of {diff.compared} pixels changed "
            f"(allowed {max_ratio:.2%}), within {diff.bbox}{saved}"
        )
    return diff


def _box_colour(widget: Widget) -> tuple[int, int, int]:
    if widget.focused:
        return _BOX_COLOURS["focused"]
    if widget.is_softkey:
        return _BOX_COLOURS["softkey"]
    if widget.is_line_key:
        return _BOX_COLOURS["linekey"]
    if widget.selected:
        return _BOX_COLOURS["selected"]
    return _BOX_COLOURS["other"]


def annotate(image: Image.Image | bytes, screen: Screen, *, visible_only: bool = True,
             labels: bool = True) -> Image.Image:
    """A copy of ``image`` with a box around every widget of ``screen`` and its type and text.

    Softkeys are orange, line keys green, the focused widget red, selected ones purple, others blue. Only
    visible widgets are drawn unless ``visible_only`` is False (off-screen ones then fall outside the image).
    """
    canvas = load_image(image).convert("RGB")
    draw = ImageDraw.Draw(canvas)
    for widget in screen.widgets(visible_only=visible_only):
        rect = widget.rect
        if widget is screen.root or rect is None or rect.area == 0:
            continue
        colour = _box_colour(widget)
        draw.rectangle((rect.x, rect.y, rect.right - 1, rect.bottom - 1), outline=colour)
        if labels and widget.children == ():
            caption = widget.type if not widget.label else f"{widget.type}:{widget.label}"
            draw.text((rect.x + 2, rect.y + 1), caption[:40], fill=colour)
    return canvas
