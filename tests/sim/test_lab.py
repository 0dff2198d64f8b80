"""SimLab: roles, extensions, models, loopback only, the inventory file, clean stop."""

from __future__ import annotations

import socket
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from vvxauto.layouts import UnknownModelError
from vvxauto.sim import SimEndpoint, SimLab
from vvxauto.sim.lab import dumps_toml, role_names

DEVICE_INFO = "/api/v2/mgmt/device/info"


def test_roles_extensions_and_models(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=7, models=["VVX 411", "VVX 501", "VVX 601"])
    assert [ep.role for ep in lab.endpoints] == ["alice", "bob", "carol", "dave", "erin", "frank", "phone7"]
    assert [ep.extension for ep in lab.endpoints] == [str(1001 + i) for i in range(7)]
    assert [ep.model for ep in lab.endpoints] == ["VVX 411", "VVX 501", "VVX 601"] * 2 + ["VVX 411"]
    assert len({ep.port for ep in lab.endpoints}) == 7
    for ep in lab.endpoints:
        assert ep.host == "127.0.0.1" and ep.scheme == "http" and ep.username == "Polycom"
        assert ep.base_url == f"http://127.0.0.1:{ep.port}"
        assert lab.phone(ep.role).extension == ep.extension
        assert lab.server(ep.role).port == ep.port
    r = requests.get(lab.endpoint("bob").base_url + DEVICE_INFO, auth=("Polycom", lab.password), timeout=5)
    assert r.json()["data"]["ModelNumber"] == "VVX 501"


def test_models_may_be_given_as_a_comma_separated_string(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=2, models="VVX 250, VVX 350")
    assert [ep.model for ep in lab.endpoints] == ["VVX 250", "VVX 350"]


def test_default_provisioning(sim_lab2: SimLab) -> None:
    phone = sim_lab2.phone("bob")
    with phone.lock:
        expected = {
            "apps.restapi.enabled": "1",
            "device.auth.localAdminPassword": sim_lab2.password,
            "reg.1.address": "1002",
            "reg.1.label": "1002",
            "reg.1.displayName": "Bob",
            "up.screenCapture.enabled": "1",
            "up.screenCapture.value": "1",
        }
        for name, value in expected.items():
            assert (phone.config.get(name), phone.config.source(name)) == (value, "CONFIG"), name


def test_inventory_round_trips_through_tomllib(
    sim_lab_factory: Callable[..., SimLab], tmp_path: Path
) -> None:
    password = 'p"a\\ss\tword é ünïcode'
    lab = sim_lab_factory(phones=3, password=password, models=["VVX 411", "VVX 501"])
    path = lab.write_inventory(tmp_path / "lab.toml")
    loaded = tomllib.loads(path.read_text(encoding="utf-8"))
    assert loaded == lab.inventory()
    alice = loaded["phones"]["alice"]
    assert alice == {
        "host": "127.0.0.1",
        "port": lab.endpoint("alice").port,
        "scheme": "http",
        "username": "Polycom",
        "password": password,
        "model": "VVX 411",
        "extension": "1001",
    }
    assert list(loaded["phones"]) == ["alice", "bob", "carol"]
    assert path.stat().st_mode & 0o077 == 0  # it holds passwords
    # the lab keeps its own copy too
    assert lab.inventory_path is not None
    assert tomllib.loads(lab.inventory_path.read_text(encoding="utf-8")) == loaded
    # and the password really works
    ep = lab.endpoint("carol")
    r = requests.get(ep.base_url + DEVICE_INFO, auth=("Polycom", password), timeout=5)
    assert r.status_code == 200


def test_https_inventory_has_fingerprint_and_bundle(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=2, scheme="https")
    inv = lab.inventory()["phones"]
    for ep in lab.endpoints:
        entry = inv[ep.role]
        assert entry["scheme"] == "https"
        assert entry["fingerprint"] == ep.fingerprint and entry["fingerprint"].startswith("sha256:")
        assert Path(entry["ca_bundle"]).read_bytes().count(b"BEGIN CERTIFICATE") == 2


def test_toml_writer_quotes_keys_and_values() -> None:
    data = {"top": 1, "phones": {"odd key": {"s": 'a"b\\c\n\x01', "b": True, "f": 1.5, "l": ["x", 2]}}}
    text = dumps_toml(data)
    assert tomllib.loads(text) == data


def test_password_stays_out_of_reprs(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("alice")
    assert sim_lab2.password not in repr(ep)
    assert sim_lab2.password not in repr(sim_lab2)
    assert sim_lab2.password not in repr(sim_lab2.server("alice"))


def test_other_loopback_addresses_work(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=1, host="127.0.0.3")
    ep = lab.endpoints[0]
    assert ep.host == "127.0.0.3"
    assert (
        requests.get(ep.base_url + DEVICE_INFO, auth=("Polycom", ep.password), timeout=5).status_code == 200
    )


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "10.0.0.1", "192.168.0.2", "172.16.0.1", "8.8.8.8", "::1", "phone.lan"]
)
def test_hosts_outside_127_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="127"):
        SimLab(phones=1, host=host)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        SimLab(phones=0)
    with pytest.raises(ValueError):
        SimLab(phones=1, scheme="ftp")
    with pytest.raises(UnknownModelError):
        SimLab(phones=1, models=["VVX 9999"])
    with pytest.raises(ValueError):
        SimLab(phones=2, roles=["alice", "alice"])


def test_stop_frees_the_ports_and_the_directory() -> None:
    lab = SimLab(phones=2).start()
    ports = [ep.port for ep in lab.endpoints]
    directory = lab.directory
    assert directory is not None and directory.is_dir()
    lab.stop()
    assert not directory.exists()
    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        with socket.socket() as s:  # the port can be bound again at once
            s.bind(("127.0.0.1", port))


def test_stop_closes_open_keep_alive_connections() -> None:
    lab = SimLab(phones=1).start()
    ep = lab.endpoints[0]
    with requests.Session() as s:
        s.auth = (ep.username, ep.password)
        assert s.get(ep.base_url + DEVICE_INFO, timeout=5).status_code == 200
        lab.stop()
        with pytest.raises(requests.ConnectionError):
            s.get(ep.base_url + DEVICE_INFO, timeout=5)
    assert all(not t.is_alive() for t in _server_threads(ep.port))


def _server_threads(port: int) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.endswith(f"-{port}")]


def test_role_names() -> None:
    assert role_names(2) == ["alice", "bob"]
    assert role_names(8)[5:] == ["frank", "phone7", "phone8"]


def test_endpoint_is_an_inventory_entry(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("bob")
    assert isinstance(ep, SimEndpoint)
    assert ep.inventory_entry() == sim_lab2.inventory()["phones"]["bob"]
    with pytest.raises(KeyError, match="alice, bob"):
        sim_lab2.phone("zed")


def test_a_stopped_lab_cannot_start_again() -> None:
    lab = SimLab(phones=1).start()
    lab.stop()
    lab.stop()  # idempotent
    with pytest.raises(RuntimeError):
        lab.start()
