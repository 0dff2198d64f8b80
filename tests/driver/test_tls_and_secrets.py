"""HTTPS with the inventory's pinned fingerprint, and passwords kept out of every text we produce."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from vvxauto.errors import AuthenticationError, TLSError
from vvxauto.expect import expect
from vvxauto.lab import Lab
from vvxauto.phone import Phone
from vvxauto.wait import WaitTimeout

SECRET = "Sup3r-Secret-Admin-PW"


@pytest.fixture(scope="module")
def tls_lab() -> Iterator[Lab]:
    with Lab.simulated(phones=1, scheme="https", password=SECRET) as started:
        yield started


def test_pinned_fingerprint_reaches_the_client(tls_lab: Lab) -> None:
    spec = tls_lab.spec("alice")
    assert spec.scheme == "https" and spec.fingerprint and len(spec.fingerprint) == 64
    phone = tls_lab.phone("alice")
    assert phone.client.tls_mode == "pinned"
    assert phone.calls() == []


def test_wrong_pinned_fingerprint_is_refused(tls_lab: Lab) -> None:
    wrong = dataclasses.replace(tls_lab.spec("alice"), fingerprint="00" * 32)
    phone = Phone.from_spec(wrong)
    with pytest.raises(TLSError):
        phone.calls()
    phone.close()


def test_inventory_written_by_the_sim_drives_the_same_phone(tls_lab: Lab, tmp_path: Path) -> None:
    path = tls_lab.sim.write_inventory(tmp_path / "lab.toml")
    with Lab.from_inventory(path) as lab:
        phone = lab.phone("alice")
        assert lab.spec("alice").fingerprint == tls_lab.spec("alice").fingerprint
        assert phone.client.tls_mode == "pinned"
        assert phone.device_info().model == "VVX 411"


def test_no_password_in_reprs_transcripts_errors_or_logs(tls_lab: Lab,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    phone = tls_lab.phone("alice")
    spec = tls_lab.spec("alice")
    texts = [repr(tls_lab), repr(phone), repr(spec), str(spec), repr(phone.client)]

    values = phone.get_config("device.auth.localAdminPassword", "reg.1.label")
    assert "device.auth.localAdminPassword" in values
    phone.set_config({"reg.1.label": "Secret test"})
    phone.restore_config()
    with pytest.raises(WaitTimeout) as timeout:
        expect(phone).to_have_config("device.auth.localAdminPassword", "wrong", timeout=0.1)
    texts.append(str(timeout.value))
    with pytest.raises(WaitTimeout) as call_wait:
        expect(phone).to_be_ringing(timeout=0.05)
    texts.append(str(call_wait.value))

    bad = Phone.from_spec(dataclasses.replace(spec, password="Wrong-" + SECRET))
    with pytest.raises(AuthenticationError) as auth:
        bad.calls()
    texts += [str(auth.value), repr(auth.value), bad.client.transcript.as_text(), repr(bad)]
    bad.close()

    texts += [phone.client.transcript.as_text(), caplog.text]
    for text in texts:
        assert SECRET not in text
