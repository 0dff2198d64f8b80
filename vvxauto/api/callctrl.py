"""WebCallControl.* commands of :class:`~vvxauto.api.client.VvxClient`: dial, end, mute, transfer,
DTMF, hold/resume/answer/ignore/reject, call logs, presence, sipStatus and v2 callStatus.

:class:`CallControlCommands` is one of the client's bases; its methods are the client's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vvxauto.api.commands import NO_CALL, CallRef, CommandBase, call_ref
from vvxauto.api.types import CallInfo, CallLogs, SipStatus, call_list

__all__ = ["CallControlCommands"]

_CALL_LOG_KINDS = ("missed", "received", "placed")

# v2 callStatus is the hot path of every wait: its path and command name are built once.
_CALL_STATUS_V2 = "/api/v2/webCallControl/callStatus"


def _flag(on: bool) -> str:
    return "1" if on else "0"


class CallControlCommands(CommandBase):
    """The WebCallControl commands (a base of :class:`~vvxauto.api.client.VvxClient`)."""

    def dial(self, dest: str, line: int = 1, type: str | None = None) -> None:
        """WebCallControl.Dial — ``POST /api/v1/callctrl/dial`` (the manual's ``callctr`` is a typo).

        The phone returns no handle: find the new call with :meth:`call_status`. ``type`` is
        SIP, TEL or H323 (the phone defaults to TEL). LineNotRegisteredError when the line is not
        registered.
        """
        data: dict[str, Any] = {"Dest": str(dest), "Line": str(int(line))}
        if type is not None:
            data["Type"] = type
        self._post("/api/v1/callctrl/dial", "WebCallControl.Dial", data)

    def end_call(self, ref: CallRef) -> None:
        """WebCallControl.EndCall — ``POST /api/v1/callctrl/endCall``.

        CallNotFoundError when the call is gone, NotAllowedError when it is on hold.
        """
        self._post("/api/v1/callctrl/endCall", "WebCallControl.EndCall", {"Ref": call_ref(ref)})

    def mute(self, on: bool) -> None:
        """WebCallControl.MuteCall — ``POST /api/v1/callctrl/mute`` with ``{"state": "1"|"0"}``."""
        self._post("/api/v1/callctrl/mute", "WebCallControl.MuteCall", {"state": _flag(on)})

    def transfer_call(self, ref: CallRef, dest: str) -> None:
        """WebCallControl.TransferCall — ``POST /api/v1/callctrl/transferCall``: blind."""
        self._post(
            "/api/v1/callctrl/transferCall",
            "WebCallControl.TransferCall",
            {"Ref": call_ref(ref), "TransferDest": str(dest)},
        )

    def send_dtmf(self, digits: str) -> None:
        """WebCallControl.SendDTMF — ``POST /api/v1/callctrl/sendDTMF`` on the active call."""
        self._post("/api/v1/callctrl/sendDTMF", "WebCallControl.SendDTMF", {"Digits": str(digits)})

    def call_logs(self, kind: str | None = None) -> CallLogs:
        """WebCallControl.CallLogs — ``GET /api/v1/mgmt/callLogs[/missed|received|placed]``."""
        path = "/api/v1/mgmt/callLogs"
        if kind is not None:
            k = kind.lower()
            if k not in _CALL_LOG_KINDS:
                raise ValueError(f"call log kind must be one of {_CALL_LOG_KINDS} or None, not {kind!r}")
            path += "/" + k
            return CallLogs.from_raw(self._get_data(path, "WebCallControl.CallLogs"), k)
        return CallLogs.from_raw(self._get_data(path, "WebCallControl.CallLogs"))

    def get_presence(self) -> str | None:
        """WebCallControl.GetCurrentPresence — ``GET /api/v1/mgmt/getPresence`` (Skype for Business only;
        NotSupportedError on other call servers)."""
        body = self._request("GET", "/api/v1/mgmt/getPresence", command="WebCallControl.GetCurrentPresence")
        presence = body.get("Presence")
        data = body.get("data")
        if presence is None and isinstance(data, Mapping):
            presence = data.get("Presence")
        elif presence is None and isinstance(data, str):
            presence = data
        return None if presence is None else str(presence)

    def sip_status(self) -> SipStatus:
        """WebCallControl.SipStatus — ``GET /api/v1/webCallControl/sipStatus``."""
        return SipStatus.from_raw(
            self._get_data("/api/v1/webCallControl/sipStatus", "WebCallControl.SipStatus")
        )

    def _call_action(self, action: str, command: str, ref: CallRef | None) -> None:
        data = None if ref is None else {"Ref": call_ref(ref)}
        self._post(f"/api/v1/callctrl/{action}", command, data)

    def hold_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.HoldCall — ``POST /api/v1/callctrl/holdCall``; no ``ref``: the active call."""
        self._call_action("holdCall", "WebCallControl.HoldCall", ref)

    def resume_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.ResumeCall — ``POST /api/v1/callctrl/resumeCall``; no ``ref``: active."""
        self._call_action("resumeCall", "WebCallControl.ResumeCall", ref)

    def answer_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.AnswerCall — ``POST /api/v1/callctrl/answerCall``; no ``ref``: the incoming call."""
        self._call_action("answerCall", "WebCallControl.AnswerCall", ref)

    def ignore_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.IgnoreCall — ``POST /api/v1/callctrl/ignoreCall``; no ``ref``: the incoming call."""
        self._call_action("ignoreCall", "WebCallControl.IgnoreCall", ref)

    def reject_call(self, ref: CallRef | None = None) -> None:
        """WebCallControl.RejectCall — ``POST /api/v1/callctrl/rejectCall``; no ``ref``: the incoming call."""
        self._call_action("rejectCall", "WebCallControl.RejectCall", ref)

    def call_status(
        self, handle: CallRef | None = None, line: int | None = None, sequence: int | None = None
    ) -> list[CallInfo]:
        """WebCallControl.CallStatus Version 2 — ``GET /api/v2/webCallControl/callStatus``: [] for none.

        Filters as the phone accepts them: ``handle``, or ``line``, or ``line`` and ``sequence``
        (ValueError otherwise). A 4007 answer (no such call) is [] too.
        """
        params: dict[str, str] | None = None
        if handle is not None:
            if line is not None or sequence is not None:
                raise ValueError("call_status takes a handle, or a line, or a line and a sequence")
            params = {"handle": call_ref(handle)}
        elif line is not None:
            params = {"line": str(int(line))}
            if sequence is not None:
                params["sequence"] = str(int(sequence))
        elif sequence is not None:
            raise ValueError("call_status: a sequence needs a line")
        body = self._request(
            "GET", _CALL_STATUS_V2, command="WebCallControl.CallStatusV2", params=params, accept=NO_CALL
        )
        return call_list(body.get("data"))
