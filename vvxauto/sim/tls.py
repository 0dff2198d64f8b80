"""Self-signed certificates for simulated phones, like the ones real VVX phones issue themselves.

A real phone serves HTTPS with a certificate it made for itself, named after its MAC address. The
simulator does the same: one certificate per phone, subject CN = the phone's MAC, subject
alternative names = its IP address(es) and ``localhost``. The certificate is marked ``CA:true`` so
that it can be its own trust anchor: a client passes the PEM (or the lab's bundle of every phone's
PEM) as ``verify=``/``ca_bundle``, or pins the SHA-256 fingerprint that :func:`fingerprint` gives.

Keys are EC P-256 (fast to make); they are cached per MAC address within a process, so restarting a
lab in the same test session reuses them.
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = [
    "PhoneCertificate",
    "fingerprint",
    "format_fingerprint",
    "make_certificate",
    "server_context",
    "write_bundle",
]

_VALIDITY = datetime.timedelta(days=3650)


@dataclass(frozen=True)
class PhoneCertificate:
    """A phone's certificate and key on disk.

    ``fingerprint`` is ``"sha256:AB:CD:..."`` (upper-case hex with colons) of the DER certificate,
    the form the lab inventory uses for pinning.
    """

    cert_path: Path
    key_path: Path
    cert_pem: bytes
    fingerprint: str


@functools.lru_cache(maxsize=256)
def _key_for(mac: str) -> ec.EllipticCurvePrivateKey:
    # One key per MAC per process: a restarted lab keeps its phones' keys, as real phones do.
    return ec.generate_private_key(ec.SECP256R1())


def format_fingerprint(digest: bytes) -> str:
    """``b"\\xab\\xcd"`` -> ``"sha256:AB:CD"``."""
    return "sha256:" + ":".join(f"{b:02X}" for b in digest)


def fingerprint(cert_der_or_pem: bytes) -> str:
    """The ``sha256:AB:CD:...`` fingerprint of a certificate given as DER or PEM bytes."""
    if cert_der_or_pem.lstrip().startswith(b"-----BEGIN"):
        cert = x509.load_pem_x509_certificate(cert_der_or_pem)
    else:
        cert = x509.load_der_x509_certificate(cert_der_or_pem)
    return format_fingerprint(cert.fingerprint(hashes.SHA256()))


def make_certificate(
    mac: str,
    ips: Iterable[str],
    directory: str | Path,
    *,
    name: str | None = None,
) -> PhoneCertificate:
    """Make (or remake) a phone's self-signed certificate and write ``<name>.crt``/``<name>.key``.

    ``mac`` becomes the subject CN; ``ips`` and ``localhost`` the subject alternative names.
    ``name`` defaults to the MAC without separators. The key file is written owner-readable only.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stem = name or mac.replace(":", "").replace("-", "").lower()
    key = _key_for(mac)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, mac),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Polycom (vvxauto simulator)"),
        ]
    )
    addresses: list[x509.GeneralName] = []
    seen: set[str] = set()
    for ip in ips:
        if ip not in seen:
            seen.add(ip)
            addresses.append(x509.IPAddress(ipaddress.ip_address(ip)))
    addresses.append(x509.DNSName("localhost"))
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(addresses), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
    )
    cert = builder.sign(key, hashes.SHA256())
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cert_path = directory / f"{stem}.crt"
    key_path = directory / f"{stem}.key"
    cert_path.write_bytes(cert_pem)
    key_path.touch(mode=0o600, exist_ok=True)
    key_path.chmod(0o600)
    key_path.write_bytes(key_pem)
    return PhoneCertificate(
        cert_path=cert_path,
        key_path=key_path,
        cert_pem=cert_pem,
        fingerprint=format_fingerprint(cert.fingerprint(hashes.SHA256())),
    )


def server_context(cert: PhoneCertificate) -> ssl.SSLContext:
    """A server-side TLS context (TLS 1.2+) serving ``cert``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(cert.cert_path), str(cert.key_path))
    return context


def write_bundle(certs: Iterable[PhoneCertificate], path: str | Path) -> Path:
    """Write every certificate's PEM into one CA bundle file and return its path."""
    path = Path(path)
    path.write_bytes(b"".join(c.cert_pem for c in certs))
    return path
