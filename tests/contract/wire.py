"""Helpers of the wire-only contract tests: a phone as HTTP sees it, answers, waits."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
import requests

from vvxauto.wait import wait_until as _poll

if TYPE_CHECKING:
    from vvxauto.sim import SimLab

TIMEOUT = 10.0
T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float = 10.0, what: str = "the condition") -> T:
    """Poll ``predicate`` (every 10 ms) until it returns something truthy and return that; a failed
    request or a missing key counts as "not yet". Fails the test (WaitTimeout) after ``timeout`` s."""
    __tracebackhide__ = True
    return _poll(
        predicate,
        timeout,
        interval=0.01,
        ignore=(requests.RequestException, KeyError, IndexError),
        description=what,
    )


@dataclass
class Answer:
    """One HTTP exchange: the HTTP status and the JSON body (None when not JSON)."""

    http: int
    body: Any

    @property
    def status(self) -> str:
        """The phone's ``Status`` as a string (some manual examples show a number)."""
        return str(self.body.get("Status")) if isinstance(self.body, dict) else ""

    @property
    def data(self) -> Any:
        return self.body.get("data") if isinstance(self.body, dict) else None


@dataclass
class WirePhone:
    """A phone as the wire shows it: role, extension, model and a session with its credentials.

    ``verify`` is passed on every request: a session's own ``verify`` loses to REQUESTS_CA_BUNDLE.
    """

    role: str
    base_url: str
    extension: str
    model: str
    session: requests.Session = field(repr=False)

    def get(self, path: str, **params: str) -> Answer:
        response = self.session.get(
            self.base_url + path, params=params or None, timeout=TIMEOUT, verify=self.session.verify
        )
        return _answer(response)

    def post(self, path: str, data: Any = None, *, body: Any = None) -> Answer:
        payload = body if body is not None else ({"data": data} if data is not None else None)
        if payload is None:
            response = self.session.post(
                self.base_url + path,
                data=b"",
                headers={"Content-Type": "application/json"},
                timeout=TIMEOUT,
                verify=self.session.verify,
            )
        else:
            response = self.session.post(
                self.base_url + path, json=payload, timeout=TIMEOUT, verify=self.session.verify
            )
        return _answer(response)

    def calls(self) -> list[dict[str, str]]:
        """The v2 callStatus list (fails the test when the phone does not answer 2000)."""
        answer = self.get("/api/v2/webCallControl/callStatus")
        assert answer.status == "2000", answer
        return list(answer.data or [])

    def ok(self) -> bool:
        """True when the phone answers REST (used after restarts)."""
        try:
            answer = self.get("/api/v2/mgmt/device/info")
        except requests.RequestException:
            return False
        return answer.status == "2000" and answer.data.get("ReadyToUse") == "True"


def _answer(response: requests.Response) -> Answer:
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, body)


@dataclass
class ContractLab:
    phones: list[WirePhone]
    sim: SimLab | None

    @property
    def real(self) -> bool:
        return self.sim is None


def make_session(username: str, password: str, verify: Any) -> requests.Session:
    session = requests.Session()
    session.auth = (username, password)
    session.verify = verify
    return session


def from_inventory(path: Path) -> list[WirePhone]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    phones = []
    for role, entry in raw.get("phones", {}).items():
        password = entry.get("password")
        if password is None and entry.get("password_env"):
            password = os.environ.get(entry["password_env"])
        if password is None:
            raise pytest.UsageError(f"{path}: phone {role} has no password (or its password_env is unset)")
        scheme = entry.get("scheme", "https")
        verify: Any = entry.get("ca_bundle") or entry.get("verify", True)
        base = f"{scheme}://{entry['host']}" + (f":{entry['port']}" if entry.get("port") else "")
        phones.append(
            WirePhone(
                role=role,
                base_url=base,
                extension=str(entry.get("extension", "")),
                model=str(entry.get("model", "")),
                session=make_session(entry.get("username", "Polycom"), password, verify),
            )
        )
    return phones


def ring(caller: WirePhone, callee: WirePhone) -> dict[str, str]:
    """Dial ``callee`` from ``caller`` and wait until it rings; returns the callee's call."""
    assert caller.post("/api/v1/callctrl/dial", {"Dest": callee.extension, "Line": "1"}).status == "2000"
    calls = wait_for(
        lambda: [c for c in callee.calls() if c["CallState"] == "Offering"], what=f"{callee.role} ringing"
    )
    return calls[0]


def connect(caller: WirePhone, callee: WirePhone) -> tuple[dict[str, str], dict[str, str]]:
    """Set up a connected call; returns (caller's call, callee's call)."""
    incoming = ring(caller, callee)
    assert callee.post("/api/v1/callctrl/answerCall", {"Ref": incoming["CallHandle"]}).status == "2000"
    mine = wait_for(
        lambda: [c for c in caller.calls() if c["CallState"] == "Connected"], what=f"{caller.role} connected"
    )[0]
    theirs = wait_for(
        lambda: [c for c in callee.calls() if c["CallState"] == "Connected"], what=f"{callee.role} connected"
    )[0]
    return mine, theirs
