"""Placeholder until SIM-UI writes the screen state machine (replace this whole file)."""

from __future__ import annotations

from typing import Any


class PhoneUI:
    """Screen state of one simulated phone; the device calls :meth:`on_event` on every change."""

    def __init__(self, phone: Any) -> None:
        self.phone = phone

    def on_event(self, event: str, call: Any = None) -> None:
        """Called by the device: event is "call_state", "hook", "mute", "restart" or "config"."""
