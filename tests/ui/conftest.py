"""Fixtures of the screen-layer tests: hand-written uixml files, and a simulated lab for the e2e tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from vvxauto.ui import Screen, parse_uixml

if TYPE_CHECKING:
    from vvxauto.phone import Phone

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def uixml_text() -> Callable[[str], str]:
    """Read a fixture file by name (``"connected_411_page2"``)."""

    def read(name: str) -> str:
        return (FIXTURES / f"{name}.xml").read_text(encoding="utf-8")

    return read


@pytest.fixture
def load_screen(uixml_text: Callable[[str], str]) -> Callable[[str], Screen]:
    """Parse a fixture file by name into a :class:`Screen`."""

    def load(name: str) -> Screen:
        return parse_uixml(uixml_text(name))

    return load


# -- end-to-end: one simulated phone per test, driven over HTTP like a lab phone -----------------------

NON_TOUCH_320 = "VVX 411"
TOUCH_320 = "VVX 501"
TOUCH_480 = "VVX 601"
E2E_MODELS = [NON_TOUCH_320, TOUCH_320, TOUCH_480]


def _start_phone(model: str) -> Iterator[Phone]:
    from vvxauto.lab import Lab

    with Lab.simulated(phones=1, models=[model]) as lab:
        phone = lab.phone(lab.roles[0])
        phone.timeout = 5.0  # generous for a loaded CI machine; the simulator answers in milliseconds
        phone.wait_for_screen("Home")
        yield phone


@pytest.fixture(params=E2E_MODELS, ids=lambda m: m.replace(" ", ""))
def phone(request: pytest.FixtureRequest) -> Iterator[Phone]:
    """A fresh simulated phone on its Home screen, once per model (non-touch 320, touch 320, touch 480)."""
    yield from _start_phone(request.param)


@pytest.fixture(params=[TOUCH_320, TOUCH_480], ids=lambda m: m.replace(" ", ""))
def touch_phone(request: pytest.FixtureRequest) -> Iterator[Phone]:
    """A fresh simulated touch phone (320 and 480 px) on its Home screen."""
    yield from _start_phone(request.param)


@pytest.fixture
def non_touch_phone() -> Iterator[Phone]:
    """A fresh simulated VVX 411 (320 px, no touch) on its Home screen."""
    yield from _start_phone(NON_TOUCH_320)
