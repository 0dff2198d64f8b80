"""The session's lab: its settings, its catalogue, the lab itself (started on first use), the
lease store and the phones quarantined in this run.

- :class:`LabSettings`: the plugin's ``--vvx-*`` settings for the lab.
- :class:`LabHandle` (one per pytest session): the catalogue (roles and models, read without
  contacting or starting anything), the :class:`~vvxauto.lab.Lab` (opened, or simulated and
  started, on first use), the :class:`~vvxauto.leases.LeaseStore`, firmware versions, and the
  quarantine shared by every worker of the run (:class:`VvxLabWarning` for each phone).
- The simulated lab's defaults: :data:`DEFAULT_SIM_MODELS`, :data:`SIM_ROLES`, :func:`sim_role_names`.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from vvxauto.leases import LeaseStore, default_lab_dir, private_lab_dir, safe_key
from vvxauto.requirements import Slot

if TYPE_CHECKING:
    from vvxauto.lab import Lab
    from vvxauto.phone import Phone

__all__ = [
    "DEFAULT_SIM_MODELS",
    "SIM_ROLES",
    "LabHandle",
    "LabSettings",
    "VvxLabWarning",
    "sim_role_names",
]

#: The simulated lab's phones when no ``vvx_sim_models`` is given.
DEFAULT_SIM_MODELS = ("VVX 411", "VVX 411", "VVX 411", "VVX 501", "VVX 501", "VVX 601")


class VvxLabWarning(pytest.PytestWarning):
    """A lab phone could not be brought to a known state and was quarantined."""

@dataclass(frozen=True)
class LabSettings:
    """The plugin's settings for the lab (see the ``--vvx-*`` options for each)."""

    inventory: Path | None = None
    sim_models: tuple[str, ...] = DEFAULT_SIM_MODELS
    sim_latency_ms: float = 0.0
    sim_scheme: str = "http"
    lease_timeout: float = 120.0
    lab_dir: Path | None = None
    restore_sources: bool = False
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)


class LabHandle:
    """The session's lab: catalogue without side effects, the lab and lease store on first use."""

    def __init__(self, settings: LabSettings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._lab: Lab | None = None
        self._catalogue: list[Slot] | None = None
        self._store: LeaseStore | None = None
        self._private_dir: Path | None = None
        self.quarantined: dict[str, str] = {}
        self.notes: list[str] = []
        self._firmware: dict[str, str] = {}

    @property
    def is_simulated(self) -> bool:
        """True when no inventory was given."""
        return self.settings.inventory is None

    @property
    def started(self) -> bool:
        """True once the lab exists (a simulated lab: once it runs)."""
        return self._lab is not None

    def catalogue(self) -> list[Slot]:
        """The lab's phones (role, model, extension) from the inventory or the simulator settings.

        Starts and contacts nothing. Raises :class:`vvxauto.lab.InventoryError` for a bad inventory.
        """
        with self._lock:
            if self._catalogue is None:
                if self.settings.inventory is None:
                    models = self.settings.sim_models
                    self._catalogue = [Slot(role, model, f"{1001 + i}")
                                       for i, (role, model) in enumerate(zip(sim_role_names(len(models)),
                                                                             models, strict=True))]
                else:
                    from vvxauto.lab import load_inventory

                    specs = load_inventory(self.settings.inventory)
                    self._catalogue = [Slot(s.role, s.model, s.extension) for s in specs.values()]
            return list(self._catalogue)

    def lab(self) -> Lab:
        """The :class:`~vvxauto.lab.Lab`: opened (or, simulated, started) on the first call."""
        with self._lock:
            if self._lab is None:
                from vvxauto.lab import Lab

                if self.settings.inventory is None:
                    s = self.settings
                    lab = Lab.simulated(phones=len(s.sim_models), models=list(s.sim_models),
                                        scheme=s.sim_scheme, latency_ms=s.sim_latency_ms)
                    self._catalogue = [Slot(spec.role, spec.model, spec.extension)
                                       for spec in lab.specs.values()]
                else:
                    lab = Lab.from_inventory(self.settings.inventory)
                self._lab = lab
            return self._lab

    def store(self) -> LeaseStore:
        """The lease store: the lab directory for an inventory, a private folder for a simulated lab."""
        with self._lock:
            if self._store is None:
                if self.settings.inventory is None:
                    # One simulated lab per process (xdist worker): nobody else can lease its phones,
                    # but they go through the same lease code as a real lab's.
                    base = self.settings.lab_dir
                    directory = default_lab_dir(None) if base is None else private_lab_dir(base)
                    self._private_dir = directory
                else:
                    directory = self.settings.lab_dir or default_lab_dir(self.settings.inventory)
                self._store = LeaseStore(directory, run=self.settings.run_id)
            return self._store

    def firmware(self, role: str, phone: Phone) -> str | None:
        """The phone's firmware version (asked once per session; None when it cannot be read)."""
        with self._lock:
            if role not in self._firmware:
                from vvxauto.errors import VvxError

                try:
                    self._firmware[role] = phone.device_info().firmware
                except VvxError:
                    return None
            return self._firmware[role]

    def quarantine(self, role: str, reason: str, node: str | None = None) -> None:
        """Take ``role`` out of this run: it is not leased again (by any worker of the run).

        ``reason`` is the line the terminal summary shows (it is kept in :attr:`notes`) and a
        :class:`VvxLabWarning` of the running test.
        """
        with self._lock:
            self.quarantined[role] = reason
            self.notes.append(reason)
            store = self.store()
        warnings.warn(VvxLabWarning(reason), stacklevel=2)
        note = {"run": self.settings.run_id, "role": role, "reason": reason, "node": node,
                "pid": os.getpid(), "since": time.time()}
        with contextlib.suppress(OSError):
            (store.directory / f"{safe_key(role)}.quarantine.json").write_text(json.dumps(note, indent=2))

    def quarantine_reason(self, role: str) -> str | None:
        """Why ``role`` is quarantined in this run (here or by another worker), None when it is not."""
        if role in self.quarantined:
            return self.quarantined[role]
        try:
            note = json.loads((self.store().directory / f"{safe_key(role)}.quarantine.json").read_text())
        except (OSError, ValueError):
            return None
        if note.get("run") == self.settings.run_id:
            return str(note.get("reason") or "quarantined by another worker")
        return None

    def close(self) -> None:
        """Close the lab (stop a simulated one) and remove a private lease folder. Safe twice."""
        with self._lock:
            lab, self._lab = self._lab, None
            if lab is not None:
                lab.close()
            if self._private_dir is not None:
                import shutil

                shutil.rmtree(self._private_dir, ignore_errors=True)
                self._private_dir = None
                self._store = None


#: The role names the simulator gives its phones, in order (then ``phone7``, ``phone8`` ...).
SIM_ROLES = ("alice", "bob", "carol", "dave", "erin", "frank")


def sim_role_names(count: int) -> list[str]:
    """The simulator's role names for ``count`` phones, known without importing the simulator (which
    costs more than a report header is worth); once it runs, its own endpoints replace them."""
    return [SIM_ROLES[i] if i < len(SIM_ROLES) else f"phone{i + 1}" for i in range(count)]
