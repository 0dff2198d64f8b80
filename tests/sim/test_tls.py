"""HTTPS on simulated phones: self-signed per-phone certificates, bundle and fingerprint pinning."""

from __future__ import annotations

import hashlib
import socket
import ssl
from collections.abc import Callable

import pytest
import requests
from cryptography import x509
from cryptography.x509.oid import NameOID

from vvxauto.sim import SimLab
from vvxauto.sim.tls import fingerprint, make_certificate

DEVICE_INFO = "/api/v2/mgmt/device/info"


@pytest.fixture
def tls_lab(sim_lab_factory: Callable[..., SimLab]) -> SimLab:
    return sim_lab_factory(phones=2, scheme="https")


def _served_der(host: str, port: int) -> bytes:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host, port), timeout=5) as raw, context.wrap_socket(raw) as tls:
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return der


def test_https_with_the_lab_bundle_succeeds(tls_lab: SimLab) -> None:
    assert tls_lab.ca_bundle_path is not None
    for ep in tls_lab.endpoints:
        assert ep.base_url.startswith("https://127.0.0.1:")
        r = requests.get(
            ep.base_url + DEVICE_INFO,
            auth=(ep.username, ep.password),
            verify=str(tls_lab.ca_bundle_path),
            timeout=5,
        )
        assert r.status_code == 200 and r.json()["Status"] == "2000"


def test_a_phones_own_certificate_is_its_trust_anchor(tls_lab: SimLab) -> None:
    alice, bob = tls_lab.endpoints
    assert alice.cert_path is not None
    r = requests.get(
        alice.base_url + DEVICE_INFO,
        auth=(alice.username, alice.password),
        verify=str(alice.cert_path),
        timeout=5,
    )
    assert r.status_code == 200
    with pytest.raises(requests.exceptions.SSLError):  # alice's certificate does not vouch for bob
        requests.get(
            bob.base_url + DEVICE_INFO,
            auth=(bob.username, bob.password),
            verify=str(alice.cert_path),
            timeout=5,
        )


def test_default_verification_fails_on_a_self_signed_phone(tls_lab: SimLab) -> None:
    ep = tls_lab.endpoints[0]
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(ep.base_url + DEVICE_INFO, auth=(ep.username, ep.password), timeout=5)


def test_plain_http_to_an_https_phone_gets_no_answer(tls_lab: SimLab) -> None:
    ep = tls_lab.endpoints[0]
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{ep.host}:{ep.port}{DEVICE_INFO}", auth=(ep.username, ep.password), timeout=5)


def test_fingerprint_matches_the_served_certificate(tls_lab: SimLab) -> None:
    for ep in tls_lab.endpoints:
        der = _served_der(ep.host, ep.port)
        digest = hashlib.sha256(der).hexdigest().upper()
        expected = "sha256:" + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
        assert ep.fingerprint == expected
        assert fingerprint(der) == expected
        assert tls_lab.inventory()["phones"][ep.role]["fingerprint"] == expected
    assert tls_lab.endpoints[0].fingerprint != tls_lab.endpoints[1].fingerprint


def test_certificate_looks_like_a_phones(tls_lab: SimLab) -> None:
    ep = tls_lab.endpoints[0]
    cert = x509.load_der_x509_certificate(_served_der(ep.host, ep.port))
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == tls_lab.phone(ep.role).mac
    assert cert.issuer == cert.subject
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True


def test_https_on_another_loopback_address(sim_lab_factory: Callable[..., SimLab]) -> None:
    lab = sim_lab_factory(phones=1, scheme="https", host="127.0.0.2")
    ep = lab.endpoints[0]
    r = requests.get(
        ep.base_url + DEVICE_INFO, auth=(ep.username, ep.password), verify=str(ep.ca_bundle), timeout=5
    )
    assert r.status_code == 200


def test_make_certificate_writes_a_private_key_and_reuses_it(tmp_path: object) -> None:
    from pathlib import Path

    directory = Path(str(tmp_path))
    first = make_certificate("0004F2ABCDEF", ["127.0.0.9"], directory)
    again = make_certificate("0004F2ABCDEF", ["127.0.0.9"], directory / "other")
    assert first.key_path.stat().st_mode & 0o077 == 0
    assert first.key_path.read_bytes() == again.key_path.read_bytes()  # cached key per MAC
    assert first.fingerprint.startswith("sha256:") and len(first.fingerprint) == len("sha256:") + 95


def test_keep_alive_session_over_https(tls_lab: SimLab, sessions: Callable[..., requests.Session]) -> None:
    ep = tls_lab.endpoints[1]
    s = sessions(ep)
    assert s.verify == str(tls_lab.ca_bundle_path)
    for _ in range(5):
        assert s.get(ep.base_url + DEVICE_INFO, timeout=5).json()["Status"] == "2000"
    assert tls_lab.server(ep.role).requests_served == 5
