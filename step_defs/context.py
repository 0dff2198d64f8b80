"""What a scenario's steps share: the phones by role or extension, the calls made, the last phone named.

The ``step_context`` fixture (one per scenario) wraps the ``phones`` roster of the vvxauto pytest
plugin. Steps never keep phones themselves: they ask ``step_context.phone(ref)``, which leases the
phone on first use (the roster does that) and remembers it as the *subject*, the phone meant by
phrases without a phone ("the screen shows ...").
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from step_defs.params import PhoneRef
from vvxauto.errors import VvxError

if TYPE_CHECKING:
    from vvxauto.phone import Call, Phone

__all__ = ["SCENARIO_KEY", "CallRecord", "StepContext", "log_key", "step_context"]

SCENARIO_KEY = pytest.StashKey[Any]()
"""Where ``step_defs.hooks`` keeps the running pytest-bdd scenario on the test item."""

LOCAL_RESET_TIMEOUT = 180.0
"""Seconds a phone may take to come back after its local settings are reset (it restarts)."""


@dataclass
class CallRecord:
    """A call a step placed: ``caller`` role, ``callee`` role (None for a number outside the lab),
    the number dialled and the caller's :class:`~vvxauto.phone.Call`."""

    caller: str
    callee: str | None
    dest: str
    call: Call | None = None
    holder: str | None = None


@dataclass
class StepContext:
    """State shared by the steps of one scenario (see the module docstring)."""

    phones: Any
    request: pytest.FixtureRequest
    subject: str | None = None
    calls: list[CallRecord] = field(default_factory=list)
    menu_edits: set[str] = field(default_factory=set)
    last_error: Exception | None = None
    config_before: dict[str, dict[str, str | None]] = field(default_factory=dict)
    config_sources_before: dict[str, dict[str, str | None]] = field(default_factory=dict)
    log_before: dict[str, Counter[tuple[object, ...]]] = field(default_factory=dict)

    # -- phones ---------------------------------------------------------------------------------------
    def role(self, ref: PhoneRef | str) -> str:
        """The scenario role of ``ref``: the role itself, or the role of the leased phone with that
        extension. Raises ``LookupError`` naming the extensions in use when none has it."""
        text = str(ref)
        if not text.isdigit():
            return text.lower()
        for role, phone in self._leased().items():
            if phone.extension == text:
                return role
        role_of = getattr(self.phones, "role_of", None)
        if role_of is not None:
            with contextlib.suppress(LookupError, KeyError):
                found = role_of(text)
                if found:
                    return str(found)
        lab_role = self._lab_role(text)
        if lab_role is not None and self.phones[lab_role].extension == text:
            return lab_role
        known = ", ".join(f"{r} {p.extension}" for r, p in self._leased().items()) or "none leased"
        raise LookupError(f"no phone with extension {text} in this scenario (phones: {known})")

    def phone(self, ref: PhoneRef | str) -> Phone:
        """The leased phone ``ref`` names (leasing it now if needed); it becomes the subject."""
        role = self.role(ref)
        phone: Phone = self.phones[role]
        self.subject = role
        return phone

    def subject_phone(self) -> Phone:
        """The phone the last step named, for phrases that name none. Raises ``LookupError``."""
        if self.subject is None:
            raise LookupError("this step names no phone and no earlier step did: say which phone, e.g. "
                              "'the screen of alice shows ...'")
        return self.phone(self.subject)

    def number_of(self, ref: PhoneRef | str) -> str:
        """What to dial to reach ``ref``: an extension as written, or the role's phone extension."""
        text = str(ref)
        if text.isdigit():
            return text
        extension = self.phones[text.lower()].extension
        if not extension:
            raise LookupError(f"{text} has no extension in the lab inventory; add 'extension = ...'")
        return str(extension)

    def _leased(self) -> dict[str, Phone]:
        leased = getattr(self.phones, "leased", None)
        return dict(leased) if leased else {}

    def _lab_role(self, extension: str) -> str | None:
        """The inventory role of the lab phone with ``extension`` (via the ``vvx_lab`` fixture)."""
        try:
            lab = self.request.getfixturevalue("vvx_lab")
        except pytest.FixtureLookupError:
            return None
        for role, spec in getattr(lab, "specs", {}).items():
            if spec.extension == extension:
                return str(role)
        return None

    # -- calls ------------------------------------------------------------------------------------------
    def record(self, record: CallRecord) -> CallRecord:
        """Remember a call placed by a step; it becomes "the call"."""
        self.calls.append(record)
        return record

    def current_call(self) -> CallRecord:
        """The latest call placed in this scenario ("the call"). Raises ``LookupError`` without one."""
        if not self.calls:
            raise LookupError("no call was placed in this scenario yet (e.g. 'When alice dials bob')")
        return self.calls[-1]

    def call_with(self, role: str) -> CallRecord | None:
        """The latest call in which ``role`` takes part."""
        return next((c for c in reversed(self.calls) if role in (c.caller, c.callee)), None)

    # -- call logs ----------------------------------------------------------------------------------------
    def note_log_baseline(self, *roles: str | None) -> None:
        """Before a call, note the call-log entries of ``roles`` (once per phone and scenario), so that
        log steps look only at entries this scenario made. Only scenarios with call-log steps pay."""
        if not self._scenario_mentions("call log"):
            return
        for role in roles:
            if role is not None and role not in self.log_before:
                self.log_before[role] = Counter(log_key(e) for e in self.phones[role].call_logs().all())

    def new_log_entries(self, role: str) -> list[Any]:
        """Call-log entries of ``role`` made since this scenario's first call (all, without one)."""
        seen = Counter(self.log_before.get(role, Counter()))
        fresh = []
        for entry in self.phones[role].call_logs().all():
            key = log_key(entry)
            if seen[key] > 0:  # as many entries as were there before are old (twins are possible)
                seen[key] -= 1
            else:
                fresh.append(entry)
        return fresh

    def _scenario_mentions(self, words: str) -> bool:
        scenario = self.request.node.stash.get(SCENARIO_KEY, None)
        if scenario is None:
            return True  # not run by pytest-bdd's scenario runner: be safe
        return any(words in step.name.lower() for step in scenario.steps)

    # -- cleanup of what the phone's own menus changed ---------------------------------------------------
    def note_menu_edit(self, role: str) -> None:
        """``role`` saved a setting through its menus: put its local settings back after the scenario."""
        self.menu_edits.add(role)

    def undo_menu_edits(self) -> None:
        """Reset the local settings (``configReset/local``) of the phones whose menus saved settings.

        Settings saved on the phone itself live in its LOCAL layer, above what REST writes, so the
        plugin's config restore cannot reach them. The reset restarts the phone; this waits until it
        answers and is ready again.
        """
        for role in sorted(self.menu_edits):
            phone: Phone = self.phones[role]
            phone.client.config_reset("local")

            def ready(phone: Phone = phone) -> bool:
                try:
                    return phone.device_info().ready_to_use is not False
                except VvxError:
                    return False

            phone.wait_for(ready, max(phone.timeout, LOCAL_RESET_TIMEOUT),
                           message="ready again after its local settings were reset")
        self.menu_edits.clear()


def log_key(entry: Any) -> tuple[object, ...]:
    """What tells two call-log entries apart."""
    return (entry.kind, entry.line, entry.start_time, entry.remote_name, entry.remote_number, entry.duration)


@pytest.fixture
def step_context(phones: Any, request: pytest.FixtureRequest) -> Iterator[StepContext]:
    """The state the steps of one scenario share (phones by role or extension, calls, subject)."""
    context = StepContext(phones=phones, request=request)
    yield context
    context.undo_menu_edits()
