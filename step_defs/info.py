"""Device and line information steps: model, firmware, MAC, readiness, line registration and labels."""

from __future__ import annotations

import re

from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import then
from vvxauto.expect import expect


@then("the model of {role:Phone} is {model:Text}")
def model_is(step_context: StepContext, role: PhoneRef, model: str) -> None:
    """The phone reports that model number (device info; spaces and case ignored)."""
    reported = step_context.phone(role).device_info().model
    if reported.replace(" ", "").lower() != model.replace(" ", "").lower():
        raise AssertionError(f"{role} reports model {reported!r}, not {model!r}")


@then("the model of {role:Phone} is the one in the lab inventory")
def model_matches_inventory(step_context: StepContext, role: PhoneRef) -> None:
    """The model the phone reports is the model the lab inventory lists for it."""
    phone = step_context.phone(role)
    reported = phone.device_info().model
    if reported.replace(" ", "").lower() != phone.model.replace(" ", "").lower():
        raise AssertionError(f"{role} reports model {reported!r}; the inventory says {phone.model!r}")


@then("the firmware of {role:Phone} is version {version:Text} or later")
def firmware_at_least(step_context: StepContext, role: PhoneRef, version: str) -> None:
    """The application firmware version (e.g. "6.1.0.6189 27-Aug-19") is at least that version."""
    firmware = step_context.phone(role).device_info().firmware
    match = re.match(r"\s*(\d+(?:\.\d+)*)", firmware or "")
    if match is None:
        raise AssertionError(f"{role} reports firmware {firmware!r}, which has no version number")
    have = tuple(int(p) for p in match.group(1).split("."))
    want = tuple(int(p) for p in version.split("."))
    if have[: len(want)] < want:
        raise AssertionError(f"{role} runs firmware {firmware!r}, older than {version}")


@then("{role:Phone} reports a MAC address")
def reports_mac(step_context: StepContext, role: PhoneRef) -> None:
    """The phone reports a MAC address of 12 hex digits (colons or dashes allowed)."""
    mac = step_context.phone(role).device_info().mac
    if not re.fullmatch(r"[0-9A-Fa-f]{12}", re.sub(r"[:-]", "", mac or "")):
        raise AssertionError(f"{role} reports MAC address {mac!r}")


@then("{role:Phone} is ready to use")
def ready_to_use(step_context: StepContext, role: PhoneRef) -> None:
    """The phone says it is ready to use (device info ReadyToUse)."""
    phone = step_context.phone(role)
    phone.wait_for(lambda: phone.device_info().ready_to_use is True, message="ReadyToUse True")


@then("line {number:Number} of {role:Phone} is registered")
def line_registered(step_context: StepContext, number: int, role: PhoneRef) -> None:
    """The line is registered with the call server (waits until it is)."""
    expect(step_context.phone(role)).to_have_line_registered(number)


@then("line {number:Number} of {role:Phone} is not registered")
def line_not_registered(step_context: StepContext, number: int, role: PhoneRef) -> None:
    """The line is not registered (waits until it is not)."""
    expect(step_context.phone(role)).not_to_have_line_registered(number)


@then("line {number:Number} of {role:Phone} is labelled {label:Text}")
def line_labelled(step_context: StepContext, number: int, role: PhoneRef, label: str) -> None:
    """The line's label (line info) is that text (waits until it is)."""
    phone = step_context.phone(role)

    def labelled() -> bool:
        line = phone.line(number)
        return line is not None and line.label == label

    phone.wait_for(labelled, message=f"line {number} labelled {label!r}")


@then("line {number:Number} of {role:Phone} has the extension of {other:Phone}")
def line_has_extension(step_context: StepContext, number: int, role: PhoneRef, other: PhoneRef) -> None:
    """The line's address (user part) is the other phone's extension (use the same role for its own)."""
    phone = step_context.phone(role)
    extension = step_context.number_of(step_context.role(other))
    line = phone.line(number)
    address = "" if line is None else (line.address or line.user_id or "")
    if address.split("@", 1)[0].removeprefix("sip:") != extension:
        raise AssertionError(f"line {number} of {role} has address {address!r}, not extension {extension}")
