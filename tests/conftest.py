"""Fixtures shared by the framework's own tests: simulated labs on loopback.

``sim_lab_factory(**kwargs)`` starts a :class:`~vvxauto.sim.SimLab` (same arguments) that is stopped
after the test; ``sim_lab2`` is a started 2-phone HTTP lab (alice 1001, bob 1002). Both fail the
test at teardown if a simulated phone's handler raised (like pytest-httpserver): a test that
provokes a handler error on purpose asserts on it and then empties ``server.errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from vvxauto.sim import SimLab


@pytest.fixture
def sim_lab_factory() -> Iterator[Callable[..., SimLab]]:
    """A function that starts a lab (``SimLab`` arguments); every lab is stopped after the test."""
    labs: list[SimLab] = []

    def make(**kwargs: Any) -> SimLab:
        lab = SimLab(**kwargs).start()
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.stop()
    for lab in labs:
        errors = lab.errors
        if errors:
            pytest.fail(f"the simulated lab raised {len(errors)} error(s); first: {errors[0]!r}")


@pytest.fixture
def sim_lab2(sim_lab_factory: Callable[..., SimLab]) -> SimLab:
    """A started 2-phone HTTP lab: alice (1001) and bob (1002), both VVX 411."""
    return sim_lab_factory(phones=2)
