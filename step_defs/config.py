"""Configuration steps: set parameters (restored after the scenario by the plugin), read them back."""

from __future__ import annotations

from step_defs.context import StepContext
from step_defs.params import PhoneRef
from step_defs.registry import given, then, when
from vvxauto.expect import expect


def _table(datatable: list[list[str]]) -> dict[str, str]:
    """A two-column ``| name | value |`` table (an optional header row ``name | value``) as a dict."""
    rows = [[cell.strip() for cell in row] for row in datatable if any(cell.strip() for cell in row)]
    if rows and [c.lower() for c in rows[0][:2]] == ["name", "value"]:
        rows = rows[1:]
    bad = [row for row in rows if len(row) != 2]
    if bad:
        raise ValueError(f"a config table has two columns, name and value; got the row {bad[0]!r}")
    return {name: value for name, value in rows}


@given("{role:Phone} has config {name:Text} set to {value:Text}")
@when("{role:Phone} sets config {name:Text} to {value:Text}")
def set_config(step_context: StepContext, role: PhoneRef, name: str, value: str) -> None:
    """Sets the parameter over REST; the original value is put back after the scenario."""
    step_context.phone(role).set_config({name: value})


@given("{role:Phone} has the config:")
@when("{role:Phone} sets the config:")
def set_config_table(step_context: StepContext, role: PhoneRef, datatable: list[list[str]]) -> None:
    """Sets every parameter of a ``| name | value |`` table; the originals come back after the scenario."""
    step_context.phone(role).set_config(_table(datatable))


@when("{role:Phone} restores its config")
def restores_config(step_context: StepContext, role: PhoneRef) -> None:
    """Puts back every parameter the scenario set on the phone (and waits until the phone shows them)."""
    phone = step_context.phone(role)
    changes = phone.config_changes
    step_context.config_before.setdefault(step_context.role(role), {}).update(
        {name: original.value for name, (original, _) in changes.items()}
    )
    step_context.config_sources_before.setdefault(step_context.role(role), {}).update(
        {name: original.source for name, (original, _) in changes.items()}
    )
    phone.restore_config()


@then("the config {name:Text} of {role:Phone} is {value:Text}")
def config_is(step_context: StepContext, name: str, role: PhoneRef, value: str) -> None:
    """The parameter has that value (waits until it has)."""
    expect(step_context.phone(role)).to_have_config(name, value)


@then("{role:Phone} has the config:")
def config_table_is(step_context: StepContext, role: PhoneRef, datatable: list[list[str]]) -> None:
    """Every parameter of a ``| name | value |`` table has its value."""
    phone = step_context.phone(role)
    for name, value in _table(datatable).items():
        expect(phone).to_have_config(name, value)


@then("the config {name:Text} of {role:Phone} is back to its original value")
def config_is_original(step_context: StepContext, name: str, role: PhoneRef) -> None:
    """After "restores its config": the parameter has the value it had before the scenario set it."""
    before = step_context.config_before.get(step_context.role(role), {})
    if name not in before:
        raise LookupError(f"the scenario did not set and restore {name!r} on {role}")
    original = before[name]
    expect(step_context.phone(role)).to_have_config(name, "" if original is None else original)


@then("the config {name:Text} of {role:Phone} comes from its original source")
def config_source_is_original(step_context: StepContext, name: str, role: PhoneRef) -> None:
    """After "restores its config": the parameter's value comes from the layer it came from before
    the scenario set it (e.g. "CONFIG" on a freshly provisioned phone)."""
    before = step_context.config_sources_before.get(step_context.role(role), {})
    if name not in before:
        raise LookupError(f"the scenario did not set and restore {name!r} on {role}")
    config_source_is(step_context, name, role, before[name] or "DEFAULT")


@then("the config {name:Text} of {role:Phone} comes from {source:Text}")
def config_source_is(step_context: StepContext, name: str, role: PhoneRef, source: str) -> None:
    """The layer the parameter's value comes from: "CONFIG" (provisioning), "WEB" (REST), "LOCAL"
    (the phone's menus), "DEFAULT" ..."""
    phone = step_context.phone(role)

    def from_source() -> bool:
        found = phone.get_config(name).get(name)
        return found is not None and (found.source or "").upper() == source.upper()

    phone.wait_for(from_source, message=f"{name} coming from {source}")
