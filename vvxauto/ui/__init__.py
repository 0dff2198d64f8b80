"""The phone's screen as a searchable widget tree: parse ``/uixml``, then find widgets with locators.

>>> from vvxauto.ui import parse_uixml, by_softkey
>>> screen = parse_uixml('<screen width="320" height="240"><softkeys view-offset="320:0">'
...     '<softkey label="Park" x="320" y="210" width="80" height="30"/></softkeys></screen>')
>>> by_softkey("Park").resolve(screen).rect
Rect(x=0, y=210, width=80, height=30)
"""

from __future__ import annotations

from vvxauto.ui.errors import (
    AmbiguousWidgetError,
    ScreenLookupError,
    TouchNotSupportedError,
    UixmlParseError,
    UnknownKeyError,
    WidgetNotFoundError,
)
from vvxauto.ui.geometry import Attributes, Point, Rect
from vvxauto.ui.locators import (
    Locator,
    TextMatch,
    by_attribute,
    by_id,
    by_line_key,
    by_regex,
    by_softkey,
    by_substring,
    by_text,
    by_type,
    by_xpath,
    text_matches,
)
from vvxauto.ui.parse import parse_uixml
from vvxauto.ui.screen import Screen, Widget, norm_text

__all__ = [
    "AmbiguousWidgetError",
    "Attributes",
    "Locator",
    "Point",
    "Rect",
    "Screen",
    "ScreenLookupError",
    "TextMatch",
    "TouchNotSupportedError",
    "UixmlParseError",
    "UnknownKeyError",
    "Widget",
    "WidgetNotFoundError",
    "by_attribute",
    "by_id",
    "by_line_key",
    "by_regex",
    "by_softkey",
    "by_substring",
    "by_text",
    "by_type",
    "by_xpath",
    "norm_text",
    "parse_uixml",
    "text_matches",
]
