"""Transfer steps (blind transfer over REST, as the REST API does it)."""

from __future__ import annotations

from step_defs.context import CallRecord, StepContext
from step_defs.params import PhoneRef
from step_defs.registry import when


@when("{role:Phone} transfers the call to {target:Phone}")
def transfers(step_context: StepContext, role: PhoneRef, target: PhoneRef) -> None:
    """Blind transfer: the phone hands its active call to the target and leaves it; the far end of
    the call now calls the target, which becomes "the call"."""
    ctx = step_context
    name = ctx.role(role)
    target_role = ctx.role(target)
    number = ctx.number_of(target_role)
    ctx.phones[target_role]  # lease the target before it is called
    record = ctx.call_with(name)
    other = None if record is None else (record.callee if record.caller == name else record.caller)
    ctx.phone(name).transfer(number)
    if other is not None:
        ctx.record(CallRecord(other, target_role, number))


@when("{role:Phone} transfers the call to {number:Text}")
def transfers_to_number(step_context: StepContext, role: PhoneRef, number: str) -> None:
    """Blind transfer of the active call to a number as written."""
    step_context.phone(role).transfer(number)
