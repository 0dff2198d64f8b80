"""expect(...) against a scripted stand-in phone: matching rules and failure messages (no network)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from vvxauto.api.types import CallInfo, ConfigValue, LedState, LineInfo
from vvxauto.expect import expect, expect_all, led_state_matches
from vvxauto.wait import WaitTimeout


def call(state: str, handle: str = "1a2b3c4d", kind: str = "Outgoing", ringing: bool = False) -> CallInfo:
    return CallInfo(handle=handle, line=1, state=state, type=kind, ringing=ringing, remote_number="1002")


class ScriptedPhone:
    """Answers queries from a timed script: [(seconds since start, calls)], latest entry wins."""

    name = "alice"
    own_timeout: float | None = None

    def __init__(self, script: list[tuple[float, list[CallInfo]]], led: LedState | None = None) -> None:
        self.t0 = time.monotonic()
        self.script = script
        self.led_value = led or LedState("Line1", "off")
        self.config_value = ConfigValue("1001", "CONFIG")
        self.line_status = "unregistered"

    def calls(self) -> list[CallInfo]:
        now = time.monotonic() - self.t0
        current: list[CallInfo] = []
        for at, calls in self.script:
            if now >= at:
                current = calls
        return current

    def call(self, handle: Any) -> CallInfo | None:
        return next((c for c in self.calls() if c.handle == str(handle)), None)

    def led(self, name: str) -> LedState:
        return self.led_value

    def get_config(self, name: str) -> dict[str, ConfigValue]:
        return {name: self.config_value} if name.startswith(("reg.", "device.")) else {}

    def line(self, number: int) -> LineInfo | None:
        return LineInfo(number=number, label="1001", registration_status=self.line_status)

    def last_answer(self) -> str:
        return "GET /api/v2/webCallControl/callStatus [WebCallControl.CallStatus]\n    HTTP 200 Status 2000"


def test_to_have_call_state_waits_and_returns_the_call() -> None:
    phone = ScriptedPhone([(0, [call("Setup")]), (0.05, [call("RingBack")]), (0.1, [call("Connected")])])
    found = expect(phone).to_have_call_state("connected", timeout=2)  # type: ignore[arg-type]
    assert found.state == "Connected"


def test_call_state_failure_shows_expected_timeline_and_last_answer() -> None:
    phone = ScriptedPhone([(0, [call("Setup")]), (0.05, [call("RingBack")])])
    with pytest.raises(AssertionError) as info:
        expect(phone).to_have_call_state("Connected", timeout=0.2)  # type: ignore[arg-type]
    text = str(info.value)
    assert "expect(alice).to_have_call_state('Connected'): a call in state 'Connected'" in text
    assert "1a2b3c4d Outgoing Setup line 1 remote 1002" in text
    assert "1a2b3c4d Outgoing RingBack" in text
    assert text.index("Setup") < text.index("RingBack")
    assert "last REST answer: GET /api/v2/webCallControl/callStatus" in text
    shown = info.traceback.filter(info)
    assert all("vvxauto" not in str(entry.path) for entry in shown)


def test_specific_call_and_gone_call() -> None:
    phone = ScriptedPhone([(0, [call("Connected", "aaaa0001"), call("Hold", "bbbb0002")])])
    assert expect(phone).to_have_call_state("Hold", call="bbbb0002", timeout=1).handle == "bbbb0002"  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match="call cccc0003 in state 'Hold'"):
        expect(phone).to_have_call_state("Hold", call="cccc0003", timeout=0.05)  # type: ignore[arg-type]


def test_counts_idle_and_negations() -> None:
    phone = ScriptedPhone([(0, [call("Connected")]), (0.08, [])])
    assert len(expect(phone).to_have_calls(1, timeout=1)) == 1  # type: ignore[arg-type]
    expect(phone).not_to_have_calls(timeout=2)  # type: ignore[arg-type]
    expect(phone).to_be_idle(timeout=1)  # type: ignore[arg-type]
    expect(phone).not_.to_have_call_state("Connected", timeout=1)  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match=r"not_\.to_be_idle\(\): NOT no live calls"):
        expect(phone).not_.to_be_idle(timeout=0.05)  # type: ignore[arg-type]


def test_ringing_means_incoming_offering() -> None:
    outgoing = ScriptedPhone([(0, [call("RingBack")])])
    with pytest.raises(WaitTimeout, match="an incoming call ringing"):
        expect(outgoing).to_be_ringing(timeout=0.05)  # type: ignore[arg-type]
    expect(outgoing).not_to_be_ringing(timeout=0.05)  # type: ignore[arg-type]
    incoming = ScriptedPhone([(0, [call("Offering", kind="Incoming", ringing=True)])])
    assert expect(incoming).to_be_ringing(timeout=1).incoming  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("wanted", "actual", "ok"),
    [
        ("flashing", "flashing", True),
        ("flashing", "fastFlash", True),
        ("flashing", "slowflash", True),
        ("Flashing", "blink", True),
        ("flash", "flashing", True),
        ("fast flashing", "fastFlash", True),
        ("fast flashing", "slowFlash", False),
        ("slow flashing", "slow-flash", True),
        ("flashing", "on", False),
        ("on", "active", True),
        ("steady", "on", True),
        ("on", "flashing", False),
        ("off", "off", True),
        ("off", "on", False),
        ("active", "ACTIVE", True),
    ],
)
def test_led_state_words(wanted: str, actual: str, ok: bool) -> None:
    assert led_state_matches(wanted, actual) is ok


def test_to_have_led_colour_and_state() -> None:
    phone = ScriptedPhone([], led=LedState("Line1", "fastflash", "green"))
    assert expect(phone).to_have_led("Line1", "Green", "flashing", timeout=1).color == "green"  # type: ignore[arg-type]
    expect(phone).to_have_led("Line1", state="flashing", timeout=1)  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match="LED Line1 red"):
        expect(phone).to_have_led("Line1", "red", timeout=0.05)  # type: ignore[arg-type]
    expect(phone).not_to_have_led("Line1", "red", timeout=0.05)  # type: ignore[arg-type]


def test_to_have_config_and_line_registered() -> None:
    phone = ScriptedPhone([])
    assert expect(phone).to_have_config("reg.1.label", "1001", timeout=1).source == "CONFIG"  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match=r"reg.1.label = '1002'[\s\S]*'1001' \(source CONFIG\)"):
        expect(phone).to_have_config("reg.1.label", "1002", timeout=0.05)  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match="line 1: unregistered"):
        expect(phone).to_have_line_registered(1, timeout=0.05)  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match=r"None \(source not reported\)"):
        expect(phone).to_have_config("no.such.param", "1", timeout=0.05)  # type: ignore[arg-type]
    phone.config_value = ConfigValue("hunter2-secret", "WEB")
    with pytest.raises(WaitTimeout) as info:
        expect(phone).to_have_config("device.auth.localAdminPassword", "guess", timeout=0.05)  # type: ignore[arg-type]
    assert "hunter2-secret" not in str(info.value) and "guess" not in str(info.value)
    phone.line_status = "REGISTERED"  # any case
    expect(phone).to_have_line_registered(timeout=1)  # type: ignore[arg-type]


def test_timeout_comes_from_expect_then_phone() -> None:
    phone = ScriptedPhone([(0, [call("Setup")])])
    phone.own_timeout = 0.05
    start = time.monotonic()
    with pytest.raises(WaitTimeout) as info:
        expect(phone).to_have_calls(3)  # type: ignore[arg-type]
    assert info.value.timeout == 0.05 and time.monotonic() - start < 1
    with pytest.raises(WaitTimeout) as info:
        expect(phone, timeout=0.1).to_have_calls(3)  # type: ignore[arg-type]
    assert info.value.timeout == 0.1


def test_expect_all_runs_together() -> None:
    a = ScriptedPhone([(0.2, [call("Connected")])])
    b = ScriptedPhone([(0.2, [call("Offering", kind="Incoming", ringing=True)])])
    found = expect_all(lambda: expect(a).to_have_call_state("Connected", timeout=3),  # type: ignore[arg-type]
                       lambda: expect(b).to_be_ringing(timeout=3))  # type: ignore[arg-type]
    assert [c.state for c in found] == ["Connected", "Offering"]
    start = time.monotonic()
    with pytest.raises(AssertionError, match="2 of 2 waits failed"):
        expect_all(lambda: expect(a).to_have_calls(5, timeout=0.25),  # type: ignore[arg-type]
                   lambda: expect(b).to_have_calls(5, timeout=0.25))  # type: ignore[arg-type]
    assert time.monotonic() - start < 0.45  # one after the other: 0.5 s


def test_idle_ignores_lingering_disconnected_calls_but_not_to_have_calls_does_not() -> None:
    phone = ScriptedPhone([(0, [call("Disconnected")])])
    expect(phone).to_be_idle(timeout=0.05)  # type: ignore[arg-type]
    with pytest.raises(WaitTimeout, match="Disconnected"):
        expect(phone).not_to_have_calls(timeout=0.05)  # type: ignore[arg-type]
