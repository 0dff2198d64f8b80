"""The lab inventory file: what a lab user writes, and the errors they get when it is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from vvxauto.lab import InventoryError, Lab, PhoneSpec, load_inventory, normalize_fingerprint

GOOD = """
[lab]
scheme = "https"
username = "Polycom"
password_env = "VVX_LAB_PASSWORD"
timeout = 7.5

[phones.alice]
host = "10.0.0.21"
port = 8443
model = "VVX 411"
extension = "1001"
fingerprint = "sha256:FINGERPRINT"

[phones.bob]
host = "10.0.0.22"
model = "vvx501"
extension = 1002
password = "bobs-secret"
scheme = "http"
verify = false
request_timeout = 2
""".replace("FINGERPRINT", ":".join(["AB", "CD", "EF", "01", "23", "45", "67", "89"] * 4))

BASE = 'host = "h"\nmodel = "VVX 411"\npassword = "p"'


def write(tmp_path: Path, text: str, name: str = "lab.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_good_inventory_gives_specs_by_role_with_lab_defaults(tmp_path: Path) -> None:
    specs = load_inventory(write(tmp_path, GOOD), env={"VVX_LAB_PASSWORD": "lab-secret"})
    assert list(specs) == ["alice", "bob"]
    alice, bob = specs["alice"], specs["bob"]
    assert (alice.host, alice.port, alice.scheme, alice.username) == ("10.0.0.21", 8443, "https", "Polycom")
    assert alice.password == "lab-secret" and alice.password_env == "VVX_LAB_PASSWORD"
    assert alice.timeout == 7.5 and alice.extension == "1001"
    assert alice.fingerprint == "abcdef0123456789" * 4
    assert alice.base_url == "https://10.0.0.21:8443"
    assert bob.password == "bobs-secret" and bob.password_env is None
    assert (bob.scheme, bob.verify, bob.request_timeout, bob.extension) == ("http", False, 2.0, "1002")


def test_lab_from_inventory_lists_roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VVX_LAB_PASSWORD", "lab-secret")
    lab = Lab.from_inventory(write(tmp_path, GOOD))
    assert lab.roles == ["alice", "bob"]
    assert not lab.is_simulated and lab.sim is None
    with pytest.raises(LookupError, match="did you mean 'alice'"):
        lab.spec("alcie")
    lab.close()


def test_missing_password_env_names_the_variable_not_a_value(tmp_path: Path) -> None:
    with pytest.raises(InventoryError) as info:
        load_inventory(write(tmp_path, GOOD), env={})
    text = str(info.value)
    assert "VVX_LAB_PASSWORD" in text and "lab.toml" in text and "'alice'" in text
    assert "bobs-secret" not in text
    assert info.value.role == "alice" and info.value.field == "password_env"


def test_unknown_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, f'[phones.alice]\n{BASE}\nfingerprnt = "ab"\n')
    with pytest.raises(InventoryError, match=r"phone 'alice'.*'fingerprnt'.*did you mean 'fingerprint'"):
        load_inventory(path)


def test_unknown_lab_key_and_table_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match=r"\[lab\].*did you mean 'username'"):
        load_inventory(write(tmp_path, f'[lab]\nusrname = "x"\n[phones.a]\n{BASE}\n'))
    with pytest.raises(InventoryError, match=r"unknown table \[phone\].*did you mean 'phones'"):
        load_inventory(write(tmp_path, '[phone.a]\nhost = "h"\n'))


@pytest.mark.parametrize(
    ("table", "field", "words"),
    [
        ('model = "VVX 411"\npassword = "p"', "host", "required"),
        ('host = "h"\npassword = "p"', "model", "required"),
        ('host = "h"\nmodel = "VVX 999"\npassword = "p"', "model", "VVX 411"),
        ('host = "h"\nmodel = "VVX 411"', "password", "password_env"),
        ('host = "h"\nmodel = "VVX 411"\npassword = "p"\nport = 70000', "port", "65535"),
        ('host = "h"\nmodel = "VVX 411"\npassword = "p"\nscheme = "ftp"', "scheme", "https"),
        ('host = "h"\nmodel = "VVX 411"\npassword = "p"\nverify = "no"', "verify", "true or false"),
        ('host = "h"\nmodel = "VVX 411"\npassword = "p"\ntimeout = -1', "timeout", "> 0"),
        ('host = "h"\nmodel = "VVX 411"\npassword = "p"\nfingerprint = "zz"', "fingerprint", "64 hex"),
        (f'{BASE}\nca_bundle = "nope.pem"', "ca_bundle", "does not exist"),
    ],
)
def test_bad_field_errors_name_file_role_and_field(tmp_path: Path, table: str, field: str,
                                                   words: str) -> None:
    with pytest.raises(InventoryError) as info:
        load_inventory(write(tmp_path, f"[phones.carol]\n{table}\n"))
    assert info.value.field == field and info.value.role == "carol"
    assert "lab.toml" in str(info.value) and words in str(info.value)
    assert "'p'" not in str(info.value)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="not valid TOML"):
        load_inventory(write(tmp_path, "[phones.alice\n"))
    with pytest.raises(InventoryError, match="file not found"):
        load_inventory(tmp_path / "absent.toml")


def test_relative_ca_bundle_is_read_from_the_inventory_folder(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    specs = load_inventory(write(tmp_path, f'[phones.a]\n{BASE}\nca_bundle = "ca.pem"\n'))
    assert specs["a"].ca_bundle == str(tmp_path / "ca.pem")


def test_spec_repr_hides_the_password() -> None:
    spec = PhoneSpec(role="alice", host="h", model="VVX 411", password="s3cr3t-pw")
    assert "s3cr3t-pw" not in repr(spec) and "alice" in repr(spec)


def test_fingerprint_spellings() -> None:
    hexes = "0A" * 32
    assert normalize_fingerprint("sha256:" + ":".join(["0A"] * 32)) == "0a" * 32
    assert normalize_fingerprint(hexes.lower()) == "0a" * 32
    with pytest.raises(ValueError):
        normalize_fingerprint("sha1:" + "0a" * 20)
