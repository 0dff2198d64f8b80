"""Helpers for the simulator's HTTP tests: an authenticated session per endpoint, waits."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
import requests

from vvxauto.sim import SimEndpoint

T = TypeVar("T")


def session_for(ep: SimEndpoint, password: str | None = None) -> requests.Session:
    """A requests session with Basic auth for ``ep`` (TLS verified against the lab's bundle).

    ``trust_env`` is off: a ``REQUESTS_CA_BUNDLE`` in the environment would otherwise override
    ``session.verify``, and proxy variables must never route loopback traffic elsewhere.
    """
    s = requests.Session()
    s.trust_env = False
    s.auth = (ep.username, ep.password if password is None else password)
    if ep.ca_bundle is not None:
        s.verify = str(ep.ca_bundle)
    return s


def wait_until(predicate: Callable[[], T], timeout: float = 5.0, what: str = "the condition") -> T:
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout``."""
    __tracebackhide__ = True
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = predicate()
        except requests.RequestException as exc:
            last = exc
        else:
            if last:
                return last
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}; last saw {last!r}")
        time.sleep(0.01)


@pytest.fixture
def sessions() -> Iterator[Callable[..., requests.Session]]:
    """``sessions(endpoint, password=None)``: sessions closed after the test."""
    made: list[requests.Session] = []

    def make(ep: SimEndpoint, password: str | None = None) -> requests.Session:
        s = session_for(ep, password)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


@pytest.fixture
def wait_for() -> Callable[..., Any]:
    """``wait_for(predicate, timeout=5.0, what="...")``: poll until truthy, else fail the test."""
    return wait_until
