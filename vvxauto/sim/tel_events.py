"""Telephony notification events of a simulated phone (``apps.telNotification.*``).

After every change the phone works out which events it means (incoming / outgoing call, call state
change, off-hook / on-hook, line registration) and queues the ones whose switch is on for the
exchange's notifier, which posts them as XML to ``apps.telNotification.URL``.
:class:`TelephonyEvents` keeps, per phone, what was last reported (``phone.tel_events``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vvxauto.sim.exchange import telephony_event_xml

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall
    from vvxauto.sim.phone_state import PhoneState

__all__ = ["TEL_CALL_STATES", "TEL_EVENT_SWITCHES", "TelephonyEvents"]

# telephony notification events and the apps.telNotification.* switch that enables each
TEL_EVENT_SWITCHES = {
    "IncomingCallEvent": "incomingEvent",
    "OutgoingCallEvent": "outgoingEvent",
    "OffHookEvent": "offhookEvent",
    "OnHookEvent": "onhookEvent",
    "CallStateChangeEvent": "callStateChangeEvent",
    "LineRegistrationEvent": "lineRegistrationEvent",
}
TEL_CALL_STATES = {"Offering": "Ringing", "Hold": "CallHeld", "CallHold": "CallHeld"}


class TelephonyEvents:
    """One phone's telephony notifications: what was last reported, and what a change means."""

    def __init__(self, phone: PhoneState) -> None:
        self.phone = phone
        self.reported_offhook = False
        self.reported_lines = frozenset(phone.line_addresses())

    def _event_base(self) -> dict[str, str]:
        phone = self.phone
        return {
            "PhoneIP": phone.ip,
            "MACAddress": phone.mac,
            "TimeStamp": phone.exchange.clock.now().strftime("%Y-%m-%dT%H:%M:%S"),
        }

    def _call_fields(self, call: SimCall) -> dict[str, str]:
        phone = self.phone
        me = (phone.display_name(call.line), phone.line_address(call.line))
        them = (call.remote_name, call.remote_number)
        calling, called = (them, me) if call.direction == "Incoming" else (me, them)
        return {
            **self._event_base(),
            "CallReference": call.handle,
            "LineNumber": str(call.line),
            "CallingPartyName": calling[0],
            "CallingPartyNumber": calling[1],
            "CalledPartyName": called[0],
            "CalledPartyNumber": called[1],
        }

    def after_change(self, call: SimCall | None) -> None:
        """Work out which events a change means, then queue the enabled ones for the notifier."""
        phone = self.phone
        events: list[tuple[str, dict[str, str]]] = []
        if call is not None and call.state != call.notified_state:
            before, state = call.notified_state, call.state
            if call.direction == "Incoming" and before == "" and call.phase == "Offering":
                events.append(("IncomingCallEvent", self._call_fields(call)))
            placed = state in ("Setup", "Proceeding", "RingBack", "Connected")
            if call.direction == "Outgoing" and before in ("", "Dialtone") and placed:
                events.append(("OutgoingCallEvent", self._call_fields(call)))
            events.append(
                (
                    "CallStateChangeEvent",
                    {**self._call_fields(call), "CallState": TEL_CALL_STATES.get(state, state)},
                )
            )
            call.notified_state = state
        offhook = phone.audio_mode != "idle"
        if offhook != self.reported_offhook:
            self.reported_offhook = offhook
            events.append(("OffHookEvent" if offhook else "OnHookEvent", self._event_base()))
        lines = frozenset(phone.registered_lines())
        if lines != self.reported_lines:
            for line in sorted(lines ^ self.reported_lines):
                state = "Registered" if line in lines else "Unregistered"
                fields = {**self._event_base(), "LineNumber": str(line), "RegistrationState": state}
                fields["LineAddress"] = phone.line_address(line)
                events.append(("LineRegistrationEvent", fields))
            self.reported_lines = lines
        url = phone.config.value("apps.telNotification.URL")
        if not url:
            return
        for kind, fields in events:
            if phone.config.value(f"apps.telNotification.{TEL_EVENT_SWITCHES[kind]}") == "1":
                phone.exchange.notifier.post(url, telephony_event_xml(kind, fields), kind)
