"""TLS towards a phone: verified, against a CA bundle, pinned to a fingerprint, or (warned) off.

:func:`configure_tls` sets up a ``requests.Session`` for one phone and names the mode it chose:
``"pinned"`` (the chain is not checked; urllib3 compares the peer certificate's SHA-256 digest with
the pin during the handshake), ``"ca_bundle"``, ``"system"`` (the default trust store) or
``"insecure"`` (``verify=False``: warned about once per process with :class:`InsecurePhoneWarning`,
and urllib3's own per-request warning silenced for that session only).
"""

from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["InsecurePhoneWarning", "configure_tls", "normalize_fingerprint"]

_log = logging.getLogger("vvxauto.api")


class InsecurePhoneWarning(UserWarning):
    """TLS verification was switched off for a phone (``verify=False``)."""


_insecure_warned = False
_insecure_guard = threading.Lock()


def _warn_insecure(name: str) -> None:
    global _insecure_warned
    with _insecure_guard:
        if _insecure_warned:
            return
        _insecure_warned = True
    msg = (
        f"TLS verification is switched off for phone {name} (verify=False); anyone on the path can "
        "impersonate it. Pin its certificate (fingerprint) or give a ca_bundle instead. "
        "(Warned once per process.)"
    )
    warnings.warn(msg, InsecurePhoneWarning, stacklevel=5)
    _log.warning("%s", msg)


def normalize_fingerprint(fingerprint: str) -> str:
    """``"sha256:AB:CD:..."`` (prefix and colons optional, any case) -> 64 lower-case hex digits.

    Raises ValueError for anything that is not a SHA-256 fingerprint.
    """
    fp = fingerprint.strip().lower()
    if fp.startswith("sha256:"):
        fp = fp[len("sha256:") :]
    elif fp.startswith("sha256="):
        fp = fp[len("sha256=") :]
    fp = fp.replace(":", "").replace(" ", "")
    if len(fp) != 64 or any(c not in "0123456789abcdef" for c in fp):
        raise ValueError(
            f"not a SHA-256 certificate fingerprint (64 hex digits, colons optional): {fingerprint!r}"
        )
    return fp


class _PinnedAdapter(HTTPAdapter):
    """HTTPS that trusts exactly one certificate: the one whose SHA-256 fingerprint is pinned.

    The chain is not checked (phones' certificates are self-signed); urllib3 compares the peer
    certificate's digest with the pin during the handshake and fails the connection otherwise.
    """

    def __init__(self, fingerprint_hex: str, **kwargs: Any) -> None:
        self._fingerprint = fingerprint_hex  # set before HTTPAdapter.__init__ builds the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["assert_fingerprint"] = self._fingerprint
        pool_kwargs["cert_reqs"] = "CERT_NONE"
        pool_kwargs["assert_hostname"] = False
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)


class _QuietHTTPSConnectionPool(HTTPSConnectionPool):
    """An HTTPS pool that does not emit urllib3's InsecureRequestWarning (verify=False, warned once by us)."""

    def _validate_conn(self, conn: Any) -> None:
        HTTPConnectionPool._validate_conn(self, conn)
        if conn.is_closed:
            conn.connect()


class _InsecureAdapter(HTTPAdapter):
    """HTTPS without verification whose urllib3 warning is silenced for this session only."""

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": HTTPConnectionPool,
            "https": _QuietHTTPSConnectionPool,
        }


def configure_tls(
    session: requests.Session,
    name: str,
    *,
    verify: bool | str,
    ca_bundle: str | Path | None,
    fingerprint: str | None,
) -> str:
    """Set up HTTPS verification of ``session`` for phone ``name``; returns the mode chosen.

    A fingerprint wins over a CA bundle (``ca_bundle``, or ``verify`` given as a path), which wins
    over ``verify``. Raises ValueError for a bad fingerprint or a CA bundle that is not a file.
    """
    if fingerprint:
        session.mount("https://", _PinnedAdapter(normalize_fingerprint(fingerprint)))
        session.verify = False
        return "pinned"
    if ca_bundle is not None or isinstance(verify, str):
        bundle = Path(ca_bundle if ca_bundle is not None else str(verify))
        if not bundle.is_file():
            raise ValueError(f"ca_bundle for phone {name} is not a file: {bundle}")
        session.verify = str(bundle)
        return "ca_bundle"
    if verify is False:
        _warn_insecure(name)
        session.mount("https://", _InsecureAdapter())
        session.verify = False
        return "insecure"
    session.verify = True
    return "system"
