"""Helpers for the client's tests against the simulated lab (imported by tests, not a conftest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from vvxauto.api import VvxClient
from vvxauto.sim import SimEndpoint

T = TypeVar("T")


def client_for(ep: SimEndpoint, **kwargs: Any) -> VvxClient:
    """A client for a simulated phone, trusting its certificate (https) by the lab's CA bundle."""
    opts: dict[str, Any] = {"timeout": 3.0}
    if ep.scheme == "https" and "fingerprint" not in kwargs and "verify" not in kwargs:
        opts["ca_bundle"] = ep.ca_bundle
    opts.update(kwargs)
    opts.setdefault("password", ep.password)
    return VvxClient(ep.host, ep.port, scheme=ep.scheme, username=ep.username, name=ep.role, **opts)


def wait_until(predicate: Callable[[], T], timeout: float = 5.0, what: str = "the condition") -> T:
    """Poll ``predicate`` (every 5 ms) until it returns something truthy; fail after ``timeout``."""
    __tracebackhide__ = True
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout} s; last value: {last!r}")
        time.sleep(0.005)
