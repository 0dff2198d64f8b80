"""The HTTP rules of a real VVX, as the simulated phone applies them on the wire."""

from __future__ import annotations

import hashlib
import http.client
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from requests.auth import HTTPDigestAuth

from vvxauto.sim import SimLab, http11
from vvxauto.sim import server as server_module
from vvxauto.sim.routing import Reply, Route, ok, resolve
from vvxauto.sim.server import MAX_BODY

DEVICE_INFO = "/api/v2/mgmt/device/info"
CALL_STATUS = "/api/v2/webCallControl/callStatus"
CONFIG_GET = "/api/v1/mgmt/config/get"


def _status(r: requests.Response) -> str:
    return str(r.json()["Status"])


def _set_config(lab: SimLab, role: str, name: str, value: str) -> None:
    phone = lab.phone(role)
    with phone.lock:
        phone.config.set(name, value, source="WEB")


class Gate:
    """A route handler that blocks until released, to hold the phone's request slot on purpose."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def handler(self, phone: Any, request: Any) -> Reply:
        self.calls += 1
        self.entered.set()
        assert self.release.wait(10), "the test never released the gate"
        return ok({"gate": self.calls})


@pytest.fixture
def extra_routes(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Route]]:
    """Routes visible to the server only (not registered globally): path -> Route."""
    table: dict[str, Route] = {}

    def patched(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        r = table.get(path.lower())
        if r is not None:
            return (r, {}, True) if r.method == method else (None, {}, True)
        return resolve(method, path)

    monkeypatch.setattr(server_module, "resolve", patched)
    yield table


def _add_route(table: dict[str, Route], method: str, path: str, handler: Any) -> None:
    import re

    table[path.lower()] = Route(method, re.compile(re.escape(path), re.I), handler, "Test." + path)


def test_valid_basic_auth_gets_an_answer(alice: requests.Session, base: str) -> None:
    r = alice.get(base + DEVICE_INFO, timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert _status(r) == "2000"


@pytest.mark.parametrize("auth", [None, ("Polycom", "wrong"), ("admin", "vvx-sim-admin")])
def test_wrong_or_missing_credentials_get_401_with_a_basic_challenge(base: str, auth: Any) -> None:
    r = requests.get(base + DEVICE_INFO, auth=auth, timeout=5)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_rest_disabled_gives_404_for_every_api_path(
    sim_lab2: SimLab, alice: requests.Session, base: str
) -> None:
    _set_config(sim_lab2, "alice", "apps.restapi.enabled", "0")
    for path in (DEVICE_INFO, CALL_STATUS, "/api/v1/no/such/command"):
        assert alice.get(base + path, timeout=5).status_code == 404
    assert (
        alice.post(base + "/api/v1/callctrl/dial", json={"data": {"Dest": "1002"}}, timeout=5).status_code
        == 404
    )
    # even without credentials: the REST service is simply not there
    assert requests.get(base + DEVICE_INFO, timeout=5).status_code == 404
    # the other phone is not affected
    bob = sim_lab2.endpoint("bob")
    assert (
        requests.get(bob.base_url + DEVICE_INFO, auth=(bob.username, bob.password), timeout=5).status_code
        == 200
    )


def test_factory_password_answers_4010(sim_lab2: SimLab, base: str) -> None:
    _set_config(sim_lab2, "alice", "device.auth.localAdminPassword", "456")
    r = requests.get(base + DEVICE_INFO, auth=("Polycom", "456"), timeout=5)
    assert (r.status_code, _status(r)) == (200, "4010")
    r = requests.post(
        base + "/api/v1/callctrl/dial", auth=("Polycom", "456"), json={"data": {"Dest": "1002"}}, timeout=5
    )
    assert (r.status_code, _status(r)) == (200, "4010")
    assert sim_lab2.phone("bob").calls == []
    # the old password no longer authenticates
    assert requests.get(base + DEVICE_INFO, auth=("Polycom", "vvx-sim-admin"), timeout=5).status_code == 401


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_post_without_json_content_type_gets_400(
    sim_lab2: SimLab, alice: requests.Session, base: str, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    r = alice.post(
        base + "/api/v1/callctrl/dial", data=b'{"data": {"Dest": "1002"}}', headers=headers, timeout=5
    )
    assert r.status_code == 400
    assert sim_lab2.phone("bob").calls == []


def test_json_content_type_with_parameters_is_accepted(alice: requests.Session, base: str) -> None:
    body = json.dumps({"data": ["apps.restapi.enabled"]})
    r = alice.post(
        base + CONFIG_GET, data=body, headers={"Content-Type": "Application/JSON; charset=utf-8"}, timeout=5
    )
    assert (r.status_code, _status(r)) == (200, "2000")


def test_body_of_exactly_20_kb_is_accepted_and_one_byte_more_gets_413(
    alice: requests.Session, base: str
) -> None:
    text = json.dumps({"data": ["apps.restapi.enabled"]})
    exact = text + " " * (MAX_BODY - len(text))
    r = alice.post(base + CONFIG_GET, data=exact, headers={"Content-Type": "application/json"}, timeout=5)
    assert (r.status_code, _status(r)) == (200, "2000")
    r = alice.post(
        base + CONFIG_GET, data=exact + " ", headers={"Content-Type": "application/json"}, timeout=5
    )
    assert r.status_code == 413
    # the phone still answers afterwards
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200


def test_large_body_gets_413_without_being_read(alice: requests.Session, base: str) -> None:
    r = alice.post(
        base + CONFIG_GET,
        data=b" " * (2 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert r.status_code == 413


def test_chunked_body_over_the_limit_gets_413_and_under_it_works(alice: requests.Session, base: str) -> None:
    def chunks(total: int) -> Iterator[bytes]:
        head = json.dumps({"data": ["apps.restapi.enabled"]}).encode()
        yield head
        sent = len(head)
        while sent < total:
            piece = b" " * min(1000, total - sent)
            sent += len(piece)
            yield piece

    headers = {"Content-Type": "application/json"}
    r = alice.post(base + CONFIG_GET, data=chunks(MAX_BODY + 500), headers=headers, timeout=5)
    assert r.status_code == 413
    r = alice.post(base + CONFIG_GET, data=chunks(5000), headers=headers, timeout=5)
    assert (r.status_code, _status(r)) == (200, "2000")


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"data": ', b"\xff\xfe\x00", b'{"data": {"Dest": "1002"}}}']
)
def test_malformed_json_gets_400_4400_and_the_phone_carries_on(
    sim_lab2: SimLab, alice: requests.Session, base: str, body: bytes
) -> None:
    r = alice.post(
        base + "/api/v1/callctrl/dial", data=body, headers={"Content-Type": "application/json"}, timeout=5
    )
    assert (r.status_code, _status(r)) == (400, "4400")
    assert sim_lab2.server("alice").errors == []
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200


def test_paths_match_case_insensitively(alice: requests.Session, base: str) -> None:
    for path in (
        "/API/V2/MGMT/DEVICE/INFO",
        "/api/v1/WebCallControl/callStatus",
        "/api/v2/webcallcontrol/CALLSTATUS",
    ):
        r = alice.get(base + path, timeout=5)
        assert r.status_code == 200, path
        assert _status(r) in ("2000", "4007"), path


def test_the_manuals_callctr_spelling_dials(
    sim_lab2: SimLab, alice: requests.Session, base: str, wait_for: Callable[..., Any]
) -> None:
    r = alice.post(base + "/api/v1/callctr/dial", json={"data": {"Dest": "1002", "Line": "1"}}, timeout=5)
    assert (r.status_code, _status(r)) == (200, "2000")
    bob = sim_lab2.endpoint("bob")
    with requests.Session() as s:
        s.auth = (bob.username, bob.password)
        calls = wait_for(
            lambda: s.get(bob.base_url + CALL_STATUS, timeout=5).json()["data"], what="bob rings"
        )
    assert calls[0]["CallState"] == "Offering"


def test_unknown_paths_get_404(alice: requests.Session, base: str) -> None:
    assert alice.get(base + "/api/v1/mgmt/noSuchCommand", timeout=5).status_code == 404
    assert alice.post(base + "/api/v1/nothing/here", json={}, timeout=5).status_code == 404
    for path in ("/", "/index.html", "/apix/v1/mgmt/device/info", "/form-submit"):
        assert alice.get(base + path, timeout=5).status_code == 404, path


def test_known_path_with_the_wrong_method_gets_405(alice: requests.Session, base: str) -> None:
    assert alice.get(base + "/api/v1/callctrl/dial", timeout=5).status_code == 405
    assert alice.post(base + DEVICE_INFO, json={}, timeout=5).status_code == 405
    assert alice.delete(base + DEVICE_INFO, timeout=5).status_code == 405


def test_handler_exception_gives_5500_and_is_kept(
    sim_lab2: SimLab, alice: requests.Session, base: str, extra_routes: dict[str, Route]
) -> None:
    def broken(phone: Any, request: Any) -> Reply:
        raise KeyError("a bug in a handler")

    _add_route(extra_routes, "GET", "/api/v1/test/broken", broken)
    r = alice.get(base + "/api/v1/test/broken", timeout=5)
    assert (r.status_code, _status(r)) == (500, "5500")
    server = sim_lab2.server("alice")
    assert len(server.errors) == 1 and isinstance(server.errors[0], KeyError)
    with pytest.raises(KeyError, match="a bug in a handler"):
        server.check_errors()
    assert sim_lab2.errors == server.errors
    # the phone goes on answering
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200
    server.errors.clear()


def test_a_request_during_another_gets_403(
    sim_lab2: SimLab, sessions: Callable[..., requests.Session], base: str, extra_routes: dict[str, Route]
) -> None:
    gate = Gate()
    _add_route(extra_routes, "GET", "/api/v1/test/gate", gate.handler)
    ep = sim_lab2.endpoint("alice")
    first: dict[str, Any] = {}

    def slow_request() -> None:
        first["response"] = sessions(ep).get(base + "/api/v1/test/gate", timeout=10)

    worker = threading.Thread(target=slow_request)
    worker.start()
    try:
        assert gate.entered.wait(5)
        r = sessions(ep).get(base + DEVICE_INFO, timeout=5)
        assert r.status_code == 403
        assert _status(r) == "4403"
        # the simulator's own paths are never busy
        assert sessions(ep).get(base + "/sim/state", timeout=5).status_code == 200
    finally:
        gate.release.set()
        worker.join(10)
    assert first["response"].status_code == 200
    assert sessions(ep).get(base + DEVICE_INFO, timeout=5).status_code == 200


def test_queue_mode_makes_a_concurrent_request_wait_its_turn(
    sim_lab_factory: Callable[..., SimLab],
    sessions: Callable[..., requests.Session],
    extra_routes: dict[str, Route],
    wait_for: Callable[..., Any],
) -> None:
    lab = sim_lab_factory(phones=1, queue_requests=True)
    ep = lab.endpoint("alice")
    server = lab.server("alice")
    gate = Gate()
    _add_route(extra_routes, "GET", "/api/v1/test/gate", gate.handler)
    results: dict[str, requests.Response] = {}

    def call(name: str, path: str) -> None:
        results[name] = sessions(ep).get(ep.base_url + path, timeout=10)

    first = threading.Thread(target=call, args=("first", "/api/v1/test/gate"))
    second = threading.Thread(target=call, args=("second", DEVICE_INFO))
    first.start()
    try:
        assert gate.entered.wait(5)
        second.start()
        wait_for(lambda: server.queued == 1, what="the second request to queue")
        assert "second" not in results
    finally:
        gate.release.set()
        first.join(10)
        if second.is_alive() or second.ident is not None:
            second.join(10)
    assert results["first"].status_code == 200
    assert results["second"].status_code == 200
    assert _status(results["second"]) == "2000"


def test_keep_alive_serves_many_requests_on_one_connection(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("alice")
    import base64

    token = base64.b64encode(f"{ep.username}:{ep.password}".encode()).decode()
    conn = http.client.HTTPConnection(ep.host, ep.port, timeout=5)
    try:
        for _ in range(3):
            conn.request("GET", DEVICE_INFO, headers={"Authorization": "Basic " + token})
            response = conn.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["Status"] == "2000"
            assert response.getheader("Connection") != "close"
        sock = conn.sock
        conn.request("GET", CALL_STATUS, headers={"Authorization": "Basic " + token})
        conn.getresponse().read()
        assert conn.sock is sock  # still the same TCP connection
    finally:
        conn.close()


def test_digest_mode_challenges_with_digest_and_verifies_it(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=1, auth="digest")
    ep = lab.endpoint("alice")
    r = requests.get(ep.base_url + DEVICE_INFO, auth=(ep.username, ep.password), timeout=5)
    assert r.status_code == 401  # Basic is not accepted by such firmware
    challenge = r.headers["WWW-Authenticate"]
    assert challenge.startswith("Digest ") and 'qop="auth"' in challenge and "algorithm=MD5" in challenge
    with requests.Session() as s:
        s.auth = HTTPDigestAuth(ep.username, ep.password)
        for path in (DEVICE_INFO, CALL_STATUS + "?line=1", DEVICE_INFO):
            r = s.get(ep.base_url + path, timeout=5)
            assert r.status_code == 200, path
        r = s.post(ep.base_url + CONFIG_GET, json={"data": ["apps.restapi.enabled"]}, timeout=5)
        assert (r.status_code, _status(r)) == (200, "2000")
    wrong = requests.get(ep.base_url + DEVICE_INFO, auth=HTTPDigestAuth(ep.username, "nope"), timeout=5)
    assert wrong.status_code == 401


def _digest_header(challenge: str, method: str, uri: str, password: str, nc: int = 1) -> str:
    """An Authorization header computed by hand (RFC 7616, MD5, qop=auth)."""
    params = requests.utils.parse_dict_header(challenge[len("Digest ") :])

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    ha1 = md5(f"Polycom:{params['realm']}:{password}")
    ha2 = md5(f"{method}:{uri}")
    cnonce, count = "0a4f113b", f"{nc:08x}"
    response = md5(f"{ha1}:{params['nonce']}:{count}:{cnonce}:auth:{ha2}")
    return (
        f'Digest username="Polycom", realm="{params["realm"]}", nonce="{params["nonce"]}", uri="{uri}", '
        f'qop=auth, nc={count}, cnonce="{cnonce}", response="{response}", opaque="{params["opaque"]}", '
        "algorithm=MD5"
    )


def test_digest_refuses_a_replayed_or_tampered_authorization(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=1, auth="digest")
    ep = lab.endpoint("alice")
    challenge = requests.get(ep.base_url + DEVICE_INFO, timeout=5).headers["WWW-Authenticate"]
    header = _digest_header(challenge, "GET", DEVICE_INFO, ep.password)
    good = requests.get(ep.base_url + DEVICE_INFO, headers={"Authorization": header}, timeout=5)
    assert good.status_code == 200
    replay = requests.get(ep.base_url + DEVICE_INFO, headers={"Authorization": header}, timeout=5)
    assert replay.status_code == 401
    other_uri = requests.get(ep.base_url + CALL_STATUS, headers={"Authorization": header}, timeout=5)
    assert other_uri.status_code == 401
    next_count = _digest_header(challenge, "GET", DEVICE_INFO, ep.password, nc=2)
    assert requests.get(ep.base_url + DEVICE_INFO, headers={"Authorization": next_count}, timeout=5).ok
    forged = _digest_header(challenge.replace('nonce="', 'nonce="f'), "GET", DEVICE_INFO, ep.password)
    assert (
        requests.get(ep.base_url + DEVICE_INFO, headers={"Authorization": forged}, timeout=5).status_code
        == 401
    )


def test_server_refuses_addresses_outside_loopback(sim_lab2: SimLab) -> None:
    phone = sim_lab2.phone("alice")
    for host in ("0.0.0.0", "10.1.2.3", "192.168.1.10", "::1", "example.com"):
        with pytest.raises(ValueError, match="127"):
            server_module.SimServer(phone, host=host)


def _raw_exchange(ep: Any, data: bytes) -> bytes:
    """Send raw bytes to a phone and read until it closes the connection."""
    import socket

    with socket.create_connection((ep.host, ep.port), timeout=5) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _basic(ep: Any) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{ep.username}:{ep.password}".encode()).decode()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"GARBAGE\r\n\r\n", b"400"),
        (b"GET /api/v2/mgmt/device/info\r\n\r\n", b"400"),
        (b"GET /api/v2/mgmt/device/info HTTP/2.0\r\n\r\n", b"505"),
        (b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\n\r\n", b"414"),
        (b"GET /api/v2/mgmt/device/info HTTP/1.1\r\nno colon here\r\n\r\n", b"400"),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(40)) + b"\r\n\r\n", b"400"),
    ],
)
def test_malformed_requests_are_refused_and_the_phone_carries_on(
    sim_lab2: SimLab, alice: requests.Session, base: str, data: bytes, status: bytes
) -> None:
    answer = _raw_exchange(sim_lab2.endpoint("alice"), data)
    assert answer.startswith(b"HTTP/1.1 " + status)
    assert sim_lab2.server("alice").errors == []
    assert alice.get(base + DEVICE_INFO, timeout=5).status_code == 200


def test_pipelined_requests_are_answered_in_order(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("alice")
    one = f"GET {DEVICE_INFO} HTTP/1.1\r\nHost: x\r\nAuthorization: {_basic(ep)}\r\n\r\n".encode()
    last = b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = _raw_exchange(ep, one + one + last)
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert answer.rindex(b"HTTP/1.1 404") > answer.rindex(b"HTTP/1.1 200")
    assert answer.endswith(b"Not Found")


def test_http_1_0_closes_after_the_answer_and_expect_continue_works(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("alice")
    answer = _raw_exchange(ep, f"GET {DEVICE_INFO} HTTP/1.0\r\nAuthorization: {_basic(ep)}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200") and b"Connection: close" in answer
    body = json.dumps({"data": ["apps.restapi.enabled"]}).encode()
    head = (
        f"POST {CONFIG_GET} HTTP/1.1\r\nHost: x\r\nAuthorization: {_basic(ep)}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n"
    ).encode()
    answer = _raw_exchange(ep, head + body)
    assert answer.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")


def test_one_busy_phone_does_not_block_another(
    sim_lab2: SimLab, sessions: Callable[..., requests.Session], extra_routes: dict[str, Route]
) -> None:
    gate = Gate()
    _add_route(extra_routes, "GET", "/api/v1/test/gate", gate.handler)
    alice, bob = sim_lab2.endpoint("alice"), sim_lab2.endpoint("bob")
    worker = threading.Thread(
        target=lambda: sessions(alice).get(alice.base_url + "/api/v1/test/gate", timeout=10)
    )
    worker.start()
    try:
        assert gate.entered.wait(5)
        assert sessions(bob).get(bob.base_url + DEVICE_INFO, timeout=5).status_code == 200
    finally:
        gate.release.set()
        worker.join(10)


def test_latency_is_spent_holding_the_request_slot(
    sim_lab_factory: Callable[..., SimLab],
    sessions: Callable[..., requests.Session],
    wait_for: Callable[..., Any],
) -> None:
    import time

    lab = sim_lab_factory(phones=1, latency_ms=1000)
    ep, server = lab.endpoint("alice"), lab.server("alice")
    done: dict[str, float] = {}

    def timed() -> None:
        t0 = time.monotonic()
        sessions(ep).get(ep.base_url + DEVICE_INFO, timeout=5)
        done["elapsed"] = time.monotonic() - t0

    worker = threading.Thread(target=timed)
    worker.start()
    try:
        wait_for(lambda: server.busy, what="the request to take the slot")
        # the first request spends its 1 s latency in the slot: this one arrives meanwhile
        assert sessions(ep).get(ep.base_url + DEVICE_INFO, timeout=5).status_code == 403
    finally:
        worker.join(10)
    assert done["elapsed"] >= 1.0


def test_head_gets_headers_only_and_the_connection_stays_usable(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("alice")
    head = f"HEAD {DEVICE_INFO} HTTP/1.1\r\nHost: x\r\nAuthorization: {_basic(ep)}\r\n\r\n".encode()
    get = f"GET {DEVICE_INFO} HTTP/1.1\r\nHost: x\r\nAuthorization: {_basic(ep)}\r\nConnection: close\r\n\r\n"
    answer = _raw_exchange(ep, head + get.encode())
    first, _, rest = answer.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 405")
    assert rest.startswith(b"HTTP/1.1 200 OK")


def test_server_checks_its_arguments(sim_lab2: SimLab) -> None:
    phone = sim_lab2.phone("alice")
    with pytest.raises(ValueError, match="ssl_context"):
        server_module.SimServer(phone, scheme="https")
    with pytest.raises(ValueError, match="auth"):
        server_module.SimServer(phone, auth="ntlm")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="latency"):
        server_module.SimServer(phone, latency_ms=-1)


def test_a_standalone_server_serves_a_phone_and_stops_promptly(sim_lab2: SimLab) -> None:
    import time

    phone = sim_lab2.phone("bob")
    with server_module.SimServer(phone, host="127.0.0.4") as server:
        assert server.url == f"http://127.0.0.4:{server.port}"
        r = requests.get(server.url + DEVICE_INFO, auth=("Polycom", sim_lab2.password), timeout=5)
        assert r.json()["Status"] == "2000"
        keep = requests.Session()
        keep.auth = ("Polycom", sim_lab2.password)
        assert keep.get(server.url + DEVICE_INFO, timeout=5).status_code == 200
        t0 = time.monotonic()
    assert time.monotonic() - t0 < 2.0  # an idle keep-alive connection does not hold stop() up
    assert not server.running
    keep.close()


def test_the_slot_is_free_before_the_answer_is_written(
    sim_lab2: SimLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    # so a client that has its answer and sends the next request at once never finds the phone busy
    server = sim_lab2.server("alice")
    seen: list[bool] = []
    original = http11.Request.send_answer

    def spy(self: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(server.busy)
        original(self, *args, **kwargs)

    monkeypatch.setattr(http11.Request, "send_answer", spy)
    ep = sim_lab2.endpoint("alice")
    conn = http.client.HTTPConnection(ep.host, ep.port, timeout=5)
    statuses = []
    try:
        for path in (CALL_STATUS, DEVICE_INFO, "/api/v1/nope", CALL_STATUS):
            conn.request("GET", path, headers={"Authorization": _basic(ep)})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        conn.close()
    assert statuses == [200, 200, 404, 200]
    assert seen == [False] * 4
