"""A transport double for unit tests: an HTTPAdapter that answers from a script, no network."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from vvxauto.api import VvxClient

Answer = (
    tuple[int, Any]
    | tuple[int, Any, dict[str, str]]
    | BaseException
    | Callable[[requests.PreparedRequest], Any]
)


@dataclass
class Sent:
    """One request the client sent."""

    method: str
    url: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or None
    timeout: Any


class ScriptedAdapter(HTTPAdapter):
    """Answers each request with the next scripted answer (the last one repeats)."""

    def __init__(self, answers: list[Answer]) -> None:
        super().__init__()
        self.answers = answers
        self.sent: list[Sent] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        body = request.body
        if isinstance(body, bytes):
            body = body.decode()
        parsed = json.loads(body) if body else None
        path = (request.path_url or "").split("?")[0]
        self.sent.append(
            Sent(
                request.method or "",
                request.url or "",
                path,
                dict(request.headers),
                parsed,
                kwargs.get("timeout"),
            )
        )
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if callable(answer) and not isinstance(answer, BaseException):
            answer = answer(request)
        if isinstance(answer, BaseException):
            raise answer
        status, payload, *rest = answer
        headers = rest[0] if rest else {}
        resp = requests.Response()
        resp.status_code = status
        if isinstance(payload, bytes):
            resp._content = payload
        elif payload is None:
            resp._content = b""
        else:
            resp._content = json.dumps(payload).encode()
            headers = {"Content-Type": "application/json", **headers}
        resp.headers = CaseInsensitiveDict(headers)
        resp.request = request
        resp.url = request.url or ""
        resp.connection = self
        return resp


def ok(data: Any = None, **extra: Any) -> tuple[int, Any]:
    body: dict[str, Any] = {"Status": "2000"}
    if data is not None:
        body["data"] = data
    body.update(extra)
    return (200, body)


def status(code: str | int, http: int = 200) -> tuple[int, Any]:
    return (http, {"Status": code})


PASSWORD = "s3cr3t-Pa55"


def fake_client(*answers: Answer, **kwargs: Any) -> tuple[VvxClient, ScriptedAdapter]:
    """A client for "phone" alice whose session talks to a ScriptedAdapter."""
    opts: dict[str, Any] = {
        "scheme": "http",
        "password": PASSWORD,
        "name": "alice",
        "busy_backoff": 0.001,
        "busy_backoff_max": 0.002,
    }
    opts.update(kwargs)
    client = VvxClient("127.0.0.1", 8080, **opts)
    adapter = ScriptedAdapter(list(answers) or [ok()])
    client._t.session.mount("http://", adapter)
    return client, adapter
