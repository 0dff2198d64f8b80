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
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import ipaddress
import json
import os
import re
import selectors
import socket
import ssl
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, BinaryIO, Literal, Protocol, cast
from urllib.parse import parse_qsl

from vvxauto.sim.faults import FaultPlan, Faults
from vvxauto.sim.routing import PhoneStatus, Reply, Route, SimRequest, resolve

__all__ = ["FACTORY_PASSWORD", "MAX_BODY", "USERNAME", "PhoneLike", "SimServer", "check_loopback"]

MAX_BODY = 20 * 1024
USERNAME = "Polycom"
FACTORY_PASSWORD = "456"
REALM = "Polycom VVX"
_DIGEST_NONCE_LIFETIME = 300.0
_IDLE_TIMEOUT = 60.0
_MAX_CONNECTIONS = 64
_DRAIN_LIMIT = 4 * 1024 * 1024
_DRAIN_SECONDS = 2.0

AuthMode = Literal["basic", "digest"]


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


_AUTH_PARAM = re.compile(r'\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)')


def _parse_auth_params(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for m in _AUTH_PARAM.finditer(text):
        value = m.group(2)
        value = re.sub(r"\\(.)", r"\1", value) if value is not None else m.group(3)
        params[m.group(1).lower()] = value
    return params


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class _Digest:
    """Server side of HTTP Digest (RFC 7616, MD5, qop=auth) with signed, expiring nonces."""

    def __init__(self, realm: str) -> None:
        self.realm = realm
        self._secret = os.urandom(32)
        self._opaque = os.urandom(8).hex()
        self._seen: OrderedDict[str, set[str]] = OrderedDict()
        self._lock = threading.Lock()

    def _sign(self, stamp: str) -> str:
        return hmac.new(self._secret, stamp.encode(), hashlib.sha256).hexdigest()[:32]

    def challenge(self, stale: bool = False) -> str:
        stamp = f"{time.time_ns() // 1_000_000:x}"
        nonce = stamp + self._sign(stamp)
        text = (
            f'Digest realm="{self.realm}", qop="auth", algorithm=MD5, '
            f'nonce="{nonce}", opaque="{self._opaque}"'
        )
        return text + (", stale=true" if stale else "")

    def verify(self, header: str, method: str, uri: str, password: str) -> str:
        """``"ok"``, ``"stale"`` (valid but expired nonce) or ``"bad"``."""
        p = _parse_auth_params(header)
        nonce = p.get("nonce", "")
        stamp, sig = nonce[:-32], nonce[-32:]
        if (
            p.get("username") != USERNAME
            or p.get("realm") != self.realm
            or p.get("qop") != "auth"
            or p.get("algorithm", "MD5").upper() != "MD5"
            or p.get("uri") != uri
            or not p.get("cnonce")
            or not re.fullmatch(r"[0-9a-fA-F]{8}", p.get("nc", ""))
            or not stamp
            or not hmac.compare_digest(sig, self._sign(stamp))
        ):
            return "bad"
        ha1 = _md5(f"{USERNAME}:{self.realm}:{password}")
        ha2 = _md5(f"{method}:{uri}")
        expected = _md5(f"{ha1}:{nonce}:{p['nc']}:{p['cnonce']}:auth:{ha2}")
        if not hmac.compare_digest(expected, p.get("response", "").lower()):
            return "bad"
        try:
            issued = int(stamp, 16) / 1000.0
        except ValueError:
            return "bad"
        if time.time() - issued > _DIGEST_NONCE_LIFETIME:
            return "stale"
        with self._lock:  # refuse a replayed (nonce, nc) pair
            seen = self._seen.setdefault(nonce, set())
            self._seen.move_to_end(nonce)
            while len(self._seen) > 1024:
                self._seen.popitem(last=False)
            nc = p["nc"].lower()
            if nc in seen:
                return "bad"
            seen.add(nc)
        return "ok"


class _Answer(Exception):
    """Internal: stop the rule chain and send this answer."""

    def __init__(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = "text/plain",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers


def _json_answer(status: int, code: str) -> _Answer:
    return _Answer(status, json.dumps({"Status": code}).encode(), "application/json")


def _text_answer(status: int) -> _Answer:
    return _Answer(status, HTTPStatus(status).phrase.encode(), "text/plain; charset=utf-8")


class _Request:
    """One HTTP request read from a connection, and the means to answer it."""

    __slots__ = (
        "close_connection",
        "command",
        "headers",
        "path",
        "reset",
        "rfile",
        "sock",
        "unread_body",
        "version",
    )

    def __init__(
        self,
        sock: socket.socket,
        rfile: BinaryIO,
        command: str,
        path: str,
        version: str,
        headers: dict[str, str],
    ) -> None:
        self.sock = sock
        self.rfile = rfile
        self.command = command
        self.path = path
        self.version = version
        self.headers = headers  # names lower-cased
        connection = headers.get("connection", "").lower()
        if version == "HTTP/1.1":
            self.close_connection = "close" in connection
        else:
            self.close_connection = "keep-alive" not in connection
        self.reset = False  # close with RST (phone down)
        self.unread_body = False  # the body was not (fully) read: linger before closing

    def send_answer(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: tuple[tuple[str, str], ...] = (),
        truncate: bool = False,
    ) -> None:
        """Write one complete response in a single ``sendall``."""
        if self.unread_body or truncate:
            self.close_connection = True
        lines = [
            f"HTTP/1.1 {status} {_phrase(status)}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}",
        ]
        lines.extend(f"{k}: {v}" for k, v in headers)
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if self.command == "HEAD":  # the length is announced, the body never sent
            body = b""
        self.sock.sendall(head + (body[: len(body) // 2] if truncate else body))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class _BadRequest(Exception):
    """Internal: the request could not be parsed; answer ``status`` and close."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


_MAX_LINE = 8192
_MAX_HEADERS = 100


def _read_request(sock: socket.socket, rfile: BinaryIO) -> _Request | None:
    """Parse the next request's line and headers; None at end of stream."""
    line = rfile.readline(_MAX_LINE + 1)
    while line in (b"\r\n", b"\n"):  # tolerated before a request line (RFC 9112, 2.2)
        line = rfile.readline(_MAX_LINE + 1)
    if not line:
        return None
    if len(line) > _MAX_LINE:
        raise _BadRequest(414)
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or not parts[1].startswith("/"):
        raise _BadRequest(400)
    method, target, version = parts
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise _BadRequest(505)
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADERS + 1):
        raw = rfile.readline(_MAX_LINE + 1)
        if len(raw) > _MAX_LINE:
            raise _BadRequest(431)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, sep, value = raw.decode("latin-1").partition(":")
        key = name.strip().lower()
        if not sep or not key or name != name.strip():  # no space around names, no obs-fold
            raise _BadRequest(400)
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    else:
        raise _BadRequest(431)
    return _Request(sock, rfile, method.upper(), target, version, headers)


def _is_json(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/json"


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
        self._digest = _Digest(REALM)
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
        last: _Request | None = None
        try:
            conn.settimeout(_IDLE_TIMEOUT)
            if not self.phone.is_up:
                _reset(conn)
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.ssl_context is not None:
                sock = self.ssl_context.wrap_socket(conn, server_side=True)
                with self._lock:
                    self._connections[sock] = self._connections.pop(conn)
            with contextlib.closing(cast(BinaryIO, sock.makefile("rb", buffering=65536))) as rfile:
                while not self._stopping.is_set():
                    try:
                        request = _read_request(sock, rfile)
                    except _BadRequest as bad:
                        body = _phrase(bad.status).encode()
                        sock.sendall(
                            f"HTTP/1.1 {bad.status} {_phrase(bad.status)}\r\nContent-Type: text/plain\r\n"
                            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                            + body
                        )
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
                _reset(sock)
            elif last is not None and last.unread_body:
                _linger_close(sock)
            with contextlib.suppress(OSError):
                sock.close()
            with self._lock:
                self._connections.pop(sock, None)
                self._connections.pop(conn, None)

    # -- the rules -------------------------------------------------------------------------------

    def dispatch(self, h: _Request) -> None:
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
        except _Answer as answer:
            h.send_answer(answer.status, answer.body, answer.content_type, answer.headers)
        except OSError:
            h.close_connection = True  # the client went away (or timed out) while we answered
        except Exception as exc:  # a bug in the rules themselves
            self.errors.append(exc)
            with contextlib.suppress(OSError, ValueError):
                body = json.dumps({"Status": "5500"}).encode()
                h.send_answer(500, body, "application/json")

    def _answer(self, h: _Request) -> None:
        phone = self.phone
        target = h.path
        raw_path, _, query_string = target.partition("?")
        lower = raw_path.lower()
        body, oversize = self._read_body(h)
        if lower.startswith("/api/"):
            kind = "api"
        elif lower.startswith("/capturescreen/"):
            kind = "capture"
        elif lower.startswith("/sim/"):
            kind = "sim"
        else:
            raise _text_answer(404)
        if kind == "api" and not phone.rest_enabled:
            raise _text_answer(404)
        self._authenticate(h, target, phone.admin_password)
        if kind == "sim":
            self._sim(h, lower, body, oversize)
            return
        if kind == "api" and phone.admin_password == FACTORY_PASSWORD:
            raise _json_answer(200, "4010")
        plan = self.faults.draw()
        if plan.drop:
            h.close_connection = True
            return
        if plan.busy or not self._slot.acquire(wait=self.queue_requests):
            raise _json_answer(403, "4403")
        try:
            reply, payload = self._process(h, raw_path, query_string, body, oversize, plan)
        finally:
            # freed before the answer goes out: a client that has its answer may send the next
            # request at once and must not find the phone still busy with this one
            self._slot.release()
        h.send_answer(reply.status, payload, reply.content_type, truncate=plan.truncate)

    def _process(
        self,
        h: _Request,
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
        if method == "POST" and not _is_json(h.headers.get("content-type")):
            raise _json_answer(400, "4400")
        if oversize:
            raise _text_answer(413)
        parsed: Any = None
        if body:
            try:
                parsed = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise _json_answer(400, "4400") from None
        route, params, known = resolve(method, raw_path)
        if route is None:
            raise _text_answer(405 if known else 404)
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

    def _read_body(self, h: _Request) -> tuple[bytes | None, bool]:
        """Read the request body up to :data:`MAX_BODY`; returns ``(body, oversize)``."""
        length_text = h.headers.get("content-length")
        chunked = "chunked" in (h.headers.get("transfer-encoding") or "").lower()
        if chunked:
            _continue(h)
            return _read_chunked(h)
        if length_text is None:
            return None, False
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError(length_text)
        except ValueError:
            h.close_connection = True
            raise _json_answer(400, "4400") from None
        if length > MAX_BODY:
            h.unread_body = True
            return None, True
        _continue(h)
        data = h.rfile.read(length) if length else b""
        if len(data) < length:
            h.close_connection = True
            raise _json_answer(400, "4400")
        return data, False

    def _authenticate(self, h: _Request, target: str, password: str) -> None:
        header = h.headers.get("authorization") or ""
        scheme, _, credentials = header.partition(" ")
        if self.auth == "basic":
            if scheme.lower() == "basic":
                try:
                    raw = base64.b64decode(credentials.strip(), validate=True)
                except ValueError:
                    raw = b""
                try:
                    decoded = raw.decode("utf-8")
                except UnicodeDecodeError:  # clients such as requests send latin-1
                    decoded = raw.decode("latin-1")
                user, _, given = decoded.partition(":")
                if user == USERNAME and hmac.compare_digest(given.encode(), password.encode()):
                    return
            raise _Answer(
                401,
                b"Unauthorized",
                "text/plain; charset=utf-8",
                (("WWW-Authenticate", f'Basic realm="{REALM}", charset="UTF-8"'),),
            )
        verdict = "bad"
        if scheme.lower() == "digest":
            verdict = self._digest.verify(credentials, h.command, target, password)
        if verdict != "ok":
            challenge = self._digest.challenge(stale=verdict == "stale")
            raise _Answer(
                401, b"Unauthorized", "text/plain; charset=utf-8", (("WWW-Authenticate", challenge),)
            )

    # -- /sim/... --------------------------------------------------------------------------------

    def _sim(self, h: _Request, lower: str, body: bytes | None, oversize: bool) -> None:
        path = lower.rstrip("/")
        if oversize:
            raise _text_answer(413)
        if path == "/sim/faults":
            if h.command == "GET":
                data = self.faults.state()
            elif h.command == "POST":
                try:
                    spec = json.loads((body or b"{}").decode("utf-8"))
                    data = self.faults.apply(spec)
                except (UnicodeDecodeError, ValueError):
                    raise _json_answer(400, "4000") from None
            else:
                raise _text_answer(405)
        elif path == "/sim/state":
            if h.command != "GET":
                raise _text_answer(405)
            data = self.state()
        else:
            raise _text_answer(404)
        payload = json.dumps({"Status": "2000", "data": data}).encode("utf-8")
        h.send_answer(200, payload, "application/json")

    def state(self) -> dict[str, Any]:
        """A debugging snapshot of the phone and the server (``GET /sim/state``); no secrets."""
        phone: Any = self.phone
        calls = []
        lock = getattr(phone, "lock", None)
        with lock if lock is not None else contextlib.nullcontext():
            for call in list(getattr(phone, "calls", ()) or ()):
                calls.append(
                    {
                        name: _plain(getattr(call, name, None))
                        for name in ("handle", "line", "state", "direction", "remote_number", "ringing")
                    }
                )
            layout = getattr(phone, "layout", None)
            info = {
                "role": getattr(phone, "role", None),
                "extension": getattr(phone, "extension", None),
                "model": getattr(layout, "model", None),
                "mac": getattr(phone, "mac", None),
                "up": phone.is_up,
                "ready": getattr(phone, "ready", None),
                "rest_enabled": phone.rest_enabled,
                "off_hook": getattr(phone, "off_hook", None),
                "audio_mode": getattr(phone, "audio_mode", None),
                "muted": getattr(phone, "muted", None),
                "version": getattr(phone, "version", None),
                "calls": calls,
            }
        info["server"] = {
            "url": self.url,
            "auth": self.auth,
            "latency_ms": self.latency_ms,
            "queue_requests": self.queue_requests,
            "requests_served": self.requests_served,
            "errors": [repr(e) for e in self.errors],
            "faults": self.faults.state(),
        }
        return info


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _continue(h: _Request) -> None:
    """Answer ``Expect: 100-continue`` before reading a body we mean to read."""
    if h.version == "HTTP/1.1" and h.headers.get("expect", "").lower() == "100-continue":
        h.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")


def _read_chunked(h: _Request) -> tuple[bytes | None, bool]:
    """Read a chunked body, stopping (oversize) once it passes :data:`MAX_BODY`."""
    parts: list[bytes] = []
    total = 0
    while True:
        line = h.rfile.readline(1024)
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            h.close_connection = True
            raise _json_answer(400, "4400") from None
        if size == 0:
            while h.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                pass  # trailer fields: ignored
            return b"".join(parts), False
        total += size
        if total > MAX_BODY:
            h.unread_body = True
            return None, True
        chunk = h.rfile.read(size)
        h.rfile.readline(8)
        if len(chunk) < size:
            h.close_connection = True
            raise _json_answer(400, "4400")
        parts.append(chunk)


def _reset(sock: socket.socket) -> None:
    """Close with a TCP RST (SO_LINGER 0), as a phone going down does to its peers."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        socket.socket.close(sock)


def _linger_close(sock: socket.socket) -> None:
    """Half-close, then discard what the client still sends (bounded), so it can read our answer.

    Closing with unread data would send an RST that may destroy the answer in flight.
    """
    with contextlib.suppress(OSError, ValueError):
        socket.socket.shutdown(sock, socket.SHUT_WR)
        deadline = time.monotonic() + _DRAIN_SECONDS
        drained = 0
        while drained < _DRAIN_LIMIT:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            data = socket.socket.recv(sock, 65536)
            if not data:
                break
            drained += len(data)
