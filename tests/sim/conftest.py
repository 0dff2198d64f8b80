"""Fixtures of the simulator's tests: sessions per endpoint, waits, phones on a manual clock.

Plain helpers (the poller, an HTTP receiver) are in ``sim_helpers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from sim_helpers import MakePhone, wait_until

from vvxauto.sim import SimEndpoint, SimLab
from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.timing import ManualClock


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


@pytest.fixture
def make_phone() -> Iterator[MakePhone]:
    """``make_phone(model)``: a lab-provisioned phone (1001, 1002 ...) on one exchange with a manual clock."""
    exchange = Exchange(clock=ManualClock())
    count = iter(range(1001, 1100))

    def make(model: str) -> SimPhone:
        ext = next(count)
        return SimPhone(exchange, f"p{ext}", str(ext), model, password="secret")

    yield make
    exchange.close()


@pytest.fixture
def alice(sim_lab2: SimLab, sessions: Callable[..., requests.Session]) -> requests.Session:
    """An authenticated session for alice of the two-phone lab."""
    return sessions(sim_lab2.endpoint("alice"))


@pytest.fixture
def base(sim_lab2: SimLab) -> str:
    """alice's base URL in the two-phone lab."""
    return sim_lab2.endpoint("alice").base_url
