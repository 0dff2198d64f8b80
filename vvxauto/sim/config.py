"""The simulated phone's configuration store: layered sources, like a real VVX.

Precedence, lowest first (a higher layer wins)::

    DEFAULT < CONFIG < CLOUD < DEVICE < WEB < LOCAL

- DEFAULT: factory values (REST off, admin password 456, one placeholder line named after the model).
- CONFIG: centralised provisioning (the lab's provisioning files); ``updateConfiguration`` re-reads it.
- CLOUD: cloud / zero-touch provisioning; empty unless a lab fills it from Python.
- DEVICE: ``device.*`` parameters stored in the phone's flash (written by ``config/set`` when
  ``device.set`` is 1).
- WEB: the Web UI, and REST ``config/set`` for every non-``device.*`` parameter.
- LOCAL: the phone's own menus (the simulated UI writes here).

``config/get`` reports the winning layer as ``Source``. A parameter nobody set and the sim has no
default for answers ``Value`` "" with ``Source`` "DEFAULT" (documented guess).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

__all__ = [
    "LAYERS",
    "ConfigStore",
    "factory_defaults",
    "is_loopback_url",
    "lab_provisioning",
    "to_config_xml",
]

LAYERS: tuple[str, ...] = ("DEFAULT", "CONFIG", "CLOUD", "DEVICE", "WEB", "LOCAL")

# configReset scopes -> the layers they clear. The bare /configReset clears cloud, local, web and
# device settings (the manual's words) but keeps the provisioning (CONFIG); factoryReset clears all.
RESET_SCOPES: dict[str, tuple[str, ...]] = {
    "all": ("CLOUD", "LOCAL", "WEB", "DEVICE"),
    "cloud": ("CLOUD",),
    "local": ("LOCAL",),
    "web": ("WEB",),
    "device": ("DEVICE",),
    "factory": ("CONFIG", "CLOUD", "LOCAL", "WEB", "DEVICE"),
}

FACTORY_PASSWORD = "456"

_SECRET = re.compile(r"password|passwd|secret|\.pin$", re.IGNORECASE)


def is_loopback_url(url: str) -> bool:
    """True for an ``http(s)://`` URL on ``localhost`` or 127.x: the only places the simulator sends to."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.version == 4 and address in ipaddress.ip_network("127.0.0.0/8")


def is_secret(name: str) -> bool:
    """True for parameters whose values must never be shown (passwords, PINs)."""
    return bool(_SECRET.search(name))


def factory_defaults(model: str, line_count: int = 1) -> dict[str, str]:
    """The DEFAULT layer of a phone of ``model``: what a factory-fresh phone reports."""
    placeholder = re.sub(r"[^A-Za-z0-9]", "", model) or "Phone"
    values: dict[str, str] = {
        "apps.restapi.enabled": "0",
        "log.level.change.restapi": "4",
        "device.set": "0",
        "device.auth.localAdminPassword": FACTORY_PASSWORD,
        "device.auth.localUserPassword": "123",
        "up.screenCapture.enabled": "0",
        "up.screenCapture.value": "0",
        "call.DefaultTransferType": "Consultative",
        "feature.bluetooth.enabled": "1",
        "voIpProt.server.1.address": "",
        "voIpProt.server.1.port": "5060",
        "voIpProt.server.1.transport": "DNSnaptr",
        "voIpProt.server.1.expires": "3600",
        "tcpIpApp.sntp.address": "pool.ntp.org",
        "tcpIpApp.sntp.gmtOffset": "0",
        "device.prov.serverName": "",
        "device.prov.serverType": "HTTP",
        "device.prov.user": "",
        "device.dhcp.enabled": "1",
        "device.net.vlanId": "",
        "device.net.cdpEnabled": "1",
        "device.net.lldpEnabled": "1",
        "device.dns.domain": "",
        "device.dns.serverAddress": "",
        "device.dns.altSrvAddress": "",
        "device.syslog.serverName": "",
        "device.syslog.transport": "None",
        "device.syslog.renderLevel": "4",
        "device.syslog.facility": "16",
        "device.syslog.prependMac": "0",
        "device.tr069.enabled": "0",
        "apps.telNotification.URL": "",
        "apps.telNotification.incomingEvent": "0",
        "apps.telNotification.outgoingEvent": "0",
        "apps.telNotification.offhookEvent": "0",
        "apps.telNotification.onhookEvent": "0",
        "apps.telNotification.callStateChangeEvent": "0",
        "apps.telNotification.lineRegistrationEvent": "0",
        "feature.doNotDisturb.enable": "1",
        "locInfo.country": "",
        "locInfo.city": "",
        "locInfo.street": "",
        "locInfo.building": "",
        "locInfo.floor": "",
        "locInfo.room": "",
    }
    for n in range(1, max(line_count, 1) + 1):
        values.update(
            {
                f"reg.{n}.address": placeholder if n == 1 else "",
                f"reg.{n}.label": placeholder if n == 1 else "",
                f"reg.{n}.displayName": "",
                f"reg.{n}.auth.userId": "",
                f"reg.{n}.type": "private",
                f"reg.{n}.lineKeys": "1",
                f"reg.{n}.callsPerLineKey": "24",
                f"reg.{n}.server.1.address": "",
                f"reg.{n}.server.1.port": "",
                f"reg.{n}.fwd.always": "",
                f"reg.{n}.fwd.busy": "",
                f"reg.{n}.fwd.noAnswer": "",
            }
        )
    return values


def lab_provisioning(role: str, extension: str, password: str | None) -> dict[str, str]:
    """The CONFIG layer a simulated lab gives each phone (see the spec's "Default lab provisioning")."""
    values = {
        "apps.restapi.enabled": "1",
        "reg.1.address": extension,
        "reg.1.label": extension,
        "reg.1.displayName": role[:1].upper() + role[1:],
        "up.screenCapture.enabled": "1",
        "up.screenCapture.value": "1",
    }
    if password is not None:
        values["device.auth.localAdminPassword"] = password
    return values


class ConfigStore:
    """Parameters in layers (see the module docstring); callers hold the phone's lock.

    >>> store = ConfigStore({"apps.restapi.enabled": "0"})
    >>> store.set("apps.restapi.enabled", "1", source="CONFIG")
    >>> store.get("apps.restapi.enabled"), store.source("apps.restapi.enabled")
    ('1', 'CONFIG')
    """

    def __init__(self, defaults: Mapping[str, str] | None = None) -> None:
        self._layers: dict[str, dict[str, str]] = {name: {} for name in LAYERS}
        self._layers["DEFAULT"].update({k: str(v) for k, v in (defaults or {}).items()})

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in self._layers.items())
        return f"<ConfigStore {sizes}>"

    @staticmethod
    def _check_layer(source: str) -> str:
        layer = source.upper()
        if layer not in LAYERS:
            raise ValueError(f"unknown config source {source!r}; use one of {', '.join(LAYERS)}")
        return layer

    def lookup(self, name: str) -> tuple[str, str] | None:
        """``(value, source)`` of the winning layer, or None when no layer knows ``name``."""
        for layer in reversed(LAYERS):
            values = self._layers[layer]
            if name in values:
                return values[name], layer
        return None

    def get(self, name: str) -> str | None:
        """The effective value of ``name``, or None when unknown."""
        found = self.lookup(name)
        return found[0] if found else None

    def value(self, name: str, default: str = "") -> str:
        """The effective value of ``name``, or ``default`` when unknown."""
        found = self.lookup(name)
        return found[0] if found else default

    def source(self, name: str) -> str:
        """The layer the effective value comes from ("DEFAULT" for unknown parameters)."""
        found = self.lookup(name)
        return found[1] if found else "DEFAULT"

    def known(self, name: str) -> bool:
        """True when some layer (the defaults included) holds ``name``."""
        return self.lookup(name) is not None

    def set(self, name: str, value: str, source: str = "WEB") -> None:
        """Write ``name`` into layer ``source``."""
        self._layers[self._check_layer(source)][name] = str(value)

    def unset(self, name: str, source: str) -> None:
        """Remove ``name`` from layer ``source`` (no error when absent)."""
        self._layers[self._check_layer(source)].pop(name, None)

    def layer(self, source: str) -> dict[str, str]:
        """A copy of one layer."""
        return dict(self._layers[self._check_layer(source)])

    def replace_layer(self, source: str, values: Mapping[str, str]) -> None:
        """Replace the whole of layer ``source`` (e.g. CONFIG after re-provisioning)."""
        layer = self._check_layer(source)
        self._layers[layer] = {k: str(v) for k, v in values.items()}

    def reset(self, scope: str = "all") -> tuple[str, ...]:
        """Clear the layers of ``scope`` ("all", "cloud", "local", "web", "device", "factory").

        Returns the layers cleared. Raises ValueError for an unknown scope.
        """
        try:
            layers = RESET_SCOPES[scope.lower()]
        except KeyError:
            raise ValueError(f"unknown reset scope {scope!r}; use one of {', '.join(RESET_SCOPES)}") from None
        for layer in layers:
            self._layers[layer].clear()
        return layers

    def names(self) -> list[str]:
        """Every parameter name any layer holds, sorted."""
        found: dict[str, None] = {}
        for values in self._layers.values():
            found.update(dict.fromkeys(values))
        return sorted(found)

    def snapshot(self) -> dict[str, tuple[str, str]]:
        """Every parameter's effective ``(value, source)``."""
        out: dict[str, tuple[str, str]] = {}
        for layer in LAYERS:
            for name, value in self._layers[layer].items():
                out[name] = (value, layer)
        return out

    def export(self, config_type: str) -> dict[str, str]:
        """The parameters ``config/export`` sends for ``config_type`` (secrets left out).

        ``ConfigFiles`` → the CONFIG layer, ``Local``/``Web``/``Device`` → that layer, ``All`` →
        every effective value that is not a factory default, except ``device.*`` (as the manual says).
        Raises ValueError for another type.
        """
        kind = config_type.strip().lower()
        if kind == "all":
            chosen = {
                name: value
                for name, (value, layer) in self.snapshot().items()
                if layer != "DEFAULT" and not name.startswith("device.")
            }
        elif kind in ("configfiles", "config"):
            chosen = self.layer("CONFIG")
        elif kind in ("local", "web", "device"):
            chosen = self.layer(kind.upper())
        else:
            raise ValueError(f"unknown ConfigType {config_type!r}")
        return {k: v for k, v in sorted(chosen.items()) if not is_secret(k)}


def to_config_xml(values: Iterable[tuple[str, str]]) -> bytes:
    """A Polycom-style configuration file: ``<PHONE_CONFIG><ALL name="value" .../></PHONE_CONFIG>``."""

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    attrs = "".join(f'\n    {name}="{esc(value)}"' for name, value in values)
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
        f"<PHONE_CONFIG>\n  <ALL{attrs}\n  />\n</PHONE_CONFIG>\n"
    ).encode()
