"""The lab: which phones exist, by role, and how to reach them.

A lab comes from an inventory file (TOML) or from the simulator::

    [lab]                         # optional defaults for every phone
    scheme = "https"
    username = "Polycom"
    password_env = "VVX_PASSWORD"

    [phones.alice]
    host = "10.0.0.21"
    model = "VVX 411"
    extension = "1001"
    fingerprint = "sha256:AB:CD:..."   # pin the phone's self-signed certificate

    [phones.bob]
    host = "10.0.0.22"
    model = "VVX 501"
    extension = "1002"
    password_env = "VVX_BOB_PASSWORD"

Phone keys: host (required), port, scheme ("http"/"https", default "https"), username (default
"Polycom"), password or password_env (one of them, required), model (required), extension,
fingerprint, ca_bundle (relative paths are read from the inventory's folder), verify (default true),
timeout (seconds: the default timeout of waits on that phone), request_timeout (seconds: the HTTP
timeout of one request, default 5). The ``[lab]`` table may give any of them except host and
fingerprint.

>>> with Lab.simulated(phones=2) as lab:          # doctest: +SKIP
...     alice, bob = lab.phone("alice"), lab.phone("bob")
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vvxauto.layouts import UnknownModelError, load_layout

if TYPE_CHECKING:
    from vvxauto.api import VvxClient
    from vvxauto.phone import Phone

__all__ = ["InventoryError", "Lab", "PhoneSpec", "load_inventory", "normalize_fingerprint", "parse_inventory"]

PHONE_KEYS = (
    "host",
    "port",
    "scheme",
    "username",
    "password",
    "password_env",
    "model",
    "extension",
    "fingerprint",
    "ca_bundle",
    "verify",
    "timeout",
    "request_timeout",
)
LAB_KEYS = tuple(k for k in PHONE_KEYS if k not in ("host", "fingerprint"))
DEFAULT_REQUEST_TIMEOUT = 5.0


class InventoryError(ValueError):
    """The inventory cannot be used; the message names the file, the phone role and the field.

    Attributes ``path``, ``role`` and ``field`` (each may be None). Never holds a password.
    """

    def __init__(self, message: str, *, path: str | None = None, role: str | None = None,
                 field: str | None = None) -> None:
        self.path = path
        self.role = role
        self.field = field
        where = []
        if path:
            where.append(f"inventory {path}")
        if role:
            where.append(f"phone {role!r}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True)
class PhoneSpec:
    """How to reach one phone of the lab. ``password`` is never shown in the repr."""

    role: str
    host: str
    model: str
    password: str = field(repr=False)
    port: int | None = None
    scheme: str = "https"
    username: str = "Polycom"
    extension: str | None = None
    fingerprint: str | None = None
    ca_bundle: str | None = None
    verify: bool = True
    timeout: float | None = None
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    password_env: str | None = None

    @property
    def base_url(self) -> str:
        """``scheme://host[:port]``."""
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}"

    def client(self) -> VvxClient:
        """A new :class:`~vvxauto.api.VvxClient` for this phone (TLS pinning and CA bundle included)."""
        from vvxauto.api import VvxClient

        return VvxClient(
            self.host,
            self.port,
            scheme=self.scheme,
            username=self.username,
            password=self.password,
            name=self.role,
            timeout=self.request_timeout,
            verify=self.verify,
            ca_bundle=self.ca_bundle,
            fingerprint=self.fingerprint,
        )


def _suggest(key: str, allowed: Iterable[str]) -> str:
    names = list(allowed)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(names)}"


def normalize_fingerprint(text: str) -> str:
    """``"sha256:AB:CD:.."`` / ``"abcd.."`` -> 64 lower-case hex digits; ``ValueError`` otherwise."""
    value = text.strip()
    if value.lower().startswith("sha256:"):
        value = value[len("sha256:"):]
    value = re.sub(r"[\s:]", "", value).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError(
            "expected a SHA-256 certificate fingerprint: 64 hex digits, colons and a 'sha256:' prefix "
            "optional (get it with: openssl x509 -noout -fingerprint -sha256 -in phone.pem)"
        )
    return value


class _Checker:
    """Reads typed values out of one phone's merged table, raising errors that say where."""

    def __init__(self, raw: Mapping[str, Any], path: str | None, role: str) -> None:
        self.raw = raw
        self.path = path
        self.role = role

    def fail(self, name: str | None, message: str) -> InventoryError:
        return InventoryError(message, path=self.path, role=self.role, field=name)

    def string(self, name: str, *, required: bool = False) -> str | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise self.fail(name, "is required")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and name == "extension":
            return str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"must be a non-empty string, got {type(value).__name__}")
        return value.strip()

    def number(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self.fail(name, "must be a number of seconds > 0")
        return float(value)


def _build_spec(role: str, raw: Mapping[str, Any], path: str | None, base_dir: Path | None,
                env: Mapping[str, str]) -> PhoneSpec:
    check = _Checker(raw, path, role)
    host = check.string("host", required=True)
    model = check.string("model", required=True)
    assert host is not None and model is not None
    try:
        load_layout(model)
    except UnknownModelError as exc:
        raise check.fail("model", str(exc)) from None

    port = raw.get("port")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536):
        raise check.fail("port", "must be an integer between 1 and 65535")

    scheme = (check.string("scheme") or "https").lower()
    if scheme not in ("http", "https"):
        raise check.fail("scheme", f"must be 'http' or 'https', got {scheme!r}")

    verify = raw.get("verify", True)
    if not isinstance(verify, bool):
        raise check.fail("verify", "must be true or false")

    password = raw.get("password")
    password_env = check.string("password_env")
    if password is not None and password_env is not None:
        raise check.fail("password", "give either password or password_env, not both")
    if password_env is not None:
        if password_env not in env:
            raise check.fail(
                "password_env",
                f"environment variable {password_env} is not set; export it with the phone's admin password",
            )
        password = env[password_env]
    elif password is None:
        raise check.fail("password", "is required (or password_env naming an environment variable)")
    elif not isinstance(password, str):
        raise check.fail("password", "must be a string")

    fingerprint = check.string("fingerprint")
    if fingerprint is not None:
        try:
            fingerprint = normalize_fingerprint(fingerprint)
        except ValueError as exc:
            raise check.fail("fingerprint", str(exc)) from None

    ca_bundle = check.string("ca_bundle")
    if ca_bundle is not None:
        bundle = Path(ca_bundle).expanduser()
        if not bundle.is_absolute() and base_dir is not None:
            bundle = base_dir / bundle
        if not bundle.is_file():
            raise check.fail("ca_bundle", f"file {bundle} does not exist")
        ca_bundle = str(bundle)

    return PhoneSpec(
        role=role,
        host=host,
        model=model,
        password=password,
        port=port,
        scheme=scheme,
        username=check.string("username") or "Polycom",
        extension=check.string("extension"),
        fingerprint=fingerprint,
        ca_bundle=ca_bundle,
        verify=verify,
        timeout=check.number("timeout"),
        request_timeout=check.number("request_timeout") or DEFAULT_REQUEST_TIMEOUT,
        password_env=password_env,
    )


def parse_inventory(data: Mapping[str, Any], *, path: str | Path | None = None,
                    env: Mapping[str, str] | None = None) -> dict[str, PhoneSpec]:
    """Turn a parsed inventory (the TOML as a dict) into ``PhoneSpec`` objects by role.

    Raises :class:`InventoryError` naming the file, role and field for anything wrong: a missing
    field, a wrong type, an unknown key (with a suggestion), an unset ``password_env`` variable.
    """
    where = str(path) if path is not None else None
    base_dir = Path(path).resolve().parent if path is not None else None
    environ = os.environ if env is None else env
    for key in data:
        if key not in ("lab", "phones"):
            raise InventoryError(f"unknown table [{key}]; {_suggest(key, ('lab', 'phones'))}", path=where)
    defaults = data.get("lab", {})
    if not isinstance(defaults, Mapping):
        raise InventoryError("[lab] must be a table", path=where)
    for key in defaults:
        if key not in LAB_KEYS:
            hint = "it belongs in each [phones.<role>] table" if key in PHONE_KEYS else _suggest(
                key, LAB_KEYS
            )
            raise InventoryError(f"unknown key {key!r} in [lab]; {hint}", path=where, field=key)
    phones = data.get("phones")
    if not isinstance(phones, Mapping) or not phones:
        raise InventoryError("no phones: add at least one [phones.<role>] table", path=where)
    specs: dict[str, PhoneSpec] = {}
    for role, table in phones.items():
        if not isinstance(table, Mapping):
            raise InventoryError("must be a table [phones.<role>]", path=where, role=role)
        for key in table:
            if key not in PHONE_KEYS:
                raise InventoryError(f"unknown key {key!r}; {_suggest(key, PHONE_KEYS)}",
                                     path=where, role=role, field=key)
        merged = {**defaults, **table}
        if "password" in table and "password_env" not in table:
            merged.pop("password_env", None)  # a phone's own password wins over the lab-wide variable
        if "password_env" in table and "password" not in table:
            merged.pop("password", None)
        specs[role] = _build_spec(role, merged, where, base_dir, environ)
    return specs


def load_inventory(path: str | Path, *, env: Mapping[str, str] | None = None) -> dict[str, PhoneSpec]:
    """Read an inventory TOML file into ``PhoneSpec`` objects by role (see :func:`parse_inventory`)."""
    file = Path(path)
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InventoryError("file not found", path=str(file)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InventoryError(f"not valid TOML: {exc}", path=str(file)) from None
    return parse_inventory(data, path=file, env=env)


class Lab:
    """Phones by role, from an inventory or the simulator. Use as a context manager, or call close().

    ``lab.sim`` is the simulator handle (:class:`vvxauto.sim.SimLab`) for tests that need its knobs;
    None for a real lab.
    """

    def __init__(self, specs: Mapping[str, PhoneSpec] | Iterable[PhoneSpec], *, source: str | None = None,
                 sim: Any = None) -> None:
        items = specs.values() if isinstance(specs, Mapping) else specs
        self.specs: dict[str, PhoneSpec] = {spec.role: spec for spec in items}
        self.source = source
        self.sim = sim
        self._phones: dict[str, Phone] = {}
        self._closed = False

    @classmethod
    def from_inventory(cls, path: str | Path, *, env: Mapping[str, str] | None = None) -> Lab:
        """A lab of the phones listed in the inventory file at ``path``. Raises InventoryError."""
        return cls(load_inventory(path, env=env), source=str(path))

    @classmethod
    def simulated(cls, phones: int = 2, models: str | Sequence[str] | None = None, scheme: str = "http",
                  latency_ms: float = 0.0, **sim_options: Any) -> Lab:
        """Start a simulated lab (:class:`vvxauto.sim.SimLab`) and drive it over HTTP(S) like real phones.

        ``sim_options`` go to ``SimLab`` as they are (``timing=Timing(...)``, ``password=...``, ...).
        With https, each phone's certificate fingerprint is pinned, as a lab user would.
        """
        from vvxauto.sim import SimLab  # the only place the framework touches the simulator

        sim = SimLab(phones=phones, models=models, scheme=scheme, latency_ms=latency_ms, **sim_options)
        sim.start()
        try:
            specs = [_spec_from_endpoint(ep) for ep in sim.endpoints]
        except BaseException:
            sim.stop()
            raise
        return cls(specs, source="simulator", sim=sim)

    @property
    def is_simulated(self) -> bool:
        """True when the phones are the simulator's."""
        return self.sim is not None

    @property
    def roles(self) -> list[str]:
        """Role names in inventory order."""
        return list(self.specs)

    def spec(self, role: str) -> PhoneSpec:
        """The ``PhoneSpec`` of ``role``; ``LookupError`` naming the known roles otherwise."""
        try:
            return self.specs[role]
        except KeyError:
            close = difflib.get_close_matches(role, self.roles, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            roles = ", ".join(self.roles)
            raise LookupError(f"no phone with role {role!r} in the lab; {hint}roles: {roles}") from None

    def phone(self, role: str) -> Phone:
        """The :class:`~vvxauto.phone.Phone` of ``role`` (one per role, created on first use).

        Raises ``LookupError`` naming the known roles for an unknown one.
        """
        if self._closed:
            raise RuntimeError("the lab is closed")
        phone = self._phones.get(role)
        if phone is None:
            from vvxauto.phone import Phone

            phone = self._phones[role] = Phone.from_spec(self.spec(role))
        return phone

    @property
    def phones(self) -> dict[str, Phone]:
        """Every phone by role."""
        return {role: self.phone(role) for role in self.roles}

    def close(self) -> None:
        """Close every client and, for a simulated lab, stop the simulator. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for phone in self._phones.values():
            phone.close()
        self._phones.clear()
        if self.sim is not None:
            self.sim.stop()

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = "simulated" if self.is_simulated else (self.source or "inventory")
        return f"<Lab {kind}: {', '.join(self.roles)}>"


def _spec_from_endpoint(ep: Any) -> PhoneSpec:
    fingerprint = getattr(ep, "fingerprint", None)
    return PhoneSpec(
        role=ep.role,
        host=ep.host,
        model=ep.model,
        password=ep.password,
        port=ep.port,
        scheme=ep.scheme,
        username=getattr(ep, "username", "Polycom"),
        extension=getattr(ep, "extension", None),
        fingerprint=normalize_fingerprint(fingerprint) if fingerprint else None,
    )
