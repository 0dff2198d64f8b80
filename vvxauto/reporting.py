"""Reports: every Gherkin step as an Allure step, evidence attachments, phone labels.

allure-pytest-bdd cannot be installed beside allure-pytest, so :class:`BddStepBridge` (a pytest
plugin object registered when pytest-bdd is loaded) turns pytest-bdd's step hooks
(``pytest_bdd_before_step`` / ``after_step`` / ``step_error`` / ``step_func_lookup_error``) into
``allure_commons`` steps, with the step's status (passed; failed for an assertion; broken for
another error or an undefined step). Without an ``--alluredir`` nothing goes to Allure; the steps
are still recorded on the test item so failures get plain files (``steps.txt``, ``report.json``;
see :mod:`vvxauto.artifacts`).

Allure labels per leased phone: ``model``, ``firmware``, ``phone_role`` (``alice=bob``: the
scenario role and the lab phone bound to it). Gherkin tags are pytest markers (pytest-bdd), which
allure-pytest already reports as Allure tags.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

from vvxauto.artifacts import Evidence

__all__ = ["BddStepBridge", "Reporter", "StepRecord", "allure_active", "steps_of"]


def allure_active(config: pytest.Config) -> bool:
    """True when allure-pytest is loaded and writing results (``--alluredir`` given)."""
    return bool(getattr(config.option, "allure_report_dir", None))


@dataclass
class StepRecord:
    """One Gherkin step as it ran: ``status`` is passed, failed, broken, undefined or skipped."""

    keyword: str
    name: str
    status: str = "running"
    started: float = field(default_factory=time.time)
    duration: float = 0.0
    error: str | None = None
    allure_uuid: str | None = None

    @property
    def title(self) -> str:
        """``Given alice is idle``."""
        return f"{self.keyword} {self.name}".strip()

    def as_dict(self) -> dict[str, Any]:
        """For ``report.json``."""
        return {"step": self.title, "status": self.status, "duration_s": round(self.duration, 3),
                "error": self.error}


_STEPS = pytest.StashKey[list[StepRecord]]()
_SCENARIO = pytest.StashKey[dict[str, Any]]()


def steps_of(item: pytest.Item) -> list[StepRecord]:
    """The Gherkin steps recorded for ``item`` (empty for a test that is not a scenario)."""
    return item.stash.get(_STEPS, [])


def scenario_of(item: pytest.Item) -> dict[str, Any] | None:
    """Name, feature and tags of the scenario ``item`` ran, None for a plain test."""
    return item.stash.get(_SCENARIO, None)


def _status_of(exc: BaseException) -> str:
    return "failed" if isinstance(exc, AssertionError | pytest.fail.Exception) else "broken"


class Reporter:
    """Talks to Allure when it is active, otherwise stays quiet (files are written by artifacts)."""

    def __init__(self, config: pytest.Config) -> None:
        self.active = allure_active(config)

    def label_phone(self, role: str, lab_role: str, model: str, firmware: str | None) -> None:
        """Add the phone's labels to the running test's Allure result."""
        if not self.active:
            return
        import allure

        allure.dynamic.label("model", model)
        if firmware:
            allure.dynamic.label("firmware", firmware)
        allure.dynamic.label("phone_role", f"{role}={lab_role}")

    def attach(self, evidence: Iterable[Evidence]) -> None:
        """Attach saved evidence files to the current Allure test (or fixture) result."""
        if not self.active:
            return
        import allure

        types: dict[str, Any] = {
            "png": allure.attachment_type.PNG,
            "xml": allure.attachment_type.XML,
            "json": allure.attachment_type.JSON,
            "text": allure.attachment_type.TEXT,
        }
        for item in evidence:
            allure.attach.file(str(item.path), name=item.title,
                               attachment_type=types.get(item.kind, allure.attachment_type.TEXT))

    def start_step(self, title: str) -> str | None:
        """Open an Allure step; its id, or None when Allure is not active."""
        if not self.active:
            return None
        from allure_commons import plugin_manager

        step_id = uuid.uuid4().hex
        plugin_manager.hook.start_step(uuid=step_id, title=title, params={})
        return step_id

    def stop_step(self, step_id: str | None, exc: BaseException | None = None) -> None:
        """Close an Allure step opened by :meth:`start_step` (with the error it failed with)."""
        if step_id is None:
            return
        from allure_commons import plugin_manager

        plugin_manager.hook.stop_step(uuid=step_id, title=None,
                                      exc_type=type(exc) if exc is not None else None, exc_val=exc,
                                      exc_tb=exc.__traceback__ if exc is not None else None)


class BddStepBridge:
    """pytest-bdd step hooks -> :class:`StepRecord` on the item and Allure steps (when active)."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter

    @staticmethod
    def _records(request: pytest.FixtureRequest) -> list[StepRecord]:
        return request.node.stash.setdefault(_STEPS, [])

    def _finish(self, request: pytest.FixtureRequest, exc: BaseException | None, status: str) -> None:
        records = self._records(request)
        if not records or records[-1].status != "running":
            return
        record = records[-1]
        record.duration = time.time() - record.started
        record.status = status
        if exc is not None:
            first_line = next(iter(str(exc).splitlines()), "")
            record.error = f"{type(exc).__name__}: {first_line}"
        self.reporter.stop_step(record.allure_uuid, exc)

    @pytest.hookimpl
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
        """Remember the scenario (name, feature, tags) and all its steps."""
        request.node.stash[_SCENARIO] = {
            "name": scenario.name,
            "feature": getattr(feature, "name", None),
            "tags": sorted(set(getattr(scenario, "tags", ())) | set(getattr(feature, "tags", ()))),
            "steps": [f"{s.keyword} {s.name}" for s in scenario.steps],
        }
        request.node.stash[_STEPS] = []

    @pytest.hookimpl
    def pytest_bdd_before_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        """Open the step."""
        record = StepRecord(step.keyword, step.name)
        record.allure_uuid = self.reporter.start_step(record.title)
        self._records(request).append(record)

    @pytest.hookimpl
    def pytest_bdd_after_step(self, request: pytest.FixtureRequest) -> None:
        """Close the step as passed."""
        self._finish(request, None, "passed")

    @pytest.hookimpl
    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, exception: BaseException) -> None:
        """Close the step as failed (assertion) or broken (other error)."""
        self._finish(request, exception, _status_of(exception))

    @pytest.hookimpl(trylast=True)  # after hooks that add suggestions to the error's message
    def pytest_bdd_step_func_lookup_error(self, request: pytest.FixtureRequest, step: Any,
                                          exception: BaseException) -> None:
        """An undefined step: shown as a broken step of its own."""
        self.pytest_bdd_before_step(request, step)
        self._finish(request, exception, "undefined")

    @pytest.hookimpl
    def pytest_bdd_after_scenario(self, request: pytest.FixtureRequest) -> None:
        """Steps that never ran (after a failure) are recorded as skipped."""
        scenario = request.node.stash.get(_SCENARIO, None)
        records = self._records(request)
        if scenario is None:
            return
        for title in scenario["steps"][len(records):]:
            keyword, _, name = title.partition(" ")
            records.append(StepRecord(keyword, name, status="skipped"))

