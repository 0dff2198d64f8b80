"""``VvxClient``: one method per command of the VVX REST API manual (UC Software 6.1.0), v1 and v2.

Methods return typed results from :mod:`vvxauto.api.types` (``.raw`` keeps the phone's keys) or
None for commands that only acknowledge. Every failure raises a :class:`vvxauto.errors.VvxError`
subclass naming the phone, the command, the HTTP status and the phone's Status, with a hint.

Paths follow the phones, not the manual's typos: Dial is ``/api/v1/callctrl/dial``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from vvxauto.api.transcript import Transcript
from vvxauto.api.transport import Transport
from vvxauto.api.types import (
    BluetoothInfo,
    CallInfo,
    CallLogs,
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
    SipStatus,
    TransferType,
    WebSignIn,
    call_list,
    normalize_handle,
)

__all__ = ["CallRef", "VvxClient"]

#: A call reference: a handle (``"b5576ff8"``, ``"0xB5576FF8"``) or a CallInfo.
CallRef = str | CallInfo

_CONFIG_RESET_SCOPES = ("cloud", "local", "web", "device")
_CALL_LOG_KINDS = ("missed", "received", "placed")
_TOUCH_TYPES = ("Tap", "Press", "Release", "Swipe")
#: The manual prints VoIUp/VoIDown; phones take VolUp/VolDown.
_KEY_ALIASES = {"voiup": "VolUp", "voidown": "VolDown"}
_NO_CALL = frozenset({"4007"})

# v2 callStatus is the hot path of every wait: its path and command name are built once.
_CALL_STATUS_V2 = "/api/v2/webCallControl/callStatus"


def _ref(ref: CallRef) -> str:
    handle = ref.handle if isinstance(ref, CallInfo) else ref
    h = normalize_handle(handle)
    if not h:
        raise ValueError("a call reference (handle) must not be empty")
    return h


def _flag(on: bool) -> str:
    return "1" if on else "0"


def _config_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class VvxClient:
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

    def _post(self, path: str, command: str, data: Any = None, **kw: Any) -> dict[str, Any]:
        if data is None:
            result: dict[str, Any] = self._request("POST", path, command=command, **kw)
        else:
            result = self._request("POST", path, command=command, body={"data": data}, **kw)
        return result

    def _get_data(self, path: str, command: str, **kw: Any) -> Any:
        return self._request("GET", path, command=command, **kw).get("data")

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
            {str(k): _config_text(v) for k, v in values.items()},
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

    def uixml(self) -> str:
        """Management.Uixml — ``GET /api/v1/mgmt/uixml``: the XML text of the phone's screen."""
        data = self._get_data("/api/v1/mgmt/uixml", "Management.Uixml")
        return data if isinstance(data, str) else ""

    def device_stats(self) -> DeviceStats:
        """Management.DeviceStats — ``GET /api/v1/mgmt/device/stats``: CPU and memory."""
        return DeviceStats.from_raw(self._get_data("/api/v1/mgmt/device/stats", "Management.DeviceStats"))

    def running_config(self) -> dict[str, Any]:
        """Management.RunningConfig — ``GET /api/v1/mgmt/device/runningConfig`` (as sent)."""
        data = self._get_data("/api/v1/mgmt/device/runningConfig", "Management.RunningConfig")
        return dict(data) if isinstance(data, Mapping) else {}

    def simulate_touch(
        self,
        type: str,
        positions: Sequence[tuple[int, int]] | Sequence[Mapping[str, Any]],
        duration: int | None = None,
        easing: int | None = None,
    ) -> None:
        """Management.SimulateTouch — ``POST /api/v1/mgmt/simulateTouch``.

        ``type`` is Tap, Press, Release (one position) or Swipe (2 to 5 positions); positions are
        ``(x, y)`` pixels of the screen capture (sent as strings). ``duration`` is in
        milliseconds (the manual's unit), ``easing`` 0-40 (a Qt easing curve).
        """
        kind = next((t for t in _TOUCH_TYPES if t.lower() == type.strip().lower()), type)
        pos = []
        for p in positions:
            if isinstance(p, Mapping):
                x, y = p.get("X", p.get("x")), p.get("Y", p.get("y"))
            else:
                x, y = p[0], p[1]
            pos.append({"X": str(int(x)), "Y": str(int(y))})
        data: dict[str, Any] = {"Type": kind, "Positions": pos}
        if duration is not None:
            data["Duration"] = str(int(duration))
        if easing is not None:
            data["Easing"] = str(int(easing))
        self._post("/api/v1/mgmt/simulateTouch", "Management.SimulateTouch", data)

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
            "GET", "/api/v1/webCallControl/callStatus", command="Management.CallStatus", accept=_NO_CALL
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

    def simulate_text_input(self, value: str, replace: bool | None = None) -> None:
        """Management.SimulateTextInput — ``POST /api/v1/mgmt/simulateTextInput``: type text.

        ``replace`` True replaces the field's text (sent as ``"ReplaceText": "true"``); None omits it.
        """
        data: dict[str, Any] = {"Value": value}
        if replace is not None:
            data["ReplaceText"] = "true" if replace else "false"
        self._post("/api/v1/mgmt/simulateTextInput", "Management.SimulateTextInput", data)

    def simulate_key_event(self, key: str) -> None:
        """Management.SimulateKeyEvent — ``POST /api/v1/mgmt/simulateKeyEvent``: tap one key.

        ``key`` as the manual lists them (SoftKey1, Line1, Dialpad5, Select, Handsfree, ...);
        the manual's VoIUp/VoIDown are sent as VolUp/VolDown, as phones expect.
        """
        name = _KEY_ALIASES.get(key.strip().lower(), key.strip())
        self._post(
            "/api/v1/mgmt/simulateKeyEvent", "Management.SimulateKeyEvent", {"Type": "Tap", "KeyName": name}
        )

    def simulate_hook(self, off_hook: bool) -> None:
        """Management.SimulateHook — ``POST /api/v1/mgmt/simulateHook``: ``Up`` (off hook) or ``Down``."""
        self._post(
            "/api/v1/mgmt/simulateHook", "Management.SimulateHook", {"Type": "Up" if off_hook else "Down"}
        )

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

    def capture_screen(self, em: int | None = None) -> bytes:
        """Screen capture — ``GET /captureScreen/mainScreen`` or ``/captureScreen/em/<n>``: a BMP image.

        Needs ``up.screenCapture.enabled=1`` and ``up.screenCapture.value=1`` on the phone
        (ScreenCaptureDisabledError otherwise).
        """
        path = "/captureScreen/mainScreen" if em is None else f"/captureScreen/em/{int(em)}"
        image: bytes = self._request("GET", path, command="Management.CaptureScreen", binary=True)
        return image

    # ---------------------------------------------------------------------------- call control

    def dial(self, dest: str, line: int = 1, type: str | None = None) -> None:
        """WebCallControl.Dial — ``POST /api/v1/callctrl/dial`` (the manual's ``callctr`` is a typo).

        The phone returns no handle: find the new call with :meth:`call_status`. ``type`` is
        SIP, TEL or H323 (the phone defaults to TEL). LineNotRegisteredError when the line is not
        registered.
        """
        data: dict[str, Any] = {"Dest": str(dest), "Line": str(int(line))}
        if type is not None:
            data["Type"] = type
        self._post("/api/v1/callctrl/dial", "WebCallControl.Dial", data)

    def end_call(self, ref: CallRef) -> None:
        """WebCallControl.EndCall — ``POST /api/v1/callctrl/endCall``.

        CallNotFoundError when the call is gone, NotAllowedError when it is on hold.
        """
        self._post("/api/v1/callctrl/endCall", "WebCallControl.EndCall", {"Ref": _ref(ref)})

    def mute(self, on: bool) -> None:
        """WebCallControl.MuteCall — ``POST /api/v1/callctrl/mute`` with ``{"state": "1"|"0"}``."""
        self._post("/api/v1/callctrl/mute", "WebCallControl.MuteCall", {"state": _flag(on)})

    def transfer_call(self, ref: CallRef, dest: str) -> None:
        """WebCallControl.TransferCall — ``POST /api/v1/callctrl/transferCall``: blind."""
        self._post(
            "/api/v1/callctrl/transferCall",
            "WebCallControl.TransferCall",
            {"Ref": _ref(ref), "TransferDest": str(dest)},
        )

    def send_dtmf(self, digits: str) -> None:
        """WebCallControl.SendDTMF — ``POST /api/v1/callctrl/sendDTMF`` on the active call."""
        self._post("/api/v1/callctrl/sendDTMF", "WebCallControl.SendDTMF", {"Digits": str(digits)})

    def call_logs(self, kind: str | None = None) -> CallLogs:
        """WebCallControl.CallLogs — ``GET /api/v1/mgmt/callLogs[/missed|received|placed]``."""
        path = "/api/v1/mgmt/callLogs"
        if kind is not None:
            k = kind.lower()
            if k not in _CALL_LOG_KINDS:
                raise ValueError(f"call log kind must be one of {_CALL_LOG_KINDS} or None, not {kind!r}")
            path += "/" + k
            return CallLogs.from_raw(self._get_data(path, "WebCallControl.CallLogs"), k)
        return CallLogs.from_raw(self._get_data(path, "WebCallControl.CallLogs"))

    def get_presence(self) -> str | None:
        """WebCallControl.GetCurrentPresence — ``GET /api/v1/mgmt/getPresence`` (Skype for Business only;
        NotSupportedError on other call servers)."""
        body = self._request("GET", "/api/v1/mgmt/getPresence", command="WebCallControl.GetCurrentPresence")
        presence = body.get("Presence")
        data = body.get("data")
        if presence is None and isinstance(data, Mapping):
            presence = data.get("Presence")
        elif presence is None and isinstance(data, str):
            presence = data
        return None if presence is None else str(presence)

    def sip_status(self) -> SipStatus:
        """WebCallControl.SipStatus — ``GET /api/v1/webCallControl/sipStatus``."""
        return SipStatus.from_raw(
            self._get_data("/api/v1/webCallControl/sipStatus", "WebCallControl.SipStatus")
        )

    def _call_action(self, action: str, command: str, ref: CallRef | None) -> None:
        data = None if ref is None else {"Ref": _ref(ref)}
        self._post(f"/api/v1/callctrl/{action}", command, data)

    def hold_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.HoldCall — ``POST /api/v1/callctrl/holdCall``; no ``ref``: the active call."""
        self._call_action("holdCall", "WebCallControl.HoldCall", ref)

    def resume_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.ResumeCall — ``POST /api/v1/callctrl/resumeCall``; no ``ref``: active."""
        self._call_action("resumeCall", "WebCallControl.ResumeCall", ref)

    def answer_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.AnswerCall — ``POST /api/v1/callctrl/answerCall``; no ``ref``: the incoming call."""
        self._call_action("answerCall", "WebCallControl.AnswerCall", ref)

    def ignore_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.IgnoreCall — ``POST /api/v1/callctrl/ignoreCall``; no ``ref``: the incoming call."""
        self._call_action("ignoreCall", "WebCallControl.IgnoreCall", ref)

    def reject_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.RejectCall — ``POST /api/v1/callctrl/rejectCall``; no ``ref``: the incoming call."""
        self._call_action("rejectCall", "WebCallControl.RejectCall", ref)

    def call_status(
        self, handle: CallRef | None = None, line: int | None = None, sequence: int | None = None
    ) -> list[CallInfo]:
        """WebCallControl.CallStatus Version 2 — ``GET /api/v2/webCallControl/callStatus``: [] for none.

        Filters as the phone accepts them: ``handle``, or ``line``, or ``line`` and ``sequence``
        (ValueError otherwise). A 4007 answer (no such call) is [] too.
        """
        params: dict[str, str] | None = None
        if handle is not None:
            if line is not None or sequence is not None:
                raise ValueError("call_status takes a handle, or a line, or a line and a sequence")
            params = {"handle": _ref(handle)}
        elif line is not None:
            params = {"line": str(int(line))}
            if sequence is not None:
                params["sequence"] = str(int(sequence))
        elif sequence is not None:
            raise ValueError("call_status: a sequence needs a line")
        body = self._request(
            "GET", _CALL_STATUS_V2, command="WebCallControl.CallStatusV2", params=params, accept=_NO_CALL
        )
        return call_list(body.get("data"))


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        return [data]
    return []
