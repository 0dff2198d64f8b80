"""Points, rectangles and the attribute spellings that carry them in uixml.

No public sample of a real phone's uixml exists, so geometry is read from every common spelling:
``x/y/width/height``, ``left/top/w/h`` (or ``right/bottom``), ``geometry="x,y,w,h"``, ``rect="x,y,w,h"``,
``bounds="[x1,y1][x2,y2]"`` and ``pos="x,y"`` with ``size="w,h"`` (or ``320x240``).

>>> Rect(10, 20, 80, 30).centre
Point(x=50, y=35)
>>> parse_offset("320:0")
Point(x=320, y=0)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "Attributes",
    "Point",
    "Rect",
    "norm_name",
    "parse_bool",
    "parse_offset",
    "parse_rect",
    "parse_size",
]

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


class Point(NamedTuple):
    """A pixel position in the screen-capture space (what ``simulateTouch`` takes)."""

    x: int
    y: int


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: ``x``/``y`` is the top-left corner, in pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """First x past the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """First y past the bottom edge."""
        return self.y + self.height

    @property
    def centre(self) -> Point:
        """The middle pixel (rounded down), where a tap lands."""
        return Point(self.x + self.width // 2, self.y + self.height // 2)

    @property
    def area(self) -> int:
        """Width times height (0 for an empty rectangle)."""
        return max(self.width, 0) * max(self.height, 0)

    def shifted(self, dx: int, dy: int) -> Rect:
        """The same rectangle moved by ``(dx, dy)``."""
        return Rect(self.x + dx, self.y + dy, self.width, self.height)

    def contains(self, point: tuple[int, int]) -> bool:
        """True when ``point`` lies inside (right and bottom edges excluded)."""
        px, py = point
        return self.x <= px < self.right and self.y <= py < self.bottom

    def intersection(self, other: Rect) -> Rect | None:
        """The overlapping part, or None when the two share no pixel."""
        left, top = max(self.x, other.x), max(self.y, other.y)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        if right <= left or bottom <= top:
            return None
        return Rect(left, top, right - left, bottom - top)

    def as_box(self) -> tuple[int, int, int, int]:
        """``(left, top, right, bottom)``, the box form pillow uses."""
        return (self.x, self.y, self.right, self.bottom)

    def __str__(self) -> str:
        return f"({self.x},{self.y} {self.width}x{self.height})"


def norm_name(name: str) -> str:
    """Normalise an attribute or tag name: lower case, without ``-``, ``_``, ``.`` or a namespace.

    >>> norm_name("View-Offset"), norm_name("view_offset"), norm_name("{urn:x}viewOffset")
    ('viewoffset', 'viewoffset', 'viewoffset')
    """
    if name.startswith("{"):
        name = name.rpartition("}")[2]
    return re.sub(r"[-_.:]", "", name).lower()


class Attributes(Mapping[str, str]):
    """The attributes of one element, looked up without regard to case or ``-``/``_`` separators.

    Iteration yields the names as the phone spelled them.
    """

    __slots__ = ("_by_norm", "_items")

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items: dict[str, str] = dict(items or {})
        self._by_norm: dict[str, str] = {}
        for name in self._items:
            self._by_norm.setdefault(norm_name(name), name)

    def __getitem__(self, name: str) -> str:
        try:
            return self._items[self._by_norm[norm_name(name)]]
        except KeyError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and norm_name(name) in self._by_norm

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def first(self, *names: str) -> str | None:
        """The value of the first of ``names`` that is present (empty values count), else None."""
        for name in names:
            key = self._by_norm.get(norm_name(name))
            if key is not None:
                return self._items[key]
        return None

    def __repr__(self) -> str:
        return f"Attributes({self._items!r})"


def _numbers(value: str | None) -> list[int]:
    if value is None:
        return []
    return [round(float(n)) for n in _NUMBER.findall(value)]


def _number(value: str | None) -> int | None:
    found = _numbers(value)
    return found[0] if len(found) == 1 else None


def parse_bool(value: str | None, default: bool) -> bool:
    """``"true"``/``"1"``/``"yes"``/``"on"`` (any case) are True, their opposites False, else ``default``."""
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return default


def parse_offset(value: str | None) -> Point | None:
    """Read a view offset such as ``"320:0"``, ``"320,0"``, ``"320 0"`` or ``"320"``; None if unreadable."""
    found = _numbers(value)
    if len(found) == 1:
        return Point(found[0], 0)
    if len(found) == 2:
        return Point(found[0], found[1])
    return None


def parse_size(attrs: Attributes) -> tuple[int, int] | None:
    """Width and height from ``width``/``height``, ``w``/``h`` or ``size="WxH"``; None if absent."""
    width = _number(attrs.first("width", "w"))
    height = _number(attrs.first("height", "h"))
    if width is not None and height is not None:
        return (width, height)
    pair = _numbers(attrs.first("size", "resolution"))
    if len(pair) == 2:
        return (pair[0], pair[1])
    return None


def parse_rect(attrs: Attributes) -> Rect | None:
    """The rectangle an element reports, from any of the spellings listed in the module docstring.

    Returns None when the element carries no complete geometry (such a widget can still be found by a
    locator, but it is not visible by geometry and cannot be tapped).
    """
    x = _number(attrs.first("x", "left"))
    y = _number(attrs.first("y", "top"))
    width = _number(attrs.first("width", "w"))
    height = _number(attrs.first("height", "h"))
    if x is not None and y is not None:
        if width is None:
            right = _number(attrs.first("right", "x2"))
            width = right - x if right is not None else None
        if height is None:
            bottom = _number(attrs.first("bottom", "y2"))
            height = bottom - y if bottom is not None else None
        if width is not None and height is not None:
            return Rect(x, y, width, height)
    for name in ("geometry", "rect", "frame"):
        four = _numbers(attrs.first(name))
        if len(four) == 4:
            return Rect(*four)
    corners = _numbers(attrs.first("bounds"))
    if len(corners) == 4:
        x1, y1, x2, y2 = corners
        return Rect(x1, y1, x2 - x1, y2 - y1)
    pos = _numbers(attrs.first("pos", "position", "origin"))
    size = _numbers(attrs.first("size"))
    if len(pos) == 2 and len(size) == 2:
        return Rect(pos[0], pos[1], size[0], size[1])
    return None
