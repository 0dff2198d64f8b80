"""The widget tree of one phone screen, as read from ``/api/v1/mgmt/uixml``.

A :class:`Screen` is a snapshot: it never changes and never talks to the phone. Read a fresh one
(``phone.screen()``) whenever the phone may have moved on; locators do that for you.

Geometry is in the pixel space of the screen capture (what ``simulateTouch`` takes). Softkeys are
reported on a wide strip with a ``view-offset`` naming the current page; every widget's :attr:`Widget.rect`
already has the offset of its nearest ancestor-or-self carrying one subtracted, so ``rect`` is where the
widget is on the glass, and :attr:`Widget.reported_rect` is what the phone wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vvxauto.ui.geometry import Attributes, Point, Rect, norm_name

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["Screen", "Widget", "norm_text"]

_SPACES = re.compile(r"\s+")


def norm_text(text: str | None) -> str:
    """Collapse runs of white space to one space and strip the ends (None becomes ``""``)."""
    return _SPACES.sub(" ", text).strip() if text else ""


class Widget:
    """One element of the uixml tree: a label, list item, softkey, line key, container ...

    Attributes (read-only by convention):

    - ``type``: the element's tag as the phone spelled it (``softkey``, ``label``, ``list`` ...);
    - ``text``: from the ``text``, ``label``, ``caption`` or ``value`` attribute, ``name`` on a leaf, or
      the element's own text; None when it has none;
    - ``attributes``: every attribute, looked up case-insensitively (``w.attributes["View-Offset"]``);
    - ``reported_rect``: the geometry as written (None when the element has none);
    - ``offset``: the view offset that applies to it (``Point(0, 0)`` outside a paged strip);
    - ``rect``: the on-screen rectangle, ``reported_rect`` minus ``offset``;
    - ``visible``: has geometry, overlaps the screen (so is on the current softkey page) and is not hidden;
    - ``enabled`` (default True), ``focused``, ``selected`` (default False);
    - ``page``: for softkeys, the 0-based page of the strip it sits on (None when unknown);
    - ``children``, ``parent``, ``path`` (an XPath-like address for messages), ``element`` (the lxml node).
    """

    __slots__ = (
        "attributes",
        "children",
        "element",
        "enabled",
        "focused",
        "offset",
        "page",
        "parent",
        "path",
        "rect",
        "reported_rect",
        "selected",
        "text",
        "type",
        "visible",
    )

    def __init__(
        self,
        *,
        type: str,
        text: str | None,
        attributes: Attributes,
        reported_rect: Rect | None,
        offset: Point,
        visible: bool,
        enabled: bool,
        focused: bool,
        selected: bool,
        path: str,
        element: etree._Element | None = None,
        page: int | None = None,
        parent: Widget | None = None,
    ) -> None:
        self.type = type
        self.text = text
        self.attributes = attributes
        self.reported_rect = reported_rect
        self.offset = offset
        self.rect = reported_rect.shifted(-offset.x, -offset.y) if reported_rect is not None else None
        self.visible = visible
        self.enabled = enabled
        self.focused = focused
        self.selected = selected
        self.path = path
        self.element = element
        self.page = page
        self.parent = parent
        self.children: tuple[Widget, ...] = ()

    # -- identity and classification -------------------------------------------------------------
    @property
    def kind(self) -> str:
        """The tag normalised for comparison: lower case without ``-``/``_`` (``soft-key`` → ``softkey``)."""
        return norm_name(self.type)

    @property
    def id(self) -> str | None:
        """The ``id`` attribute, if any."""
        return self.attributes.first("id")

    @property
    def index(self) -> int | None:
        """The ``index`` attribute as an int (line keys and softkeys carry one), else None."""
        value = self.attributes.first("index", "idx")
        try:
            return int(value) if value is not None else None
        except ValueError:
            return None

    @property
    def state(self) -> str | None:
        """The ``state`` attribute (line keys: ``active``, ``idle`` ...), if any."""
        return self.attributes.first("state")

    @property
    def is_softkey(self) -> bool:
        """True for a softkey (tag ``softkey`` in any spelling, or ``type="softkey"``)."""
        return self.kind == "softkey" or norm_name(self.attributes.first("type", "role", "kind") or "") == (
            "softkey"
        )

    @property
    def is_line_key(self) -> bool:
        """True for a line key (tag ``linekey``, ``type="linekey"``, or a ``line`` inside ``linekeys``)."""
        if self.kind == "linekey":
            return True
        if norm_name(self.attributes.first("type", "role", "kind") or "") == "linekey":
            return True
        return self.kind == "line" and self.parent is not None and self.parent.kind in ("linekeys", "lines")

    @property
    def label(self) -> str:
        """The text with white space normalised (``""`` when there is none)."""
        return norm_text(self.text)

    @property
    def centre(self) -> Point | None:
        """Centre of the on-screen rectangle (where a tap goes), or None without geometry."""
        return self.rect.centre if self.rect is not None else None

    # -- tree -----------------------------------------------------------------------------------
    def iter(self) -> Iterator[Widget]:
        """This widget and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.iter()

    def descendants(self) -> Iterator[Widget]:
        """All descendants (not this widget), in document order."""
        for child in self.children:
            yield from child.iter()

    def ancestors(self) -> Iterator[Widget]:
        """Parent, grandparent, ... up to the root."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def describe(self) -> str:
        """One line for messages: type, text, id, on-screen rectangle, state flags and path."""
        parts = [self.type]
        if self.text is not None:
            parts.append(repr(self.label))
        if self.id:
            parts.append(f"id={self.id!r}")
        parts.append(f"at {self.rect}" if self.rect is not None else "(no geometry)")
        if self.page is not None:
            parts.append(f"page {self.page + 1}")
        flags = [name for name, on in (("hidden", not self.visible), ("disabled", not self.enabled),
                                       ("focused", self.focused), ("selected", self.selected)) if on]
        if flags:
            parts.append("[" + ", ".join(flags) + "]")
        parts.append(self.path)
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<Widget {self.describe()}>"


class Screen:
    """A parsed snapshot of the phone's screen; build one with :func:`vvxauto.ui.parse_uixml`.

    ``name`` is the screen's name (``""`` when the phone gives none), ``model`` the model it reports,
    ``size`` the ``(width, height)`` in pixels (None when neither the uixml nor the caller knew it),
    ``view_offset`` the softkey strip's current offset, ``root`` the top widget and ``raw`` the XML text.
    """

    def __init__(
        self,
        *,
        name: str,
        model: str | None,
        size: tuple[int, int] | None,
        view_offset: Point,
        root: Widget,
        raw: str,
        tree: etree._Element | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.size = size
        self.view_offset = view_offset
        self.root = root
        self.raw = raw
        self.tree = tree
        self._all = tuple(root.iter())
        self._by_element = {id(w.element): w for w in self._all if w.element is not None}

    @property
    def width(self) -> int | None:
        """Screen width in pixels, or None when unknown."""
        return self.size[0] if self.size else None

    @property
    def height(self) -> int | None:
        """Screen height in pixels, or None when unknown."""
        return self.size[1] if self.size else None

    @property
    def bounds(self) -> Rect | None:
        """``Rect(0, 0, width, height)``, or None when the size is unknown."""
        return Rect(0, 0, self.size[0], self.size[1]) if self.size else None

    def widgets(self, *, visible_only: bool = False) -> Iterator[Widget]:
        """Every widget (the root included) in document order; only visible ones if asked."""
        for widget in self._all:
            if widget.visible or not visible_only:
                yield widget

    def __iter__(self) -> Iterator[Widget]:
        return self.widgets()

    def __len__(self) -> int:
        return len(self._all)

    def widget_for(self, element: object) -> Widget | None:
        """The widget built from an lxml element of :attr:`tree` (used by XPath locators)."""
        return self._by_element.get(id(element))

    # -- softkeys and line keys --------------------------------------------------------------------
    def softkeys(self, *, all_pages: bool = False) -> list[Widget]:
        """Softkeys of the current page, left to right; with ``all_pages``, every page's in strip order."""
        keys = [w for w in self._all if w.is_softkey]
        if not all_pages:
            keys = [w for w in keys if w.visible]
            return sorted(keys, key=lambda w: w.rect.x if w.rect is not None else 0)
        return sorted(keys, key=lambda w: w.reported_rect.x if w.reported_rect is not None else 0)

    @property
    def softkey_page(self) -> int:
        """0-based index of the softkey page on screen (from the view offset and the screen width)."""
        width = self.width
        return self.view_offset.x // width if width else 0

    @property
    def softkey_page_count(self) -> int:
        """How many softkey pages the strip holds (1 when there are no pages to speak of)."""
        pages = [w.page for w in self._all if w.is_softkey and w.page is not None]
        return max(pages, default=0) + 1

    def line_keys(self) -> list[Widget]:
        """The line keys, by their ``index`` when they carry one, else in document order."""
        keys = [w for w in self._all if w.is_line_key]
        return sorted(keys, key=lambda w: w.index if w.index is not None else 10_000)

    # -- state ---------------------------------------------------------------------------------------
    def focused(self) -> Widget | None:
        """The innermost focused widget (a text field taking input), or None."""
        found = [w for w in self._all if w.focused]
        return found[-1] if found else None

    def selected(self) -> list[Widget]:
        """Widgets marked selected (the highlighted list item ...), in document order."""
        return [w for w in self._all if w.selected]

    def text(self) -> str:
        """Every visible widget's text, one per line, in document order."""
        return "\n".join(w.label for w in self._all if w.visible and w.label)

    def texts(self) -> list[str]:
        """The visible texts as a list (see :meth:`text`)."""
        return [w.label for w in self._all if w.visible and w.label]

    def summary(self) -> str:
        """A short description for error messages: name, visible texts, softkeys on every page."""
        pages: dict[int, list[str]] = {}
        for key in self.softkeys(all_pages=True):
            pages.setdefault(key.page or 0, []).append(key.label)
        soft = "; ".join(f"page {p + 1}: {', '.join(labels)}" for p, labels in sorted(pages.items()))
        texts = ", ".join(repr(t) for t in self.texts()[:20])
        return (
            f"screen {self.name or '(unnamed)'!r} (softkey page {self.softkey_page + 1}"
            f"/{self.softkey_page_count}) shows: {texts or 'nothing'}; softkeys {soft or 'none'}"
        )

    def __repr__(self) -> str:
        size = f"{self.size[0]}x{self.size[1]}" if self.size else "?x?"
        offset = f"{self.view_offset.x}:{self.view_offset.y}"
        return f"<Screen {self.name!r} {size} offset={offset} {len(self)} widgets>"
