"""How soon a wait sees a phone's state change, measured in request round-trips.

Two simulated phones with a fixed call-progress delay (``Timing(ring_delay_ms=...)``) and a
per-request latency on every REST request. 50 times: alice dials bob; the exchange makes bob ring
``ring_delay_ms`` later; ``expect(bob).to_be_ringing()`` (started after the dial plus a random
0-60 ms, so the change falls at a random point of the polling cycle) returns.
The lag is the time from the moment the simulator changed bob's state (read from the simulator's
own objects: a benchmark may look inside, the framework never does) to the wait returning.

    python bench/wait_latency.py [--changes 50] [--latency-ms 20] [--ring-delay-ms 250]

Prints the median lag in ms and its ratio to the measured request round-trip, last.
Target: ratio <= 2.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from typing import Any

import _common

from vvxauto.expect import expect
from vvxauto.lab import Lab
from vvxauto.sim import Timing


class StateClock:
    """Notes when a simulated phone's calls change (wraps its UI hook; bench-only knowledge)."""

    def __init__(self, sim_phone: Any) -> None:
        self.sim_phone = sim_phone
        self.ringing_at: float | None = None
        self.lock = threading.Lock()
        ui = sim_phone.ui
        original = ui.on_event

        def on_event(event: str, call: Any = None) -> None:
            if event == "call_state" and self.ringing_at is None and any(
                getattr(c, "state", None) == "Offering" for c in list(sim_phone.calls)
            ):
                self.ringing_at = time.monotonic()
            original(event, call)

        ui.on_event = on_event

    def arm(self) -> None:
        self.ringing_at = None


def main(argv: list[str] | None = None) -> int:
    parser = _common.argument_parser(__doc__)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=20.0, help="per-request latency of the sim")
    parser.add_argument("--ring-delay-ms", type=float, default=250.0, help="call-progress delay")
    parser.add_argument("--jitter-ms", type=float, default=60.0,
                        help="random pause before each wait starts, so the change falls at a random point "
                             "of the polling cycle (0: the same phase every time)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    timing = Timing(ring_delay_ms=args.ring_delay_ms)
    rng = random.Random(args.seed)
    with Lab.simulated(phones=2, latency_ms=args.latency_ms, timing=timing) as lab:
        alice, bob = lab.phone("alice"), lab.phone("bob")
        clock = StateClock(lab.sim.phone("bob"))

        rtts = []
        for _ in range(20):
            start = time.perf_counter()
            bob.calls()
            rtts.append(time.perf_counter() - start)
        rtt = statistics.median(rtts)

        lags: list[float] = []
        for _ in range(args.changes):
            clock.arm()
            call = alice.dial(bob.extension)
            time.sleep(rng.uniform(0, args.jitter_ms) / 1000.0)
            expect(bob).to_be_ringing(timeout=5)
            seen = time.monotonic()
            assert clock.ringing_at is not None, "the simulator did not report bob ringing"
            lags.append(seen - clock.ringing_at)
            alice.end(call)
            expect(bob).to_be_idle(timeout=5)
            expect(alice).to_be_idle(timeout=5)
        lab.sim.check_errors()

    lag = statistics.median(lags)
    p90 = sorted(lags)[int(len(lags) * 0.9)]
    worst = max(lags)
    rows = [
        (
            "changes",
            f"{args.changes}, ring delay {args.ring_delay_ms:g} ms, sim latency {args.latency_ms:g} ms "
            f"per request, start jitter 0-{args.jitter_ms:g} ms",
        ),
        ("request round-trip (median of 20 callStatus)", f"{rtt * 1000:.1f} ms"),
        ("detection lag", f"median {lag * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, max {worst * 1000:.1f} ms"),
    ]
    if args.latency_ms:
        rows.append(("lag / configured per-request latency", f"{lag * 1000 / args.latency_ms:.2f}"))
    rows.append(("median detection lag", f"{lag * 1000:.1f} ms"))
    rows.append(("lag / round-trip ratio", f"{lag / rtt:.2f}"))
    _common.report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
