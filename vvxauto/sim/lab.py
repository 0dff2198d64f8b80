"""A simulated lab: N phones on loopback ports sharing one virtual exchange, and its inventory.

>>> with SimLab(phones=2) as lab:                       # doctest: +SKIP
...     alice = lab.endpoints[0]                        # role "alice", extension "1001"
...     lab.write_inventory("lab.toml")                 # for the framework (vvxauto.lab)

Each phone gets a role (alice, bob, carol, dave, erin, frank, then phone7, phone8, ...), an
extension (1001, 1002, ...), a model (cycling through ``models``), its own :class:`SimServer` on a
free port of ``host`` (127.0.0.1 by default; any 127.x works) and, for ``scheme="https"``, its own
self-signed certificate (see :mod:`vvxauto.sim.tls`). Phones are provisioned as the spec's
"Default lab provisioning" says (REST on, the lab's admin password, line 1 registered to the
extension, screen capture on; all with source CONFIG).

:meth:`SimLab.phone` and :meth:`SimLab.server` give the simulator-side objects, for knobs and the
simulator's own tests only: framework code must talk HTTP to the endpoints.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vvxauto.sim.server import USERNAME, AuthMode, SimServer, check_loopback

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone
    from vvxauto.sim.exchange import Exchange
    from vvxauto.sim.timing import Timing

__all__ = ["DEFAULT_PASSWORD", "ROLES", "SimEndpoint", "SimLab", "dumps_toml", "role_names"]

ROLES: tuple[str, ...] = ("alice", "bob", "carol", "dave", "erin", "frank")
DEFAULT_PASSWORD = "vvx-sim-admin"  # not the factory 456, so REST answers
FIRST_EXTENSION = 1001
_MAC_PREFIX = "00:04:F2"  # Polycom's OUI
_lab_counter = itertools.count(1)


def role_names(count: int) -> list[str]:
    """``["alice", "bob", ...]`` for ``count`` phones; past the sixth: ``phone7``, ``phone8``, ..."""
    return [ROLES[i] if i < len(ROLES) else f"phone{i + 1}" for i in range(count)]


@dataclass(frozen=True)
class SimEndpoint:
    """How to reach one simulated phone (what the inventory says about it).

    ``password`` is left out of the repr. ``fingerprint`` (``"sha256:AB:..."``) and ``cert_path``
    are set for https only.
    """

    role: str
    host: str
    port: int
    scheme: str
    model: str
    extension: str
    username: str = USERNAME
    password: str = field(default="", repr=False)
    fingerprint: str | None = None
    cert_path: Path | None = None
    ca_bundle: Path | None = None
    mac: str = ""

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (or https)."""
        return f"{self.scheme}://{self.host}:{self.port}"

    def inventory_entry(self) -> dict[str, Any]:
        """This phone's ``[phones.<role>]`` table of the inventory."""
        entry: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "scheme": self.scheme,
            "username": self.username,
            "password": self.password,
            "model": self.model,
            "extension": self.extension,
        }
        if self.fingerprint:
            entry["fingerprint"] = self.fingerprint
        if self.ca_bundle is not None:
            entry["ca_bundle"] = str(self.ca_bundle)
        return entry


def _split_models(models: str | Sequence[str] | None) -> list[str]:
    if models is None:
        return ["VVX 411"]
    if isinstance(models, str):
        models = models.split(",")
    names = [m.strip() for m in models if m.strip()]
    if not names:
        raise ValueError("models must name at least one phone model")
    return names


class SimLab:
    """N simulated phones sharing one :class:`~vvxauto.sim.exchange.Exchange`.

    ``phones``: how many; ``models``: a list or comma-separated string, cycled (default VVX 411);
    ``scheme``: "http" or "https"; ``latency_ms``: per-request processing time (else
    ``timing.request_latency_ms``); ``timing``: call-progress and restart delays; ``password``: the
    admin password every phone is provisioned with; ``queue_requests``: queue concurrent requests
    instead of answering 403; ``far_ends``: scripted numbers for the exchange (``{"5551234":
    "answer:500", "*": "busy"}``); ``host``: a 127.x address; ``auth``: "basic" or "digest";
    ``directory``: where certificates and the inventory go (default: a temporary directory,
    removed on stop); ``roles``: names instead of alice, bob, ...

    Nothing listens until :meth:`start` (or ``with``); :meth:`stop` closes every server, frees the
    ports and removes the lab directory if the lab made it. Raises ValueError for a host outside
    127.0.0.0/8, an unknown scheme or auth or fewer than one phone, and ``UnknownModelError`` (a
    LookupError) for a model with no layout file.
    """

    def __init__(
        self,
        phones: int = 2,
        models: str | Sequence[str] | None = None,
        scheme: str = "http",
        latency_ms: float = 0.0,
        timing: Timing | None = None,
        password: str = DEFAULT_PASSWORD,
        queue_requests: bool = False,
        far_ends: Mapping[str, Any] | None = None,
        host: str = "127.0.0.1",
        auth: AuthMode = "basic",
        directory: str | Path | None = None,
        roles: Iterable[str] | None = None,
    ) -> None:
        from vvxauto.layouts import load_layout

        if phones < 1:
            raise ValueError("a lab needs at least one phone")
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be 'http' or 'https', not {scheme!r}")
        if auth not in ("basic", "digest"):
            raise ValueError(f"auth must be 'basic' or 'digest', not {auth!r}")
        if latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        self.host = check_loopback(host)
        self.scheme = scheme
        self.models = _split_models(models)
        for model in self.models:
            load_layout(model)  # fail early on an unknown model
        self.count = phones
        self.roles = list(roles) if roles is not None else role_names(phones)
        if len(self.roles) != phones or len(set(self.roles)) != phones:
            raise ValueError("roles must name each phone once")
        for role in self.roles:
            if not re.fullmatch(r"[a-z][a-z0-9_-]*", role):
                raise ValueError(f"a role is a lower-case name, not {role!r}")
        self.latency_ms = float(latency_ms)
        self.timing = timing
        self.password = password
        self.queue_requests = queue_requests
        self.far_ends = dict(far_ends or {})
        self.auth: AuthMode = auth
        self._own_directory = directory is None
        self._directory_arg = Path(directory) if directory is not None else None
        self.directory: Path | None = None
        self.exchange: Exchange | None = None
        self.endpoints: list[SimEndpoint] = []
        self.ca_bundle_path: Path | None = None
        self.inventory_path: Path | None = None
        self._phones: dict[str, SimPhone] = {}
        self._servers: dict[str, SimServer] = {}
        self._number = next(_lab_counter)
        self._started = False
        self._stopped = False

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> SimLab:
        """Create the phones, start their servers, write the inventory; returns self."""
        if self._stopped:
            raise RuntimeError("a stopped SimLab cannot be started again; make a new one")
        if self._started:
            return self
        self._started = True
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        from vvxauto.sim import tls
        from vvxauto.sim.device import SimPhone
        from vvxauto.sim.exchange import Exchange

        if self._directory_arg is not None:
            self._directory_arg.mkdir(parents=True, exist_ok=True)
            self.directory = self._directory_arg
        else:
            self.directory = Path(tempfile.mkdtemp(prefix="vvxauto-lab-"))
        self.exchange = Exchange(timing=self.timing, far_ends=self.far_ends)
        latency = self.latency_ms or (self.timing.request_latency_ms if self.timing else 0.0)
        certs: list[tls.PhoneCertificate] = []
        pending: list[tuple[str, str, str, SimPhone, tls.PhoneCertificate | None]] = []
        for index, role in enumerate(self.roles):
            model = self.models[index % len(self.models)]
            extension = str(FIRST_EXTENSION + index)
            mac = f"{_MAC_PREFIX}:{self._number % 256:02X}:{(index >> 8) % 256:02X}:{index % 256:02X}"
            phone = SimPhone(
                role=role,
                extension=extension,
                model=model,
                exchange=self.exchange,
                ip=self.host,
                mac=mac,
                password=self.password,
            )
            self._phones[role] = phone
            cert = None
            if self.scheme == "https":
                cert = tls.make_certificate(phone.mac, [self.host], self.directory / "certs", name=role)
                certs.append(cert)
            pending.append((role, phone.model, extension, phone, cert))
        if certs:
            self.ca_bundle_path = tls.write_bundle(certs, self.directory / "ca-bundle.pem")
        for role, model, extension, phone, cert in pending:
            server = SimServer(
                phone,
                host=self.host,
                scheme=self.scheme,
                ssl_context=tls.server_context(cert) if cert is not None else None,
                latency_ms=latency,
                queue_requests=self.queue_requests,
                auth=self.auth,
            )
            self._servers[role] = server
            self.endpoints.append(
                SimEndpoint(
                    role=role,
                    host=self.host,
                    port=server.port,
                    scheme=self.scheme,
                    model=model,
                    extension=extension,
                    password=self.password,
                    fingerprint=cert.fingerprint if cert is not None else None,
                    cert_path=cert.cert_path if cert is not None else None,
                    ca_bundle=self.ca_bundle_path,
                    mac=phone.mac,
                )
            )
        for server in self._servers.values():
            server.start()
        self.inventory_path = self.write_inventory(self.directory / "inventory.toml")

    def stop(self) -> None:
        """Stop every server (freeing its port) and the exchange; remove a lab-made directory.

        Idempotent; a stopped lab cannot be started again.
        """
        self._stopped = True
        for server in self._servers.values():
            server.stop()
        if self.exchange is not None:
            self.exchange.close()
        if self._own_directory and self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> SimLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        ports = ", ".join(f"{e.role}:{e.port}" for e in self.endpoints)
        return f"<SimLab {self.scheme} {len(self.endpoints)} phones [{ports}]>"

    # -- access ----------------------------------------------------------------------------------

    def endpoint(self, role: str) -> SimEndpoint:
        """The endpoint of ``role`` (KeyError naming the known roles if there is none)."""
        for ep in self.endpoints:
            if ep.role == role:
                return ep
        raise KeyError(f"no phone {role!r} in this lab; roles: {', '.join(self.roles)}")

    def phone(self, role: str) -> SimPhone:
        """The simulator-side phone of ``role`` (for knobs and simulator tests only)."""
        try:
            return self._phones[role]
        except KeyError:
            raise KeyError(f"no phone {role!r} in this lab; roles: {', '.join(self.roles)}") from None

    def server(self, role: str) -> SimServer:
        """The :class:`SimServer` of ``role`` (``lab.server("alice").faults.busy(3)``)."""
        try:
            return self._servers[role]
        except KeyError:
            raise KeyError(f"no phone {role!r} in this lab; roles: {', '.join(self.roles)}") from None

    @property
    def phones(self) -> list[SimPhone]:
        """Every simulated phone, in role order."""
        return list(self._phones.values())

    @property
    def servers(self) -> list[SimServer]:
        """Every server, in role order."""
        return list(self._servers.values())

    @property
    def errors(self) -> list[BaseException]:
        """Every exception a handler (or an exchange timer) raised, across the lab."""
        found: list[BaseException] = []
        for server in self._servers.values():
            found.extend(server.errors)
        scheduler = getattr(self.exchange, "scheduler", None)
        found.extend(getattr(scheduler, "errors", ()) or ())
        return found

    def check_errors(self) -> None:
        """Raise the first error in :attr:`errors`, if any."""
        errors = self.errors
        if errors:
            raise errors[0]

    # -- inventory -------------------------------------------------------------------------------

    def inventory(self) -> dict[str, Any]:
        """``{"phones": {role: {host, port, scheme, username, password, model, extension, ...}}}``."""
        return {"phones": {ep.role: ep.inventory_entry() for ep in self.endpoints}}

    def write_inventory(self, path: str | Path) -> Path:
        """Write :meth:`inventory` as TOML to ``path`` (owner-readable only: it holds passwords)."""
        path = Path(path)
        text = "# vvxauto simulated lab: generated by SimLab, valid while the lab runs\n"
        text += dumps_toml(self.inventory())
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            path.touch(mode=0o600, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


# -- a small TOML writer (tables, strings, numbers, booleans, lists): no extra dependency --------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("TOML here holds finite numbers only")
        return repr(value)
    if isinstance(value, str | Path):
        return _toml_string(str(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dumps_toml(data: Mapping[str, Any], _prefix: tuple[str, ...] = ()) -> str:
    """Render nested mappings as TOML: scalars first, then one ``[a.b]`` table per mapping."""
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif value is not None:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    text = ""
    if lines:
        if _prefix:
            text += "[" + ".".join(_toml_key(k) for k in _prefix) + "]\n"
        text += "\n".join(lines) + "\n"
    for key, table in tables:
        sub = dumps_toml(table, (*_prefix, key))
        if sub:
            text += ("\n" if text else "") + sub
    return text
