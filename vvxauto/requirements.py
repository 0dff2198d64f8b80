"""What a test asks of its phones, and the lab phones it is matched against.

- :class:`Requirements`: read from the markers ``vvx_phones``, ``vvx_model``, ``vvx_touch``,
  ``vvx_colour``, ``vvx_line_keys`` and the Gherkin tags ``@touch``, ``@non_touch``, ``@colour``,
  ``@phones_N``, ``@line_keys_N``, ``@model_<model without spaces>``; the help text of those tags
  (:data:`FIXED_TAGS`, :func:`dynamic_tag_help`).
- :class:`Slot`: one lab phone as the lab's catalogue knows it (role, model, extension), and
  :func:`fits`, whether a slot meets a test's requirements.
- :func:`model_key` (models compared without case or spaces) and :func:`roles_named` (how many
  phones a scenario's steps will likely ask for).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from vvxauto.layouts import DeviceLayout, load_layout

__all__ = [
    "FIXED_TAGS",
    "Requirements",
    "Slot",
    "dynamic_tag_help",
    "fits",
    "model_key",
    "roles_named",
]

#: Gherkin tags with a fixed spelling that ask for phone capabilities, with their help text.
FIXED_TAGS = {
    "touch": "every phone of the test has a touch screen (Gherkin tag; same as vvx_touch)",
    "non_touch": "no phone of the test has a touch screen (Gherkin tag; same as vvx_touch(False))",
    "colour": "every phone of the test has a colour screen (Gherkin tag; same as vvx_colour)",
}

_PHONES_TAG = re.compile(r"phones_(\d+)$")
_LINE_KEYS_TAG = re.compile(r"line_keys_(\d+)$")
_MODEL_TAG = re.compile(r"model_([A-Za-z0-9_]+)$")


def model_key(model: str) -> str:
    """A model spelled for comparison: lower case, letters and digits only (``VVX 501`` -> ``vvx501``)."""
    return re.sub(r"[^a-z0-9]", "", model.lower())


def dynamic_tag_help(tag: str) -> str | None:
    """The marker help for a requirement tag with a number or model in it, None for other tags."""
    if _PHONES_TAG.match(tag):
        return "the test needs this many phones (Gherkin tag; same as vvx_phones(N))"
    if _LINE_KEYS_TAG.match(tag):
        return "every phone of the test has at least N line keys (Gherkin tag; same as vvx_line_keys(N))"
    if _MODEL_TAG.match(tag):
        return "every phone of the test is this model, spelled without spaces (Gherkin tag; like vvx_model)"
    return None


def _as_bool(args: tuple[Any, ...], default: bool = True) -> bool:
    return bool(args[0]) if args else default


@dataclass(frozen=True)
class Slot:
    """One lab phone as the catalogue knows it: inventory role, model, extension (None if unknown)."""

    role: str
    model: str
    extension: str | None = None

    @property
    def layout(self) -> DeviceLayout:
        """The model's :class:`~vvxauto.layouts.DeviceLayout`."""
        return load_layout(self.model)

    def describe(self) -> str:
        """``alice (VVX 411)``."""
        return f"{self.role} ({self.model})"


@dataclass(frozen=True)
class Requirements:
    """What every phone of a test must be. None / empty: no constraint.

    ``count``: how many phones the test needs; ``models``: any of these (compared with
    :func:`model_key`); ``touch``/``colour``: the screen must (True) or must not (False) be one;
    ``min_line_keys``: at least this many line keys.
    """

    count: int | None = None
    models: tuple[str, ...] = ()
    touch: bool | None = None
    colour: bool | None = None
    min_line_keys: int | None = None

    @classmethod
    def from_markers(cls, markers: Iterable[Any]) -> Requirements:
        """Read ``vvx_*`` markers and requirement tags (closest marker first, as pytest gives them).

        Raises ``ValueError`` for contradicting ones (``@touch`` with ``@non_touch``) or bad arguments.
        """
        count: int | None = None
        models: list[str] = []
        touch: set[bool] = set()
        colour: set[bool] = set()
        line_keys: int | None = None
        for mark in markers:
            name = mark.name
            if name == "vvx_phones":
                if count is None:
                    count = _positive(name, mark.args[0] if mark.args else mark.kwargs.get("n"))
            elif name == "vvx_model":
                models.extend(str(m) for m in mark.args)
            elif name == "vvx_touch":
                touch.add(_as_bool(mark.args))
            elif name == "touch":
                touch.add(True)
            elif name == "non_touch":
                touch.add(False)
            elif name in ("vvx_colour", "colour"):
                colour.add(_as_bool(mark.args))
            elif name == "vvx_line_keys":
                wanted = _positive(name, mark.args[0] if mark.args else mark.kwargs.get("n"))
                line_keys = max(line_keys or 0, wanted)
            elif m := _PHONES_TAG.match(name):
                count = count if count is not None else _positive(name, int(m.group(1)))
            elif m := _LINE_KEYS_TAG.match(name):
                line_keys = max(line_keys or 0, _positive(name, int(m.group(1))))
            elif m := _MODEL_TAG.match(name):
                models.append(m.group(1))
        for what, values in (("touch", touch), ("colour", colour)):
            if len(values) > 1:
                raise ValueError(f"contradicting requirements: the test asks for {what} and for not {what}")
        return cls(count=count, models=tuple(dict.fromkeys(models)),
                   touch=next(iter(touch)) if touch else None,
                   colour=next(iter(colour)) if colour else None, min_line_keys=line_keys)

    def matches(self, layout: DeviceLayout) -> bool:
        """True when a phone of this layout meets every constraint (the count aside)."""
        if self.models and model_key(layout.model) not in {model_key(m) for m in self.models}:
            return False
        if self.touch is not None and bool(layout.touch) != self.touch:
            return False
        if self.colour is not None:
            is_colour = layout.screen is not None and layout.screen.colour == "colour"
            if is_colour != self.colour:
                return False
        return not (self.min_line_keys is not None and layout.line_keys < self.min_line_keys)

    def describe(self, *, with_count: bool = True) -> str:
        """Plain words: ``3 phones, model VVX 501 or VVX 601, touch screen, >= 6 line keys``."""
        parts = []
        if with_count and self.count:
            parts.append(f"{self.count} phone{'s' if self.count != 1 else ''}")
        if self.models:
            parts.append("model " + " or ".join(self.models))
        if self.touch is not None:
            parts.append("touch screen" if self.touch else "no touch screen")
        if self.colour is not None:
            parts.append("colour screen" if self.colour else "no colour screen")
        if self.min_line_keys:
            parts.append(f">= {self.min_line_keys} line keys")
        return ", ".join(parts) or "any phone"


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} needs a whole number >= 1, got {value!r}")
    return value


def roles_named(texts: Iterable[str], names: Iterable[str]) -> int:
    """How many of ``names`` (role names, case ignored) appear as words in ``texts`` (a scenario's
    steps): how many phones the scenario will likely ask for."""
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z][A-Za-z0-9_-]*", text)}
    return len({n.lower() for n in names} & words)



def fits(slot: Slot, requirements: Sequence[Requirements]) -> bool:
    """True when ``slot``'s phone meets every one of ``requirements`` (their counts aside)."""
    layout = slot.layout
    return all(r.matches(layout) for r in requirements)
