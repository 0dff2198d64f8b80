"""``vvxauto sim``: a lab in the foreground, its inventory, clean stop; ``--smoke``."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from vvxauto.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


class Running:
    """A ``python -m vvxauto.cli ...`` subprocess whose output lines are read on a thread."""

    def __init__(self, *args: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vvxauto.cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, word: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"no line with {word!r} within {timeout} s; saw {self.seen}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                pytest.fail(f"the process ended (rc={self.proc.wait()}) before {word!r}; saw {self.seen}")
            self.seen.append(line)
            if word in line:
                return line

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self.reader.join(10)  # reads to the end of the output, then the pipe can close
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def running() -> Iterator[list[Running]]:
    made: list[Running] = []
    yield made
    for r in made:
        r.stop()


def test_sim_runs_a_lab_writes_the_inventory_and_stops_on_sigterm(
    tmp_path: Path, running: list[Running]
) -> None:
    inventory = tmp_path / "lab.toml"
    run = Running(
        "sim",
        "--phones",
        "3",
        "--models",
        "VVX 411,VVX 501",
        "--inventory",
        str(inventory),
        "--password",
        "cli-secret",
    )
    running.append(run)
    run.until("ready")
    phone_lines = [line for line in run.seen if "http://127.0.0.1:" in line]
    assert [line.split()[0] for line in phone_lines] == ["alice", "bob", "carol"]
    assert "VVX 501" in phone_lines[1] and "1002" in phone_lines[1]
    assert all("cli-secret" not in line for line in run.seen)
    phones = tomllib.loads(inventory.read_text(encoding="utf-8"))["phones"]
    assert [p["model"] for p in phones.values()] == ["VVX 411", "VVX 501", "VVX 411"]
    bob = phones["bob"]
    r = requests.get(
        f"http://{bob['host']}:{bob['port']}/api/v2/mgmt/device/info",
        auth=(bob["username"], bob["password"]),
        timeout=5,
    )
    assert r.json()["data"]["ModelNumber"] == "VVX 501"
    run.proc.send_signal(signal.SIGTERM)
    assert run.proc.wait(15) == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{bob['host']}:{bob['port']}/api/v2/mgmt/device/info", timeout=2)


def test_sim_stops_on_ctrl_c_and_serves_https(tmp_path: Path, running: list[Running]) -> None:
    inventory = tmp_path / "tls.toml"
    run = Running(
        "sim",
        "--phones",
        "1",
        "--scheme",
        "https",
        "--inventory",
        str(inventory),
        "--latency-ms",
        "1",
        "--far-end",
        "5551234=busy",
    )
    running.append(run)
    run.until("ready")
    alice = tomllib.loads(inventory.read_text(encoding="utf-8"))["phones"]["alice"]
    r = requests.get(
        f"https://{alice['host']}:{alice['port']}/api/v2/mgmt/device/info",
        auth=(alice["username"], alice["password"]),
        verify=alice["ca_bundle"],
        timeout=5,
    )
    assert r.status_code == 200
    run.proc.send_signal(signal.SIGINT)
    assert run.proc.wait(15) == 0


def test_smoke_passes(running: list[Running]) -> None:
    run = Running("sim", "--smoke")
    running.append(run)
    run.until("PASS", timeout=30)
    assert run.proc.wait(15) == 0
    assert not any("FAIL" in line for line in run.seen)
    assert sum(1 for line in run.seen if line.strip().startswith("ok")) == 7


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["sim", "--far-end", "nonsense"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["sim", "--scheme", "gopher"])
    assert exc.value.code == 2
    assert main(["sim", "--host", "10.0.0.1"]) == 2
    assert "127" in capsys.readouterr().err
    assert main(["sim", "--phones", "0"]) == 2
    assert main(["sim", "--models", "VVX 999"]) == 2
    assert "VVX 411" in capsys.readouterr().err  # the known models are listed


def test_parser_lists_the_sim_subcommand() -> None:
    assert "sim" in build_parser().format_help()
