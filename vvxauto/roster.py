"""The phones of one test: scenario roles bound to leased lab phones, kept in a known state.

Three layers, like pytest-httpserver's server/clear split:

- :class:`~vvxauto.lab_handle.LabHandle` (one per pytest session, in :mod:`vvxauto.lab_handle`):
  the settings, the lab's catalogue, the lab itself (started on first use), the lease store and
  the phones quarantined in this run.
- :class:`~vvxauto.requirements.Requirements` (in :mod:`vvxauto.requirements`): what a test asks
  of its phones, from its markers and Gherkin tags.
- :class:`Roster` (one per test, here): ``roster["alice"]`` binds the scenario's role "alice" to a
  free lab phone that meets the requirements, leases it, brings it to idle on its home screen, and
  :meth:`Roster.finish` puts every phone back (calls ended, on hook, config restored, home screen)
  and gives the leases back; a phone that cannot be put back is quarantined. The reset itself,
  :func:`~vvxauto.known_state.put_back` and :func:`~vvxauto.known_state.go_home`, is in
  :mod:`vvxauto.known_state`.

The names of those modules are importable from here as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from vvxauto.known_state import go_home, put_back
from vvxauto.lab_handle import (
    DEFAULT_SIM_MODELS,
    SIM_ROLES,
    LabHandle,
    LabSettings,
    VvxLabWarning,
    sim_role_names,
)
from vvxauto.leases import Lease
from vvxauto.requirements import (
    FIXED_TAGS,
    Requirements,
    Slot,
    dynamic_tag_help,
    fits,
    model_key,
    roles_named,
)

if TYPE_CHECKING:
    from vvxauto.phone import Phone

__all__ = [
    "DEFAULT_SIM_MODELS",
    "FIXED_TAGS",
    "SIM_ROLES",
    "BindHook",
    "Binding",
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
                   if fits(s, [self.requirements]) and not self.handle.quarantine_reason(s.role)]
        first_ok = any(fits(s, reqs) for s in fitting)
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
            if fits(slot, reqs):
                self._reserved.remove((slot, lease))
                taken = self._take(role, slot, lease)
                if taken is not None:
                    return taken
        self.handle.lab()  # a simulated lab's catalogue is exact once it runs
        used = {b.slot.role for b in self._bound.values()} | {slot.role for slot, _ in self._reserved}
        slots = [s for s in self.handle.catalogue() if s.role not in used and fits(s, reqs)]
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
                 if fits(s, reqs) and not self.handle.quarantine_reason(s.role)]
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
                found = put_back(binding.phone, exact_sources=self.handle.settings.restore_sources)
                if found:
                    problems[role] = (f"{binding.slot.describe()} (role {role!r}) could not be put back "
                                      f"after {self.node_id} and is quarantined for the rest of the run: "
                                      + "; ".join(found))
                    self.handle.quarantine(binding.slot.role, problems[role], self.node_id)
            finally:
                binding.lease.release()
        return problems
