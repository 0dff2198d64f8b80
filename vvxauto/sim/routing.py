"""The seam between the simulator's HTTP server and the phone's command handlers.

Handlers register themselves with :func:`route`; the server (``vvxauto.sim.server``) applies the
HTTP rules of a real phone (auth, content type, size, one request at a time), parses the body,
then calls :func:`resolve` and the handler. Paths match case-insensitively, as on real phones.

A handler takes the phone and a :class:`SimRequest` and returns a :class:`Reply`, or raises
:class:`PhoneStatus` to answer HTTP 200 with a 4xxx/5xxx ``Status`` body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

__all__ = ["PhoneStatus", "Reply", "Route", "SimRequest", "ok", "resolve", "route", "routes"]


@dataclass
class SimRequest:
    """One parsed request as a handler sees it."""

    method: str
    path: str  # as sent, without the query string
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None  # parsed JSON, or None when the request had no body
    raw_body: bytes = b""
    params: dict[str, str] = field(default_factory=dict)  # named groups of the route pattern
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names

    def data(self) -> Any:
        """The ``data`` member of a JSON object body, or None."""
        if isinstance(self.body, dict):
            return self.body.get("data")
        return None


@dataclass
class Reply:
    """What a handler answers: a JSON body (dict) or raw bytes with a content type."""

    body: dict[str, Any] | bytes
    status: int = 200
    content_type: str = "application/json"


class PhoneStatus(Exception):
    """Raised by handlers and device methods to answer with a phone Status code (HTTP 200)."""

    def __init__(self, code: str, http_status: int = 200, detail: str = "") -> None:
        super().__init__(f"{code} {detail}".strip())
        self.code = code
        self.http_status = http_status
        self.detail = detail

    def reply(self) -> Reply:
        return Reply({"Status": self.code}, status=self.http_status)


def ok(data: Any = None, **extra: Any) -> Reply:
    """A success reply: ``{"Status": "2000"}`` plus ``data`` when given."""
    body: dict[str, Any] = {"Status": "2000"}
    if data is not None:
        body["data"] = data
    body.update(extra)
    return Reply(body)


Handler = Callable[["SimPhone", SimRequest], Reply]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    name: str  # the manual's command name, e.g. "Management.Uixml"


_ROUTES: list[Route] = []


def route(method: str, path: str, name: str = "") -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``method`` and ``path``.

    ``path`` may hold ``{param}`` parts (one path segment each). Matching ignores case and a
    trailing slash.
    """
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path.rstrip("/")))
    pattern = re.compile(f"^{regex}/?$", re.IGNORECASE)

    def register(handler: Handler) -> Handler:
        _ROUTES.append(Route(method.upper(), pattern, handler, name or handler.__name__))
        return handler

    return register


def routes() -> list[Route]:
    """Every registered route (importing ``vvxauto.sim.handlers`` registers them all)."""
    return list(_ROUTES)


def resolve(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    """Find the route for ``method path``.

    Returns ``(route, params, path_known)``: ``route`` is None when nothing matches;
    ``path_known`` tells whether the path exists for another method (the server answers 405 then).
    """
    path_known = False
    for r in _ROUTES:
        m = r.pattern.match(path)
        if m:
            if r.method == method.upper():
                return r, m.groupdict(), True
            path_known = True
    return None, {}, path_known
