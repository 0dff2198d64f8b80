"""Waits on several phones progress together, not one after the other."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from vvxauto.expect import expect, expect_all
from vvxauto.lab import Lab
from vvxauto.phone import Phone
from vvxauto.sim import Timing

RING_DELAY = 0.4


@pytest.fixture(scope="module")
def slow_lab() -> Iterator[Lab]:
    """Four phones whose calls take RING_DELAY to start ringing."""
    with Lab.simulated(phones=4, timing=Timing(ring_delay_ms=RING_DELAY * 1000)) as started:
        yield started
        for phone in started.phones.values():
            phone.reset_to_idle()
        started.sim.check_errors()


def _first_poll_after(phone: Phone, moment: float) -> float:
    """Wall-clock time of the phone's first REST request sent after ``moment``."""
    return min(e.started for e in phone.client.transcript.entries() if e.started >= moment)


def test_two_ringing_waits_overlap(slow_lab: Lab) -> None:
    alice, bob, carol, dave = (slow_lab.phone(r) for r in ("alice", "bob", "carol", "dave"))
    alice.dial(bob.extension)
    carol.dial(dave.extension)
    wall, start = time.time(), time.monotonic()
    ends: dict[str, float] = {}

    def ringing(phone: Phone) -> object:
        found = expect(phone).to_be_ringing(timeout=5)
        ends[phone.name] = time.time()
        return found

    expect_all(lambda: ringing(bob), lambda: ringing(dave))
    elapsed = time.monotonic() - start
    # both waits were polling before either of them finished ...
    assert max(_first_poll_after(bob, wall), _first_poll_after(dave, wall)) < min(ends.values())
    # ... so together they took about one ring delay, not two
    assert elapsed < 1.6 * RING_DELAY, elapsed
    for phone in (alice, carol):
        phone.reset_to_idle()


def test_two_failing_waits_time_out_together(slow_lab: Lab) -> None:
    alice, bob = slow_lab.phone("alice"), slow_lab.phone("bob")
    start = time.monotonic()
    with pytest.raises(AssertionError) as info:
        expect_all(lambda: expect(alice).to_be_ringing(timeout=0.4),
                   lambda: expect(bob).to_be_ringing(timeout=0.4))
    elapsed = time.monotonic() - start
    assert elapsed < 0.75, elapsed  # one after the other would take 0.8 s
    text = str(info.value)
    assert "2 of 2 waits failed" in text
    assert "expect(alice).to_be_ringing()" in text and "expect(bob).to_be_ringing()" in text
