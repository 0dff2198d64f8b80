"""wait_until / together: what they return, how they poll, and what a timeout says (no network)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from vvxauto import wait
from vvxauto.errors import DeviceBusyError, InvalidInputError
from vvxauto.wait import PollPolicy, WaitTimeout, poll_until, resolve_timeout, together, wait_all, wait_until


@pytest.fixture(autouse=True)
def _fresh_default_timeout() -> Iterator[None]:
    wait.set_default_timeout(None)
    yield
    wait.set_default_timeout(None)


class Flip:
    """A value that becomes ``after`` once ``delay`` seconds have passed since creation."""

    def __init__(self, delay: float, before: object = None, after: object = "done") -> None:
        self.t0 = time.monotonic()
        self.delay, self.before, self.after = delay, before, after
        self.polls: list[float] = []

    def __call__(self) -> object:
        now = time.monotonic()
        self.polls.append(now - self.t0)
        return self.after if now - self.t0 >= self.delay else self.before


def test_returns_the_truthy_value_and_polls_at_once() -> None:
    flip = Flip(0.0, after={"state": "Connected"})
    assert wait_until(flip, timeout=1) == {"state": "Connected"}
    assert len(flip.polls) == 1


def test_sees_a_change_within_tens_of_ms() -> None:
    flip = Flip(0.15)
    wait_until(flip, timeout=2)
    seen = time.monotonic() - flip.t0
    assert 0.15 <= seen < 0.15 + 0.15, seen  # the pause cap for a fast probe is 15 ms


def test_does_not_hammer_a_fast_phone() -> None:
    flip = Flip(10.0)
    with pytest.raises(WaitTimeout):
        wait_until(flip, timeout=0.6)
    # growth phase (~8 polls) then at most one poll per 15 ms
    assert len(flip.polls) <= 8 + 0.6 / 0.015 + 2


def test_pauses_grow_and_are_capped_by_the_round_trip() -> None:
    policy = PollPolicy()
    pauses = policy.pauses(lambda: 0.002)
    first = [next(pauses) for _ in range(30)]
    assert first[0] == pytest.approx(0.005)
    assert first[1] == pytest.approx(0.0065)
    assert all(b >= a for a, b in itertools.pairwise(first))
    assert max(first) == pytest.approx(0.015)  # 1.5 x 2 ms is below the 15 ms floor
    assert policy.cap_for(0.2) == pytest.approx(0.3)  # a slow phone is busy with us at most 40 % of the time
    assert policy.cap_for(5.0) == pytest.approx(1.0)
    assert policy.cap_for(None) == pytest.approx(0.1)
    fixed = PollPolicy(fixed=0.05).pauses(lambda: None)
    assert [next(fixed) for _ in range(3)] == [0.05, 0.05, 0.05]


def test_transient_errors_are_retried_and_shown() -> None:
    calls = {"n": 0}

    def flaky() -> str | None:
        calls["n"] += 1
        if calls["n"] < 3:
            raise DeviceBusyError("busy", phone="alice")
        return "ok"

    assert wait_until(flaky, timeout=2) == "ok"

    def always_busy() -> None:
        raise DeviceBusyError("busy", phone="alice")

    with pytest.raises(WaitTimeout) as info:
        wait_until(always_busy, timeout=0.1)
    assert "DeviceBusyError" in str(info.value)
    assert isinstance(info.value.last_error, DeviceBusyError)


def test_other_errors_propagate_at_once() -> None:
    calls = {"n": 0}

    def broken() -> None:
        calls["n"] += 1
        raise InvalidInputError("bad", phone="alice")

    with pytest.raises(InvalidInputError):
        wait_until(broken, timeout=5)
    assert calls["n"] == 1


def test_timeout_message_has_expectation_timeline_and_last_answer() -> None:
    states = iter(["Setup", "Setup", "Proceeding", "RingBack"])
    last = {"v": "Setup"}

    def probe() -> str:
        last["v"] = next(states, last["v"])
        return last["v"]

    with pytest.raises(WaitTimeout) as info:
        poll_until(probe, lambda s: s == "Connected", 0.2, description="alice: call Connected",
                   format_value=str, last_answer=lambda: "GET /api/v2/webCallControl/callStatus -> 200")
    err = info.value
    assert isinstance(err, AssertionError)
    text = str(err)
    assert "waiting for: alice: call Connected" in text
    assert "timeout 0.2 s" in text
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("+")]
    assert [line.split("  ", 1)[1] for line in lines] == ["Setup", "Proceeding", "RingBack"]
    assert lines[0].startswith("+0 ms")
    assert "last REST answer: GET /api/v2/webCallControl/callStatus -> 200" in text
    assert err.last_value == "RingBack" and err.timeline.polls >= 4


def test_timeline_keeps_both_ends_when_long() -> None:
    counter = itertools.count()
    with pytest.raises(WaitTimeout) as info:
        poll_until(lambda: next(counter), lambda v: False, 0.2, interval=0.001)
    text = str(info.value)
    assert "+0 ms  0" in text and "more values" in text


def test_timeout_model_argument_then_phone_then_default() -> None:
    assert resolve_timeout(None) == wait.DEFAULT_TIMEOUT == 10.0
    assert resolve_timeout(2, 5) == 2.0
    assert resolve_timeout(None, 5) == 5.0
    wait.set_default_timeout(3)
    assert wait.get_default_timeout() == 3.0
    assert resolve_timeout(None, None) == 3.0
    with pytest.raises(ValueError):
        wait.set_default_timeout(0)
    with pytest.raises(ValueError):
        resolve_timeout(-1)


def test_default_timeout_applies_to_waits() -> None:
    wait.set_default_timeout(0.15)
    start = time.monotonic()
    with pytest.raises(WaitTimeout) as info:
        wait_until(lambda: False)
    assert 0.14 <= time.monotonic() - start < 1.0
    assert info.value.timeout == 0.15


def test_wait_frames_are_hidden_from_pytest_tracebacks() -> None:
    with pytest.raises(WaitTimeout) as info:
        wait_until(lambda: None, timeout=0.05)
    shown = info.traceback.filter(info)
    assert all("vvxauto/wait.py" not in str(entry.path) for entry in shown)
    assert any(entry.path == __import__("pathlib").Path(__file__) for entry in shown)


def test_together_overlaps_the_waits() -> None:
    spans: dict[str, tuple[float, float]] = {}

    def slow(name: str) -> str:
        start = time.monotonic()
        wait_until(Flip(0.3), timeout=3)
        spans[name] = (start, time.monotonic())
        return name

    assert together(lambda: slow("a"), lambda: slow("b")) == ["a", "b"]
    (a0, a1), (b0, b1) = spans["a"], spans["b"]
    assert b0 < a1 and a0 < b1  # they ran at the same time, not one after the other


def test_together_reports_every_failure() -> None:
    with pytest.raises(AssertionError) as info:
        together(lambda: wait_until(lambda: None, 0.05, description="first thing"),
                 lambda: "fine",
                 lambda: wait_until(lambda: 0, 0.05, description="third thing"))
    text = str(info.value)
    assert "2 of 3 waits failed" in text and "first thing" in text and "third thing" in text
    shown = info.traceback.filter(info)
    assert all("vvxauto/wait.py" not in str(entry.path) for entry in shown)


def test_together_single_failure_is_raised_as_is() -> None:
    with pytest.raises(WaitTimeout, match="only one"):
        together(lambda: "ok", lambda: wait_until(lambda: None, 0.05, description="only one"))
    with pytest.raises(InvalidInputError):
        together(lambda: "ok", lambda: (_ for _ in ()).throw(InvalidInputError("x")))


def test_wait_all_returns_values_in_order() -> None:
    started = threading.Event()

    def second() -> str | None:
        started.set()
        return "b"

    assert wait_all([Flip(0.05, after="a"), second], timeout=2) == ["a", "b"]
    assert started.is_set()
