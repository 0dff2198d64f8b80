"""What the simulated phone's softkeys and menu commands do: calls, transfers, DND, menus.

:class:`UIActions` maps an action name (the ``action`` of a :class:`~vvxauto.sim.uixml.SoftKey`,
or what a hard key stands for) to calls of the :class:`SimPhone` methods, as a user's key presses
make a real phone act; a refusal from the device shows as a pop-up. Blind and consultative
transfer entry live here too. :class:`~vvxauto.sim.ui.PhoneUI` routes key, touch and text input to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.ui_screens import Current, UIScreens

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall

__all__ = ["UIActions"]


class UIActions(UIScreens):
    """The actions of softkeys, hard keys and menu commands (built on :class:`UIScreens`)."""

    @property
    def last_dialed(self) -> str:
        """The number the Redial key calls: the newest placed call's."""
        for call in reversed(self.phone.history):
            if call.direction == "Outgoing" and call.remote_number:
                return str(call.remote_number)
        return ""

    def _go_home(self) -> None:
        self.mode = "home"
        self.dial_digits = ""
        self.transfer_digits = ""

    def _new_call(self, line: int) -> None:
        """New Call softkey or a line key: a Dialtone call on the speaker."""
        self.dial_digits = ""
        self.dial_line = line
        call = self._device(self.phone.new_call, line, "speaker")
        if call is not None:
            self.mode = "home"
            self.focus_handle = call.handle

    def _open_dialer(self, line: int = 1, digits: str = "") -> None:
        self.mode = "dialer"
        self.dial_line = line
        self.dial_digits = digits

    def _device(self, method: Any, *args: Any) -> Any:
        """Call a device method; a refusal shows as a pop-up (the key press itself succeeded)."""
        try:
            return method(*args)
        except PhoneStatus as exc:
            self.popup(
                {"4002": "Line Not Registered", "4003": "Not Allowed", "4007": "No Such Call"}.get(
                    exc.code, "Operation Failed"
                )
            )
            return None

    def _dial(self, number: str, line: int = 1) -> None:
        if not number:
            return
        self.mode = "home"
        self.dial_digits = ""
        call = self._device(self.phone.dial, number, line)
        if call is not None:
            self.focus_handle = call.handle

    def _open_menu(self, path: list[int]) -> None:
        self.mode = "menu"
        self.menu.open(path, self.phone)
        self.scroll = 0

    def _act(self, cur: Current, action: str) -> None:
        phone = self.phone
        call = cur.call
        handle = call.handle if call is not None else None
        if action == "new_call":
            self._new_call(1)
        elif action == "dial":
            line = call.line if call is not None else self.dial_line
            self._dial(self.dial_digits, line)
        elif action == "cancel_dial":
            self._go_home()
            if call is not None:
                self._device(phone.end, call.handle)
        elif action == "end" and call is not None and call.state == "Hold":
            # the phone refuses to end a held call: the UI resumes it first, as a user would
            if self._device(phone.resume, handle) is not None:
                self._device(phone.end, handle)
        elif action in ("end", "answer", "ignore", "reject", "hold", "resume"):
            self._device(getattr(phone, action), handle)
        elif action == "mute":
            phone.set_mute(not phone.muted)
        elif action == "transfer":
            self._start_transfer(call)
        elif action in ("transfer_go", "transfer_alt"):
            self._finish_transfer_entry(alternate=action == "transfer_alt")
        elif action == "transfer_cancel":
            self.mode = "home"
        elif action == "redial":
            live = self._live_calls()
            if any(c.state != "Dialtone" for c in live):
                return  # busy with a call: Redial does nothing
            if self.last_dialed:
                self._dial(self.last_dialed, live[0].line if live else 1)
            else:
                self.popup("No Redial Number")
        elif action in ("directories", "callers"):
            self.mode, self.pick_kind, self.pick_sel, self.scroll = "pick", action, 0, 0
        elif action == "pick_dial":
            entries = self._pick_entries()
            if entries:
                self._dial(entries[min(self.pick_sel, len(entries) - 1)][1])
        elif action == "dnd":
            self._toggle_dnd()
        elif action == "forward":
            self._open_menu([0, 1, 0])
        elif action == "settings":
            self._open_menu([2])
        elif action == "status":
            self._open_menu([1])
        elif action in ("back", "home") and cur.kind == "pick":
            self.mode = "home"
        elif action in ("select", "back", "home", "save", "delete"):
            self._menu_action(cur, action)
        else:
            self.popup(
                {
                    "messages": "No New Messages",
                    "conference": "Conference Unavailable",
                    "park": "Park Unavailable",
                    "record": "Recording Unavailable",
                }.get(action, "Unavailable")
            )

    def _toggle_dnd(self) -> None:
        self.phone.dnd = not self.dnd()
        self.phone.version += 1
        self.popup("Do Not Disturb On" if self.dnd() else "Do Not Disturb Off")

    def _start_transfer(self, call: SimCall | None) -> None:
        if call is None:
            return
        if self.consult is not None and call.handle in self.consult:
            self._complete_consult()
            return
        if call.state not in ("Connected", "CallHold", "Hold"):
            return
        self.mode = "transfer"
        self.transfer_from = call.handle
        self.transfer_digits = ""

    def _finish_transfer_entry(self, *, alternate: bool) -> None:
        number = self.transfer_digits
        if not number:
            return
        consult = self._consultative()
        if alternate:
            consult = not consult
        source = self.transfer_from
        self.mode = "home"
        self.transfer_digits = ""
        if not consult:
            self._blind_transfer(source, number)
            return
        call = self.phone.call_by_handle(source)
        if call.state != "Hold":
            self._device(self.phone.hold, source)
        target = self._device(self.phone.dial, number, call.line)
        if target is not None:
            self.consult = (source, target.handle)
            self.focus_handle = target.handle

    def _blind_transfer(self, handle: str, number: str) -> None:
        call = self.phone.call_by_handle(handle)
        if call.state == "Hold" and self._device(self.phone.resume, handle) is None:
            return
        self._device(self.phone.transfer, handle, number)
        if not any(c.handle == handle for c in self._live_calls()):
            self.popup("Call Transferred")

    def _complete_consult(self) -> None:
        assert self.consult is not None
        held, target = self.consult
        self.consult = None
        consult_call = self.phone.call_by_handle(target)
        if consult_call.state == "Connected":
            self._device(self.phone.complete_transfer, held, target)
        else:
            # still ringing: hand the held party over to the number being called
            number = consult_call.remote_number
            self._device(self.phone.end, target)
            self._blind_transfer(held, number)
            return
        if not any(c.handle == held for c in self._live_calls()):
            self.popup("Call Transferred")

    def _menu_action(self, cur: Current, action: str) -> None:
        if action == "home":
            self._go_home()
            return
        popup = ""
        if action == "back":
            if not self.menu.back():
                self.mode = "home"
        elif action == "select":
            popup = self.menu.select(self.phone)
        elif action == "save":
            popup = self.menu.save(self.phone)
        elif action == "delete":
            self.menu.delete()
        if action != "delete" and cur.view.name != self.menu.node.name:
            self.scroll = 0
        if popup:
            self.popup(popup)
