"""The simulator's scheduler and clocks: inline zero delays, ordering, cancel, stop, kept errors."""

from __future__ import annotations

import threading

from sim_helpers import wait_until as wait_for

from vvxauto.sim.timing import ManualClock, Scheduler, SystemClock, Timing


def test_timing_is_all_zero_by_default() -> None:
    assert all(value == 0 for value in vars(Timing()).values())


def test_zero_delay_runs_inline_under_the_lock() -> None:
    lock = threading.RLock()
    scheduler = Scheduler(lock)
    seen: list[bool] = []

    def callback() -> None:
        seen.append(lock._is_owned())  # type: ignore[attr-defined]

    item = scheduler.call_later(0, callback)
    assert seen == [True] and item.cancelled  # ran, so it can no longer be cancelled
    scheduler.stop()


def test_delayed_callbacks_run_in_due_order_and_can_be_cancelled() -> None:
    scheduler = Scheduler(threading.RLock())
    order: list[str] = []
    scheduler.call_later(40, lambda: order.append("late"))
    dropped = scheduler.call_later(20, lambda: order.append("dropped"))
    scheduler.call_later(10, lambda: order.append("early"))
    dropped.cancel()
    assert scheduler.pending() == 2
    wait_for(lambda: len(order) == 2)
    assert order == ["early", "late"]
    scheduler.stop()


def test_stop_drops_pending_callbacks_and_refuses_new_ones() -> None:
    scheduler = Scheduler(threading.RLock())
    ran: list[int] = []
    scheduler.call_later(10_000, lambda: ran.append(1))
    scheduler.stop()
    assert scheduler.pending() == 0
    assert scheduler.call_later(5, lambda: ran.append(2)).cancelled
    assert ran == []


def test_a_failing_callback_is_kept_and_the_clock_keeps_running() -> None:
    scheduler = Scheduler(threading.RLock())
    ran: list[int] = []

    def boom() -> None:
        raise RuntimeError("broken timer")

    scheduler.call_later(5, boom)
    scheduler.call_later(15, lambda: ran.append(1))
    wait_for(lambda: ran)
    assert [str(e) for e in scheduler.errors] == ["broken timer"]
    scheduler.stop()


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock()
    start, wall = clock.monotonic(), clock.now()
    clock.advance(61.5)
    assert clock.monotonic() - start == 61.5
    assert (clock.now() - wall).total_seconds() == 61
    assert SystemClock().now().microsecond == 0
