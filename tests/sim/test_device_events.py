"""Telephony notification events: XML POSTs to apps.telNotification.URL, sent outside the lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lxml import etree
from sim_helpers import PostHandler, serving
from sim_helpers import wait_until as wait_for

from vvxauto.sim.device import TEL_EVENT_SWITCHES, SimPhone
from vvxauto.sim.exchange import Exchange


class _Listener(PostHandler):
    events: list[tuple[str, dict[str, str]]] = []

    def record(self, body: bytes) -> None:
        (event,) = etree.fromstring(body)
        type(self).events.append((str(event.tag), {str(child.tag): child.text or "" for child in event}))


@pytest.fixture
def listener() -> Iterator[tuple[str, type[_Listener]]]:
    handler = type("Listener", (_Listener,), {"events": []})
    with serving(handler, "/events") as url:
        yield url, handler


@pytest.fixture
def pair() -> Iterator[tuple[SimPhone, SimPhone]]:
    exchange = Exchange()
    yield SimPhone(exchange, "alice", "1001", password="pw"), SimPhone(exchange, "bob", "1002", password="pw")
    exchange.close()


def subscribe(phone: SimPhone, url: str, *events: str) -> None:
    settings = {"apps.telNotification.URL": url}
    for event in events or TEL_EVENT_SWITCHES:
        settings[f"apps.telNotification.{TEL_EVENT_SWITCHES[event]}"] = "1"
    phone.set_config(settings)


def test_a_call_sends_incoming_state_and_hook_events(
    pair: tuple[SimPhone, SimPhone], listener: tuple[str, type[_Listener]]
) -> None:
    alice, bob = pair
    url, handler = listener
    subscribe(bob, url)
    alice.dial("1002")
    bob.hook(True)
    alice.end()
    bob.hook(False)
    wait_for(lambda: len(handler.events) >= 6)
    kinds = [kind for kind, _ in handler.events]
    assert kinds[0] == "IncomingCallEvent"
    incoming = handler.events[0][1]
    assert incoming["CallingPartyNumber"] == "1001" and incoming["CalledPartyNumber"] == "1002"
    assert incoming["CallingPartyName"] == "Alice" and incoming["MACAddress"] == bob.mac
    states = [fields["CallState"] for kind, fields in handler.events if kind == "CallStateChangeEvent"]
    assert states == ["Ringing", "Connected", "Disconnected"]
    assert kinds.index("OffHookEvent") < kinds.index("OnHookEvent")
    handle = bob.call_log("received")[0].handle
    assert {f["CallReference"] for kind, f in handler.events if kind == "CallStateChangeEvent"} == {handle}


def test_only_enabled_events_are_sent(
    pair: tuple[SimPhone, SimPhone], listener: tuple[str, type[_Listener]]
) -> None:
    alice, bob = pair
    url, handler = listener
    subscribe(alice, url, "OutgoingCallEvent")
    alice.dial("1002")
    bob.answer()
    alice.hold()
    bob.end()
    subscribe(alice, url, "OnHookEvent")  # the next event proves the earlier ones were not held back
    alice.hook(True)
    alice.hook(False)
    wait_for(lambda: len(handler.events) >= 2)
    assert [kind for kind, _ in handler.events] == ["OutgoingCallEvent", "OnHookEvent"]
    assert handler.events[0][1]["CalledPartyNumber"] == "1002"


def test_hold_and_registration_events(
    pair: tuple[SimPhone, SimPhone], listener: tuple[str, type[_Listener]]
) -> None:
    alice, bob = pair
    url, handler = listener
    subscribe(alice, url, "CallStateChangeEvent", "LineRegistrationEvent")
    alice.set_config({"reg.2.address": "2001"})
    alice.dial("1002")
    bob.answer()
    alice.hold()
    bob.hold()
    wait_for(lambda: len(handler.events) >= 6)
    registration = [f for kind, f in handler.events if kind == "LineRegistrationEvent"]
    assert registration[0]["LineNumber"] == "2" and registration[0]["RegistrationState"] == "Registered"
    states = [f["CallState"] for kind, f in handler.events if kind == "CallStateChangeEvent"]
    assert states == ["Setup", "Proceeding", "RingBack", "Connected", "CallHeld"]


def test_events_go_to_loopback_only(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, bob = pair
    subscribe(bob, "http://192.0.2.1/events")
    alice.dial("1002")
    assert bob.exchange.notifier.refused >= 1
    assert list(bob.exchange.notifier.delivered) == []


def test_a_dead_listener_is_recorded_not_fatal(pair: tuple[SimPhone, SimPhone]) -> None:
    alice, bob = pair
    subscribe(bob, "http://127.0.0.1:9/events", "IncomingCallEvent")
    alice.dial("1002")
    wait_for(lambda: bob.exchange.notifier.delivered)
    ((_, event, outcome),) = bob.exchange.notifier.delivered
    assert event == "IncomingCallEvent" and outcome == "ConnectionError"
    assert bob.calls[0].state == "Offering"
