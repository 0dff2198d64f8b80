"""Skype for Business commands: signIn/signOut, getPresence, webSignIn/webSignInCancel.

A phone without a lab-configured :class:`~vvxauto.sim.device.SkypeAccount` behaves like one that
is not on a Skype for Business server: every command answers 4004 (Operation Not Supported).
"""

from __future__ import annotations

import hmac
import secrets
import string
from typing import TYPE_CHECKING

from vvxauto.sim.handlers._util import command, data_object, field, text_field
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone, SkypeAccount

WEB_SIGN_IN_URI = "http://aka.ms/sphone"


def _account(phone: SimPhone) -> SkypeAccount:
    if phone.skype_account is None:
        raise PhoneStatus("4004", detail="the phone is not on Skype for Business")
    return phone.skype_account


@command("POST", "/api/v1/mgmt/skype/signIn", name="Management.SkypeSignIn")
def skype_sign_in(phone: SimPhone, request: SimRequest) -> Reply:
    account = _account(phone)
    data = data_object(request, required=True)
    address = text_field(data, "Address", required=True)
    user = text_field(data, "User", required=True)
    password = field(data, "Password")
    domain = field(data, "Domain")
    if not isinstance(password, str) or not password or not isinstance(domain, str):
        raise PhoneStatus("4000", detail="Password and Domain are mandatory")
    if phone.skype_signed_in:
        raise PhoneStatus("4003", detail="already signed in")
    good = (
        user == account.user
        and hmac.compare_digest(password.encode(), account.password.encode())
        and domain.strip().lower() == account.domain.lower()
        and (not account.address or address == account.address)
    )
    if not good:
        raise PhoneStatus("4003", detail="sign-in refused")
    phone.skype_signed_in = True
    phone.web_sign_in_code = None
    phone.call_changed(None)
    return ok()


@command("POST", "/api/v1/mgmt/skype/signOut", name="Management.SkypeSignOut")
def skype_sign_out(phone: SimPhone, request: SimRequest) -> Reply:
    _account(phone)
    if not phone.skype_signed_in:
        raise PhoneStatus("4003", detail="not signed in")
    phone.skype_signed_in = False
    phone.call_changed(None)
    return ok()


@command("GET", "/api/v1/mgmt/getPresence", name="WebCallControl.GetCurrentPresence")
def get_presence(phone: SimPhone, request: SimRequest) -> Reply:
    account = _account(phone)
    if not phone.skype_signed_in:
        raise PhoneStatus("4003", detail="not signed in")
    presence = "Busy" if phone.live_calls() else account.presence
    return ok(Presence=presence)


@command("GET", "/api/v1/mgmt/webSignIn", name="Management.WebSignIn")
def web_sign_in(phone: SimPhone, request: SimRequest) -> Reply:
    _account(phone)
    if phone.skype_signed_in:
        raise PhoneStatus("4003", detail="already signed in")
    alphabet = string.ascii_lowercase + string.digits
    phone.web_sign_in_code = "".join(secrets.choice(alphabet) for _ in range(9))
    return ok({"Uri": WEB_SIGN_IN_URI, "Code": phone.web_sign_in_code})


@command("GET", "/api/v1/mgmt/webSignInCancel", name="Management.WebSignInCancel")
def web_sign_in_cancel(phone: SimPhone, request: SimRequest) -> Reply:
    _account(phone)
    if phone.web_sign_in_code is None:
        raise PhoneStatus("4003", detail="no web sign-in to cancel")
    phone.web_sign_in_code = None
    return ok({"result": "Canceled"})
