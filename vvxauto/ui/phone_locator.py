"""``PhoneLocator``: a widget locator bound to a phone, read afresh from ``/uixml`` on every call.

What :meth:`ScreenActions.locator() <vvxauto.actions.ScreenActions.locator>` and the ``get_by_*``
methods return: chaining (``filter``, ``nth``, ``within`` ...) builds a new bound locator; reading
(``resolve``, ``count``, ``is_visible`` ...) fetches one fresh screen; :meth:`PhoneLocator.wait_for`
polls until a :data:`WaitState` holds. :class:`Seen` is the poll result the waits of
:mod:`vvxauto.actions` share. Re-exported by :mod:`vvxauto.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from vvxauto.ui.locators import Locator
from vvxauto.ui.screen import Widget

if TYPE_CHECKING:
    from vvxauto.actions import ScreenActions

__all__ = ["PhoneLocator", "Seen", "WaitState"]

WaitState = Literal["attached", "detached", "visible", "hidden", "enabled"]


class Seen:
    """A poll result: truthy when ``value`` is set; its ``str`` is what the wait's timeline shows."""

    __slots__ = ("note", "value")

    def __init__(self, value: Any, note: str) -> None:
        self.value = value
        self.note = note

    def __bool__(self) -> bool:
        return self.value is not None

    def __str__(self) -> str:
        return self.note


@dataclass(frozen=True)
class PhoneLocator:
    """A locator bound to a phone: every call reads a fresh ``/uixml`` (nothing goes stale)."""

    phone: ScreenActions
    query: Locator

    def _bind(self, query: Locator) -> PhoneLocator:
        return PhoneLocator(self.phone, query)

    # chaining
    def filter(self, predicate: Any = None, **conditions: Any) -> PhoneLocator:
        """See :meth:`vvxauto.ui.Locator.filter`."""
        return self._bind(self.query.filter(predicate, **conditions))

    def nth(self, index: int) -> PhoneLocator:
        """The ``index``-th match (0-based, negative from the end)."""
        return self._bind(self.query.nth(index))

    def first(self) -> PhoneLocator:
        """The first match."""
        return self.nth(0)

    def last(self) -> PhoneLocator:
        """The last match."""
        return self.nth(-1)

    def within(self, container: Locator | PhoneLocator) -> PhoneLocator:
        """Search only inside ``container``'s matches."""
        inner = container.query if isinstance(container, PhoneLocator) else container
        return self._bind(self.query.within(inner))

    def locator(self, inner: Locator | PhoneLocator) -> PhoneLocator:
        """Search ``inner`` inside this locator's matches."""
        sub = inner.query if isinstance(inner, PhoneLocator) else inner
        return self._bind(self.query.locator(sub))

    # reading (one fresh screen per call)
    def resolve(self) -> Widget:
        """The one matching widget now (strict: raises when none or several match)."""
        return self.query.resolve(self.phone.screen())

    def all(self) -> list[Widget]:
        """Every matching widget now."""
        return self.query.all(self.phone.screen())

    def count(self) -> int:
        """How many widgets match now."""
        return len(self.all())

    def exists(self) -> bool:
        """True when something matches now."""
        return bool(self.all())

    def is_visible(self) -> bool:
        """True when exactly one match is visible now (two visible matches raise AmbiguousWidgetError)."""
        shown = [w for w in self.all() if w.visible]
        if len(shown) > 1:
            self.phone._ambiguous(self.query, shown)
        return bool(shown)

    def text(self) -> str | None:
        """Text of the one match now."""
        return self.resolve().text

    def wait_for(self, state: WaitState = "visible", *, timeout: float | None = None) -> Widget | None:
        """Wait until the match is ``attached`` (exists), ``visible``, ``enabled`` (visible and enabled),
        ``hidden`` (nothing visible matches) or ``detached`` (nothing matches); return the widget (None
        for hidden/detached). Two matches (two visible ones for visible/enabled) raise at once.
        """
        __tracebackhide__ = True
        phone = self.phone
        query = self.query
        if state not in ("attached", "detached", "visible", "hidden", "enabled"):
            raise ValueError(f"unknown state {state!r}: use attached, detached, visible, hidden or enabled")

        def probe() -> Seen:
            screen = phone.screen()
            found = query.all(screen)
            note = "; ".join(w.describe() for w in found) or f"no match; {screen.summary()}"
            if state == "detached":
                return Seen(True if not found else None, note)
            if state == "hidden":
                return Seen(True if not any(w.visible for w in found) else None, note)
            pool = found if state == "attached" else [w for w in found if w.visible]
            if len(pool) > 1:
                phone._ambiguous(query, pool)
            widget = pool[0] if pool else None
            if widget is not None and state == "enabled" and not widget.enabled:
                widget = None
            return Seen(widget, note)

        value = phone._wait(probe, timeout, f"{phone.name}: {query} to be {state}").value
        return value if isinstance(value, Widget) else None

    # acting
    def tap(self, *, timeout: float | None = None) -> Widget | None:
        """Tap the match (see :meth:`ScreenActions.tap`)."""
        return self.phone.tap(self, timeout=timeout)

    def __str__(self) -> str:
        return f"{self.phone.name}: {self.query}"
