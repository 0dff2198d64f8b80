"""Steps every area uses: phones idle, capability checks, refusals; and the helpers the area modules share."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from step_defs.context import CallRecord, StepContext
from step_defs.params import PhoneRef
from step_defs.registry import given, then
from vvxauto.errors import VvxError
from vvxauto.expect import expect, expect_all
from vvxauto.ui.errors import TouchNotSupportedError
from vvxauto.wait import WaitTimeout

if TYPE_CHECKING:
    from vvxauto.phone import Phone

__all__ = ["connect", "place_call", "same_number", "try_action"]


# -- helpers shared by the area modules -----------------------------------------------------------------

def same_number(reported: str | None, number: str) -> bool:
    """True when a number the phone reports (``1002``, ``sip:1002@10.0.0.5``, ``tel:+1...``) is ``number``."""
    if not reported:
        return False
    text = re.sub(r"^(?:sips?|tel):", "", reported.strip(), flags=re.IGNORECASE).split("@", 1)[0]
    text = text.split(";", 1)[0]
    return re.sub(r"[^\d*#+]", "", text) == re.sub(r"[^\d*#+]", "", number) != ""


def place_call(ctx: StepContext, caller: PhoneRef | str, dest: PhoneRef | str, *,
               literal: bool = False) -> CallRecord:
    """``caller`` dials ``dest`` (a phone of the scenario, or with ``literal`` a number as written)."""
    caller_role = ctx.role(caller)
    callee_role: str | None = None
    if not literal:
        try:
            callee_role = ctx.role(dest)
        except LookupError:
            if not str(dest).isdigit():
                raise
            literal = True  # an extension no lab phone has: dial it as written
    if callee_role is None:
        number = str(dest)
    else:
        number = ctx.number_of(callee_role)
        ctx.phones[callee_role]  # lease the callee before it is called
    ctx.note_log_baseline(caller_role, callee_role)
    phone = ctx.phone(caller_role)
    call = phone.dial(number)
    return ctx.record(CallRecord(caller_role, callee_role, number, call))


def connect(ctx: StepContext, caller: PhoneRef | str, callee: PhoneRef | str) -> CallRecord:
    """``caller`` calls ``callee``, who answers when it rings; both show the call Connected."""
    record = place_call(ctx, caller, callee)
    assert record.callee is not None
    bob = ctx.phones[record.callee]
    expect(bob).to_be_ringing()
    bob.answer()
    alice = ctx.phones[record.caller]
    expect_all(lambda: expect(alice).to_have_call_state("Connected"),
               lambda: expect(bob).to_have_call_state("Connected"))
    ctx.subject = record.caller
    return record


def try_action(ctx: StepContext, action: Callable[[], Any]) -> None:
    """Run ``action`` and keep the refusal it raises (a phone error or a screen error) for a Then step."""
    ctx.last_error = None
    try:
        action()
    except (VvxError, LookupError, ValueError, TouchNotSupportedError, WaitTimeout) as exc:
        # the phone's refusals and the screen's (no such widget or key, no touch, never became ready)
        ctx.last_error = exc


# -- steps ---------------------------------------------------------------------------------------------

@given("{role:Phone} is idle")
@then("{role:Phone} is idle")
def phone_is_idle(step_context: StepContext, role: PhoneRef) -> None:
    """The phone has no live call (waits until that holds)."""
    expect(step_context.phone(role)).to_be_idle()


@given("{roles:Phones} are idle")
@then("{roles:Phones} are idle")
def phones_are_idle(step_context: StepContext, roles: list[PhoneRef]) -> None:
    """None of the phones has a live call (waits on all of them at once)."""
    phones = [step_context.phone(r) for r in roles]
    expect_all(*[lambda p=p: expect(p).to_be_idle() for p in phones])


@given("{role:Phone} has a touch screen")
def has_touch_screen(step_context: StepContext, role: PhoneRef) -> None:
    """The phone's model has a touch screen; otherwise the scenario is skipped (tag it @touch so the lab
    leases a touch model)."""
    phone = step_context.phone(role)
    if not phone.layout.touch:
        pytest.skip(f"{role} is a {phone.model}, which has no touch screen (tag the scenario @touch)")


@given("{role:Phone} has no touch screen")
def has_no_touch_screen(step_context: StepContext, role: PhoneRef) -> None:
    """The phone's model has no touch screen; otherwise the scenario is skipped (tag it @non_touch)."""
    phone = step_context.phone(role)
    if phone.layout.touch:
        pytest.skip(f"{role} is a {phone.model}, which has a touch screen (tag the scenario @non_touch)")


@given("{role:Phone} is a {model:Text}")
def is_model(step_context: StepContext, role: PhoneRef, model: str) -> None:
    """The phone is that model; otherwise the scenario is skipped (tag it e.g. @model_vvx501)."""
    phone = step_context.phone(role)
    if phone.model.replace(" ", "").lower() != model.replace(" ", "").lower():
        pytest.skip(f"{role} is a {phone.model}, not a {model}")


@then("the phone refuses it")
def phone_refuses(step_context: StepContext) -> None:
    """The action the previous "tries to" step attempted was refused (by the phone or the framework)."""
    if step_context.last_error is None:
        raise AssertionError("the previous step was expected to be refused, but it succeeded")


@then("the phone refuses it with status {code:Text}")
def phone_refuses_with(step_context: StepContext, code: str) -> None:
    """The phone refused the attempted action with that status code (e.g. "4007": no such call)."""
    error = step_context.last_error
    if error is None:
        raise AssertionError(f"expected the phone to refuse with status {code}, but it succeeded")
    got = getattr(error, "status_code", None)
    if str(got) != code:
        raise AssertionError(f"expected status {code}, the phone answered {got}: {error}")


def phone_or_subject(ctx: StepContext, role: PhoneRef | None) -> Phone:
    """The phone named, or the subject when the phrase names none."""
    return ctx.phone(role) if role is not None else ctx.subject_phone()
