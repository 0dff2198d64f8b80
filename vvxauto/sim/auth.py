"""HTTP authentication of the simulated phone: Basic, or Digest (RFC 7616, MD5, ``qop=auth``).

:class:`Authenticator` checks a request's ``Authorization`` header against user ``Polycom`` and
the phone's admin password, and raises a 401 :class:`~vvxauto.sim.http11.Answer` carrying the
``WWW-Authenticate`` challenge when it does not match. Digest nonces are signed with a per-server
secret, expire after five minutes (then ``stale=true``) and a replayed ``(nonce, nc)`` is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import threading
import time
from collections import OrderedDict
from typing import Literal

from vvxauto.sim.http11 import Answer

__all__ = ["REALM", "USERNAME", "AuthMode", "Authenticator", "DigestNonces"]

USERNAME = "Polycom"
REALM = "Polycom VVX"
_DIGEST_NONCE_LIFETIME = 300.0

AuthMode = Literal["basic", "digest"]

_AUTH_PARAM = re.compile(r'\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)')


def _parse_auth_params(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for m in _AUTH_PARAM.finditer(text):
        value = m.group(2)
        value = re.sub(r"\\(.)", r"\1", value) if value is not None else m.group(3)
        params[m.group(1).lower()] = value
    return params


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class DigestNonces:
    """Server side of HTTP Digest (RFC 7616, MD5, qop=auth) with signed, expiring nonces."""

    def __init__(self, realm: str) -> None:
        self.realm = realm
        self._secret = os.urandom(32)
        self._opaque = os.urandom(8).hex()
        self._seen: OrderedDict[str, set[str]] = OrderedDict()
        self._lock = threading.Lock()

    def _sign(self, stamp: str) -> str:
        return hmac.new(self._secret, stamp.encode(), hashlib.sha256).hexdigest()[:32]

    def challenge(self, stale: bool = False) -> str:
        """A fresh ``WWW-Authenticate: Digest ...`` value."""
        stamp = f"{time.time_ns() // 1_000_000:x}"
        nonce = stamp + self._sign(stamp)
        text = (
            f'Digest realm="{self.realm}", qop="auth", algorithm=MD5, '
            f'nonce="{nonce}", opaque="{self._opaque}"'
        )
        return text + (", stale=true" if stale else "")

    def verify(self, header: str, method: str, uri: str, password: str) -> str:
        """``"ok"``, ``"stale"`` (valid but expired nonce) or ``"bad"``."""
        p = _parse_auth_params(header)
        nonce = p.get("nonce", "")
        stamp, sig = nonce[:-32], nonce[-32:]
        if (
            p.get("username") != USERNAME
            or p.get("realm") != self.realm
            or p.get("qop") != "auth"
            or p.get("algorithm", "MD5").upper() != "MD5"
            or p.get("uri") != uri
            or not p.get("cnonce")
            or not re.fullmatch(r"[0-9a-fA-F]{8}", p.get("nc", ""))
            or not stamp
            or not hmac.compare_digest(sig, self._sign(stamp))
        ):
            return "bad"
        ha1 = _md5(f"{USERNAME}:{self.realm}:{password}")
        ha2 = _md5(f"{method}:{uri}")
        expected = _md5(f"{ha1}:{nonce}:{p['nc']}:{p['cnonce']}:auth:{ha2}")
        if not hmac.compare_digest(expected, p.get("response", "").lower()):
            return "bad"
        try:
            issued = int(stamp, 16) / 1000.0
        except ValueError:
            return "bad"
        if time.time() - issued > _DIGEST_NONCE_LIFETIME:
            return "stale"
        with self._lock:  # refuse a replayed (nonce, nc) pair
            seen = self._seen.setdefault(nonce, set())
            self._seen.move_to_end(nonce)
            while len(self._seen) > 1024:
                self._seen.popitem(last=False)
            nc = p["nc"].lower()
            if nc in seen:
                return "bad"
            seen.add(nc)
        return "ok"


class Authenticator:
    """Checks requests for one server, in one mode: ``"basic"`` or ``"digest"`` (never both)."""

    def __init__(self, mode: AuthMode, realm: str = REALM) -> None:
        self.mode = mode
        self.realm = realm
        self._digest = DigestNonces(realm)

    def check(self, authorization: str, method: str, uri: str, password: str) -> None:
        """Return if ``authorization`` proves the admin password, else raise the 401 answer."""
        scheme, _, credentials = authorization.partition(" ")
        if self.mode == "basic":
            if scheme.lower() == "basic" and _basic_matches(credentials, password):
                return
            challenge = f'Basic realm="{self.realm}", charset="UTF-8"'
        else:
            verdict = "bad"
            if scheme.lower() == "digest":
                verdict = self._digest.verify(credentials, method, uri, password)
            if verdict == "ok":
                return
            challenge = self._digest.challenge(stale=verdict == "stale")
        raise Answer(401, b"Unauthorized", "text/plain; charset=utf-8", (("WWW-Authenticate", challenge),))


def _basic_matches(credentials: str, password: str) -> bool:
    try:
        raw = base64.b64decode(credentials.strip(), validate=True)
    except ValueError:
        raw = b""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:  # clients such as requests send latin-1
        decoded = raw.decode("latin-1")
    user, _, given = decoded.partition(":")
    return user == USERNAME and hmac.compare_digest(given.encode(), password.encode())
