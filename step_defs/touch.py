"""Touch steps: taps and swipes (touch models only; tag such scenarios @touch)."""

from __future__ import annotations

from step_defs.common import try_action
from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import when
from vvxauto.phone import Phone
from vvxauto.ui.geometry import Point


@when("{role:Phone} taps {text:Text}")
def taps(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """Taps the one visible widget showing that text (a list item, a label, a softkey on screen)."""
    step_context.phone(role).tap(text)


@when("{role:Phone} tries to tap {text:Text}")
def tries_tap(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """As "taps", but a refusal (e.g. a model without touch) is kept for "Then the phone refuses it"."""
    phone = step_context.phone(role)
    try_action(step_context, lambda: phone.tap(text))


@when("{role:Phone} taps the {label:Text} softkey")
def taps_softkey(step_context: StepContext, role: PhoneRef, label: str) -> None:
    """Taps the softkey with that label on the softkey page on screen."""
    phone = step_context.phone(role)
    phone.tap(phone.softkey_locator(label).filter(visible=True))


def _softkey_bar_row(phone: Phone) -> tuple[int, int]:
    screen = phone.layout.screen
    if screen is None:
        raise LookupError(f"{phone.name}: {phone.model} has no screen")
    return screen.width, screen.height - max(screen.softkey_bar_height, 2) // 2


@when("{role:Phone} swipes the softkeys to the left")
def swipes_softkeys_left(step_context: StepContext, role: PhoneRef) -> None:
    """Swipes right to left across the softkey bar: the next softkey page comes up."""
    phone = step_context.phone(role)
    width, y = _softkey_bar_row(phone)
    phone.swipe(Point(width * 4 // 5, y), Point(width // 5, y))


@when("{role:Phone} swipes the softkeys to the right")
def swipes_softkeys_right(step_context: StepContext, role: PhoneRef) -> None:
    """Swipes left to right across the softkey bar: the previous softkey page comes up."""
    phone = step_context.phone(role)
    width, y = _softkey_bar_row(phone)
    phone.swipe(Point(width // 5, y), Point(width * 4 // 5, y))
