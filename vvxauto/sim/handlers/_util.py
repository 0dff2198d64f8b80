"""Shared helpers of the REST handlers: registration under the lock, body parsing, formatting."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok, route

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

Handler = Callable[["SimPhone", SimRequest], Reply]


def command(method: str, *paths: str, name: str, locked: bool = True) -> Callable[[Handler], Handler]:
    """Register a handler for every path in ``paths``; it runs under ``phone.lock`` unless
    ``locked`` is False (a handler that calls the network takes the lock itself)."""

    def register(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def run(phone: SimPhone, request: SimRequest) -> Reply:
            with phone.lock:
                phone.requests += 1
                if locked:
                    return handler(phone, request)
            return handler(phone, request)

        for path in paths:
            route(method, path, name)(run)
        return run

    return register


def action(method: str, path: str, *, name: str, act: Callable[[SimPhone, SimRequest], object]) -> Handler:
    """Register a command whose whole work is ``act(phone, request)``; it answers Status 2000.

    ``act`` raises :class:`PhoneStatus` for what the phone refuses, as any handler does.
    """

    def handler(phone: SimPhone, request: SimRequest) -> Reply:
        act(phone, request)
        return ok()

    handler.__name__ = handler.__qualname__ = name.rsplit(".", 1)[-1]
    return command(method, path, name=name)(handler)


def data_object(request: SimRequest, *, required: bool = False) -> dict[str, Any]:
    """The body's ``data`` object ({} when there is no body); 4000 when malformed or, if
    ``required``, missing."""
    body = request.body
    if body is None or body == {} or body == "":
        if required:
            raise PhoneStatus("4000", detail="a data object is required")
        return {}
    if not isinstance(body, dict):
        raise PhoneStatus("4000", detail="the body is a JSON object")
    data = body.get("data")
    if data is None:
        if required:
            raise PhoneStatus("4000", detail="a data object is required")
        return {}
    if not isinstance(data, dict):
        raise PhoneStatus("4000", detail="data is an object")
    return data


def field(data: dict[str, Any], *names: str) -> Any:
    """The value of the first of ``names`` present in ``data`` (keys compared case-insensitively)."""
    lowered = {str(k).lower(): v for k, v in data.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def text_field(data: dict[str, Any], *names: str, required: bool = False) -> str | None:
    """A string (or number) field as text; 4000 when of another type, or missing/empty if required."""
    value = field(data, *names)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise PhoneStatus("4000", detail=f"{names[0]} is mandatory")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PhoneStatus("4000", detail=f"{names[0]} is a string")
    return str(value).strip()


def ref_field(request: SimRequest, *, required: bool = False) -> str | None:
    """The optional (or mandatory) call reference ``Ref`` of a call-control body."""
    return text_field(data_object(request, required=required), "Ref", "CallHandle", required=required)


def tf(flag: bool) -> str:
    """A phone boolean: "True" / "False"."""
    return "True" if flag else "False"


def iso(moment: datetime | None) -> str:
    """``2017-08-24T12:07:49`` (empty when None)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment is not None else ""


def split_uptime(seconds: int) -> tuple[int, int, int, int]:
    """``(days, hours, minutes, seconds)``."""
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return days, hours, minutes, secs


def uptime_text(seconds: int) -> str:
    """``0 days, 0 hours, 1 minutes, 40 seconds`` (the phone's wording)."""
    d, h, m, s = split_uptime(seconds)
    return f"{d} days, {h} hours, {m} minutes, {s} seconds"
