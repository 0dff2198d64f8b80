"""Placeholder until SCREEN writes the screen actions mixin (replace this whole file)."""

from __future__ import annotations


class ScreenActions:
    """Screen actions mixed into :class:`vvxauto.phone.Phone`."""
