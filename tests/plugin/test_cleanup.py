"""A known state around every test: phones put back after a failure; broken phones quarantined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vvxauto.api import VvxClient
from vvxauto.sim import SimLab

pytest_plugins = ("pytester",)


def test_phones_are_put_back_after_a_failing_test(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]]) -> None:
    lab, inventory = inventory_lab(phones=2)
    vvx_project.pytester.makepyfile(
        """
        def test_leaves_a_mess(phones):
            alice, bob = phones["alice"], phones["bob"]
            alice.set_config({"reg.1.label": "messed up", "up.screenCapture.enabled": "0"})
            alice.dial(phones.extension_of("bob"))
            bob.wait_for(bob.ringing_call)
            bob.hook("up")
            alice.press("Menu")
            assert False, "the test fails with calls up and config changed"

        def test_next_test_finds_them_idle(phones):
            alice = phones["alice"]
            assert alice.calls() == [] and phones["bob"].calls() == []
            assert alice.config("reg.1.label")["reg.1.label"] == "1001"
            assert alice.screen().name == "Home"
        """
    )
    result = vvx_project.run(f"--vvx-lab={inventory}")
    result.assert_outcomes(passed=1, failed=1)
    # checked from outside too, over REST, as a later run would see the phones
    for role in ("alice", "bob"):
        with VvxClient.from_endpoint(lab.inventory()["phones"][role]) as client:
            assert client.call_status() == []
            assert 'name="Home"' in client.uixml()
            if role == "alice":
                values = client.get_config(["reg.1.label", "up.screenCapture.enabled"])
                restored = (values["reg.1.label"].value, values["up.screenCapture.enabled"].value)
                assert restored == ("1001", "1")
    # the screenshot of the failed test says why there is none (capture was off at the failure)
    evidence = vvx_project.artifacts / "test_phones_are_put_back_after_a_failing_test.py__test_leaves_a_mess"
    note = (evidence / "alice" / "screenshot.txt").read_text()
    assert "screen capture is disabled" in note
    assert (evidence / "bob" / "screenshot.png").read_bytes().startswith(b"\x89PNG")


def test_a_phone_that_cannot_be_put_back_is_quarantined_and_reported(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        import pytest

        def test_breaks_the_phone(phone):
            phone.client.set_config({"apps.restapi.enabled": "0"})  # REST goes away: no way back

        def test_later_tests_get_another_phone(phone):
            assert phone.role == "bob"

        @pytest.mark.vvx_phones(2)
        def test_two_phones_no_longer_fit(phones):
            raise AssertionError("never runs")
        """
    )
    result = vvx_project.run("-rs", "-W", "default")
    result.assert_outcomes(passed=2, errors=1, skipped=1)
    line = ("alice (VVX 411) (role 'alice') could not be put back after "
            "test_a_phone_that_cannot_be_put_back_is_quarantined_and_reported.py::test_breaks_the_phone "
            "and is quarantined for the rest of the run: end calls and hang up: RestDisabledError*")
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_breaks_the_phone*",
        "*vvx: " + line,
        "*VvxLabWarning: " + line,
        "*= vvxauto: quarantined phones =*",
        line,
    ])
    result.stdout.fnmatch_lines(["SKIPPED * needs 2 phones (any phone); "
                                 "the lab has alice (VVX 411) [[]quarantined[]], bob (VVX 411)"])
    # the broken phone's evidence was saved after the failed reset
    folder = "test_a_phone_that_cannot_be_put_back_is_quarantined_and_reported.py__test_breaks_the_phone"
    errors = (vvx_project.artifacts / folder / "alice-after-reset" / "errors.txt").read_text()
    assert "RestDisabledError" in errors


def test_quarantine_notes_of_xdist_workers_reach_the_terminal_summary(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        def test_breaks_the_phone(phone):
            phone.client.set_config({"apps.restapi.enabled": "0"})
        """
    )
    result = vvx_project.run_subprocess("-n", "2")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*= vvxauto: quarantined phones =*",
        "alice (VVX 411) (role 'alice') could not be put back after *::test_breaks_the_phone "
        "and is quarantined*",
    ])


def test_a_phone_that_cannot_be_made_idle_before_a_test_is_skipped_over(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]]) -> None:
    lab, inventory = inventory_lab(phones=2)
    with VvxClient.from_endpoint(lab.inventory()["phones"]["alice"]) as client:
        client.set_config({"apps.restapi.enabled": "0"})  # broken before the run starts
    vvx_project.pytester.makepyfile(
        """
        def test_gets_a_working_phone(phone):
            assert phone.role == "bob" and phone.is_idle()
        """
    )
    result = vvx_project.run(f"--vvx-lab={inventory}")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines([
        "*= vvxauto: quarantined phones =*",
        "alice (VVX 411) could not be brought to idle before *::test_gets_a_working_phone and is quarantined "
        "for the rest of the run: end calls and hang up: RestDisabledError*",
    ])


CHANGES_A_LABEL = """
    def test_changes_a_label(phone):
        phone.set_config({"reg.1.label": "changed by the test"})
"""


def _label_and_admin_setting(lab: SimLab) -> tuple[tuple[str, str | None], str]:
    with VvxClient.from_endpoint(lab.inventory()["phones"]["alice"]) as client:
        values = client.get_config(["reg.1.label", "lcl.ml.lang"])
    label = values["reg.1.label"]
    return (label.value or "", label.source), values["lcl.ml.lang"].value or ""


def test_config_values_come_back_without_touching_other_lab_settings(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]]) -> None:
    lab, inventory = inventory_lab(phones=1)
    with VvxClient.from_endpoint(lab.inventory()["phones"]["alice"]) as client:  # the lab admin's setting
        client.set_config({"lcl.ml.lang": "Deutsch_Deutschland"})
    vvx_project.pytester.makepyfile(CHANGES_A_LABEL)
    vvx_project.run(f"--vvx-lab={inventory}").assert_outcomes(passed=1)
    (label, source), admin_setting = _label_and_admin_setting(lab)
    assert label == "1001" and source == "WEB"  # the value is back; REST could only write it as WEB
    assert admin_setting == "Deutsch_Deutschland"  # a Web-layer setting made outside the test survives


def test_restore_sources_also_puts_back_where_a_value_came_from(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]]) -> None:
    lab, inventory = inventory_lab(phones=1)
    vvx_project.pytester.makepyfile(CHANGES_A_LABEL)
    vvx_project.run(f"--vvx-lab={inventory}", "--vvx-restore-sources=yes").assert_outcomes(passed=1)
    (label, source), _ = _label_and_admin_setting(lab)
    assert (label, source) == ("1001", "CONFIG")


def test_restore_sources_takes_yes_or_no(vvx_project) -> None:
    vvx_project.pytester.makepyfile("def test_nothing():\n    pass\n")
    result = vvx_project.run("--vvx-restore-sources=maybe")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*vvx_restore_sources: expected yes or no*"])
