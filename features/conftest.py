"""The feature suite's own tags, registered as markers (``pytest features -m smoke``).

The requirement tags (``@touch``, ``@phones_3`` ...) are the vvxauto plugin's; the step library is
wired in by the repository's root conftest.py.
"""

from __future__ import annotations

import pytest

AREA_TAGS = {
    "smoke": "a quick check of the main call flow",
    "calls": "basic calls between two phones",
    "reject_ignore": "rejected, ignored and missed calls",
    "hold": "hold and resume",
    "transfer": "blind transfer to a third phone",
    "mute_dtmf": "microphone mute and DTMF",
    "leds": "LED states through a call's life",
    "softkeys": "softkeys and their More pages",
    "navigation": "menu navigation with the keys",
    "text": "text entry in the phone's menus",
    "touch_area": "touch on touch models",
    "hook": "handset off hook and on hook",
    "logs": "call logs",
    "config": "configuration get, set and restore",
    "info": "device and line information",
}

REQUIREMENT_TAGS = {
    "phones_3": "needs three phones",
    "model_vvx411": "runs on a VVX 411",
    "model_vvx501": "runs on a VVX 501",
}
"""Requirement tags this suite uses (the plugin acts on them; registered here too so that pytest
knows them before pytest-bdd applies them)."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the area tags of the feature files as markers."""
    for tag, text in {**AREA_TAGS, **REQUIREMENT_TAGS}.items():
        config.addinivalue_line("markers", f"{tag}: {text}")
