"""The phones of one test: scenario roles bound to leased lab phones, kept in a known state.

Three layers, like pytest-httpserver's server/clear split:

- :class:`LabHandle` (one per pytest session): the settings, the lab's catalogue (roles and models,
  read without contacting or starting anything), the lab itself (started on first use), the lease
  store and the phones quarantined in this run.
- :class:`Requirements`: what a test asks of its phones (markers ``vvx_phones``, ``vvx_model``,
  ``vvx_touch``, ``vvx_colour``, ``vvx_line_keys`` and the Gherkin tags ``@touch``, ``@non_touch``,
  ``@colour``, ``@phones_N``, ``@line_keys_N``, ``@model_<model without spaces>``).
- :class:`Roster` (one per test): ``roster["alice"]`` binds the scenario's role "alice" to a free
  lab phone that meets the requirements, leases it, brings it to idle on its home screen, and
  :meth:`Roster.finish` puts every phone back (calls ended, on hook, config restored, home screen)
  and gives the leases back; a phone that cannot be put back is quarantined.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vvxauto.layouts import DeviceLayout, load_layout
from vvxauto.leases import Lease, LeaseStore, default_lab_dir

if TYPE_CHECKING:
    from vvxauto.lab import Lab
    from vvxauto.phone import Phone
    from vvxauto.ui import Screen

__all__ = [
    "DEFAULT_SIM_MODELS",
    "FIXED_TAGS",
    "LabHandle",
    "LabSettings",
    "Requirements",
    "Roster",
    "Slot",
    "VvxLabWarning",
    "dynamic_tag_help",
    "go_home",
    "model_key",
    "put_back",
    "roles_named",
    "sim_role_names",
]

#: The simulated lab's phones when no ``vvx_sim_models`` is given.
DEFAULT_SIM_MODELS = ("VVX 411", "VVX 411", "VVX 411", "VVX 501", "VVX 501", "VVX 601")

#: Gherkin tags with a fixed spelling that ask for phone capabilities, with their help text.
FIXED_TAGS = {
    "touch": "every phone of the test has a touch screen (Gherkin tag; same as vvx_touch)",
    "non_touch": "no phone of the test has a touch screen (Gherkin tag; same as vvx_touch(False))",
    "colour": "every phone of the test has a colour screen (Gherkin tag; same as vvx_colour)",
}

_PHONES_TAG = re.compile(r"phones_(\d+)$")
_LINE_KEYS_TAG = re.compile(r"line_keys_(\d+)$")
_MODEL_TAG = re.compile(r"model_([A-Za-z0-9_]+)$")


class VvxLabWarning(pytest.PytestWarning):
    """A lab phone could not be brought to a known state and was quarantined."""


def model_key(model: str) -> str:
    """A model spelled for comparison: lower case, letters and digits only (``VVX 501`` -> ``vvx501``)."""
    return re.sub(r"[^a-z0-9]", "", model.lower())


def dynamic_tag_help(tag: str) -> str | None:
    """The marker help for a requirement tag with a number or model in it, None for other tags."""
    if _PHONES_TAG.match(tag):
        return "the test needs this many phones (Gherkin tag; same as vvx_phones(N))"
    if _LINE_KEYS_TAG.match(tag):
        return "every phone of the test has at least N line keys (Gherkin tag; same as vvx_line_keys(N))"
    if _MODEL_TAG.match(tag):
        return "every phone of the test is this model, spelled without spaces (Gherkin tag; like vvx_model)"
    return None


def _as_bool(args: tuple[Any, ...], default: bool = True) -> bool:
    return bool(args[0]) if args else default


@dataclass(frozen=True)
class Slot:
    """One lab phone as the catalogue knows it: inventory role, model, extension (None if unknown)."""

    role: str
    model: str
    extension: str | None = None

    @property
    def layout(self) -> DeviceLayout:
        """The model's :class:`~vvxauto.layouts.DeviceLayout`."""
        return load_layout(self.model)

    def describe(self) -> str:
        """``alice (VVX 411)``."""
        return f"{self.role} ({self.model})"


@dataclass(frozen=True)
class Requirements:
    """What every phone of a test must be. None / empty: no constraint.

    ``count``: how many phones the test needs; ``models``: any of these (compared with
    :func:`model_key`); ``touch``/``colour``: the screen must (True) or must not (False) be one;
    ``min_line_keys``: at least this many line keys.
    """

    count: int | None = None
    models: tuple[str, ...] = ()
    touch: bool | None = None
    colour: bool | None = None
    min_line_keys: int | None = None

    @classmethod
    def from_markers(cls, markers: Iterable[Any]) -> Requirements:
        """Read ``vvx_*`` markers and requirement tags (closest marker first, as pytest gives them).

        Raises ``ValueError`` for contradicting ones (``@touch`` with ``@non_touch``) or bad arguments.
        """
        count: int | None = None
        models: list[str] = []
        touch: set[bool] = set()
        colour: set[bool] = set()
        line_keys: int | None = None
        for mark in markers:
            name = mark.name
            if name == "vvx_phones":
                if count is None:
                    count = _positive(name, mark.args[0] if mark.args else mark.kwargs.get("n"))
            elif name == "vvx_model":
                models.extend(str(m) for m in mark.args)
            elif name == "vvx_touch":
                touch.add(_as_bool(mark.args))
            elif name == "touch":
                touch.add(True)
            elif name == "non_touch":
                touch.add(False)
            elif name in ("vvx_colour", "colour"):
                colour.add(_as_bool(mark.args))
            elif name == "vvx_line_keys":
                wanted = _positive(name, mark.args[0] if mark.args else mark.kwargs.get("n"))
                line_keys = max(line_keys or 0, wanted)
            elif m := _PHONES_TAG.match(name):
                count = count if count is not None else _positive(name, int(m.group(1)))
            elif m := _LINE_KEYS_TAG.match(name):
                line_keys = max(line_keys or 0, _positive(name, int(m.group(1))))
            elif m := _MODEL_TAG.match(name):
                models.append(m.group(1))
        for what, values in (("touch", touch), ("colour", colour)):
            if len(values) > 1:
                raise ValueError(f"contradicting requirements: the test asks for {what} and for not {what}")
        return cls(count=count, models=tuple(dict.fromkeys(models)),
                   touch=next(iter(touch)) if touch else None,
                   colour=next(iter(colour)) if colour else None, min_line_keys=line_keys)

    def matches(self, layout: DeviceLayout) -> bool:
        """True when a phone of this layout meets every constraint (the count aside)."""
        if self.models and model_key(layout.model) not in {model_key(m) for m in self.models}:
            return False
        if self.touch is not None and bool(layout.touch) != self.touch:
            return False
        if self.colour is not None:
            is_colour = layout.screen is not None and layout.screen.colour == "colour"
            if is_colour != self.colour:
                return False
        return not (self.min_line_keys is not None and layout.line_keys < self.min_line_keys)

    def describe(self, *, with_count: bool = True) -> str:
        """Plain words: ``3 phones, model VVX 501 or VVX 601, touch screen, >= 6 line keys``."""
        parts = []
        if with_count and self.count:
            parts.append(f"{self.count} phone{'s' if self.count != 1 else ''}")
        if self.models:
            parts.append("model " + " or ".join(self.models))
        if self.touch is not None:
            parts.append("touch screen" if self.touch else "no touch screen")
        if self.colour is not None:
            parts.append("colour screen" if self.colour else "no colour screen")
        if self.min_line_keys:
            parts.append(f">= {self.min_line_keys} line keys")
        return ", ".join(parts) or "any phone"


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} needs a whole number >= 1, got {value!r}")
    return value


def roles_named(texts: Iterable[str], names: Iterable[str]) -> int:
    """How many of ``names`` (role names, case ignored) appear as words in ``texts`` (a scenario's
    steps): how many phones the scenario will likely ask for."""
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z][A-Za-z0-9_-]*", text)}
    return len({n.lower() for n in names} & words)


def _fits(slot: Slot, requirements: Sequence[Requirements]) -> bool:
    layout = slot.layout
    return all(r.matches(layout) for r in requirements)


@dataclass(frozen=True)
class LabSettings:
    """The plugin's settings for the lab (see the ``--vvx-*`` options for each)."""

    inventory: Path | None = None
    sim_models: tuple[str, ...] = DEFAULT_SIM_MODELS
    sim_latency_ms: float = 0.0
    sim_scheme: str = "http"
    lease_timeout: float = 120.0
    lab_dir: Path | None = None
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
                    if base is None:
                        directory = default_lab_dir(None)
                    else:
                        base.mkdir(parents=True, exist_ok=True)
                        directory = Path(_mkdtemp(base))
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
            (store.directory / f"{_safe(role)}.quarantine.json").write_text(json.dumps(note, indent=2))

    def quarantine_reason(self, role: str) -> str | None:
        """Why ``role`` is quarantined in this run (here or by another worker), None when it is not."""
        if role in self.quarantined:
            return self.quarantined[role]
        try:
            note = json.loads((self.store().directory / f"{_safe(role)}.quarantine.json").read_text())
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


def _mkdtemp(base: Path) -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="sim-lab-", dir=base)


def _safe(role: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", role) or "_"


# -- known state -------------------------------------------------------------------------------

def _at_home(screen: Screen) -> bool:
    if any(w.kind == "popup" for w in screen.widgets()):
        return False
    # A phone whose uixml names no screen cannot tell us more: take it as home once Home was pressed.
    return screen.name.strip().lower() in ("home", "")


def go_home(phone: Phone, timeout: float | None = None) -> None:
    """Dismiss pop-ups and leave menus (the Home key) until the screen is "Home".

    Phones without a screen are left as they are. A phone whose uixml cannot be had or read
    (``NotSupportedError``, malformed XML) gets one press of Home, since nothing more can be
    checked. Raises ``WaitTimeout`` when the home screen does not come back.
    """
    from vvxauto.errors import NotSupportedError
    from vvxauto.ui import UixmlParseError

    layout = phone.layout
    if not layout.has_screen:
        return
    try:
        if _at_home(phone.screen()):
            return
    except (NotSupportedError, UixmlParseError):
        if layout.has_key("Home"):
            phone.press("Home")
        return
    if not layout.has_key("Home"):
        phone.wait_for(lambda: _at_home(phone.screen()), timeout, message="the home screen")
        return

    def home() -> bool:
        if _at_home(phone.screen()):
            return True
        phone.press("Home")
        return _at_home(phone.screen())

    phone.wait_for(home, timeout, message="the home screen (pressing Home)")


def put_back(phone: Phone, *, restore: bool = True, timeout: float | None = None) -> list[str]:
    """Bring ``phone`` back to a known state; return what could not be done (empty: all is well).

    Ends every call and hangs up, restores every config value changed through
    :meth:`Phone.set_config` (``restore``), dismisses pop-ups and goes home, then checks the phone
    lists no live call. Never raises for the phone's own errors: they are returned as text.
    """
    problems: list[str] = []
    steps: list[tuple[str, Callable[[], object]]] = [("end calls and hang up",
                                                      lambda: phone.reset_to_idle(timeout))]
    if restore:
        steps.append(("restore config", lambda: phone.restore_config(timeout=timeout)))
    steps.append(("go to the home screen", lambda: go_home(phone, timeout)))
    for what, action in steps:
        try:
            action()
        except Exception as exc:  # the phone's state is unknown: report, never raise from cleanup
            problems.append(f"{what}: {type(exc).__name__}: {exc}")
    if not problems:
        try:
            if not phone.is_idle():
                problems.append("calls remain after the reset")
        except Exception as exc:
            problems.append(f"check idle: {type(exc).__name__}: {exc}")
    return problems


# -- the roster --------------------------------------------------------------------------------

@dataclass
class Binding:
    """A scenario role bound to a leased lab phone."""

    role: str
    slot: Slot
    phone: Phone
    lease: Lease


BindHook = Callable[["Roster", Binding], None]


class Roster(Mapping[str, "Phone"]):
    """The phones of one test by scenario role, leased lazily.

    ``roster["bob"]`` leases a lab phone for role "bob" on first access (preferring the lab phone
    whose own role is "bob" when it is free and fits), brings it to idle on its home screen and
    returns the :class:`~vvxauto.phone.Phone`. ``"bob" in roster``, ``len`` and iteration cover
    the roles bound so far (membership does not lease). A request the lab cannot serve skips the
    test with the reason. ``model_under_test`` (from ``vvx_models``) binds the first phone leased.

    When a test needs several phones (``requirements.count``, or ``expected``: how many roles its
    scenario names), they are leased together at the first access, all or none, so that tests
    never hold some phones while waiting for more (two such tests could wait for each other).
    """

    def __init__(self, handle: LabHandle, requirements: Requirements | None = None, *,
                 node_id: str | None = None, model_under_test: str | None = None,
                 on_bind: BindHook | None = None, expected: int | None = None) -> None:
        self.handle = handle
        self.expected = expected
        self.requirements = requirements or Requirements()
        self.node_id = node_id
        self.model_under_test = model_under_test
        self.on_bind = on_bind
        self._bound: dict[str, Binding] = {}
        self._reserved: list[tuple[Slot, Lease]] = []
        self._counter = 0
        self.finished = False

    # -- Mapping ----------------------------------------------------------------------------
    def __getitem__(self, role: str) -> Phone:
        return self.bind(role).phone

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._bound))

    def __len__(self) -> int:
        return len(self._bound)

    def __contains__(self, role: object) -> bool:
        return role in self._bound

    def __repr__(self) -> str:
        bound = ", ".join(f"{r}={b.slot.describe()}" for r, b in self._bound.items())
        return f"<Roster {bound or 'no phone leased yet'}>"

    # -- queries ----------------------------------------------------------------------------
    @property
    def leased(self) -> dict[str, Phone]:
        """The phones leased so far, by scenario role."""
        return {role: b.phone for role, b in self._bound.items()}

    @property
    def bindings(self) -> dict[str, Binding]:
        """Role -> :class:`Binding` (lab slot, phone, lease) for the phones leased so far."""
        return dict(self._bound)

    def extension_of(self, role: str) -> str:
        """The extension of ``role``'s phone (leasing it now if needed). ``LookupError`` when unknown."""
        binding = self.bind(role)
        extension = binding.phone.extension or binding.slot.extension
        if not extension:
            raise LookupError(f"the lab gives no extension for {binding.slot.describe()} (role {role!r})")
        return extension

    def role_of(self, extension: str) -> str:
        """The scenario role whose leased phone has ``extension``; ``LookupError`` naming them otherwise."""
        for role, b in self._bound.items():
            if (b.phone.extension or b.slot.extension) == str(extension):
                return role
        known = ", ".join(f"{r}={b.phone.extension or b.slot.extension}" for r, b in self._bound.items())
        raise LookupError(f"no leased phone has extension {extension!r}; leased: {known or 'none'}")

    # -- leasing ----------------------------------------------------------------------------
    def _requirements_for_next(self, extra: Requirements | None) -> list[Requirements]:
        reqs = [self.requirements]
        if extra is not None:
            reqs.append(extra)
        if self.model_under_test and not self._bound:
            reqs.append(Requirements(models=(self.model_under_test,)))
        return reqs

    def _lab_summary(self) -> str:
        try:
            slots = self.handle.catalogue()
        except Exception as exc:
            return f"(the lab cannot be read: {exc})"
        parts = []
        for slot in slots:
            why = self.handle.quarantine_reason(slot.role)
            parts.append(slot.describe() + (" [quarantined]" if why else ""))
        return ", ".join(parts)

    def check_capacity(self) -> None:
        """Skip the test now when the lab has too few phones meeting the requirements."""
        needed = self.requirements.count or 1
        reqs = self._requirements_for_next(None)
        fitting = [s for s in self.handle.catalogue()
                   if _fits(s, [self.requirements]) and not self.handle.quarantine_reason(s.role)]
        first_ok = any(_fits(s, reqs) for s in fitting)
        if len(fitting) < needed or not first_ok:
            wanted = self.requirements.describe(with_count=False)
            if needed > 1 or self.requirements.count:
                wanted = f"{needed} phone{'s' if needed != 1 else ''} ({wanted})"
            if self.model_under_test:
                wanted += f", the first a {self.model_under_test}"
            pytest.skip(f"vvx: the lab cannot serve this test: needs {wanted}; "
                        f"the lab has {self._lab_summary()}")

    def acquire(self, role: str | None = None, *, requirements: Requirements | None = None) -> Phone:
        """Lease one more phone (``role`` None: a new name ``phone1``, ``phone2`` ...) meeting
        ``requirements`` as well as the test's own. Skips the test when the lab has none."""
        if role is None:
            while True:
                self._counter += 1
                role = f"phone{self._counter}"
                if role not in self._bound:
                    break
        return self.bind(role, requirements).phone

    def bind(self, role: str, extra: Requirements | None = None) -> Binding:
        """Bind ``role`` (see the class docstring); return its :class:`Binding`."""
        if self.finished:
            raise RuntimeError("this test's phones were already given back")
        if role in self._bound:
            binding = self._bound[role]
            if extra is not None and not extra.matches(binding.slot.layout):
                raise ValueError(f"role {role!r} is already {binding.slot.describe()}, "
                                 f"which is not {extra.describe(with_count=False)}")
            return binding
        reqs = self._requirements_for_next(extra)
        together = max(self.requirements.count or 0, self.expected or 0)
        if not self._bound and not self._reserved and together > 1:
            self._reserve(together)
        # phones reserved for this test first (the one of the same name first), when they fit
        for slot, lease in sorted(self._reserved, key=lambda pair: pair[0].role != role):
            if _fits(slot, reqs):
                self._reserved.remove((slot, lease))
                taken = self._take(role, slot, lease)
                if taken is not None:
                    return taken
        self.handle.lab()  # a simulated lab's catalogue is exact once it runs
        used = {b.slot.role for b in self._bound.values()} | {slot.role for slot, _ in self._reserved}
        slots = [s for s in self.handle.catalogue() if s.role not in used and _fits(s, reqs)]
        slots.sort(key=lambda s: s.role != role)  # the phone of the same name first, when it fits
        store = self.handle.store()
        wanted_all = "; ".join(r.describe() for r in reqs)
        while True:
            candidates = [s for s in slots if not self.handle.quarantine_reason(s.role)]
            if not candidates:
                wanted = "; ".join(r.describe(with_count=False) for r in reqs)
                held = f"; already leased by this test: {', '.join(sorted(used))}" if used else ""
                pytest.skip(f"vvx: the lab cannot serve this test: no free phone for role {role!r} "
                            f"({wanted}){held}; the lab has {self._lab_summary()}")
            lease = store.acquire_any([s.role for s in candidates], node=self.node_id,
                                      timeout=self.handle.settings.lease_timeout,
                                      what=f"a phone for role {role!r} ({wanted_all})" + self._holding())
            slot = next(s for s in candidates if s.role == lease.key)
            taken = self._take(role, slot, lease)
            if taken is not None:
                return taken

    def _holding(self) -> str:
        held = [b.slot.role for b in self._bound.values()] + [slot.role for slot, _ in self._reserved]
        if not held:
            return ""
        return (f" while holding lab phone {', '.join(held)} (tests that wait for more phones while "
                "holding some can block each other: declare how many a test needs with vvx_phones(n) or "
                "@phones_N, and they are leased together)")

    def _reserve(self, count: int) -> None:
        """Lease ``count`` fitting phones together (all or none, so tests never hold some and wait)."""
        reqs = [self.requirements]
        self.handle.lab()
        slots = [s for s in self.handle.catalogue()
                 if _fits(s, reqs) and not self.handle.quarantine_reason(s.role)]
        if self.model_under_test:  # the phone under test first, so one of the reserved is it
            model = Requirements(models=(self.model_under_test,))
            slots.sort(key=lambda s: not model.matches(s.layout))
        count = min(count, len(slots))  # fewer fit: bind one by one, and skip when one is missing
        if count < 2:
            return
        leases = self.handle.store().acquire_many(
            [s.role for s in slots], count, node=self.node_id, timeout=self.handle.settings.lease_timeout,
            what=f"{count} phones together ({self.requirements.describe(with_count=False)})")
        by_role = {s.role: s for s in slots}
        self._reserved = [(by_role[lease.key], lease) for lease in leases]

    def _take(self, role: str, slot: Slot, lease: Lease) -> Binding | None:
        """Bring a leased phone to idle and bind it to ``role``; None (and quarantined) if it fails."""
        if self.handle.quarantine_reason(slot.role):  # quarantined by another worker meanwhile
            lease.release()
            return None
        phone = self.handle.lab().phone(slot.role)
        phone.client.transcript.clear()  # the evidence of this test starts with its own exchanges
        problems = put_back(phone, restore=False)
        if problems:
            self.handle.quarantine(slot.role, f"{slot.describe()} could not be brought to idle before "
                                   f"{self.node_id} and is quarantined for the rest of the run: "
                                   + "; ".join(problems), self.node_id)
            lease.release()
            return None
        binding = Binding(role, Slot(slot.role, slot.model, phone.extension or slot.extension), phone, lease)
        self._bound[role] = binding
        if self.on_bind is not None:
            self.on_bind(self, binding)
        return binding

    def finish(self) -> dict[str, str]:
        """Put every leased phone back and release the leases; return what went wrong by role.

        A phone that could not be put back is quarantined (not leased again in this run).
        """
        self.finished = True
        for _, lease in self._reserved:  # reserved for the test but never used: nothing to put back
            lease.release()
        self._reserved = []
        problems: dict[str, str] = {}
        for role, binding in self._bound.items():
            try:
                found = put_back(binding.phone)
                if found:
                    problems[role] = (f"{binding.slot.describe()} (role {role!r}) could not be put back "
                                      f"after {self.node_id} and is quarantined for the rest of the run: "
                                      + "; ".join(found))
                    self.handle.quarantine(binding.slot.role, problems[role], self.node_id)
            finally:
                binding.lease.release()
        return problems
