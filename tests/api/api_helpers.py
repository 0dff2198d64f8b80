"""Helpers for the client's tests against the simulated lab (imported by tests, not a conftest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from vvxauto.api import VvxClient
from vvxauto.sim import SimEndpoint
from vvxauto.wait import wait_until as framework_wait

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
    """Poll ``predicate`` until it returns something truthy (the framework's wait; errors propagate)."""
    __tracebackhide__ = True
    return framework_wait(predicate, timeout, ignore=(), description=what)
