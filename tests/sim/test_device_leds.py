"""The LED vocabulary of the simulated phone: line keys, MWI, Mute, Speaker, Headset."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange

OFF = {"State": "off"}


@pytest.fixture
def pair() -> Iterator[tuple[SimPhone, SimPhone]]:
    exchange = Exchange()
    yield (
        SimPhone(exchange, "alice", "1001", "VVX 411", password="pw"),
        SimPhone(exchange, "bob", "1002", "VVX 201", password="pw"),
    )
    exchange.close()


def line(phone: SimPhone, n: int = 1) -> dict[str, str]:
    return phone.leds()["Lines"][n - 1]


def test_idle_phone_has_every_line_key_and_model_led_off(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, bob = pair
    leds = alice.leds()
    assert [entry["LineNumber"] for entry in leds["Lines"]] == [str(n) for n in range(1, 13)]
    assert all(entry == {"LineNumber": entry["LineNumber"], "State": "off"} for entry in leds["Lines"])
    assert {k: v for k, v in leds.items() if k != "Lines"} == {
        "MWI": OFF,
        "Mute": OFF,
        "Speaker": OFF,
        "Headset": OFF,
    }
    assert len(bob.leds()["Lines"]) == 2
    assert set(bob.leds()) == {"Lines", *bob.layout.leds}


def test_ringing_line_flashes_and_mwi_flashes_red(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, bob = pair
    alice.dial("1002")
    assert line(bob) == {"LineNumber": "1", "Color": "green", "State": "flash"}
    assert bob.leds()["MWI"] == {"Color": "red", "State": "flash"}
    assert line(alice) == {"LineNumber": "1", "Color": "green", "State": "active"}
    assert alice.leds()["Speaker"] == {"Color": "green", "State": "on"}  # REST dial goes handsfree
    assert bob.leds()["Speaker"] == OFF


def test_connected_is_active_and_held_here_is_slow_flash(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, bob = pair
    alice.dial("1002")
    bob.answer()
    assert line(alice)["State"] == line(bob)["State"] == "active"
    alice.hold()
    assert line(alice) == {"LineNumber": "1", "Color": "green", "State": "slowFlash"}
    assert line(bob)["State"] == "active"  # held by the far end: still in use here
    assert alice.leds()["Speaker"] == OFF  # no audio while holding
    alice.resume()
    assert line(alice)["State"] == "active"
    bob.end()
    assert line(alice) == line(bob) == {"LineNumber": "1", "State": "off"}


def test_speaker_headset_and_handset_paths(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, _bob = pair
    alice.hook(True)
    assert alice.leds()["Speaker"] == OFF and line(alice)["State"] == "active"
    alice.press_handsfree()
    assert alice.leds()["Speaker"] == {"Color": "green", "State": "on"}
    alice.press_headset()
    assert alice.leds()["Headset"] == {"Color": "green", "State": "on"} and alice.leds()["Speaker"] == OFF
    alice.set_audio_mode("handset")
    assert alice.leds()["Headset"] == OFF


def test_mute_led_and_message_waiting(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, _bob = pair
    alice.set_mute(True)
    assert alice.leds()["Mute"] == {"Color": "red", "State": "on"}
    alice.set_mute(False)
    assert alice.leds()["Mute"] == OFF
    alice.messages_waiting = 2
    assert alice.leds()["MWI"] == {"Color": "red", "State": "flash"}


def test_versions_bump_on_every_change(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, bob = pair
    before = (alice.version, bob.version)
    alice.dial("1002")
    assert alice.version > before[0] and bob.version > before[1]
