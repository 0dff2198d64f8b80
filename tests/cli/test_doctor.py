"""``vvxauto doctor``: one line per check and phone, a fix for every problem, exit 1 on any FAIL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Result

from vvxauto.cli_doctor import CHECKS
from vvxauto.lab import normalize_fingerprint
from vvxauto.sim import SimLab

Run = Callable[..., Result]
Factory = Callable[..., SimLab]
Writer = Callable[..., Path]


def test_a_healthy_https_lab_passes_every_check(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=2, models=["VVX 411", "VVX 501"], scheme="https")
    result = run("doctor", "--lab", write_inventory(lab))

    assert result.code == 0, result.out + result.err
    for role in ("alice", "bob"):
        assert [line.split()[2] for line in result.lines(role=role)] == list(CHECKS)
        assert len(result.lines(status="OK", role=role)) == len(CHECKS), result.out
    assert "certificate matches the pinned fingerprint" in result.line("alice", "tls")
    assert "VVX 501" in result.line("bob", "device-info")
    assert "firmware 6." in result.line("bob", "device-info")
    assert "0 FAIL" in result.out
    assert lab.password not in result.out + result.err
    assert result.err == ""


def test_wrong_password_from_the_environment_names_the_variable(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = sim_lab_factory(phones=2)

    def use_env(data: dict[str, Any]) -> None:
        alice = data["phones"]["alice"]
        del alice["password"]
        alice["password_env"] = "VVX_DOCTOR_ALICE_PW"

    monkeypatch.setenv("VVX_DOCTOR_ALICE_PW", "not-the-right-one-7731")
    result = run("doctor", "--lab", write_inventory(lab, use_env))

    assert result.code == 1
    auth = result.line("alice", "http-auth")
    assert auth.startswith("FAIL")
    assert "401" in auth
    assert "fix: set VVX_DOCTOR_ALICE_PW to the phone's admin password" in auth
    assert "password from $VVX_DOCTOR_ALICE_PW" in result.line("alice", "inventory")
    assert all(line.startswith("SKIP") for line in result.lines(role="alice")[4:])
    assert len(result.lines(status="OK", role="bob")) == len(CHECKS)  # the other phone is still checked
    assert "not-the-right-one-7731" not in result.out + result.err


def test_wrong_password_in_the_file_says_which_entry_to_correct(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1)

    def wrong(data: dict[str, Any]) -> None:
        data["phones"]["alice"]["password"] = "wrong-secret-5512"

    result = run("doctor", "--lab", write_inventory(lab, wrong))

    assert result.code == 1
    assert "fix: correct password in [phones.alice]" in result.line("alice", "http-auth")
    assert "wrong-secret-5512" not in result.out + result.err


def test_unset_password_variable_fails_the_entry_but_still_checks_the_network(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = sim_lab_factory(phones=1)

    def use_env(data: dict[str, Any]) -> None:
        del data["phones"]["alice"]["password"]
        data["phones"]["alice"]["password_env"] = "VVX_DOCTOR_UNSET_PW"

    monkeypatch.delenv("VVX_DOCTOR_UNSET_PW", raising=False)
    result = run("doctor", "--lab", write_inventory(lab, use_env))

    assert result.code == 1
    entry = result.line("alice", "inventory")
    assert entry.startswith("FAIL")
    assert "VVX_DOCTOR_UNSET_PW" in entry
    assert "fix: export VVX_DOCTOR_UNSET_PW=" in entry
    assert result.line("alice", "tcp").startswith("OK")
    assert result.line("alice", "http-auth").startswith("SKIP")


def test_rest_switched_off_asks_for_apps_restapi_enabled(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=2)
    lab.phone("alice").config.set("apps.restapi.enabled", "0", source="WEB")
    result = run("doctor", "--lab", write_inventory(lab))

    assert result.code == 1
    rest = result.line("alice", "rest-api")
    assert rest.startswith("FAIL")
    assert "404" in rest
    assert "fix: set apps.restapi.enabled=1" in rest
    assert result.line("alice", "idle").startswith("SKIP")
    assert result.line("bob", "rest-api").startswith("OK")


def test_factory_password_is_a_failure_with_the_parameter_to_change(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1, password="456")
    result = run("doctor", "--lab", write_inventory(lab))

    assert result.code == 1
    line = result.line("alice", "password")
    assert line.startswith("FAIL")
    assert "4010" in line
    assert "device.auth.localAdminPassword" in line


def test_screen_capture_off_is_a_warning_not_a_failure(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1)
    lab.phone("alice").config.set("up.screenCapture.enabled", "0", source="WEB")
    result = run("doctor", "--lab", write_inventory(lab))

    assert result.code == 0
    line = result.line("alice", "screen-capture")
    assert line.startswith("WARN")
    assert "screenshots of failed tests will be missing" in line
    assert "fix: set up.screenCapture.enabled=1" in line
    assert "1 WARN" in result.out


def test_a_model_other_than_the_inventorys_fails_with_the_model_to_write(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1, models=["VVX 411"])

    def other_model(data: dict[str, Any]) -> None:
        data["phones"]["alice"]["model"] = "VVX 601"

    result = run("doctor", "--lab", write_inventory(lab, other_model))

    assert result.code == 1
    line = result.line("alice", "device-info")
    assert line.startswith("FAIL")
    assert 'set model = "VVX 411" in [phones.alice]' in line


def test_a_pinned_fingerprint_that_does_not_match_shows_the_one_presented(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1, scheme="https")
    real = lab.endpoints[0].fingerprint
    assert real is not None

    def other_pin(data: dict[str, Any]) -> None:
        data["phones"]["alice"]["fingerprint"] = "sha256:" + "AB" * 32

    result = run("doctor", "--lab", write_inventory(lab, other_pin))

    assert result.code == 1
    line = result.line("alice", "tls")
    assert line.startswith("FAIL")
    shown = line.split("fingerprint = ")[1].split('"')[1]
    assert normalize_fingerprint(shown) == normalize_fingerprint(real)


def test_verification_off_is_warned_with_the_fingerprint_to_pin(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1, scheme="https")

    def insecure(data: dict[str, Any]) -> None:
        alice = data["phones"]["alice"]
        del alice["fingerprint"], alice["ca_bundle"]
        alice["verify"] = False

    result = run("doctor", "--lab", write_inventory(lab, insecure))

    assert result.code == 0
    line = result.line("alice", "tls")
    assert line.startswith("WARN")
    assert "verify = false" in line
    assert "fingerprint = " in line
    assert result.line("alice", "idle").startswith("OK")


def test_a_closed_port_fails_tcp_and_skips_the_rest(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1)
    with socket.socket() as probe:  # a loopback port that nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]

    def closed(data: dict[str, Any]) -> None:
        data["phones"]["alice"]["port"] = free_port

    result = run("doctor", "--lab", write_inventory(lab, closed))

    assert result.code == 1
    assert result.line("alice", "tcp").startswith("FAIL")
    assert "connection refused" in result.line("alice", "tcp")
    assert all(line.startswith("SKIP") for line in result.lines(role="alice")[2:])


def test_an_answer_that_is_no_phones_fails_with_the_clients_hint(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1)
    lab.server("alice").faults.truncate(1)  # the first REST answer is cut short
    result = run("doctor", "--lab", write_inventory(lab))

    assert result.code == 1
    line = result.line("alice", "http-auth")
    assert line.startswith("FAIL")
    assert "no usable answer" in line
    assert "fix: check " in line
    assert result.line("alice", "idle").startswith("SKIP")


def test_a_phone_in_a_call_is_not_idle(sim_lab_factory: Factory, write_inventory: Writer, run: Run) -> None:
    lab = sim_lab_factory(phones=2)
    lab.phone("alice").dial("1002")
    result = run("doctor", "--lab", write_inventory(lab), "--role", "alice")

    assert result.code == 0
    assert result.line("alice", "idle").startswith("WARN")
    assert result.lines(role="bob") == []  # --role limits the run


def test_an_unknown_role_is_bad_input(sim_lab_factory: Factory, write_inventory: Writer, run: Run) -> None:
    lab = sim_lab_factory(phones=2)
    result = run("doctor", "--lab", write_inventory(lab), "--role", "alcie")

    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "did you mean 'alice'?" in result.err


def test_the_inventory_comes_from_vvx_lab_and_a_missing_one_is_bad_input(
    sim_lab_factory: Factory,
    write_inventory: Writer,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    lab = sim_lab_factory(phones=1)
    monkeypatch.setenv("VVX_LAB", str(write_inventory(lab)))
    assert run("doctor").code == 0

    monkeypatch.delenv("VVX_LAB")
    result = run("doctor")
    assert result.code == 2
    assert "--lab" in result.err and "VVX_LAB" in result.err

    result = run("doctor", "--lab", tmp_path / "nowhere.toml")
    assert result.code == 2
    assert "file not found" in result.err
    assert "Traceback" not in result.err


def test_the_console_script_runs_doctor(sim_lab_factory: Factory, write_inventory: Writer) -> None:
    lab = sim_lab_factory(phones=1)
    lab.phone("alice").config.set("apps.restapi.enabled", "0", source="WEB")
    script = shutil.which("vvxauto", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "vvxauto.cli"]
    env = dict(os.environ, VVX_LAB=str(write_inventory(lab)))
    done = subprocess.run([*command, "doctor"], capture_output=True, text=True, timeout=60, env=env)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL  alice  rest-api" in done.stdout
    assert "Traceback" not in done.stderr
