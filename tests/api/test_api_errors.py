"""The exception tree: mapping from answers to classes, messages with hints, builtin mixins."""

from __future__ import annotations

import pickle

import pytest

from vvxauto import errors as e


@pytest.mark.parametrize(
    ("http", "code", "cls"),
    [
        (200, "4000", e.InvalidInputError),
        (200, "4400", e.InvalidInputError),
        (200, "4001", e.DeviceBusyError),
        (403, "4403", e.DeviceBusyError),
        (403, None, e.DeviceBusyError),
        (200, "4002", e.LineNotRegisteredError),
        (200, "4003", e.NotAllowedError),
        (200, "4004", e.NotSupportedError),
        (200, "4005", e.LineNotFoundError),
        (200, "4006", e.UrlsNotConfiguredError),
        (200, "4007", e.CallNotFoundError),
        (200, "4008", e.ExportFailedError),
        (200, "4009", e.InputTooLargeError),
        (413, None, e.InputTooLargeError),
        (200, "4010", e.DefaultPasswordError),
        (200, "4011", e.ContactNotFoundError),
        (200, "5000", e.PhoneInternalError),
        (200, "5500", e.PhoneInternalError),
        (500, "5500", e.PhoneInternalError),
        (401, None, e.AuthenticationError),
        (404, None, e.RestDisabledError),
        (400, "4400", e.ContentTypeError),
        (200, "4999", e.PhoneStatusError),
        (405, None, e.UnexpectedResponseError),
    ],
)
def test_answers_map_to_one_class_per_family(http: int, code: str | None, cls: type[e.VvxError]) -> None:
    assert e.error_class_for(http, code) is cls


def test_success_maps_to_nothing() -> None:
    assert e.error_class_for(200, "2000") is None
    assert e.error_class_for(200, None) is None


def test_404_on_screen_capture_is_not_rest_disabled() -> None:
    assert e.error_class_for(404, None, "/captureScreen/mainScreen") is e.ScreenCaptureDisabledError
    assert e.error_class_for(404, None, "/api/v1/mgmt/uixml") is e.RestDisabledError


def test_errors_mix_in_builtins_so_callers_may_catch_either() -> None:
    assert issubclass(e.InvalidInputError, ValueError)
    assert issubclass(e.CallNotFoundError, LookupError)
    assert issubclass(e.PhoneUnreachableError, ConnectionError)
    assert issubclass(e.PhoneTimeoutError, TimeoutError)
    assert issubclass(e.TLSError, e.TransportError)
    assert issubclass(e.UnexpectedResponseError, e.TransportError)
    for cls in (e.DefaultPasswordError, e.AuthenticationError, e.RestDisabledError, e.PhoneTimeoutError):
        assert issubclass(cls, e.VvxError)


def test_str_names_phone_command_statuses_and_hint() -> None:
    err = e.LineNotRegisteredError(
        "the phone answered Status 4002",
        phone="alice",
        command="WebCallControl.Dial",
        method="POST",
        path="/api/v1/callctrl/dial",
        http_status=200,
        status_code="4002",
    )
    text = str(err)
    for part in (
        "alice",
        "WebCallControl.Dial",
        "POST /api/v1/callctrl/dial",
        "HTTP 200",
        "Status 4002 (Line not registered)",
        "Check:",
        "reg.N.address",
    ):
        assert part in text, part


def test_default_password_hint_says_to_change_456() -> None:
    assert "456" in str(e.DefaultPasswordError(phone="bob", status_code="4010"))


def test_rest_disabled_hint_names_the_parameter() -> None:
    assert "apps.restapi.enabled=1" in str(e.RestDisabledError(phone="bob", http_status=404))


def test_tls_hint_names_the_inventory_keys() -> None:
    text = str(e.TLSError("handshake failed", phone="bob"))
    assert "ca_bundle" in text and "fingerprint" in text


def test_authentication_hint_points_at_password_env() -> None:
    assert "password_env" in str(e.AuthenticationError(phone="bob", http_status=401))


def test_errors_survive_pickling_with_their_attributes() -> None:
    err = e.CallNotFoundError(
        "gone",
        phone="alice",
        command="WebCallControl.EndCall",
        status_code="4007",
        http_status=200,
        response='{"Status": "4007"}',
    )
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is e.CallNotFoundError
    assert (back.phone, back.status_code, back.http_status, back.response) == (
        "alice",
        "4007",
        200,
        '{"Status": "4007"}',
    )
    assert str(back) == str(err)


def test_custom_hint_replaces_the_default() -> None:
    assert e.VvxError("x", hint="look here").hint == "look here"
    assert e.PhoneTimeoutError("x").hint == e.PhoneTimeoutError.default_hint
