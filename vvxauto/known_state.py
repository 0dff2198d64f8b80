"""Bringing a lab phone to a known state: calls ended, on hook, config restored, home screen.

- :func:`put_back`: the whole reset, returning what could not be done (never raising).
- :func:`go_home`: dismiss pop-ups and leave menus until the home screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vvxauto.phone import Phone
    from vvxauto.ui import Screen

__all__ = ["go_home", "put_back"]


def _at_home(screen: Screen) -> bool:
    if any(w.kind == "popup" for w in screen.widgets()):
        return False
    # A phone whose uixml names no screen cannot tell us more: take it as home once Home was pressed.
    return screen.name.strip().lower() in ("home", "")


def go_home(phone: Phone, timeout: float | None = None) -> None:
    """Dismiss pop-ups and leave menus (the Home key) until the screen is "Home".

    Phones without a screen are left as they are. A phone whose uixml cannot be had or read
    (``NotSupportedError``, malformed XML) gets one press of Home, since nothing more can be
    checked. Raises ``WaitTimeout`` when the home screen does not come back.
    """
    from vvxauto.errors import NotSupportedError
    from vvxauto.ui import UixmlParseError

    layout = phone.layout
    if not layout.has_screen:
        return
    try:
        if _at_home(phone.screen()):
            return
    except (NotSupportedError, UixmlParseError):
        if layout.has_key("Home"):
            phone.press("Home")
        return
    if not layout.has_key("Home"):
        phone.wait_for(lambda: _at_home(phone.screen()), timeout, message="the home screen")
        return

    def home() -> bool:
        if _at_home(phone.screen()):
            return True
        phone.press("Home")
        return _at_home(phone.screen())

    phone.wait_for(home, timeout, message="the home screen (pressing Home)")


def put_back(phone: Phone, *, restore: bool = True, exact_sources: bool = False,
             timeout: float | None = None) -> list[str]:
    """Bring ``phone`` back to a known state; return what could not be done (empty: all is well).

    Ends every call and hangs up, restores every config value changed through
    :meth:`Phone.set_config` (``restore``), dismisses pop-ups and goes home, then checks the phone
    lists no live call. Config values come back without a restart; ``exact_sources`` also puts
    back each value's Source where that needs the phone's Web layer cleared (``configReset/web``:
    the phone restarts and loses Web-layer settings made outside the test). Never raises for the
    phone's own errors: they are returned as text.
    """
    problems: list[str] = []
    steps: list[tuple[str, Callable[[], object]]] = [("end calls and hang up",
                                                      lambda: phone.reset_to_idle(timeout))]
    if restore:
        steps.append(("restore config", lambda: phone.restore_config(
            timeout=timeout, reset_web=None if exact_sources else False)))
    steps.append(("go to the home screen", lambda: go_home(phone, timeout)))
    for what, action in steps:
        try:
            action()
        except Exception as exc:  # the phone's state is unknown: report, never raise from cleanup
            problems.append(f"{what}: {type(exc).__name__}: {exc}")
    if not problems:
        try:
            if not phone.is_idle():
                problems.append("calls remain after the reset")
        except Exception as exc:
            problems.append(f"check idle: {type(exc).__name__}: {exc}")
    return problems
