"""Contract: Management.* information, configuration, restart/reset and Skype commands."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from vvxauto.sim import SimLab
from vvxauto.sim.device import SkypeAccount
from vvxauto.sim.timing import Timing

from .conftest import INVENTORY_ENV
from .wire import WirePhone, connect, make_session, wait_for

# -- information -----------------------------------------------------------------------------------


def test_device_info_v1(alice: WirePhone) -> None:
    answer = alice.get("/api/v1/mgmt/device/info")
    assert answer.status == "2000"
    data = answer.data
    assert data["ModelNumber"].strip() == alice.model or not alice.model
    assert data["DeviceVendor"] == "Polycom" and data["FirmwareRelease"].startswith("6.")
    assert re.fullmatch(r"[0-9A-Fa-f:]{12,17}", data["MACAddress"])
    assert "days" in data["UpTimeSinceLastReboot"]


def test_device_info_v2(alice: WirePhone) -> None:
    answer = alice.get("/api/v2/mgmt/device/info")
    data = answer.data
    assert answer.status == "2000" and data["ModelNumber"] == alice.model
    assert re.match(r"\d+\.\d+\.\d+\.\d+ \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d", data["Firmware"]["Application"])
    assert set(data["UpTime"]) == {"Days", "Hours", "Minutes", "Seconds"}
    assert data["ReadyToUse"] in ("True", "False") and data["AppState"]
    assert data["CanApplyShutdownRequest"] == "True"


def test_uptime_moves_forward(alice: WirePhone) -> None:
    def seconds() -> int:
        up = alice.get("/api/v2/mgmt/device/info").data["UpTime"]
        return ((int(up["Days"]) * 24 + int(up["Hours"])) * 60 + int(up["Minutes"])) * 60 + int(up["Seconds"])

    first = seconds()
    wait_for(lambda: seconds() > first, timeout=5.0, what="uptime to grow")


def test_network_info_and_stats(alice: WirePhone, bob: WirePhone) -> None:
    info = alice.get("/api/v1/mgmt/network/info")
    assert info.status == "2000" and {"IPv4Address", "SubnetMask", "DHCP", "LANPortStatus"} <= set(info.data)
    stats = alice.get("/api/v1/mgmt/network/stats")
    assert stats.status == "2000" and {"UpTime", "RxPackets", "TxPackets"} <= set(stats.data)
    before = int(stats.data["TxPackets"])
    connect(alice, bob)
    wait_for(lambda: int(alice.get("/api/v1/mgmt/network/stats").data["TxPackets"]) > before)


def test_device_stats_and_running_config(alice: WirePhone) -> None:
    stats = alice.get("/api/v1/mgmt/device/stats")
    assert stats.status == "2000" and {"Memory", "CPU"} <= set(stats.data)
    assert int(stats.data["Memory"]["Total"]) > int(stats.data["Memory"]["Free"])
    running = alice.get("/api/v1/mgmt/device/runningConfig")
    assert running.status == "2000"
    assert {"Network", "DHCP", "DNS", "Provisioning", "Syslog", "SNTP", "TR069"} <= set(running.data)


def test_line_info_v1_and_v2(alice: WirePhone) -> None:
    v1 = alice.get("/api/v1/mgmt/lineInfo")
    assert v1.status == "2000"
    first = v1.data[0]
    assert first["LineNumber"] == "1" and first["RegistrationStatus"].lower() == "registered"
    assert alice.extension in first["SIPAddress"]
    v2 = alice.get("/api/v2/mgmt/lineInfo", line="1")
    (line,) = v2.data
    assert line["ID"] == "1" and line["RegistrationStatus"].lower() == "registered"
    assert {"CallAppearances", "CallServers", "ForwardingConfig", "DoNotDisturb"} <= set(line)
    assert alice.get("/api/v2/mgmt/lineInfo", line="x").status == "4000"


def test_led_status_lists_line_keys_and_leds(alice: WirePhone) -> None:
    answer = alice.get("/api/v1/mgmt/ledStatus")
    assert answer.status == "2000" and answer.data["Lines"][0]["LineNumber"] == "1"
    assert all(entry["State"] == "off" for entry in answer.data["Lines"])


def test_bluetooth_and_pc_port(phones: list[WirePhone], sim: SimLab) -> None:
    by_model = {p.model: p for p in phones}
    assert by_model["VVX 601"].get("/api/v1/mgmt/blueTooth/info").data["Enabled"] in ("Yes", "No")
    assert by_model["VVX 411"].get("/api/v1/mgmt/blueTooth/info").status == "4004"
    port = by_model["VVX 411"].get("/api/v1/mgmt/pcPort/info")
    assert port.status == "2000" and port.data["PCPortStatus"] in ("Active", "Inactive")


def test_bluetooth_or_pc_port_answer_shapes(alice: WirePhone) -> None:
    bluetooth = alice.get("/api/v1/mgmt/blueTooth/info")
    assert bluetooth.status in ("2000", "4004")
    if bluetooth.status == "2000":
        assert {"Enabled", "Devices"} <= set(bluetooth.data)
    port = alice.get("/api/v1/mgmt/pcPort/info")
    assert port.status in ("2000", "4004")


def test_location_info(alice: WirePhone) -> None:
    answer = alice.get("/api/v1/mgmt/location/info")
    assert answer.status == "2000" and {"Country", "City", "Street", "Zip Code"} <= set(answer.data)


# -- configuration ---------------------------------------------------------------------------------


def test_config_get_answers_value_and_source(alice: WirePhone) -> None:
    answer = alice.post("/api/v1/mgmt/config/get", ["apps.restapi.enabled", "reg.1.address"])
    assert answer.status == "2000"
    restapi = answer.data["apps.restapi.enabled"]
    assert restapi.get("Value", restapi.get("value")) == "1"
    assert restapi.get("Source", restapi.get("source")) in ("CONFIG", "WEB", "LOCAL", "DEVICE")
    address = answer.data["reg.1.address"]
    assert alice.extension in address.get("Value", address.get("value"))


def test_config_set_then_get_reports_it(alice: WirePhone) -> None:
    before = alice.post("/api/v1/mgmt/config/get", ["reg.1.label"]).data["reg.1.label"]["Value"]
    assert alice.post("/api/v1/mgmt/config/set", {"reg.1.label": "Contract"}).status == "2000"
    after = alice.post("/api/v1/mgmt/config/get", ["reg.1.label"]).data["reg.1.label"]
    assert after["Value"] == "Contract" and after["Source"] in ("WEB", "LOCAL")
    alice.post("/api/v1/mgmt/config/set", {"reg.1.label": before})
    lines = alice.get("/api/v1/mgmt/lineInfo").data
    assert lines[0]["Label"] == before


def test_config_limits_and_bad_input(alice: WirePhone) -> None:
    many = [f"reg.{n}.label" for n in range(1, 22)]
    assert alice.post("/api/v1/mgmt/config/get", many).status == "4009"
    assert alice.post("/api/v1/mgmt/config/set", {name: "x" for name in many}).status == "4009"
    assert alice.post("/api/v1/mgmt/config/get", []).status == "4000"
    assert alice.post("/api/v1/mgmt/config/get").status == "4000"
    assert alice.post("/api/v1/mgmt/config/set", {}).status == "4000"
    assert alice.post("/api/v1/mgmt/config/set", ["reg.1.label"]).status == "4000"


def test_transfer_type_get_and_set(alice: WirePhone) -> None:
    current = alice.get("/api/v1/mgmt/transferType/get")
    assert current.status == "2000" and current.data["Type"] in ("Consultative", "Blind", "Safe", "Unknown")
    assert alice.post("/api/v1/mgmt/transferType/set", {"Type": "Blind"}).status == "2000"
    assert alice.get("/api/v1/mgmt/transferType/get").data["Type"] == "Blind"
    assert alice.post("/api/v1/mgmt/transferType/set", {"Type": "Sideways"}).status == "4000"
    alice.post("/api/v1/mgmt/transferType/set", {"Type": current.data["Type"]})


def test_transfer_type_changes_the_phone(sim: SimLab, alice: WirePhone) -> None:
    alice.post("/api/v1/mgmt/transferType/set", {"Type": "Blind"})
    assert sim.phone(alice.role).transfer_type == "Blind"
    alice.post("/api/v1/mgmt/transferType/set", {"Type": "Consultative"})


def test_update_configuration(alice: WirePhone) -> None:
    answer = alice.post("/api/v1/mgmt/updateConfiguration")
    assert answer.status == "2000" and "ProvisioningState" in answer.data


class _Sink(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:
        type(self).bodies.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def sink() -> Iterator[tuple[str, type[_Sink]]]:
    handler = type("Sink", (_Sink,), {"bodies": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cfg", handler
    server.shutdown()
    server.server_close()


def test_export_configuration_really_posts(
    sim: SimLab, alice: WirePhone, sink: tuple[str, type[_Sink]]
) -> None:
    url, handler = sink
    alice.post("/api/v1/mgmt/config/set", {"reg.1.label": "Exported"})
    assert alice.post("/api/v1/mgmt/config/export", {"Url": url, "ConfigType": "All"}).status == "2000"
    (body,) = handler.bodies
    assert b'reg.1.label="Exported"' in body
    alice.post("/api/v1/mgmt/config/set", {"reg.1.label": alice.extension})


def test_export_configuration_failures(alice: WirePhone) -> None:
    assert alice.post("/api/v1/mgmt/config/export", {"Url": "http://127.0.0.1:9/x"}).status == "4000"
    answer = alice.post("/api/v1/mgmt/config/export", {"Url": "http://127.0.0.1:9/x", "ConfigType": "All"})
    assert answer.status == "4008"


# -- Skype -----------------------------------------------------------------------------------------


def test_skype_commands_without_skype_answer_4004(alice: WirePhone) -> None:
    if os.environ.get(INVENTORY_ENV):
        pytest.skip("a real phone may be on Skype for Business")
    assert alice.get("/api/v1/mgmt/getPresence").status == "4004"
    assert alice.post("/api/v1/mgmt/skype/signOut").status == "4004"
    sign_in = {"Address": "a@b", "User": "a@b", "Password": "x", "Domain": ""}
    assert alice.post("/api/v1/mgmt/skype/signIn", sign_in).status == "4004"
    assert alice.get("/api/v1/mgmt/webSignIn").status == "4004"
    assert alice.get("/api/v1/mgmt/webSignInCancel").status == "4004"


def test_skype_account_configured_by_the_lab(sim: SimLab, alice: WirePhone) -> None:
    sim.phone(alice.role).skype_account = SkypeAccount("alice@corp", "pw", domain="")
    web = alice.get("/api/v1/mgmt/webSignIn")
    assert web.status == "2000" and web.data["Uri"].startswith("http")
    assert alice.get("/api/v1/mgmt/webSignInCancel").data == {"result": "Canceled"}
    sign_in = {"Address": "alice@corp", "User": "alice@corp", "Password": "pw", "Domain": ""}
    assert alice.post("/api/v1/mgmt/skype/signIn", sign_in).status == "2000"
    assert alice.get("/api/v1/mgmt/getPresence").body == {"Status": "2000", "Presence": "Available"}
    assert alice.post("/api/v1/mgmt/skype/signOut").status == "2000"


# -- restart and resets ----------------------------------------------------------------------------


@pytest.mark.usefixtures("destructive")
@pytest.mark.parametrize("command", ["safeRestart", "safeReboot"])
def test_restart_ends_calls_and_resets_uptime(alice: WirePhone, bob: WirePhone, command: str) -> None:
    connect(alice, bob)
    assert alice.post(f"/api/v1/mgmt/{command}").status == "2000"
    wait_for(lambda: not bob.calls(), timeout=60, what="the far end's call ended")
    wait_for(alice.ok, timeout=300, what="the phone back")
    assert alice.calls() == []
    up = alice.get("/api/v2/mgmt/device/info").data["UpTime"]
    assert up["Days"] == "0" and up["Hours"] == "0"


@pytest.mark.usefixtures("destructive")
@pytest.mark.parametrize("scope", ["", "/cloud", "/local", "/web", "/device"])
def test_config_reset_variants(alice: WirePhone, scope: str) -> None:
    alice.post("/api/v1/mgmt/config/set", {"reg.1.label": "Temporary"})
    assert alice.post(f"/api/v1/mgmt/configReset{scope}").status == "2000"
    wait_for(alice.ok, timeout=300, what="the phone back")
    label = alice.post("/api/v1/mgmt/config/get", ["reg.1.label"]).data["reg.1.label"]["Value"]
    if scope in ("", "/web"):
        assert label != "Temporary"
    alice.post("/api/v1/mgmt/config/set", {"reg.1.label": alice.extension})


def test_factory_reset_brings_back_rest_off(sim: SimLab, alice: WirePhone) -> None:
    assert alice.post("/api/v1/mgmt/factoryReset").status == "2000"
    phone = sim.phone(alice.role)
    try:
        assert alice.get("/api/v2/mgmt/device/info").http == 404  # REST is off again
        assert phone.admin_password == "456"
    finally:
        phone.update_configuration()
    wait_for(alice.ok, what="REST back after re-provisioning")


def test_device_parameters_need_device_set_and_restart_the_phone(sim: SimLab, alice: WirePhone) -> None:
    phone = sim.phone(alice.role)
    restarts = phone.restarts
    assert alice.post("/api/v1/mgmt/config/set", {"device.sntp.serverName": "ntp.lab"}).status == "2000"
    assert phone.restarts == restarts
    body = {"device.set": "1", "device.sntp.serverName": "ntp.lab"}
    assert alice.post("/api/v1/mgmt/config/set", body).status == "2000"
    wait_for(alice.ok, what="the phone back")
    assert phone.restarts == restarts + 1
    got = alice.post("/api/v1/mgmt/config/get", ["device.sntp.serverName"]).data["device.sntp.serverName"]
    assert got == {"Value": "ntp.lab", "Source": "DEVICE"}
    assert alice.post("/api/v1/mgmt/configReset/device").status == "2000"


def test_restart_goes_down_then_not_ready_then_ready(sim: SimLab) -> None:
    timing = Timing(restart_down_ms=300, ready_delay_ms=300)
    with SimLab(phones=1, timing=timing) as lab:
        ep = lab.endpoints[0]
        phone = WirePhone(
            ep.role, ep.base_url, ep.extension, ep.model, make_session(ep.username, ep.password, True)
        )
        assert phone.post("/api/v1/mgmt/safeRestart").status == "2000"
        with pytest.raises(requests.RequestException):
            phone.get("/api/v2/mgmt/device/info")
        seen = wait_for(
            lambda: phone.get("/api/v2/mgmt/device/info").data["ReadyToUse"] == "False",
            what="back but not ready",
        )
        assert seen
        assert phone.get("/api/v1/mgmt/pollForStatus").data["State"] == "Error"
        wait_for(phone.ok, what="ready")
