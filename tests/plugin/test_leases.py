"""Exclusive leases: threads, separate pytest processes, timeouts naming the holder, stale locks."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vvxauto.api import VvxClient
from vvxauto.leases import LeaseInfo, LeaseStore, LeaseTimeoutError, default_lab_dir
from vvxauto.sim import SimLab

pytest_plugins = ("pytester",)


@pytest.mark.parametrize("backend", ["flock", "exclusive"])
def test_a_key_is_held_by_one_holder_at_a_time(tmp_path: Path, backend: str) -> None:
    store = LeaseStore(tmp_path, backend=backend)
    lease = store.try_acquire("alice", node="t::one")
    assert lease is not None
    assert store.try_acquire("alice") is None
    other = LeaseStore(tmp_path, backend=backend)  # another store on the same folder, same answer
    assert other.try_acquire("alice") is None
    holder = store.holder("alice")
    assert holder is not None and (holder.pid, holder.node) == (os.getpid(), "t::one")
    assert holder.host == socket.gethostname()
    assert json.loads((tmp_path / "alice.json").read_text())["since_iso"]
    lease.release()
    lease.release()
    assert store.holder("alice") is None
    again = other.try_acquire("alice")
    assert again is not None
    again.release()


def test_threads_take_turns(tmp_path: Path) -> None:
    store = LeaseStore(tmp_path)
    log: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with store.acquire("alice", node=f"thread{n}", timeout=10):
                log.append(("in", n))
                log.append(("out", n))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert not errors
    assert len(log) == 12
    for i in range(0, 12, 2):  # every "in" is directly followed by its own "out": no overlap
        assert log[i][0] == "in" and log[i + 1] == ("out", log[i][1])


def test_acquire_any_takes_the_first_free_key(tmp_path: Path) -> None:
    store = LeaseStore(tmp_path)
    with store.acquire("alice"):
        lease = store.acquire_any(["alice", "bob"], timeout=1)
        assert lease.key == "bob"
        lease.release()


def test_acquire_many_takes_all_or_none(tmp_path: Path) -> None:
    store = LeaseStore(tmp_path)
    with store.acquire("bob"):
        with pytest.raises(LeaseTimeoutError, match=r"waited 0\.1 s for 2 of alice, bob under"):
            store.acquire_many(["alice", "bob", "carol"][:2], 2, timeout=0.1)
        free = store.try_acquire("alice")  # not kept while waiting for bob
        assert free is not None
        free.release()
        taken = store.acquire_many(["alice", "bob", "carol"], 2, timeout=1)
        assert sorted(lease.key for lease in taken) == ["alice", "carol"]
        for lease in taken:
            lease.release()
    with pytest.raises(ValueError):
        store.acquire_many(["alice"], 2)


def test_waiting_too_long_names_the_holder(tmp_path: Path) -> None:
    store = LeaseStore(tmp_path)
    with store.acquire("alice", node="tests/x.py::test_holder"), pytest.raises(LeaseTimeoutError) as caught:
        store.acquire("alice", node="waiter", timeout=0.1, what="a phone for role 'alice'")
    message = str(caught.value)
    assert f"pid {os.getpid()} on host {socket.gethostname()}, test tests/x.py::test_holder" in message
    assert "waited 0.1 s for a phone for role 'alice'" in message
    assert isinstance(caught.value, TimeoutError)


def test_exclusive_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    (tmp_path / "alice.lock").write_text("someone")
    info = LeaseInfo(pid=pid, host=socket.gethostname(), node="crashed", since=time.time(), token="t")
    (tmp_path / "alice.json").write_text(info.to_json())
    store = LeaseStore(tmp_path, backend="exclusive")
    lease = store.try_acquire("alice")
    assert lease is not None and store.holder("alice").pid == os.getpid()  # type: ignore[union-attr]
    lease.release()


def test_exclusive_lock_of_a_live_holder_is_kept_until_it_is_stale(tmp_path: Path) -> None:
    (tmp_path / "alice.lock").write_text("someone")
    info = LeaseInfo(pid=os.getppid(), host=socket.gethostname(), node="alive", since=time.time(), token="t")
    (tmp_path / "alice.json").write_text(info.to_json())
    assert LeaseStore(tmp_path, backend="exclusive").try_acquire("alice") is None
    old = time.time() - 120
    os.utime(tmp_path / "alice.lock", (old, old))
    lease = LeaseStore(tmp_path, backend="exclusive", stale_after=60).try_acquire("alice")
    assert lease is not None
    lease.release()


def test_default_lab_dir_is_per_inventory(tmp_path: Path) -> None:
    a, b = default_lab_dir(tmp_path / "a.toml"), default_lab_dir(tmp_path / "b.toml")
    assert a != b and a == default_lab_dir(tmp_path / "a.toml")
    private = [default_lab_dir(None) for _ in range(2)]
    try:
        assert private[0] != private[1] and all(p.is_dir() for p in private)
    finally:
        for folder in private:
            shutil.rmtree(folder)


HOLDER_PROJECT = """
import json, os, time
from pathlib import Path

LOG = Path(os.environ["VVX_TEST_LOG"])

def record(event, **extra):
    with LOG.open("a") as fh:
        fh.write(json.dumps({"event": event, "pid": os.getpid(), "t": time.monotonic(), **extra}) + "\\n")

def pytest_runtest_setup(item):
    record("setup")          # before the phones fixture waits for its lease

def events():
    return [json.loads(line) for line in LOG.read_text().splitlines()]
"""

HOLDER_TEST = """
import contextlib, json, os
from pathlib import Path
from conftest import events, record
from vvxauto.wait import WaitTimeout, wait_until

def test_use_the_phone(phone, pytestconfig):
    record("enter", ext=phone.extension)
    holder = json.loads((Path(os.environ["VVX_LAB_DIR"]) / "alice.json").read_text())
    assert holder["pid"] == os.getpid() and holder["node"].endswith("test_use_the_phone")
    phone.set_config({"reg.1.label": f"held by {os.getpid()}"})
    # hold the phone until the other process is waiting for it (or alone, once it has finished)
    with contextlib.suppress(WaitTimeout):
        wait_until(lambda: {e["pid"] for e in events() if e["event"] == "setup"} - {os.getpid()}, 20)
    assert phone.config("reg.1.label")["reg.1.label"] == f"held by {os.getpid()}"
    record("exit")
"""


def test_two_pytest_processes_take_turns_on_one_phone(
        pytester: pytest.Pytester, inventory_lab: Callable[..., tuple[SimLab, Path]], tmp_path: Path) -> None:
    lab, inventory = inventory_lab(phones=1)
    lab_dir, log = tmp_path / "leases", tmp_path / "events.jsonl"
    pytester.makeconftest(HOLDER_PROJECT)
    pytester.makepyfile(test_hold=HOLDER_TEST)
    env = {**os.environ, "VVX_TEST_LOG": str(log), "VVX_LAB_DIR": str(lab_dir)}
    env.pop("VVX_LAB", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--vvx-lab={inventory}",
           f"--vvx-lab-dir={lab_dir}", "--vvx-lease-timeout=30"]
    procs = [subprocess.Popen(cmd, cwd=pytester.path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    events = [json.loads(line) for line in log.read_text().splitlines()]
    spans = {}
    for e in events:
        spans.setdefault(e["pid"], {})[e["event"]] = e["t"]
    assert len(spans) == 2
    first, second = sorted(spans.values(), key=lambda s: s["enter"])
    # the second process was waiting (set up) while the first held the phone, and got it only after
    assert second["setup"] < first["exit"] < second["enter"]
    # and each gave the phone back as it found it
    with VvxClient.from_endpoint(lab.inventory()["phones"]["alice"]) as client:
        assert client.get_config(["reg.1.label"])["reg.1.label"].value == "1001"


def test_a_lease_held_elsewhere_times_out_with_a_clear_message(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]], tmp_path: Path) -> None:
    _, inventory = inventory_lab(phones=1)
    lab_dir = tmp_path / "leases"
    vvx_project.pytester.makepyfile("def test_wants_it(phone):\n    pass\n")
    with LeaseStore(lab_dir).acquire("alice", node="other_suite.py::test_holder"):
        result = vvx_project.run_subprocess(f"--vvx-lab={inventory}", f"--vvx-lab-dir={lab_dir}",
                                            "--vvx-lease-timeout=0.3")
    result.stdout.fnmatch_lines([
        "*LeaseTimeoutError: waited 0.3 s for a phone for role 'alice' (any phone) under *",
        f"*alice: pid {os.getpid()} on host *, test other_suite.py::test_holder, since *",
    ])
    result.assert_outcomes(errors=1)


def test_a_test_declaring_its_phones_leases_them_together(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]], tmp_path: Path) -> None:
    _, inventory = inventory_lab(phones=2)
    lab_dir = tmp_path / "leases"
    vvx_project.pytester.makepyfile(
        """
        import pytest

        @pytest.mark.vvx_phones(2)
        def test_declared(phones):
            phones["alice"]

        def test_one_by_one(phones):
            phones["alice"]
            phones["bob"]
        """
    )
    with LeaseStore(lab_dir).acquire("bob", node="other::holder"):
        result = vvx_project.run(f"--vvx-lab={inventory}", f"--vvx-lab-dir={lab_dir}",
                                 "--vvx-lease-timeout=0.2")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*LeaseTimeoutError: waited 0.2 s for 2 phones together (any phone) under *; holders:",
        "*alice: free now (or its holder is unknown)",
        "*LeaseTimeoutError: waited 0.2 s for a phone for role 'bob' (any phone) while holding lab phone "
        "alice (tests that wait for more phones while holding some can block each other: declare how many a "
        "test needs with vvx_phones(n) or @phones_N, and they are leased together) under *",
    ])


def test_a_scenario_leases_the_phones_its_steps_name_together(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]], tmp_path: Path) -> None:
    _, inventory = inventory_lab(phones=3)
    lab_dir = tmp_path / "leases"
    vvx_project.pytester.makefile(".feature", two="Feature: F\n  Scenario: S\n    Given alice calls Bob\n")
    vvx_project.pytester.makepyfile(
        """
        from pytest_bdd import given, parsers, scenarios

        scenarios("two.feature")

        @given(parsers.parse("{a} calls {b}"))
        def calls(phones, a, b):
            phones[a.lower()]
        """
    )
    with LeaseStore(lab_dir).acquire("bob", node="other::holder"), LeaseStore(lab_dir).acquire("carol"):
        result = vvx_project.run(f"--vvx-lab={inventory}", f"--vvx-lab-dir={lab_dir}",
                                 "--vvx-lease-timeout=0.2")
    result.stdout.fnmatch_lines(["*LeaseTimeoutError: waited 0.2 s for 2 phones together (any phone) *"])
    result.assert_outcomes(failed=1)
