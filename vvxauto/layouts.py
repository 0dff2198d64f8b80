"""Device layouts: what differs between phone models, loaded from ``device_layouts/*.toml``.

Both the framework and the simulator read these files. A lab user whose phone differs from a
best guess corrects the file (or points ``VVXAUTO_LAYOUTS`` at a folder of their own files).

>>> layout = load_layout("VVX 411")
>>> layout.screen.width, layout.softkey_slots
(320, 4)
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["DeviceLayout", "ScreenLayout", "UnknownModelError", "known_models", "layout_dirs", "load_layout"]

# Aliases that name the manual's spelling of keys the phones actually call something else.
KEY_ALIASES = {"VoIUp": "VolUp", "VoIDown": "VolDown"}


class UnknownModelError(LookupError):
    """Raised when no layout file describes the requested model; the message lists the known ones."""


@dataclass(frozen=True)
class ScreenLayout:
    """The main screen of a model, in the pixel space of its screen capture."""

    width: int
    height: int
    colour: str  # "mono", "grey" or "colour"
    bits_per_pixel: int
    status_bar_height: int
    softkey_bar_height: int
    line_key_width: int


@dataclass(frozen=True)
class DeviceLayout:
    """Everything model-specific: screen, touch, line keys, softkey slots, key names and LEDs."""

    model: str
    touch: bool
    line_keys: int
    softkey_slots: int
    keys: tuple[str, ...]
    leds: tuple[str, ...]
    screen: ScreenLayout | None
    source: Path | None = field(default=None, compare=False)

    @property
    def has_screen(self) -> bool:
        """True for every VVX; False for the SoundStructure VoIP Interface."""
        return self.screen is not None

    def has_key(self, name: str) -> bool:
        """True when ``name`` (or its manual alias such as ``VoIUp``) is a key of this model."""
        return KEY_ALIASES.get(name, name) in self.keys

    def canonical_key(self, name: str) -> str:
        """Map the manual's spellings (``VoIUp``) to the real key name (``VolUp``)."""
        return KEY_ALIASES.get(name, name)

    @property
    def line_led_names(self) -> tuple[str, ...]:
        """LED names of the line keys: ``Line1`` .. ``LineN``."""
        return tuple(f"Line{i}" for i in range(1, self.line_keys + 1))


def _norm(model: str) -> str:
    return re.sub(r"[^a-z0-9]", "", model.lower())


def layout_dirs() -> list[Path]:
    """Folders searched for layout files, first match wins.

    ``VVXAUTO_LAYOUTS`` (os.pathsep-separated) comes first, then the copy shipped inside the
    wheel, then the ``device_layouts/`` folder of a source checkout.
    """
    dirs: list[Path] = []
    extra = os.environ.get("VVXAUTO_LAYOUTS")
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    here = Path(__file__).resolve().parent
    dirs.extend([here / "device_layouts", here.parent / "device_layouts"])
    return [d for d in dirs if d.is_dir()]


@cache
def _all_layouts(dirs: tuple[Path, ...]) -> dict[str, DeviceLayout]:
    found: dict[str, DeviceLayout] = {}
    for d in dirs:
        for path in sorted(d.glob("*.toml")):
            layout = _parse(path)
            found.setdefault(_norm(layout.model), layout)
    return found


def _parse(path: Path) -> DeviceLayout:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    try:
        screen_raw = raw.get("screen")
        screen = ScreenLayout(**screen_raw) if screen_raw else None
        return DeviceLayout(
            model=str(raw["model"]),
            touch=bool(raw.get("touch", False)),
            line_keys=int(raw.get("line_keys", 0)),
            softkey_slots=int(raw.get("softkey_slots", 0)),
            keys=tuple(raw.get("keys", ())),
            leds=tuple(raw.get("leds", ())),
            screen=screen,
            source=path,
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(
            f"layout file {path} is malformed: {exc}; compare it with device_layouts/vvx411.toml"
        ) from exc


def known_models() -> list[str]:
    """Model names of every layout found, in file order."""
    return [lay.model for lay in _all_layouts(tuple(layout_dirs())).values()]


def load_layout(model: str) -> DeviceLayout:
    """Return the layout of ``model`` ("VVX 411", "vvx411" and "VVX411" are the same).

    Raises :class:`UnknownModelError` naming the known models when there is no such file.
    """
    layouts = _all_layouts(tuple(layout_dirs()))
    try:
        return layouts[_norm(model)]
    except KeyError:
        known = ", ".join(lay.model for lay in layouts.values())
        raise UnknownModelError(
            f"no device layout for model {model!r}; known models: {known}. "
            "Add a TOML file to device_layouts/ (or a folder named in VVXAUTO_LAYOUTS)."
        ) from None
