"""The widget tree of a simulated screen: where each widget sits, and its uixml form.

:class:`ScreenView` is what the state machine (:mod:`vvxauto.sim.ui`) says the screen shows;
:func:`compose` lays it out on the model's screen as a tree of :class:`Widget` with absolute
pixel rectangles (the pixel space of the screen capture); :func:`to_xml` writes the tree in the
dialect documented in ``docs/uixml.md``. The renderer (:mod:`vvxauto.sim.render`) draws the
same tree and touch input hit-tests it, so uixml, the screenshot and taps always agree.

Softkeys: when a screen has more softkeys than the model has slots, each page holds
``slots - 1`` softkeys and "More" in its last slot. Every softkey of every page is placed on a
wide strip (page ``p``, slot ``s`` at ``x = p * screen_width + s * slot_width``) and the strip's
``view-offset`` is ``"<page * screen_width>:0"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from vvxauto.layouts import DeviceLayout, ScreenLayout

__all__ = [
    "MORE",
    "FieldView",
    "LineKeyView",
    "ScreenView",
    "SoftKey",
    "Widget",
    "compose",
    "list_rows",
    "paginate",
    "to_xml",
]

MORE = "More"


@dataclass(frozen=True)
class SoftKey:
    """A softkey of a screen: its label, whether it acts, and the state machine's action name."""

    label: str
    action: str
    enabled: bool = True


@dataclass(frozen=True)
class LineKeyView:
    """A line key as shown: 1-based index, label and state (idle, active, ringing, held, ...)."""

    index: int
    label: str
    state: str


@dataclass(frozen=True)
class FieldView:
    """A text field: id, current text, whether it has the input focus."""

    id: str
    text: str
    focused: bool = True


@dataclass
class ScreenView:
    """What a screen shows, before layout."""

    name: str
    title: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (id, text) rows under the title
    list_id: str = ""
    items: list[str] = field(default_factory=list)
    selected: int = -1
    scroll: int = 0  # index of the first item shown
    text_field: FieldView | None = None
    popup: str = ""
    softkeys: list[SoftKey] = field(default_factory=list)
    page: int = 0
    line_keys: list[LineKeyView] = field(default_factory=list)
    status: list[tuple[str, str]] = field(default_factory=list)  # (id, text) of the status bar


@dataclass
class Widget:
    """One element of the tree: ``tag`` is its uixml type; ``target`` says what a tap does."""

    tag: str
    x: int
    y: int
    width: int
    height: int
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Widget] = field(default_factory=list)
    target: tuple[str, int] | None = None  # ("softkey", slot) ("line", n) ("item", i) ("field", 0) ...

    def contains(self, x: int, y: int) -> bool:
        """True when the pixel (x, y) lies inside this widget's rectangle."""
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height

    def walk(self) -> Iterator[Widget]:
        """This widget and all its descendants, depth first, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def text(self) -> str:
        """The widget's text (its label for softkeys and line keys)."""
        return self.attrs.get("text", self.attrs.get("label", ""))


@dataclass
class Metrics:
    """Row sizes for a screen: compact on the small mono/grey screens."""

    row: int
    title: int


def metrics(screen: ScreenLayout) -> Metrics:
    """Row and title heights that fit the model's content area."""
    content = screen.height - screen.status_bar_height - screen.softkey_bar_height
    if content < 100:
        return Metrics(row=12, title=12)
    return Metrics(row=20, title=22)


def content_rect(screen: ScreenLayout) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the area between line keys, status bar and softkey bar."""
    x = screen.line_key_width
    y = screen.status_bar_height
    return x, y, screen.width - x, screen.height - y - screen.softkey_bar_height


def list_rows(screen: ScreenLayout) -> int:
    """How many list items fit under the title of a list screen."""
    _, _, _, h = content_rect(screen)
    m = metrics(screen)
    return max(1, (h - m.title) // m.row)


def paginate(softkeys: list[SoftKey], slots: int) -> list[list[SoftKey | None]]:
    """Split ``softkeys`` into pages of ``slots`` slots.

    When they do not fit one page, every page holds ``slots - 1`` softkeys (the last page
    padded with ``None``) and "More" in its last slot.
    """
    if slots <= 0:
        return [[]]
    if len(softkeys) <= slots:
        return [[*softkeys, *([None] * (slots - len(softkeys)))]]
    per = slots - 1
    pages: list[list[SoftKey | None]] = []
    for start in range(0, len(softkeys), per):
        chunk: list[SoftKey | None] = list(softkeys[start : start + per])
        chunk += [None] * (per - len(chunk))
        chunk.append(SoftKey(MORE, "more"))
        pages.append(chunk)
    return pages


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _status_bar(view: ScreenView, screen: ScreenLayout, lines: list[Widget]) -> Widget:
    w, h = screen.width, screen.status_bar_height
    bar = Widget("statusbar", 0, 0, w, h)
    clock_w = 34 if w < 200 else 44
    left = 0
    if screen.line_key_width == 0:
        # small screens show their line keys in the status bar: its labels start after them
        left = sum(lk.width for lk in lines)
    right = w - clock_w
    for ident, text in view.status:
        if ident == "clock":
            bar.children.append(Widget("label", right, 0, clock_w, h, {"id": ident, "text": text}))
            continue
        width = min(max(7 * len(text) + 8, 20), max(right - left, 0))
        bar.children.append(Widget("label", left, 0, width, h, {"id": ident, "text": text}))
        left += width
    return bar


def _line_keys(view: ScreenView, screen: ScreenLayout) -> list[Widget]:
    keys: list[Widget] = []
    if not view.line_keys:
        return keys
    if screen.line_key_width > 0:
        _, y0, _, h = content_rect(screen)
        rows = max(1, h // 30)
        height = h // rows
        shown = view.line_keys[:rows]
        for i, lk in enumerate(shown):
            keys.append(
                Widget(
                    "linekey",
                    0,
                    y0 + i * height,
                    screen.line_key_width,
                    height,
                    {"index": str(lk.index), "label": lk.label, "state": lk.state},
                    target=("line", lk.index),
                )
            )
        return keys
    width = (screen.width * 2 // 3) // len(view.line_keys)
    for i, lk in enumerate(view.line_keys):
        keys.append(
            Widget(
                "linekey",
                i * width,
                0,
                width,
                screen.status_bar_height,
                {"index": str(lk.index), "label": lk.label, "state": lk.state},
                target=("line", lk.index),
            )
        )
    return keys


def _content(view: ScreenView, screen: ScreenLayout) -> Widget:
    x0, y0, w, h = content_rect(screen)
    m = metrics(screen)
    box = Widget("content", x0, y0, w, h)
    box.children.append(Widget("label", x0 + 2, y0, w - 4, m.title, {"id": "title", "text": view.title}))
    y = y0 + m.title
    for ident, text in view.labels:
        if y + m.row > y0 + h:
            break
        box.children.append(Widget("label", x0 + 2, y, w - 4, m.row, {"id": ident, "text": text}))
        y += m.row
    if view.text_field is not None:
        tf = view.text_field
        box.children.append(
            Widget(
                "textfield",
                x0 + 2,
                y,
                w - 4,
                m.row,
                {"id": tf.id, "text": tf.text, "focused": _flag(tf.focused)},
                target=("field", 0),
            )
        )
        y += m.row
    if view.list_id:
        rows = max(1, (y0 + h - y) // m.row)
        first = view.scroll
        shown = view.items[first : first + rows]
        lst = Widget(
            "list",
            x0,
            y,
            w,
            y0 + h - y,
            {"id": view.list_id, "first": str(first), "total": str(len(view.items))},
            target=("list", 0),
        )
        for i, text in enumerate(shown):
            index = first + i
            lst.children.append(
                Widget(
                    "item",
                    x0,
                    y + i * m.row,
                    w,
                    m.row,
                    {"index": str(index + 1), "text": text, "selected": _flag(index == view.selected)},
                    target=("item", index),
                )
            )
        box.children.append(lst)
    if view.popup:
        pw, ph = w * 9 // 10, min(h, max(2 * m.row, h // 3))
        box.children.append(
            Widget(
                "popup",
                x0 + (w - pw) // 2,
                y0 + (h - ph) // 2,
                pw,
                ph,
                {"id": "popup", "text": view.popup},
                target=("popup", 0),
            )
        )
    return box


def _softkeys(view: ScreenView, screen: ScreenLayout, slots: int) -> Widget:
    pages = paginate(view.softkeys, slots)
    page = view.page % len(pages)
    w, h = screen.width, screen.softkey_bar_height
    y = screen.height - h
    slot_w = w // max(slots, 1)
    strip = Widget("softkeys", 0, y, w * len(pages), h, {"view-offset": f"{page * w}:0"})
    for p, keys in enumerate(pages):
        for s, key in enumerate(keys):
            if key is None:
                continue
            strip.children.append(
                Widget(
                    "softkey",
                    p * w + s * slot_w,
                    y,
                    slot_w,
                    h,
                    {"index": str(s + 1), "page": str(p), "label": key.label, "enabled": _flag(key.enabled)},
                    target=("softkey", s + 1) if p == page else None,
                )
            )
    return strip


@dataclass
class ScreenTree:
    """A composed screen: its name, the model's geometry and the top-level widgets."""

    name: str
    layout: DeviceLayout
    widgets: list[Widget]
    page: int
    page_count: int

    @property
    def screen(self) -> ScreenLayout:
        assert self.layout.screen is not None
        return self.layout.screen

    @property
    def view_offset(self) -> int:
        """The x of the current softkey page on the wide strip."""
        return self.page * self.screen.width

    def walk(self) -> Iterator[Widget]:
        """Every widget of the tree."""
        for w in self.widgets:
            yield from w.walk()

    def hit(self, x: int, y: int) -> Widget | None:
        """The innermost tappable widget at screen pixel (x, y), pop-ups first."""
        for widget in self.walk():
            if widget.tag == "popup" and widget.contains(x, y):
                return widget
        found: Widget | None = None
        for widget in self.walk():
            if widget.target is None or widget.tag == "popup":
                continue
            sx = widget.x - self.view_offset if widget.tag == "softkey" else widget.x
            inside = sx <= x < sx + widget.width and widget.y <= y < widget.y + widget.height
            if inside:
                found = widget  # later (deeper) matches win: an item over its list
        return found


def compose(view: ScreenView, layout: DeviceLayout) -> ScreenTree:
    """Lay ``view`` out on ``layout``'s screen (which must exist)."""
    screen = layout.screen
    if screen is None:
        raise ValueError(f"{layout.model} has no screen to compose")
    lines = _line_keys(view, screen)
    widgets = [_status_bar(view, screen, lines)]
    if screen.line_key_width > 0:
        _, y0, _, h = content_rect(screen)
        widgets.append(Widget("linekeys", 0, y0, screen.line_key_width, h, children=lines))
    else:
        width = sum(lk.width for lk in lines)
        widgets.append(Widget("linekeys", 0, 0, width, screen.status_bar_height, children=lines))
    widgets.append(_content(view, screen))
    pages = paginate(view.softkeys, layout.softkey_slots)
    widgets.append(_softkeys(view, screen, layout.softkey_slots))
    return ScreenTree(view.name, layout, widgets, view.page % len(pages), len(pages))


_GEOMETRY = ("x", "y", "width", "height")


def _element(widget: Widget, parent: etree._Element) -> None:
    attrs = dict(widget.attrs)
    el = etree.SubElement(parent, widget.tag)
    # id and text first, then geometry, then states: easy to read in a capture
    for key in ("id", "index", "page", "label", "text"):
        if key in attrs:
            el.set(key, attrs.pop(key))
    for key, number in zip(_GEOMETRY, (widget.x, widget.y, widget.width, widget.height), strict=True):
        el.set(key, str(number))
    for key, value in attrs.items():
        el.set(key, value)
    for child in widget.children:
        _element(child, el)


def to_xml(tree: ScreenTree) -> str:
    """The uixml text of ``tree`` (an XML declaration, then one ``<screen>`` element)."""
    screen = tree.screen
    root = etree.Element(
        "screen",
        name=tree.name,
        model=tree.layout.model,
        width=str(screen.width),
        height=str(screen.height),
        touch=_flag(tree.layout.touch),
    )
    for widget in tree.widgets:
        _element(widget, root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
