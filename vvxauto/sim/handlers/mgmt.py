"""Management.*: restart/reboot, config and factory reset, transfer type, simulateHook,
updateConfiguration and pollForStatus."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vvxauto.sim.handlers._util import action, command, data_object, iso, text_field
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone


action("POST", "/api/v1/mgmt/safeRestart", name="Management.Restart", act=lambda p, _: p.restart())
action("POST", "/api/v1/mgmt/safeReboot", name="Management.Reboot", act=lambda p, _: p.restart(reboot=True))


def _reset(scope: str) -> Callable[[SimPhone, SimRequest], None]:
    def reset(phone: SimPhone, request: SimRequest) -> None:
        phone.config_reset(scope)

    return reset


for _scope, _path in (
    ("all", "/api/v1/mgmt/configReset"),
    ("cloud", "/api/v1/mgmt/configReset/cloud"),
    ("local", "/api/v1/mgmt/configReset/local"),
    ("web", "/api/v1/mgmt/configReset/web"),
    ("device", "/api/v1/mgmt/configReset/device"),
):
    action("POST", _path, name="Management.ConfigReset", act=_reset(_scope))

action(
    "POST", "/api/v1/mgmt/factoryReset", name="Management.FactoryReset", act=lambda p, _: p.factory_reset()
)


@command("GET", "/api/v1/mgmt/transferType/get", name="Management.GetTransferType")
def get_transfer_type(phone: SimPhone, request: SimRequest) -> Reply:
    return ok({"Type": phone.transfer_type})


@command("POST", "/api/v1/mgmt/transferType/set", name="Management.SetTransferType")
def set_transfer_type(phone: SimPhone, request: SimRequest) -> Reply:
    kind = text_field(data_object(request, required=True), "Type", required=True)
    assert kind is not None
    phone.set_transfer_type(kind)
    return ok()


@command("POST", "/api/v1/mgmt/simulateHook", name="Management.SimulateHook")
def simulate_hook(phone: SimPhone, request: SimRequest) -> Reply:
    kind = text_field(data_object(request, required=True), "Type", required=True)
    assert kind is not None
    if kind.lower() == "up":
        phone.hook(True)
    elif kind.lower() == "down":
        phone.hook(False)
    else:
        raise PhoneStatus("4000", detail="Type is Up or Down")
    return ok()


@command("POST", "/api/v1/mgmt/updateConfiguration", name="Management.UpdateConfiguration")
def update_configuration(phone: SimPhone, request: SimRequest) -> Reply:
    if phone.web_sign_in_code is not None:
        raise PhoneStatus("4001", detail="a web sign-in is in progress")
    return ok({"ProvisioningState": phone.update_configuration()})


@command("GET", "/api/v1/mgmt/pollForStatus", name="Management.PollForStatus")
def poll_for_status(phone: SimPhone, request: SimRequest) -> Reply:
    if not phone.ready:
        return ok({"State": "Error", "StateData": "All Phone applications are not ready."})
    active = phone.active_call()
    if active is None:
        connected = [c for c in phone.live_calls() if c.phase == "Connected"]
        active = connected[-1] if connected else None
    if active is not None:
        return ok({"State": "Active", "StateData": str(active.duration(phone.exchange.now()))})
    return ok({"State": "Idle", "StateData": iso(phone.last_call_time())})
