"""Locators: immutable queries over a :class:`~vvxauto.ui.screen.Screen`, resolved only when used.

A locator holds no widget. Each use resolves it against the screen it is given (a phone-bound locator
reads a fresh ``/uixml`` each time), so nothing goes stale when the phone moves on. Resolution is strict:
:meth:`Locator.resolve` wants exactly one match and raises :class:`WidgetNotFoundError` for none and
:class:`AmbiguousWidgetError` (listing every match) for more.

>>> from vvxauto.ui import parse_uixml
>>> screen = parse_uixml('<screen width="320" height="240"><softkeys view-offset="0:0">'
...     '<softkey label="Hold" x="0" y="210" width="80" height="30"/></softkeys></screen>')
>>> by_softkey("hold").resolve(screen).centre
Point(x=40, y=225)

Matching rules: exact text compares after collapsing white space, case-sensitively; substring text
(``exact=False`` / :func:`by_substring`) ignores case; softkey and line-key labels ignore case and
white space differences (phones vary in both); a compiled regex or :func:`by_regex` searches the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from vvxauto.ui.errors import AmbiguousWidgetError, WidgetNotFoundError
from vvxauto.ui.geometry import norm_name
from vvxauto.ui.screen import Screen, Widget, norm_text

__all__ = [
    "Locator",
    "TextMatch",
    "by_attribute",
    "by_id",
    "by_line_key",
    "by_regex",
    "by_softkey",
    "by_substring",
    "by_text",
    "by_type",
    "by_xpath",
    "text_matches",
]

TextMatch = str | re.Pattern[str]
Predicate = Callable[[Widget], bool]
_Check = Callable[[Widget, Screen], bool]


def text_matches(
    text: str | None, wanted: TextMatch, *, exact: bool = True, ignore_case: bool = False
) -> bool:
    """Compare a widget's text with ``wanted`` by the module's rules (a pattern is searched)."""
    if text is None:
        return False
    if isinstance(wanted, re.Pattern):
        return wanted.search(text) is not None or wanted.search(norm_text(text)) is not None
    have, want = norm_text(text), norm_text(wanted)
    if not exact:
        return want.casefold() in have.casefold()
    if ignore_case:
        return have.casefold() == want.casefold()
    return have == want


def _show(wanted: TextMatch) -> str:
    return f"re.compile({wanted.pattern!r})" if isinstance(wanted, re.Pattern) else repr(wanted)


@dataclass(frozen=True)
class _Step:
    """One stage of a query: ``search`` (descendants matching), ``filter`` (keep matching) or ``nth``."""

    kind: str
    description: str
    check: _Check | None = field(default=None, compare=False)
    xpath: str | None = None
    index: int = 0


@dataclass(frozen=True)
class Locator:
    """An immutable, lazily resolved query for widgets; build one with the ``by_*`` functions.

    Chain with :meth:`filter`, :meth:`nth` / :meth:`first` / :meth:`last`, :meth:`within` (search inside
    another locator's match) and :meth:`locator` (search inside this one's).
    """

    steps: tuple[_Step, ...]

    # -- building -------------------------------------------------------------------------------
    def _then(self, step: _Step) -> Locator:
        return Locator((*self.steps, step))

    def filter(
        self,
        predicate: Predicate | None = None,
        *,
        text: TextMatch | None = None,
        has_text: str | None = None,
        type: str | None = None,
        visible: bool | None = None,
        enabled: bool | None = None,
        focused: bool | None = None,
        selected: bool | None = None,
        has: Locator | None = None,
        has_not: Locator | None = None,
    ) -> Locator:
        """Keep only the matches that meet every condition given.

        ``text`` is an exact text (or pattern), ``has_text`` a case-insensitive substring, ``type`` a tag
        (any case), ``has``/``has_not`` a locator that must (not) match inside the widget, ``predicate`` any
        callable taking a :class:`Widget`.
        """
        checks: list[tuple[str, _Check]] = []
        if text is not None:
            wanted_text = text
            checks.append((f"text={_show(text)}", lambda w, s: text_matches(w.text, wanted_text)))
        if has_text is not None:
            sub = has_text
            checks.append((f"has_text={sub!r}", lambda w, s: text_matches(w.text, sub, exact=False)))
        if type is not None:
            kind = norm_name(type)
            checks.append((f"type={type!r}", lambda w, s: w.kind == kind))
        for name, flag in (("visible", visible), ("enabled", enabled), ("focused", focused),
                           ("selected", selected)):
            if flag is not None:
                checks.append((f"{name}={flag}", _flag_check(name, flag)))
        if has is not None:
            inner = has
            checks.append((f"has={inner}", lambda w, s: bool(inner._run(s, [w]))))
        if has_not is not None:
            inner_not = has_not
            checks.append((f"has_not={inner_not}", lambda w, s: not inner_not._run(s, [w])))
        if predicate is not None:
            user = predicate
            checks.append((getattr(predicate, "__name__", "predicate"), lambda w, s: bool(user(w))))
        if not checks:
            raise ValueError("filter() needs at least one condition")
        funcs = [c for _, c in checks]
        description = ", ".join(d for d, _ in checks)
        return self._then(_Step("filter", description, lambda w, s: all(f(w, s) for f in funcs)))

    def nth(self, index: int) -> Locator:
        """The ``index``-th match (0-based; negative counts from the end)."""
        return self._then(_Step("nth", f"nth({index})", index=index))

    def first(self) -> Locator:
        """The first match in document order."""
        return self.nth(0)

    def last(self) -> Locator:
        """The last match in document order."""
        return self.nth(-1)

    def within(self, container: Locator) -> Locator:
        """This query searched only inside the widgets ``container`` matches."""
        return Locator(container.steps + self.steps)

    def locator(self, inner: Locator) -> Locator:
        """``inner`` searched only inside this locator's matches (``container.locator(child)``)."""
        return Locator(self.steps + inner.steps)

    # -- resolving ------------------------------------------------------------------------------
    def all(self, screen: Screen) -> list[Widget]:
        """Every widget matching on ``screen``, in document order (possibly empty)."""
        return self._run(screen, None)

    def _run(self, screen: Screen, scopes: list[Widget] | None) -> list[Widget]:
        # scopes None: the whole screen, root included; otherwise search below each scope widget.
        current = scopes
        for step in self.steps:
            if step.kind == "search":
                current = list(_search(step, screen, current))
            elif step.kind == "filter":
                assert step.check is not None
                pool = current if current is not None else list(screen.widgets())
                current = [w for w in pool if step.check(w, screen)]
            else:
                pool = current if current is not None else list(screen.widgets())
                try:
                    current = [pool[step.index]]
                except IndexError:
                    current = []
        return current if current is not None else list(screen.widgets())

    def count(self, screen: Screen) -> int:
        """How many widgets match on ``screen``."""
        return len(self.all(screen))

    def exists(self, screen: Screen) -> bool:
        """True when at least one widget matches."""
        return bool(self.all(screen))

    def resolve(self, screen: Screen) -> Widget:
        """The one widget matching on ``screen``.

        Raises :class:`WidgetNotFoundError` when nothing matches (the message says what the screen shows)
        and :class:`AmbiguousWidgetError` when two or more do (the message lists them all).
        """
        found = self.all(screen)
        if len(found) == 1:
            return found[0]
        if not found:
            raise WidgetNotFoundError(f"no widget matches {self} on {screen.summary()}", self, screen)
        raise AmbiguousWidgetError.listing(str(self), self, found)

    def __str__(self) -> str:
        out = ""
        for step in self.steps:
            if step.kind == "search":
                out += f".locator({step.description})" if out else step.description
            elif step.kind == "filter":
                out += f".filter({step.description})"
            else:
                out += "." + step.description
        return out or "Locator()"

    def __repr__(self) -> str:
        return f"<Locator {self}>"


def _flag_check(name: str, flag: bool) -> _Check:
    return lambda w, s: bool(getattr(w, name)) == bool(flag)


def _search(step: _Step, screen: Screen, scopes: list[Widget] | None) -> Iterator[Widget]:
    if step.xpath is not None:
        yield from _xpath(step, screen, scopes)
        return
    check = step.check
    assert check is not None
    if scopes is None:
        yield from (w for w in screen.widgets() if check(w, screen))
        return
    seen: set[int] = set()
    for scope in scopes:
        for w in scope.descendants():
            if id(w) not in seen and check(w, screen):
                seen.add(id(w))
                yield w


def _xpath(step: _Step, screen: Screen, scopes: list[Widget] | None) -> Iterator[Widget]:
    assert step.xpath is not None
    contexts = [screen.tree] if scopes is None else [w.element for w in scopes]
    seen: set[int] = set()
    for ctx in contexts:
        if ctx is None:
            continue
        try:
            result = ctx.xpath(step.xpath)
        except etree.XPathError as exc:
            raise ValueError(f"invalid XPath {step.xpath!r}: {exc}") from exc
        if not isinstance(result, list):
            raise ValueError(f"XPath {step.xpath!r} must select elements, it gave {result!r}")
        for node in result:
            widget = screen.widget_for(node)
            if widget is None:
                raise ValueError(f"XPath {step.xpath!r} must select elements, it selected {node!r}")
            if id(widget) not in seen:
                seen.add(id(widget))
                yield widget


def _search_step(description: str, predicate: Predicate) -> Locator:
    return Locator((_Step("search", description, lambda w, s: predicate(w)),))


# -- constructors ------------------------------------------------------------------------------------


def by_text(text: TextMatch, *, exact: bool = True) -> Locator:
    """Widgets whose text equals ``text`` (white space collapsed); ``exact=False``: contains it, any case.

    A compiled pattern is searched in the text (see :func:`by_regex`).
    """
    if isinstance(text, re.Pattern):
        return by_regex(text)
    name = "by_text" if exact else "by_substring"
    return _search_step(f"{name}({text!r})", lambda w: text_matches(w.text, text, exact=exact))


def by_substring(text: str) -> Locator:
    """Widgets whose text contains ``text``, ignoring case."""
    return by_text(text, exact=False)


def by_regex(pattern: str | re.Pattern[str], flags: int = 0) -> Locator:
    """Widgets whose text matches ``pattern`` anywhere (``re.search``)."""
    compiled = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
    return _search_step(f"by_regex({compiled.pattern!r})", lambda w: text_matches(w.text, compiled))


def by_type(type: str) -> Locator:
    """Widgets of the given tag (``"label"``, ``"softkey"``, ``"textfield"`` ...), in any spelling or case."""
    kind = norm_name(type)
    return _search_step(f"by_type({type!r})", lambda w: w.kind == kind)


def by_id(widget_id: str) -> Locator:
    """Widgets whose ``id`` attribute equals ``widget_id``."""
    return _search_step(f"by_id({widget_id!r})", lambda w: w.id == widget_id)


def by_attribute(name: str, value: TextMatch | None = None) -> Locator:
    """Widgets carrying attribute ``name`` (any case), equal to ``value`` (or matching it) when given."""

    def check(w: Widget) -> bool:
        have = w.attributes.first(name)
        if have is None:
            return False
        return value is None or text_matches(have, value)

    shown = name if value is None else f"{name}, {_show(value)}"
    return _search_step(f"by_attribute({shown!r})", check)


def by_softkey(label: TextMatch) -> Locator:
    """Softkeys labelled ``label`` (case and white space ignored), on any page.

    Combine with ``.filter(visible=True)`` for the ones on screen; ``phone.softkey(label)`` pages to it.
    """
    return _search_step(
        f"by_softkey({_show(label)})",
        lambda w: w.is_softkey and text_matches(w.text, label, ignore_case=True),
    )


def by_line_key(key: int | TextMatch) -> Locator:
    """A line key by 1-based number (its ``index`` attribute, else its position) or by label."""
    if isinstance(key, int):
        number = key

        def by_number(w: Widget) -> bool:
            if not w.is_line_key:
                return False
            if w.index is not None:
                return w.index == number
            siblings = [s for s in (w.parent.children if w.parent else (w,)) if s.is_line_key]
            return siblings.index(w) + 1 == number

        return _search_step(f"by_line_key({number})", by_number)
    label = key
    return _search_step(
        f"by_line_key({_show(label)})",
        lambda w: w.is_line_key and text_matches(w.text, label, ignore_case=True),
    )


def by_xpath(expression: str) -> Locator:
    """The escape hatch: an XPath 1.0 expression over the raw uixml elements (relative inside ``within``)."""
    try:
        etree.XPath(expression)  # fail when built, not when first used
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"invalid XPath {expression!r}: {exc}") from exc
    return Locator((_Step("search", f"by_xpath({expression!r})", None, xpath=expression),))
