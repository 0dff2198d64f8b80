"""Management.SetConfig, GetConfig and ExportConfiguration."""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests

from vvxauto.sim.config import is_loopback_url, is_secret, to_config_xml
from vvxauto.sim.handlers._util import command, data_object, text_field
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

MAX_PARAMS = 20
EXPORT_TIMEOUT_S = 5.0
EXPORT_TYPES = ("ConfigFiles", "Local", "Web", "Device", "All")
MASK = "*****"


@command("POST", "/api/v1/mgmt/config/set", name="Management.SetConfig")
def set_config(phone: SimPhone, request: SimRequest) -> Reply:
    data = data_object(request, required=True)
    if phone.web_sign_in_code is not None:
        # the manual: while a Lync web ticket is being generated, setConfig answers "device busy"
        raise PhoneStatus("4001", detail="a web sign-in is in progress")
    if not data:
        raise PhoneStatus("4000", detail="at least one parameter")
    if len(data) > MAX_PARAMS:
        raise PhoneStatus("4009", detail="at most 20 parameters")
    values: dict[str, str] = {}
    for name, value in data.items():
        if not isinstance(name, str) or not name.strip():
            raise PhoneStatus("4000", detail="parameter names are strings")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise PhoneStatus("4000", detail=f"the value of {name} is a string")
        values[name.strip()] = str(value)
    phone.set_config(values)
    return ok()


@command("POST", "/api/v1/mgmt/config/get", name="Management.GetConfig")
def get_config(phone: SimPhone, request: SimRequest) -> Reply:
    body = request.body
    names = body.get("data") if isinstance(body, dict) else None
    if not isinstance(names, list) or not names:
        raise PhoneStatus("4000", detail="data is a list of parameter names")
    if len(names) > MAX_PARAMS:
        raise PhoneStatus("4009", detail="at most 20 parameters")
    if not all(isinstance(n, str) and n.strip() for n in names):
        raise PhoneStatus("4000", detail="parameter names are strings")
    out: dict[str, dict[str, str]] = {}
    for name in names:
        key = name.strip()
        found = phone.config.lookup(key)
        value, source = found if found is not None else ("", "DEFAULT")
        if is_secret(key) and value:
            value = MASK
        out[key] = {"Value": value, "Source": source}
    return ok(out)


@command("POST", "/api/v1/mgmt/config/export", name="Management.ExportConfiguration", locked=False)
def export_config(phone: SimPhone, request: SimRequest) -> Reply:
    data = data_object(request, required=True)
    url = text_field(data, "Url", "URL", required=True)
    kind = text_field(data, "ConfigType", required=True)
    assert url is not None and kind is not None
    canonical = next((t for t in EXPORT_TYPES if t.lower() == kind.lower()), None)
    if canonical is None:
        raise PhoneStatus("4000", detail="ConfigType is ConfigFiles, Local, Web, Device or All")
    if not is_loopback_url(url):
        # the simulator sends traffic to loopback only: any other host fails like an unreachable one
        raise PhoneStatus("4008", detail="export goes to loopback URLs only in the simulator")
    with phone.lock:
        values = phone.config.export(canonical)
    body = to_config_xml(values.items())
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: loopback stays loopback
    try:
        response = session.post(
            url,
            data=body,
            headers={"Content-Type": "application/xml", "X-Config-Type": canonical},
            timeout=EXPORT_TIMEOUT_S,
            allow_redirects=False,
        )
    except requests.RequestException:
        raise PhoneStatus("4008", detail="the export URL did not take the configuration") from None
    finally:
        session.close()
    if not 200 <= response.status_code < 300:
        raise PhoneStatus("4008", detail=f"the export URL answered HTTP {response.status_code}")
    return ok()
