"""Configuration through Phone: reads in chunks of 20, changes remembered and rolled back."""

from __future__ import annotations

from vvxauto.expect import expect
from vvxauto.lab import Lab
from vvxauto.phone import CONFIG_CHUNK, Phone
from vvxauto.sim import Timing

LOC = [f"locInfo.{k}" for k in ("country", "city", "street", "building", "floor", "room")]


def test_set_then_restore_leaves_original_values_and_sources(alice: Phone) -> None:
    names = ["reg.1.label", "reg.1.displayName", "call.DefaultTransferType"]
    before = alice.get_config(names)
    assert before["reg.1.label"].source == "CONFIG" and before["call.DefaultTransferType"].source == "DEFAULT"

    alice.set_config({"reg.1.label": "Front desk", "reg.1.displayName": "Reception",
                      "call.DefaultTransferType": "Blind"})
    expect(alice).to_have_config("reg.1.label", "Front desk")
    after = alice.get_config(names)
    assert after["reg.1.label"].source == "WEB" and after["call.DefaultTransferType"].value == "Blind"

    alice.set_config({"reg.1.label": "Second change"})  # the first-seen original is what comes back
    changes = alice.config_changes
    assert changes["reg.1.label"][0].value == before["reg.1.label"].value
    assert changes["reg.1.label"][1] == "Second change"

    restored = alice.restore_config()
    assert set(restored) == set(names)
    again = alice.get_config(names)
    assert {n: (v.value, v.source) for n, v in again.items()} == {
        n: (v.value, v.source) for n, v in before.items()
    }
    assert alice.config_changes == {}
    assert alice.restore_config() == {}  # nothing pending: no request at all


def test_web_sourced_original_is_set_back_without_a_reset(alice: Phone, lab: object) -> None:
    alice.client.set_config({"locInfo.city": "Lyon"})  # made before the test, outside Phone
    restarts = lab.sim.phone("alice").restarts  # type: ignore[attr-defined]
    alice.set_config({"locInfo.city": "Paris"})
    alice.restore_config()
    assert alice.get_config("locInfo.city")["locInfo.city"].value == "Lyon"
    assert alice.get_config("locInfo.city")["locInfo.city"].source == "WEB"
    assert lab.sim.phone("alice").restarts == restarts  # type: ignore[attr-defined]
    alice.set_config({"locInfo.city": "Nice"})
    alice.restore_config(reset_web=True)  # a forced reset still puts the Web-sourced original back
    assert alice.get_config("locInfo.city")["locInfo.city"].value == "Lyon"
    assert lab.sim.phone("alice").restarts == restarts + 1  # type: ignore[attr-defined]
    alice.client.config_reset("web")  # drop the pre-test change
    alice.wait_for(lambda: alice.get_config("locInfo.city")["locInfo.city"].source == "DEFAULT")


def test_more_than_twenty_parameters_are_chunked(alice: Phone) -> None:
    names = LOC + [f"reg.1.fwd.{k}" for k in ("always", "busy", "noAnswer")] + [
        f"reg.2.{k}" for k in ("label", "displayName", "address", "fwd.always", "fwd.busy", "fwd.noAnswer",
                               "auth.userId", "server.1.address", "server.1.port", "type", "lineKeys",
                               "callsPerLineKey", "displayName")
    ]
    names = list(dict.fromkeys(names))
    assert len(names) > CONFIG_CHUNK
    before = alice.get_config(names)
    assert set(before) == set(names)
    alice.set_config({n: f"v{i}" for i, n in enumerate(names)})
    assert alice.config(names[-1])[names[-1]] == f"v{len(names) - 1}"
    alice.restore_config()
    assert {n: v.value for n, v in alice.get_config(names).items()} == {n: v.value for n, v in before.items()}


def test_restore_waits_for_the_restart_of_a_web_reset() -> None:
    timing = Timing(restart_down_ms=300, ready_delay_ms=200)
    with Lab.simulated(phones=1, timing=timing) as lab:
        phone = lab.phone("alice")
        phone.wait_for(lambda: (phone.device_info().uptime_seconds or 0) >= 1, 5)  # uptime can drop
        phone.set_config({"reg.1.label": "Temporary"})
        phone.restore_config()  # CONFIG-sourced original: configReset/web, which restarts the phone
        assert lab.sim.phone("alice").restarts == 1
        label = phone.get_config("reg.1.label")["reg.1.label"]
        assert (label.value, label.source) == ("1001", "CONFIG")
        phone.wait_for(lambda: phone.device_info().ready_to_use, 5)
        assert phone.calls() == []
