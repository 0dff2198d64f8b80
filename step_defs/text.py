"""Text entry steps: typing into the focused field and reading it back."""

from __future__ import annotations

from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import then, when


@when("{role:Phone} types {text:Text}")
def types(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """Types the text into the focused text field (after what it holds)."""
    step_context.phone(role).type(text)


@when("{role:Phone} replaces the text with {text:Text}")
def replaces_text(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """Clears the focused text field, then types the text."""
    step_context.phone(role).type(text, replace=True)


@then("the text field of {role:Phone} shows {text:Text}")
def field_shows(step_context: StepContext, role: PhoneRef, text: str) -> None:
    """The focused text field holds exactly that text (waits until it does)."""
    phone = step_context.phone(role)

    def holds() -> bool:
        field = phone.screen().focused()
        return field is not None and (field.text or "") == text

    phone.wait_for(holds, message=f"the focused text field holding {text!r}")
