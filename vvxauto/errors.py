"""Every error vvxauto raises when a phone (or the way to it) fails.

The tree (builtins mixed in so callers may catch either)::

    VvxError                                   any failure talking to a phone
    ├── PhoneStatusError                       HTTP 200 with a 4xxx/5xxx ``Status`` (unknown codes land here)
    │   ├── InvalidInputError (ValueError)     4000 Invalid input parameters, 4400 Bad Request
    │   ├── DeviceBusyError                    4001 Device busy, HTTP 403 (one request at a time)
    │   ├── LineNotRegisteredError             4002 Line not registered
    │   ├── NotAllowedError                    4003 Operation not allowed, 4403 Forbidden
    │   ├── NotSupportedError                  4004 Operation not supported
    │   ├── LineNotFoundError (LookupError)    4005 Line does not exist
    │   ├── UrlsNotConfiguredError             4006 URLs not configured
    │   ├── CallNotFoundError (LookupError)    4007 Call does not exist
    │   ├── ExportFailedError                  4008 Configuration export failed
    │   ├── InputTooLargeError                 4009 Input size limit exceeded, HTTP 413
    │   ├── DefaultPasswordError               4010 Default password not allowed
    │   ├── ContactNotFoundError (LookupError) 4011 Contact not found
    │   └── PhoneInternalError                 5000 Failed to process request, 5500, HTTP 5xx
    ├── AuthenticationError                    HTTP 401 (wrong user name or password)
    ├── RestDisabledError                      HTTP 404 on /api/... (apps.restapi.enabled is 0)
    ├── ScreenCaptureDisabledError             HTTP 404 on /captureScreen/... (screen capture switched off)
    ├── ContentTypeError                       HTTP 400 (POST without application/json)
    └── TransportError                         the phone could not be talked to at all
        ├── PhoneUnreachableError (ConnectionError)  refused, reset, no route, phone restarting
        ├── PhoneTimeoutError (TimeoutError)   no answer within the timeout
        ├── TLSError                           certificate not trusted / fingerprint mismatch
        └── UnexpectedResponseError            not JSON, truncated body, unknown HTTP status

Every error carries ``phone`` (its name), ``command`` (the manual's name, e.g.
``WebCallControl.Dial``), ``method``, ``path``, ``http_status``, ``status_code`` (the phone's
``Status`` string), ``hint`` (what to check) and redacted one-line ``request``/``response``
summaries. ``str()`` names all of them. Passwords never appear: the client redacts bodies before
they reach an error, and no error is ever given a credential.

Only :mod:`vvxauto.api.transport` turns HTTP outcomes into these errors, always ``from`` the cause.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "STATUS_DESCRIPTIONS",
    "AuthenticationError",
    "CallNotFoundError",
    "ContactNotFoundError",
    "ContentTypeError",
    "DefaultPasswordError",
    "DeviceBusyError",
    "ExportFailedError",
    "InputTooLargeError",
    "InvalidInputError",
    "LineNotFoundError",
    "LineNotRegisteredError",
    "NotAllowedError",
    "NotSupportedError",
    "PhoneInternalError",
    "PhoneStatusError",
    "PhoneTimeoutError",
    "PhoneUnreachableError",
    "RestDisabledError",
    "ScreenCaptureDisabledError",
    "TLSError",
    "TransportError",
    "UnexpectedResponseError",
    "UrlsNotConfiguredError",
    "VvxError",
    "error_class_for",
]

#: The manual's descriptions of the phone's ``Status`` codes (Diagnostics > Error Codes).
STATUS_DESCRIPTIONS: dict[str, str] = {
    "2000": "API executed successfully",
    "4000": "Invalid input parameters",
    "4001": "Device busy",
    "4002": "Line not registered",
    "4003": "Operation not allowed",
    "4004": "Operation not supported",
    "4005": "Line does not exist",
    "4006": "URLs not configured",
    "4007": "Call does not exist",
    "4008": "Configuration export failed",
    "4009": "Input size limit exceeded",
    "4010": "Default password not allowed",
    "4011": "Contact not found",
    "4400": "Bad request",
    "4403": "Forbidden",
    "5000": "Failed to process request",
    "5500": "Internal server error",
}


class VvxError(Exception):
    """Base of every vvxauto error: a phone, or the way to it, did not do what was asked.

    Attributes are all optional (None when unknown); ``hint`` defaults to the class's
    ``default_hint``, which says what to check.
    """

    default_hint: ClassVar[str] = "see the client's transcript for the exchange"

    def __init__(
        self,
        message: str = "",
        *,
        phone: str | None = None,
        command: str | None = None,
        method: str | None = None,
        path: str | None = None,
        http_status: int | None = None,
        status_code: str | None = None,
        hint: str | None = None,
        request: str | None = None,
        response: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.phone = phone
        self.command = command
        self.method = method
        self.path = path
        self.http_status = http_status
        self.status_code = status_code
        self.hint = hint if hint is not None else self.default_hint
        self.request = request
        self.response = response

    def __str__(self) -> str:
        parts = [f"phone {self.phone or '?'}"]
        what = self.command or ""
        if self.method or self.path:
            where = f"{self.method or ''} {self.path or ''}".strip()
            what = f"{what} ({where})" if what else where
        if what:
            parts.append(what)
        head = ": ".join(parts)
        facts = []
        if self.http_status is not None:
            facts.append(f"HTTP {self.http_status}")
        if self.status_code is not None:
            desc = STATUS_DESCRIPTIONS.get(self.status_code)
            facts.append(f"Status {self.status_code}" + (f" ({desc})" if desc else ""))
        text = head
        if self.message:
            text += f": {self.message}"
        if facts:
            text += f" [{', '.join(facts)}]"
        if self.response:
            text += f"; response: {self.response}"
        if self.hint:
            text += f". Check: {self.hint}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only attributes survive pickling (xdist, multiprocessing)
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[VvxError], message: str, state: dict[str, Any]) -> VvxError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class PhoneStatusError(VvxError):
    """The phone answered with a failure ``Status`` (4xxx/5xxx), usually in an HTTP 200."""

    default_hint = "the phone refused the command; see the manual's return codes for it"


class InvalidInputError(PhoneStatusError, ValueError):
    """Status 4000 / 4400: the phone rejected the parameters."""

    default_hint = "the command's parameters (names, values, which are mandatory) against the manual"


class DeviceBusyError(PhoneStatusError):
    """Status 4001 or HTTP 403: the phone was busy with another request, even after retrying."""

    default_hint = (
        "another client (or thread, or process) is talking to this phone at the same time, or the "
        "phone is busy registering/provisioning; the client retried with backoff before giving up"
    )


class LineNotRegisteredError(PhoneStatusError):
    """Status 4002: the line used is not registered with its call server."""

    default_hint = "the line's registration (reg.N.address, call server) with line_info_v2()"


class NotAllowedError(PhoneStatusError):
    """Status 4003 / 4403: the operation is not allowed in the phone's current state."""

    default_hint = "the call's state (e.g. ending a held call, answering a call that is not incoming)"


class NotSupportedError(PhoneStatusError):
    """Status 4004: the phone (model, firmware or call server) does not support the command."""

    default_hint = "that this model/firmware and call server support the command"


class LineNotFoundError(PhoneStatusError, LookupError):
    """Status 4005: no such line on the phone."""

    default_hint = "the line number against the phone's lines (line_info_v2())"


class UrlsNotConfiguredError(PhoneStatusError):
    """Status 4006: the URLs the command needs are not configured on the phone."""

    default_hint = "the URL parameters the command relies on in the phone's configuration"


class CallNotFoundError(PhoneStatusError, LookupError):
    """Status 4007: the call referred to (or any call, when none was given) does not exist."""

    default_hint = "the call handle against call_status(); the call may have ended already"


class ExportFailedError(PhoneStatusError):
    """Status 4008: the phone could not export its configuration to the URL given."""

    default_hint = "the export URL is reachable from the phone and accepts uploads"


class InputTooLargeError(PhoneStatusError):
    """Status 4009 or HTTP 413: too many parameters (more than 20) or a body over 20 KB."""

    default_hint = "at most 20 parameters per config/get or config/set and bodies under 20 KB"


class DefaultPasswordError(PhoneStatusError):
    """Status 4010: REST refuses to work while the factory admin password is set."""

    default_hint = (
        "change the phone's admin password from the factory default 456 "
        "(device.auth.localAdminPassword) before using REST"
    )


class ContactNotFoundError(PhoneStatusError, LookupError):
    """Status 4011: the contact referred to does not exist."""

    default_hint = "the contact exists in the phone's directory"


class PhoneInternalError(PhoneStatusError):
    """Status 5000 / 5500 or an HTTP 5xx: the phone failed to process the request."""

    default_hint = "the phone's log (log.level.change.restapi); retrying later may help"


class AuthenticationError(VvxError):
    """HTTP 401: the phone did not accept the user name and password."""

    default_hint = (
        "the user name (Polycom) and the admin password in the inventory "
        "(password, or the environment variable named by password_env)"
    )


class RestDisabledError(VvxError):
    """HTTP 404 on an ``/api/...`` path: REST is switched off (or the firmware lacks the command)."""

    default_hint = (
        "apps.restapi.enabled=1 on the phone (configuration file or Web UI), "
        "and that this firmware has the command"
    )


class ScreenCaptureDisabledError(VvxError):
    """HTTP 404 on ``/captureScreen/...``: screen capture is switched off."""

    default_hint = (
        "up.screenCapture.enabled=1 and up.screenCapture.value=1 on the phone (and apps.restapi.enabled=1)"
    )


class ContentTypeError(VvxError):
    """HTTP 400: the phone wants POST bodies sent as ``application/json``."""

    default_hint = "the request's Content-Type is application/json"


class TransportError(VvxError):
    """The phone could not be talked to (network, TLS, or an answer that is not a phone's)."""

    default_hint = "the phone's address and port in the inventory, and that it is powered and on the network"


class PhoneUnreachableError(TransportError, ConnectionError):
    """Connection refused, reset or dropped: the phone is down, restarting, or the address is wrong."""

    default_hint = (
        "the phone's host/port/scheme in the inventory and that it is up; "
        "it may be restarting after safeRestart/safeReboot or a device.* change"
    )


class PhoneTimeoutError(TransportError, TimeoutError):
    """No connection or no answer within the timeout."""

    default_hint = "the phone is reachable and not overloaded; raise the client's timeout if it is slow"


class TLSError(TransportError):
    """The HTTPS handshake failed: certificate not trusted, or not the pinned fingerprint."""

    default_hint = (
        "the phone's certificate: give ca_bundle or fingerprint (sha256) in the inventory "
        "(phones use self-signed certificates); a changed fingerprint means a different certificate"
    )


class UnexpectedResponseError(TransportError):
    """The answer was not what a phone sends: not JSON, truncated, or an unexpected HTTP status."""

    default_hint = "the host/port really is a VVX phone's REST API (and not a proxy or another service)"


_BY_STATUS: dict[str, type[PhoneStatusError]] = {
    "4000": InvalidInputError,
    "4400": InvalidInputError,
    "4001": DeviceBusyError,
    "4002": LineNotRegisteredError,
    "4003": NotAllowedError,
    "4403": NotAllowedError,
    "4004": NotSupportedError,
    "4005": LineNotFoundError,
    "4006": UrlsNotConfiguredError,
    "4007": CallNotFoundError,
    "4008": ExportFailedError,
    "4009": InputTooLargeError,
    "4010": DefaultPasswordError,
    "4011": ContactNotFoundError,
    "5000": PhoneInternalError,
    "5500": PhoneInternalError,
}


def error_class_for(
    http_status: int | None, status_code: str | None, path: str = "/api"
) -> type[VvxError] | None:
    """The error class for an answer, or None when the answer is a success.

    ``http_status`` decides first for the HTTP-level failures (401, 403, 404, 400, 413, 5xx); a
    ``Status`` code other than 2000 decides for HTTP 200 (and other statuses carrying one).
    ``path`` tells a REST 404 (``/api/...``) from a screen-capture 404.
    """
    if http_status == 401:
        return AuthenticationError
    if http_status == 403:
        return DeviceBusyError
    if http_status == 404:
        if path.lower().startswith("/capturescreen"):
            return ScreenCaptureDisabledError
        return RestDisabledError
    if http_status == 413:
        return InputTooLargeError
    if http_status == 400:
        return ContentTypeError
    if status_code is not None and status_code != "2000":
        return _BY_STATUS.get(status_code, PhoneStatusError)
    if http_status is not None and http_status >= 500:
        return PhoneInternalError
    if http_status is not None and http_status != 200:
        return UnexpectedResponseError
    return None
