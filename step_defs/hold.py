"""Hold and resume steps."""

from __future__ import annotations

from step_defs.common import connect
from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import given, when
from vvxauto.expect import expect


def _hold(ctx: StepContext, role: str) -> None:
    phone = ctx.phone(role)
    phone.hold()
    record = ctx.call_with(role)
    if record is not None:
        record.holder = role
    expect(phone).to_have_call_state("Hold")


@given("{holder:Phone} has {other:Phone} on hold")
def has_on_hold(step_context: StepContext, holder: PhoneRef, other: PhoneRef) -> None:
    """The holder is in a call with the other phone and has put it on hold (its call shows Hold)."""
    connect(step_context, holder, other)
    _hold(step_context, step_context.role(holder))


@when("{role:Phone} holds the call")
@when("{role:Phone} puts the call on hold")
def holds(step_context: StepContext, role: PhoneRef) -> None:
    """The phone puts its active call on hold (over REST) and waits until the call shows Hold."""
    _hold(step_context, step_context.role(role))


@when("{role:Phone} resumes the call")
def resumes(step_context: StepContext, role: PhoneRef) -> None:
    """The phone resumes its held call and waits until it is Connected again."""
    name = step_context.role(role)
    phone = step_context.phone(name)
    phone.resume()
    record = step_context.call_with(name)
    if record is not None and record.holder == name:
        record.holder = None
    expect(phone).to_have_call_state("Connected")
