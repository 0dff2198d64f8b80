"""Evidence files and Allure output (steps, attachments, labels, tags) for a failing scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vvxauto.sim.lab import DEFAULT_PASSWORD

pytest_plugins = ("pytester",)

FEATURE = """
Feature: Calls

  @smoke
  Scenario: alice calls bob
    Given alice is idle
    When alice dials bob
    Then bob shows "Nonsense"
    And nothing else happens

  Scenario: an undefined step
    Given alice is idle
    When alice juggles
"""

STEPS = """
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("calls.feature")

@given(parsers.parse("{role} is idle"))
def idle(phones, role):
    assert phones[role].is_idle()

@when(parsers.parse("{caller} dials {callee}"))
def dial(phones, caller, callee):
    phones[caller].dial(phones.extension_of(callee))
    phones[callee].wait_for(phones[callee].ringing_call)

@then(parsers.parse('{role} shows "{text}"'))
def shows(phones, role, text):
    assert text in phones[role].screen().texts(), f"{role} does not show {text!r}"

@then("nothing else happens")
def nothing():
    pass
"""

NODE = "test_{name}.py__test_alice_calls_bob"


def _project(vvx_project: Any, name: str) -> None:
    vvx_project.pytester.makefile(".feature", calls=FEATURE)
    vvx_project.pytester.makepyfile(**{f"test_{name}": STEPS})


def _results(folder: Path) -> dict[str, dict[str, Any]]:
    results = {}
    for path in folder.glob("*-result.json"):
        data = json.loads(path.read_text())
        results[data["name"]] = data
    return results


def test_a_failing_scenario_gives_allure_steps_attachments_labels_and_tags(vvx_project,
                                                                           tmp_path: Path) -> None:
    _project(vvx_project, "allure")
    allure_dir = tmp_path / "allure"
    vvx_project.run(f"--alluredir={allure_dir}").assert_outcomes(failed=2)
    results = _results(allure_dir)
    failed = results["test_alice_calls_bob"]
    assert failed["status"] == "failed"
    assert [(s["name"], s["status"]) for s in failed["steps"]] == [
        ("Given alice is idle", "passed"),
        ("When alice dials bob", "passed"),
        ('Then bob shows "Nonsense"', "failed"),
    ]
    assert "bob does not show 'Nonsense'" in failed["steps"][2]["statusDetails"]["message"]
    labels = {(label["name"], label["value"]) for label in failed["labels"]}
    expected = {("model", "VVX 411"), ("phone_role", "alice=alice"), ("phone_role", "bob=bob"),
                ("tag", "smoke")}
    assert expected <= labels
    assert any(name == "firmware" and value.startswith("6.1.0") for name, value in labels)
    attachments = {a["name"]: a for a in failed["attachments"]}
    for role in ("alice", "bob"):
        for what in ("screenshot", "uixml", "call status", "LED status", "REST transcript"):
            assert f"{role}: {what}" in attachments, (role, what)
    shot = attachments["bob: screenshot"]
    assert shot["type"] == "image/png"
    assert (allure_dir / shot["source"]).read_bytes().startswith(b"\x89PNG")
    calls = json.loads((allure_dir / attachments["bob: call status"]["source"]).read_text())
    assert calls[0]["CallState"] == "Offering"
    transcript = (allure_dir / attachments["alice: REST transcript"]["source"]).read_text()
    assert "callctrl/dial" in transcript and DEFAULT_PASSWORD not in transcript

    undefined = results["test_an_undefined_step"]
    assert [(s["name"], s["status"]) for s in undefined["steps"]] == [
        ("Given alice is idle", "passed"), ("When alice juggles", "broken")]


def test_without_allure_the_evidence_is_plain_files(vvx_project) -> None:
    _project(vvx_project, "plain")
    vvx_project.run().assert_outcomes(failed=2)
    folder = vvx_project.artifacts / NODE.format(name="plain")
    assert sorted(p.name for p in folder.iterdir()) == ["alice", "bob", "report.json", "steps.txt"]
    assert sorted(p.name for p in (folder / "bob").iterdir()) == [
        "call_status.json", "led_status.json", "screenshot.png", "transcript.txt", "uixml.xml"]
    assert (folder / "bob" / "uixml.xml").read_text().lstrip().startswith("<?xml")
    steps = (folder / "steps.txt").read_text().splitlines()
    assert [line.split()[0] for line in steps] == ["passed", "passed", "failed", "skipped"]
    assert steps[2].startswith('failed    Then bob shows "Nonsense"  -- AssertionError: bob does not show')
    report = json.loads((folder / "report.json").read_text())
    assert report["outcome"] == "failed in call"
    assert report["scenario"]["tags"] == ["smoke"] and "smoke" in report["markers"]
    assert [(p["role"], p["model"], p["extension"]) for p in report["phones"]] == [
        ("alice", "VVX 411", "1001"), ("bob", "VVX 411", "1002")]


@pytest.mark.parametrize("outcome", ["passed", "failed"])
def test_no_evidence_without_a_failure_that_used_phones(vvx_project, outcome: str) -> None:
    body = "pass" if outcome == "passed" else "assert False"
    vvx_project.pytester.makepyfile(
        f"def test_with_phone(phone):\n    {body}\n\ndef test_plain():\n    {body}\n")
    vvx_project.run().assert_outcomes(**{outcome: 2})
    root = vvx_project.artifacts
    folders = sorted(p.name for p in root.iterdir()) if root.exists() else []
    failed = ["test_no_evidence_without_a_failure_that_used_phones.py__test_with_phone"]
    assert folders == ([] if outcome == "passed" else failed)


def test_the_artifacts_folder_is_configurable(vvx_project, tmp_path: Path) -> None:
    vvx_project.pytester.makepyfile("def test_fails(phone):\n    assert False\n")
    vvx_project.run(f"--vvx-artifacts={tmp_path / 'evidence'}").assert_outcomes(failed=1)
    folder = tmp_path / "evidence" / "test_the_artifacts_folder_is_configurable.py__test_fails"
    assert (folder / "alice" / "transcript.txt").is_file()
    assert not vvx_project.artifacts.exists()
