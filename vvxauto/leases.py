"""Exclusive leases on lab phones, safe across threads, xdist workers and separate processes.

A lease is a lock file under a *lab directory* (one per lab; the pytest plugin keys it by the
inventory path). Holding a lease means holding an exclusive lock on ``<key>.lock``; who holds it is
written beside it in ``<key>.json`` (pid, host, node id, time), so a test that waits can say whom
it waits for.

How the lock is taken, by platform:

- POSIX: ``fcntl.flock`` on the lock file. The kernel drops the lock when the holder's process
  ends, however it ends, so a crashed run never keeps a phone.
- Windows: ``msvcrt.locking`` on the first byte of the lock file (also dropped by the OS on exit).
- Anywhere else (or ``backend="exclusive"``): the lock file itself is created with ``O_EXCL`` and
  removed on release. A lock file left behind is *stale*, and taken over, when its holder ran on
  this host and that process is gone, or when it is older than ``stale_after`` seconds.

Inside one process a registry of held keys makes threads exclude each other whatever the backend.

>>> store = LeaseStore(tmp_dir)                     # doctest: +SKIP
>>> with store.acquire("alice", node="test_x", timeout=30):
...     ...
"""

from __future__ import annotations

import contextlib
import getpass
import importlib.util
import json
import os
import random
import re
import socket
import sys
import tempfile
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = [
    "DEFAULT_STALE_AFTER",
    "Lease",
    "LeaseInfo",
    "LeaseStore",
    "LeaseTimeoutError",
    "default_lab_dir",
    "private_lab_dir",
    "safe_key",
]

#: Seconds after which an ``exclusive``-backend lock file left behind is taken over anyway.
DEFAULT_STALE_AFTER = 3600.0

_KEY_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_key(key: str) -> str:
    """``key`` (a role) spelled for a file name: runs of other characters than letters, digits,
    ``_``, ``.`` and ``-`` become ``_``."""
    return _KEY_CHARS.sub("_", key) or "_"


def private_lab_dir(base: Path) -> Path:
    """A fresh private lease folder ``sim-lab-*`` in ``base`` (made if missing), for a simulated lab."""
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="sim-lab-", dir=base))


def default_lab_dir(inventory: str | Path | None) -> Path:
    """Where leases of a lab live by default: a per-user temp folder keyed by the inventory path.

    ``inventory`` None gives a fresh private folder (a simulated lab: nobody else shares it).
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    base = Path(tempfile.gettempdir()) / f"vvxauto-{_KEY_CHARS.sub('_', user)}"
    if inventory is None:
        return private_lab_dir(base)
    import hashlib

    resolved = str(Path(inventory).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode()).hexdigest()[:16]
    return base / f"lab-{digest}"


@dataclass(frozen=True)
class LeaseInfo:
    """Who holds a lease: process id, host name, test node id, when (epoch seconds), a token."""

    pid: int
    host: str
    node: str | None
    since: float
    token: str
    run: str | None = None

    def describe(self) -> str:
        """``pid 1234 on host build-7, test tests/x.py::test_y, for 12.3 s``."""
        age = max(0.0, time.time() - self.since)
        node = f", test {self.node}" if self.node else ""
        started = datetime.fromtimestamp(self.since).strftime("%H:%M:%S")
        return f"pid {self.pid} on host {self.host}{node}, since {started} ({age:.1f} s)"

    def to_json(self) -> str:
        """The JSON written to the lease's info file."""
        data = asdict(self)
        data["since_iso"] = datetime.fromtimestamp(self.since).isoformat(timespec="seconds")
        return json.dumps(data, indent=2)

    @classmethod
    def from_json(cls, text: str) -> LeaseInfo | None:
        """Parse an info file; None when it is empty or not ours (a holder may be mid-write)."""
        try:
            data = json.loads(text)
            return cls(pid=int(data["pid"]), host=str(data["host"]), node=data.get("node"),
                       since=float(data["since"]), token=str(data["token"]), run=data.get("run"))
        except (ValueError, KeyError, TypeError):
            return None


class LeaseTimeoutError(TimeoutError):
    """No lease became free in time. ``holders`` maps each key waited for to its holder (or None)."""

    def __init__(self, message: str, holders: dict[str, LeaseInfo | None]) -> None:
        super().__init__(message)
        self.holders = holders


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Backend(ABC):
    """How one lock file is taken and given back."""

    name = "abstract"

    @abstractmethod
    def try_lock(self, path: Path) -> Any | None:
        """Take the lock at ``path`` without waiting; a handle, or None when it is held elsewhere."""

    @abstractmethod
    def unlock(self, path: Path, handle: Any) -> None:
        """Give back a lock taken by :meth:`try_lock`."""


class _FlockBackend(_Backend):
    name = "flock"

    def try_lock(self, path: Path) -> Any | None:
        import fcntl

        fh: IO[bytes] = open(path, "a+b")  # noqa: SIM115 - kept open while the lease is held
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return None
        return fh

    def unlock(self, path: Path, handle: Any) -> None:
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


class _MsvcrtBackend(_Backend):  # pragma: no cover - Windows only
    name = "msvcrt"

    def try_lock(self, path: Path) -> Any | None:
        import msvcrt

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            os.close(fd)
            return None
        return fd

    def unlock(self, path: Path, handle: Any) -> None:
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        os.close(handle)


class _ExclusiveFileBackend(_Backend):
    """The lock file exists while held; stale ones (dead holder, too old) are taken over."""

    name = "exclusive"

    def __init__(self, stale_after: float) -> None:
        self.stale_after = stale_after

    def try_lock(self, path: Path) -> Any | None:
        token = uuid.uuid4().hex
        for _ in range(2):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if not self._break_if_stale(path):
                    return None
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(token)
            return token
        return None

    def _break_if_stale(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return True
        info = _read_info(path.with_suffix(".json"))
        stale = time.time() - stat.st_mtime > self.stale_after
        if info is not None and info.host == socket.gethostname() and not _pid_alive(info.pid):
            stale = True
        if not stale:
            return False
        # Move it aside first: of several waiters deciding at once, only one wins the rename.
        aside = path.with_name(f"{path.name}.stale-{uuid.uuid4().hex}")
        try:
            os.rename(path, aside)
        except FileNotFoundError:
            return True
        with contextlib.suppress(OSError):
            aside.unlink()
        return True

    def unlock(self, path: Path, handle: Any) -> None:
        try:
            current = path.read_text()
        except FileNotFoundError:
            return
        if current == handle:  # taken over as stale meanwhile: not ours to remove
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _read_info(path: Path) -> LeaseInfo | None:
    try:
        return LeaseInfo.from_json(path.read_text())
    except OSError:
        return None


def _default_backend(stale_after: float) -> _Backend:
    if importlib.util.find_spec("fcntl") is not None:
        return _FlockBackend()
    if importlib.util.find_spec("msvcrt") is not None:  # pragma: no cover - Windows only
        return _MsvcrtBackend()
    return _ExclusiveFileBackend(stale_after)  # pragma: no cover


# Keys held by this process, by lock path: threads of one process exclude each other here
# whatever the backend does within a process.
_HELD: set[str] = set()
_HELD_LOCK = threading.Lock()


class Lease:
    """A held lease. Release it with :meth:`release` (or use it as a context manager)."""

    def __init__(self, store: LeaseStore, key: str, info: LeaseInfo, handle: Any) -> None:
        self.store = store
        self.key = key
        self.info = info
        self._handle = handle
        self._released = False

    @property
    def released(self) -> bool:
        """True once :meth:`release` ran."""
        return self._released

    def release(self) -> None:
        """Give the lease back (the info file is emptied first). Safe to call twice."""
        if self._released:
            return
        self._released = True
        self.store._release(self.key, self._handle)

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "released" if self._released else "held"
        return f"<Lease {self.key!r} {state} by pid {self.info.pid}>"


class LeaseStore:
    """Leases by key (a phone's role) under ``directory``.

    ``backend``: None (the platform's: flock, msvcrt), or ``"flock"`` / ``"msvcrt"`` /
    ``"exclusive"``. ``stale_after``: seconds after which an ``exclusive`` lock file left behind is
    taken over. ``run``: an id of the test run, written into lease files.
    """

    def __init__(self, directory: str | Path, *, backend: str | None = None,
                 stale_after: float = DEFAULT_STALE_AFTER, run: str | None = None) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.stale_after = float(stale_after)
        self.run = run
        if backend is None:
            self._backend = _default_backend(self.stale_after)
        elif backend == "flock":
            self._backend = _FlockBackend()
        elif backend == "msvcrt":  # pragma: no cover - Windows only
            self._backend = _MsvcrtBackend()
        elif backend == "exclusive":
            self._backend = _ExclusiveFileBackend(self.stale_after)
        else:
            raise ValueError(f"unknown lease backend {backend!r}: use flock, msvcrt or exclusive")

    @property
    def backend(self) -> str:
        """The name of the locking mechanism in use."""
        return self._backend.name

    def _paths(self, key: str) -> tuple[Path, Path]:
        safe = safe_key(key)
        return self.directory / f"{safe}.lock", self.directory / f"{safe}.json"

    def holder(self, key: str) -> LeaseInfo | None:
        """Who holds ``key`` now as its info file says (None when free or unknown)."""
        return _read_info(self._paths(key)[1])

    def try_acquire(self, key: str, *, node: str | None = None) -> Lease | None:
        """Take ``key`` if it is free now; None when someone (any thread or process) holds it."""
        lock_path, info_path = self._paths(key)
        with _HELD_LOCK:
            if str(lock_path) in _HELD:
                return None
            handle = self._backend.try_lock(lock_path)
            if handle is None:
                return None
            _HELD.add(str(lock_path))
        info = LeaseInfo(pid=os.getpid(), host=socket.gethostname(), node=node, since=time.time(),
                         token=uuid.uuid4().hex, run=self.run)
        tmp = info_path.with_name(f"{info_path.name}.{info.token}")
        tmp.write_text(info.to_json())
        os.replace(tmp, info_path)
        return Lease(self, key, info, handle)

    def acquire(self, key: str, *, node: str | None = None, timeout: float = 60.0,
                what: str | None = None) -> Lease:
        """Take ``key``, waiting up to ``timeout`` seconds; :class:`LeaseTimeoutError` otherwise."""
        return self.acquire_any([key], node=node, timeout=timeout, what=what)

    def acquire_any(self, keys: Sequence[str], *, node: str | None = None, timeout: float = 60.0,
                    what: str | None = None) -> Lease:
        """Take the first of ``keys`` (in order) that is free, waiting up to ``timeout`` seconds.

        Raises :class:`LeaseTimeoutError` naming every key's holder (pid, host, test) when none
        became free, and ``ValueError`` for an empty ``keys``. ``what`` describes the wait in the
        message (say, "a phone for role 'bob'").
        """
        if not keys:
            raise ValueError("no lease keys to wait for")
        deadline = time.monotonic() + max(0.0, timeout)
        interval = 0.02
        while True:
            for key in keys:
                lease = self.try_acquire(key, node=node)
                if lease is not None:
                    return lease
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            time.sleep(min(interval, remaining))
            interval = min(interval * 1.5, 0.25)
        raise self._timeout(keys, timeout, what or f"a lease on {', '.join(keys)}")

    def acquire_many(self, keys: Sequence[str], count: int, *, node: str | None = None,
                     timeout: float = 60.0, what: str | None = None) -> list[Lease]:
        """Take ``count`` of ``keys`` together: all or none, waiting up to ``timeout`` seconds.

        Never holds some while waiting for the others (so two callers cannot block each other):
        when not enough are free, the ones taken are given back and it tries again a little
        later. Raises :class:`LeaseTimeoutError` naming the holders, ``ValueError`` when ``keys``
        has fewer than ``count`` keys.
        """
        if count < 1 or len(keys) < count:
            raise ValueError(f"cannot take {count} leases out of {len(keys)} keys")
        deadline = time.monotonic() + max(0.0, timeout)
        interval = 0.02
        while True:
            taken: list[Lease] = []
            for key in keys:
                lease = self.try_acquire(key, node=node)
                if lease is not None:
                    taken.append(lease)
                    if len(taken) == count:
                        return taken
            for lease in taken:
                lease.release()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            # a random share of the interval, so that competing callers do not retry in step
            time.sleep(min(interval * (0.5 + random.random()), remaining))
            interval = min(interval * 1.5, 0.25)
        raise self._timeout(keys, timeout, what or f"{count} of {', '.join(keys)}")

    def _timeout(self, keys: Sequence[str], timeout: float, subject: str) -> LeaseTimeoutError:
        holders = {key: self.holder(key) for key in keys}
        lines = [f"  {key}: {info.describe() if info else 'free now (or its holder is unknown)'}"
                 for key, info in holders.items()]
        return LeaseTimeoutError(
            f"waited {timeout:g} s for {subject} under {self.directory}; holders:\n" + "\n".join(lines)
            + "\nraise --vvx-lease-timeout, or free the phone (a holder that is gone releases it by itself)",
            holders,
        )

    def _release(self, key: str, handle: Any) -> None:
        lock_path, info_path = self._paths(key)
        with contextlib.suppress(OSError):
            info_path.write_text("")
        with _HELD_LOCK:
            try:
                self._backend.unlock(lock_path, handle)
            finally:
                _HELD.discard(str(lock_path))

    def held_here(self) -> Iterator[str]:
        """Lock files this process holds in this store (for diagnostics)."""
        with _HELD_LOCK:
            held = list(_HELD)
        prefix = str(self.directory)
        return iter(sorted(p for p in held if p.startswith(prefix)))

    def __repr__(self) -> str:
        return f"<LeaseStore {self.directory} ({self.backend})>"
