"""Parse the XML text of ``/api/v1/mgmt/uixml`` into a :class:`~vvxauto.ui.screen.Screen`.

The parser is tolerant because no public sample of a real phone's uixml exists: unknown elements become
widgets of their tag, attribute names are matched case-insensitively (``viewOffset``, ``View-Offset`` and
``view_offset`` are one name), geometry is read from the usual spellings (see
:mod:`vvxauto.ui.geometry`). It is also strict where it matters: text that is not well-formed XML raises
:class:`~vvxauto.ui.errors.UixmlParseError`, and the parser neither loads DTDs, expands entities nor touches
the network.
"""

from __future__ import annotations

import re

from lxml import etree

from vvxauto.ui.errors import UixmlParseError
from vvxauto.ui.geometry import (
    Attributes,
    Point,
    Rect,
    norm_name,
    parse_bool,
    parse_offset,
    parse_rect,
    parse_size,
)
from vvxauto.ui.screen import Screen, Widget

__all__ = ["parse_uixml"]

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TEXT_ATTRS = ("text", "label", "caption", "value")
_OFFSET_ATTRS = ("view-offset",)  # any case, with "-", "_" or nothing between the words


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_uixml(xml: str | bytes, *, size: tuple[int, int] | None = None) -> Screen:
    """Build a :class:`Screen` from uixml text.

    ``size`` is the model's screen size in pixels, used when the document does not give its own (the
    simulator's ``<screen width= height=>`` wins over it). Without any size, visibility only checks that a
    widget has geometry and is not hidden.

    Raises :class:`UixmlParseError` (a ``ValueError``) when the text is empty or not well-formed; the error
    keeps the raw text and lxml's line and column.
    """
    raw = xml.decode("utf-8", errors="replace") if isinstance(xml, bytes) else xml
    # lxml refuses str input that carries an encoding declaration, and the text is already decoded: blank
    # the declaration out (newlines kept) so that lxml's line and column still point into ``raw``.
    body = " " + raw[1:] if raw.startswith("\ufeff") else raw
    body = _DECLARATION.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body, count=1)
    if not body.strip():
        raise UixmlParseError("the document is empty", raw)
    try:
        root_el = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise UixmlParseError(str(exc.msg or exc), raw, line, column) from exc
    screen_el = _find_screen_element(root_el)
    screen_attrs = _attributes(screen_el)
    own_size = parse_size(screen_attrs)
    screen_size = own_size or size
    builder = _Builder(screen_size)
    root_path = "/" + _local(str(root_el.tag))
    root = builder.build(root_el, None, Point(0, 0), root_path, hidden=False, disabled=False)
    name = screen_attrs.first("name", "title", "screen", "id") or ""
    return Screen(
        name=name,
        model=screen_attrs.first("model"),
        size=screen_size,
        view_offset=builder.softkey_offset or builder.first_offset or Point(0, 0),
        root=root,
        raw=raw,
        tree=root_el,
    )


def _find_screen_element(root: etree._Element) -> etree._Element:
    if norm_name(str(root.tag)) == "screen":
        return root
    for el in root.iter():
        if isinstance(el.tag, str) and norm_name(el.tag) == "screen":
            return el
    return root


def _attributes(el: etree._Element) -> Attributes:
    return Attributes({_local(str(k)): str(v) for k, v in el.attrib.items()})


def _local(tag: str) -> str:
    return tag.rpartition("}")[2] if tag.startswith("{") else tag


def _offset_of(attrs: Attributes) -> Point | None:
    for name in _OFFSET_ATTRS:
        value = attrs.first(name)
        if value is not None:
            return parse_offset(value)
    return None


class _Builder:
    """Walks the lxml tree once, carrying the inherited offset, hidden and disabled state."""

    def __init__(self, size: tuple[int, int] | None) -> None:
        self.bounds = Rect(0, 0, size[0], size[1]) if size else None
        self.page_width = size[0] if size else None
        self.softkey_offset: Point | None = None
        self.first_offset: Point | None = None

    def build(
        self,
        el: etree._Element,
        parent: Widget | None,
        offset: Point,
        path: str,
        *,
        hidden: bool,
        disabled: bool,
    ) -> Widget:
        tag = _local(str(el.tag))
        attrs = _attributes(el)
        own_offset = _offset_of(attrs)
        if own_offset is not None:
            offset = own_offset
        children = [c for c in el if isinstance(c.tag, str)]
        text = attrs.first(*_TEXT_ATTRS)
        if text is None and not children:
            text = attrs.first("name")
        if text is None and el.text is not None and el.text.strip():
            text = el.text.strip()
        hidden = hidden or not parse_bool(attrs.first("visible", "shown"), True)
        hidden = hidden or parse_bool(attrs.first("hidden"), False)
        disabled = disabled or not parse_bool(attrs.first("enabled"), True)
        disabled = disabled or parse_bool(attrs.first("disabled"), False)
        reported = parse_rect(attrs)
        if reported is None and parent is None and self.bounds is not None:
            reported = self.bounds  # the root stands for the whole screen
        widget = Widget(
            type=tag,
            text=text,
            attributes=attrs,
            reported_rect=reported,
            offset=offset,
            visible=False,
            enabled=not disabled,
            focused=parse_bool(attrs.first("focused", "focus", "hasfocus"), False),
            selected=parse_bool(attrs.first("selected", "highlighted", "current"), False),
            path=path,
            element=el,
            parent=parent,
        )
        widget.visible = not hidden and self._on_screen(widget.rect) and not _clipped(widget)
        if widget.is_softkey:
            widget.page = self._page(reported)
            # The screen's view offset is the one its (first) softkey strip is shown with.
            self.softkey_offset = self.softkey_offset or offset
        if own_offset is not None:
            self.first_offset = self.first_offset or own_offset
        counts: dict[str, int] = {}
        for child in children:
            counts[_local(str(child.tag))] = counts.get(_local(str(child.tag)), 0) + 1
        seen: dict[str, int] = {}
        built = []
        for child in children:
            ctag = _local(str(child.tag))
            seen[ctag] = seen.get(ctag, 0) + 1
            step = f"{path}/{ctag}" + (f"[{seen[ctag]}]" if counts[ctag] > 1 else "")
            built.append(self.build(child, widget, offset, step, hidden=hidden, disabled=disabled))
        widget.children = tuple(built)
        if widget.rect is None and not hidden:
            # A container without geometry of its own is visible when something inside it is.
            widget.visible = any(c.visible for c in built)
        return widget

    def _on_screen(self, rect: Rect | None) -> bool:
        """True when ``rect`` shares pixels with the screen (so a softkey is on the current page)."""
        if rect is None or rect.area == 0:
            return False
        if self.bounds is None:
            return True
        return rect.intersection(self.bounds) is not None

    def _page(self, reported: Rect | None) -> int | None:
        if reported is None or not self.page_width:
            return None
        return max(reported.centre.x // self.page_width, 0)


def _clipped(widget: Widget) -> bool:
    """True when the widget lies wholly outside an ancestor's rectangle (a list item scrolled away).

    The root is left out (the screen bounds already count), and so are ancestors without geometry and
    ancestors under another view offset (their coordinates are in another space).
    """
    rect = widget.rect
    if rect is None:
        return False
    for ancestor in widget.ancestors():
        if ancestor.parent is None or ancestor.rect is None or ancestor.offset != widget.offset:
            continue
        if rect.intersection(ancestor.rect) is None:
            return True
    return False
