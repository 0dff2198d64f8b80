"""The checks of ``vvxauto doctor`` (:mod:`vvxauto.cli_doctor`), one :class:`Check` each.

In the order they run (a check that makes the next ones pointless turns them into SKIP)::

    inventory       the entry is valid; the password's environment variable is set (never its value)
    tcp             the phone's port accepts a connection
    tls             https: the pinned fingerprint matches / the CA bundle verifies / verification off (WARN)
    http-auth       the user name and password are accepted (401: which variable or field to fix)
    rest-api        REST answers (404: apps.restapi.enabled=1)
    password        not the factory password (Status 4010: change it)
    device-info     the model is the inventory's and has a device layout; the firmware is shown
    lines           lineInfo: registered lines, and the inventory's extension among them
    screen-capture  up.screenCapture.enabled/value (WARN: screenshots of failed tests will be missing)
    idle            no call in progress, the phone ready to use

Every network call has the phone's request timeout (``request_timeout``, default 5 s): the TCP and
TLS probes use it as their socket timeout, the REST checks go through the phone's client.
"""

from __future__ import annotations

import hashlib
import os
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from vvxauto.api import VvxClient
from vvxauto.api.types import LineInfo
from vvxauto.cli_tools import CAPTURE_PARAMS
from vvxauto.errors import AuthenticationError, DefaultPasswordError, RestDisabledError, VvxError
from vvxauto.lab import PhoneSpec
from vvxauto.layouts import UnknownModelError, known_models, load_layout

__all__ = [
    "CHECKS",
    "FAIL",
    "OK",
    "SKIP",
    "WARN",
    "Check",
    "inventory_check",
    "rest_checks",
    "skipped",
    "tcp_check",
    "tls_check",
]

OK, WARN, FAIL, SKIP = "OK", "WARN", "FAIL", "SKIP"

CHECKS = (
    "inventory",
    "tcp",
    "tls",
    "http-auth",
    "rest-api",
    "password",
    "device-info",
    "lines",
    "screen-capture",
    "idle",
)
"""The checks, in the order they run."""


@dataclass(frozen=True)
class Check:
    """The outcome of one check on one phone: ``status`` is OK, WARN, FAIL or SKIP."""

    status: str
    name: str
    detail: str
    fix: str | None = None

    def line(self, role: str, width: int) -> str:
        """``STATUS  ROLE  CHECK  detail  -> fix: ...`` (one line)."""
        text = f"{self.status:<4}  {role:<{width}}  {self.name:<14} {self.detail}"
        return text + (f"  -> fix: {self.fix}" if self.fix else "")


def _norm_model(model: str) -> str:
    return " ".join(model.lower().split())


def _fingerprint_text(digest: str) -> str:
    upper = digest.upper()
    return "sha256:" + ":".join(upper[i : i + 2] for i in range(0, len(upper), 2))


def _port(spec: PhoneSpec) -> int:
    return spec.port or (443 if spec.scheme == "https" else 80)


def skipped(after: str, reason: str) -> Iterator[Check]:
    """SKIP lines for every check after ``after``."""
    for name in CHECKS[CHECKS.index(after) + 1 :]:
        yield Check(SKIP, name, f"not checked: {reason}")


# -- the checks ---------------------------------------------------------------------------------


def inventory_check(spec: PhoneSpec) -> Check:
    """The entry is usable: its password variable set, an extension given (WARN without)."""
    where = f"{spec.model} at {spec.base_url}, user {spec.username!r}"
    if spec.password_env and spec.password_env not in os.environ:
        return Check(
            FAIL,
            "inventory",
            f"{where}: environment variable {spec.password_env} (password_env) is not set",
            f"export {spec.password_env}=<the phone's admin password> before running",
        )
    source = f"password from ${spec.password_env}" if spec.password_env else "password in the inventory file"
    if not spec.extension:
        return Check(
            WARN,
            "inventory",
            f"{where}, {source}; no extension given",
            'add extension = "<the phone\'s number>" (steps that call this phone dial it)',
        )
    return Check(OK, "inventory", f"{where}, extension {spec.extension}, {source}")


def tcp_check(spec: PhoneSpec) -> Check:
    """The phone's port accepts a TCP connection."""
    port = _port(spec)
    target = f"{spec.host}:{port}"
    fix = "check the host and port in the inventory, and that the phone is powered and on the network"
    try:
        socket.create_connection((spec.host, port), timeout=spec.request_timeout).close()
    except TimeoutError:
        return Check(FAIL, "tcp", f"{target}: no answer within {spec.request_timeout:g} s", fix)
    except socket.gaierror as exc:
        return Check(
            FAIL,
            "tcp",
            f"{spec.host}: the name does not resolve ({exc.strerror})",
            "correct the host in the inventory (an IP address or a name your DNS knows)",
        )
    except ConnectionRefusedError:
        return Check(
            FAIL,
            "tcp",
            f"{target}: connection refused",
            "check the port and scheme in the inventory (https is 443, http 80) and that the phone's "
            "web server is on; a phone that is restarting refuses for a while",
        )
    except OSError as exc:
        return Check(FAIL, "tcp", f"{target}: {exc.strerror or exc}", fix)
    return Check(OK, "tcp", f"{target} accepts connections")


def _handshake(spec: PhoneSpec, context: ssl.SSLContext) -> bytes:
    with (
        socket.create_connection((spec.host, _port(spec)), timeout=spec.request_timeout) as sock,
        context.wrap_socket(sock, server_hostname=spec.host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise ssl.SSLError("the phone presented no certificate")
    return der


def _unverified_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def tls_check(spec: PhoneSpec) -> Check:
    """HTTPS as the inventory sets it up: pinned, CA bundle, system CAs, or off (WARN)."""
    try:
        digest = hashlib.sha256(_handshake(spec, _unverified_context())).hexdigest()
    except (OSError, ssl.SSLError) as exc:  # ssl.SSLError is an OSError; named for the reader
        return Check(
            FAIL,
            "tls",
            f"TLS handshake failed: {exc}",
            'check the scheme (does the phone speak https on this port? else scheme = "http")',
        )
    presented = _fingerprint_text(digest)
    pin = f'fingerprint = "{presented}"'
    if spec.fingerprint:
        if digest == spec.fingerprint:
            return Check(OK, "tls", f"certificate matches the pinned fingerprint ({presented[:23]}...)")
        return Check(
            FAIL,
            "tls",
            f"the phone presents {presented}, not the pinned certificate",
            f"if the phone's certificate was replaced on purpose, pin the new one: {pin}; "
            "otherwise find out what answers at this address",
        )
    if not spec.verify and spec.ca_bundle is None:
        return Check(
            WARN,
            "tls",
            "verification is off (verify = false): anyone on the path can pose as the phone",
            f"pin the certificate instead: {pin}",
        )
    if spec.ca_bundle is not None:
        context, how = ssl.create_default_context(cafile=spec.ca_bundle), f"the CA bundle {spec.ca_bundle}"
    else:
        context, how = ssl.create_default_context(), "the system's CAs"
    try:
        _handshake(spec, context)
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or str(exc)
        return Check(
            FAIL,
            "tls",
            f"the certificate does not verify against {how}: {reason}",
            f"pin it (phones use self-signed certificates): {pin}",
        )
    except (OSError, ssl.SSLError) as exc:
        return Check(FAIL, "tls", f"TLS handshake with verification failed: {exc}", f"pin it: {pin}")
    return Check(OK, "tls", f"certificate verified against {how}")


def _auth_fix(spec: PhoneSpec) -> str:
    user = (
        ""
        if spec.username == "Polycom"
        else f"; and the user name: REST expects 'Polycom', not {spec.username!r}"
    )
    if spec.password_env:
        return f"set {spec.password_env} to the phone's admin password (device.auth.localAdminPassword){user}"
    return f"correct password in [phones.{spec.role}] (or use password_env){user}"


def rest_checks(spec: PhoneSpec, client: VvxClient) -> Iterator[Check]:
    """http-auth through idle, over REST with ``client``; a blocking failure skips the rest."""
    try:
        info = client.device_info()
    except AuthenticationError:
        yield Check(
            FAIL,
            "http-auth",
            f"HTTP 401: the phone rejected user {spec.username!r} and the password",
            _auth_fix(spec),
        )
        yield from skipped("http-auth", "the credentials were rejected")
        return
    except RestDisabledError:
        yield Check(
            SKIP, "http-auth", "not checked: the phone answers HTTP 404 before asking for credentials"
        )
        yield Check(
            FAIL,
            "rest-api",
            "HTTP 404 on /api/v1/mgmt/device/info: the REST API is switched off",
            "set apps.restapi.enabled=1 on the phone (Web UI, or the provisioning configuration file)",
        )
        yield from skipped("rest-api", "REST is switched off")
        return
    except DefaultPasswordError:
        yield Check(OK, "http-auth", f"user {spec.username!r} accepted")
        yield Check(OK, "rest-api", "REST answers")
        yield Check(
            FAIL,
            "password",
            "Status 4010: the factory admin password (456) is still set",
            "change the phone's admin password (device.auth.localAdminPassword), then give the new "
            "one to the inventory" + (f" through {spec.password_env}" if spec.password_env else ""),
        )
        yield from skipped("password", "REST refuses to work with the factory password")
        return
    except VvxError as exc:
        yield Check(
            FAIL, "http-auth", f"no usable answer: {exc.message or type(exc).__name__}", f"check {exc.hint}"
        )
        yield from skipped("http-auth", "REST did not answer")
        return
    yield Check(OK, "http-auth", f"user {spec.username!r} accepted")
    yield Check(OK, "rest-api", "REST answers (apps.restapi.enabled=1)")
    yield Check(OK, "password", "not the factory default")
    yield _device_check(spec, info.model, info.firmware)
    for name, check in (("lines", _lines_check), ("screen-capture", _capture_check), ("idle", _idle_check)):
        try:
            yield check(spec, client)
        except VvxError as exc:  # this check's command failed; the next ones may still work
            yield Check(FAIL, name, exc.message or type(exc).__name__, f"check {exc.hint}")


def _device_check(spec: PhoneSpec, model: str, firmware: str) -> Check:
    fw = f"firmware {firmware or '(not reported)'}"
    if not model:
        return Check(
            WARN,
            "device-info",
            f"the phone reports no model number; {fw}",
            f"make sure it really is a {spec.model}",
        )
    try:
        load_layout(model)
    except UnknownModelError:
        return Check(
            FAIL,
            "device-info",
            f"the phone is a {model!r}, for which there is no device layout; {fw}",
            f"add device_layouts/ data for {model!r} (known: {', '.join(known_models())})",
        )
    if _norm_model(model) != _norm_model(spec.model):
        return Check(
            FAIL,
            "device-info",
            f"the phone is a {model}, the inventory says {spec.model}; {fw}",
            f'set model = "{model}" in [phones.{spec.role}]',
        )
    return Check(OK, "device-info", f"{model} (device layout found), {fw}")


def _lines_check(spec: PhoneSpec, client: VvxClient) -> Check:
    try:
        lines = client.line_info_v2()
    except RestDisabledError:  # older firmware without v2: the v1 command
        lines = client.line_info()
    if not lines:
        return Check(
            FAIL, "lines", "the phone reports no line", "provision a line (reg.1.address, call server)"
        )

    def show(line: LineInfo) -> str:
        name = line.address or line.label or "?"
        return f"{line.number or '?'}:{name} {line.registration_status or 'unknown'}"

    registered = [line for line in lines if line.registered]
    shown = ", ".join(show(line) for line in lines)
    if not registered:
        return Check(
            FAIL,
            "lines",
            f"no line is registered ({shown})",
            "check the line's registration: reg.1.address, the call server, its credentials",
        )
    if spec.extension:
        names = {str(v) for line in lines for v in (line.address, line.label, line.user_id) if v}
        if not any(spec.extension == n or n.startswith(spec.extension + "@") for n in names):
            return Check(
                WARN,
                "lines",
                f"extension {spec.extension} is not among the phone's lines ({shown})",
                f"set extension in [phones.{spec.role}] to the number the phone registers",
            )
    unregistered = [line for line in lines if not line.registered]
    if unregistered:
        return Check(
            WARN,
            "lines",
            f"not every line is registered ({shown})",
            "check the unregistered lines' registration if tests use them",
        )
    return Check(OK, "lines", shown)


def _capture_check(spec: PhoneSpec, client: VvxClient) -> Check:
    if not load_layout(spec.model).has_screen:
        return Check(OK, "screen-capture", f"the {spec.model} has no screen")
    values = client.get_config(list(CAPTURE_PARAMS))
    seen = {name: (values[name].value if name in values else None) for name in CAPTURE_PARAMS}
    off = [name for name, value in seen.items() if value != "1"]
    shown = ", ".join(
        f"{name}={value if value is not None else '(not reported)'}" for name, value in seen.items()
    )
    if off:
        return Check(
            WARN,
            "screen-capture",
            f"{shown}: screenshots of failed tests will be missing",
            "set " + " and ".join(f"{name}=1" for name in off) + " on the phone",
        )
    return Check(OK, "screen-capture", shown)


def _idle_check(spec: PhoneSpec, client: VvxClient) -> Check:
    calls = client.call_status()
    if calls:
        states = ", ".join(f"{c.state} {c.remote_number or c.remote_name or ''}".strip() for c in calls)
        return Check(
            WARN,
            "idle",
            f"{len(calls)} call(s) in progress: {states}",
            "make sure nobody is using this phone (tests end its calls when they start)",
        )
    poll = client.poll_for_status()
    if poll.error:
        return Check(
            WARN,
            "idle",
            "pollForStatus reports Error (applications not ready?)",
            "wait a minute after a restart and run doctor again",
        )
    try:
        ready = client.device_info_v2().ready_to_use
    except RestDisabledError:  # firmware without device/info v2
        ready = None
    if ready is False:
        return Check(
            WARN,
            "idle",
            "the phone is not ready to use yet (ReadyToUse false)",
            "wait until it has finished starting and run doctor again",
        )
    return Check(OK, "idle", f"no call; pollForStatus {poll.state or '?'}")
