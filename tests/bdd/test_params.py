"""The parameter types of the step phrases and the undefined-step suggestions."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers

from step_defs.hooks import Candidate, closest_steps
from step_defs.params import TYPES, LedLook, PhoneRef


def parse(phrase: str, text: str) -> dict[str, object] | None:
    parser = parsers.parse(phrase, extra_types=TYPES)
    return parser.parse_arguments(text) if parser.is_matching(text) else None


@pytest.mark.parametrize(("text", "colour", "state"), [
    ("off", None, "off"),
    ("flashing green", "green", "flashing"),
    ("slowly flashing green", "green", "slow flashing"),
    ("steady red", "red", "on"),
    ("amber", "amber", None),
])
def test_led_looks(text: str, colour: str | None, state: str | None) -> None:
    assert parse("the LED is {look:LedLook}", f"the LED is {text}") == {"look": LedLook(colour, state)}


def test_led_names_become_ledstatus_names() -> None:
    assert parse("the {led:Led} LED", "the Line 12 LED") == {"led": "Line12"}
    assert parse("the {led:Led} LED", "the message waiting LED") == {"led": "MWI"}


def test_phones_by_role_or_extension() -> None:
    assert parse("{role:Phone} is idle", "Alice is idle") == {"role": PhoneRef("alice")}
    found = parse("{role:Phone} is idle", "1002 is idle")
    assert found == {"role": PhoneRef("1002")} and PhoneRef("1002").is_extension
    assert parse("{role:Phone} is idle", "the phone is idle") is None
    assert parse("{roles:Phones} are idle", "alice, bob and carol are idle") == {
        "roles": [PhoneRef("alice"), PhoneRef("bob"), PhoneRef("carol")]}


def test_a_role_is_not_taken_for_quoted_text() -> None:
    assert parse("{caller:Phone} dials {callee:Phone}", 'alice dials "5551000"') is None
    assert parse("{caller:Phone} dials {number:Text}", 'alice dials "5551000"') == {
        "caller": PhoneRef("alice"), "number": "5551000"}


def test_call_states() -> None:
    held = parse("the call is {state:CallState}", "the call is on hold")
    assert held is not None and held["state"].held  # type: ignore[attr-defined]
    capital = parse("the call is {state:CallState}", "the call is on Hold")
    assert capital is not None and capital["state"].states == ("Hold",)  # type: ignore[attr-defined]
    assert parse("the call is {state:CallState}", "the call is sideways") is None


def test_suggestions_prefer_the_closest_phrase() -> None:
    candidates = [Candidate("when", "<caller> dials <callee>", "alice dials bob"),
                  Candidate("when", "<role> holds the call", "alice holds the call"),
                  Candidate("then", "<role> is ringing", "alice is ringing")]
    best = closest_steps("carol dails dave", "when", candidates)
    assert best[0].display == "<caller> dials <callee>"
    assert closest_steps("reboot the coffee machine", "when", candidates) == []
