"""Wire-only contract tests: every REST command over real HTTP with plain ``requests``.

By default the phones come from a simulated lab (``vvxauto.sim.SimLab``, three phones of different
models). Point ``VVXAUTO_CONTRACT_INVENTORY`` at a lab inventory (TOML, ``[phones.<role>]`` tables
as ``vvxauto sim --inventory`` writes them; ``password_env`` names an environment variable) to run
the same tests against real phones; tests that need simulator knobs are then skipped, and tests
that restart or reset a phone run only with ``VVXAUTO_CONTRACT_DESTRUCTIVE=1``.
``VVXAUTO_CONTRACT_SCHEME=https`` runs the simulated lab over TLS (verified against its CA bundle).

Before every test each phone is brought back to idle over the wire (calls ended, handset down).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vvxauto.sim import SimLab

from .wire import ContractLab, WirePhone, from_inventory, make_session, wait_for

INVENTORY_ENV = "VVXAUTO_CONTRACT_INVENTORY"
DESTRUCTIVE_ENV = "VVXAUTO_CONTRACT_DESTRUCTIVE"
SCHEME_ENV = "VVXAUTO_CONTRACT_SCHEME"  # "https" runs the simulated lab over TLS


@pytest.fixture(scope="session")
def contract_lab() -> Iterator[ContractLab]:
    """The phones under test: a 3-phone simulated lab, or the inventory in VVXAUTO_CONTRACT_INVENTORY."""
    inventory = os.environ.get(INVENTORY_ENV)
    if inventory:
        yield ContractLab(from_inventory(Path(inventory)), None)
        return
    scheme = os.environ.get(SCHEME_ENV, "http")
    with SimLab(phones=3, models=["VVX 411", "VVX 601", "VVX 201"], scheme=scheme) as lab:
        verify: Any = str(lab.ca_bundle_path) if lab.ca_bundle_path is not None else True
        phones = [
            WirePhone(
                ep.role, ep.base_url, ep.extension, ep.model, make_session(ep.username, ep.password, verify)
            )
            for ep in lab.endpoints
        ]
        yield ContractLab(phones, lab)
        lab.check_errors()  # a handler or timer that raised fails the session


def _to_idle(phone: WirePhone) -> None:
    for _ in range(6):
        calls = phone.calls()
        if not calls:
            break
        for call in calls:
            ref = {"Ref": call["CallHandle"]}
            if call["CallState"] == "Offering":
                phone.post("/api/v1/callctrl/rejectCall", ref)
            elif call["CallState"] == "Hold":
                phone.post("/api/v1/callctrl/resumeCall", ref)
                phone.post("/api/v1/callctrl/endCall", ref)
            else:
                phone.post("/api/v1/callctrl/endCall", ref)
    phone.post("/api/v1/mgmt/simulateHook", {"Type": "Down"})


@pytest.fixture
def phones(contract_lab: ContractLab) -> list[WirePhone]:
    """Every phone, idle."""
    for phone in contract_lab.phones:
        wait_for(phone.ok, 300.0 if contract_lab.real else 10.0, what=f"{phone.role} answering")
        _to_idle(phone)
    for phone in contract_lab.phones:
        wait_for(lambda p=phone: not p.calls(), what=f"{phone.role} idle")  # type: ignore[misc]
    if contract_lab.sim is not None:
        for sim_phone in contract_lab.sim.phones:
            sim_phone.exchange.set_far_end("*", None)
            sim_phone.skype_account = None
            sim_phone.skype_signed_in = False
    return contract_lab.phones


def _nth(phones: list[WirePhone], n: int) -> WirePhone:
    if len(phones) <= n:
        pytest.skip(f"needs {n + 1} phones")
    return phones[n]


@pytest.fixture
def alice(phones: list[WirePhone]) -> WirePhone:
    return _nth(phones, 0)


@pytest.fixture
def bob(phones: list[WirePhone]) -> WirePhone:
    return _nth(phones, 1)


@pytest.fixture
def carol(phones: list[WirePhone]) -> WirePhone:
    return _nth(phones, 2)


@pytest.fixture
def sim(contract_lab: ContractLab, phones: list[WirePhone]) -> SimLab:
    """The simulated lab, for tests that need its knobs (skipped against real phones)."""
    if contract_lab.sim is None:
        pytest.skip("needs the simulator's knobs")
    return contract_lab.sim


@pytest.fixture
def destructive(contract_lab: ContractLab) -> None:
    """Allow a test that restarts or resets a phone (always on the simulator)."""
    if contract_lab.real and os.environ.get(DESTRUCTIVE_ENV) != "1":
        pytest.skip(f"restarts or resets a phone: set {DESTRUCTIVE_ENV}=1 to run it on real phones")
