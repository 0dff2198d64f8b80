"""The last exchanges a client had with its phone, redacted, for failure reports.

Each :class:`Exchange` keeps what a QA engineer needs to see what happened: method, path, the
request body, HTTP status, the phone's ``Status``, the (trimmed) response body, the time taken and
the error raised, if any. Nothing secret is kept: the ``Authorization`` header is never recorded,
the values of JSON keys that look secret (``Password``, ``device.auth.localAdminPassword``, ...)
are masked, and the client's own password is masked wherever it appears in a body.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BODY_LIMIT",
    "MASK",
    "Exchange",
    "Transcript",
    "is_secret_key",
    "redact",
    "redact_body",
    "redact_response",
]

#: What a secret value is replaced with.
MASK = "***"

#: Longest response body kept per exchange, in bytes.
BODY_LIMIT = 2000

_SECRET_WORDS = ("password", "passwd", "secret", "lockcode", "authorization", "token")
_SECRET_IN_BYTES = re.compile("|".join(_SECRET_WORDS).encode(), re.IGNORECASE)


def is_secret_key(key: str) -> bool:
    """True for JSON keys and config names whose values must not be recorded."""
    k = key.lower()
    return any(w in k for w in _SECRET_WORDS)


def redact(value: Any) -> Any:
    """A copy of a JSON value with the values of secret-looking keys masked."""
    if isinstance(value, dict):
        return {k: (MASK if isinstance(k, str) and is_secret_key(k) else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def _has_secret_key(value: Any) -> bool:
    if isinstance(value, dict):
        return any((isinstance(k, str) and is_secret_key(k)) or _has_secret_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_secret_key(v) for v in value)
    return False


def redact_body(body: Any) -> Any:
    """``body`` itself when nothing in it is secret (no copy), else a redacted copy."""
    return redact(body) if _has_secret_key(body) else body


def _bytes_may_hold_secret(raw: bytes) -> bool:
    return _SECRET_IN_BYTES.search(raw) is not None


def redact_response(raw: bytes, secret: bytes | None) -> str:
    """The response body as recorded: trimmed, secret keys masked, ``secret`` masked."""
    if raw[:2] == b"BM":
        return f"<{len(raw)} bytes of BMP image>"
    if _bytes_may_hold_secret(raw):
        try:
            raw = json.dumps(redact(json.loads(raw)), ensure_ascii=False).encode()
        except ValueError:
            raw = b"<body not recorded: it may hold a secret and is not JSON>"
    if secret and secret in raw:
        raw = raw.replace(secret, MASK.encode())
    if len(raw) > BODY_LIMIT:
        return raw[:BODY_LIMIT].decode("utf-8", "replace") + f"... ({len(raw)} bytes)"
    return raw.decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its outcome (redacted)."""

    method: str
    path: str  # with the query string
    command: str  # the manual's command name
    request_body: str | None  # JSON text as sent, secrets masked
    http_status: int | None  # None when no HTTP answer came
    status_code: str | None  # the phone's Status, when the body had one
    response_body: str | None  # trimmed, secrets masked
    duration: float  # seconds
    started: float  # time.time() when sent
    attempt: int = 1  # > 1 for retries after a busy answer
    error: str | None = None  # the error class name and message, when one was raised

    def as_text(self) -> str:
        """One or two lines: what was sent and what came back."""
        stamp = (
            time.strftime("%H:%M:%S", time.localtime(self.started))
            + f".{int(self.started * 1000) % 1000:03d}"
        )
        head = f"{stamp} {self.method} {self.path} [{self.command}]"
        if self.attempt > 1:
            head += f" (attempt {self.attempt})"
        if self.request_body is not None:
            head += f" body={self.request_body}"
        outcome = f"HTTP {self.http_status}" if self.http_status is not None else "no answer"
        if self.status_code is not None:
            outcome += f" Status {self.status_code}"
        outcome += f" in {self.duration * 1000:.1f} ms"
        if self.response_body:
            outcome += f": {self.response_body}"
        if self.error:
            outcome += f" -> {self.error}"
        return f"{head}\n    {outcome}"


class Transcript:
    """A ring buffer of the last ``size`` exchanges of one client (thread-safe)."""

    def __init__(self, size: int = 100) -> None:
        self._items: deque[Exchange] = deque(maxlen=max(0, size))
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """How many exchanges are kept at most."""
        return self._items.maxlen or 0

    def record(self, exchange: Exchange) -> None:
        """Add an exchange, dropping the oldest when full."""
        with self._lock:
            self._items.append(exchange)

    def entries(self) -> list[Exchange]:
        """The kept exchanges, oldest first."""
        with self._lock:
            return list(self._items)

    def last(self) -> Exchange | None:
        """The most recent exchange, or None."""
        try:
            return self._items[-1]
        except IndexError:
            return None

    def clear(self) -> None:
        """Forget every exchange."""
        with self._lock:
            self._items.clear()

    def as_text(self, limit: int | None = None) -> str:
        """The last ``limit`` (default: all kept) exchanges as text, oldest first, for reports."""
        items = self.entries()
        if limit is not None:
            items = items[-limit:] if limit > 0 else []
        if not items:
            return "(no exchanges recorded)"
        return "\n".join(e.as_text() for e in items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Exchange]:
        return iter(self.entries())

    def __repr__(self) -> str:
        return f"<Transcript {len(self)}/{self.size} exchanges>"
