"""The simulator's own ``/sim/...`` paths (a real phone has none): fault knobs and a state snapshot.

``GET /sim/faults`` tells the fault knobs, ``POST /sim/faults`` applies a JSON object to them (see
:mod:`vvxauto.sim.faults`); ``GET /sim/state`` is :func:`snapshot`, a debugging view of the phone and
its server without secrets. The server authenticates these requests before handing them here.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from vvxauto.sim.http11 import Request, json_answer, text_answer

if TYPE_CHECKING:
    from vvxauto.sim.server import SimServer

__all__ = ["answer_sim_path", "snapshot"]


def answer_sim_path(server: SimServer, h: Request, lower: str, body: bytes | None, oversize: bool) -> None:
    """Answer a ``/sim/...`` request (authenticated already): ``/sim/faults`` and ``/sim/state``."""
    path = lower.rstrip("/")
    if oversize:
        raise text_answer(413)
    if path == "/sim/faults":
        if h.command == "GET":
            data = server.faults.state()
        elif h.command == "POST":
            try:
                spec = json.loads((body or b"{}").decode("utf-8"))
                data = server.faults.apply(spec)
            except (UnicodeDecodeError, ValueError):
                raise json_answer(400, "4000") from None
        else:
            raise text_answer(405)
    elif path == "/sim/state":
        if h.command != "GET":
            raise text_answer(405)
        data = snapshot(server)
    else:
        raise text_answer(404)
    payload = json.dumps({"Status": "2000", "data": data}).encode("utf-8")
    h.send_answer(200, payload, "application/json")


def snapshot(server: SimServer) -> dict[str, Any]:
    """A debugging snapshot of the phone and the server (``GET /sim/state``); no secrets."""
    phone: Any = server.phone
    calls = []
    lock = getattr(phone, "lock", None)
    with lock if lock is not None else contextlib.nullcontext():
        for call in list(getattr(phone, "calls", ()) or ()):
            calls.append(
                {
                    name: _plain(getattr(call, name, None))
                    for name in ("handle", "line", "state", "direction", "remote_number", "ringing")
                }
            )
        layout = getattr(phone, "layout", None)
        info = {
            "role": getattr(phone, "role", None),
            "extension": getattr(phone, "extension", None),
            "model": getattr(layout, "model", None),
            "mac": getattr(phone, "mac", None),
            "up": phone.is_up,
            "ready": getattr(phone, "ready", None),
            "rest_enabled": phone.rest_enabled,
            "off_hook": getattr(phone, "off_hook", None),
            "audio_mode": getattr(phone, "audio_mode", None),
            "muted": getattr(phone, "muted", None),
            "version": getattr(phone, "version", None),
            "calls": calls,
        }
    info["server"] = {
        "url": server.url,
        "auth": server.auth,
        "latency_ms": server.latency_ms,
        "queue_requests": server.queue_requests,
        "requests_served": server.requests_served,
        "errors": [repr(e) for e in server.errors],
        "faults": server.faults.state(),
    }
    return info


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)
