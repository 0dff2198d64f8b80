"""HTTP/1.1 on the wire for the simulated phone: parsing requests, reading bodies, writing answers.

:func:`read_request` parses a request line and its headers (400 / 414 / 431 / 505 via
:class:`BadRequest`); :func:`read_body` reads a Content-Length or chunked body up to :data:`MAX_BODY`
(answering ``Expect: 100-continue`` first); :meth:`Request.send_answer` writes a whole response in
one ``sendall``. :class:`Answer` (with :func:`json_answer` / :func:`text_answer`) is how the
server's rule chain stops and answers. :func:`reset` and :func:`linger_close` are the two ways a
connection ends other than a plain close. The rules themselves live in :mod:`vvxauto.sim.server`.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import time
from http import HTTPStatus
from typing import BinaryIO

__all__ = [
    "MAX_BODY",
    "Answer",
    "BadRequest",
    "Request",
    "is_json",
    "json_answer",
    "linger_close",
    "phrase",
    "read_body",
    "read_request",
    "reset",
    "send_bad_request",
    "text_answer",
]

MAX_BODY = 20 * 1024
_MAX_LINE = 8192
_MAX_HEADERS = 100
_DRAIN_LIMIT = 4 * 1024 * 1024
_DRAIN_SECONDS = 2.0


class Answer(Exception):
    """Stop the server's rule chain and send this answer."""

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


def json_answer(status: int, code: str) -> Answer:
    """An answer with the JSON body ``{"Status": code}``."""
    return Answer(status, json.dumps({"Status": code}).encode(), "application/json")


def text_answer(status: int) -> Answer:
    """An answer whose plain-text body is the status's reason phrase."""
    return Answer(status, HTTPStatus(status).phrase.encode(), "text/plain; charset=utf-8")


class Request:
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
            f"HTTP/1.1 {status} {phrase(status)}",
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


def phrase(status: int) -> str:
    """The reason phrase of an HTTP status (``"Unknown"`` for one :mod:`http` does not know)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class BadRequest(Exception):
    """The request could not be parsed; answer ``status`` and close."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def send_bad_request(sock: socket.socket, status: int) -> None:
    """Answer an unparsable request with ``status`` and ``Connection: close``."""
    body = phrase(status).encode()
    sock.sendall(
        f"HTTP/1.1 {status} {phrase(status)}\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


def read_request(sock: socket.socket, rfile: BinaryIO) -> Request | None:
    """Parse the next request's line and headers; None at end of stream."""
    line = rfile.readline(_MAX_LINE + 1)
    while line in (b"\r\n", b"\n"):  # tolerated before a request line (RFC 9112, 2.2)
        line = rfile.readline(_MAX_LINE + 1)
    if not line:
        return None
    if len(line) > _MAX_LINE:
        raise BadRequest(414)
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or not parts[1].startswith("/"):
        raise BadRequest(400)
    method, target, version = parts
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise BadRequest(505)
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADERS + 1):
        raw = rfile.readline(_MAX_LINE + 1)
        if len(raw) > _MAX_LINE:
            raise BadRequest(431)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, sep, value = raw.decode("latin-1").partition(":")
        key = name.strip().lower()
        if not sep or not key or name != name.strip():  # no space around names, no obs-fold
            raise BadRequest(400)
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    else:
        raise BadRequest(431)
    return Request(sock, rfile, method.upper(), target, version, headers)


def is_json(content_type: str | None) -> bool:
    """True if a Content-Type header names ``application/json`` (parameters ignored)."""
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/json"


def read_body(h: Request) -> tuple[bytes | None, bool]:
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
        raise json_answer(400, "4400") from None
    if length > MAX_BODY:
        h.unread_body = True
        return None, True
    _continue(h)
    data = h.rfile.read(length) if length else b""
    if len(data) < length:
        h.close_connection = True
        raise json_answer(400, "4400")
    return data, False


def _continue(h: Request) -> None:
    """Answer ``Expect: 100-continue`` before reading a body we mean to read."""
    if h.version == "HTTP/1.1" and h.headers.get("expect", "").lower() == "100-continue":
        h.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")


def _read_chunked(h: Request) -> tuple[bytes | None, bool]:
    """Read a chunked body, stopping (oversize) once it passes :data:`MAX_BODY`."""
    parts: list[bytes] = []
    total = 0
    while True:
        line = h.rfile.readline(1024)
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            h.close_connection = True
            raise json_answer(400, "4400") from None
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
            raise json_answer(400, "4400")
        parts.append(chunk)


def reset(sock: socket.socket) -> None:
    """Close with a TCP RST (SO_LINGER 0), as a phone going down does to its peers."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        socket.socket.close(sock)


def linger_close(sock: socket.socket) -> None:
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
