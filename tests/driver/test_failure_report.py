"""What a QA engineer sees in pytest's own report when an expect fails on a (simulated) phone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FAILING_TEST = '''
from vvxauto.expect import expect
from vvxauto.lab import Lab


def test_bob_rings():
    with Lab.simulated(phones=2) as lab:
        alice, bob = lab.phone("alice"), lab.phone("bob")
        expect(bob).to_be_ringing(timeout=0.3)  # nobody dialled
'''


def test_pytest_report_shows_the_test_line_not_the_wait_internals(tmp_path: Path) -> None:
    (tmp_path / "test_report.py").write_text(FAILING_TEST)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "test_report.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "expect(bob).to_be_ringing(timeout=0.3)  # nobody dialled" in out  # the failing line itself
    assert "AssertionError" in out or "WaitTimeout" in out
    assert "waiting for: expect(bob).to_be_ringing(): an incoming call ringing" in out
    assert "+0 ms  no calls" in out
    assert "last REST answer:" in out
    for internal in ("vvxauto/wait.py", "vvxauto/expect.py", "def poll_until", "def _check"):
        assert internal not in out, internal
