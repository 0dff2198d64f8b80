"""Call-log steps: missed, received and placed calls (only entries this scenario made count)."""

from __future__ import annotations

from step_defs.common import same_number
from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import then

_KINDS = {"missed": "missed", "received": "received", "answered": "received", "placed": "placed"}


def _expect_entry(ctx: StepContext, role: PhoneRef, kind: str, number: str, who: str) -> None:
    name = ctx.role(role)
    phone = ctx.phone(name)

    def found() -> object:
        return next((e for e in ctx.new_log_entries(name)
                     if e.kind == kind and same_number(e.remote_number, number)), None)

    phone.wait_for(found, message=f"a new {kind} call-log entry for {who} ({number})")


@then("the call log of {role:Phone} has a missed call from {other:Phone}")
def missed_call_from(step_context: StepContext, role: PhoneRef, other: PhoneRef) -> None:
    """A missed-call entry from the other phone appeared during this scenario."""
    number = step_context.number_of(step_context.role(other))
    _expect_entry(step_context, role, "missed", number, str(other))


@then("the call log of {role:Phone} has a received call from {other:Phone}")
def received_call_from(step_context: StepContext, role: PhoneRef, other: PhoneRef) -> None:
    """A received (answered) call entry from the other phone appeared during this scenario."""
    number = step_context.number_of(step_context.role(other))
    _expect_entry(step_context, role, "received", number, str(other))


@then("the call log of {role:Phone} has a placed call to {other:Phone}")
def placed_call_to(step_context: StepContext, role: PhoneRef, other: PhoneRef) -> None:
    """A placed-call entry to the other phone appeared during this scenario."""
    number = step_context.number_of(step_context.role(other))
    _expect_entry(step_context, role, "placed", number, str(other))


@then("the call log of {role:Phone} has a placed call to {number:Text}")
def placed_call_to_number(step_context: StepContext, role: PhoneRef, number: str) -> None:
    """A placed-call entry to that number appeared during this scenario."""
    _expect_entry(step_context, role, "placed", number, number)


@then("the call log of {role:Phone} has no missed call from {other:Phone}")
def no_missed_call_from(step_context: StepContext, role: PhoneRef, other: PhoneRef) -> None:
    """No missed-call entry from the other phone appeared during this scenario (checked once, now)."""
    name = step_context.role(role)
    number = step_context.number_of(step_context.role(other))
    missed = [e for e in step_context.new_log_entries(name)
              if e.kind == "missed" and same_number(e.remote_number, number)]
    if missed:
        raise AssertionError(f"{role} logged a missed call from {other}: {missed[0].raw}")
