"""Simulated labs for the driver's tests, started through the framework's own Lab.simulated()."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vvxauto.lab import Lab
from vvxauto.phone import Phone
from vvxauto.wait import set_default_timeout


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    """Two phones (alice: VVX 411, bob: VVX 501) over http, no delays; shared by a test module."""
    with Lab.simulated(phones=2, models=["VVX 411", "VVX 501"]) as started:
        yield started
        started.sim.check_errors()


def _clean(phone: Phone) -> Iterator[Phone]:
    phone.reset_to_idle(timeout=5)
    yield phone
    phone.restore_config()
    phone.reset_to_idle(timeout=5)


@pytest.fixture
def alice(lab: Lab) -> Iterator[Phone]:
    """alice, idle before and after the test, config changes rolled back."""
    yield from _clean(lab.phone("alice"))


@pytest.fixture
def bob(lab: Lab) -> Iterator[Phone]:
    """bob, idle before and after the test, config changes rolled back."""
    yield from _clean(lab.phone("bob"))


@pytest.fixture(autouse=True)
def _default_timeout() -> Iterator[None]:
    set_default_timeout(5.0)
    yield
    set_default_timeout(None)
