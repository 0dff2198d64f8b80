"""Fixtures for the client's tests against the simulated lab (labs come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_helpers import client_for

from vvxauto.api import VvxClient
from vvxauto.sim import SimLab


@pytest.fixture
def lab(sim_lab2: SimLab) -> SimLab:
    """A started 2-phone HTTP lab (alice 1001, bob 1002)."""
    return sim_lab2


@pytest.fixture
def alice(lab: SimLab) -> VvxClient:
    """A client for alice."""
    return client_for(lab.endpoint("alice"))


@pytest.fixture
def bob(lab: SimLab) -> VvxClient:
    """A client for bob."""
    return client_for(lab.endpoint("bob"))


@pytest.fixture
def https_lab(sim_lab_factory: Callable[..., SimLab]) -> SimLab:
    """A started 2-phone HTTPS lab with self-signed certificates."""
    return sim_lab_factory(phones=2, scheme="https")
