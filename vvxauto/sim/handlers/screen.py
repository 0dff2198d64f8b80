"""Screen commands: uixml, simulateKeyEvent, simulateTouch, simulateTextInput and captureScreen.

Input rules (the manual's, plus what real phones are reported to do):

- A model without a screen (SoundStructure VoIP Interface) answers Status 4004 to every UI
  command; its ``captureScreen`` paths answer HTTP 404 (there is no screen to capture).
- ``simulateKeyEvent``: ``Type`` must be "Tap" (surrounding spaces and case ignored, as the
  manual prints "Tap "); ``KeyName`` must be a key of the model (the manual's ``VoIUp``/``VoIDown``
  are accepted for ``VolUp``/``VolDown``); otherwise 4000.
- ``simulateTouch``: non-touch models answer 4004. ``Type`` is Tap, Press, Release or Swipe
  (else 4000). Tap/Press/Release take exactly one position, Swipe two to five: no positions, or
  too few, is 4000; too many is 4009. X and Y are whole numbers given as numbers or strings, inside
  the screen (0 <= X < width, 0 <= Y < height), else 4000. ``Duration`` (milliseconds) and
  ``Easing`` (0-40) are optional; when given they must be numbers in range, else 4000.
- ``simulateTextInput``: ``Value`` must be a string; ``ReplaceText`` is optional, "true"/"false"
  (strings or booleans), else 4000; with no focused text field, 4000.
- ``captureScreen/mainScreen``: a BMP (``image/bmp``) unless ``up.screenCapture.enabled`` and
  ``up.screenCapture.value`` are not both "1" (HTTP 404). ``captureScreen/em/{n}``: HTTP 404, the
  simulated phones have no expansion modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vvxauto.sim.handlers._util import command, data_object, field
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

__all__ = ["parse_positions"]

TOUCH_TYPES = ("Tap", "Press", "Release", "Swipe")
MAX_SWIPE_POSITIONS = 5


def _need_screen(phone: SimPhone) -> None:
    if not phone.layout.has_screen:
        raise PhoneStatus("4004", detail=f"{phone.layout.model} has no screen")


def _whole(value: Any, what: str) -> int:
    """A whole number given as an int or a string of digits (floats with no fraction too)."""
    if isinstance(value, bool):
        raise PhoneStatus("4000", detail=f"{what} must be a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            raise PhoneStatus("4000", detail=f"{what} must be a number, got {value!r}") from None
        if number.is_integer():
            return int(number)
    raise PhoneStatus("4000", detail=f"{what} must be a whole number, got {value!r}")


def parse_positions(kind: str, raw: Any, width: int, height: int) -> list[tuple[int, int]]:
    """Check ``Positions`` against the manual's rules; returns ``[(x, y), ...]``."""
    if not isinstance(raw, list) or not raw:
        raise PhoneStatus("4000", detail="Positions must be a non-empty list")
    low, high = (2, MAX_SWIPE_POSITIONS) if kind == "Swipe" else (1, 1)
    if len(raw) > high:
        raise PhoneStatus("4009", detail=f"{kind} takes at most {high} position(s), got {len(raw)}")
    if len(raw) < low:
        raise PhoneStatus("4000", detail=f"{kind} takes at least {low} positions, got {len(raw)}")
    points: list[tuple[int, int]] = []
    for item in raw:
        if not isinstance(item, dict) or field(item, "X") is None or field(item, "Y") is None:
            raise PhoneStatus("4000", detail='each position needs "X" and "Y"')
        x, y = _whole(field(item, "X"), "X"), _whole(field(item, "Y"), "Y")
        if not (0 <= x < width and 0 <= y < height):
            raise PhoneStatus("4000", detail=f"({x}, {y}) is outside the {width}x{height} screen")
        points.append((x, y))
    return points


@command("GET", "/api/v1/mgmt/uixml", name="Management.Uixml")
def uixml(phone: SimPhone, request: SimRequest) -> Reply:
    """The screen as uixml (``data`` is the XML text)."""
    _need_screen(phone)
    return ok(phone.ui.uixml())


@command("POST", "/api/v1/mgmt/simulateKeyEvent", name="Management.SimulateKeyEvent")
def simulate_key_event(phone: SimPhone, request: SimRequest) -> Reply:
    """Press one key of the phone."""
    _need_screen(phone)
    data = data_object(request, required=True)
    kind, key = field(data, "Type"), field(data, "KeyName")
    if not isinstance(kind, str) or kind.strip().lower() != "tap":
        raise PhoneStatus("4000", detail='Type must be "Tap"')
    if not isinstance(key, str) or not phone.layout.has_key(key.strip()):
        raise PhoneStatus("4000", detail=f"{key!r} is no key of {phone.layout.model}")
    phone.ui.press_key(key.strip())
    return ok()


@command("POST", "/api/v1/mgmt/simulateTouch", name="Management.SimulateTouch")
def simulate_touch(phone: SimPhone, request: SimRequest) -> Reply:
    """Touch the screen at one position (Tap/Press/Release) or along 2-5 positions (Swipe)."""
    _need_screen(phone)
    if not phone.layout.touch:
        raise PhoneStatus("4004", detail=f"{phone.layout.model} has no touch screen")
    data = data_object(request, required=True)
    kind = field(data, "Type")
    if not isinstance(kind, str) or kind.strip().capitalize() not in TOUCH_TYPES:
        raise PhoneStatus("4000", detail=f"Type must be one of {', '.join(TOUCH_TYPES)}")
    kind = kind.strip().capitalize()
    duration, easing = field(data, "Duration"), field(data, "Easing")
    if duration not in (None, "") and _whole(duration, "Duration") < 0:
        raise PhoneStatus("4000", detail="Duration must not be negative")
    if easing not in (None, "") and not 0 <= _whole(easing, "Easing") <= 40:
        raise PhoneStatus("4000", detail="Easing must be 0-40")
    screen = phone.layout.screen
    assert screen is not None
    points = parse_positions(kind, field(data, "Positions"), screen.width, screen.height)
    phone.ui.touch(kind, points)
    return ok()


@command("POST", "/api/v1/mgmt/simulateTextInput", name="Management.SimulateTextInput")
def simulate_text_input(phone: SimPhone, request: SimRequest) -> Reply:
    """Type text into the focused text field."""
    _need_screen(phone)
    data = data_object(request, required=True)
    value = field(data, "Value")
    if not isinstance(value, str):
        raise PhoneStatus("4000", detail="Value must be a string")
    replace = field(data, "ReplaceText")
    if replace is None:
        replace = "false"
    if isinstance(replace, str) and replace.strip().lower() in ("true", "false"):
        replace_flag = replace.strip().lower() == "true"
    elif isinstance(replace, bool):
        replace_flag = replace
    else:
        raise PhoneStatus("4000", detail='ReplaceText must be "true" or "false"')
    phone.ui.text_input(value, replace=replace_flag)
    return ok()


def _not_found() -> Reply:
    return Reply(b"Not Found", status=404, content_type="text/plain")


@command("GET", "/captureScreen/mainScreen", name="Management.CaptureScreen")
def capture_main_screen(phone: SimPhone, request: SimRequest) -> Reply:
    """A BMP of the screen; 404 unless screen capture is switched on in the configuration."""
    enabled = (
        phone.config.get("up.screenCapture.enabled") == "1"
        and phone.config.get("up.screenCapture.value") == "1"
    )
    if not enabled or not phone.layout.has_screen:
        return _not_found()
    return Reply(phone.ui.screenshot(), content_type="image/bmp")


@command("GET", "/captureScreen/em/{n}", name="Management.CaptureScreenEM")
def capture_expansion_module(phone: SimPhone, request: SimRequest) -> Reply:
    """Expansion-module screens: the simulated phones have none, so always 404."""
    return _not_found()
