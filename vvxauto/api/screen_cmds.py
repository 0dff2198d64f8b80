"""Screen commands of :class:`~vvxauto.api.client.VvxClient`: uixml, simulated keys, touch, text and
hook, and the screen capture.

:class:`ScreenCommands` is one of the client's bases; its methods are the client's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vvxauto.api.commands import CommandBase

__all__ = ["ScreenCommands"]

_TOUCH_TYPES = ("Tap", "Press", "Release", "Swipe")
#: The manual prints VoIUp/VoIDown; phones take VolUp/VolDown.
_KEY_ALIASES = {"voiup": "VolUp", "voidown": "VolDown"}


class ScreenCommands(CommandBase):
    """The screen and input commands (a base of :class:`~vvxauto.api.client.VvxClient`)."""

    def uixml(self) -> str:
        """Management.Uixml — ``GET /api/v1/mgmt/uixml``: the XML text of the phone's screen."""
        data = self._get_data("/api/v1/mgmt/uixml", "Management.Uixml")
        return data if isinstance(data, str) else ""

    def simulate_touch(
        self,
        type: str,
        positions: Sequence[tuple[int, int]] | Sequence[Mapping[str, Any]],
        duration: int | None = None,
        easing: int | None = None,
    ) -> None:
        """Management.SimulateTouch — ``POST /api/v1/mgmt/simulateTouch``.

        ``type`` is Tap, Press, Release (one position) or Swipe (2 to 5 positions); positions are
        ``(x, y)`` pixels of the screen capture (sent as strings). ``duration`` is in
        milliseconds (the manual's unit), ``easing`` 0-40 (a Qt easing curve).
        """
        kind = next((t for t in _TOUCH_TYPES if t.lower() == type.strip().lower()), type)
        pos = []
        for p in positions:
            if isinstance(p, Mapping):
                x, y = p.get("X", p.get("x")), p.get("Y", p.get("y"))
            else:
                x, y = p[0], p[1]
            pos.append({"X": str(int(x)), "Y": str(int(y))})
        data: dict[str, Any] = {"Type": kind, "Positions": pos}
        if duration is not None:
            data["Duration"] = str(int(duration))
        if easing is not None:
            data["Easing"] = str(int(easing))
        self._post("/api/v1/mgmt/simulateTouch", "Management.SimulateTouch", data)

    def simulate_text_input(self, value: str, replace: bool | None = None) -> None:
        """Management.SimulateTextInput — ``POST /api/v1/mgmt/simulateTextInput``: type text.

        ``replace`` True replaces the field's text (sent as ``"ReplaceText": "true"``); None omits it.
        """
        data: dict[str, Any] = {"Value": value}
        if replace is not None:
            data["ReplaceText"] = "true" if replace else "false"
        self._post("/api/v1/mgmt/simulateTextInput", "Management.SimulateTextInput", data)

    def simulate_key_event(self, key: str) -> None:
        """Management.SimulateKeyEvent — ``POST /api/v1/mgmt/simulateKeyEvent``: tap one key.

        ``key`` as the manual lists them (SoftKey1, Line1, Dialpad5, Select, Handsfree, ...);
        the manual's VoIUp/VoIDown are sent as VolUp/VolDown, as phones expect.
        """
        name = _KEY_ALIASES.get(key.strip().lower(), key.strip())
        self._post(
            "/api/v1/mgmt/simulateKeyEvent", "Management.SimulateKeyEvent", {"Type": "Tap", "KeyName": name}
        )

    def simulate_hook(self, off_hook: bool) -> None:
        """Management.SimulateHook — ``POST /api/v1/mgmt/simulateHook``: ``Up`` (off hook) or ``Down``."""
        self._post(
            "/api/v1/mgmt/simulateHook", "Management.SimulateHook", {"Type": "Up" if off_hook else "Down"}
        )

    def capture_screen(self, em: int | None = None) -> bytes:
        """Screen capture — ``GET /captureScreen/mainScreen`` or ``/captureScreen/em/<n>``: a BMP image.

        Needs ``up.screenCapture.enabled=1`` and ``up.screenCapture.value=1`` on the phone
        (ScreenCaptureDisabledError otherwise).
        """
        path = "/captureScreen/mainScreen" if em is None else f"/captureScreen/em/{int(em)}"
        image: bytes = self._request("GET", path, command="Management.CaptureScreen", binary=True)
        return image
