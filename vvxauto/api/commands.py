"""What every command group of :class:`~vvxauto.api.client.VvxClient` is built on.

:class:`CommandBase` holds the client's request function (the transport's ``request``) and the two
shapes most commands take: a ``POST`` with an optional ``data`` object, and a ``GET`` whose ``data``
is the result. The command groups (:mod:`vvxauto.api.callctrl`, :mod:`vvxauto.api.screen_cmds`)
and the client itself derive from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vvxauto.api.types import CallInfo, normalize_handle

__all__ = ["NO_CALL", "CallRef", "CommandBase", "call_ref"]

#: A call reference: a handle (``"b5576ff8"``, ``"0xB5576FF8"``) or a CallInfo.
CallRef = str | CallInfo

#: Status codes that mean "no such call", answered as a result rather than raised.
NO_CALL = frozenset({"4007"})


def call_ref(ref: CallRef) -> str:
    """The normalised handle of a call reference; ValueError when it is empty."""
    handle = ref.handle if isinstance(ref, CallInfo) else ref
    h = normalize_handle(handle)
    if not h:
        raise ValueError("a call reference (handle) must not be empty")
    return h


class CommandBase:
    """The request function and the POST/GET shapes every command group uses."""

    _request: Callable[..., Any]

    def _post(self, path: str, command: str, data: Any = None, **kw: Any) -> dict[str, Any]:
        if data is None:
            result: dict[str, Any] = self._request("POST", path, command=command, **kw)
        else:
            result = self._request("POST", path, command=command, body={"data": data}, **kw)
        return result

    def _get_data(self, path: str, command: str, **kw: Any) -> Any:
        return self._request("GET", path, command=command, **kw).get("data")
