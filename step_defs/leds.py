"""LED steps: line keys, message waiting, mute, speaker, headset."""

from __future__ import annotations

from step_defs.context import StepContext
from step_defs.params import LedLook, PhoneRef
from step_defs.registry import then
from vvxauto.expect import expect


@then("the {led:Led} LED of {role:Phone} is {look:LedLook}")
@then("{role:Phone}'s {led:Led} LED is {look:LedLook}")
def led_is(step_context: StepContext, led: str, role: PhoneRef, look: LedLook) -> None:
    """The LED shows that colour and state (waits until it does): "off", "flashing green",
    "slowly flashing green", "steady red", "green"."""
    expect(step_context.phone(role)).to_have_led(led, look.colour, look.state)


@then("the {led:Led} LED of {role:Phone} is not {look:LedLook}")
def led_is_not(step_context: StepContext, led: str, role: PhoneRef, look: LedLook) -> None:
    """The LED does not show that colour and state (waits until it does not)."""
    expect(step_context.phone(role)).not_to_have_led(led, look.colour, look.state)
