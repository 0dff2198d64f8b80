"""HTTPS to simulated phones with self-signed certificates: pinning, CA bundles, verification off."""

from __future__ import annotations

import warnings

import pytest
import urllib3
from api_helpers import client_for

from vvxauto import errors
from vvxauto.api import InsecurePhoneWarning, VvxClient
from vvxauto.api import tls as tls_mod
from vvxauto.sim import SimLab


def test_pinned_fingerprint_is_trusted(https_lab: SimLab) -> None:
    ep = https_lab.endpoint("alice")
    assert ep.fingerprint is not None
    client = client_for(ep, fingerprint=ep.fingerprint)
    assert client.tls_mode == "pinned"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no InsecureRequestWarning: a pinned phone is verified
        assert client.call_status() == []
        assert client.device_info_v2().model


def test_fingerprint_spelling_does_not_matter(https_lab: SimLab) -> None:
    ep = https_lab.endpoint("alice")
    assert ep.fingerprint is not None
    bare = ep.fingerprint.split(":", 1)[1].replace(":", "").lower()
    assert client_for(ep, fingerprint=bare).call_status() == []


def test_wrong_fingerprint_is_refused_as_tls_error(https_lab: SimLab) -> None:
    alice, bob = https_lab.endpoint("alice"), https_lab.endpoint("bob")
    assert bob.fingerprint is not None and bob.fingerprint != alice.fingerprint
    client = client_for(alice, fingerprint=bob.fingerprint)
    with pytest.raises(errors.TLSError) as info:
        client.call_status()
    err = info.value
    assert "pinned" in str(err) and "fingerprint" in err.hint and err.phone == "alice"
    assert err.__cause__ is not None
    assert https_lab.server("alice").requests_served == 0  # nothing was sent to the impostor


def test_ca_bundle_is_trusted(https_lab: SimLab) -> None:
    ep = https_lab.endpoint("bob")
    assert ep.ca_bundle is not None
    client = client_for(ep, ca_bundle=ep.ca_bundle)
    assert client.tls_mode == "ca_bundle"
    assert client.call_status() == []


def test_another_phones_certificate_as_bundle_is_refused(https_lab: SimLab) -> None:
    alice, bob = https_lab.endpoint("alice"), https_lab.endpoint("bob")
    assert alice.cert_path is not None
    with pytest.raises(errors.TLSError):
        client_for(bob, ca_bundle=alice.cert_path).call_status()


def test_default_verification_refuses_a_self_signed_phone(https_lab: SimLab) -> None:
    ep = https_lab.endpoint("alice")
    client = VvxClient(ep.host, ep.port, password=ep.password, name="alice", timeout=3.0)
    assert client.tls_mode == "system"
    with pytest.raises(errors.TLSError, match="ca_bundle or fingerprint"):
        client.call_status()


def test_verification_off_works_warns_once_and_silences_urllib3(
    https_lab: SimLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tls_mod, "_insecure_warned", False)
    ep = https_lab.endpoint("alice")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        client = client_for(ep, verify=False)
        client_for(https_lab.endpoint("bob"), verify=False)
        assert client.call_status() == []
        assert client.call_status() == []
    kinds = [w.category for w in seen]
    assert kinds.count(InsecurePhoneWarning) == 1
    assert urllib3.exceptions.InsecureRequestWarning not in kinds


def test_https_client_to_an_http_phone_is_tls_error(sim_lab2: SimLab) -> None:
    ep = sim_lab2.endpoint("alice")
    client = VvxClient(
        ep.host,
        ep.port,
        scheme="https",
        password=ep.password,
        name="alice",
        fingerprint="ab" * 32,
        timeout=3.0,
    )
    with pytest.raises(errors.TLSError):
        client.call_status()


def test_every_command_round_trips_over_pinned_https(https_lab: SimLab) -> None:
    ep = https_lab.endpoint("alice")
    client = client_for(ep, fingerprint=ep.fingerprint)
    bob = client_for(https_lab.endpoint("bob"), fingerprint=https_lab.endpoint("bob").fingerprint)
    client.dial("1002")
    assert client.call_status() and bob.call_status()
    assert client.capture_screen()[:2] == b"BM"
    assert client.get_config(["reg.1.address"])["reg.1.address"].value == "1001"
