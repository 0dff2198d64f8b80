"""Screen actions of a phone: read the screen, press keys and softkeys, tap, swipe, type, take screenshots.

:class:`ScreenActions` is a mixin: :class:`vvxauto.phone.Phone` inherits it and provides ``client`` (the
:class:`~vvxauto.api.VvxClient`), ``layout`` (the model's :class:`~vvxauto.layouts.DeviceLayout`), ``name``
and ``timeout`` (float seconds or None). Everything here goes over REST, so the same test drives a lab phone
or the simulator.

Every action that needs something on screen first waits (timeout model of :mod:`vvxauto.wait`: argument,
then the phone's ``timeout``, then the process default) until its target is present and enabled, reading a
fresh ``/uixml`` each poll. A timeout is a :class:`~vvxauto.wait.WaitTimeout` listing what the screen showed.

    phone.softkey("Conference")          # pages through More, then SoftKeyN or a tap
    phone.tap(phone.get_by_text("Settings"))
    phone.press("ArrowDown"); phone.type("Alice", replace=True)
    phone.screenshot().size              # (320, 240)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PIL import Image

from vvxauto.screens import annotate as annotate_image
from vvxauto.screens import load_image
from vvxauto.ui.errors import (
    AmbiguousWidgetError,
    TouchNotSupportedError,
    UnknownKeyError,
    WidgetNotFoundError,
)
from vvxauto.ui.geometry import Point
from vvxauto.ui.locators import (
    Locator,
    TextMatch,
    by_line_key,
    by_softkey,
    by_text,
    by_type,
    by_xpath,
    text_matches,
)
from vvxauto.ui.parse import parse_uixml
from vvxauto.ui.phone_locator import PhoneLocator, Seen, WaitState
from vvxauto.ui.screen import Screen, Widget
from vvxauto.wait import resolve_timeout, wait_until

if TYPE_CHECKING:
    from vvxauto.api import VvxClient
    from vvxauto.layouts import DeviceLayout

__all__ = ["PhoneLocator", "ScreenActions", "TapTarget", "WaitState"]

_DIGIT_KEYS = {str(d): f"Dialpad{d}" for d in range(10)} | {"*": "DialpadStar", "#": "DialpadPound"}
_HOOK_WORDS = {"up": True, "offhook": True, "down": False, "onhook": False}
_MORE = "More"
_MORE_LABEL = re.compile(r"^\s*more\b", re.IGNORECASE)  # "More", "More...", "more >"


class ScreenActions:
    """Mixin of screen actions for :class:`vvxauto.phone.Phone` (see the module docstring)."""

    client: VvxClient
    layout: DeviceLayout
    name: str
    timeout: float | None

    # -- reading -------------------------------------------------------------------------------------
    def screen(self) -> Screen:
        """Read ``/uixml`` now and parse it (the model's screen size fills in when the XML has none).

        Raises :class:`~vvxauto.ui.UixmlParseError` when the phone sends malformed XML.
        """
        size = (self.layout.screen.width, self.layout.screen.height) if self.layout.screen else None
        return parse_uixml(self.client.uixml(), size=size)

    def locator(self, query: Locator | str) -> PhoneLocator:
        """A phone-bound locator: ``query`` is a :class:`~vvxauto.ui.Locator` or an XPath expression."""
        return PhoneLocator(self, by_xpath(query) if isinstance(query, str) else query)

    def get_by_text(self, text: TextMatch, *, exact: bool = True) -> PhoneLocator:
        """Widgets showing ``text`` (exact; ``exact=False`` for a case-insensitive substring; or a regex)."""
        return PhoneLocator(self, by_text(text, exact=exact))

    def get_by_type(self, widget_type: str) -> PhoneLocator:
        """Widgets of a type (tag): ``"textfield"``, ``"item"``, ``"popup"`` ..."""
        return PhoneLocator(self, by_type(widget_type))

    def softkey_locator(self, label: TextMatch) -> PhoneLocator:
        """Softkeys labelled ``label`` on any page (case and white space ignored)."""
        return PhoneLocator(self, by_softkey(label))

    def line_key_locator(self, key: int | TextMatch) -> PhoneLocator:
        """A line key by 1-based number or by label."""
        return PhoneLocator(self, by_line_key(key))

    def wait_for_screen(
        self,
        name: TextMatch | None = None,
        *,
        text: TextMatch | None = None,
        timeout: float | None = None,
    ) -> Screen:
        """Wait until the screen is called ``name`` (case ignored) and/or shows ``text``; return it.

        Raises :class:`~vvxauto.wait.WaitTimeout` naming the screens seen meanwhile.
        """
        __tracebackhide__ = True
        wanted = by_text(text).filter(visible=True) if text is not None else None

        def probe() -> Seen:
            screen = self.screen()
            ok = name is None or text_matches(screen.name, name, ignore_case=True)
            ok = ok and (wanted is None or wanted.exists(screen))
            return Seen(screen if ok else None, screen.summary())

        parts = [f"name {name!r}" if name is not None else "", f"text {text!r}" if text is not None else ""]
        what = " and ".join(p for p in parts if p) or "any screen"
        return self._wait(probe, timeout, f"{self.name}: screen with {what}").value

    # -- keys ------------------------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """Press a hard key by its ``simulateKeyEvent`` name (``Select``, ``ArrowDown``, ``Line2`` ...).

        The name is checked against the model's keys first (any case; ``VoIUp`` means ``VolUp``); an unknown
        name raises :class:`~vvxauto.ui.UnknownKeyError` naming the closest valid keys, without sending.
        """
        self.client.simulate_key_event(self._key_name(key))

    def press_digits(self, digits: str) -> None:
        """Press ``Dialpad`` keys for each of ``0-9 * #`` in ``digits`` (other characters are refused)."""
        bad = sorted({c for c in digits if c not in _DIGIT_KEYS})
        if bad:
            raise ValueError(f"press_digits() takes 0-9, * and #; got {''.join(bad)!r} in {digits!r}")
        for char in digits:
            self.press(_DIGIT_KEYS[char])

    def _key_name(self, key: str) -> str:
        layout = self.layout
        if layout.has_key(key):
            return layout.canonical_key(key)
        folded = {k.casefold(): k for k in layout.keys}
        canonical = layout.canonical_key(key.strip())
        if canonical.casefold() in folded:
            return folded[canonical.casefold()]
        close = difflib.get_close_matches(key.casefold(), list(folded), n=4, cutoff=0.5)
        suggestions = [folded[c] for c in close]
        if suggestions:
            hint = f"did you mean {', '.join(suggestions)}?"
        else:
            hint = f"its keys: {', '.join(layout.keys)}"
        raise UnknownKeyError(
            f"{self.name}: {layout.model} has no key {key!r}; {hint} (keys come from device_layouts/)",
            key,
            suggestions,
        )

    def hook(self, direction: Literal["up", "down"] | str) -> None:
        """Lift (``"up"``, also ``"off-hook"``) or replace (``"down"``, ``"on-hook"``) the handset."""
        word = direction.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
        if word not in _HOOK_WORDS:
            raise ValueError(f"hook() takes 'up' (off hook) or 'down' (on hook), got {direction!r}")
        self.client.simulate_hook(_HOOK_WORDS[word])

    # -- softkeys --------------------------------------------------------------------------------------
    def softkey(self, label: TextMatch, *, timeout: float | None = None) -> Widget:
        """Press the softkey labelled ``label`` wherever it is; return the widget pressed.

        Waits until such a softkey exists (on any page); if it is not on the current page, presses More
        until it is (at most once per page, re-reading the screen after each press); waits until it is
        enabled; then presses its slot's ``SoftKeyN`` (N from its on-screen x), or on touch models taps the
        centre of its corrected rectangle. Raises :class:`~vvxauto.wait.WaitTimeout` when it never appears,
        :class:`~vvxauto.ui.WidgetNotFoundError` when paging cannot reach it and
        :class:`~vvxauto.ui.AmbiguousWidgetError` when two such softkeys are on screen at once.
        """
        __tracebackhide__ = True
        query = by_softkey(label)
        shown = label.pattern if not isinstance(label, str) else label

        def present() -> Seen:
            screen = self.screen()
            return Seen(screen if query.exists(screen) else None, screen.summary())

        screen: Screen = self._wait(present, timeout, f"{self.name}: softkey {shown!r} on any page").value
        presses, limit = 0, max(screen.softkey_page_count, 1)
        while not [k for k in query.all(screen) if k.visible]:
            if not query.exists(screen):
                raise WidgetNotFoundError(
                    f"{self.name}: softkey {shown!r} went away while paging; {screen.summary()}",
                    query,
                    screen,
                )
            if presses >= limit:
                raise WidgetNotFoundError(
                    f"{self.name}: softkey {shown!r} still not on screen after pressing {_MORE} {presses} "
                    f"times; {screen.summary()}",
                    query,
                    screen,
                )
            more = by_softkey(_MORE_LABEL).filter(visible=True).all(screen)
            if not more:
                raise WidgetNotFoundError(
                    f"{self.name}: softkey {shown!r} is on another page but there is no {_MORE} softkey on "
                    f"this one; {screen.summary()}",
                    query,
                    screen,
                )
            self._press_softkey_widget(more[0], screen)
            presses += 1
            screen = self._wait_page_change(screen, query, timeout)

        def on_screen_enabled() -> Seen:
            current = self.screen()
            visible = [k for k in query.all(current) if k.visible]
            if len(visible) > 1:
                self._ambiguous(query.filter(visible=True), visible)
            ready = visible[0] if visible and visible[0].enabled else None
            return Seen((current, ready) if ready else None, current.summary())

        visible = [k for k in query.all(screen) if k.visible]
        if len(visible) > 1:
            self._ambiguous(query.filter(visible=True), visible)
        if not visible[0].enabled:
            seen = self._wait(on_screen_enabled, timeout, f"{self.name}: softkey {shown!r} enabled")
            screen = seen.value[0]
            visible = [k for k in query.all(screen) if k.visible]
        target = visible[0]
        self._press_softkey_widget(target, screen)
        return target

    def _wait_page_change(self, before: Screen, query: Locator, timeout: float | None) -> Screen:
        __tracebackhide__ = True
        old = before.view_offset

        def moved() -> Seen:
            screen = self.screen()
            changed = screen.view_offset != old or any(k.visible for k in query.all(screen))
            return Seen(screen if changed else None, screen.summary())

        return self._wait(moved, timeout, f"{self.name}: softkey page to change after {_MORE}").value

    def _press_softkey_widget(self, key: Widget, screen: Screen) -> None:
        if self.layout.touch and key.centre is not None:
            self._touch("Tap", [key.centre])
        else:
            self.press(f"SoftKey{self.softkey_slot(key, screen)}")

    def softkey_slot(self, key: Widget, screen: Screen) -> int:
        """The 1-based slot (``SoftKeyN``) of an on-screen softkey, from its on-screen x.

        Uses the model's slot count and the screen width; without geometry, its position among the
        softkeys of the current page.
        """
        width = screen.width or (self.layout.screen.width if self.layout.screen else None)
        slots = self.layout.softkey_slots
        if key.centre is not None and width and slots:
            return min(max(key.centre.x * slots // width + 1, 1), slots)
        page = screen.softkeys()
        if key in page:
            return page.index(key) + 1
        message = f"{self.name}: softkey {key.label!r} is not on the current page"
        raise WidgetNotFoundError(message, key, screen)

    # -- lists ---------------------------------------------------------------------------------------------
    def choose(self, text: TextMatch, *, timeout: float | None = None) -> Widget:
        """Open the list item showing ``text`` (a menu entry, a contact ...); return the item.

        Touch models tap the item when it is on screen. Otherwise (or when it is scrolled out of view) the
        selection is moved with ``ArrowDown``/``ArrowUp`` until the item is selected, re-reading the screen
        after each press, then ``Select`` is pressed. Raises :class:`~vvxauto.ui.WidgetNotFoundError`
        when the list runs out without such an item.
        """
        __tracebackhide__ = True
        items = by_type("item")
        wanted = items.filter(text=text)
        shown = text.pattern if not isinstance(text, str) else text

        def listed() -> Seen:
            screen = self.screen()
            return Seen(screen if items.exists(screen) else None, screen.summary())

        screen: Screen = self._wait(listed, timeout, f"{self.name}: a list on screen").value
        target = [w for w in wanted.all(screen) if w.visible]
        if len(target) > 1:
            self._ambiguous(wanted.filter(visible=True), target)
        if target and self.layout.touch and target[0].centre is not None:
            self._touch("Tap", [target[0].centre])
            return target[0]
        limit = 2 * ((_list_total(screen) or len(items.all(screen))) + 1)
        key = "ArrowDown"
        turned = False
        for _ in range(limit):
            selected = items.filter(selected=True).all(screen)
            current = selected[0] if selected else None
            if current is not None and text_matches(current.text, text):
                self.press("Select")
                return current
            if current is not None and target and (target[0].index or 0) < (current.index or 0):
                key = "ArrowUp"  # it is on screen, above the selection
            position = current.index if current is not None else None
            total = _list_total(screen)
            at_bottom = False
            if key == "ArrowDown" and position is not None and total is not None:
                at_bottom = position >= total
            at_top = key == "ArrowUp" and position == 1
            if at_bottom or at_top:
                if turned:
                    break
                key, turned = ("ArrowUp" if at_bottom else "ArrowDown"), True
            self.press(key)
            screen = self._wait_selection_moved(current, key, timeout)
            target = [w for w in wanted.all(screen) if w.visible]
        raise WidgetNotFoundError(
            f"{self.name}: no list item {shown!r} after moving through the list; {screen.summary()}",
            wanted,
            screen,
        )

    def _wait_selection_moved(self, before: Widget | None, key: str, timeout: float | None) -> Screen:
        __tracebackhide__ = True
        selected = by_type("item").filter(selected=True)
        old = (before.path, before.label) if before is not None else None

        def moved() -> Seen:
            now = self.screen()
            found = selected.all(now)
            mark = (found[0].path, found[0].label) if found else None
            return Seen(now if mark != old else None, now.summary())

        seen = self._wait(moved, timeout, f"{self.name}: the list selection to move ({key})")
        result: Screen = seen.value
        return result

    # -- touch -----------------------------------------------------------------------------------------
    def tap(self, target: TapTarget, *, timeout: float | None = None) -> Widget | None:
        """Tap a widget (locator, exact text or widget) at the centre of its on-screen rectangle, or a pixel.

        A locator or text is waited for until exactly one visible widget matches and it is enabled (matches
        off screen, such as softkeys of other pages, do not count; two visible matches raise
        :class:`~vvxauto.ui.AmbiguousWidgetError` at once). Returns the widget tapped
        (None for a pixel). Raises :class:`~vvxauto.ui.TouchNotSupportedError` on a model without touch.
        """
        __tracebackhide__ = True
        self._require_touch("tap")
        if isinstance(target, tuple):
            self._touch("Tap", [Point(int(target[0]), int(target[1]))])
            return None
        widget = self._ready_widget(target, timeout)
        assert widget.centre is not None
        self._touch("Tap", [widget.centre])
        return widget

    def swipe(
        self,
        start: TapTarget,
        end: TapTarget,
        *,
        through: Sequence[Point | tuple[int, int]] = (),
        duration: int | None = None,
        easing: int | None = None,
        timeout: float | None = None,
    ) -> None:
        """Swipe from ``start`` to ``end`` (pixels or widgets' centres), maybe ``through`` up to 3 points.

        ``duration`` is in milliseconds and ``easing`` a Qt easing curve number (0-40), as in the manual.
        """
        __tracebackhide__ = True
        self._require_touch("swipe")
        if len(through) > 3:
            raise ValueError(f"a swipe takes 2 to 5 positions; got {len(through) + 2}")
        first = self._point_of(start, timeout)
        last = self._point_of(end, timeout)
        middle = [Point(int(p[0]), int(p[1])) for p in through]
        self._touch("Swipe", [first, *middle, last], duration=duration, easing=easing)

    def _point_of(self, target: TapTarget, timeout: float | None) -> Point:
        if isinstance(target, tuple):
            return Point(int(target[0]), int(target[1]))
        centre = self._ready_widget(target, timeout).centre
        assert centre is not None
        return centre

    def _ready_widget(self, target: Locator | PhoneLocator | str | Widget, timeout: float | None) -> Widget:
        __tracebackhide__ = True
        if isinstance(target, Widget):
            if target.centre is None:
                raise WidgetNotFoundError(f"{self.name}: {target.describe()} has no geometry to tap", target)
            return target
        query = target.query if isinstance(target, PhoneLocator) else (
            by_text(target) if isinstance(target, str) else target
        )

        def probe() -> Seen:
            screen = self.screen()
            found = query.all(screen)
            shown = [w for w in found if w.visible]
            if len(shown) > 1:
                self._ambiguous(query, shown)
            if not shown:
                seen = "; ".join(w.describe() for w in found) or "no match"
                return Seen(None, f"{seen}; {screen.summary()}")
            widget = shown[0]
            ready = widget.enabled and widget.centre is not None
            return Seen(widget if ready else None, widget.describe())

        return self._wait(probe, timeout, f"{self.name}: {query} visible and enabled").value

    def _require_touch(self, action: str) -> None:
        if not self.layout.touch:
            raise TouchNotSupportedError(
                f"{self.name}: {self.layout.model} has no touch screen, so {action}() cannot work; "
                "use press() or softkey() (the layout file in device_layouts/ says touch = false)"
            )

    def _touch(self, kind: str, points: Sequence[Point], *, duration: int | None = None,
               easing: int | None = None) -> None:
        positions = [(int(p.x), int(p.y)) for p in points]
        self.client.simulate_touch(kind, positions, duration=duration, easing=easing)

    # -- text --------------------------------------------------------------------------------------------
    def type(self, text: str, *, replace: bool = False, timeout: float | None = None,
             wait_for_focus: bool = True) -> Widget | None:
        """Type ``text`` into the focused text field (``replace=True`` first clears what it holds).

        Waits until the screen shows a focused widget (returned); pass ``wait_for_focus=False`` for a phone
        whose uixml does not mark focus (then returns None).
        """
        __tracebackhide__ = True
        field: Widget | None = None
        if wait_for_focus:
            def focused() -> Seen:
                screen = self.screen()
                return Seen(screen.focused(), f"nothing focused; {screen.summary()}")

            field = self._wait(focused, timeout, f"{self.name}: a focused text field").value
        self.client.simulate_text_input(text, replace=replace)
        return field

    # -- screenshots -----------------------------------------------------------------------------------
    def screenshot(self) -> Image.Image:
        """Capture the main screen (``captureScreen/mainScreen`` BMP) as a pillow image.

        Needs ``up.screenCapture.enabled=1`` and ``up.screenCapture.value=1`` on the phone.
        """
        return load_image(self.client.capture_screen())

    def save_screenshot(self, path: str | Path, *, annotate: bool = False) -> Path:
        """Save a screenshot as PNG at ``path`` (widget boxes drawn when ``annotate``); return the path."""
        image = self.screenshot()
        if annotate:
            image = annotate_image(image, self.screen())
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, format="PNG")
        return target

    # -- helpers -----------------------------------------------------------------------------------------
    def _wait(self, probe: Any, timeout: float | None, description: str) -> Seen:
        __tracebackhide__ = True
        limit = resolve_timeout(timeout, self.timeout)
        result: Seen = wait_until(
            probe, limit, description=description, format_value=str, last_answer=self._last_exchange
        )
        return result

    def _last_exchange(self) -> str | None:
        last = self.client.transcript.last()
        return None if last is None else last.as_text()

    def _ambiguous(self, query: Locator, found: Sequence[Widget]) -> None:
        raise AmbiguousWidgetError.listing(f"{self.name}: {query}", query, found)


def _list_total(screen: Screen) -> int | None:
    """Items in the whole list (its ``total`` attribute; a list may show only part of them)."""
    for widget in by_type("list").all(screen):
        value = widget.attributes.first("total", "count", "size")
        if value is not None and value.strip().isdigit():
            return int(value)
    return None


TapTarget = Locator | PhoneLocator | str | Widget | Point | tuple[int, int]
"""What ``tap()`` and ``swipe()`` accept: a locator (plain or bound), an exact text, a widget or a pixel."""
