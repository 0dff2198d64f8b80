"""Call steps: dial, answer, end, reject, ignore, mute, DTMF, the hook, and the call states that follow."""

from __future__ import annotations

from step_defs.common import connect, place_call, same_number, try_action
from step_defs.context import CallRecord, StepContext
from step_defs.params import CallStateWanted, PhoneRef
from step_defs.registry import given, then, when
from vvxauto.expect import expect, expect_all
from vvxauto.phone import is_offered

# -- Given ------------------------------------------------------------------------------------------------


@given("{caller:Phone} is in a call with {callee:Phone}")
def in_a_call(step_context: StepContext, caller: PhoneRef, callee: PhoneRef) -> None:
    """The caller calls the callee, who answers; both show the call Connected."""
    connect(step_context, caller, callee)


@given("{caller:Phone} is calling {callee:Phone}")
def is_calling(step_context: StepContext, caller: PhoneRef, callee: PhoneRef) -> None:
    """The caller dials the callee and the callee is ringing."""
    record = place_call(step_context, caller, callee)
    assert record.callee is not None
    expect(step_context.phones[record.callee]).to_be_ringing()


# -- When -------------------------------------------------------------------------------------------------


@when("{caller:Phone} dials {callee:Phone}")
def dials_phone(step_context: StepContext, caller: PhoneRef, callee: PhoneRef) -> None:
    """The caller dials the other phone's extension (over REST); waits until the call shows."""
    place_call(step_context, caller, callee)


@when("{caller:Phone} dials {number:Text}")
def dials_number(step_context: StepContext, caller: PhoneRef, number: str) -> None:
    """The caller dials a number as written (a lab extension, an outside number)."""
    place_call(step_context, caller, number, literal=True)


@when("{role:Phone} answers")
@when("{role:Phone} answers the call")
def answers(step_context: StepContext, role: PhoneRef) -> None:
    """The phone answers its incoming call (ringing, or ignored but still offered), waiting first until
    one is offered."""
    phone = step_context.phone(role)
    phone.wait_for(lambda: next((c for c in phone.calls() if is_offered(c)), None),
                   message="an incoming call offered")
    phone.answer()


@when("{role:Phone} ends the call")
@when("{role:Phone} hangs up")
def ends_call(step_context: StepContext, role: PhoneRef) -> None:
    """The phone ends its active call."""
    step_context.phone(role).end()


@when("{role:Phone} rejects the call")
def rejects(step_context: StepContext, role: PhoneRef) -> None:
    """The phone rejects the ringing call (waits until one rings)."""
    phone = step_context.phone(role)
    expect(phone).to_be_ringing()
    phone.reject()


@when("{role:Phone} ignores the call")
def ignores(step_context: StepContext, role: PhoneRef) -> None:
    """The phone silences the ringing call (waits until one rings); the call stays offered."""
    phone = step_context.phone(role)
    expect(phone).to_be_ringing()
    phone.ignore()


@when("{role:Phone} mutes the microphone")
def mutes(step_context: StepContext, role: PhoneRef) -> None:
    """The phone mutes its microphone."""
    step_context.phone(role).mute(True)


@when("{role:Phone} unmutes the microphone")
def unmutes(step_context: StepContext, role: PhoneRef) -> None:
    """The phone unmutes its microphone."""
    step_context.phone(role).mute(False)


@when("{role:Phone} sends DTMF {digits:Text}")
def sends_dtmf(step_context: StepContext, role: PhoneRef, digits: str) -> None:
    """The phone sends the DTMF digits (0-9 * # A-D) in its active call."""
    step_context.phone(role).send_dtmf(digits)


@when("{role:Phone} tries to send DTMF {digits:Text}")
def tries_dtmf(step_context: StepContext, role: PhoneRef, digits: str) -> None:
    """As "sends DTMF", but a refusal is kept for "Then the phone refuses it"."""
    phone = step_context.phone(role)
    try_action(step_context, lambda: phone.send_dtmf(digits))


@when("{role:Phone} goes {hook:Hook}")
def goes_hook(step_context: StepContext, role: PhoneRef, hook: str) -> None:
    """The handset goes off hook (answers a ringing call, else dial tone) or on hook (ends the call)."""
    step_context.phone(role).hook(hook)


@when("{role:Phone} waits for an incoming call")
def waits_for_incoming(step_context: StepContext, role: PhoneRef) -> None:
    """Waits until a call rings on the phone."""
    expect(step_context.phone(role)).to_be_ringing()


@when("{role:Phone} waits until the call is {state:CallState}")
def waits_for_state(step_context: StepContext, role: PhoneRef, state: CallStateWanted) -> None:
    """Waits until the phone has a call in that state."""
    expect(step_context.phone(role)).to_have_call_state(state.states)


# -- Then -------------------------------------------------------------------------------------------------


@then("{role:Phone} is ringing")
def is_ringing(step_context: StepContext, role: PhoneRef) -> None:
    """An incoming call rings on the phone (waits until it does)."""
    expect(step_context.phone(role)).to_be_ringing()


@then("{role:Phone} is not ringing")
@then("{role:Phone} stops ringing")
def is_not_ringing(step_context: StepContext, role: PhoneRef) -> None:
    """No incoming call rings on the phone (waits until none does)."""
    expect(step_context.phone(role)).not_to_be_ringing()


@then("{role:Phone} hears ringback")
def hears_ringback(step_context: StepContext, role: PhoneRef) -> None:
    """The phone's outgoing call rings at the far end (call state RingBack)."""
    expect(step_context.phone(role)).to_have_call_state("RingBack")


@then("the call is {state:CallState}")
def the_call_is(step_context: StepContext, state: CallStateWanted) -> None:
    """Both ends of the scenario's latest call show that state ("on hold": the holding phone shows Hold,
    the other CallHold or Hold). A number outside the lab: only the caller is checked."""
    record = step_context.current_call()
    caller = step_context.phones[record.caller]
    callee = step_context.phones[record.callee] if record.callee else None
    if state.held:
        holder = record.holder or record.caller
        other = record.callee if holder == record.caller else record.caller
        checks = [lambda: expect(step_context.phones[holder]).to_have_call_state("Hold")]
        if other is not None:
            checks.append(lambda: expect(step_context.phones[other]).to_have_call_state(("CallHold", "Hold")))
        expect_all(*checks)
        return
    if state.states == ("Offering", "RingBack"):  # "ringing": the callee rings, the caller hears ringback
        checks = [lambda: expect(caller).to_have_call_state("RingBack")]
        if callee is not None:
            checks.append(lambda: expect(callee).to_be_ringing())
        expect_all(*checks)
        return
    checks = [lambda: expect(caller).to_have_call_state(state.states)]
    if callee is not None:
        checks.append(lambda: expect(callee).to_have_call_state(state.states))
    expect_all(*checks)


@then("{role:Phone}'s call state is {state:Text}")
@then("the call state of {role:Phone} is {state:Text}")
def call_state_is(step_context: StepContext, role: PhoneRef, state: str) -> None:
    """The phone has a call in exactly that callStatus state ("RingBack", "Connected", "Hold" ...)."""
    expect(step_context.phone(role)).to_have_call_state(state)


@then("{role:Phone} is in a call with {other:Phone}")
def is_in_call_with(step_context: StepContext, role: PhoneRef, other: PhoneRef) -> None:
    """The phone has a Connected call whose far end is the other phone's number."""
    phone = step_context.phone(role)
    number = step_context.number_of(step_context.role(other))
    phone.wait_for(
        lambda: next((c for c in phone.calls()
                      if c.is_state("Connected") and same_number(c.remote_number, number)), None),
        message=f"a Connected call with {other} ({number})",
    )


@then("{role:Phone} has no calls")
def has_no_calls(step_context: StepContext, role: PhoneRef) -> None:
    """The phone lists no call at all (waits until every call is gone)."""
    expect(step_context.phone(role)).not_to_have_calls()


@then("{role:Phone} has {count:Number} call")
@then("{role:Phone} has {count:Number} calls")
def has_calls(step_context: StepContext, role: PhoneRef, count: int) -> None:
    """The phone lists exactly that many calls."""
    expect(step_context.phone(role)).to_have_calls(count)


@then("{role:Phone} is muted")
def is_muted(step_context: StepContext, role: PhoneRef) -> None:
    """The phone's active call reports its microphone muted."""
    phone = step_context.phone(role)
    phone.wait_for(lambda: any(c.muted for c in phone.calls()), message="a call reported as muted")


@then("{role:Phone} is not muted")
def is_not_muted(step_context: StepContext, role: PhoneRef) -> None:
    """No call of the phone reports its microphone muted."""
    phone = step_context.phone(role)
    phone.wait_for(lambda: not any(c.muted for c in phone.calls()), message="no call reported as muted")


@then("{role:Phone} sees the number of {other:Phone}")
def sees_number_of(step_context: StepContext, role: PhoneRef, other: PhoneRef) -> None:
    """The phone's screen shows the other phone's number (caller ID, the call screen)."""
    number = step_context.number_of(step_context.role(other))
    phone = step_context.phone(role)
    phone.get_by_text(number, exact=False).first().wait_for("visible")


@when("{caller:Phone} dials {callee:Phone} on the keypad")
def dials_on_keypad(step_context: StepContext, caller: PhoneRef, callee: PhoneRef) -> None:
    """The caller keys in the other phone's extension on the dial pad and presses the "Dial" softkey."""
    ctx = step_context
    caller_role = ctx.role(caller)
    callee_role = ctx.role(callee)
    number = ctx.number_of(callee_role)
    ctx.phones[callee_role]  # lease the callee before it is called
    ctx.note_log_baseline(caller_role, callee_role)
    phone = ctx.phone(caller_role)
    phone.press_digits(number)
    phone.softkey("Dial")
    ctx.record(CallRecord(caller_role, callee_role, number))
