"""The HTTP(S) server of one simulated phone: the wire rules of a real VVX, then the handlers.

Each request goes through these rules, in this order (the first that applies answers):

1. phone down (restarting/rebooting, ``phone.is_up`` False): the TCP connection is **reset** (RST)
   without an answer. New connections are accepted and reset at once, so a client sees
   ``ConnectionResetError`` (``requests.ConnectionError``) rather than a refusal or a time-out;
   the listening port stays bound so the phone comes back on the same port.
2. only ``/api/...``, ``/captureScreen/...`` and the simulator's own ``/sim/...`` exist: else 404.
3. REST disabled (``apps.restapi.enabled`` != 1): 404 for every ``/api/...`` path.
4. authentication: HTTP Basic, user ``Polycom``, the phone's admin password, else 401 with a
   ``WWW-Authenticate`` challenge. With ``auth="digest"`` the server challenges with Digest (MD5,
   ``qop=auth``) instead and accepts only Digest, as later firmware is reported to do.
   ``/sim/...`` paths are then handled (they skip every rule below).
5. factory admin password (456) still set: HTTP 200 ``{"Status": "4010"}`` on ``/api/...``.
6. fault knobs (see :mod:`vvxauto.sim.faults`): drop / busy 403.
7. one request at a time: a request arriving while another one is processed gets HTTP 403
   ``{"Status": "4403"}``; with ``queue_requests=True`` it waits its turn instead. ``latency_ms``
   (and a ``slow`` fault) are spent while holding that slot, so they widen the busy window.
8. ``POST`` without an ``application/json`` content type: HTTP 400 ``{"Status": "4400"}``.
9. a body over 20 KB (20 * 1024 bytes): HTTP 413. Content-Length is checked before reading; a
   chunked body is read up to the limit only; the connection is then closed.
10. malformed JSON (or not UTF-8): HTTP 400 ``{"Status": "4400"}``.
11. unknown path: 404; known path, other method: 405.
12. the handler (:mod:`vvxauto.sim.routing`); :class:`~vvxauto.sim.routing.PhoneStatus` gives its
    reply; any other exception gives HTTP 500 ``{"Status": "5500"}`` and is kept in
    :attr:`SimServer.errors` (see :meth:`SimServer.check_errors`).

Responses are written with one ``sendall`` each, on sockets with Nagle disabled, over HTTP/1.1
keep-alive connections (one thread per connection; pipelining and ``Expect: 100-continue`` work).
A request that cannot be parsed gets 400 (414 for a long line, 431 for too many or too long
headers, 505 for a version other than HTTP/1.0 and 1.1) and the connection is closed. Nothing is
logged. :attr:`SimServer.requests_served` counts requests when they arrive.

The wire format lives in :mod:`vvxauto.sim.http11`, Basic/Digest in :mod:`vvxauto.sim.auth` and the
``/sim/...`` paths in :mod:`vvxauto.sim.control`; this module holds the rules and the connections.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any, BinaryIO, Protocol, cast
from urllib.parse import parse_qsl

from vvxauto.sim.auth import USERNAME, Authenticator, AuthMode
from vvxauto.sim.control import answer_sim_path, snapshot
from vvxauto.sim.faults import FaultPlan, Faults
from vvxauto.sim.http11 import (
    MAX_BODY,
    Answer,
    BadRequest,
    Request,
    is_json,
    json_answer,
    linger_close,
    read_body,
    read_request,
    reset,
    send_bad_request,
    text_answer,
)
from vvxauto.sim.routing import PhoneStatus, Reply, Route, SimRequest, resolve

__all__ = [
    "FACTORY_PASSWORD",
    "MAX_BODY",
    "USERNAME",
    "AuthMode",
    "PhoneLike",
    "SimServer",
    "check_loopback",
]

FACTORY_PASSWORD = "456"
_IDLE_TIMEOUT = 60.0
_MAX_CONNECTIONS = 64


class PhoneLike(Protocol):
    """What the server needs of a phone (``vvxauto.sim.device.SimPhone`` provides it)."""

    @property
    def is_up(self) -> bool: ...
    @property
    def rest_enabled(self) -> bool: ...
    @property
    def admin_password(self) -> str: ...
    def restart(self, reboot: bool = False) -> None: ...


def check_loopback(host: str) -> str:
    """Return ``host`` as an IP literal if it is a 127.0.0.0/8 address, else raise ValueError.

    ``"localhost"`` is taken as ``127.0.0.1``; other names are refused (no DNS look-up).
    """
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"the simulator binds to 127.x addresses only, not {host!r}") from None
    if address.version != 4 or address not in ipaddress.ip_network("127.0.0.0/8"):
        raise ValueError(f"the simulator binds to 127.x addresses only, not {host!r}")
    return str(address)


class _Slot:
    """The phone's single request slot; waiters wake when it frees or the server stops."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._busy = False
        self.closed = False
        self.waiting = 0

    @property
    def busy(self) -> bool:
        return self._busy

    def acquire(self, wait: bool) -> bool:
        with self._cond:
            if wait:
                self.waiting += 1
                try:
                    while self._busy and not self.closed:
                        self._cond.wait()
                finally:
                    self.waiting -= 1
            if self._busy or self.closed:
                return False
            self._busy = True
            return True

    def release(self) -> None:
        with self._cond:
            self._busy = False
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class SimServer:
    """HTTP(S) server for one simulated phone (see the module docstring for the rules).

    The socket is bound in the constructor (``port=0`` picks a free port; :attr:`port` tells which);
    :meth:`start` begins serving, :meth:`stop` closes every connection and joins every thread.
    Raises ValueError for a host outside 127.0.0.0/8 or an inconsistent scheme/context.
    """

    def __init__(
        self,
        phone: PhoneLike,
        host: str = "127.0.0.1",
        port: int = 0,
        scheme: str = "http",
        ssl_context: ssl.SSLContext | None = None,
        latency_ms: float = 0.0,
        queue_requests: bool = False,
        auth: AuthMode = "basic",
    ) -> None:
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be 'http' or 'https', not {scheme!r}")
        if (scheme == "https") != (ssl_context is not None):
            raise ValueError("an ssl_context is needed for https, and only for https")
        if auth not in ("basic", "digest"):
            raise ValueError(f"auth must be 'basic' or 'digest', not {auth!r}")
        if latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        import vvxauto.sim.handlers  # noqa: F401  (registers every route)

        self.phone = phone
        self.host = check_loopback(host)
        self.scheme = scheme
        self.ssl_context = ssl_context
        self.latency_ms = float(latency_ms)
        self.queue_requests = queue_requests
        self.auth = auth
        self.faults = Faults(self)
        self.errors: list[BaseException] = []
        self.requests_served = 0  # requests received and answered (not those reset while down)
        self._authenticator = Authenticator(auth)
        self._slot = _Slot()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._accept_thread: threading.Thread | None = None
        self._listener = socket.create_server((self.host, port), backlog=128)
        self._listener.setblocking(False)
        self.port: int = self._listener.getsockname()[1]
        self._wake_r, self._wake_w = socket.socketpair()

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:40123``."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._accept_thread is not None and not self._stopping.is_set()

    def start(self) -> SimServer:
        """Start accepting connections (idempotent); returns self."""
        if self._stopping.is_set():
            raise RuntimeError("a stopped SimServer cannot be started again; make a new one")
        if self._accept_thread is None:
            self._accept_thread = threading.Thread(
                target=self._accept_loop, name=f"sim-accept-{self.port}", daemon=True
            )
            self._accept_thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop: close the listening socket and every connection, join every thread."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._slot.close()
        self.faults.clear()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        if self._accept_thread is not None:
            self._accept_thread.join(timeout)
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()
        with self._lock:
            conns = list(self._connections.items())
        for sock, _thread in conns:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for _sock, thread in conns:
            thread.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def busy(self) -> bool:
        """True while a request holds the phone's request slot (others get 403 or wait)."""
        return self._slot.busy

    @property
    def queued(self) -> int:
        """How many requests wait for the slot (``queue_requests=True`` only)."""
        return self._slot.waiting

    def check_errors(self) -> None:
        """Raise the first exception a handler raised (kept in :attr:`errors`), if any."""
        if self.errors:
            raise self.errors[0]

    def __repr__(self) -> str:
        return f"<SimServer {self.url} auth={self.auth} errors={len(self.errors)}>"

    # -- connections -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self._wake_r or self._stopping.is_set():
                        return
                    try:
                        conn, addr = self._listener.accept()
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        if self._stopping.is_set():
                            return
                        continue
                    self._start_connection(conn, addr)

    def _start_connection(self, conn: socket.socket, addr: Any) -> None:
        with self._lock:
            if len(self._connections) >= _MAX_CONNECTIONS or self._stopping.is_set():
                conn.close()
                return
            thread = threading.Thread(
                target=self._serve_connection, args=(conn, addr), name=f"sim-conn-{self.port}", daemon=True
            )
            self._connections[conn] = thread
        thread.start()

    def _serve_connection(self, conn: socket.socket, addr: Any) -> None:
        sock: socket.socket = conn
        last: Request | None = None
        try:
            conn.settimeout(_IDLE_TIMEOUT)
            if not self.phone.is_up:
                reset(conn)
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.ssl_context is not None:
                sock = self.ssl_context.wrap_socket(conn, server_side=True)
                with self._lock:
                    self._connections[sock] = self._connections.pop(conn)
            with contextlib.closing(cast(BinaryIO, sock.makefile("rb", buffering=65536))) as rfile:
                while not self._stopping.is_set():
                    try:
                        request = read_request(sock, rfile)
                    except BadRequest as bad:
                        send_bad_request(sock, bad.status)
                        break
                    if request is None:
                        break
                    last = request
                    self.dispatch(request)
                    if request.close_connection:
                        break
        except (OSError, ValueError):
            pass  # the client went away, timed out or failed the handshake: not a phone error
        except Exception as exc:  # a bug in the server itself: keep it for the tests
            if not self._stopping.is_set():
                self.errors.append(exc)
        finally:
            if last is not None and last.reset:
                reset(sock)
            elif last is not None and last.unread_body:
                linger_close(sock)
            with contextlib.suppress(OSError):
                sock.close()
            with self._lock:
                self._connections.pop(sock, None)
                self._connections.pop(conn, None)

    # -- the rules -------------------------------------------------------------------------------

    def dispatch(self, h: Request) -> None:
        """Apply the phone's HTTP rules to the request parsed by ``h`` and answer it."""
        phone = self.phone
        if not phone.is_up:
            h.reset = True
            h.close_connection = True
            return
        with self._lock:  # counted before answering, so a client that has its answer sees the count
            self.requests_served += 1
        try:
            self._answer(h)
        except Answer as answer:
            h.send_answer(answer.status, answer.body, answer.content_type, answer.headers)
        except OSError:
            h.close_connection = True  # the client went away (or timed out) while we answered
        except Exception as exc:  # a bug in the rules themselves
            self.errors.append(exc)
            with contextlib.suppress(OSError, ValueError):
                body = json.dumps({"Status": "5500"}).encode()
                h.send_answer(500, body, "application/json")

    def _answer(self, h: Request) -> None:
        phone = self.phone
        target = h.path
        raw_path, _, query_string = target.partition("?")
        lower = raw_path.lower()
        body, oversize = read_body(h)
        if lower.startswith("/api/"):
            kind = "api"
        elif lower.startswith("/capturescreen/"):
            kind = "capture"
        elif lower.startswith("/sim/"):
            kind = "sim"
        else:
            raise text_answer(404)
        if kind == "api" and not phone.rest_enabled:
            raise text_answer(404)
        authorization = h.headers.get("authorization") or ""
        self._authenticator.check(authorization, h.command, target, phone.admin_password)
        if kind == "sim":
            answer_sim_path(self, h, lower, body, oversize)
            return
        if kind == "api" and phone.admin_password == FACTORY_PASSWORD:
            raise json_answer(200, "4010")
        plan = self.faults.draw()
        if plan.drop:
            h.close_connection = True
            return
        if plan.busy or not self._slot.acquire(wait=self.queue_requests):
            raise json_answer(403, "4403")
        try:
            reply, payload = self._process(h, raw_path, query_string, body, oversize, plan)
        finally:
            # freed before the answer goes out: a client that has its answer may send the next
            # request at once and must not find the phone still busy with this one
            self._slot.release()
        h.send_answer(reply.status, payload, reply.content_type, truncate=plan.truncate)

    def _process(
        self,
        h: Request,
        raw_path: str,
        query_string: str,
        body: bytes | None,
        oversize: bool,
        plan: FaultPlan,
    ) -> tuple[Reply, bytes]:
        """Everything done while holding the request slot: checks, the handler, the JSON body."""
        if self.latency_ms > 0:
            self._stopping.wait(self.latency_ms / 1000.0)
        self.faults.pause(plan.delay)
        method = h.command
        if method == "POST" and not is_json(h.headers.get("content-type")):
            raise json_answer(400, "4400")
        if oversize:
            raise text_answer(413)
        parsed: Any = None
        if body:
            try:
                parsed = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise json_answer(400, "4400") from None
        route, params, known = resolve(method, raw_path)
        if route is None:
            raise text_answer(405 if known else 404)
        request = SimRequest(
            method=method,
            path=raw_path,
            query=dict(parse_qsl(query_string, keep_blank_values=True)),
            body=parsed,
            raw_body=body or b"",
            params=params,
            headers=dict(h.headers),
        )
        reply = self._call(route, request)
        body_out = reply.body
        payload = body_out if isinstance(body_out, bytes) else json.dumps(body_out).encode("utf-8")
        return reply, payload

    def _call(self, route: Route, request: SimRequest) -> Reply:
        handler: Callable[[Any, SimRequest], Reply] = route.handler
        try:
            reply = handler(self.phone, request)
            if not isinstance(reply, Reply):
                raise TypeError(f"handler {route.name} returned {type(reply).__name__}, not a Reply")
        except PhoneStatus as status:
            return status.reply()
        except Exception as exc:  # a handler bug: answer 5500 and keep it for the tests
            self.errors.append(exc)
            return Reply({"Status": "5500"}, status=500)
        return reply

    # -- /sim/... --------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """A debugging snapshot of the phone and the server (``GET /sim/state``); no secrets."""
        return snapshot(self)
