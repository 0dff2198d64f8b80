"""Screen steps: hard keys, softkeys (across More pages), menus, and what the screen shows."""

from __future__ import annotations

from step_defs.common import phone_or_subject, try_action
from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import then, when
from vvxauto.ui.screen import Screen

MENU_PATH_SEPARATOR = ">"


def _note_save(ctx: StepContext, role: str, label: str) -> None:
    if label.strip().lower() == "save":
        ctx.note_menu_edit(role)


# -- When -------------------------------------------------------------------------------------------------


@when("{role:Phone} presses the {label:Text} softkey")
def presses_softkey(step_context: StepContext, role: PhoneRef, label: str) -> None:
    """Presses the softkey with that label, paging through More first when it is on another page.
    A "Save" pressed on a settings screen is undone after the scenario (local settings reset)."""
    name = step_context.role(role)
    step_context.phone(name).softkey(label)
    _note_save(step_context, name, label)


@when("{role:Phone} tries to press the {label:Text} softkey")
def tries_softkey(step_context: StepContext, role: PhoneRef, label: str) -> None:
    """As "presses the softkey", but a refusal is kept for "Then the phone refuses it"."""
    phone = step_context.phone(role)
    try_action(step_context, lambda: phone.softkey(label, timeout=min(phone.timeout, 2.0)))


@when("{role:Phone} presses the {key:Text} key")
def presses_key(step_context: StepContext, role: PhoneRef, key: str) -> None:
    """Presses a hard key by name: "Menu", "Home", "Select", "ArrowDown", "Handsfree", "Headset",
    "MicMute", "Redial", "Transfer" (when the model has it)."""
    step_context.phone(role).press(key.replace(" ", ""))


@when("{role:Phone} presses line key {number:Number}")
def presses_line_key(step_context: StepContext, role: PhoneRef, number: int) -> None:
    """Presses line key N."""
    step_context.phone(role).press(f"Line{number}")


@when("{role:Phone} enters {digits:Text} on the keypad")
def enters_digits(step_context: StepContext, role: PhoneRef, digits: str) -> None:
    """Presses the dial-pad keys 0-9, * and # one after the other."""
    step_context.phone(role).press_digits(digits)


@when("{role:Phone} selects {item:Text}")
def selects(step_context: StepContext, role: PhoneRef, item: str) -> None:
    """Opens the list item with that text (arrow keys and Select, or a tap on touch models)."""
    step_context.phone(role).choose(item)


@when("{role:Phone} opens the menu {path:Text}")
def opens_menu(step_context: StepContext, role: PhoneRef, path: str) -> None:
    """Presses Menu, then opens each item of the path in turn: "Settings > Basic > Preferences"."""
    phone = step_context.phone(role)
    phone.press("Menu")
    phone.wait_for_screen("Menu")
    for item in (part.strip() for part in path.split(MENU_PATH_SEPARATOR)):
        if item:
            phone.choose(item)


@when("{role:Phone} goes back to the home screen")
def goes_home(step_context: StepContext, role: PhoneRef) -> None:
    """Presses the Home key (the Home softkey on models without one) and waits for the idle screen."""
    phone = step_context.phone(role)
    if phone.layout.has_key("Home"):
        phone.press("Home")
    else:
        phone.softkey("Home")
    phone.wait_for_screen("Home")


@when("{role:Phone} waits for the {screen:Text} screen")
def waits_for_screen(step_context: StepContext, role: PhoneRef, screen: str) -> None:
    """Waits until the phone shows the screen of that name."""
    step_context.phone(role).wait_for_screen(screen)


# -- Then -------------------------------------------------------------------------------------------------


@then("{role:Phone} shows the {screen:Text} screen")
def shows_screen(step_context: StepContext, role: PhoneRef, screen: str) -> None:
    """The phone's screen has that name (case ignored), e.g. "Home", "Connected", "Preferences"."""
    step_context.phone(role).wait_for_screen(screen)


@then("{role:Phone} sees {text:Text}")
@then("the screen of {role:Phone} shows {text:Text}")
def sees_text(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """Some visible widget of the phone's screen shows exactly that text (waits until one does)."""
    step_context.phone(role).wait_for_screen(text=text)


@then("the screen shows {text:Text}")
def screen_shows(step_context: StepContext, text: str) -> None:
    """As "<role> sees ...", for the phone the previous step named."""
    step_context.subject_phone().wait_for_screen(text=text)


@then("{role:Phone} does not see {text:Text}")
def does_not_see(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """No visible widget of the phone's screen shows that text (waits until none does)."""
    step_context.phone(role).get_by_text(text).wait_for("hidden")


@then("the softkey {label:Text} is offered")
@then("the softkey {label:Text} is offered to {role:Phone}")
@then("{role:Phone} is offered the softkey {label:Text}")
def softkey_offered(step_context: StepContext, label: str, role: PhoneRef | None = None) -> None:
    """The screen has a softkey with that label, on any softkey page (waits until it has)."""
    phone_or_subject(step_context, role).softkey_locator(label).wait_for("attached")


@then("{role:Phone} is offered the softkeys {labels:Text+}", parser="cfparse")
def softkeys_offered(step_context: StepContext, role: PhoneRef, labels: list[str]) -> None:
    """The screen has every one of these softkeys, on any page: "Hold", "End Call", "Transfer"."""
    phone = step_context.phone(role)

    def all_there() -> Screen | None:
        screen = phone.screen()
        have = {w.label.casefold() for w in screen.softkeys(all_pages=True)}
        return screen if all(label.casefold() in have for label in labels) else None

    phone.wait_for(all_there, message=f"softkeys {', '.join(labels)}")


@then("the softkey {label:Text} is not offered")
@then("{role:Phone} is not offered the softkey {label:Text}")
def softkey_not_offered(step_context: StepContext, label: str, role: PhoneRef | None = None) -> None:
    """No softkey page of the screen has that softkey (waits until none has)."""
    phone_or_subject(step_context, role).softkey_locator(label).wait_for("detached")


@then("the softkey {label:Text} of {role:Phone} is on page {page:Number}")
def softkey_on_page(step_context: StepContext, label: str, role: PhoneRef, page: int) -> None:
    """The softkey sits on that softkey page (1 is the first; More leads to the next)."""
    phone = step_context.phone(role)
    key = phone.softkey_locator(label).wait_for("attached")
    assert key is not None
    if key.page is not None and key.page + 1 != page:
        raise AssertionError(f"{role}: softkey {label!r} is on page {key.page + 1}, not {page}")


@then("{role:Phone} shows softkey page {page:Number}")
def shows_softkey_page(step_context: StepContext, role: PhoneRef, page: int) -> None:
    """The softkey page on screen is that one (1 is the first)."""
    phone = step_context.phone(role)
    phone.wait_for(lambda: phone.screen().softkey_page + 1 == page, message=f"softkey page {page} on screen")


@then("line key {number:Number} of {role:Phone} shows {text:Text}")
def line_key_shows(step_context: StepContext, number: int, role: PhoneRef, text: str) -> None:
    """Line key N is labelled with that text."""
    phone = step_context.phone(role)

    def labelled() -> bool:
        keys = phone.line_key_locator(number).all()
        return any(k.label == text for k in keys)

    phone.wait_for(labelled, message=f"line key {number} labelled {text!r}")
