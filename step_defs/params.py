"""Typed parameters of the step phrases: the ``{name:Type}`` fields of ``parse``/``cfparse``.

Every type is a converter with a regular expression (``parse.with_pattern``), so a phrase matches
only text of the right shape and the step function receives a typed value:

=============  ==========================================  =========================================
type           matches                                     the step receives
=============  ==========================================  =========================================
``Phone``      a role (``alice``) or an extension (1002)   :class:`PhoneRef`
``Text``       text in double quotes (``"End Call"``)      the text without the quotes (``str``)
``Number``     a whole number (``3``)                      ``int``
``Led``        ``Line 1`` ... ``Line 16``, ``MWI``,        the ledStatus name (``Line1``, ``MWI``)
               ``message waiting``, ``Mute``, ``Speaker``,
               ``Headset``
``LedLook``    ``off``, ``flashing green``, ``slowly       :class:`LedLook` (colour, state)
               flashing green``, ``steady red``, ``green``
``Colour``     ``green``, ``red``, ``amber`` (``orange``,  the colour name (``str``)
               ``yellow``)
``CallState``  ``Connected``, ``connected``, ``on hold``,  :class:`CallStateWanted`
               ``held``, ``ringing``, ``RingBack`` ...
``Hook``       ``off hook``, ``on hook``                   ``"up"`` or ``"down"``
``Phones``     ``alice and bob``, ``alice, bob and carol``  ``list[PhoneRef]``
=============  ==========================================  =========================================

``cfparse`` phrases may also use cardinality: ``{labels:Text+}`` takes ``"Hold", "End Call"``
(a comma-separated list). ``Phones`` takes ``alice and bob`` or ``alice, bob and carol``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = [
    "TYPES",
    "CallStateWanted",
    "LedLook",
    "PhoneRef",
    "TypeInfo",
    "describe_type",
    "example_of",
]

F = TypeVar("F", bound=Callable[[str], Any])


def with_pattern(regex: str, regex_group_count: int = 0) -> Callable[[F], F]:
    """Give a converter the regular expression ``parse`` matches its field with (as
    ``parse.with_pattern`` does, typed). ``regex`` must use only non-capturing groups, unless
    ``regex_group_count`` says how many it has."""

    def mark(func: F) -> F:
        setattr(func, "pattern", regex)  # noqa: B010 - the attribute parse reads
        setattr(func, "regex_group_count", regex_group_count)  # noqa: B010
        return func

    return mark


_COLOURS = r"green|red|amber|orange|yellow"
_ROLE = r"[A-Za-z][A-Za-z0-9_]*"
_EXTENSION = r"\d{2,}"


@dataclass(frozen=True)
class PhoneRef:
    """A phone as a scenario names it: a role (``alice``) or an extension (``1002``).

    Roles are the scenario's own names, bound to leased lab phones by the ``phones`` fixture; an
    extension means the leased phone whose line 1 has that number.
    """

    text: str

    @property
    def is_extension(self) -> bool:
        """True when the scenario named the phone by its extension."""
        return self.text.isdigit()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class LedLook:
    """What an LED shows: ``colour`` and ``state`` as friendly words (either may be None: not checked).

    ``state`` uses the words of :func:`vvxauto.expect.led_state_matches`: ``off``, ``flashing``,
    ``slow flashing``, ``fast flashing``, ``on`` (any steady light).
    """

    colour: str | None
    state: str | None

    def __str__(self) -> str:
        return " ".join(p for p in (self.state, self.colour) if p) or "(any)"


@dataclass(frozen=True)
class CallStateWanted:
    """A call state as a scenario says it.

    ``states``: the callStatus states that satisfy it (``("Connected",)``); ``held`` is True for
    "on hold" (the holding phone shows ``Hold``, the other ``CallHold`` or ``Hold``).
    """

    words: str
    states: tuple[str, ...]
    held: bool = False

    def __str__(self) -> str:
        return self.words


@dataclass(frozen=True)
class TypeInfo:
    """Catalogue text of a parameter type: what it matches and an example value."""

    name: str
    description: str
    example: str


@with_pattern(rf"{_ROLE}|{_EXTENSION}")
def _phone(text: str) -> PhoneRef:
    return PhoneRef(text if text.isdigit() else text.lower())


@with_pattern(r'"[^"]*"')
def _text(text: str) -> str:
    return text[1:-1]


@with_pattern(r"-?\d+")
def _number(text: str) -> int:
    return int(text)


@with_pattern(r"(?:[Ll]ine ?\d{1,2}|MWI|mwi|[Mm]essage [Ww]aiting|[Mm]ute|[Ss]peaker|[Hh]eadset)")
def _led(text: str) -> str:
    word = text.strip()
    match = re.fullmatch(r"[Ll]ine ?(\d{1,2})", word)
    if match:
        return f"Line{int(match.group(1))}"
    lower = word.lower()
    if lower in ("mwi", "message waiting"):
        return "MWI"
    return lower.capitalize()


_LED_LOOK = (
    rf"(?:off|(?:(?:fast|quickly|slow|slowly) )?(?:flashing|blinking)(?: (?:{_COLOURS}))?"
    rf"|(?:steady|on|lit|solid)(?: (?:{_COLOURS}))?|(?:{_COLOURS}))"
)


@with_pattern(_LED_LOOK)
def _led_look(text: str) -> LedLook:
    words = text.lower().split()
    colour = words[-1] if words and re.fullmatch(_COLOURS, words[-1]) else None
    rest = words[:-1] if colour else words
    if not rest:
        return LedLook(colour, None)
    if rest == ["off"]:
        return LedLook(None, "off")
    if rest[-1] in ("flashing", "blinking"):
        speed = {"quickly": "fast", "fast": "fast", "slowly": "slow", "slow": "slow"}.get(rest[0], "")
        return LedLook(colour, f"{speed} flashing".strip())
    return LedLook(colour, "on")


@with_pattern(_COLOURS)
def _colour(text: str) -> str:
    return text.lower()


_CALL_STATES: dict[str, tuple[tuple[str, ...], bool]] = {
    "connected": (("Connected",), False),
    "on hold": (("Hold",), True),
    "held": (("Hold",), True),
    "ringing": (("Offering", "RingBack"), False),
    "ringback": (("RingBack",), False),
    "offering": (("Offering",), False),
    "dialtone": (("Dialtone",), False),
    "dial tone": (("Dialtone",), False),
    "proceeding": (("Proceeding", "Setup"), False),
    "setup": (("Setup",), False),
    "disconnected": (("Disconnected",), False),
    "held by the far end": (("CallHold",), False),
}


_CALL_STATE_PATTERN = "|".join(sorted((re.escape(k) for k in _CALL_STATES), key=len, reverse=True))


@with_pattern(_CALL_STATE_PATTERN, regex_group_count=0)
def _call_state(text: str) -> CallStateWanted:
    states, held = _CALL_STATES[text.lower()]
    return CallStateWanted(text, states, held)


@with_pattern(r"(?:off|on)[ -]hook")
def _hook(text: str) -> str:
    return "up" if text.lower().startswith("off") else "down"


_ONE = rf"(?:{_ROLE}|{_EXTENSION})"


@with_pattern(rf"{_ONE}(?:(?:, | and |, and ){_ONE})+")
def _phones(text: str) -> list[PhoneRef]:
    return [_phone(part) for part in re.split(r", and |, | and ", text)]


_Converter = Callable[[str], Any]

TYPES: dict[str, _Converter] = {
    "Phone": _phone,
    "Text": _text,
    "Number": _number,
    "Led": _led,
    "LedLook": _led_look,
    "Colour": _colour,
    "CallState": _call_state,
    "Hook": _hook,
    "Phones": _phones,
}
"""The ``extra_types`` of every step parser."""

_INFO: dict[str, TypeInfo] = {
    "Phone": TypeInfo("Phone", "a role (alice, bob ...) or an extension (1002)", "alice"),
    "Text": TypeInfo("Text", "text in double quotes", '"Hold"'),
    "Number": TypeInfo("Number", "a whole number", "1"),
    "Led": TypeInfo("Led", "Line 1 .. Line 16, MWI (message waiting), Mute, Speaker, Headset", "Line 1"),
    "LedLook": TypeInfo(
        "LedLook", "off; [slowly|fast] flashing [colour]; steady|on [colour]; a colour alone",
        "flashing green",
    ),
    "Colour": TypeInfo("Colour", "green, red, amber (orange, yellow)", "green"),
    "CallState": TypeInfo("CallState", ", ".join(sorted(_CALL_STATES)), "Connected"),
    "Hook": TypeInfo("Hook", "off hook, on hook", "off hook"),
    "Phones": TypeInfo("Phones", "two or more phones: alice and bob; alice, bob and carol", "alice and bob"),
}

_EXAMPLES_BY_FIELD = {
    "caller": "alice",
    "callee": "bob",
    "target": "carol",
    "other": "bob",
    "role": "alice",
    "label": '"Hold"',
    "key": '"Menu"',
    "text": '"Front Desk"',
    "name": '"reg.1.label"',
    "value": '"Front Desk"',
    "number": '"5551000"',
    "digits": '"123"',
    "model": '"VVX 411"',
    "screen": '"Home"',
    "code": '"4007"',
    "item": '"Settings"',
    "path": '"Settings > Basic > Preferences"',
    "state": '"RingBack"',
    "labels": '"Hold", "End Call"',
    "source": '"WEB"',
    "version": '"6.1"',
    "holder": "alice",
}


def describe_type(name: str) -> TypeInfo:
    """The catalogue entry of type ``name`` (also for cardinality forms such as ``Text+``)."""
    base = name.rstrip("+*?")
    info = _INFO.get(base)
    if info is None:
        return TypeInfo(name, "as the parser reads it", name)
    if name.endswith(("+", "*")):
        examples = {"Text": '"Hold", "End Call"', "Phone": "alice, bob"}
        return TypeInfo(name, f"a comma-separated list of: {info.description}",
                        examples.get(base, f"{info.example}, {info.example}"))
    return info


def example_of(field: str, type_name: str) -> str:
    """A plausible value of field ``field`` of type ``type_name``, for examples and suggestions."""
    base = type_name.rstrip("+*?")
    if base in ("Phone", "Text", "Phones") and field in _EXAMPLES_BY_FIELD:
        value = _EXAMPLES_BY_FIELD[field]
        if (base == "Text") == value.startswith('"'):
            return value
    return describe_type(type_name).example
