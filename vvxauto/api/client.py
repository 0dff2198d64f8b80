"""``VvxClient``: one method per command of the VVX REST API manual (UC Software 6.1.0), v1 and v2.

Methods return typed results from :mod:`vvxauto.api.types` (``.raw`` keeps the phone's keys) or
None for commands that only acknowledge. Every failure raises a :class:`vvxauto.errors.VvxError`
subclass naming the phone, the command, the HTTP status and the phone's Status, with a hint.

Paths follow the phones, not the manual's typos: Dial is ``/api/v1/callctrl/dial``.

The client holds construction, plumbing and the Management.* commands; the WebCallControl.* commands
come from :class:`~vvxauto.api.callctrl.CallControlCommands` and the screen commands from
:class:`~vvxauto.api.screen_cmds.ScreenCommands` (both built on :mod:`vvxauto.api.commands`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vvxauto.api.callctrl import CallControlCommands
from vvxauto.api.commands import NO_CALL, CallRef
from vvxauto.api.quirks import config_text
from vvxauto.api.screen_cmds import ScreenCommands
from vvxauto.api.transcript import Transcript
from vvxauto.api.transport import Transport
from vvxauto.api.types import (
    BluetoothInfo,
    CallInfo,
    CommunicationInfo,
    ConfigValue,
    DeviceInfo,
    DeviceStats,
    LedStatus,
    LineInfo,
    NetworkInfo,
    NetworkStats,
    PcPortInfo,
    PollStatus,
    SessionStats,
    TransferType,
    WebSignIn,
)

__all__ = ["CallRef", "VvxClient"]

_CONFIG_RESET_SCOPES = ("cloud", "local", "web", "device")


class VvxClient(CallControlCommands, ScreenCommands):
    """A REST client for one VVX phone.

    ``host``/``port``/``scheme`` locate the phone (port defaults to 443 for https, 80 for http);
    ``username``/``password`` are the REST (admin) credentials; ``name`` names the phone in
    errors and reports (default ``host:port``). ``timeout`` is float seconds, or a
    ``(connect, read)`` pair, applied to every request. TLS: verified against the system CAs
    by default; ``ca_bundle`` (a PEM path) or ``fingerprint`` (``"sha256:AB:CD:..."``, pinning
    the phone's certificate) for self-signed phones; ``verify=False`` switches verification off
    (warned once per process). ``busy_retries`` is how many times a busy answer (HTTP 403 /
    Status 4001) is retried, waiting ``busy_backoff`` seconds, doubling up to ``busy_backoff_max``.
    ``transcript_size`` exchanges are kept in :attr:`transcript`. ``trust_env`` False (the
    default) ignores proxy and CA-bundle environment variables: lab phones are reached directly.

    Thread-safe: all clients of one phone in a process share a lock, so requests never overlap.
    """

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        scheme: str = "https",
        username: str = "Polycom",
        password: str,
        name: str | None = None,
        timeout: float | tuple[float, float] = 5.0,
        verify: bool | str = True,
        ca_bundle: str | Path | None = None,
        fingerprint: str | None = None,
        busy_retries: int = 3,
        busy_backoff: float = 0.05,
        busy_backoff_max: float = 0.4,
        transcript_size: int = 100,
        trust_env: bool = False,
    ) -> None:
        if port is None:
            port = 443 if scheme.lower() == "https" else 80
        self.name = name or f"{host}:{port}"
        self._t = Transport(
            host,
            int(port),
            scheme=scheme,
            username=username,
            password=password,
            name=self.name,
            timeout=timeout,
            verify=verify,
            ca_bundle=ca_bundle,
            fingerprint=fingerprint,
            busy_retries=busy_retries,
            busy_backoff=busy_backoff,
            busy_backoff_max=busy_backoff_max,
            transcript_size=transcript_size,
            trust_env=trust_env,
        )
        self._request = self._t.request

    @classmethod
    def from_endpoint(cls, endpoint: Mapping[str, Any] | Any, **overrides: Any) -> VvxClient:
        """A client for an inventory entry (a mapping) or an object with the same attributes.

        Keys: ``host``, ``port``, ``scheme``, ``username``, ``password`` or ``password_env`` (the
        name of an environment variable holding it), ``name``/``role``, ``fingerprint``,
        ``ca_bundle``, ``verify``, ``request_timeout`` (seconds per request; an entry's
        ``timeout`` is the waits' business and is not read). ``overrides`` (keyword arguments
        of the constructor) win over the entry.
        Raises ValueError when neither a password nor a set ``password_env`` is given.
        """
        if isinstance(endpoint, Mapping):
            get = endpoint.get
        else:

            def get(key: str, default: Any = None) -> Any:
                return getattr(endpoint, key, default)

        opts: dict[str, Any] = {}
        for key, arg in (
            ("scheme", "scheme"),
            ("username", "username"),
            ("fingerprint", "fingerprint"),
            ("ca_bundle", "ca_bundle"),
            ("verify", "verify"),
            ("request_timeout", "timeout"),
            ("busy_retries", "busy_retries"),
            ("transcript_size", "transcript_size"),
        ):
            value = get(key)
            if value is not None:
                opts[arg] = value
        name = get("name") or get("role")
        if name:
            opts["name"] = str(name)
        password = get("password")
        if password is None and "password" not in overrides:
            env = get("password_env")
            if not env:
                raise ValueError(
                    f"phone {name or get('host')}: the inventory gives neither password nor password_env"
                )
            password = os.environ.get(str(env))
            if password is None:
                raise ValueError(
                    f"phone {name or get('host')}: environment variable {env} (password_env) is not set"
                )
        opts["password"] = password
        opts.update(overrides)
        host = opts.pop("host", None) or get("host")
        port = opts.pop("port", None) or get("port")
        if not host:
            raise ValueError("an endpoint needs a host")
        return cls(str(host), int(port) if port else None, **opts)

    # ----------------------------------------------------------------------------- plumbing

    @property
    def transcript(self) -> Transcript:
        """The last exchanges with the phone (redacted), oldest first; ``.as_text()`` for reports."""
        return self._t.transcript

    @property
    def base_url(self) -> str:
        """``scheme://host:port`` of the phone."""
        return self._t.base_url

    @property
    def host(self) -> str:
        """The phone's host name or address."""
        return self._t.host

    @property
    def port(self) -> int:
        """The phone's port."""
        return self._t.port

    @property
    def scheme(self) -> str:
        """``"http"`` or ``"https"``."""
        return self._t.scheme

    @property
    def timeout(self) -> tuple[float, float]:
        """The ``(connect, read)`` timeout of every request, in seconds."""
        return self._t.timeout

    @property
    def tls_mode(self) -> str:
        """How HTTPS is checked: ``system``, ``ca_bundle``, ``pinned``, ``insecure``; ``none`` for http."""
        return self._t.tls_mode

    def close(self) -> None:
        """Close the pooled connections (the client may still be used; it reconnects)."""
        self._t.close()

    def __enter__(self) -> VvxClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"VvxClient(name={self.name!r}, url={self.base_url!r}, "
            f"username={self._t.username!r}, tls={self.tls_mode!r})"
        )

    def raw_request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        command: str | None = None,
        timeout: float | tuple[float, float] | None = None,
    ) -> dict[str, Any]:
        """Send any request (``body`` is the whole JSON body, e.g. ``{"data": {...}}``) and return the
        answer's JSON object. Failures raise like every other command."""
        kwargs: dict[str, Any] = {"command": command or path, "timeout": timeout}
        if body is not None:
            kwargs["body"] = body
        result: dict[str, Any] = self._request(method.upper(), path, **kwargs)
        return result

    # --------------------------------------------------------------------------- management

    def safe_restart(self) -> None:
        """Management.Restart — ``POST /api/v1/mgmt/safeRestart``: end calls, then restart the phone.

        The phone is unreachable for a while afterwards (PhoneUnreachableError until it is back).
        """
        self._post("/api/v1/mgmt/safeRestart", "Management.Restart")

    def safe_reboot(self) -> None:
        """Management.Reboot — ``POST /api/v1/mgmt/safeReboot``: end calls, then reboot the phone."""
        self._post("/api/v1/mgmt/safeReboot", "Management.Reboot")

    def config_reset(self, scope: str | None = None) -> None:
        """Management.ConfigReset — ``POST /api/v1/mgmt/configReset[/<scope>]``.

        ``scope`` None resets cloud, local, web and device settings; else one of ``"cloud"``,
        ``"local"``, ``"web"``, ``"device"``. Raises ValueError for another scope.
        """
        path = "/api/v1/mgmt/configReset"
        if scope is not None:
            s = scope.lower()
            if s not in _CONFIG_RESET_SCOPES:
                raise ValueError(
                    f"config_reset scope must be one of {_CONFIG_RESET_SCOPES} or None, not {scope!r}"
                )
            path += "/" + s
        self._post(path, "Management.ConfigReset")

    def factory_reset(self) -> None:
        """Management.FactoryReset — ``POST /api/v1/mgmt/factoryReset``."""
        self._post("/api/v1/mgmt/factoryReset", "Management.FactoryReset")

    def network_info(self) -> NetworkInfo:
        """Management.NetworkInfo — ``GET /api/v1/mgmt/network/info``."""
        return NetworkInfo.from_raw(self._get_data("/api/v1/mgmt/network/info", "Management.NetworkInfo"))

    def device_info(self) -> DeviceInfo:
        """Management.DeviceInfo (v1) — ``GET /api/v1/mgmt/device/info``."""
        return DeviceInfo.from_raw(self._get_data("/api/v1/mgmt/device/info", "Management.DeviceInfo"))

    def device_info_v2(self) -> DeviceInfo:
        """Management.DeviceInfo Version 2 — ``GET /api/v2/mgmt/device/info`` (ReadyToUse, UpTime...)."""
        return DeviceInfo.from_raw(self._get_data("/api/v2/mgmt/device/info", "Management.DeviceInfoV2"))

    def network_stats(self) -> NetworkStats:
        """Management.NetworkStatistics — ``GET /api/v1/mgmt/network/stats``."""
        return NetworkStats.from_raw(
            self._get_data("/api/v1/mgmt/network/stats", "Management.NetworkStatistics")
        )

    def set_config(self, values: Mapping[str, Any]) -> None:
        """Management.SetConfig — ``POST /api/v1/mgmt/config/set``.

        Values are sent as strings (booleans as ``"1"``/``"0"``). The phone takes at most 20
        parameters (InputTooLargeError beyond); setting ``device.*`` needs ``device.set=1`` and
        restarts the phone. Raises ValueError for an empty mapping.
        """
        if not values:
            raise ValueError("set_config needs at least one parameter")
        self._post(
            "/api/v1/mgmt/config/set",
            "Management.SetConfig",
            {str(k): config_text(v) for k, v in values.items()},
        )

    def get_config(self, names: Iterable[str] | str) -> dict[str, ConfigValue]:
        """Management.GetConfig — ``POST /api/v1/mgmt/config/get``: value and source of each parameter.

        At most 20 names per call (InputTooLargeError beyond). Names the phone does not report
        are missing from the result. Raises ValueError for no names.
        """
        wanted = [names] if isinstance(names, str) else [str(n) for n in names]
        if not wanted:
            raise ValueError("get_config needs at least one parameter name")
        data = self._post("/api/v1/mgmt/config/get", "Management.GetConfig", wanted).get("data")
        if not isinstance(data, Mapping):
            return {}
        return {str(k): ConfigValue.from_raw(v) for k, v in data.items()}

    def poll_for_status(self) -> PollStatus:
        """Management.PollForStatus — ``GET /api/v1/mgmt/pollForStatus``."""
        return PollStatus.from_raw(self._get_data("/api/v1/mgmt/pollForStatus", "Management.PollForStatus"))

    def get_transfer_type(self) -> TransferType:
        """Management.GetTransferType — ``GET /api/v1/mgmt/transferType/get``."""
        data = self._get_data("/api/v1/mgmt/transferType/get", "Management.GetTransferType")
        return TransferType.parse(data.get("Type") if isinstance(data, Mapping) else data)

    def set_transfer_type(self, transfer_type: TransferType | str) -> None:
        """Management.SetTransferType — ``POST /api/v1/mgmt/transferType/set`` (Consultative, Blind, Safe)."""
        t = TransferType.parse(transfer_type)
        if t is TransferType.UNKNOWN:
            raise ValueError(f"transfer type must be Consultative, Blind or Safe, not {transfer_type!r}")
        self._post("/api/v1/mgmt/transferType/set", "Management.SetTransferType", {"Type": t.value})

    def device_stats(self) -> DeviceStats:
        """Management.DeviceStats — ``GET /api/v1/mgmt/device/stats``: CPU and memory."""
        return DeviceStats.from_raw(self._get_data("/api/v1/mgmt/device/stats", "Management.DeviceStats"))

    def running_config(self) -> dict[str, Any]:
        """Management.RunningConfig — ``GET /api/v1/mgmt/device/runningConfig`` (as sent)."""
        data = self._get_data("/api/v1/mgmt/device/runningConfig", "Management.RunningConfig")
        return dict(data) if isinstance(data, Mapping) else {}

    def skype_sign_in(
        self,
        address: str,
        user: str,
        password: str,
        domain: str = "",
        lock_code: str | None = None,
        *,
        timeout: float = 160.0,
    ) -> None:
        """Management.SkypeSignIn — ``POST /api/v1/mgmt/skype/signIn``.

        The phone answers only when sign-in succeeds, fails or times out (150 s), hence the long
        read ``timeout``. The password is masked in the transcript and errors.
        """
        data: dict[str, Any] = {"Address": address, "User": user, "Password": password, "Domain": domain}
        if lock_code is not None:
            data["LockCode"] = lock_code
        self._post(
            "/api/v1/mgmt/skype/signIn",
            "Management.SkypeSignIn",
            data,
            timeout=(self.timeout[0], max(timeout, self.timeout[1])),
        )

    def skype_sign_out(self) -> None:
        """Management.SkypeSignOut — ``POST /api/v1/mgmt/skype/signOut``."""
        self._post("/api/v1/mgmt/skype/signOut", "Management.SkypeSignOut")

    def communication_info(self) -> CommunicationInfo:
        """Management.CommunicationInfo — ``GET /api/v1/mgmt/media/communicationInfo``."""
        return CommunicationInfo.from_raw(
            self._get_data("/api/v1/mgmt/media/communicationInfo", "Management.CommunicationInfo")
        )

    def location_info(self) -> dict[str, Any]:
        """Management.LocationInformation — ``GET /api/v1/mgmt/location/info`` (as sent)."""
        data = self._get_data("/api/v1/mgmt/location/info", "Management.LocationInformation")
        return dict(data) if isinstance(data, Mapping) else {}

    def export_config(self, url: str, config_type: str) -> None:
        """Management.ExportConfiguration — ``POST /api/v1/mgmt/config/export``.

        ``config_type``: ConfigFiles, Local, Web, Device or All (All excludes Device).
        """
        self._post(
            "/api/v1/mgmt/config/export",
            "Management.ExportConfiguration",
            {"Url": url, "ConfigType": config_type},
        )

    def session_stats(self) -> SessionStats:
        """Management.SessionStats — ``GET /api/v1/mgmt/media/sessionStats``: media streams."""
        return SessionStats.from_raw(
            self._get_data("/api/v1/mgmt/media/sessionStats", "Management.SessionStats")
        )

    def call_status_v1(self) -> CallInfo | None:
        """Management.CallStatus (v1) — ``GET /api/v1/webCallControl/callStatus``: one call, or None.

        The phone answers Status 4007 when there is no call: that is None here, not an error.
        """
        body = self._request(
            "GET", "/api/v1/webCallControl/callStatus", command="Management.CallStatus", accept=NO_CALL
        )
        data = body.get("data")
        if not data or str(body.get("Status", "")).strip() == "4007":
            return None
        if isinstance(data, list):
            data = data[0] if data else None
        return CallInfo.from_raw(data) if isinstance(data, Mapping) else None

    def line_info(self) -> list[LineInfo]:
        """Management.LineInfo (v1) — ``GET /api/v1/mgmt/lineInfo``."""
        data = self._get_data("/api/v1/mgmt/lineInfo", "Management.LineInfo")
        return [LineInfo.from_raw(x) for x in _items(data)]

    def line_info_v2(self, line: int | None = None) -> list[LineInfo]:
        """Management.LineInfo Version 2 — ``GET /api/v2/mgmt/lineInfo[?line=N]``."""
        params = {"line": str(int(line))} if line is not None else None
        data = self._get_data("/api/v2/mgmt/lineInfo", "Management.LineInfoV2", params=params)
        return [LineInfo.from_raw(x) for x in _items(data)]

    def update_configuration(self) -> str | None:
        """Management.UpdateConfiguration — ``POST /api/v1/mgmt/updateConfiguration``: sync with the
        provisioning server; returns the ProvisioningState the phone reports (None if none)."""
        data = self._post("/api/v1/mgmt/updateConfiguration", "Management.UpdateConfiguration").get("data")
        if isinstance(data, Mapping):
            state = data.get("ProvisioningState")
            return None if state is None else str(state)
        return None

    def led_status(self) -> LedStatus:
        """Management.LedStatus — ``GET /api/v1/mgmt/ledStatus``."""
        return LedStatus.from_raw(self._get_data("/api/v1/mgmt/ledStatus", "Management.LedStatus"))

    def bluetooth_info(self) -> BluetoothInfo:
        """Management.BluetoothInfo — ``GET /api/v1/mgmt/blueTooth/info``."""
        return BluetoothInfo.from_raw(
            self._get_data("/api/v1/mgmt/blueTooth/info", "Management.BluetoothInfo")
        )

    def pc_port_info(self) -> PcPortInfo:
        """Management.PC_Port_Info — ``GET /api/v1/mgmt/pcPort/info`` (4004 without one)."""
        return PcPortInfo.from_raw(self._get_data("/api/v1/mgmt/pcPort/info", "Management.PC_Port_Info"))

    def web_sign_in(self) -> WebSignIn:
        """Management.WebSignIn — ``GET /api/v1/mgmt/webSignIn``: the URI and code for a Skype web sign-in."""
        return WebSignIn.from_raw(self._get_data("/api/v1/mgmt/webSignIn", "Management.WebSignIn"))

    def web_sign_in_cancel(self) -> str | None:
        """Management.WebSignInCancel — ``GET /api/v1/mgmt/webSignInCancel``: its ``result``."""
        data = self._get_data("/api/v1/mgmt/webSignInCancel", "Management.WebSignInCancel")
        if isinstance(data, Mapping):
            result = data.get("result", data.get("Result"))
            return None if result is None else str(result)
        return None


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        return [data]
    return []
