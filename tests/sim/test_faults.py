"""Fault knobs (Python API and /sim/faults) and restart/reboot as clients see them on the wire."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from vvxauto.sim import SimLab, Timing
from vvxauto.sim.faults import FaultPlan, Faults

DEVICE_INFO = "/api/v2/mgmt/device/info"
CALL_STATUS = "/api/v2/webCallControl/callStatus"
DIAL = "/api/v1/callctrl/dial"


def test_busy_burst_answers_403_n_times_then_recovers(
    sim_lab2: SimLab, alice: requests.Session, base: str
) -> None:
    sim_lab2.server("alice").faults.busy(3)
    codes = [alice.get(base + DEVICE_INFO, timeout=5).status_code for _ in range(4)]
    assert codes == [403, 403, 403, 200]


def test_busy_requests_are_not_executed(sim_lab2: SimLab, alice: requests.Session, base: str) -> None:
    sim_lab2.server("alice").faults.busy(1)
    r = alice.post(base + DIAL, json={"data": {"Dest": "1002"}}, timeout=5)
    assert r.status_code == 403
    assert sim_lab2.phone("alice").calls == []
    assert sim_lab2.phone("bob").calls == []


def test_drop_closes_without_an_answer_and_does_not_execute(
    sim_lab2: SimLab, alice: requests.Session, base: str
) -> None:
    sim_lab2.server("alice").faults.drop(1)
    with pytest.raises(requests.ConnectionError):
        alice.post(base + DIAL, json={"data": {"Dest": "1002"}}, timeout=5)
    assert sim_lab2.phone("bob").calls == []
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200


def test_truncate_sends_half_the_body_after_executing(
    sim_lab2: SimLab, alice: requests.Session, base: str, wait_for: Callable[..., Any]
) -> None:
    sim_lab2.server("alice").faults.truncate(1)
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        alice.post(base + DIAL, json={"data": {"Dest": "1002"}}, timeout=5)
    bob = sim_lab2.phone("bob")
    wait_for(lambda: len(bob.calls) == 1, what="bob to ring: a truncated answer's command still ran")
    assert alice.get(base + DEVICE_INFO, timeout=5).json()["Status"] == "2000"


def test_slow_answer_holds_the_request_slot(
    sim_lab2: SimLab, sessions: Callable[..., requests.Session], base: str, wait_for: Callable[..., Any]
) -> None:
    server = sim_lab2.server("alice")
    ep = sim_lab2.endpoint("alice")
    server.faults.slow(30.0, 1)
    result: dict[str, Any] = {}

    def slow() -> None:
        result["response"] = sessions(ep).get(base + DEVICE_INFO, timeout=10)

    worker = threading.Thread(target=slow)
    worker.start()
    try:
        wait_for(lambda: server.busy, what="the slow request to take the slot")
        assert sessions(ep).get(base + DEVICE_INFO, timeout=5).status_code == 403
        assert "response" not in result
    finally:
        server.faults.clear()  # ends the delay now
        worker.join(10)
    assert result["response"].status_code == 200
    assert server.faults.state()["slow"]["count"] == 0


def test_slow_answer_takes_at_least_the_given_time(
    alice: requests.Session, base: str, sim_lab2: SimLab
) -> None:
    sim_lab2.server("alice").faults.slow(0.2, 1)
    t0 = time.monotonic()
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200
    assert time.monotonic() - t0 >= 0.2
    assert sim_lab2.server("alice").faults.state()["slow"]["count"] == 0  # one request only


def test_faults_over_http_and_state(sim_lab2: SimLab, alice: requests.Session, base: str) -> None:
    r = alice.post(base + "/sim/faults", json={"busy": 2, "slow": {"seconds": 0.01, "count": 1}}, timeout=5)
    assert r.status_code == 200
    data = r.json()["data"]
    assert data["busy"] == 2 and data["slow"] == {"seconds": 0.01, "count": 1}
    state = alice.get(base + "/sim/state", timeout=5).json()["data"]
    assert state["role"] == "alice" and state["extension"] == "1001" and state["up"] is True
    assert state["server"]["faults"]["busy"] == 2
    assert "vvx-sim-admin" not in alice.get(base + "/sim/state", timeout=5).text
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 403
    assert alice.post(base + "/sim/faults", json={"clear": True}, timeout=5).json()["data"]["busy"] == 0
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200


def test_fault_paths_need_auth_and_valid_knobs(sim_lab2: SimLab, alice: requests.Session, base: str) -> None:
    assert requests.post(base + "/sim/faults", json={"busy": 1}, timeout=5).status_code == 401
    assert requests.get(base + "/sim/state", timeout=5).status_code == 401
    for bad in ({"busy": -1}, {"explode": 1}, [1, 2], {"slow": "fast"}):
        assert alice.post(base + "/sim/faults", json=bad, timeout=5).status_code == 400, bad
    assert (
        alice.post(
            base + "/sim/faults", data=b"{oops", headers={"Content-Type": "application/json"}, timeout=5
        ).status_code
        == 400
    )
    assert sim_lab2.server("alice").faults.pending is False
    # knobs never live under /api
    assert alice.post(base + "/api/sim/faults", json={"busy": 1}, timeout=5).status_code == 404
    assert alice.get(base + "/sim/nothing", timeout=5).status_code == 404


def test_sim_paths_work_while_rest_is_disabled(sim_lab2: SimLab, alice: requests.Session, base: str) -> None:
    phone = sim_lab2.phone("alice")
    with phone.lock:
        phone.config.set("apps.restapi.enabled", "0", source="WEB")
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 404
    assert alice.get(base + "/sim/state", timeout=5).json()["data"]["rest_enabled"] is False


def test_draw_order_and_clear() -> None:
    faults = Faults(server=None)  # type: ignore[arg-type]
    faults.drop(1)
    faults.busy(1)
    faults.slow(0.5, 2)
    faults.truncate(1)
    assert faults.draw() == FaultPlan(drop=True)
    assert faults.draw() == FaultPlan(busy=True)
    assert faults.draw() == FaultPlan(delay=0.5, truncate=True)
    assert faults.draw() == FaultPlan(delay=0.5)
    assert faults.draw() == FaultPlan() and not faults.draw().any
    faults.busy(5)
    faults.clear()
    assert faults.pending is False
    with pytest.raises(ValueError):
        faults.busy(-1)
    with pytest.raises(ValueError):
        faults.slow(-0.1)


def test_reboot_refuses_while_down_then_answers_with_uptime_reset(
    sim_lab_factory: Callable[..., SimLab],
    sessions: Callable[..., requests.Session],
    wait_for: Callable[..., Any],
) -> None:
    lab = sim_lab_factory(phones=2, timing=Timing(restart_down_ms=1500, ready_delay_ms=200))
    ep = lab.endpoint("alice")
    alice = sessions(ep)
    assert alice.post(ep.base_url + DIAL, json={"data": {"Dest": "1002"}}, timeout=5).status_code == 200
    lab.server("alice").faults.reboot_now()
    assert lab.phone("alice").is_up is False
    with pytest.raises(requests.ConnectionError):
        alice.get(ep.base_url + DEVICE_INFO, timeout=5)
    with pytest.raises(requests.ConnectionError):  # a fresh connection too
        requests.get(ep.base_url + "/sim/state", auth=(ep.username, ep.password), timeout=5)

    def back() -> dict[str, Any] | None:
        try:
            r = alice.get(ep.base_url + DEVICE_INFO, timeout=5)
        except requests.ConnectionError:
            return None
        return r.json()["data"] if r.status_code == 200 else None

    info = wait_for(back, timeout=10, what="alice to come back")
    uptime = info["UpTime"]
    assert int(uptime["Days"]) == 0 and int(uptime["Hours"]) == 0 and int(uptime["Minutes"]) == 0
    assert int(uptime["Seconds"]) < 5
    wait_for(
        lambda: alice.get(ep.base_url + DEVICE_INFO, timeout=5).json()["data"]["ReadyToUse"] == "True",
        what="ReadyToUse",
    )
    # the call ended with the reboot, on both sides
    assert alice.get(ep.base_url + CALL_STATUS, timeout=5).json()["data"] == []
    wait_for(lambda: lab.phone("bob").calls == [], what="bob's leg to end")


def test_sim_state_shows_calls(sim_lab2: SimLab, alice: requests.Session, base: str) -> None:
    assert alice.post(base + DIAL, json={"data": {"Dest": "1002"}}, timeout=5).json()["Status"] == "2000"
    state = alice.get(base + "/sim/state", timeout=5).json()["data"]
    assert len(state["calls"]) == 1
    call = state["calls"][0]
    assert call["direction"] == "Outgoing" and call["remote_number"] == "1002"
    assert call["handle"] == sim_lab2.phone("alice").calls[0].handle
