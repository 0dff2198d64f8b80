"""HTTP(S) to one phone: session, auth, TLS, timeouts, the per-phone lock, busy retry, transcript.

This is the only place where HTTP and transport failures become :mod:`vvxauto.errors`, always
raised ``from`` their cause. What it does, and why:

- one ``requests.Session`` per client (keep-alive); environment proxies are ignored by default
  (``trust_env=False``): lab phones are reached directly, and skipping the per-request environment
  lookup keeps the client's overhead small;
- HTTP Basic sent with the first request; when a phone answers 401 with a Digest challenge (later
  firmware), the transport switches to Digest for good and sends the request again;
- a ``(connect, read)`` timeout on every request, in float seconds;
- HTTPS verified by default; or against a CA bundle; or pinned to the phone's certificate
  fingerprint (``sha256:AB:CD:...``), checked during the handshake by urllib3; switching
  verification off is possible but warned about once per process;
- one lock per phone ``(scheme, host, port)`` shared by every client in the process: a phone
  handles one request at a time and answers 403 to a second one;
- a bounded retry with doubling backoff on a busy answer (HTTP 403 or Status 4001) only; nothing
  else is retried, and urllib3's own retries stay off (requests' default of 0).
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

import requests
from requests.auth import AuthBase, HTTPDigestAuth

from vvxauto import errors
from vvxauto.api.quirks import status_text
from vvxauto.api.tls import InsecurePhoneWarning, configure_tls, normalize_fingerprint
from vvxauto.api.transcript import MASK, Exchange, Transcript, redact_body, redact_response

__all__ = ["InsecurePhoneWarning", "Transport", "normalize_fingerprint", "phone_lock"]

_log = logging.getLogger("vvxauto.api")

_JSON_HEADERS = {"Content-Type": "application/json"}
_ERROR_BODY_LIMIT = 300


# ------------------------------------------------------------------------------ per-phone locks

_LOCKS: dict[tuple[str, str, int], threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def phone_lock(scheme: str, host: str, port: int) -> threading.Lock:
    """The lock every client of ``scheme://host:port`` in this process holds around a request."""
    key = (scheme.lower(), host.lower(), int(port))
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = threading.Lock()
        return lock


# ---------------------------------------------------------------------------------------- auth


class _PreemptiveBasic(AuthBase):
    """HTTP Basic sent on every request without waiting for a challenge (header built once)."""

    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self._header = f"Basic {token}"

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = self._header
        return r

    def __repr__(self) -> str:
        return "<Basic auth>"


class _Digest(HTTPDigestAuth):
    def __repr__(self) -> str:
        return "<Digest auth>"


# ----------------------------------------------------------------------------------- transport

_NO_BODY: Any = object()


class _Sent(NamedTuple):
    """One request as errors and the transcript show it (query added, password masked)."""

    command: str
    method: str
    path: str
    body: str | None


class Transport:
    """Sends requests to one phone and turns every outcome into a result or a vvxauto error."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        scheme: str,
        username: str,
        password: str,
        name: str,
        timeout: float | tuple[float, float],
        verify: bool | str,
        ca_bundle: str | Path | None,
        fingerprint: str | None,
        busy_retries: int,
        busy_backoff: float,
        busy_backoff_max: float,
        transcript_size: int,
        trust_env: bool,
    ) -> None:
        scheme = scheme.lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be 'http' or 'https', not {scheme!r}")
        self.host = host
        self.port = int(port)
        self.scheme = scheme
        self.username = username
        self.name = name
        url_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        self.base_url = f"{scheme}://{url_host}:{self.port}"
        self.timeout = _timeout_pair(timeout)
        self.busy_retries = max(0, int(busy_retries))
        self.busy_backoff = float(busy_backoff)
        self.busy_backoff_max = float(busy_backoff_max)
        self.transcript = Transcript(transcript_size)
        self.lock = phone_lock(scheme, host, self.port)
        # kept only to answer a Digest challenge and to mask the password in recorded bodies
        self._credentials = (username, password)
        self._secret = password.encode() if password else None
        self._digest = False

        s = requests.Session()
        s.trust_env = trust_env
        s.auth = _PreemptiveBasic(username, password)
        s.headers["Accept"] = "application/json"
        self.tls_mode = "none"
        if scheme == "https":
            self.tls_mode = configure_tls(
                s, name, verify=verify, ca_bundle=ca_bundle, fingerprint=fingerprint
            )
        self.session = s

    def __repr__(self) -> str:
        return f"<Transport {self.name} {self.base_url} user={self.username!r} tls={self.tls_mode}>"

    def close(self) -> None:
        """Close the session's pooled connections."""
        self.session.close()

    # ---------------------------------------------------------------------------------- request

    def request(
        self,
        method: str,
        path: str,
        *,
        command: str,
        body: Any = _NO_BODY,
        params: dict[str, str] | None = None,
        accept: frozenset[str] | None = None,
        binary: bool = False,
        timeout: float | tuple[float, float] | None = None,
    ) -> Any:
        """Send one command and return the parsed JSON body (a dict), or bytes when ``binary``.

        ``body`` is the JSON body to send (POSTs always carry ``Content-Type: application/json``,
        with or without a body). ``accept`` lists failure Status codes returned as a body rather
        than raised (e.g. ``{"4007"}`` for v1 callStatus with no call). Raises a
        :class:`vvxauto.errors.VvxError` subclass for every failure; a busy answer is retried
        ``busy_retries`` times with doubling backoff first.
        """
        url = self.base_url + path
        shown_path = path
        if params:
            shown_path = path + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        if body is _NO_BODY:
            data: bytes | None = None
            shown_body: str | None = None
        else:
            text = json.dumps(body)
            data = text.encode()
            safe = redact_body(body)
            shown_body = text if safe is body else json.dumps(safe)
            if self._secret and self._secret in data:
                shown_body = shown_body.replace(self._secret.decode(), MASK)
        sent = _Sent(command, method, shown_path, shown_body)
        headers = _JSON_HEADERS if method == "POST" else None
        tmo = self.timeout if timeout is None else _timeout_pair(timeout)
        lock_wait = tmo[0] + tmo[1] + 1.0
        backoff = self.busy_backoff
        attempt = 0
        auth_switched = False
        while True:
            attempt += 1
            if not self.lock.acquire(timeout=lock_wait):
                raise self._error(
                    errors.DeviceBusyError,
                    sent,
                    None,
                    None,
                    None,
                    f"another thread of this process kept the phone's lock for {lock_wait:.1f} s",
                    hint="a long-running command (e.g. skype_sign_in) on another thread",
                )
            sent_digest = self._digest  # which auth this attempt used (another thread may switch meanwhile)
            started = time.time()
            t0 = time.perf_counter()
            try:
                resp = self.session.request(
                    method, url, params=params, data=data, headers=headers, timeout=tmo
                )
            except requests.RequestException as exc:
                duration = time.perf_counter() - t0
                self.lock.release()
                cls, message = _classify_exception(exc, tmo)
                terr = self._error(cls, sent, None, None, None, message)
                self._record(sent, None, None, None, duration, started, attempt, terr)
                raise terr from exc
            except BaseException:
                self.lock.release()  # never leave the phone locked (KeyboardInterrupt, a bug below us)
                raise
            duration = time.perf_counter() - t0
            self.lock.release()

            http = resp.status_code
            content = resp.content
            if http == 401 and not sent_digest and not auth_switched and _asks_digest(resp):
                # later firmware challenges with Digest: switch for good and send again
                self._record(sent, http, None, content, duration, started, attempt, None)
                if not self._digest:
                    self.session.auth = _Digest(*self._credentials)
                    self._digest = True
                auth_switched = True
                attempt -= 1
                continue

            result, err, cause = self._evaluate(resp, http, content, sent, path, accept, binary)
            code = (
                err.status_code
                if err is not None
                else (status_text(result.get("Status")) if isinstance(result, dict) else None)
            )
            busy = isinstance(err, errors.DeviceBusyError)
            retry = busy and attempt <= self.busy_retries
            if busy and not retry and attempt > 1 and err is not None:
                err.message += f" (still busy after {attempt} attempts)"
                err.args = (err.message,)
            self._record(
                sent,
                http,
                code,
                content,
                duration,
                started,
                attempt,
                err,
                f" (retrying in {backoff * 1000:.0f} ms)" if retry else "",
            )
            if err is None:
                return result
            if retry:
                time.sleep(backoff)
                backoff = min(backoff * 2, self.busy_backoff_max)
                continue
            if cause is not None:
                raise err from cause
            raise err

    # ------------------------------------------------------------------------------- internals

    def _evaluate(
        self,
        resp: requests.Response,
        http: int,
        content: bytes,
        sent: _Sent,
        path: str,
        accept: frozenset[str] | None,
        binary: bool,
    ) -> tuple[Any, errors.VvxError | None, BaseException | None]:
        if binary and http == 200 and content[:2] == b"BM":
            return content, None, None
        body: Any = None
        parse_error: ValueError | None = None
        if content:
            try:
                body = json.loads(content)
            except ValueError as exc:  # also UnicodeDecodeError
                parse_error = exc
        code = status_text(body.get("Status")) if isinstance(body, dict) else None

        if http == 200:
            if parse_error is not None or not isinstance(body, dict):
                what = (
                    "not a BMP image nor JSON"
                    if binary
                    else (
                        "a body that is not JSON (truncated or not a phone?)"
                        if parse_error is not None
                        else "JSON that is not an object"
                    )
                )
                if not content:
                    what = "an empty body"
                err = self._error(
                    errors.UnexpectedResponseError, sent, http, code, content, f"the phone answered {what}"
                )
                return None, err, parse_error
            if code is None or code == "2000" or (accept is not None and code in accept):
                if binary:
                    err = self._error(
                        errors.UnexpectedResponseError,
                        sent,
                        http,
                        code,
                        content,
                        "expected a BMP image, got JSON",
                    )
                    return None, err, None
                return body, None, None

        cls = errors.error_class_for(http, code, path) or errors.UnexpectedResponseError
        message = _message_for(cls, http, code, self.username)
        err = self._error(cls, sent, http, code, content, message)
        cause: BaseException | None = None
        if http != 200:
            cause = requests.HTTPError(f"HTTP {http} for {sent.method} {sent.path}", response=resp)
        return None, err, cause

    def _error(
        self,
        cls: type[errors.VvxError],
        sent: _Sent,
        http: int | None,
        code: str | None,
        content: bytes | None,
        message: str,
        hint: str | None = None,
    ) -> errors.VvxError:
        response = None
        if content:
            response = redact_response(content, self._secret)
            if len(response) > _ERROR_BODY_LIMIT:
                response = response[:_ERROR_BODY_LIMIT] + "..."
        request = f"{sent.method} {sent.path}" + (f" {sent.body}" if sent.body else "")
        return cls(
            message,
            phone=self.name,
            command=sent.command,
            method=sent.method,
            path=sent.path,
            http_status=http,
            status_code=code,
            hint=hint,
            request=request,
            response=response,
        )

    def _record(
        self,
        sent: _Sent,
        http: int | None,
        code: str | None,
        content: bytes | None,
        duration: float,
        started: float,
        attempt: int,
        err: errors.VvxError | None,
        note: str = "",
    ) -> None:
        ex = Exchange(
            sent.method,
            sent.path,
            sent.command,
            sent.body,
            http,
            code,
            redact_response(content, self._secret) if content else None,
            duration,
            started,
            attempt,
            f"{type(err).__name__}: {err.message}{note}" if err is not None else None,
        )
        self.transcript.record(ex)
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug("%s: %s", self.name, ex.as_text())


def _timeout_pair(timeout: float | tuple[float, float]) -> tuple[float, float]:
    if isinstance(timeout, tuple):
        connect, read = float(timeout[0]), float(timeout[1])
    else:
        connect = read = float(timeout)
    if connect <= 0 or read <= 0:
        raise ValueError(f"timeouts must be positive seconds, got {timeout!r}")
    return connect, read


def _asks_digest(resp: requests.Response) -> bool:
    return "digest" in resp.headers.get("WWW-Authenticate", "").lower()


def _classify_exception(
    exc: requests.RequestException, tmo: tuple[float, float]
) -> tuple[type[errors.VvxError], str]:
    ex = requests.exceptions
    detail = _exception_detail(exc)
    if isinstance(exc, ex.SSLError):
        low = detail.lower()
        if "fingerprint" in low:
            return errors.TLSError, f"the certificate is not the pinned one: {detail}"
        if "hostname" in low or "match" in low:
            return errors.TLSError, (
                f"the certificate does not name this host: {detail} (phones name their certificates after "
                "their MAC address; pinning the fingerprint does not depend on the name)"
            )
        return errors.TLSError, f"TLS handshake failed: {detail}"
    if isinstance(exc, ex.ConnectTimeout):
        return errors.PhoneTimeoutError, f"no connection within {tmo[0]:g} s: {detail}"
    if isinstance(exc, ex.ReadTimeout):
        return errors.PhoneTimeoutError, f"no answer within {tmo[1]:g} s"
    if isinstance(exc, ex.ChunkedEncodingError | ex.ContentDecodingError):
        return errors.UnexpectedResponseError, f"the answer was cut short or garbled: {detail}"
    if isinstance(exc, ex.ConnectionError):
        return errors.PhoneUnreachableError, f"cannot talk to the phone: {detail}"
    if isinstance(exc, ex.InvalidURL | ex.InvalidHeader | ex.InvalidSchema | ex.MissingSchema):
        return errors.TransportError, f"bad request: {detail}"
    return errors.TransportError, f"{type(exc).__name__}: {detail}"


def _exception_detail(exc: BaseException) -> str:
    # the innermost reason reads best ("Connection refused", "Fingerprints did not match ...")
    seen = exc
    for _ in range(6):
        inner = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        reason = getattr(seen, "reason", None)
        nxt = reason if isinstance(reason, BaseException) else inner
        if nxt is None or nxt is seen:
            break
        seen = nxt
    text = str(seen) or type(seen).__name__
    return text[:300]


def _message_for(cls: type[errors.VvxError], http: int, code: str | None, username: str) -> str:
    if cls is errors.AuthenticationError:
        return f"the phone rejected the credentials of user {username!r}"
    if cls is errors.RestDisabledError:
        return "REST answered 404: the REST API is switched off, or the path is unknown to this firmware"
    if cls is errors.ScreenCaptureDisabledError:
        return "screen capture answered 404: it is switched off on the phone"
    if cls is errors.ContentTypeError:
        return "the phone refused the request body (HTTP 400)"
    if cls is errors.DeviceBusyError:
        return "the phone is busy with another request"
    if code is not None and code != "2000":
        if code in errors.STATUS_DESCRIPTIONS:
            return "the phone refused the command"
        return f"the phone refused the command with Status {code}, which the manual does not list"
    return f"unexpected HTTP status {http}"
