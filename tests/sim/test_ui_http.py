"""The screen over HTTP against a simulated lab: what a test framework sees on the wire."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
import requests
from lxml import etree
from PIL import Image

from vvxauto.sim import SimEndpoint, SimLab

Sessions = Callable[..., requests.Session]
TIMEOUT = 5.0


class Screen:
    """A minimal client of the screen commands, reading softkeys the way docs/uixml.md says."""

    def __init__(self, session: requests.Session, ep: SimEndpoint) -> None:
        self.s = session
        self.base = ep.base_url

    def post(self, path: str, data: dict[str, Any]) -> str:
        r = self.s.post(self.base + path, json={"data": data}, timeout=TIMEOUT)
        r.raise_for_status()
        return str(r.json()["Status"])

    def xml(self) -> etree._Element:
        r = self.s.get(self.base + "/api/v1/mgmt/uixml", timeout=TIMEOUT)
        body = r.json()
        assert body["Status"] == "2000"
        assert isinstance(body["data"], str)
        return etree.fromstring(body["data"].encode())

    def name(self) -> str:
        return str(self.xml().get("name"))

    def key(self, name: str) -> str:
        return self.post("/api/v1/mgmt/simulateKeyEvent", {"Type": "Tap", "KeyName": name})

    def on_screen(self, label: str) -> tuple[int, etree._Element] | None:
        """(slot, element) of softkey ``label`` when its page is on screen."""
        root = self.xml()
        strip = root.find("softkeys")
        assert strip is not None
        x0 = int(strip.get("view-offset", "0:0").split(":")[0])
        width = int(root.get("width", ""))
        for k in strip.iter("softkey"):
            x = int(k.get("x", "")) - x0
            if k.get("label") == label and 0 <= x < width:
                return x // int(k.get("width", "")) + 1, k
        return None

    def softkey(self, label: str, *, tap: bool = False) -> None:
        """Press (or tap, on touch models) softkey ``label``, paging with More as needed."""
        for _ in range(5):
            found = self.on_screen(label)
            if found is None:
                more = self.on_screen("More")
                assert more is not None, f"{label} is on no page of {self.name()}"
                assert self.key(f"SoftKey{more[0]}") == "2000"
                continue
            slot, el = found
            if not tap:
                assert self.key(f"SoftKey{slot}") == "2000"
                return
            offset = int(el.getparent().get("view-offset", "0:0").split(":")[0])  # type: ignore[union-attr]
            x = int(el.get("x", "")) - offset + int(el.get("width", "")) // 2
            y = int(el.get("y", "")) + int(el.get("height", "")) // 2
            assert self.touch("Tap", [(x, y)]) == "2000"
            return
        pytest.fail(f"softkey {label} not reached")

    def touch(self, kind: str, points: list[tuple[int, int]]) -> str:
        positions = [{"X": str(x), "Y": str(y)} for x, y in points]
        return self.post("/api/v1/mgmt/simulateTouch", {"Type": kind, "Positions": positions})

    def shot(self) -> requests.Response:
        return self.s.get(self.base + "/captureScreen/mainScreen", timeout=TIMEOUT)

    def calls(self) -> list[dict[str, Any]]:
        r = self.s.get(self.base + "/api/v2/webCallControl/callStatus", timeout=TIMEOUT)
        data = r.json().get("data") or []
        return list(data)


@pytest.fixture
def lab(sim_lab_factory: Callable[..., SimLab]) -> SimLab:
    return sim_lab_factory(phones=3, models=["VVX 411", "VVX 501", "VVX 601"])


@pytest.fixture
def screens(lab: SimLab, sessions: Sessions) -> dict[str, Screen]:
    return {ep.role: Screen(sessions(ep), ep) for ep in lab.endpoints}


def test_call_placed_answered_and_ended_through_softkeys_only(
    screens: dict[str, Screen], wait_for: Callable[..., Any]
) -> None:
    alice, bob = screens["alice"], screens["bob"]
    alice.softkey("New Call")
    assert alice.name() == "Dialer"
    for d in "1002":
        assert alice.key(f"Dialpad{d}") == "2000"
    alice.softkey("Dial")
    wait_for(lambda: bob.name() == "IncomingCall", what="bob ringing")
    bob.softkey("Answer", tap=True)  # the VVX 501 is a touch phone
    wait_for(lambda: alice.name() == "Connected", what="alice connected")
    assert [c["CallState"] for c in bob.calls()] == ["Connected"]
    alice.softkey("End Call")
    wait_for(lambda: bob.name() == "Home", what="bob back home")
    assert bob.calls() == []


@pytest.mark.parametrize("role", ["alice", "bob", "carol"])
def test_a_softkey_on_the_third_page_is_reached_through_more(
    screens: dict[str, Screen], role: str, wait_for: Callable[..., Any]
) -> None:
    screen = screens[role]
    screen.softkey("Status", tap=role != "alice")  # the last Home softkey: page three on every model
    assert screen.name() == "Status"


def test_menu_navigation_to_the_text_field_and_typing(screens: dict[str, Screen], lab: SimLab) -> None:
    carol = screens["carol"]
    for k in ("Menu", "ArrowDown", "ArrowDown", "Select", "Select", "Select", "Select"):
        assert carol.key(k) == "2000"
    (field,) = carol.xml().iterfind(".//textfield")
    assert (field.get("id"), field.get("focused")) == ("display-name", "true")
    assert carol.post("/api/v1/mgmt/simulateTextInput", {"Value": "Caro", "ReplaceText": "true"}) == "2000"
    assert carol.post("/api/v1/mgmt/simulateTextInput", {"Value": "line"}) == "2000"
    (field,) = carol.xml().iterfind(".//textfield")
    assert field.get("text") == "Caroline"
    carol.softkey("Save", tap=True)
    r = carol.s.post(
        carol.base + "/api/v1/mgmt/config/get", json={"data": ["reg.1.displayName"]}, timeout=TIMEOUT
    )
    assert "Caroline" in r.text


def test_screenshot_has_the_models_size_and_changes_with_the_screen(screens: dict[str, Screen]) -> None:
    for role, size in (("alice", (320, 240)), ("carol", (480, 272))):
        screen = screens[role]
        first = screen.shot()
        assert first.status_code == 200
        assert first.headers["Content-Type"] == "image/bmp"
        assert Image.open(io.BytesIO(first.content)).size == size
        assert screen.key("Menu") == "2000"
        assert screen.shot().content != first.content


def test_screenshot_is_404_when_capture_is_switched_off(screens: dict[str, Screen]) -> None:
    alice = screens["alice"]
    r = alice.s.post(
        alice.base + "/api/v1/mgmt/config/set",
        json={"data": {"up.screenCapture.enabled": "0"}},
        timeout=TIMEOUT,
    )
    assert r.json()["Status"] == "2000"
    assert alice.shot().status_code == 404
    assert alice.s.get(alice.base + "/captureScreen/em/1", timeout=TIMEOUT).status_code == 404


def test_input_errors_on_the_wire(screens: dict[str, Screen]) -> None:
    alice, bob = screens["alice"], screens["bob"]
    assert alice.key("Volume") == "4000"
    assert alice.key("VoIUp") == "2000"
    assert alice.touch("Tap", [(10, 10)]) == "4004"  # VVX 411: no touch screen
    assert bob.touch("Tap", [(320, 10)]) == "4000"
    assert bob.touch("Tap", [(1, 1), (2, 2)]) == "4009"
    assert bob.post("/api/v1/mgmt/simulateTextInput", {"Value": "x"}) == "4000"
