"""Errors of the screen layer.

::

    ValueError
     └── UixmlParseError          the uixml text is not well-formed XML (keeps .raw, .line, .column)
    LookupError
     └── ScreenLookupError        base of everything a locator or a screen action cannot find
          ├── WidgetNotFoundError  no widget matches (keeps .locator and .screen)
          └── AmbiguousWidgetError two or more match a strict query (keeps .matches)
    ValueError
     └── UnknownKeyError          press() was given a key name this model does not have
    RuntimeError
     └── TouchNotSupportedError   tap()/swipe() on a model without a touch screen
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vvxauto.ui.screen import Screen, Widget

__all__ = [
    "AmbiguousWidgetError",
    "ScreenLookupError",
    "TouchNotSupportedError",
    "UixmlParseError",
    "UnknownKeyError",
    "WidgetNotFoundError",
]


class UixmlParseError(ValueError):
    """The text from ``/api/v1/mgmt/uixml`` could not be parsed as XML.

    ``raw`` keeps the whole text, ``line``/``column`` the position lxml reported (None when unknown).
    """

    def __init__(self, message: str, raw: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        excerpt = _excerpt(raw, line)
        super().__init__(f"uixml is not well-formed XML{where}: {message}{excerpt}")
        self.raw = raw
        self.line = line
        self.column = column
        self.reason = message


def _excerpt(raw: str, line: int | None) -> str:
    if not raw.strip():
        return " (the phone sent an empty document)"
    lines = raw.splitlines()
    text = lines[line - 1] if line is not None and 1 <= line <= len(lines) else raw
    text = text[:120]
    return f"; near: {text!r}"


class ScreenLookupError(LookupError):
    """Base of the errors raised when a locator or a screen action does not find what it wants."""


class WidgetNotFoundError(ScreenLookupError):
    """No widget matched; the message summarises what the screen showed instead."""

    def __init__(self, message: str, locator: object = None, screen: Screen | None = None) -> None:
        super().__init__(message)
        self.locator = locator
        self.screen = screen


class AmbiguousWidgetError(ScreenLookupError):
    """A strict query matched several widgets; the message lists every one of them."""

    def __init__(self, message: str, locator: object = None, matches: Sequence[Widget] = ()) -> None:
        super().__init__(message)
        self.locator = locator
        self.matches = tuple(matches)

    @classmethod
    def listing(cls, shown: str, locator: object, matches: Sequence[Widget]) -> AmbiguousWidgetError:
        """The error for ``locator`` (written ``shown`` in the message) matching every one of ``matches``."""
        lines = "\n".join(f"  {i}. {w.describe()}" for i, w in enumerate(matches))
        return cls(
            f"{shown} matches {len(matches)} widgets, expected exactly one:\n{lines}\n"
            "hint: narrow it with .nth(i), .filter(...) or .within(...)",
            locator,
            matches,
        )


class UnknownKeyError(ValueError):
    """A key name that the phone's model does not have; the message names the closest valid ones."""

    def __init__(self, message: str, key: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.key = key
        self.suggestions = tuple(suggestions)


class TouchNotSupportedError(RuntimeError):
    """A touch action was asked of a model whose layout says it has no touch screen."""
