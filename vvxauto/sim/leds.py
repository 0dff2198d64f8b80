"""The LEDs of a simulated phone, as ``ledStatus`` reports them.

LED vocabulary (``ledStatus``): a line key is ``off`` when idle, green ``flash`` while a call is
offered on it, green ``active`` while a call on it is in use (dialtone, ringing out, connected, held
by the far end), green ``slowFlash`` when its calls are held here. ``Speaker``/``Headset`` are green
``on`` while that is the audio path; ``Mute`` is red ``on`` while muted; ``MWI`` is red ``flash``
while a call rings in or messages wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

__all__ = ["led_status"]


def led_status(phone: SimPhone) -> dict[str, Any]:
    """The ``ledStatus`` data: every line key, then the model's other LEDs."""
    """The ``ledStatus`` data: every line key, then the model's other LEDs."""
    with phone.lock:
        lines: list[dict[str, str]] = []
        for n in range(1, phone.layout.line_keys + 1):
            calls = [c for c in phone.calls if c.line == n and not c.ended]
            if any(c.phase == "Offering" for c in calls):
                state = "flash"
            elif any(c.has_audio or c.state == "CallHold" for c in calls):
                state = "active"
            elif calls:
                state = "slowFlash"
            else:
                state = "off"
            entry = {"LineNumber": str(n), "State": state}
            if state != "off":
                entry = {"LineNumber": str(n), "Color": "green", "State": state}
            lines.append(entry)
        data: dict[str, Any] = {"Lines": lines}
        mode = phone.audio_mode
        ringing = any(c.ringing for c in phone.calls if not c.ended)
        others = {
            "MWI": ("red", "flash") if ringing or phone.messages_waiting else None,
            "Mute": ("red", "on") if phone.muted else None,
            "Speaker": ("green", "on") if mode == "speaker" else None,
            "Headset": ("green", "on") if mode == "headset" else None,
        }
        for name in phone.layout.leds:
            lit = others.get(name)
            data[name] = {"Color": lit[0], "State": lit[1]} if lit else {"State": "off"}
        return data
