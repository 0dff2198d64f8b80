"""The feature suite's wall time against the time it must spend waiting on the phones.

    python bench/suite_overhead.py [--latency-ms 30] [--ring-delay-ms 300]

The benchmark starts one simulated lab itself (``vvxauto.sim.SimLab``: the plugin's default six
phones, models "VVX 411,VVX 411,VVX 411,VVX 501,VVX 501,VVX 601") with realistic delays: every REST
request takes ``--latency-ms`` inside the phone (``SimLab(latency_ms=...)``), and every call rings
``--ring-delay-ms`` after it is dialled (``Timing(ring_delay_ms=...)``, the call-progress delay). It
writes the lab's inventory and runs ``python -m pytest features --vvx-lab <inventory>`` in a
subprocess, once in one process and once with ``-n 2`` (the two workers share the six phones through
the plugin's leases), so the suite drives the lab exactly as it would drive real phones.

What the scenarios must wait through (the floor no framework can beat) is measured inside the
simulator, which a benchmark may look into (the framework never does): each phone's request
handler is wrapped to note when every request's processing (latency included) starts and ends, and
the exchange's scheduler is wrapped to note every call-progress timer from the moment it is set to
the moment it fires (timers cancelled before they fire are left out). The floor is the length of
the *union* of those intervals: the time during which at least one phone was working on a request
or a call was progressing. Overlapping waits (two phones polled at once, polls during a ring delay)
count once. Wall time beyond the floor is the framework's and pytest's own: interpreter start,
collection, Python work per request, pauses between polls.

Also printed: the *sum* of the same delays (request count x their time + timers), which counts
overlaps twice, and requests per scenario (the floor counts every request made, so the ratio does
not judge how many requests the steps need: that figure does).

Printed last: ``wall / floor ratio`` of the one-process run. Target: <= 1.3.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vvxauto.sim import SimLab, Timing  # noqa: E402 - after the path set-up, to run from a clone

MODELS = "VVX 411,VVX 411,VVX 411,VVX 501,VVX 501,VVX 601"


@dataclass
class Recorder:
    """Busy intervals of the lab (monotonic seconds), noted from the simulator's threads."""

    requests: list[tuple[float, float]] = field(default_factory=list)
    timers: list[tuple[float, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        """Forget what was noted (between runs)."""
        with self.lock:
            self.requests.clear()
            self.timers.clear()

    def snapshot(self) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """Copies of the request and timer intervals."""
        with self.lock:
            return list(self.requests), list(self.timers)


def instrument(lab: SimLab, recorder: Recorder) -> None:
    """Wrap every phone's request processing and the exchange's timers to note busy intervals."""
    for role in [ep.role for ep in lab.endpoints]:
        server = lab.server(role)
        original: Callable[..., Any] = server._process

        def timed(*args: Any, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            start = time.monotonic()
            try:
                return _original(*args, **kwargs)
            finally:
                end = time.monotonic()
                with recorder.lock:
                    recorder.requests.append((start, end))

        server._process = timed  # type: ignore[method-assign]

    assert lab.exchange is not None
    scheduler = lab.exchange.scheduler
    call_later = scheduler.call_later

    def noted(delay_ms: float, callback: Callable[[], None]) -> Any:
        if delay_ms <= 0:
            return call_later(delay_ms, callback)
        start = time.monotonic()

        def fire() -> None:
            with recorder.lock:
                recorder.timers.append((start, time.monotonic()))
            callback()

        return call_later(delay_ms, fire)

    scheduler.call_later = noted  # type: ignore[method-assign]


def union_length(intervals: list[tuple[float, float]]) -> float:
    """Total length covered by the intervals, overlaps counted once."""
    total = 0.0
    end = float("-inf")
    start = end
    for a, b in sorted(intervals):
        if a > end:
            if end > start:
                total += end - start
            start, end = a, b
        else:
            end = max(end, b)
    if end > start:
        total += end - start
    return total


@dataclass
class RunResult:
    """One pytest run of the feature suite."""

    wall: float
    passed: int
    failed: int
    skipped: int
    requests: int
    timers: int
    floor: float
    delay_sum: float
    summary: str


def run_suite(inventory: Path, lease_dir: Path, recorder: Recorder, workers: int) -> RunResult:
    """Run ``pytest features`` against the lab's inventory; measure wall time and the lab's busy time."""
    recorder.clear()
    cmd = [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:cacheprovider",
           "--vvx-lab", str(inventory), "--vvx-lab-dir", str(lease_dir)]
    if workers > 1:
        cmd += ["-n", str(workers)]
    env = {k: v for k, v in os.environ.items() if k != "VVX_LAB"}
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    wall = time.monotonic() - start
    requests, timers = recorder.snapshot()
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    summary = lines[-1] if lines else proc.stderr.strip()[-300:]

    def count(word: str) -> int:
        match = re.search(rf"(\d+) {word}", summary)
        return int(match.group(1)) if match else 0

    if proc.returncode not in (0,):
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-2000:])
    return RunResult(
        wall=wall,
        passed=count("passed"),
        failed=count("failed") + count("error"),
        skipped=count("skipped"),
        requests=len(requests),
        timers=len(timers),
        floor=union_length(requests + timers),
        delay_sum=sum(b - a for a, b in requests) + sum(b - a for a, b in timers),
        summary=summary,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures, the wall / floor ratio last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--latency-ms", type=float, default=30.0, help="per-request latency (default 30)")
    parser.add_argument("--ring-delay-ms", type=float, default=300.0, help="dial to ringing (default 300)")
    args = parser.parse_args(argv)

    recorder = Recorder()
    timing = Timing(ring_delay_ms=args.ring_delay_ms)
    with SimLab(phones=6, models=MODELS, latency_ms=args.latency_ms, timing=timing) as lab, \
            tempfile.TemporaryDirectory(prefix="vvx-bench-") as tmp:
        instrument(lab, recorder)
        inventory = lab.write_inventory(Path(tmp) / "lab.toml")
        print(f"lab: 6 simulated phones ({MODELS}); request latency {args.latency_ms:g} ms, "
              f"ring delay {args.ring_delay_ms:g} ms")
        one = run_suite(inventory, Path(tmp) / "leases-1", recorder, workers=1)
        two = run_suite(inventory, Path(tmp) / "leases-2", recorder, workers=2)
        errors = lab.errors
    if errors:
        print(f"the simulator raised {len(errors)} error(s); first: {errors[0]!r}", file=sys.stderr)
    scenarios = one.passed + one.failed + one.skipped
    for name, r in (("1 process", one), ("-n 2", two)):
        print(f"{name:>9}: {r.summary}; wall {r.wall:.2f} s; lab busy (floor) {r.floor:.2f} s; "
              f"sum of delays {r.delay_sum:.2f} s; {r.requests} requests, {r.timers} call-progress timers")
    if scenarios:
        print(f"requests per scenario: {one.requests / scenarios:.1f}; "
              f"ring delays per scenario: {one.timers / scenarios:.2f}")
    print(f"wall / sum-of-delays ratio (1 process): {one.wall / one.delay_sum:.3f}")
    print(f"speed-up of -n 2 over 1 process: {one.wall / two.wall:.2f}x")
    print(f"wall / floor ratio (1 process): {one.wall / one.floor:.3f}")
    return 0 if one.failed == 0 and two.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
