"""Configuration semantics of the simulated phone: layers, sources, resets, device.*, export."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sim_helpers import PostHandler, serving

from vvxauto.sim.config import LAYERS, ConfigStore, factory_defaults, lab_provisioning, to_config_xml
from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.handlers import config_cmds
from vvxauto.sim.routing import PhoneStatus, SimRequest


@pytest.fixture
def phone() -> Iterator[SimPhone]:
    exchange = Exchange()
    yield SimPhone(exchange, "alice", "1001", password="secret")
    exchange.close()


def test_higher_layers_win_and_report_their_source() -> None:
    store = ConfigStore({"x": "default"})
    assert (store.get("x"), store.source("x")) == ("default", "DEFAULT")
    for layer in LAYERS[1:]:
        store.set("x", layer.lower(), source=layer)
        assert (store.get("x"), store.source("x")) == (layer.lower(), layer)
    store.unset("x", "LOCAL")
    assert store.source("x") == "WEB"


def test_unknown_parameters_and_sources() -> None:
    store = ConfigStore()
    assert store.get("no.such") is None and store.source("no.such") == "DEFAULT"
    assert not store.known("no.such")
    with pytest.raises(ValueError):
        store.set("x", "1", source="FLASH")
    with pytest.raises(ValueError):
        store.reset("everything")


def test_reset_scopes_clear_only_their_layers() -> None:
    store = ConfigStore({"p": "d"})
    for layer in LAYERS[1:]:
        store.set(f"p.{layer}", "v", source=layer)
    store.reset("web")
    assert not store.known("p.WEB") and store.known("p.LOCAL")
    store.reset("all")
    assert store.names() == ["p", "p.CONFIG"]  # provisioning survives configReset
    store.reset("factory")
    assert store.names() == ["p"]


def test_factory_defaults_disable_rest_with_the_factory_password() -> None:
    defaults = factory_defaults("VVX 411")
    assert defaults["apps.restapi.enabled"] == "0"
    assert defaults["device.auth.localAdminPassword"] == "456"
    assert defaults["reg.1.address"] == "VVX411"  # the unprovisioned placeholder line
    assert defaults["up.screenCapture.enabled"] == "0"


def test_lab_provisioning_matches_the_spec() -> None:
    assert lab_provisioning("carol", "1003", "pw") == {
        "apps.restapi.enabled": "1",
        "reg.1.address": "1003",
        "reg.1.label": "1003",
        "reg.1.displayName": "Carol",
        "up.screenCapture.enabled": "1",
        "up.screenCapture.value": "1",
        "device.auth.localAdminPassword": "pw",
    }


def test_phone_starts_provisioned(phone: SimPhone) -> None:
    assert phone.rest_enabled and phone.admin_password == "secret"
    assert phone.config.source("reg.1.address") == "CONFIG"
    assert phone.screen_capture_enabled


def test_unprovisioned_phone_has_an_unregistered_placeholder_line() -> None:
    exchange = Exchange()
    bare = SimPhone(exchange, "eve", "1005", provisioning={})
    assert not bare.rest_enabled and bare.admin_password == "456"
    assert not bare.is_registered(1) and bare.config.source("reg.1.address") == "DEFAULT"
    assert bare.line_numbers() == [1]


def test_rest_set_writes_the_web_layer(phone: SimPhone) -> None:
    phone.set_config({"reg.1.label": "Front desk"})
    assert phone.config.lookup("reg.1.label") == ("Front desk", "WEB")


def test_device_parameters_need_device_set_and_restart(phone: SimPhone) -> None:
    ignored = phone.set_config({"device.auth.localAdminPassword": "other"})
    assert ignored == ["device.auth.localAdminPassword"]
    assert phone.admin_password == "secret" and phone.restarts == 0
    phone.set_config({"device.set": "1", "device.auth.localAdminPassword": "other"})
    assert phone.admin_password == "other"
    assert phone.config.source("device.auth.localAdminPassword") == "DEVICE"
    assert phone.restarts == 1
    phone.config_reset("device")
    assert phone.admin_password == "secret"


def test_config_reset_keeps_provisioning_and_restarts(phone: SimPhone) -> None:
    phone.set_config({"reg.1.label": "web"})
    phone.config.set("reg.1.label", "local", source="LOCAL")
    phone.config_reset("local")
    assert phone.config.lookup("reg.1.label") == ("web", "WEB")
    phone.config_reset("all")
    assert phone.config.lookup("reg.1.label") == ("1001", "CONFIG")
    assert phone.restarts == 2 and phone.rest_enabled


def test_factory_reset_brings_back_the_factory_password_and_rest_off(phone: SimPhone) -> None:
    phone.dial("1001")  # leaves a placed entry
    phone.factory_reset()
    assert not phone.rest_enabled and phone.admin_password == "456"
    assert phone.call_log("placed") == [] and not phone.is_registered(1)
    assert phone.update_configuration() == "Completed"
    assert phone.rest_enabled and phone.admin_password == "secret"


def test_transfer_type_is_stored_in_config(phone: SimPhone) -> None:
    assert phone.transfer_type == "Consultative"
    assert phone.set_transfer_type("blind") == "Blind"
    assert phone.transfer_type == "Blind"
    assert phone.config.lookup("call.DefaultTransferType") == ("Blind", "WEB")
    with pytest.raises(PhoneStatus) as excinfo:
        phone.set_transfer_type("Sideways")
    assert excinfo.value.code == "4000"


def test_export_selection_leaves_secrets_out(phone: SimPhone) -> None:
    phone.set_config({"reg.1.label": "x", "feature.y": "1"})
    all_values = phone.config.export("All")
    assert all_values["reg.1.label"] == "x" and "apps.restapi.enabled" in all_values
    assert not any(name.startswith("device.") for name in all_values)
    assert "device.auth.localAdminPassword" not in phone.config.export("ConfigFiles")
    assert phone.config.export("web") == {"feature.y": "1", "reg.1.label": "x"}
    with pytest.raises(ValueError):
        phone.config.export("Everything")


def test_config_xml_escapes_values() -> None:
    text = to_config_xml([("a.b", 'x"<&>')]).decode()
    assert 'a.b="x&quot;&lt;&amp;&gt;"' in text and text.startswith("<?xml")


class _Receiver(PostHandler):
    received: list[tuple[str, bytes, bool]] = []
    phone: SimPhone | None = None

    def record(self, body: bytes) -> None:
        lock_free = False
        if self.phone is not None and self.phone.lock.acquire(timeout=2):
            lock_free = True
            self.phone.lock.release()
        type(self).received.append((self.headers.get("Content-Type", ""), body, lock_free))


@pytest.fixture
def receiver(phone: SimPhone) -> Iterator[tuple[str, type[_Receiver]]]:
    handler = type("Receiver", (_Receiver,), {"received": [], "status": 200, "phone": phone})
    with serving(handler, "/upload") as url:
        yield url, handler


def _export(phone: SimPhone, url: str, kind: str = "All") -> str:
    request = SimRequest(
        "POST", "/api/v1/mgmt/config/export", body={"data": {"Url": url, "ConfigType": kind}}
    )
    try:
        reply = config_cmds.export_config(phone, request)
    except PhoneStatus as status:
        return status.code
    assert isinstance(reply.body, dict)
    return str(reply.body["Status"])


def test_export_posts_the_config_without_holding_the_lock(
    phone: SimPhone, receiver: tuple[str, type[_Receiver]]
) -> None:
    url, handler = receiver
    phone.set_config({"reg.1.label": "Exported"})
    assert _export(phone, url) == "2000"
    ((content_type, body, lock_free),) = handler.received
    assert content_type == "application/xml" and lock_free
    assert b'reg.1.label="Exported"' in body and b"secret" not in body


def test_export_failures_answer_4008(phone: SimPhone, receiver: tuple[str, type[_Receiver]]) -> None:
    url, handler = receiver
    handler.status = 500
    assert _export(phone, url) == "4008"
    assert _export(phone, "http://192.0.2.10/upload") == "4008"  # never contacted: not loopback
    assert _export(phone, "ftp://127.0.0.1/x") == "4008"
    assert _export(phone, url, kind="Everything") == "4000"
    assert len(handler.received) == 1
